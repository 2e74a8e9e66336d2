/* Native table folder: read -> write -> read round trips give bit-identical arrays;
 * physical line numbers survive quoted line breaks and CRLF; the writer never leaves a
 * half-written folder; the shipped WIOD tables load with the dimensions and facts stated
 * in /work/shared/data/README.md (41 x 35, 22 zero-output industries, China -> USA flows
 * 195.3 bn intermediate + 217.5 bn final), the two LUX industries with a lone -1
 * inventory change and x = 0 are reported, and negative output becomes zero-output. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "tradeshock/mrio.h"

/* Logger that keeps every message (one string, lines separated by '\n'). */
typedef struct logbuf {
    char *text;
} logbuf;

static void keep(void *user, ts_log_level level, const char *msg)
{
    logbuf *b = user;
    char *t = ts_asprintf("%s%s%s\n", b->text ? b->text : "",
                          level == TS_LOG_WARN ? "warning: " : "", msg);
    free(b->text);
    b->text = t;
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void copy_file(const char *from, const char *to)
{
    char *t = ts_read_file(from);
    assert_non_null(t);
    write_text(to, t);
    free(t);
}

static void assert_same_labels(const ts_label *a, const ts_label *b, size_t k)
{
    for (size_t i = 0; i < k; i++) {
        assert_string_equal(a[i].code, b[i].code);
        assert_string_equal(a[i].name, b[i].name);
    }
}

static void assert_same_table(const ts_mrio *a, const ts_mrio *b)
{
    assert_int_equal(a->R, b->R);
    assert_int_equal(a->S, b->S);
    assert_int_equal(a->F, b->F);
    assert_same_labels(a->regions, b->regions, a->R);
    assert_same_labels(a->sectors, b->sectors, a->S);
    assert_same_labels(a->fd_cats, b->fd_cats, a->F);
    size_t n = a->n, K = a->R * a->F;
    assert_memory_equal(a->Z, b->Z, n * n * sizeof *a->Z);
    assert_memory_equal(a->Y, b->Y, n * K * sizeof *a->Y);
    assert_memory_equal(a->x, b->x, n * sizeof *a->x);
    assert_memory_equal(a->v, b->v, n * sizeof *a->v);
    assert_int_equal(a->has_v_file, b->has_v_file);
    const char *ma[] = {a->name, a->year, a->currency, a->unit, a->source, a->licence};
    const char *mb[] = {b->name, b->year, b->currency, b->unit, b->source, b->licence};
    for (int k = 0; k < 6; k++) {
        assert_true((ma[k] == NULL) == (mb[k] == NULL));
        if (ma[k])
            assert_string_equal(ma[k], mb[k]);
    }
}

/* Raw read (no checks), write, read again: identical; no temporary folder left. */
static void round_trip(const char *dir)
{
    ts_error err;
    ts_mrio *a = NULL, *b = NULL;
    if (ts_mrio_read_native(dir, NULL, &a, &err))
        fail_msg("read %s: %s", dir, err.msg);
    char *tmp = ts_tmpdir();
    char *out = ts_asprintf("%s/sub/table", tmp);
    if (ts_mrio_write_native(a, out, &err))
        fail_msg("write %s: %s", out, err.msg);
    /* writing again over an existing table replaces it */
    if (ts_mrio_write_native(a, out, &err))
        fail_msg("rewrite %s: %s", out, err.msg);
    if (ts_mrio_read_native(out, NULL, &b, &err))
        fail_msg("read back %s: %s", out, err.msg);
    assert_same_table(a, b);
    char *sub = ts_asprintf("%s/sub", tmp);
    DIR *d = opendir(sub);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.' && strcmp(e->d_name, "table") != 0)
            fail_msg("left behind: %s/%s", sub, e->d_name);
    closedir(d);
    free(sub);
    free(out);
    ts_tmpdir_remove(tmp);
    ts_mrio_free(a);
    ts_mrio_free(b);
}

static void test_round_trip_fixtures(void **state)
{
    (void)state;
    round_trip(ts_fixture("cases/09b-quoted-labels-no-final-newline/input")); /* quoted names */
    round_trip(ts_fixture("cases/02-near-zero-output/input"));       /* 1e-9, 0.6, 0.3 */
    round_trip(ts_fixture("cases/05b-value-added-file-inconsistent/input")); /* v.csv */
    round_trip(ts_fixture("cases/14b-near-singular-leontief/input")); /* 59.99999999 */
}

static void test_round_trip_wiod_agg10(void **state)
{
    (void)state;
    round_trip(TS_SOURCE_DIR "/data/wiod2011-agg10"); /* region code CAN_MEX has a '_' */
}

/* A quoted name with a line break and CRLF line ends: errors still give physical lines. */
static void test_physical_lines(void **state)
{
    (void)state;
    char *tmp = ts_tmpdir();
    const char *files[] = {"sectors.csv", "final_demand_categories.csv", "Y.csv", "x.csv"};
    for (int k = 0; k < 4; k++) {
        char *from = ts_asprintf("%s/%s", ts_fixture("cases/00-base-valid-2r2s/input"), files[k]);
        char *to = ts_asprintf("%s/%s", tmp, files[k]);
        copy_file(from, to);
        free(from);
        free(to);
    }
    char *p = ts_asprintf("%s/regions.csv", tmp);
    write_text(p, "code,name\r\nAAA,\"Region\r\nA, two lines\"\r\nBBB,Region B\r\n");
    free(p);
    p = ts_asprintf("%s/Z.csv", tmp);
    write_text(p, "row,AAA_S1,AAA_S2,BBB_S1,BBB_S2\r\n\r\nAAA_S1,10,40,5,20\r\n"
                  "AAA_S2,15,30,10,25\r\nBBB_S1,5,20,x10,30\r\nBBB_S2,10,10,15,35\r\n");
    free(p);
    ts_error err;
    ts_mrio *m = NULL;
    assert_int_equal(ts_mrio_read_native(tmp, NULL, &m, &err), TS_ERR_INPUT);
    assert_null(m);
    assert_int_equal(err.line, 5); /* the blank line 2 counts */
    assert_int_equal(err.column, 4);
    assert_non_null(strstr(err.msg, "Z.csv:5:4"));
    assert_non_null(strstr(err.msg, "x10"));
    assert_non_null(strstr(err.msg, "BBB_S1"));
    /* a duplicate region on the line after the two-line name */
    p = ts_asprintf("%s/regions.csv", tmp);
    write_text(p, "code,name\nAAA,\"Region\nA\"\nAAA,again\n");
    free(p);
    assert_int_equal(ts_mrio_read_native(tmp, NULL, &m, &err), TS_ERR_INPUT);
    assert_int_equal(err.line, 4);
    assert_non_null(strstr(err.msg, "lines 2 and 4")); /* the record starts on line 2 */
    ts_tmpdir_remove(tmp);
}

/* The writer fails cleanly when the folder cannot be created. */
static void test_write_failure(void **state)
{
    (void)state;
    ts_error err;
    ts_mrio *m = NULL;
    assert_int_equal(ts_mrio_read_native(ts_fixture("cases/00-base-valid-2r2s/input"), NULL, &m,
                                         &err),
                     TS_OK);
    char *tmp = ts_tmpdir();
    char *file = ts_asprintf("%s/plain", tmp);
    write_text(file, "not a folder\n");
    char *out = ts_asprintf("%s/plain/table", tmp);
    assert_int_not_equal(ts_mrio_write_native(m, out, &err), TS_OK);
    assert_int_not_equal(ts_mrio_write_native(m, file, &err), TS_OK);
    char *text = ts_read_file(file);
    assert_string_equal(text, "not a folder\n");
    free(text);
    free(file);
    free(out);
    ts_tmpdir_remove(tmp);
    ts_mrio_free(m);
}

static int find(const ts_mrio *m, const char *region, const char *sector)
{
    int r = ts_mrio_region_index(m, region), s = ts_mrio_sector_index(m, sector);
    return r < 0 || s < 0 ? -1 : r * (int)m->S + s;
}

static void test_wiod_full(void **state)
{
    (void)state;
    logbuf lb = {NULL};
    ts_logger log = {keep, &lb};
    ts_error err;
    ts_mrio *m = NULL;
    if (ts_mrio_read(TS_SOURCE_DIR "/data/wiod2011", &log, &m, &err))
        fail_msg("WIOD: %s", err.msg);
    assert_int_equal(m->R, 41);
    assert_int_equal(m->S, 35);
    assert_int_equal(m->F, 5);
    assert_int_equal(m->n, 1435);
    size_t zero = 0;
    for (size_t i = 0; i < m->n; i++) {
        assert_true(m->x[i] >= 0);
        zero += m->x[i] == 0;
    }
    assert_int_equal(zero, 22); /* data README §1a */
    /* China -> USA 2011: 195.3 bn USD intermediates + 217.5 bn final (data README §1a) */
    int chn = ts_mrio_region_index(m, "CHN"), usa = ts_mrio_region_index(m, "USA");
    double zi = 0, yf = 0;
    size_t K = m->R * m->F;
    for (size_t s = 0; s < m->S; s++) {
        size_t i = (size_t)chn * m->S + s;
        for (size_t t = 0; t < m->S; t++)
            zi += m->Z[i * m->n + (size_t)usa * m->S + t];
        for (size_t f = 0; f < m->F; f++)
            yf += m->Y[i * K + (size_t)usa * m->F + f];
    }
    assert_true(fabs(zi - 195.3e3) < 0.05e3);
    assert_true(fabs(yf - 217.5e3) < 0.05e3);
    /* the two industries with a lone -1 inventory change: zero output, reported */
    const char *lux[] = {"c5", "c8"};
    for (int k = 0; k < 2; k++) {
        int i = find(m, "LUX", lux[k]);
        assert_true(i >= 0);
        assert_true(m->x[i] == 0);
        for (size_t j = 0; j < m->n; j++)
            assert_true(m->Z[j * m->n + (size_t)i] == 0);
        char lab[32];
        snprintf(lab, sizeof lab, "LUX_%s", lux[k]);
        assert_non_null(lb.text);
        const char *w = strstr(lb.text, "warning: zero-output industries with non-zero flows");
        assert_non_null(w);
        const char *eol = strchr(w, '\n');
        const char *hit = strstr(w, lab);
        assert_true(hit && hit < eol);
    }
    /* row gaps of 0-108 M USD from integer truncation are reported, the worst named */
    assert_non_null(strstr(lb.text, "warning: row balance"));
    free(lb.text);
    ts_mrio_free(m);
}

/* Negative gross output (as the WIOD rows would have with x = row sum): zero-output. */
static void test_negative_output_repair(void **state)
{
    (void)state;
    logbuf lb = {NULL};
    ts_logger log = {keep, &lb};
    ts_error err;
    ts_mrio *m = NULL;
    assert_int_equal(ts_mrio_create(2, 1, 1, &m, &err), TS_OK);
    const char *rc[] = {"AAA", "BBB"};
    for (int r = 0; r < 2; r++) {
        m->regions[r].code = ts_strdup(rc[r]);
        m->regions[r].name = ts_strdup(rc[r]);
    }
    m->sectors[0].code = ts_strdup("S1");
    m->sectors[0].name = ts_strdup("S1");
    m->fd_cats[0].code = ts_strdup("INV");
    m->fd_cats[0].name = ts_strdup("INV");
    /* AAA_S1 sells 10 to BBB_S1; BBB_S1 buys 10, sells 0, inventory change -1 */
    double Z[4] = {0, 10, 0, 0}, Y[4] = {40, 0, 0, -1}, x[2] = {50, -1};
    memcpy(m->Z, Z, sizeof Z);
    memcpy(m->Y, Y, sizeof Y);
    memcpy(m->x, x, sizeof x);
    assert_int_equal(ts_mrio_check(m, &log, &err), TS_OK);
    assert_true(m->x[1] == 0 && !signbit(m->x[1]));
    assert_true(m->Z[1] == 0); /* BBB_S1's input column */
    assert_true(m->Y[3] == -1); /* its sales stay as recorded */
    assert_true(m->v[1] == 0);
    assert_non_null(lb.text);
    assert_non_null(strstr(lb.text, "negative gross output"));
    assert_non_null(strstr(lb.text, "BBB_S1 x = -1"));
    assert_non_null(strstr(lb.text, "BBB_S1 (negative gross output) is treated as a zero-output"));
    free(lb.text);
    /* -0.0 becomes +0.0 (1/x must never be -Inf) */
    m->x[1] = -0.0;
    assert_int_equal(ts_mrio_check(m, NULL, &err), TS_OK);
    assert_false(signbit(m->x[1]));
    /* NaN is an error */
    m->Z[0] = NAN;
    assert_int_equal(ts_mrio_check(m, NULL, &err), TS_ERR_INPUT);
    assert_non_null(strstr(err.msg, "AAA_S1"));
    ts_mrio_free(m);
}

/* ts_mrio_read: not a table -> a clear input error naming the path; formats detected. */
static void test_read_detection(void **state)
{
    (void)state;
    ts_error err;
    ts_mrio *m = NULL;
    assert_int_equal(ts_mrio_read("/nonexistent/table", NULL, &m, &err), TS_ERR_INPUT);
    assert_non_null(strstr(err.msg, "/nonexistent/table"));
    assert_non_null(strstr(err.msg, "Z.csv"));
    assert_null(m);
    /* a folder of no known layout */
    char *tmp = ts_tmpdir();
    assert_int_equal(ts_mrio_read(tmp, NULL, &m, &err), TS_ERR_INPUT);
    assert_non_null(strstr(err.msg, tmp));
    assert_non_null(strstr(err.msg, "file_parameters.json"));
    /* a file that is not .csv */
    char *f = ts_asprintf("%s/table.txt", tmp);
    write_text(f, "x\n");
    assert_int_equal(ts_mrio_read(f, NULL, &m, &err), TS_ERR_INPUT);
    assert_non_null(strstr(err.msg, "not a .csv"));
    free(f);
    ts_tmpdir_remove(tmp);
    struct {
        const char *path;
        ts_mrio_format f;
    } det[] = {
        {"cases/00-base-valid-2r2s/input", TS_FORMAT_NATIVE},
        {"cases/12a-pymrio-with-extensions/input", TS_FORMAT_PYMRIO},
        {"cases/12b-pymrio-coefficients-only/input", TS_FORMAT_PYMRIO},
        {"cases/11a-oecd-icio-2021-vs-2023/input/2018.csv", TS_FORMAT_ICIO},
        {"formats/wiod/base/input", TS_FORMAT_WIOD},
    };
    for (size_t k = 0; k < sizeof det / sizeof det[0]; k++) {
        ts_mrio_format got = TS_FORMAT_AUTO;
        assert_int_equal(ts_mrio_detect_format(ts_fixture(det[k].path), &got, &err), TS_OK);
        assert_int_equal(got, det[k].f);
    }
    /* an explicit format that does not fit the path */
    assert_int_equal(ts_mrio_read_format(ts_fixture("cases/00-base-valid-2r2s/input"),
                                         TS_FORMAT_ICIO, NULL, &m, &err),
                     TS_ERR_INPUT);
    assert_non_null(strstr(err.msg, "OECD ICIO"));
    assert_int_equal(ts_mrio_read_format(ts_fixture("cases/00-base-valid-2r2s/input"),
                                         TS_FORMAT_PYMRIO, NULL, &m, &err),
                     TS_ERR_INPUT);
    assert_non_null(strstr(err.msg, "file_parameters.json"));
    ts_mrio_format pf;
    assert_int_equal(ts_mrio_format_parse("ICIO", &pf, &err), TS_OK);
    assert_int_equal(pf, TS_FORMAT_ICIO);
    assert_int_equal(ts_mrio_format_parse("csv", &pf, &err), TS_ERR_INPUT);
    assert_non_null(strstr(err.msg, "native, pymrio, icio or wiod"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_fixtures),
        cmocka_unit_test(test_round_trip_wiod_agg10),
        cmocka_unit_test(test_physical_lines),
        cmocka_unit_test(test_write_failure),
        cmocka_unit_test(test_wiod_full),
        cmocka_unit_test(test_negative_output_repair),
        cmocka_unit_test(test_read_detection),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
