/**
 * @file tariff.h
 * @brief Partial-equilibrium tariff arithmetic of the SMART/GSIM family
 *        (model.md §2; Jammes & Olarreaga 2005, World Bank WP 3543; Francois & Hall
 *        2003, GSIM), used by the dynamic model (tariff events, model.md §3.7).
 *
 * One importer, one product, k supplier regions (the importer itself may be one of
 * them with a zero tariff). Values are imports at border prices, M USD/year (or any
 * consistent unit); tariffs are ad-valorem fractions (0.25 = 25%), >= -1. Export supply
 * is infinitely elastic (border prices fixed), so a tariff passes fully into the
 * importer's price of that origin: rho_r = (1 + t'_r) / (1 + t_r).
 */
#ifndef TRADESHOCK_TARIFF_H
#define TRADESHOCK_TARIFF_H

#include <stddef.h>

#include "tradeshock/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Default Armington elasticity of substitution between origins: 1.5, the default of
 *  WITS-SMART (Jammes & Olarreaga 2005). Short-run estimates are low; long-run trade
 *  elasticities are ~4-5 (Simonovska & Waugh 2014; Head & Mayer 2014). */
#define TS_ARMINGTON_SIGMA_DEFAULT 1.5
/** Default import-demand elasticity: -1, about the import-weighted average estimate of
 *  Kee, Nicita & Olarreaga (2008, Review of Economics and Statistics 90(4)). */
#define TS_IMPORT_DEMAND_EPSILON_DEFAULT (-1.0)

/** Result of a tariff change on one importer and product; arrays have k entries. */
typedef struct ts_armington {
    double price_ratio;   /**< P'/P, CES price index ratio (model.md §2) */
    double total_before;  /**< sum of M_r */
    double total_after;   /**< sum of M'_r = total_before (1 + eps (P'/P - 1)), >= 0 */
    double creation;      /**< trade creation: total_after - total_before */
    double cs_change;     /**< consumer-surplus change (trapezoid under the import demand
                               curve): -(P'/P - 1) (M + M') / 2 */
    double revenue_before;/**< sum t_r M_r */
    double revenue_after; /**< sum t'_r M'_r */
    double welfare_change;/**< cs_change + revenue_after - revenue_before */
} ts_armington;

/**
 * Price index ratio P'/P = (sum_r s_r rho_r^(1-sigma))^(1/(1-sigma)), s_r = M_r / sum M
 * (sigma = 1: prod_r rho_r^s_r). Errors: TS_ERR_INPUT for sigma <= 0, a tariff < -1,
 * negative or all-zero imports.
 */
ts_status ts_armington_price_ratio(size_t k, const double *M, const double *t0, const double *t1,
                                   double sigma, double *ratio, ts_error *err);

/**
 * New imports by origin (model.md §2): shares s'_r ∝ s_r rho_r^(-sigma) (renormalised),
 * total changed by eps (P'/P - 1) (eps <= 0), so that
 *   M'_r = total_after * s_r rho_r^-sigma / sum_r' s_r' rho_r'^-sigma.
 * Diversion of origin r is M'_r - M_r - s_r * creation (sums to zero).
 * @param M        [k] baseline imports by origin
 * @param t0, t1   [k] tariffs before and after
 * @param M_after  [k] out: new imports by origin
 * @param diversion [k] out (may be NULL)
 * @param out      summary (may be NULL)
 */
ts_status ts_armington_apply(size_t k, const double *M, const double *t0, const double *t1,
                             double sigma, double eps, double *M_after, double *diversion,
                             ts_armington *out, ts_error *err);

#ifdef __cplusplus
}
#endif
#endif
