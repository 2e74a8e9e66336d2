#define _POSIX_C_SOURCE 200809L
/* ts_fmt_g (src/core/numfmt.h) against the C library's printf("%.*g"), the oracle, on
 * random doubles of every magnitude, on values next to rounding half-way points and
 * powers of ten, and on the special values; and the line buffer's output. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "core/numfmt.h"

static uint64_t rng = 0x9e3779b97f4a7c15u;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void same(double v, int prec)
{
    char a[64], b[64];
    int ka = ts_fmt_g(a, v, prec);
    int kb = snprintf(b, sizeof b, "%.*g", prec, v);
    if (ka != kb || strcmp(a, b)) {
        fprintf(stderr, "%.17g at %d: got '%s', printf '%s'\n", v, prec, a, b);
        fail();
    }
}

static void test_random_bits(void **state)
{
    (void)state;
    static const int precs[] = {1, 2, 3, 6, 10, 12, 15, 16, 17};
    for (int k = 0; k < 300000; k++) {
        uint64_t u = next();
        double v;
        memcpy(&v, &u, sizeof v);
        same(v, precs[k % 9]);
    }
}

static void test_usual_magnitudes(void **state)
{
    (void)state;
    for (int k = 0; k < 500000; k++) {
        double m = (double)(next() >> 11) * 0x1p-53;
        int e = (int)(next() % 40) - 20;
        double v = m * pow(10.0, e) * ((next() & 1) ? 1 : -1);
        same(v, 10);
        same(v, 6);
    }
}

/* short decimals (ties in decimal, near-ties in binary) and their neighbours */
static void test_half_way(void **state)
{
    (void)state;
    for (int k = 0; k < 200000; k++) {
        int digits = 1 + (int)(next() % 12);
        double v = (double)(next() % 100000000000ull) / pow(10.0, digits);
        for (int d = -2; d <= 2; d++) {
            double w = v;
            for (int s = 0; s < abs(d); s++)
                w = nextafter(w, d > 0 ? INFINITY : -INFINITY);
            same(w, 10);
            same(w, 6);
            same(w, 3);
            same(w, 1);
        }
    }
    static const double exact[] = {0.5, 1.5, 2.5, 0.125, 0.375, 1234567890.5, 12345.5,
                                   9.5, 99.5, 999999999.5, 9999999999.5, 0.05, 0.25};
    for (size_t k = 0; k < sizeof exact / sizeof exact[0]; k++)
        for (int p = 1; p <= 12; p++) {
            same(exact[k], p);
            same(-exact[k], p);
        }
}

static void test_powers_and_specials(void **state)
{
    (void)state;
    for (int e = -320; e <= 308; e++) {
        double p = pow(10.0, e);
        for (int p10 = 1; p10 <= 17; p10++) {
            same(p, p10);
            same(nextafter(p, 0), p10);
            same(nextafter(p, INFINITY), p10);
            same(9.9999999999 * p, p10);
        }
    }
    static const double sp[] = {0.0, -0.0, 1.0, -1.0, DBL_MIN, DBL_MAX, DBL_TRUE_MIN, 1e-5,
                                1e-4, 9.99995e-5, 0.0001, 123456, 1234567, 1e15, 1e16};
    for (size_t k = 0; k < sizeof sp / sizeof sp[0]; k++)
        for (int p = 0; p <= 17; p++)
            same(sp[k], p);
    same(NAN, 10);
    same(INFINITY, 10);
    same(-INFINITY, 6);
}

static void test_linebuf(void **state)
{
    (void)state;
    char path[] = "/tmp/ts_numfmt_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    ts_linebuf lb;
    assert_int_equal(ts_linebuf_open(&lb, f, 4096), 0);
    char big[10000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = 0;
    for (int k = 0; k < 2000; k++) {
        ts_linebuf_str(&lb, "a,");
        ts_linebuf_g(&lb, k / 7.0, 10);
        ts_linebuf_char(&lb, '\n');
    }
    ts_linebuf_str(&lb, big);
    assert_int_equal(ts_linebuf_close(&lb), 0);
    fclose(f);
    char *got = ts_read_file(path);
    assert_non_null(got);
    size_t cap = 2000 * 40 + sizeof big, len = 0;
    char *want = malloc(cap);
    for (int k = 0; k < 2000; k++)
        len += (size_t)snprintf(want + len, cap - len, "a,%.10g\n", k / 7.0);
    snprintf(want + len, cap - len, "%s", big);
    assert_string_equal(got, want);
    free(got);
    free(want);
    remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_bits),       cmocka_unit_test(test_usual_magnitudes),
        cmocka_unit_test(test_half_way),          cmocka_unit_test(test_powers_and_specials),
        cmocka_unit_test(test_linebuf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
