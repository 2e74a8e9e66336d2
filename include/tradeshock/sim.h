/**
 * @file sim.h
 * @brief The dynamic daily supply-chain model (model.md §3; ARIO family:
 *        Hallegatte 2008, 2014; Guan et al. 2020) and its results.
 *
 * One step is one day. Flows are M USD/day (annual table values / 365); stocks are
 * M USD; inventory "cover" is in days of baseline use. Industry index i = r*S + s.
 *
 * Order of operations within day t (fixed; model.md §3 and docs/model.md):
 *  1. events of day t are in force (capacity loss Delta, export blocks b, demand factors);
 *  2. demand    D_i = orders_i + final demand_i + fixed_i, floored at 0  (§3.3)
 *     (only the deliverable part: what export restrictions block is not demand);
 *     ARIO mode (params.mode, docs/model.md "ARIO-compatible mode"): from day 2, alpha
 *     is updated here from D_t and x_{t-1} instead of in step 8;
 *  3. capacity  xbar_i = alpha_i (1 - Delta_i) x0_i                       (§3.2)
 *  4. x*_i = min(D_i, xbar_i); input constraint with the stock at the START of the
 *     day: x_j = x*_j min(1, min_p Omega[p,j] / (psi s_p A_C[p,j] x*_j))  (§3.3)
 *  5. proportional rationing of x_i over all deliverable demands          (§3.4)
 *  6. deliveries, inventory update Omega += received - A_C x              (§3.5)
 *  7. orders for day t+1, split over suppliers by capacity-weighted shares (§3.6)
 *  8. overproduction alpha update for day t+1 (default mode)               (§3.8)
 */
#ifndef TRADESHOCK_SIM_H
#define TRADESHOCK_SIM_H

#include <stddef.h>

#include "tradeshock/mrio.h"
#include "tradeshock/scenario.h"
#include "tradeshock/status.h"

