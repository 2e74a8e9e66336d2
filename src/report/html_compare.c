/* The comparison of two runs on report.html (`tradeshock report DIR DIR2`): a warning box
 * when they are not like for like, the headline numbers side by side, the reporting
 * groups of both, and the comparison charts. internal.h. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "report/internal.h"

void rp_run_labels(const rp_results *a, const rp_results *b, const char **la, const char **lb)
{
    int same = !strcmp(a->name, b->name);
    *la = same ? a->dir : a->name;
    *lb = same ? b->dir : b->name;
}

/* A path with "." and "dir/.." taken out, lexically ("scenarios/../data/x" is
 * "data/x"): the same table reached from two places compares equal. Heap. */
static char *lexical_path(const char *p)
{
    size_t n = strlen(p);
    char *out = malloc(n + 2), *copy = ts_strdup(p);
    if (!out || !copy) {
        free(out);
        free(copy);
        return NULL;
    }
    size_t k = 0;
    int abs = p[0] == '/';
    out[0] = 0;
    for (char *save = NULL, *part = strtok_r(copy, "/", &save); part;
         part = strtok_r(NULL, "/", &save)) {
        if (!strcmp(part, "."))
            continue;
        char *last = k ? strrchr(out, '/') : NULL;
        const char *prev = last ? last + 1 : out;
        if (!strcmp(part, "..") && k && strcmp(prev, "..")) {
            k = last ? (size_t)(last - out) : 0;
            out[k] = 0;
            continue;
        }
        k += (size_t)sprintf(out + k, "%s%s", k ? "/" : "", part);
    }
    free(copy);
    if (abs) {
        memmove(out + 1, out, k + 1);
        out[0] = '/';
    }
    return out;
}

/* Two spellings of one folder: equal, or one ends the other at a "/" ("data/x" and
 * "/home/u/tradeshock/data/x": runs made from different working folders). */
static int same_place(const char *p, const char *q)
{
    size_t n = strlen(p), m = strlen(q);
    if (n < m) {
        const char *t = p;
        p = q, q = t, n = m, m = strlen(q);
    }
    return !strcmp(p + n - m, q) && (n == m || (m && p[n - m - 1] == '/'));
}

/* "path (R regions x S sectors)", with the table's name when the paths say nothing. */
static char *table_text(const cJSON *t, const rp_results *r, int with_name)
{
    const char *p = rp_str(t, "path"), *name = rp_str(t, "name");
    return ts_asprintf("%s%s%s (%zu regions x %zu sectors)", p && *p ? p : "(path unknown)",
                       with_name && name ? ", " : "", with_name && name ? name : "", r->R, r->S);
}

size_t rp_mismatches(const rp_results *a, const rp_results *b, char **out, size_t max)
{
    const char *la, *lb;
    rp_run_labels(a, b, &la, &lb);
    const cJSON *ta = cJSON_GetObjectItemCaseSensitive(a->summary, "table");
    const cJSON *tb = cJSON_GetObjectItemCaseSensitive(b->summary, "table");
    const char *pa = rp_str(ta, "path"), *pb = rp_str(tb, "path");
    const char *na = rp_str(ta, "name"), *nb = rp_str(tb, "name");
    char *qa = lexical_path(pa ? pa : ""), *qb = lexical_path(pb ? pb : "");
    const cJSON *da = cJSON_GetObjectItemCaseSensitive(ta, "dimensions");
    const cJSON *db = cJSON_GetObjectItemCaseSensitive(tb, "dimensions");
    int place = !qa || !qb || same_place(qa, qb);
    int differ = !place || a->R != b->R || a->S != b->S ||
                 (da && db && !cJSON_Compare(da, db, 1)) || strcmp(na ? na : "", nb ? nb : "");
    free(qa);
    free(qb);
    size_t n = 0;
    if (differ && n < max) {
        char *xa = table_text(ta, a, place), *xb = table_text(tb, b, place);
        out[n++] = ts_asprintf("different tables: %s ran on %s, %s on %s", la,
                               xa ? xa : "?", lb, xb ? xb : "?");
        free(xa);
        free(xb);
    }
    if (a->horizon != b->horizon && n < max)
        out[n++] = ts_asprintf("different horizons: %s runs %d days, %s %d days (totals are "
                               "sums over different spans)", la, a->horizon, lb, b->horizon);
    if (strcmp(a->start_date, b->start_date) && n < max)
        out[n++] = ts_asprintf("different start dates: %s starts on %s, %s on %s (the charts "
                               "count days from each run's own start)",
                               la, a->start_date, lb, b->start_date);
    return n;
}

void rp_mismatch_box(FILE *f, const rp_results *a, const rp_results *b)
{
    char *lines[3] = {NULL, NULL, NULL};
    size_t n = rp_mismatches(a, b, lines, 3);
    if (!n)
        return;
    fputs("<div class=\"warn\" id=\"mismatch\"><b>Warning: these two runs are not like for "
          "like.</b> The differences shown below mix the effect of the scenarios with:\n<ul>\n", f);
    for (size_t k = 0; k < n; k++) {
        fputs("<li>", f);
        rp_esc(f, lines[k] ? lines[k] : "(out of memory)");
        fputs("</li>\n", f);
        free(lines[k]);
    }
    fputs("</ul>Compare runs made on the same table, from the same start date, over the same "
          "horizon.</div>\n", f);
}

