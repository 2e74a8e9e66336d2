/* Charts over days: lines (named series) and fan charts (quantiles). report.h. */
#include <math.h>
#include <plplot.h>
#include <stdio.h>
#include <stdlib.h>

#include "report/chart_internal.h"

typedef struct lines_data {
    const ts_series *s;
    size_t ns;
    double xmin, xmax, ymin, ymax;
    const chart_line_look *look;   /* NULL: colours in turn, dashed after N_SERIES_COL */
} lines_data;

/* Pad a y range and make sure it is not empty; 0 is always inside. */
static void y_range(double *lo, double *hi)
{
    if (!(*lo <= *hi)) {
        *lo = 0;
        *hi = 1;
    }
    if (*lo > 0)
        *lo = 0;
    if (*hi < 0)
        *hi = 0;
    double pad = 0.05 * (*hi - *lo);
    if (pad == 0)
        pad = fabs(*hi) > 0 ? 0.1 * fabs(*hi) : 1;
    if (*hi > 0 || *lo == 0)
        *hi += pad;
    if (*lo < 0)
        *lo -= pad;
}

/* Draw y[0..n) at x0 + t, breaking the line at non-finite values. */
static void polyline(const double *y, size_t n, double x0)
{
    PLFLT *xs = malloc((n ? n : 1) * sizeof *xs), *ys = malloc((n ? n : 1) * sizeof *ys);
    size_t k = 0;
    for (size_t t = 0; xs && ys && t <= n; t++) {
        if (t < n && isfinite(y[t])) {
            xs[k] = x0 + (double)t;
            ys[k++] = y[t];
            continue;
        }
        if (k > 1)
            plline((PLINT)k, xs, ys);
        k = 0;
    }
    free(xs);
    free(ys);
}

static void draw_lines(chart_state *cs, const void *data)
{
    const lines_data *d = data;
    const chart_line_look *lk = d->look;
    chart_day_axis(cs, cs->c);
    cs->ykind = AX_NUMBER;
    size_t nl = lk && lk->legend ? lk->n_legend : d->ns;
    const char **names = malloc((nl ? nl : 1) * sizeof *names);
    int *cols = malloc((nl ? nl : 1) * sizeof *cols);
    for (size_t k = 0; names && k < nl; k++)
        names[k] = lk && lk->legend ? lk->legend[k] : d->s[k].name ? d->s[k].name : "";
    int legend = nl > 1 || (lk && lk->legend && nl);
    double right = legend && names ? chart_legend_edge(names, nl, cs->w) : 0.96;
    chart_frame(cs, 0.09, right, 0.12, 0.86, d->xmin, d->xmax, d->ymin, d->ymax);
    for (size_t k = 0; k < d->ns; k++) {
        int col = lk && lk->col ? lk->col[k] : COL_SERIES + (int)(k % N_SERIES_COL);
        plcol0(col);
        pllsty(lk && lk->sty ? lk->sty[k] : k < N_SERIES_COL ? 1 : 2);
        plwidth(1.8);
        polyline(d->s[k].y, d->s[k].n, d->s[k].x0);
        if (cols && !(lk && lk->legend))
            cols[k] = col;
    }
    pllsty(1);
    plwidth(1);
    if (lk && lk->legend && cols)
        for (size_t k = 0; k < nl; k++)
            cols[k] = lk->legend_col ? lk->legend_col[k] : COL_FG;
    if (legend && names && cols)
        chart_legend(names, nl, cols, NULL, lk && lk->legend ? lk->legend_sty : NULL);
    free(names);
    free(cols);
}

ts_status ts_chart_lines(const char *path, const ts_chart *c, const ts_series *s, size_t ns,
                         ts_error *err)
{
    return chart_lines_look(path, c, s, ns, NULL, err);
}

ts_status chart_lines_look(const char *path, const ts_chart *c, const ts_series *s, size_t ns,
                           const chart_line_look *look, ts_error *err)
{
    lines_data d = {s, ns, INFINITY, -INFINITY, INFINITY, -INFINITY, look};
    if (!path || (ns && !s))
        return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL, "chart: no file or no series");
    for (size_t k = 0; k < ns; k++) {
        if (s[k].n && !s[k].y)
            return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL, "chart: series %zu has no data", k);
        for (size_t t = 0; t < s[k].n; t++) {
            if (!isfinite(s[k].y[t]))
                continue;
            d.ymin = fmin(d.ymin, s[k].y[t]);
            d.ymax = fmax(d.ymax, s[k].y[t]);
        }
        if (s[k].n) {
            d.xmin = fmin(d.xmin, s[k].x0);
            d.xmax = fmax(d.xmax, s[k].x0 + (double)(s[k].n - 1));
        }
    }
    if (!(d.xmin < d.xmax)) {
        d.xmin = isfinite(d.xmin) ? d.xmin : 0;
        d.xmax = d.xmin + 1;
    }
    y_range(&d.ymin, &d.ymax);
    return chart_run(path, c, 900, 500, draw_lines, &d, err);
}

