/* Parameters of the critical-input dynamics (docs/model.md "Critical-input dynamics",
 * docs/scenario-format.md): per-product overproduction ceiling, psi and restoration
 * time, input criticality and goods in transit. Every one is absent by default and
 * then leaves today's model unchanged. Parsing here, resolution in
 * sc_resolve_dynamics(). */
#include "scenario/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- parsing -------------------------------------------------------------------- */

static const char *const crit_keys[] = {"default", "important_pass_through", "rules"};
static const char *const rule_keys[] = {"inputs", "buyers", "class"};
static const char *const transit_keys[] = {"products", "from", "to", "days"};

static ts_status parse_crit_rules(sc_ctx *c, struct fy_node *key, struct fy_node *val,
                                  const char *path, ts_criticality *cr)
{
    if (fy_node_get_type(val) != FYNT_SEQUENCE)
        return sc_fail(c, sc_vline(key, val), 0, path,
                       "expected a list of rules ({inputs: ..., buyers: ..., class: ...}), got %s",
                       SC_DESC(val));
    size_t n = (size_t)fy_node_sequence_item_count(val);
    cr->rules = calloc(n ? n : 1, sizeof *cr->rules);
    if (!cr->rules)
        return sc_nomem(c);
    static const char *const classes[] = {"critical", "important", "non-critical"};
    void *it = NULL;
    struct fy_node *item;
    char rp[SC_PATH_MAX], kp[SC_PATH_MAX];
    ts_status st;
    while ((item = fy_node_sequence_iterate(val, &it))) {
        sc_path_idx(rp, path, cr->n_rules);
        ts_crit_rule *r = &cr->rules[cr->n_rules++];
        r->line = sc_line(item);
        if (fy_node_get_type(item) != FYNT_MAPPING)
            return sc_fail(c, sc_line(item), 0, rp, "expected a mapping {inputs, buyers, class}, got %s",
                           SC_DESC(item));
        if ((st = sc_check_keys(c, item, rp, rule_keys, 3)))
            return st;
        struct fy_node *k, *v;
        const char *what[2] = {"an input product code", "a buying sector code"};
        ts_code_list *lists[2] = {&r->inputs, &r->buyers};
        for (int x = 0; x < 3; x++) {
            v = sc_lookup(item, rule_keys[x], &k);
            sc_path_key(kp, rp, rule_keys[x]);
            if (!k)
                return sc_fail(c, r->line, 0, kp, "missing required key '%s'", rule_keys[x]);
            if (x < 2)
                st = sc_read_codes(c, k, v, kp, what[x], lists[x]);
            else {
                int cls = 0;
                st = sc_read_choice(c, k, v, kp, "criticality class", classes, 3, &cls);
                r->cls = (ts_crit_class)cls;
            }
            if (st)
                return st;
        }
    }
    return TS_OK;
}

static ts_status parse_criticality(sc_ctx *c, struct fy_node *key, struct fy_node *val)
{
    ts_criticality *cr = &c->sc->params.crit;
    const char *path = "parameters.criticality";
    cr->present = 1;
    cr->line = sc_line(key);
    if (fy_node_get_type(val) != FYNT_MAPPING)
        return sc_fail(c, sc_vline(key, val), 0, path,
                       "expected a mapping {default: critical|pichler, important_pass_through, "
                       "rules}, got %s", SC_DESC(val));
    ts_status st = sc_check_keys(c, val, path, crit_keys, 3);
    if (st)
        return st;
    struct fy_node *k, *v;
    if ((v = sc_lookup(val, "default", &k)) || k) {
        static const char *const defs[] = {"critical", "pichler"};
        int d = 0;
        if ((st = sc_read_choice(c, k, v, "parameters.criticality.default", "default classification",
                                 defs, 2, &d)))
            return st;
        cr->pichler = d;
    }
    if ((v = sc_lookup(val, "important_pass_through", &k)) || k) {
        double d;
        const char *kp = "parameters.criticality.important_pass_through";
        if ((st = sc_read_number(c, k, v, kp, "a share in (0, 1)", 0, &d)))
            return st;
        if (!(d > 0 && d < 1))
            return sc_fail(c, sc_vline(k, v), 0, kp, "%g is out of range; expected a share in (0, 1)", d);
        cr->pass_through = d;
    }
    if ((v = sc_lookup(val, "rules", &k)) || k)
        return parse_crit_rules(c, k, v, "parameters.criticality.rules", cr);
    return TS_OK;
}

