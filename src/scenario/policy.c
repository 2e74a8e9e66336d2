/* Trade-policy parts of a scenario (docs/scenario-format.md): reporting `groups`,
 * `retaliation` rules, and the parameters of substitution, Armington tariffs and
 * priority rationing. Parsing here; resolution against the table in
 * sc_resolve_policy(). */
#include "scenario/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "tradeshock/tariff.h"

/* ---- per-product values -------------------------------------------------- */

ts_status sc_parse_product_values(sc_ctx *c, struct fy_node *key, struct fy_node *val,
                                  const char *path, double lo, double hi, const char *what,
                                  ts_product_values *out)
{
    char kp[SC_PATH_MAX];
    double d;
    if (fy_node_get_type(val) != FYNT_MAPPING) {
        ts_status st = sc_read_number(c, key, val, path, what, 0, &d);
        if (st)
            return st;
        if (!(d >= lo && d <= hi))
            return sc_fail(c, sc_vline(key, val), 0, path, "%g is out of range; expected %s", d, what);
        out->deflt = d;
        return TS_OK;
    }
    ts_status st = sc_check_keys(c, val, path, NULL, 0);
    if (st)
        return st;
    size_t n = (size_t)fy_node_mapping_item_count(val);
    out->codes = calloc(n + 1, sizeof *out->codes);
    out->lines = calloc(n + 1, sizeof *out->lines);
    out->values = calloc(n + 1, sizeof *out->values);
    if (!out->codes || !out->lines || !out->values)
        return sc_nomem(c);
    void *it = NULL;
    struct fy_node_pair *pr;
    while ((pr = fy_node_mapping_iterate(val, &it))) {
        struct fy_node *k = fy_node_pair_key(pr), *v = fy_node_pair_value(pr);
        char *code = sc_strdup_scalar(k);
        if (!code)
            return sc_nomem(c);
        sc_path_key(kp, path, code);
        st = sc_read_number(c, k, v, kp, what, 0, &d);
        if (!st && !(d >= lo && d <= hi))
            st = sc_fail(c, sc_vline(k, v), 0, kp, "%g is out of range; expected %s", d, what);
        if (st) {
            free(code);
            return st;
        }
        if (!strcmp(code, "default")) {
            out->deflt = d;
            free(code);
            continue;
        }
        out->codes[out->n] = code;
        out->lines[out->n] = sc_line(k);
        out->values[out->n++] = d;
    }
    return TS_OK;
}

void sc_product_values_clear(ts_product_values *v)
{
    for (size_t i = 0; i < v->n; i++)
        free(v->codes[i]);
    free(v->codes);
    free(v->lines);
    free(v->values);
    free(v->by_product);
    v->codes = NULL;
    v->lines = NULL;
    v->values = NULL;
    v->by_product = NULL;
    v->n = 0;
}

/* ---- parameters ------------------------------------------------------------- */

