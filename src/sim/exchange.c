/* Deliveries, inventories and next-day orders (docs/model.md §2 "Distribution", "Inventories", "Orders"), fused into a
 * single pass over Z per day.
 *
 * Orders are never stored as an n x n matrix: the order of user j to supplier i is
 *   O_ij = want[p,j] * Z_ij c_i / den[p,j],  den[p,j] = sum_{i' in p} Z_i'j c_i'
 * (docs/model.md §2 "Orders", capacity-weighted supplier shares W), so one column of Z (held
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

/* §2 "Inventories" inventories and §2 "Orders" orders of user j for tomorrow, from what j received today
 * (recv[p * st]) and the new supplier-weight sums (dennew[p * st]); g[p * st] becomes
 * want / den, the factor of tomorrow's orders. st is 1 in the sparse pass (one column)
 * and the block width in the dense pass (a block of columns side by side). */
static void stock_orders(ts_sim *s, size_t j, const double *recv, const double *dennew,
                         double *g, size_t st, double *tmp)
{
    const size_t n = s->n, S = s->S;
    const double xj = s->x[j], xsj = s->xstar[j];
    for (size_t p = 0; p < S; p++) {
        size_t k = p * n + j;
        double rv = recv[p * st], dn = dennew[p * st];
        double use = s->AC[k] * xj;
        double w = use;
        s->recv[k] = rv;
        if (s->flow[k]) {
            /* no stock: tomorrow's output is limited by today's fill rate */
            double asked = s->want[k];
            /* shortfalls below 1e-9 are rounding, not shortage */
            s->fill[k] = asked > 0 && rv < asked * (1.0 - 1e-9) ? rv / asked : 1.0;
        }
        if (s->uses[k]) {
            /* an input that does not bind (criticality.c) is used only as far as it
             * is there: production goes on without the rest */
            double used = use;
            if (s->crit && s->crit[k] != TS_CRIT_CRITICAL) {
                double have = (s->omega[k] > 0 ? s->omega[k] : 0.0) + rv;
                used = use < have ? use : have;
            }
            s->omega[k] += rv - used;
            double gap = s->s[k] * s->AC[k] * xsj - s->omega[k];
            /* catch-up (criticality.c): faster once the input has constrained j */
            if (gap > 0)
                w += gap * (s->so_first[k] >= 0 ? s->inv_catch_p[p] : s->inv_tau_p[p]);
        }
        s->want[k] = w;
        s->den[k] = dn;
        g[p * st] = dn > 0 ? w / dn : 0.0;
    }
    /* the cover classes of j's spread inputs (cover.c), on contiguous copies in the
     * dense pass (tmp: 3 S doubles) */
    if (s->cv_pair && s->cv_jp[j] < s->cv_jp[j + 1]) {
        if (st == 1) {
            ts_sim_cover_column(s, j, recv, g, dennew);
            return;
        }
        const size_t S3 = s->S;
        for (size_t p = 0; p < S3; p++) {
            tmp[p] = recv[p * st];
            tmp[S3 + p] = g[p * st];
            tmp[2 * S3 + p] = dennew[p * st];
        }
        ts_sim_cover_column(s, j, tmp, tmp + S3, tmp + 2 * S3);
        for (size_t p = 0; p < S3; p++)
            g[p * st] = tmp[S3 + p];
    }
}

/* One user column j of the sparse storage. g, recv, dennew are scratch vectors of S. */
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
        stock_orders(s, j, recv, dennew, g, 1, NULL);
    }
    for (size_t k = k0; k < k1; k++) {
        size_t i = (size_t)zi[k];
        dsum[i] += g[sec[i]] * zv[k] * fo[i];
    }
}

/* Columns j0 .. j1-1 (one block) of the dense storage: the table's own row-major Z, read
 * row by row, each row's B = j1 - j0 entries side by side, so the inner loops run over
 * columns and vectorise, and no copy of Z is made. Every sum is the sparse pass's, in
 * the same order (rows increasing within a column, columns increasing within a block),
 * plus the terms of zero cells, which are +0 and change no sum: results are
 * byte-identical to column(). Runs of columns with the same buyer variant ("segments")
 * share the supplier factors. buf: 3 S B + B + 3 S doubles. */
