/* Unit tests of the static toolbox on tables built by hand. Expected values are hand
 * calculations (exact fractions written out in the comments), never this code's output. */
#include "test_analysis_util.h"

/* Case 15a's table: Z = [[20,60],[40,20]], x = [100,200], y = [20,140]. */
static const double Z15a[] = {20, 60, 40, 20};
static const double Y15a[] = {15, 5, 40, 100};
static const double X15a[] = {100, 200};

static ts_mrio *table_15a(void) { return hand_table(2, 1, 1, Z15a, Y15a, X15a, NULL, NULL); }

/* Case 15b's table (2 regions x 2 sectors, F = 2). */
static const double Z15b[] = {10, 40, 5, 20, 15, 30, 10, 25, 5, 20, 10, 30, 10, 10, 15, 35};
static const double Y15b[] = {15, 0, 5,  5, 100, 5, 15, 0, 10, 0, 70, 5, 30, 0, 140, 10};
static const double X15b[] = {100, 200, 150, 250};

static ts_mrio *table_15b(void) { return hand_table(2, 2, 2, Z15b, Y15b, X15b, NULL, NULL); }

static void test_A_zero_output_column(void **state)
{
    (void)state;
    /* industry 1 has x = 0 and an all-zero row and column; industry 2 x < 0 */
    const double Z[] = {10, 0, 5, 0, 0, 0, 4, 0, 2};
    const double x[] = {50, 0, -3};
    ts_mrio *m = hand_table(3, 1, 0, Z, NULL, x, NULL, NULL);
    assert_non_null(m);
    double A[9];
    logcap cap;
    ts_logger log = logcap_logger(&cap);
    ts_error err;
    assert_int_equal(ts_technical_coefficients(m, &log, A, &err), TS_OK);
    assert_true(all_finite(A, 9));
    assert_close(A[0], 10.0 / 50, 1e-15, 0);
    assert_close(A[6], 4.0 / 50, 1e-15, 0);
    for (size_t i = 0; i < 3; i++) {
        assert_true(A[i * 3 + 1] == 0.0); /* zero-output column */
        assert_true(A[i * 3 + 2] == 0.0); /* negative output: treated as zero */
    }
    assert_int_equal(cap.warns, 1);
    assert_non_null(strstr(cap.text, "CCC_S1"));

    double B[9];
    assert_int_equal(ts_allocation_coefficients(m, NULL, B, &err), TS_OK);
    assert_true(all_finite(B, 9));
    assert_close(B[2], 5.0 / 50, 1e-15, 0);
    for (size_t j = 0; j < 3; j++)
        assert_true(B[3 + j] == 0.0 && B[6 + j] == 0.0);
    ts_mrio_free(m);
}

static void test_A_rejects_nan(void **state)
{
    (void)state;
    double Z[] = {1, 2, 3, 4};
    const double x[] = {10, 10};
    Z[1] = NAN;
    ts_mrio *m = hand_table(2, 1, 0, Z, NULL, x, NULL, NULL);
    ts_leontief *lf = NULL;
    ts_error err;
    assert_int_equal(ts_leontief_create(m, NULL, &lf, &err), TS_ERR_INPUT);
    assert_null(lf);
    assert_non_null(strstr(err.msg, "AAA_S1"));
    assert_non_null(strstr(err.msg, "BBB_S1"));
    ts_mrio_free(m);
}

