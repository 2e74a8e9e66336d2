/**
 * @file sim.h
 * @brief The dynamic daily supply-chain model (docs/model.md §2; ARIO family:
 *        Hallegatte 2008, 2014; Guan et al. 2020) and its results.
 *
 * One step is one day. Flows are M USD/day (annual table values / 365); stocks are
 * M USD; inventory "cover" is in days of baseline use. Industry index i = r*S + s.
 *
 * Order of operations within day t (fixed; docs/model.md §2):
 *  1. events of day t are in force (capacity loss Delta, export blocks b, demand factors);
 *  2. demand    D_i = orders_i + final demand_i + fixed_i, floored at 0  (§2 "Demand and production")
 *     (only the deliverable part: what export restrictions block is not demand);
 *     ARIO mode (params.mode, docs/model.md "ARIO-compatible mode"): from day 2, alpha
 *     is updated here from D_t and x_{t-1} instead of in step 8;
 *  3. capacity  xbar_i = alpha_i (1 - Delta_i) x0_i                       (§2 "Capacity")
 *  4. x*_i = min(D_i, xbar_i); input constraint with the stock at the START of the
 *     day: x_j = x*_j min(1, min_p Omega[p,j] / (psi s_p A_C[p,j] x*_j))  (§2 "Demand and production")
 *  5. proportional rationing of x_i over all deliverable demands          (§2 "Distribution")
 *  6. deliveries, inventory update Omega += received - A_C x              (§2 "Inventories")
 *  7. orders for day t+1, split over suppliers by capacity-weighted shares (§2 "Orders")
 *  8. overproduction alpha update for day t+1 (default mode)               (§2 "Overproduction")
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

/** A simulation: private state of one run (create, step, reset, free). */
typedef struct ts_sim ts_sim;

/** A (product, industry) pair: input product p held by industry j. */
typedef struct ts_pair {
    int product;   /**< p in [0, S) */
    int industry;  /**< j in [0, n) */
} ts_pair;

/** Options of a run (all optional; zero-initialise for defaults). */
typedef struct ts_sim_options {
    const ts_logger *log;    /**< warnings (NULL = silent) */
    /** Recording policy of the cover series (days of stock of an input, every day).
     *  Default (cover_pairs NULL, cover_all 0), the one `tradeshock run` uses: when the
     *  cover of every input fits (S*n*horizon doubles <= TS_SIM_COVER_ALL_MAX_BYTES) it is
     *  recorded and the result keeps the series of every buyer of a product of an export
     *  restriction and of every (input, industry) pair that constrained production;
     *  above that size the simulation records the restricted products' buyers, and
     *  ts_sim_run adds a second pass for the pairs that constrained production.
     *  cover_pairs: exactly these pairs. */
    const ts_pair *cover_pairs;
    size_t n_cover_pairs;
    /** Record and keep the cover of EVERY input that can constrain production (S*n*T
     *  doubles at most; ignored when cover_pairs is given); ts_result_keep_cover() can
     *  then keep the default ones. */
    int cover_all;
    /** OpenMP threads of the simulation's parallel regions (a num_threads clause; the
     *  caller's OpenMP default is never changed); 0 = that default. */
    int threads;
    /** Storage of Z in the daily pass: 0 = the cheaper for the table (dense when more
     *  than half of its cells are non-zero), 1 = compressed columns of the non-zeros,
     *  2 = dense (the table's own Z, no copy; the table must outlive the simulation).
     *  The results are byte-identical; for tests and benchmarks. */
    int storage;
    /** Called once per simulated day (may be NULL). */
    void (*progress)(void *user, int day, int horizon);
    void *progress_user;
    /** Called at the end of every day (after ts_sim_step's work for `day`) with the
     *  simulation, to be read with the getters below; for invariant tests and
     *  instrumentation. May be NULL. */
    void (*on_day)(void *user, const ts_sim *sim, int day);
    void *on_day_user;
} ts_sim_options;

/** The default recording policy records the cover of every input up to this size. */
#define TS_SIM_COVER_ALL_MAX_BYTES (512.0 * 1024 * 1024)

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

/** A retaliation answer created during the run (scenario `retaliation`, docs/model.md §2 "Events"). */
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

/* ---- lifecycle (the way SUNDIALS solvers are created, advanced and freed) -------- */

/**
 * Create a simulation of @p sc (resolved against @p m with ts_scenario_resolve) at day 0,
 * the baseline steady state (docs/model.md §2, "Initial state"). @p m and @p sc must
 * outlive it (the simulation keeps pointers to them); @p opt is copied (NULL: defaults).
 * Allocates everything a run needs: stepping and resetting never allocate.
 * Errors: TS_ERR_INPUT (scenario not resolved, horizon < 1, a capital_destruction damage
 * larger than the capital it hits), TS_ERR_NOMEM. Warnings (opt->log) when parameters
 * are outside the stable range.
 */
ts_status ts_sim_create(const ts_mrio *m, const ts_scenario *sc, const ts_sim_options *opt,
                        ts_sim **out, ts_error *err);