#define TS_SIM_PREFETCH_ROWS 8
#ifndef TS_SIM_DENSE_SLICE
#define TS_SIM_DENSE_SLICE 32
#endif

/* The kernels are compiled for wider vectors too and the widest the CPU has is picked at
 * load time (GCC target_clones: AVX-512, AVX2, baseline). Only element-wise operations
 * are vectorised and every sum keeps its order (no -ffast-math, and the project builds
 * in ISO C mode, where GCC does not contract a * b + c into fused multiply-adds), so
 * each clone gives the same bits. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(TS_NO_CLONES)
#define TS_KERNEL __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define TS_KERNEL
#endif

TS_KERNEL static void dense_block(ts_sim *s, size_t j0, size_t j1, double *restrict dsum,
                        double *restrict tsum, double *restrict buf, int deliver)
{
    const size_t n = s->n, S = s->S, R = s->R, RR = R * R, B = j1 - j0;
    const double *restrict Z = s->m->Z;
    const int *restrict sec = s->sec, *restrict reg = s->reg, *restrict trk = s->trk;
    double *restrict G = buf, *restrict recv = buf + S * B, *restrict dnew = buf + 2 * S * B,
           *restrict sent = buf + 3 * S * B;
    size_t seg[TS_SIM_BLOCK + 1], nseg = 0;
    for (size_t jj = 0; jj < B; jj++)
        if (!jj || s->var[j0 + jj] != s->var[j0 + jj - 1])
            seg[nseg++] = jj;
    seg[nseg] = B;
    for (size_t p = 0; p < S; p++)
        for (size_t jj = 0; jj < B; jj++) {
            size_t k = p * n + j0 + jj;
            double d = s->den[k];
            G[p * B + jj] = d > 0 ? s->want[k] / d : 0.0;
            recv[p * B + jj] = 0;
            dnew[p * B + jj] = 0;
        }
    if (deliver) {
        for (size_t jj = 0; jj < B; jj++)
            sent[jj] = 0;
        for (size_t i = 0; i < n; i++) {
            const size_t p = (size_t)sec[i], r = (size_t)reg[i];
            const double *restrict z = Z + i * n + j0;
            if (i + TS_SIM_PREFETCH_ROWS < n) /* a row's block is in another page */
                for (size_t c = 0; c < B; c += 8)
                    __builtin_prefetch(z + TS_SIM_PREFETCH_ROWS * n + c);
            const double *restrict gp = G + p * B;
            double *restrict rp = recv + p * B, *restrict dp = dnew + p * B;
            for (size_t u = 0; u < nseg; u++) {
                const size_t a = seg[u], e = seg[u + 1], v = (size_t)s->var[j0 + a];
                const double fd = s->fdel[v * n + i];
                const double wd = s->wden[(size_t)reg[j0 + a] * n + i];
                for (size_t jj = a; jj < e; jj++) {
                    double dl = gp[jj] * z[jj] * fd;
                    rp[jj] += dl;
                    sent[jj] += dl;
                    dp[jj] += z[jj] * wd;
                }
                if (trk[p] >= 0) {
                    double *tk = tsum + RR * (size_t)(1 + trk[p]) + r * R;
                    for (size_t jj = a; jj < e; jj++)
                        tk[reg[j0 + jj]] += gp[jj] * z[jj] * fd;
                }
            }
            if (p == S - 1) /* the last row of region r: its deliveries are complete */
                for (size_t jj = 0; jj < B; jj++) {
                    tsum[r * R + (size_t)reg[j0 + jj]] += sent[jj];
                    sent[jj] = 0;
                }
        }
        for (size_t jj = 0; jj < B; jj++)
            stock_orders(s, j0 + jj, recv + jj, dnew + jj, G + jj, B, sent + TS_SIM_BLOCK);
    }
    /* tomorrow's orders, four rows at a time (four independent sums in flight) */
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        const double *restrict z0 = Z + i * n + j0, *restrict z1 = z0 + n, *restrict z2 = z1 + n,
                               *restrict z3 = z2 + n;
        if (i + TS_SIM_PREFETCH_ROWS + 4 <= n)
            for (size_t r4 = 0; r4 < 4; r4++)
                for (size_t c = 0; c < B; c += 8)
                    __builtin_prefetch(z0 + (TS_SIM_PREFETCH_ROWS + r4) * n + c);
        const double *restrict g0 = G + (size_t)sec[i] * B, *restrict g1 = G + (size_t)sec[i + 1] * B,
                               *restrict g2 = G + (size_t)sec[i + 2] * B,
                               *restrict g3 = G + (size_t)sec[i + 3] * B;
        for (size_t u = 0; u < nseg; u++) {
            const size_t a = seg[u], e = seg[u + 1], v = (size_t)s->var[j0 + a];
            const double *fo = s->ford + v * n + i;
            double *d = dsum + (size_t)s->var_cls[v] * n + i;
            double a0 = d[0], a1 = d[1], a2 = d[2], a3 = d[3];
            for (size_t jj = a; jj < e; jj++) {
                a0 += g0[jj] * z0[jj] * fo[0];
                a1 += g1[jj] * z1[jj] * fo[1];
                a2 += g2[jj] * z2[jj] * fo[2];
                a3 += g3[jj] * z3[jj] * fo[3];
            }
            d[0] = a0;
            d[1] = a1;
            d[2] = a2;
            d[3] = a3;
        }
    }
    for (; i < n; i++) {
        const double *restrict z = Z + i * n + j0, *restrict gp = G + (size_t)sec[i] * B;
        for (size_t u = 0; u < nseg; u++) {
            const size_t a = seg[u], e = seg[u + 1], v = (size_t)s->var[j0 + a];
            const double fo = s->ford[v * n + i];
            double *d = dsum + (size_t)s->var_cls[v] * n + i, acc = *d;
            for (size_t jj = a; jj < e; jj++)
                acc += gp[jj] * z[jj] * fo;
            *d = acc;
        }
    }
}

