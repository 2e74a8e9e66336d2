/* The charts of report.html (internal.h, rp_draw_charts); the page is put together by
 * ts_report_build (build.c). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "core/util.h"
#include "report/chart_internal.h"
#include "report/internal.h"

#define MAX_REGION_LINES 8   /* more regions: the 7 largest losses + the others summed */
#define TOP_INDUSTRIES 10
#define MAX_STOCKOUT_ROWS 30
#define MAX_CMP_REGIONS 12
#define GRID_W 620           /* charts shown two side by side (points; about their CSS size) */
#define FULL_W 1160          /* charts across the page */

static const char *chart_names[RP_N_CHARTS] = {"region_loss",   "top_industries",  "stockouts",
                                               "group_loss",    "compare_world",   "compare_regions",
                                               "compare_groups", "backtest_timing",
                                               "backtest_changes", "calibration", "decomposition",
                                               "diff_world", "diff_regions"};

/* Write chart @p k as svg (and png): @p draw is called with each path. */
typedef ts_status (*draw_fn)(const char *path, const void *ctx, ts_error *err);

static ts_status emit(rp_chart *ch, int k, const char *dir, int png, draw_fn draw,
                      const void *ctx, char *caption, ts_error *err)
{
    snprintf(ch[k].name, sizeof ch[k].name, "%s", chart_names[k]);
    ch[k].caption = caption;
    ts_status st = TS_OK;
    for (int pass = 0; pass < (png ? 2 : 1) && !st; pass++) {
        char *p = ts_asprintf("%s/%s.%s", dir, chart_names[k], pass ? "png" : "svg");
        st = p ? draw(p, ctx, err) : ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        free(p);
    }
    ch[k].present = !st;
    return st;
}

typedef struct lines_ctx {
    ts_chart c;
    ts_series *s;
    size_t ns;
} lines_ctx;

static ts_status draw_lines(const char *path, const void *ctx, ts_error *err)
{
    const lines_ctx *l = ctx;
    return ts_chart_lines(path, &l->c, l->s, l->ns, err);
}

typedef struct bars_ctx {
    ts_chart c;
    const char **labels;
    size_t n;
    const char *const *names;
    size_t ns;
    const double *v;
} bars_ctx;

static ts_status draw_bars(const char *path, const void *ctx, ts_error *err)
{
    const bars_ctx *b = ctx;
    return ts_chart_bars(path, &b->c, b->labels, b->n, b->names, b->ns, b->v, err);
}

typedef struct timeline_ctx {
    ts_chart c;
    const ts_span *s;
    size_t n;
    int horizon;
} timeline_ctx;

static ts_status draw_timeline(const char *path, const void *ctx, ts_error *err)
{
    const timeline_ctx *t = ctx;
    return ts_chart_timeline(path, &t->c, t->s, t->n, t->horizon, err);
}

/* Loss curves of @p k series of length T (columns of loss[T*k]), largest total first;
 * with @p sum_others and k > MAX_REGION_LINES, the largest and the rest summed as "other". */
