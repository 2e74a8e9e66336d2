/* Calibrated ensembles: rejection ABC on the backtest score (ensemble.h, history.h,
 * docs/ensemble.md "Calibrated ensembles"). */
#include "ensemble/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "core/csvout.h"
#include "core/util.h"
#include "tradeshock/history.h"
#include "tradeshock/override.h"

void ts_abc_free(ts_abc *a)
{
    if (!a)
        return;
    free(a->score);
    free(a->accepted);
    free(a->members);
    free(a);
}

void ts_abc_bind(ts_abc *a, const ts_ensemble_spec *e) { a->spec = e; }

void ts_abc_values(void *user, long k, size_t j, char *buf, size_t len, double *num)
{
    const ts_abc *a = user;
    ts_uncertain_value(&a->spec->params[j],
                       ts_ensemble_uniform(a->spec->seed, (uint64_t)a->members[k], j), buf, len,
                       num);
}

/* Score of member k on the backtest. */
static ts_status score_member(const ts_ensemble_spec *e, const char *backtest,
                              const ts_mrio *mb, const ts_observations *obs, long k,
                              ts_override *ov, char (*txt)[64], double *score, ts_error *err)
{
    size_t no = 0;
    for (size_t q = 0; q < e->n_calib; q++) {
        const ts_uncertain *u = &e->params[e->calib[q]];
        double num;
        ts_uncertain_value(u, ts_ensemble_uniform(e->seed, (uint64_t)k, e->calib[q]), txt[q],
                           64, &num);
        for (size_t p = 0; p < u->n_paths; p++)
            ov[no++] = (ts_override){u->paths[p], txt[q]};
    }
    ts_scenario *sc = NULL;
    ts_comparison *cmp = NULL;
    ts_status st = ts_scenario_parse_overrides(backtest, ov, no, &sc, err);
    if (!st) {
        st = ts_scenario_resolve(sc, mb, err);
        ts_override_annotate(err, sc, ov, no);
    }
    ts_sim_options so = {0};
    so.threads = 1;
    if (!st)
        st = ts_backtest_run(mb, sc, obs, &so, NULL, &cmp, err);
    if (!st)
        *score = cmp->score;
    if (st && err) {
        char msg[TS_ERROR_MSG_MAX];
        snprintf(msg, sizeof msg, "%s", err->msg);
        ts_status code = err->code;
        ts_error_set(err, code, NULL, 0, 0, NULL, "calibration (backtest %s), member %ld: %s",
                     backtest, k, msg);
    }
    ts_comparison_free(cmp);
    ts_scenario_free(sc);
    return st;
}

static const double *g_sort_score; /* qsort has no user pointer; set under one thread */
static int by_score(const void *x, const void *y)
{
    long a = *(const long *)x, b = *(const long *)y;
    double sa = g_sort_score[a], sb = g_sort_score[b];
    if (sa != sb)
        return sa < sb ? -1 : 1;
    return (a > b) - (a < b);
}

static int by_index(const void *x, const void *y)
{
    long a = *(const long *)x, b = *(const long *)y;
    return (a > b) - (a < b);
}

