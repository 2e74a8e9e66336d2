/* `tradeshock report DIR DIR2` on two small runs of a 3-region table (escalation and a
 * truce): the reporting groups of both (table and curves), the retaliation answers and
 * the options of the events (end-user buyers, exemptions, licence delays, truce phase),
 * the per-buyer parameters written readably, and a warning (page and stderr, exit 0)
 * when the two runs are not like for like. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "testutil.h"

static void write_file(const char *dir, const char *name, const char *text)
{
    char *p = ts_asprintf("%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    free(p);
}

/* AAA makes the material MAT that BBB and CCC need to make MAN; balanced (x = Z + Y). */
static void write_table(const char *dir)
{
    char *t = ts_asprintf("%s/table", dir);
    assert_int_equal(ts_mkdir_p(t), 0);
    write_file(t, "regions.csv", "\"code\",\"name\"\n\"AAA\",\"Maker\"\n\"BBB\",\"Importer\"\n"
                                 "\"CCC\",\"Exempt importer\"\n");
    write_file(t, "sectors.csv", "\"code\",\"name\"\n\"MAT\",\"Material\"\n\"MAN\",\"Manufactures\"\n");
    write_file(t, "final_demand_categories.csv", "\"code\",\"name\"\n\"HH\",\"Households\"\n");
    write_file(t, "Z.csv", "row,AAA_MAT,AAA_MAN,BBB_MAT,BBB_MAN,CCC_MAT,CCC_MAN\n"
                           "AAA_MAT,0,100,0,100,0,100\nAAA_MAN,0,0,0,0,0,0\n"
                           "BBB_MAT,0,0,0,20,0,20\nBBB_MAN,0,0,0,0,0,0\n"
                           "CCC_MAT,0,0,0,0,0,20\nCCC_MAN,0,0,0,0,0,0\n");
    write_file(t, "Y.csv", "row,AAA_HH,BBB_HH,CCC_HH\nAAA_MAT,100,0,0\nAAA_MAN,500,0,0\n"
                           "BBB_MAT,0,60,0\nBBB_MAN,0,500,0\nCCC_MAT,0,0,80\nCCC_MAN,0,0,500\n");
    write_file(t, "x.csv", "row,gross_output\nAAA_MAT,400\nAAA_MAN,500\nBBB_MAT,100\n"
                           "BBB_MAN,500\nCCC_MAT,100\nCCC_MAN,500\n");
    write_file(t, "table.json", "{\"name\": \"three regions\", \"year\": 2020, \"unit\": \"M USD\"}\n");
    free(t);
}

static const char *SCENARIO =
    "name: %s\n"
    "table: %s\n"
    "start_date: %s\n"
    "horizon_days: %d\n"
    "parameters:\n"
    "  inventory_days: 10\n"
    "  inventory_days_by_product:\n"
    "    MAT: {default: 10, MAN: 45, CCC_MAN: 60}\n"
    "  psi: 0.75\n"
    "  substitutability: {default: 0.3, MAT: 0.05}\n"
    "  substitution_days: 20\n"
    "  armington_sigma: {default: 1.5, MAT: 0.1}\n"
    "  import_demand_elasticity: -1\n"
    "  priority: [makers]\n"
    "groups:\n"
    "  makers: {BBB_MAN: 1, CCC_MAN: 0.5}\n"
    "  importers: [BBB_MAN]\n"
    "events:\n"
    "  - {type: export_restriction, name: mat-curbs, from: AAA, to: all, exempt: [CCC],\n"
    "     products: [MAT], share: 0.6, start: 2025-01-03, licence_delay_days: 5}\n"
    "  - {type: export_restriction, name: end-user, from: AAA, to: BBB, products: [MAT],\n"
    "     share: 0.9, buyers: [makers], start: 2025-01-03}\n"
    "  - {type: tariff, name: bbb-tariff, from: AAA, to: BBB, products: [MAN], rate: 0.5,\n"
    "     start: 2025-01-05}\n"
    "%s"
    "retaliation:\n"
    "  - {name: aaa-answers, when: tariff, by: BBB, against: AAA, respond: tariff,\n"
    "     factor: 1.0, delay_days: 2}\n";

