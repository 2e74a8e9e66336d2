/* timeseries.nc: netCDF-4, CF-1.8 (output.h documents the layout).
 *
 * Every time-varying variable is defined and written through def_series()/put_series(),
 * which put the nc_layout's leading dimensions in front of (time, ...). A single run has
 * none. An ensemble writer adds one, `quantile` (coordinate variable quantile(quantile),
 * values in [0, 1]), sets lead_index to the quantile being written and calls the same
 * functions once per quantile: the rest of the file does not change. */
#include <limits.h>
#include <math.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "output/internal.h"

#define FLOW_UNITS "1e6 USD/day"

enum { D_TIME, D_REGION, D_SECTOR, D_PRODUCT, D_PARTNER, D_COVER, D_GROUP, D_COUNT };

typedef struct nc_layout {
    int nc;             /* file id */
    int dim[D_COUNT];   /* dimension ids (D_COVER, D_GROUP = -1 when there is none) */
    int n_lead;         /* leading dimensions of every series (0: single run) */
    int lead[2];        /* their ids */
    size_t lead_index[2]; /* position written by put_series() */
} nc_layout;

static ts_status nc_fail(const char *path, int rc, const char *what, ts_error *err)
{
    return ts_error_set(err, rc == NC_ENOMEM ? TS_ERR_NOMEM : TS_ERR_IO, path, 0, 0, NULL,
                        "netCDF: %s: %s", what, nc_strerror(rc));
}

#define TRY(call, what)                                                                      \
    do {                                                                                     \
        int rc_ = (call);                                                                    \
        if (rc_ != NC_NOERR) {                                                               \
            st = nc_fail(path, rc_, what, err);                                              \
            goto fail;                                                                       \
        }                                                                                    \
    } while (0)

static int put_text(int nc, int var, const char *name, const char *text)
{
    return nc_put_att_text(nc, var, name, strlen(text), text);
}

/* A variable with units, long_name and (optionally) coordinates; compressed when big. */
static int def_var(int nc, const char *name, nc_type type, int nd, const int *dims,
                   const char *units, const char *long_name, const char *coords, int *id)
{
    int rc = nc_def_var(nc, name, type, nd, dims, id);
    if (!rc && nd >= 2)
        rc = nc_def_var_deflate(nc, *id, 1, 1, 1);
    if (!rc && units)
        rc = put_text(nc, *id, "units", units);
    if (!rc)
        rc = put_text(nc, *id, "long_name", long_name);
    if (!rc && coords)
        rc = put_text(nc, *id, "coordinates", coords);
    return rc;
}

/* A time series: the layout's leading dimensions, then time, then @p dims. */
static int def_series(const nc_layout *L, const char *name, nc_type type, int nd,
                      const int *dims, const char *units, const char *long_name,
                      const char *coords, int *id)
{
    int all[8], k = 0;
    for (int a = 0; a < L->n_lead; a++)
        all[k++] = L->lead[a];
    all[k++] = L->dim[D_TIME];
    for (int a = 0; a < nd; a++)
        all[k++] = dims[a];
    int rc = def_var(L->nc, name, type, k, all, units, long_name, coords, id);
    if (!rc && nd > 0) { /* chunks: whole time axis of one row of the first dimension */
        size_t ch[8], len;
        for (int a = 0; a < k; a++) {
            nc_inq_dimlen(L->nc, all[a], &len);
            ch[a] = a < L->n_lead ? 1 : (a == L->n_lead + 1 && nd > 1) ? 1 : len;
        }
        rc = nc_def_var_chunking(L->nc, *id, NC_CHUNKED, ch);
    }
    return rc;
}

/* Write a whole series (every leading index fixed at lead_index). */
static int put_series(const nc_layout *L, int id, const void *data, nc_type type)
{
    size_t start[8] = {0}, count[8];
    int nd, dims[8];
    nc_inq_varndims(L->nc, id, &nd);
    nc_inq_vardimid(L->nc, id, dims);
    for (int a = 0; a < nd; a++) {
        if (a < L->n_lead) {
            start[a] = L->lead_index[a];
            count[a] = 1;
        } else {
            nc_inq_dimlen(L->nc, dims[a], &count[a]);
        }
    }
    if (type == NC_BYTE)
        return nc_put_vara_schar(L->nc, id, start, count, data);
    return nc_put_vara_double(L->nc, id, start, count, data);
}

