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

static ts_status simulate(ts_run *run, const ts_run_request *rq, ts_error *err)
{
    const ts_mrio *m = run->m;
    const ts_scenario *sc = run->sc;
    ts_sim_options opt = {0};
    opt.log = rq->log;
    opt.threads = rq->threads;
    if (m->n * (size_t)sc->horizon_days >= 300000) /* long runs only */
        opt.progress = rq->progress;
    /* the library's recording policy of the cover series (sim.h, ts_sim_options) */
    double t0 = now();
    ts_status st = ts_sim_run(m, sc, &opt, &run->res, err);
    if (st)
        return st;
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