static const char *TRUCE = "  - {type: truce, name: deal, ends: [mat-curbs, bbb-tariff], "
                           "start: 2025-01-15, phase_days: 5}\n";

/* Run a variant of the scenario into <dir>/<name>. */
static void run(const char *dir, const char *name, const char *table, const char *start,
                int horizon, int truce)
{
    char *y = ts_asprintf(SCENARIO, name, table, start, horizon, truce ? TRUCE : "");
    char *file = ts_asprintf("%s.yaml", name);
    write_file(dir, file, y);
    char *args = ts_asprintf("run '%s/%s' -o '%s/%s' --quiet", dir, file, dir, name);
    ts_cmd_result r = ts_run_cli(args);
    if (r.exit_code != 0)
        fail_msg("%s: exit %d: %s", args, r.exit_code, r.err);
    ts_cmd_result_free(&r);
    free(args), free(file), free(y);
}

/* The part of @p html from the element with id @p id to the end of its table. */
static char *table_of(const char *html, const char *id)
{
    char *key = ts_asprintf("id=\"%s\"", id);
    const char *a = strstr(html, key), *b = a ? strstr(a, "</table>") : NULL;
    free(key);
    if (!a || !b)
        fail_msg("no table %s on the page", id);
    return ts_asprintf("%.*s", (int)(b - a), a);
}

/* PLplot's svg device writes text as character references ("&#x55;&#x53;"). */
static int svg_has_text(const char *svg, const char *text)
{
    char enc[512] = "";
    for (const char *c = text; *c; c++)
        snprintf(enc + strlen(enc), sizeof enc - strlen(enc), "&#x%x;", (unsigned char)*c);
    return strstr(svg, enc) != NULL;
}

static void has(const char *text, const char *what)
{
    if (!strstr(text, what))
        fail_msg("'%s' not found in:\n%.3000s", what, text);
}

/* Both runs and their comparison page, made once for the tests below. */
typedef struct fixture {
    char *dir, *html, *err;
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    fx->dir = ts_tmpdir();
    write_table(fx->dir);
    run(fx->dir, "escalation", "table", "2025-01-01", 40, 0);
    /* the same table spelt another way: still like for like */
    run(fx->dir, "truce", "./table/../table", "2025-01-01", 40, 1);
    char *args = ts_asprintf("report '%s/escalation' '%s/truce' -o '%s/cmp.html'", fx->dir,
                             fx->dir, fx->dir);
    ts_cmd_result r = ts_run_cli(args);
    if (r.exit_code != 0)
        fail_msg("%s: exit %d: %s", args, r.exit_code, r.err);
    char *p = ts_asprintf("%s/cmp.html", fx->dir);
    fx->html = ts_read_file(p);
    fx->err = r.err;
    r.err = NULL;
    ts_cmd_result_free(&r);
    free(p), free(args);
    *state = fx;
    return fx->html ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    free(fx->html), free(fx->err);
    ts_tmpdir_remove(fx->dir);
    free(fx);
    return 0;
}

/* Reporting groups of both runs, side by side, and their curves. */
static void test_groups(void **state)
{
    const fixture *fx = *state;
    assert_null(strstr(fx->err, "warning: report")); /* like for like: no warning */
    assert_null(strstr(fx->html, "id=\"mismatch\""));
    char *g = table_of(fx->html, "group-comparison");
    has(g, "<td>makers</td>");
    has(g, "<td>importers</td>");
    has(g, "escalation");
    has(g, "truce");
    has(g, "2025-01-"); /* first stock-out dates */
    free(g);
    has(fx->html, "id=\"chart-compare_groups\"");
    char *svg = ts_asprintf("%s/charts/compare_groups.svg", fx->dir), *s = ts_read_file(svg);
    assert_non_null(s);
    assert_true(svg_has_text(s, "makers"));
    assert_true(svg_has_text(s, "importers"));
    assert_true(svg_has_text(s, "truce")); /* the legend names both runs */
    free(s), free(svg);
}

