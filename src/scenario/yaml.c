/* YAML node helpers for the scenario parser: lines, scalars, key paths, errors, key checks. */
#include "scenario/internal.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/* ---- positions ------------------------------------------------------------ */

long sc_line(struct fy_node *n)
{
    if (!n)
        return 0;
    switch (fy_node_get_type(n)) {
    case FYNT_SCALAR: {
        struct fy_token *t = fy_node_get_scalar_token(n);
        const struct fy_mark *m = t ? fy_token_start_mark(t) : NULL;
        return m ? (long)m->line + 1 : 0;
    }
    case FYNT_MAPPING: {
        void *it = NULL;
        struct fy_node_pair *p = fy_node_mapping_iterate(n, &it);
        return p ? sc_line(fy_node_pair_key(p)) : 0;
    }
    case FYNT_SEQUENCE: {
        void *it = NULL;
        return sc_line(fy_node_sequence_iterate(n, &it));
    }
    }
    return 0;
}

long sc_col(struct fy_node *n)
{
    if (!n || fy_node_get_type(n) != FYNT_SCALAR)
        return 0;
    struct fy_token *t = fy_node_get_scalar_token(n);
    const struct fy_mark *m = t ? fy_token_start_mark(t) : NULL;
    return m ? (long)m->column + 1 : 0;
}

long sc_vline(struct fy_node *key, struct fy_node *val)
{
    long l = (val && fy_node_get_type(val) == FYNT_SCALAR) ? sc_line(val) : 0;
    return l > 0 ? l : sc_line(key);
}

/* ---- scalars -------------------------------------------------------------- */

const char *sc_scalar(struct fy_node *n, size_t *len)
{
    size_t l = 0;
    const char *s = NULL;
    if (n && fy_node_get_type(n) == FYNT_SCALAR)
        s = fy_node_get_scalar(n, &l);
    if (!s) {
        s = "";
        l = 0;
    }
    if (len)
        *len = l;
    return s;
}

int sc_is_plain(struct fy_node *n)
{
    return n && fy_node_get_type(n) == FYNT_SCALAR && fy_node_get_style(n) == FYNS_PLAIN;
}

int sc_text_is(const char *s, size_t len, const char *w)
{
    return strlen(w) == len && memcmp(s, w, len) == 0;
}

int sc_is_null(struct fy_node *n)
{
    if (!n)
        return 1;
    if (!sc_is_plain(n))
        return 0;
    size_t l;
    const char *s = sc_scalar(n, &l);
    return l == 0 || sc_text_is(s, l, "~") || sc_text_is(s, l, "null") || sc_text_is(s, l, "Null") ||
           sc_text_is(s, l, "NULL");
}

char *sc_strdup_scalar(struct fy_node *n)
{
    size_t l;
    const char *s = sc_scalar(n, &l);
    char *r = malloc(l + 1);
    if (r) {
        memcpy(r, s, l);
        r[l] = 0;
    }
    return r;
}

/* YAML 1.2 core-schema number: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
int sc_number_text(const char *s, size_t len, double *out, int *is_int)
{
    char buf[64];
    if (len == 0 || len >= sizeof buf)
        return 0;
    memcpy(buf, s, len);
    buf[len] = 0;
    const char *p = buf;
    int integer = 1;
    if (*p == '+' || *p == '-')
        p++;
    size_t digits = 0;
    while (isdigit((unsigned char)*p)) {
        p++;
        digits++;
    }
    if (*p == '.') {
        integer = 0;
        p++;
        while (isdigit((unsigned char)*p)) {
            p++;
            digits++;
        }
    }
    if (digits == 0)
        return 0;
    if (*p == 'e' || *p == 'E') {
        integer = 0;
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!isdigit((unsigned char)*p))
            return 0;
        while (isdigit((unsigned char)*p))
            p++;
    }
    if (*p)
        return 0;
    /* strtod() follows LC_NUMERIC: use the locale's decimal point (the grammar is
     * already checked, so YAML's '.' can be swapped safely). */
    const struct lconv *lc = localeconv();
    char dp = (lc && lc->decimal_point && lc->decimal_point[0]) ? lc->decimal_point[0] : '.';
    if (dp != '.') {
        char *dot = strchr(buf, '.');
        if (dot)
            *dot = dp;
    }
    errno = 0;
    double v = strtod(buf, NULL);
    if (errno == ERANGE && isinf(v))
        return 0;
    *out = v;
    if (is_int)
        *is_int = integer;
    return 1;
}