/* 15a by hand: L = [[3/2,1/2],[2/3,4/3]], m = [13/6,11/6], G = [[3/2,1],[1/3,4/3]]. */
static void test_leontief_ghosh_15a(void **state)
{
    (void)state;
    ts_mrio *m = table_15a();
    logcap cap;
    ts_logger log = logcap_logger(&cap);
    ts_error err;
    ts_leontief *lf = NULL;
    ts_ghosh *gh = NULL;
    assert_int_equal(ts_leontief_create(m, &log, &lf, &err), TS_OK);
    assert_int_equal(ts_ghosh_create(m, &log, &gh, &err), TS_OK);
    assert_int_equal(cap.warns, 0);

    const double Lx[] = {1.5, 0.5, 2.0 / 3, 4.0 / 3};
    double L[4];
    assert_int_equal(ts_leontief_inverse(lf, L, &err), TS_OK);
    for (int k = 0; k < 4; k++)
        assert_close(L[k], Lx[k], 1e-12, 0);

    double mult[2];
    assert_int_equal(ts_output_multipliers(lf, mult, &err), TS_OK);
    assert_close(mult[0], 13.0 / 6, 1e-12, 0);
    assert_close(mult[1], 11.0 / 6, 1e-12, 0);

    const double Gx[] = {1.5, 1.0, 1.0 / 3, 4.0 / 3};
    double G[4];
    assert_int_equal(ts_ghosh_inverse(gh, G, &err), TS_OK);
    for (int k = 0; k < 4; k++)
        assert_close(G[k], Gx[k], 1e-12, 0);

    /* x' = v'G with v = [40, 120] */
    double x[2];
    assert_int_equal(ts_ghosh_solve_row(gh, m->v, x, &err), TS_OK);
    assert_close(x[0], 100, 1e-12, 0);
    assert_close(x[1], 200, 1e-12, 0);

    /* x = L y with y = [20, 140] (solved in place: aliasing allowed) */
    double y[2];
    ts_final_demand_total(m, y);
    assert_close(y[0], 20, 0, 0);
    assert_close(y[1], 140, 0, 0);
    assert_int_equal(ts_leontief_solve(lf, y, y, &err), TS_OK);
    assert_close(y[0], 100, 1e-12, 0);
    assert_close(y[1], 200, 1e-12, 0);

    /* value-added multipliers (v/x)'L = [1, 1] (case 15a) */
    double c[2] = {0.4, 0.6};
    assert_int_equal(ts_leontief_solve_row(lf, c, c, &err), TS_OK);
    assert_close(c[0], 1, 1e-12, 0);
    assert_close(c[1], 1, 1e-12, 0);

    /* G row sums [5/2, 5/3] */
    double g[2];
    assert_int_equal(ts_ghosh_row_sums(gh, g, &err), TS_OK);
    assert_close(g[0], 2.5, 1e-12, 0);
    assert_close(g[1], 5.0 / 3, 1e-12, 0);

    /* condition number of I - A = [[.8,-.3],[-.4,.9]]: ||M||_1 = 1.2,
     * M^-1 = [[1.5,.5],[2/3,4/3]], ||M^-1||_1 = 13/6, cond = 2.6 (dgecon is exact at n=2
     * or an underestimate within a factor 3) */
    assert_true(1.0 / lf->rcond <= 2.6 * (1 + 1e-12) && 1.0 / lf->rcond >= 2.6 / 3);
    ts_leontief_free(lf);
    ts_ghosh_free(gh);
    ts_mrio_free(m);
}

/* Columns of L, row solves and the full inverse agree (15b, exact L from case 15b). */
static void test_leontief_columns_15b(void **state)
{
    (void)state;
    const double D1 = 33507, D2 = 11169;
    const double Lx[16] = {39616 / D1, 9944 / D1,  2684 / D1,  5216 / D1,
                           2642 / D2,  14038 / D2, 1318 / D2,  2062 / D2,
                           1226 / D2,  1864 / D2,  12364 / D2, 2056 / D2,
                           5495 / D1,  4255 / D1,  4855 / D1,  40645 / D1};
    ts_mrio *m = table_15b();
    ts_error err;
    ts_leontief *lf = NULL;
    assert_int_equal(ts_leontief_create(m, NULL, &lf, &err), TS_OK);
    const size_t cols[] = {3, 0};
    double out[8];
    assert_int_equal(ts_leontief_columns(lf, cols, 2, out, &err), TS_OK);
    for (size_t i = 0; i < 4; i++) {
        assert_close(out[i * 2 + 0], Lx[i * 4 + 3], 1e-12, 0);
        assert_close(out[i * 2 + 1], Lx[i * 4 + 0], 1e-12, 0);
    }
    const size_t bad[] = {4};
    assert_int_equal(ts_leontief_columns(lf, bad, 1, out, &err), TS_ERR_INPUT);
    double mult[4];
    assert_int_equal(ts_output_multipliers(lf, mult, &err), TS_OK);
    const double mx[] = {18905 / D2, 20635 / D2, 16195 / D2, 19405 / D2};
    for (int j = 0; j < 4; j++)
        assert_close(mult[j], mx[j], 1e-12, 0);
    ts_leontief_free(lf);
    ts_mrio_free(m);
}

