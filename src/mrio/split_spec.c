/* Reading a sector-split specification from YAML: the value readers (split_yaml.h); the
 * top level is split_read.c. */
#include <libfyaml.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "mrio/labels.h"
#include "mrio/sets.h"
#include "mrio/split_yaml.h"
#include "tradeshock/mrio.h"

void ts_split_spec_free(ts_split_spec *spec)
{
    if (!spec)
        return;
    free((char *)spec->parent);
    free((char *)spec->code);
    free((char *)spec->name);
    free((double *)spec->output_share);
    free((double *)spec->buyer_share);
    free((unsigned char *)spec->fd_mask);
    free((unsigned char *)spec->buyer_regions);
    free((double *)spec->import_share);
    free((double *)spec->use_musd);
    free((double *)spec->input_coef);
    free((double *)spec->input_origin);
    free(spec);
}


long sy_line_of(struct fy_node *n)
{
    if (!n)
        return 0;
    void *it = NULL;
    switch (fy_node_get_type(n)) {
    case FYNT_SCALAR: {
        struct fy_token *t = fy_node_get_scalar_token(n);
        const struct fy_mark *mk = t ? fy_token_start_mark(t) : NULL;
        return mk ? (long)mk->line + 1 : 0;
    }
    case FYNT_MAPPING: {
        struct fy_node_pair *p = fy_node_mapping_iterate(n, &it);
        return p ? sy_line_of(fy_node_pair_key(p)) : 0;
    }
    case FYNT_SEQUENCE:
        return sy_line_of(fy_node_sequence_iterate(n, &it));
    }
    return 0;
}

char *sy_scalar(struct fy_node *n)
{
    size_t len = 0;
    const char *s = n && fy_node_get_type(n) == FYNT_SCALAR ? fy_node_get_scalar(n, &len) : NULL;
    if (!s)
        return NULL;
    char *d = malloc(len + 1);
    if (d) {
        memcpy(d, s, len);
        d[len] = 0;
    }
    return d;
}

int sy_number(struct fy_node *n, double *v)
{
    char *s = sy_scalar(n), *end = NULL;
    if (!s)
        return -1;
    *v = strtod(s, &end);
    int ok = end != s && *end == 0 && isfinite(*v);
    free(s);
    return ok ? 0 : -1;
}

