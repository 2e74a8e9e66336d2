/* Deliveries, inventories and next-day orders (model.md §3.4-3.6), fused into a
 * single pass over Z per day.
 *
 * Orders are never stored as an n x n matrix: the order of user j to supplier i is
 *   O_ij = want[p,j] * Z_ij c_i / den[p,j],  den[p,j] = sum_{i' in p} Z_i'j c_i'
 * (model.md §3.6, capacity-weighted supplier shares W), so one column of Z (held
 * transposed, contiguous) gives everything about user j: what it receives today,
 * its new stock, what it orders for tomorrow and the share of those orders each
 * supplier gets. Columns are processed in fixed blocks of TS_SIM_BLOCK; each block
 * sums its orders into its own row of dblk, and the blocks are added in block order,
 * so the result is the same at any thread count (design.md §6). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/internal.h"

/* One user column j: today's deliveries with the orders issued yesterday
 * (want, den, c_prev), stock update, tomorrow's orders (want, den with c_cur)
 * added to dsum. recv and dennew are scratch vectors of S. */
static void column(ts_sim *s, size_t j, double *dsum, double *tsum, double *g, double *recv,
                   double *dennew, int deliver)
{
    const size_t n = s->n, S = s->S, R = s->R;
    const double *z = s->ZT + j * n;
    const size_t q = (size_t)s->reg[j];
    const double *bt = s->block + q * n;
    const double *bn = s->block_next + q * n;
    const int *sec = s->sec;

    for (size_t p = 0; p < S; p++) {
        double d = s->den[p * n + j];
        g[p] = d > 0 ? s->want[p * n + j] / d : 0.0;
        recv[p] = 0;
        dennew[p] = 0;
    }
    if (deliver) {
        for (size_t i = 0; i < n; i++) {
            double zij = z[i];
            if (zij == 0.0)
                continue;
            size_t p = (size_t)sec[i];
            double dl = g[p] * zij * s->c_prev[i] * (1.0 - bt[i]) * s->ratio[i];
            recv[p] += dl;
            tsum[(size_t)s->reg[i] * R + q] += dl;
            dennew[p] += zij * s->c_cur[i];
        }
        /* §3.5 inventories and §3.6 orders of j for tomorrow */
        const double xj = s->x[j], xsj = s->xstar[j];
        const double inv_tau = 1.0 / s->par.restoration_days;
        for (size_t p = 0; p < S; p++) {
            size_t k = p * n + j;
            double use = s->AC[k] * xj;
            s->recv[k] = recv[p];
            double w = use;
            if (s->uses[k]) {
                s->omega[k] += recv[p] - use;
                double gap = s->s[p] * s->AC[k] * xsj - s->omega[k];
                if (gap > 0)
                    w += gap * inv_tau;
            }
            s->want[k] = w;
            s->den[k] = dennew[p];
            g[p] = dennew[p] > 0 ? w / dennew[p] : 0.0;
        }
    }
    for (size_t i = 0; i < n; i++) {
        double zij = z[i];
        if (zij == 0.0)
            continue;
        dsum[i] += g[sec[i]] * zij * s->c_cur[i] * (1.0 - bn[i]);
    }
}

static void pass(ts_sim *s, int deliver)
{
    const size_t n = s->n, S = s->S, RR = s->R * s->R, nblk = s->nblk;
    memset(s->dblk, 0, nblk * n * sizeof *s->dblk);
    memset(s->tblk, 0, nblk * RR * sizeof *s->tblk);
#ifdef _OPENMP
#pragma omp parallel
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
                column(s, j, s->dblk + b * n, s->tblk + b * RR, buf, buf + S, buf + 2 * S, deliver);
        }
        free(heap);
    }
    /* add the blocks in block order: deterministic */
    memset(s->dord, 0, n * sizeof *s->dord);
    for (size_t b = 0; b < nblk; b++) {
        const double *d = s->dblk + b * n;
        for (size_t i = 0; i < n; i++)
            s->dord[i] += d[i];
    }
    if (deliver)
        for (size_t b = 0; b < nblk; b++)
            for (size_t k = 0; k < RR; k++)
                s->trade[k] += s->tblk[b * RR + k];
}

void ts_sim_exchange(ts_sim *s)
{
    pass(s, 1);
}

void ts_sim_initial_orders(ts_sim *s)
{
    pass(s, 0);
}