/* Case 14a by hand: every column of A sums to exactly 1. */
static void test_singular(void **state)
{
    (void)state;
    const double Z[] = {60, 40, 40, 60};
    const double x[] = {100, 100};
    ts_mrio *m = hand_table(2, 1, 1, Z, (const double[]){0, 0, 0, 0}, x, NULL, NULL);
    ts_error err;
    ts_leontief *lf = (ts_leontief *)1;
    assert_int_equal(ts_leontief_create(m, NULL, &lf, &err), TS_ERR_SINGULAR);
    assert_null(lf);
    assert_int_equal(err.code, TS_ERR_SINGULAR);
    assert_non_null(strstr(err.msg, "I - A singular"));
    assert_non_null(strstr(err.msg, "AAA_S1"));
    assert_non_null(strstr(err.msg, "BBB_S1"));
    assert_null(strstr(err.msg, "nan"));
    ts_ghosh *gh = (ts_ghosh *)1;
    assert_int_equal(ts_ghosh_create(m, NULL, &gh, &err), TS_ERR_SINGULAR);
    assert_null(gh);
    assert_non_null(strstr(err.msg, "I - B singular"));
    ts_mrio_free(m);
}

/* A singular I - A that is not a closed no-value-added loop: A = [[0, 2], [0.5, 0]]
 * (Z = A x̂, x = [10, 10]) gives I - A = [[1, -2], [-0.5, 1]], det 1 - 1 = 0; the error
 * still names the industry whose column of A sums to 1 or more (BBB_S1: 2). */
static void test_singular_other_cause(void **state)
{
    (void)state;
    const double Z[] = {0, 20, 5, 0};
    const double x[] = {10, 10};
    ts_mrio *m = hand_table(2, 1, 0, Z, NULL, x, NULL, NULL);
    ts_error err;
    ts_leontief *lf = NULL;
    assert_int_equal(ts_leontief_create(m, NULL, &lf, &err), TS_ERR_SINGULAR);
    assert_non_null(strstr(err.msg, "I - A singular"));
    assert_non_null(strstr(err.msg, "BBB_S1")); /* column sum 2 */
    ts_mrio_free(m);
}

/* Case 14b by hand: cond_1(I - A) = 1.6e10 exactly in rationals; L ~ 1e10. */
static void test_ill_conditioned_warns(void **state)
{
    (void)state;
    const double Z[] = {60, 40, 40, 59.99999999};
    const double Y[] = {0, 0, 0, 1e-8};
    const double x[] = {100, 100};
    ts_mrio *m = hand_table(2, 1, 1, Z, Y, x, NULL, NULL);
    logcap cap;
    ts_logger log = logcap_logger(&cap);
    ts_error err;
    ts_leontief *lf = NULL;
    assert_int_equal(ts_leontief_create(m, &log, &lf, &err), TS_OK);
    assert_int_equal(cap.warns, 1);
    assert_non_null(strstr(cap.text, "ill-conditioned"));
    assert_non_null(strstr(cap.text, "AAA_S1"));
    assert_non_null(strstr(cap.text, "BBB_S1"));
    double cond = 1.0 / lf->rcond;
    assert_true(cond > 1.6e9 && cond < 1.6e11);
    double L[4];
    assert_int_equal(ts_leontief_inverse(lf, L, &err), TS_OK);
    assert_close(L[0], 1e10 + 2.5, 1e-4, 0);
    assert_close(L[1], 1e10, 1e-4, 0);
    assert_close(L[2], 1e10, 1e-4, 0);
    assert_close(L[3], 1e10, 1e-4, 0);
    ts_leontief_free(lf);
    ts_mrio_free(m);
}

