/* Reading a sector-split specification from YAML (mrio.h, ts_split_spec_read). */
#include <libfyaml.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
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
    free(spec);
}

static long line_of(struct fy_node *n)
{
    struct fy_token *t = n && fy_node_get_type(n) == FYNT_SCALAR ? fy_node_get_scalar_token(n) : NULL;
    const struct fy_mark *mk = t ? fy_token_start_mark(t) : NULL;
    return mk ? (long)mk->line + 1 : 0;
}

static char *scalar(struct fy_node *n)
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

static int number(struct fy_node *n, double *v)
{
    char *s = scalar(n), *end = NULL;
    if (!s)
        return -1;
    *v = strtod(s, &end);
    int ok = end != s && *end == 0 && isfinite(*v);
    free(s);
    return ok ? 0 : -1;
}

/* A mapping code -> number, each code looked up with @p find. */
static ts_status code_map(const char *path, struct fy_node *map, const char *key, const ts_mrio *m,
                          int (*find)(const ts_mrio *, const char *), double *dst, ts_error *err)
{
    if (fy_node_get_type(map) != FYNT_MAPPING)
        return ts_error_set(err, TS_ERR_INPUT, path, line_of(map), 0, key,
                            "expected a mapping of codes to numbers");
    void *it = NULL;
    struct fy_node_pair *p;
    while ((p = fy_node_mapping_iterate(map, &it))) {
        struct fy_node *k = fy_node_pair_key(p), *v = fy_node_pair_value(p);
        char *code = scalar(k);
        int idx = code ? find(m, code) : -1;
        double d;
        if (idx < 0) {
            ts_status st = ts_error_set(err, TS_ERR_INPUT, path, line_of(k), 0, key,
                                        "'%s' is not a code of the table", code ? code : "?");
            free(code);
            return st;
        }
        if (number(v, &d) || d < 0) {
            ts_status st = ts_error_set(err, TS_ERR_INPUT, path, line_of(v), 0, key,
                                        "%s: expected a non-negative number", code);
            free(code);
            return st;
        }
        free(code);
        dst[idx] = d;
    }
    return TS_OK;
}

/* `fd_columns: [USA_CONS_g, ...]`: final-demand columns <REGION>_<CATEGORY>. */
static ts_status fd_columns(const char *path, struct fy_node *seq, const ts_mrio *m,
                            unsigned char **mask, ts_error *err)
{
    if (fy_node_get_type(seq) != FYNT_SEQUENCE)
        return ts_error_set(err, TS_ERR_INPUT, path, line_of(seq), 0, "fd_columns",
                            "expected a list of final-demand columns like USA_CONS_g");
    free(*mask);
    size_t K = m->R * m->F;
    *mask = calloc(K > 0 ? K : 1, 1);
    if (!*mask)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    void *it = NULL;
    struct fy_node *item;
    while ((item = fy_node_sequence_iterate(seq, &it))) {
        char *lab = scalar(item);
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
            ts_status st = ts_error_set(err, TS_ERR_INPUT, path, line_of(item), 0, "fd_columns",
                                        "'%s' is not a final-demand column of the table "
                                        "(<REGION>_<CATEGORY>)", lab ? lab : "?");
            free(lab);
            return st;
        }
        (*mask)[found] = 1;
        free(lab);
    }
    return TS_OK;
}

