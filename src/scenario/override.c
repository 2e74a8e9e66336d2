/* Overrides by key path (include/tradeshock/override.h): edit the scenario's YAML
 * document tree before it is parsed, so that the parser validates the new values. */
#include "scenario/internal.h"

#include <ctype.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tradeshock/override.h"

/* One segment of a path: a mapping key, a list index or a list item's name. */
typedef enum { SEG_KEY, SEG_INDEX, SEG_NAME } seg_kind;

typedef struct seg {
    seg_kind kind;
    char text[SC_PATH_MAX];
    size_t index;
} seg;

#define MAX_SEGS 16

/* Split @p path into segments; 0 and a message in @p why on a syntax error. */
static size_t split_path(const char *path, seg *segs, char *why, size_t wlen)
{
    size_t n = 0;
    const char *p = path;
    if (!*p) {
        snprintf(why, wlen, "the path is empty");
        return 0;
    }
    while (*p) {
        if (n == MAX_SEGS) {
            snprintf(why, wlen, "more than %d segments", MAX_SEGS);
            return 0;
        }
        seg *s = &segs[n];
        memset(s, 0, sizeof *s);
        if (*p == '[') {
            if (n == 0) {
                snprintf(why, wlen, "a path starts with a key (e.g. 'events[0].share')");
                return 0;
            }
            const char *q = strchr(p + 1, ']');
            if (!q || q == p + 1) {
                snprintf(why, wlen, "'[' without an index or name and a closing ']'");
                return 0;
            }
            size_t l = (size_t)(q - p - 1);
            if (l >= sizeof s->text) {
                snprintf(why, wlen, "a name in [] is too long");
                return 0;
            }
            memcpy(s->text, p + 1, l);
            s->text[l] = 0;
            int digits = 1;
            for (size_t i = 0; i < l; i++)
                digits &= isdigit((unsigned char)s->text[i]) != 0;
            s->kind = digits ? SEG_INDEX : SEG_NAME;
            if (digits) {
                if (l > 9) {
                    snprintf(why, wlen, "index [%s] is too large", s->text);
                    return 0;
                }
                s->index = (size_t)strtoul(s->text, NULL, 10);
            }
            p = q + 1;
        } else {
            if (*p == '.') {
                if (n == 0 || p[1] == 0 || p[1] == '.' || p[1] == '[') {
                    snprintf(why, wlen, "an empty key (a '.' at the start, at the end or "
                                        "before '.' or '[')");
                    return 0;
                }
                p++;
            } else if (n > 0) {
                snprintf(why, wlen, "expected '.' or '[' after ']'");
                return 0;
            }
            size_t l = strcspn(p, ".[]");
            if (p[l] == ']') {
                snprintf(why, wlen, "']' without '['");
                return 0;
            }
            if (l == 0 || l >= sizeof s->text) {
                snprintf(why, wlen, l ? "a key is too long" : "an empty key");
                return 0;
            }
            memcpy(s->text, p, l);
            s->text[l] = 0;
            s->kind = SEG_KEY;
            p += l;
        }
        n++;
    }
    return n;
}

ts_status ts_override_check_path(const char *path, ts_error *err)
{
    seg segs[MAX_SEGS];
    char why[160];
    if (!path)
        return ts_error_set(err, TS_ERR_INTERNAL, NULL, 0, 0, NULL, "NULL override path");
    if (strlen(path) >= SC_PATH_MAX || !split_path(path, segs, why, sizeof why))
        return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, path,
                            "bad override path: %s (syntax: key.key[N].key or "
                            "events[NAME].key, e.g. events[ree-curbs].share)",
                            strlen(path) >= SC_PATH_MAX ? "too long" : why);
    return TS_OK;
}

void ts_override_number(double v, char *buf, size_t len)
{
    if (!buf || len == 0)
        return;
    if (isinf(v) && v > 0) {
        snprintf(buf, len, "infinite");
        return;
    }
    snprintf(buf, len, "%.17g", v);
    /* YAML wants '.', snprintf writes the locale's decimal point */
    const struct lconv *lc = localeconv();
    char dp = (lc && lc->decimal_point && lc->decimal_point[0]) ? lc->decimal_point[0] : '.';
    if (dp != '.') {
        char *d = strchr(buf, dp);
        if (d)
            *d = '.';
    }
}

/* ---- applying one override ---------------------------------------------------------- */

