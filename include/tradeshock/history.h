/**
 * @file history.h
 * @brief Observed episodes: observations, their model counterparts, the backtest score.
 *
 * An observations file (CSV, docs/formats.md "Observations") lists facts observed during
 * an episode: when an industry first stopped, by how much a period's output or a
 * product's exports changed because of the shock, when an industry or a flow recovered.
 * ts_observations_read() parses it (libcsv), ts_observations_resolve() maps its dates and
 * codes onto a scenario and its table, ts_comparison_compute() measures the model's same
 * quantity in a finished run (definitions in docs/model.md "Model vs observed") and scores
 * the run. The score is what `tradeshock backtest` prints, what `tradeshock calibrate`
 * minimises and what ensembles may weight members by.
 *
 * Units: timing values are scenario day numbers (day 0 = start_date; a date is converted
 * with the scenario's start date), changes are percent of the no-shock baseline; errors
 * are model - observed in the same unit (days, percentage points).
 */
#ifndef TRADESHOCK_HISTORY_H
#define TRADESHOCK_HISTORY_H

#include <stddef.h>
#include <stdio.h>

#include "tradeshock/mrio.h"
#include "tradeshock/override.h"
#include "tradeshock/scenario.h"
#include "tradeshock/sim.h"
#include "tradeshock/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What an observation measures (docs/model.md "Model vs observed" for the model side). */
typedef enum ts_obs_metric {
    TS_OBS_FIRST_STOPPAGE = 0, /**< first day an industry stopped (unit date or day) */
    TS_OBS_OUTPUT_CHANGE,      /**< a period's output vs the no-shock baseline (pct) */
    TS_OBS_EXPORTS_CHANGE,     /**< a period's deliveries of a product from an exporter to
                                    destinations vs the baseline (pct) */
    TS_OBS_RECOVERED_BY        /**< first day from which an industry is no longer stopped,
                                    or a flow is back to its baseline (unit date or day) */
} ts_obs_metric;

/** Name of a metric as written in the file ("first_stoppage", ...). */
const char *ts_obs_metric_name(ts_obs_metric m);

/** 1 for the timing metrics (first_stoppage, recovered_by), 0 for the changes. */
int ts_obs_metric_is_timing(ts_obs_metric m);

/** Default tolerances when the `tolerance` column is empty: days and percentage points. */
#define TS_OBS_DEFAULT_TOL_DAYS 10.0
#define TS_OBS_DEFAULT_TOL_PP 5.0

/** A flow is "recovered" (recovered_by of exports) from the first day after which its
 *  daily value never falls below (1 - this) of its baseline again. */
#define TS_OBS_RECOVERY_SHARE 0.01

/** One observation, as read (text fields are the file's, unquoted). */
typedef struct ts_observation {
    long line;              /**< physical CSV line (header = 1) */
    ts_obs_metric metric;
    char *date;             /**< `date` as written (period of a change; report date of a
                                 timing metric) */
    char *region;           /**< `region`: CODE, CODE+CODE...; exports: EXPORTER>DEST with
                                 DEST a code, a +-list or `all` (every other region) */
    char *sector;           /**< `sector`: sector code(s) of the industries (+-list); for
                                 exports the product code */
    char *unit;             /**< `date`, `day` (timing) or `pct` (changes) */
    char *source;           /**< `source` (required, non-empty) */
    double value;           /**< pct; or day number (unit day); or days since 1970-01-01
                                 (unit date) */
    double tolerance;       /**< days or pp; the default when the column is empty */
    int tolerance_given;    /**< 1 if the column had a value */
    long period_first;      /**< changes: first day of the period, days since 1970-01-01 */
    long period_last;       /**< changes: last day (inclusive) */
    /* after ts_observations_resolve(): */
    double observed;        /**< value in scenario days (timing) or pct (changes) */
    int first, last;        /**< changes: the period in scenario days (first may be < 0:
                                 days before the start are baseline days) */
    size_t n_ind;           /**< industries (first_stoppage, output_change, recovered_by of
                                 an industry) */
    int *ind;               /**< [n_ind] industry indices r*S+s */
    int exporter;           /**< exports: exporter region; -1 otherwise */
    int product;            /**< exports: product (sector) index; -1 otherwise */
    size_t n_dest;          /**< exports: destination regions */
    int *dest;              /**< [n_dest] */
} ts_observation;

