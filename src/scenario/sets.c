/* Named sector sets in scenarios (`sets: {services: c17-c35, magnet_users: [c13, c14, c15]}`):
 * a set name stands for its members in `inventory_days_by_product` (as a product key with
 * one value) and in every code list (event products, sectors, buyers). A member is a code
 * or a range "c17-c35": the same prefix and an integer range (c17, c18, ..., c35); codes
 * are checked against the table when the scenario is resolved, like any code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "scenario/internal.h"

/* "c17-c35" -> prefix "c", 17, 35; 0 if not that form */
static int range_form(const char *s, char *prefix, size_t plen, long *a, long *b)
{
    const char *dash = strchr(s, '-');
    if (!dash || dash == s || !dash[1])
        return 0;
    size_t k = (size_t)(dash - s), i = k;
    while (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')
        i--;
    if (i == k || i >= plen)
        return 0;
    if (strncmp(s, dash + 1, i) != 0)
        return 0;
    char *end;
    *a = strtol(s + i, &end, 10);
    if (end != dash)
        return 0;
    *b = strtol(dash + 1 + i, &end, 10);
    if (*end || dash[1 + i] < '0' || dash[1 + i] > '9')
        return 0;
    memcpy(prefix, s, i);
    prefix[i] = 0;
    return 1;
}

static ts_status add_member(sc_ctx *c, ts_code_list *l, const char *code, long line)
{
    char **nc = realloc(l->codes, (l->n + 1) * sizeof *nc);
    if (nc)
        l->codes = nc;
    long *nl = nc ? realloc(l->lines, (l->n + 1) * sizeof *nl) : NULL;
    if (nl)
        l->lines = nl;
    char *d = nl ? ts_strdup(code) : NULL;
    if (!d)
        return sc_nomem(c);
    l->codes[l->n] = d;
    l->lines[l->n++] = line;
    return TS_OK;
}

ts_status sc_read_sets(sc_ctx *c, struct fy_node *key, struct fy_node *val)
{
    if (fy_node_get_type(val) != FYNT_MAPPING)
        return sc_fail(c, sc_vline(key, val), 0, "sets",
                       "expected a mapping of set names to sector lists (e.g. 'services: "
                       "c17-c35'), got %s", SC_DESC(val));
    void *it = NULL;
    struct fy_node_pair *pr;
    while ((pr = fy_node_mapping_iterate(val, &it))) {
        struct fy_node *k = fy_node_pair_key(pr), *v = fy_node_pair_value(pr);
        char *name = sc_strdup_scalar(k), kp[SC_PATH_MAX];
        if (!name)
            return sc_nomem(c);
        sc_path_key(kp, "sets", name);
        if (sc_set_find(c, name)) {
            ts_status st = sc_fail(c, sc_line(k), sc_col(k), kp, "set '%s' is defined twice", name);
            free(name);
            return st;
        }
        ts_code_list raw = {0}, *mem;
        ts_status st = sc_read_codes(c, k, v, kp, "a sector code or a range like c17-c35", &raw);
        if (!st && raw.all)
            st = sc_fail(c, sc_vline(k, v), 0, kp, "a set cannot be 'all'");
        ts_code_list *ns = st ? NULL : realloc(c->set_members, (c->n_sets + 1) * sizeof *ns);
        char **nn = ns ? realloc(c->set_names, (c->n_sets + 1) * sizeof *nn) : NULL;
        if (ns)
            c->set_members = ns;
        if (nn)
            c->set_names = nn;
        if (!st && (!ns || !nn))
            st = sc_nomem(c);
        if (st) {
            sc_code_list_clear(&raw);
            free(name);
            return st;
        }
        mem = &c->set_members[c->n_sets];
        memset(mem, 0, sizeof *mem);
        mem->present = 1;
        mem->line = raw.line;
        c->set_names[c->n_sets++] = name;
        for (size_t i = 0; !st && i < raw.n; i++) {
            char prefix[64];
            long a, b;
            if (range_form(raw.codes[i], prefix, sizeof prefix, &a, &b)) {
                if (b < a || b - a > 10000)
                    st = sc_fail(c, raw.lines[i], 0, kp, "range '%s' is empty or too long",
                                 raw.codes[i]);
                for (long x = a; !st && x <= b; x++) {
                    char code[96];
                    snprintf(code, sizeof code, "%s%ld", prefix, x);
                    st = add_member(c, mem, code, raw.lines[i]);
                }
            } else {
                st = add_member(c, mem, raw.codes[i], raw.lines[i]);
            }
        }
        sc_code_list_clear(&raw);
        if (st)
            return st;
    }
    return TS_OK;
}

const ts_code_list *sc_set_find(const sc_ctx *c, const char *name)
{
    for (size_t k = 0; k < c->n_sets; k++)
        if (!strcmp(c->set_names[k], name))
            return &c->set_members[k];
    return NULL;
}

void sc_sets_free(sc_ctx *c)
{
    for (size_t k = 0; k < c->n_sets; k++) {
        free(c->set_names[k]);
        sc_code_list_clear(&c->set_members[k]);
    }
    free(c->set_names);
    free(c->set_members);
    c->set_names = NULL;
    c->set_members = NULL;
    c->n_sets = 0;
}
