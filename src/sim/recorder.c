/* What is kept of each day (docs/model.md §2 "Recording") and the per-run statistics. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/internal.h"

/* calloc/malloc of at least one element */
#define NZ(k) ((k) > 0 ? (k) : 1)

void ts_result_free(ts_result *r)
{
    if (!r)
        return;
    free(r->x0);
    free(r->production);
    free(r->capacity);
    free(r->demand);
    free(r->unmet_fd);
    free(r->unmet_fd_region);
    free(r->trade);
    free(r->limited);
    free(r->cover_pairs);
    free(r->cover);
    free(r->stockouts);
    free(r->collapse_day);
    free(r->answers);
    free(r->trade_products);
    free(r->trade_by_product);
    free(r->in_transit);
    free(r->in_transit0);
    free(r->spread_pairs);
    free(r->spread_first);
    free(r->share_stopped);
    free(r);
}

ts_status ts_sim_recorder_create(const ts_sim *s, size_t T, size_t npairs, ts_result **out,
                                 ts_error *err)
{
    size_t n = s->n, R = s->R;
    ts_result *r = calloc(1, sizeof *r);
    if (!r)
        goto nomem;
    r->T = T;
    r->R = R;
    r->S = s->S;
    r->F = s->F;
    r->n = n;
    r->x0 = malloc(n * sizeof *r->x0);
    r->production = malloc(NZ(T * n) * sizeof *r->production);
    r->capacity = malloc(NZ(T * n) * sizeof *r->capacity);
    r->demand = malloc(NZ(T * n) * sizeof *r->demand);
    r->unmet_fd = malloc(NZ(T * n) * sizeof *r->unmet_fd);
    r->unmet_fd_region = malloc(NZ(T * R) * sizeof *r->unmet_fd_region);
    r->trade = malloc(NZ(T * R * R) * sizeof *r->trade);
    r->limited = malloc(NZ(T * n) * sizeof *r->limited);
    r->n_trade_products = s->ntrk;
    r->trade_products = malloc((s->ntrk ? s->ntrk : 1) * sizeof *r->trade_products);
    r->trade_by_product = calloc(NZ(T * s->ntrk * R * R), sizeof *r->trade_by_product);
    if (r->trade_products && s->ntrk)
        memcpy(r->trade_products, s->trk_prod, s->ntrk * sizeof *r->trade_products);
    r->collapse_day = malloc(n * sizeof *r->collapse_day);
    if (s->cv_cap) { /* cover classes (cover.c): room for any parameters of the shape */
        r->spread_pairs = malloc(s->cv_cap * sizeof *r->spread_pairs);
        r->spread_first = malloc(s->cv_cap * sizeof *r->spread_first);
        r->share_stopped = calloc(NZ(T * s->cv_cap), sizeof *r->share_stopped);
        if (!r->spread_pairs || !r->spread_first || !r->share_stopped) {
            ts_result_free(r);
            return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        }
    }
    if (s->tr_w) {
        r->in_transit = calloc(NZ(T * s->S), sizeof *r->in_transit);
        r->in_transit0 = calloc(s->S, sizeof *r->in_transit0);
        if (!r->in_transit || !r->in_transit0) {
            ts_result_free(r);
            return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        }
    }
    r->n_cover = npairs;
    r->cover_pairs = malloc((npairs ? npairs : 1) * sizeof *r->cover_pairs);
    r->cover = malloc(NZ(T * npairs) * sizeof *r->cover);
    if (!r->x0 || !r->production || !r->capacity || !r->demand || !r->unmet_fd ||
        !r->unmet_fd_region || !r->trade || !r->limited || !r->collapse_day ||
        !r->cover_pairs || !r->cover || !r->trade_products || !r->trade_by_product)
        goto nomem;
    memcpy(r->x0, s->x0, n * sizeof *r->x0);
    ts_sim_recorder_reset(s, r);
    *out = r;
    return TS_OK;
nomem:
    ts_result_free(r);
    return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL,
                        "out of memory for the results of %zu days x %zu industries", T, n);
}

void ts_sim_recorder_reset(const ts_sim *s, ts_result *r)
{
    for (size_t i = 0; i < s->n; i++)
        r->collapse_day[i] = -1;
    r->economy_collapse_day = -1;
    r->all_limited_day = -1;
    if (r->spread_pairs) { /* the pairs with cover classes of these parameters */
        r->n_spread = s->cv_np;
        for (size_t pr = 0; pr < s->cv_np; pr++)
            r->spread_pairs[pr] = (ts_pair){(int)(s->cv_pp[pr] / s->n), (int)(s->cv_pp[pr] % s->n)};
    }
    if (r->in_transit0) /* at sea at the start of day 0 (transit.c) */
        memcpy(r->in_transit0, s->tr_sea, s->S * sizeof *s->tr_sea);
}