ts_status sc_parse_policy_params(sc_ctx *c, struct fy_node *params)
{
    ts_params *p = &c->sc->params;
    struct fy_node *k, *v;
    ts_status st;
    double d;
    /* an overproduction ceiling beyond 10x capacity is not a model of anything and lets
     * rounding noise move order shares (alpha weights the suppliers) */
    if (((v = sc_lookup(params, "alpha_max", &k)) || k) && p->alpha_max > 10)
        return sc_fail(c, sc_vline(k, v), 0, "parameters.alpha_max",
                       "%g is out of range; expected a number in [1, 10] (1 = no overproduction)",
                       p->alpha_max);
    if ((v = sc_lookup(params, "substitution_days", &k)) || k) {
        if ((st = sc_read_number(c, k, v, "parameters.substitution_days", "a number of days > 0", 0, &d)))
            return st;
        if (!(d > 0))
            return sc_fail(c, sc_vline(k, v), 0, "parameters.substitution_days",
                           "%g is out of range; expected a number of days > 0", d);
        p->substitution_days = d;
    }
    if ((v = sc_lookup(params, "import_demand_elasticity", &k)) || k) {
        if ((st = sc_read_number(c, k, v, "parameters.import_demand_elasticity", "a number <= 0", 0, &d)))
            return st;
        if (!(d <= 0))
            return sc_fail(c, sc_vline(k, v), 0, "parameters.import_demand_elasticity",
                           "%g is out of range; expected a number <= 0 (imports fall when prices rise)", d);
        p->import_demand_elasticity = d;
    }
    if ((v = sc_lookup(params, "substitutability", &k)) || k)
        if ((st = sc_parse_product_values(c, k, v, "parameters.substitutability", 0, 1,
                                          "a share in [0, 1] or {default: share, <product>: share}",
                                          &p->substitutability)))
            return st;
    if ((v = sc_lookup(params, "armington_sigma", &k)) || k) {
        if ((st = sc_parse_product_values(c, k, v, "parameters.armington_sigma", 1e-9, 1e9,
                                          "an elasticity > 0 or {default: sigma, <product>: sigma}",
                                          &p->armington_sigma)))
            return st;
    }
    if ((v = sc_lookup(params, "rationing", &k)) || k) {
        size_t l;
        const char *s = sc_scalar(v, &l);
        if (sc_text_is(s, l, "proportional"))
            p->priority_rationing = 0;
        else if (sc_text_is(s, l, "priority"))
            p->priority_rationing = 1;
        else
            return sc_fail(c, sc_vline(k, v), 0, "parameters.rationing",
                           "%s is not a rationing rule; expected proportional or priority", SC_DESC(v));
    }
    if ((v = sc_lookup(params, "priority", &k)) || k) {
        ts_code_list tmp = {0};
        if ((st = sc_read_codes(c, k, v, "parameters.priority",
                                "a group name, intermediate or final", &tmp))) {
            sc_code_list_clear(&tmp);
            return st;
        }
        p->n_priority = tmp.n;
        p->priority = tmp.codes;
        p->priority_lines = tmp.lines;
        tmp.codes = NULL;
        tmp.lines = NULL;
        sc_code_list_clear(&tmp);
        if (!p->priority_rationing)
            p->priority_rationing = 1;
    }
    return TS_OK;
}

/* ---- groups -------------------------------------------------------------------- */

ts_status sc_parse_groups(sc_ctx *c, struct fy_node *key, struct fy_node *val)
{
    ts_scenario *sc = c->sc;
    if (sc_is_null(val))
        return TS_OK;
    if (fy_node_get_type(val) != FYNT_MAPPING)
        return sc_fail(c, sc_vline(key, val), 0, "groups",
                       "expected a mapping of group names to industries, got %s", SC_DESC(val));
    ts_status st = sc_check_keys(c, val, "groups", NULL, 0);
    if (st)
        return st;
    size_t n = (size_t)fy_node_mapping_item_count(val);
    sc->groups = calloc(n ? n : 1, sizeof *sc->groups);
    if (!sc->groups)
        return sc_nomem(c);
    void *it = NULL;
    struct fy_node_pair *pr;
    char kp[SC_PATH_MAX], ip[SC_PATH_MAX];
    while ((pr = fy_node_mapping_iterate(val, &it))) {
        struct fy_node *k = fy_node_pair_key(pr), *v = fy_node_pair_value(pr);
        ts_group *g = &sc->groups[sc->n_groups++];
        g->name = sc_strdup_scalar(k);
        if (!g->name)
            return sc_nomem(c);
        g->line = sc_line(k);
        sc_path_key(kp, "groups", g->name);
        if (!strcmp(g->name, "intermediate") || !strcmp(g->name, "final") || !strcmp(g->name, "all"))
            return sc_fail(c, g->line, 0, kp, "'%s' is a reserved word; choose another group name",
                           g->name);
        enum fy_node_type t = sc_is_null(v) ? FYNT_SCALAR : fy_node_get_type(v);
        if (t == FYNT_SCALAR)
            return sc_fail(c, sc_vline(k, v), 0, kp,
                           "expected a list of industries [USA_c15, ...] or a mapping of "
                           "industries to weights {USA_c15: 0.081, ...}, got %s", SC_DESC(v));
        size_t m = t == FYNT_MAPPING ? (size_t)fy_node_mapping_item_count(v)
                                     : (size_t)fy_node_sequence_item_count(v);
        if (m == 0)
            return sc_fail(c, sc_vline(k, v), 0, kp, "a group needs at least one industry");
        if (t == FYNT_MAPPING && (st = sc_check_keys(c, v, kp, NULL, 0)))
            return st;
        g->members = calloc(m, sizeof *g->members);
        if (!g->members)
            return sc_nomem(c);
        void *it2 = NULL;
        for (size_t i = 0; i < m; i++) {
            ts_group_member *mb = &g->members[g->n++];
            struct fy_node *lab, *w = NULL;
            if (t == FYNT_MAPPING) {
                struct fy_node_pair *p2 = fy_node_mapping_iterate(v, &it2);
                lab = fy_node_pair_key(p2);
                w = fy_node_pair_value(p2);
            } else {
                lab = fy_node_sequence_iterate(v, &it2);
            }
            sc_path_idx(ip, kp, i);
            if (fy_node_get_type(lab) != FYNT_SCALAR)
                return sc_fail(c, sc_line(lab), 0, ip, "expected an industry label like USA_c15, got %s",
                               SC_DESC(lab));
            mb->label = sc_strdup_scalar(lab);
            if (!mb->label)
                return sc_nomem(c);
            mb->line = sc_line(lab);
            mb->weight = 1.0;
            mb->industry = -1;
            if (w) {
                sc_path_key(ip, kp, mb->label);
                if ((st = sc_read_number(c, lab, w, ip, "a weight in (0, 1]", 0, &mb->weight)))
                    return st;
                if (!(mb->weight > 0 && mb->weight <= 1))
                    return sc_fail(c, sc_vline(lab, w), 0, ip,
                                   "%g is out of range; expected a weight in (0, 1] (the share of "
                                   "the industry's output that belongs to the group)", mb->weight);
            }
        }
    }
    return TS_OK;
}