/* Scratch for more threads than at creation (once: the pass allocates nothing else) */
static int grow_scratch(ts_sim *s, int threads)
{
    double *p = realloc(s->scr, (size_t)threads * s->scr_len * sizeof *p);
    if (!p)
        return -1;
    s->scr = p;
    s->scr_threads = threads;
    return 0;
}

/* Per-thread scratch, allocated once (no allocation per day): thread t's part. */
static double *scratch(ts_sim *s, int t)
{
    return s->scr + (size_t)t * s->scr_len;
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
    int nthreads = s->threads > 0 ? s->threads : omp_get_max_threads();
    if (nthreads > s->scr_threads && grow_scratch(s, nthreads))
        nthreads = s->scr_threads; /* out of memory: fewer threads, the same results */
#pragma omp parallel if (n >= TS_SIM_PARALLEL_MIN) num_threads(nthreads)
#endif
    {
        int t = 0;
#ifdef _OPENMP
        t = omp_get_thread_num();
#endif
        double *buf = scratch(s, t);
#ifdef _OPENMP
#pragma omp for schedule(static)
#endif
        for (size_t b = 0; b < nblk; b++) {
            size_t j0 = b * TS_SIM_BLOCK, j1 = j0 + TS_SIM_BLOCK < n ? j0 + TS_SIM_BLOCK : n;
            if (s->dense) /* in slices whose rows stay in cache between the two sweeps; the
                             sums run in the same order as over the whole block */
                for (size_t a = j0; a < j1; a += TS_SIM_DENSE_SLICE)
                    dense_block(s, a, a + TS_SIM_DENSE_SLICE < j1 ? a + TS_SIM_DENSE_SLICE : j1,
                                s->dblk + b * C * n, s->tblk + b * RR, buf, deliver);
            else
                for (size_t j = j0; j < j1; j++)
                    column(s, j, s->dblk + b * C * n, s->tblk + b * RR, buf, buf + S, buf + 2 * S,
                           deliver);
        }
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
