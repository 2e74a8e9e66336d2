/* summary.json (output.h; every field is documented in README.md). */
#include <cjson/cJSON.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/util.h"
#include "output/internal.h"

static cJSON *day_or_null(int d)
{
    return d >= 0 ? cJSON_CreateNumber(d) : cJSON_CreateNull();
}

static void add_date(cJSON *o, const char *key, const ts_scenario *sc, int day)
{
    char buf[16];
    if (day < 0) {
        cJSON_AddNullToObject(o, key);
        return;
    }
    ts_scenario_date(sc, day, buf, sizeof buf);
    cJSON_AddStringToObject(o, key, buf);
}

static double pct(double a, double b)
{
    return b > 0 ? 100.0 * a / b : 0.0;
}

static cJSON *codes(const ts_code_list *c, const ts_label *labels)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t k = 0; k < c->n_idx; k++)
        cJSON_AddItemToArray(a, cJSON_CreateString(labels[c->idx[k]].code));
    return a;
}

static void days_value(cJSON *o, const char *key, double d)
{
    if (isfinite(d))
        cJSON_AddNumberToObject(o, key, d);
    else
        cJSON_AddStringToObject(o, key, "infinite");
}

/* {default: x, <product>: y, ...} */
static void product_values(cJSON *o, const char *key, const ts_product_values *v)
{
    cJSON *x = cJSON_AddObjectToObject(o, key);
    cJSON_AddNumberToObject(x, "default", v->deflt);
    for (size_t k = 0; k < v->n; k++)
        cJSON_AddNumberToObject(x, v->codes[k], v->values[k]);
}

/* A per-product override of a scalar parameter (NAN = the scalar), only when given. */
static void product_override(cJSON *o, const char *key, const ts_product_values *v, double scalar)
{
    if (!v->n && isnan(v->deflt))
        return;
    cJSON *x = cJSON_AddObjectToObject(o, key);
    cJSON_AddNumberToObject(x, "default", isnan(v->deflt) ? scalar : v->deflt);
    for (size_t k = 0; k < v->n; k++)
        cJSON_AddNumberToObject(x, v->codes[k], v->values[k]);
}

/* parameters.criticality as resolved (docs/model.md, "Input criticality") */
static void criticality_echo(cJSON *p, const ts_criticality *cr, const ts_mrio *m)
{
    static const char *const cls[] = {"critical", "important", "non-critical"};
    if (!cr->present)
        return;
    cJSON *c = cJSON_AddObjectToObject(p, "criticality");
    cJSON_AddStringToObject(c, "default", cr->pichler ? "pichler" : "critical");
    cJSON_AddNumberToObject(c, "important_pass_through", cr->pass_through);
    cJSON *rs = cJSON_AddArrayToObject(c, "rules");
    for (size_t k = 0; k < cr->n_rules; k++) {
        cJSON *x = cJSON_CreateObject();
        cJSON_AddItemToObject(x, "inputs", codes(&cr->rules[k].inputs, m->sectors));
        cJSON_AddItemToObject(x, "buyers", codes(&cr->rules[k].buyers, m->sectors));
        cJSON_AddStringToObject(x, "class", cls[cr->rules[k].cls]);
        cJSON_AddItemToArray(rs, x);
    }
}

