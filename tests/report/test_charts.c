/* The chart functions (report.h) on synthetic data: every chart is a whole SVG document
 * that names its series; the fan chart takes quantile series; bad arguments and
 * unwritable files are errors, not crashes or exits; PNG through pngcairo when present. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "testutil.h"
#include "tradeshock/report.h"

/* A parse check: <?xml or <svg first, one <svg ...> root, closed by </svg> at the end. */
static void assert_valid_svg(const char *path)
{
    char *s = ts_read_file(path);
    if (!s)
        fail_msg("%s was not written", path);
    const char *p = s;
    while (*p == ' ' || *p == '\n')
        p++;
    if (strncmp(p, "<?xml", 5) && strncmp(p, "<svg", 4))
        fail_msg("%s does not start like an SVG document", path);
    const char *root = strstr(s, "<svg");
    assert_non_null(root);
    assert_null(strstr(root + 4, "<svg"));
    const char *end = strstr(s, "</svg>");
    assert_non_null(end);
    for (end += 6; *end; end++)
        assert_true(*end == '\n' || *end == ' ');
    assert_non_null(strstr(s, "viewBox="));
    free(s);
}

/* PLplot's svg device writes text as character references: "&#x55;&#x53;&#x41;". */
static int svg_has_text(const char *path, const char *text)
{
    char *s = ts_read_file(path), enc[512] = "";
    for (const char *c = text; *c; c++)
        snprintf(enc + strlen(enc), sizeof enc - strlen(enc), "&#x%x;", (unsigned char)*c);
    int found = s && strstr(s, enc) != NULL;
    free(s);
    return found;
}

static void test_lines_named_series(void **state)
{
    (void)state;
    char *dir = ts_tmpdir(), *p = ts_asprintf("%s/lines.svg", dir);
    enum { N = 12, T = 120 };
    static double y[N][T];
    ts_series s[N];
    char names[N][16];
    for (int k = 0; k < N; k++) {
        for (int t = 0; t < T; t++)
            y[k][t] = (k + 1) * sin(t / 20.0) + (t > 50 && t < 60 && k == 3 ? NAN : 0);
        snprintf(names[k], sizeof names[k], "group-%02d", k);
        s[k] = (ts_series){names[k], y[k], T, 0};
    }
    s[1].name = "EU27 #1"; /* '#' is PLplot's escape character */
    ts_chart c = {"Output loss by reporting group", NULL, "M USD/day", "2025-10-09", 0, 0};
    ts_error err;
    if (ts_chart_lines(p, &c, s, N, &err))
        fail_msg("%s", err.msg);
    assert_valid_svg(p);
    assert_true(svg_has_text(p, "group-11"));
    assert_true(svg_has_text(p, "EU27 #1"));
    assert_true(svg_has_text(p, "2025-10-09")); /* a date axis */
    /* day numbers without a start date; one series; a single day */
    ts_chart c2 = {"one", "day", NULL, NULL, 400, 300};
    ts_series one = {"x", y[0], 1, 5};
    if (ts_chart_lines(p, &c2, &one, 1, &err))
        fail_msg("%s", err.msg);
    assert_valid_svg(p);
    free(p);
    ts_tmpdir_remove(dir);
}

static void test_bars_and_timeline(void **state)
{
    (void)state;
    char *dir = ts_tmpdir(), *p = ts_asprintf("%s/bars.svg", dir);
    const char *labels[] = {"USA c15 Transport Equipment", "CHN c14", "DEU c13", "JPN c12"};
    double v[] = {12345.6, 800, -30, 0};
    ts_chart c = {"Top losses", "M USD", NULL, NULL, 620, 0};
    ts_error err;
    if (ts_chart_bars(p, &c, labels, 4, NULL, 1, v, &err))
        fail_msg("%s", err.msg);
    assert_valid_svg(p);
    assert_true(svg_has_text(p, "USA c15 Transport Equipment"));
    assert_true(svg_has_text(p, "12,346")); /* value at the end of the bar */
    const char *series[] = {"escalation", "truce"};
    double v2[] = {10, 20, 30, 40, 1, 2, NAN, 4};
    if (ts_chart_bars(p, &c, labels, 4, series, 2, v2, &err))
        fail_msg("%s", err.msg);
    assert_valid_svg(p);
    assert_true(svg_has_text(p, "truce"));
    ts_span sp[40];
    char lab[40][32];
    for (int k = 0; k < 40; k++) {
        snprintf(lab[k], sizeof lab[k], "R%02d c15, input REE", k);
        sp[k] = (ts_span){lab[k], k * 3, k * 3 + 100};
    }
    ts_chart ct = {"Stock-outs", NULL, NULL, "2025-10-09", 0, 0};
    if (ts_chart_timeline(p, &ct, sp, 30, 365, &err))
        fail_msg("%s", err.msg);
    assert_valid_svg(p);
    assert_true(svg_has_text(p, "R29 c15, input REE"));
    assert_false(svg_has_text(p, "R30 c15, input REE"));
    sp[0].last = -1; /* last before first */
    assert_int_equal(ts_chart_timeline(p, &ct, sp, 1, 365, &err), TS_ERR_INPUT);
    free(p);
    ts_tmpdir_remove(dir);
}