/* Negative value added (case 04): column sum 25/24 > 1, still invertible: warning, and L
 * equals case 04's exact rationals. */
static void test_column_sum_above_one(void **state)
{
    (void)state;
    const double x[] = {100, 96, 150, 250};
    ts_mrio *m = hand_table(2, 2, 0, Z15b, NULL, x, NULL, NULL);
    logcap cap;
    ts_logger log = logcap_logger(&cap);
    ts_error err;
    ts_leontief *lf = NULL;
    assert_int_equal(ts_leontief_create(m, &log, &lf, &err), TS_OK);
    assert_int_equal(cap.warns, 1);
    assert_non_null(strstr(cap.text, "AAA_S2"));
    assert_null(strstr(cap.text, "AAA_S1"));
    const double a = 96731, b = 290193;
    const double Lx[16] = {124560 / a, 248600 / b, 38500 / b,  69040 / b,
                           31704 / a,  168456 / a, 15816 / a,  24744 / a,
                           16350 / a,  46600 / a,  109940 / a, 22280 / a,
                           20225 / a,  106375 / b, 48575 / b,  362225 / b};
    double L[16];
    assert_int_equal(ts_leontief_inverse(lf, L, &err), TS_OK);
    for (int k = 0; k < 16; k++)
        assert_close(L[k], Lx[k], 1e-12, 0);
    ts_leontief_free(lf);
    ts_mrio_free(m);
}

/* Zero-output industry (case 01): unit row and column of L, no NaN anywhere. */
static void test_zero_output_unit_L(void **state)
{
    (void)state;
    const double Z[] = {10, 40, 0, 20, 15, 30, 0, 25, 0, 0, 0, 0, 10, 10, 0, 35};
    const double x[] = {95, 190, 0, 235};
    ts_mrio *m = hand_table(2, 2, 0, Z, NULL, x, NULL, NULL);
    ts_error err;
    ts_leontief *lf = NULL;
    ts_ghosh *gh = NULL;
    assert_int_equal(ts_leontief_create(m, NULL, &lf, &err), TS_OK);
    assert_int_equal(ts_ghosh_create(m, NULL, &gh, &err), TS_OK);
    double L[16], G[16], mult[4], bw[4], fw[4];
    assert_int_equal(ts_leontief_inverse(lf, L, &err), TS_OK);
    assert_int_equal(ts_ghosh_inverse(gh, G, &err), TS_OK);
    assert_int_equal(ts_output_multipliers(lf, mult, &err), TS_OK);
    assert_int_equal(ts_linkages(lf, gh, NULL, NULL, bw, fw, &err), TS_OK);
    assert_true(all_finite(L, 16) && all_finite(G, 16) && all_finite(lf->A, 16));
    assert_true(all_finite(mult, 4) && all_finite(bw, 4) && all_finite(fw, 4));
    for (int k = 0; k < 4; k++) {
        assert_true(L[2 * 4 + k] == (k == 2 ? 1.0 : 0.0));
        assert_true(L[k * 4 + 2] == (k == 2 ? 1.0 : 0.0));
    }
    /* case 01: L[AAA_S1, AAA_S1] = 2413/2027, multiplier of BBB_S1 = 1 */
    assert_close(L[0], 2413.0 / 2027, 1e-12, 0);
    assert_close(mult[2], 1.0, 1e-15, 0);
    assert_close(mult[1], 17059.0 / 10135, 1e-12, 0);
    ts_leontief_free(lf);
    ts_ghosh_free(gh);
    ts_mrio_free(m);
}

/* Linkages on 15a: backward = m/mean(m) = [13/12, 11/12]; forward = g/mean(g) with
 * g = [5/2, 5/3], mean 25/12: [6/5, 4/5]. */
