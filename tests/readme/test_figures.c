/* README "What the default run says": the figures between the markers
 * <!-- figures:begin ... --> and <!-- figures:end --> are regenerated here from runs of
 * the default scenario, its truce variant and the April 2025 backtest, and the test fails
 * if the README says anything else. `TS_UPDATE_README=1 ctest -R readme` rewrites the
 * block (then check that the prose around it still holds). */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "testutil.h"

#define BEGIN "<!-- figures:begin"
#define END "<!-- figures:end -->"
#define CAP 16384

static const char *const seed_groups[4] = {"defence", "e-mobility", "consumer-electronics",
                                           "robotics"};

static char out[CAP];

static void add(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void add(const char *fmt, ...)
{
    size_t l = strlen(out);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out + l, CAP - l, fmt, ap);
    va_end(ap);
}

static void run_cli(const char *args)
{
    ts_cmd_result r = ts_run_cli(args);
    if (r.exit_code != 0)
        fail_msg("tradeshock %s: exit %d: %s", args, r.exit_code, r.err);
    ts_cmd_result_free(&r);
}

static cJSON *run_summary(const char *dir, const char *scen)
{
    char *args = ts_asprintf("run '%s/scenarios/%s.yaml' --quiet -o '%s/%s'", TS_SOURCE_DIR,
                             scen, dir, scen);
    run_cli(args);
    free(args);
    char *p = ts_asprintf("%s/%s/summary.json", dir, scen), *t = ts_read_file(p);
    cJSON *j = t ? cJSON_Parse(t) : NULL;
    assert_non_null(j);
    free(t);
    free(p);
    return j;
}

static double num(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : "";
}

/* The earliest stock-out of an industry of one of @p regions (sorted by first day). */
static const cJSON *first_short(const cJSON *s, const char *const *regions, size_t nr)
{
    const cJSON *o;
    cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(s, "stockouts"))
        for (size_t k = 0; k < nr; k++)
            if (!strcmp(str(o, "region"), regions[k]))
                return o;
    return NULL;
}

static void shortage(const cJSON *s, const char *who, const char *const *regions, size_t nr)
{
    const cJSON *o = first_short(s, regions, nr);
    if (!o) {
        add("%s: none within the year", who);
        return;
    }
    add("%s: %s %s short of %s on day %d (%s)", who, str(o, "region"), str(o, "sector"),
        str(o, "input"), (int)num(o, "first_day"), str(o, "first_date"));
}

/* A backtest.csv row (fields split on commas; the shipped observations have no comma
 * before the source column). */
typedef struct bt_row {
    char f[14][64];
} bt_row;

static int bt_find(const char *csv, const char *region, const char *sector, const char *metric,
                   const char *date, bt_row *row)
{
    for (const char *l = strchr(csv, '\n'); l && l[1]; l = strchr(l + 1, '\n')) {
        const char *p = l + 1;
        memset(row, 0, sizeof *row);
        for (int k = 0; k < 14; k++) {
            const char *c = strchr(p, ',');
            if (!c)
                break;
            snprintf(row->f[k], sizeof row->f[k], "%.*s", (int)(c - p), p);
            p = c + 1;
        }
        if (!strcmp(row->f[2], region) && !strcmp(row->f[3], sector) &&
            !strcmp(row->f[4], metric) && (!date || !strcmp(row->f[1], date)))
            return 1;
    }
    fail_msg("backtest.csv has no %s %s %s row", region, sector, metric);
    return 0;
}

static void timing(const char *csv, const char *label, const char *region)
{
    bt_row r;
    bt_find(csv, region, "c15", "first_stoppage", NULL, &r);
    if (!strncmp(r.f[13], "never:", 6))
        add("%s model none within the horizon, observed %s", label, r.f[12]);
    else
        add("%s model %s, observed %s (%+.0f days)", label, r.f[13], r.f[12],
            strtod(r.f[8], NULL));
}

static void output(const char *csv, const char *label, const char *region)
{
    bt_row r;
    bt_find(csv, region, "c15", "output_change", "2025-Q2", &r);
    add("%s %+.1f%% (observed: no visible break, 0 +- %s pp)", label, strtod(r.f[7], NULL),
        r.f[9]);
}

