/* Goods at sea (docs/model.md, "Goods in transit"): a delay line per (input product p,
 * buyer j) for the deliveries that cross a sea lane with a transit time L > 0.
 * What a supplier ships on day t (its sale, its trade) reaches the buyer's stock on day
 * t + L; a restriction stops departures, what is already at sea still arrives. At the
 * start the line holds L days of baseline shipments, so the steady state is unchanged.
 * Cost per day: the Z entries on such lanes (usually a few products), nothing else. */
#include <stdlib.h>
#include <string.h>

#include "sim/internal.h"

/* Allocate into the simulation's registry (state.c): lanes table-only, lines state. */
#define TR_ALLOC(field, count, tab)                                                   \
    do {                                                                              \
        if (!ts__sim_alloc(s, (void **)&(field), (count), sizeof *(field), (tab)))     \
            return -1;                                                                \
    } while (0)

int ts_sim_transit_create(ts_sim *s)
{
    const ts_params *par = &s->par;
    const size_t n = s->n, R = s->R, S = s->S;
    if (!par->transit_days || par->transit_max <= 0)
        return 0;
    s->tr_w = (size_t)par->transit_max + 1;
    TR_ALLOC(s->tr_ep, n + 1, 1);
    TR_ALLOC(s->tr_pair, S * n, 1);
    for (size_t k = 0; k < S * n; k++)
        s->tr_pair[k] = -1;
    /* entries of Z on a lane with transit, per column, and the pairs they feed */
    size_t ne = 0, np = 0;
    for (size_t j = 0; j < n; j++) {
        size_t q = (size_t)s->reg[j];
        for (size_t k = s->zp[j]; k < s->zp[j + 1]; k++) {
            size_t i = (size_t)s->zi[k], p = (size_t)s->sec[i], r = (size_t)s->reg[i];
            if (par->transit_days[(p * R + r) * R + q] > 0) {
                ne++;
                if (s->tr_pair[p * n + j] < 0)
                    s->tr_pair[p * n + j] = (int)np++;
            }
        }
    }
    s->tr_npair = np;
    TR_ALLOC(s->tr_ek, ne, 1);
    TR_ALLOC(s->tr_el, ne, 1);
    TR_ALLOC(s->tr_pp, np, 1);
    TR_ALLOC(s->tr_ring, np * s->tr_w, 0);
    TR_ALLOC(s->tr_sea, S, 0);
    TR_ALLOC(s->tr_amt, np, 0);
    ne = 0;
    for (size_t j = 0; j < n; j++) {
        size_t q = (size_t)s->reg[j];
        s->tr_ep[j] = ne;
        for (size_t k = s->zp[j]; k < s->zp[j + 1]; k++) {
            size_t i = (size_t)s->zi[k], p = (size_t)s->sec[i], r = (size_t)s->reg[i];
            int L = par->transit_days[(p * R + r) * R + q];
            if (L <= 0)
                continue;
            s->tr_ek[ne] = k;
            s->tr_el[ne++] = L;
            s->tr_pp[s->tr_pair[p * n + j]] = p * n + j;
        }
    }
    s->tr_ep[n] = ne;
    return 0;
}

void ts_sim_transit_init(ts_sim *s)
{
    if (!s->tr_w)
        return;
    const size_t n = s->n;
    for (size_t j = 0; j < n; j++)
        for (size_t e = s->tr_ep[j]; e < s->tr_ep[j + 1]; e++) {
            size_t k = s->tr_ek[e], p = (size_t)s->sec[s->zi[k]];
            int L = s->tr_el[e], pr = s->tr_pair[p * n + j];
            /* already at sea on day 0: L days of baseline shipments Z_ij / 365 */
            for (int d = 0; d < L; d++)
                s->tr_ring[(size_t)pr * s->tr_w + (size_t)d] += s->zv[k] / 365.0;
            s->tr_amt[pr] += L * (s->zv[k] / 365.0);
        }
    ts_sim_transit_total(s);
}

/* Column j of the daily pass (exchange.c), after recv[] holds everything shipped to j
 * today by product: the shipments on lanes with transit go to sea (arriving on day
 * t + L), and what arrives today is added instead. dl(k) = g[p] Z_k fd[i], the same
 * delivery the pass computed. */
void ts_sim_transit_column(ts_sim *s, size_t j, const double *g, const double *fd, double *recv)
{
    const size_t n = s->n, W = s->tr_w, now = (size_t)s->today % W;
    for (size_t e = s->tr_ep[j]; e < s->tr_ep[j + 1]; e++) {
        size_t k = s->tr_ek[e], i = (size_t)s->zi[k], p = (size_t)s->sec[i];
        double dl = g[p] * s->zv[k] * fd[i];
        size_t pr = (size_t)s->tr_pair[p * n + j];
        recv[p] -= dl;
        s->tr_ring[pr * W + ((size_t)s->today + (size_t)s->tr_el[e]) % W] += dl;
        s->tr_amt[pr] += dl;
    }
    for (size_t e = s->tr_ep[j]; e < s->tr_ep[j + 1]; e++) {
        size_t k = s->tr_ek[e], p = (size_t)s->sec[s->zi[k]];
        size_t pr = (size_t)s->tr_pair[p * n + j];
        double *slot = &s->tr_ring[pr * W + now];
        /* several origins feed one pair: the first visit takes the day's arrivals */
        recv[p] += *slot;
        s->tr_amt[pr] -= *slot;
        *slot = 0.0;
    }
}

/* Goods at sea by product (M USD) after the day's pass, tr_sea[p]: the pairs' amounts
 * added in pair order (deterministic at any thread count). */
void ts_sim_transit_total(ts_sim *s)
{
    if (!s->tr_w)
        return;
    memset(s->tr_sea, 0, s->S * sizeof *s->tr_sea);
    for (size_t pr = 0; pr < s->tr_npair; pr++)
        s->tr_sea[s->tr_pp[pr] / s->n] += s->tr_amt[pr];
}
