/* Trade-policy state of the dynamic model (docs/model.md §2 "Events"; docs/model.md "Trade
 * policy"): tariffs move order shares toward Armington shares and change final demand
 * by the import-demand elasticity; buyers move orders away from origins that
 * under-deliver (substitution under shortage); retaliation rules answer events during
 * the run. Everything here is per (supplier industry i, destination region q), stored
 * [i*R + q]; with no tariff, substitution or retaliation every factor is exactly 1 and
 * the model is plain ARIO. */
#ifndef TS_SIM_POLICY_H
#define TS_SIM_POLICY_H

#include <stddef.h>

#include "tradeshock/scenario.h"

/** An answer created by a retaliation rule during the run. */
typedef struct ts_rt_event {
    ts_event_type type;   /**< tariff or export_restriction */
    int start, end;       /**< days in force, end inclusive (INT_MAX open) */
    double size;          /**< tariff rate or blocked share */
    int rule;             /**< index of the rule that fired */
    int trigger;          /**< scenario event index, or n_events + answer index */
    int depth;            /**< 1 for an answer to a scenario event */
    int fired_day;        /**< day the rule fired */
    int *from, *to, *products;
    size_t n_from, n_to, n_products;
} ts_rt_event;

typedef struct ts_policy {
    size_t n, R, S;
    int active;          /**< 0: no tariffs, substitution or retaliation: nothing to do */
    double *pi;          /**< [n*R] order-weight factor of orders issued today */
    double *pi_prev;     /**< [n*R] the factor of the orders delivered today */
    double *pi_tar;      /**< [n*R] tariff part of pi (moves toward (1+T)^-sigma) */
    double *T;           /**< [n*R] tariff rate in force on origin i for region q */
    double *Tnew;        /**< [n*R] scratch: the rates of the day being computed */
    double *wtar;        /**< [n*R] Armington target weight (1+T)^-sigma, updated when T changes */
    double *m;           /**< [n*R] share of q's orders moved away from i (shortage) */
    double *share0;      /**< [n*R] baseline share of i in q's purchases of product p(i) */
    double *V0;          /**< [S*R] q's baseline purchases of p, M USD/day */
    double *room;        /**< [n] scratch: spare capacity */
    double *ynorm;       /**< [S*R] final-demand normaliser of pi over origins */
    double *fdprice;     /**< [S*R] final-demand factor in force, moving toward fdtar */
    double *fdtar;       /**< [S*R] its target 1 + eps (P'/P - 1) at today's tariffs */
    size_t n_rt, cap_rt; /**< retaliation answers so far / room for them */
    ts_rt_event *rt;
    int *pool;           /**< index storage for the answers' region/product lists */
    unsigned char *fired;/**< [(n_events + cap_rt) * n_rules] rule fired on that trigger */
    size_t n_fired, n_pool; /**< lengths of fired and pool */
} ts_policy;

struct ts_sim;

/** Allocate for the shape of s's scenario (0, or -1 out of memory). */
int ts_policy_create(ts_policy *p, const struct ts_sim *s);
/** Day-0 values for s's scenario and parameters (no allocation). */
void ts_policy_init(ts_policy *p, const struct ts_sim *s);
void ts_policy_free(ts_policy *p);

/** Retaliation: answer every trigger that starts on day t (scenario events and answers). */
void ts_policy_retaliate(ts_policy *p, const struct ts_sim *s, int t);
/** Tariff rates in force on day t into p->T and the final-demand price factors. */
void ts_policy_tariffs(ts_policy *p, const struct ts_sim *s, int t);
/** Add answers that are export restrictions in force on day t to block[q*n+i] (max). */
void ts_policy_block(const ts_policy *p, const struct ts_sim *s, int t, double *block);
/** After day t's production: move the tariff and shortage parts of the order weights
 *  one step toward their targets (rate 1/substitution_days) and combine them. */
void ts_policy_update(ts_policy *p, const struct ts_sim *s);

#endif
