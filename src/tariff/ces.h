/* The CES (Armington) price index, one routine for the static tariff analysis
 * (armington.c) and the dynamic model's tariffs (src/sim/tariffs.c):
 *   P'/P = (sum_r s_r rho_r^(1-sigma))^(1/(1-sigma)),  sigma = 1: prod_r rho_r^s_r,
 * s_r the baseline shares, rho_r = (1 + t'_r)/(1 + t_r) the price ratios (docs/model.md
 * "Trade policy", Tariffs; Jammes & Olarreaga 2005). Sum the terms over the origins with
 * s_r > 0 in origin order, then take the index. */
#ifndef TS_TARIFF_CES_H
#define TS_TARIFF_CES_H

#include <math.h>

/* sigma within this of 1 is the Cobb-Douglas limit */
#define TS__CES_UNIT 1e-12

/* One origin's term of the sum: s rho^(1-sigma), or s ln rho at sigma = 1. */
static inline double ts__ces_term(double s, double rho, double sigma)
{
    return fabs(sigma - 1) < TS__CES_UNIT ? s * log(rho) : s * pow(rho, 1 - sigma);
}

/* The price index ratio P'/P from the sum of the terms. */
static inline double ts__ces_index(double acc, double sigma)
{
    return fabs(sigma - 1) < TS__CES_UNIT ? exp(acc) : pow(acc, 1 / (1 - sigma));
}

#endif