static int put_labels(int nc, int id, const ts_label *l, size_t k, int names)
{
    const char **s = malloc((k ? k : 1) * sizeof *s);
    if (!s)
        return NC_ENOMEM;
    for (size_t a = 0; a < k; a++)
        s[a] = names ? (l[a].name ? l[a].name : "") : l[a].code;
    int rc = nc_put_var_string(nc, id, s);
    free(s);
    return rc;
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
        if (ev->end == INT_MAX)
            snprintf(tmp, sizeof tmp, " days %d-end", ev->start);
        else
            snprintf(tmp, sizeof tmp, " days %d-%d", ev->start, ev->end);
        append(&b, &n, &c, tmp);
    }
    return b;
}

static int global_attributes(int nc, const ts_result *r, const ts_mrio *m, const ts_scenario *sc,
                             const ts_run_info *info)
{
    char date[16];
    ts_scenario_date(sc, 0, date, sizeof date);
    char *title = ts_asprintf("tradeshock simulation of scenario %s", sc->name ? sc->name : "");
    char *source = ts_asprintf("tradeshock %s (daily ARIO-type supply-chain model)", TS_VERSION);
    char *events = events_text(sc, m);
    int rc = (!title || !source || !events) ? NC_ENOMEM : NC_NOERR;
    const ts_params *p = &sc->params;
    int horizon = (int)r->T;
    if (!rc) rc = put_text(nc, NC_GLOBAL, "Conventions", "CF-1.8");
    if (!rc) rc = put_text(nc, NC_GLOBAL, "title", title);
    if (!rc) rc = put_text(nc, NC_GLOBAL, "source", source);
    if (!rc) rc = put_text(nc, NC_GLOBAL, "tradeshock_version", TS_VERSION);
    if (!rc) rc = put_text(nc, NC_GLOBAL, "scenario", sc->name ? sc->name : "");
    if (!rc) rc = put_text(nc, NC_GLOBAL, "scenario_file",
                           info && info->scenario_file ? info->scenario_file : (sc->file ? sc->file : ""));
    if (!rc) rc = put_text(nc, NC_GLOBAL, "scenario_events", events);
    if (!rc) rc = put_text(nc, NC_GLOBAL, "start_date", date);
    if (!rc) rc = nc_put_att_int(nc, NC_GLOBAL, "horizon_days", NC_INT, 1, &horizon);
    if (!rc) rc = put_text(nc, NC_GLOBAL, "table", m->name ? m->name : "");
    if (!rc) rc = put_text(nc, NC_GLOBAL, "table_path",
                           info && info->table_path ? info->table_path : (m->path ? m->path : ""));
    if (!rc && m->year) rc = put_text(nc, NC_GLOBAL, "table_year", m->year);
    if (!rc && m->source) rc = put_text(nc, NC_GLOBAL, "table_source", m->source);
    if (!rc && m->licence) rc = put_text(nc, NC_GLOBAL, "table_licence", m->licence);
    const struct { const char *k; double v; } par[] = {
        {"parameter_inventory_days", p->inventory_days},
        {"parameter_psi", p->psi},
        {"parameter_restoration_days", p->restoration_days},
        {"parameter_alpha_max", p->alpha_max},
        {"parameter_alpha_tau_days", p->alpha_tau_days},
        {"parameter_collapse_threshold", p->collapse_threshold},
    };
    for (size_t k = 0; k < sizeof par / sizeof par[0] && !rc; k++)
        rc = nc_put_att_double(nc, NC_GLOBAL, par[k].k, NC_DOUBLE, 1, &par[k].v);
    if (!rc) rc = put_text(nc, NC_GLOBAL, "comment",
                           "Flows are M USD/day (annual table values / 365). inventory_days is "
                           "stored compressed by gathering (CF 8.2) over (region, sector, "
                           "product) for the recorded (industry, input) pairs. summary.json holds "
                           "totals and rankings, stockouts.csv the stock-outs.");
    free(title);
    free(source);
    free(events);
    return rc;
}

