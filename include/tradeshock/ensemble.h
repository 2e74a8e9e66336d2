/**
 * @file ensemble.h
 * @brief Uncertainty: the scenario's `ensemble` block (distributions of any value by key
 *        path), counter-based draws, ensembles of full simulations, their summaries and
 *        quantiles (docs/ensemble.md).
 *
 * Draws: member k's value of uncertain parameter j is a deterministic function of
 * (seed, k, j): one Philox-4x32-10 block (Random123; key = the 64-bit seed, counter =
 * (k low, k high, j, 0x656e73)) gives 53 random bits, u = (bits + 0.5) 2^-53 in (0, 1),
 * and the value is the distribution's inverse CDF at u (after truncation:
 * u' = F(lo) + u (F(hi) - F(lo))). Results therefore do not depend on the thread or rank
 * that runs a member, nor on the order.
 *
 * Inverse CDFs (own code, docs/ensemble.md): uniform a + u (b - a); triangular (a, c, b)
 * a + sqrt(u (b-a)(c-a)) for u < (c-a)/(b-a), else b - sqrt((1-u)(b-a)(b-c)); normal
 * mu + sigma Phi^-1(u) with Phi(x) = erfc(-x/sqrt 2)/2 and Phi^-1 by Abramowitz & Stegun
 * 26.2.23 refined by Halley steps on erfc; lognormal exp(ln(median) + sigma Phi^-1(u));
 * choice: the first value whose cumulative weight share exceeds u.
 */
#ifndef TRADESHOCK_ENSEMBLE_H
#define TRADESHOCK_ENSEMBLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tradeshock/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Distribution kinds (YAML `dist`). */
typedef enum ts_dist_kind {
    TS_DIST_UNIFORM = 0, /**< min, max */
    TS_DIST_NORMAL,      /**< mean, sd */
    TS_DIST_LOGNORMAL,   /**< median (= exp(mu)), sigma (of the log) */
    TS_DIST_TRIANGULAR,  /**< min, mode, max */
    TS_DIST_CHOICE       /**< values (YAML text), weights (default equal) */
} ts_dist_kind;

/** One uncertain input: a distribution applied to one or more key paths (the same draw
 *  for all of them, e.g. the REE stock of c14 and c15). */
typedef struct ts_uncertain {
    char *name;        /**< short label (YAML `name`; default: the first path) */
    size_t n_paths;
    char **paths;      /**< [n_paths] override key paths (tradeshock/override.h) */
    long line;         /**< YAML line of the item */
    ts_dist_kind dist;
    double a, b, c;    /**< uniform: min, max; normal: mean, sd; lognormal: median, sigma;
                            triangular: min, max, mode */
    double lo, hi;     /**< truncation [lo, hi] (-inf, +inf: none) */
    int integer;       /**< round the value to the nearest whole number (day fields) */
    size_t n_values;
    char **values;     /**< [n_values] choice: YAML text of each value */
    double *weights;   /**< [n_values] choice: weights (>= 0, sum > 0) */
    char *source;      /**< YAML `source`: where the range comes from (may be NULL) */
} ts_uncertain;

/** The `ensemble` block. */
typedef struct ts_ensemble_spec {
    long members;          /**< number of members [100] */
    uint64_t seed;         /**< [1] */
    size_t n;
    ts_uncertain *params;  /**< [n] uncertain inputs, in file order (index j of the draws) */
    size_t n_rank_groups;
    char **rank_groups;    /**< groups compared for "hit hardest" (default: every group) */
    size_t n_watch;
    char **watch;          /**< industries <REGION>_<SECTOR> whose first input-limited day
                                is a headline (e.g. USA_c15) */
    double acceptance;     /**< calibrated ensembles: share of members accepted [0.1] */
    char *calib_scenario;  /**< `calibrate.scenario`: a backtest scenario with
                                `observations:`, resolved against this file's folder; NULL:
                                no calibration */
    size_t n_calib;
    size_t *calib;         /**< [n_calib] indices of the inputs applied to the backtest
                                (`calibrate.parameters`, by name) */
} ts_ensemble_spec;

/** Free the contents of a spec and the spec itself (NULL is a no-op). */
void ts_ensemble_spec_free(ts_ensemble_spec *e);

/** u in (0, 1) of member @p k, parameter @p j, from (seed, k, j) (Philox-4x32-10). */
double ts_ensemble_uniform(uint64_t seed, uint64_t k, uint64_t j);

/**
 * Value of @p u at probability @p p in (0, 1) (inverse CDF after truncation; integer
 * rounding applied): its YAML text in @p buf (>= 64 bytes, for the override) and, for
 * numeric distributions, the number in @p num (NAN for a non-numeric choice).
 */
