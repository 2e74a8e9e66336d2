/* What the scenario's events impose on one day (docs/model.md §2 "Capacity", §2 "Events").
 * An event is in force on day t when start <= t <= end (end inclusive, after truces). */
#include <limits.h>
#include <math.h>
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
                if (!ev->name || strcmp(ev->name, tr->ends[k]) != 0)
                    continue;
                if (tr->phase_days > 0) {
                    /* phased removal: in force, fading, until start + phase_days - 1 */
                    int last = tr->start + tr->phase_days - 1;
                    if (last < s->ev_end[f] && tr->start > s->sc->events[f].start) {
                        s->ev_end[f] = last;
                        s->ev_phase_start[f] = tr->start;
                        s->ev_phase_len[f] = tr->phase_days;
                    } else if (tr->start <= s->sc->events[f].start && tr->start - 1 < s->ev_end[f]) {
                        s->ev_end[f] = tr->start - 1;
                    }
                } else if (tr->start - 1 < s->ev_end[f]) {
                    s->ev_end[f] = tr->start - 1;
                }
            }
    }
}

double ts_sim_event_scale(const ts_sim *s, size_t e, int t)
{
    if (t < s->sc->events[e].start || t > s->ev_end[e])
        return 0.0;
    int ps = s->ev_phase_start[e], pl = s->ev_phase_len[e];
    if (pl > 0 && t >= ps)
        return 1.0 - (double)(t - ps + 1) / pl;
    return 1.0;
}

/* Blocked share of an export restriction on day t: everything during the licence
 * delay, then `share`; scaled down while a truce phases it out. */
static double restriction_share(const ts_sim *s, size_t e, int t)
{
    const ts_event *ev = &s->sc->events[e];
    double sc = ts_sim_event_scale(s, e, t);
    if (sc <= 0)
        return 0.0;
    double share = t < ev->start + ev->licence_delay_days ? 1.0 : ev->share;
    if (ts_sim_licence_active(ev))
        share = ts_sim_licence_blocked(ev, t); /* licensing.c */
    return share * sc;
}

static int in_force(const ts_sim *s, size_t e, int t)
{
    return t >= s->sc->events[e].start && t <= s->ev_end[e];
}

/* Share of a loss left k >= 1 days after the event's last day, rho = recovery_days
 * (docs/model.md, "Capacity"; the curves are BoARIO's linear, "convexe" (scaled, factor 4)
 * and "concave" recovery functions, written from their formulas). */
double ts_sim_recovery_left(ts_recovery curve, int k, int rho)
{
    if (rho <= 0 || k <= 0)
        return k <= 0 ? 1.0 : 0.0;
    const double r = rho;
    switch (curve) {
    case TS_RECOVERY_LINEAR:
        return k < rho ? 1.0 - (double)k / r : 0.0;
    case TS_RECOVERY_CONVEX:
        return pow(1.0 - 1.0 / r, 4.0 * k);
    case TS_RECOVERY_CONCAVE: {
        /* s-curve through 1/2 at k = rho/2; steepness 1e-6 (BoARIO's default) */
        const double steep = 1e-6;
        double e = (log(r) - log(steep)) / (log(r) - log(2.0));
        return r / (r + steep * pow((double)k, e));
    }
    }
    return 0.0;
}

/* Share of event e's loss in force on day t: 1 on start <= t <= end, then the recovery
 * curve; 0 before start, after a full recovery, or when a truce ended the event before
 * it started (it never comes into force). */
double ts_sim_event_loss_left(const ts_sim *s, size_t e, int t)
{
    const ts_event *ev = &s->sc->events[e];
    int end = s->ev_end[e];
    if (t < ev->start || end < ev->start)
        return 0.0;
    if (t <= end)
        return 1.0;
    if (end == INT_MAX)
        return 0.0;
    return ts_sim_recovery_left(ev->recovery, t - end, ev->recovery_days);
}

/* Capacity lost on day t (docs/model.md §2 "Capacity"): the largest loss among the capacity_loss events
 * hitting an industry (max, not sum), and the capital lost to capital_destruction events
 * (destroyed capital adds up over events) as a share of the industry's capital, capped at
 * 1; Delta is the larger of the two (BoARIO's rule). ARIO mode reproduces two quirks of
 * the reference: capacity_loss acts one day late, and a recovering loss is rounded to 6
 * decimals (docs/model.md, "ARIO-compatible mode"). */
