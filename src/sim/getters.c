/* What a caller can read of a simulation between steps (sim.h, "getters"). */
#include <math.h>

#include "sim/internal.h"

/* The day the getters describe: the last one simulated, day 0 before the first step. */
static int shown_day(const ts_sim *s)
{
    return s->t > 0 ? s->t - 1 : 0;
}

int ts_sim_get_day(const ts_sim *s)
{
    return s->t;
}

int ts_sim_get_horizon(const ts_sim *s)
{
    return (int)s->T;
}

const double *ts_sim_get_production(const ts_sim *s)
{
    return s->x;
}

const double *ts_sim_get_capacity(const ts_sim *s)
{
    return s->xbar;
}

const double *ts_sim_get_demand(const ts_sim *s)
{
    return s->D;
}

const double *ts_sim_get_unmet_final_demand(const ts_sim *s)
{
    return s->unmet;
}

const double *ts_sim_get_unmet_final_demand_region(const ts_sim *s)
{
    return s->unmet_r;
}

double ts_sim_get_cover(const ts_sim *s, int product, int industry)
{
    if (product < 0 || (size_t)product >= s->S || industry < 0 || (size_t)industry >= s->n)
        return NAN;
    size_t k = (size_t)product * s->n + (size_t)industry;
    double use0 = s->AC[k] * s->x0[industry];
    return s->uses[k] && use0 > 0 ? s->omega[k] / use0 : NAN;
}

size_t ts_sim_get_events(const ts_sim *s, ts_sim_event *out, size_t cap)
{
    const int t = shown_day(s);
    const ts_scenario *sc = s->sc;
    size_t k = 0;
    for (size_t e = 0; e < sc->n_events; e++) {
        ts_event_type ty = sc->events[e].type;
        double f = ty == TS_EVENT_CAPACITY_LOSS || ty == TS_EVENT_CAPITAL_DESTRUCTION
                       ? ts_sim_event_loss_left(s, e, t)
                       : ts_sim_event_scale(s, e, t);
        if (f <= 0)
            continue;
        if (k < cap)
            out[k] = (ts_sim_event){(int)e, -1, ty, f};
        k++;
    }
    for (size_t a = 0; a < s->pol.n_rt; a++) {
        const ts_rt_event *r = &s->pol.rt[a];
        if (t < r->start || t > r->end)
            continue;
        if (k < cap)
            out[k] = (ts_sim_event){-1, (int)a, r->type, 1.0};
        k++;
    }
    return k;
}

const double *ts_sim_get(const ts_sim *s, ts_sim_var v, size_t *len)
{
    const size_t n = s->n, S = s->S, R = s->R;
    const double *a = NULL;
    size_t l = n;
    switch (v) {
    case TS_SIM_X0: a = s->x0; break;
    case TS_SIM_ALPHA: a = s->alpha; break;
    case TS_SIM_DELTA: a = s->delta; break;
    case TS_SIM_XSTAR: a = s->xstar; break;
    case TS_SIM_FD_DELIVERABLE: a = s->dfd; break;
    case TS_SIM_FIXED: a = s->fixed; break;
    case TS_SIM_CAPITAL: a = s->K; break;
    case TS_SIM_SUBSTITUTION_ROOM: a = s->pol.room; break;
    case TS_SIM_RATIO_INTERMEDIATE: a = s->ratio + (size_t)s->cls_generic * n; break;
    case TS_SIM_RATIO_FINAL: a = s->ratio + (size_t)s->cls_final * n; break;
    case TS_SIM_ORDERS: a = s->dord; l = s->ncls * n; break;
    case TS_SIM_STOCK: a = s->omega; l = S * n; break;
    case TS_SIM_RECEIVED: a = s->recv; l = S * n; break;
    case TS_SIM_WANT: a = s->want; l = S * n; break;
    case TS_SIM_AC: a = s->AC; l = S * n; break;
    case TS_SIM_INVENTORY_DAYS: a = s->s; l = S * n; break;
    case TS_SIM_FD_BASE: a = s->Yr; l = n * R; break;
    case TS_SIM_FD_ASKED: a = s->yask; l = n * R; break;
    case TS_SIM_FD_FACTOR: a = s->fdfac; l = S * R; break;
    case TS_SIM_BLOCKED: a = s->t > 0 ? s->block_next : s->block; l = R * n; break;
    case TS_SIM_BLOCKED_NEXT: a = s->block; l = R * n; break;
    case TS_SIM_ORDER_WEIGHT: a = s->pol.pi; l = n * R; break;
    case TS_SIM_MOVED_SHARE: a = s->pol.m; l = n * R; break;
    case TS_SIM_BASELINE_SHARE: a = s->pol.share0; l = n * R; break;
    case TS_SIM_BASELINE_PURCHASES: a = s->pol.V0; l = S * R; break;
    case TS_SIM_TRADE: a = s->trade; l = R * R; break;
    case TS_SIM_AT_SEA: a = s->tr_w ? s->tr_sea : NULL; l = S; break;
    }
    if (len)
        *len = a ? l : 0;
    return a;
}

const unsigned char *ts_sim_get_inputs(const ts_sim *s)
{
    return s->uses;
}
