/* Trade policy in the dynamic model (policy.h; model.md §2, §3.7). */
#include "sim/policy.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/internal.h"

#define TS_RT_MAX_DEPTH 8

void ts_policy_free(ts_policy *p)
{
    free(p->pi);
    free(p->pi_prev);
    free(p->pi_tar);
    free(p->T);
    free(p->Tnew);
    free(p->wtar);
    free(p->m);
    free(p->share0);
    free(p->V0);
    free(p->room);
    free(p->ynorm);
    free(p->fdprice);
    free(p->fdtar);
    free(p->rt);
    free(p->pool);
    free(p->fired);
    memset(p, 0, sizeof *p);
}

int ts_policy_create(ts_policy *p, const ts_sim *s)
{
    const ts_scenario *sc = s->sc;
    size_t n = s->n, R = s->R, S = s->S, NE = sc->n_events, NR = sc->n_retaliation;
    memset(p, 0, sizeof *p);
    p->n = n;
    p->R = R;
    p->S = S;
    /* room for answers: each rule can answer each event once, answers answer up to
     * TS_RT_MAX_DEPTH deep; bounded so that the daily loop never allocates */
    p->cap_rt = NR ? (NE + 1) * NR * 4 + 16 : 0;
    p->n_fired = (NE + p->cap_rt + 1) * (NR + 1);
    p->n_pool = (p->cap_rt + 1) * (2 * R + S);
    p->pi = malloc(n * R * sizeof *p->pi);
    p->pi_prev = malloc(n * R * sizeof *p->pi_prev);
    p->pi_tar = malloc(n * R * sizeof *p->pi_tar);
    p->T = calloc(n * R, sizeof *p->T);
    p->Tnew = calloc(n * R, sizeof *p->Tnew);
    p->wtar = malloc(n * R * sizeof *p->wtar);
    p->m = calloc(n * R, sizeof *p->m);
    p->share0 = calloc(n * R, sizeof *p->share0);
    p->V0 = calloc(S * R, sizeof *p->V0);
    p->room = calloc(n, sizeof *p->room);
    p->ynorm = malloc(S * R * sizeof *p->ynorm);
    p->fdprice = malloc(S * R * sizeof *p->fdprice);
    p->fdtar = malloc(S * R * sizeof *p->fdtar);
    p->rt = calloc(p->cap_rt + 1, sizeof *p->rt);
    p->pool = calloc(p->n_pool, sizeof *p->pool);
    p->fired = calloc(p->n_fired, 1);
    if (!p->pi || !p->pi_prev || !p->pi_tar || !p->T || !p->Tnew || !p->wtar || !p->m || !p->share0 || !p->V0 ||
        !p->room || !p->ynorm || !p->fdprice || !p->fdtar || !p->rt || !p->pool || !p->fired)
        return -1;
    return 0;
}

void ts_policy_init(ts_policy *p, const ts_sim *s)
{
    const ts_scenario *sc = s->sc;
    const size_t n = p->n, R = p->R, S = p->S, NE = sc->n_events, NR = sc->n_retaliation;
    p->active = 0;
    for (size_t e = 0; e < NE; e++)
        if (sc->events[e].type == TS_EVENT_TARIFF)
            p->active = 1;
    for (size_t k = 0; k < S && !p->active; k++)
        if (s->par.substitutability.by_product && s->par.substitutability.by_product[k] > 0)
            p->active = 1;
    if (NR)
        p->active = 1;
    p->n_rt = 0;
    memset(p->T, 0, n * R * sizeof *p->T);
    memset(p->Tnew, 0, n * R * sizeof *p->Tnew);
    memset(p->m, 0, n * R * sizeof *p->m);
    memset(p->share0, 0, n * R * sizeof *p->share0);
    memset(p->V0, 0, S * R * sizeof *p->V0);
    memset(p->room, 0, n * sizeof *p->room);
    memset(p->rt, 0, (p->cap_rt + 1) * sizeof *p->rt);
    memset(p->pool, 0, p->n_pool * sizeof *p->pool);
    memset(p->fired, 0, p->n_fired);
    for (size_t k = 0; k < n * R; k++)
        p->pi[k] = p->pi_prev[k] = p->pi_tar[k] = p->wtar[k] = 1.0;
    for (size_t k = 0; k < S * R; k++)
        p->ynorm[k] = p->fdprice[k] = p->fdtar[k] = 1.0;
    /* baseline purchases of product p by region q from origin i: intermediate + final */
    for (size_t j = 0; j < n; j++) {
        size_t q = (size_t)s->reg[j];
        for (size_t k = s->zp[j]; k < s->zp[j + 1]; k++)
            p->share0[(size_t)s->zi[k] * R + q] += s->zv[k] / 365.0;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t q = 0; q < R; q++) {
            p->share0[i * R + q] += s->Yr[i * R + q];
            p->V0[(size_t)s->sec[i] * R + q] += p->share0[i * R + q];
        }
    for (size_t i = 0; i < n; i++)
        for (size_t q = 0; q < R; q++) {
            double V = p->V0[(size_t)s->sec[i] * R + q];
            p->share0[i * R + q] = V > 0 ? p->share0[i * R + q] / V : 0.0;
        }
}

/* ---- retaliation -------------------------------------------------------------- */

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

/* ---- tariffs ----------------------------------------------------------------------- */

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
        if (T[i] < -0.999999)
            T[i] = -0.999999; /* stacked cuts cannot make a price negative */
    /* rates change on few days: recompute targets and prices only then */
    if (!memcmp(T, p->T, n * R * sizeof *T))
        return;
    memcpy(p->T, T, n * R * sizeof *T);
    for (size_t i = 0; i < n; i++) {
        double sigma = s->par.armington_sigma.by_product[(size_t)s->sec[i]];
        for (size_t q = 0; q < R; q++)
            p->wtar[i * R + q] = p->T[i * R + q] == 0 ? 1.0 : pow(1 + p->T[i * R + q], -sigma);
    }
    /* final demand: CES price index of q's purchases of p (model.md §2) and the import
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
                acc += fabs(sigma - 1) < 1e-12 ? sh * log(rho) : sh * pow(rho, 1 - sigma);
            }
            double P = !any ? 1.0 : fabs(sigma - 1) < 1e-12 ? exp(acc) : pow(acc, 1 / (1 - sigma));
            double f = 1 + eps * (P - 1);
            p->fdtar[pp * R + q] = f > 0 ? f : 0.0;
        }
    }
}

/* ---- order weights ---------------------------------------------------------------- */

void ts_policy_update(ts_policy *p, const ts_sim *s)
{
    if (!p->active)
        return;
    const size_t n = s->n, R = s->R, S = s->S;
    const double k = 1.0 / s->par.substitution_days;
    memcpy(p->pi_prev, p->pi, n * R * sizeof *p->pi);
    /* tariff part: toward the Armington weight (1+T)^-sigma (model.md §2); the
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
