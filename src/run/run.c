/* One scenario run from files to results (tradeshock/run.h). */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <time.h>

#include "tradeshock/run.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The pairs to record: those recorded by default (restricted products) plus every pair
 * that constrained production in a first run. */
static ts_pair *cover_pairs(const ts_result *r, const ts_mrio *m, size_t *np)
{
    size_t S = m->S, n = m->n;
    unsigned char *mark = calloc(S * n, 1);
    if (!mark)
        return NULL;
    for (size_t k = 0; k < r->n_cover; k++)
        mark[(size_t)r->cover_pairs[k].product * n + (size_t)r->cover_pairs[k].industry] = 1;
    for (size_t k = 0; k < r->n_stockouts; k++)
        mark[(size_t)r->stockouts[k].product * n + (size_t)r->stockouts[k].industry] = 1;
    size_t c = 0;
    for (size_t q = 0; q < S * n; q++)
        c += mark[q];
    ts_pair *p = malloc((c ? c : 1) * sizeof *p);
    if (p) {
        c = 0;
        for (size_t q = 0; q < S * n; q++)
            if (mark[q])
                p[c++] = (ts_pair){(int)(q / n), (int)(q % n)};
    }
    free(mark);
    *np = c;
    return p;
}

static ts_status simulate(ts_run *run, const ts_run_request *rq, ts_error *err)
{
    const ts_mrio *m = run->m;
    const ts_scenario *sc = run->sc;
    ts_sim_options opt = {0};
    opt.log = rq->log;
    opt.threads = rq->threads;
    if (m->n * (size_t)sc->horizon_days >= 300000) /* long runs only */
        opt.progress = rq->progress;
    double bytes = (double)m->S * (double)m->n * (double)sc->horizon_days * sizeof(double);
    opt.cover_all = bytes <= 512.0 * 1024 * 1024;
    double t0 = now();
    ts_status st = ts_sim_run(m, sc, &opt, &run->res, err);
    if (st)
        return st;
    if (opt.cover_all) {
        ts_result_keep_cover(run->res, sc);
    } else {
        size_t np = 0;
        ts_pair *pairs = cover_pairs(run->res, m, &np);
        if (!pairs)
            return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        if (np > run->res->n_cover) {
            ts_result_free(run->res);
            run->res = NULL;
            opt.cover_pairs = pairs;
            opt.n_cover_pairs = np;
            opt.log = NULL; /* its warnings were given by the first run */
            st = ts_sim_run(m, sc, &opt, &run->res, err);
        }
        free(pairs);
        if (st)
            return st;
    }
    run->seconds = now() - t0;
    return TS_OK;
}

ts_status ts_run_prepare(const ts_run_request *rq, ts_run **out, ts_error *err)
{
    *out = NULL;
    ts_run *run = calloc(1, sizeof *run);
    if (!run)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    ts_status st = ts_scenario_parse_overrides(rq->scenario, rq->overrides, rq->n_overrides,
                                               &run->sc, err);
    if (!st)
        st = ts_scenario_load_table(run->sc, rq->table, rq->log, &run->m, err);
    if (!st) {
        st = ts_scenario_resolve(run->sc, run->m, err);
        ts_override_annotate(err, run->sc, rq->overrides, rq->n_overrides);
    }
    if (st) {
        ts_run_free(run);
        return st;
    }
    *out = run;
    return TS_OK;
}

ts_status ts_run_simulate(ts_run *run, const ts_run_request *rq, ts_error *err)
{
    ts_status st = simulate(run, rq, err);
    if (!st)
        st = ts_losses_compute(run->res, run->m, &run->loss, err);
    if (!st)
        st = ts_losses_groups(run->loss, run->res, run->sc, err);
    return st;
}

ts_status ts_run_scenario(const ts_run_request *rq, ts_run **out, ts_error *err)
{
    ts_status st = ts_run_prepare(rq, out, err);
    if (!st && (st = ts_run_simulate(*out, rq, err))) {
        ts_run_free(*out);
        *out = NULL;
    }
    return st;
}

ts_status ts_run_write(const ts_run *run, const ts_run_request *rq, const char *dir,
                       unsigned outputs, double *file_seconds, ts_error *err)
{
    ts_run_info info = {.scenario_file = rq->scenario,
                        .table_path = rq->table ? rq->table : run->sc->table_path,
                        .seconds = run->seconds, .outputs = outputs,
                        .file_seconds = file_seconds};
    return ts_output_write(run->res, run->loss, run->m, run->sc, &info, dir, err);
}

void ts_run_free(ts_run *run)
{
    if (!run)
        return;
    ts_losses_free(run->loss);
    ts_result_free(run->res);
    ts_mrio_free(run->m);
    ts_scenario_free(run->sc);
    free(run);
}