ts_status sy_fail(sy_ctx *c, struct fy_node *at, const char *kp, const char *fmt, ...)
{
    char buf[TS_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return ts_error_set(c->err, TS_ERR_INPUT, c->path, sy_line_of(at), 0, kp, "%s", buf);
}

/* A region code -> index, with the nearest code in the error. */
static ts_status region_of(sy_ctx *c, struct fy_node *k, const char *kp, int *out)
{
    char *code = sy_scalar(k);
    *out = code ? ts_mrio_region_index(c->m, code) : -1;
    ts_status st = TS_OK;
    if (*out < 0) {
        char hint[160] = "";
        ts_label_hint(code ? code : "", c->m->regions, c->m->R, hint, sizeof hint);
        st = sy_fail(c, k, kp, "'%s' is not a region of the table%s", code ? code : "?", hint);
    }
    free(code);
    return st;
}

/* A sector code, the new product's code (class S) or a set name -> class mask [S+1]. */
static ts_status classes_of(sy_ctx *c, struct fy_node *k, const char *kp, int allow_self,
                            unsigned char *mask)
{
    size_t S = c->m->S;
    memset(mask, 0, S + 1);
    char *code = sy_scalar(k);
    int s = code ? ts_mrio_sector_index(c->m, code) : -1;
    const unsigned char *set = code ? ts_sector_sets_find(&c->sets, code) : NULL;
    ts_status st = TS_OK;
    if (s >= 0)
        mask[s] = 1;
    else if (set)
        memcpy(mask, set, S);
    else if (allow_self && code && !strcmp(code, c->code))
        mask[S] = 1;
    else {
        char hint[160] = "";
        ts_label_hint(code ? code : "", c->m->sectors, c->m->S, hint, sizeof hint);
        st = sy_fail(c, k, kp, "'%s' is not a sector of the table or a set%s", code ? code : "?", hint);
    }
    free(code);
    return st;
}

static ts_status need_map(sy_ctx *c, struct fy_node *v, const char *kp, const char *what)
{
    if (v && fy_node_get_type(v) == FYNT_MAPPING)
        return TS_OK;
    return sy_fail(c, v, kp, "expected a mapping %s", what);
}

/* {REGION: number >= 0}: dst[R] */
ts_status sy_region_numbers(sy_ctx *c, struct fy_node *map, const char *kp, double *dst)
{
    ts_status st = need_map(c, map, kp, "of region codes to numbers");
    void *it = NULL;
    struct fy_node_pair *p;
    while (!st && (p = fy_node_mapping_iterate(map, &it))) {
        struct fy_node *k = fy_node_pair_key(p), *v = fy_node_pair_value(p);
        int r;
        double d;
        char *code = sy_scalar(k), sub[300];
        snprintf(sub, sizeof sub, "%s.%s", kp, code ? code : "?");
        free(code);
        if ((st = region_of(c, k, sub, &r)))
            break;
        if (sy_number(v, &d) || d < 0)
            st = sy_fail(c, v, sub, "expected a non-negative number");
        else
            dst[r] = d;
    }
    return st;
}

/* {SECTOR-or-SET: number >= 0}: dst[S+1] (index S = the new product when allowed) */
ts_status sy_sector_numbers(sy_ctx *c, struct fy_node *map, const char *kp, int allow_self,
                                double *dst)
{
    ts_status st = need_map(c, map, kp, "of sector codes (or sets) to numbers");
    unsigned char *mask = calloc(c->m->S + 1, 1);
    void *it = NULL;
    struct fy_node_pair *p;
    while (!st && mask && (p = fy_node_mapping_iterate(map, &it))) {
        struct fy_node *k = fy_node_pair_key(p), *v = fy_node_pair_value(p);
        double d;
        char *code = sy_scalar(k), sub[300];
        snprintf(sub, sizeof sub, "%s.%s", kp, code ? code : "?");
        free(code);
        if ((st = classes_of(c, k, sub, allow_self, mask)))
            break;
        if (sy_number(v, &d) || d < 0) {
            st = sy_fail(c, v, sub, "expected a non-negative number");
            break;
        }
        for (size_t s = 0; s <= c->m->S; s++)
            if (mask[s])
                dst[s] = d;
    }
    free(mask);
    return st;
}

/* An origin mix {REGION: share}: shares >= 0 summing to 1 (1e-6), stored exactly
 * normalised in dst[R]. */
static ts_status origin_mix(sy_ctx *c, struct fy_node *map, const char *kp, double *dst)
{
    size_t R = c->m->R;
    for (size_t r = 0; r < R; r++)
        dst[r] = 0;
    ts_status st = sy_region_numbers(c, map, kp, dst);
    if (st)
        return st;
    double sum = 0;
    for (size_t r = 0; r < R; r++)
        sum += dst[r];
    if (fabs(sum - 1) > 1e-6) {
        char buf[64];
        snprintf(buf, sizeof buf, "%.10g", sum);
        return sy_fail(c, map, kp, "origin shares sum to %s; expected 1", buf);
    }
    for (size_t r = 0; r < R; r++)
        dst[r] /= sum;
    return TS_OK;
}

/* {default: mix, REGION: mix}: def[R] (NaN in def[0] = none), reg[R*R] (NaN = none) */
static ts_status mix_table(sy_ctx *c, struct fy_node *map, const char *kp, double *def, double *reg)
{
    ts_status st = need_map(c, map, kp, "of buyer regions (or default) to origin shares");
    void *it = NULL;
    struct fy_node_pair *p;
    while (!st && (p = fy_node_mapping_iterate(map, &it))) {
        struct fy_node *k = fy_node_pair_key(p), *v = fy_node_pair_value(p);
        char *code = sy_scalar(k), sub[300];
        snprintf(sub, sizeof sub, "%s.%s", kp, code ? code : "?");
        int isdef = code && !strcmp(code, "default");
        free(code);
        int q = -1;
        if (!isdef && (st = region_of(c, k, sub, &q)))
            break;
        st = origin_mix(c, v, sub, isdef ? def : reg + (size_t)q * c->m->R);
    }
    return st;
}

ts_status sy_read_sets(sy_ctx *c, struct fy_node *v)
{
    ts_status st = need_map(c, v, "sets", "of set names to sector lists (c13 or [c13, c14] or c17-c35)");
    void *it = NULL;
    struct fy_node_pair *p;
    while (!st && (p = fy_node_mapping_iterate(v, &it))) {
        struct fy_node *k = fy_node_pair_key(p), *val = fy_node_pair_value(p);
        char *name = sy_scalar(k), why[400], sub[300];
        snprintf(sub, sizeof sub, "sets.%s", name ? name : "?");
        size_t n = fy_node_get_type(val) == FYNT_SEQUENCE ? (size_t)fy_node_sequence_item_count(val) : 1;
        char **items = calloc(n ? n : 1, sizeof *items);
        int okitems = items && name;
        for (size_t i = 0; okitems && i < n; i++) {
            items[i] = sy_scalar(fy_node_get_type(val) == FYNT_SEQUENCE ? fy_node_sequence_get_by_index(val, (int)i) : val);
            okitems = items[i] != NULL;
        }
        if (!okitems)
            st = sy_fail(c, val, sub, "expected a sector code, a range like c17-c35 or a list of them");
        else if (ts_sector_sets_add(&c->sets, c->m, name, (const char *const *)items, n, why, sizeof why))
            st = sy_fail(c, val, sub, "%s", why);
        for (size_t i = 0; items && i < n; i++)
            free(items[i]);
        free(items);
        free(name);
    }
    return st;
}


/* `fd_columns: [USA_CONS_g, ...]`: final-demand columns <REGION>_<CATEGORY>. */
ts_status sy_fd_columns(sy_ctx *c, struct fy_node *seq, unsigned char **mask)
{
    const ts_mrio *m = c->m;
    if (fy_node_get_type(seq) != FYNT_SEQUENCE)
        return sy_fail(c, seq, "fd_columns", "expected a list of final-demand columns like USA_CONS_g");
    free(*mask);
    size_t K = m->R * m->F;
    *mask = calloc(K > 0 ? K : 1, 1);
    if (!*mask)
        return ts_error_set(c->err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    void *it = NULL;
    struct fy_node *item;
    while ((item = fy_node_sequence_iterate(seq, &it))) {
        char *lab = sy_scalar(item);
        int found = -1;
        for (size_t r = 0; lab && r < m->R && found < 0; r++) {
            size_t l = strlen(m->regions[r].code);
            if (!strncmp(lab, m->regions[r].code, l) && lab[l] == '_') {
                int f = ts_mrio_fd_index(m, lab + l + 1);
                if (f >= 0)
                    found = (int)(r * m->F + (size_t)f);
            }
        }
        if (found < 0) {
            ts_status st = sy_fail(c, item, "fd_columns", "'%s' is not a final-demand column of the "
                                "table (<REGION>_<CATEGORY>)", lab ? lab : "?");
            free(lab);
            return st;
        }
        (*mask)[found] = 1;
        free(lab);
    }
    return TS_OK;
}

/* `buyer_regions: [USA]` */
ts_status sy_buyer_regions(sy_ctx *c, struct fy_node *seq, unsigned char *mask)
{
    if (fy_node_get_type(seq) != FYNT_SEQUENCE)
        return sy_fail(c, seq, "buyer_regions", "expected a list of region codes like [USA]");
    void *it = NULL;
    struct fy_node *item;
    int i = 0;
    while ((item = fy_node_sequence_iterate(seq, &it))) {
        char sub[64];
        snprintf(sub, sizeof sub, "buyer_regions[%d]", i++);
        int r;
        ts_status st = region_of(c, item, sub, &r);
        if (st)
            return st;
        mask[r] = 1;
    }
    return TS_OK;
}

/* Expand import_shares (+ _by_sector) into [(S+2) * R * R]. */
ts_status sy_expand_mix(sy_ctx *c, struct fy_node *base, struct fy_node *bysec, double **out)
{
    size_t R = c->m->R, S = c->m->S, T = S + 2;
    double *def = malloc(T * R * sizeof *def), *reg = malloc(T * R * R * sizeof *reg);
    double *mix = calloc(T * R * R, sizeof *mix);
    unsigned char *mask = calloc(S + 1, 1);
    ts_status st = TS_OK;
    if (!def || !reg || !mix || !mask) {
        st = ts_error_set(c->err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < T * R; i++)
        def[i] = NAN;
    for (size_t i = 0; i < T * R * R; i++)
        reg[i] = NAN;
    /* slot T-1+1 would overflow: the base table lives in class slot "all" = index T (own) */
    double *bdef = malloc(R * sizeof *bdef), *breg = malloc(R * R * sizeof *breg);
    if (!bdef || !breg) {
        free(bdef);
        free(breg);
        st = ts_error_set(c->err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < R; i++)
        bdef[i] = NAN;
    for (size_t i = 0; i < R * R; i++)
        breg[i] = NAN;
    st = mix_table(c, base, "import_shares", bdef, breg);
    if (!st && bysec) {
        st = need_map(c, bysec, "import_shares_by_sector",
                      "of buyer sectors (or sets, final_demand) to origin-share tables");
        void *it = NULL;
        struct fy_node_pair *p;
        while (!st && (p = fy_node_mapping_iterate(bysec, &it))) {
            struct fy_node *k = fy_node_pair_key(p), *v = fy_node_pair_value(p);
            char *code = sy_scalar(k), sub[300];
            snprintf(sub, sizeof sub, "import_shares_by_sector.%s", code ? code : "?");
            int isfd = code && !strcmp(code, "final_demand");
            free(code);
            if (isfd) {
                memset(mask, 0, S + 1);
            } else if ((st = classes_of(c, k, sub, 1, mask)))
                break;
            size_t t0 = isfd ? S + 1 : 0;
            double *td = malloc(R * sizeof *td), *tr = malloc(R * R * sizeof *tr);
            if (!td || !tr) {
                free(td);
                free(tr);
                st = ts_error_set(c->err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
                break;
            }
            for (size_t i = 0; i < R; i++)
                td[i] = NAN;
            for (size_t i = 0; i < R * R; i++)
                tr[i] = NAN;
            st = mix_table(c, v, sub, td, tr);
            for (size_t t = t0; !st && t < T; t++) {
                if (!(isfd ? t == S + 1 : (t <= S && mask[t])))
                    continue;
                if (!isnan(td[0]))
                    memcpy(def + t * R, td, R * sizeof *td);
                for (size_t q = 0; q < R; q++)
                    if (!isnan(tr[q * R]))
                        memcpy(reg + (t * R + q) * R, tr + q * R, R * sizeof *tr);
            }
            free(td);
            free(tr);
        }
    }
    for (size_t t = 0; !st && t < T; t++)
        for (size_t q = 0; q < R; q++) {
            const double *src = !isnan(reg[(t * R + q) * R]) ? reg + (t * R + q) * R
                                : !isnan(def[t * R]) ? def + t * R
                                : !isnan(breg[q * R]) ? breg + q * R
                                : !isnan(bdef[0]) ? bdef : NULL;
            if (!src) {
                st = ts_error_set(c->err, TS_ERR_INPUT, c->path, sy_line_of(base), 0, "import_shares",
                                  "no origin mix for buyer region %s: give %s or default",
                                  c->m->regions[q].code, c->m->regions[q].code);
                break;
            }
            memcpy(mix + (t * R + q) * R, src, R * sizeof *mix);
        }
    free(bdef);
    free(breg);
done:
    free(def);
    free(reg);
    free(mask);
    if (st)
        free(mix);
    else
        *out = mix;
    return st;
}

/* input_origins: {PRODUCT: {REGION: share}} into [(S+1) * R], NaN rows = keep */
ts_status sy_input_origins(sy_ctx *c, struct fy_node *map, double *dst)
{
    size_t R = c->m->R, S = c->m->S;
    ts_status st = need_map(c, map, "input_origins", "of products to origin shares");
    unsigned char *mask = calloc(S + 1, 1);
    double *mix = malloc(R * sizeof *mix);
    void *it = NULL;
    struct fy_node_pair *p;
    if (!mask || !mix)
        st = ts_error_set(c->err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    while (!st && (p = fy_node_mapping_iterate(map, &it))) {
        struct fy_node *k = fy_node_pair_key(p), *v = fy_node_pair_value(p);
        char *code = sy_scalar(k), sub[300];
        snprintf(sub, sizeof sub, "input_origins.%s", code ? code : "?");
        free(code);
        if ((st = classes_of(c, k, sub, 1, mask)) || (st = origin_mix(c, v, sub, mix)))
            break;
        for (size_t s = 0; s <= S; s++)
            if (mask[s])
                memcpy(dst + s * R, mix, R * sizeof *mix);
    }
    free(mask);
    free(mix);
    return st;
}