static ts_status parse_transit(sc_ctx *c, struct fy_node *key, struct fy_node *val)
{
    ts_params *p = &c->sc->params;
    const char *path = "parameters.transit";
    if (fy_node_get_type(val) != FYNT_SEQUENCE)
        return sc_fail(c, sc_vline(key, val), 0, path,
                       "expected a list of {products, from, to, days}, got %s", SC_DESC(val));
    size_t n = (size_t)fy_node_sequence_item_count(val);
    p->transit = calloc(n ? n : 1, sizeof *p->transit);
    if (!p->transit)
        return sc_nomem(c);
    void *it = NULL;
    struct fy_node *item;
    char rp[SC_PATH_MAX], kp[SC_PATH_MAX];
    ts_status st;
    while ((item = fy_node_sequence_iterate(val, &it))) {
        sc_path_idx(rp, path, p->n_transit);
        ts_transit_rule *r = &p->transit[p->n_transit++];
        r->line = sc_line(item);
        if (fy_node_get_type(item) != FYNT_MAPPING)
            return sc_fail(c, sc_line(item), 0, rp, "expected a mapping {products, from, to, days}, got %s",
                           SC_DESC(item));
        if ((st = sc_check_keys(c, item, rp, transit_keys, 4)))
            return st;
        struct fy_node *k, *v;
        ts_code_list *lists[3] = {&r->products, &r->from, &r->to};
        const char *what[3] = {"a product code", "an exporting region code", "an importing region code"};
        for (int x = 0; x < 3; x++) {
            v = sc_lookup(item, transit_keys[x], &k);
            sc_path_key(kp, rp, transit_keys[x]);
            if (!k) {
                lists[x]->all = 1; /* absent: every product / region */
                lists[x]->present = 1;
                continue;
            }
            if ((st = sc_read_codes(c, k, v, kp, what[x], lists[x])))
                return st;
        }
        v = sc_lookup(item, "days", &k);
        sc_path_key(kp, rp, "days");
        if (!k)
            return sc_fail(c, r->line, 0, kp, "missing required key 'days' (whole days at sea)");
        long d;
        if ((st = sc_read_int(c, k, v, kp, "a whole number of days in [0, 365]", 0, 365, &d)))
            return st;
        r->days = (int)d;
    }
    return TS_OK;
}

static const char *const spread_keys[] = {"distribution", "cv", "classes"};

