/* Deliveries, inventories and next-day orders (model.md §3.4-3.6), fused into a
 * single pass over Z per day.
 *
 * Orders are never stored as an n x n matrix: the order of user j to supplier i is
 *   O_ij = want[p,j] * Z_ij c_i / den[p,j],  den[p,j] = sum_{i' in p} Z_i'j c_i'
 * (model.md §3.6, capacity-weighted supplier shares W), so one column of Z (held
 * transposed, contiguous) gives everything about user j: what it receives today,
 * its new stock, what it orders for tomorrow and the share of those orders each
 * supplier gets. Inside a column, suppliers are visited region by region and, within a
 * region, product by product (i = r*S + p), so the product index is the inner loop
 * index and the loops vectorise.
 *
 * Columns are processed in fixed blocks of TS_SIM_BLOCK; each block sums its orders
 * into its own row of dblk, and the blocks are added in block order, so the result is
 * the same at any thread count (design.md §6). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "sim/internal.h"

/* Per-day factors by destination region q (R x n each); pi_iq are the trade-policy
 * order weights (policy.c; exactly 1 without tariffs or substitution):
 *   fdel[q*n+i] = c_prev_i pi_prev_iq ratio_i (1 - block_today[q,i])  (today's deliveries)
 *   wden[q*n+i] = c_cur_i pi_iq                   (supplier weights of tomorrow's orders)
 *   ford[q*n+i] = wden[q*n+i] (1 - block_tomorrow[q,i])  (tomorrow's deliverable orders) */
static void factors(ts_sim *s, int deliver)
{
    const size_t n = s->n, R = s->R;
    const ts_policy *pol = &s->pol;
    for (size_t q = 0; q < R; q++) {
        double *wd = s->wden + q * n;
        for (size_t i = 0; i < n; i++)
            wd[i] = pol->active ? s->c_cur[i] * pol->pi[i * R + q] : s->c_cur[i];
    }
    /* one row per buyer variant (region, priority class, end-user restrictions) */
    for (size_t v = 0; v < s->nvar; v++) {
        size_t q = (size_t)s->var_q[v];
        double *fd = s->fdel + v * n, *fo = s->ford + v * n;
        const double *wd = s->wden + q * n;
        const double *bt = s->block + v * n, *bn = s->block_next + v * n;
        const double *ratio = s->ratio + (size_t)s->var_cls[v] * n;
        for (size_t i = 0; i < n; i++) {
            double cp = s->c_prev[i];
            if (pol->active)
                cp *= pol->pi_prev[i * R + q];
            fd[i] = deliver ? cp * ratio[i] * (1.0 - bt[i]) : 0.0;
            fo[i] = wd[i] * (1.0 - bn[i]);
        }
    }
}

