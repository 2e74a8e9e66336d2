/* Allocation and the initial steady state of the dynamic model (model.md §3.1). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/internal.h"

/* An input p of industry j counts (can constrain production) when its coefficient
 * A_C[p,j] exceeds this; smaller coefficients are rounding noise of the table. */
#define TS_SIM_INPUT_THRESHOLD 1e-7

void ts_sim_state_free(ts_sim *s)
{
    if (!s)
        return;
    free(s->reg);
    free(s->sec);
    free(s->zp);
    free(s->zi);
    free(s->zv);
    free(s->x0);
    free(s->Yr);
    free(s->fixed);
    free(s->AC);
    free(s->s);
    free(s->uses);
    free(s->flow);
    free(s->fill);
    free(s->alpha);
    free(s->omega);
    free(s->want);
    free(s->den);
    free(s->c_prev);
    free(s->c_cur);
    free(s->dord);
    free(s->var);
    free(s->var_q);
    free(s->var_cls);
    free(s->var_ev);
    free(s->ev_phase_start);
    free(s->ev_phase_len);
    free(s->recv);
    free(s->dblk);
    free(s->tblk);
    free(s->fdel);
    free(s->ford);
    free(s->delta);
    free(s->block);
    free(s->block_next);
    free(s->fdfac);
    free(s->yask);
    free(s->wden);
    ts_policy_free(&s->pol);
    free(s->xbar);
    free(s->D);
    free(s->xstar);
    free(s->x);
    free(s->ratio);
    free(s->dfd);
    free(s->unmet);
    free(s->unmet_r);
    free(s->trade);
    free(s->trk);
    free(s->trk_prod);
    free(s->tkp);
    free(s->tkk);
    free(s->limited);
    free(s->so_first);
    free(s->so_last);
    free(s->so_days);
    free(s->so_min);
    free(s->ev_end);
    free(s->ev_frac);
    free(s->K);
    free(s->kloss);
    ts_sim_crit_free(s);
    ts_sim_transit_free(s);
    ts_sim_cover_free(s);
    free(s);
}

/* Priority class of user j as an intermediate buyer (model.md §3.4): the first class
 * of `priority` whose group holds j, else the `intermediate` class, else the last. */
static int buyer_class(const ts_sim *s, size_t j)
{
    const ts_params *p = &s->par;
    int generic = (int)s->ncls - 1;
    for (size_t k = 0; k < p->n_priority; k++) {
        int g = p->priority_group ? p->priority_group[k] : TS_PRIORITY_FINAL;
        if (g == TS_PRIORITY_INTERMEDIATE) {
            if (generic == (int)s->ncls - 1)
                generic = (int)k;
            continue;
        }
        if (g < 0)
            continue;
        const ts_group *gr = &s->sc->groups[g];
        for (size_t a = 0; a < gr->n; a++)
            if ((size_t)gr->members[a].industry == j)
                return (int)k;
    }
    return generic;
}

/* Group the users j into variants that see the same supplier factors: region, priority
 * class, and the set of end-user restrictions that cover them. Variants 0..R-1 are the
 * regions' ordinary buyers; returns -1 when out of memory. */