static ts_status parse_spread(sc_ctx *c, struct fy_node *key, struct fy_node *val)
{
    ts_params *p = &c->sc->params;
    const char *path = "parameters.cover_spread";
    if (fy_node_get_type(val) != FYNT_MAPPING)
        return sc_fail(c, sc_vline(key, val), 0, path,
                       "expected a mapping {<product>: {distribution: lognormal, cv: 0.6, classes: 8}}, "
                       "got %s", SC_DESC(val));
    ts_status st = sc_check_keys(c, val, path, NULL, 0);
    if (st)
        return st;
    size_t n = (size_t)fy_node_mapping_item_count(val);
    p->spread = calloc(n ? n : 1, sizeof *p->spread);
    if (!p->spread)
        return sc_nomem(c);
    void *it = NULL;
    struct fy_node_pair *pr;
    char kp[SC_PATH_MAX], ip[SC_PATH_MAX];
    while ((pr = fy_node_mapping_iterate(val, &it))) {
        struct fy_node *k = fy_node_pair_key(pr), *v = fy_node_pair_value(pr), *k2, *v2;
        ts_cover_spread *sp = &p->spread[p->n_spread++];
        if (!(sp->product = sc_strdup_scalar(k)))
            return sc_nomem(c);
        sp->line = sc_line(k);
        sc_path_key(kp, path, sp->product);
        if (fy_node_get_type(v) != FYNT_MAPPING)
            return sc_fail(c, sc_vline(k, v), 0, kp,
                           "expected {distribution: lognormal, cv: 0.6, classes: 8}, got %s", SC_DESC(v));
        if ((st = sc_check_keys(c, v, kp, spread_keys, 3)))
            return st;
        static const char *const dists[] = {"lognormal"};
        int d = 0;
        v2 = sc_lookup(v, "distribution", &k2);
        sc_path_key(ip, kp, "distribution");
        if (k2 && (st = sc_read_choice(c, k2, v2, ip, "cover distribution", dists, 1, &d)))
            return st;
        v2 = sc_lookup(v, "cv", &k2);
        sc_path_key(ip, kp, "cv");
        if (!k2)
            return sc_fail(c, sp->line, 0, ip, "missing required key 'cv' (spread of the cover days)");
        if ((st = sc_read_number(c, k2, v2, ip, "a number in [0, 5]", 0, &sp->cv)))
            return st;
        if (!(sp->cv >= 0 && sp->cv <= 5))
            return sc_fail(c, sc_vline(k2, v2), 0, ip, "%g is out of range; expected a number in [0, 5]", sp->cv);
        long K = 8;
        v2 = sc_lookup(v, "classes", &k2);
        sc_path_key(ip, kp, "classes");
        if (k2 && (st = sc_read_int(c, k2, v2, ip, "a whole number of classes in [1, 64]", 1, 64, &K)))
            return st;
        sp->classes = (int)K;
    }
    return TS_OK;
}

ts_status sc_parse_dynamics_params(sc_ctx *c, struct fy_node *params)
{
    ts_params *p = &c->sc->params;
    struct fy_node *k, *v;
    ts_status st;
    if ((v = sc_lookup(params, "alpha_max_by_product", &k)) || k)
        if ((st = sc_parse_product_values(c, k, v, "parameters.alpha_max_by_product", 1, 10,
                                          "a ceiling in [1, 10] or {default: a, <product>: a}",
                                          &p->alpha_max_p)))
            return st;
    if ((v = sc_lookup(params, "psi_by_product", &k)) || k)
        if ((st = sc_parse_product_values(c, k, v, "parameters.psi_by_product", 1e-9, 1,
                                          "a share in (0, 1] or {default: psi, <product>: psi}",
                                          &p->psi_p)))
            return st;
    if ((v = sc_lookup(params, "restoration_days_by_product", &k)) || k)
        if ((st = sc_parse_product_values(c, k, v, "parameters.restoration_days_by_product", 1e-9,
                                          1e9, "days > 0 or {default: days, <product>: days}",
                                          &p->tau_p)))
            return st;
    if ((v = sc_lookup(params, "catch_up_days_by_product", &k)) || k)
        if ((st = sc_parse_product_values(c, k, v, "parameters.catch_up_days_by_product", 1e-9,
                                          1e9, "days > 0 or {default: days, <product>: days}",
                                          &p->catch_p)))
            return st;
    if ((v = sc_lookup(params, "criticality", &k)) || k)
        if ((st = parse_criticality(c, k, v)))
            return st;
    if ((v = sc_lookup(params, "transit", &k)) || k)
        if ((st = parse_transit(c, k, v)))
            return st;
    if ((v = sc_lookup(params, "cover_spread", &k)) || k)
        if ((st = parse_spread(c, k, v)))
            return st;
    return TS_OK;
}

