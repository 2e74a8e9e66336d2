/* Private state of the dynamic model (sim.h). One file per model phase of docs/model.md
 * (docs/architecture.md has the table):
 *   sim.c            lifecycle (create, step, reset, result) and the order of the phases
 *   state.c          allocation, the registry that reset zeroes, the initial state
 *                    (docs/model.md §2 "Initial state")
 *   events.c         export restrictions, capacity loss, demand change, truces on day t
 *                    (§2 "Events", "Capacity")
 *   production.c     demand, capacity and the input constraint (§2 "Demand and production")
 *   rationing.c      the rationing ratio (§2 "Distribution", "Priority rationing")
 *   distribution.c   final-demand deliveries and unmet final demand (§2 "Distribution")
 *   exchange.c       intermediate deliveries, inventories and next-day orders, fused in one
 *                    pass over Z (§2 "Inventories", "Orders")
 *   tariffs.c        tariff rates, Armington targets, final-demand price ("Trade policy")
 *   substitution.c   order weights: tariff share shift, substitution under shortage
 *   retaliation.c    answers to events; the events log
 *   overproduction.c alpha (§2 "Overproduction")
 *   criticality.c, cover.c, transit.c  critical inputs, cover classes, goods at sea
 *   recorder.c       what is kept of each day, and the result
 *   getters.c        what a caller reads between steps
 */
#ifndef TS_SIM_INTERNAL_H
#define TS_SIM_INTERNAL_H

#include <stddef.h>

#include "sim/policy.h"
#include "tradeshock/sim.h"

/** Columns per block of the fused pass; fixed so that sums do not depend on threads. */
#define TS_SIM_BLOCK 32

/* An input p of industry j counts (can constrain production) when its coefficient
 * A_C[p,j] exceeds this; smaller coefficients are rounding noise of the table. */
#define TS_SIM_INPUT_THRESHOLD 1e-7

/* Below this many industries a day is too short to share between threads: the
 * start-up and barrier of a parallel region cost more than they save. */
#define TS_SIM_PARALLEL_MIN 1000

/* Most arrays the simulation allocates: the registry that ts_sim_reset zeroes. */
#define TS_SIM_MAX_ARRAYS 128

/* An allocated array: reset zeroes it unless it only depends on the table. */
typedef struct ts__sim_array {
    void **ptr;        /* address of the struct field (pointers may be swapped) */
    size_t bytes;
    int table_only;    /* 1: derived from the table and the scenario's shape only */
} ts__sim_array;

/* How the recorder chooses its cover series (sim.h, ts_sim_options). */
enum { TS__COVER_GIVEN, TS__COVER_ALL, TS__COVER_DEFAULT_ALL, TS__COVER_DEFAULT_RESTRICTED };

struct ts_sim {
    const ts_mrio *m;
    const ts_scenario *sc;
    ts_params par;
    size_t R, S, F, n, T, nblk;
    size_t T_cap;      /* horizon the recorder was allocated for (reset_with: T <= T_cap) */

    /* lifecycle (sim.c) */
    int t;             /* days simulated: the next day to simulate */
    int failed;        /* a step failed: only reset and free are allowed */
    int threads;       /* OpenMP threads of the parallel pass, 0 = OpenMP's default */
    ts_sim_options opt;/* the caller's options (cover_pairs copied into pairs) */
    ts_result *rec;    /* the recorder's series, T_cap days */
    int cover_mode;    /* TS__COVER_* */
    ts_pair *pairs;    /* [cap_pairs] cover series recorded */
    size_t npairs, cap_pairs;
    ts__sim_array arrays[TS_SIM_MAX_ARRAYS];
    size_t n_arrays;
    unsigned char *var_sig; /* [n_events] scratch of build_variants */
    int *reg;          /* [n] region of industry */
    int *sec;          /* [n] sector (product) of industry */