/** An observations file. */
typedef struct ts_observations {
    char *file;             /**< path as given */
    size_t n;
    ts_observation *obs;    /**< [n] in file order */
} ts_observations;

/**
 * Read an observations file (docs/formats.md "Observations"): header with the columns
 * date, region, sector, metric, value, unit, source and optionally tolerance, in any
 * order. Errors are TS_ERR_INPUT with file, line and column (1-based field number):
 * unknown or missing column, unknown metric, a unit that does not fit the metric, a value
 * or date that does not parse, an empty source, a negative tolerance; TS_ERR_NOMEM.
 */
ts_status ts_observations_read(const char *path, ts_observations **out, ts_error *err);

/**
 * Map dates onto scenario days and codes onto @p m's indices. Errors (TS_ERR_INPUT, file
 * and line of the observation): unknown region or sector code, a period that ends after
 * the horizon or before day 0, an exports row whose product is not recorded by product in
 * a run (only the products of the scenario's export restrictions are).
 */
ts_status ts_observations_resolve(ts_observations *o, const ts_scenario *sc,
                                  const ts_mrio *m, ts_error *err);

/** Free (NULL is a no-op). */
void ts_observations_free(ts_observations *o);

/** The model's counterpart of one observation. */
typedef struct ts_obs_compare {
    double observed;        /**< scenario day or pct (ts_observation.observed) */
    double model;           /**< the model's same quantity, same unit */
    double error;           /**< model - observed: days or percentage points */
    double tolerance;       /**< days or pp (> 0 for scoring; 0 means exact) */
    double normalised;      /**< |error| / tolerance (|error| / 1e-9 when tolerance is 0) */
    int within;             /**< |error| <= tolerance */
    int never;              /**< timing: the model never stopped (first_stoppage: model =
                                 horizon_days) or never recovered (recovered_by: model =
                                 horizon_days) */
} ts_obs_compare;

/**
 * A run compared with observations. The score (docs/model.md "Backtest score") is the
 * mean over observations of |error| / tolerance, each capped at TS_OBS_SCORE_CAP: 0 is a
 * perfect fit, <= 1 means within tolerance on average; tolerances are the weights (an
 * error of one tolerance counts the same for a date as for an output change).
 */
typedef struct ts_comparison {
    size_t n;
    ts_obs_compare *rows;   /**< [n], in the observations' order */
    double score;           /**< mean capped normalised error */
    double mae_days;        /**< mean |error| over the timing rows, days (NAN if none) */
    size_t n_days;
    double mae_pp;          /**< mean |error| over the change rows, pp (NAN if none) */
    size_t n_pp;
    size_t n_within;        /**< rows within tolerance */
} ts_comparison;

/** Cap on one observation's normalised error in the score (a row the model misses by
 *  far does not swamp the rest). */
#define TS_OBS_SCORE_CAP 10.0

/**
 * Compute the model's counterpart of every observation of @p o (resolved against @p m
 * and @p sc) in the run @p r, and the score. Errors: TS_ERR_INPUT when @p r is not a run
 * of @p sc on @p m (dimensions, horizon), TS_ERR_NOMEM.
 */
ts_status ts_comparison_compute(const ts_observations *o, const ts_mrio *m,
                                const ts_scenario *sc, const ts_result *r,
                                ts_comparison **out, ts_error *err);

/** Free (NULL is a no-op). */
void ts_comparison_free(ts_comparison *c);

/**
 * Write DIR/backtest.csv (columns in docs/formats.md "backtest.csv": the observation,
 * observed and model values, error, tolerance, within, normalised error, source), then a
 * last row `score` with the score in `normalised`. Written under a temporary name and
 * renamed (the file appears complete or not at all). TS_ERR_IO names the file.
 */
ts_status ts_comparison_write_csv(const ts_comparison *c, const ts_observations *o,
                                  const ts_scenario *sc, const char *dir, ts_error *err);

/** Print the comparison as a table (one line per observation, then the score). */
void ts_comparison_print(FILE *f, const ts_comparison *c, const ts_observations *o,
                         const ts_scenario *sc);

