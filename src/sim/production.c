/* Capacity, demand and input-constrained production (docs/model.md §2: "Capacity",
 * "Demand and production"). Rationing: rationing.c. */
#include <math.h>

#include "sim/internal.h"

/* Final demand asked of each supplier today (docs/model.md §2 "Demand and production", §2 "Events"): the table's positive
 * final demand, times demand_change factors, times the import-demand response to
 * tariffs 1 + eps (P'/P - 1), moved between origins by the order weights pi (tariffs,
 * substitution) renormalised over origins. Without trade policy it is Yr x fdfac. */
void ts_sim_final_demand_ask(ts_sim *s)
{
    const size_t n = s->n, R = s->R;
    const ts_policy *pol = &s->pol;
    for (size_t i = 0; i < n; i++) {
        size_t p = (size_t)s->sec[i];
        for (size_t q = 0; q < R; q++) {
            double y = s->Yr[i * R + q] * s->fdfac[p * R + q];
            if (pol->active)
                y *= pol->fdprice[p * R + q] * pol->pi[i * R + q] * pol->ynorm[p * R + q];
            s->yask[i * R + q] = y;
        }
    }
}

/* §2 "Demand and production": total deliverable demand of day t, D_i = orders + final demand + fixed part. */
void ts_sim_demand(ts_sim *s)
{
    size_t n = s->n, R = s->R;
    for (size_t i = 0; i < n; i++) {
        /* deliverable final demand of i, by consuming region */
        double fd = 0;
        for (size_t q = 0; q < R; q++)
            fd += s->yask[i * R + q] * (1.0 - s->block[q * n + i]);
        s->dfd[i] = fd;
        double D = fd + s->fixed[i];
        for (size_t c = 0; c < s->ncls; c++)
            D += s->dord[c * n + i];
        /* Falling orders can push demand below the fixed negative part: floor at 0. */
        s->D[i] = D > 0 ? D : 0.0;
    }
}

void ts_sim_production(ts_sim *s, int t)
{
    size_t n = s->n, S = s->S;

    for (size_t i = 0; i < n; i++) {
        /* §2 "Capacity": xbar = alpha (1 - Delta) x0; §2 "Demand and production": x* = min(D, xbar) */
        double cap = s->alpha[i] * (1.0 - s->delta[i]);
        s->c_cur[i] = cap;
        s->xbar[i] = cap * s->x0[i];
        s->xstar[i] = s->D[i] < s->xbar[i] ? s->D[i] : s->xbar[i];
    }

    /* §2 "Demand and production" input constraint, with the stock held at the start of the day. */
    for (size_t j = 0; j < n; j++) {
        double xs = s->xstar[j], r = 1.0;
        int lim = 0;
        if (xs > 0) {
            for (size_t p = 0; p < S; p++) {
                size_t k = p * n + j;
                if (s->flow[k] && s->fill[k] < 1.0) {
                    /* no stock (s = 0): at most what yesterday's deliveries allow */
                    double f = s->fill[k];
                    if (f < r)
                        r = f;
                    lim = 1;
                    if (s->so_first[k] < 0)
                        s->so_first[k] = t;
                    s->so_last[k] = t;
                    s->so_days[k]++;
                    s->so_min[k] = 0.0f;
                    continue;
                }
                if (!s->uses[k])
                    continue;
                if (s->cv_pair && s->cv_pair[k] >= 0)
                    continue; /* by cover class below (cover.c) */
                double need = s->psi_p[p] * s->s[k] * s->AC[k] * xs;
                double om = s->omega[k];
                if (om < need) {
                    /* criticality (criticality.c): important inputs pass part of the
                     * shortfall on, non-critical ones never bind */
                    double f = ts_sim_crit_allow(s, k, om > 0 ? om / need : 0.0);
                    if (f < 0)
                        continue;
                    if (f < r)
                        r = f;
                    lim = 1;
                    float cover = (float)(om / (s->AC[k] * s->x0[j]));
                    if (s->so_first[k] < 0)
                        s->so_first[k] = t;
                    s->so_last[k] = t;
                    s->so_days[k]++;
                    if (cover < s->so_min[k])
                        s->so_min[k] = cover;
                }
            }
        }
        double xj = xs * r;
        if (s->cv_pair && s->cv_jp[j] < s->cv_jp[j + 1])
            xj = ts_sim_cover_production(s, j, xs, r, t, &lim);
        s->limited[j] = lim;
        s->x[j] = xj;
    }
}