int sc_inf_text(const char *s, size_t len)
{
    if (len && (*s == '+')) {
        s++;
        len--;
    }
    return sc_text_is(s, len, ".inf") || sc_text_is(s, len, ".Inf") || sc_text_is(s, len, ".INF") ||
           sc_text_is(s, len, "infinite");
}

const char *sc_kind(struct fy_node *n)
{
    if (!n)
        return "nothing (an empty value)";
    switch (fy_node_get_type(n)) {
    case FYNT_MAPPING: return "a mapping (key: value pairs)";
    case FYNT_SEQUENCE: return "a list";
    case FYNT_SCALAR: break;
    }
    if (sc_is_null(n))
        return "nothing (an empty value)";
    size_t l;
    const char *s = sc_scalar(n, &l);
    double v;
    if (sc_is_plain(n)) {
        int neg = (l > 0 && s[0] == '-');
        if (sc_number_text(s, l, &v, NULL) || sc_inf_text(s + neg, l - (size_t)neg) ||
            sc_text_is(s, l, ".nan") || sc_text_is(s, l, ".NaN") || sc_text_is(s, l, ".NAN"))
            return "the number";
        if (sc_text_is(s, l, "true") || sc_text_is(s, l, "false"))
            return "the boolean";
    }
    return "the string";
}

/* The value as written, quoted and shortened, for messages. */
void sc_value_text(struct fy_node *n, char *buf, size_t len)
{
    size_t l;
    const char *s = sc_scalar(n, &l);
    if (!n || fy_node_get_type(n) != FYNT_SCALAR) {
        buf[0] = 0;
        return;
    }
    if (l > 60)
        snprintf(buf, len, " '%.57s...'", s);
    else
        snprintf(buf, len, " '%.*s'", (int)l, s);
}

const char *sc_desc(struct fy_node *n, char *buf, size_t len)
{
    char vt[80];
    sc_value_text(n, vt, sizeof vt);
    if (sc_is_null(n))
        vt[0] = 0;
    snprintf(buf, len, "%s%s", sc_kind(n), vt);
    return buf;
}

/* ---- paths and errors ---------------------------------------------------- */

void sc_path_key(char *buf, const char *parent, const char *key)
{
    if (parent && *parent)
        snprintf(buf, SC_PATH_MAX, "%s.%s", parent, key);
    else
        snprintf(buf, SC_PATH_MAX, "%s", key);
}

void sc_path_idx(char *buf, const char *parent, size_t i)
{
    snprintf(buf, SC_PATH_MAX, "%s[%zu]", parent, i);
}

ts_status sc_fail(sc_ctx *c, long line, long col, const char *key, const char *fmt, ...)
{
    char msg[TS_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ts_error_set(c->err, TS_ERR_INPUT, c->file, line, col, key, "%s", msg);
}

ts_status sc_nomem(sc_ctx *c)
{
    return ts_error_set(c->err, TS_ERR_NOMEM, c->file, 0, 0, NULL,
                        "out of memory while reading the scenario");
}

/* ---- suggestions ------------------------------------------------------------ */

size_t sc_edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 64 || m > 64)
        return (n > m ? n : m);
    size_t d[65][65];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= n; i++) {
        for (size_t j = 1; j <= m; j++) {
            size_t cost = (tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1])) ? 0 : 1;
            size_t v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v)
                v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    }
    return d[n][m];
}

