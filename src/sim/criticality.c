/* Per-product thresholds and input criticality (docs/model.md, "Critical-input
 * dynamics": thresholds per product, input criticality). Set up at day 0; the
 * daily phases read s->psi_p, s->inv_tau_p, s->amax_p and s->crit. */
#include <math.h>
#include <stdlib.h>

#include "sim/internal.h"

/* The scenario's value for product p, or the scalar where it gives none (NAN). */
static double per_product(const ts_product_values *v, size_t p, double scalar)
{
    double d = v->by_product ? v->by_product[p] : NAN;
    return isnan(d) ? scalar : d;
}

void ts_sim_crit_init(ts_sim *s)
{
    const ts_params *par = &s->par;
    const size_t S = s->S, n = s->n;
    for (size_t p = 0; p < S; p++) {
        s->psi_p[p] = per_product(&par->psi_p, p, par->psi);
        s->inv_tau_p[p] = 1.0 / per_product(&par->tau_p, p, par->restoration_days);
        s->amax_p[p] = per_product(&par->alpha_max_p, p, par->alpha_max);
        /* catch-up: never slower than the ordinary restoration */
        double cu = 1.0 / per_product(&par->catch_p, p, INFINITY);
        s->inv_catch_p[p] = cu > s->inv_tau_p[p] ? cu : s->inv_tau_p[p];
    }
    /* allocated (state.c) when the scenario has classes; the shape check keeps it so */
    if (!s->crit)
        return;
    /* classes are per (input product, buying sector); spread over the buyers' regions */
    for (size_t p = 0; p < S; p++)
        for (size_t j = 0; j < n; j++)
            s->crit[p * n + j] = par->crit.cls[p * S + (size_t)s->sec[j]];
    s->crit_beta = par->crit.pass_through;
}

/* Production allowed by input k = p*n + j whose stock covers f < 1 of its psi need:
 * critical f, important 1 - beta (1 - f) (Pichler et al. 2022: beta = 1/2), and
 * non-critical 1 (returned as a negative number: no constraint, no stock-out). */
double ts_sim_crit_allow(const ts_sim *s, size_t k, double f)
{
    if (!s->crit)
        return f;
    switch (s->crit[k]) {
    case TS_CRIT_IMPORTANT: return 1.0 - s->crit_beta * (1.0 - f);
    case TS_CRIT_NONCRITICAL: return -1.0;
    default: return f;
    }
}