void ts_uncertain_value(const ts_uncertain *u, double p, char *buf, size_t len, double *num);

/** Standard normal CDF and its inverse (exported for tests). */
double ts_norm_cdf(double x);
double ts_norm_ppf(double p);


/* ---- ensembles of full simulations ------------------------------------------------ */

struct ts_mrio;
struct ts_scenario;

/**
 * Quantile sketch (docs/ensemble.md, "Quantiles"): a fixed-bin relative-error histogram in
 * the manner of DDSketch (Masson, Rim & Lee 2019). A value x (a loss in percent of
 * baseline) falls in bin sign(x) ceil(log_gamma(|x| / TS_SKETCH_MIN)),
 * gamma = (1 + TS_SKETCH_ALPHA) / (1 - TS_SKETCH_ALPHA), |x| < TS_SKETCH_MIN in the zero
 * bin, |x| beyond TS_SKETCH_MIN gamma^TS_SKETCH_SIDE in the last bin. A quantile is the
 * representative 2 gamma^i / (gamma + 1) TS_SKETCH_MIN of the bin holding the member of
 * rank round(q (N - 1)): within a relative error TS_SKETCH_ALPHA of that member's value
 * (0 for |x| < TS_SKETCH_MIN). Counts are integers: merging (adding) sketches of threads
 * or MPI ranks is exact and order-free, and memory does not grow with N.
 */
#define TS_SKETCH_ALPHA 0.01
#define TS_SKETCH_MIN 1e-3
#define TS_SKETCH_SIDE 691
#define TS_SKETCH_BINS (2 * TS_SKETCH_SIDE + 1)

/** Bin of value @p x. */
size_t ts_sketch_bin(double x);
/** Representative value of bin @p b. */
double ts_sketch_value(size_t b);
/** q-quantile of one cell's @p counts (TS_SKETCH_BINS of them); NAN if empty. */
double ts_sketch_quantile(const uint32_t *counts, double q);

/** The five quantiles written everywhere. */
#define TS_ENSEMBLE_NQ 5
extern const double ts_ensemble_q[TS_ENSEMBLE_NQ]; /* 0.05, 0.25, 0.5, 0.75, 0.95 */

/**
 * Results of the members [first, first + N) of an ensemble, in member order, plus the
 * sketches of their daily series. Loss percentages are of baseline output over the same
 * days; days are day numbers (0 = start_date), -1 = never.
 */
typedef struct ts_ensemble_result {
    size_t N;                 /**< members held */
    long first;               /**< member index of row 0 */
    size_t P;                 /**< uncertain inputs (spec->n) */
    size_t G;                 /**< reporting groups of the scenario */
    size_t Gr;                /**< groups compared for "hit hardest" */
    int *rank_group;          /**< [Gr] their indices in the scenario's groups */
    size_t W;                 /**< watched industries */
    int *watch;               /**< [W] their industry indices */
    size_t T, R, n;           /**< horizon, regions, industries */
    char **text;              /**< [N*P] each member's value of each input (YAML text) */
    double *value;            /**< [N*P] the same as numbers (NAN: not a number) */
    double *world_loss;       /**< [N] world output loss, M of the table's currency */
    double *world_loss_pct;   /**< [N] */
    double *group_loss_pct;   /**< [N*G] */
    int *group_first;         /**< [N*G] first day any member industry was input-limited */
    int *watch_first;         /**< [N*W] first input-limited day of each watched industry */
    int *hardest;             /**< [N] index in rank_group of the hardest-hit group
                                   (largest loss %; ties: first listed) */
    int *economy_collapse_day;/**< [N] */
    int *n_collapsed;         /**< [N] industries that collapsed */
    double *score;            /**< [N] backtest score (calibrated ensembles), NAN if none */
    size_t *n_so;             /**< [N] stock-outs of each member */
    int **so;                 /**< [N] -> [3*n_so]: input product, industry, first day */
    long *member_id;          /**< [N] member index of each row when not first + row
                                   (calibrated ensembles: the accepted members), or NULL */
    size_t n_cells;           /**< sketch cells: T*(1+R+Gr) daily, then n industry totals */
    uint32_t *counts;         /**< [n_cells*TS_SKETCH_BINS] */
} ts_ensemble_result;

/** Cell of the daily series s (0 world, 1..R regions, R+1.. rank groups) on day t. */
#define TS_ENSEMBLE_CELL(res, t, s) ((size_t)(t) * (1 + (res)->R + (res)->Gr) + (size_t)(s))

/** Value source of a member: fills the YAML text (and number) of input j of member k;
 *  an empty text leaves the scenario's own value. */
