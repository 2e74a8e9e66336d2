/* timeseries.nc: netCDF-4, CF-1.8 (output.h documents the layout).
 *
 * Every time-varying variable is defined and written through def_series()/put_series(),
 * which put the nc_layout's leading dimensions in front of (time, ...). A single run has
 * none. An ensemble writer adds one, `quantile` (coordinate variable quantile(quantile),
 * values in [0, 1]), sets lead_index to the quantile being written and calls the same
 * functions once per quantile: the rest of the file does not change. */
#include <math.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "output/internal.h"



/* inventory_days is dense (time, region, sector, product) up to this many cells a day
 * (regions x sectors x products; output.h). */
#define TS_NC_DENSE_COVER_CELLS ((size_t)32768)

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

/* Chunks of about TS_NC_CHUNK_VALUES values: from the last dimension backwards, whole
 * dimensions while they fit, then a slice of the next one, 1 for the rest. A series of a
 * small table gets chunks of many days of every industry (chunked along time); a large
 * table's chunk holds fewer days, down to one day of part of the first dimension. */
#define TS_NC_CHUNK_VALUES ((size_t)1 << 17)

static int set_chunks(int nc, int id, int k, const int *dims, int n_lead)
{
    size_t ch[8], len, vol = 1;
    for (int a = k - 1; a >= 0; a--) {
        nc_inq_dimlen(nc, dims[a], &len);
        if (len == 0)
            len = 1;
        if (a < n_lead)
            ch[a] = 1;
        else if (vol * len <= TS_NC_CHUNK_VALUES)
            ch[a] = len;
        else
            ch[a] = TS_NC_CHUNK_VALUES / vol > 0 ? TS_NC_CHUNK_VALUES / vol : 1;
        vol *= ch[a];
    }
    return nc_def_var_chunking(nc, id, NC_CHUNKED, ch);
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
    if (!rc && k >= 2)
        rc = set_chunks(L->nc, *id, k, all, L->n_lead);
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

/* Labels: index coordinates by code (region, sector, product, partner, group) and the
 * names as auxiliary coordinates. */
static int def_labels(nc_layout *L, int *v)
{
    static const struct { int dim; const char *name, *long_name; } lab[] = {
        {D_REGION, "region", "region code"},
        {D_REGION, "region_name", "region name"},
        {D_SECTOR, "sector", "sector code"},
        {D_SECTOR, "sector_name", "sector name"},
        {D_PRODUCT, "product", "input product code (the sector that makes it)"},
        {D_PRODUCT, "product_name", "input product name"},
        {D_PARTNER, "partner", "trade partner region code"},
    };
    int rc = 0;
    for (size_t k = 0; k < sizeof lab / sizeof lab[0] && !rc; k++)
        rc = def_var(L->nc, lab[k].name, NC_STRING, 1, &L->dim[lab[k].dim], NULL,
                     lab[k].long_name, NULL, &v[k]);
    return rc;
}

static int put_all_labels(int nc, const int *v, const ts_mrio *m)
{
    const ts_label *l[] = {m->regions, m->regions, m->sectors, m->sectors, m->sectors,
                           m->sectors, m->regions};
    size_t len[] = {m->R, m->R, m->S, m->S, m->S, m->S, m->R};
    int rc = 0;
    for (int k = 0; k < 7 && !rc; k++)
        rc = put_labels(nc, v[k], l[k], len[k], k == 1 || k == 3 || k == 5);
    return rc;
}

/* inventory_days: dense (time, region, sector, product) with NaN fill for tables with at
 * most TS_NC_DENSE_COVER_CELLS cells a day, else gathered over cover_pair (output.h). */
static int def_cover(nc_layout *L, int dense, int *v_cov, int *v_idx)
{
    const char *ln = "stock of the input product at the start of the day, in days of baseline "
                     "use (NaN: not recorded)";
    int rc, id;
    if (dense) {
        int d[3] = {L->dim[D_REGION], L->dim[D_SECTOR], L->dim[D_PRODUCT]};
        rc = def_series(L, "inventory_days", NC_DOUBLE, 3, d, "day", ln,
                        "region_name sector_name product_name", v_cov);
    } else {
        rc = def_var(L->nc, "cover_pair", NC_INT, 1, &L->dim[D_COVER], NULL,
                     "recorded (region, sector, input product): (r*sector + s)*product + p",
                     NULL, &v_idx[0]);
        if (!rc)
            rc = put_text(L->nc, v_idx[0], "compress", "region sector product");
        static const char *nm[] = {"cover_region", "cover_sector", "cover_product"};
        for (int k = 0; k < 3 && !rc; k++)
            rc = def_var(L->nc, nm[k], NC_STRING, 1, &L->dim[D_COVER], NULL,
                         k == 0 ? "region of the industry holding the stock"
                                : k == 1 ? "sector of the industry holding the stock"
                                         : "input product",
                         NULL, &v_idx[k + 1]);
        if (!rc)
            rc = def_series(L, "inventory_days", NC_DOUBLE, 1, &L->dim[D_COVER], "day", ln,
                            "cover_region cover_sector cover_product", v_cov);
    }
    double fill = NAN;
    id = *v_cov;
    if (!rc)
        rc = nc_put_att_double(L->nc, id, "_FillValue", NC_DOUBLE, 1, &fill);
    return rc;
}

static int put_cover(const nc_layout *L, int dense, int v_cov, const int *v_idx,
                     const ts_result *r, const ts_mrio *m)
{
    size_t T = r->T, S = r->S, NC = r->n_cover, cells = r->n * S;
    int rc = 0;
    if (dense) { /* one day at a time: cells doubles */
        double *day = malloc(cells * sizeof *day);
        if (!day)
            return NC_ENOMEM;
        for (size_t t = 0; t < T && !rc; t++) {
            for (size_t c = 0; c < cells; c++)
                day[c] = NAN;
            for (size_t k = 0; k < NC; k++)
                day[(size_t)r->cover_pairs[k].industry * S + (size_t)r->cover_pairs[k].product] =
                    r->cover[t * NC + k];
            size_t start[8] = {0}, count[8], o = (size_t)L->n_lead;
            for (size_t a = 0; a < o; a++) {
                start[a] = L->lead_index[a];
                count[a] = 1;
            }
            start[o] = t;
            count[o] = 1;
            count[o + 1] = r->R;
            count[o + 2] = S;
            count[o + 3] = S;
            rc = nc_put_vara_double(L->nc, v_cov, start, count, day);
        }
        free(day);
        return rc;
    }
    int *code = malloc((NC ? NC : 1) * sizeof *code);
    const char **s = malloc((NC ? NC : 1) * sizeof *s);
    rc = code && s ? 0 : NC_ENOMEM;
    for (size_t k = 0; k < NC && !rc; k++) {
        size_t j = (size_t)r->cover_pairs[k].industry, p = (size_t)r->cover_pairs[k].product;
        code[k] = (int)(j * S + p); /* (r*S + s)*S + p with j = r*S + s */
    }
    if (!rc)
        rc = nc_put_var_int(L->nc, v_idx[0], code);
    for (int f = 0; f < 3 && !rc; f++) {
        for (size_t k = 0; k < NC; k++) {
            size_t j = (size_t)r->cover_pairs[k].industry;
            s[k] = f == 0 ? m->regions[j / S].code
                 : f == 1 ? m->sectors[j % S].code : m->sectors[r->cover_pairs[k].product].code;
        }
        rc = nc_put_var_string(L->nc, v_idx[f + 1], s);
    }
    if (!rc)
        rc = put_series(L, v_cov, r->cover, NC_DOUBLE);
    free(code);
    free(s);
    return rc;
}

ts_status ts_output_write_netcdf(const ts_result *r, const ts_mrio *m, const ts_scenario *sc,
                                 const ts_run_info *info, const char *path, ts_error *err)
{
    size_t T = r->T, R = r->R, S = r->S, n = r->n, NC = r->n_cover, G = sc->n_groups;
    int dense = n * S <= TS_NC_DENSE_COVER_CELLS;
    nc_layout L = {.nc = -1, .n_lead = 0};
    ts_status st = TS_OK;
    double *buf = NULL, *buf2 = NULL, *gbuf = NULL;
    const char **gnames = NULL;
    char *units = NULL;
    int v_time, v_lab[7], v_x0, v_prod, v_cap, v_dem, v_unm, v_lim, v_loss, v_unr, v_exp, v_imp,
        v_rloss, v_wloss, v_cidx[4] = {-1, -1, -1, -1}, v_cov = -1, v_gn = -1, v_gb = -1,
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
    if (NC && !dense) /* a zero length would make it unlimited */
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
    TRY(def_labels(&L, v_lab), "define labels");

    const char *rs = "region_name sector_name";
    int d_rs[2] = {L.dim[D_REGION], L.dim[D_SECTOR]};
    int d_rp[2] = {L.dim[D_REGION], L.dim[D_PARTNER]};
    TRY(def_var(L.nc, "baseline_output", NC_DOUBLE, 2, d_rs, ts_mrio_flow_units(m),
                "baseline (pre-shock) gross output", rs, &v_x0), "define baseline_output");
    TRY(def_series(&L, "production", NC_DOUBLE, 2, d_rs, ts_mrio_flow_units(m), "realised gross output", rs,
                   &v_prod), "define production");
    TRY(def_series(&L, "output_loss", NC_DOUBLE, 2, d_rs, ts_mrio_flow_units(m),
                   "output loss: baseline_output - production", rs, &v_loss),
        "define output_loss");
    TRY(def_series(&L, "capacity", NC_DOUBLE, 2, d_rs, ts_mrio_flow_units(m),
                   "production capacity (overproduction and capacity losses applied)", rs, &v_cap),
        "define capacity");
    TRY(def_series(&L, "demand", NC_DOUBLE, 2, d_rs, ts_mrio_flow_units(m),
                   "total deliverable demand (orders of clients plus final demand)", rs, &v_dem),
        "define demand");
    TRY(def_series(&L, "unmet_final_demand", NC_DOUBLE, 2, d_rs, ts_mrio_flow_units(m),
                   "final demand not served, by supplying industry", rs, &v_unm),
        "define unmet_final_demand");
    TRY(def_series(&L, "input_limited", NC_BYTE, 2, d_rs, NULL,
                   "1 if a missing input constrained the industry's production that day", rs,
                   &v_lim), "define input_limited");
    signed char flags[2] = {0, 1};
    TRY(nc_put_att_schar(L.nc, v_lim, "flag_values", NC_BYTE, 2, flags), "attribute");
    TRY(put_text(L.nc, v_lim, "flag_meanings", "not_limited input_limited"), "attribute");
    TRY(def_series(&L, "unmet_final_demand_by_consumer", NC_DOUBLE, 1, &L.dim[D_REGION],
                   ts_mrio_flow_units(m), "final demand not served, by consuming region", "region_name",
                   &v_unr), "define unmet_final_demand_by_consumer");
    TRY(def_series(&L, "exports", NC_DOUBLE, 2, d_rp, ts_mrio_flow_units(m),
                   "deliveries (intermediate and final) from region to partner; 0 on the diagonal",
                   "region_name", &v_exp), "define exports");
    TRY(def_series(&L, "imports", NC_DOUBLE, 2, d_rp, ts_mrio_flow_units(m),
                   "deliveries (intermediate and final) from partner to region; 0 on the diagonal",
                   "region_name", &v_imp), "define imports");
    TRY(def_series(&L, "region_output_loss", NC_DOUBLE, 1, &L.dim[D_REGION], ts_mrio_flow_units(m),
                   "output loss of the region: sum over sectors of baseline_output - production",
                   "region_name", &v_rloss), "define region_output_loss");
    TRY(def_series(&L, "world_output_loss", NC_DOUBLE, 0, NULL, ts_mrio_flow_units(m),
                   "world output loss: sum over industries of baseline_output - production", NULL,
                   &v_wloss), "define world_output_loss");
    if (NC)
        TRY(def_cover(&L, dense, &v_cov, v_cidx), "define inventory_days");
    if (G) {
        TRY(def_var(L.nc, "group", NC_STRING, 1, &L.dim[D_GROUP], NULL,
                    "reporting group (scenario `groups`)", NULL, &v_gn), "define group");
        TRY(def_var(L.nc, "group_baseline_output", NC_DOUBLE, 1, &L.dim[D_GROUP], ts_mrio_flow_units(m),
                    "baseline output of the group: sum of weight x baseline_output of its members",
                    NULL, &v_gb), "define group_baseline_output");
        TRY(def_series(&L, "group_output_loss", NC_DOUBLE, 1, &L.dim[D_GROUP], ts_mrio_flow_units(m),
                       "output loss of the group: sum of weight x (baseline_output - production) "
                       "of its members", NULL, &v_gl), "define group_output_loss");
    }
    TRY(ts_output_netcdf_attributes(L.nc, r, m, sc, info), "global attributes");
    TRY(nc_enddef(L.nc), "end of definitions");

    size_t big = T * (n > R * R ? n : R * R);
    buf = malloc((big ? big : 1) * sizeof *buf);
    buf2 = malloc((T * R * R > 0 ? T * R * R : 1) * sizeof *buf2);
    if (!buf || !buf2) {
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto fail;
    }
    for (size_t t = 0; t < T; t++)
        buf[t] = (double)t;
    TRY(nc_put_var_double(L.nc, v_time, buf), "write time");
    TRY(put_all_labels(L.nc, v_lab, m), "write labels");
    TRY(nc_put_var_double(L.nc, v_x0, r->x0), "write baseline_output");
    TRY(put_series(&L, v_prod, r->production, NC_DOUBLE), "write production");
    for (size_t t = 0; t < T; t++)
        for (size_t i = 0; i < n; i++)
            buf[t * n + i] = r->x0[i] - r->production[t * n + i];
    TRY(put_series(&L, v_loss, buf, NC_DOUBLE), "write output_loss");
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
    if (NC)
        TRY(put_cover(&L, dense, v_cov, v_cidx, r, m), "write inventory_days");
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
        TRY(nc_put_var_string(L.nc, v_gn, gnames), "write group");
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
    free(gbuf);
    free(gnames);
    free(units);
    return st;
}
