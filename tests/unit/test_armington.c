/* Armington tariff arithmetic against hand calculations (model.md §2). */
#include <math.h>

#include "testutil.h"
#include "tradeshock/tariff.h"

/* Two symmetric suppliers (50/50), a 100% tariff on the first, sigma = 2, eps = -1.
 * By hand: rho = (2, 1); P'/P = (0.5 * 2^-1 + 0.5 * 1)^(1/(1-2)) = (0.75)^-1 = 4/3.
 * Shares ∝ 0.5 * 2^-2 = 1/8 and 0.5: s' = (1/5, 4/5). Total = 100 (1 - 1 * (4/3 - 1))
 * = 200/3. M' = (40/3, 160/3). Creation = -100/3; diversion = (40/3 - 50 + 50/3,
 * 160/3 - 50 + 50/3) = (-20, +20). Revenue after = 1 * 40/3. CS change =
 * -(1/3)(100 + 200/3)/2 = -250/9. */
static void test_symmetric_two_suppliers(void **state)
{
    (void)state;
    double M[2] = {50, 50}, t0[2] = {0, 0}, t1[2] = {1.0, 0}, Ma[2], dv[2];
    ts_armington a;
    ts_error err;
    assert_int_equal(ts_armington_apply(2, M, t0, t1, 2.0, -1.0, Ma, dv, &a, &err), TS_OK);
    assert_true(fabs(a.price_ratio - 4.0 / 3.0) < 1e-14);
    assert_true(fabs(Ma[0] - 40.0 / 3.0) < 1e-12);
    assert_true(fabs(Ma[1] - 160.0 / 3.0) < 1e-12);
    assert_true(fabs(a.creation + 100.0 / 3.0) < 1e-12);
    assert_true(fabs(dv[0] + 20.0) < 1e-12 && fabs(dv[1] - 20.0) < 1e-12);
    assert_true(fabs(a.revenue_after - 40.0 / 3.0) < 1e-12);
    assert_true(fabs(a.cs_change + 250.0 / 9.0) < 1e-12);
}

/* With eps = 0 the total is conserved and only shares move; with no tariff change
 * nothing moves at all. */
static void test_conservation_and_identity(void **state)
{
    (void)state;
    double M[3] = {10, 30, 60}, t0[3] = {0.1, 0, 0.2}, t1[3] = {0.5, 0, 0.2}, Ma[3];
    ts_armington a;
    ts_error err;
    assert_int_equal(ts_armington_apply(3, M, t0, t1, 4.0, 0.0, Ma, NULL, &a, &err), TS_OK);
    assert_true(fabs(Ma[0] + Ma[1] + Ma[2] - 100) < 1e-12);
    assert_true(Ma[0] < 10 && Ma[1] > 30 && Ma[2] > 60);
    assert_int_equal(ts_armington_apply(3, M, t0, t0, 4.0, -1.0, Ma, NULL, &a, &err), TS_OK);
    for (int r = 0; r < 3; r++)
        assert_true(fabs(Ma[r] - M[r]) < 1e-12);
    assert_true(fabs(a.price_ratio - 1) < 1e-15);
}

/* sigma = 1 (Cobb-Douglas): P'/P = 2^0.5 for a 100% tariff on half the imports. */
static void test_cobb_douglas_limit(void **state)
{
    (void)state;
    double M[2] = {50, 50}, t0[2] = {0, 0}, t1[2] = {1, 0}, P;
    ts_error err;
    assert_int_equal(ts_armington_price_ratio(2, M, t0, t1, 1.0, &P, &err), TS_OK);
    assert_true(fabs(P - sqrt(2.0)) < 1e-14);
}

static void test_bad_input(void **state)
{
    (void)state;
    double M[2] = {50, 50}, t0[2] = {0, 0}, t1[2] = {-1.5, 0}, Ma[2];
    ts_error err;
    assert_int_equal(ts_armington_apply(2, M, t0, t1, 2.0, -1.0, Ma, NULL, NULL, &err), TS_ERR_INPUT);
    t1[0] = 0.5;
    assert_int_equal(ts_armington_apply(2, M, t0, t1, 0.0, -1.0, Ma, NULL, NULL, &err), TS_ERR_INPUT);
    assert_int_equal(ts_armington_apply(2, M, t0, t1, 2.0, 0.5, Ma, NULL, NULL, &err), TS_ERR_INPUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_symmetric_two_suppliers),
        cmocka_unit_test(test_conservation_and_identity),
        cmocka_unit_test(test_cobb_douglas_limit),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
