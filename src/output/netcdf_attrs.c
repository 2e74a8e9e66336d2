/* timeseries.nc's global attributes (output.h lists them): the scenario with every
 * parameter (scalars as parameter_* attributes, the whole set as JSON text), its events
 * (one line each, and as JSON), the retaliation rules and the answers they gave during
 * the run, the table and its source. */
#include <limits.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "output/internal.h"

static int put_text(int nc, const char *name, const char *text)
{
    return nc_put_att_text(nc, NC_GLOBAL, name, strlen(text), text);
}

static void append(char **buf, size_t *len, size_t *cap, const char *s)
{
    size_t k = strlen(s);
    if (!*buf || *len + k + 1 > *cap) {
        size_t nc = (*cap ? *cap * 2 : 256) + k;
        char *b = realloc(*buf, nc);
        if (!b)
            return;
        *buf = b;
        *cap = nc;
    }
    memcpy(*buf + *len, s, k + 1);
    *len += k;
}

static void append_codes(char **b, size_t *n, size_t *c, const char *key, const ts_code_list *l,
                         const ts_label *labels)
{
    if (!l->n_idx)
        return;
    append(b, n, c, key);
    for (size_t k = 0; k < l->n_idx; k++) {
        append(b, n, c, k ? "," : "");
        append(b, n, c, labels[l->idx[k]].code);
    }
}

/* One line per event: "type name: from CHN, to USA, products REE, share 0.75, days 0-end". */
static char *events_text(const ts_scenario *sc, const ts_mrio *m)
{
    char *b = NULL, tmp[96];
    size_t n = 0, c = 0;
    append(&b, &n, &c, "");
    for (size_t e = 0; e < sc->n_events; e++) {
        const ts_event *ev = &sc->events[e];
        append(&b, &n, &c, e ? "\n" : "");
        append(&b, &n, &c, ts_event_type_name(ev->type));
        append(&b, &n, &c, ev->name ? " " : "");
        append(&b, &n, &c, ev->name ? ev->name : "");
        append(&b, &n, &c, ":");
        append_codes(&b, &n, &c, " from ", &ev->from, m->regions);
        append_codes(&b, &n, &c, " to ", &ev->to, m->regions);
        append_codes(&b, &n, &c, " regions ", &ev->regions, m->regions);
        append_codes(&b, &n, &c, " products ", &ev->products, m->sectors);
        append_codes(&b, &n, &c, " sectors ", &ev->sectors, m->sectors);
        if (ev->type == TS_EVENT_TARIFF)
            snprintf(tmp, sizeof tmp, " rate %.6g", ev->rate);
        else if (ev->type != TS_EVENT_TRUCE)
            snprintf(tmp, sizeof tmp, " share %.6g", ev->share);
        else
            tmp[0] = 0;
        append(&b, &n, &c, tmp);
        for (size_t k = 0; ev->type == TS_EVENT_TRUCE && k < ev->n_ends; k++) {
            append(&b, &n, &c, k ? "," : " ends ");
            append(&b, &n, &c, ev->ends[k]);
        }
        if (ev->end == INT_MAX)
            snprintf(tmp, sizeof tmp, " days %d-end", ev->start);
        else
            snprintf(tmp, sizeof tmp, " days %d-%d", ev->start, ev->end);
        append(&b, &n, &c, tmp);
    }
    return b;
}

/* One line per retaliation answer: "day 23 (2025-11-01): <action>". */
static char *answers_text(const ts_result *r, const ts_scenario *sc)
{
    char *b = NULL, tmp[600], date[16];
    size_t n = 0, c = 0;
    append(&b, &n, &c, "");
    for (size_t k = 0; k < r->n_answers; k++) {
        const ts_answer *a = &r->answers[k];
        ts_scenario_date(sc, a->fired_day, date, sizeof date);
        snprintf(tmp, sizeof tmp, "%sday %d (%s): %s", k ? "\n" : "", a->fired_day, date,
                 a->text);
        append(&b, &n, &c, tmp);
    }
    return b;
}

/* @p j as compact JSON text in attribute @p name (j is freed). */
static int put_json(int nc, const char *name, cJSON *j)
{
    char *t = j ? cJSON_PrintUnformatted(j) : NULL;
    cJSON_Delete(j);
    int rc = t ? put_text(nc, name, t) : NC_ENOMEM;
    free(t);
    return rc;
}

