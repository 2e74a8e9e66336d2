/* Retaliation (docs/model.md "Trade policy", Retaliation): rules answer the events (and
 * earlier answers) that start on a day; answers join the run's events (blocks here,
 * tariffs in tariffs.c) and the events log of the result. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/internal.h"

/* answers answer answers up to this depth */
#define TS_RT_MAX_DEPTH 8

static int in_list(const int *a, size_t na, int x)
{
    for (size_t k = 0; k < na; k++)
        if (a[k] == x)
            return 1;
    return 0;
}

/* Acting and target regions of a trigger (tariff: importer `to` acts on exporter
 * `from`; restriction: exporter `from` acts on importer `to`). */
static void roles(ts_event_type type, const int *from, size_t nf, const int *to, size_t nt,
                  const int **act, size_t *na, const int **tgt, size_t *ntg)
{
    if (type == TS_EVENT_TARIFF) {
        *act = to;
        *na = nt;
        *tgt = from;
        *ntg = nf;
    } else {
        *act = from;
        *na = nf;
        *tgt = to;
        *ntg = nt;
    }
}

static void answer(ts_policy *p, const ts_sim *s, size_t rule, int trigger, int depth, int t,
                   ts_event_type type, const int *from, size_t nf, const int *to, size_t nt,
                   const int *prod, size_t np, double size, int end)
{
    const ts_retaliation *ru = &s->sc->retaliation[rule];
    const size_t NE = s->sc->n_events, NR = s->sc->n_retaliation;
    if (ru->when != type || depth > TS_RT_MAX_DEPTH || p->n_rt >= p->cap_rt)
        return;
    unsigned char *f = &p->fired[(size_t)trigger * NR + rule];
    if (*f)
        return;
    const int *act, *tgt;
    size_t na, ntg;
    roles(type, from, nf, to, nt, &act, &na, &tgt, &ntg);
    /* the answer: each `against` region that was targeted answers each `by` region that acted */
    ts_rt_event *a = &p->rt[p->n_rt];
    int *slot = p->pool + p->n_rt * (2 * p->R + p->S);
    int *ans_actor = slot, *ans_target = slot + p->R, *ans_prod = slot + 2 * p->R;
    size_t n_actor = 0, n_target = 0, n_prod = 0;
    for (size_t k = 0; k < ntg; k++)
        if (in_list(ru->against.idx, ru->against.n_idx, tgt[k]))
            ans_actor[n_actor++] = tgt[k];
    for (size_t k = 0; k < na; k++)
        if (in_list(ru->by.idx, ru->by.n_idx, act[k]))
            ans_target[n_target++] = act[k];
    if (!n_actor || !n_target)
        return;
    *f = 1;
    if (ru->products.present)
        for (size_t k = 0; k < ru->products.n_idx; k++)
            ans_prod[n_prod++] = ru->products.idx[k];
    else
        for (size_t k = 0; k < np; k++)
            ans_prod[n_prod++] = prod[k];
    double sz = ru->factor * size;
    if (sz > ru->cap)
        sz = ru->cap;
    a->type = ru->respond;
    a->start = t + ru->delay_days;
    a->end = end == INT_MAX ? INT_MAX : end + ru->delay_days;
    a->size = sz;
    a->rule = (int)rule;
    a->trigger = trigger;
    a->depth = depth;
    a->fired_day = t;
    /* the answering region acts: tariff -> it is the importer; restriction -> exporter */
    if (a->type == TS_EVENT_TARIFF) {
        a->to = ans_actor;
        a->n_to = n_actor;
        a->from = ans_target;
        a->n_from = n_target;
    } else {
        a->from = ans_actor;
        a->n_from = n_actor;
        a->to = ans_target;
        a->n_to = n_target;
    }
    a->products = ans_prod;
    a->n_products = n_prod;
    p->n_rt++;
    (void)NE;
}

