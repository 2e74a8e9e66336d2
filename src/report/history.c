/* The "Model vs observed" and "Calibration" sections of report.html: read backtest.csv
 * and calibration.csv of a results folder when they are there (docs/formats.md), draw
 * their charts, write the tables. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "mrio/csvread.h"
#include "report/internal.h"

typedef struct rp_obs_row {
    char *f[15]; /* backtest.csv fields, in its column order */
} rp_obs_row;

struct rp_history {
    size_t n, cap;
    rp_obs_row *rows;
    double score;
    long n_within;
    /* calibration.csv: columns and numeric rows */
    size_t nc, ncol;
    char **cols;
    double *cal;    /* [nc * ncol] */
    size_t cal_cap;
};

enum { B_LINE, B_DATE, B_REGION, B_SECTOR, B_METRIC, B_UNIT, B_OBS, B_MODEL, B_ERR, B_TOL,
       B_WITHIN, B_NORM, B_ODATE, B_MDATE, B_SOURCE, B_N };

static ts_status bt_row(void *user, const ts_csv_row *row, ts_error *err)
{
    struct rp_history *h = user;
    if (row->index == 0)
        return row->nfields == B_N ? TS_OK
                                   : ts_error_set(err, TS_ERR_INPUT, "backtest.csv", 1, 0, NULL,
                                                  "not a backtest.csv of tradeshock (%zu columns)",
                                                  row->nfields);
    if (row->nfields != B_N)
        return ts_error_set(err, TS_ERR_INPUT, "backtest.csv", row->line, 0, NULL,
                            "%zu fields, expected %d", row->nfields, B_N);
    if (!strcmp(row->fields[B_METRIC], "score")) {
        h->score = strtod(row->fields[B_NORM], NULL);
        h->n_within = strtol(row->fields[B_WITHIN], NULL, 10);
        return TS_OK;
    }
    if (h->n == h->cap) {
        size_t nc = h->cap ? 2 * h->cap : 16;
        rp_obs_row *p = realloc(h->rows, nc * sizeof *p);
        if (!p)
            return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        h->rows = p;
        h->cap = nc;
    }
    rp_obs_row *r = &h->rows[h->n++];
    for (int k = 0; k < B_N; k++)
        if (!(r->f[k] = ts_strdup(row->fields[k])))
            return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    return TS_OK;
}

static ts_status cal_row(void *user, const ts_csv_row *row, ts_error *err)
{
    struct rp_history *h = user;
    if (row->index == 0) {
        h->ncol = row->nfields;
        h->cols = calloc(row->nfields, sizeof *h->cols);
        if (!h->cols)
            return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        for (size_t k = 0; k < row->nfields; k++)
            if (!(h->cols[k] = ts_strdup(row->fields[k])))
                return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        return TS_OK;
    }
    if (row->nfields != h->ncol)
        return ts_error_set(err, TS_ERR_INPUT, "calibration.csv", row->line, 0, NULL,
                            "%zu fields, the header has %zu", row->nfields, h->ncol);
    if (h->nc == h->cal_cap) {
        size_t nc = h->cal_cap ? 2 * h->cal_cap : 64;
        double *p = realloc(h->cal, nc * h->ncol * sizeof *p);
        if (!p)
            return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        h->cal = p;
        h->cal_cap = nc;
    }
    for (size_t k = 0; k < h->ncol; k++)
        h->cal[h->nc * h->ncol + k] = strtod(row->fields[k], NULL);
    h->nc++;
    return TS_OK;
}

void rp_history_free(struct rp_history *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->n; i++)
        for (int k = 0; k < B_N; k++)
            free(h->rows[i].f[k]);
    free(h->rows);
    for (size_t k = 0; k < h->ncol && h->cols; k++)
        free(h->cols[k]);
    free(h->cols);
    free(h->cal);
    free(h);
}

