/* Shared helpers of the BoARIO golden tests (tests/golden/boario/test_*.c): read the
 * reference CSVs (gzip, through `gzip -dc`), run a reference scenario in tradeshock with
 * a hook that records what the result does not keep (unmet final demand per final-demand
 * column, alpha, orders), and compare day by day and industry by industry.
 *
 * Tolerance (issue 2): |ours - ref| <= 1e-4 max(|ref|, 1e-3 base), where base is the
 * baseline of the series: x0_i for production, capacity and orders; the column's baseline
 * daily final demand for unmet final demand; the initial stock Omega0[p,j] for
 * inventories; 1 for alpha. */
#ifndef TS_BOARIO_REF_H
#define TS_BOARIO_REF_H

#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "tradeshock/mrio.h"
#include "tradeshock/scenario.h"
#include "tradeshock/sim.h"

#define BOARIO_TOL 1e-4
#define BOARIO_FLOOR 1e-3

/* A reference table: rows = steps, cols = series; labels of the series. */
typedef struct ref_csv {
    size_t rows, cols;
    char **labels; /* [cols] */
    double *v;     /* [rows*cols] */
} ref_csv;

static void ref_free(ref_csv *c)
{
    for (size_t k = 0; c->labels && k < c->cols; k++)
        free(c->labels[k]);
    free(c->labels);
    free(c->v);
    memset(c, 0, sizeof *c);
}

/* Split @p line at commas in place (no quoting in these files). */
static size_t split(char *line, char **f, size_t max)
{
    size_t k = 0;
    char *p = line;
    line[strcspn(line, "\r\n")] = 0;
    while (k < max) {
        f[k++] = p;
        char *c = strchr(p, ',');
        if (!c)
            break;
        *c = 0;
        p = c + 1;
    }
    return k;
}

/* Read fixtures/boario/<rel>.csv.gz; the first @p skip columns (step, input) are keys. */
static void ref_read(const char *rel, size_t skip, ref_csv *out)
{
    char cmd[4600];
    snprintf(cmd, sizeof cmd, "gzip -dc '%s/boario/%s.csv.gz'", TS_FIXTURES, rel);
    FILE *f = popen(cmd, "r");
    if (!f)
        fail_msg("cannot run %s", cmd);
    memset(out, 0, sizeof *out);
    char *line = NULL, *fields[256];
    size_t cap = 0, rcap = 0;
    while (getline(&line, &cap, f) > 0) {
        size_t k = split(line, fields, 256);
        if (!out->labels) {
            out->cols = k - skip;
            out->labels = calloc(out->cols, sizeof *out->labels);
            for (size_t c = 0; c < out->cols; c++)
                out->labels[c] = strdup(fields[skip + c]);
            continue;
        }
        if (k != out->cols + skip)
            fail_msg("%s: row %zu has %zu fields, expected %zu", rel, out->rows + 1, k,
                     out->cols + skip);
        if (out->rows == rcap) {
            rcap = rcap ? 2 * rcap : 512;
            out->v = realloc(out->v, rcap * out->cols * sizeof *out->v);
        }
        for (size_t c = 0; c < out->cols; c++)
            out->v[out->rows * out->cols + c] = strtod(fields[skip + c], NULL);
        out->rows++;
    }
    free(line);
    if (pclose(f) != 0 || out->rows == 0)
        fail_msg("%s: cannot read the reference (is gzip installed?)", rel);
}

/* One tradeshock run of a reference scenario, with what on_day recorded. */
typedef struct boario_run {
    ts_scenario *sc;
    ts_mrio *m;
    ts_result *r;
    size_t K;          /* final-demand columns R*F */
    int mining;        /* sector index of `mining` */
    double *unmet_col; /* [T*K] unmet final demand per final-demand column */
    double *alpha;     /* [T*n] alpha used on day t */
    double *orders;    /* [T*n] intermediate orders addressed to i on day t */
    double *omega0;    /* [n] initial stock of mining held by j */
} boario_run;

static void boario_on_day(void *user, const ts_sim *s, int t)
{
    boario_run *B = user;
    const ts_mrio *m = B->m;
    size_t n = m->n, K = B->K, F = m->F;
    const double *ratio = ts_sim_get(s, TS_SIM_RATIO_FINAL, NULL);
    const double *alpha = ts_sim_get(s, TS_SIM_ALPHA, NULL);
    const double *D = ts_sim_get_demand(s), *dfd = ts_sim_get(s, TS_SIM_FD_DELIVERABLE, NULL);
    const double *fixed = ts_sim_get(s, TS_SIM_FIXED, NULL);
    double *u = B->unmet_col + (size_t)t * K;
    memset(u, 0, K * sizeof *u);
    for (size_t i = 0; i < n; i++) {
        double miss = 1.0 - ratio[i];
        for (size_t k = 0; k < K; k++) {
            double y = m->Y[i * K + k];
            if (y > 0) /* no export restriction here: unmet = Y0 (1 - ratio) */
                u[k] += y / 365.0 * miss;
        }
        B->alpha[(size_t)t * n + i] = alpha[i];
        B->orders[(size_t)t * n + i] = D[i] - dfd[i] - fixed[i];
    }
    (void)F;
}

