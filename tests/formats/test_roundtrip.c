/* Round trips through the writers of other formats (convert --to): native -> pymrio ->
 * native keeps codes, names, final-demand categories, metadata and every value exactly, on
 * the shipped 10-region tables; native -> ICIO -> native keeps codes and values (names are
 * not part of ICIO); the writers refuse what their format cannot hold; the CLI's -o rules.
 * The reference is the table as first read (an independent reader of the shipped files),
 * compared cell by cell with ==. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "testutil.h"
#include "tradeshock/mrio.h"

static ts_mrio *read_table(const char *path)
{
    ts_mrio *m = NULL;
    ts_error err;
    if (ts_mrio_read_format(path, TS_FORMAT_AUTO, NULL, &m, &err) != TS_OK)
        fail_msg("read %s: %s", path, err.msg);
    return m;
}

static void same_labels(const ts_label *a, const ts_label *b, size_t k, int names)
{
    for (size_t i = 0; i < k; i++) {
        assert_string_equal(a[i].code, b[i].code);
        if (names)
            assert_string_equal(a[i].name ? a[i].name : a[i].code, b[i].name ? b[i].name : b[i].code);
    }
}

static void same_values(const ts_mrio *a, const ts_mrio *b)
{
    assert_int_equal(a->R, b->R);
    assert_int_equal(a->S, b->S);
    assert_int_equal(a->F, b->F);
    size_t n = a->n, K = a->R * a->F;
    for (size_t i = 0; i < n * n; i++)
        if (a->Z[i] != b->Z[i])
            fail_msg("Z[%zu]: %.17g vs %.17g", i, a->Z[i], b->Z[i]);
    for (size_t i = 0; i < n * K; i++)
        if (a->Y[i] != b->Y[i])
            fail_msg("Y[%zu]: %.17g vs %.17g", i, a->Y[i], b->Y[i]);
    for (size_t i = 0; i < n; i++)
        if (a->x[i] != b->x[i] || a->v[i] != b->v[i])
            fail_msg("x/v[%zu] differ", i);
}

static void meta_equal(const char *a, const char *b)
{
    assert_true((a == NULL) == (b == NULL));
    if (a)
        assert_string_equal(a, b);
}

static void pymrio_round_trip(const char *table)
{
    char *dir = ts_tmpdir(), *pm = ts_asprintf("%s/pm", dir), *back = ts_asprintf("%s/back", dir);
    ts_mrio *a = read_table(table), *b = NULL, *c = NULL;
    ts_error err;
    assert_int_equal(ts_mrio_write_pymrio(a, pm, &err), TS_OK);
    b = read_table(pm); /* detected as pymrio (file_parameters.json) */
    assert_int_equal(ts_mrio_write_native(b, back, &err), TS_OK);
    c = read_table(back);
    const ts_mrio *got[2] = {b, c};
    for (int k = 0; k < 2; k++) {
        same_labels(a->regions, got[k]->regions, a->R, 1);
        same_labels(a->sectors, got[k]->sectors, a->S, 1);
        same_labels(a->fd_cats, got[k]->fd_cats, a->F, 1);
        same_values(a, got[k]);
        meta_equal(a->name, got[k]->name);
        meta_equal(a->year, got[k]->year);
        meta_equal(a->unit, got[k]->unit);
        meta_equal(a->currency, got[k]->currency);
        meta_equal(a->source, got[k]->source);
        meta_equal(a->licence, got[k]->licence);
    }
    /* the pymrio layout: two header rows led by the level names, then the index names */
    char *zp = ts_asprintf("%s/Z.txt", pm), *z = ts_read_file(zp);
    assert_true(!strncmp(z, "region\t\tUSA\t", 12));
    assert_non_null(strstr(z, "\nsector\t\tc1\tc2\t"));
    assert_non_null(strstr(z, "\nregion\tsector\t\t"));
    free(z), free(zp);
    ts_mrio_free(a), ts_mrio_free(b), ts_mrio_free(c);
    free(pm), free(back);
    ts_tmpdir_remove(dir);
}

