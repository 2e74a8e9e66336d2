/**
 * @file output.h
 * @brief Results folder: loss accounting, summary.json, timeseries.csv, stockouts.csv,
 *        and the short human summary.
 *
 * Losses are sums over the simulated days of (x0 - x_t) in M USD (daily flows of
 * M USD/day summed over days); percentages are of the baseline over the same days,
 * sum_t x0 = T x0. Value-added loss assumes each industry's value-added share of
 * output v/x stays at its baseline (Leontief technology).
 */
#ifndef TRADESHOCK_OUTPUT_H
#define TRADESHOCK_OUTPUT_H

#include <stdio.h>

#include "tradeshock/mrio.h"
#include "tradeshock/scenario.h"
#include "tradeshock/sim.h"
#include "tradeshock/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Loss accounting of a run (all M USD over the horizon unless stated). */
typedef struct ts_losses {
    size_t n, R;
    double *industry;        /**< [n] output loss */
    double *industry_base;   /**< [n] baseline output over the horizon */
    double *industry_va;     /**< [n] value-added loss */
    double *region;          /**< [R] output loss */
    double *region_base;     /**< [R] baseline output */
    double *region_va;       /**< [R] value-added loss */
    double *region_unmet;    /**< [R] unmet final demand of consumers in the region */
    int *region_recovery;    /**< [R] first day from which the region's daily loss stays
                                  below 0.1% of baseline to the end, after it was above;
                                  -1 never hit, T never recovered within the horizon */
    double total, total_base, total_va, total_unmet;
    int recovery_day;        /**< the same for the world */
    int *rank;               /**< [n] industries by loss, largest first */
} ts_losses;

/** Compute losses of @p r on table @p m. */
ts_status ts_losses_compute(const ts_result *r, const ts_mrio *m, ts_losses **out, ts_error *err);
void ts_losses_free(ts_losses *l);

/** Facts about the run echoed into summary.json. */
typedef struct ts_run_info {
    const char *scenario_file;  /**< path as given */
    const char *table_path;     /**< table folder actually used */
    double seconds;             /**< wall time of the simulation (not written: determinism) */
} ts_run_info;

/**
 * Write summary.json, timeseries.csv and stockouts.csv into the existing folder @p dir.
 * The caller makes the folder appear complete (temporary name, then rename).
 * Errors: TS_ERR_IO naming the file.
 */
ts_status ts_output_write(const ts_result *r, const ts_losses *l, const ts_mrio *m,
                          const ts_scenario *sc, const ts_run_info *info, const char *dir,
                          ts_error *err);

/** The short human summary (top losses, first stock-outs, collapse warning). */
void ts_output_print_summary(FILE *f, const ts_result *r, const ts_losses *l,
                             const ts_mrio *m, const ts_scenario *sc);

#ifdef __cplusplus
}
#endif
#endif