/**
 * Run @p sc on @p m (ts_sim_run with @p opt, NULL for defaults) and compare the run with
 * @p o (resolved against both): one backtest. @p res (may be NULL) receives the run, the
 * caller frees it; @p cmp the comparison. Errors: those of ts_sim_run() and
 * ts_comparison_compute().
 */
ts_status ts_backtest_run(const ts_mrio *m, const ts_scenario *sc, const ts_observations *o,
                          const ts_sim_options *opt, ts_result **res, ts_comparison **cmp,
                          ts_error *err);

/* ---- calibration (docs/model.md "Calibration") --------------------------------- */

/** One parameter searched: the value at every key path of @p paths (override.h syntax,
 *  e.g. parameters.inventory_days_by_product.REE.c15) is set to the same number in
 *  [lo, hi]; rounded to a whole number when @p integer. */
typedef struct ts_calib_param {
    const char *const *paths;
    size_t n_paths;
    double lo, hi;
    int integer;
} ts_calib_param;

/** Options of ts_calibrate(); zero-initialise for the defaults. */
typedef struct ts_calib_options {
    size_t n_eval;            /**< runs in all (Latin hypercube + Nelder-Mead) [60] */
    size_t n_lhs;             /**< of which Latin hypercube points [max(d+1, n_eval/2)] */
    unsigned long long seed;  /**< Philox key of the Latin hypercube [1] */
    const struct ts_override *fixed; /**< overrides applied before the searched ones */
    size_t n_fixed;
    const ts_sim_options *sim;       /**< options of every run (NULL = defaults) */
    /** Called after each run (may be NULL): k-th run of n, its score, best so far. */
    void (*progress)(void *user, size_t k, size_t n, double score, double best);
    void *user;
} ts_calib_options;

/** Every point tried, in order. */
typedef struct ts_calibration {
    size_t d;                 /**< parameters */
    size_t n;                 /**< points tried */
    double *x;                /**< [n*d] parameter values (after rounding) */
    double *score;            /**< [n] */
    int *phase;               /**< [n] 0 Latin hypercube, 1 Nelder-Mead */
    size_t best;              /**< index of the lowest score (the first one on ties) */
    double initial_score;     /**< the scenario as written (with the fixed overrides) */
} ts_calibration;

/**
 * Search the parameters @p p[0..d) that minimise the backtest score of the scenario file
 * @p scenario against @p o on the table @p m (loaded and split for that scenario, e.g. by
 * ts_scenario_load_table). Deterministic: a Latin hypercube of opt->n_lhs points in the
 * box (strata permuted and placed by Philox4x32-10 keyed by the seed, counter = (point,
 * parameter)), then Nelder-Mead (reflection 1, expansion 2, contraction 1/2, shrink 1/2,
 * in the box scaled to [0,1]^d, points clamped to it) from the simplex of the d+1 best
 * points, until n_eval runs or the simplex is smaller than 1e-4. Errors: TS_ERR_INPUT
 * for an empty or reversed range or a path/value the scenario rejects (named), those of
 * the runs, TS_ERR_NOMEM.
 */
ts_status ts_calibrate(const char *scenario, const ts_mrio *m, ts_observations *o,
                       const ts_calib_param *p, size_t d, const ts_calib_options *opt,
                       ts_calibration **out, ts_error *err);

/** Free (NULL is a no-op). */
void ts_calibration_free(ts_calibration *c);

/**
 * The scenario @p scenario with the fixed overrides and the parameters at point @p k of
 * @p c, parsed and resolved against @p m (the overrides, in order, also go to @p ov_out
 * when non-NULL: the caller frees the array and its value strings with
 * ts_calib_overrides_free()). For writing the best run.
 */
ts_status ts_calib_scenario(const char *scenario, const ts_mrio *m, const ts_calib_param *p,
                            size_t d, const ts_calib_options *opt, const double *x,
                            ts_scenario **out, struct ts_override **ov_out, size_t *n_ov,
                            ts_error *err);
void ts_calib_overrides_free(struct ts_override *ov, size_t n, size_t n_fixed);

#ifdef __cplusplus
}
#endif
#endif