static void make_block(const char *dir)
{
    out[0] = 0;
    cJSON *s = run_summary(dir, "rare-earths-2025"), *tr = run_summary(dir, "rare-earths-2025-truce");
    char *args = ts_asprintf("backtest '%s/scenarios/backtest-2025-04-ree.yaml' --quiet -o '%s/bt'",
                             TS_SOURCE_DIR, dir);
    run_cli(args);
    free(args);
    char *p = ts_asprintf("%s/bt/backtest.csv", dir), *csv = ts_read_file(p);
    assert_non_null(csv);
    free(p);
    add(BEGIN " (generated by tests/readme/test_figures.c from `tradeshock run` and "
        "`tradeshock backtest`; `TS_UPDATE_README=1 ctest -R readme` rewrites it) -->\n");
    const char *us[] = {"USA"}, *eu[] = {"DEU", "EUR"};
    add("- **Who runs short, when** (`rare-earths-2025`, the escalation, from %s): ",
        str(s, "start_date"));
    shortage(s, "first US industry", us, 1);
    add("; ");
    shortage(s, "first EU industry", eu, 2);
    add(". World output loss over the year %.2f%% (truce variant: %.2f%%).\n",
        num(s, "total_output_loss_pct"), num(tr, "total_output_loss_pct"));
    add("- **The seed's four groups** (US; output loss over the year, first stock-out):\n\n"
        "  | group | output loss | first stock-out | truce: output loss |\n"
        "  |---|---|---|---|\n");
    const cJSON *g = cJSON_GetObjectItemCaseSensitive(s, "groups"),
                *gt = cJSON_GetObjectItemCaseSensitive(tr, "groups");
    int hard = -1, rank_def = 1;
    double best = -1, def = NAN;
    for (int k = 0; k < 4; k++) {
        const cJSON *o = cJSON_GetObjectItemCaseSensitive(g, seed_groups[k]),
                    *ot = cJSON_GetObjectItemCaseSensitive(gt, seed_groups[k]);
        assert_non_null(o);
        double l = num(o, "output_loss_pct");
        add("  | %s | %.2f%% | ", seed_groups[k], l);
        if (cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(o, "first_stockout_day")))
            add("day %d (%s)", (int)num(o, "first_stockout_day"), str(o, "first_stockout_date"));
        else
            add("none");
        add(" | %.2f%% |\n", num(ot, "output_loss_pct"));
        if (l > best) {
            best = l;
            hard = k;
        }
        if (k == 0)
            def = l;
    }
    for (int k = 1; k < 4; k++)
        rank_def += num(cJSON_GetObjectItemCaseSensitive(g, seed_groups[k]), "output_loss_pct") > def;
    add("\n  Hardest hit: **%s** (%.2f%% of its output); defence ranks %d of 4.\n",
        seed_groups[hard], best, rank_def);
    const cJSON *o = first_short(s, us, 1);
    int d = o ? (int)num(o, "first_day") : -1;
    char when[64];
    if (d < 0)
        snprintf(when, sizeof when, "no day of the year");
    else
        snprintf(when, sizeof when, "%d days (%s)", d,
                 d <= 10 ? "days" : d <= 60 ? "weeks" : "months");
    add("- **Against the analyst's claim** (\"days, if not weeks\", defence hit hardest): the "
        "first US shortage comes after %s; %s.\n", when,
        hard == 0 ? "defence is the hardest hit, as claimed" : "defence is not the hardest hit");
    bt_row sc;
    bt_find(csv, "", "", "score", NULL, &sc);
    int rows = -2; /* header and score row */
    for (const char *c = csv; *c; c++)
        rows += *c == '\n';
    add("- **Backtest, April 2025** (`backtest-2025-04-ree`): score %.2f (0 = exact, <= 1 "
        "within tolerance on average), %s of %d observations within tolerance. First auto "
        "stoppages: ", strtod(sc.f[11], NULL), sc.f[10], rows);
    timing(csv, "US", "USA");
    add("; ");
    timing(csv, "EU", "DEU+EUR");
    add("; ");
    timing(csv, "Japan", "JPN");
    add(". Q2 transport-equipment output: ");
    output(csv, "US", "USA");
    add("; ");
    output(csv, "Germany", "DEU");
    add(".\n" END);
    free(csv);
    cJSON_Delete(s);
    cJSON_Delete(tr);
}

static void test_readme_figures(void **state)
{
    (void)state;
    char *dir = ts_tmpdir();
    make_block(dir);
    ts_tmpdir_remove(dir);
    const char *path = TS_SOURCE_DIR "/README.md";
    char *readme = ts_read_file(path);
    assert_non_null(readme);
    char *b = strstr(readme, BEGIN), *e = b ? strstr(b, END) : NULL;
    if (!b || !e)
        fail_msg("README.md has no " BEGIN " ... " END " block");
    e += strlen(END);
    size_t have = (size_t)(e - b);
    int same = strlen(out) == have && !strncmp(b, out, have);
    const char *upd = getenv("TS_UPDATE_README");
    if (!same && upd && *upd == '1') {
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fwrite(readme, 1, (size_t)(b - readme), f);
        fputs(out, f);
        fputs(e, f);
        fclose(f);
        same = 1;
    }
    free(readme);
    if (!same)
        fail_msg("README.md's figures differ from a run; expected:\n%s\n(TS_UPDATE_README=1 "
                 "ctest -R readme rewrites them)", out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_readme_figures)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
