/* Typed values of a scenario: text, numbers, whole numbers, dates, days, code lists. */
#include "scenario/internal.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/* ---- typed values ------------------------------------------------------------ */

static ts_status need_scalar(sc_ctx *c, struct fy_node *key, struct fy_node *val,
                             const char *path, const char *what)
{
    if (sc_is_null(val))
        return sc_fail(c, sc_vline(key, val), sc_col(val), path,
                       "no value given; expected %s", what);
    if (fy_node_get_type(val) != FYNT_SCALAR)
        return sc_fail(c, sc_vline(key, val), 0, path, "expected %s, got %s", what,
                       SC_DESC(val));
    return TS_OK;
}

static ts_status wrong(sc_ctx *c, struct fy_node *key, struct fy_node *val, const char *path,
                       const char *what, const char *hint)
{
    char vt[80];
    sc_value_text(val, vt, sizeof vt);
    return sc_fail(c, sc_vline(key, val), sc_col(val), path, "expected %s, got %s%s%s", what,
                   sc_kind(val), vt, hint ? hint : "");
}

ts_status sc_read_string(sc_ctx *c, struct fy_node *key, struct fy_node *val,
                         const char *path, const char *what, char **out)
{
    ts_status st = need_scalar(c, key, val, path, what);
    if (st)
        return st;
    size_t l;
    sc_scalar(val, &l);
    if (l == 0)
        return sc_fail(c, sc_vline(key, val), sc_col(val), path, "empty text; expected %s",
                       what);
    free(*out);
    *out = sc_strdup_scalar(val);
    return *out ? TS_OK : sc_nomem(c);
}

ts_status sc_read_number(sc_ctx *c, struct fy_node *key, struct fy_node *val,
                         const char *path, const char *what, int allow_inf, double *out)
{
    ts_status st = need_scalar(c, key, val, path, what);
    if (st)
        return st;
    size_t l;
    const char *s = sc_scalar(val, &l);
    double v;
    if (!sc_is_plain(val)) {
        if (sc_number_text(s, l, &v, NULL) || (allow_inf && sc_inf_text(s, l)))
            return wrong(c, key, val, path, what, " in quotes (write numbers without quotes)");
        return wrong(c, key, val, path, what, NULL);
    }
    if (allow_inf && sc_inf_text(s, l)) {
        *out = INFINITY;
        return TS_OK;
    }
    if (sc_number_text(s, l, &v, NULL)) {
        *out = v;
        return TS_OK;
    }
    if (!allow_inf && sc_inf_text(s, l))
        return wrong(c, key, val, path, what, " (a finite number is needed here)");
    return wrong(c, key, val, path, what, NULL);
}

ts_status sc_read_int(sc_ctx *c, struct fy_node *key, struct fy_node *val, const char *path,
                      const char *what, long lo, long hi, long *out)
{
    ts_status st = need_scalar(c, key, val, path, what);
    if (st)
        return st;
    size_t l;
    const char *s = sc_scalar(val, &l);
    double v;
    int is_int = 0;
    if (!sc_is_plain(val)) {
        if (sc_number_text(s, l, &v, NULL))
            return wrong(c, key, val, path, what, " in quotes (write numbers without quotes)");
        return wrong(c, key, val, path, what, NULL);
    }
    if (!sc_number_text(s, l, &v, &is_int) || !is_int)
        return wrong(c, key, val, path, what, NULL);
    char buf[64];
    snprintf(buf, sizeof buf, "%.*s", (int)l, s);
    errno = 0;
    long x = strtol(buf, NULL, 10);
    if (errno == ERANGE || x < lo || x > hi) {
        if (hi == LONG_MAX)
            return sc_fail(c, sc_vline(key, val), sc_col(val), path,
                           "%s is out of range: expected %s (at least %ld)", buf, what, lo);
        return sc_fail(c, sc_vline(key, val), sc_col(val), path,
                       "%s is out of range: expected %s (from %ld to %ld)", buf, what, lo, hi);
    }
    *out = x;
    return TS_OK;
}

static const char *const month_names[12] = {"January", "February", "March", "April",
                                            "May", "June", "July", "August",
                                            "September", "October", "November", "December"};