static ts_status loss_lines(rp_chart *ch, int which, const char *dir, int png, const rp_results *r,
                            const double *loss, size_t k, char **names, const char *title,
                            const char *ylabel, int sum_others, char *caption, ts_error *err)
{
    size_t T = r->T, shown = sum_others && k > MAX_REGION_LINES ? MAX_REGION_LINES - 1 : k;
    double *tot = calloc(k ? k : 1, sizeof *tot), *ys = malloc((shown + 1) * T * sizeof *ys);
    size_t *ord = malloc((k ? k : 1) * sizeof *ord);
    ts_series *s = calloc(shown + 1, sizeof *s);
    char *other = ts_asprintf("other (%zu)", k - shown);
    ts_status st = TS_OK;
    if (!tot || !ys || !ord || !s || !other) {
        free(caption);
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    for (size_t q = 0; q < k; q++) {
        for (size_t t = 0; t < T; t++)
            tot[q] += loss[t * k + q];
        ord[q] = q;
    }
    for (size_t a = 1; a < k; a++) /* by total loss, largest first; stable */
        for (size_t b = a; b > 0 && tot[ord[b]] > tot[ord[b - 1]]; b--) {
            size_t x = ord[b];
            ord[b] = ord[b - 1];
            ord[b - 1] = x;
        }
    memset(ys, 0, (shown + 1) * T * sizeof *ys);
    for (size_t j = 0; j < k; j++) {
        size_t slot = j < shown ? j : shown;
        for (size_t t = 0; t < T; t++)
            ys[slot * T + t] += loss[t * k + ord[j]];
    }
    size_t ns = shown + (k > shown);
    for (size_t j = 0; j < ns; j++)
        s[j] = (ts_series){j < shown ? names[ord[j]] : other, ys + j * T, T, 0};
    lines_ctx l = {{title, NULL, ylabel, r->start_date, GRID_W, 420}, s, ns};
    st = emit(ch, which, dir, png, draw_lines, &l, caption, err);
done:
    free(tot), free(ys), free(ord), free(s), free(other);
    return st;
}

/* Reporting groups: % of the group's baseline output when known, else M USD/day. */
static ts_status group_lines(rp_chart *ch, const char *dir, int png, const rp_results *r,
                             ts_error *err)
{
    size_t T = r->T, G = r->G;
    double *pct = r->group_base ? malloc(T * G * sizeof *pct) : NULL;
    if (r->group_base && !pct)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t t = 0; pct && t < T; t++)
        for (size_t g = 0; g < G; g++)
            pct[t * G + g] = r->group_base[g] > 0 ? 100 * r->group_loss[t * G + g] / r->group_base[g]
                                                  : NAN;
    ts_status st = loss_lines(
        ch, RP_GROUPS, dir, png, r, pct ? pct : r->group_loss, G, r->group_names,
        "Output loss by reporting group", pct ? "% of the group's baseline output" : rp_u("M USD/day"), 0,
        rp_u_own(ts_asprintf("Daily output loss of each reporting group (the scenario's `groups`: "
                    "weighted sets of industries), %s.",
                    pct ? "in % of the group's baseline output" : rp_u("M USD/day"))),
        err);
    free(pct);
    return st;
}

static char *industry_label(const rp_results *r, const cJSON *o)
{
    const char *reg = rp_str(o, "region"), *sec = rp_str(o, "sector");
    /* long names cut by characters, never inside one (UTF-8) */
    char *name = ts_utf8_shorten(rp_sector_name(r, sec), 25), *out;
    if (!name || !strcmp(name, sec ? sec : ""))
        out = ts_asprintf("%s %s", reg ? reg : "?", sec ? sec : "?");
    else
        out = ts_asprintf("%s %s %s", reg ? reg : "?", sec ? sec : "?", name);
    free(name);
    return out;
}

