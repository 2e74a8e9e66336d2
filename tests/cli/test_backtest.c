/* `tradeshock backtest` end to end on the shipped April 2025 episode: the table, the
 * folder (backtest.csv with one row per observation and the score, report.html with
 * "Model vs observed"), --fail-above, and bad input (exit 2, no folder). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "testutil.h"

#define SCEN TS_SOURCE_DIR "/scenarios/backtest-2025-04-ree.yaml"
#define OBS TS_SOURCE_DIR "/data/observations/2025-04-ree.csv"

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        n += *s == '\n';
    return n;
}

static void test_backtest_episode(void **state)
{
    (void)state;
    char *dir = ts_tmpdir();
    char *args = ts_asprintf("backtest '%s' -o '%s/bt'", SCEN, dir);
    ts_cmd_result r = ts_run_cli(args);
    if (r.exit_code != 0)
        fail_msg("exit %d: %s", r.exit_code, r.err);
    assert_non_null(strstr(r.out, "first_stoppage  USA"));
    assert_non_null(strstr(r.out, "score "));
    char *p = ts_asprintf("%s/bt/backtest.csv", dir), *csv = ts_read_file(p);
    char *o = ts_read_file(OBS);
    assert_non_null(csv);
    assert_non_null(o);
    /* header + one row per observation + the score row = lines of the observations + 1 */
    assert_int_equal(count_lines(csv), count_lines(o) + 1);
    assert_non_null(strstr(csv, ",score,"));
    free(p);
    p = ts_asprintf("%s/bt/report.html", dir);
    char *html = ts_read_file(p);
    assert_non_null(html);
    assert_non_null(strstr(html, "Model vs observed"));
    assert_non_null(strstr(html, "chart-backtest_timing"));
    free(html);
    free(p);
    free(csv);
    free(o);
    ts_cmd_result_free(&r);
    free(args);
    /* --fail-above 0: the score of a real episode is above 0 -> exit 3, folder written */
    args = ts_asprintf("backtest '%s' -o '%s/bt' --quiet --fail-above 0", SCEN, dir);
    r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 3);
    assert_non_null(strstr(r.err, "above --fail-above"));
    ts_cmd_result_free(&r);
    free(args);
    /* a scenario without observations: exit 2 naming the key, no folder */
    args = ts_asprintf("backtest " TS_SOURCE_DIR "/scenarios/rare-earths-2025.yaml -o '%s/none'",
                       dir);
    r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 2);
    assert_non_null(strstr(r.err, "observations"));
    p = ts_asprintf("%s/none", dir);
    assert_false(ts_path_exists(p));
    free(p);
    ts_cmd_result_free(&r);
    free(args);
    /* a bad observations file: exit 2 with file:line:column */
    p = ts_asprintf("%s/bad.csv", dir);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs("date,region,sector,metric,value,unit,source\n2025-05,USA,c15,output_change,x,pct,s\n", f);
    fclose(f);
    args = ts_asprintf("backtest '%s' --observations '%s' -o '%s/bad'", SCEN, p, dir);
    r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 2);
    char *want = ts_asprintf("%s:2:5:", p);
    if (!strstr(r.err, want))
        fail_msg("expected '%s' in: %s", want, r.err);
    free(want);
    free(p);
    ts_cmd_result_free(&r);
    free(args);
    ts_tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_backtest_episode)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
