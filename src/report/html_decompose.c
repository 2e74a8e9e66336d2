/* "What causes the loss": decomposition.json of `run --decompose` (run.h,
 * ts_run_decompose) as a chart (world loss of each event alone and its marginal loss), a
 * table, and "why" notes for the industries that lose most: which event their loss comes
 * with, and the events that lessen it (a negative marginal loss, e.g. orders moved to
 * them from restricted suppliers or demand rationed away from others). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "report/internal.h"

#define WHY_INDUSTRIES 6

static double at(const cJSON *o, const char *key, int k)
{
    const cJSON *v = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, key), k);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static const char *event_name(const rp_results *a, int k)
{
    const cJSON *e = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(a->decomp, "events"), k);
    const char *s = rp_str(e, "name");
    return s ? s : "?";
}

ts_status rp_decompose_chart(const rp_results *a, const char *dir, int png, rp_chart *ch,
                             ts_error *err)
{
    const cJSON *w = cJSON_GetObjectItemCaseSensitive(a->decomp, "world");
    int K = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(a->decomp, "events"));
    if (K <= 0)
        return TS_OK;
    const char **labels = malloc((size_t)K * sizeof *labels);
    double *v = malloc(2 * (size_t)K * sizeof *v);
    if (!labels || !v) {
        free(labels);
        free(v);
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    for (int k = 0; k < K; k++) {
        labels[k] = event_name(a, k);
        v[2 * k] = at(w, "alone_musd", k);
        v[2 * k + 1] = at(w, "marginal_musd", k);
    }
    static const char *names[] = {"event alone", "marginal (full minus without it)"};
    ts_chart c = {"World output loss by event", rp_u("M USD over the horizon"), NULL, NULL, 900, 0};
    snprintf(ch[RP_DECOMP].name, sizeof ch[RP_DECOMP].name, "decomposition");
    ts_status st = TS_OK;
    for (int pass = 0; pass < (png ? 2 : 1) && !st; pass++) {
        char *p = ts_asprintf("%s/decomposition.%s", dir, pass ? "png" : "svg");
        st = p ? ts_chart_bars(p, &c, labels, (size_t)K, names, 2, v, err)
               : ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        free(p);
    }
    if (!st) {
        ch[RP_DECOMP].present = 1;
        ch[RP_DECOMP].caption = rp_u_own(ts_asprintf(
            "World output loss over the %d days, M USD, of each event alone (every other "
            "event moved past the horizon) and its marginal loss (the full run minus the run "
            "without it); retaliation answers count with the event that triggers them.",
            a->horizon));
    }
    free(labels);
    free(v);
    return st;
}

/* The event with the largest marginal loss of scope @p o, and its share of the full loss. */
static int main_event(const cJSON *o, int K, double *share)
{
    int best = -1;
    double full = rp_num(o, "full_musd");
    for (int k = 0; k < K; k++)
        if (best < 0 || at(o, "marginal_musd", k) > at(o, "marginal_musd", best))
            best = k;
    *share = best >= 0 && full > 0 ? at(o, "marginal_musd", best) / full : NAN;
    return best;
}

static void why_notes(FILE *f, const rp_results *a, int K)
{
    const cJSON *o, *in = cJSON_GetObjectItemCaseSensitive(a->decomp, "industries");
    int shown = 0;
    fputs("<ul class=\"why\" id=\"why\">\n", f);
    cJSON_ArrayForEach(o, in) {
        if (shown++ == WHY_INDUSTRIES)
            break;
        double share, full = rp_num(o, "full_musd");
        int k = main_event(o, K, &share);
        if (k < 0 || !(full > 0))
            continue;
        fputs("<li><b>", f);
        rp_esc(f, rp_str(o, "region"));
        fputc(' ', f);
        rp_esc(f, rp_str(o, "sector"));
        fputs("</b> (", f);
        rp_esc(f, rp_sector_name(a, rp_str(o, "sector")));
        fputs(") loses ", f);
        rp_money(f, full);
        fputs(rp_u(" M USD"), f);
        fprintf(f, "; %.0f%% of it comes with <b>", 100 * share);
        rp_esc(f, event_name(a, k));
        fputs("</b>", f);
        const cJSON *ev = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(a->decomp, "events"), k);
        if (rp_str(ev, "type")) {
            fputs(" (", f);
            rp_esc(f, rp_str(ev, "type"));
            fputc(')', f);
        }
        fputs(": without it the loss would be ", f);
        rp_money(f, full - at(o, "marginal_musd", k));
        fputs(".", f);
        for (int j = 0; j < K; j++)
            if (at(o, "marginal_musd", j) < -0.01 * full) {
                fputs(" Without <b>", f);
                rp_esc(f, event_name(a, j));
                fputs("</b> it would lose ", f);
                rp_money(f, -at(o, "marginal_musd", j));
                fputs(rp_u(" M USD more: that event shields it (its suppliers' goods are "
                           "rationed or re-routed toward it, or its rivals' demand is cut)."), f);
                break;
            }
        fputs("</li>\n", f);
    }
    fputs("</ul>\n", f);
}

void rp_decompose_section(FILE *f, const rp_results *a, const rp_chart *ch, const char *dir,
                          ts_error *err)
{
    const cJSON *w = cJSON_GetObjectItemCaseSensitive(a->decomp, "world");
    int K = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(a->decomp, "events"));
    fputs("<h2 id=\"decomposition\">What causes the loss (decomposition by event)</h2>\n"
          "<p>Each event alone: the run with every other event moved past the horizon. Its "
          "marginal loss: the full run's loss minus the loss of the run without it. When "
          "events do not interact both equal the event's part and add up to the whole; the "
          "gaps to the full loss below are the interaction (restrictions that overlap add up "
          "to less than their sum, or reinforce each other).</p>\n", f);
    rp_figure(f, &ch[RP_DECOMP], RP_DECOMP, dir, err);
    fputs(rp_u("<table id=\"decomposition-table\"><tr><th>event</th><th>type</th><th>alone, "
               "M USD</th><th>marginal, M USD</th><th>marginal, % of the full loss</th></tr>\n"), f);
    double full = rp_num(w, "full_musd"), sa = 0, sm = 0;
    const cJSON *evs = cJSON_GetObjectItemCaseSensitive(a->decomp, "events");
    for (int k = 0; k < K; k++) {
        double al = at(w, "alone_musd", k), mg = at(w, "marginal_musd", k);
        sa += al;
        sm += mg;
        fputs("<tr><td>", f);
        rp_esc(f, event_name(a, k));
        fputs("</td><td>", f);
        rp_esc(f, rp_str(cJSON_GetArrayItem(evs, k), "type"));
        fputs("</td><td class=\"n\">", f);
        rp_money(f, al);
        fputs("</td><td class=\"n\">", f);
        rp_money(f, mg);
        fputs("</td><td class=\"n\">", f);
        rp_pct(f, full != 0 ? 100 * mg / full : NAN);
        fputs("</td></tr>\n", f);
    }
    fputs("<tr><td><b>full run</b></td><td></td><td class=\"n\">", f);
    rp_money(f, full);
    fputs("</td><td class=\"n\">", f);
    rp_money(f, full);
    fputs("</td><td class=\"n\">100%</td></tr>\n<tr><td>interaction (full minus the sum)</td>"
          "<td></td><td class=\"n\">", f);
    rp_money(f, full - sa);
    fputs("</td><td class=\"n\">", f);
    rp_money(f, full - sm);
    fputs("</td><td></td></tr>\n</table>\n<h3>Why the industries that lose most lose</h3>\n", f);
    why_notes(f, a, K);
}
