/* ts_comparison_compute(): the model's counterpart of each observation and the backtest
 * score (docs/model.md "Model vs observed"). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csvout.h"
#include "core/util.h"
#include "tradeshock/history.h"

/* First day any of the industries is input-constrained; H when never. */
static double first_stop(const ts_observation *ob, const ts_result *r, int *never)
{
    int best = (int)r->T;
    for (size_t k = 0; k < ob->n_ind; k++) {
        size_t j = (size_t)ob->ind[k];
        for (size_t t = 0; t < (size_t)best; t++)
            if (r->limited[t * r->n + j]) {
                best = (int)t;
                break;
            }
    }
    *never = best == (int)r->T;
    return best;
}

/* Day after the last day any of the industries is constrained (0 if never constrained,
 * H if still constrained on the last day). */
static double industry_recovery(const ts_observation *ob, const ts_result *r, int *never)
{
    long last = -1;
    for (size_t k = 0; k < ob->n_ind; k++) {
        size_t j = (size_t)ob->ind[k];
        for (long t = (long)r->T - 1; t > last; t--)
            if (r->limited[(size_t)t * r->n + j]) {
                last = t;
                break;
            }
    }
    *never = last == (long)r->T - 1;
    return (double)(last + 1);
}

/* Baseline deliveries per day of product p from region e to region q: intermediate use
 * Z/365 plus positive final demand Y/365 (the steady state the model starts from). */
static double base_flow(const ts_mrio *m, int p, int e, int q)
{
    size_t i = (size_t)e * m->S + (size_t)p, RF = m->R * m->F;
    double z = 0;
    for (size_t s = 0; s < m->S; s++)
        z += m->Z[i * m->n + (size_t)q * m->S + s];
    for (size_t f = 0; f < m->F; f++) {
        double y = m->Y[i * RF + (size_t)q * m->F + f];
        if (y > 0)
            z += y;
    }
    return z / 365.0;
}

static int trade_index(const ts_result *r, int p)
{
    for (size_t k = 0; k < r->n_trade_products; k++)
        if (r->trade_products[k] == p)
            return (int)k;
    return -1;
}

/* Deliveries of the observation's flow on day t. */
static double flow(const ts_observation *ob, const ts_result *r, int k, size_t t)
{
    const size_t R = r->R, K = r->n_trade_products;
    double v = 0;
    for (size_t d = 0; d < ob->n_dest; d++)
        v += r->trade_by_product[((t * K + (size_t)k) * R + (size_t)ob->exporter) * R +
                                 (size_t)ob->dest[d]];
    return v;
}

