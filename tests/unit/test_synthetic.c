/* Synthetic tables (synthetic.h, `convert --synthetic`): the invariants the construction
 * promises, checked on the table itself (no golden values from the generator):
 * rows balance, everything is positive, value-added shares in the stated range, the
 * share of non-zero cells near the density asked, domestic blocks denser and larger than
 * foreign ones, same seed => same table, the checks pass without a warning, and the CLI
 * writes a table that reads back identical. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "tradeshock/mrio.h"
#include "tradeshock/synthetic.h"

static int warnings;
static void count_warn(void *user, ts_log_level level, const char *msg)
{
    (void)user;
    (void)msg;
    if (level >= TS_LOG_WARN)
        warnings++;
}

static ts_mrio *make(size_t R, size_t S, double D, uint64_t seed)
{
    ts_synthetic_spec sp = {R, S, D, seed};
    ts_mrio *m = NULL;
    ts_error err;
    assert_int_equal(ts_mrio_synthetic(&sp, &m, &err), TS_OK);
    assert_non_null(m);
    return m;
}

static void invariants(const ts_mrio *m, double D)
{
    size_t n = m->n, S = m->S, K = m->R * m->F;
    size_t nz = 0, nzd = 0, nd = 0;
    double vd = 0, vf = 0;
    for (size_t i = 0; i < n; i++) {
        double rs = 0, ys = 0;
        assert_true(m->x[i] > 0);
        for (size_t j = 0; j < n; j++) {
            double z = m->Z[i * n + j];
            assert_true(z >= 0 && isfinite(z));
            int dom = i / S == j / S;
            nd += dom;
            if (z > 0) {
                nz++;
                nzd += dom;
            }
            if (dom)
                vd += z;
            else
                vf += z;
            rs += z;
        }
        assert_true(m->Z[i * n + i] > 0); /* own-industry inputs always present */
        for (size_t k = 0; k < K; k++) {
            assert_true(m->Y[i * K + k] >= 0);
            ys += m->Y[i * K + k];
        }
        assert_true(ys > 0);
        assert_true(fabs(m->x[i] - rs - ys) <= 1e-12 * m->x[i]);
    }
    for (size_t j = 0; j < n; j++) {
        double cs = 0;
        for (size_t i = 0; i < n; i++)
            cs += m->Z[i * n + j];
        double va = (m->x[j] - cs) / m->x[j];
        assert_true(va >= 0.28 - 1e-9 && va <= 0.72 + 1e-9);
        assert_true(fabs(m->v[j] - (m->x[j] - cs)) <= 1e-9 * m->x[j]);
    }
    double share = (double)nz / (double)(n * n);
    assert_true(fabs(share - D) <= 0.03);
    if (m->R > 1 && D < 1) {
        double dd = (double)nzd / (double)nd, df = (double)(nz - nzd) / (double)(n * n - nd);
        assert_true(dd > df);
    }
    if (m->R > 1) /* 83 % of intermediate inputs bought at home: domestic value dominates */
        assert_true(vd > 2 * vf);
}

static void test_dense(void **state)
{
    (void)state;
    ts_mrio *m = make(6, 7, 1.0, 3);
    invariants(m, 1.0);
    ts_mrio_free(m);
}

static void test_sparse(void **state)
{
    (void)state;
    ts_mrio *m = make(20, 15, 0.2, 11);
    invariants(m, 0.2);
    warnings = 0;
    ts_logger log = {count_warn, NULL};
    ts_error err;
    assert_int_equal(ts_mrio_check(m, &log, &err), TS_OK);
    assert_int_equal(warnings, 0);
    ts_mrio_free(m);
}

static void test_one_region(void **state)
{
    (void)state;
    ts_mrio *m = make(1, 30, 0.5, 5);
    invariants(m, 0.5);
    ts_mrio_free(m);
}

static void test_deterministic(void **state)
{
    (void)state;
    ts_mrio *a = make(5, 8, 0.4, 42), *b = make(5, 8, 0.4, 42), *c = make(5, 8, 0.4, 43);
    size_t n = a->n;
    assert_memory_equal(a->Z, b->Z, n * n * sizeof *a->Z);
    assert_memory_equal(a->Y, b->Y, n * a->R * sizeof *a->Y);
    assert_memory_equal(a->x, b->x, n * sizeof *a->x);
    assert_true(memcmp(a->Z, c->Z, n * n * sizeof *a->Z) != 0);
    ts_mrio_free(a);
    ts_mrio_free(b);
    ts_mrio_free(c);
}

static void test_bad_spec(void **state)
{
    (void)state;
    ts_error err;
    ts_mrio *m = NULL;
    ts_synthetic_spec sp = {0, 3, 1.0, 1};
    assert_int_equal(ts_mrio_synthetic(&sp, &m, &err), TS_ERR_INPUT);
    sp = (ts_synthetic_spec){2, 3, 1.5, 1};
    assert_int_equal(ts_mrio_synthetic(&sp, &m, &err), TS_ERR_INPUT);
    assert_non_null(strstr(err.msg, "(0, 1]"));
    assert_int_equal(ts_synthetic_parse_dims("41x", &sp, &err), TS_ERR_INPUT);
    assert_int_equal(ts_synthetic_parse_dims("4x5x6", &sp, &err), TS_ERR_INPUT);
    assert_int_equal(ts_synthetic_parse_dims("41x35", &sp, &err), TS_OK);
    assert_int_equal(sp.regions, 41);
    assert_int_equal(sp.sectors, 35);
}

/* The CLI writes the generator's table; it reads back value for value. */
static void test_cli_roundtrip(void **state)
{
    (void)state;
    char *dir = ts_tmpdir();
    char args[1024];
    snprintf(args, sizeof args, "convert --synthetic 3x4 --density 0.6 --seed 9 -o '%s/t'", dir);
    ts_cmd_result r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 0);
    assert_string_equal(r.err, "");
    ts_cmd_result_free(&r);
    char path[1024];
    snprintf(path, sizeof path, "%s/t", dir);
    ts_mrio *back = NULL, *m = make(3, 4, 0.6, 9);
    ts_error err;
    assert_int_equal(ts_mrio_read(path, NULL, &back, &err), TS_OK);
    assert_int_equal(back->n, 12);
    assert_memory_equal(back->Z, m->Z, 144 * sizeof *m->Z);
    assert_memory_equal(back->x, m->x, 12 * sizeof *m->x);
    ts_mrio_free(back);
    ts_mrio_free(m);

    snprintf(args, sizeof args, "convert --synthetic 3x0 -o '%s/u'", dir);
    r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 2);
    assert_non_null(strstr(r.err, "REGIONSxSECTORS"));
    ts_cmd_result_free(&r);
    snprintf(args, sizeof args, "convert --synthetic 3x3 --density 0 -o '%s/u'", dir);
    r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 2);
    assert_non_null(strstr(r.err, "--density"));
    ts_cmd_result_free(&r);
    ts_tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dense),          cmocka_unit_test(test_sparse),
        cmocka_unit_test(test_one_region),     cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_bad_spec),       cmocka_unit_test(test_cli_roundtrip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