cJSON *ts_output_scenario_echo(const ts_scenario *sc, const ts_mrio *m)
{
    cJSON *o = cJSON_CreateObject();
    char buf[16];
    cJSON_AddStringToObject(o, "name", sc->name ? sc->name : "");
    cJSON_AddStringToObject(o, "file", sc->file ? sc->file : "");
    ts_scenario_date(sc, 0, buf, sizeof buf);
    cJSON_AddStringToObject(o, "start_date", buf);
    cJSON_AddNumberToObject(o, "horizon_days", sc->horizon_days);
    cJSON *p = cJSON_AddObjectToObject(o, "parameters");
    cJSON_AddNumberToObject(p, "inventory_days", sc->params.inventory_days);
    const ts_params *P = &sc->params;
    cJSON *by = cJSON_AddObjectToObject(p, "inventory_days_by_product");
    for (size_t k = 0; k < P->n_product_days; k++) {
        /* the per-buyer form {default: d, <buyer>: d} when the product has buyer keys */
        cJSON *tgt = by;
        const char *key = P->product_days_codes[k];
        int buyers = 0;
        for (size_t b = 0; b < P->n_buyer_days; b++)
            buyers |= P->buyer_days_product[b] == k;
        if (buyers) {
            tgt = cJSON_AddObjectToObject(by, key);
            key = "default";
        }
        double d = isnan(P->product_days[k]) ? P->inventory_days : P->product_days[k];
        days_value(tgt, key, d);
        for (size_t b = 0; b < P->n_buyer_days; b++)
            if (P->buyer_days_product[b] == k)
                days_value(tgt, P->buyer_days_codes[b], P->buyer_days[b]);
    }
    cJSON_AddNumberToObject(p, "psi", sc->params.psi);
    cJSON_AddNumberToObject(p, "restoration_days", sc->params.restoration_days);
    cJSON_AddNumberToObject(p, "alpha_max", sc->params.alpha_max);
    cJSON_AddNumberToObject(p, "alpha_tau_days", sc->params.alpha_tau_days);
    cJSON_AddNumberToObject(p, "collapse_threshold", sc->params.collapse_threshold);
    cJSON_AddStringToObject(p, "mode", P->mode == TS_MODE_ARIO ? "ario" : "default");
    cJSON_AddNumberToObject(p, "capital_to_value_added", P->capital_to_value_added);
    cJSON_AddNumberToObject(p, "substitution_days", P->substitution_days);
    product_values(p, "substitutability", &P->substitutability);
    product_values(p, "armington_sigma", &P->armington_sigma);
    cJSON_AddNumberToObject(p, "import_demand_elasticity", P->import_demand_elasticity);
    cJSON_AddStringToObject(p, "rationing", P->priority_rationing ? "priority" : "proportional");
    product_override(p, "alpha_max_by_product", &P->alpha_max_p, P->alpha_max);
    product_override(p, "psi_by_product", &P->psi_p, P->psi);
    product_override(p, "restoration_days_by_product", &P->tau_p, P->restoration_days);
    criticality_echo(p, &P->crit, m);
    if (P->n_transit) {
        cJSON *tr = cJSON_AddArrayToObject(p, "transit");
        for (size_t k = 0; k < P->n_transit; k++) {
            const ts_transit_rule *ru = &P->transit[k];
            cJSON *x = cJSON_CreateObject();
            cJSON_AddItemToObject(x, "products", codes(&ru->products, m->sectors));
            cJSON_AddItemToObject(x, "from", codes(&ru->from, m->regions));
            cJSON_AddItemToObject(x, "to", codes(&ru->to, m->regions));
            cJSON_AddNumberToObject(x, "days", ru->days);
            cJSON_AddItemToArray(tr, x);
        }
    }
    if (P->n_priority) {
        cJSON *pr = cJSON_AddArrayToObject(p, "priority");
        for (size_t k = 0; k < P->n_priority; k++)
            cJSON_AddItemToArray(pr, cJSON_CreateString(P->priority[k]));
    }
    if (sc->n_splits) {
        cJSON *sp = cJSON_AddArrayToObject(o, "splits");
        for (size_t k = 0; k < sc->n_splits; k++)
            cJSON_AddItemToArray(sp, cJSON_CreateString(sc->splits[k]));
    }
    if (sc->n_retaliation) {
        cJSON *ra = cJSON_AddArrayToObject(o, "retaliation");
        for (size_t k = 0; k < sc->n_retaliation; k++) {
            const ts_retaliation *ru = &sc->retaliation[k];
            cJSON *x = cJSON_CreateObject();
            if (ru->name)
                cJSON_AddStringToObject(x, "name", ru->name);
            cJSON_AddStringToObject(x, "when", ts_event_type_name(ru->when));
            cJSON_AddItemToObject(x, "by", codes(&ru->by, m->regions));
            cJSON_AddItemToObject(x, "against", codes(&ru->against, m->regions));
            cJSON_AddStringToObject(x, "respond", ts_event_type_name(ru->respond));
            if (ru->products.present)
                cJSON_AddItemToObject(x, "products", codes(&ru->products, m->sectors));
            cJSON_AddNumberToObject(x, "factor", ru->factor);
            cJSON_AddNumberToObject(x, "cap", ru->cap);
            cJSON_AddNumberToObject(x, "delay_days", ru->delay_days);
            cJSON_AddItemToArray(ra, x);
        }
    }
    cJSON *evs = cJSON_AddArrayToObject(o, "events");
    for (size_t e = 0; e < sc->n_events; e++) {
        const ts_event *ev = &sc->events[e];
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "type", ts_event_type_name(ev->type));
        if (ev->name)
            cJSON_AddStringToObject(x, "name", ev->name);
        if (ev->from.n_idx)
            cJSON_AddItemToObject(x, "from", codes(&ev->from, m->regions));
        if (ev->to.n_idx)
            cJSON_AddItemToObject(x, "to", codes(&ev->to, m->regions));
        if (ev->regions.n_idx)
            cJSON_AddItemToObject(x, "regions", codes(&ev->regions, m->regions));
        if (ev->products.n_idx)
            cJSON_AddItemToObject(x, "products", codes(&ev->products, m->sectors));
        if (ev->sectors.n_idx)
            cJSON_AddItemToObject(x, "sectors", codes(&ev->sectors, m->sectors));
        if (ev->type == TS_EVENT_TARIFF)
            cJSON_AddNumberToObject(x, "rate", ev->rate);
        else if (ev->type != TS_EVENT_TRUCE)
            cJSON_AddNumberToObject(x, "share", ev->share);
        if (ev->buyers.present) {
            cJSON *b = cJSON_AddArrayToObject(x, "buyers");
            for (size_t k = 0; k < ev->buyers.n; k++)
                cJSON_AddItemToArray(b, cJSON_CreateString(ev->buyers.codes[k]));
        }
        if (ev->exempt.present)
            cJSON_AddItemToObject(x, "exempt", codes(&ev->exempt, m->regions));
        if (ev->licence_delay_days)
            cJSON_AddNumberToObject(x, "licence_delay_days", ev->licence_delay_days);
        if (ev->content_of.present) {
            /* embodied-content rule: the controlled products, the trigger and every
             * exporter it reaches with its content share */
            cJSON_AddItemToObject(x, "content_of", codes(&ev->content_of, m->sectors));
            cJSON_AddNumberToObject(x, "content_threshold", ev->content_threshold);
            cJSON *cs = cJSON_AddObjectToObject(x, "content_shares");
            for (size_t i = 0; ev->content_share && i < m->n; i++)
                if (ev->content_share[i] > 0) {
                    char lab[256];
                    snprintf(lab, sizeof lab, "%s_%s", m->regions[i / m->S].code,
                             m->sectors[i % m->S].code);
                    cJSON_AddNumberToObject(cs, lab, ev->content_share[i]);
                }
        }
        if (ev->type == TS_EVENT_TRUCE) {
            cJSON *en = cJSON_AddArrayToObject(x, "ends");
            for (size_t k = 0; k < ev->n_ends; k++)
                cJSON_AddItemToArray(en, cJSON_CreateString(ev->ends[k]));
            if (ev->phase_days)
                cJSON_AddNumberToObject(x, "phase_days", ev->phase_days);
        }
        if (ev->recovery_days)
            cJSON_AddNumberToObject(x, "recovery_days", ev->recovery_days);
        cJSON_AddNumberToObject(x, "start_day", ev->start);
        add_date(x, "start_date", sc, ev->start);
        if (ev->end == INT_MAX) {
            cJSON_AddNullToObject(x, "end_day");
            cJSON_AddNullToObject(x, "end_date");
        } else {
            cJSON_AddNumberToObject(x, "end_day", ev->end);
            add_date(x, "end_date", sc, ev->end);
        }
        cJSON_AddItemToArray(evs, x);
    }
    return o;
}