typedef void (*ts_ensemble_values_fn)(void *user, long k, size_t j, char *buf, size_t len,
                                      double *num);

typedef struct ts_ensemble_options {
    long members;            /**< total members (0: spec's) */
    long first, count;       /**< run members [first, first+count) (count 0: to the end) */
    int threads;             /**< OpenMP threads over members (0: library default) */
    ts_ensemble_values_fn values; /**< NULL: random draws from the spec (seed, k, j) */
    void *values_user;
    void (*progress)(void *user, long done, long total); /**< after each member (may be
                                   called from any thread, one call at a time) */
    void *progress_user;
} ts_ensemble_options;

/**
 * Run the members: each member is the scenario file @p scenario_path with its inputs set
 * by overrides (ts_scenario_parse_overrides), resolved against @p m (the table with the
 * splits applied, shared read-only) and simulated from scratch; @p base is the scenario
 * parsed without overrides (its `ensemble` block and groups). Each thread reuses its
 * buffers; results are the same at any thread count. Errors name the member and its
 * values. TS_ERR_INPUT when the base has no `ensemble` block.
 */
ts_status ts_ensemble_run(const char *scenario_path, const struct ts_scenario *base,
                          const struct ts_mrio *m, const ts_ensemble_options *opt,
                          ts_ensemble_result **out, ts_error *err);

/** An empty result for @p N members (all arrays allocated, counts zero). */
ts_status ts_ensemble_result_alloc(const struct ts_scenario *base, const struct ts_mrio *m,
                                   size_t N, long first, ts_ensemble_result **out,
                                   ts_error *err);

/** Free a result (NULL is a no-op). */
void ts_ensemble_result_free(ts_ensemble_result *r);

/**
 * Write into the existing folder @p dir: ensemble_summary.csv, quantiles.csv,
 * quantiles_industry.csv, stockout_probability.csv, quantiles.nc, summary.json (columns
 * and fields in docs/ensemble.md). @p accepted (NULL: all) marks the members used for
 * the distributions (calibrated ensembles).
 */
ts_status ts_ensemble_write(const ts_ensemble_result *r, const struct ts_scenario *base,
                            const struct ts_mrio *m, const unsigned char *accepted,
                            const char *dir, ts_error *err);

/** The headline answers (world and compared groups' loss quantiles, probability of each
 *  being hit hardest, watched industries' stoppage by day 30/60/90, collapse) on @p f. */
void ts_ensemble_print_summary(FILE *f, const ts_ensemble_result *r,
                               const struct ts_scenario *sc, const unsigned char *accepted);

/* ---- calibrated ensembles (docs/ensemble.md, "Calibrated ensembles") ----------------- */

/** Approximate Bayesian computation by rejection: every member's backtest score, the
 *  accepted members and the threshold. */
typedef struct ts_abc {
    size_t N;                 /**< members scored */
    double *score;            /**< [N] backtest score (history.h) of member k */
    unsigned char *accepted;  /**< [N] */
    size_t n_acc;
    long *members;            /**< [n_acc] accepted member indices, ascending */
    double threshold;         /**< epsilon: the largest accepted score */
    const ts_ensemble_spec *spec; /**< for ts_abc_values() */
} ts_abc;

/**
 * Score members 0..N-1 of @p base's ensemble on the backtest scenario @p backtest (its
 * `observations:` read and resolved; table @p mb loaded for it): member k's values of the
 * `calibrate.parameters` inputs, drawn from (seed, k, j) exactly as in the forecast, are
 * applied to the backtest as overrides, the backtest is run and scored. Accepted: the
 * ceil(acceptance N) members with the lowest scores (ties: lower member index) - a uniform
 * kernel with the threshold epsilon at that quantile of the scores. OpenMP over members.
 */
ts_status ts_abc_run(const struct ts_scenario *base, const char *backtest,
                     const struct ts_mrio *mb, long N, int threads,
                     void (*progress)(void *user, long done, long total), void *user,
                     ts_abc **out, ts_error *err);
void ts_abc_free(ts_abc *a);

/** calibration.csv: member, each calibrated input's value, score, accepted. */
ts_status ts_abc_write(const ts_abc *a, const struct ts_scenario *base, const char *dir,
                       ts_error *err);

/** Values callback of the forecast of the accepted members: row k is member
 *  a->members[k] (user = the ts_abc; the spec is taken from ts_abc_bind()). */
void ts_abc_values(void *user, long k, size_t j, char *buf, size_t len, double *num);
/** Attach the spec whose draws ts_abc_values() repeats. */
void ts_abc_bind(ts_abc *a, const ts_ensemble_spec *e);

