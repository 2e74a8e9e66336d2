/* The short human summary printed by `tradeshock run` (output.h). */
#include <stdio.h>

#include "tradeshock/output.h"

void ts_output_print_summary(FILE *f, const ts_result *r, const ts_losses *l,
                             const ts_mrio *m, const ts_scenario *sc)
{
    size_t S = r->S, n = r->n;
    char d0[16], d1[16];
    ts_scenario_date(sc, 0, d0, sizeof d0);
    ts_scenario_date(sc, (int)r->T - 1, d1, sizeof d1);
    fprintf(f, "%s: %zu days, %s to %s, %zu regions x %zu sectors\n", sc->name ? sc->name : "scenario",
            r->T, d0, d1, r->R, S);
    double p = l->total_base > 0 ? 100 * l->total / l->total_base : 0;
    const char *mu = ts_mrio_money(m);
    fprintf(f, "World output loss: %.0f %s (%.4f%% of baseline); value added %.0f %s; "
               "unmet final demand %.0f %s\n", l->total, mu, p, l->total_va, mu, l->total_unmet, mu);
    if (r->economy_collapse_day >= 0) {
        ts_scenario_date(sc, r->economy_collapse_day, d0, sizeof d0);
        fprintf(f, "*** COLLAPSE: world output fell below %.0f%% of baseline on day %d (%s) ***\n",
                100 * sc->params.collapse_threshold, r->economy_collapse_day, d0);
    }
    if (r->all_limited_day >= 0) {
        ts_scenario_date(sc, r->all_limited_day, d0, sizeof d0);
        fprintf(f, "*** COLLAPSE: every industry was input-limited on day %d (%s) ***\n",
                r->all_limited_day, d0);
    }
    size_t ncol = 0;
    for (size_t i = 0; i < n; i++)
        ncol += r->collapse_day[i] >= 0;
    if (ncol)
        fprintf(f, "*** %zu industries fell below %.0f%% of their baseline output (see summary.json "
                   "\"collapsed\") ***\n", ncol, 100 * sc->params.collapse_threshold);

    size_t shown = 0;
    for (size_t k = 0; k < 10 && k < n; k++) {
        size_t i = (size_t)l->rank[k];
        /* a loss that is rounding noise is no loss: never list zero-loss industries */
        if (!(l->industry[i] > 1e-9 * (l->industry_base[i] + 1e-300)))
            break;
        if (!shown++)
            fprintf(f, "\nLargest output losses (%s over the horizon, %% of baseline):\n", mu);
        fprintf(f, "  %2zu. %-8s %-6s %12.1f  %7.3f%%  %s\n", k + 1, m->regions[i / S].code,
                m->sectors[i % S].code, l->industry[i],
                l->industry_base[i] > 0 ? 100 * l->industry[i] / l->industry_base[i] : 0.0,
                m->sectors[i % S].name ? m->sectors[i % S].name : "");
    }
    if (sc->n_groups)
        fputs("\nReporting groups (output loss over the horizon, first stock-out):\n", f);
    for (size_t g = 0; g < sc->n_groups && g < l->n_groups; g++) {
        double p = l->group_base[g] > 0 ? 100 * l->group[g] / l->group_base[g] : 0.0;
        int first = l->group_first_stockout[g];
        fprintf(f, "  %-28s %12.1f %s  %7.3f%%  ", sc->groups[g].name, l->group[g], mu, p);
        if (first >= 0) {
            ts_scenario_date(sc, first, d0, sizeof d0);
            fprintf(f, "first stock-out day %d (%s)\n", first, d0);
        } else {
            fputs("no stock-out\n", f);
        }
    }
    fputs("\nFirst stock-outs (input constrains production):\n", f);
    if (!r->n_stockouts)
        fputs("  none\n", f);
    for (size_t k = 0; k < r->n_stockouts && k < 10; k++) {
        const ts_stockout *o = &r->stockouts[k];
        size_t j = (size_t)o->industry;
        ts_scenario_date(sc, o->first_day, d0, sizeof d0);
        fprintf(f, "  day %3d (%s)  %-8s %-6s short of %-6s  lowest cover %.1f days, %d days constrained\n",
                o->first_day, d0, m->regions[j / S].code, m->sectors[j % S].code,
                m->sectors[o->product].code, o->min_cover_days, o->days);
    }
    if (r->n_stockouts > 10)
        fprintf(f, "  ... %zu in all (stockouts.csv)\n", r->n_stockouts);
    if (l->recovery_day >= 0) {
        if (l->recovery_day < (int)r->T) {
            ts_scenario_date(sc, l->recovery_day, d0, sizeof d0);
            fprintf(f, "\nWorld output back within 0.1%% of baseline from day %d (%s).\n",
                    l->recovery_day, d0);
        } else {
            fputs("\nWorld output had not recovered to within 0.1% of baseline by the horizon.\n", f);
        }
    }
    if (r->n_answers)
        fputs("\nRetaliation (summary.json \"events_log\"):\n", f);
    for (size_t k = 0; k < r->n_answers && k < 10; k++) {
        ts_scenario_date(sc, r->answers[k].fired_day, d0, sizeof d0);
        fprintf(f, "  day %3d (%s)  %s\n", r->answers[k].fired_day, d0, r->answers[k].text);
    }
}