/**
 * Simulate one day, day ts_sim_get_day(sim), in the order at the top of this header;
 * afterwards ts_sim_get_day() is one more and the getters describe that day.
 * Errors: TS_ERR_INPUT (the horizon is reached, or an earlier step failed),
 * TS_ERR_INTERNAL (a NaN/Inf appeared: a bug, reported with the day and industry; the
 * simulation then needs a reset).
 */
ts_status ts_sim_step(ts_sim *sim, ts_error *err);

/** Step until ts_sim_get_day(sim) == @p day (horizon at most). TS_ERR_INPUT when @p day is
 *  before the current day or after the horizon; otherwise as ts_sim_step. */
ts_status ts_sim_run_to(ts_sim *sim, int day, ts_error *err);

/**
 * Back to day 0 with the scenario of the last create/reset_with, re-reading its values
 * (no allocation): a caller may change values of that scenario in place (parameters,
 * event sizes and days) but nothing that changes its shape (see ts_sim_reset_with).
 * The next run is byte-identical to a new simulation of the same scenario.
 */
void ts_sim_reset(ts_sim *sim);

/**
 * Back to day 0 with another scenario @p sc resolved against the same table (no
 * allocation), e.g. a copy with other parameter values. It must have the shape the
 * simulation was created for: the same number and types of events, the same products of
 * export restrictions and buyers of end-user restrictions, the same number of
 * retaliation rules and priority classes, and a horizon no longer. @p sc must outlive the
 * simulation or the next reset_with. Errors: TS_ERR_INPUT naming what differs (the
 * simulation is unchanged), or as ts_sim_create.
 */
ts_status ts_sim_reset_with(ts_sim *sim, const ts_scenario *sc, ts_error *err);

/**
 * The results of the days simulated so far (result->T = ts_sim_get_day(sim)), with the
 * recording policy of the options applied; owned by the caller (ts_result_free). The
 * simulation is unchanged and can go on. Errors: TS_ERR_NOMEM.
 */
ts_status ts_sim_result(const ts_sim *sim, ts_result **out, ts_error *err);

/** Free a simulation (NULL is a no-op). */
void ts_sim_free(ts_sim *sim);

/**
 * Memory a run of @p sc on @p m will take, in bytes, estimated before it starts: every
 * daily series is kept until the end (horizon_days x (industries x 36 bytes + regions^2 x 8
 * x (1 + restricted products)), doubled for writing the results, + 1.25 x recorded cover
 * pairs x 8 bytes a day, plus the model's state (about 32 n^2 + 96 S n bytes) and 64 MB. Calibrated on
 * measured peaks (2 x 2 table, 100 000 days: 102 MB; 1 200 industries, 500 days: 285 MB);
 * it errs on the high side. @p cover_all: ts_sim_options.cover_all. The CLI refuses a
 * run above its budget (`run --max-memory`, README). @p sc must be resolved.
 */
double ts_sim_memory_estimate(const ts_mrio *m, const ts_scenario *sc, int cover_all);

/**
 * Run the scenario @p sc (resolved against @p m with ts_scenario_resolve) for
 * sc->horizon_days days: create, run to the horizon, result, free (plus the second pass
 * of the default recording policy for large tables). Deterministic: the same inputs give
 * byte-identical results at any thread count.
 * Errors: as ts_sim_create and ts_sim_step.
 */
ts_status ts_sim_run(const ts_mrio *m, const ts_scenario *sc, const ts_sim_options *opt,
                     ts_result **out, ts_error *err);

/* ---- getters ---------------------------------------------------------------------- *
 * Arrays are owned by the simulation and valid until the next step, reset or free.
 * After ts_sim_step of day t they hold day t; right after create or reset, day 0's
 * prepared inputs (orders, blocks) and zeros for what a day computes. Industry index
 * i = r*S + s; M USD/day for flows, M USD for stocks, days for cover. */

/** Days simulated so far: the day the next ts_sim_step simulates (0 after create/reset). */
int ts_sim_get_day(const ts_sim *sim);
/** The horizon of the current scenario, days. */
int ts_sim_get_horizon(const ts_sim *sim);
/** [n] realised output x_t, M USD/day (docs/model.md §2, "Demand and production"). */
const double *ts_sim_get_production(const ts_sim *sim);
/** [n] capacity xbar_t = alpha (1 - Delta) x0, M USD/day. */
const double *ts_sim_get_capacity(const ts_sim *sim);
/** [n] deliverable total demand D_t, M USD/day. */
const double *ts_sim_get_demand(const ts_sim *sim);
/** [n] unmet final demand by supplying industry, M USD/day ("Distribution"). */
const double *ts_sim_get_unmet_final_demand(const ts_sim *sim);
/** [R] unmet final demand by consuming region, M USD/day. */
const double *ts_sim_get_unmet_final_demand_region(const ts_sim *sim);
/** Stock of input product @p product held by industry @p industry now (after day t's
 *  deliveries: the stock at the start of day t+1) in days of baseline use
 *  Omega / (A_C x0); NAN when the input does not count (infinite stock, no use). */
double ts_sim_get_cover(const ts_sim *sim, int product, int industry);