ts_status ts_abc_run(const ts_scenario *base, const char *backtest, const ts_mrio *mb, long N,
                     int threads, void (*progress)(void *, long, long), void *user,
                     ts_abc **out, ts_error *err)
{
    ts_error_clear(err);
    *out = NULL;
    const ts_ensemble_spec *e = base->ensemble;
    if (!e || !e->calib_scenario)
        return ts_error_set(err, TS_ERR_INPUT, base->file, 0, 0, "ensemble.calibrate",
                            "no `calibrate` block");
    ts_scenario *bs = NULL;
    ts_observations *obs = NULL;
    ts_status st = ts_scenario_parse(backtest, &bs, err);
    if (!st && !bs->observations)
        st = ts_error_set(err, TS_ERR_INPUT, backtest, 0, 0, "observations",
                          "the calibration scenario has no `observations:` file");
    if (!st)
        st = ts_observations_read(bs->observations, &obs, err);
    if (!st)
        st = ts_observations_resolve(obs, bs, mb, err);
    ts_scenario_free(bs);
    ts_abc *a = calloc(1, sizeof *a);
    if (!st && (!a || !(a->score = calloc((size_t)N + 1, sizeof *a->score)) ||
                !(a->accepted = calloc((size_t)N + 1, 1)) ||
                !(a->members = calloc((size_t)N + 1, sizeof *a->members))))
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (st) {
        ts_observations_free(obs);
        ts_abc_free(a);
        return st;
    }
    a->N = (size_t)N;
    a->spec = e;
    size_t n_ov = 0;
    for (size_t q = 0; q < e->n_calib; q++)
        n_ov += e->params[e->calib[q]].n_paths;
    long fail_k = -1, done = 0;
    ts_status fst = TS_OK;
    ts_error ferr;
    ts_error_clear(&ferr);
    int nt = 1;
#ifdef _OPENMP
    nt = threads > 0 ? threads : omp_get_max_threads();
#pragma omp parallel num_threads(nt)
#endif
    {
        ts_override *ov = calloc(n_ov + 1, sizeof *ov);
        char (*txt)[64] = calloc(e->n_calib + 1, sizeof *txt);
#ifdef _OPENMP
#pragma omp for schedule(dynamic, 1)
#endif
        for (long k = 0; k < N; k++) {
            ts_error me;
            ts_status s = (ov && txt) ? score_member(e, backtest, mb, obs, k, ov, txt,
                                                     &a->score[k], &me)
                                      : ts_error_set(&me, TS_ERR_NOMEM, NULL, 0, 0, NULL,
                                                     "out of memory");
#ifdef _OPENMP
#pragma omp critical(ts_abc)
#endif
            {
                if (s && (fail_k < 0 || k < fail_k)) {
                    fail_k = k;
                    fst = s;
                    ferr = me;
                }
                done++;
                if (!s && progress)
                    progress(user, done, N);
            }
        }
        free(ov);
        free(txt);
    }
    (void)nt;
    ts_observations_free(obs);
    if (fst) {
        if (err)
            *err = ferr;
        ts_abc_free(a);
        return fst;
    }
    for (long k = 0; k < N; k++)
        a->members[k] = k;
    g_sort_score = a->score;
    qsort(a->members, (size_t)N, sizeof *a->members, by_score);
    a->n_acc = (size_t)ceil(e->acceptance * (double)N);
    if (a->n_acc < 1)
        a->n_acc = 1;
    if (a->n_acc > (size_t)N)
        a->n_acc = (size_t)N;
    a->threshold = a->score[a->members[a->n_acc - 1]];
    qsort(a->members, a->n_acc, sizeof *a->members, by_index);
    for (size_t i = 0; i < a->n_acc; i++)
        a->accepted[a->members[i]] = 1;
    *out = a;
    return TS_OK;
}

ts_status ts_abc_write(const ts_abc *a, const ts_scenario *base, const char *dir, ts_error *err)
{
    const ts_ensemble_spec *e = base->ensemble;
    char *hdr = ts_strdup("member");
    for (size_t q = 0; hdr && q < e->n_calib; q++) {
        char *h = ts_asprintf("%s,%s", hdr, e->params[e->calib[q]].name);
        free(hdr);
        hdr = h;
    }
    char *h = hdr ? ts_asprintf("%s,score,accepted", hdr) : NULL;
    free(hdr);
    if (!h)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    ts_csvfile c;
    ts_status st = ts_csv_open(&c, dir, "calibration.csv", h, err);
    free(h);
    if (st)
        return st;
    char buf[64], num[40];
    for (size_t k = 0; k < a->N; k++) {
        fprintf(c.f, "%zu", k);
        for (size_t q = 0; q < e->n_calib; q++) {
            double v;
            ts_uncertain_value(&e->params[e->calib[q]],
                               ts_ensemble_uniform(e->seed, k, e->calib[q]), buf, sizeof buf, &v);
            fprintf(c.f, ",%s", buf);
        }
        ts_fmt_double(num, sizeof num, a->score[k]);
        fprintf(c.f, ",%s,%d\n", num, a->accepted[k]);
    }
    return ts_csv_close(&c, TS_OK, err);
}
