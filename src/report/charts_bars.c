/* Horizontal bar charts and the stock-out timeline (report.h). */
#include <math.h>
#include <plplot.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/chart_internal.h"

/* Left margin (fraction of the width) that fits row labels of up to @p chars. */
static double left_margin(size_t chars, int w)
{
    double m = 0.03 + (double)chars * 10.0 / (double)w;
    return m < 0.10 ? 0.10 : m > 0.55 ? 0.55 : m;
}

static size_t longest(const char *const *labels, size_t n, size_t stride)
{
    size_t mx = 0;
    for (size_t k = 0; k < n; k++) {
        const char *s = *(const char *const *)((const char *)labels + k * stride);
        size_t len = s ? strlen(s) : 0;
        mx = len > mx ? len : mx;
    }
    return mx;
}

static void row_label(const char *label, double yc, double n_rows)
{
    char *e = chart_escape(label);
    if (e)
        plmtex("lv", 0.6, yc / n_rows, 1.0, e);
    free(e);
}

static void rect(double x0, double x1, double y0, double y1)
{
    PLFLT xs[4] = {x0, x1, x1, x0}, ys[4] = {y0, y0, y1, y1};
    plfill(4, xs, ys);
}

typedef struct bars_data {
    const char *const *labels;
    size_t n_cat;
    const char *const *names;
    size_t ns;
    const double *values;
    double xmin, xmax, vx0, vx1;
} bars_data;

static void draw_bars(chart_state *cs, const void *data)
{
    const bars_data *d = data;
    double nc = (double)d->n_cat, h = 0.8 / (double)d->ns;
    cs->xkind = AX_NUMBER;
    cs->ykind = AX_NONE;
    chart_frame(cs, d->vx0, d->vx1, 62.0 / cs->h, 1 - 64.0 / cs->h, d->xmin, d->xmax, 0, nc);
    int dec = 0;
    chart_nice_step(d->xmax - d->xmin, 6, &dec);
    for (size_t k = 0; k < d->n_cat; k++) {
        double yc = nc - (double)k - 0.5;
        plcol0(COL_FG);
        row_label(d->labels[k], yc, nc);
        for (size_t j = 0; j < d->ns; j++) {
            double v = d->values[j * d->n_cat + k], top = yc + 0.4 - (double)j * h;
            if (!isfinite(v))
                continue;
            plcol0(COL_SERIES + (int)(j % N_SERIES_COL));
            rect(0, v, top - 0.92 * h, top);
            if (d->ns == 1) { /* the value at the end of the bar */
                char buf[64];
                chart_fmt_number(buf, sizeof buf, v, dec);
                plcol0(COL_FG);
                double off = 0.008 * (d->xmax - d->xmin);
                plptex(v >= 0 ? v + off : v - off, top - 0.46 * h - 0.12, 1, 0, v >= 0 ? 0 : 1, buf);
            }
        }
    }
    if (d->ns > 1 && d->names) {
        int cols[N_SERIES_COL];
        size_t n = d->ns < N_SERIES_COL ? d->ns : N_SERIES_COL;
        for (size_t j = 0; j < n; j++)
            cols[j] = COL_SERIES + (int)j;
        int kinds[N_SERIES_COL] = {0};
        chart_legend(d->names, n, cols, kinds, NULL);
    }
}

ts_status ts_chart_bars(const char *path, const ts_chart *c, const char *const *labels,
                        size_t n_cat, const char *const *series_names, size_t ns,
                        const double *values, ts_error *err)
{
    if (!path || !labels || !values || n_cat == 0 || ns == 0 || (ns > 1 && !series_names))
        return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                            "bar chart: needs labels, values and (for several series) names");
    int w = c && c->width > 0 ? c->width : 900;
    bars_data d = {labels, n_cat, series_names, ns, values, 0, 0, 0, 0.97};
    if (ns > 1)
        d.vx1 = chart_legend_edge(series_names, ns < N_SERIES_COL ? ns : N_SERIES_COL, w);
    d.vx0 = left_margin(longest(labels, n_cat, sizeof *labels), w);
    for (size_t k = 0; k < n_cat * ns; k++)
        if (isfinite(values[k])) {
            d.xmin = fmin(d.xmin, values[k]);
            d.xmax = fmax(d.xmax, values[k]);
        }
    if (d.xmax == d.xmin)
        d.xmax = d.xmin + 1;
    /* room for the value labels (one series): about 8 px per character */
    double span = d.xmax - d.xmin, plot_px = (d.vx1 - d.vx0) * w, room = 0.04;
    if (ns == 1) {
        char b1[64], b2[64];
        int dec;
        chart_nice_step(span, 6, &dec);
        chart_fmt_number(b1, sizeof b1, d.xmax, dec);
        chart_fmt_number(b2, sizeof b2, d.xmin, dec);
        double px = 8.0 * (double)(strlen(b1) > strlen(b2) ? strlen(b1) : strlen(b2)) + 12;
        room = px < 0.6 * plot_px ? px / (plot_px - px) : 1.5;
    }
    if (d.xmax > 0)
        d.xmax += room * span;
    if (d.xmin < 0)
        d.xmin -= room * span;
    int h = 124 + (int)(n_cat * (ns > 1 ? 14 + 12 * ns : 30));
    return chart_run(path, c, 900, h, draw_bars, &d, err);
}

typedef struct timeline_data {
    const ts_span *spans;
    size_t n;
    int horizon;
} timeline_data;

static void draw_timeline(chart_state *cs, const void *data)
{
    const timeline_data *d = data;
    double nr = (double)d->n;
    chart_day_axis(cs, cs->c);
    cs->ykind = AX_NONE;
    double vx0 = left_margin(longest(&d->spans[0].label, d->n, sizeof *d->spans), cs->w);
    chart_frame(cs, vx0, 0.96, 62.0 / cs->h, 1 - 64.0 / cs->h, 0, d->horizon, 0, nr);
    for (size_t k = 0; k < d->n; k++) {
        double yc = nr - (double)k - 0.5;
        plcol0(COL_FG);
        row_label(d->spans[k].label, yc, nr);
        plcol0(COL_SERIES + 1);
        rect(d->spans[k].first, d->spans[k].last + 1.0, yc - 0.32, yc + 0.32);
    }
}

ts_status ts_chart_timeline(const char *path, const ts_chart *c, const ts_span *spans, size_t n,
                            int horizon, ts_error *err)
{
    if (!path || !spans || n == 0 || horizon < 1)
        return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                            "timeline: needs at least one span and a horizon >= 1");
    for (size_t k = 0; k < n; k++)
        if (spans[k].first < 0 || spans[k].last < spans[k].first)
            return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                                "timeline: span %zu runs from day %d to day %d", k,
                                spans[k].first, spans[k].last);
    timeline_data d = {spans, n, horizon};
    return chart_run(path, c, 900, 124 + 22 * (int)n, draw_timeline, &d, err);
}
