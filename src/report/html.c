/* report.html: one self-contained page (inline CSS, charts inlined as SVG, no script,
 * nothing loaded from elsewhere). internal.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "report/chart_internal.h"
#include "report/internal.h"

static const char *css =
    "body{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;margin:0;color:#222;"
    "background:#f6f6f4}\n"
    "main{max-width:1220px;margin:0 auto;padding:18px 24px 40px}\n"
    "h1{font-size:26px;margin:6px 0 2px}h2{font-size:19px;margin:26px 0 8px;"
    "border-bottom:1px solid #ddd;padding-bottom:4px}\n"
    ".sub{color:#555;margin:0 0 6px}.desc{max-width:900px}\n"
    ".cards{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0}\n"
    ".card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:10px 14px;"
    "min-width:170px;flex:1}\n"
    ".card .v{font-size:22px;font-weight:bold}.card .l{color:#555;font-size:13px}\n"
    ".grid{display:grid;grid-template-columns:1fr 1fr;gap:14px;margin-top:12px}\n"
    "figure.chart{background:#fff;border:1px solid #ddd;border-radius:6px;margin:0;padding:8px}\n"
    "figure.chart svg{width:100%;height:auto;display:block}\n"
    "figcaption{color:#555;font-size:13px;margin-top:4px}\n"
    "table{border-collapse:collapse;background:#fff;font-size:13px}\n"
    "th,td{border:1px solid #ddd;padding:3px 8px;text-align:left}"
    "td.n{text-align:right;white-space:nowrap}td.d{white-space:nowrap}\n"
    "pre{background:#fff;border:1px solid #ddd;padding:10px;font-size:12px;overflow-x:auto}\n"
    "footer{color:#777;font-size:12px;margin-top:30px}\n"
    ".warn{background:#fff4e5;border:2px solid #e8a33d;border-radius:6px;padding:10px 16px;"
    "margin:14px 0}\n.warn ul{margin:6px 0}\n"
    "tr.answer td{background:#fbf7ee}th.run{text-align:center}\n"
    ".wide{grid-column:1/-1}.note{color:#555;font-size:13px;margin:4px 0 10px}\n";

void rp_esc(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f); break;
        }
    }
}

/* Money in M USD with thousands separators (fewer decimals for big numbers). */
void rp_money(FILE *f, double v)
{
    char b[64];
    if (!isfinite(v)) {
        fputs("n/a", f);
        return;
    }
    chart_fmt_number(b, sizeof b, v, fabs(v) >= 100 ? 0 : fabs(v) >= 1 ? 1 : 3);
    fputs(b, f);
}

void rp_pct(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, "%.3g%%", v);
    else
        fputs("n/a", f);
}

/* recovery_day: null = loss never above 0.1% of baseline; = horizon: not recovered. */
void rp_recovery(FILE *f, const cJSON *o, const char *key, int horizon)
{
    int d = rp_day(o, key);
    if (d < 0)
        fputs("no loss above 0.1%", f);
    else if (d >= horizon)
        fputs("not within the horizon", f);
    else
        fprintf(f, "day %d", d);
}

static void card(FILE *f, const char *label, void (*val)(FILE *, double), double v,
                 const char *unit)
{
    fputs("<div class=\"card\"><div class=\"v\">", f);
    val(f, v);
    fprintf(f, "%s</div><div class=\"l\">", unit);
    rp_esc(f, label);
    fputs("</div></div>\n", f);
}

/* "2011 table and prices" (the table's year from summary.json), or "table prices". */
static void prices(FILE *f, const rp_results *r)
{
    const char *y = rp_str(cJSON_GetObjectItemCaseSensitive(r->summary, "table"), "year");
    fputs(" (", f);
    if (y)
        rp_esc(f, y);
    fputs(y ? " table and prices)" : "table prices)", f);
}

/* The largest loser among summary.json by_region, in M USD (@p pct 0) or in % (1). */
static const cJSON *top_region(const cJSON *br, int pct)
{
    const cJSON *o, *best = NULL;
    const char *key = pct ? "output_loss_pct" : "output_loss_musd";
    cJSON_ArrayForEach(o, br)
        if (!best || rp_num(o, key) > rp_num(best, key))
            best = o;
    return best;
}