static ts_status top_industries(rp_chart *ch, const char *dir, int png, const rp_results *r,
                                ts_error *err)
{
    const cJSON *bi = cJSON_GetObjectItemCaseSensitive(r->summary, "by_industry"), *o;
    size_t n = 0;
    const char *labels[TOP_INDUSTRIES];
    double v[TOP_INDUSTRIES];
    cJSON_ArrayForEach(o, bi) {
        if (n == TOP_INDUSTRIES || !isfinite(rp_num(o, "output_loss_musd")))
            break;
        labels[n] = industry_label(r, o);
        v[n] = rp_num(o, "output_loss_musd");
        if (!labels[n++])
            break;
    }
    ts_status st = TS_OK;
    if (n && labels[n - 1]) {
        bars_ctx b = {{"The 10 industries that lose most", rp_u("M USD over the horizon"), NULL, NULL,
                       GRID_W, 0},
                      labels, n, NULL, 1, v};
        st = emit(ch, RP_TOP, dir, png, draw_bars, &b,
                  rp_u_own(ts_asprintf("Output loss over the %d days by industry (region, sector), M USD; "
                              "the %zu largest of %d.", r->horizon, n, cJSON_GetArraySize(bi))), err);
    } else if (n) {
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    for (size_t k = 0; k < n; k++)
        free((char *)labels[k]);
    return st;
}

static ts_status stockouts(rp_chart *ch, const char *dir, int png, const rp_results *r,
                           ts_error *err)
{
    const cJSON *so = cJSON_GetObjectItemCaseSensitive(r->summary, "stockouts"), *o;
    size_t total = (size_t)cJSON_GetArraySize(so), n = 0;
    if (!total)
        return TS_OK;
    ts_span *sp = calloc(total, sizeof *sp);
    if (!sp)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    cJSON_ArrayForEach(o, so) {
        int f = rp_day(o, "first_day"), l = rp_day(o, "last_day");
        if (f < 0 || l < f)
            continue;
        const char *reg = rp_str(o, "region"), *sec = rp_str(o, "sector"), *in = rp_str(o, "input");
        sp[n++] = (ts_span){ts_asprintf("%s %s, input %s", reg ? reg : "?", sec ? sec : "?",
                                        in ? in : "?"), f, l};
    }
    for (size_t a = 1; a < n; a++) /* earliest first; stable (summary.json is sorted already) */
        for (size_t b = a; b > 0 && sp[b].first < sp[b - 1].first; b--) {
            ts_span x = sp[b];
            sp[b] = sp[b - 1];
            sp[b - 1] = x;
        }
    size_t shown = n < MAX_STOCKOUT_ROWS ? n : MAX_STOCKOUT_ROWS;
    ts_status st = TS_OK;
    for (size_t k = 0; k < shown && !st; k++)
        if (!sp[k].label)
            st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (!st && shown) {
        timeline_ctx t = {{"Stock-outs: inputs that ran short, first to last day", NULL, NULL,
                           r->start_date, FULL_W, 0}, sp, shown, r->horizon};
        st = emit(ch, RP_STOCKOUTS, dir, png, draw_timeline, &t,
                  ts_asprintf("Each bar: an industry (region, sector) whose stock of an input "
                              "product fell below the level that cuts production, from the first "
                              "to the last such day; %s%zu of %zu, earliest first.",
                              shown < n ? "the " : "all ", shown, n), err);
    }
    for (size_t k = 0; k < n; k++)
        free((char *)sp[k].label);
    free(sp);
    return st;
}

typedef struct look_ctx {
    ts_chart c;
    const ts_series *s;
    size_t ns;
    chart_line_look look;
} look_ctx;

static ts_status draw_look(const char *path, const void *ctx, ts_error *err)
{
    const look_ctx *l = ctx;
    return chart_lines_look(path, &l->c, l->s, l->ns, &l->look, err);
}

/* Day t of group g of a run: % of the group's baseline output, or M USD/day. */
static double group_value(const rp_results *r, size_t t, size_t g, int in_pct)
{
    double v = r->group_loss[t * r->G + g];
    if (!in_pct)
        return v;
    return r->group_base[g] > 0 ? 100 * v / r->group_base[g] : NAN;
}

/* Loss curves of the groups both runs have (by name; the N_SERIES_COL largest), one
 * colour per group: the first run solid, the second dashed. */
static ts_status group_compare(rp_chart *ch, const char *dir, int png, const rp_results *a,
                               const rp_results *b, const char *na, const char *nb,
                               ts_error *err)
{
    size_t G = a->G, m = 0, ns = 0, Ta = a->T, Tb = b->T;
    int in_pct = a->group_base && b->group_base;
    size_t *jb = malloc(G * sizeof *jb), *ord = malloc(G * sizeof *ord);
    double *tot = calloc(G, sizeof *tot);
    double *ya = malloc(Ta * N_SERIES_COL * sizeof *ya), *yb = malloc(Tb * N_SERIES_COL * sizeof *yb);
    ts_series s[2 * N_SERIES_COL];
    int col[2 * N_SERIES_COL], sty[2 * N_SERIES_COL], lcol[N_SERIES_COL + 2], lsty[N_SERIES_COL + 2];
    const char *legend[N_SERIES_COL + 2];
    ts_status st = TS_OK;
    if (!jb || !ord || !tot || !ya || !yb) {
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    for (size_t g = 0; g < G; g++) {
        size_t k = 0;
        while (k < b->G && strcmp(a->group_names[g], b->group_names[k]))
            k++;
        if (k == b->G)
            continue;
        jb[g] = k;
        for (size_t t = 0; t < Ta + Tb; t++) {
            double v = t < Ta ? group_value(a, t, g, in_pct) : group_value(b, t - Ta, k, in_pct);
            tot[g] += isfinite(v) ? fabs(v) : 0;
        }
        ord[m++] = g;
    }
    for (size_t i = 1; i < m; i++) /* largest first, stable */
        for (size_t j = i; j > 0 && tot[ord[j]] > tot[ord[j - 1]]; j--) {
            size_t x = ord[j];
            ord[j] = ord[j - 1];
            ord[j - 1] = x;
        }
    size_t keep = m < N_SERIES_COL ? m : N_SERIES_COL;
    for (size_t i = 1; i < keep; i++) /* shown in the first run's order */
        for (size_t j = i; j > 0 && ord[j] < ord[j - 1]; j--) {
            size_t x = ord[j];
            ord[j] = ord[j - 1];
            ord[j - 1] = x;
        }
    for (size_t j = 0; j < keep; j++) {
        size_t g = ord[j];
        for (size_t t = 0; t < Ta; t++)
            ya[j * Ta + t] = group_value(a, t, g, in_pct);
        for (size_t t = 0; t < Tb; t++)
            yb[j * Tb + t] = group_value(b, t, jb[g], in_pct);
        s[ns] = (ts_series){a->group_names[g], ya + j * Ta, Ta, 0};
        col[ns] = COL_SERIES + (int)j, sty[ns++] = 1;
        s[ns] = (ts_series){a->group_names[g], yb + j * Tb, Tb, 0};
        col[ns] = COL_SERIES + (int)j, sty[ns++] = 2;
        legend[j] = a->group_names[g], lcol[j] = COL_SERIES + (int)j, lsty[j] = 1;
    }
    legend[keep] = na, lcol[keep] = COL_FG, lsty[keep] = 1;
    legend[keep + 1] = nb, lcol[keep + 1] = COL_FG, lsty[keep + 1] = 2;
    if (keep) {
        int same_start = !strcmp(a->start_date, b->start_date);
        look_ctx l = {{"Output loss by reporting group, both runs", same_start ? NULL : "day",
                       in_pct ? "% of the group's baseline output" : rp_u("M USD/day"),
                       same_start ? a->start_date : NULL, FULL_W, 460},
                      s, ns, {col, sty, keep + 2, legend, lcol, lsty}};
        char more[64] = "";
        if (keep < m)
            snprintf(more, sizeof more, "; the %zu largest of %zu", keep, m);
        st = emit(ch, RP_CMP_GROUPS, dir, png, draw_look, &l,
                  rp_u_own(ts_asprintf("Daily output loss of each reporting group, %s: %s solid, %s "
                              "dashed (groups of both runs%s).",
                              in_pct ? "in % of the group's baseline output" : rp_u("M USD/day"), na, nb,
                              more)),
                  err);
    }
done:
    free(jb), free(ord), free(tot), free(ya), free(yb);
    return st;
}

/* Difference charts: run 2 minus run 1, world loss by day (common days) and loss by
 * region (@p v: the two runs' region losses, series-major [2 * n]). */
static ts_status difference(rp_chart *ch, const char *dir, int png, const rp_results *a,
                            const rp_results *b, const char *na, const char *nb,
                            const char **labels, size_t n, const double *v, ts_error *err)
{
    size_t T = a->T < b->T ? a->T : b->T;
    double *d = malloc((T + n + 1) * sizeof *d);
    if (!d)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t t = 0; t < T; t++)
        d[t] = b->world_loss[t] - a->world_loss[t];
    char *title = ts_asprintf("%s minus %s", nb, na);
    ts_series s = {title ? title : "difference", d, T, 0};
    int same_start = !strcmp(a->start_date, b->start_date);
    lines_ctx l = {{"Difference in world output loss", same_start ? NULL : "day", rp_u("M USD/day"),
                    same_start ? a->start_date : NULL, GRID_W, 420}, &s, 1};
    ts_status st = emit(ch, RP_CMP_DIFF_WORLD, dir, png, draw_lines, &l,
                        rp_u_own(ts_asprintf("Daily world output loss of %s minus that of %s, "
                                             "M USD/day (below 0: %s loses less).", nb, na, nb)),
                        err);
    for (size_t k = 0; k < n; k++)
        d[T + k] = v[n + k] - v[k];
    const char *names[1] = {s.name};
    bars_ctx bc = {{"Difference in output loss by region", rp_u("M USD over the horizon"), NULL,
                    NULL, GRID_W, 0}, labels, n, names, 1, d + T};
    if (!st && n)
        st = emit(ch, RP_CMP_DIFF_REGIONS, dir, png, draw_bars, &bc,
                  rp_u_own(ts_asprintf("Output loss over the horizon by region, %s minus %s, "
                                       "M USD.", nb, na)), err);
    free(title);
    free(d);
    return st;
}

static ts_status comparison(rp_chart *ch, const char *dir, int png, const rp_results *a,
                            const rp_results *b, ts_error *err)
{
    const char *na, *nb;
    rp_run_labels(a, b, &na, &nb);
    ts_series s[2] = {{na, a->world_loss, a->T, 0}, {nb, b->world_loss, b->T, 0}};
    int same_start = !strcmp(a->start_date, b->start_date);
    lines_ctx l = {{"World output loss", same_start ? NULL : "day", rp_u("M USD/day"),
                    same_start ? a->start_date : NULL, GRID_W, 420}, s, 2};
    ts_status st = emit(ch, RP_CMP_WORLD, dir, png, draw_lines, &l,
                        rp_u_own(ts_asprintf("Daily world output loss, M USD/day: %s against %s.", na, nb)),
                        err);
    if (st)
        return st;
    const cJSON *ra = cJSON_GetObjectItemCaseSensitive(a->summary, "by_region"), *o, *p;
    const cJSON *rb = cJSON_GetObjectItemCaseSensitive(b->summary, "by_region");
    const char *labels[MAX_CMP_REGIONS], *names[2] = {na, nb};
    double v[2 * MAX_CMP_REGIONS];
    size_t n = 0;
    cJSON_ArrayForEach(o, ra) {
        if (n == MAX_CMP_REGIONS)
            break;
        const char *code = rp_str(o, "region");
        if (!code)
            continue;
        labels[n] = code;
        v[n] = rp_num(o, "output_loss_musd");
        v[MAX_CMP_REGIONS + n] = NAN;
        cJSON_ArrayForEach(p, rb) {
            const char *c2 = rp_str(p, "region");
            if (c2 && !strcmp(c2, code))
                v[MAX_CMP_REGIONS + n] = rp_num(p, "output_loss_musd");
        }
        n++;
    }
    if (!n)
        return !a->G || !b->G ? TS_OK : group_compare(ch, dir, png, a, b, na, nb, err);
    memmove(v + n, v + MAX_CMP_REGIONS, n * sizeof *v); /* series-major [2 * n] */
    if ((st = difference(ch, dir, png, a, b, na, nb, labels, n, v, err)))
        return st;
    bars_ctx bc = {{"Output loss by region", rp_u("M USD over the horizon"), NULL, NULL, GRID_W, 0},
                   labels, n, names, 2, v};
    st = emit(ch, RP_CMP_REGIONS, dir, png, draw_bars, &bc,
              rp_u_own(ts_asprintf("Output loss over the horizon by region, M USD: %s against %s.", na, nb)),
              err);
    return st || !a->G || !b->G ? st : group_compare(ch, dir, png, a, b, na, nb, err);
}

ts_status rp_draw_charts(const rp_results *a, const rp_results *b, const char *dir, int png,
                         rp_chart ch[RP_N_CHARTS], ts_error *err)
{
    memset(ch, 0, RP_N_CHARTS * sizeof *ch);
    ts_status st = loss_lines(ch, RP_LOSS, dir, png, a, a->region_loss, a->R, a->region_codes,
                              "Output loss by region", rp_u("M USD/day"), 1,
                              rp_u_own(ts_asprintf("Daily output loss by region (baseline output minus "
                                          "realised output), M USD/day%s.",
                                          a->R > MAX_REGION_LINES ? "; the 7 largest, the others summed" : "")),
                              err);
    if (!st)
        st = top_industries(ch, dir, png, a, err);
    if (!st)
        st = stockouts(ch, dir, png, a, err);
    if (!st && a->G)
        st = group_lines(ch, dir, png, a, err);
    if (!st && b)
        st = comparison(ch, dir, png, a, b, err);
    if (!st)
        st = rp_history_charts(a, dir, png, ch, err);
    if (!st && a->decomp)
        st = rp_decompose_chart(a, dir, png, ch, err);
    return st;
}
