/* ts_calibrate(): Latin hypercube, then Nelder-Mead, on the backtest score (history.h,
 * docs/model.md "Calibration"). */
#define _POSIX_C_SOURCE 200809L
#include <Random123/philox.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "tradeshock/history.h"

#define NM_MIN_SIZE 1e-4

typedef struct cal_ctx {
    const char *scenario;
    const ts_mrio *m;
    ts_observations *o;
    const ts_calib_param *p;
    size_t d;
    const ts_calib_options *opt;
    ts_calibration *c;
    size_t cap;
} cal_ctx;

/* Uniform in (0, 1) from Philox4x32-10: key = seed, counter = (i, k, stream). */
static double uniform(unsigned long long seed, uint32_t i, uint32_t k, uint32_t stream)
{
    philox4x32_key_t key = {{(uint32_t)seed, (uint32_t)(seed >> 32)}};
    philox4x32_ctr_t ctr = {{i, k, stream, 0x4c48u}};
    philox4x32_ctr_t r = philox4x32(ctr, key);
    return ((double)r.v[0] + 0.5) / 4294967296.0;
}

static double value_of(const ts_calib_param *p, double u)
{
    double v = p->lo + u * (p->hi - p->lo);
    return p->integer ? round(v) : v;
}

void ts_calib_overrides_free(ts_override *ov, size_t n, size_t n_fixed)
{
    if (!ov)
        return;
    for (size_t k = n_fixed; k < n; k++)
        free((char *)ov[k].value);
    free(ov);
}

ts_status ts_calib_scenario(const char *scenario, const ts_mrio *m, const ts_calib_param *p,
                            size_t d, const ts_calib_options *opt, const double *x,
                            ts_scenario **out, ts_override **ov_out, size_t *n_ov,
                            ts_error *err)
{
    size_t nf = opt ? opt->n_fixed : 0, n = nf;
    for (size_t k = 0; k < d; k++)
        n += p[k].n_paths;
    ts_override *ov = calloc(n ? n : 1, sizeof *ov);
    if (!ov)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t k = 0; k < nf; k++)
        ov[k] = opt->fixed[k];
    size_t c = nf;
    for (size_t k = 0; k < d; k++)
        for (size_t q = 0; q < p[k].n_paths; q++) {
            char buf[40];
            ts_override_number(x[k], buf, sizeof buf);
            ov[c].path = p[k].paths[q];
            ov[c++].value = ts_strdup(buf);
            if (!ov[c - 1].value) {
                ts_calib_overrides_free(ov, c - 1, nf);
                return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
            }
        }
    ts_status st = ts_scenario_parse_overrides(scenario, ov, n, out, err);
    if (!st) {
        st = ts_scenario_resolve(*out, m, err);
        ts_override_annotate(err, *out, ov, n);
        if (st) {
            ts_scenario_free(*out);
            *out = NULL;
        }
    }
    if (!st && ov_out) {
        *ov_out = ov;
        *n_ov = n;
    } else {
        ts_calib_overrides_free(ov, n, nf);
    }
    return st;
}

/* Score of the scenario with the values @p x (NULL: as written, fixed overrides only). */
static ts_status score_of(cal_ctx *cx, const double *x, double *score, ts_error *err)
{
    ts_scenario *sc = NULL;
    ts_status st = ts_calib_scenario(cx->scenario, cx->m, cx->p, x ? cx->d : 0, cx->opt, x,
                                     &sc, NULL, NULL, err);
    ts_comparison *cmp = NULL;
    if (!st)
        st = ts_observations_resolve(cx->o, sc, cx->m, err);
    if (!st)
        st = ts_backtest_run(cx->m, sc, cx->o, cx->opt->sim, NULL, &cmp, err);
    if (!st)
        *score = cmp->score;
    ts_comparison_free(cmp);
    ts_scenario_free(sc);
    return st;
}

