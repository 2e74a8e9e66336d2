/* Scenario lifetime, defaults, dates and ts_scenario_resolve() (codes -> table indices). */
#include "scenario/internal.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "tradeshock/ensemble.h"

const char *ts_event_type_name(ts_event_type t)
{
    switch (t) {
    case TS_EVENT_EXPORT_RESTRICTION: return "export_restriction";
    case TS_EVENT_TARIFF: return "tariff";
    case TS_EVENT_CAPACITY_LOSS: return "capacity_loss";
    case TS_EVENT_DEMAND_CHANGE: return "demand_change";
    case TS_EVENT_TRUCE: return "truce";
    case TS_EVENT_CAPITAL_DESTRUCTION: return "capital_destruction";
    }
    return "unknown";
}

const char *ts_recovery_name(ts_recovery r)
{
    switch (r) {
    case TS_RECOVERY_LINEAR: return "linear";
    case TS_RECOVERY_CONVEX: return "convex";
    case TS_RECOVERY_CONCAVE: return "concave";
    }
    return "unknown";
}

void ts_params_default(ts_params *p)
{
    if (!p)
        return;
    memset(p, 0, sizeof *p);
    p->inventory_days = 90.0;
    p->psi = 0.8;
    p->restoration_days = 60.0;
    p->alpha_max = 1.25;
    p->alpha_tau_days = 365.0;
    p->collapse_threshold = 0.1;
    p->capital_to_value_added = 4.0;
    p->mode = TS_MODE_DEFAULT;
    p->ario_quirks_off = 0;
    sc_policy_defaults(p);
}

void sc_code_list_clear(ts_code_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        free(l->codes ? l->codes[i] : NULL);
    free(l->codes);
    free(l->lines);
    free(l->idx);
    memset(l, 0, sizeof *l);
}

static void params_free(ts_params *p)
{
    for (size_t i = 0; i < p->n_product_days; i++)
        free(p->product_days_codes ? p->product_days_codes[i] : NULL);
    free(p->product_days_codes);
    free(p->product_days_lines);
    free(p->product_days);
    free(p->inventory_days_by_product);
    for (size_t i = 0; i < p->n_buyer_days; i++)
        free(p->buyer_days_codes ? p->buyer_days_codes[i] : NULL);
    free(p->buyer_days_codes);
    free(p->buyer_days_lines);
    free(p->buyer_days_product);
    free(p->buyer_days);
    free(p->inventory_days_matrix);
}

void ts_scenario_free(ts_scenario *sc)
{
    if (!sc)
        return;
    for (size_t i = 0; i < sc->n_events && sc->events; i++) {
        ts_event *e = &sc->events[i];
        free(e->name);
        sc_code_list_clear(&e->from);
        sc_code_list_clear(&e->to);
        sc_code_list_clear(&e->products);
        sc_code_list_clear(&e->regions);
        sc_code_list_clear(&e->sectors);
        sc_code_list_clear(&e->exempt);
        sc_code_list_clear(&e->buyers);
        sc_code_list_clear(&e->content_of);
        free(e->buyer_mask);
        free(e->approval_from);
        free(e->approval_rate);
        free(e->content_share);
        for (size_t k = 0; k < e->n_ends; k++)
            free(e->ends ? e->ends[k] : NULL);
        free(e->ends);
    }
    free(sc->events);
    sc_policy_free(sc);
    params_free(&sc->params);
    free(sc->file);
    free(sc->name);
    free(sc->table);
    free(sc->table_path);
    free(sc->observations);
    ts_ensemble_spec_free(sc->ensemble);
    free(sc);
}

void ts_scenario_date(const ts_scenario *sc, int day, char *buf, size_t len)
{
    if (!buf || len == 0)
        return;
    if (!sc) {
        buf[0] = 0;
        return;
    }
    if (day == INT_MAX) {
        snprintf(buf, len, "open");
        return;
    }
    int y, m, d;
    long base = ts_days_from_civil(sc->start_year, sc->start_month, sc->start_day);
    ts_civil_from_days(base + day, &y, &m, &d);
    snprintf(buf, len, "%04d-%02d-%02d", y, m, d);
}

