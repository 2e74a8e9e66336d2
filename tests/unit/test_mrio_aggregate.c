/* Aggregation by concordance maps (ts_mrio_aggregate) and `tradeshock convert` with
 * --aggregate-regions / --aggregate-sectors / --split / --format:
 * - totals (Z, Y, x, v, row and column sums) preserved exactly, labels from the map;
 * - the shipped WIOD 2011 table aggregated with WIOD's own region_map.csv equals the shipped
 *   10-region table cell by cell (integers: exact);
 * - every map fault is an input error naming the file, line and column (unmapped codes:
 *   all of them, by name);
 * - convert runs read -> aggregate -> split -> write and writes nothing on error. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "tradeshock/mrio.h"

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static double sum(const double *a, size_t k)
{
    double s = 0;
    for (size_t i = 0; i < k; i++)
        s += a[i];
    return s;
}

/* ts_fixture() returns a static buffer: copy it when two are used at once. */
static char *fx(const char *rel)
{
    return ts_strdup(ts_fixture(rel));
}

static ts_mrio *base(void)
{
    ts_error err;
    ts_mrio *m = NULL;
    if (ts_mrio_read(ts_fixture("formats/native/base/input"), NULL, &m, &err))
        fail_msg("%s", err.msg);
    return m;
}

static void test_totals_and_labels(void **state)
{
    (void)state;
    ts_mrio *m = base(), *a = NULL;
    ts_error err;
    char *rm = fx("formats/maps/base-regions.csv"), *sm = fx("formats/maps/base-sectors.csv");
    assert_int_equal(ts_mrio_aggregate(m, rm, sm, &a, &err), TS_OK);
    free(rm);
    free(sm);
    assert_int_equal(a->R, 1);
    assert_int_equal(a->S, 1);
    assert_int_equal(a->F, 2);
    assert_string_equal(a->regions[0].code, "WLD");
    assert_string_equal(a->regions[0].name, "World, all regions");
    assert_string_equal(a->sectors[0].code, "GDS");
    assert_string_equal(a->sectors[0].name, "GDS");
    assert_string_equal(a->fd_cats[1].code, "INV");
    assert_true(a->Z[0] == sum(m->Z, 16));
    assert_true(a->x[0] == sum(m->x, 4));
    assert_true(a->v[0] == sum(m->v, 4));
    assert_true(a->Y[0] == 15 + 100 + 10 + 30 + 5 + 15 + 70 + 140); /* HH of both regions */
    assert_true(a->Y[1] == 5 + 5 + 5 + 10);
    assert_true((a->name == NULL) == (m->name == NULL));
    ts_mrio_free(a);
    /* sectors only: regions kept; row and column sums of each region preserved */
    assert_int_equal(ts_mrio_aggregate(m, NULL, ts_fixture("formats/maps/base-sectors.csv"), &a,
                                       &err),
                     TS_OK);
    assert_int_equal(a->R, 2);
    assert_int_equal(a->S, 1);
    assert_string_equal(a->regions[1].code, "BBB");
    assert_string_equal(a->regions[1].name, "Region B");
    for (size_t r = 0; r < 2; r++) {
        double zr = 0, zc = 0, yr = 0;
        for (size_t i = 2 * r; i < 2 * r + 2; i++)
            for (size_t j = 0; j < 4; j++) {
                zr += m->Z[i * 4 + j];
                zc += m->Z[j * 4 + i];
            }
        for (size_t i = 2 * r; i < 2 * r + 2; i++)
            yr += sum(m->Y + i * 4, 4);
        assert_true(sum(a->Z + r * 2, 2) == zr);
        assert_true(a->Z[r] + a->Z[2 + r] == zc);
        assert_true(sum(a->Y + r * 4, 4) == yr);
    }
    ts_mrio_free(a);
    /* identity map: the same table */
    assert_int_equal(ts_mrio_aggregate(m, NULL, ts_fixture("formats/maps/base-sectors-split.csv"),
                                       &a, &err),
                     TS_OK);
    assert_int_equal(a->S, 2);
    assert_string_equal(a->sectors[1].code, "MAN");
    assert_memory_equal(a->Z, m->Z, 16 * sizeof *m->Z);
    assert_memory_equal(a->Y, m->Y, 16 * sizeof *m->Y);
    ts_mrio_free(a);
    ts_mrio_free(m);
}

