/**
 * @file run.h
 * @brief One scenario run from files to results: parse (with overrides by key path),
 *        load the table (with the scenario's splits), resolve, simulate, compute the
 *        losses; then write a results folder. What `tradeshock run`, `run --decompose` and
 *        the Python binding (python/tradeshock) call.
 *
 * Cover recording (ts_result.cover): the stock of every input is recorded in one run
 * when S*n*T doubles fit in 512 MiB, then only the restricted products and the inputs
 * that ever constrained production are kept; above that a second run records just those.
 */
#ifndef TRADESHOCK_RUN_H
#define TRADESHOCK_RUN_H

#include <stddef.h>

#include "tradeshock/mrio.h"
#include "tradeshock/output.h"
#include "tradeshock/override.h"
#include "tradeshock/scenario.h"
#include "tradeshock/sim.h"
#include "tradeshock/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What to run. Zero-initialise; scenario is required. */
typedef struct ts_run_request {
    const char *scenario;          /**< scenario YAML file */
    const char *table;             /**< another table with the same labels (NULL: the scenario's) */
    const ts_override *overrides;  /**< applied before validation (override.h) */
    size_t n_overrides;
    int threads;                   /**< OpenMP threads (0: default); results do not depend on it */
    const ts_logger *log;          /**< warnings (NULL: silent) */
    void (*progress)(void *user, int day, int horizon); /**< optional, see ts_sim_options;
                                                            called on long runs only
                                                            (industries x days >= 300000) */
} ts_run_request;

/** A finished run (owned; ts_run_free). */
typedef struct ts_run {
    ts_scenario *sc;      /**< parsed and resolved */
    ts_mrio *m;           /**< the table, after the scenario's splits */
    ts_result *res;       /**< daily results */
    ts_losses *loss;      /**< totals, rankings, groups */
    double seconds;       /**< wall time of the simulation (never written: determinism) */
} ts_run;

/**
 * Parse the scenario of @p rq (with its overrides), load its table (with its splits) and
 * resolve it: *@p out has sc and m, not yet res and loss. Errors: those of
 * ts_scenario_parse_overrides (TS_ERR_INPUT with file, line and key path; an override's
 * path and value), ts_scenario_load_table, ts_scenario_resolve (annotated with the
 * override that set a bad value); TS_ERR_NOMEM.
 */
ts_status ts_run_prepare(const ts_run_request *rq, ts_run **out, ts_error *err);

/** Simulate a prepared run and compute its losses (res, loss, seconds). Errors: those
 *  of ts_sim_run, ts_losses_compute; TS_ERR_NOMEM. */
ts_status ts_run_simulate(ts_run *run, const ts_run_request *rq, ts_error *err);

/** ts_run_prepare then ts_run_simulate (*@p out is NULL on error). */
ts_status ts_run_scenario(const ts_run_request *rq, ts_run **out, ts_error *err);

/** Write the results files of @p run into the existing folder @p dir (ts_output_write;
 *  the caller makes the folder appear whole): the TS_OUT_* files in @p outputs (0: all),
 *  the time spent on each into @p file_seconds [TS_OUT_NFILES] when not NULL. */
ts_status ts_run_write(const ts_run *run, const ts_run_request *rq, const char *dir,
                       unsigned outputs, double *file_seconds, ts_error *err);

void ts_run_free(ts_run *run);

/**
 * The loss of @p full (a finished run of @p rq) split by event, written as JSON to
 * @p path (decomposition.json; README "Results folder"). For each scenario event k that
 * is not a truce: alone(k) = the loss of the run in which every other non-truce event is
 * moved past the horizon (overrides events[j].start = events[j].end = horizon_days: it
 * never acts and triggers no retaliation; truces, rules and parameters stay), and
 * marginal(k) = L(full) - L(run with only k moved). With no interaction the alone losses
 * sum to the full loss and equal the marginal ones; full - sum(alone) and full -
 * sum(marginal) measure the interaction. 2K extra runs. Scopes: world, every region,
 * every industry with a loss (ranked), M USD over the horizon. Errors: those of the runs,
 * TS_ERR_IO naming @p path, TS_ERR_NOMEM.
 */
ts_status ts_run_decompose(const ts_run_request *rq, const ts_run *full, const char *path,
                           ts_error *err);

#ifdef __cplusplus
}
#endif
#endif