static int days_in_month(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

/* 1 if s is exactly DDDD-DD-DD. */
static int date_form(const char *s, size_t l, int *y, int *m, int *d)
{
    if (l != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (size_t i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return 0;
    *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    *m = (s[5] - '0') * 10 + (s[6] - '0');
    *d = (s[8] - '0') * 10 + (s[9] - '0');
    return 1;
}

static ts_status check_date(sc_ctx *c, struct fy_node *key, struct fy_node *val,
                            const char *path, int y, int m, int d)
{
    if (ts_valid_date(y, m, d) && y >= 1)
        return TS_OK;
    size_t l;
    const char *s = sc_scalar(val, &l);
    if (y >= 1 && m >= 1 && m <= 12)
        return sc_fail(c, sc_vline(key, val), sc_col(val), path,
                       "'%.*s' is not a calendar date (%s %d has %d days)", (int)l, s,
                       month_names[m - 1], y, days_in_month(y, m));
    return sc_fail(c, sc_vline(key, val), sc_col(val), path,
                   "'%.*s' is not a calendar date (month must be 01-12)", (int)l, s);
}

ts_status sc_read_date(sc_ctx *c, struct fy_node *key, struct fy_node *val,
                       const char *path, int *y, int *m, int *d)
{
    const char *what = "a date YYYY-MM-DD";
    ts_status st = need_scalar(c, key, val, path, what);
    if (st)
        return st;
    size_t l;
    const char *s = sc_scalar(val, &l);
    if (!date_form(s, l, y, m, d))
        return wrong(c, key, val, path, what, NULL);
    return check_date(c, key, val, path, *y, *m, *d);
}

ts_status sc_read_day(sc_ctx *c, struct fy_node *key, struct fy_node *val,
                      const char *path, int *day)
{
    const char *what = "a date YYYY-MM-DD or a day number (0 = start_date)";
    ts_status st = need_scalar(c, key, val, path, what);
    if (st)
        return st;
    size_t l;
    const char *s = sc_scalar(val, &l);
    int y, m, d, is_int = 0;
    double v;
    if (date_form(s, l, &y, &m, &d)) {
        st = check_date(c, key, val, path, y, m, d);
        if (st)
            return st;
        long diff = ts_days_from_civil(y, m, d) - c->start_abs;
        *day = (int)diff; /* |diff| < 4e6 for years 1..9999 */
        return TS_OK;
    }
    if (sc_is_plain(val) && sc_number_text(s, l, &v, &is_int) && is_int) {
        if (v < 0)
            return sc_fail(c, sc_vline(key, val), sc_col(val), path,
                           "day %.*s is negative: day numbers count from 0 (= start_date)",
                           (int)l, s);
        if (v > 10000000.0)
            return sc_fail(c, sc_vline(key, val), sc_col(val), path,
                           "day %.*s is too large (at most 10000000)", (int)l, s);
        *day = (int)v;
        return TS_OK;
    }
    return wrong(c, key, val, path, what, NULL);
}

void sc_day_text(const sc_ctx *c, int day, char *buf, size_t len)
{
    int y, m, d;
    ts_civil_from_days(c->start_abs + day, &y, &m, &d);
    snprintf(buf, len, "%04d-%02d-%02d", y, m, d);
}

/* ---- code lists ---------------------------------------------------------- */

/* Append the code of @p n; a set name (sets.c) appends its members instead. */
static ts_status push_code(sc_ctx *c, ts_code_list *out, struct fy_node *n)
{
    char *code = sc_strdup_scalar(n);
    if (!code)
        return sc_nomem(c);
    const ts_code_list *set = sc_set_find(c, code);
    if (set) {
        free(code);
        char **nc = realloc(out->codes, (out->n + set->n + 1) * sizeof *nc);
        if (nc)
            out->codes = nc;
        long *nl = nc ? realloc(out->lines, (out->n + set->n + 1) * sizeof *nl) : NULL;
        if (!nl)
            return sc_nomem(c);
        out->lines = nl;
        for (size_t k = 0; k < set->n; k++) {
            if (!(out->codes[out->n] = ts_strdup(set->codes[k])))
                return sc_nomem(c);
            out->lines[out->n++] = sc_line(n);
        }
        return TS_OK;
    }
    out->codes[out->n] = code;
    out->lines[out->n] = sc_line(n);
    out->n++;
    return TS_OK;
}

ts_status sc_read_codes(sc_ctx *c, struct fy_node *key, struct fy_node *val,
                        const char *path, const char *what, ts_code_list *out)
{
    char full[160];
    snprintf(full, sizeof full, "%s, a list of them, or all", what);
    sc_code_list_clear(out);
    out->present = 1;
    out->line = sc_line(key);
    if (sc_is_null(val))
        return sc_fail(c, sc_vline(key, val), 0, path, "no value given; expected %s", full);
    enum fy_node_type t = fy_node_get_type(val);
    if (t == FYNT_MAPPING)
        return sc_fail(c, sc_vline(key, val), 0, path, "expected %s, got %s", full,
                       SC_DESC(val));
    if (t == FYNT_SCALAR) {
        size_t l;
        const char *s = sc_scalar(val, &l);
        if (sc_is_plain(val) && sc_text_is(s, l, "all")) {
            out->all = 1;
            return TS_OK;
        }
        out->codes = calloc(1, sizeof *out->codes);
        out->lines = calloc(1, sizeof *out->lines);
        if (!out->codes || !out->lines)
            return sc_nomem(c);
        return push_code(c, out, val);
    }
    size_t cnt = (size_t)fy_node_sequence_item_count(val);
    if (cnt == 0)
        return sc_fail(c, sc_line(key), 0, path,
                       "empty list; expected %s (leave the key out where it is optional)",
                       full);
    out->codes = calloc(cnt, sizeof *out->codes);
    out->lines = calloc(cnt, sizeof *out->lines);
    if (!out->codes || !out->lines)
        return sc_nomem(c);
    void *it = NULL;
    struct fy_node *item;
    char ip[SC_PATH_MAX];
    size_t i = 0;
    while ((item = fy_node_sequence_iterate(val, &it))) {
        sc_path_idx(ip, path, i);
        if (sc_is_null(item) || fy_node_get_type(item) != FYNT_SCALAR)
            return sc_fail(c, sc_line(item) ? sc_line(item) : sc_line(key), sc_col(item), ip,
                           "expected %s, got %s", what, SC_DESC(item));
        size_t l;
        const char *s = sc_scalar(item, &l);
        if (sc_is_plain(item) && sc_text_is(s, l, "all")) {
            const char *leaf = strrchr(path, '.');
            return sc_fail(c, sc_line(item), sc_col(item), ip,
                           "'all' cannot be mixed with codes; write '%s: all' instead",
                           leaf ? leaf + 1 : path);
        }
        for (size_t j = 0; j < out->n; j++)
            if (strlen(out->codes[j]) == l && memcmp(out->codes[j], s, l) == 0)
                return sc_fail(c, sc_line(item), sc_col(item), ip,
                               "'%s' is listed twice (items %zu and %zu, lines %ld and %ld)",
                               out->codes[j], j, i, out->lines[j], sc_line(item));
        ts_status st = push_code(c, out, item);
        if (st)
            return st;
        i++;
    }
    return TS_OK;
}

ts_status sc_read_choice(sc_ctx *c, struct fy_node *key, struct fy_node *val, const char *path,
                         const char *what, const char *const *words, size_t n, int *out)
{
    char *w = NULL, list[256];
    size_t off = 0;
    list[0] = 0;
    for (size_t i = 0; i < n && off < sizeof list; i++)
        off += (size_t)snprintf(list + off, sizeof list - off, "%s%s", i ? ", " : "", words[i]);
    ts_status st = sc_read_string(c, key, val, path, list, &w);
    if (st)
        return st;
    for (size_t i = 0; i < n; i++)
        if (strcmp(w, words[i]) == 0) {
            free(w);
            *out = (int)i;
            return TS_OK;
        }
    const char *sug = sc_suggest(w, words, n);
    char hint[96] = "";
    if (sug)
        snprintf(hint, sizeof hint, " - did you mean '%s'?", sug);
    st = sc_fail(c, sc_vline(key, val), sc_col(val), path, "unknown %s '%s'%s (valid: %s)", what,
                 w, hint, list);
    free(w);
    return st;
}