/* ---- resolution ------------------------------------------------------------- */

typedef struct rs_ctx {
    const ts_scenario *sc;
    const ts_mrio *m;
    ts_error *err;
} rs_ctx;

static ts_status rs_nomem(rs_ctx *r)
{
    return ts_error_set(r->err, TS_ERR_NOMEM, r->sc->file, 0, 0, NULL,
                        "out of memory while resolving the scenario");
}

static size_t n_of(const rs_ctx *r, int region) { return region ? r->m->R : r->m->S; }
static const char *code_of(const rs_ctx *r, int region, size_t i)
{
    const ts_label *l = region ? r->m->regions : r->m->sectors;
    return (l && l[i].code) ? l[i].code : "";
}

/* Path of code k of a list: "path[k]" when the list has several codes. */
static void code_path(char *buf, const char *path, const ts_code_list *l, size_t k)
{
    if (l->n > 1)
        sc_path_idx(buf, path, k);
    else
        snprintf(buf, SC_PATH_MAX, "%s", path);
}

static ts_status unknown_code(rs_ctx *r, int region, const char *code, const char *path,
                              long line)
{
    size_t n = n_of(r, region);
    char known[1024];
    size_t off = 0;
    known[0] = 0;
    const char **codes = calloc(n + 1, sizeof *codes);
    if (!codes)
        return rs_nomem(r);
    for (size_t i = 0; i < n; i++) {
        codes[i] = code_of(r, region, i);
        if (i < 40 && off < sizeof known)
            off += (size_t)snprintf(known + off, sizeof known - off, "%s%s", i ? ", " : "",
                                    codes[i]);
    }
    if (n > 40 && off < sizeof known)
        snprintf(known + off, sizeof known - off, ", ... (%zu in all)", n);
    const char *sug = sc_suggest(code, codes, n);
    char hint[128] = "";
    if (sug)
        snprintf(hint, sizeof hint, " - did you mean '%s'?", sug);
    ts_status st = ts_error_set(r->err, TS_ERR_INPUT, r->sc->file, line, 0, path,
                                "'%s' is not a %s of the table%s (known: %s)", code,
                                region ? "region" : "sector (product)", hint, known);
    free(codes);
    return st;
}

/* Map the written codes of @p l onto the table (no `all` / absent handling). */
static ts_status map_codes(rs_ctx *r, ts_code_list *l, int region, const char *path)
{
    free(l->idx);
    l->idx = NULL;
    l->n_idx = 0;
    if (l->n == 0)
        return TS_OK;
    l->idx = malloc(l->n * sizeof *l->idx);
    if (!l->idx)
        return rs_nomem(r);
    char kp[SC_PATH_MAX];
    for (size_t k = 0; k < l->n; k++) {
        int i = region ? ts_mrio_region_index(r->m, l->codes[k])
                       : ts_mrio_sector_index(r->m, l->codes[k]);
        if (i < 0) {
            code_path(kp, path, l, k);
            return unknown_code(r, region, l->codes[k], kp, l->lines ? l->lines[k] : l->line);
        }
        l->idx[l->n_idx++] = i;
    }
    return TS_OK;
}

/* Every index, except those listed in @p minus (may be NULL). */
static ts_status fill_all(rs_ctx *r, ts_code_list *l, int region, const ts_code_list *minus)
{
    size_t n = n_of(r, region);
    free(l->idx);
    l->n_idx = 0;
    l->idx = malloc((n ? n : 1) * sizeof *l->idx);
    if (!l->idx)
        return rs_nomem(r);
    for (size_t i = 0; i < n; i++) {
        int skip = 0;
        for (size_t k = 0; minus && k < minus->n_idx && !skip; k++)
            skip = (minus->idx[k] == (int)i);
        if (!skip)
            l->idx[l->n_idx++] = (int)i;
    }
    return TS_OK;
}