static ts_status compare_one(const ts_observations *o, const ts_observation *ob,
                             const ts_mrio *m, const ts_result *r, ts_obs_compare *c,
                             ts_error *err)
{
    c->observed = ob->observed;
    c->tolerance = ob->tolerance;
    c->never = 0;
    int k = -1;
    double base = 0;
    if (ob->exporter >= 0) {
        k = trade_index(r, ob->product);
        if (k < 0)
            return ts_error_set(err, TS_ERR_INPUT, o->file, ob->line, 0, NULL,
                                "exports of %s are not recorded by product in this run: only "
                                "the products of the scenario's export restrictions are",
                                ob->sector);
        for (size_t d = 0; d < ob->n_dest; d++)
            base += base_flow(m, ob->product, ob->exporter, ob->dest[d]);
        if (!(base > 0))
            return ts_error_set(err, TS_ERR_INPUT, o->file, ob->line, 0, NULL,
                                "%s has no baseline exports of %s in the table: a change "
                                "cannot be measured", ob->region, ob->sector);
    }
    switch (ob->metric) {
    case TS_OBS_FIRST_STOPPAGE:
        c->model = first_stop(ob, r, &c->never);
        break;
    case TS_OBS_RECOVERED_BY:
        if (k < 0) {
            c->model = industry_recovery(ob, r, &c->never);
        } else {
            long last = -1;
            for (long t = (long)r->T - 1; t >= 0 && last < 0; t--)
                if (flow(ob, r, k, (size_t)t) < (1.0 - TS_OBS_RECOVERY_SHARE) * base)
                    last = t;
            c->never = last == (long)r->T - 1;
            c->model = (double)(last + 1);
        }
        break;
    case TS_OBS_OUTPUT_CHANGE: {
        double x = 0, b = 0;
        for (size_t q = 0; q < ob->n_ind; q++)
            b += r->x0[ob->ind[q]];
        for (int t = ob->first; t <= ob->last; t++)
            for (size_t q = 0; q < ob->n_ind; q++)
                x += t < 0 ? r->x0[ob->ind[q]] : r->production[(size_t)t * r->n + (size_t)ob->ind[q]];
        b *= (double)(ob->last - ob->first + 1);
        if (!(b > 0))
            return ts_error_set(err, TS_ERR_INPUT, o->file, ob->line, 0, NULL,
                                "%s %s has no baseline output: a change cannot be measured",
                                ob->region, ob->sector);
        c->model = 100.0 * (x / b - 1.0);
        break;
    }
    case TS_OBS_EXPORTS_CHANGE: {
        double v = 0;
        for (int t = ob->first; t <= ob->last; t++)
            v += t < 0 ? base : flow(ob, r, k, (size_t)t);
        c->model = 100.0 * (v / (base * (double)(ob->last - ob->first + 1)) - 1.0);
        break;
    }
    }
    c->error = c->model - c->observed;
    double ae = fabs(c->error);
    c->within = ae <= c->tolerance;
    c->normalised = ae / (c->tolerance > 0 ? c->tolerance : 1e-9);
    return TS_OK;
}

ts_status ts_comparison_compute(const ts_observations *o, const ts_mrio *m,
                                const ts_scenario *sc, const ts_result *r,
                                ts_comparison **out, ts_error *err)
{
    ts_error_clear(err);
    if (!o || !m || !sc || !r || !out)
        return ts_error_set(err, TS_ERR_INTERNAL, NULL, 0, 0, NULL,
                            "ts_comparison_compute: NULL argument");
    *out = NULL;
    if (r->n != m->n || r->R != m->R || r->T != (size_t)sc->horizon_days)
        return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL,
                            "the run does not belong to this scenario and table (%zu "
                            "industries, %zu days; expected %zu, %d)", r->n, r->T, m->n,
                            sc->horizon_days);
    ts_comparison *c = calloc(1, sizeof *c);
    if (!c || !(c->rows = calloc(o->n ? o->n : 1, sizeof *c->rows))) {
        free(c);
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    c->n = o->n;
    double sum = 0, sd = 0, sp = 0;
    for (size_t k = 0; k < o->n; k++) {
        const ts_observation *ob = &o->obs[k];
        ts_obs_compare *row = &c->rows[k];
        ts_status st = compare_one(o, ob, m, r, row, err);
        if (st) {
            ts_comparison_free(c);
            return st;
        }
        sum += row->normalised < TS_OBS_SCORE_CAP ? row->normalised : TS_OBS_SCORE_CAP;
        c->n_within += (size_t)row->within;
        if (ts_obs_metric_is_timing(ob->metric)) {
            sd += fabs(row->error);
            c->n_days++;
        } else {
            sp += fabs(row->error);
            c->n_pp++;
        }
    }
    c->score = o->n ? sum / (double)o->n : 0.0;
    c->mae_days = c->n_days ? sd / (double)c->n_days : NAN;
    c->mae_pp = c->n_pp ? sp / (double)c->n_pp : NAN;
    *out = c;
    return TS_OK;
}

void ts_comparison_free(ts_comparison *c)
{
    if (!c)
        return;
    free(c->rows);
    free(c);
}

static void day_text(const ts_scenario *sc, double day, char *buf, size_t len)
{
    ts_scenario_date(sc, (int)lround(day), buf, len);
}