cJSON *ts_output_events_log(const ts_result *r, const ts_scenario *sc)
{
    cJSON *log = cJSON_CreateArray();
    for (size_t k = 0; k < r->n_answers; k++) {
        const ts_answer *a = &r->answers[k];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "day", a->fired_day);
        add_date(o, "date", sc, a->fired_day);
        const ts_retaliation *ru = &sc->retaliation[a->rule];
        cJSON_AddStringToObject(o, "rule", ru->name ? ru->name : "");
        cJSON_AddNumberToObject(o, "rule_index", a->rule);
        if (a->trigger_event >= 0) {
            const ts_event *ev = &sc->events[a->trigger_event];
            cJSON_AddStringToObject(o, "trigger", ev->name ? ev->name : "");
            cJSON_AddNumberToObject(o, "trigger_event_index", a->trigger_event);
        } else {
            cJSON_AddNumberToObject(o, "trigger_answer_index", a->trigger_answer);
        }
        cJSON_AddNumberToObject(o, "depth", a->depth);
        cJSON_AddStringToObject(o, "type", ts_event_type_name(a->type));
        cJSON_AddNumberToObject(o, a->type == TS_EVENT_TARIFF ? "rate" : "share", a->size);
        cJSON_AddNumberToObject(o, "start_day", a->start);
        cJSON_AddItemToObject(o, "end_day", a->end == INT_MAX ? cJSON_CreateNull() : cJSON_CreateNumber(a->end));
        cJSON_AddStringToObject(o, "action", a->text);
        cJSON_AddItemToArray(log, o);
    }
    return log;
}

