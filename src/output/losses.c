/* Loss accounting of a run (output.h). */
#include <stdlib.h>
#include <string.h>

#include "tradeshock/output.h"

void ts_losses_free(ts_losses *l)
{
    if (!l)
        return;
    free(l->industry);
    free(l->industry_base);
    free(l->industry_va);
    free(l->region);
    free(l->region_base);
    free(l->region_va);
    free(l->region_unmet);
    free(l->region_recovery);
    free(l->rank);
    free(l->group);
    free(l->group_base);
    free(l->group_va);
    free(l->group_first_stockout);
    free(l);
}

typedef struct keyed {
    double loss;
    int i;
} keyed;

static int by_loss(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->loss != y->loss)
        return x->loss > y->loss ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

/* First day from which |daily loss| stays below tol * base to the end, after having
 * been above: -1 never hit, T never recovered. */
static int recovery(const double *loss_t, size_t T, double base_day)
{
    long last_above = -1;
    for (size_t t = 0; t < T; t++)
        if (loss_t[t] > 1e-3 * base_day)
            last_above = (long)t;
    if (last_above < 0)
        return -1;
    return (int)(last_above + 1);
}

ts_status ts_losses_compute(const ts_result *r, const ts_mrio *m, ts_losses **out, ts_error *err)
{
    size_t n = r->n, R = r->R, S = r->S, T = r->T;
    ts_losses *l = calloc(1, sizeof *l);
    double *daily = NULL;
    if (!l)
        goto nomem;
    l->n = n;
    l->R = R;
    l->industry = calloc(n, sizeof *l->industry);
    l->industry_base = calloc(n, sizeof *l->industry_base);
    l->industry_va = calloc(n, sizeof *l->industry_va);
    l->region = calloc(R, sizeof *l->region);
    l->region_base = calloc(R, sizeof *l->region_base);
    l->region_va = calloc(R, sizeof *l->region_va);
    l->region_unmet = calloc(R, sizeof *l->region_unmet);
    l->region_recovery = calloc(R, sizeof *l->region_recovery);
    l->rank = calloc(n, sizeof *l->rank);
    daily = calloc((R + 1) * T, sizeof *daily);
    if (!l->industry || !l->industry_base || !l->industry_va || !l->region || !l->region_base ||
        !l->region_va || !l->region_unmet || !l->region_recovery || !l->rank || !daily)
        goto nomem;
    for (size_t t = 0; t < T; t++) {
        const double *x = r->production + t * n;
        for (size_t i = 0; i < n; i++) {
            double d = r->x0[i] - x[i];
            l->industry[i] += d;
            daily[(i / S) * T + t] += d;
            daily[R * T + t] += d;
        }
        for (size_t q = 0; q < R; q++)
            l->region_unmet[q] += r->unmet_fd_region[t * R + q];
    }
    for (size_t i = 0; i < n; i++) {
        size_t q = i / S;
        l->industry_base[i] = r->x0[i] * (double)T;
        double vshare = m->x[i] > 0 ? m->v[i] / m->x[i] : 0.0;
        l->industry_va[i] = l->industry[i] * vshare;
        l->region[q] += l->industry[i];
        l->region_base[q] += l->industry_base[i];
        l->region_va[q] += l->industry_va[i];
        l->rank[i] = (int)i;
    }
    for (size_t q = 0; q < R; q++) {
        l->total += l->region[q];
        l->total_base += l->region_base[q];
        l->total_va += l->region_va[q];
        l->total_unmet += l->region_unmet[q];
        l->region_recovery[q] = recovery(daily + q * T, T, l->region_base[q] / (double)T);
    }
    l->recovery_day = recovery(daily + R * T, T, l->total_base / (double)T);
    keyed *k = malloc(n * sizeof *k);
    if (!k)
        goto nomem;
    for (size_t i = 0; i < n; i++)
        k[i] = (keyed){l->industry[i], (int)i};
    qsort(k, n, sizeof *k, by_loss);
    for (size_t i = 0; i < n; i++)
        l->rank[i] = k[i].i;
    free(k);
    free(daily);
    *out = l;
    return TS_OK;
nomem:
    free(daily);
    ts_losses_free(l);
    return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
}

ts_status ts_losses_groups(ts_losses *l, const ts_result *r, const ts_scenario *sc, ts_error *err)
{
    size_t G = sc->n_groups;
    l->n_groups = G;
    l->group = calloc(G ? G : 1, sizeof *l->group);
    l->group_base = calloc(G ? G : 1, sizeof *l->group_base);
    l->group_va = calloc(G ? G : 1, sizeof *l->group_va);
    l->group_first_stockout = calloc(G ? G : 1, sizeof *l->group_first_stockout);
    if (!l->group || !l->group_base || !l->group_va || !l->group_first_stockout)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t g = 0; g < G; g++) {
        const ts_group *gr = &sc->groups[g];
        int first = -1;
        for (size_t k = 0; k < gr->n; k++) {
            int i = gr->members[k].industry;
            double w = gr->members[k].weight;
            if (i < 0)
                continue;
            l->group[g] += w * l->industry[i];
            l->group_base[g] += w * l->industry_base[i];
            l->group_va[g] += w * l->industry_va[i];
            for (size_t q = 0; q < r->n_stockouts; q++)
                if (r->stockouts[q].industry == i && (first < 0 || r->stockouts[q].first_day < first))
                    first = r->stockouts[q].first_day;
        }
        l->group_first_stockout[g] = first;
    }
    return TS_OK;
}