static void test_linkages_15a(void **state)
{
    (void)state;
    ts_mrio *m = table_15a();
    ts_error err;
    ts_leontief *lf = NULL;
    ts_ghosh *gh = NULL;
    assert_int_equal(ts_leontief_create(m, NULL, &lf, &err), TS_OK);
    assert_int_equal(ts_ghosh_create(m, NULL, &gh, &err), TS_OK);
    double bt[2], ft[2], bn[2], fn[2];
    assert_int_equal(ts_linkages(lf, gh, bt, ft, bn, fn, &err), TS_OK);
    assert_close(bt[0], 13.0 / 6, 1e-12, 0);
    assert_close(ft[1], 5.0 / 3, 1e-12, 0);
    assert_close(bn[0], 13.0 / 12, 1e-12, 0);
    assert_close(bn[1], 11.0 / 12, 1e-12, 0);
    assert_close(fn[0], 6.0 / 5, 1e-12, 0);
    assert_close(fn[1], 4.0 / 5, 1e-12, 0);
    /* without the Ghosh system: G 1 = x̂⁻¹ L x gives the same forward side */
    assert_true(lf->ghosh_similar);
    double ft2[2] = {0, 0}, fn2[2] = {0, 0};
    assert_int_equal(ts_linkages(lf, NULL, NULL, ft2, NULL, fn2, &err), TS_OK);
    assert_close(ft2[0], 5.0 / 2, 1e-12, 0);
    assert_close(ft2[1], 5.0 / 3, 1e-12, 0);
    assert_close(fn2[0], 6.0 / 5, 1e-12, 0);
    assert_close(fn2[1], 4.0 / 5, 1e-12, 0);
    ts_leontief_free(lf);
    ts_ghosh_free(gh);
    ts_mrio_free(m);

    /* a zero-output industry with recorded sales (x = [10, 0], Z = [[1, 0], [2, 0]]):
     * the shortcut does not hold, forward linkages need the Ghosh system */
    const double Z[] = {1, 0, 2, 0}, x[] = {10, 0};
    m = hand_table(2, 1, 0, Z, NULL, x, NULL, NULL);
    assert_int_equal(ts_leontief_create(m, NULL, &lf, &err), TS_OK);
    assert_false(lf->ghosh_similar);
    assert_int_equal(ts_linkages(lf, NULL, NULL, ft, NULL, NULL, &err), TS_ERR_INPUT);
    assert_int_equal(ts_ghosh_create(m, NULL, &gh, &err), TS_OK);
    /* B = [[.1, 0], [0, 0]] (row of the zero-output industry is 0): G 1 = [1/.9, 1] */
    assert_int_equal(ts_linkages(lf, gh, NULL, ft, NULL, NULL, &err), TS_OK);
    assert_close(ft[0], 1 / 0.9, 1e-12, 0);
    assert_close(ft[1], 1, 1e-12, 0);
    ts_leontief_free(lf);
    ts_ghosh_free(gh);
    ts_mrio_free(m);
}

