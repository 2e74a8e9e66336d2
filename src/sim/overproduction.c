/* Overproduction (docs/model.md §2 "Overproduction"): when demand exceeds production, alpha rises toward
 * alpha_max with time constant alpha_tau_days, in proportion to the scarcity
 * zeta = (D - x)/D; without scarcity it relaxes back toward 1 at the same rate. */
#include "sim/internal.h"

void ts_sim_overproduction(ts_sim *s)
{
    const double tau = s->par.alpha_tau_days;
    for (size_t i = 0; i < s->n; i++) {
        double D = s->D[i], x = s->x[i], a = s->alpha[i], amax = s->amax_p[s->sec[i]];
        double zeta = D > 0 && D > x ? (D - x) / D : 0.0;
        if (zeta > 0)
            a += (amax - a) * zeta / tau;
        else
            a += (1.0 - a) / tau;
        s->alpha[i] = a;
    }
}

/* ARIO-compatible timing (BoARIO's ARIOPsiModel; docs/model.md, "ARIO-compatible mode"):
 * called at the START of day t >= 2, after the day's demand D_t is known and before
 * capacity, with x still holding yesterday's production x_{t-1}:
 *   zeta = (D_t - x_{t-1}) / D_t  (0 when D_t = 0),
 *   alpha += (alpha_max - alpha) zeta / tau_alpha   when zeta != 0 (also when zeta < 0:
 *            then alpha falls in proportion to (alpha_max - alpha)),
 *   alpha += (1 - alpha) / tau_alpha                 when zeta == 0,
 * and alpha is floored at 1. */
void ts_sim_overproduction_ario(ts_sim *s)
{
    const double rate = 1.0 / s->par.alpha_tau_days;
    for (size_t i = 0; i < s->n; i++) {
        double D = s->D[i], a = s->alpha[i], amax = s->amax_p[s->sec[i]];
        double zeta = D != 0.0 ? (D - s->x[i]) / D : 0.0;
        if (zeta != 0.0)
            a += (amax - a) * zeta * rate;
        else
            a += (1.0 - a) * rate;
        s->alpha[i] = a < 1.0 ? 1.0 : a;
    }
}