/* Run the point @p u (unit cube) and record it. */
static ts_status evaluate(cal_ctx *cx, const double *u, int phase, double *score, ts_error *err)
{
    ts_calibration *c = cx->c;
    const size_t d = cx->d;
    if (c->n == cx->cap) {
        size_t nc = cx->cap ? 2 * cx->cap : 64;
        double *x = realloc(c->x, nc * d * sizeof *x);
        if (x)
            c->x = x;
        double *s = realloc(c->score, nc * sizeof *s);
        if (s)
            c->score = s;
        int *ph = realloc(c->phase, nc * sizeof *ph);
        if (ph)
            c->phase = ph;
        if (!x || !s || !ph)
            return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        cx->cap = nc;
    }
    double *x = c->x + c->n * d;
    for (size_t k = 0; k < d; k++)
        x[k] = value_of(&cx->p[k], u[k] < 0 ? 0 : u[k] > 1 ? 1 : u[k]);
    ts_status st = score_of(cx, x, score, err);
    if (st)
        return st;
    c->score[c->n] = *score;
    c->phase[c->n] = phase;
    if (*score < c->score[c->best] || c->n == 0)
        c->best = c->n;
    c->n++;
    if (cx->opt->progress)
        cx->opt->progress(cx->opt->user, c->n, cx->opt->n_eval, *score, c->score[c->best]);
    return TS_OK;
}

static void clamp(double *u, size_t d)
{
    for (size_t k = 0; k < d; k++)
        u[k] = u[k] < 0 ? 0 : u[k] > 1 ? 1 : u[k];
}

/* Sort simplex vertices by score (stable: ties keep their order). */
static void order(double *v, double *f, size_t d)
{
    for (size_t i = 1; i <= d; i++)
        for (size_t j = i; j > 0 && f[j] < f[j - 1]; j--) {
            double t = f[j];
            f[j] = f[j - 1];
            f[j - 1] = t;
            for (size_t k = 0; k < d; k++) {
                t = v[j * d + k];
                v[j * d + k] = v[(j - 1) * d + k];
                v[(j - 1) * d + k] = t;
            }
        }
}

static ts_status nelder_mead(cal_ctx *cx, double *v, double *f, size_t budget, ts_error *err)
{
    const size_t d = cx->d;
    double *cen = malloc(4 * d * sizeof *cen);
    if (!cen)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    double *xr = cen + d, *xe = cen + 2 * d, *xc = cen + 3 * d;
    ts_status st = TS_OK;
    size_t used = 0;
#define EVAL(pt, out)                                                   \
    do {                                                                \
        if (used >= budget)                                             \
            goto done;                                                  \
        clamp(pt, d);                                                   \
        if ((st = evaluate(cx, pt, 1, &(out), err)))                    \
            goto done;                                                  \
        used++;                                                         \
    } while (0)
    for (;;) {
        order(v, f, d);
        double size = 0;
        for (size_t i = 1; i <= d; i++)
            for (size_t k = 0; k < d; k++)
                size = fmax(size, fabs(v[i * d + k] - v[k]));
        if (size < NM_MIN_SIZE)
            break;
        for (size_t k = 0; k < d; k++) {
            double s = 0;
            for (size_t i = 0; i < d; i++)
                s += v[i * d + k];
            cen[k] = s / (double)d;
        }
        double *w = v + d * d; /* worst vertex */
        double fr, fe, fc;
        for (size_t k = 0; k < d; k++)
            xr[k] = cen[k] + (cen[k] - w[k]);
        EVAL(xr, fr);
        if (fr < f[0]) {
            for (size_t k = 0; k < d; k++)
                xe[k] = cen[k] + 2.0 * (cen[k] - w[k]);
            EVAL(xe, fe);
            memcpy(w, fe < fr ? xe : xr, d * sizeof *w);
            f[d] = fe < fr ? fe : fr;
            continue;
        }
        if (fr < f[d - 1]) {
            memcpy(w, xr, d * sizeof *w);
            f[d] = fr;
            continue;
        }
        int outside = fr < f[d];
        for (size_t k = 0; k < d; k++)
            xc[k] = outside ? cen[k] + 0.5 * (xr[k] - cen[k]) : cen[k] + 0.5 * (w[k] - cen[k]);
        EVAL(xc, fc);
        if (fc < (outside ? fr : f[d])) {
            memcpy(w, xc, d * sizeof *w);
            f[d] = fc;
            continue;
        }
        for (size_t i = 1; i <= d; i++) { /* shrink towards the best */
            for (size_t k = 0; k < d; k++)
                v[i * d + k] = v[k] + 0.5 * (v[i * d + k] - v[k]);
            EVAL(v + i * d, f[i]);
        }
    }
done:
#undef EVAL
    free(cen);
    return st;
}