/* ---- retaliation ------------------------------------------------------------------ */

static const char *const rule_keys[] = {"name", "when", "by", "against", "respond",
                                        "products", "factor", "cap", "delay_days"};

static ts_status rule_type(sc_ctx *c, struct fy_node *k, struct fy_node *v, const char *path,
                           ts_event_type *out)
{
    size_t l;
    const char *s = sc_scalar(v, &l);
    if (sc_text_is(s, l, "tariff"))
        *out = TS_EVENT_TARIFF;
    else if (sc_text_is(s, l, "export_restriction"))
        *out = TS_EVENT_EXPORT_RESTRICTION;
    else
        return sc_fail(c, sc_vline(k, v), 0, path,
                       "%s is not a type a rule can use; expected tariff or export_restriction",
                       SC_DESC(v));
    return TS_OK;
}

ts_status sc_parse_retaliation(sc_ctx *c, struct fy_node *key, struct fy_node *val)
{
    ts_scenario *sc = c->sc;
    if (sc_is_null(val))
        return TS_OK;
    if (fy_node_get_type(val) != FYNT_SEQUENCE)
        return sc_fail(c, sc_vline(key, val), 0, "retaliation", "expected a list of rules, got %s",
                       SC_DESC(val));
    size_t n = (size_t)fy_node_sequence_item_count(val);
    sc->retaliation = calloc(n ? n : 1, sizeof *sc->retaliation);
    if (!sc->retaliation)
        return sc_nomem(c);
    void *it = NULL;
    struct fy_node *item;
    char rp[SC_PATH_MAX], kp[SC_PATH_MAX];
    ts_status st;
    for (size_t i = 0; (item = fy_node_sequence_iterate(val, &it)); i++) {
        ts_retaliation *r = &sc->retaliation[sc->n_retaliation++];
        r->factor = 1.0;
        r->cap = -1;
        r->line = sc_line(item);
        sc_path_idx(rp, "retaliation", i);
        if (fy_node_get_type(item) != FYNT_MAPPING)
            return sc_fail(c, sc_line(item), 0, rp, "expected a rule (a mapping), got %s", SC_DESC(item));
        if ((st = sc_check_keys(c, item, rp, rule_keys, sizeof rule_keys / sizeof *rule_keys)))
            return st;
        static const char *const req[] = {"when", "by", "against", "respond"};
        for (size_t q = 0; q < 4; q++) {
            struct fy_node *k0;
            sc_lookup(item, req[q], &k0);
            if (!k0)
                return sc_fail(c, r->line, 0, rp, "required key '%s' missing", req[q]);
        }
        struct fy_node *k, *v;
        if ((v = sc_lookup(item, "name", &k)) || k) {
            sc_path_key(kp, rp, "name");
            if ((st = sc_read_string(c, k, v, kp, "a name", &r->name)))
                return st;
        }
        v = sc_lookup(item, "when", &k);
        sc_path_key(kp, rp, "when");
        if ((st = rule_type(c, k, v, kp, &r->when)))
            return st;
        v = sc_lookup(item, "respond", &k);
        sc_path_key(kp, rp, "respond");
        if ((st = rule_type(c, k, v, kp, &r->respond)))
            return st;
        v = sc_lookup(item, "by", &k);
        sc_path_key(kp, rp, "by");
        if ((st = sc_read_codes(c, k, v, kp, "a region", &r->by)))
            return st;
        v = sc_lookup(item, "against", &k);
        sc_path_key(kp, rp, "against");
        if ((st = sc_read_codes(c, k, v, kp, "a region", &r->against)))
            return st;
        if ((v = sc_lookup(item, "products", &k)) || k) {
            sc_path_key(kp, rp, "products");
            if ((st = sc_read_codes(c, k, v, kp, "a product", &r->products)))
                return st;
        }
        if ((v = sc_lookup(item, "factor", &k)) || k) {
            sc_path_key(kp, rp, "factor");
            if ((st = sc_read_number(c, k, v, kp, "a number > 0", 0, &r->factor)))
                return st;
            if (!(r->factor > 0))
                return sc_fail(c, sc_vline(k, v), 0, kp, "%g is out of range; expected > 0", r->factor);
        }
        if ((v = sc_lookup(item, "cap", &k)) || k) {
            sc_path_key(kp, rp, "cap");
            if ((st = sc_read_number(c, k, v, kp, "a number >= 0", 0, &r->cap)))
                return st;
            if (!(r->cap >= 0) || (r->respond == TS_EVENT_EXPORT_RESTRICTION && r->cap > 1))
                return sc_fail(c, sc_vline(k, v), 0, kp,
                               "%g is out of range; expected >= 0 (a share <= 1 for a restriction)", r->cap);
        }
        if (r->cap < 0)
            r->cap = r->respond == TS_EVENT_EXPORT_RESTRICTION ? 1.0 : 1e9;
        if ((v = sc_lookup(item, "delay_days", &k)) || k) {
            long dd;
            sc_path_key(kp, rp, "delay_days");
            if ((st = sc_read_int(c, k, v, kp, "a whole number of days >= 0", 0, 100000, &dd)))
                return st;
            r->delay_days = (int)dd;
        }
    }
    return TS_OK;
}

