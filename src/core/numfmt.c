/* Fast %.*g and a write buffer (numfmt.h explains why the output is printf's). */
#include "core/numfmt.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

static const double pow10_exact[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static int slow(char *buf, double v, int prec)
{
    return snprintf(buf, TS_FMT_G_MAX + 1, "%.*g", prec, v);
}

/* |v| x 10^k, correctly rounded (|k| <= 22: the power is exact). */
static double scale(double a, int k)
{
    return k >= 0 ? a * pow10_exact[k] : a / pow10_exact[-k];
}

int ts_fmt_g(char *buf, double v, int prec)
{
    int P = prec < 1 ? 1 : prec;
    if (P > 15 || !isfinite(v))
        return slow(buf, v, prec);
    const double v0 = v;
    char *o = buf;
    if (signbit(v)) {
        *o++ = '-';
        v = -v;
    }
    if (v == 0) {
        *o++ = '0';
        *o = 0;
        return (int)(o - buf);
    }
    int X = (int)floor(log10(v));
    int k = P - 1 - X;
    if (k > 22 || k < -22)
        return slow(buf, v0, prec);
    double lo = pow10_exact[P - 1], hi = pow10_exact[P];
    double s = scale(v, k);
    /* log10 may be off by one next to a power of ten */
    if (s < lo) {
        if (++k > 22)
            return slow(buf, v0, prec);
        X--;
        s = scale(v, k);
    } else if (s >= hi) {
        if (--k < -22)
            return slow(buf, v0, prec);
        X++;
        s = scale(v, k);
    }
    double r = floor(s), f = s - r; /* exact: s < 10^15 < 2^53 */
    /* the true value is within s * 2^-53 of s: too close to a half-way point to tell */
    if (fabs(f - 0.5) <= 4.0 * s * 0x1p-53)
        return slow(buf, v0, prec);
    uint64_t d = (uint64_t)r + (f > 0.5);
    if ((double)d >= hi) { /* 9.99..95 rounded up to 10.0..0 */
        d /= 10;
        X++;
    }
    char dig[16];
    for (int q = P - 1; q >= 0; q--) {
        dig[q] = (char)('0' + d % 10);
        d /= 10;
    }
    int nd = P; /* significant digits left after removing trailing zeros */
    while (nd > 1 && dig[nd - 1] == '0')
        nd--;
    if (X < -4 || X >= P) {
        *o++ = dig[0];
        if (nd > 1) {
            *o++ = '.';
            memcpy(o, dig + 1, (size_t)nd - 1);
            o += nd - 1;
        }
        *o++ = 'e';
        int e = X;
        *o++ = e < 0 ? '-' : '+';
        if (e < 0)
            e = -e;
        if (e >= 100)
            *o++ = (char)('0' + e / 100);
        *o++ = (char)('0' + e / 10 % 10);
        *o++ = (char)('0' + e % 10);
    } else if (X >= 0) {
        int ip = X + 1; /* integer digits (<= P) */
        memcpy(o, dig, (size_t)ip);
        o += ip;
        if (nd > ip) {
            *o++ = '.';
            memcpy(o, dig + ip, (size_t)(nd - ip));
            o += nd - ip;
        }
    } else {
        *o++ = '0';
        *o++ = '.';
        for (int z = 0; z < -X - 1; z++)
            *o++ = '0';
        memcpy(o, dig, (size_t)nd);
        o += nd;
    }
    *o = 0;
    return (int)(o - buf);
}

int ts_linebuf_open(ts_linebuf *lb, FILE *f, size_t cap)
{
    if (cap < 4096)
        cap = 4096;
    lb->f = f;
    lb->len = 0;
    lb->cap = cap;
    lb->failed = 0;
    lb->buf = malloc(cap);
    return lb->buf ? 0 : -1;
}

void ts_linebuf_flush(ts_linebuf *lb)
{
    if (lb->len && fwrite(lb->buf, 1, lb->len, lb->f) != lb->len)
        lb->failed = 1;
    lb->len = 0;
}

int ts_linebuf_close(ts_linebuf *lb)
{
    ts_linebuf_flush(lb);
    free(lb->buf);
    lb->buf = NULL;
    return lb->failed ? -1 : 0;
}