/* Store day t. Returns the index of an industry whose values are not finite, or -1. */
long ts_sim_recorder_day(const ts_sim *s, ts_result *r, int t)
{
    size_t n = s->n, R = s->R, off = (size_t)t * n;
    double thr = s->par.collapse_threshold;
    double tot = 0, tot0 = 0;
    size_t producing = 0, limited = 0;
    long bad = -1;
    memcpy(r->production + off, s->x, n * sizeof *s->x);
    memcpy(r->capacity + off, s->xbar, n * sizeof *s->xbar);
    memcpy(r->demand + off, s->D, n * sizeof *s->D);
    memcpy(r->unmet_fd + off, s->unmet, n * sizeof *s->unmet);
    memcpy(r->unmet_fd_region + (size_t)t * R, s->unmet_r, R * sizeof *s->unmet_r);
    memcpy(r->limited + off, s->limited, n * sizeof *s->limited);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(s->x[i]) || !isfinite(s->D[i]) || !isfinite(s->unmet[i]))
            bad = (long)i;
        tot += s->x[i];
        tot0 += s->x0[i];
        if (s->x0[i] > 0) {
            producing++;
            limited += (size_t)s->limited[i];
            if (r->collapse_day[i] < 0 && s->x[i] < thr * s->x0[i])
                r->collapse_day[i] = t;
        }
    }
    if (r->economy_collapse_day < 0 && tot < thr * tot0)
        r->economy_collapse_day = t;
    if (r->all_limited_day < 0 && producing > 0 && limited == producing)
        r->all_limited_day = t;
    for (size_t k = 0; k < r->n_cover; k++) {
        size_t p = (size_t)r->cover_pairs[k].product, j = (size_t)r->cover_pairs[k].industry;
        double use0 = s->AC[p * n + j] * s->x0[j];
        r->cover[(size_t)t * r->n_cover + k] =
            s->uses[p * n + j] && use0 > 0 ? s->omega[p * n + j] / use0 : NAN;
    }
    return bad;
}

static int cmp_stockout(const void *a, const void *b)
{
    const ts_stockout *x = a, *y = b;
    if (x->first_day != y->first_day)
        return x->first_day < y->first_day ? -1 : 1;
    if (x->industry != y->industry)
        return x->industry < y->industry ? -1 : 1;
    return (x->product > y->product) - (x->product < y->product);
}

/* The stock-out statistics of every pair that constrained production, sorted. */
static ts_status stockouts(const ts_sim *s, ts_result *r, ts_error *err)
{
    size_t N = s->S * s->n, k = 0;
    for (size_t q = 0; q < N; q++)
        k += s->so_first[q] >= 0;
    r->stockouts = calloc(k ? k : 1, sizeof *r->stockouts);
    if (!r->stockouts)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    r->n_stockouts = k;
    k = 0;
    for (size_t q = 0; q < N; q++) {
        if (s->so_first[q] < 0)
            continue;
        ts_stockout *o = &r->stockouts[k++];
        o->product = (int)(q / s->n);
        o->industry = (int)(q % s->n);
        o->first_day = s->so_first[q];
        o->last_day = s->so_last[q];
        o->days = s->so_days[q];
        o->min_cover_days = s->so_min[q];
        o->max_share_stopped = s->cv_pair && s->cv_pair[q] >= 0 ? s->cv_stopmax[s->cv_pair[q]] : 1.0;
    }
    if (r->spread_first)
        memcpy(r->spread_first, s->cv_first, s->cv_np * sizeof *s->cv_first);
    qsort(r->stockouts, r->n_stockouts, sizeof *r->stockouts, cmp_stockout);
    return TS_OK;
}

/* keep[p*n+j] = 1 for the pairs whose cover series are kept by default: every buyer of
 * a product of an export restriction of sc, and every pair of stockouts. */
static void default_keep(unsigned char *keep, size_t n, const ts_scenario *sc,
                         const ts_stockout *so, size_t nso)
{
    for (size_t e = 0; e < sc->n_events; e++) {
        const ts_event *ev = &sc->events[e];
        if (ev->type == TS_EVENT_EXPORT_RESTRICTION)
            for (size_t b = 0; b < ev->products.n_idx; b++)
                memset(keep + (size_t)ev->products.idx[b] * n, 1, n);
    }
    for (size_t k = 0; k < nso; k++)
        keep[(size_t)so[k].product * n + (size_t)so[k].industry] = 1;
}