/* ---- resolution ---------------------------------------------------------------- */

static ts_status fail_code(ts_error *err, const ts_scenario *sc, long line, const char *path,
                           const char *fmt, const char *code)
{
    ts_error_set(err, TS_ERR_INPUT, sc->file, line, 0, path, fmt, code);
    return TS_ERR_INPUT;
}

ts_status sc_resolve_values(const ts_scenario *sc, const ts_mrio *m, ts_product_values *v,
                            const char *path, ts_error *err)
{
    free(v->by_product);
    v->by_product = malloc((m->S ? m->S : 1) * sizeof *v->by_product);
    if (!v->by_product)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t s = 0; s < m->S; s++)
        v->by_product[s] = v->deflt;
    for (size_t k = 0; k < v->n; k++) {
        int s = ts_mrio_sector_index(m, v->codes[k]);
        if (s < 0) {
            char kp[SC_PATH_MAX];
            sc_path_key(kp, path, v->codes[k]);
            return fail_code(err, sc, v->lines[k], kp, "'%s' is not a product of the table", v->codes[k]);
        }
        v->by_product[s] = v->values[k];
    }
    return TS_OK;
}

/* An industry label <REGION>_<SECTOR>: region codes may contain '_' (CAN_MEX), so try
 * every region code as a prefix. */
int sc_industry_index(const ts_mrio *m, const char *label)
{
    size_t L = strlen(label);
    for (size_t r = 0; r < m->R; r++) {
        const char *rc = m->regions[r].code;
        size_t l = strlen(rc);
        if (L > l + 1 && !strncmp(label, rc, l) && label[l] == '_') {
            int s = ts_mrio_sector_index(m, label + l + 1);
            if (s >= 0)
                return (int)(r * m->S + (size_t)s);
        }
    }
    return -1;
}

int ts_scenario_group_index(const ts_scenario *sc, const char *name)
{
    for (size_t g = 0; g < sc->n_groups; g++)
        if (!strcmp(sc->groups[g].name, name))
            return (int)g;
    return -1;
}

