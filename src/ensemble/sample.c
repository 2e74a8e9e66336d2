/* Counter-based draws and inverse CDFs of the ensemble's distributions (ensemble.h,
 * docs/ensemble.md). */
#include "tradeshock/ensemble.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <Random123/philox.h>

#include "tradeshock/override.h"

double ts_ensemble_uniform(uint64_t seed, uint64_t k, uint64_t j)
{
    philox4x32_key_t key = {{(uint32_t)seed, (uint32_t)(seed >> 32)}};
    philox4x32_ctr_t ctr = {{(uint32_t)k, (uint32_t)(k >> 32), (uint32_t)j, 0x656e73u}};
    philox4x32_ctr_t r = philox4x32(ctr, key);
    uint64_t bits = (((uint64_t)r.v[0] << 32) | r.v[1]) >> 11; /* 53 bits */
    return ((double)bits + 0.5) * 0x1p-53;
}

double ts_norm_cdf(double x) { return 0.5 * erfc(-x / sqrt(2.0)); }

/* Phi^-1: Abramowitz & Stegun 26.2.23 (|error| < 4.5e-4) as a start, then Halley steps
 * on f(x) = Phi(x) - p, f' = phi(x), f'' = -x phi(x), to full double precision. */
double ts_norm_ppf(double p)
{
    if (!(p > 0))
        return -INFINITY;
    if (!(p < 1))
        return INFINITY;
    double q = p < 0.5 ? p : 1 - p;
    double t = sqrt(-2.0 * log(q));
    double x = t - (2.515517 + 0.802853 * t + 0.010328 * t * t) /
                       (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
    if (p < 0.5)
        x = -x;
    for (int it = 0; it < 4; it++) {
        double e = ts_norm_cdf(x) - p;
        double u = e * 2.5066282746310002 * exp(0.5 * x * x); /* e / phi(x); sqrt(2 pi) */
        double dx = u / (1 + 0.5 * x * u);
        x -= dx;
        if (fabs(dx) < 1e-15 * (1 + fabs(x)))
            break;
    }
    return x;
}

/* CDF of the untruncated distribution. */
static double cdf(const ts_uncertain *u, double x)
{
    switch (u->dist) {
    case TS_DIST_UNIFORM:
        if (u->b <= u->a)
            return x < u->a ? 0 : 1;
        return x <= u->a ? 0 : x >= u->b ? 1 : (x - u->a) / (u->b - u->a);
    case TS_DIST_TRIANGULAR: {
        double a = u->a, b = u->b, c = u->c;
        if (b <= a)
            return x < a ? 0 : 1;
        if (x <= a)
            return 0;
        if (x >= b)
            return 1;
        if (x <= c)
            return (x - a) * (x - a) / ((b - a) * (c - a));
        return 1 - (b - x) * (b - x) / ((b - a) * (b - c));
    }
    case TS_DIST_NORMAL:
        if (u->b <= 0)
            return x < u->a ? 0 : 1;
        return ts_norm_cdf((x - u->a) / u->b);
    case TS_DIST_LOGNORMAL:
        if (x <= 0)
            return 0;
        if (u->b <= 0)
            return x < u->a ? 0 : 1;
        return ts_norm_cdf((log(x) - log(u->a)) / u->b);
    case TS_DIST_CHOICE:
        break;
    }
    return 0;
}

/* Inverse CDF of the untruncated distribution at p in [0, 1]. */
static double quantile(const ts_uncertain *u, double p)
{
    switch (u->dist) {
    case TS_DIST_UNIFORM: return u->a + p * (u->b - u->a);
    case TS_DIST_TRIANGULAR: {
        double a = u->a, b = u->b, c = u->c;
        if (b <= a)
            return a;
        double fc = (c - a) / (b - a);
        if (p < fc)
            return a + sqrt(p * (b - a) * (c - a));
        return b - sqrt((1 - p) * (b - a) * (b - c));
    }
    case TS_DIST_NORMAL:
        if (u->b <= 0)
            return u->a;
        return u->a + u->b * ts_norm_ppf(p);
    case TS_DIST_LOGNORMAL:
        if (u->b <= 0)
            return u->a;
        return exp(log(u->a) + u->b * ts_norm_ppf(p));
    case TS_DIST_CHOICE:
        break;
    }
    return NAN;
}

static int degenerate(const ts_uncertain *u)
{
    switch (u->dist) {
    case TS_DIST_UNIFORM:
    case TS_DIST_TRIANGULAR: return u->b <= u->a;
    case TS_DIST_NORMAL:
    case TS_DIST_LOGNORMAL: return u->b <= 0;
    case TS_DIST_CHOICE: return u->n_values == 1;
    }
    return 0;
}

void ts_uncertain_value(const ts_uncertain *u, double p, char *buf, size_t len, double *num)
{
    double v = NAN;
    if (u->dist == TS_DIST_CHOICE) {
        double total = 0, acc = 0;
        for (size_t i = 0; i < u->n_values; i++)
            total += u->weights[i];
        size_t pick = u->n_values - 1;
        for (size_t i = 0; i < u->n_values; i++) {
            acc += u->weights[i];
            if (u->weights[i] > 0 && p * total < acc) {
                pick = i;
                break;
            }
        }
        snprintf(buf, len, "%s", u->values[pick]);
        char *end = NULL;
        double d = strtod(u->values[pick], &end);
        if (num)
            *num = (end && *end == 0 && end != u->values[pick]) ? d : NAN;
        return;
    }
    if (degenerate(u)) {
        v = u->a;
    } else {
        double flo = isinf(u->lo) ? 0 : cdf(u, u->lo);
        double fhi = isinf(u->hi) ? 1 : cdf(u, u->hi);
        double q = flo + p * (fhi - flo);
        v = quantile(u, q);
        /* rounding of the CDF at the ends must not leave the truncation interval */
        if (v < u->lo)
            v = u->lo;
        if (v > u->hi)
            v = u->hi;
    }
    if (u->integer)
        v = floor(v + 0.5);
    if (num)
        *num = v;
    ts_override_number(v, buf, len);
}

void ts_ensemble_spec_free(ts_ensemble_spec *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->n; i++) {
        ts_uncertain *u = &e->params[i];
        free(u->name);
        for (size_t k = 0; k < u->n_paths; k++)
            free(u->paths[k]);
        free(u->paths);
        for (size_t k = 0; k < u->n_values; k++)
            free(u->values[k]);
        free(u->values);
        free(u->weights);
        free(u->source);
    }
    free(e->params);
    for (size_t i = 0; i < e->n_rank_groups; i++)
        free(e->rank_groups[i]);
    free(e->rank_groups);
    for (size_t i = 0; i < e->n_watch; i++)
        free(e->watch[i]);
    free(e->watch);
    free(e->calib_scenario);
    free(e->calib);
    free(e);
}