static void test_extract_spec_parse(void **state)
{
    (void)state;
    const char *const rc[] = {"EU_A", "CHN"};
    const char *const sc[] = {"S_1", "c12"};
    double Z[16] = {0}, x[4] = {1, 1, 1, 1};
    ts_mrio *m = hand_table(2, 2, 0, Z, NULL, x, rc, sc);
    ts_extract_spec sp;
    ts_error err;
    assert_int_equal(ts_extract_spec_parse(m, "CHN_c12", &sp, &err), TS_OK);
    assert_int_equal(sp.kind, TS_EXTRACT_INDUSTRY);
    assert_int_equal(sp.region, 1);
    assert_int_equal(sp.sector, 1);
    assert_int_equal(ts_extract_spec_parse(m, "EU_A_S_1", &sp, &err), TS_OK);
    assert_int_equal(sp.kind, TS_EXTRACT_INDUSTRY);
    assert_int_equal(sp.region, 0);
    assert_int_equal(sp.sector, 0);
    assert_int_equal(ts_extract_spec_parse(m, "EU_A", &sp, &err), TS_OK);
    assert_int_equal(sp.kind, TS_EXTRACT_REGION);
    assert_int_equal(sp.region, 0);
    assert_int_equal(ts_extract_spec_parse(m, "CHN:c12>EU_A", &sp, &err), TS_OK);
    assert_int_equal(sp.kind, TS_EXTRACT_LINK);
    assert_int_equal(sp.region, 1);
    assert_int_equal(sp.sector, 1);
    assert_int_equal(sp.dest, 0);
    const char *bad[] = {"", "USA", "CHN_c99", "CHN:c99>EU_A", "CHN>EU_A", "CHN:c12>USA",
                         "XXX:c12>CHN"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        assert_int_equal(ts_extract_spec_parse(m, bad[k], &sp, &err), TS_ERR_INPUT);
        assert_true(err.msg[0] != 0);
    }
    assert_non_null(strstr(err.msg, "XXX"));
    ts_mrio_free(m);
}

/* Extraction on 15a by hand.
 * Industry AAA_S1: Ā = [[0,0],[0,0.1]], ȳ = [0,140]: x̄ = [0, 1400/9].
 * Link AAA:S1>BBB: Ā = [[.2,0],[.4,.1]], ȳ = [15,140]: x̄1 = 15/.8 = 18.75,
 * x̄2 = (140 + .4*18.75)/.9 = 1475/9. */
static void test_extraction_15a(void **state)
{
    (void)state;
    ts_mrio *m = table_15a();
    ts_error err;
    ts_leontief *lf = NULL;
    assert_int_equal(ts_leontief_create(m, NULL, &lf, &err), TS_OK);
    ts_extract_spec sp;
    double xb[2], xa[2];
    assert_int_equal(ts_extract_spec_parse(m, "AAA_S1", &sp, &err), TS_OK);
    assert_int_equal(ts_extraction(m, lf, &sp, NULL, xb, xa, &err), TS_OK);
    assert_close(xb[0], 100, 1e-12, 0);
    assert_close(xb[1], 200, 1e-12, 0);
    assert_close(xa[0], 0, 0, 1e-12);
    assert_close(xa[1], 1400.0 / 9, 1e-12, 0);
    assert_int_equal(ts_extract_spec_parse(m, "AAA:S1>BBB", &sp, &err), TS_OK);
    assert_int_equal(ts_extraction(m, lf, &sp, NULL, xb, xa, &err), TS_OK);
    assert_close(xa[0], 18.75, 1e-12, 0);
    assert_close(xa[1], 1475.0 / 9, 1e-12, 0);
    /* the domestic link AAA:S1>AAA: Ā = [[0,.3],[.4,.1]], ȳ = [5,140]:
     * x1 = 5 + .3 x2, x2 = (140 + .4 x1)/.9 -> .9 x2 = 140 + 2 + .12 x2 -> x2 = 142/.78 */
    assert_int_equal(ts_extract_spec_parse(m, "AAA:S1>AAA", &sp, &err), TS_OK);
    assert_int_equal(ts_extraction(m, lf, &sp, NULL, xb, xa, &err), TS_OK);
    assert_close(xa[1], 14200.0 / 78, 1e-12, 0);
    assert_close(xa[0], 5 + 0.3 * 14200.0 / 78, 1e-12, 0);
    /* out-of-range spec */
    sp.kind = TS_EXTRACT_INDUSTRY;
    sp.region = 5;
    assert_int_equal(ts_extraction(m, lf, &sp, NULL, xb, xa, &err), TS_ERR_INPUT);
    ts_leontief_free(lf);
    ts_mrio_free(m);
}

/* Region extraction on 15b: only BBB's block remains,
 * (I - A_BB) x = [85, 180] with A_BB = [[1/15, 3/25], [1/10, 7/50]]: det 593/750,
 * x = [71025/593, 132375/593]. */