    /* Z by column, non-zeros only (compressed sparse columns; real tables are ~80%
     * zeros): column j's entries are zv[zp[j] .. zp[j+1]-1] in rows zi[...], rows
     * increasing. M USD/yr: only ratios of Z enter the orders. */
    size_t *zp;        /* [n+1] */
    int *zi;           /* [nnz] */
    double *zv;        /* [nnz] */
    int dense;         /* 1: the daily pass reads the table's own dense Z (m->Z, row-major)
                          by blocks of columns, and zp/zi/zv/tkp/tkk are not built: chosen
                          when it is cheaper (ts_sim_choose_dense); the same results */
    double *scr;       /* [scr_threads * scr_len] per-thread scratch of the daily pass */
    size_t scr_len;
    int scr_threads;
    double *x0;        /* [n] baseline output, M USD/day */
    double *Yr;        /* [n*R] positive final demand by consuming region, M USD/day */
    double *fixed;     /* [n] never-rationed demand: negative final demand + row gap */
    double *AC;        /* [S*n] A_C = P A: input p per unit of output of j */
    double *s;         /* [S*n] inventory days of input p for buyer industry j, s[p*n+j]
                          (INFINITY = never binds) */
    unsigned char *uses; /* [S*n] 1 if A_C[p,j] counts as an input (above threshold, finite s) */
    unsigned char *flow; /* [S*n] 1 for inputs without stock (s = 0, e.g. services): production
                            is limited by the share of yesterday's order that arrived */
    double *fill;      /* [S*n] share of yesterday's order of p that j received (flow inputs) */
    int ario;          /* params.mode == TS_MODE_ARIO */
    unsigned quirks;   /* TS_ARIO_* reproduced (ario mode only) */
    double *ev_frac;   /* [n_events] capital_destruction: share of each hit industry's
                          capital destroyed (damage / capital of the industries hit) */
    double *K;         /* [n] productive capital, M USD: capital_to_value_added x max(v, 0) */
    double *kloss;     /* [n] scratch: capital lost today / capital */

    /* state */
    double *alpha;     /* [n] overproduction factor */
    double *omega;     /* [S*n] stock of product p held by j, M USD */
    double *want;      /* [S*n] what j orders of product p (all origins) for the next day */
    double *den;       /* [S*n] sum_i in p Z_ij c_i : denominator of supplier shares */
    double *c_prev;    /* [n] capacity ratio used when the current orders were issued */
    double *c_cur;     /* [n] today's capacity ratio */
    double *dord;      /* [ncls*n] deliverable intermediate orders addressed to i today, by
                          priority class of the buyer (one class without priorities) */
    double *recv;      /* [S*n] product p received by j today, M USD/day */
    double *dblk;      /* [nblk*ncls*n] per-block partial sums of next-day orders */
    double *tblk;      /* [nblk*R*R*(1+ntrk)] per-block partial trade */
    double *fdel;      /* [nvar*n] today's delivery factor by buyer variant (exchange.c) */
    double *ford;      /* [nvar*n] tomorrow's order factor by buyer variant */

    /* Buyer variants: users j that see the same supplier factors. Variant v < R is region
     * v's ordinary intermediate buyer; further variants exist for buyers hit by an
     * end-user restriction (`buyers`) or in another priority class. */
    size_t nvar, ncls;
    int *var;          /* [n] variant of user j */
    int *var_q;        /* [nvar] region of the variant */
    int *var_cls;      /* [nvar] priority class of the variant */
    unsigned char *var_ev; /* [nvar*n_events] 1 if buyer-specific event e covers the variant */
    int cls_final;     /* priority class of final demand */
    int cls_generic;   /* priority class of ordinary intermediate buyers */
    int *ev_phase_start, *ev_phase_len; /* [n_events] phased end by a truce (len 0: none) */