/* Per-product values that are not given stay NAN: the simulation then uses the scalar
 * parameter, so an override of the scalar (e.g. by path, after resolution) still acts
 * on every product that has no value of its own. */
void sc_dynamics_defaults(ts_params *p)
{
    p->crit.pass_through = 0.5;
    p->alpha_max_p.deflt = NAN;
    p->psi_p.deflt = NAN;
    p->tau_p.deflt = NAN;
    p->catch_p.deflt = NAN;
}

/* ---- resolution -------------------------------------------------------------------- */

/* The default classification `pichler` (docs/model.md, "Input criticality") for tables
 * with WIOD-2013 sector codes: services are c19-c35, energy (utilities) c17. */
static int wiod_code(const char *code, int lo, int hi)
{
    if (!code || code[0] != 'c')
        return 0;
    char *end;
    long v = strtol(code + 1, &end, 10);
    return *end == '\0' && v >= lo && v <= hi;
}

static ts_status resolve_crit(ts_scenario *sc, const ts_mrio *m, ts_error *err)
{
    ts_criticality *cr = &sc->params.crit;
    const size_t S = m->S;
    char kp[SC_PATH_MAX], rp[SC_PATH_MAX];
    free(cr->cls);
    cr->cls = calloc(S > 0 ? S * S : 1, 1); /* TS_CRIT_CRITICAL = 0 */
    if (!cr->cls)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (cr->pichler) {
        unsigned char *srv = calloc(S ? S : 1, 1), *hit = calloc(S ? S : 1, 1);
        if (!srv || !hit) {
            free(srv);
            free(hit);
            return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        }
        size_t nsrv = 0;
        for (size_t b = 0; b < S; b++)
            nsrv += srv[b] = (unsigned char)wiod_code(m->sectors[b].code, 19, 35);
        for (size_t e = 0; e < sc->n_events; e++)
            if (sc->events[e].type == TS_EVENT_EXPORT_RESTRICTION)
                for (size_t k = 0; k < sc->events[e].products.n_idx; k++)
                    hit[sc->events[e].products.idx[k]] = 1;
        for (size_t p = 0; p < S; p++) {
            const char *code = m->sectors[p].code;
            int energy = wiod_code(code, 17, 17);
            for (size_t b = 0; b < S; b++)
                if (srv[b] && !srv[p] && !energy && !hit[p])
                    cr->cls[p * S + b] = TS_CRIT_NONCRITICAL;
        }
        free(srv);
        free(hit);
        if (!nsrv)
            return ts_error_set(err, TS_ERR_INPUT, sc->file, sc->params.crit.line, 0,
                                "parameters.criticality.default",
                                "'pichler' classifies WIOD-2013 sector codes (services c19-c35, "
                                "utilities c17) and the table has none of c19-c35; give "
                                "explicit rules instead");
    }
    for (size_t k = 0; k < cr->n_rules; k++) {
        ts_crit_rule *r = &cr->rules[k];
        sc_path_idx(rp, "parameters.criticality.rules", k);
        sc_path_key(kp, rp, "inputs");
        ts_status st = sc_resolve_codes(sc, m, &r->inputs, 0, kp, err);
        sc_path_key(kp, rp, "buyers");
        if (!st)
            st = sc_resolve_codes(sc, m, &r->buyers, 0, kp, err);
        if (st)
            return st;
        for (size_t a = 0; a < r->inputs.n_idx; a++)
            for (size_t b = 0; b < r->buyers.n_idx; b++)
                cr->cls[(size_t)r->inputs.idx[a] * S + (size_t)r->buyers.idx[b]] = (unsigned char)r->cls;
    }
    return TS_OK;
}