/** An event in force on the last simulated day (a scenario event or a retaliation answer). */
typedef struct ts_sim_event {
    int event;          /**< index into ts_scenario.events, or -1 for an answer */
    int answer;         /**< index of the answer (ts_result.answers order), or -1 */
    ts_event_type type;
    double scale;       /**< share of the event's size in force: 1, less while a truce
                             phases it out or a capacity loss recovers */
} ts_sim_event;

/** The events in force on the last simulated day (day 0's after create/reset): writes
 *  up to @p cap of them into @p out (may be NULL with cap 0) and returns how many there
 *  are, in scenario order, then the answers in the order they fired. */
size_t ts_sim_get_events(const ts_sim *sim, ts_sim_event *out, size_t cap);

/** The model's state arrays by docs/model.md symbol (instrumentation, invariant tests). */
typedef enum ts_sim_var {
    TS_SIM_X0,            /**< [n] baseline output x0, M USD/day */
    TS_SIM_ALPHA,         /**< [n] overproduction factor alpha (after the day's update) */
    TS_SIM_DELTA,         /**< [n] capacity lost to events Delta, in [0, 1] */
    TS_SIM_XSTAR,         /**< [n] x* = min(D, xbar), M USD/day */
    TS_SIM_FD_DELIVERABLE,/**< [n] deliverable final demand on i, M USD/day */
    TS_SIM_FIXED,         /**< [n] fixed (never rationed) demand, M USD/day */
    TS_SIM_CAPITAL,       /**< [n] productive capital K, M USD */
    TS_SIM_SUBSTITUTION_ROOM, /**< [n] spare capacity alpha_max,p (1 - Delta) x0 - x (>= 0) used by substitution */
    TS_SIM_RATIO_INTERMEDIATE,/**< [n] rationing ratio rho of ordinary intermediate buyers */
    TS_SIM_RATIO_FINAL,   /**< [n] rationing ratio rho of final demand */
    TS_SIM_ORDERS,        /**< [C*n] deliverable intermediate orders on i, by priority class
                               (C = 1 without `priority`), M USD/day */
    TS_SIM_STOCK,         /**< [S*n] stock Omega[p,j] after the day's exchange, M USD */
    TS_SIM_RECEIVED,      /**< [S*n] product p received by j on the day, M USD/day */
    TS_SIM_WANT,          /**< [S*n] want[p,j]: what j orders of p (all origins) for the
                               next day, M USD/day ("Orders") */
    TS_SIM_AC,            /**< [S*n] A_C[p,j], input p per unit of output of j */
    TS_SIM_INVENTORY_DAYS,/**< [S*n] s[p,j], target stock in days (INFINITY: never binds) */
    TS_SIM_FD_BASE,       /**< [n*R] positive final demand Y+ of region q on i, M USD/day */
    TS_SIM_FD_ASKED,      /**< [n*R] final demand of q asked of i on the day, M USD/day */
    TS_SIM_FD_FACTOR,     /**< [S*R] demand_change factor phi of product p in region q */
    TS_SIM_BLOCKED,       /**< [R*n] share of i's deliveries to region q blocked on the day,
                               [q*n + i] */
    TS_SIM_BLOCKED_NEXT,  /**< [R*n] the same for the next day */
    /* trade policy (docs/model.md "Trade policy"), [i*R + q] / [p*R + q] */
    TS_SIM_ORDER_WEIGHT,  /**< [n*R] pi_iq of the orders issued on the day */
    TS_SIM_MOVED_SHARE,   /**< [n*R] m_iq, share of q's orders moved away from origin i */
    TS_SIM_BASELINE_SHARE,/**< [n*R] s_iq, baseline share of i in q's purchases of p(i) */
    TS_SIM_BASELINE_PURCHASES, /**< [S*R] V_pq, q's baseline purchases of p, M USD/day */
    TS_SIM_TRADE,         /**< [R*R] deliveries from region r to q on the day, [r*R + q],
                               M USD/day (the result's trade row) */
    TS_SIM_AT_SEA         /**< [S] goods at sea by product after the day ("Goods in
                               transit"), M USD; NULL (length 0) without transit lanes */
} ts_sim_var;

/** Array @p v (its length into @p len when not NULL). */
const double *ts_sim_get(const ts_sim *sim, ts_sim_var v, size_t *len);
/** [S*n] 1 when input p of industry j counts (can constrain production: A_C[p,j] > 1e-7
 *  and a finite positive s[p,j]). */
const unsigned char *ts_sim_get_inputs(const ts_sim *sim);

/**
 * Stable parameter range (docs/model.md, "Stable parameter range", from experiments):
 * restoration_days >= TS_SIM_MIN_RESTORATION_DAYS (below, demand spikes after a shock),
 * and every finite inventory days of an input >= ts_sim_min_inventory_days(tau)
 * (below, a small capacity loss can collapse the economy): max(5, tau) for tau <= 30,
 * 30 + (tau - 30)/3 above. ts_sim_create() and ts_sim_reset_with() log a warning
 * (ts_sim_options.log) when a scenario is outside the range.
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
