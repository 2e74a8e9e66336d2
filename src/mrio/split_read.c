/* Reading a sector-split specification from YAML (mrio.h, ts_split_spec_read): the top
 * level; the value readers are split_spec.c. */
#include <libfyaml.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "core/util.h"
#include "mrio/labels.h"
#include "mrio/split_yaml.h"
#include "tradeshock/mrio.h"

#define KNOWN_KEYS                                                                             \
    "parent, code, name, sets, output_musd, output_share, self_share, buyer_share, fd_share, " \
    "fd_columns, buyer_regions, import_shares, import_shares_by_sector, use_musd, inputs, "    \
    "input_origins, description, sources"

static const char *const known_keys[] = {
    "parent",        "code",          "name",          "sets",
    "output_musd",   "output_share",  "self_share",    "buyer_share",
    "fd_share",      "fd_columns",    "buyer_regions", "import_shares",
    "import_shares_by_sector", "use_musd", "inputs",   "input_origins",
    "description",   "sources"};
#define N_KEYS (sizeof known_keys / sizeof *known_keys)

static struct fy_node *get(struct fy_node *root, const char *key)
{
    return fy_node_mapping_lookup_by_string(root, key, FY_NT);
}

/* a key one edit (or a case or prefix) away from a known one */
static const char *near_key(const char *k)
{
    ts_label l[N_KEYS];
    for (size_t i = 0; i < N_KEYS; i++)
        l[i].code = (char *)known_keys[i];
    char scratch[128] = "";
    return ts_label_hint(k, l, N_KEYS, scratch, sizeof scratch);
}

