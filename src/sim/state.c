/* Allocation and the initial steady state of the dynamic model (docs/model.md §2 "Initial state"). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "sim/internal.h"

void ts__sim_state_free(ts_sim *s)
{
    if (!s)
        return;
    for (size_t k = 0; k < s->n_arrays; k++)
        free(*s->arrays[k].ptr);
    free(s->zi); /* the sparse copy is owned by ts_sim_state_storage */
    free(s->zv);
    free(s->tkk);
    ts_policy_free(&s->pol);
    free(s);
}

/* Priority class of user j as an intermediate buyer (docs/model.md §2 "Distribution"): the first class
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
 * regions' ordinary buyers. Into the arrays allocated for R + n variants. */
static void build_variants(ts_sim *s)
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
    unsigned char *sig = s->var_sig;
    memset(s->var_ev, 0, (R + n) * (NE ? NE : 1));
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
}

int ts_sim_choose_dense(size_t n, size_t nnz)
{
    return (double)n * (double)n * TS_SIM_DENSE_CELL_COST < (double)nnz;
}

int ts_sim_state_storage(ts_sim *s, int dense)
{
    const ts_mrio *m = s->m;
    const size_t n = s->n;
    free(s->zi);
    free(s->zv);
    free(s->tkk);
    s->zi = NULL;
    s->zv = NULL;
    s->tkk = NULL;
    memset(s->zp, 0, (n + 1) * sizeof *s->zp);
    memset(s->tkp, 0, (n + 1) * sizeof *s->tkp);
    /* goods in transit keep positions in the sparse copy (transit.c): sparse then */
    s->dense = dense && !(s->par.transit_days && s->par.transit_max > 0);
    if (s->dense)
        return 0;
    size_t nnz = 0;
    for (size_t k = 0; k < n * n; k++)
        nnz += m->Z[k] != 0.0;
    s->zi = malloc((nnz ? nnz : 1) * sizeof *s->zi);
    s->zv = malloc((nnz ? nnz : 1) * sizeof *s->zv);
    if (!s->zi || !s->zv)
        return -1;
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
    s->tkk = malloc((ntk ? ntk : 1) * sizeof *s->tkk);
    if (!s->tkk)
        return -1;
    ntk = 0;
    for (size_t j = 0; j < n; j++) {
        s->tkp[j] = ntk;
        for (size_t k = s->zp[j]; k < s->zp[j + 1]; k++)
            if (s->trk[s->sec[s->zi[k]]] >= 0)
                s->tkk[ntk++] = k;
    }
    s->tkp[n] = ntk;
    return 0;
}

void ts_sim_add_by_product(const ts_sim *s, double *out)
{
    const size_t n = s->n;
    if (!s->dense) {
        for (size_t j = 0; j < n; j++)
            for (size_t k = s->zp[j]; k < s->zp[j + 1]; k++)
                out[(size_t)s->sec[s->zi[k]] * n + j] += s->zv[k];
        return;
    }
    /* row by row: each (p, j) still adds its rows in increasing order, non-zeros only */
    const double *Z = s->m->Z;
    for (size_t i = 0; i < n; i++) {
        double *o = out + (size_t)s->sec[i] * n;
        for (size_t j = 0; j < n; j++)
            if (Z[i * n + j] != 0.0)
                o[j] += Z[i * n + j];
    }
}

void *ts__sim_alloc(ts_sim *s, void **field, size_t count, size_t size, int table_only)
{
    size_t c = count > 0 ? count : 1;
    *field = NULL;
    if (s->n_arrays == TS_SIM_MAX_ARRAYS)
        return NULL;
    *field = calloc(c, size);
    if (*field)
        s->arrays[s->n_arrays++] = (ts__sim_array){field, c * size, table_only};
    return *field;
}

/* Allocate `count` zeroed elements into field `ptr` and register it; `tab`: 1 when it
 * depends only on the table and the scenario's shape (reset keeps it). */
#define ALLOC_(ptr, count, tab)                                                      \
    do {                                                                             \
        if (!ts__sim_alloc(s, (void **)&(ptr), (count), sizeof *(ptr), (tab)))        \
            goto nomem;                                                              \
    } while (0)
#define ALLOC(ptr, count) ALLOC_(ptr, count, 0)
#define ALLOC_TABLE(ptr, count) ALLOC_(ptr, count, 1)

/* Products whose trade is recorded by product: those of export restrictions. */
static void tracked_products(ts_sim *s, const ts_scenario *sc)
{
    for (size_t p = 0; p < s->S; p++)
        s->trk[p] = -1;
    s->ntrk = 0;
    for (size_t e = 0; e < sc->n_events; e++) {
        const ts_event *ev = &sc->events[e];
        if (ev->type != TS_EVENT_EXPORT_RESTRICTION)
            continue;
        for (size_t b = 0; b < ev->products.n_idx; b++) {
            int p = ev->products.idx[b];
            if (p >= 0 && (size_t)p < s->S && s->trk[p] < 0) {
                s->trk[p] = (int)s->ntrk;
                s->trk_prod[s->ntrk++] = p;
            }
        }
    }
}

