/* Identities of the static toolbox on the real WIOD 2011 tables (data/wiod2011, n = 1435,
 * and data/wiod2011-agg10), skipped when a table is not there:
 *   L (I - A) = I          to 1e-10 (max abs);
 *   x = L y                to the table's rounding: x - Ly = L r exactly, r = x - Z1 - y
 *                          the row-balance residual (the max gap is printed);
 *   x' = v' G              to 1e-9 relative (v = x - colsum Z holds by construction);
 *   1'L = output multipliers from the row solve equals the column sums of the full L. */
#include <cblas.h>

#include "test_analysis_util.h"

static ts_mrio *load(const char *rel)
{
    char *path = ts_asprintf("%s/%s", TS_SOURCE_DIR, rel);
    ts_mrio *m = NULL;
    if (ts_is_dir(path)) {
        ts_error err;
        if (ts_mrio_read(path, NULL, &m, &err) != TS_OK)
            fail_msg("reading %s: %s", path, err.msg);
    }
    free(path);
    return m;
}

static void check_table(const char *rel)
{
    ts_mrio *m = load(rel);
    if (!m) {
        print_message("%s not present: skipped\n", rel);
        skip();
    }
    size_t n = m->n;
    ts_error err;
    ts_leontief *lf = NULL;
    ts_ghosh *gh = NULL;
    assert_int_equal(ts_leontief_create(m, NULL, &lf, &err), TS_OK);
    assert_int_equal(ts_ghosh_create(m, NULL, &gh, &err), TS_OK);

    /* L (I - A) = I */
    double *L = malloc(n * n * sizeof *L), *M = malloc(n * n * sizeof *M);
    double *P = malloc(n * n * sizeof *P);
    assert_non_null(L);
    assert_non_null(M);
    assert_non_null(P);
    assert_int_equal(ts_leontief_inverse(lf, L, &err), TS_OK);
    assert_true(all_finite(L, n * n));
    for (size_t k = 0; k < n * n; k++)
        M[k] = -lf->A[k];
    for (size_t i = 0; i < n; i++)
        M[i * n + i] += 1.0;
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)n, (int)n, 1.0, L,
                (int)n, M, (int)n, 0.0, P, (int)n);
    double worst = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double d = fabs(P[i * n + j] - (i == j ? 1.0 : 0.0));
            if (d > worst)
                worst = d;
        }
    print_message("%s: n = %zu, cond_1(I - A) ~ %.3g, max |L(I - A) - I| = %.3g\n", rel, n,
                  1.0 / lf->rcond, worst);
    assert_true(worst <= 1e-10);

    /* multipliers by the row solve = column sums of the full L */
    double *mult = malloc(n * sizeof *mult), *y = malloc(n * sizeof *y);
    double *x = malloc(n * sizeof *x);
    assert_int_equal(ts_output_multipliers(lf, mult, &err), TS_OK);
    double mgap = 0;
    for (size_t j = 0; j < n; j++) {
        double s = 0;
        for (size_t i = 0; i < n; i++)
            s += L[i * n + j];
        double d = fabs(s - mult[j]) / fabs(s);
        if (d > mgap)
            mgap = d;
    }
    print_message("%s: max rel |1'L - colsum(L)| = %.3g\n", rel, mgap);
    assert_true(mgap <= 1e-12);

    /* x = L y, to the table's rounding: with the row-balance residual
     * r = x - Z1 - y (0 for an exactly balanced table), x - L y = L r exactly, so check
     * that identity against the full L (an independent path: dgemv, not the LU solve)
     * and bound the gap by L|r| (L >= 0 here). */
    double *r = malloc(n * sizeof *r), *e = malloc(n * sizeof *e);
    double *ea = malloc(n * sizeof *ea), *ra = malloc(n * sizeof *ra);
    assert_non_null(r);
    assert_non_null(e);
    assert_non_null(ea);
    assert_non_null(ra);
    ts_final_demand_total(m, y);
    double xmax = 0, rmax = 0, rsum = 0;
    for (size_t i = 0; i < n; i++) {
        double z = 0;
        for (size_t j = 0; j < n; j++)
            z += m->Z[i * n + j];
        r[i] = m->x[i] - z - y[i];
        ra[i] = fabs(r[i]);
        rsum += ra[i];
        if (ra[i] > rmax)
            rmax = ra[i];
        if (m->x[i] > xmax)
            xmax = m->x[i];
    }
    assert_int_equal(ts_leontief_solve(lf, y, x, &err), TS_OK);
    cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)n, (int)n, 1.0, L, (int)n, r, 1, 0.0, e, 1);
    cblas_dgemv(CblasRowMajor, CblasNoTrans, (int)n, (int)n, 1.0, L, (int)n, ra, 1, 0.0, ea, 1);
    double gap = 0, relgap = 0, idgap = 0;
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        double d = m->x[i] - x[i];
        if (fabs(d) > gap) {
            gap = fabs(d);
            at = i;
        }
        if (m->x[i] > 0 && fabs(d) / m->x[i] > relgap)
            relgap = fabs(d) / m->x[i];
        if (fabs(d - e[i]) > idgap)
            idgap = fabs(d - e[i]);
        if (fabs(d) > ea[i] + 1e-9 * xmax)
            fail_msg("|x - Ly| = %g at %zu exceeds L|r| = %g", fabs(d), i, ea[i]);
    }
    char name[128];
    snprintf(name, sizeof name, "%s_%s", m->regions[at / m->S].code, m->sectors[at % m->S].code);
    print_message("%s: row-balance residual |x - Z1 - y|: max %.3g, sum %.3g M USD\n", rel,
                  rmax, rsum);
    print_message("%s: max |x - L y| = %.4g M USD at %s (x = %.6g); max relative to own x: "
                  "%.3g; |(x - Ly) - L r| <= %.3g\n",
                  rel, gap, name, m->x[at], relgap, idgap);
    assert_true(idgap <= 1e-9 * xmax);
    free(r);
    free(e);
    free(ea);
    free(ra);

    /* x' = v'G */
    assert_int_equal(ts_ghosh_solve_row(gh, m->v, x, &err), TS_OK);
    double ggap = 0;
    for (size_t i = 0; i < n; i++) {
        double d = fabs(x[i] - m->x[i]) / xmax;
        if (d > ggap)
            ggap = d;
    }
    print_message("%s: max |v'G - x| / max x = %.3g\n", rel, ggap);
    assert_true(ggap <= 1e-9);

    free(L);
    free(M);
    free(P);
    free(mult);
    free(y);
    free(x);
    ts_leontief_free(lf);
    ts_ghosh_free(gh);
    ts_mrio_free(m);
}

static void test_wiod2011(void **state)
{
    (void)state;
    check_table("data/wiod2011");
}

static void test_wiod2011_agg10(void **state)
{
    (void)state;
    check_table("data/wiod2011-agg10");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wiod2011),
        cmocka_unit_test(test_wiod2011_agg10),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