const char *sc_suggest(const char *word, const char *const *known, size_t n)
{
    size_t len = strlen(word);
    size_t limit = len <= 3 ? 1 : len <= 8 ? 2 : 3;
    const char *best = NULL;
    size_t bestd = (size_t)-1;
    int tie = 0;
    for (size_t i = 0; i < n; i++) {
        size_t d = sc_edit_distance(word, known[i]);
        if (d < bestd) {
            bestd = d;
            best = known[i];
            tie = 0;
        } else if (d == bestd) {
            tie = 1;
        }
    }
    /* an ambiguous guess (S3: S1 or S2?) helps nobody */
    return (best && bestd <= limit && !tie) ? best : NULL;
}

/* ---- mappings ---------------------------------------------------------- */

struct fy_node *sc_lookup(struct fy_node *map, const char *key, struct fy_node **keynode)
{
    if (keynode)
        *keynode = NULL;
    if (!map || fy_node_get_type(map) != FYNT_MAPPING)
        return NULL;
    void *it = NULL;
    struct fy_node_pair *p;
    while ((p = fy_node_mapping_iterate(map, &it))) {
        struct fy_node *k = fy_node_pair_key(p);
        if (!k || fy_node_get_type(k) != FYNT_SCALAR)
            continue;
        size_t l;
        const char *s = sc_scalar(k, &l);
        if (sc_text_is(s, l, key)) {
            if (keynode)
                *keynode = k;
            return fy_node_pair_value(p);
        }
    }
    return NULL;
}

ts_status sc_check_keys(sc_ctx *c, struct fy_node *map, const char *path,
                        const char *const *known, size_t n_known)
{
    void *it = NULL;
    struct fy_node_pair *p;
    char kp[SC_PATH_MAX];
    while ((p = fy_node_mapping_iterate(map, &it))) {
        struct fy_node *k = fy_node_pair_key(p);
        if (!k || fy_node_get_type(k) != FYNT_SCALAR || sc_is_null(k)) {
            return sc_fail(c, sc_line(k) ? sc_line(k) : sc_line(map), 0, path,
                           "a key must be a plain word, not %s", SC_DESC(k));
        }
        size_t l;
        const char *s = sc_scalar(k, &l);
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)(l < 100 ? l : 100), s);
        sc_path_key(kp, path, name);
        /* duplicate of an earlier key? */
        void *it2 = NULL;
        struct fy_node_pair *q;
        while ((q = fy_node_mapping_iterate(map, &it2)) && q != p) {
            struct fy_node *k2 = fy_node_pair_key(q);
            size_t l2;
            const char *s2 = sc_scalar(k2, &l2);
            if (l2 == l && memcmp(s, s2, l) == 0)
                return sc_fail(c, sc_line(k), sc_col(k), kp,
                               "duplicate key '%s': given on line %ld and again on line %ld "
                               "(each key may appear only once in a mapping)",
                               name, sc_line(k2), sc_line(k));
        }
        int ok = (known == NULL);
        for (size_t i = 0; i < n_known && !ok; i++)
            ok = sc_text_is(s, l, known[i]);
        if (ok)
            continue;
        char list[512];
        size_t off = 0;
        list[0] = 0;
        for (size_t i = 0; i < n_known && off < sizeof list; i++)
            off += (size_t)snprintf(list + off, sizeof list - off, "%s%s", i ? ", " : "",
                                    known[i]);
        const char *sug = sc_suggest(name, known, n_known);
        if (sug)
            return sc_fail(c, sc_line(k), sc_col(k), kp,
                           "unknown key '%s' - did you mean '%s'? (known keys here: %s)", name,
                           sug, list);
        return sc_fail(c, sc_line(k), sc_col(k), kp, "unknown key '%s' (known keys here: %s)",
                       name, list);
    }
    return TS_OK;
}
