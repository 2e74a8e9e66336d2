/* Armington partial-equilibrium tariff arithmetic (tariff.h; docs/model.md "Trade policy"). */
#include <math.h>
#include <stdlib.h>

#include "tariff/ces.h"
#include "tradeshock/tariff.h"

static ts_status check(size_t k, const double *M, const double *t0, const double *t1, double sigma,
                       double *total, ts_error *err)
{
    if (!(sigma > 0))
        return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, "armington_sigma",
                            "elasticity of substitution must be > 0 (got %g)", sigma);
    double tot = 0;
    for (size_t r = 0; r < k; r++) {
        if (!(M[r] >= 0))
            return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL,
                                "imports from origin %zu are negative or not a number (%g)", r, M[r]);
        if (!(t0[r] > -1) || !(t1[r] > -1))
            return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL,
                                "tariff of origin %zu must be > -1 (got %g -> %g)", r, t0[r], t1[r]);
        tot += M[r];
    }
    if (!(tot > 0))
        return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL, "no baseline imports to shift");
    *total = tot;
    return TS_OK;
}

ts_status ts_armington_price_ratio(size_t k, const double *M, const double *t0, const double *t1,
                                   double sigma, double *ratio, ts_error *err)
{
    double tot = 0;
    ts_status st = check(k, M, t0, t1, sigma, &tot, err);
    if (st)
        return st;
    double acc = 0;
    for (size_t r = 0; r < k; r++) {
        double s = M[r] / tot, rho = (1 + t1[r]) / (1 + t0[r]);
        if (s == 0)
            continue;
        acc += ts__ces_term(s, rho, sigma);
    }
    *ratio = ts__ces_index(acc, sigma);
    return TS_OK;
}

ts_status ts_armington_apply(size_t k, const double *M, const double *t0, const double *t1,
                             double sigma, double eps, double *M_after, double *diversion,
                             ts_armington *out, ts_error *err)
{
    double tot, P;
    ts_status st = ts_armington_price_ratio(k, M, t0, t1, sigma, &P, err);
    if (st)
        return st;
    if (!(eps <= 0))
        return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, "import_demand_elasticity",
                            "import-demand elasticity must be <= 0 (got %g)", eps);
    tot = 0;
    for (size_t r = 0; r < k; r++)
        tot += M[r];
    double after = tot * (1 + eps * (P - 1));
    if (after < 0)
        after = 0;
    double norm = 0;
    for (size_t r = 0; r < k; r++)
        norm += M[r] / tot * pow((1 + t1[r]) / (1 + t0[r]), -sigma);
    double creation = after - tot, rev0 = 0, rev1 = 0;
    for (size_t r = 0; r < k; r++) {
        double s = M[r] / tot;
        M_after[r] = norm > 0 ? after * s * pow((1 + t1[r]) / (1 + t0[r]), -sigma) / norm : 0.0;
        if (diversion)
            diversion[r] = M_after[r] - M[r] - s * creation;
        rev0 += t0[r] * M[r];
        rev1 += t1[r] * M_after[r];
    }
    if (out) {
        out->price_ratio = P;
        out->total_before = tot;
        out->total_after = after;
        out->creation = creation;
        out->cs_change = -(P - 1) * (tot + after) / 2;
        out->revenue_before = rev0;
        out->revenue_after = rev1;
        out->welfare_change = out->cs_change + rev1 - rev0;
    }
    return TS_OK;
}