ts_status rp_history_load(const char *dir, struct rp_history **out, ts_error *err)
{
    *out = NULL;
    char *bt = ts_asprintf("%s/backtest.csv", dir), *cal = ts_asprintf("%s/calibration.csv", dir);
    struct rp_history *h = calloc(1, sizeof *h);
    ts_status st = TS_OK;
    if (!bt || !cal || !h)
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (!st && ts_path_exists(bt))
        st = ts_csv_read(bt, "backtest.csv", bt_row, h, err);
    if (!st && ts_path_exists(cal))
        st = ts_csv_read(cal, "calibration.csv", cal_row, h, err);
    if (!st && (h->n || h->nc))
        *out = h;
    else
        rp_history_free(h);
    free(bt);
    free(cal);
    return st;
}

static int is_timing(const rp_obs_row *r)
{
    return !strcmp(r->f[B_UNIT], "day");
}

static char *row_label(const rp_obs_row *r)
{
    return ts_asprintf("%s %s %s %s", r->f[B_REGION], r->f[B_SECTOR], r->f[B_METRIC],
                       is_timing(r) ? "" : r->f[B_DATE]);
}

static ts_status obs_chart(rp_chart *ch, int k, const struct rp_history *h, int timing,
                           const char *start, const char *dir, int png, ts_error *err)
{
    size_t n = 0;
    for (size_t i = 0; i < h->n; i++)
        n += (size_t)(is_timing(&h->rows[i]) == timing);
    if (!n)
        return TS_OK;
    const char **labels = calloc(n, sizeof *labels);
    double *v = calloc(2 * n, sizeof *v);
    ts_status st = TS_OK;
    if (!labels || !v)
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    size_t c = 0;
    for (size_t i = 0; i < h->n && !st; i++) {
        if (is_timing(&h->rows[i]) != timing)
            continue;
        labels[c] = row_label(&h->rows[i]);
        v[c] = strtod(h->rows[i].f[B_OBS], NULL);
        v[n + c] = strtod(h->rows[i].f[B_MODEL], NULL);
        if (!labels[c++])
            st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    static const char *names[2] = {"observed", "model"};
    ts_chart cc = {timing ? "Timing: observed and model (day of the scenario)"
                          : "Changes: observed and model (% of baseline)",
                   timing ? "day" : "%", NULL, NULL, 620, 0};
    (void)start;
    snprintf(ch[k].name, sizeof ch[k].name, "%s", timing ? "backtest_timing" : "backtest_changes");
    for (int pass = 0; pass < (png ? 2 : 1) && !st; pass++) {
        char *p = ts_asprintf("%s/%s.%s", dir, ch[k].name, pass ? "png" : "svg");
        st = p ? ts_chart_bars(p, &cc, labels, n, names, 2, v, err)
               : ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        free(p);
    }
    if (!st) {
        ch[k].present = 1;
        ch[k].caption = ts_asprintf(timing ? "First stoppages and recoveries: observed day and the "
                                             "model's day (day 0 = %s)."
                                           : "Output and export changes over their periods: "
                                             "observed and model, %% of the no-shock baseline%s.",
                                    timing ? start : "");
    }
    for (size_t i = 0; i < c; i++)
        free((char *)labels[i]);
    free(labels);
    free(v);
    return st;
}

static ts_status cal_chart(rp_chart *ch, const struct rp_history *h, const char *dir, int png,
                           ts_error *err)
{
    int sc = -1;
    for (size_t k = 0; k < h->ncol; k++)
        if (!strcmp(h->cols[k], "score"))
            sc = (int)k;
    if (sc < 0 || !h->nc)
        return TS_OK;
    double *y = malloc(2 * h->nc * sizeof *y);
    if (!y)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    double best = INFINITY;
    for (size_t i = 0; i < h->nc; i++) {
        y[i] = h->cal[i * h->ncol + (size_t)sc];
        best = y[i] < best ? y[i] : best;
        y[h->nc + i] = best;
    }
    ts_series s[2] = {{"score of the point", y, h->nc, 1}, {"best so far", y + h->nc, h->nc, 1}};
    ts_chart cc = {"Calibration: backtest score of every point tried", "point (evaluation)",
                   "score", NULL, 1160, 0};
    snprintf(ch[RP_CALIB].name, sizeof ch[RP_CALIB].name, "calibration");
    ts_status st = TS_OK;
    for (int pass = 0; pass < (png ? 2 : 1) && !st; pass++) {
        char *p = ts_asprintf("%s/calibration.%s", dir, pass ? "png" : "svg");
        st = p ? ts_chart_lines(p, &cc, s, 2, err)
               : ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        free(p);
    }
    if (!st) {
        ch[RP_CALIB].present = 1;
        ch[RP_CALIB].caption = ts_asprintf("Score of each of the %zu points tried, in order (Latin "
                                           "hypercube, then Nelder-Mead), and the best so far.",
                                           h->nc);
    }
    free(y);
    return st;
}

ts_status rp_history_charts(const rp_results *a, const char *dir, int png, rp_chart *ch,
                            ts_error *err)
{
    const struct rp_history *h = a->hist;
    if (!h)
        return TS_OK;
    ts_status st = obs_chart(ch, RP_BT_TIMING, h, 1, a->start_date, dir, png, err);
    if (!st)
        st = obs_chart(ch, RP_BT_CHANGES, h, 0, a->start_date, dir, png, err);
    if (!st)
        st = cal_chart(ch, h, dir, png, err);
    return st;
}

ts_status rp_history_section(FILE *f, const rp_results *a, const rp_chart *ch, const char *dir,
                             ts_error *err)
{
    const struct rp_history *h = a->hist;
    if (!h)
        return TS_OK;
    ts_status st = TS_OK;
    if (h->n) {
        fprintf(f, "<h2 id=\"model-vs-observed\">Model vs observed</h2>\n<p>Score %.3f "
                   "(mean of |error| / tolerance, each capped at 10: 0 is exact, 1 or less is "
                   "within tolerance on average); %ld of %zu observations within tolerance "
                   "(backtest.csv).</p>\n<div class=\"grid\">\n", h->score, h->n_within, h->n);
        st = rp_figure(f, &ch[RP_BT_TIMING], RP_BT_TIMING, dir, err);
        if (!st)
            st = rp_figure(f, &ch[RP_BT_CHANGES], RP_BT_CHANGES, dir, err);
        fputs("</div>\n<table id=\"backtest\"><tr><th>metric</th><th>region</th><th>sector</th>"
              "<th>period</th><th>observed</th><th>model</th><th>error</th><th>tolerance</th>"
              "<th>within</th><th>source</th></tr>\n", f);
        for (size_t i = 0; i < h->n; i++) {
            const rp_obs_row *r = &h->rows[i];
            int t = is_timing(r);
            const int cols[] = {B_METRIC, B_REGION, B_SECTOR, B_DATE};
            fputs("<tr>", f);
            for (size_t k = 0; k < 4; k++) {
                fputs("<td>", f);
                rp_esc(f, r->f[cols[k]]);
                fputs("</td>", f);
            }
            fputs("<td>", f);
            rp_esc(f, t ? r->f[B_ODATE] : r->f[B_OBS]);
            fputs(t ? "" : " %", f);
            fputs("</td><td>", f);
            if (t)
                rp_esc(f, r->f[B_MDATE]);
            else
                fprintf(f, "%.2f %%", strtod(r->f[B_MODEL], NULL));
            fprintf(f, "</td><td>%+.1f %s</td><td>%s %s</td><td>%s</td><td>",
                    strtod(r->f[B_ERR], NULL), t ? "days" : "pp", r->f[B_TOL], t ? "days" : "pp",
                    strcmp(r->f[B_WITHIN], "1") ? "no" : "yes");
            rp_esc(f, r->f[B_SOURCE]);
            fputs("</td></tr>\n", f);
        }
        fputs("</table>\n", f);
    }
    if (!st && h->nc) {
        fputs("<h2 id=\"calibration\">Calibration</h2>\n", f);
        st = rp_figure(f, &ch[RP_CALIB], RP_CALIB, dir, err);
        fputs("<p>All points tried: calibration.csv; the best parameters: calibration.json.</p>\n",
              f);
    }
    return st;
}
