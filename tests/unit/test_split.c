/* Sector split (ts_mrio_split_sector): balances kept to 1e-9, sizes and sales shares
 * as specified. Expected values are the spec's own numbers and the parent table's
 * sums, computed here independently of the split code. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "tradeshock/mrio.h"

static double rowsum(const ts_mrio *m, size_t i)
{
    double s = 0;
    size_t K = m->R * m->F;
    for (size_t j = 0; j < m->n; j++)
        s += m->Z[i * m->n + j];
    for (size_t k = 0; k < K; k++)
        s += m->Y[i * K + k];
    return s;
}

static double colsum(const ts_mrio *m, size_t j)
{
    double s = 0;
    for (size_t i = 0; i < m->n; i++)
        s += m->Z[i * m->n + j];
    return s;
}

/* new index of an old industry (r, s) when a sector is inserted after P */
static size_t map_old(const ts_mrio *m, size_t i, size_t P)
{
    size_t r = i / m->S, s = i % m->S;
    return r * (m->S + 1) + (s <= P ? s : s + 1);
}

static void check_balances(const ts_mrio *m, const ts_mrio *o, size_t P, const double *theta)
{
    size_t S1 = m->S + 1;
    for (size_t i = 0; i < m->n; i++) {
        size_t r = i / m->S, i1 = map_old(m, i, P);
        double gap = m->x[i] - rowsum(m, i);
        double gap1 = o->x[i1] - rowsum(o, i1);
        double scale = fmax(1.0, m->x[i]);
        if (i % m->S == P) {
            size_t q = r * S1 + P + 1;
            double gapq = o->x[q] - rowsum(o, q);
            /* the new product's row is exactly balanced; the parent keeps the old gap */
            assert_true(fabs(gapq) <= 1e-9 * scale);
            assert_true(fabs(gap1 - gap) <= 1e-9 * scale);
            assert_true(fabs(o->x[q] - theta[r] * m->x[i]) <= 1e-9 * scale);
            assert_true(fabs(o->x[q] + o->x[i1] - m->x[i]) <= 1e-9 * scale);
            /* columns: new product = theta x parent column, parent keeps the rest */
            double cs = colsum(m, i);
            assert_true(fabs(colsum(o, q) - theta[r] * cs) <= 1e-9 * fmax(1.0, cs));
            assert_true(fabs(colsum(o, i1) - (1 - theta[r]) * cs) <= 1e-9 * fmax(1.0, cs));
        } else {
            assert_true(fabs(gap1 - gap) <= 1e-9 * scale);
            double cs = colsum(m, i);
            assert_true(fabs(colsum(o, i1) - cs) <= 1e-9 * fmax(1.0, cs));
        }
    }
    for (size_t k = 0; k < o->n * o->n; k++)
        assert_true(o->Z[k] >= 0 && isfinite(o->Z[k]));
}

static void test_split_small(void **state)
{
    (void)state;
    ts_mrio *m = NULL, *o = NULL;
    ts_error err;
    assert_int_equal(ts_mrio_read(ts_fixture("cases/00-base-valid-2r2s/input"), NULL, &m, &err), TS_OK);
    double theta[2] = {0.1, 0.05};
    double buyers[2] = {0.5, 0.5};
    ts_split_spec spec = {"S1", "NEW", "new product", theta, buyers, 0.0, 0.0, NULL};
    assert_int_equal(ts_mrio_split_sector(m, &spec, &o, &err), TS_OK);
    assert_int_equal(o->S, 3);
    assert_string_equal(o->sectors[1].code, "NEW");
    assert_string_equal(o->sectors[2].code, "S2");
    check_balances(m, o, 0, theta);
    /* half of AAA's NEW goes to S1 buyers, half to S2 buyers (both have room):
     * AAA_S1 sells 10+5 to S1 users and 40+20 to S2 users; x_new = 10 */
    size_t q = 1; /* AAA_NEW */
    double to_s1 = 0, to_s2 = 0;
    for (size_t j = 0; j < o->n; j++) {
        size_t s = j % 3;
        if (s == 0)
            to_s1 += o->Z[q * o->n + j];
        if (s == 2)
            to_s2 += o->Z[q * o->n + j];
    }
    assert_true(fabs(to_s1 - 5.0) < 1e-12);
    assert_true(fabs(to_s2 - 5.0) < 1e-12);
    ts_mrio_free(o);

    /* shares that cannot fit are spread over classes with room; unknown parent fails */
    spec.parent = "XX";
    assert_int_equal(ts_mrio_split_sector(m, &spec, &o, &err), TS_ERR_INPUT);
    assert_non_null(strstr(err.msg, "XX"));
    ts_mrio_free(m);
}

static void test_split_ree_on_wiod_agg10(void **state)
{
    (void)state;
    ts_mrio *m = NULL, *o = NULL;
    ts_split_spec *spec = NULL;
    ts_error err;
    if (ts_mrio_read(TS_SOURCE_DIR "/data/wiod2011-agg10", NULL, &m, &err) != TS_OK)
        fail_msg("cannot read data/wiod2011-agg10: %s", err.msg);
    assert_int_equal(ts_split_spec_read(TS_SOURCE_DIR "/data/ree-split-agg10.yaml", m, &spec, &err), TS_OK);
    assert_int_equal(ts_mrio_split_sector(m, spec, &o, &err), TS_OK);
    size_t P = (size_t)ts_mrio_sector_index(m, "c12");
    check_balances(m, o, P, spec->output_share);
    /* China's REE output is the spec's 19000 M USD (data/ree-split-agg10.yaml) */
    int chn = ts_mrio_region_index(o, "CHN"), ree = ts_mrio_sector_index(o, "REE");
    assert_true(chn >= 0 && ree >= 0);
    double x_chn = o->x[(size_t)chn * o->S + (size_t)ree];
    assert_true(fabs(x_chn - 19000.0) < 1e-6);
    /* world: the sales shares of the spec hold (no class is short of room at world
     * level): self 0.28, c15 0.72*0.40 of all REE sales */
    double total = 0, self = 0, c15 = 0;
    int s15 = ts_mrio_sector_index(o, "c15");
    for (size_t r = 0; r < o->R; r++) {
        size_t i = r * o->S + (size_t)ree;
        for (size_t j = 0; j < o->n; j++) {
            double z = o->Z[i * o->n + j];
            total += z;
            if ((int)(j % o->S) == ree)
                self += z;
            if ((int)(j % o->S) == s15)
                c15 += z;
        }
        for (size_t k = 0; k < o->R * o->F; k++)
            total += o->Y[i * o->R * o->F + k];
    }
    printf("REE world sales %.1f M USD: self %.4f, c15 %.4f\n", total, self / total, c15 / total);
    assert_true(fabs(total - 23220.0) < 1e-6);
    assert_true(fabs(c15 / total - 0.72 * 0.40) < 0.01);
    ts_split_spec_free(spec);
    ts_mrio_free(o);
    ts_mrio_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_small),
        cmocka_unit_test(test_split_ree_on_wiod_agg10),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