static void test_pymrio_agg10(void **state)
{
    (void)state;
    pymrio_round_trip(TS_SOURCE_DIR "/data/wiod2011-agg10");
}

static void test_pymrio_agg10_ree(void **state)
{
    (void)state;
    pymrio_round_trip(TS_SOURCE_DIR "/data/wiod2011-agg10-ree");
}

/* After the round trip the shipped splits still apply (they name sectors by code). */
static void test_splits_after_round_trip(void **state)
{
    (void)state;
    char *dir = ts_tmpdir(), *pm = ts_asprintf("%s/pm", dir);
    char *args = ts_asprintf("convert " TS_SOURCE_DIR "/data/wiod2011-agg10-ree -o '%s' --to pymrio", pm);
    ts_cmd_result r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 0);
    ts_cmd_result_free(&r);
    free(args);
    args = ts_asprintf("convert '%s' -o '%s/n' --split " TS_SOURCE_DIR
                       "/data/us-defence-split-c15.yaml", pm, dir);
    r = ts_run_cli(args);
    if (r.exit_code != 0)
        fail_msg("split after the round trip: %s", r.err);
    ts_cmd_result_free(&r);
    free(args), free(pm);
    ts_tmpdir_remove(dir);
}

static void test_icio(void **state)
{
    (void)state;
    char *dir = ts_tmpdir(), *p = ts_asprintf("%s/t.csv", dir);
    ts_mrio *a = read_table(ts_fixture("formats/native/base/input")), *b = NULL;
    ts_error err;
    assert_int_equal(ts_mrio_write_icio(a, p, &err), TS_OK);
    b = read_table(p);
    same_labels(a->regions, b->regions, a->R, 0);
    same_labels(a->sectors, b->sectors, a->S, 0);
    same_labels(a->fd_cats, b->fd_cats, a->F, 0);
    same_values(a, b);
    char *txt = ts_read_file(p);
    assert_true(!strncmp(txt, "V1,", 3));
    assert_non_null(strstr(txt, "\nVA,"));
    assert_non_null(strstr(txt, "\nOUT,"));
    free(txt);
    ts_mrio_free(b);
    ts_mrio_free(a);
    /* a region code with '_' cannot be an ICIO label: clear refusal, nothing written */
    a = read_table(TS_SOURCE_DIR "/data/wiod2011-agg10");
    char *q = ts_asprintf("%s/agg.csv", dir);
    assert_int_equal(ts_mrio_write_icio(a, q, &err), TS_ERR_INPUT);
    assert_non_null(strstr(err.msg, "CAN_MEX"));
    assert_false(ts_path_exists(q));
    ts_mrio_free(a);
    free(p), free(q);
    ts_tmpdir_remove(dir);
}

/* convert -o never replaces what it did not write; --to is checked. */
static void test_cli_output_rules(void **state)
{
    (void)state;
    char *dir = ts_tmpdir(), *f = ts_asprintf("%s/notes.csv", dir);
    FILE *fp = fopen(f, "w");
    fputs("my,notes\n", fp);
    fclose(fp);
    char *args = ts_asprintf("convert " TS_SOURCE_DIR "/tests/fixtures/formats/native/base/input "
                             "-o '%s' --to icio", f);
    ts_cmd_result r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 2);
    char *txt = ts_read_file(f);
    assert_string_equal(txt, "my,notes\n");
    free(txt);
    ts_cmd_result_free(&r);
    free(args);
    args = ts_asprintf("convert " TS_SOURCE_DIR "/data/wiod2011-agg10 -o '%s/x' --to excel", dir);
    r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 2);
    assert_non_null(strstr(r.err, "--to"));
    ts_cmd_result_free(&r);
    free(args), free(f);
    ts_tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pymrio_agg10),
        cmocka_unit_test(test_pymrio_agg10_ree),
        cmocka_unit_test(test_splits_after_round_trip),
        cmocka_unit_test(test_icio),
        cmocka_unit_test(test_cli_output_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