/* Run fixtures/boario/<dir>/scenario.yaml with the TS_ARIO_* quirks in @p quirks_off
 * turned off (0: the reference configuration). */
static void boario_run_case(const char *dir, unsigned quirks_off, boario_run *B)
{
    char path[4600];
    ts_error err;
    memset(B, 0, sizeof *B);
    snprintf(path, sizeof path, "%s/boario/%s/scenario.yaml", TS_FIXTURES, dir);
    if (ts_scenario_parse(path, &B->sc, &err))
        fail_msg("%s", err.msg);
    if (ts_mrio_read(B->sc->table_path, NULL, &B->m, &err))
        fail_msg("%s", err.msg);
    if (ts_scenario_resolve(B->sc, B->m, &err))
        fail_msg("%s", err.msg);
    B->sc->params.ario_quirks_off = quirks_off;
    const ts_mrio *m = B->m;
    size_t n = m->n, T = (size_t)B->sc->horizon_days;
    B->K = m->R * m->F;
    B->mining = ts_mrio_sector_index(m, "mining");
    assert_true(B->mining >= 0);
    B->unmet_col = calloc(T * B->K, sizeof *B->unmet_col);
    B->alpha = calloc(T * n, sizeof *B->alpha);
    B->orders = calloc(T * n, sizeof *B->orders);
    B->omega0 = calloc(n, sizeof *B->omega0);
    ts_pair *pairs = calloc(n, sizeof *pairs);
    for (size_t j = 0; j < n; j++) {
        pairs[j] = (ts_pair){B->mining, (int)j};
        double zc = 0;
        for (size_t i = 0; i < n; i++)
            if ((int)(i % m->S) == B->mining)
                zc += m->Z[i * n + j];
        B->omega0[j] = 90.0 * zc / 365.0; /* s A_C x0 = s Z_C / 365 */
    }
    ts_sim_options opt = {0};
    opt.cover_pairs = pairs;
    opt.n_cover_pairs = n;
    opt.on_day = boario_on_day;
    opt.on_day_user = B;
    if (ts_sim_run(m, B->sc, &opt, &B->r, &err))
        fail_msg("run failed: %s", err.msg);
    free(pairs);
}

static void boario_run_free(boario_run *B)
{
    ts_result_free(B->r);
    ts_mrio_free(B->m);
    ts_scenario_free(B->sc);
    free(B->unmet_col);
    free(B->alpha);
    free(B->orders);
    free(B->omega0);
}

/* The worst deviation of one variable. */
typedef struct boario_dev {
    double rel;      /* |ours - ref| / max(|ref|, 1e-3 base) */
    double ours, ref;
    size_t t, col;
    size_t n_over;   /* cells above the tolerance */
} boario_dev;

/* Compare ref (rows x cols) with ours[t*stride + col]; base[col] as in the file comment.
 * Series are matched by label: ref label `reg/x` must equal @p ours_labels[col] with the
 * '/' written '_' (checked). */
static boario_dev boario_compare(const ref_csv *ref, const double *ours, size_t stride,
                                 const double *base, char *const *ours_labels)
{
    boario_dev d = {0};
    for (size_t c = 0; c < ref->cols; c++) {
        char lab[512];
        snprintf(lab, sizeof lab, "%s", ref->labels[c]);
        for (char *p = lab; *p; p++)
            if (*p == '/')
                *p = '_';
        if (strcmp(lab, ours_labels[c]) != 0)
            fail_msg("reference column %zu is '%s', ours is '%s'", c, ref->labels[c],
                     ours_labels[c]);
    }
    for (size_t t = 0; t < ref->rows; t++)
        for (size_t c = 0; c < ref->cols; c++) {
            double a = ours[t * stride + c], b = ref->v[t * ref->cols + c];
            double scale = fmax(fabs(b), BOARIO_FLOOR * base[c]);
            double rel = scale > 0 ? fabs(a - b) / scale : (a == b ? 0 : INFINITY);
            if (!(rel <= BOARIO_TOL))
                d.n_over++;
            if (!(rel <= d.rel)) {
                d.rel = rel;
                d.ours = a;
                d.ref = b;
                d.t = t;
                d.col = c;
            }
        }
    return d;
}

#endif