typedef struct ov_ctx {
    sc_ctx *c;
    const ts_override *ov;
    struct fy_document *doc;
} ov_ctx;

static ts_status ov_fail(ov_ctx *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static ts_status ov_fail(ov_ctx *o, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ts_error_set(o->c->err, TS_ERR_INPUT, o->c->file, 0, 0, o->ov->path,
                        "override %s=%s: %s", o->ov->path, o->ov->value, msg);
}

/* The keys of mapping @p map ("a, b, c") for messages. */
static void map_keys(struct fy_node *map, char *buf, size_t len)
{
    size_t off = 0;
    buf[0] = 0;
    void *it = NULL;
    struct fy_node_pair *p;
    while ((p = fy_node_mapping_iterate(map, &it))) {
        size_t l;
        const char *s = sc_scalar(fy_node_pair_key(p), &l);
        if (off < len)
            off += (size_t)snprintf(buf + off, len - off, "%s%.*s", off ? ", " : "", (int)l, s);
    }
}

/* Name of a list item (its `name` key), NULL if none. */
static char *item_name(struct fy_node *item)
{
    struct fy_node *v = sc_lookup(item, "name", NULL);
    return (v && fy_node_get_type(v) == FYNT_SCALAR) ? sc_strdup_scalar(v) : NULL;
}

static ts_status find_named(ov_ctx *o, struct fy_node *seq, const seg *s, const char *where,
                            struct fy_node **out, size_t *index)
{
    int count = fy_node_sequence_item_count(seq);
    const char **names = calloc((size_t)count + 1, sizeof *names);
    char **owned = calloc((size_t)count + 1, sizeof *owned);
    ts_status st = TS_OK;
    if (!names || !owned) {
        st = sc_nomem(o->c);
        goto done;
    }
    size_t nn = 0;
    char list[512];
    size_t off = 0;
    list[0] = 0;
    for (int i = 0; i < count; i++) {
        struct fy_node *item = fy_node_sequence_get_by_index(seq, i);
        char *nm = item_name(item);
        if (!nm)
            continue;
        if (!strcmp(nm, s->text)) {
            *out = item;
            *index = (size_t)i;
            free(nm);
            goto done;
        }
        owned[nn] = nm;
        names[nn++] = nm;
        if (off < sizeof list)
            off += (size_t)snprintf(list + off, sizeof list - off, "%s%s", off ? ", " : "", nm);
    }
    const char *sug = sc_suggest(s->text, names, nn);
    if (sug)
        st = ov_fail(o, "no item of '%s' is named '%s' - did you mean '%s'? (names: %s)", where,
                     s->text, sug, list);
    else
        st = ov_fail(o, "no item of '%s' is named '%s' (%s%s)", where, s->text,
                     nn ? "names: " : "no item has a name; use an index [0] to [N-1]",
                     nn ? list : "");
done:
    for (size_t i = 0; owned && i < (size_t)count; i++)
        free(owned[i]);
    free(owned);
    free(names);
    return st;
}

/* The value node for @p value, built by libfyaml from its text. */
static ts_status build_value(ov_ctx *o, struct fy_node **out)
{
    const char *v = o->ov->value;
    if (!v || !*v)
        return ov_fail(o, "the value is empty");
    struct fy_node *n = fy_node_build_from_string(o->doc, v, strlen(v));
    if (!n)
        return ov_fail(o, "the value is not valid YAML text (a number, a word, a date, "
                          "[a, b] or {k: v})");
    *out = n;
    return TS_OK;
}

/* Apply one override; @p canon receives its path with list items as indices. */
static ts_status apply_one(ov_ctx *o, char *canon)
{
    seg segs[MAX_SEGS];
    char why[160];
    size_t n = split_path(o->ov->path, segs, why, sizeof why);
    if (strlen(o->ov->path) >= SC_PATH_MAX)
        return ov_fail(o, "the path is too long");
    if (!n)
        return ov_fail(o, "bad path: %s (syntax: key.key[N].key or events[NAME].key)", why);
    struct fy_node *node = fy_document_root(o->doc);
    struct fy_node_pair *pair = NULL; /* pair whose value is node (NULL: root, list item) */
    char where[SC_PATH_MAX] = "", next[SC_PATH_MAX];
    for (size_t i = 0; i < n; i++) {
        const seg *s = &segs[i];
        int last = (i + 1 == n);
        if (s->kind == SEG_KEY) {
            sc_path_key(next, where, s->text);
            if (last)
                snprintf(canon, SC_PATH_MAX, "%s", next);
            if (node && fy_node_get_type(node) == FYNT_SCALAR && pair && !sc_is_null(node)) {
                if (!last)
                    return ov_fail(o, "'%s' is a single value, not a mapping", where);
                /* one number for every product -> {default: number, KEY: value} */
                struct fy_node *map = fy_node_create_mapping(o->doc);
                struct fy_node *dk = fy_node_build_from_string(o->doc, "default", 7);
                struct fy_node *old = fy_node_copy(o->doc, node); /* set_value frees node */
                if (!map || !dk || !old || fy_node_mapping_append(map, dk, old) != 0 ||
                    fy_node_pair_set_value(pair, map) != 0)
                    return sc_nomem(o->c);
                node = map;
            } else if (!node || sc_is_null(node)) {
                struct fy_node *map = fy_node_create_mapping(o->doc);
                if (!map || (pair && fy_node_pair_set_value(pair, map) != 0))
                    return sc_nomem(o->c);
                node = map;
            }
            if (fy_node_get_type(node) != FYNT_MAPPING)
                return ov_fail(o, "'%s' is %s, not a mapping: it has no key '%s'",
                               *where ? where : "the top level", sc_kind(node), s->text);
            struct fy_node *keynode = NULL;
            struct fy_node *val = sc_lookup(node, s->text, &keynode);
            struct fy_node_pair *p = NULL;
            if (keynode) {
                void *it = NULL;
                struct fy_node_pair *q;
                while ((q = fy_node_mapping_iterate(node, &it)))
                    if (fy_node_pair_key(q) == keynode)
                        p = q;
            }
            if (last) {
                if (val && (fy_node_get_type(val) == FYNT_MAPPING ||
                            fy_node_get_type(val) == FYNT_SEQUENCE)) {
                    struct fy_node *nv = NULL;
                    ts_status st = build_value(o, &nv);
                    if (st)
                        return st;
                    if (fy_node_get_type(nv) == FYNT_SCALAR) {
                        char keys[400] = "";
                        if (fy_node_get_type(val) == FYNT_MAPPING)
                            map_keys(val, keys, sizeof keys);
                        fy_node_free(nv);
                        if (fy_node_get_type(val) == FYNT_MAPPING)
                            return ov_fail(o, "'%s' is a mapping; set one of its keys "
                                              "(%s.KEY; keys here: %s)", next, next, keys);
                        return ov_fail(o, "'%s' is a list; set one item (%s[N]) or give a "
                                          "list [a, b]", next, next);
                    }
                    return fy_node_pair_set_value(p, nv) ? sc_nomem(o->c) : TS_OK;
                }
                struct fy_node *nv = NULL;
                ts_status st = build_value(o, &nv);
                if (st)
                    return st;
                if (p)
                    return fy_node_pair_set_value(p, nv) ? sc_nomem(o->c) : TS_OK;
                struct fy_node *k = fy_node_create_scalar_copy(o->doc, s->text, strlen(s->text));
                if (!k || fy_node_mapping_append(node, k, nv) != 0)
                    return sc_nomem(o->c);
                return TS_OK;
            }
            if (!p) {
                /* a missing intermediate key: a new mapping (validation names an unknown
                 * key with the nearest known one) */
                if (segs[i + 1].kind != SEG_KEY)
                    return ov_fail(o, "there is no list '%s' in the scenario", next);
                struct fy_node *k = fy_node_create_scalar_copy(o->doc, s->text, strlen(s->text));
                struct fy_node *map = fy_node_create_mapping(o->doc);
                if (!k || !map || fy_node_mapping_append(node, k, map) != 0)
                    return sc_nomem(o->c);
                void *it = NULL;
                struct fy_node_pair *q;
                while ((q = fy_node_mapping_iterate(node, &it)))
                    if (fy_node_pair_key(q) == k)
                        p = q;
                val = map;
            }
            node = val;
            pair = p;
        } else {
            if (last)
                return ov_fail(o, "the path names a whole list item; add the key to set "
                                  "(e.g. %s.share)", o->ov->path);
            if (!node || fy_node_get_type(node) != FYNT_SEQUENCE)
                return ov_fail(o, "'%s' is %s, not a list", where, sc_kind(node));
            struct fy_node *item = NULL;
            if (s->kind == SEG_INDEX) {
                int count = fy_node_sequence_item_count(node);
                if (s->index >= (size_t)count)
                    return ov_fail(o, "'%s' has %d item%s (indices 0 to %d); there is no [%zu]",
                                   where, count, count == 1 ? "" : "s", count - 1, s->index);
                item = fy_node_sequence_get_by_index(node, (int)s->index);
                sc_path_idx(next, where, s->index);
            } else {
                size_t idx = 0;
                ts_status st = find_named(o, node, s, where, &item, &idx);
                if (st)
                    return st;
                sc_path_idx(next, where, idx);
            }
            node = item;
            pair = NULL;
        }
        snprintf(where, sizeof where, "%s", next);
    }
    return TS_OK;
}

ts_status sc_apply_overrides(sc_ctx *c, struct fy_document *doc, const ts_override *ov,
                             size_t n, char (*canon)[SC_PATH_MAX])
{
    for (size_t i = 0; i < n; i++) {
        if (!ov[i].path || !ov[i].value)
            return ts_error_set(c->err, TS_ERR_INTERNAL, c->file, 0, 0, NULL,
                                "override %zu has a NULL path or value", i);
        ov_ctx o = {c, &ov[i], doc};
        canon[i][0] = 0;
        ts_status st = apply_one(&o, canon[i]);
        if (st)
            return st;
    }
    return TS_OK;
}

/* ---- messages ----------------------------------------------------------------------- */

/* 1 if key path @p a equals @p b or is above it (b continues with '.' or '['). */
static int path_covers(const char *a, const char *b)
{
    size_t l = strlen(a);
    return l > 0 && strncmp(a, b, l) == 0 && (b[l] == 0 || b[l] == '.' || b[l] == '[');
}

void sc_annotate_overrides(ts_error *err, const ts_override *ov, char (*canon)[SC_PATH_MAX],
                           size_t n)
{
    if (!err || err->code == TS_OK || !err->key[0] || !ov)
        return;
    for (size_t i = n; i-- > 0;) {
        const char *cp = canon[i];
        if (!cp[0] || (!path_covers(cp, err->key) && !path_covers(err->key, cp)))
            continue;
        /* the message after "file:line:col: key: " */
        const char *body = strstr(err->msg, err->key);
        body = body ? body + strlen(err->key) : err->msg;
        if (body[0] == ':' && body[1] == ' ')
            body += 2;
        char msg[TS_ERROR_MSG_MAX], file[sizeof err->file], key[sizeof err->key];
        snprintf(msg, sizeof msg, "%s", body);
        snprintf(file, sizeof file, "%s", err->file);
        snprintf(key, sizeof key, "%s", err->key);
        ts_error_set(err, err->code, file, 0, 0, key,
                     "%s (the value was set by override %s=%s)", msg, ov[i].path,
                     ov[i].value);
        return;
    }
}

/* events[NAME] / retaliation[NAME] -> events[i] with the names of @p sc. */
static void canonical(const ts_scenario *sc, const char *path, char *out)
{
    snprintf(out, SC_PATH_MAX, "%s", path);
    if (!sc)
        return;
    const char *lists[] = {"events[", "retaliation["};
    for (int k = 0; k < 2; k++) {
        size_t l = strlen(lists[k]);
        if (strncmp(path, lists[k], l) != 0)
            continue;
        const char *close = strchr(path + l, ']');
        if (!close)
            return;
        size_t nl = (size_t)(close - path - l);
        size_t n = k == 0 ? sc->n_events : sc->n_retaliation;
        for (size_t i = 0; i < n; i++) {
            const char *nm = k == 0 ? sc->events[i].name : sc->retaliation[i].name;
            if (nm && strlen(nm) == nl && !strncmp(nm, path + l, nl)) {
                const char *head = k == 0 ? "events" : "retaliation";
                snprintf(out, SC_PATH_MAX, "%s[%zu]%.200s", head, i, close + 1);
                return;
            }
        }
    }
}

void ts_override_annotate(ts_error *err, const ts_scenario *sc, const ts_override *ov,
                          size_t n)
{
    if (!err || err->code == TS_OK || !ov || n == 0)
        return;
    char (*canon)[SC_PATH_MAX] = calloc(n, sizeof *canon);
    if (!canon)
        return;
    for (size_t i = 0; i < n; i++)
        if (ov[i].path && ov[i].value)
            canonical(sc, ov[i].path, canon[i]);
    sc_annotate_overrides(err, ov, canon, n);
    free(canon);
}
