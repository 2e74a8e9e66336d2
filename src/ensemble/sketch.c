/* The quantile sketch of ensembles (ensemble.h: fixed-bin relative-error histogram in
 * the manner of DDSketch, Masson, Rim & Lee 2019) and exact nearest-rank quantiles. */
#include "ensemble/internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const double ts_ensemble_q[TS_ENSEMBLE_NQ] = {0.05, 0.25, 0.5, 0.75, 0.95};

static double log_gamma(void)
{
    return log((1 + TS_SKETCH_ALPHA) / (1 - TS_SKETCH_ALPHA));
}

size_t ts_sketch_bin(double x)
{
    double a = fabs(x);
    if (!(a >= TS_SKETCH_MIN)) /* also NaN -> zero bin */
        return TS_SKETCH_SIDE;
    double i = ceil(log(a / TS_SKETCH_MIN) / log_gamma());
    if (i < 1)
        i = 1;
    if (i > TS_SKETCH_SIDE)
        i = TS_SKETCH_SIDE;
    size_t k = (size_t)i;
    return x > 0 ? TS_SKETCH_SIDE + k : TS_SKETCH_SIDE - k;
}

double ts_sketch_value(size_t b)
{
    if (b == TS_SKETCH_SIDE || b >= TS_SKETCH_BINS)
        return 0;
    double g = (1 + TS_SKETCH_ALPHA) / (1 - TS_SKETCH_ALPHA);
    size_t k = b > TS_SKETCH_SIDE ? b - TS_SKETCH_SIDE : TS_SKETCH_SIDE - b;
    double v = TS_SKETCH_MIN * 2 * exp((double)k * log_gamma()) / (g + 1);
    return b > TS_SKETCH_SIDE ? v : -v;
}

size_t es_rank(size_t N, double q)
{
    double r = floor(q * (double)(N - 1) + 0.5);
    return r < 0 ? 0 : (size_t)r >= N ? N - 1 : (size_t)r;
}

double ts_sketch_quantile(const uint32_t *counts, double q)
{
    uint64_t N = 0;
    for (size_t b = 0; b < TS_SKETCH_BINS; b++)
        N += counts[b];
    if (N == 0)
        return NAN;
    uint64_t k = es_rank((size_t)N, q), acc = 0;
    for (size_t b = 0; b < TS_SKETCH_BINS; b++) {
        acc += counts[b];
        if (acc > k)
            return ts_sketch_value(b);
    }
    return ts_sketch_value(TS_SKETCH_BINS - 1);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double es_exact_quantile(double *v, size_t n, double q, int sorted)
{
    if (n == 0)
        return NAN;
    if (!sorted)
        qsort(v, n, sizeof *v, cmp_double);
    return v[es_rank(n, q)];
}

void es_sort(double *v, size_t n) { qsort(v, n, sizeof *v, cmp_double); }