/* p05 p25 p50 p75 p95 of a spreading random walk, as an ensemble would give */
static void test_fan_chart(void **state)
{
    (void)state;
    char *dir = ts_tmpdir(), *p = ts_asprintf("%s/fan.svg", dir);
    enum { T = 200, Q = 5 };
    static double y[Q * T];
    double levels[Q] = {0.05, 0.25, 0.5, 0.75, 0.95}, z[Q] = {-1.645, -0.674, 0, 0.674, 1.645};
    for (int q = 0; q < Q; q++)
        for (int t = 0; t < T; t++)
            y[q * T + t] = 50 * (1 - exp(-t / 60.0)) + z[q] * 3 * sqrt((double)t);
    ts_quantile_series qs = {"median loss", Q, levels, y, T, 0};
    ts_chart c = {"World output loss, ensemble", NULL, "M USD/day", "2025-10-09", 0, 0};
    ts_error err;
    if (ts_chart_fan(p, &c, &qs, &err))
        fail_msg("%s", err.msg);
    assert_valid_svg(p);
    assert_true(svg_has_text(p, "p05-p95"));
    assert_true(svg_has_text(p, "p25-p75"));
    assert_true(svg_has_text(p, "median loss"));
    char *s = ts_read_file(p); /* two filled bands (plus their legend boxes) */
    int fills = 0;
    for (const char *h = s; (h = strstr(h, "fill=\"#")); h++)
        fills += strncmp(h, "fill=\"#FFFFFF\"", 15) != 0;
    assert_true(fills >= 4);
    free(s);
    /* levels must ascend inside (0, 1); no NaN */
    double bad[Q] = {0.05, 0.5, 0.25, 0.75, 0.95};
    qs.levels = bad;
    assert_int_equal(ts_chart_fan(p, &c, &qs, &err), TS_ERR_INPUT);
    qs.levels = levels;
    y[3] = NAN;
    assert_int_equal(ts_chart_fan(p, &c, &qs, &err), TS_ERR_INPUT);
    free(p);
    ts_tmpdir_remove(dir);
}

static void test_errors_and_png(void **state)
{
    (void)state;
    double y[3] = {1, 2, 3};
    ts_series s = {"a", y, 3, 0};
    ts_error err;
    assert_int_equal(ts_chart_lines("/tmp/chart.gif", NULL, &s, 1, &err), TS_ERR_INPUT);
    assert_non_null(strstr(err.msg, ".svg"));
    const char *bad = "/nonexistent-dir-tradeshock/chart.svg";
    assert_int_equal(ts_chart_lines(bad, NULL, &s, 1, &err), TS_ERR_IO);
    assert_non_null(strstr(err.msg, bad));
    /* the process goes on drawing after errors */
    char *dir = ts_tmpdir(), *p = ts_asprintf("%s/c.svg", dir), *png = ts_asprintf("%s/c.png", dir);
    assert_int_equal(ts_chart_lines(p, NULL, &s, 1, &err), TS_OK);
    assert_valid_svg(p);
    if (ts_chart_png_available()) {
        if (ts_chart_lines(png, NULL, &s, 1, &err))
            fail_msg("%s", err.msg);
        char *b = ts_read_file(png);
        assert_non_null(b);
        assert_memory_equal(b, "\x89PNG\r\n\x1a\n", 8);
        free(b);
    } else {
        fprintf(stderr, "note: PLplot has no pngcairo device (plplot-driver-cairo); PNG "
                        "check skipped\n");
        assert_int_equal(ts_chart_lines(png, NULL, &s, 1, &err), TS_ERR_INPUT);
    }
    free(p), free(png);
    ts_tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines_named_series),
        cmocka_unit_test(test_bars_and_timeline),
        cmocka_unit_test(test_fan_chart),
        cmocka_unit_test(test_errors_and_png),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