/* 1 when sc gives input criticality classes (criticality.c). */
static int has_classes(const ts_scenario *sc)
{
    return sc->params.crit.present && sc->params.crit.cls;
}

/* The number of priority classes of sc's parameters. */
static size_t n_classes(const ts_scenario *sc)
{
    return sc->params.priority_rationing ? sc->params.n_priority + 1 : 1;
}

ts_status ts__sim_state_same_shape(const ts_sim *s, const ts_scenario *sc, ts_error *err)
{
    const char *what = NULL;
    if (sc->n_events != s->sc->n_events)
        what = "number of events";
    else if (sc->n_retaliation != s->sc->n_retaliation)
        what = "number of retaliation rules";
    else if (sc->horizon_days < 1 || (size_t)sc->horizon_days > s->T_cap)
        what = "horizon (longer than the one the simulation was created for)";
    else if (n_classes(sc) != s->ncls)
        what = "number of priority classes";
    else if (has_classes(sc) != (s->crit != NULL))
        what = "input criticality (given in one, not in the other)";
    else if (sc->params.transit_max != s->sc->params.transit_max ||
             (!sc->params.transit_days) != (!s->sc->params.transit_days) ||
             (sc->params.transit_days &&
              memcmp(sc->params.transit_days, s->sc->params.transit_days,
                     s->S * s->R * s->R * sizeof *sc->params.transit_days)))
        what = "transit days (the lanes at sea)";
    else if (sc->params.n_spread != s->sc->params.n_spread ||
             (sc->params.n_spread &&
              memcmp(sc->params.spread_product, s->sc->params.spread_product,
                     sc->params.n_spread * sizeof *sc->params.spread_product)))
        what = "products with cover classes (cover_spread)";
    for (size_t e = 0; !what && e < sc->params.n_spread; e++)
        if ((size_t)sc->params.spread[e].classes > s->cv_kcap)
            what = "number of cover classes (more than the simulation was created for)";
    for (size_t e = 0; !what && e < sc->n_events; e++) {
        const ts_event *a = &sc->events[e], *b = &s->sc->events[e];
        if (a->type != b->type)
            what = "event types";
        else if (a->type == TS_EVENT_EXPORT_RESTRICTION &&
                 ((!a->buyer_mask) != (!b->buyer_mask) ||
                  (a->buyer_mask && memcmp(a->buyer_mask, b->buyer_mask, s->n))))
            what = "buyers of end-user restrictions";
        else if (a->type == TS_EVENT_EXPORT_RESTRICTION &&
                 (a->products.n_idx != b->products.n_idx ||
                  memcmp(a->products.idx, b->products.idx, a->products.n_idx * sizeof(int))))
            what = "products of export restrictions (their trade is recorded)";
    }
    if (!what)
        return TS_OK;
    return ts_error_set(err, TS_ERR_INPUT, sc->file, 0, 0, NULL,
                        "ts_sim_reset_with: the scenario differs from the simulation's in its %s; "
                        "create a new simulation for it", what);
}