    /* today */
    double *delta;     /* [n] capacity lost to events */
    double *block;     /* [nvar*n] share of i's deliveries to variant v blocked today
                          (rows v < R: region v's ordinary buyers and final demand) */
    double *block_next;/* [nvar*n] the same for tomorrow */
    double *fdfac;     /* [S*R] final-demand factor of product p in region q today */
    double *yask;      /* [n*R] final demand of region q asked of supplier i today:
                          Yr x demand events x tariff price response x origin shift */
    double *wden;      /* [R*n] supplier weight factor c_i pi_iq of tomorrow's orders */
    ts_policy pol;     /* trade policy: tariffs, substitution, retaliation (policy.c) */
    double *xbar, *D, *xstar, *x, *dfd;  /* [n] */
    double *ratio;     /* [ncls*n] share of class c's demand on i that is served today */
    double *unmet;     /* [n] */
    double *unmet_r;   /* [R] */
    double *trade;     /* [R*R*(1+ntrk)] deliveries between regions today: all products,
                          then each tracked product */
    size_t ntrk;       /* tracked products: those of export restrictions */
    int *trk;          /* [S] tracked index of a product, -1 if not tracked */
    int *trk_prod;     /* [ntrk] the tracked products */
    size_t *tkp;       /* [n+1] per column, the entries of Z (positions in zi/zv) whose row
                          makes a tracked product: tkk[tkp[j] .. tkp[j+1]-1] */
    size_t *tkk;
    int *limited;      /* [n] */

    /* per-pair stock-out statistics */
    int *so_first, *so_last, *so_days;  /* [S*n] */
    float *so_min;                       /* [S*n] */

    /* effective event windows after truces */
    int *ev_end;       /* [n_events] */

    /* critical-input dynamics (criticality.c, docs/model.md "Critical-input dynamics") */
    double *psi_p;     /* [S] psi of input p (psi_by_product, else psi) */
    double *inv_tau_p; /* [S] 1 / restoration days of input p */
    double *inv_catch_p; /* [S] the same once the input has constrained its buyer (catch-up) */
    double *amax_p;    /* [S] overproduction ceiling of product p */
    unsigned char *crit; /* [S*n] ts_crit_class of input p for buyer j; NULL: all critical */
    double crit_beta;  /* pass-through of important inputs */

    /* goods at sea (transit.c): a delay line per (input p, buyer j) fed by lanes with
     * transit days L > 0; tr_w = 0 when no lane has any */
    int today;         /* day being simulated (the delay line's clock) */
    size_t tr_w;       /* ring length: largest L + 1 */
    size_t *tr_ep;     /* [n+1] per column j, its entries tr_ek/tr_el [tr_ep[j], tr_ep[j+1]) */
    size_t *tr_ek;     /* positions in zi/zv of the Z entries on lanes with transit */
    int *tr_el;        /* their transit days L */
    int *tr_pair;      /* [S*n] delay line of pair p*n+j, -1 none */
    size_t tr_npair;
    size_t *tr_pp;     /* [tr_npair] the pair p*n+j of each line */
    double *tr_ring;   /* [tr_npair*tr_w] arrivals due on day d at slot d mod tr_w, M USD */
    double *tr_amt;    /* [tr_npair] at sea for the pair, M USD */
    double *tr_sea;    /* [S] at sea by product after the day's pass, M USD */

