/* Synthetic valid tables (synthetic.h documents the construction and its sources). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <Random123/philox.h>

#include "core/util.h"
#include "tradeshock/synthetic.h"

#define MAX_INDUSTRIES 50000
#define VA_MIN 0.28
#define VA_MAX 0.72
#define DOMESTIC_INPUT_SHARE 0.83
#define DOMESTIC_FD_SHARE 0.91
#define FD_SCALE 1000.0   /* M USD/year */
#define TOL 1e-9
#define MAX_ITER 1000

/* Streams: the third counter word keeps the draws of each purpose apart. */
enum { ST_CELL = 1, ST_COLUMN, ST_REGION, ST_SECTOR, ST_FD };

/* Four uniforms in (0, 1) (24-bit resolution suffices for weights; 32 bits used) for
 * counter (a, stream) under key seed. */
static void draw(uint64_t seed, uint64_t a, uint32_t stream, double u[4])
{
    philox4x32_key_t k = {{(uint32_t)seed, (uint32_t)(seed >> 32)}};
    philox4x32_ctr_t c = {{(uint32_t)a, (uint32_t)(a >> 32), stream, 0x7453u}};
    philox4x32_ctr_t r = philox4x32(c, k);
    for (int q = 0; q < 4; q++)
        u[q] = ((double)r.v[q] + 0.5) * (1.0 / 4294967296.0);
}

/* A log-normal size exp(sigma z), z standard normal by Box-Muller. */
static double lognormal(uint64_t seed, uint64_t a, uint32_t stream, double sigma)
{
    double u[4];
    draw(seed, a, stream, u);
    double z = sqrt(-2.0 * log(u[0])) * cos(6.283185307179586 * u[1]);
    return exp(sigma * z);
}

static int set_labels(ts_label *l, size_t k, char prefix, const char *word)
{
    int w = 3;
    for (size_t m = 1000; m <= k; m *= 10)
        w++;
    for (size_t i = 0; i < k; i++) {
        l[i].code = ts_asprintf("%c%0*zu", prefix, w, i + 1);
        l[i].name = ts_asprintf("%s %zu", word, i + 1);
        if (!l[i].code || !l[i].name)
            return -1;
    }
    return 0;
}

ts_status ts_synthetic_parse_dims(const char *text, ts_synthetic_spec *spec, ts_error *err)
{
    char *end = NULL;
    unsigned long long r = 0, s = 0;
    if (text && *text >= '0' && *text <= '9') {
        r = strtoull(text, &end, 10);
        if (*end == 'x' && end[1] >= '0' && end[1] <= '9')
            s = strtoull(end + 1, &end, 10);
        else
            end = NULL;
    }
    if (!end || *end || r == 0 || s == 0)
        return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, "--synthetic",
                            "'%s': expected REGIONSxSECTORS, two whole numbers >= 1 (e.g. 41x35)",
                            text ? text : "");
    spec->regions = (size_t)r;
    spec->sectors = (size_t)s;
    return TS_OK;
}