/* An amount in the table's money unit: key <stem>_musd for USD, <stem>_meur for EUR, ... */
static void add_money(cJSON *o, const ts_mrio *m, const char *stem, double v)
{
    char key[96];
    snprintf(key, sizeof key, "%s_%s", stem, ts_mrio_money_key(m));
    cJSON_AddNumberToObject(o, key, v);
}

ts_status ts_output_write_summary_json(const ts_result *r, const ts_losses *l, const ts_mrio *m,
                                       const ts_scenario *sc, const ts_run_info *info,
                                       const char *path, ts_error *err)
{
    size_t n = r->n, R = r->R, S = r->S;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "tradeshock_version", TS_VERSION);
    cJSON_AddItemToObject(root, "scenario", ts_output_scenario_echo(sc, m));
    cJSON *tb = cJSON_AddObjectToObject(root, "table");
    cJSON_AddStringToObject(tb, "path", info && info->table_path ? info->table_path : "");
    cJSON_AddStringToObject(tb, "name", m->name ? m->name : "");
    if (m->year)
        cJSON_AddStringToObject(tb, "year", m->year);
    cJSON_AddNumberToObject(tb, "regions", (double)R);
    cJSON_AddNumberToObject(tb, "sectors", (double)S);
    cJSON_AddNumberToObject(tb, "industries", (double)n);
    cJSON_AddStringToObject(tb, "unit", m->unit ? m->unit : "M USD/year");
    cJSON_AddStringToObject(tb, "currency", ts_mrio_currency(m));
    if (m->source)
        cJSON_AddStringToObject(tb, "source", m->source);
    if (m->licence)
        cJSON_AddStringToObject(tb, "licence", m->licence);
    cJSON_AddNumberToObject(root, "horizon_days", (double)r->T);
    add_date(root, "start_date", sc, 0);
    add_date(root, "end_date", sc, (int)r->T - 1);
    char *units = ts_asprintf("losses in %s summed over the horizon (keys *_%s); percentages "
                              "of baseline output over the horizon", ts_mrio_money(m),
                              ts_mrio_money_key(m));
    cJSON_AddStringToObject(root, "units", units ? units : "");
    free(units);
    add_money(root, m, "baseline_output", l->total_base);
    add_money(root, m, "total_output_loss", l->total);
    cJSON_AddNumberToObject(root, "total_output_loss_pct", pct(l->total, l->total_base));
    add_money(root, m, "total_value_added_loss", l->total_va);
    add_money(root, m, "total_unmet_final_demand", l->total_unmet);
    cJSON_AddItemToObject(root, "recovery_day", day_or_null(l->recovery_day));

    /* regions ranked by loss */
    int *ord = malloc(R * sizeof *ord);
    for (size_t q = 0; q < R; q++)
        ord[q] = (int)q;
    for (size_t a = 1; a < R; a++) /* insertion sort: R is small */
        for (size_t b = a; b > 0 && l->region[ord[b]] > l->region[ord[b - 1]]; b--) {
            int t = ord[b];
            ord[b] = ord[b - 1];
            ord[b - 1] = t;
        }
    cJSON *br = cJSON_AddArrayToObject(root, "by_region");
    for (size_t k = 0; k < R; k++) {
        size_t q = (size_t)ord[k];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "region", m->regions[q].code);
        add_money(o, m, "output_loss", l->region[q]);
        cJSON_AddNumberToObject(o, "output_loss_pct", pct(l->region[q], l->region_base[q]));
        add_money(o, m, "value_added_loss", l->region_va[q]);
        add_money(o, m, "unmet_final_demand", l->region_unmet[q]);
        cJSON_AddItemToObject(o, "recovery_day", day_or_null(l->region_recovery[q]));
        cJSON_AddItemToArray(br, o);
    }
    free(ord);

    cJSON *bi = cJSON_AddArrayToObject(root, "by_industry");
    for (size_t k = 0; k < n; k++) {
        size_t i = (size_t)l->rank[k];
        if (!(fabs(l->industry[i]) > 1e-9 * (l->industry_base[i] + 1e-300)))
            continue;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "region", m->regions[i / S].code);
        cJSON_AddStringToObject(o, "sector", m->sectors[i % S].code);
        add_money(o, m, "output_loss", l->industry[i]);
        cJSON_AddNumberToObject(o, "output_loss_pct", pct(l->industry[i], l->industry_base[i]));
        add_money(o, m, "value_added_loss", l->industry_va[i]);
        cJSON_AddItemToArray(bi, o);
    }

    cJSON *so = cJSON_AddArrayToObject(root, "stockouts");
    for (size_t k = 0; k < r->n_stockouts; k++) {
        const ts_stockout *s = &r->stockouts[k];
        size_t j = (size_t)s->industry;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "region", m->regions[j / S].code);
        cJSON_AddStringToObject(o, "sector", m->sectors[j % S].code);
        cJSON_AddStringToObject(o, "input", m->sectors[s->product].code);
        cJSON_AddNumberToObject(o, "first_day", s->first_day);
        add_date(o, "first_date", sc, s->first_day);
        cJSON_AddNumberToObject(o, "last_day", s->last_day);
        cJSON_AddNumberToObject(o, "days_constrained", s->days);
        cJSON_AddNumberToObject(o, "min_days_of_cover", s->min_cover_days);
        cJSON_AddItemToArray(so, o);
    }

    /* goods at sea by product (parameters.transit; docs/model.md "Goods in transit") */
    if (r->in_transit) {
        cJSON *gt = cJSON_AddArrayToObject(root, "goods_in_transit");
        for (size_t p = 0; p < S; p++) {
            if (!(r->in_transit0[p] > 0))
                continue;
            double lo = r->in_transit0[p];
            int dlo = -1;
            for (size_t t = 0; t < r->T; t++)
                if (r->in_transit[t * S + p] < lo) {
                    lo = r->in_transit[t * S + p];
                    dlo = (int)t;
                }
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "product", m->sectors[p].code);
            add_money(o, m, "at_start", r->in_transit0[p]);
            add_money(o, m, "at_end", r->in_transit[(r->T - 1) * S + p]);
            add_money(o, m, "lowest", lo);
            cJSON_AddItemToObject(o, "lowest_day", day_or_null(dlo));
            cJSON_AddItemToArray(gt, o);
        }
    }

    cJSON *co = cJSON_AddArrayToObject(root, "collapsed");
    for (size_t i = 0; i < n; i++) {
        if (r->collapse_day[i] < 0)
            continue;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "region", m->regions[i / S].code);
        cJSON_AddStringToObject(o, "sector", m->sectors[i % S].code);
        cJSON_AddNumberToObject(o, "day", r->collapse_day[i]);
        add_date(o, "date", sc, r->collapse_day[i]);
        cJSON_AddItemToArray(co, o);
    }
    cJSON_AddBoolToObject(root, "economy_collapsed", r->economy_collapse_day >= 0);
    cJSON_AddItemToObject(root, "economy_collapse_day", day_or_null(r->economy_collapse_day));
    cJSON_AddItemToObject(root, "all_industries_input_limited_day", day_or_null(r->all_limited_day));
    /* reporting groups: weighted sums over member industries (docs/model.md §2 "Recording") */
    cJSON *gr = cJSON_AddObjectToObject(root, "groups");
    for (size_t g = 0; g < sc->n_groups && g < l->n_groups; g++) {
        const ts_group *G = &sc->groups[g];
        cJSON *o = cJSON_CreateObject(), *mem = cJSON_CreateArray();
        for (size_t k = 0; k < G->n; k++) {
            cJSON *x = cJSON_CreateObject();
            cJSON_AddStringToObject(x, "industry", G->members[k].label);
            cJSON_AddNumberToObject(x, "weight", G->members[k].weight);
            cJSON_AddItemToArray(mem, x);
        }
        cJSON_AddItemToObject(o, "first_stockout_day", day_or_null(l->group_first_stockout[g]));
        add_date(o, "first_stockout_date", sc, l->group_first_stockout[g]);
        add_money(o, m, "output_loss", l->group[g]);
        cJSON_AddNumberToObject(o, "output_loss_pct", pct(l->group[g], l->group_base[g]));
        add_money(o, m, "value_added_loss", l->group_va[g]);
        add_money(o, m, "baseline_output", l->group_base[g]);
        cJSON_AddItemToObject(o, "members", mem);
        cJSON_AddItemToObject(gr, G->name, o);
    }
    cJSON *w = cJSON_AddArrayToObject(root, "warnings");
    if (r->economy_collapse_day >= 0)
        cJSON_AddItemToArray(w, cJSON_CreateString(
                                    "world output fell below collapse_threshold of its baseline: "
                                    "the economy collapsed (see economy_collapse_day)"));
    if (r->all_limited_day >= 0)
        cJSON_AddItemToArray(w, cJSON_CreateString(
                                    "every producing industry was input-limited on one day "
                                    "(see all_industries_input_limited_day)"));
    cJSON_AddItemToObject(root, "events_log", ts_output_events_log(r, sc));

    char *txt = cJSON_Print(root);
    cJSON_Delete(root);
    if (!txt)
        return ts_error_set(err, TS_ERR_NOMEM, path, 0, 0, NULL, "out of memory");
    FILE *f = fopen(path, "w");
    if (!f) {
        free(txt);
        return ts_error_set(err, TS_ERR_IO, path, 0, 0, NULL, "cannot create file");
    }
    fputs(txt, f);
    fputc('\n', f);
    free(txt);
    if (ferror(f) | fclose(f))
        return ts_error_set(err, TS_ERR_IO, path, 0, 0, NULL, "write failed");
    return TS_OK;
}
