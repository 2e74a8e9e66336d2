/* `tradeshock report` and `run --report` on small runs: the page is self-contained
 * (charts inlined, nothing loaded from elsewhere), the charts are valid SVG files,
 * two folders give a comparison, reporting groups in timeseries.nc give their curves,
 * and a folder that is not a results folder is a clear input error. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "testutil.h"

#define CASE16B "cases/16b-dynamic-export-ban/input/scenario.yaml"

static void run_ok(const char *args)
{
    ts_cmd_result r = ts_run_cli(args);
    if (r.exit_code != 0)
        fail_msg("tradeshock %s: exit %d: %s", args, r.exit_code, r.err);
    ts_cmd_result_free(&r);
}

static void assert_svg_file(const char *dir, const char *name)
{
    char *p = ts_asprintf("%s/charts/%s.svg", dir, name), *s = ts_read_file(p);
    if (!s)
        fail_msg("%s missing", p);
    if (strncmp(s, "<?xml", 5) && strncmp(s, "<svg", 4))
        fail_msg("%s is not SVG", p);
    const char *end = strstr(s, "</svg>");
    assert_non_null(end);
    assert_true(strspn(end + 6, " \n") == strlen(end + 6));
    free(s);
    free(p);
}

static int count(const char *s, const char *what)
{
    int n = 0;
    for (const char *h = s; (h = strstr(h, what)); h += strlen(what))
        n++;
    return n;
}

/* Self-contained: no script, stylesheet, image or frame loaded from anywhere; the only
 * URLs are SVG namespace names. */
static void assert_self_contained(const char *html)
{
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "<link"));
    assert_null(strstr(html, "<img"));
    assert_null(strstr(html, "<iframe"));
    assert_null(strstr(html, "src="));
    assert_null(strstr(html, "@import"));
    assert_null(strstr(html, "url(http"));
    int urls = count(html, "http://") + count(html, "https://");
    int ns = count(html, "xmlns=\"http://www.w3.org/2000/svg\"") +
             count(html, "xmlns:xlink=\"http://www.w3.org/1999/xlink\"");
    assert_int_equal(urls, ns);
}

static void test_run_report(void **state)
{
    (void)state;
    char *dir = ts_tmpdir(), *out = ts_asprintf("%s/out", dir);
    char *args = ts_asprintf("run '%s' -o '%s' --report --quiet", ts_fixture(CASE16B), out);
    run_ok(args);
    char *p = ts_asprintf("%s/report.html", out), *html = ts_read_file(p);
    assert_non_null(html);
    assert_true(!strncmp(html, "<!DOCTYPE html>", 15));
    assert_non_null(strstr(html, "</html>"));
    assert_non_null(strstr(html, "full-ban-aaa-to-bbb"));
    assert_non_null(strstr(html, "id=\"headline\""));
    assert_non_null(strstr(html, "id=\"regions\""));
    assert_non_null(strstr(html, "id=\"events\""));
    assert_non_null(strstr(html, "id=\"scenario-file\"")); /* scenario.yaml with its notes */
    assert_non_null(strstr(html, "tradeshock test case 16b"));
    static const char *charts[] = {"region_loss", "top_industries", "stockouts"};
    for (int k = 0; k < 3; k++) {
        char *id = ts_asprintf("id=\"chart-%s\"", charts[k]);
        if (!strstr(html, id))
            fail_msg("chart %s not on the page", charts[k]);
        free(id);
        assert_svg_file(out, charts[k]);
    }
    assert_int_equal(count(html, "<svg"), 3);
    assert_int_equal(count(html, "</svg>"), 3);
    assert_int_equal(count(html, "id=\"c0-text-clipping"), 1); /* ids unique per chart */
    assert_int_equal(count(html, "id=\"text-clipping"), 0);
    assert_null(strstr(html, ".tmp-")); /* built in the temporary folder, which is not named */
    assert_self_contained(html);
    free(html);
    free(p);
    /* the folder appeared whole: no temporary folder left beside it */
    char *cmd = ts_asprintf("ls '%s' | grep -c tmp >/dev/null", dir);
    assert_int_not_equal(system(cmd), 0);
    free(cmd);

    /* `report` on the folder again, to another file: charts go next to it */
    char *other = ts_asprintf("%s/elsewhere/r.html", dir);
    free(args);
    args = ts_asprintf("report '%s' -o '%s' --png", out, other);
    char *mk = ts_asprintf("mkdir -p '%s/elsewhere'", dir);
    assert_int_equal(system(mk), 0);
    run_ok(args);
    char *ed = ts_asprintf("%s/elsewhere", dir);
    assert_svg_file(ed, "stockouts");
    char *png = ts_asprintf("%s/charts/stockouts.png", ed), *pb = ts_read_file(png);
    assert_non_null(pb);
    assert_memory_equal(pb, "\x89PNG", 4);
    free(pb), free(png), free(ed), free(mk), free(other), free(args), free(out);
    ts_tmpdir_remove(dir);
}

