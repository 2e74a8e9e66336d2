/* Where `report -o FILE` (and `convert -o DIR`) write: a location that cannot be written
 * is one error line naming the path the user gave (never a temporary name) and what to
 * do (exit 1); nothing that is not ours is replaced: a folder, a CSV file, an HTML page
 * not written by tradeshock, a file where charts/ goes (exit 2, left as they were). An
 * earlier report is replaced. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "testutil.h"

#define CASE16B "cases/16b-dynamic-export-ban/input/scenario.yaml"

static size_t error_lines(const char *err)
{
    size_t k = 0;
    for (const char *p = err; (p = strstr(p, "tradeshock: error:")); p++)
        k++;
    return k;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* `report` with -o @p out fails with exit @p code, one error line holding @p must. */
static void report_fails(const char *dir, const char *out, int code, const char *must)
{
    char *args = ts_asprintf("report '%s/run' -o '%s'", dir, out);
    ts_cmd_result r = ts_run_cli(args);
    if (r.exit_code != code || error_lines(r.err) != 1 || !strstr(r.err, must) ||
        strstr(r.err, ".tmp"))
        fail_msg("%s: exit %d (want %d), stderr: %s", args, r.exit_code, code, r.err);
    ts_cmd_result_free(&r);
    free(args);
}

static char *results(void)
{
    char *dir = ts_tmpdir();
    char *args = ts_asprintf("run '%s' -o '%s/run' --quiet", ts_fixture(CASE16B), dir);
    ts_cmd_result r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 0);
    ts_cmd_result_free(&r);
    free(args);
    return dir;
}

static void test_unwritable(void **state)
{
    (void)state;
    char *dir = results();
    /* /proc/x cannot be made, even by root */
    report_fails(dir, "/proc/x/report.html", 1, "error: /proc/x/report.html: cannot write");
    report_fails(dir, "/proc/x/report.html", 1, "give -o a file in a folder you can write to");
    report_fails(dir, "/proc/x", 1, "error: /proc/x: cannot write the report there");
    ts_tmpdir_remove(dir);
}

static void test_not_ours(void **state)
{
    (void)state;
    char *dir = results();
    char *csv = ts_asprintf("%s/data.csv", dir), *page = ts_asprintf("%s/page.html", dir);
    write_file(csv, "a,b\n1,2\n");
    write_file(page, "<!DOCTYPE html>\n<html><title>my notes</title></html>\n");
    report_fails(dir, csv, 2, "is not a report written by tradeshock");
    report_fails(dir, page, 2, "is not a report written by tradeshock");
    char *s = ts_read_file(csv);
    assert_string_equal(s, "a,b\n1,2\n");
    free(s);
    s = ts_read_file(page);
    assert_non_null(strstr(s, "my notes"));
    free(s);
    /* a folder: refused, left as it was */
    char *folder = ts_asprintf("%s/folder", dir), *inside = ts_asprintf("%s/keep.txt", folder);
    assert_int_equal(ts_mkdir_p(folder), 0);
    write_file(inside, "keep\n");
    report_fails(dir, folder, 2, "is a folder, not a file");
    assert_true(ts_is_dir(folder));
    s = ts_read_file(inside);
    assert_string_equal(s, "keep\n");
    free(s);
    /* charts/ next to the page is a file: refused */
    char *sub = ts_asprintf("%s/sub", dir), *charts = ts_asprintf("%s/sub/charts", dir);
    char *out = ts_asprintf("%s/sub/r.html", dir);
    assert_int_equal(ts_mkdir_p(sub), 0);
    write_file(charts, "not a folder\n");
    report_fails(dir, out, 2, "charts: exists and is not a folder");
    assert_false(ts_path_exists(out));
    s = ts_read_file(charts);
    assert_string_equal(s, "not a folder\n");
    free(s);
    /* an earlier report is ours: replaced */
    char *args = ts_asprintf("report '%s/run' -o '%s/again.html'", dir, dir);
    for (int k = 0; k < 2; k++) {
        ts_cmd_result r = ts_run_cli(args);
        if (r.exit_code != 0)
            fail_msg("%s (pass %d): exit %d: %s", args, k, r.exit_code, r.err);
        ts_cmd_result_free(&r);
    }
    free(args), free(out), free(charts), free(sub), free(inside), free(folder);
    free(page), free(csv);
    ts_tmpdir_remove(dir);
}

/* convert writes through a temporary sibling folder: the message names -o DIR. */
static void test_convert_unwritable(void **state)
{
    (void)state;
    char *args = ts_asprintf("convert '%s' -o /proc/x",
                             ts_fixture("cases/15b-golden-2r2s/input"));
    ts_cmd_result r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 1);
    assert_int_equal(error_lines(r.err), 1);
    if (!strstr(r.err, "cannot write the table folder /proc/x: ") || strstr(r.err, ".tmp") ||
        !strstr(r.err, "give -o a folder you can write to"))
        fail_msg("stderr: %s", r.err);
    ts_cmd_result_free(&r);
    free(args);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unwritable),
        cmocka_unit_test(test_not_ours),
        cmocka_unit_test(test_convert_unwritable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