ts_status ts_mrio_synthetic(const ts_synthetic_spec *spec, ts_mrio **out, ts_error *err)
{
    *out = NULL;
    const size_t R = spec->regions, S = spec->sectors;
    const double D = spec->density;
    const uint64_t seed = spec->seed;
    if (R == 0 || S == 0 || R > MAX_INDUSTRIES || S > MAX_INDUSTRIES || R * S > MAX_INDUSTRIES)
        return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, "--synthetic",
                            "%zux%zu: expected at least 1 region and 1 sector and at most %d "
                            "industries", R, S, MAX_INDUSTRIES);
    if (!(D > 0 && D <= 1))
        return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, "--density",
                            "%g: expected a share of non-zero cells in (0, 1]", D);
    const size_t n = R * S;
    ts_mrio *m = NULL;
    ts_status st = ts_mrio_create(R, S, 1, &m, err);
    if (st)
        return st;
    double *a = malloc(R * sizeof *a), *b = malloc(S * sizeof *b);
    double *y0 = malloc(n * sizeof *y0), *va = malloc(n * sizeof *va);
    double *cd = calloc(n, sizeof *cd), *cf = calloc(n, sizeof *cf), *xn = malloc(n * sizeof *xn);
    char *name = NULL;
    if (!a || !b || !y0 || !va || !cd || !cf || !xn)
        goto nomem;
    if (set_labels(m->regions, R, 'R', "Region") || set_labels(m->sectors, S, 'S', "Sector"))
        goto nomem;
    m->fd_cats[0].code = ts_strdup("FD");
    m->fd_cats[0].name = ts_strdup("Final demand");
    name = ts_asprintf("synthetic %zux%zu density %g seed %llu", R, S, D,
                       (unsigned long long)seed);
    m->name = name;
    m->currency = ts_strdup("USD");
    m->unit = ts_strdup("M USD/year");
    m->source = ts_strdup("tradeshock convert --synthetic (made-up numbers; "
                          "include/tradeshock/synthetic.h)");
    m->licence = ts_strdup("none (generated)");
    if (!m->fd_cats[0].code || !m->fd_cats[0].name || !name || !m->currency || !m->unit ||
        !m->source || !m->licence)
        goto nomem;

    for (size_t r = 0; r < R; r++)
        a[r] = lognormal(seed, r, ST_REGION, 1.0);
    for (size_t s = 0; s < S; s++)
        b[s] = lognormal(seed, s, ST_SECTOR, 0.8);
    for (size_t j = 0; j < n; j++) {
        double u[4];
        draw(seed, j, ST_COLUMN, u);
        va[j] = VA_MIN + (VA_MAX - VA_MIN) * u[0];
        y0[j] = FD_SCALE * a[j / S] * b[j % S];
    }

    /* step 1: presence and weights, row by row; column sums of the domestic and foreign
     * weights, then the scaling to coefficients */
    double pd = 4 * D, pf = 0;
    if (pd > 1)
        pd = 1;
    if (pd > D * (double)n / (double)S)
        pd = D * (double)n / (double)S;
    if (R > 1) {
        pf = (D * (double)n - pd * (double)S) / (double)(n - S);
        pf = pf < 0 ? 0 : pf > 1 ? 1 : pf;
    }
    for (size_t i = 0; i < n; i++) {
        size_t ri = i / S;
        double *row = m->Z + i * n;
        for (size_t j = 0; j < n; j++) {
            double u[4];
            draw(seed, (uint64_t)i * n + j, ST_CELL, u);
            int dom = j / S == ri;
            double w = 0;
            if (i == j || u[0] < (dom ? pd : pf))
                w = (0.05 + u[1]) * (dom ? 1.0 : a[ri]);
            row[j] = w;
            if (dom)
                cd[j] += w;
            else
                cf[j] += w;
        }
    }
    for (size_t j = 0; j < n; j++) {
        double inter = 1.0 - va[j], h = cf[j] > 0 ? DOMESTIC_INPUT_SHARE : 1.0;
        cd[j] = inter * h / cd[j];           /* the diagonal makes cd > 0 */
        cf[j] = cf[j] > 0 ? inter * (1.0 - h) / cf[j] : 0.0;
    }
    for (size_t i = 0; i < n; i++) {
        size_t ri = i / S;
        double *row = m->Z + i * n;
        for (size_t j = 0; j < n; j++)
            row[j] *= j / S == ri ? cd[j] : cf[j];
    }

    /* step 3: x = A x + y0 (rows are independent: the same at any thread count) */
    double *x = m->x;
    memcpy(x, y0, n * sizeof *x);
    int it = 0;
    for (; it < MAX_ITER; it++) {
        double worst = 0;
#ifdef _OPENMP
#pragma omp parallel for schedule(static) reduction(max : worst) if (n >= 500)
#endif
        for (size_t i = 0; i < n; i++) {
            const double *row = m->Z + i * n;
            double acc = 0;
            for (size_t j = 0; j < n; j++)
                acc += row[j] * x[j];
            xn[i] = y0[i] + acc;
            double d = fabs(xn[i] - x[i]) / xn[i];
            if (d > worst)
                worst = d;
        }
        memcpy(x, xn, n * sizeof *x);
        if (worst < TOL)
            break;
    }
    if (it == MAX_ITER) {
        ts_mrio_free(m);
        m = NULL;
        st = ts_error_set(err, TS_ERR_INTERNAL, NULL, 0, 0, NULL,
                          "synthetic table: output did not converge (a bug; please report)");
        goto done;
    }
    /* Z = A diag(x); final demand = the row residual, split by consuming region */
    for (size_t i = 0; i < n; i++) {
        double *row = m->Z + i * n, rs = 0;
        for (size_t j = 0; j < n; j++) {
            row[j] *= x[j];
            rs += row[j];
        }
        double fd = x[i] - rs;
        if (!(fd > 0)) {
            ts_mrio_free(m);
            m = NULL;
            st = ts_error_set(err, TS_ERR_INTERNAL, NULL, 0, 0, NULL,
                              "synthetic table: non-positive final demand (a bug; please report)");
            goto done;
        }
        size_t ri = i / S;
        double *y = m->Y + i * R, wsum = 0;
        for (size_t q = 0; q < R; q++) {
            if (q == ri)
                continue;
            double u[4];
            draw(seed, (uint64_t)i * R + q, ST_FD, u);
            y[q] = a[q] * (0.05 + u[0]);
            wsum += y[q];
        }
        double home = R > 1 ? DOMESTIC_FD_SHARE : 1.0;
        for (size_t q = 0; q < R; q++)
            y[q] = q == ri ? fd * home : fd * (1.0 - home) * y[q] / wsum;
    }
    ts_mrio_colsum_Z(m, cd);
    for (size_t j = 0; j < n; j++)
        m->v[j] = x[j] - cd[j];
    st = TS_OK;
done:
    free(a);
    free(b);
    free(y0);
    free(va);
    free(cd);
    free(cf);
    free(xn);
    *out = m;
    return st;
nomem:
    ts_mrio_free(m);
    m = NULL;
    st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory for a synthetic %zux%zu table",
                      R, S);
    goto done;
}
