/* run --outputs and --verbose (README "Command line"): the files written are exactly
 * those asked for (summary.json and scenario.yaml always), a bad list is refused with
 * exit 2 and no folder, --report without nc is refused, --verbose names each file with
 * its size and speed, and the default on a small table writes everything. The size
 * rule of the default (no CSV above 600 000 industry-days) is checked on
 * ts_output_default_set against the threshold's definition. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "testutil.h"
#include "tradeshock/output.h"

#define SCEN "cases/16b-dynamic-export-ban/input/scenario.yaml"

static int has(const char *dir, const char *file)
{
    char *p = ts_asprintf("%s/%s", dir, file);
    int k = ts_path_exists(p);
    free(p);
    return k;
}

static void test_subset(void **state)
{
    (void)state;
    char *dir = ts_tmpdir();
    char *args = ts_asprintf("run '%s' -o '%s/o' --quiet --outputs nc --verbose", ts_fixture(SCEN), dir);
    ts_cmd_result r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 0);
    assert_non_null(strstr(r.err, "wrote timeseries.nc:"));
    assert_non_null(strstr(r.err, "MB/s"));
    assert_null(strstr(r.err, "wrote timeseries.csv"));
    ts_cmd_result_free(&r);
    free(args);
    char *o = ts_asprintf("%s/o", dir);
    assert_true(has(o, "summary.json") && has(o, "scenario.yaml") && has(o, "timeseries.nc"));
    assert_false(has(o, "timeseries.csv") || has(o, "stockouts.csv"));

    /* default on a small table: every file */
    args = ts_asprintf("run '%s' -o '%s' --quiet", ts_fixture(SCEN), o);
    r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 0);
    assert_null(strstr(r.err, "not written by default"));
    ts_cmd_result_free(&r);
    free(args);
    assert_true(has(o, "timeseries.csv") && has(o, "stockouts.csv") && has(o, "timeseries.nc"));
    free(o);
    ts_tmpdir_remove(dir);
}

static void test_refused(void **state)
{
    (void)state;
    char *dir = ts_tmpdir();
    char *args = ts_asprintf("run '%s' -o '%s/o' --outputs nc,xlsx", ts_fixture(SCEN), dir);
    ts_cmd_result r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 2);
    assert_non_null(strstr(r.err, "'xlsx'"));
    assert_non_null(strstr(r.err, "summary, stockouts, nc, csv"));
    ts_cmd_result_free(&r);
    free(args);
    args = ts_asprintf("run '%s' -o '%s/o' --outputs csv --report", ts_fixture(SCEN), dir);
    r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 2);
    assert_non_null(strstr(r.err, "nc"));
    ts_cmd_result_free(&r);
    free(args);
    char *o = ts_asprintf("%s/o", dir);
    assert_false(ts_path_exists(o));
    free(o);
    ts_tmpdir_remove(dir);
}

static void test_default_rule(void **state)
{
    (void)state;
    unsigned all = TS_OUT_SUMMARY | TS_OUT_STOCKOUTS | TS_OUT_NC | TS_OUT_CSV, set = 0;
    assert_int_equal(ts_output_default_set(1599, 365), all);          /* 583 635 */
    assert_int_equal(ts_output_default_set(3465, 365), all & ~TS_OUT_CSV);
    assert_int_equal(ts_output_default_set(600000, 1), all);
    assert_int_equal(ts_output_default_set(600001, 1), all & ~TS_OUT_CSV);
    ts_error err;
    assert_int_equal(ts_output_parse_set("stockouts,csv", &set, &err), TS_OK);
    assert_int_equal(set, TS_OUT_SUMMARY | TS_OUT_STOCKOUTS | TS_OUT_CSV);
    assert_int_equal(ts_output_parse_set("all", &set, &err), TS_OK);
    assert_int_equal(set, all);
    assert_int_equal(ts_output_parse_set("nc,", &set, &err), TS_ERR_INPUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_subset),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_default_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