static int build_variants(ts_sim *s)
{
    const ts_scenario *sc = s->sc;
    const ts_params *p = &s->par;
    const size_t n = s->n, R = s->R, NE = sc->n_events;
    s->ncls = p->priority_rationing ? p->n_priority + 1 : 1;
    s->cls_final = (int)s->ncls - 1;
    s->cls_generic = (int)s->ncls - 1;
    for (size_t k = 0; p->priority_rationing && k < p->n_priority; k++) {
        int g = p->priority_group ? p->priority_group[k] : 0;
        if (g == TS_PRIORITY_FINAL && s->cls_final == (int)s->ncls - 1)
            s->cls_final = (int)k;
        if (g == TS_PRIORITY_INTERMEDIATE && s->cls_generic == (int)s->ncls - 1)
            s->cls_generic = (int)k;
    }
    size_t cap = R + n;
    s->var_q = malloc(cap * sizeof *s->var_q);
    s->var_cls = malloc(cap * sizeof *s->var_cls);
    s->var_ev = calloc(cap * (NE ? NE : 1), 1);
    unsigned char *sig = calloc(NE ? NE : 1, 1);
    if (!s->var_q || !s->var_cls || !s->var_ev || !sig) {
        free(sig);
        return -1;
    }
    for (size_t q = 0; q < R; q++) {
        s->var_q[q] = (int)q;
        s->var_cls[q] = s->cls_generic;
    }
    s->nvar = R;
    for (size_t j = 0; j < n; j++) {
        int cls = p->priority_rationing ? buyer_class(s, j) : 0;
        int special = cls != s->cls_generic;
        for (size_t e = 0; e < NE; e++) {
            const ts_event *ev = &sc->events[e];
            sig[e] = ev->type == TS_EVENT_EXPORT_RESTRICTION && ev->buyer_mask && ev->buyer_mask[j];
            special |= sig[e];
        }
        size_t q = (size_t)s->reg[j], v = q;
        if (special) {
            for (v = R; v < s->nvar; v++)
                if ((size_t)s->var_q[v] == q && s->var_cls[v] == cls &&
                    (!NE || memcmp(s->var_ev + v * NE, sig, NE) == 0))
                    break;
            if (v == s->nvar) {
                s->var_q[v] = (int)q;
                s->var_cls[v] = cls;
                if (NE)
                    memcpy(s->var_ev + v * NE, sig, NE);
                s->nvar++;
            }
        }
        s->var[j] = (int)v;
    }
    free(sig);
    return 0;
}

#define ALLOC(ptr, count)                                          \
    do {                                                           \
        size_t count_ = (count);                                   \
        (ptr) = calloc(count_ > 0 ? count_ : 1, sizeof *(ptr));    \
        if (!(ptr))                                                \
            goto nomem;                                            \
    } while (0)