ts_status ts_split_spec_read(const char *path, const ts_mrio *m, ts_split_spec **out, ts_error *err)
{
    *out = NULL;
    struct fy_parse_cfg cfg = {.flags = FYPCF_QUIET};
    struct fy_document *doc = fy_document_build_from_file(&cfg, path);
    if (!doc)
        return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                            "cannot read the split specification (missing file or YAML syntax error)");
    ts_status st = TS_OK;
    ts_split_spec *sp = calloc(1, sizeof *sp);
    double *out_abs = calloc(m->R, sizeof *out_abs), *out_sh = calloc(m->R, sizeof *out_sh);
    double *buyers = calloc(m->S, sizeof *buyers);
    int have_abs = 0, have_sh = 0;
    unsigned char *fdmask = NULL;
    double self = 0, fd = 0;
    if (!sp || !out_abs || !out_sh || !buyers) {
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    struct fy_node *root = fy_document_root(doc);
    if (!root || fy_node_get_type(root) != FYNT_MAPPING) {
        st = ts_error_set(err, TS_ERR_INPUT, path, 1, 0, NULL, "expected a mapping at the top");
        goto done;
    }
    void *it = NULL;
    struct fy_node_pair *p;
    while (!st && (p = fy_node_mapping_iterate(root, &it))) {
        struct fy_node *k = fy_node_pair_key(p), *v = fy_node_pair_value(p);
        char *key = scalar(k);
        if (!key)
            st = ts_error_set(err, TS_ERR_INPUT, path, line_of(k), 0, NULL, "expected a plain key");
        else if (!strcmp(key, "parent"))
            sp->parent = scalar(v);
        else if (!strcmp(key, "code"))
            sp->code = scalar(v);
        else if (!strcmp(key, "name"))
            sp->name = scalar(v);
        else if (!strcmp(key, "output_musd")) {
            have_abs = 1;
            st = code_map(path, v, key, m, ts_mrio_region_index, out_abs, err);
        } else if (!strcmp(key, "output_share")) {
            have_sh = 1;
            st = code_map(path, v, key, m, ts_mrio_region_index, out_sh, err);
        } else if (!strcmp(key, "buyer_share"))
            st = code_map(path, v, key, m, ts_mrio_sector_index, buyers, err);
        else if (!strcmp(key, "self_share") || !strcmp(key, "fd_share")) {
            double d;
            if (number(v, &d) || d < 0 || d > 1)
                st = ts_error_set(err, TS_ERR_INPUT, path, line_of(v), 0, key,
                                  "expected a number in [0, 1]");
            else if (key[0] == 's')
                self = d;
            else
                fd = d;
        } else if (!strcmp(key, "fd_columns")) {
            st = fd_columns(path, v, m, &fdmask, err);
        } else if (strcmp(key, "description") && strcmp(key, "sources"))
            st = ts_error_set(err, TS_ERR_INPUT, path, line_of(k), 0, key,
                              "unknown key (expected parent, code, name, output_musd, output_share, "
                              "self_share, buyer_share, fd_share, fd_columns, description, sources)");
        free(key);
    }
    if (st)
        goto done;
    if (!sp->parent || !sp->code) {
        st = ts_error_set(err, TS_ERR_INPUT, path, 0, 0, !sp->parent ? "parent" : "code",
                          "required key missing");
        goto done;
    }
    int P = ts_mrio_sector_index(m, sp->parent);
    if (P < 0) {
        st = ts_error_set(err, TS_ERR_INPUT, path, 0, 0, "parent", "'%s' is not a sector of the table",
                          sp->parent);
        goto done;
    }
    if (have_abs == have_sh) {
        st = ts_error_set(err, TS_ERR_INPUT, path, 0, 0, "output_musd",
                          "give exactly one of output_musd and output_share");
        goto done;
    }
    for (size_t r = 0; r < m->R; r++) {
        double xp = m->x[r * m->S + (size_t)P];
        if (have_abs)
            out_sh[r] = xp > 0 ? out_abs[r] / xp : 0.0;
        if (out_sh[r] >= 1) {
            st = ts_error_set(err, TS_ERR_INPUT, path, 0, 0, have_abs ? "output_musd" : "output_share",
                              "region %s: the new product would take %.4g of the parent's output "
                              "(%.6g M USD/yr); it must be less than all of it",
                              m->regions[r].code, out_sh[r], xp);
            goto done;
        }
    }
    for (size_t s = 0; s < m->S; s++)
        buyers[s] *= 1 - self;
    sp->self_share = self;
    sp->fd_share = fd * (1 - self);
    sp->output_share = out_sh;
    sp->buyer_share = buyers;
    sp->fd_mask = fdmask;
    out_sh = buyers = NULL;
    fdmask = NULL;
    *out = sp;
    sp = NULL;
done:
    free(fdmask);
    free(out_abs);
    free(out_sh);
    free(buyers);
    ts_split_spec_free(sp);
    fy_document_destroy(doc);
    return st;
}