ts_status ts_split_spec_read(const char *path, const ts_mrio *m, ts_split_spec **out, ts_error *err)
{
    *out = NULL;
    /* libfyaml must only see valid UTF-8 (it loops forever on some invalid bytes) */
    ts_status vst = ts_utf8_check_file(path, TS_YAML_MAX_BYTES, err);
    if (vst)
        return vst;
    struct fy_parse_cfg cfg = {.flags = FYPCF_QUIET};
    struct fy_document *doc = fy_document_build_from_file(&cfg, path);
    if (!doc)
        return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                            "cannot read the split specification (missing file or YAML syntax error)");
    size_t R = m->R, S = m->S;
    sy_ctx c = {.path = path, .m = m, .err = err};
    ts_status st = TS_OK;
    ts_split_spec *sp = calloc(1, sizeof *sp);
    double *out_abs = calloc(R, sizeof *out_abs), *out_sh = calloc(R, sizeof *out_sh);
    double *buyers = calloc(S + 1, sizeof *buyers), *use = NULL, *coef = NULL, *iorig = NULL;
    double *mix = NULL;
    unsigned char *fdmask = NULL, *bregions = NULL;
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
    /* unknown keys first, with the nearest known one */
    void *it = NULL;
    struct fy_node_pair *p;
    while (!st && (p = fy_node_mapping_iterate(root, &it))) {
        struct fy_node *k = fy_node_pair_key(p);
        char *key = sy_scalar(k);
        int ok = 0;
        for (size_t i = 0; key && i < N_KEYS; i++)
            ok |= !strcmp(key, known_keys[i]);
        if (!key)
            st = sy_fail(&c, k, NULL, "expected a plain key");
        else if (!ok) {
            const char *sug = near_key(key);
            st = sy_fail(&c, k, key, "unknown key '%s'%s%s%s (known keys: " KNOWN_KEYS ")", key,
                         sug ? " - did you mean '" : "", sug ? sug : "", sug ? "'?" : "");
        }
        free(key);
    }
    if (st)
        goto done;
    sp->parent = sy_scalar(get(root, "parent"));
    sp->code = sy_scalar(get(root, "code"));
    sp->name = sy_scalar(get(root, "name"));
    if (!sp->parent || !sp->code) {
        st = ts_error_set(err, TS_ERR_INPUT, path, 0, 0, !sp->parent ? "parent" : "code",
                          "required key missing");
        goto done;
    }
    c.code = sp->code;
    int P = ts_mrio_sector_index(m, sp->parent);
    if (P < 0) {
        char hint[160] = "";
        ts_label_hint(sp->parent, m->sectors, S, hint, sizeof hint);
        st = sy_fail(&c, get(root, "parent"), "parent", "'%s' is not a sector of the table%s",
                     sp->parent, hint);
        goto done;
    }
    struct fy_node *v;
    if ((v = get(root, "sets")) && (st = sy_read_sets(&c, v)))
        goto done;
    struct fy_node *vabs = get(root, "output_musd"), *vsh = get(root, "output_share");
    if (!vabs == !vsh) {
        st = ts_error_set(err, TS_ERR_INPUT, path, 0, 0, "output_musd",
                          "give exactly one of output_musd and output_share");
        goto done;
    }
    if (vabs && (st = sy_region_numbers(&c, vabs, "output_musd", out_abs)))
        goto done;
    if (vsh && (st = sy_region_numbers(&c, vsh, "output_share", out_sh)))
        goto done;
    if ((v = get(root, "buyer_share")) && (st = sy_sector_numbers(&c, v, "buyer_share", 0, buyers)))
        goto done;
    const char *fkeys[2] = {"self_share", "fd_share"};
    for (int f = 0; f < 2; f++) {
        double d = 0;
        if ((v = get(root, fkeys[f])) && (sy_number(v, &d) || d < 0 || d > 1)) {
            st = sy_fail(&c, v, fkeys[f], "expected a number in [0, 1]");
            goto done;
        }
        if (f == 0)
            self = d;
        else
            fd = d;
    }
    if ((v = get(root, "fd_columns")) && (st = sy_fd_columns(&c, v, &fdmask)))
        goto done;
    if ((v = get(root, "buyer_regions"))) {
        if (!(bregions = calloc(R, 1))) {
            st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
            goto done;
        }
        if ((st = sy_buyer_regions(&c, v, bregions)))
            goto done;
    }
    struct fy_node *vmix = get(root, "import_shares"), *vby = get(root, "import_shares_by_sector");
    if (vby && !vmix) {
        st = sy_fail(&c, vby, "import_shares_by_sector", "needs import_shares (the default mix)");
        goto done;
    }
    if (vmix && (st = sy_expand_mix(&c, vmix, vby, &mix)))
        goto done;
    if ((v = get(root, "use_musd"))) {
        if (!vmix) {
            st = sy_fail(&c, v, "use_musd", "needs import_shares (use by buyer region is a v2 key)");
            goto done;
        }
        if (!(use = calloc(R, sizeof *use))) {
            st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
            goto done;
        }
        if ((st = sy_region_numbers(&c, v, "use_musd", use)))
            goto done;
    }
    if ((v = get(root, "inputs"))) {
        if (!(coef = malloc((S + 1) * sizeof *coef))) {
            st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
            goto done;
        }
        for (size_t s = 0; s <= S; s++)
            coef[s] = NAN;
        if ((st = sy_sector_numbers(&c, v, "inputs", 1, coef)))
            goto done;
    }
    if ((v = get(root, "input_origins"))) {
        if (!(iorig = malloc((S + 1) * R * sizeof *iorig))) {
            st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
            goto done;
        }
        for (size_t i = 0; i < (S + 1) * R; i++)
            iorig[i] = NAN;
        if ((st = sy_input_origins(&c, v, iorig)))
            goto done;
    }
    for (size_t r = 0; r < R; r++) {
        double xp = m->x[r * S + (size_t)P];
        if (vabs)
            out_sh[r] = xp > 0 ? out_abs[r] / xp : 0.0;
        if (out_sh[r] >= 1) {
            st = ts_error_set(err, TS_ERR_INPUT, path, sy_line_of(vabs ? vabs : vsh), 0,
                              vabs ? "output_musd" : "output_share",
                              "region %s: the new product would take %.4g of the parent's output "
                              "(%.6g M USD/yr); it must be less than all of it",
                              m->regions[r].code, out_sh[r], xp);
            goto done;
        }
    }
    for (size_t s = 0; s < S; s++)
        buyers[s] *= 1 - self;
    sp->self_share = self;
    sp->fd_share = fd * (1 - self);
    sp->output_share = out_sh;
    sp->buyer_share = buyers;
    sp->fd_mask = fdmask;
    sp->buyer_regions = bregions;
    sp->import_share = mix;
    sp->use_musd = use;
    sp->input_coef = coef;
    sp->input_origin = iorig;
    out_sh = buyers = use = coef = iorig = mix = NULL;
    fdmask = bregions = NULL;
    *out = sp;
    sp = NULL;
done:
    ts_sector_sets_free(&c.sets);
    free(fdmask);
    free(bregions);
    free(out_abs);
    free(out_sh);
    free(buyers);
    free(use);
    free(coef);
    free(iorig);
    free(mix);
    ts_split_spec_free(sp);
    fy_document_destroy(doc);
    return st;
}