ts_status ts__sim_state_create(const ts_mrio *m, const ts_scenario *sc, ts_sim **out, ts_error *err)
{
    *out = NULL;
    if (sc->horizon_days < 1)
        return ts_error_set(err, TS_ERR_INPUT, sc->file, 0, 0, "horizon_days",
                            "horizon must be at least 1 day (got %d)", sc->horizon_days);
    if (m->n > ((size_t)1 << 31))
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL,
                            "a table of %zu industries is too large to simulate", m->n);
    ts_sim *s = calloc(1, sizeof *s);
    if (!s)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    s->m = m;
    s->sc = sc;
    s->par = sc->params;
    size_t R = m->R, S = m->S, n = m->n, K = m->R * m->F, NE = sc->n_events;
    s->R = R;
    s->S = S;
    s->F = m->F;
    s->n = n;
    s->T = s->T_cap = (size_t)sc->horizon_days;
    s->nblk = (n + TS_SIM_BLOCK - 1) / TS_SIM_BLOCK;

    /* table and shape */
    ALLOC_TABLE(s->reg, n);
    ALLOC_TABLE(s->sec, n);
    ALLOC_TABLE(s->zp, n + 1);
    ALLOC_TABLE(s->x0, n);
    ALLOC_TABLE(s->Yr, n * R);
    ALLOC_TABLE(s->fixed, n);
    ALLOC_TABLE(s->AC, S * n);
    ALLOC_TABLE(s->trk, S);
    ALLOC_TABLE(s->trk_prod, S);
    ALLOC_TABLE(s->tkp, n + 1);
    ALLOC_TABLE(s->var_q, R + n);
    ALLOC_TABLE(s->var_cls, R + n);
    ALLOC_TABLE(s->var_ev, (R + n) * (NE ? NE : 1));
    ALLOC_TABLE(s->var_sig, NE);
    ALLOC(s->var, n);
    tracked_products(s, sc);
    for (size_t i = 0; i < n; i++) {
        s->reg[i] = (int)(i / S);
        s->sec[i] = (int)(i % S);
    }
    build_variants(s);

    /* state */
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
    ALLOC(s->tblk, s->nblk * R * R * (1 + s->ntrk));
    ALLOC(s->delta, n);
    ALLOC(s->ev_phase_start, NE);
    ALLOC(s->ev_phase_len, NE);
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
    ALLOC(s->ev_end, NE);
    ALLOC(s->ev_frac, NE);
    ALLOC(s->K, n);
    ALLOC(s->kloss, n);
    ALLOC(s->psi_p, S);
    ALLOC(s->inv_tau_p, S);
    ALLOC(s->amax_p, S);
    ALLOC(s->inv_catch_p, S);
    if (has_classes(sc))
        ALLOC(s->crit, S * n);

    for (size_t i = 0; i < n; i++)
        s->x0[i] = m->x[i] > 0 ? m->x[i] / 365.0 : 0.0;
    /* Z for the daily pass: the table's dense Z or its non-zeros by column */
    size_t nnz = 0;
    for (size_t k = 0; k < n * n; k++)
        nnz += m->Z[k] != 0.0;
    if (ts_sim_state_storage(s, ts_sim_choose_dense(n, nnz)))
        goto nomem;
#ifdef _OPENMP
    s->scr_threads = s->threads > 0 ? s->threads : omp_get_max_threads();
#else
    s->scr_threads = 1;
#endif
    s->scr_len = 3 * S * TS_SIM_BLOCK + TS_SIM_BLOCK + 3 * S;
    ALLOC_TABLE(s->scr, (size_t)s->scr_threads * s->scr_len);

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
    /* A_C = P A (docs/model.md §0) */
    ts_sim_add_by_product(s, s->AC);
    for (size_t j = 0; j < n; j++) {
        for (size_t p = 0; p < S; p++)
            s->AC[p * n + j] = m->x[j] > 0 ? s->AC[p * n + j] / m->x[j] : 0.0;
    }
    if (ts_policy_create(&s->pol, s) || ts_sim_transit_create(s) || ts_sim_cover_create(s))
        goto nomem;
    ts_status st = ts__sim_state_init(s, sc, err);
    if (st) {
        ts__sim_state_free(s);
        return st;
    }
    *out = s;
    return TS_OK;
nomem:
    ts__sim_state_free(s);
    return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL,
                        "out of memory for a simulation of %zu industries", n);
}

ts_status ts__sim_state_init(ts_sim *s, const ts_scenario *sc, ts_error *err)
{
    const ts_mrio *m = s->m;
    const size_t S = s->S, n = s->n, R = s->R;
    s->sc = sc;
    s->par = sc->params;
    s->T = (size_t)sc->horizon_days;
    for (size_t k = 0; k < s->n_arrays; k++)
        if (!s->arrays[k].table_only)
            memset(*s->arrays[k].ptr, 0, s->arrays[k].bytes);
    build_variants(s);
    s->ario = s->par.mode == TS_MODE_ARIO;
    s->quirks = s->ario ? ~s->par.ario_quirks_off : 0u;
    for (size_t i = 0; i < n; i++) {
        s->alpha[i] = 1.0;
        s->c_prev[i] = s->c_cur[i] = 1.0;
    }
    /* the initial orders want = P Z0 (so O = Z0), per day */
    ts_sim_add_by_product(s, s->want);
    for (size_t j = 0; j < n; j++) {
        for (size_t p = 0; p < S; p++) {
            double zc = s->want[p * n + j];
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
        if (!(ev->damage <= k))
            return ts_error_set(err, TS_ERR_INPUT, sc->file, ev->line, 0, NULL,
                                "capital_destruction: damage %g M USD exceeds the productive capital "
                                "of the industries hit (%g M USD = %g x their value added)",
                                ev->damage, k, s->par.capital_to_value_added);
        s->ev_frac[e] = ev->damage / k;
    }
    ts_sim_crit_init(s);
    ts_sim_transit_init(s);
    ts_sim_cover_init(s);
    ts_policy_init(&s->pol, s);
    return TS_OK;
}