ts_status ts_sim_recorder_result(const ts_sim *s, const ts_result *rec, size_t days,
                                 int keep_default, ts_result **out, ts_error *err)
{
    const size_t n = s->n, R = s->R, RR = R * R, N = rec->n_cover;
    *out = NULL;
    size_t *idx = malloc((N ? N : 1) * sizeof *idx), w = 0;
    unsigned char *keep = keep_default ? calloc(NZ(s->S * n), 1) : NULL;
    ts_result *r = NULL;
    ts_status st = TS_OK;
    if (!idx || (keep_default && !keep)) {
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    ts_result tmp = {0};
    if (keep_default) {
        if ((st = stockouts(s, &tmp, err)))
            goto done;
        default_keep(keep, n, s->sc, tmp.stockouts, tmp.n_stockouts);
        free(tmp.stockouts);
    }
    for (size_t k = 0; k < N; k++) {
        const ts_pair pr = rec->cover_pairs[k];
        if (!keep_default || keep[(size_t)pr.product * n + (size_t)pr.industry])
            idx[w++] = k;
    }
    if ((st = ts_sim_recorder_create(s, days, w, &r, err)))
        goto done;
    memcpy(r->production, rec->production, days * n * sizeof *r->production);
    memcpy(r->capacity, rec->capacity, days * n * sizeof *r->capacity);
    memcpy(r->demand, rec->demand, days * n * sizeof *r->demand);
    memcpy(r->unmet_fd, rec->unmet_fd, days * n * sizeof *r->unmet_fd);
    memcpy(r->unmet_fd_region, rec->unmet_fd_region, days * R * sizeof *r->unmet_fd_region);
    memcpy(r->trade, rec->trade, days * RR * sizeof *r->trade);
    memcpy(r->limited, rec->limited, days * n * sizeof *r->limited);
    if (s->ntrk)
        memcpy(r->trade_by_product, rec->trade_by_product,
               days * s->ntrk * RR * sizeof *r->trade_by_product);
    memcpy(r->collapse_day, rec->collapse_day, n * sizeof *r->collapse_day);
    if (rec->share_stopped)
        memcpy(r->share_stopped, rec->share_stopped, days * s->cv_np * sizeof *r->share_stopped);
    if (rec->in_transit) {
        memcpy(r->in_transit, rec->in_transit, days * s->S * sizeof *r->in_transit);
        memcpy(r->in_transit0, rec->in_transit0, s->S * sizeof *r->in_transit0);
    }
    r->economy_collapse_day = rec->economy_collapse_day;
    r->all_limited_day = rec->all_limited_day;
    for (size_t k = 0; k < w; k++)
        r->cover_pairs[k] = rec->cover_pairs[idx[k]];
    for (size_t t = 0; t < days; t++)
        for (size_t k = 0; k < w; k++)
            r->cover[t * w + k] = rec->cover[t * N + idx[k]];
    if (!(st = stockouts(s, r, err)))
        st = ts_sim_record_answers(s, r, err);
done:
    free(idx);
    free(keep);
    if (st)
        ts_result_free(r);
    else
        *out = r;
    return st;
}

void ts_result_keep_cover(ts_result *r, const ts_scenario *sc)
{
    size_t n = r->n, S = r->S, T = r->T, N = r->n_cover, w = 0;
    unsigned char *keep = calloc(S * n > 0 ? S * n : 1, 1);
    size_t *idx = malloc((N ? N : 1) * sizeof *idx);
    if (!keep || !idx) {
        free(keep);
        free(idx);
        return; /* keep everything: more output, never less */
    }
    default_keep(keep, n, sc, r->stockouts, r->n_stockouts);
    for (size_t k = 0; k < N; k++) {
        const ts_pair pr = r->cover_pairs[k];
        if (keep[(size_t)pr.product * n + (size_t)pr.industry]) {
            r->cover_pairs[w] = pr;
            idx[w++] = k;
        }
    }
    /* in place, day by day: a kept value never moves to a later position */
    for (size_t t = 0; t < T; t++)
        for (size_t k = 0; k < w; k++)
            r->cover[t * w + k] = r->cover[t * N + idx[k]];
    r->n_cover = w;
    free(keep);
    free(idx);
}

/* Trade of day t, complete only after the exchange pass (docs/model.md §2 "Recording"). */
void ts_sim_recorder_trade(const ts_sim *s, ts_result *r, int t)
{
    size_t RR = s->R * s->R;
    memcpy(r->trade + (size_t)t * RR, s->trade, RR * sizeof *s->trade);
    if (s->ntrk)
        memcpy(r->trade_by_product + (size_t)t * s->ntrk * RR, s->trade + RR,
               s->ntrk * RR * sizeof *s->trade);
    if (r->share_stopped)
        memcpy(r->share_stopped + (size_t)t * s->cv_np, s->cv_stop, s->cv_np * sizeof *s->cv_stop);
    if (r->in_transit)
        memcpy(r->in_transit + (size_t)t * s->S, s->tr_sea, s->S * sizeof *s->tr_sea);
}