/* Same inputs, same page and charts, byte for byte (no time stamps, no folder names). */
static void test_deterministic(void **state)
{
    (void)state;
    char *dir = ts_tmpdir();
    for (int k = 0; k < 2; k++) {
        char *args = ts_asprintf("run '%s' -o '%s/r%d' --report --quiet", ts_fixture(CASE16B), dir, k);
        run_ok(args);
        free(args);
    }
    char *cmd = ts_asprintf("cd '%s' && cmp -s r0/report.html r1/report.html && "
                            "cmp -s r0/charts/stockouts.svg r1/charts/stockouts.svg", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    ts_tmpdir_remove(dir);
}

/* Two folders: escalation (the ban) against a truce-like run without the ban. */
static void test_comparison(void **state)
{
    (void)state;
    char *dir = ts_tmpdir();
    char *args = ts_asprintf("run '%s' -o '%s/a' --quiet", ts_fixture(CASE16B), dir);
    run_ok(args);
    free(args);
    /* the same scenario with the ban ended by a truce on day 20 */
    char *src = ts_read_file(ts_fixture(CASE16B));
    assert_non_null(src);
    char *fixture_dir = ts_strdup(ts_fixture("cases/16b-dynamic-export-ban/input"));
    char *yaml = ts_asprintf("%s", src);
    char *tbl = strstr(yaml, "table: table");
    assert_non_null(tbl);
    *tbl = 0;
    char *rest = strstr(src, "start_date:");
    char *y2 = ts_asprintf("%stable: %s/table\n%s  - type: truce\n    ends: [ban]\n    start: 2025-01-21\n",
                           yaml, fixture_dir, rest);
    /* name the restriction so that the truce can end it, and rename the scenario */
    char *from = strstr(y2, "  - type: export_restriction\n");
    assert_non_null(from);
    char *y3 = ts_asprintf("%.*s  - type: export_restriction\n    name: ban\n%s",
                           (int)(from - y2), y2, from + strlen("  - type: export_restriction\n"));
    char *nm = strstr(y3, "name: full-ban-aaa-to-bbb");
    assert_non_null(nm);
    memcpy(nm, "name: truce-aaa-to-bbb-xx", 25);
    char *yp = ts_asprintf("%s/truce.yaml", dir);
    FILE *f = fopen(yp, "w");
    fputs(y3, f);
    fclose(f);
    args = ts_asprintf("run '%s' -o '%s/b' --quiet", yp, dir);
    run_ok(args);
    free(args);
    args = ts_asprintf("report '%s/a' '%s/b'", dir, dir);
    run_ok(args);
    char *p = ts_asprintf("%s/a/report.html", dir), *html = ts_read_file(p);
    assert_non_null(html);
    assert_non_null(strstr(html, "id=\"comparison\""));
    /* the executive summary of both runs, the rank by share of output */
    assert_non_null(strstr(html, "id=\"executive-summary\""));
    assert_non_null(strstr(html, "<th>rank in %</th>"));
    assert_non_null(strstr(html, "truce-aaa-to-bbb-xx"));
    assert_non_null(strstr(html, "id=\"chart-compare_world\""));
    assert_non_null(strstr(html, "id=\"chart-compare_regions\""));
    /* run 1: loss, top, stock-outs; comparison: world, regions and their two difference
     * charts; run 2: its own loss, top, stock-outs */
    assert_int_equal(count(html, "<svg"), 10);
    assert_non_null(strstr(html, "id=\"scenario-diff-table\""));
    assert_non_null(strstr(html, "id=\"chart-diff_world\""));
    char *ad = ts_asprintf("%s/a", dir);
    assert_svg_file(ad, "compare_world");
    assert_svg_file(ad, "compare_regions");
    assert_self_contained(html);
    free(ad), free(html), free(p), free(args), free(yp), free(y3), free(y2), free(yaml);
    free(fixture_dir), free(src);
    ts_tmpdir_remove(dir);
}

/* Case 16b with reporting groups (scenario `groups`), written to <dir>/groups.yaml. */
static char *grouped_scenario(const char *dir)
{
    char *src = ts_read_file(ts_fixture(CASE16B));
    assert_non_null(src);
    char *ev = strstr(src, "events:"), *tb = strstr(src, "table: table\n");
    assert_non_null(ev);
    assert_non_null(tb);
    char *y = ts_asprintf("%.*stable: %s/table\n%.*sgroups:\n  importers: {BBB_MAT: 0.5}\n"
                          "  exporters: {AAA_MAT: 1.0}\n%s",
                          (int)(tb - src), src, ts_fixture("cases/16b-dynamic-export-ban/input"),
                          (int)(ev - tb - 13), tb + 13, ev);
    char *path = ts_asprintf("%s/groups.yaml", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(y, f);
    fclose(f);
    free(y);
    free(src);
    return path;
}

/* Reporting groups: their curves (from timeseries.nc) and their table (summary.json). */
static void test_group_curves(void **state)
{
    (void)state;
    char *dir = ts_tmpdir(), *yp = grouped_scenario(dir);
    char *args = ts_asprintf("run '%s' -o '%s/out' --report --quiet", yp, dir);
    run_ok(args);
    char *h = ts_asprintf("%s/out/report.html", dir), *html = ts_read_file(h);
    assert_non_null(html);
    assert_non_null(strstr(html, "id=\"chart-group_loss\""));
    assert_non_null(strstr(html, "id=\"groups\""));
    assert_non_null(strstr(html, "importers"));
    assert_non_null(strstr(html, "BBB_MAT: 0.5"));
    char *od = ts_asprintf("%s/out", dir);
    assert_svg_file(od, "group_loss");
    free(od), free(html), free(h), free(args), free(yp);
    ts_tmpdir_remove(dir);
}

static void test_not_a_results_folder(void **state)
{
    (void)state;
    char *dir = ts_tmpdir();
    char *args = ts_asprintf("report '%s'", dir);
    ts_cmd_result r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 2);
    assert_non_null(strstr(r.err, "summary.json"));
    ts_cmd_result_free(&r);
    free(args);
    /* summary.json but no timeseries.nc (an older results folder) */
    args = ts_asprintf("run '%s' -o '%s/out' --quiet", ts_fixture(CASE16B), dir);
    run_ok(args);
    free(args);
    char *nc = ts_asprintf("%s/out/timeseries.nc", dir);
    remove(nc);
    args = ts_asprintf("report '%s/out'", dir);
    r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 2);
    assert_non_null(strstr(r.err, "timeseries.nc"));
    ts_cmd_result_free(&r);
    free(args);
    r = ts_run_cli("report");
    assert_int_equal(r.exit_code, 2);
    ts_cmd_result_free(&r);
    r = ts_run_cli("report a b c");
    assert_int_equal(r.exit_code, 2);
    ts_cmd_result_free(&r);
    free(nc);
    ts_tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_run_report),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_comparison),
        cmocka_unit_test(test_group_curves),
        cmocka_unit_test(test_not_a_results_folder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