static ts_status resolve_transit(ts_scenario *sc, const ts_mrio *m, ts_error *err)
{
    ts_params *p = &sc->params;
    const size_t S = m->S, R = m->R;
    char kp[SC_PATH_MAX], rp[SC_PATH_MAX];
    free(p->transit_days);
    p->transit_days = NULL;
    p->transit_max = 0;
    if (!p->n_transit)
        return TS_OK;
    p->transit_days = calloc(S > 0 && R > 0 ? S * R * R : 1, sizeof *p->transit_days);
    if (!p->transit_days)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t k = 0; k < p->n_transit; k++) {
        ts_transit_rule *r = &p->transit[k];
        sc_path_idx(rp, "parameters.transit", k);
        ts_code_list *lists[3] = {&r->products, &r->from, &r->to};
        const char *keys[3] = {"products", "from", "to"};
        for (int x = 0; x < 3; x++) {
            sc_path_key(kp, rp, keys[x]);
            ts_status st = sc_resolve_codes(sc, m, lists[x], x > 0, kp, err);
            if (st)
                return st;
        }
        for (size_t a = 0; a < r->products.n_idx; a++)
            for (size_t b = 0; b < r->from.n_idx; b++)
                for (size_t c = 0; c < r->to.n_idx; c++) {
                    size_t from = (size_t)r->from.idx[b], to = (size_t)r->to.idx[c];
                    /* nothing is at sea inside a region */
                    p->transit_days[((size_t)r->products.idx[a] * R + from) * R + to] =
                        from == to ? 0 : r->days;
                }
    }
    for (size_t k = 0; k < S * R * R; k++)
        if (p->transit_days[k] > p->transit_max)
            p->transit_max = p->transit_days[k];
    return TS_OK;
}

ts_status sc_resolve_dynamics(ts_scenario *sc, const ts_mrio *m, ts_error *err)
{
    ts_params *p = &sc->params;
    ts_status st;
    if ((st = sc_resolve_values(sc, m, &p->alpha_max_p, "parameters.alpha_max_by_product", err)) ||
        (st = sc_resolve_values(sc, m, &p->psi_p, "parameters.psi_by_product", err)) ||
        (st = sc_resolve_values(sc, m, &p->tau_p, "parameters.restoration_days_by_product", err)) ||
        (st = sc_resolve_values(sc, m, &p->catch_p, "parameters.catch_up_days_by_product", err)))
        return st;
    if ((st = resolve_crit(sc, m, err)))
        return st;
    free(p->spread_product);
    p->spread_product = calloc(p->n_spread ? p->n_spread : 1, sizeof *p->spread_product);
    if (!p->spread_product)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t k = 0; k < p->n_spread; k++) {
        p->spread_product[k] = ts_mrio_sector_index(m, p->spread[k].product);
        if (p->spread_product[k] < 0) {
            char kp[SC_PATH_MAX];
            sc_path_key(kp, "parameters.cover_spread", p->spread[k].product);
            return ts_error_set(err, TS_ERR_INPUT, sc->file, p->spread[k].line, 0, kp,
                                "'%s' is not a product of the table", p->spread[k].product);
        }
    }
    return resolve_transit(sc, m, err);
}

void sc_dynamics_free(ts_params *p)
{
    sc_product_values_clear(&p->alpha_max_p);
    sc_product_values_clear(&p->psi_p);
    sc_product_values_clear(&p->tau_p);
    sc_product_values_clear(&p->catch_p);
    for (size_t k = 0; k < p->crit.n_rules; k++) {
        sc_code_list_clear(&p->crit.rules[k].inputs);
        sc_code_list_clear(&p->crit.rules[k].buyers);
    }
    free(p->crit.rules);
    free(p->crit.cls);
    for (size_t k = 0; k < p->n_transit; k++) {
        sc_code_list_clear(&p->transit[k].products);
        sc_code_list_clear(&p->transit[k].from);
        sc_code_list_clear(&p->transit[k].to);
    }
    free(p->transit);
    free(p->transit_days);
    for (size_t k = 0; k < p->n_spread; k++)
        free(p->spread[k].product);
    free(p->spread);
    free(p->spread_product);
}
