/* ts_sensitivity_run(): tornado (one at a time), a scan for where the hardest-hit group
 * changes, and Morris elementary effects (Morris 1991; mu* of Campolongo et al. 2007),
 * all run as one ensemble with a design matrix (docs/ensemble.md, "Sensitivity"). */
#include "ensemble/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

#define DELTA (2.0 / 3.0)

typedef struct design {
    const ts_ensemble_spec *e;
    size_t P;
    double *x;        /* [rows*P] position in [0, 1] of each input's range, NAN = as written */
    double *ulo, *uhi;/* [P] the range in u */
} design;

/* u range of the tornado: the whole support of bounded and truncated sides, the 5-95 %
 * range of normal and lognormal sides that are not truncated. */
static void u_range(const ts_uncertain *u, double *lo, double *hi)
{
    *lo = 0;
    *hi = 1;
    if (u->dist == TS_DIST_NORMAL) {
        if (isinf(u->lo))
            *lo = 0.05;
        if (isinf(u->hi))
            *hi = 0.95;
    } else if (u->dist == TS_DIST_LOGNORMAL) {
        if (!(u->lo > 0))
            *lo = 0.05;
        if (isinf(u->hi))
            *hi = 0.95;
    }
}

static void design_values(void *user, long k, size_t j, char *buf, size_t len, double *num)
{
    const design *d = user;
    double x = d->x[(size_t)k * d->P + j];
    if (isnan(x)) {
        buf[0] = 0;
        *num = NAN;
        return;
    }
    ts_uncertain_value(&d->e->params[j], d->ulo[j] + x * (d->uhi[j] - d->ulo[j]), buf, len, num);
}

void ts_sensitivity_free(ts_sensitivity *s)
{
    if (!s)
        return;
    for (size_t i = 0; s->out_name && i < s->n_out; i++)
        free(s->out_name[i]);
    for (size_t j = 0; j < s->P; j++) {
        free(s->lo_text ? s->lo_text[j] : NULL);
        free(s->hi_text ? s->hi_text[j] : NULL);
    }
    for (size_t q = 0; s->grid_text && q < s->P * s->n_grid; q++)
        free(s->grid_text[q]);
    for (size_t q = 0; s->grid2_text && q < 2 * s->n_grid2; q++)
        free(s->grid2_text[q]);
    free(s->grid2_text);
    free(s->grid2_hardest);
    free(s->out_name);
    free(s->base);
    free(s->lo_text);
    free(s->hi_text);
    free(s->y_lo);
    free(s->y_hi);
    free(s->hardest_lo);
    free(s->hardest_hi);
    free(s->grid_text);
    free(s->grid_y);
    free(s->grid_hardest);
    free(s->mu_star);
    free(s->mu);
    free(s->sigma);
    free(s->flip_rate);
    ts_ensemble_result_free(s->runs);
    free(s);
}

/* Output o of run row i. */
static double out_y(const ts_ensemble_result *r, size_t i, size_t o)
{
    size_t w = r->W ? 1 : 0;
    if (w && o == 0) {
        int d = r->watch_first[i * r->W];
        return d < 0 ? (double)r->T : (double)d;
    }
    if (o == w)
        return r->world_loss_pct[i];
    return r->group_loss_pct[i * r->G + (size_t)r->rank_group[o - w - 1]];
}

static ts_status nomem(ts_error *err)
{
    return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
}

#define N2 5

/* Two-way scan of the two inputs with the highest flip rate (N2 x N2 points, the others
 * as written). */
static ts_status two_way(const char *path, const ts_scenario *base, const ts_mrio *m,
                         const ts_sensitivity_options *o, design *d, ts_sensitivity *s,
                         ts_error *err)
{
    s->pair[0] = s->pair[1] = -1;
    if (s->P < 2)
        return TS_OK;
    for (size_t j = 0; j < s->P; j++) {
        if (s->pair[0] < 0 || s->flip_rate[j] > s->flip_rate[s->pair[0]]) {
            s->pair[1] = s->pair[0];
            s->pair[0] = (int)j;
        } else if (s->pair[1] < 0 || s->flip_rate[j] > s->flip_rate[s->pair[1]]) {
            s->pair[1] = (int)j;
        }
    }
    size_t P = s->P, rows = N2 * N2;
    double *x = malloc(rows * P * sizeof *x);
    s->n_grid2 = N2;
    s->grid2_text = calloc(2 * N2, sizeof *s->grid2_text);
    s->grid2_hardest = calloc(rows, sizeof *s->grid2_hardest);
    if (!x || !s->grid2_text || !s->grid2_hardest) {
        free(x);
        return nomem(err);
    }
    for (size_t q = 0; q < rows * P; q++)
        x[q] = NAN;
    for (size_t a = 0; a < N2; a++)
        for (size_t b = 0; b < N2; b++) {
            x[(a * N2 + b) * P + (size_t)s->pair[0]] = (double)a / (N2 - 1);
            x[(a * N2 + b) * P + (size_t)s->pair[1]] = (double)b / (N2 - 1);
        }
    double *keep = d->x;
    d->x = x;
    ts_ensemble_options eo = {0};
    eo.members = (long)rows;
    eo.threads = o->threads;
    eo.values = design_values;
    eo.values_user = d;
    ts_ensemble_result *r = NULL;
    ts_status st = ts_ensemble_run(path, base, m, &eo, &r, err);
    d->x = keep;
    free(x);
    if (st)
        return st;
    for (size_t a = 0; a < N2; a++) {
        s->grid2_text[a] = ts_strdup(r->text[(a * N2) * P + (size_t)s->pair[0]]);
        s->grid2_text[N2 + a] = ts_strdup(r->text[a * P + (size_t)s->pair[1]]);
    }
    for (size_t q = 0; q < rows; q++)
        s->grid2_hardest[q] = r->hardest[q];
    ts_ensemble_result_free(r);
    return TS_OK;
}