/* ---- sensitivity (docs/ensemble.md, "Sensitivity") ----------------------------------- */

/** Headline answers ranked by sensitivity: 0 first stoppage day of the first `watch`
 *  industry (the horizon when it never stops), 1 world output loss %, then each compared
 *  group's loss %; the hardest-hit group is reported separately (categorical). */
typedef struct ts_sensitivity {
    size_t P;                 /**< uncertain inputs */
    size_t n_out;             /**< numeric outputs */
    char **out_name;          /**< [n_out] */
    double *base;             /**< [n_out] the scenario as written (no override) */
    int base_hardest;         /**< index into the result's rank groups */
    char **lo_text, **hi_text;/**< [P] the low and high values (YAML text) */
    double *y_lo, *y_hi;      /**< [P*n_out] outputs with input j at its low / high value,
                                   every other input as written */
    int *hardest_lo, *hardest_hi; /**< [P] */
    size_t n_grid;            /**< scan points per input (flip search) */
    char **grid_text;         /**< [P*n_grid] */
    double *grid_y;           /**< [P*n_grid*n_out] */
    int *grid_hardest;        /**< [P*n_grid] */
    size_t r;                 /**< Morris trajectories */
    double *mu_star, *mu, *sigma; /**< [P*n_out] Morris statistics of the elementary
                                   effects (per unit of the input's u range) */
    double *flip_rate;        /**< [P] share of Morris steps of input j that changed the
                                   hardest-hit group */
    int pair[2];              /**< the two inputs with the highest flip_rate (-1: P < 2) */
    size_t n_grid2;           /**< points per input of the two-way scan of pair */
    char **grid2_text;        /**< [2*n_grid2] their values */
    int *grid2_hardest;       /**< [n_grid2*n_grid2]: [a*n_grid2 + b] hardest-hit group with
                                   pair[0] at point a and pair[1] at point b */
    ts_ensemble_result *runs; /**< all runs, in design order (base, OAT, scan, Morris) */
} ts_sensitivity;

typedef struct ts_sensitivity_options {
    int threads;              /**< OpenMP threads over runs */
    size_t morris_r;          /**< trajectories [10] */
    size_t n_grid;            /**< scan points per input [9] */
    void (*progress)(void *user, long done, long total);
    void *progress_user;
} ts_sensitivity_options;

/**
 * One-at-a-time (tornado) runs of each input at its low and high value (u = 0 and 1;
 * 0.05 and 0.95 for normal and lognormal without truncation on that side), a scan of
 * n_grid values per input for where the hardest-hit group changes, and Morris
 * elementary effects (r trajectories on the 4-level grid u in {0, 1/3, 2/3, 1} of each
 * input's range, steps of 2/3 in a random order, Philox from the ensemble's seed).
 * Then a two-way scan (5 x 5 points) of the two inputs that changed the hardest-hit group
 * most often in the Morris steps: the combinations that flip the ranking.
 * 1 + 2P + P n_grid + r (P + 1) + 25 simulations.
 */
ts_status ts_sensitivity_run(const char *scenario_path, const struct ts_scenario *base,
                             const struct ts_mrio *m, const ts_sensitivity_options *opt,
                             ts_sensitivity **out, ts_error *err);

/** tornado.csv, morris.csv, flips.csv, sensitivity.json in the existing folder @p dir. */
ts_status ts_sensitivity_write(const ts_sensitivity *s, const struct ts_scenario *base,
                               const char *dir, ts_error *err);

void ts_sensitivity_free(ts_sensitivity *s);

/** The ranking and the changes of the hardest-hit group on @p f. */
void ts_sensitivity_print(FILE *f, const ts_sensitivity *s, const struct ts_scenario *sc);

/** report.html (+ charts/) in @p dir: the changes of the hardest-hit group and a tornado
 *  chart per headline output (bars: change from the scenario as written at the low and
 *  high end of each input, largest swing on top). PLplot: one thread at a time. */
ts_status ts_sensitivity_report(const ts_sensitivity *s, const struct ts_scenario *sc,
                                const char *dir, ts_error *err);

/** report.html (+ charts/) of an ensemble in @p dir: the probability of each compared
 *  group being hit hardest and stocking out by day 30/60/90, fan charts (p05-p95,
 *  p25-p75, median) of the world's and each compared group's daily loss, and the
 *  probability of a first stock-out by day d of each watched industry and group. */
ts_status ts_ensemble_report(const ts_ensemble_result *r, const struct ts_scenario *sc,
                             const char *dir, ts_error *err);

#ifdef __cplusplus
}
#endif
#endif