/* One sentence: what the run costs, who loses most (M USD and %), the first stock-out. */
static void executive_summary(FILE *f, const rp_results *r)
{
    const cJSON *s = r->summary, *br = cJSON_GetObjectItemCaseSensitive(s, "by_region");
    const cJSON *m = top_region(br, 0), *p = top_region(br, 1);
    const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(s, "stockouts"), 0);
    fputs("<p class=\"summary\" id=\"executive-summary\">", f);
    rp_esc(f, r->name);
    fputs(" costs the world ", f);
    rp_money(f, rp_num(s, "total_output_loss_musd"));
    fputs(rp_u(" M USD"), f);
    prices(f, r);
    fprintf(f, " of output over %d days, ", r->horizon);
    rp_pct(f, rp_num(s, "total_output_loss_pct"));
    fputs(" of baseline output", f);
    if (m && p) {
        fputs("; the largest loser is ", f);
        rp_esc(f, rp_str(m, "region"));
        fputs(" in money (", f);
        rp_money(f, rp_num(m, "output_loss_musd"));
        fputs(rp_u(" M USD"), f);
        fputs(") and ", f);
        rp_esc(f, rp_str(p, "region"));
        fputs(" in share of its output (", f);
        rp_pct(f, rp_num(p, "output_loss_pct"));
        fputs(")", f);
    }
    if (first) {
        fputs("; the first stock-out is ", f);
        rp_esc(f, rp_str(first, "region"));
        fputc(' ', f);
        rp_esc(f, rp_sector_name(r, rp_str(first, "sector")));
        fputs(" short of ", f);
        rp_esc(f, rp_sector_name(r, rp_str(first, "input")));
        fputs(" on ", f);
        rp_esc(f, rp_str(first, "first_date"));
    }
    fputs(".</p>\n", f);
}

static void headline(FILE *f, const rp_results *r)
{
    const cJSON *s = r->summary;
    const cJSON *so = cJSON_GetObjectItemCaseSensitive(s, "stockouts");
    const cJSON *first = cJSON_GetArrayItem(so, 0);
    executive_summary(f, r);
    fputs("<div class=\"cards\" id=\"headline\">\n", f);
    card(f, rp_u("world output loss, M USD"), rp_money, rp_num(s, "total_output_loss_musd"), "");
    card(f, "of baseline world output", rp_pct, rp_num(s, "total_output_loss_pct"), "");
    card(f, rp_u("value added lost, M USD"), rp_money, rp_num(s, "total_value_added_loss_musd"), "");
    card(f, rp_u("final demand not served, M USD"), rp_money, rp_num(s, "total_unmet_final_demand_musd"), "");
    fprintf(f, "<div class=\"card\"><div class=\"v\">%d</div><div class=\"l\">stock-outs "
               "(industry, input)", cJSON_GetArraySize(so));
    if (first) {
        fputs("; first: ", f);
        rp_esc(f, rp_str(first, "region"));
        fputc(' ', f);
        rp_esc(f, rp_str(first, "sector"));
        fputs(" short of ", f);
        rp_esc(f, rp_str(first, "input"));
        fputs(" on ", f);
        rp_esc(f, rp_str(first, "first_date"));
    }
    fputs("</div></div>\n<div class=\"card\"><div class=\"v\">", f);
    rp_recovery(f, s, "recovery_day", r->horizon);
    fputs("</div><div class=\"l\">world recovery (daily loss back below 0.1%)</div></div>\n", f);
    int nc = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(s, "collapsed"));
    fprintf(f, "<div class=\"card\"><div class=\"v\">%d</div><div class=\"l\">industries below "
               "10%% of baseline output%s</div></div>\n</div>\n", nc,
            cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(s, "economy_collapsed"))
                ? "; <b>the world economy collapsed</b>" : "");
    const cJSON *w, *ws = cJSON_GetObjectItemCaseSensitive(s, "warnings");
    cJSON_ArrayForEach(w, ws) {
        fputs("<p><b>Warning:</b> ", f);
        rp_esc(f, cJSON_IsString(w) ? w->valuestring : "");
        fputs("</p>\n", f);
    }
}

/* Inline charts/<name>.svg: from "<svg" on, with PLplot's ids made unique per chart. */
ts_status rp_figure(FILE *f, const rp_chart *c, int k, const char *dir, ts_error *err)
{
    if (!c->present)
        return TS_OK;
    char *p = ts_asprintf("%s/%s.svg", dir, c->name), *svg = p ? rp_read_text(p) : NULL;
    const char *s = svg ? strstr(svg, "<svg") : NULL;
    if (!s) {
        ts_status st = ts_error_set(err, TS_ERR_IO, p, 0, 0, NULL, "cannot read the chart");
        free(p);
        free(svg);
        return st;
    }
    free(p);
    fprintf(f, "<figure class=\"chart\" id=\"chart-%s\" data-chart=\"%s\">\n", c->name, c->name);
    for (const char *hit; (hit = strstr(s, "text-clipping")); s = hit + 13) {
        fwrite(s, 1, (size_t)(hit - s), f);
        fprintf(f, "c%d-text-clipping", k);
    }
    fputs(s, f);
    free(svg);
    fputs("<figcaption>", f);
    rp_esc(f, c->caption);
    fputs("</figcaption></figure>\n", f);
    return TS_OK;
}