/* Resolve a rule's code list: every code must be a region (regions = 1) or product. */
ts_status sc_resolve_codes(const ts_scenario *sc, const ts_mrio *m, ts_code_list *l,
                          int regions, const char *path, ts_error *err)
{
    size_t N = regions ? m->R : m->S;
    if (!l->present)
        return TS_OK;
    free(l->idx);
    l->idx = malloc((N ? N : 1) * sizeof *l->idx);
    if (!l->idx)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    l->n_idx = 0;
    if (l->all) {
        for (size_t k = 0; k < N; k++)
            l->idx[l->n_idx++] = (int)k;
        return TS_OK;
    }
    for (size_t k = 0; k < l->n; k++) {
        int i = regions ? ts_mrio_region_index(m, l->codes[k]) : ts_mrio_sector_index(m, l->codes[k]);
        if (i < 0) {
            char kp[SC_PATH_MAX];
            if (l->n > 1)
                sc_path_idx(kp, path, k);
            else
                snprintf(kp, sizeof kp, "%s", path);
            return fail_code(err, sc, l->lines[k], kp,
                             regions ? "'%s' is not a region of the table" : "'%s' is not a product of the table",
                             l->codes[k]);
        }
        l->idx[l->n_idx++] = i;
    }
    return TS_OK;
}

ts_status sc_resolve_policy(ts_scenario *sc, const ts_mrio *m, ts_error *err)
{
    ts_params *p = &sc->params;
    ts_status st;
    if ((st = sc_resolve_values(sc, m, &p->substitutability, "parameters.substitutability", err)))
        return st;
    if ((st = sc_resolve_values(sc, m, &p->armington_sigma, "parameters.armington_sigma", err)))
        return st;
    if ((st = sc_resolve_dynamics(sc, m, err)))
        return st;
    char kp[SC_PATH_MAX], gp[SC_PATH_MAX];
    for (size_t g = 0; g < sc->n_groups; g++) {
        ts_group *gr = &sc->groups[g];
        sc_path_key(gp, "groups", gr->name);
        for (size_t k = 0; k < gr->n; k++) {
            int i = sc_industry_index(m, gr->members[k].label);
            if (i < 0) {
                sc_path_idx(kp, gp, k);
                return fail_code(err, sc, gr->members[k].line, kp,
                                 "'%s' is not an industry of the table (expected <REGION>_<SECTOR>, "
                                 "e.g. USA_c15)", gr->members[k].label);
            }
            gr->members[k].industry = i;
        }
    }
    for (size_t k = 0; k < sc->n_retaliation; k++) {
        ts_retaliation *ru = &sc->retaliation[k];
        char rp[SC_PATH_MAX];
        sc_path_idx(rp, "retaliation", k);
        sc_path_key(kp, rp, "by");
        if ((st = sc_resolve_codes(sc, m, &ru->by, 1, kp, err)))
            return st;
        sc_path_key(kp, rp, "against");
        if ((st = sc_resolve_codes(sc, m, &ru->against, 1, kp, err)))
            return st;
        sc_path_key(kp, rp, "products");
        if ((st = sc_resolve_codes(sc, m, &ru->products, 0, kp, err)))
            return st;
    }
    /* export restrictions: exemptions and end-user (buyer) restrictions */
    for (size_t e = 0; e < sc->n_events; e++) {
        ts_event *ev = &sc->events[e];
        char ep[SC_PATH_MAX];
        sc_path_idx(ep, "events", e);
        if (ev->exempt.present) {
            sc_path_key(kp, ep, "exempt");
            if ((st = sc_resolve_codes(sc, m, &ev->exempt, 1, kp, err)))
                return st;
            size_t w = 0;
            for (size_t k = 0; k < ev->to.n_idx; k++) {
                int keep = 1;
                for (size_t x = 0; x < ev->exempt.n_idx; x++)
                    keep &= ev->to.idx[k] != ev->exempt.idx[x];
                if (keep)
                    ev->to.idx[w++] = ev->to.idx[k];
            }
            ev->to.n_idx = w;
        }
        if (!ev->buyers.present)
            continue;
        free(ev->buyer_mask);
        ev->buyer_mask = calloc(m->n, 1);
        if (!ev->buyer_mask)
            return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        sc_path_key(kp, ep, "buyers");
        if (ev->buyers.all) {
            memset(ev->buyer_mask, 1, m->n);
            continue;
        }
        for (size_t k = 0; k < ev->buyers.n; k++) {
            const char *code = ev->buyers.codes[k];
            int g = ts_scenario_group_index(sc, code), s = ts_mrio_sector_index(m, code);
            if (g >= 0) {
                for (size_t q = 0; q < sc->groups[g].n; q++)
                    ev->buyer_mask[sc->groups[g].members[q].industry] = 1;
            } else if (s >= 0) {
                for (size_t r = 0; r < m->R; r++)
                    ev->buyer_mask[r * m->S + (size_t)s] = 1;
            } else {
                char ip[SC_PATH_MAX];
                if (ev->buyers.n > 1)
                    sc_path_idx(ip, kp, k);
                else
                    snprintf(ip, sizeof ip, "%s", kp);
                return fail_code(err, sc, ev->buyers.lines[k], ip,
                                 "'%s' is neither a sector of the table nor a group of the scenario",
                                 code);
            }
        }
    }
    free(p->priority_group);
    p->priority_group = calloc(p->n_priority ? p->n_priority : 1, sizeof *p->priority_group);
    if (!p->priority_group)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t k = 0; k < p->n_priority; k++) {
        const char *name = p->priority[k];
        sc_path_idx(kp, "parameters.priority", k);
        if (!strcmp(name, "intermediate"))
            p->priority_group[k] = TS_PRIORITY_INTERMEDIATE;
        else if (!strcmp(name, "final"))
            p->priority_group[k] = TS_PRIORITY_FINAL;
        else if ((p->priority_group[k] = ts_scenario_group_index(sc, name)) < 0)
            return fail_code(err, sc, p->priority_lines[k], kp,
                             "'%s' is not a group of the scenario (nor intermediate / final)", name);
    }
    return TS_OK;
}

