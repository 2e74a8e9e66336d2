/**
 * @file report.h
 * @brief Charts (PLplot) and the HTML report of a results folder.
 *
 * Charts are written with PLplot: the file name's extension picks the device, ".svg"
 * the `svg` device (always there), ".png" the `pngcairo` device (Debian package
 * plplot-driver-cairo; TS_ERR_INPUT when it is missing, see ts_chart_png_available()).
 * Every chart function opens a fresh PLplot stream and ends it, restoring the caller's
 * current stream. PLplot keeps process-wide state: do not draw charts from two threads
 * at once. Text given to a chart (titles, labels, series names) is shown literally.
 * Errors: TS_ERR_INPUT (bad arguments, unknown extension, missing device),
 * TS_ERR_IO (the file cannot be written, or PLplot failed), TS_ERR_NOMEM.
 */
#ifndef TRADESHOCK_REPORT_H
#define TRADESHOCK_REPORT_H

#include <stddef.h>

#include "tradeshock/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Common settings of a chart. */
typedef struct ts_chart {
    const char *title;      /**< above the plot (may be NULL) */
    const char *xlabel;     /**< NULL: "date" with start_date, else "day" */
    const char *ylabel;     /**< may be NULL */
    /** Calendar date of day 0 as "YYYY-MM-DD": the day axis is labelled with dates.
     *  NULL: day numbers. */
    const char *start_date;
    int width, height;      /**< in points (SVG) or pixels (PNG); 0 = 900 x 500 */
} ts_chart;

/** A named series over days: y[t] is the value on day x0 + t. */
typedef struct ts_series {
    const char *name;
    const double *y;        /**< [n] */
    size_t n;
    double x0;              /**< day of y[0] (usually 0) */
} ts_series;

/** Line chart of @p ns series over days (one colour each, legend on the right).
 *  Non-finite values are skipped (the line breaks). Used for loss curves by region,
 *  by reporting group, and for comparisons of two runs. */
ts_status ts_chart_lines(const char *path, const ts_chart *c, const ts_series *s, size_t ns,
                         ts_error *err);

/** Horizontal bars, top to bottom in the order given: @p n_cat categories (labels[k]),
 *  @p ns series side by side in each (series_names[j], values[j * n_cat + k]; the
 *  legend is drawn when ns > 1; series_names may be NULL when ns == 1). Negative values
 *  extend left of 0. */
ts_status ts_chart_bars(const char *path, const ts_chart *c, const char *const *labels,
                        size_t n_cat, const char *const *series_names, size_t ns,
                        const double *values, ts_error *err);

/** One horizontal span from day @p first to day @p last (inclusive). */
typedef struct ts_span {
    const char *label;
    int first, last;
} ts_span;

/** Timeline of @p n spans, one row each, top to bottom in the order given, on a day
 *  axis from 0 to @p horizon. The height grows with n when c->height is 0. */
ts_status ts_chart_timeline(const char *path, const ts_chart *c, const ts_span *spans, size_t n,
                            int horizon, ts_error *err);

/** Quantiles of one quantity over days (e.g. from an ensemble): levels[0..nq) in (0, 1),
 *  ascending; y[q * n + t] is quantile levels[q] on day x0 + t. */
typedef struct ts_quantile_series {
    const char *name;
    size_t nq;
    const double *levels;   /**< [nq] */
    const double *y;        /**< [nq * n] */
    size_t n;
    double x0;
} ts_quantile_series;

/** Fan chart: shaded bands between levels[k] and levels[nq-1-k] (outer bands lighter;
 *  with levels 0.05 0.25 0.5 0.75 0.95: p05-p95 and p25-p75), and the median as a line
 *  when a level equals 0.5. TS_ERR_INPUT when levels are not ascending in (0, 1). */
ts_status ts_chart_fan(const char *path, const ts_chart *c, const ts_quantile_series *q,
                       ts_error *err);

/** 1 if PLplot has the pngcairo device (PNG charts can be written). */
int ts_chart_png_available(void);

/** Options of ts_report_build() (zero-initialise for defaults). */
typedef struct ts_report_options {
    /** A second results folder shown against the first (e.g. escalation vs truce):
     *  headline numbers side by side, world, regional and reporting-group losses of
     *  both, and the events of both. NULL: none. */
    const char *compare_dir;
    /** The HTML file to write; NULL = <dir>/report.html. Charts go to charts/ next to it.
     *  An existing file is replaced only when it is a report written by tradeshock. */
    const char *output;
    int png;                /**< also write charts/<name>.png (needs pngcairo) */
    /** Warnings (two runs that are not like for like); NULL: none are given. */
    const ts_logger *log;
} ts_report_options;

/**
 * Build report.html from the results folder @p dir (summary.json and timeseries.nc, as
 * written by ts_output_write; scenario.yaml is shown when present). The page is
 * self-contained: the charts (also written as charts/<name>.svg) are inlined as SVG,
 * styles are inline, and it loads nothing from the network. It shows the headline
 * numbers, output loss over time by region, the 10 industries (region, sector) that lose
 * most, a timeline of the 30 earliest stock-outs, the reporting groups (curves in % of
 * each group's baseline output from group_output_loss, and their totals), the regional
 * ranking, the scenario (parameters, events, the scenario file with its source notes)
 * and the table's source. An ensemble's fan charts (ts_chart_fan) are not on the page
 * yet: there is no ensemble output to read.
 * With a second folder, a comparison follows the headline numbers; when the two runs
 * differ in table (path, name, dimensions), horizon or start date, a warning box opens
 * the page and each difference is logged as a warning (the page is still written).
 * Files are written under temporary names and renamed into place.
 * Errors: TS_ERR_INPUT (a missing or malformed summary.json / timeseries.nc, naming the
 * file; an output that is a folder or an existing file that is not a tradeshock report;
 * a charts/ next to it that is not a folder: nothing is replaced), TS_ERR_IO (the output
 * cannot be written, naming the output file), TS_ERR_NOMEM.
 */
ts_status ts_report_build(const char *dir, const ts_report_options *opt, ts_error *err);

#ifdef __cplusplus
}
#endif
#endif