static void compare_table(FILE *f, const rp_results *a, const rp_results *b)
{
    static const char *keys[] = {"total_output_loss_musd", "total_output_loss_pct",
                                 "total_value_added_loss_musd", "total_unmet_final_demand_musd"};
    static const char *labels[] = {"world output loss, M USD", "% of baseline output",
                                   "value added lost, M USD", "final demand not served, M USD"};
    fputs("<table id=\"comparison\"><tr><th></th><th>", f);
    rp_esc(f, a->name);
    fputs("</th><th>", f);
    rp_esc(f, b->name);
    fputs("</th></tr>\n", f);
    for (size_t k = 0; k < 4; k++) {
        fprintf(f, "<tr><td>%s</td>", rp_u(labels[k]));
        for (int j = 0; j < 2; j++) {
            fputs("<td class=\"n\">", f);
            (k == 1 ? rp_pct : rp_money)(f, rp_num((j ? b : a)->summary, keys[k]));
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fprintf(f, "<tr><td>stock-outs</td><td class=\"n\">%d</td><td class=\"n\">%d</td></tr>\n",
            cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(a->summary, "stockouts")),
            cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(b->summary, "stockouts")));
    fputs("<tr><td>world recovery</td>", f);
    for (int j = 0; j < 2; j++) {
        fputs("<td class=\"n\">", f);
        rp_recovery(f, (j ? b : a)->summary, "recovery_day", (j ? b : a)->horizon);
        fputs("</td>", f);
    }
    fputs("</tr>\n</table>\n", f);
}

static void first_stockout(FILE *f, const cJSON *g)
{
    const char *d = rp_str(g, "first_stockout_date");
    if (!g)
        fputs("&ndash;", f);
    else if (d)
        rp_esc(f, d);
    else
        fputs("none", f);
}

static void group_row(FILE *f, const char *name, const cJSON *ga, const cJSON *gb)
{
    fputs("<tr><td>", f);
    rp_esc(f, name);
    fputs("</td><td>", f);
    first_stockout(f, ga);
    fputs("</td><td>", f);
    first_stockout(f, gb);
    double la = ga ? rp_num(ga, "output_loss_musd") : NAN;
    double lb = gb ? rp_num(gb, "output_loss_musd") : NAN;
    fputs("</td><td class=\"n\">", f);
    rp_money(f, la);
    fputs("</td><td class=\"n\">", f);
    rp_money(f, lb);
    fputs("</td><td class=\"n\">", f);
    if (isfinite(la) && isfinite(lb)) {
        fputs(lb - la > 0 ? "+" : "", f);
        rp_money(f, lb - la);
        if (la > 0)
            fprintf(f, " (%+.0f%%)", 100 * (lb - la) / la);
    } else {
        fputs("&ndash;", f);
    }
    fputs("</td><td class=\"n\">", f);
    rp_pct(f, ga ? rp_num(ga, "output_loss_pct") : NAN);
    fputs("</td><td class=\"n\">", f);
    rp_pct(f, gb ? rp_num(gb, "output_loss_pct") : NAN);
    fputs("</td></tr>\n", f);
}

/* summary.json `groups` of both runs, by name: the first run's order, then the groups
 * only the second has. */
static void groups_compare(FILE *f, const rp_results *a, const rp_results *b)
{
    const cJSON *ga = cJSON_GetObjectItemCaseSensitive(a->summary, "groups");
    const cJSON *gb = cJSON_GetObjectItemCaseSensitive(b->summary, "groups"), *g;
    if (!cJSON_GetArraySize(ga) && !cJSON_GetArraySize(gb))
        return;
    const char *la, *lb;
    rp_run_labels(a, b, &la, &lb);
    fputs(rp_u("<h3>Reporting groups in both runs</h3>\n<table id=\"group-comparison\"><tr>"
          "<th rowspan=\"2\">group</th><th colspan=\"2\" class=\"run\">first stock-out</th>"
          "<th colspan=\"3\" class=\"run\">output loss, M USD</th><th colspan=\"2\" class=\"run\">"
          "% of the group's output</th></tr>\n<tr>"), f);
    for (int k = 0; k < 7; k++) {
        fputs("<th>", f);
        rp_esc(f, k == 4 ? "change" : k == 0 || k == 2 || k == 5 ? la : lb);
        fputs("</th>", f);
    }
    fputs("</tr>\n", f);
    cJSON_ArrayForEach(g, ga)
        group_row(f, g->string, g, cJSON_GetObjectItemCaseSensitive(gb, g->string));
    cJSON_ArrayForEach(g, gb)
        if (!cJSON_GetObjectItemCaseSensitive(ga, g->string))
            group_row(f, g->string, NULL, g);
    fputs("</table>\n<p class=\"note\">First stock-out: the first day an industry of the group "
          "ran short of an input (none: never); change: second run minus first. &ndash;: the "
          "group is not in that run.</p>\n", f);
}

ts_status rp_compare_section(FILE *f, const rp_results *a, const rp_results *b,
                             const rp_chart ch[RP_N_CHARTS], const char *dir, ts_error *err)
{
    ts_status st = TS_OK;
    fputs("<h2>Comparison</h2>\n", f);
    rp_scenario_diff(f, a, b);
    compare_table(f, a, b);
    fputs("<div class=\"grid\">\n", f);
    for (int k = RP_CMP_WORLD; k <= RP_CMP_REGIONS && !st; k++)
        st = rp_figure(f, &ch[k], k, dir, err);
    for (int k = RP_CMP_DIFF_WORLD; k <= RP_CMP_DIFF_REGIONS && !st; k++)
        st = rp_figure(f, &ch[k], k, dir, err);
    fputs("</div>\n", f);
    groups_compare(f, a, b);
    if (!st && ch[RP_CMP_GROUPS].present) {
        fputs("<div class=\"grid\"><div class=\"wide\">\n", f);
        st = rp_figure(f, &ch[RP_CMP_GROUPS], RP_CMP_GROUPS, dir, err);
        fputs("</div></div>\n", f);
    }
    return st;
}
