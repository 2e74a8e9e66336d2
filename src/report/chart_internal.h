/* Shared PLplot plumbing of the chart functions (private to src/report/). */
#ifndef TS_REPORT_CHART_INTERNAL_H
#define TS_REPORT_CHART_INTERNAL_H

#include <stddef.h>

#include "tradeshock/report.h"

/* cmap0 indices set by chart_run() */
enum { COL_BG = 0, COL_FG = 1, COL_GRID = 2, COL_MUTED = 3, COL_SERIES = 4, N_SERIES_COL = 10,
       COL_FAN = COL_SERIES + N_SERIES_COL, N_FAN_COL = 4, N_COL = COL_FAN + N_FAN_COL };

/* How chart_frame() labels an axis */
typedef enum { AX_NUMBER, AX_DAY, AX_DATE, AX_NONE } chart_axis_kind;

typedef struct chart_state {
    int old_stream, stream;
    const char *path;
    int svg;                  /* svg device (else pngcairo) */
    long day0;                /* days from 1970-01-01 of day 0 (AX_DATE) */
    chart_axis_kind xkind, ykind;
    int xdec, ydec;           /* decimals of AX_NUMBER labels */
    const ts_chart *c;        /* title and axis labels (never NULL inside chart_run) */
    int w, h;                 /* page size */
    double chr;               /* character scale giving the same text size on any page */
} chart_state;

typedef void (*chart_draw_fn)(chart_state *cs, const void *data);

/* Draw one chart into @p path (w x h unless c sets a size): checks the extension and
 * that the file can be written, opens a fresh PLplot stream with the palette, calls
 * @p draw, ends the stream, checks the file and restores the caller's stream. PLplot's
 * fatal errors (which would exit the process) longjmp back here and become TS_ERR_IO;
 * its non-fatal ones (plabort) too. @p draw must not fail otherwise: validate first. */
ts_status chart_run(const char *path, const ts_chart *c, int w, int h, chart_draw_fn draw,
                    const void *data, ts_error *err);

/* Viewport + window + grid + axes (+ title and axis labels). */
void chart_frame(chart_state *cs, double vx0, double vx1, double vy0, double vy1, double xmin,
                 double xmax, double ymin, double ymax);
/* A "nice" tick step for a range (about @p n ticks) and its decimals. */
double chart_nice_step(double range, int n, int *decimals);
/* Text escaped for PLplot ('#' starts an escape sequence). Heap; NULL -> "". */
char *chart_escape(const char *s);
/* Format a number with thousands separators and @p dec decimals. */
void chart_fmt_number(char *buf, size_t len, double v, int dec);
/* Legend at the right of the viewport, entries top to bottom: a line when is_line[k]
 * (NULL: all lines), else a colour box; lines in PLplot style styles[k] (NULL: all
 * solid). Names are escaped here. */
void chart_legend(const char *const *names, size_t n, const int *colors, const int *is_line,
                  const int *styles);
/* Right edge of the viewport (fraction of the page width @p w) that leaves room for a
 * legend of these names (NULL entries count as empty). */
double chart_legend_edge(const char *const *names, size_t n, int w);
/* Day axis kind and label of a chart (dates when c->start_date is a valid date). */
void chart_day_axis(chart_state *cs, const ts_chart *c);

/* How ts_chart_lines draws its series when the caller chooses: colour (cmap0 index) and
 * PLplot line style (1 solid, 2 dashed, ...) of each series, and a legend given apart
 * (n_legend entries, all lines). NULL arrays: the defaults of ts_chart_lines. */
typedef struct chart_line_look {
    const int *col, *sty;          /* [ns] */
    size_t n_legend;
    const char *const *legend;     /* [n_legend] */
    const int *legend_col, *legend_sty;
} chart_line_look;

/* ts_chart_lines with the look chosen by the caller (@p look may be NULL). */
ts_status chart_lines_look(const char *path, const ts_chart *c, const ts_series *s, size_t ns,
                           const chart_line_look *look, ts_error *err);

#endif
