/* Golden values from an independent source: the two-sector example of Miller & Blair,
 * Input-Output Analysis, 2nd ed. (2009), §2.3 (Tables 2.3-2.4):
 *   Z = [[150, 500], [200, 100]], x = [1000, 2000], f = x - Z 1 = [350, 1700],
 *   A = [[.15, .25], [.2, .05]], L ≈ [[1.2541, 0.3300], [0.2640, 1.1221]] (book, 4 d.p.).
 * By hand: det(I - A) = .85 * .95 - .25 * .2 = .7575, so
 *   L = [[.95, .25], [.2, .85]] / .7575 = [[380, 100], [80, 340]] / 303,
 *   output multipliers (column sums) = [460/303, 440/303] ≈ [1.5182, 1.4521];
 * Ghosh (MB §12.1): B = x̂⁻¹Z = [[.15, .5], [.1, .05]], det(I - B) = .7575,
 *   G = [[.95, .5], [.1, .85]] / .7575 = [[380, 200], [40, 340]] / 303,
 *   v = x - colsum(Z) = [650, 1400], v'G = [303000, 606000]/303 = [1000, 2000] = x'. */
#include <math.h>
#include <string.h>

#include "../unit/test_analysis_util.h"

static ts_mrio *mb_table(void)
{
    const double Z[] = {150, 500, 200, 100};
    /* F = 1 category, so R*F = 2 final-demand columns; all of f in the first */
    const double Y[] = {350, 0, 1700, 0};
    const double x[] = {1000, 2000};
    return hand_table(2, 1, 1, Z, Y, x, NULL, NULL);
}

static void test_mb_leontief(void **state)
{
    (void)state;
    ts_mrio *m = mb_table();
    logcap cap;
    ts_logger log = logcap_logger(&cap);
    ts_error err;
    ts_leontief *lf = NULL;
    assert_int_equal(ts_leontief_create(m, &log, &lf, &err), TS_OK);
    assert_int_equal(cap.warns, 0);
    const double Ax[] = {0.15, 0.25, 0.2, 0.05};
    for (int k = 0; k < 4; k++)
        assert_close(lf->A[k], Ax[k], 1e-15, 0);
    double L[4];
    assert_int_equal(ts_leontief_inverse(lf, L, &err), TS_OK);
    const double Lx[] = {380.0 / 303, 100.0 / 303, 80.0 / 303, 340.0 / 303};
    const double Lbook[] = {1.2541, 0.3300, 0.2640, 1.1221};
    for (int k = 0; k < 4; k++) {
        assert_close(L[k], Lx[k], 1e-12, 0);
        assert_close(L[k], Lbook[k], 0, 5e-5); /* the book's 4 decimals */
    }
    double mult[2];
    assert_int_equal(ts_output_multipliers(lf, mult, &err), TS_OK);
    assert_close(mult[0], 460.0 / 303, 1e-12, 0);
    assert_close(mult[1], 440.0 / 303, 1e-12, 0);
    double y[2];
    ts_final_demand_total(m, y);
    assert_int_equal(ts_leontief_solve(lf, y, y, &err), TS_OK);
    assert_close(y[0], 1000, 1e-12, 0);
    assert_close(y[1], 2000, 1e-12, 0);
    ts_leontief_free(lf);
    ts_mrio_free(m);
}

static void test_mb_ghosh(void **state)
{
    (void)state;
    ts_mrio *m = mb_table();
    ts_error err;
    ts_ghosh *gh = NULL;
    assert_int_equal(ts_ghosh_create(m, NULL, &gh, &err), TS_OK);
    const double Bx[] = {0.15, 0.5, 0.1, 0.05};
    for (int k = 0; k < 4; k++)
        assert_close(gh->B[k], Bx[k], 1e-15, 0);
    double G[4];
    assert_int_equal(ts_ghosh_inverse(gh, G, &err), TS_OK);
    const double Gx[] = {380.0 / 303, 200.0 / 303, 40.0 / 303, 340.0 / 303};
    for (int k = 0; k < 4; k++)
        assert_close(G[k], Gx[k], 1e-12, 0);
    assert_close(m->v[0], 650, 0, 0);
    assert_close(m->v[1], 1400, 0, 0);
    double x[2];
    assert_int_equal(ts_ghosh_solve_row(gh, m->v, x, &err), TS_OK);
    assert_close(x[0], 1000, 1e-12, 0);
    assert_close(x[1], 2000, 1e-12, 0);
    /* G row sums: [580, 380]/303 */
    double g[2];
    assert_int_equal(ts_ghosh_row_sums(gh, g, &err), TS_OK);
    assert_close(g[0], 580.0 / 303, 1e-12, 0);
    assert_close(g[1], 380.0 / 303, 1e-12, 0);
    ts_ghosh_free(gh);
    ts_mrio_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mb_leontief),
        cmocka_unit_test(test_mb_ghosh),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
