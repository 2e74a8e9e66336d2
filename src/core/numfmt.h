/* Fast text output of numbers and rows (internal, shared by the CSV writers).
 *
 * ts_fmt_g(buf, v, P) writes exactly what printf("%.*g", P, v) writes (same digits,
 * same exponent form, trailing zeros removed), 5-10 times faster: it scales |v| by an
 * exact power of ten (one correctly rounded multiplication or division, so the scaled
 * value is within half an ulp of the true one), rounds it to P digits in integer
 * arithmetic and lays the digits out as %g does (C17 7.21.6.1: style e when the
 * exponent X < -4 or X >= P, else style f with P - 1 - X decimals). Whenever that
 * half-ulp could decide the rounding (the scaled value within 4 ulp of a half-way
 * point, exact ties included), and for P > 15, exponents beyond 10^+-22, NaN and
 * infinities, it calls snprintf instead, so the output is always printf's
 * (tests/unit/test_numfmt.c compares the two on millions of values).
 *
 * ts_linebuf collects text in a large buffer and writes it with fwrite: no stdio call
 * per field. */
#ifndef TS_CORE_NUMFMT_H
#define TS_CORE_NUMFMT_H

#include <stdio.h>
#include <string.h>

/** Longest text ts_fmt_g writes, without the terminating NUL. */
#define TS_FMT_G_MAX 32

/** printf("%.*g", prec, v) into @p buf (>= TS_FMT_G_MAX + 1 bytes), NUL-terminated;
 *  returns the length. @p prec in [1, 17] (0 is taken as 1, as printf does). */
int ts_fmt_g(char *buf, double v, int prec);

/** A write buffer over a FILE; errors are sticky (ts_linebuf_close reports them). */
typedef struct ts_linebuf {
    FILE *f;
    char *buf;
    size_t len, cap;
    int failed;
} ts_linebuf;

/** Start writing @p f through a buffer of @p cap bytes (>= 4096); 0 or -1 (no memory). */
int ts_linebuf_open(ts_linebuf *lb, FILE *f, size_t cap);
/** Write out what is buffered. */
void ts_linebuf_flush(ts_linebuf *lb);
/** Flush, free the buffer; 0 if every write succeeded (the FILE is not closed). */
int ts_linebuf_close(ts_linebuf *lb);

static inline void ts_linebuf_reserve(ts_linebuf *lb, size_t k)
{
    if (lb->len + k > lb->cap)
        ts_linebuf_flush(lb);
}

/** Append @p k bytes (k may exceed the capacity). */
static inline void ts_linebuf_mem(ts_linebuf *lb, const char *s, size_t k)
{
    if (lb->len + k > lb->cap) {
        ts_linebuf_flush(lb);
        if (k > lb->cap) {
            if (fwrite(s, 1, k, lb->f) != k)
                lb->failed = 1;
            return;
        }
    }
    memcpy(lb->buf + lb->len, s, k);
    lb->len += k;
}

static inline void ts_linebuf_str(ts_linebuf *lb, const char *s)
{
    ts_linebuf_mem(lb, s, strlen(s));
}

static inline void ts_linebuf_char(ts_linebuf *lb, char c)
{
    if (lb->len + 1 > lb->cap)
        ts_linebuf_flush(lb);
    lb->buf[lb->len++] = c;
}

/** Append printf("%.*g", prec, v). */
static inline void ts_linebuf_g(ts_linebuf *lb, double v, int prec)
{
    ts_linebuf_reserve(lb, TS_FMT_G_MAX + 1);
    lb->len += (size_t)ts_fmt_g(lb->buf + lb->len, v, prec);
}

#endif