    /* stocks that differ across firms (cover.c): K cover classes per spread pair */
    size_t cv_kmax, cv_np;
    size_t cv_kcap, cv_cap; /* room allocated: classes and pairs (cover.c create) */
    int *cv_k;         /* [S] classes of input p (0: no spread) */
    double *cv_m;      /* [S*cv_kmax] cover multiplier m_c of class c of input p */
    int *cv_pair;      /* [S*n] spread pair of p*n+j, -1 none (NULL: no spread at all) */
    size_t *cv_jp;     /* [n+1] spread pairs of industry j: [cv_jp[j], cv_jp[j+1]) */
    size_t *cv_pp;     /* [cv_np] the pair p*n+j */
    double *cv_om;     /* [cv_np*cv_kmax] stock of class c, M USD */
    double *cv_want;   /* [cv_np*cv_kmax] class c's order for tomorrow, M USD/day */
    double *cv_x;      /* [cv_np*cv_kmax] class c's output today, M USD/day */
    int *cv_first;     /* [cv_np] first day a class stopped, -1 */
    double *cv_stop;   /* [cv_np] today's share of output (class weight) whose stock binds */
    double *cv_stopmax;/* [cv_np] its largest value */
    double *cv_cls;    /* [cv_kmax] scratch (serial production loop) */
};

/* state.c: allocate every array for the shape of (m, sc) and fill the table-only ones;
 * then ts__sim_state_init gives the state of day 0 (no allocation). */
ts_status ts__sim_state_create(const ts_mrio *m, const ts_scenario *sc, ts_sim **out, ts_error *err);
/* Day-0 state from sc's values (same shape as at create): zeroes every array that is not
 * table-only, then the initial steady state. TS_ERR_INPUT for a capital_destruction
 * damage above the capital it hits. */
ts_status ts__sim_state_init(ts_sim *s, const ts_scenario *sc, ts_error *err);
void ts__sim_state_free(ts_sim *s);
/* Allocate count zeroed elements of size bytes into *field and register them (freed with
 * the simulation; zeroed by every reset unless table_only: derived from the table and
 * the scenario's shape only). Phase files allocate their arrays with it. NULL: out of
 * memory. */
void *ts__sim_alloc(ts_sim *s, void **field, size_t count, size_t size, int table_only);
/* 0 when sc has the shape s was allocated for, else a message in err (TS_ERR_INPUT). */
ts_status ts__sim_state_same_shape(const ts_sim *s, const ts_scenario *sc, ts_error *err);
/* Storage of Z for the daily pass: 1 dense (the table's Z, no copy), 0 compressed
 * columns of the non-zeros (zp/zi/zv/tkp/tkk, owned here, not in the registry).
 * Returns 0, or -1 out of memory. */
int ts_sim_state_storage(ts_sim *s, int dense);
/* The cheaper storage for a table with nnz non-zeros of n x n: dense when its n^2 cells
 * cost less than the non-zeros do sparse (a dense cell costs about
 * TS_SIM_DENSE_CELL_COST sparse non-zeros: vector loads against indexed gathers). */
#define TS_SIM_DENSE_CELL_COST 0.5
int ts_sim_choose_dense(size_t n, size_t nnz);
/* out[p*n + j] += sum of Z_ij over the rows i of product p (each sum over increasing i,
 * non-zeros only: the same bits from either storage). */
void ts_sim_add_by_product(const ts_sim *s, double *out);

/* events.c: compute delta, block (or block_next) and fdfac for day t. */
void ts_sim_events_resolve_truces(ts_sim *s);
void ts_sim_events_capacity(ts_sim *s, int t, double *delta);
/* Share of an event's loss left k >= 1 days after its end (recovery curve). */
double ts_sim_recovery_left(ts_recovery curve, int k, int rho);
void ts_sim_events_block(const ts_sim *s, int t, double *block);
/* Rows v >= R of block: the region's row plus the buyer-specific restrictions. */
void ts_sim_events_variants(const ts_sim *s, int t, double *block);
/* Size factor of event e on day t in [0, 1]: 1 while in force, fading over a truce's
 * phase_days, 0 outside (docs/model.md §2 "Events"). */
double ts_sim_event_scale(const ts_sim *s, size_t e, int t);
void ts_sim_events_demand(const ts_sim *s, int t, double *fdfac);
/* Share of a capacity_loss/capital_destruction's loss in force on day t (recovery). */
double ts_sim_event_loss_left(const ts_sim *s, size_t e, int t);