/* A list where absent (when @p absent_all) or `all` means every index. */
static ts_status resolve_list(rs_ctx *r, ts_code_list *l, int region, const char *path,
                              int absent_all)
{
    if (l->all || (!l->present && absent_all))
        return fill_all(r, l, region, NULL);
    if (!l->present) {
        free(l->idx);
        l->idx = NULL;
        l->n_idx = 0;
        return TS_OK;
    }
    return map_codes(r, l, region, path);
}

/*
 * Exporter/importer pair. @p named is the side that must be given (from for a
 * restriction, to for a tariff); the side written `all` (or left out) takes every
 * region not named on the other side. Naming a region on both sides is an error.
 */
static ts_status resolve_pair(rs_ctx *r, ts_code_list *named, const char *named_key,
                              ts_code_list *other, const char *other_key, const char *ep)
{
    char p1[SC_PATH_MAX], p2[SC_PATH_MAX], kp[SC_PATH_MAX];
    sc_path_key(p1, ep, named_key);
    sc_path_key(p2, ep, other_key);
    ts_status st;
    int other_all = other->all || !other->present;
    if (!named->all && (st = map_codes(r, named, 1, p1)))
        return st;
    if (!other_all && (st = map_codes(r, other, 1, p2)))
        return st;
    if (named->all && other_all)
        return ts_error_set(r->err, TS_ERR_INPUT, r->sc->file, named->line, 0, p1,
                            "'%s' is all and '%s' is all or absent: name the regions on one "
                            "side",
                            named_key, other_key);
    if (other_all)
        st = fill_all(r, other, 1, named);
    else if (named->all)
        st = fill_all(r, named, 1, other);
    else {
        st = TS_OK;
        for (size_t a = 0; a < other->n_idx; a++)
            for (size_t b = 0; b < named->n_idx; b++)
                if (other->idx[a] == named->idx[b]) {
                    code_path(kp, p2, other, a);
                    return ts_error_set(r->err, TS_ERR_INPUT, r->sc->file, other->lines[a], 0,
                                        kp,
                                        "region '%s' is in both '%s' and '%s'; flows within "
                                        "a region are not trade",
                                        other->codes[a], named_key, other_key);
                }
    }
    if (st)
        return st;
    ts_code_list *filled = other_all ? other : named;
    if (filled->n_idx == 0) {
        const char *key = other_all ? other_key : named_key;
        long line = filled->present ? filled->line : (other_all ? named->line : other->line);
        sc_path_key(kp, ep, key);
        return ts_error_set(r->err, TS_ERR_INPUT, r->sc->file, line, 0, kp,
                            "no region is left for '%s': every region of the table is named "
                            "in '%s'",
                            key, other_all ? named_key : other_key);
    }
    return TS_OK;
}

static ts_status resolve_event(rs_ctx *r, ts_event *ev, size_t i)
{
    char ep[SC_PATH_MAX], kp[SC_PATH_MAX];
    sc_path_idx(ep, "events", i);
    ts_status st = TS_OK;
    switch (ev->type) {
    case TS_EVENT_EXPORT_RESTRICTION:
    case TS_EVENT_TARIFF:
        if (ev->type == TS_EVENT_EXPORT_RESTRICTION)
            st = resolve_pair(r, &ev->from, "from", &ev->to, "to", ep);
        else
            st = resolve_pair(r, &ev->to, "to", &ev->from, "from", ep);
        if (!st) {
            sc_path_key(kp, ep, "products");
            st = resolve_list(r, &ev->products, 0, kp, 1);
        }
        break;
    case TS_EVENT_CAPACITY_LOSS:
    case TS_EVENT_CAPITAL_DESTRUCTION:
        sc_path_key(kp, ep, "regions");
        st = resolve_list(r, &ev->regions, 1, kp, 1);
        if (!st) {
            sc_path_key(kp, ep, "sectors");
            st = resolve_list(r, &ev->sectors, 0, kp, 1);
        }
        break;
    case TS_EVENT_DEMAND_CHANGE:
        sc_path_key(kp, ep, "regions");
        st = resolve_list(r, &ev->regions, 1, kp, 1);
        if (!st) {
            sc_path_key(kp, ep, "products");
            st = resolve_list(r, &ev->products, 0, kp, 1);
        }
        break;
    case TS_EVENT_TRUCE:
        break;
    }
    return st;
}