static void test_extraction_region_15b(void **state)
{
    (void)state;
    ts_mrio *m = table_15b();
    ts_error err;
    ts_leontief *lf = NULL;
    assert_int_equal(ts_leontief_create(m, NULL, &lf, &err), TS_OK);
    ts_extract_spec sp;
    double xb[4], xa[4];
    assert_int_equal(ts_extract_spec_parse(m, "AAA", &sp, &err), TS_OK);
    assert_int_equal(ts_extraction(m, lf, &sp, NULL, xb, xa, &err), TS_OK);
    assert_close(xa[0], 0, 0, 1e-12);
    assert_close(xa[1], 0, 0, 1e-12);
    assert_close(xa[2], 71025.0 / 593, 1e-12, 0);
    assert_close(xa[3], 132375.0 / 593, 1e-12, 0);
    assert_close(xb[3], 250, 1e-12, 0);
    ts_leontief_free(lf);
    ts_mrio_free(m);
}

/* Exposure of AAA's industries on 15b, from case 15b's exact L:
 * (L - I)[:, AAA_S1] = [6109/33507, 2642/11169, 1226/11169, 5495/33507];
 * product S1: AAA 6109, BBB 3678 (/33507) -> BBB share 3678/9787;
 * product S2: AAA 7926, BBB 5495 (/33507) -> BBB share 5495/13421. */
static void test_exposure_15b(void **state)
{
    (void)state;
    ts_mrio *m = table_15b();
    ts_error err;
    ts_leontief *lf = NULL;
    assert_int_equal(ts_leontief_create(m, NULL, &lf, &err), TS_OK);
    double req[8], share[8];
    assert_int_equal(ts_exposure(lf, 0, req, share, &err), TS_OK);
    const double D1 = 33507;
    /* column s = 0 (AAA_S1) */
    assert_close(req[0 * 2 + 0], 6109 / D1, 1e-12, 0);
    assert_close(req[1 * 2 + 0], 7926 / D1, 1e-12, 0);
    assert_close(req[2 * 2 + 0], 3678 / D1, 1e-12, 0);
    assert_close(req[3 * 2 + 0], 5495 / D1, 1e-12, 0);
    assert_close(share[2 * 2 + 0], 3678.0 / 9787, 1e-12, 0);
    assert_close(share[0 * 2 + 0], 6109.0 / 9787, 1e-12, 0);
    assert_close(share[3 * 2 + 0], 5495.0 / 13421, 1e-12, 0);
    /* column s = 1 (AAA_S2): (L - I)[BBB_S1, AAA_S2] = 1864/11169 */
    assert_close(req[2 * 2 + 1], 1864.0 / 11169, 1e-12, 0);
    /* shares of each product sum to 1 over supplier regions */
    for (size_t s = 0; s < 2; s++)
        for (size_t p = 0; p < 2; p++)
            assert_close(share[(0 * 2 + p) * 2 + s] + share[(1 * 2 + p) * 2 + s], 1, 1e-12, 0);
    assert_int_equal(ts_exposure(lf, 2, req, share, &err), TS_ERR_INPUT);
    ts_leontief_free(lf);
    ts_mrio_free(m);
}

static void test_hhi(void **state)
{
    (void)state;
    ts_error err;
    double h;
    assert_int_equal(ts_hhi((const double[]){1, 1, 2}, 3, &h, &err), TS_OK);
    assert_close(h, 3750, 1e-14, 0); /* 10000 (1/16 + 1/16 + 1/4) */
    assert_int_equal(ts_hhi((const double[]){7}, 1, &h, &err), TS_OK);
    assert_close(h, 10000, 1e-15, 0);
    assert_int_equal(ts_hhi((const double[]){0, 0}, 2, &h, &err), TS_OK);
    assert_true(h == 0.0);
    assert_int_equal(ts_hhi((const double[]){1, -1}, 2, &h, &err), TS_ERR_INPUT);
    assert_int_equal(ts_hhi((const double[]){1, NAN}, 2, &h, &err), TS_ERR_INPUT);
    /* 15b: S1 output 100 (AAA), 150 (BBB) -> 10000 (.16 + .36) = 5200;
     * S2: 200, 250 -> 10000 (16 + 25)/81 */
    ts_mrio *m = table_15b();
    double hh[2];
    assert_int_equal(ts_hhi_output(m, hh, &err), TS_OK);
    assert_close(hh[0], 5200, 1e-14, 0);
    assert_close(hh[1], 410000.0 / 81, 1e-14, 0);
    ts_mrio_free(m);
}