int ts_output_netcdf_attributes(int nc, const ts_result *r, const ts_mrio *m,
                                const ts_scenario *sc, const ts_run_info *info)
{
    char date[16];
    ts_scenario_date(sc, 0, date, sizeof date);
    char *title = ts_asprintf("tradeshock simulation of scenario %s", sc->name ? sc->name : "");
    char *source = ts_asprintf("tradeshock %s (daily ARIO-type supply-chain model)", TS_VERSION);
    char *events = events_text(sc, m), *answers = answers_text(r, sc);
    int rc = (!title || !source || !events || !answers) ? NC_ENOMEM : NC_NOERR;
    const ts_params *p = &sc->params;
    int horizon = (int)r->T, n_answers = (int)r->n_answers;
    if (!rc) rc = put_text(nc, "Conventions", "CF-1.8");
    if (!rc) rc = put_text(nc, "title", title);
    if (!rc) rc = put_text(nc, "source", source);
    if (!rc) rc = put_text(nc, "tradeshock_version", TS_VERSION);
    if (!rc) rc = put_text(nc, "scenario", sc->name ? sc->name : "");
    if (!rc) rc = put_text(nc, "scenario_file",
                           info && info->scenario_file ? info->scenario_file : (sc->file ? sc->file : ""));
    if (!rc) rc = put_text(nc, "scenario_events", events);
    if (!rc) rc = put_text(nc, "start_date", date);
    if (!rc) rc = nc_put_att_int(nc, NC_GLOBAL, "horizon_days", NC_INT, 1, &horizon);
    if (!rc) rc = put_text(nc, "table", m->name ? m->name : "");
    if (!rc) rc = put_text(nc, "table_path",
                           info && info->table_path ? info->table_path : (m->path ? m->path : ""));
    if (!rc && m->year) rc = put_text(nc, "table_year", m->year);
    if (!rc) rc = put_text(nc, "table_unit", m->unit ? m->unit : "M USD/year");
    if (!rc) rc = put_text(nc, "table_currency", ts_mrio_currency(m));
    if (!rc && m->source) rc = put_text(nc, "table_source", m->source);
    if (!rc && m->licence) rc = put_text(nc, "table_licence", m->licence);
    const struct { const char *k; double v; } par[] = {
        {"parameter_inventory_days", p->inventory_days},
        {"parameter_psi", p->psi},
        {"parameter_restoration_days", p->restoration_days},
        {"parameter_alpha_max", p->alpha_max},
        {"parameter_alpha_tau_days", p->alpha_tau_days},
        {"parameter_collapse_threshold", p->collapse_threshold},
        {"parameter_capital_to_value_added", p->capital_to_value_added},
        {"parameter_substitution_days", p->substitution_days},
        {"parameter_substitutability", p->substitutability.deflt},
        {"parameter_armington_sigma", p->armington_sigma.deflt},
        {"parameter_import_demand_elasticity", p->import_demand_elasticity},
    };
    for (size_t k = 0; k < sizeof par / sizeof par[0] && !rc; k++)
        rc = nc_put_att_double(nc, NC_GLOBAL, par[k].k, NC_DOUBLE, 1, &par[k].v);
    if (!rc) rc = put_text(nc, "parameter_mode", p->mode == TS_MODE_ARIO ? "ario" : "default");
    if (!rc) rc = put_text(nc, "parameter_rationing",
                           p->priority_rationing ? "priority" : "proportional");
    /* the whole echo of summary.json (per-product values, events, rules, splits) */
    if (!rc) rc = put_json(nc, "scenario_json", ts_output_scenario_echo(sc, m));
    if (!rc) rc = nc_put_att_int(nc, NC_GLOBAL, "retaliation_answer_count", NC_INT, 1, &n_answers);
    if (!rc) rc = put_text(nc, "retaliation_answers", answers);
    if (!rc) rc = put_json(nc, "retaliation_answers_json", ts_output_events_log(r, sc));
    char *comment = ts_asprintf(
        "Flows are %s/day (annual table values / 365) in the table's prices (table_year). "
        "scenario_json holds every parameter, event and retaliation rule as summary.json echoes "
        "them; retaliation_answers the answers given during the run. summary.json holds totals "
        "and rankings, stockouts.csv the stock-outs.", ts_mrio_money(m));
    if (!rc) rc = comment ? put_text(nc, "comment", comment) : NC_ENOMEM;
    free(comment);
    free(title);
    free(source);
    free(events);
    free(answers);
    return rc;
}