void ts_policy_retaliate(ts_policy *p, const ts_sim *s, int t)
{
    const ts_scenario *sc = s->sc;
    const size_t NE = sc->n_events, NR = sc->n_retaliation;
    if (!NR)
        return;
    for (size_t e = 0; e < NE; e++) {
        const ts_event *ev = &sc->events[e];
        if (ev->start != t || s->ev_end[e] < t ||
            (ev->type != TS_EVENT_TARIFF && ev->type != TS_EVENT_EXPORT_RESTRICTION))
            continue;
        double size = ev->type == TS_EVENT_TARIFF ? ev->rate : ev->share;
        for (size_t r = 0; r < NR; r++)
            answer(p, s, r, (int)e, 1, t, ev->type, ev->from.idx, ev->from.n_idx, ev->to.idx,
                   ev->to.n_idx, ev->products.idx, ev->products.n_idx, size, s->ev_end[e]);
    }
    /* answers starting today can trigger rules in turn (n_rt grows inside the loop) */
    for (size_t k = 0; k < p->n_rt; k++) {
        const ts_rt_event a = p->rt[k];
        if (a.start != t || a.end < t)
            continue;
        for (size_t r = 0; r < NR; r++)
            answer(p, s, r, (int)(NE + k), a.depth + 1, t, a.type, a.from, a.n_from, a.to, a.n_to,
                   a.products, a.n_products, a.size, a.end);
    }
}

void ts_policy_block(const ts_policy *p, const ts_sim *s, int t, double *block)
{
    size_t n = s->n, S = s->S;
    for (size_t k = 0; k < p->n_rt; k++) {
        const ts_rt_event *a = &p->rt[k];
        if (a->type != TS_EVENT_EXPORT_RESTRICTION || t < a->start || t > a->end)
            continue;
        for (size_t x = 0; x < a->n_from; x++)
            for (size_t y = 0; y < a->n_products; y++) {
                size_t i = (size_t)a->from[x] * S + (size_t)a->products[y];
                for (size_t z = 0; z < a->n_to; z++) {
                    size_t q = (size_t)a->to[z];
                    if (a->size > block[q * n + i])
                        block[q * n + i] = a->size;
                }
            }
    }
}

/* ---- the events log --------------------------------------------------------------- */

static size_t codes_text(char *buf, size_t len, const int *idx, size_t k, const ts_label *lab,
                         size_t total)
{
    if (k == total && total > 1)
        return (size_t)snprintf(buf, len, "all");
    size_t off = 0;
    for (size_t a = 0; a < k && off < len; a++)
        off += (size_t)snprintf(buf + off, len - off, "%s%s", a ? "," : "", lab[idx[a]].code);
    return off;
}

ts_status ts_sim_record_answers(const ts_sim *s, ts_result *r, ts_error *err)
{
    const ts_policy *p = &s->pol;
    const size_t NE = s->sc->n_events;
    r->n_answers = p->n_rt;
    r->answers = calloc(p->n_rt ? p->n_rt : 1, sizeof *r->answers);
    if (!r->answers)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t k = 0; k < p->n_rt; k++) {
        const ts_rt_event *a = &p->rt[k];
        ts_answer *o = &r->answers[k];
        o->rule = a->rule;
        o->trigger_event = a->trigger < (int)NE ? a->trigger : -1;
        o->trigger_answer = a->trigger < (int)NE ? -1 : a->trigger - (int)NE;
        o->depth = a->depth;
        o->fired_day = a->fired_day;
        o->start = a->start;
        o->end = a->end;
        o->type = a->type;
        o->size = a->size;
        char who[96], whom[96], what[96], until[32];
        const int *actor = a->type == TS_EVENT_TARIFF ? a->to : a->from;
        size_t na = a->type == TS_EVENT_TARIFF ? a->n_to : a->n_from;
        const int *target = a->type == TS_EVENT_TARIFF ? a->from : a->to;
        size_t nt = a->type == TS_EVENT_TARIFF ? a->n_from : a->n_to;
        codes_text(who, sizeof who, actor, na, s->m->regions, s->R);
        codes_text(whom, sizeof whom, target, nt, s->m->regions, s->R);
        codes_text(what, sizeof what, a->products, a->n_products, s->m->sectors, s->S);
        if (a->end == INT_MAX)
            snprintf(until, sizeof until, "open end");
        else
            snprintf(until, sizeof until, "to day %d", a->end);
        snprintf(o->text, sizeof o->text, "%s %s %+g on %s (products %s) from day %d, %s",
                 who, a->type == TS_EVENT_TARIFF ? "tariff" : "export restriction, share",
                 a->size, whom, what, a->start, until);
    }
    return TS_OK;
}