static void region_table(FILE *f, const rp_results *r)
{
    fputs(rp_u("<table id=\"regions\"><tr><th>region</th><th>output loss, M USD"), f);
    prices(f, r);
    fputs(rp_u("</th><th>rank in M USD</th><th>% of its output</th><th>rank in %</th>"
          "<th>value added lost, M USD</th><th>final demand not served, M USD</th>"
          "<th>recovery</th></tr>\n"), f);
    const cJSON *o, *q, *br = cJSON_GetObjectItemCaseSensitive(r->summary, "by_region");
    int k = 0;
    cJSON_ArrayForEach(o, br) {
        int rank_pct = 1;
        cJSON_ArrayForEach(q, br)
            rank_pct += rp_num(q, "output_loss_pct") > rp_num(o, "output_loss_pct");
        fputs("<tr><td>", f);
        rp_esc(f, rp_str(o, "region"));
        fputs("</td><td class=\"n\">", f);
        rp_money(f, rp_num(o, "output_loss_musd"));
        fprintf(f, "</td><td class=\"n\">%d</td><td class=\"n\">", ++k);
        rp_pct(f, rp_num(o, "output_loss_pct"));
        fprintf(f, "</td><td class=\"n\">%d</td><td class=\"n\">", rank_pct);
        rp_money(f, rp_num(o, "value_added_loss_musd"));
        fputs("</td><td class=\"n\">", f);
        rp_money(f, rp_num(o, "unmet_final_demand_musd"));
        fputs("</td><td>", f);
        rp_recovery(f, o, "recovery_day", r->horizon);
        fputs("</td></tr>\n", f);
    }
    fputs(rp_u("</table>\n<p class=\"note\">Money in M USD"), f);
    prices(f, r);
    fputs(": the table's structure and prices; ranked by M USD, with the rank by share of "
          "the region's own output.</p>\n", f);
}

/* summary.json `groups`: {name: {output_loss_musd, output_loss_pct, first_stockout_date,
 * members: [{industry, weight}]}} */
static void groups_table(FILE *f, const cJSON *groups)
{
    if (!cJSON_GetArraySize(groups))
        return;
    fputs(rp_u("<div><table id=\"groups\"><tr><th>group</th><th>output loss, M USD</th><th>% of its "
          "output</th><th>first stock-out</th><th>members (industry: weight)</th></tr>\n"), f);
    const cJSON *g, *m;
    cJSON_ArrayForEach(g, groups) {
        fputs("<tr><td>", f);
        rp_esc(f, g->string);
        fputs("</td><td class=\"n\">", f);
        rp_money(f, rp_num(g, "output_loss_musd"));
        fputs("</td><td class=\"n\">", f);
        rp_pct(f, rp_num(g, "output_loss_pct"));
        fputs("</td><td>", f);
        rp_value_text(f, cJSON_GetObjectItemCaseSensitive(g, "first_stockout_date"));
        fputs("</td><td>", f);
        int k = 0;
        cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(g, "members")) {
            fputs(k++ ? ", " : "", f);
            rp_esc(f, rp_str(m, "industry"));
            fputs(": ", f);
            rp_value_text(f, cJSON_GetObjectItemCaseSensitive(m, "weight"));
        }
        fputs("</td></tr>\n", f);
    }
    fputs("</table></div>\n", f);
}

/* A run's heading inside a section of a comparison page (nothing on a one-run page). */
static void run_heading(FILE *f, const rp_results *r, const rp_results *b, int which)
{
    if (!b)
        return;
    const char *la, *lb;
    rp_run_labels(r, b, &la, &lb);
    fprintf(f, "<h3 class=\"run run%d\">Run %d: ", which + 1, which + 1);
    rp_esc(f, which ? lb : la);
    fputs("</h3>\n", f);
}

/* The sections shown for each run: losses, stock-outs, reporting groups, regions. On a
 * comparison page each holds run 1, then run 2 (charts of run 2 in charts/run2/). */
