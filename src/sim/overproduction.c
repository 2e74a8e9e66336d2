/* Overproduction (model.md §3.8): when demand exceeds production, alpha rises toward
 * alpha_max with time constant alpha_tau_days, in proportion to the scarcity
 * zeta = (D - x)/D; without scarcity it relaxes back toward 1 at the same rate. */
#include "sim/internal.h"

void ts_sim_overproduction(ts_sim *s)
{
    const double amax = s->par.alpha_max, tau = s->par.alpha_tau_days;
    for (size_t i = 0; i < s->n; i++) {
        double D = s->D[i], x = s->x[i], a = s->alpha[i];
        double zeta = D > 0 && D > x ? (D - x) / D : 0.0;
        if (zeta > 0)
            a += (amax - a) * zeta / tau;
        else
            a += (1.0 - a) / tau;
        s->alpha[i] = a;
    }
}