#ifdef __cplusplus
extern "C" {
#endif

struct ts_sim; /* private state of a run */

/** A (product, industry) pair: input product p held by industry j. */
typedef struct ts_pair {
    int product;   /**< p in [0, S) */
    int industry;  /**< j in [0, n) */
} ts_pair;

/** Options of a run (all optional; zero-initialise for defaults). */
typedef struct ts_sim_options {
    const ts_logger *log;    /**< warnings (NULL = silent) */
    /** Pairs whose days of cover are recorded every day (besides the statistics kept
     *  for every pair). NULL = the products of export restrictions, for every buyer. */
    const ts_pair *cover_pairs;
    size_t n_cover_pairs;
    /** Record the cover of EVERY input that can constrain production (S*n*T doubles at
     *  most; ignored when cover_pairs is given). Then ts_result_keep_cover() can keep
     *  the ones wanted once the run has shown which inputs ran short. */
    int cover_all;
    int threads;             /**< OpenMP threads, 0 = library default */
    /** Called once per simulated day (may be NULL). */
    void (*progress)(void *user, int day, int horizon);
    void *progress_user;
    /** Called at the end of every day with the model's private state (src/sim/internal.h);
     *  for invariant tests and instrumentation. May be NULL. */
    void (*on_day)(void *user, const struct ts_sim *state, int day);
    void *on_day_user;
} ts_sim_options;

/** Statistics of one (input product, industry) pair that constrained production. */
typedef struct ts_stockout {
    int product;           /**< input product p */
    int industry;          /**< using industry j */
    int first_day;         /**< first day the input constrained production */
    int last_day;          /**< last such day */
    int days;              /**< number of constrained days */
    double min_cover_days; /**< lowest stock in days of baseline use at a day's start */
    double max_share_stopped; /**< largest share of the industry's output (firms, by output
                                   weight) whose stock of the input bound on one day: the
                                   cover classes' weight with cover_spread, 1 otherwise
                                   (one representative firm) */
} ts_stockout;

/** A retaliation answer created during the run (scenario `retaliation`, model.md §3.7). */
typedef struct ts_answer {
    int rule;              /**< index into ts_scenario.retaliation */
    int trigger_event;     /**< scenario event that triggered it, or -1 */
    int trigger_answer;    /**< earlier answer that triggered it, or -1 */
    int depth;             /**< 1: answer to a scenario event; 2: answer to an answer ... */
    int fired_day;         /**< day the trigger started */
    int start, end;        /**< days the answer is in force (end inclusive; INT_MAX open) */
    ts_event_type type;    /**< tariff or export_restriction */
    double size;           /**< tariff rate or blocked share */
    char text[512];        /**< e.g. "CHN tariff +0.25 on USA (all products), days 35-365" */
} ts_answer;

/** Results of a run; arrays are owned by the result (ts_result_free). */
typedef struct ts_result {
    size_t T, R, S, F, n;
    double *x0;               /**< [n] baseline output, M USD/day */
    double *production;       /**< [T*n] realised output x_t, M USD/day */
    double *capacity;         /**< [T*n] xbar_t, M USD/day */
    double *demand;           /**< [T*n] deliverable total demand D_t, M USD/day */
    double *unmet_fd;         /**< [T*n] unmet final demand by supplying industry, M USD/day */
    double *unmet_fd_region;  /**< [T*R] unmet final demand by consuming region, M USD/day */
    double *trade;            /**< [T*R*R] deliveries (intermediate + final) from region r
                                   to region q: trade[t*R*R + r*R + q], M USD/day */
    size_t n_trade_products;  /**< products whose trade is also recorded by product: those
                                   of the scenario's export restrictions */
    int *trade_products;      /**< [n_trade_products] product (sector) indices */
    double *trade_by_product; /**< [T*n_trade_products*R*R] deliveries of product
                                   trade_products[k] from region r to q on day t:
                                   [((t*n_trade_products + k)*R + r)*R + q], M USD/day */
    int *limited;             /**< [T*n] 1 if an input constrained industry j on day t */
    size_t n_cover;           /**< recorded cover series */
    ts_pair *cover_pairs;     /**< [n_cover] */
    double *cover;            /**< [T*n_cover] stock at the start of day t in days of
                                   baseline use (Omega / (A_C x0)); NAN if not an input */
    size_t n_stockouts;
    ts_stockout *stockouts;   /**< [n_stockouts], sorted by first_day, then j, then p */
    int *collapse_day;        /**< [n] first day x_t < collapse_threshold x0, -1 never */
    int economy_collapse_day; /**< first day world output < collapse_threshold of x0, -1 */
    int all_limited_day;      /**< first day every producing industry was input-limited, -1 */
    size_t n_spread;          /**< (input, industry) pairs with cover classes (cover_spread) */
    ts_pair *spread_pairs;    /**< [n_spread] */
    int *spread_first;        /**< [n_spread] first day the first class stopped, -1 never */
    double *share_stopped;    /**< [T*n_spread] share of the industry's output (class
                                   weight) whose stock of the input binds on day t */
    double *in_transit;       /**< [T*S] goods at sea of product p at the end of day t
                                   (shipped, not yet arrived; parameters.transit), M USD;
                                   NULL when no lane has a transit time */
    double *in_transit0;      /**< [S] at sea at the start of day 0 (L days of baseline
                                   shipments per lane), M USD; NULL likewise */
    size_t n_answers;         /**< retaliation answers created during the run */
    ts_answer *answers;       /**< [n_answers] in the order they fired */
} ts_result;

/**
 * Run the scenario @p sc (resolved against @p m with ts_scenario_resolve) for
 * sc->horizon_days days. Deterministic: the same inputs give byte-identical
 * results at any thread count.
 * Errors: TS_ERR_INPUT (scenario not resolved, horizon < 1), TS_ERR_NOMEM,
 * TS_ERR_INTERNAL (a NaN/Inf appeared: a bug, reported with the day and industry).
 */
ts_status ts_sim_run(const ts_mrio *m, const ts_scenario *sc, const ts_sim_options *opt,
                     ts_result **out, ts_error *err);

/**
 * Stable parameter range (docs/model.md, "Stable parameter range", from experiments):
 * restoration_days >= TS_SIM_MIN_RESTORATION_DAYS (below, demand spikes after a shock),
 * and every finite inventory days of an input >= ts_sim_min_inventory_days(tau)
 * (below, a small capacity loss can collapse the economy): max(5, tau) for tau <= 30,
 * 30 + (tau - 30)/3 above. ts_sim_run() logs a warning (ts_sim_options.log) when a
 * scenario is outside the range.
 */
#define TS_SIM_MIN_RESTORATION_DAYS 5
#define TS_SIM_MIN_INVENTORY_DAYS 5
double ts_sim_min_inventory_days(double restoration_days);

/**
 * Keep only the cover series of the pairs that are the products of export restrictions
 * of @p sc or that constrained production (stockouts), dropping the rest in place.
 */
void ts_result_keep_cover(ts_result *r, const ts_scenario *sc);

/** Free a result (NULL is a no-op). */
void ts_result_free(ts_result *r);

#ifdef __cplusplus
}
#endif
#endif