void sc_policy_free(ts_scenario *sc)
{
    ts_params *p = &sc->params;
    sc_product_values_clear(&p->substitutability);
    sc_product_values_clear(&p->armington_sigma);
    sc_dynamics_free(p);
    for (size_t k = 0; k < p->n_priority; k++)
        free(p->priority[k]);
    free(p->priority);
    free(p->priority_lines);
    free(p->priority_group);
    for (size_t g = 0; g < sc->n_groups; g++) {
        for (size_t k = 0; k < sc->groups[g].n; k++)
            free(sc->groups[g].members[k].label);
        free(sc->groups[g].members);
        free(sc->groups[g].name);
    }
    free(sc->groups);
    for (size_t r = 0; r < sc->n_retaliation; r++) {
        ts_retaliation *x = &sc->retaliation[r];
        free(x->name);
        sc_code_list_clear(&x->by);
        sc_code_list_clear(&x->against);
        sc_code_list_clear(&x->products);
    }
    free(sc->retaliation);
    free(sc->description);
    for (size_t k = 0; k < sc->n_splits; k++)
        free(sc->splits[k]);
    free(sc->splits);
    free(sc->split_lines);
}

void sc_policy_defaults(ts_params *p)
{
    p->substitution_days = 60.0;
    p->substitutability.deflt = 0.0;
    p->armington_sigma.deflt = TS_ARMINGTON_SIGMA_DEFAULT;
    p->import_demand_elasticity = TS_IMPORT_DEMAND_EPSILON_DEFAULT;
    sc_dynamics_defaults(p);
}

/* ---- the table of a scenario ----------------------------------------------------- */

ts_status ts_scenario_load_table(const ts_scenario *sc, const char *table_override,
                                 const ts_logger *log, ts_mrio **out, ts_error *err)
{
    *out = NULL;
    const char *path = table_override ? table_override : sc->table_path;
    if (!ts_path_exists(path)) {
        if (table_override)
            return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, "--table",
                                "table '%s' not found (expected a table folder or file)", path);
        return ts_error_set(err, TS_ERR_INPUT, sc->file, sc->table_line, 0, "table",
                            "table '%s' not found: resolved to '%s' (relative paths are taken "
                            "from the scenario file's folder); expected an existing table folder",
                            sc->table, sc->table_path);
    }
    ts_mrio *m = NULL;
    ts_status st = ts_mrio_read(path, log, &m, err);
    for (size_t k = 0; !st && k < sc->n_splits; k++) {
        ts_split_spec *spec = NULL;
        ts_mrio *o = NULL;
        if (!ts_path_exists(sc->splits[k])) {
            st = ts_error_set(err, TS_ERR_INPUT, sc->file, sc->split_lines[k], 0, "splits",
                              "split specification '%s' not found", sc->splits[k]);
            break;
        }
        st = ts_split_spec_read(sc->splits[k], m, &spec, err);
        if (!st)
            st = ts_mrio_split_sector(m, spec, &o, err);
        if (st && !err->file[0])
            snprintf(err->file, sizeof err->file, "%s", sc->splits[k]);
        ts_split_spec_free(spec);
        if (!st) {
            ts_mrio_free(m);
            m = o;
        }
    }
    if (st) {
        ts_mrio_free(m);
        return st;
    }
    *out = m;
    return TS_OK;
}
