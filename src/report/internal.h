/* The report of a results folder (private to src/report/): what is read from the folder,
 * the charts drawn from it and the page that shows them. */
#ifndef TS_REPORT_INTERNAL_H
#define TS_REPORT_INTERNAL_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include "tradeshock/report.h"

struct rp_history;

/** A results folder as the report sees it. summary.json is kept as parsed: rp_load()
 *  checked that the fields the page uses are there with the right types. */
typedef struct rp_results {
    char *dir;
    cJSON *summary;
    const char *name;          /* scenario.name (inside summary) */
    const char *start_date;    /* start_date (inside summary) */
    int horizon;               /* horizon_days */
    /* from timeseries.nc */
    size_t T, R, S;
    char **region_codes;       /* [R] */
    char **sector_codes;       /* [S] */
    char **sector_names;       /* [S] */
    double *region_loss;       /* [T*R] region_output_loss, M USD/day */
    double *world_loss;        /* [T] world_output_loss */
    size_t G;                  /* reporting groups (optional: group_output_loss) */
    char **group_names;        /* [G] */
    double *group_loss;        /* [T*G] M USD/day */
    double *group_base;        /* [G] group_baseline_output, M USD/day (NULL if absent) */
    char *scenario_yaml;       /* scenario.yaml text or NULL */
    char *description;         /* its `description`, or NULL */
    struct rp_history *hist;   /* backtest.csv / calibration.csv (history.c), or NULL */
    cJSON *decomp;             /* decomposition.json (run --decompose), or NULL */
} rp_results;

/** Read summary.json, timeseries.nc and (optional) scenario.yaml of @p dir.
 *  TS_ERR_INPUT names the missing or malformed file. */
ts_status rp_load(const char *dir, rp_results *out, ts_error *err);
void rp_free(rp_results *r);

/** Name of a sector code, or the code itself (never NULL). */
const char *rp_sector_name(const rp_results *r, const char *code);

/** One chart of the page: its name (file charts/<name>.svg) and caption. */
typedef struct rp_chart {
    char name[32];
    char *caption;             /* heap, plain text */
    int present;               /* 1 if drawn */
} rp_chart;

enum { RP_LOSS, RP_TOP, RP_STOCKOUTS, RP_GROUPS, RP_CMP_WORLD, RP_CMP_REGIONS, RP_CMP_GROUPS,
       RP_BT_TIMING, RP_BT_CHANGES, RP_CALIB, RP_DECOMP, RP_CMP_DIFF_WORLD,
       RP_CMP_DIFF_REGIONS, RP_N_CHARTS };

/* html_decompose.c: decomposition.json of run --decompose (optional), its chart and the
 * "What causes the loss" section with its "why" notes. */
ts_status rp_decompose_chart(const rp_results *a, const char *dir, int png, rp_chart *ch,
                             ts_error *err);
void rp_decompose_section(FILE *f, const rp_results *a, const rp_chart *ch, const char *dir,
                          ts_error *err);

/* history.c: backtest.csv and calibration.csv of a results folder (both optional; *out
 * stays NULL when neither is there), their charts and the "Model vs observed" and
 * "Calibration" sections. */
struct rp_history;
ts_status rp_history_load(const char *dir, struct rp_history **out, ts_error *err);
void rp_history_free(struct rp_history *h);
ts_status rp_history_charts(const rp_results *a, const char *dir, int png, rp_chart *ch,
                            ts_error *err);
ts_status rp_history_section(FILE *f, const rp_results *a, const rp_chart *ch, const char *dir,
                             ts_error *err);

/** Draw every chart that applies into @p charts_dir (svg, and png when asked). */
ts_status rp_draw_charts(const rp_results *a, const rp_results *b, const char *charts_dir,
                         int png, rp_chart charts[RP_N_CHARTS], ts_error *err);

/** Write the page to @p f; chart SVGs are read from @p charts_dir and inlined. */
ts_status rp_write_html(FILE *f, const rp_results *a, const rp_results *b,
                        const rp_chart charts[RP_N_CHARTS], const rp_chart charts_b[RP_N_CHARTS],
                        const char *charts_dir, ts_error *err);

/** The money unit of the runs shown ("M USD", "M EUR": summary.json table.currency). */
extern char rp_money_label[16];
/** @p s with every "M USD" replaced by rp_money_label (rotating static buffers). */
const char *rp_u(const char *s);
/** The same for a heap string: frees @p s, returns a heap string (NULL out of memory). */
char *rp_u_own(char *s);

/* Pieces of the page (html.c): HTML-escaped text, M USD, percentages, recovery days,
 * any summary.json value as short readable text. */
void rp_esc(FILE *f, const char *s);
void rp_money(FILE *f, double v);
void rp_pct(FILE *f, double v);
void rp_recovery(FILE *f, const cJSON *o, const char *key, int horizon);
void rp_value_text(FILE *f, const cJSON *v);

/** The scenario section (html_scenario.c): parameters, the events of the run (the
 *  scenario's and the retaliation answers of events_log), the scenario file, the table.
 *  With @p b, the events of the second run too. */
void rp_scenario_section(FILE *f, const rp_results *a, const rp_results *b);

/** What makes two runs not like for like (html_compare.c): a different table (path,
 *  name, dimensions), horizon or start date. Up to @p max plain-text lines (heap) in
 *  @p out; returns how many. */
size_t rp_mismatches(const rp_results *a, const rp_results *b, char **out, size_t max);

/** The warning box at the top of a comparison whose runs are not like for like (nothing
 *  when they are). html_compare.c. */
void rp_mismatch_box(FILE *f, const rp_results *a, const rp_results *b);

/** The comparison section (html_compare.c): the headline numbers side by side, the reporting groups of both runs, the charts. */
ts_status rp_compare_section(FILE *f, const rp_results *a, const rp_results *b,
                             const rp_chart ch[RP_N_CHARTS], const char *charts_dir,
                             ts_error *err);
/** The scenario diff of a comparison (html_diff.c): every echoed scenario value that
 *  differs, by key path (events matched by name). */
void rp_scenario_diff(FILE *f, const rp_results *a, const rp_results *b);

/** Inline chart @p k (html.c). */
ts_status rp_figure(FILE *f, const rp_chart *c, int k, const char *dir, ts_error *err);
/** The label of each run on the page: the scenario names, or the folders when the
 *  names are the same. */
void rp_run_labels(const rp_results *a, const rp_results *b, const char **la, const char **lb);

/** A whole file as a string (heap), or NULL. */
char *rp_read_text(const char *path);

/* summary.json accessors (NULL / NAN / -1 when absent) */
double rp_num(const cJSON *o, const char *key);
const char *rp_str(const cJSON *o, const char *key);
int rp_day(const cJSON *o, const char *key);

#endif
