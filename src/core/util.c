/* Small internal helpers (core/util.h). */
#define _XOPEN_SOURCE 700
#include "core/util.h"
#include "core/numfmt.h"

#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *ts_strdup(const char *s)
{
    if (!s)
        return NULL;
    size_t k = strlen(s) + 1;
    char *d = malloc(k);
    if (d)
        memcpy(d, s, k);
    return d;
}

char *ts_asprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (k < 0)
        return NULL;
    char *s = malloc((size_t)k + 1);
    if (!s)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)k + 1, fmt, ap);
    va_end(ap);
    return s;
}

int ts_fmt_double(char *buf, size_t len, double v)
{
    if (v == 0.0)
        return snprintf(buf, len, "0");
    int prec = 15;
    if (len > TS_FMT_G_MAX) { /* printf's %.15g without printf (core/numfmt.h) */
        int k = ts_fmt_g(buf, v, prec++);
        if (strtod(buf, NULL) == v)
            return k;
    }
    for (; prec <= 17; prec++) {
        int k = snprintf(buf, len, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            return k;
    }
    return snprintf(buf, len, "%.17g", v);
}

int ts_mkdir_p(const char *path)
{
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s", path) >= (int)sizeof tmp)
        return -1;
    size_t k = strlen(tmp);
    while (k > 1 && tmp[k - 1] == '/')
        tmp[--k] = 0;
    for (char *p = tmp + 1; *p; p++) {
        if (*p == '/') {
            *p = 0;
            if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
                return -1;
            *p = '/';
        }
    }
    if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
        return -1;
    return 0;
}

static int rm_cb(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(p);
}

int ts_rm_rf(const char *path)
{
    if (!ts_path_exists(path))
        return 0;
    return nftw(path, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
}

int ts_path_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

int ts_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Day counts of the proleptic Gregorian calendar, by the era/year-of-era method
 * described in H. Hinnant, "chrono-Compatible Low-Level Date Algorithms". */
long ts_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153u * (unsigned)(m + (m > 2 ? -3 : 9)) + 2u) / 5u + (unsigned)d - 1u;
    unsigned doe = yoe * 365u + yoe / 4u - yoe / 100u + doy;
    return era * 146097L + (long)doe - 719468L;
}

void ts_civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = (long)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned dd = doy - (153 * mp + 2) / 5 + 1;
    unsigned mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yy + (mm <= 2));
    *m = (int)mm;
    *d = (int)dd;
}

int ts_valid_date(int y, int m, int d)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1)
        return 0;
    int lim = mdays[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        lim = 29;
    return d <= lim;
}