/* One user column j. g, recv, dennew are scratch vectors of S. */
static void column(ts_sim *s, size_t j, double *restrict dsum, double *restrict tsum,
                   double *restrict g, double *restrict recv, double *restrict dennew, int deliver)
{
    const size_t n = s->n, S = s->S, R = s->R;
    const size_t k0 = s->zp[j], k1 = s->zp[j + 1];
    const int *restrict zi = s->zi;
    const double *restrict zv = s->zv;
    const int *restrict sec = s->sec, *restrict reg = s->reg, *restrict trk = s->trk;
    const size_t RR = R * R;
    const size_t q = (size_t)s->reg[j], v = (size_t)s->var[j];
    const double *restrict fd = s->fdel + v * n;
    const double *restrict fo = s->ford + v * n;
    dsum += (size_t)s->var_cls[v] * n;
    const double *restrict wd = s->wden + q * n;

    for (size_t p = 0; p < S; p++) {
        double d = s->den[p * n + j];
        g[p] = d > 0 ? s->want[p * n + j] / d : 0.0;
        recv[p] = 0;
        dennew[p] = 0;
    }
    if (deliver) {
        /* rows come in increasing order, so a region's deliveries are consecutive: sum
         * them in a register and store once per region (no store-to-load chain) */
        size_t rcur = k0 < k1 ? (size_t)reg[zi[k0]] : 0;
        double sent = 0;
        for (size_t k = k0; k < k1; k++) {
            size_t i = (size_t)zi[k], p = (size_t)sec[i], r = (size_t)reg[i];
            double dl = g[p] * zv[k] * fd[i];
            if (r != rcur) {
                tsum[rcur * R + q] += sent;
                sent = 0;
                rcur = r;
            }
            recv[p] += dl;
            sent += dl;
            dennew[p] += zv[k] * wd[i];
        }
        if (k0 < k1)
            tsum[rcur * R + q] += sent;
        /* the tracked products again, by product (few entries per column) */
        for (size_t t = s->tkp[j]; t < s->tkp[j + 1]; t++) {
            size_t k = s->tkk[t], i = (size_t)zi[k], p = (size_t)sec[i];
            tsum[RR * (size_t)(1 + trk[p]) + (size_t)reg[i] * R + q] += g[p] * zv[k] * fd[i];
        }
        /* goods at sea (transit.c): today's shipments on long lanes leave, earlier ones
         * arrive */
        if (s->tr_w && s->tr_ep[j] < s->tr_ep[j + 1])
            ts_sim_transit_column(s, j, g, fd, recv);
        /* §3.5 inventories and §3.6 orders of j for tomorrow */
        const double xj = s->x[j], xsj = s->xstar[j];
        for (size_t p = 0; p < S; p++) {
            size_t k = p * n + j;
            double use = s->AC[k] * xj;
            double w = use;
            s->recv[k] = recv[p];
            if (s->flow[k]) {
                /* no stock: tomorrow's output is limited by today's fill rate */
                double asked = s->want[k];
                /* shortfalls below 1e-9 are rounding, not shortage */
                s->fill[k] = asked > 0 && recv[p] < asked * (1.0 - 1e-9) ? recv[p] / asked : 1.0;
            }
            if (s->uses[k]) {
                /* an input that does not bind (criticality.c) is used only as far as it
                 * is there: production goes on without the rest */
                double used = use;
                if (s->crit && s->crit[k] != TS_CRIT_CRITICAL) {
                    double have = (s->omega[k] > 0 ? s->omega[k] : 0.0) + recv[p];
                    used = use < have ? use : have;
                }
                s->omega[k] += recv[p] - used;
                double gap = s->s[k] * s->AC[k] * xsj - s->omega[k];
                /* catch-up (criticality.c): faster once the input has constrained j */
                if (gap > 0)
                    w += gap * (s->so_first[k] >= 0 ? s->inv_catch_p[p] : s->inv_tau_p[p]);
            }
            s->want[k] = w;
            s->den[k] = dennew[p];
            g[p] = dennew[p] > 0 ? w / dennew[p] : 0.0;
        }
        /* the cover classes of j's spread inputs (cover.c) */
        if (s->cv_pair && s->cv_jp[j] < s->cv_jp[j + 1])
            ts_sim_cover_column(s, j, recv, g, dennew);
    }
    for (size_t k = k0; k < k1; k++) {
        size_t i = (size_t)zi[k];
        dsum[i] += g[sec[i]] * zv[k] * fo[i];
    }
}

static void pass(ts_sim *s, int deliver)
{
    const size_t n = s->n, S = s->S, RR = s->R * s->R * (1 + s->ntrk), nblk = s->nblk,
                 C = s->ncls;
    factors(s, deliver);
    memset(s->dblk, 0, nblk * C * n * sizeof *s->dblk);
    memset(s->tblk, 0, nblk * RR * sizeof *s->tblk);
#ifdef _OPENMP
    /* the caller's thread count for this region only (never omp_set_num_threads) */
    const int nthreads = s->threads > 0 ? s->threads : omp_get_max_threads();
#pragma omp parallel if (n >= TS_SIM_PARALLEL_MIN) num_threads(nthreads)
#endif
    {
        /* per-thread scratch: g, recv, dennew */
        double scratch[3 * 512];
        double *buf = scratch, *heap = NULL;
        if (3 * S > sizeof scratch / sizeof scratch[0]) {
            heap = malloc(3 * S * sizeof *heap);
            buf = heap;
        }
#ifdef _OPENMP
#pragma omp for schedule(static)
#endif
        for (size_t b = 0; b < nblk; b++) {
            size_t j0 = b * TS_SIM_BLOCK, j1 = j0 + TS_SIM_BLOCK < n ? j0 + TS_SIM_BLOCK : n;
            for (size_t j = j0; j < j1; j++)
                column(s, j, s->dblk + b * C * n, s->tblk + b * RR, buf, buf + S, buf + 2 * S, deliver);
        }
        free(heap);
    }
    /* add the blocks in block order: deterministic */
    memset(s->dord, 0, C * n * sizeof *s->dord);
    for (size_t b = 0; b < nblk; b++) {
        const double *d = s->dblk + b * C * n;
        for (size_t i = 0; i < C * n; i++)
            s->dord[i] += d[i];
    }
    if (deliver)
        for (size_t b = 0; b < nblk; b++)
            for (size_t k = 0; k < RR; k++)
                s->trade[k] += s->tblk[b * RR + k];
    if (deliver)
        ts_sim_transit_total(s);
}

void ts_sim_exchange(ts_sim *s)
{
    pass(s, 1);
}

void ts_sim_initial_orders(ts_sim *s)
{
    pass(s, 0);
}