ts_status ts_scenario_resolve(ts_scenario *sc, const ts_mrio *m, ts_error *err)
{
    ts_error_clear(err);
    if (!sc || !m)
        return ts_error_set(err, TS_ERR_INTERNAL, NULL, 0, 0, NULL,
                            "ts_scenario_resolve: NULL argument");
    rs_ctx r = {sc, m, err};
    ts_params *p = &sc->params;
    free(p->inventory_days_by_product);
    p->inventory_days_by_product = malloc((m->S ? m->S : 1) * sizeof(double));
    if (!p->inventory_days_by_product)
        return rs_nomem(&r);
    for (size_t s = 0; s < m->S; s++)
        p->inventory_days_by_product[s] = p->inventory_days;
    for (size_t k = 0; k < p->n_product_days; k++) {
        int s = ts_mrio_sector_index(m, p->product_days_codes[k]);
        if (s < 0) {
            char kp[SC_PATH_MAX];
            sc_path_key(kp, "parameters.inventory_days_by_product", p->product_days_codes[k]);
            return unknown_code(&r, 0, p->product_days_codes[k], kp, p->product_days_lines[k]);
        }
        p->inventory_days_by_product[s] =
            isnan(p->product_days[k]) ? p->inventory_days : p->product_days[k];
    }
    size_t S = m->S, n = m->n;
    free(p->inventory_days_matrix);
    p->inventory_days_matrix = malloc((S * n > 0 ? S * n : 1) * sizeof(double));
    if (!p->inventory_days_matrix)
        return rs_nomem(&r);
    for (size_t a = 0; a < S; a++)
        for (size_t j = 0; j < n; j++)
            p->inventory_days_matrix[a * n + j] = p->inventory_days_by_product[a];
    /* buyer keys, least specific first: sector, then region, then industry */
    for (int pass = 0; pass < 3; pass++)
        for (size_t k = 0; k < p->n_buyer_days; k++) {
            const char *prod = p->product_days_codes[p->buyer_days_product[k]];
            const char *key = p->buyer_days_codes[k];
            size_t a = (size_t)ts_mrio_sector_index(m, prod);
            int sec = ts_mrio_sector_index(m, key), reg = ts_mrio_region_index(m, key);
            int ind = sc_industry_index(m, key);
            if (sec < 0 && reg < 0 && ind < 0) {
                char kp[SC_PATH_MAX], kq[SC_PATH_MAX];
                sc_path_key(kq, "parameters.inventory_days_by_product", prod);
                sc_path_key(kp, kq, key);
                return unknown_code(&r, 0, key, kp, p->buyer_days_lines[k]);
            }
            double d = p->buyer_days[k];
            if (pass == 0 && sec >= 0)
                for (size_t q = 0; q < m->R; q++)
                    p->inventory_days_matrix[a * n + q * S + (size_t)sec] = d;
            if (pass == 1 && sec < 0 && reg >= 0)
                for (size_t b = 0; b < S; b++)
                    p->inventory_days_matrix[a * n + (size_t)reg * S + b] = d;
            if (pass == 2 && sec < 0 && reg < 0)
                p->inventory_days_matrix[a * n + (size_t)ind] = d;
        }
    for (size_t i = 0; i < sc->n_events; i++) {
        ts_status st = resolve_event(&r, &sc->events[i], i);
        if (st)
            return st;
    }
    ts_status st = sc_resolve_policy(sc, m, err);
    if (!st)
        st = sc_resolve_content(sc, m, err);
    return st ? st : sc_resolve_ensemble(sc, m, err);
}