static char *write_tmp(const char *dir, const char *name, const char *text)
{
    char *p = ts_asprintf("%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    fputs(text, f);
    fclose(f);
    return p;
}

static void test_satellite_read(void **state)
{
    (void)state;
    char *dir = ts_tmpdir();
    ts_error err;
    ts_satellite *s = NULL;
    char *p = write_tmp(dir, "ok.csv",
                        "\xEF\xBB\xBF\"region\",\"value\"\r\n\"CHN\",270000\r\nUSA, 45000\r\n"
                        "\r\nMMR,38000");
    assert_int_equal(ts_satellite_read(p, &s, &err), TS_OK);
    assert_int_equal(s->k, 3);
    assert_string_equal(s->regions[0], "CHN");
    assert_string_equal(s->regions[2], "MMR");
    assert_close(s->values[1], 45000, 0, 0);
    double h;
    assert_int_equal(ts_hhi(s->values, s->k, &h, &err), TS_OK);
    /* 270/353, 45/353, 38/353 */
    assert_close(h, 10000.0 * (270.0 * 270 + 45 * 45 + 38 * 38) / (353.0 * 353), 1e-14, 0);
    ts_satellite_free(s);
    free(p);

    struct {
        const char *text;
        long line, col;
        const char *what;
    } bad[] = {
        {"country,value\nCHN,1\n", 1, 1, "header"},
        {"region,value\nCHN,1\nUSA,abc\n", 3, 2, "abc"},
        {"region,value\nCHN,-1\n", 2, 2, ">= 0"},
        {"region,value\nCHN,1\nCHN,2\n", 3, 1, "twice"},
        {"region,value\nCHN,1,2\n", 2, 3, "2 fields"},
        {"region,value\n\n", 0, 0, "no data"},
        {"region,value\nCHN,0\n", 0, 0, "0"},
        {"region,value\nCHN,inf\n", 2, 2, ">= 0"},
        {"", 1, 1, "empty"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        p = write_tmp(dir, "bad.csv", bad[k].text);
        s = (ts_satellite *)1;
        assert_int_equal(ts_satellite_read(p, &s, &err), TS_ERR_INPUT);
        assert_null(s);
        if (err.line != bad[k].line || err.column != bad[k].col ||
            !strstr(err.msg, bad[k].what))
            fail_msg("case %zu: %s (line %ld col %ld)", k, err.msg, err.line, err.column);
        assert_non_null(strstr(err.msg, "bad.csv"));
        free(p);
    }
    assert_int_equal(ts_satellite_read("/nonexistent/x.csv", &s, &err), TS_ERR_INPUT);
    ts_tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_A_zero_output_column),
        cmocka_unit_test(test_A_rejects_nan),
        cmocka_unit_test(test_leontief_ghosh_15a),
        cmocka_unit_test(test_leontief_columns_15b),
        cmocka_unit_test(test_singular),
        cmocka_unit_test(test_singular_other_cause),
        cmocka_unit_test(test_ill_conditioned_warns),
        cmocka_unit_test(test_column_sum_above_one),
        cmocka_unit_test(test_zero_output_unit_L),
        cmocka_unit_test(test_linkages_15a),
        cmocka_unit_test(test_extract_spec_parse),
        cmocka_unit_test(test_extraction_15a),
        cmocka_unit_test(test_extraction_region_15b),
        cmocka_unit_test(test_exposure_15b),
        cmocka_unit_test(test_hhi),
        cmocka_unit_test(test_satellite_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