ts_status ts_sim_state_create(const ts_mrio *m, const ts_scenario *sc, ts_sim **out, ts_error *err)
{
    *out = NULL;
    if (sc->horizon_days < 1)
        return ts_error_set(err, TS_ERR_INPUT, sc->file, 0, 0, "horizon_days",
                            "horizon must be at least 1 day (got %d)", sc->horizon_days);
    ts_sim *s = calloc(1, sizeof *s);
    if (!s)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    s->m = m;
    s->sc = sc;
    s->par = sc->params;
    size_t R = m->R, S = m->S, n = m->n, K = m->R * m->F;
    s->R = R;
    s->S = S;
    s->F = m->F;
    s->n = n;
    s->T = (size_t)sc->horizon_days;
    s->nblk = (n + TS_SIM_BLOCK - 1) / TS_SIM_BLOCK;

    ALLOC(s->reg, n);
    ALLOC(s->sec, n);
    ALLOC(s->zp, n + 1);
    ALLOC(s->x0, n);
    ALLOC(s->Yr, n * R);
    ALLOC(s->fixed, n);
    ALLOC(s->AC, S * n);
    ALLOC(s->s, S * n);
    ALLOC(s->uses, S * n);
    ALLOC(s->flow, S * n);
    ALLOC(s->fill, S * n);
    ALLOC(s->alpha, n);
    ALLOC(s->omega, S * n);
    ALLOC(s->want, S * n);
    ALLOC(s->den, S * n);
    ALLOC(s->c_prev, n);
    ALLOC(s->c_cur, n);
    ALLOC(s->recv, S * n);
    /* products whose trade is recorded by product: those of export restrictions */
    ALLOC(s->trk, S);
    ALLOC(s->trk_prod, S);
    for (size_t p = 0; p < S; p++)
        s->trk[p] = -1;
    for (size_t e = 0; e < sc->n_events; e++) {
        const ts_event *ev = &sc->events[e];
        if (ev->type != TS_EVENT_EXPORT_RESTRICTION)
            continue;
        for (size_t b = 0; b < ev->products.n_idx; b++) {
            int p = ev->products.idx[b];
            if (p >= 0 && (size_t)p < S && s->trk[p] < 0) {
                s->trk[p] = (int)s->ntrk;
                s->trk_prod[s->ntrk++] = p;
            }
        }
    }
    ALLOC(s->tblk, s->nblk * R * R * (1 + s->ntrk));
    ALLOC(s->tkp, n + 1);
    ALLOC(s->delta, n);
    ALLOC(s->var, n);
    ALLOC(s->ev_phase_start, sc->n_events);
    ALLOC(s->ev_phase_len, sc->n_events);
    for (size_t i = 0; i < n; i++) {
        s->reg[i] = (int)(i / S);
        s->sec[i] = (int)(i % S);
    }
    if (build_variants(s))
        goto nomem;
    ALLOC(s->dord, s->ncls * n);
    ALLOC(s->dblk, s->nblk * s->ncls * n);
    ALLOC(s->fdel, s->nvar * n);
    ALLOC(s->ford, s->nvar * n);
    ALLOC(s->block, s->nvar * n);
    ALLOC(s->block_next, s->nvar * n);
    ALLOC(s->fdfac, S * R);
    ALLOC(s->yask, n * R);
    ALLOC(s->wden, R * n);
    ALLOC(s->xbar, n);
    ALLOC(s->D, n);
    ALLOC(s->xstar, n);
    ALLOC(s->x, n);
    ALLOC(s->ratio, s->ncls * n);
    ALLOC(s->dfd, n);
    ALLOC(s->unmet, n);
    ALLOC(s->unmet_r, R);
    ALLOC(s->trade, R * R * (1 + s->ntrk));
    ALLOC(s->limited, n);
    ALLOC(s->so_first, S * n);
    ALLOC(s->so_last, S * n);
    ALLOC(s->so_days, S * n);
    ALLOC(s->so_min, S * n);
    ALLOC(s->ev_end, sc->n_events);
    ALLOC(s->ev_frac, sc->n_events);
    ALLOC(s->K, n);
    ALLOC(s->kloss, n);
    s->ario = s->par.mode == TS_MODE_ARIO;
    s->quirks = s->ario ? ~s->par.ario_quirks_off : 0u;

    for (size_t i = 0; i < n; i++) {
        s->x0[i] = m->x[i] > 0 ? m->x[i] / 365.0 : 0.0;
        s->alpha[i] = 1.0;
        s->c_prev[i] = s->c_cur[i] = 1.0;
    }
    /* Z by column, non-zeros only (the daily pass is by column). */
    size_t nnz = 0;
    for (size_t k = 0; k < n * n; k++)
        nnz += m->Z[k] != 0.0;
    ALLOC(s->zi, nnz);
    ALLOC(s->zv, nnz);
    nnz = 0;
    for (size_t j = 0; j < n; j++) {
        s->zp[j] = nnz;
        for (size_t i = 0; i < n; i++) {
            double z = m->Z[i * n + j];
            if (z != 0.0) {
                s->zi[nnz] = (int)i;
                s->zv[nnz++] = z;
            }
        }
    }
    s->zp[n] = nnz;
    /* entries of tracked products, per column (their trade is recorded by product) */
    size_t ntk = 0;
    for (size_t k = 0; k < nnz; k++)
        ntk += s->trk[s->sec[s->zi[k]]] >= 0;
    ALLOC(s->tkk, ntk);
    ntk = 0;
    for (size_t j = 0; j < n; j++) {
        s->tkp[j] = ntk;
        for (size_t k = s->zp[j]; k < s->zp[j + 1]; k++)
            if (s->trk[s->sec[s->zi[k]]] >= 0)
                s->tkk[ntk++] = k;
    }
    s->tkp[n] = ntk;

    /* Final demand: positive entries by consuming region (rationed); negative entries
     * and the table's row-balance gap are a fixed, never-rationed part of demand, so
     * that the baseline reproduces x exactly (docs/model.md, "fixed demand"). */
    for (size_t i = 0; i < n; i++) {
        double rowz = 0, rowy = 0, neg = 0;
        for (size_t j = 0; j < n; j++)
            rowz += m->Z[i * n + j];
        for (size_t k = 0; k < K; k++) {
            double y = m->Y[i * K + k];
            rowy += y;
            if (y > 0)
                s->Yr[i * R + k / m->F] += y / 365.0;
            else
                neg += y;
        }
        double gap = m->x[i] > 0 ? m->x[i] - rowz - rowy : -(rowz + rowy);
        s->fixed[i] = (neg + gap) / 365.0;
    }

    /* A_C = P A (model.md §0) and the initial orders want = P Z0 (so O = Z0). */
    for (size_t j = 0; j < n; j++) {
        for (size_t k = s->zp[j]; k < s->zp[j + 1]; k++)
            s->want[(size_t)s->sec[s->zi[k]] * n + j] += s->zv[k];
        for (size_t p = 0; p < S; p++) {
            double zc = s->want[p * n + j];
            s->AC[p * n + j] = m->x[j] > 0 ? zc / m->x[j] : 0.0;
            s->den[p * n + j] = zc; /* sum_i Z_ij c_i with c = 1 */
            s->want[p * n + j] = m->x[j] > 0 ? zc / 365.0 : 0.0;
        }
    }

    for (size_t p = 0; p < S; p++)
        for (size_t j = 0; j < n; j++)
            s->s[p * n + j] = s->par.inventory_days_matrix ? s->par.inventory_days_matrix[p * n + j]
                              : s->par.inventory_days_by_product ? s->par.inventory_days_by_product[p]
                                                                 : s->par.inventory_days;
    for (size_t p = 0; p < S; p++)
        for (size_t j = 0; j < n; j++) {
            size_t k = p * n + j;
            double sd = s->s[k];
            s->uses[k] = isfinite(sd) && sd > 0 && s->x0[j] > 0 && s->AC[k] > TS_SIM_INPUT_THRESHOLD;
            s->flow[k] = sd == 0 && s->x0[j] > 0 && s->AC[k] > TS_SIM_INPUT_THRESHOLD;
            s->fill[k] = 1.0;
            s->omega[k] = s->uses[k] ? sd * s->AC[k] * s->x0[j] : 0.0;
            s->so_first[k] = -1;
            s->so_last[k] = -1;
            s->so_min[k] = INFINITY;
        }
    for (size_t k = 0; k < S * R; k++)
        s->fdfac[k] = 1.0;
    for (size_t e = 0; e < sc->n_events; e++)
        s->ev_end[e] = sc->events[e].end;

    /* Productive capital (BoARIO's default: 4 x value added, negative VA clipped at 0) and
     * each capital_destruction's share of the capital of the industries it hits. */
    for (size_t i = 0; i < n; i++)
        s->K[i] = s->par.capital_to_value_added * (m->v && m->v[i] > 0 ? m->v[i] : 0.0);
    for (size_t e = 0; e < sc->n_events; e++) {
        const ts_event *ev = &sc->events[e];
        if (ev->type != TS_EVENT_CAPITAL_DESTRUCTION)
            continue;
        if (ev->damage <= 0) {
            s->ev_frac[e] = ev->share;
            continue;
        }
        double k = 0;
        for (size_t a = 0; a < ev->regions.n_idx; a++)
            for (size_t b = 0; b < ev->sectors.n_idx; b++)
                k += s->K[(size_t)ev->regions.idx[a] * S + (size_t)ev->sectors.idx[b]];
        if (!(ev->damage <= k)) {
            ts_error_set(err, TS_ERR_INPUT, sc->file, ev->line, 0, NULL,
                         "capital_destruction: damage %g M USD exceeds the productive capital "
                         "of the industries hit (%g M USD = %g x their value added)",
                         ev->damage, k, s->par.capital_to_value_added);
            ts_sim_state_free(s);
            return TS_ERR_INPUT;
        }
        s->ev_frac[e] = ev->damage / k;
    }
    if (ts_policy_create(&s->pol, s) || ts_sim_crit_create(s) || ts_sim_transit_create(s) ||
        ts_sim_cover_create(s))
        goto nomem;
    *out = s;
    return TS_OK;
nomem:
    ts_sim_state_free(s);
    return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL,
                        "out of memory for a simulation of %zu industries", n);
}
