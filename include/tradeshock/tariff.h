/**
 * @file tariff.h
 * @brief Partial-equilibrium tariff arithmetic of the SMART/GSIM family
 *        (docs/model.md "Trade policy"; Jammes & Olarreaga 2005, World Bank WP 3543; Francois & Hall
 *        2003, GSIM), used by the dynamic model (tariff events, docs/model.md §2 "Events").
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

#include "tradeshock/mrio.h"
#include "tradeshock/scenario.h"
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
    double price_ratio;   /**< P'/P, CES price index ratio (docs/model.md "Trade policy") */
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
 * New imports by origin (docs/model.md "Trade policy"): shares s'_r ∝ s_r rho_r^(-sigma) (renormalised),
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

/* ---- Static partial-equilibrium tariff analysis (`tradeshock tariff`) -------------- */

/** Lowest stacked tariff: a sum of cuts below -1 is held here (as the dynamic model). */
#define TS_TARIFF_MIN (-0.999999)

/** One (importer, product, origin) flow of a static tariff analysis; M USD/year. */
typedef struct ts_tariff_flow {
    int importer, product, origin; /**< region, sector, region indices of the table */
    double tariff_before;          /**< 0: the table is the baseline */
    double tariff_after;           /**< stacked rate of every tariff event on the link
                                        (0 for the domestic origin) */
    double imports_before;         /**< M_r: all flows from (origin, product) into importer */
    double imports_after;          /**< M'_r */
    double creation;               /**< s_r x total creation of the market */
    double diversion;              /**< M'_r - M_r - creation (sums to 0 over origins) */
    double revenue;                /**< tariff_after x M'_r */
} ts_tariff_flow;

/** One (importer, product) market touched by a tariff: the ::ts_armington summary and
 *  its R flows (flows[first .. first+R-1], one per origin region in table order). */
typedef struct ts_tariff_market {
    int importer, product;
    size_t first;
    ts_armington a;
} ts_tariff_market;

/** Result of ts_tariff_static(); free with ts_tariff_result_free(). */
typedef struct ts_tariff_result {
    size_t R;                   /**< regions of the table */
    size_t n_markets;
    ts_tariff_market *markets;  /**< [n_markets], by importer then product */
    size_t n_flows;
    ts_tariff_flow *flows;      /**< [n_markets * R] */
    size_t n_skipped;           /**< touched markets with no baseline flows (left out) */
    double *cs_change;          /**< [R] consumer-surplus change of each importer */
    double *revenue_change;     /**< [R] tariff revenue after - before of each importer */
    double *welfare_change;     /**< [R] cs_change + revenue_change */
    double *exports_change;     /**< [R] each region as exporter: sum of M' - M over the
                                     markets (its domestic sales in its own markets excluded) */
} ts_tariff_result;

/**
 * Tariff schedule of the `tariff` events of a resolved scenario (dates are ignored:
 * every event counts, at its full rate). Rates on the same link add up, a sum below -1
 * is held at ::TS_TARIFF_MIN; flows within a region are never taxed.
 * @param T       [n*R] out: T[(r*S + p)*R + q] = tariff of importer q on product p from r
 * @param touched [n*R] out: 1 where some event covers the link (may be NULL)
 * @return TS_ERR_INPUT "no tariff events" (key `events`, the scenario file) when there is
 *         none; retaliation rules are not applied (they need the dynamic model).
 */
ts_status ts_tariff_schedule(const ts_scenario *sc, const ts_mrio *m, double *T,
                             unsigned char *touched, ts_error *err);

/**
 * Static SMART/GSIM-style tariff analysis on an MRIO table (docs/model.md "Trade policy"; Jammes &
 * Olarreaga 2005, World Bank WP 3543; Francois & Hall 2003, GSIM). For every importer q
 * and product p with a touched link (touched, or T != 0 when @p touched is NULL), the
 * baseline imports M_r by origin r = 0..R-1 are all flows from industry (r, p) into q:
 * sum over q's industries of Z plus q's final-demand columns of Y (the domestic origin
 * r = q included, tariff 0; a negative sum, e.g. from inventory changes, counts as 0).
 * Baseline tariffs are 0 (the table's prices), new ones T; ts_armington_apply() gives the
 * new imports with sigma = @p sigma[p] and eps = @p eps.
 * Welfare by region: each importer's cs_change, revenue change and welfare; each exporter's
 * change of sales into the other regions' touched markets. Units: M USD/year.
 * @param sigma [S] Armington elasticity by product (> 0)
 * @param eps   import-demand elasticity (<= 0)
 * Errors: TS_ERR_INPUT from ts_armington_apply (naming the importer and product),
 * TS_ERR_NOMEM. On error *@p out is NULL.
 */
ts_status ts_tariff_static(const ts_mrio *m, const double *T, const unsigned char *touched,
                           const double *sigma, double eps, ts_tariff_result **out,
                           ts_error *err);

/** Free a result (NULL is a no-op). */
void ts_tariff_result_free(ts_tariff_result *r);

/**
 * Write tariff.csv, tariff_summary.csv and welfare.csv (columns in docs/analysis.md,
 * "Static tariff analysis") into the existing folder @p dir, each under a temporary name
 * renamed into place when complete. Errors: TS_ERR_IO naming the file, TS_ERR_NOMEM.
 */
ts_status ts_tariff_write_csv(const char *dir, const ts_mrio *m, const ts_tariff_result *r,
                              ts_error *err);

#ifdef __cplusplus
}
#endif
#endif