void ts_sim_events_capacity(ts_sim *s, int t, double *delta)
{
    const ts_scenario *sc = s->sc;
    size_t S = s->S, n = s->n;
    const int lag = s->ario && (s->quirks & TS_ARIO_CAPACITY_LAG);
    const int round6 = s->ario && (s->quirks & TS_ARIO_ROUND_RECOVERY);
    int any_k = 0;
    memset(delta, 0, n * sizeof *delta);
    for (size_t e = 0; e < sc->n_events; e++) {
        const ts_event *ev = &sc->events[e];
        double d;
        if (ev->type == TS_EVENT_CAPACITY_LOSS) {
            int te = lag ? t - 1 : t;
            double f = ts_sim_event_loss_left(s, e, te);
            if (f <= 0)
                continue;
            d = ev->share * f;
            if (round6 && f < 1.0)
                d = nearbyint(d * 1e6) / 1e6;
        } else if (ev->type == TS_EVENT_CAPITAL_DESTRUCTION) {
            double f = ts_sim_event_loss_left(s, e, t);
            if (f <= 0)
                continue;
            if (!any_k)
                memset(s->kloss, 0, n * sizeof *s->kloss);
            any_k = 1;
            d = s->ev_frac[e] * f;
        } else
            continue;
        for (size_t a = 0; a < ev->regions.n_idx; a++)
            for (size_t b = 0; b < ev->sectors.n_idx; b++) {
                size_t i = (size_t)ev->regions.idx[a] * S + (size_t)ev->sectors.idx[b];
                if (ev->type == TS_EVENT_CAPITAL_DESTRUCTION)
                    s->kloss[i] += d;
                else if (d > delta[i])
                    delta[i] = d;
            }
    }
    if (any_k)
        for (size_t i = 0; i < n; i++) {
            double k = s->K[i] > 0 ? (s->kloss[i] < 1.0 ? s->kloss[i] : 1.0) : 0.0;
            if (k > delta[i])
                delta[i] = k;
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
        if (ev->type != TS_EVENT_EXPORT_RESTRICTION || ev->buyer_mask || !in_force(s, e, t))
            continue;
        double share = restriction_share(s, e, t);
        for (size_t a = 0; a < ev->from.n_idx; a++)
            for (size_t b = 0; b < ev->products.n_idx; b++) {
                size_t i = (size_t)ev->from.idx[a] * S + (size_t)ev->products.idx[b];
                for (size_t c = 0; c < ev->to.n_idx; c++) {
                    size_t q = (size_t)ev->to.idx[c];
                    if (share > block[q * n + i])
                        block[q * n + i] = share;
                }
            }
        /* embodied content (scenario/content.c): exports of the products from every other
         * region, share x content; never a region's deliveries to itself */
        for (size_t i = 0; ev->content_share && i < n; i++) {
            double sh = share * ev->content_share[i];
            if (!(sh > 0))
                continue;
            for (size_t c = 0; c < ev->to.n_idx; c++) {
                size_t q = (size_t)ev->to.idx[c];
                if (q != i / S && sh > block[q * n + i])
                    block[q * n + i] = sh;
            }
        }
    }
}

/* End-user restrictions (docs/model.md §2 "Events"): a variant's row is its region's row, plus the
 * restrictions aimed at the buyers it stands for. */
void ts_sim_events_variants(const ts_sim *s, int t, double *block)
{
    const ts_scenario *sc = s->sc;
    const size_t S = s->S, n = s->n, NE = sc->n_events;
    for (size_t v = s->R; v < s->nvar; v++) {
        size_t q = (size_t)s->var_q[v];
        double *row = block + v * n;
        memcpy(row, block + q * n, n * sizeof *row);
        for (size_t e = 0; e < NE; e++) {
            if (!s->var_ev[v * NE + e] || !in_force(s, e, t))
                continue;
            const ts_event *ev = &sc->events[e];
            int to_q = 0;
            for (size_t c = 0; c < ev->to.n_idx; c++)
                to_q |= (size_t)ev->to.idx[c] == q;
            if (!to_q)
                continue;
            double share = restriction_share(s, e, t);
            for (size_t a = 0; a < ev->from.n_idx; a++)
                for (size_t b = 0; b < ev->products.n_idx; b++) {
                    size_t i = (size_t)ev->from.idx[a] * S + (size_t)ev->products.idx[b];
                    if (share > row[i])
                        row[i] = share;
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
                fdfac[(size_t)ev->products.idx[b] * R + (size_t)ev->regions.idx[a]] *=
                    1.0 + ev->share * ts_sim_event_scale(s, e, t);
    }
}