/* data/wiod2011 aggregated by WIOD's region_map.csv == data/wiod2011-agg10, cell by cell. */
static void test_wiod_agg10(void **state)
{
    (void)state;
    ts_error err;
    ts_mrio *full = NULL, *agg = NULL, *ref = NULL;
    if (ts_mrio_read_native(TS_SOURCE_DIR "/data/wiod2011", NULL, &full, &err) ||
        ts_mrio_read_native(TS_SOURCE_DIR "/data/wiod2011-agg10", NULL, &ref, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(ts_mrio_aggregate(full, ts_fixture("formats/maps/wiod-agg10-regions.csv"),
                                       NULL, &agg, &err),
                     TS_OK);
    assert_int_equal(agg->R, 10);
    assert_int_equal(agg->S, 35);
    assert_int_equal(agg->F, 5);
    size_t n = agg->n, K = agg->R * agg->F, *p = malloc(n * sizeof *p);
    for (size_t i = 0; i < n; i++) {
        int r = ts_mrio_region_index(ref, agg->regions[i / agg->S].code);
        assert_true(r >= 0);
        p[i] = (size_t)r * ref->S + i % agg->S;
    }
    for (size_t i = 0; i < n; i++) {
        assert_true(agg->x[i] == ref->x[p[i]]);
        for (size_t j = 0; j < n; j++)
            if (agg->Z[i * n + j] != ref->Z[p[i] * n + p[j]])
                fail_msg("Z[%zu, %zu] = %g, shipped %g", i, j, agg->Z[i * n + j],
                         ref->Z[p[i] * n + p[j]]);
        for (size_t k = 0; k < K; k++) {
            size_t rr = p[(k / agg->F) * agg->S] / ref->S;
            assert_true(agg->Y[i * K + k] == ref->Y[p[i] * K + rr * ref->F + k % agg->F]);
        }
    }
    assert_true(sum(agg->Z, n * n) == sum(full->Z, full->n * full->n));
    assert_true(sum(agg->Y, n * K) == sum(full->Y, full->n * full->R * full->F));
    free(p);
    ts_mrio_free(full);
    ts_mrio_free(agg);
    ts_mrio_free(ref);
}

static void expect_map_error(const ts_mrio *m, const char *text, int sectors, long line,
                             long col, const char *mention)
{
    char *tmp = ts_tmpdir();
    char *p = ts_asprintf("%s/map.csv", tmp);
    write_text(p, text);
    ts_error err;
    ts_mrio *a = NULL;
    ts_status st = ts_mrio_aggregate(m, sectors ? NULL : p, sectors ? p : NULL, &a, &err);
    if (st != TS_ERR_INPUT)
        fail_msg("map %s: status %d, expected an input error", text, (int)st);
    assert_null(a);
    assert_non_null(strstr(err.msg, "map.csv"));
    assert_int_equal(err.line, line);
    assert_int_equal(err.column, col);
    if (!strstr(err.msg, mention))
        fail_msg("error must mention '%s': %s", mention, err.msg);
    free(p);
    ts_tmpdir_remove(tmp);
}

static void test_map_errors(void **state)
{
    (void)state;
    ts_mrio *m = base();
    expect_map_error(m, "code,group\nAAA,W\n", 0, 0, 0, "BBB");               /* unmapped */
    expect_map_error(m, "code,group\nS1,G\n", 1, 0, 0, "S2");
    expect_map_error(m, "code,group\nAAA,W\nBBB,W\nCCC,W\n", 0, 4, 1, "CCC"); /* not in table */
    expect_map_error(m, "code,group\nAAA,W\nBBB,W\nAAA,V\n", 0, 4, 1, "lines 2 and 4");
    expect_map_error(m, "code,grp\nAAA,W\n", 0, 1, 0, "group");               /* no column */
    expect_map_error(m, "code,group\r\nAAA,W\r\nBBB\r\n", 0, 3, 2, "2");      /* ragged */
    expect_map_error(m, "code,group\nAAA,\nBBB,W\n", 0, 2, 2, "empty group");
    expect_map_error(m, "code,group\nAAA,W\n\"BBB,W\n", 0, 3, 0, "quote");   /* open quote */
    /* BOM, CRLF, quotes, no final newline: fine */
    char *tmp = ts_tmpdir();
    char *p = ts_asprintf("%s/ok.csv", tmp);
    write_text(p, "\xEF\xBB\xBF\"code\",\"group\",\"name\"\r\n\"AAA\",\"X\",\"one, two\"\r\nBBB,Y,");
    ts_error err;
    ts_mrio *a = NULL;
    assert_int_equal(ts_mrio_aggregate(m, p, NULL, &a, &err), TS_OK);
    assert_string_equal(a->regions[0].name, "one, two");
    assert_string_equal(a->regions[1].name, "Y");
    ts_mrio_free(a);
    free(p);
    ts_tmpdir_remove(tmp);
    ts_mrio_free(m);
}

/* convert: aggregate then split; --format; errors write nothing. */
static void test_convert_cli(void **state)
{
    (void)state;
    char *tmp = ts_tmpdir();
    char *spec = ts_asprintf("%s/split.yaml", tmp);
    write_text(spec, "parent: GDS\ncode: NEW\nname: New product\noutput_share: {WLD: 0.1}\n"
                     "self_share: 0.1\nbuyer_share: {GDS: 1.0}\nfd_share: 0.2\n");
    char *in = fx("formats/pymrio/base/input"), *rm = fx("formats/maps/base-regions.csv");
    char *sm = fx("formats/maps/base-sectors.csv");
    char *args = ts_asprintf(
        "convert '%s' --format pymrio --aggregate-regions '%s' --aggregate-sectors '%s' "
        "--split '%s' -o '%s/out'",
        in, rm, sm, spec, tmp);
    free(in);
    free(rm);
    free(sm);
    ts_cmd_result r = ts_run_cli(args);
    if (r.exit_code != 0)
        fail_msg("convert: exit %d: %s", r.exit_code, r.err);
    ts_cmd_result_free(&r);
    free(args);
    char *out = ts_asprintf("%s/out", tmp);
    ts_error err;
    ts_mrio *m = NULL, *b = base();
    if (ts_mrio_read(out, NULL, &m, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(m->R, 1);
    assert_int_equal(m->S, 2);
    assert_string_equal(m->sectors[1].code, "NEW");
    assert_true(fabs(m->x[1] - 0.1 * sum(b->x, 4)) < 1e-9);
    assert_true(fabs(sum(m->x, 2) - sum(b->x, 4)) < 1e-9);
    ts_mrio_free(m);
    ts_mrio_free(b);
    /* a bad map: exit 2, one error line naming the map, nothing written */
    char *bad = ts_asprintf("%s/bad.csv", tmp);
    write_text(bad, "code,group\nAAA,W\n");
    args = ts_asprintf("convert '%s' --aggregate-regions '%s' -o '%s/out2'",
                       ts_fixture("formats/wiod/base/input"), bad, tmp);
    r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 2);
    assert_non_null(strstr(r.err, "bad.csv"));
    assert_non_null(strstr(r.err, "BBB"));
    char *out2 = ts_asprintf("%s/out2", tmp);
    assert_false(ts_path_exists(out2));
    ts_cmd_result_free(&r);
    free(args);
    /* an unknown --format */
    args = ts_asprintf("convert '%s' --format xlsx -o '%s/out3'",
                       ts_fixture("formats/wiod/base/input"), tmp);
    r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 2);
    assert_non_null(strstr(r.err, "native, pymrio, icio or wiod"));
    ts_cmd_result_free(&r);
    free(args);
    free(out2);
    free(bad);
    free(out);
    free(spec);
    ts_tmpdir_remove(tmp);
}

/* The shipped pipeline: data/wiod2011 aggregated with WIOD's region map, then the rare-earth
 * chain splits (data/mag-split-agg10.yaml, data/rem-split-agg10.yaml), gives
 * data/wiod2011-agg10-ree (regions in another order). */
static void test_convert_pipeline(void **state)
{
    (void)state;
    char *tmp = ts_tmpdir();
    char *map = fx("formats/maps/wiod-agg10-regions.csv");
    char *args = ts_asprintf("convert '%s/data/wiod2011' --aggregate-regions '%s' --split "
                             "'%s/data/mag-split-agg10.yaml' --split '%s/data/rem-split-agg10.yaml'"
                             " -o '%s/out'",
                             TS_SOURCE_DIR, map, TS_SOURCE_DIR, TS_SOURCE_DIR, tmp);
    ts_cmd_result r = ts_run_cli(args);
    if (r.exit_code != 0)
        fail_msg("convert: exit %d: %s", r.exit_code, r.err);
    char *out = ts_asprintf("%s/out", tmp);
    ts_error err;
    ts_mrio *a = NULL, *b = NULL;
    if (ts_mrio_read_native(out, NULL, &a, &err) ||
        ts_mrio_read_native(TS_SOURCE_DIR "/data/wiod2011-agg10-ree", NULL, &b, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(a->R, b->R);
    assert_int_equal(a->S, b->S);
    size_t n = a->n, *p = malloc(n * sizeof *p);
    for (size_t i = 0; i < n; i++) {
        int rr = ts_mrio_region_index(b, a->regions[i / a->S].code);
        assert_true(rr >= 0);
        assert_string_equal(a->sectors[i % a->S].code, b->sectors[i % a->S].code);
        p[i] = (size_t)rr * b->S + i % a->S;
    }
    for (size_t i = 0; i < n; i++) {
        assert_true(ts_close(a->x[i], b->x[p[i]], 1e-12, 1e-9));
        for (size_t j = 0; j < n; j++)
            if (!ts_close(a->Z[i * n + j], b->Z[p[i] * n + p[j]], 1e-12, 1e-9))
                fail_msg("Z[%zu, %zu] = %.17g, shipped %.17g", i, j, a->Z[i * n + j],
                         b->Z[p[i] * n + p[j]]);
    }
    free(p);
    ts_mrio_free(a);
    ts_mrio_free(b);
    ts_cmd_result_free(&r);
    free(args);
    free(out);
    free(map);
    ts_tmpdir_remove(tmp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_totals_and_labels),
        cmocka_unit_test(test_wiod_agg10),
        cmocka_unit_test(test_map_errors),
        cmocka_unit_test(test_convert_cli),
        cmocka_unit_test(test_convert_pipeline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