ts_status ts_sensitivity_run(const char *scenario_path, const ts_scenario *base,
                             const ts_mrio *m, const ts_sensitivity_options *opt,
                             ts_sensitivity **out, ts_error *err)
{
    ts_error_clear(err);
    *out = NULL;
    const ts_ensemble_spec *e = base->ensemble;
    if (!e || e->n == 0)
        return ts_error_set(err, TS_ERR_INPUT, base->file, 0, 0, "ensemble.parameters",
                            "sensitivity needs the scenario's `ensemble` block with at least "
                            "one uncertain input");
    ts_sensitivity_options o0 = {0};
    const ts_sensitivity_options *o = opt ? opt : &o0;
    size_t P = e->n, G = o->n_grid >= 2 ? o->n_grid : 9, R = o->morris_r ? o->morris_r : 10;
    size_t rows = 1 + 2 * P + P * G + R * (P + 1);
    design d = {e, P, malloc(rows * P * sizeof(double)), malloc(P * sizeof(double)),
                malloc(P * sizeof(double))};
    ts_sensitivity *s = calloc(1, sizeof *s);
    if (!d.x || !d.ulo || !d.uhi || !s) {
        free(d.x);
        free(d.ulo);
        free(d.uhi);
        free(s);
        return nomem(err);
    }
    for (size_t q = 0; q < rows * P; q++)
        d.x[q] = NAN;
    for (size_t j = 0; j < P; j++) {
        u_range(&e->params[j], &d.ulo[j], &d.uhi[j]);
        d.x[(1 + 2 * j) * P + j] = 0;
        d.x[(2 + 2 * j) * P + j] = 1;
        for (size_t g = 0; g < G; g++)
            d.x[(1 + 2 * P + j * G + g) * P + j] = (double)g / (double)(G - 1);
    }
    uint64_t seed2 = e->seed ^ 0x6d6f72726973ull; /* "morris" */
    size_t m0 = 1 + 2 * P + P * G;
    size_t *order = malloc(P * sizeof *order);
    double *key = malloc(P * sizeof *key);
    if (!order || !key) {
        free(order);
        free(key);
        free(d.x);
        free(d.ulo);
        free(d.uhi);
        free(s);
        return nomem(err);
    }
    for (size_t t = 0; t < R; t++) {
        double *x = d.x + (m0 + t * (P + 1)) * P;
        for (size_t j = 0; j < P; j++) {
            x[j] = ts_ensemble_uniform(seed2, t, j) < 0.5 ? 0 : 1.0 / 3.0;
            key[j] = ts_ensemble_uniform(seed2, t, P + j);
            order[j] = j;
        }
        for (size_t a = 1; a < P; a++) /* order by key (insertion sort) */
            for (size_t b = a; b > 0 && key[order[b]] < key[order[b - 1]]; b--) {
                size_t tmp = order[b];
                order[b] = order[b - 1];
                order[b - 1] = tmp;
            }
        for (size_t st = 1; st <= P; st++) {
            memcpy(x + st * P, x + (st - 1) * P, P * sizeof *x);
            x[st * P + order[st - 1]] += DELTA;
        }
    }
    free(key);
    ts_ensemble_options eo = {0};
    eo.members = (long)rows;
    eo.threads = o->threads;
    eo.values = design_values;
    eo.values_user = &d;
    eo.progress = o->progress;
    eo.progress_user = o->progress_user;
    ts_status st = ts_ensemble_run(scenario_path, base, m, &eo, &s->runs, err);
    if (st) {
        free(order);
        free(d.x);
        free(d.ulo);
        free(d.uhi);
        free(s);
        return st;
    }
    const ts_ensemble_result *r = s->runs;
    s->P = P;
    s->n_grid = G;
    s->r = R;
    s->n_out = (r->W ? 1 : 0) + 1 + r->Gr;
    size_t PO = P * s->n_out;
    s->out_name = calloc(s->n_out, sizeof *s->out_name);
    s->base = calloc(s->n_out, sizeof *s->base);
    s->lo_text = calloc(P, sizeof *s->lo_text);
    s->hi_text = calloc(P, sizeof *s->hi_text);
    s->y_lo = calloc(PO, sizeof *s->y_lo);
    s->y_hi = calloc(PO, sizeof *s->y_hi);
    s->hardest_lo = calloc(P, sizeof(int));
    s->hardest_hi = calloc(P, sizeof(int));
    s->grid_text = calloc(P * G, sizeof *s->grid_text);
    s->grid_y = calloc(PO * G, sizeof *s->grid_y);
    s->grid_hardest = calloc(P * G, sizeof(int));
    s->mu_star = calloc(PO, sizeof(double));
    s->mu = calloc(PO, sizeof(double));
    s->sigma = calloc(PO, sizeof(double));
    s->flip_rate = calloc(P, sizeof(double));
    if (!s->out_name || !s->base || !s->lo_text || !s->hi_text || !s->y_lo || !s->y_hi ||
        !s->hardest_lo || !s->hardest_hi || !s->grid_text || !s->grid_y || !s->grid_hardest ||
        !s->mu_star || !s->mu || !s->sigma || !s->flip_rate) {
        st = nomem(err);
        goto done;
    }
    size_t w = r->W ? 1 : 0;
    if (w)
        s->out_name[0] = ts_asprintf("%s_first_stop_day", e->watch[0]);
    s->out_name[w] = ts_strdup("world_output_loss_pct");
    for (size_t g = 0; g < r->Gr; g++)
        s->out_name[w + 1 + g] = ts_asprintf("%s_loss_pct", base->groups[r->rank_group[g]].name);
    for (size_t q = 0; q < s->n_out; q++)
        s->base[q] = out_y(r, 0, q);
    s->base_hardest = r->hardest[0];
    for (size_t j = 0; j < P; j++) {
        s->lo_text[j] = ts_strdup(r->text[(1 + 2 * j) * P + j]);
        s->hi_text[j] = ts_strdup(r->text[(2 + 2 * j) * P + j]);
        s->hardest_lo[j] = r->hardest[1 + 2 * j];
        s->hardest_hi[j] = r->hardest[2 + 2 * j];
        for (size_t q = 0; q < s->n_out; q++) {
            s->y_lo[j * s->n_out + q] = out_y(r, 1 + 2 * j, q);
            s->y_hi[j * s->n_out + q] = out_y(r, 2 + 2 * j, q);
        }
        for (size_t g = 0; g < G; g++) {
            size_t row = 1 + 2 * P + j * G + g;
            s->grid_text[j * G + g] = ts_strdup(r->text[row * P + j]);
            s->grid_hardest[j * G + g] = r->hardest[row];
            for (size_t q = 0; q < s->n_out; q++)
                s->grid_y[(j * G + g) * s->n_out + q] = out_y(r, row, q);
        }
    }
    /* Morris: EE of the input moved at each step, per unit of its range */
    size_t *cnt = calloc(P, sizeof *cnt);
    if (!cnt) {
        st = nomem(err);
        goto done;
    }
    for (size_t t = 0; t < R; t++) {
        size_t r0 = m0 + t * (P + 1);
        for (size_t stp = 1; stp <= P; stp++) {
            size_t j = 0;
            for (size_t q = 0; q < P; q++)
                if (d.x[(r0 + stp) * P + q] != d.x[(r0 + stp - 1) * P + q])
                    j = q;
            cnt[j]++;
            s->flip_rate[j] += r->hardest[r0 + stp] != r->hardest[r0 + stp - 1];
            for (size_t q = 0; q < s->n_out; q++) {
                double ee = (out_y(r, r0 + stp, q) - out_y(r, r0 + stp - 1, q)) / DELTA;
                s->mu[j * s->n_out + q] += ee;
                s->mu_star[j * s->n_out + q] += fabs(ee);
                s->sigma[j * s->n_out + q] += ee * ee;
            }
        }
    }
    for (size_t j = 0; j < P; j++) {
        double c = cnt[j] ? (double)cnt[j] : 1;
        s->flip_rate[j] /= c;
        for (size_t q = 0; q < s->n_out; q++) {
            size_t i = j * s->n_out + q;
            s->mu[i] /= c;
            s->mu_star[i] /= c;
            double var = s->sigma[i] / c - s->mu[i] * s->mu[i];
            s->sigma[i] = cnt[j] > 1 ? sqrt(var > 0 ? var * c / (c - 1) : 0) : 0;
        }
    }
    free(cnt);
    st = two_way(scenario_path, base, m, o, &d, s, err);
done:
    free(order);
    free(d.x);
    free(d.ulo);
    free(d.uhi);
    if (st) {
        ts_sensitivity_free(s);
        return st;
    }
    *out = s;
    return TS_OK;
}