/* production.c: demand D of day t (dfd, D), then capacity, x* and x. */
void ts_sim_demand(ts_sim *s);
void ts_sim_production(ts_sim *s, int t);
/* rationing.c: ratio[c*n+i], the share of class c's demand on i served (C classes,
 * final demand in class cls_final), from output x, demand D, the fixed part, the
 * deliverable orders dord[c*n+i] and final demand dfd. */
void ts_sim_rationing(size_t n, size_t C, int cls_final, const double *x, const double *D,
                      const double *fixed, const double *dord, const double *dfd, double *ratio);

/* exchange.c: deliveries of day t, inventory, orders for t+1 (one pass over Z). */
void ts_sim_exchange(ts_sim *s);
/* The same pass used once at start-up to compute day 0's orders. */
void ts_sim_initial_orders(ts_sim *s);

/* overproduction.c: default (end of day t, for t+1) and ARIO timing (start of day t). */
void ts_sim_overproduction(ts_sim *s);
void ts_sim_overproduction_ario(ts_sim *s);

/* production.c: final demand asked today (yask). */
void ts_sim_final_demand_ask(ts_sim *s);

/* distribution.c: final-demand deliveries and unmet final demand of day t. */
void ts_sim_final_demand(ts_sim *s);



/* criticality.c: per-product psi, restoration time, alpha_max; input classes
 * (values of day 0 into the arrays state.c allocated). */
void ts_sim_crit_init(ts_sim *s);
/* Share of x* that input k = p*n + j allows when its stock covers f < 1 of the psi
 * need; negative: the input never binds (non-critical). */
double ts_sim_crit_allow(const ts_sim *s, size_t k, double f);

/* transit.c: goods at sea (delay lines). The lanes are shape (allocated at create,
 * state.c registry); the lines are filled with L days of baseline shipments at day 0. */
int ts_sim_transit_create(ts_sim *s);
void ts_sim_transit_init(ts_sim *s);
/* In the daily pass, column j: move today's shipments on lanes with transit from recv
 * to sea and add today's arrivals (g, fd as in exchange.c). */
void ts_sim_transit_column(ts_sim *s, size_t j, const double *g, const double *fd, double *recv);
/* tr_sea[p] from the delay lines, after the pass. */
void ts_sim_transit_total(ts_sim *s);

/* cover.c: cover classes (stocks that differ across firms): room allocated at create for
 * the scenario's spread products, classes and pairs set at day 0 by init. */
int ts_sim_cover_create(ts_sim *s);
void ts_sim_cover_init(ts_sim *s);
double ts_sim_cover_production(ts_sim *s, size_t j, double xs, double r, int t, int *lim);
void ts_sim_cover_column(ts_sim *s, size_t j, const double *recv, double *g, const double *dennew);

/* licensing.c: blocked share of an export restriction with review_days / approval. */
int ts_sim_licence_active(const ts_event *ev);
double ts_sim_licence_blocked(const ts_event *ev, int t);

/* recorder.c: the series of T days (T_cap), allocated once; reset marks it empty. */
ts_status ts_sim_recorder_create(const ts_sim *s, size_t T, size_t npairs, ts_result **out,
                                 ts_error *err);
void ts_sim_recorder_reset(const ts_sim *s, ts_result *r);
long ts_sim_recorder_day(const ts_sim *s, ts_result *r, int t);
void ts_sim_recorder_trade(const ts_sim *s, ts_result *r, int t);
/* A result of the first `days` days, owned by the caller; cover series filtered by the
 * default policy when keep_default is set (ts_result_keep_cover's rule). */
ts_status ts_sim_recorder_result(const ts_sim *s, const ts_result *rec, size_t days,
                                 int keep_default, ts_result **out, ts_error *err);
/* policy.c: copy the retaliation answers into the result (summary.json events_log). */
ts_status ts_sim_record_answers(const ts_sim *s, ts_result *r, ts_error *err);
#endif