static ts_status run_sections(FILE *f, const rp_results *r[2], const rp_chart *ch[2],
                              const char *dir, ts_error *err)
{
    ts_status st = TS_OK;
    int nr = r[1] ? 2 : 1;
    const rp_results *other = r[1];
    fputs("<h2>Losses</h2>\n", f);
    for (int w = 0; w < nr && !st; w++) {
        run_heading(f, r[0], other, w);
        fputs("<div class=\"grid\">\n", f);
        for (int k = RP_LOSS; k <= RP_TOP && !st; k++)
            st = rp_figure(f, &ch[w][k], k + 100 * w, dir, err);
        fputs("</div>\n", f);
    }
    fputs("<h2>Stock-outs</h2>\n", f);
    for (int w = 0; w < nr && !st; w++) {
        run_heading(f, r[0], other, w);
        if (ch[w][RP_STOCKOUTS].present)
            st = rp_figure(f, &ch[w][RP_STOCKOUTS], RP_STOCKOUTS + 100 * w, dir, err);
        else
            fputs("<p>No input ran short enough to cut production.</p>\n", f);
    }
    int any = 0;
    for (int w = 0; w < nr; w++)
        any |= ch[w][RP_GROUPS].present ||
               cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(r[w]->summary, "groups")) > 0;
    if (any)
        fputs("<h2>Reporting groups</h2>\n", f);
    for (int w = 0; any && w < nr && !st; w++) {
        const cJSON *groups = cJSON_GetObjectItemCaseSensitive(r[w]->summary, "groups");
        run_heading(f, r[0], other, w);
        fputs("<div class=\"grid\">\n", f);
        st = rp_figure(f, &ch[w][RP_GROUPS], RP_GROUPS + 100 * w, dir, err);
        groups_table(f, groups);
        fputs("</div>\n", f);
    }
    fputs("<h2>Regions</h2>\n", f);
    for (int w = 0; w < nr; w++) {
        run_heading(f, r[0], other, w);
        region_table(f, r[w]);
    }
    return st;
}

ts_status rp_write_html(FILE *f, const rp_results *a, const rp_results *b,
                        const rp_chart ch[RP_N_CHARTS], const rp_chart chb[RP_N_CHARTS],
                        const char *dir, ts_error *err)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(a->summary, "table");
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"generator\" content=\"tradeshock report\">\n<title>tradeshock: ", f);
    rp_esc(f, a->name);
    if (b) {
        fputs(" vs ", f);
        rp_esc(f, b->name);
    }
    fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n<h1>", css);
    rp_esc(f, a->name);
    if (b) {
        fputs(" <span class=\"sub\">against</span> ", f);
        rp_esc(f, b->name);
    }
    fputs("</h1>\n<p class=\"sub\">", f);
    rp_esc(f, a->start_date);
    fputs(" to ", f);
    rp_esc(f, rp_str(a->summary, "end_date"));
    fprintf(f, " (%d days), table: ", a->horizon);
    rp_esc(f, rp_str(t, "name"));
    fputs("</p>\n", f);
    if (b)
        rp_mismatch_box(f, a, b);
    if (a->description) {
        fputs("<p class=\"desc\">", f);
        rp_esc(f, a->description);
        fputs("</p>\n", f);
    }
    const rp_results *r[2] = {a, b};
    const rp_chart *c2[2] = {ch, chb};
    for (int w = 0; w < (b ? 2 : 1); w++) {
        run_heading(f, a, b, w);
        headline(f, r[w]);
    }
    ts_status st = TS_OK;
    if (b)
        st = rp_compare_section(f, a, b, ch, dir, err);
    if (!st)
        st = rp_history_section(f, a, ch, dir, err);
    for (int w = 0; w < (b ? 2 : 1) && !st; w++)
        if (r[w]->decomp) {
            run_heading(f, a, b, w);
            rp_decompose_section(f, r[w], c2[w], dir, err);
        }
    if (!st)
        st = run_sections(f, r, c2, dir, err);
    rp_scenario_section(f, a, b);
    fputs("<footer>Made by tradeshock ", f);
    rp_esc(f, rp_str(a->summary, "tradeshock_version"));
    fputs(" from summary.json, timeseries.nc and scenario.yaml of the results folder; charts "
          "also in charts/*.svg. Losses are sums of daily losses over the horizon; "
          "percentages are of baseline output over the same days.</footer>\n</main>\n</body>\n</html>\n",
          f);
    return st;
}