typedef struct fan_data {
    const ts_quantile_series *q;
    double ymin, ymax;
    int median;  /* index of level 0.5, or -1 */
} fan_data;

static void draw_fan(chart_state *cs, const void *data)
{
    const fan_data *d = data;
    const ts_quantile_series *q = d->q;
    size_t n = q->n, nb = q->nq / 2;
    chart_day_axis(cs, cs->c);
    cs->ykind = AX_NUMBER;
    const char *mname[1] = {q->name ? q->name : "median"};
    double right = chart_legend_edge(mname, 1, cs->w);
    right = right < 0.84 ? right : 0.84; /* room for "p05-p95" */
    chart_frame(cs, 0.09, right, 0.12, 0.86, q->x0, q->x0 + (double)(n > 1 ? n - 1 : 1), d->ymin,
                d->ymax);
    PLFLT *xs = malloc(2 * n * sizeof *xs), *ys = malloc(2 * n * sizeof *ys);
    const char *names[N_FAN_COL + 1];
    char lab[N_FAN_COL][48];
    int cols[N_FAN_COL + 1], kinds[N_FAN_COL + 1];
    size_t nl = 0;
    for (size_t b = 0; xs && ys && b < nb; b++) { /* outer band first */
        const double *lo = q->y + b * n, *hi = q->y + (q->nq - 1 - b) * n;
        for (size_t t = 0; t < n; t++) {
            xs[t] = q->x0 + (double)t;
            ys[t] = hi[t];
            xs[2 * n - 1 - t] = q->x0 + (double)t;
            ys[2 * n - 1 - t] = lo[t];
        }
        /* the innermost band gets the darkest of the band colours */
        int col = COL_FAN + (nb <= 1 ? 1 : (int)(b * 2 / (nb - 1)));
        plcol0(col);
        plfill((PLINT)(2 * n), xs, ys);
        if (nl < N_FAN_COL) {
            snprintf(lab[nl], sizeof lab[nl], "p%02.0f-p%02.0f", 100 * q->levels[b],
                     100 * q->levels[q->nq - 1 - b]);
            names[nl] = lab[nl];
            cols[nl] = col;
            kinds[nl++] = 0;
        }
    }
    if (d->median >= 0) {
        plcol0(COL_FAN + 3);
        plwidth(2.2);
        polyline(q->y + (size_t)d->median * n, n, q->x0);
        plwidth(1);
        names[nl] = q->name ? q->name : "median";
        cols[nl] = COL_FAN + 3;
        kinds[nl++] = 1;
    }
    chart_legend(names, nl, cols, kinds, NULL);
    free(xs);
    free(ys);
}

ts_status ts_chart_fan(const char *path, const ts_chart *c, const ts_quantile_series *q,
                       ts_error *err)
{
    if (!path || !q || !q->levels || !q->y || q->nq < 2 || q->n < 2)
        return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                            "fan chart: needs at least 2 quantile levels and 2 days");
    fan_data d = {q, INFINITY, -INFINITY, -1};
    for (size_t k = 0; k < q->nq; k++) {
        if (!(q->levels[k] > 0 && q->levels[k] < 1) || (k && !(q->levels[k] > q->levels[k - 1])))
            return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                                "fan chart: quantile levels must be ascending in (0, 1)");
        if (q->levels[k] == 0.5)
            d.median = (int)k;
    }
    for (size_t k = 0; k < q->nq * q->n; k++) {
        if (!isfinite(q->y[k]))
            return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                                "fan chart: non-finite value at quantile %zu, day %zu", k / q->n,
                                k % q->n);
        d.ymin = fmin(d.ymin, q->y[k]);
        d.ymax = fmax(d.ymax, q->y[k]);
    }
    y_range(&d.ymin, &d.ymax);
    return chart_run(path, c, 900, 500, draw_fan, &d, err);
}