ts_status ts_calibrate(const char *scenario, const ts_mrio *m, ts_observations *o,
                       const ts_calib_param *p, size_t d, const ts_calib_options *opt_in,
                       ts_calibration **out, ts_error *err)
{
    ts_error_clear(err);
    if (!scenario || !m || !o || !p || !out || d == 0)
        return ts_error_set(err, TS_ERR_INTERNAL, NULL, 0, 0, NULL,
                            "ts_calibrate: NULL argument or no parameter");
    *out = NULL;
    ts_calib_options opt = opt_in ? *opt_in : (ts_calib_options){0};
    if (!opt.n_eval)
        opt.n_eval = 60;
    if (!opt.n_lhs)
        opt.n_lhs = opt.n_eval / 2 > d + 1 ? opt.n_eval / 2 : d + 1;
    if (!opt.seed)
        opt.seed = 1;
    for (size_t k = 0; k < d; k++)
        if (!(p[k].lo < p[k].hi) || !isfinite(p[k].lo) || !isfinite(p[k].hi) || !p[k].n_paths)
            return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, p[k].n_paths ? p[k].paths[0] : NULL,
                                "the range %g:%g is empty or reversed: expected LO < HI",
                                p[k].lo, p[k].hi);
    if (opt.n_lhs > opt.n_eval)
        return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL,
                            "%zu Latin hypercube points but %zu runs in all", opt.n_lhs,
                            opt.n_eval);
    ts_calibration *c = calloc(1, sizeof *c);
    size_t nl = opt.n_lhs;
    double *u = malloc((nl * d + (d + 1) * (d + 1)) * sizeof *u);
    size_t *perm = malloc(nl * sizeof *perm);
    double *key = malloc(nl * sizeof *key);
    if (!c || !u || !perm || !key) {
        free(c);
        free(u);
        free(perm);
        free(key);
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    c->d = d;
    cal_ctx cx = {scenario, m, o, p, d, &opt, c, 0};
    ts_status st = score_of(&cx, NULL, &c->initial_score, err);
    /* Latin hypercube: in each dimension the strata 0..nl-1 are permuted by sorting Philox
     * keys; each point sits at a Philox position inside its stratum. */
    for (size_t k = 0; k < d && !st; k++) {
        for (size_t i = 0; i < nl; i++) {
            perm[i] = i;
            key[i] = uniform(opt.seed, (uint32_t)i, (uint32_t)k, 1);
        }
        for (size_t i = 1; i < nl; i++)
            for (size_t j = i; j > 0 && key[perm[j]] < key[perm[j - 1]]; j--) {
                size_t t = perm[j];
                perm[j] = perm[j - 1];
                perm[j - 1] = t;
            }
        for (size_t i = 0; i < nl; i++)
            u[i * d + k] = ((double)perm[i] + uniform(opt.seed, (uint32_t)i, (uint32_t)k, 0)) /
                           (double)nl;
    }
    double sc;
    for (size_t i = 0; i < nl && !st; i++)
        st = evaluate(&cx, u + i * d, 0, &sc, err);
    if (!st && opt.n_eval > nl) {
        /* simplex: the d+1 best Latin hypercube points (stable order on ties) */
        size_t *idx = perm;
        for (size_t i = 0; i < nl; i++)
            idx[i] = i;
        for (size_t i = 1; i < nl; i++)
            for (size_t j = i; j > 0 && c->score[idx[j]] < c->score[idx[j - 1]]; j--) {
                size_t t = idx[j];
                idx[j] = idx[j - 1];
                idx[j - 1] = t;
            }
        double *v = u + nl * d, f[64];
        if (d + 1 > sizeof f / sizeof f[0]) {
            st = ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL,
                              "at most 63 parameters can be calibrated at once");
        } else {
            for (size_t i = 0; i <= d; i++) {
                memcpy(v + i * d, u + idx[i] * d, d * sizeof *v);
                f[i] = c->score[idx[i]];
            }
            st = nelder_mead(&cx, v, f, opt.n_eval - nl, err);
        }
    }
    free(u);
    free(perm);
    free(key);
    if (st) {
        ts_calibration_free(c);
        return st;
    }
    *out = c;
    return TS_OK;
}

void ts_calibration_free(ts_calibration *c)
{
    if (!c)
        return;
    free(c->x);
    free(c->score);
    free(c->phase);
    free(c);
}