ts_status ts_output_write_netcdf(const ts_result *r, const ts_mrio *m, const ts_scenario *sc,
                                 const ts_run_info *info, const char *path, ts_error *err)
{
    size_t T = r->T, R = r->R, S = r->S, n = r->n, NC = r->n_cover, G = sc->n_groups;
    nc_layout L = {.nc = -1, .n_lead = 0};
    ts_status st = TS_OK;
    double *buf = NULL, *buf2 = NULL, *gbuf = NULL;
    const char **gnames = NULL;
    int *ibuf = NULL;
    char *units = NULL;
    int v_time, v_rc, v_rn, v_sc, v_sn, v_pc, v_qc, v_x0, v_prod, v_cap, v_dem, v_unm, v_lim,
        v_unr, v_exp, v_imp, v_rloss, v_wloss, v_cp = -1, v_cov = -1, v_gn = -1, v_gb = -1,
        v_gl = -1;

    TRY(nc_create(path, NC_NETCDF4 | NC_CLOBBER, &L.nc), "create");
    TRY(nc_set_fill(L.nc, NC_NOFILL, NULL), "set fill");
    TRY(nc_def_dim(L.nc, "time", T, &L.dim[D_TIME]), "define dimension time");
    TRY(nc_def_dim(L.nc, "region", R, &L.dim[D_REGION]), "define dimension region");
    TRY(nc_def_dim(L.nc, "sector", S, &L.dim[D_SECTOR]), "define dimension sector");
    TRY(nc_def_dim(L.nc, "product", S, &L.dim[D_PRODUCT]), "define dimension product");
    TRY(nc_def_dim(L.nc, "partner", R, &L.dim[D_PARTNER]), "define dimension partner");
    L.dim[D_COVER] = -1;
    L.dim[D_GROUP] = -1;
    if (NC) /* a zero length would make it unlimited */
        TRY(nc_def_dim(L.nc, "cover_pair", NC, &L.dim[D_COVER]), "define dimension cover_pair");
    if (G)
        TRY(nc_def_dim(L.nc, "group", G, &L.dim[D_GROUP]), "define dimension group");

    char date[16];
    ts_scenario_date(sc, 0, date, sizeof date);
    units = ts_asprintf("days since %s", date);
    if (!units) {
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto fail;
    }
    TRY(def_var(L.nc, "time", NC_DOUBLE, 1, &L.dim[D_TIME], units,
                "simulated day (day 0 = scenario start date)", NULL, &v_time), "define time");
    TRY(put_text(L.nc, v_time, "standard_name", "time"), "attribute");
    TRY(put_text(L.nc, v_time, "calendar", "standard"), "attribute");
    TRY(put_text(L.nc, v_time, "axis", "T"), "attribute");
    TRY(def_var(L.nc, "region_code", NC_STRING, 1, &L.dim[D_REGION], NULL, "region code", NULL,
                &v_rc), "define region_code");
    TRY(def_var(L.nc, "region_name", NC_STRING, 1, &L.dim[D_REGION], NULL, "region name", NULL,
                &v_rn), "define region_name");
    TRY(def_var(L.nc, "sector_code", NC_STRING, 1, &L.dim[D_SECTOR], NULL, "sector code", NULL,
                &v_sc), "define sector_code");
    TRY(def_var(L.nc, "sector_name", NC_STRING, 1, &L.dim[D_SECTOR], NULL, "sector name", NULL,
                &v_sn), "define sector_name");
    TRY(def_var(L.nc, "product_code", NC_STRING, 1, &L.dim[D_PRODUCT], NULL,
                "input product code (the sector that makes it)", NULL, &v_pc), "define product_code");
    TRY(def_var(L.nc, "partner_code", NC_STRING, 1, &L.dim[D_PARTNER], NULL,
                "trade partner region code", NULL, &v_qc), "define partner_code");

    const char *rs = "region_code sector_code";
    int d_rs[2] = {L.dim[D_REGION], L.dim[D_SECTOR]};
    int d_rp[2] = {L.dim[D_REGION], L.dim[D_PARTNER]};
    TRY(def_var(L.nc, "baseline_output", NC_DOUBLE, 2, d_rs, FLOW_UNITS,
                "baseline (pre-shock) gross output", rs, &v_x0), "define baseline_output");
    TRY(def_series(&L, "production", NC_DOUBLE, 2, d_rs, FLOW_UNITS, "realised gross output", rs,
                   &v_prod), "define production");
    TRY(def_series(&L, "capacity", NC_DOUBLE, 2, d_rs, FLOW_UNITS,
                   "production capacity (overproduction and capacity losses applied)", rs, &v_cap),
        "define capacity");
    TRY(def_series(&L, "demand", NC_DOUBLE, 2, d_rs, FLOW_UNITS,
                   "total deliverable demand (orders of clients plus final demand)", rs, &v_dem),
        "define demand");
    TRY(def_series(&L, "unmet_final_demand", NC_DOUBLE, 2, d_rs, FLOW_UNITS,
                   "final demand not served, by supplying industry", rs, &v_unm),
        "define unmet_final_demand");
    TRY(def_series(&L, "input_limited", NC_BYTE, 2, d_rs, NULL,
                   "1 if a missing input constrained the industry's production that day", rs,
                   &v_lim), "define input_limited");
    signed char flags[2] = {0, 1};
    TRY(nc_put_att_schar(L.nc, v_lim, "flag_values", NC_BYTE, 2, flags), "attribute");
    TRY(put_text(L.nc, v_lim, "flag_meanings", "not_limited input_limited"), "attribute");
    TRY(def_series(&L, "unmet_final_demand_by_consumer", NC_DOUBLE, 1, &L.dim[D_REGION],
                   FLOW_UNITS, "final demand not served, by consuming region", "region_code",
                   &v_unr), "define unmet_final_demand_by_consumer");
    TRY(def_series(&L, "exports", NC_DOUBLE, 2, d_rp, FLOW_UNITS,
                   "deliveries (intermediate and final) from region to partner; 0 on the diagonal",
                   "region_code partner_code", &v_exp), "define exports");
    TRY(def_series(&L, "imports", NC_DOUBLE, 2, d_rp, FLOW_UNITS,
                   "deliveries (intermediate and final) from partner to region; 0 on the diagonal",
                   "region_code partner_code", &v_imp), "define imports");
    TRY(def_series(&L, "region_output_loss", NC_DOUBLE, 1, &L.dim[D_REGION], FLOW_UNITS,
                   "output loss of the region: sum over sectors of baseline_output - production",
                   "region_code", &v_rloss), "define region_output_loss");
    TRY(def_series(&L, "world_output_loss", NC_DOUBLE, 0, NULL, FLOW_UNITS,
                   "world output loss: sum over industries of baseline_output - production", NULL,
                   &v_wloss), "define world_output_loss");
    if (NC) {
        TRY(def_var(L.nc, "cover_pair", NC_INT, 1, &L.dim[D_COVER], NULL,
                    "recorded (region, sector, input product): (r*sector + s)*product + p",
                    NULL, &v_cp), "define cover_pair");
        TRY(put_text(L.nc, v_cp, "compress", "region sector product"), "attribute");
        TRY(def_series(&L, "inventory_days", NC_DOUBLE, 1, &L.dim[D_COVER], "day",
                       "stock of the input product at the start of the day, in days of "
                       "baseline use", NULL, &v_cov), "define inventory_days");
        double fill = NAN;
        TRY(nc_put_att_double(L.nc, v_cov, "_FillValue", NC_DOUBLE, 1, &fill), "attribute");
    }
    if (G) {
        TRY(def_var(L.nc, "group_name", NC_STRING, 1, &L.dim[D_GROUP], NULL,
                    "reporting group (scenario `groups`)", NULL, &v_gn), "define group_name");
        TRY(def_var(L.nc, "group_baseline_output", NC_DOUBLE, 1, &L.dim[D_GROUP], FLOW_UNITS,
                    "baseline output of the group: sum of weight x baseline_output of its members",
                    "group_name", &v_gb), "define group_baseline_output");
        TRY(def_series(&L, "group_output_loss", NC_DOUBLE, 1, &L.dim[D_GROUP], FLOW_UNITS,
                       "output loss of the group: sum of weight x (baseline_output - production) "
                       "of its members", "group_name", &v_gl), "define group_output_loss");
    }
    TRY(global_attributes(L.nc, r, m, sc, info), "global attributes");
    TRY(nc_enddef(L.nc), "end of definitions");

    size_t big = T * (n > R * R ? n : R * R);
    buf = malloc((big ? big : 1) * sizeof *buf);
    buf2 = malloc((T * R * R > 0 ? T * R * R : 1) * sizeof *buf2);
    ibuf = malloc((NC ? NC : 1) * sizeof *ibuf);
    if (!buf || !buf2 || !ibuf) {
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto fail;
    }
    for (size_t t = 0; t < T; t++)
        buf[t] = (double)t;
    TRY(nc_put_var_double(L.nc, v_time, buf), "write time");
    TRY(put_labels(L.nc, v_rc, m->regions, R, 0), "write region_code");
    TRY(put_labels(L.nc, v_rn, m->regions, R, 1), "write region_name");
    TRY(put_labels(L.nc, v_sc, m->sectors, S, 0), "write sector_code");
    TRY(put_labels(L.nc, v_sn, m->sectors, S, 1), "write sector_name");
    TRY(put_labels(L.nc, v_pc, m->sectors, S, 0), "write product_code");
    TRY(put_labels(L.nc, v_qc, m->regions, R, 0), "write partner_code");
    TRY(nc_put_var_double(L.nc, v_x0, r->x0), "write baseline_output");
    TRY(put_series(&L, v_prod, r->production, NC_DOUBLE), "write production");
    TRY(put_series(&L, v_cap, r->capacity, NC_DOUBLE), "write capacity");
    TRY(put_series(&L, v_dem, r->demand, NC_DOUBLE), "write demand");
    TRY(put_series(&L, v_unm, r->unmet_fd, NC_DOUBLE), "write unmet_final_demand");
    signed char *lim = (signed char *)buf; /* T*n bytes fit in T*n doubles */
    for (size_t k = 0; k < T * n; k++)
        lim[k] = r->limited[k] ? 1 : 0;
    TRY(put_series(&L, v_lim, lim, NC_BYTE), "write input_limited");
    TRY(put_series(&L, v_unr, r->unmet_fd_region, NC_DOUBLE), "write unmet_final_demand_by_consumer");
    for (size_t t = 0; t < T; t++)
        for (size_t a = 0; a < R; a++)
            for (size_t b = 0; b < R; b++) {
                const double *tr = r->trade + t * R * R;
                buf[t * R * R + a * R + b] = a == b ? 0.0 : tr[a * R + b];
                buf2[t * R * R + a * R + b] = a == b ? 0.0 : tr[b * R + a];
            }
    TRY(put_series(&L, v_exp, buf, NC_DOUBLE), "write exports");
    TRY(put_series(&L, v_imp, buf2, NC_DOUBLE), "write imports");
    for (size_t t = 0; t < T; t++) {
        double world = 0;
        for (size_t q = 0; q < R; q++) {
            double s = 0;
            for (size_t k = 0; k < S; k++)
                s += r->x0[q * S + k] - r->production[t * n + q * S + k];
            buf[t * R + q] = s;
            world += s;
        }
        buf2[t] = world;
    }
    TRY(put_series(&L, v_rloss, buf, NC_DOUBLE), "write region_output_loss");
    TRY(put_series(&L, v_wloss, buf2, NC_DOUBLE), "write world_output_loss");
    if (NC) {
        for (size_t k = 0; k < NC; k++) {
            size_t j = (size_t)r->cover_pairs[k].industry, p = (size_t)r->cover_pairs[k].product;
            ibuf[k] = (int)(j * S + p); /* (r*S + s)*S + p with j = r*S + s */
        }
        TRY(nc_put_var_int(L.nc, v_cp, ibuf), "write cover_pair");
        TRY(put_series(&L, v_cov, r->cover, NC_DOUBLE), "write inventory_days");
    }
    if (G) {
        gnames = malloc(G * sizeof *gnames);
        gbuf = malloc((T + 1) * G * sizeof *gbuf);
        if (!gnames || !gbuf) {
            st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
            goto fail;
        }
        double *base = gbuf, *loss = gbuf + G;
        for (size_t g = 0; g < G; g++) {
            const ts_group *gr = &sc->groups[g];
            gnames[g] = gr->name ? gr->name : "";
            base[g] = 0;
            for (size_t t = 0; t < T; t++)
                loss[t * G + g] = 0;
            for (size_t k = 0; k < gr->n; k++) {
                int j = gr->members[k].industry;
                double w = gr->members[k].weight;
                if (j < 0 || (size_t)j >= n)
                    continue;
                base[g] += w * r->x0[j];
                for (size_t t = 0; t < T; t++)
                    loss[t * G + g] += w * (r->x0[j] - r->production[t * n + (size_t)j]);
            }
        }
        TRY(nc_put_var_string(L.nc, v_gn, gnames), "write group_name");
        TRY(nc_put_var_double(L.nc, v_gb, base), "write group_baseline_output");
        TRY(put_series(&L, v_gl, loss, NC_DOUBLE), "write group_output_loss");
    }
    int nc = L.nc;
    L.nc = -1;
    TRY(nc_close(nc), "close");
    goto done;
fail:
    if (L.nc >= 0)
        nc_close(L.nc);
    remove(path);
done:
    free(buf);
    free(buf2);
    free(ibuf);
    free(gbuf);
    free(gnames);
    free(units);
    return st;
}
