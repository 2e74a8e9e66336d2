/* What the scenario's events impose on one day (model.md §3.2, §3.7).
 * An event is in force on day t when start <= t <= end (end inclusive, after truces). */
#include <limits.h>
#include <string.h>

#include "sim/internal.h"

/* A truce ends the events it names from its own start day on (docs/scenario-format.md). */
void ts_sim_events_resolve_truces(ts_sim *s)
{
    const ts_scenario *sc = s->sc;
    for (size_t e = 0; e < sc->n_events; e++) {
        const ts_event *tr = &sc->events[e];
        if (tr->type != TS_EVENT_TRUCE)
            continue;
        for (size_t k = 0; k < tr->n_ends; k++)
            for (size_t f = 0; f < sc->n_events; f++) {
                const ts_event *ev = &sc->events[f];
                if (ev->name && strcmp(ev->name, tr->ends[k]) == 0 && tr->start - 1 < s->ev_end[f])
                    s->ev_end[f] = tr->start - 1;
            }
    }
}

static int in_force(const ts_sim *s, size_t e, int t)
{
    return t >= s->sc->events[e].start && t <= s->ev_end[e];
}

/* Capacity lost on day t: the largest loss among the events hitting an industry
 * (max, not sum: model.md §3.2); after `end` a loss recovers linearly over
 * recovery_days. */
void ts_sim_events_capacity(const ts_sim *s, int t, double *delta)
{
    const ts_scenario *sc = s->sc;
    size_t S = s->S;
    memset(delta, 0, s->n * sizeof *delta);
    for (size_t e = 0; e < sc->n_events; e++) {
        const ts_event *ev = &sc->events[e];
        if (ev->type != TS_EVENT_CAPACITY_LOSS || t < ev->start)
            continue;
        double d;
        int end = s->ev_end[e];
        if (t <= end)
            d = ev->share;
        else if (end != INT_MAX && ev->recovery_days > 0 && t < end + ev->recovery_days)
            d = ev->share * (1.0 - (double)(t - end) / ev->recovery_days);
        else
            continue;
        for (size_t a = 0; a < ev->regions.n_idx; a++)
            for (size_t b = 0; b < ev->sectors.n_idx; b++) {
                size_t i = (size_t)ev->regions.idx[a] * S + (size_t)ev->sectors.idx[b];
                if (d > delta[i])
                    delta[i] = d;
            }
    }
}

/* Share of supplier i's deliveries to region q blocked on day t, block[q*n + i]
 * (export restrictions; the largest share when several apply). */
void ts_sim_events_block(const ts_sim *s, int t, double *block)
{
    const ts_scenario *sc = s->sc;
    size_t S = s->S, n = s->n;
    memset(block, 0, s->R * n * sizeof *block);
    for (size_t e = 0; e < sc->n_events; e++) {
        const ts_event *ev = &sc->events[e];
        if (ev->type != TS_EVENT_EXPORT_RESTRICTION || !in_force(s, e, t))
            continue;
        for (size_t a = 0; a < ev->from.n_idx; a++)
            for (size_t b = 0; b < ev->products.n_idx; b++) {
                size_t i = (size_t)ev->from.idx[a] * S + (size_t)ev->products.idx[b];
                for (size_t c = 0; c < ev->to.n_idx; c++) {
                    size_t q = (size_t)ev->to.idx[c];
                    if (ev->share > block[q * n + i])
                        block[q * n + i] = ev->share;
                }
            }
    }
}

/* Final-demand factor of product p in consuming region q on day t, fdfac[p*R + q]:
 * the product of (1 + share) over demand_change events in force. */
void ts_sim_events_demand(const ts_sim *s, int t, double *fdfac)
{
    const ts_scenario *sc = s->sc;
    size_t R = s->R;
    for (size_t k = 0; k < s->S * R; k++)
        fdfac[k] = 1.0;
    for (size_t e = 0; e < sc->n_events; e++) {
        const ts_event *ev = &sc->events[e];
        if (ev->type != TS_EVENT_DEMAND_CHANGE || !in_force(s, e, t))
            continue;
        for (size_t a = 0; a < ev->regions.n_idx; a++)
            for (size_t b = 0; b < ev->products.n_idx; b++)
                fdfac[(size_t)ev->products.idx[b] * R + (size_t)ev->regions.idx[a]] *= 1.0 + ev->share;
    }
}