/* The events: options in words, the retaliation answer as an event of the run, the
 * second run's events (its truce). */
static void test_events(void **state)
{
    const fixture *fx = *state;
    char *ev = table_of(fx->html, "events");
    has(ev, "buyers (end-user restriction): makers");
    has(ev, "exempt: CCC");
    has(ev, "licence delay, days: 5");
    has(ev, "<tr class=\"answer\"><td>tariff (answer)</td><td>aaa-answers</td>");
    has(ev, "AAA tariff +0.5 on BBB");
    has(ev, "answering bbb-tariff");
    has(ev, "2025-01-07"); /* the answer starts on day 6 */
    free(ev);
    char *eb = table_of(fx->html, "events-b");
    has(eb, "ends: mat-curbs, bbb-tariff");
    has(eb, "phased out over days: 5");
    has(eb, "aaa-answers");
    free(eb);
}

/* Parameters: per-buyer stocks and per-product values written as in the scenario. */
static void test_parameters(void **state)
{
    const fixture *fx = *state;
    char *pa = table_of(fx->html, "parameters");
    has(pa, "MAT: {default: 10, MAN: 45, CCC_MAN: 60}");
    has(pa, "default: 0.3<br>\nMAT: 0.05");
    has(pa, "<td>priority</td><td>makers</td>");
    has(pa, "<td>rationing</td><td>priority</td>");
    assert_null(strstr(pa, "[object"));
    assert_null(strstr(pa, "<td></td>"));
    free(pa);
}

/* Different table, horizon and start date: a warning box on top, warnings on stderr,
 * the page still written (exit 0). */
static void test_not_like_for_like(void **state)
{
    (void)state;
    char *dir = ts_tmpdir();
    write_table(dir);
    run(dir, "escalation", "table", "2025-01-01", 40, 0);
    char *src = ts_read_file(ts_fixture("cases/16b-dynamic-export-ban/input/scenario.yaml"));
    assert_non_null(src);
    char *tb = strstr(src, "table: table\n"), *sd = strstr(src, "start_date: 2025-01-01");
    assert_non_null(tb);
    assert_non_null(sd);
    memcpy(sd, "start_date: 2024-12-30", 22);
    char *y = ts_asprintf("%.*stable: %s/table\n%s", (int)(tb - src), src,
                          ts_fixture("cases/16b-dynamic-export-ban/input"), tb + 13);
    write_file(dir, "other.yaml", y);
    char *args = ts_asprintf("run '%s/other.yaml' -o '%s/other' --quiet", dir, dir);
    ts_cmd_result r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 0);
    ts_cmd_result_free(&r);
    free(args);
    args = ts_asprintf("report '%s/escalation' '%s/other'", dir, dir);
    r = ts_run_cli(args);
    if (r.exit_code != 0)
        fail_msg("%s: exit %d: %s", args, r.exit_code, r.err);
    has(r.err, "tradeshock: warning: report: the two runs are not like for like: different tables");
    has(r.err, "different horizons: escalation runs 40 days, full-ban-aaa-to-bbb 60 days");
    has(r.err, "different start dates");
    assert_null(strstr(r.err, "error"));
    char *p = ts_asprintf("%s/escalation/report.html", dir), *html = ts_read_file(p);
    assert_non_null(html);
    char *box = strstr(html, "<div class=\"warn\" id=\"mismatch\">");
    assert_non_null(box);
    assert_true(box < strstr(html, "id=\"headline\"")); /* at the top of the page */
    has(box, "not like for like");
    has(box, "3 regions x 2 sectors");
    has(box, "2 regions x 1 sectors");
    has(box, "2024-12-30");
    ts_cmd_result_free(&r);
    free(html), free(p), free(args), free(y), free(src);
    ts_tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_groups),
        cmocka_unit_test(test_events),
        cmocka_unit_test(test_parameters),
        cmocka_unit_test(test_not_like_for_like),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
