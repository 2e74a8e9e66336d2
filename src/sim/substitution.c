/* Order weights (docs/model.md "Trade policy": Order weights, Substitution under
 * shortage): the tariff part moves toward its Armington target, the shortage part moves
 * orders away from origins that under-deliver, toward origins with spare capacity. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/internal.h"

void ts_policy_update(ts_policy *p, const ts_sim *s)
{
    if (!p->active)
        return;
    const size_t n = s->n, R = s->R, S = s->S;
    const double k = 1.0 / s->par.substitution_days;
    memcpy(p->pi_prev, p->pi, n * R * sizeof *p->pi);
    /* tariff part: toward the Armington weight (1+T)^-sigma (docs/model.md "Trade policy"); the
     * final-demand volume 1 + eps (P'/P - 1) moves at the same pace (docs/model.md,
     * "Tariffs": volume and origin shift together) */
    for (size_t x = 0; x < n * R; x++)
        p->pi_tar[x] += (p->wtar[x] - p->pi_tar[x]) * k;
    for (size_t x = 0; x < S * R; x++)
        p->fdprice[x] += (p->fdtar[x] - p->fdprice[x]) * k;
    /* shortage part: share of q's orders moved away from origin i, toward
     * substitutability_p x (1 - fulfilment); fulfilment = (1 - blocked) x ratio */
    const double *ratio = s->ratio + (size_t)s->cls_generic * n;
    /* spare capacity today: the ceiling alpha_max,p (1 - Delta) x0 less what is made, so a
     * damaged supplier has less room than an intact one (docs/model.md, "Substitution") */
    for (size_t i = 0; i < n; i++) {
        p->room[i] = s->amax_p[s->sec[i]] * (1.0 - s->delta[i]) * s->x0[i] - s->x[i];
        if (p->room[i] < 0)
            p->room[i] = 0;
    }
    /* region by region: the blocked shares of a region are contiguous */
    for (size_t q = 0; q < R; q++) {
        const double *bq = s->block + q * n;
        for (size_t i = 0; i < n; i++) {
            double sub = s->par.substitutability.by_product[(size_t)s->sec[i]];
            double target = sub * (1.0 - (1.0 - bq[i]) * ratio[i]);
            p->m[i * R + q] += (target - p->m[i * R + q]) * k;
        }
    }
    /* the moved share goes to the other origins of p in proportion to their spare
     * capacity on the link (never more than that spare), then pi = tariff x shortage */
    for (size_t pp = 0; pp < S; pp++)
        for (size_t q = 0; q < R; q++) {
            double moved = 0, spare = 0, V = p->V0[pp * R + q];
            for (size_t r = 0; r < R; r++) {
                size_t i = r * S + pp;
                moved += p->share0[i * R + q] * p->m[i * R + q];
                if (p->share0[i * R + q] > 0)
                    spare += p->room[i] * (1.0 - s->block[q * n + i]) * ratio[i];
            }
            double placed = moved, scale = 1.0;
            if (V > 0 && placed * V > spare)
                placed = spare / V;
            if (moved > 0)
                scale = placed / moved;
            for (size_t r = 0; r < R; r++) {
                size_t i = r * S + pp, x = i * R + q;
                double sh = p->share0[x];
                double sub = 1.0;
                if (sh > 0) {
                    /* an origin is offered orders in proportion to the room it has
                     * and the share of its orders it delivers (1 - b) rho */
                    double add = spare > 0 ? placed * p->room[i] * (1.0 - s->block[q * n + i]) * ratio[i] / spare
                                           : 0.0;
                    sub = 1.0 - p->m[x] * scale + add / sh;
                }
                p->pi[x] = p->pi_tar[x] * sub;
            }
        }
    /* final-demand normaliser: origins' weights re-sum to 1 for each (p, q) */
    for (size_t pp = 0; pp < S; pp++)
        for (size_t q = 0; q < R; q++) {
            double a = 0, b = 0;
            for (size_t r = 0; r < R; r++) {
                size_t i = r * S + pp;
                a += s->Yr[i * R + q];
                b += s->Yr[i * R + q] * p->pi[i * R + q];
            }
            p->ynorm[pp * R + q] = b > 0 ? a / b : 1.0;
        }
}