ts_status ts_comparison_write_csv(const ts_comparison *c, const ts_observations *o,
                                  const ts_scenario *sc, const char *dir, ts_error *err)
{
    ts_csvfile cf;
    ts_status st = ts_csv_open(&cf, dir, "backtest.csv",
                               "line,date,region,sector,metric,unit,observed,model,error,"
                               "tolerance,within,normalised_error,observed_date,model_date,"
                               "source", err);
    if (st)
        return st;
    FILE *f = cf.f;
    char a[40], b[40], e[40], t[40], z[40];
    for (size_t k = 0; k < c->n; k++) {
        const ts_observation *ob = &o->obs[k];
        const ts_obs_compare *row = &c->rows[k];
        int timing = ts_obs_metric_is_timing(ob->metric);
        fprintf(f, "%ld,", ob->line);
        ts_csv_field(f, ob->date);
        fputc(',', f);
        ts_csv_field(f, ob->region);
        fputc(',', f);
        ts_csv_field(f, ob->sector);
        ts_fmt_double(a, sizeof a, row->observed);
        ts_fmt_double(b, sizeof b, row->model);
        ts_fmt_double(e, sizeof e, row->error);
        ts_fmt_double(t, sizeof t, row->tolerance);
        ts_fmt_double(z, sizeof z, row->normalised);
        fprintf(f, ",%s,%s,%s,%s,%s,%s,%d,%s,", ts_obs_metric_name(ob->metric),
                timing ? "day" : "pct", a, b, e, t, row->within, z);
        if (timing) {
            char d0[16], d1[16];
            day_text(sc, row->observed, d0, sizeof d0);
            day_text(sc, row->model, d1, sizeof d1);
            fprintf(f, "%s,%s%s,", d0, row->never ? "never:" : "", d1);
        } else {
            fputs(",,", f);
        }
        ts_csv_field(f, ob->source);
        fputc('\n', f);
    }
    ts_fmt_double(z, sizeof z, c->score);
    fprintf(f, ",,,,score,,,,,,%zu,%s,,,\"mean of |error|/tolerance, each capped at %g\"\n",
            c->n_within, z, TS_OBS_SCORE_CAP);
    return ts_csv_close(&cf, ferror(f) ? TS_ERR_IO : TS_OK, err);
}

void ts_comparison_print(FILE *f, const ts_comparison *c, const ts_observations *o,
                         const ts_scenario *sc)
{
    fprintf(f, "%-15s %-12s %-10s %-15s %12s %12s %9s %6s %s\n", "metric", "region", "sector",
            "date", "observed", "model", "error", "tol", "within");
    for (size_t k = 0; k < c->n; k++) {
        const ts_observation *ob = &o->obs[k];
        const ts_obs_compare *row = &c->rows[k];
        char vo[24], vm[24];
        if (ts_obs_metric_is_timing(ob->metric)) {
            char d[16];
            day_text(sc, row->observed, d, sizeof d);
            snprintf(vo, sizeof vo, "%s", d);
            day_text(sc, row->model, d, sizeof d);
            snprintf(vm, sizeof vm, "%s%s", row->never ? ">" : "", d);
        } else {
            snprintf(vo, sizeof vo, "%+.1f%%", row->observed);
            snprintf(vm, sizeof vm, "%+.1f%%", row->model);
        }
        fprintf(f, "%-15s %-12s %-10s %-15s %12s %12s %+8.1f%s %6.1f %s\n",
                ts_obs_metric_name(ob->metric), ob->region, ob->sector, ob->date, vo, vm,
                row->error, ts_obs_metric_is_timing(ob->metric) ? "d" : " ", row->tolerance,
                row->within ? "yes" : "NO");
    }
    fprintf(f, "score %.3f (mean |error|/tolerance, each capped at %g; 0 = exact, <= 1 = "
               "within tolerance on average); %zu of %zu within tolerance",
            c->score, TS_OBS_SCORE_CAP, c->n_within, c->n);
    if (c->n_days)
        fprintf(f, "; timing MAE %.1f days (%zu)", c->mae_days, c->n_days);
    if (c->n_pp)
        fprintf(f, "; changes MAE %.2f pp (%zu)", c->mae_pp, c->n_pp);
    fputc('\n', f);
}
