/* Tariffs in the dynamic model (docs/model.md "Trade policy", Tariffs): the rates in
 * force on each link, their Armington targets and the final-demand price response (the
 * CES price index of src/tariff/ces.h, shared with the static analysis). */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/internal.h"
#include "tariff/ces.h"
#include "tradeshock/tariff.h"

static void add_tariff(ts_policy *p, double *T, size_t S, const int *from, size_t nf,
                       const int *to, size_t nt, const int *prod, size_t np, double rate)
{
    /* stacking: a later tariff on the same link adds to the earlier one (issue 6) */
    for (size_t x = 0; x < nf; x++)
        for (size_t y = 0; y < np; y++) {
            size_t i = (size_t)from[x] * S + (size_t)prod[y];
            for (size_t z = 0; z < nt; z++)
                if (from[x] != to[z])
                    T[i * p->R + (size_t)to[z]] += rate;
        }
}

void ts_policy_tariffs(ts_policy *p, const ts_sim *s, int t)
{
    if (!p->active)
        return;
    const ts_scenario *sc = s->sc;
    size_t n = s->n, R = s->R, S = s->S;
    double *T = p->Tnew;
    memset(T, 0, n * R * sizeof *T);
    for (size_t e = 0; e < sc->n_events; e++) {
        const ts_event *ev = &sc->events[e];
        double scale = ev->type == TS_EVENT_TARIFF ? ts_sim_event_scale(s, e, t) : 0.0;
        if (scale > 0)
            add_tariff(p, T, S, ev->from.idx, ev->from.n_idx, ev->to.idx, ev->to.n_idx,
                       ev->products.idx, ev->products.n_idx, ev->rate * scale);
    }
    for (size_t k = 0; k < p->n_rt; k++) {
        const ts_rt_event *a = &p->rt[k];
        if (a->type == TS_EVENT_TARIFF && t >= a->start && t <= a->end)
            add_tariff(p, T, S, a->from, a->n_from, a->to, a->n_to, a->products, a->n_products,
                       a->size);
    }
    for (size_t i = 0; i < n * R; i++)
        if (T[i] < TS_TARIFF_MIN)
            T[i] = TS_TARIFF_MIN; /* stacked cuts cannot make a price negative */
    /* rates change on few days: recompute targets and prices only then */
    if (!memcmp(T, p->T, n * R * sizeof *T))
        return;
    memcpy(p->T, T, n * R * sizeof *T);
    for (size_t i = 0; i < n; i++) {
        double sigma = s->par.armington_sigma.by_product[(size_t)s->sec[i]];
        for (size_t q = 0; q < R; q++)
            p->wtar[i * R + q] = p->T[i * R + q] == 0 ? 1.0 : pow(1 + p->T[i * R + q], -sigma);
    }
    /* final demand: CES price index of q's purchases of p (docs/model.md "Trade policy") and the import
     * demand response 1 + eps (P'/P - 1), at baseline shares: the target that the volume
     * moves toward at the pace of the supplier shares (ts_policy_update) */
    const double eps = s->par.import_demand_elasticity;
    for (size_t pp = 0; pp < S; pp++) {
        double sigma = s->par.armington_sigma.by_product ? s->par.armington_sigma.by_product[pp]
                                                          : s->par.armington_sigma.deflt;
        for (size_t q = 0; q < R; q++) {
            double acc = 0;
            int any = 0;
            for (size_t r = 0; r < R; r++) {
                size_t i = r * S + pp;
                double sh = p->share0[i * R + q], rho = 1 + p->T[i * R + q];
                if (sh <= 0)
                    continue;
                any |= rho != 1;
                acc += ts__ces_term(sh, rho, sigma);
            }
            double P = !any ? 1.0 : ts__ces_index(acc, sigma);
            double f = 1 + eps * (P - 1);
            p->fdtar[pp * R + q] = f > 0 ? f : 0.0;
        }
    }
}

