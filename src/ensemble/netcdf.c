/* quantiles.nc of an ensemble (docs/ensemble.md): NetCDF-4, the same quantiles as
 * quantiles.csv and quantiles_industry.csv on dimensions quantile, time, series and
 * region, sector. Written under a temporary name and renamed when complete. */
#define _POSIX_C_SOURCE 200809L
#include "ensemble/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <netcdf.h>

#include "core/util.h"

#define TRY(x)                                                                              \
    do {                                                                                    \
        if ((rc = (x)) != NC_NOERR)                                                         \
            goto fail;                                                                      \
    } while (0)

ts_status es_write_netcdf(const ts_ensemble_result *r, const ts_scenario *sc,
                          const ts_mrio *m, const char *dir, ts_error *err)
{
    char *tmp = ts_asprintf("%s/.quantiles.nc.%ld.tmp", dir, (long)getpid());
    char *fin = ts_asprintf("%s/quantiles.nc", dir);
    size_t ns = 1 + r->R + r->Gr, T = r->T;
    double *buf = malloc((T * ns > r->n ? T * ns : r->n) * TS_ENSEMBLE_NQ * sizeof *buf + 8);
    const char **names = calloc(ns + m->R + m->S + 1, sizeof *names);
    int nc = -1, rc = NC_NOERR;
    ts_status st = TS_OK;
    if (!tmp || !fin || !buf || !names) {
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    int dq, dt, ds, dr, dsec, vq, vt, vs, vr, vsec, vloss, vind;
    TRY(nc_create(tmp, NC_NETCDF4 | NC_CLOBBER, &nc));
    TRY(nc_def_dim(nc, "quantile", TS_ENSEMBLE_NQ, &dq));
    TRY(nc_def_dim(nc, "time", T, &dt));
    TRY(nc_def_dim(nc, "series", ns, &ds));
    TRY(nc_def_dim(nc, "region", m->R, &dr));
    TRY(nc_def_dim(nc, "sector", m->S, &dsec));
    TRY(nc_def_var(nc, "quantile", NC_DOUBLE, 1, &dq, &vq));
    TRY(nc_def_var(nc, "time", NC_INT, 1, &dt, &vt));
    char units[64];
    snprintf(units, sizeof units, "days since %04d-%02d-%02d", sc->start_year, sc->start_month,
             sc->start_day);
    TRY(nc_put_att_text(nc, vt, "units", strlen(units), units));
    TRY(nc_def_var(nc, "series", NC_STRING, 1, &ds, &vs));
    const char *sl = "WORLD, then each region, then each compared group";
    TRY(nc_put_att_text(nc, vs, "long_name", strlen(sl), sl));
    TRY(nc_def_var(nc, "region", NC_STRING, 1, &dr, &vr));
    TRY(nc_def_var(nc, "sector", NC_STRING, 1, &dsec, &vsec));
    int d3[3] = {dt, ds, dq}, d3b[3] = {dr, dsec, dq};
    TRY(nc_def_var(nc, "output_loss_pct", NC_DOUBLE, 3, d3, &vloss));
    TRY(nc_def_var(nc, "industry_output_loss_pct", NC_DOUBLE, 3, d3b, &vind));
    const char *u = "percent";
    const char *l1 = "daily output loss in percent of baseline output, ensemble quantiles";
    const char *l2 = "output loss over the horizon in percent of baseline, ensemble quantiles";
    TRY(nc_put_att_text(nc, vloss, "units", strlen(u), u));
    TRY(nc_put_att_text(nc, vloss, "long_name", strlen(l1), l1));
    TRY(nc_put_att_text(nc, vind, "units", strlen(u), u));
    TRY(nc_put_att_text(nc, vind, "long_name", strlen(l2), l2));
    double alpha = TS_SKETCH_ALPHA;
    TRY(nc_put_att_double(nc, NC_GLOBAL, "sketch_relative_error", NC_DOUBLE, 1, &alpha));
    TRY(nc_put_att_text(nc, NC_GLOBAL, "scenario", strlen(sc->name), sc->name));
    TRY(nc_enddef(nc));
    TRY(nc_put_var_double(nc, vq, ts_ensemble_q));
    int *days = malloc((T ? T : 1) * sizeof *days);
    if (!days) {
        rc = NC_ENOMEM;
        goto fail;
    }
    for (size_t t = 0; t < T; t++)
        days[t] = (int)t;
    rc = nc_put_var_int(nc, vt, days);
    free(days);
    if (rc)
        goto fail;
    names[0] = "WORLD";
    for (size_t i = 0; i < r->R; i++)
        names[1 + i] = m->regions[i].code;
    for (size_t g = 0; g < r->Gr; g++)
        names[1 + r->R + g] = sc->groups[r->rank_group[g]].name;
    TRY(nc_put_var_string(nc, vs, names));
    for (size_t i = 0; i < m->R; i++)
        names[i] = m->regions[i].code;
    TRY(nc_put_var_string(nc, vr, names));
    for (size_t i = 0; i < m->S; i++)
        names[i] = m->sectors[i].code;
    TRY(nc_put_var_string(nc, vsec, names));
    for (size_t c = 0; c < T * ns; c++)
        for (int q = 0; q < TS_ENSEMBLE_NQ; q++)
            buf[c * TS_ENSEMBLE_NQ + (size_t)q] =
                ts_sketch_quantile(r->counts + c * TS_SKETCH_BINS, ts_ensemble_q[q]);
    TRY(nc_put_var_double(nc, vloss, buf));
    for (size_t i = 0; i < r->n; i++)
        for (int q = 0; q < TS_ENSEMBLE_NQ; q++)
            buf[i * TS_ENSEMBLE_NQ + (size_t)q] = ts_sketch_quantile(
                r->counts + (T * ns + i) * TS_SKETCH_BINS, ts_ensemble_q[q]);
    TRY(nc_put_var_double(nc, vind, buf));
    TRY(nc_close(nc));
    nc = -1;
    if (rename(tmp, fin) != 0)
        st = ts_error_set(err, TS_ERR_IO, fin, 0, 0, NULL, "cannot write the file");
    goto done;
fail:
    st = ts_error_set(err, rc == NC_ENOMEM ? TS_ERR_NOMEM : TS_ERR_IO, fin, 0, 0, NULL,
                      "cannot write NetCDF: %s", nc_strerror(rc));
done:
    if (nc >= 0)
        nc_close(nc);
    if (st && tmp)
        remove(tmp);
    free(tmp);
    free(fin);
    free(buf);
    free(names);
    return st;
}
