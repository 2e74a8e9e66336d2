/* YAML node helpers for the scenario parser: lines, key checks, typed values. */
#include "scenario/internal.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/* ---- positions ------------------------------------------------------------ */

long sc_line(struct fy_node *n)
{
    if (!n)
        return 0;
    switch (fy_node_get_type(n)) {
    case FYNT_SCALAR: {
        struct fy_token *t = fy_node_get_scalar_token(n);
        const struct fy_mark *m = t ? fy_token_start_mark(t) : NULL;
        return m ? (long)m->line + 1 : 0;
    }
    case FYNT_MAPPING: {
        void *it = NULL;
        struct fy_node_pair *p = fy_node_mapping_iterate(n, &it);
        return p ? sc_line(fy_node_pair_key(p)) : 0;
    }
    case FYNT_SEQUENCE: {
        void *it = NULL;
        return sc_line(fy_node_sequence_iterate(n, &it));
    }
    }
    return 0;
}

long sc_col(struct fy_node *n)
{
    if (!n || fy_node_get_type(n) != FYNT_SCALAR)
        return 0;
    struct fy_token *t = fy_node_get_scalar_token(n);
    const struct fy_mark *m = t ? fy_token_start_mark(t) : NULL;
    return m ? (long)m->column + 1 : 0;
}

long sc_vline(struct fy_node *key, struct fy_node *val)
{
    long l = (val && fy_node_get_type(val) == FYNT_SCALAR) ? sc_line(val) : 0;
    return l > 0 ? l : sc_line(key);
}

/* ---- scalars -------------------------------------------------------------- */

const char *sc_scalar(struct fy_node *n, size_t *len)
{
    size_t l = 0;
    const char *s = NULL;
    if (n && fy_node_get_type(n) == FYNT_SCALAR)
        s = fy_node_get_scalar(n, &l);
    if (!s) {
        s = "";
        l = 0;
    }
    if (len)
        *len = l;
    return s;
}

int sc_is_plain(struct fy_node *n)
{
    return n && fy_node_get_type(n) == FYNT_SCALAR && fy_node_get_style(n) == FYNS_PLAIN;
}

static int text_is(const char *s, size_t len, const char *w)
{
    return strlen(w) == len && memcmp(s, w, len) == 0;
}

int sc_is_null(struct fy_node *n)
{
    if (!n)
        return 1;
    if (!sc_is_plain(n))
        return 0;
    size_t l;
    const char *s = sc_scalar(n, &l);
    return l == 0 || text_is(s, l, "~") || text_is(s, l, "null") || text_is(s, l, "Null") ||
           text_is(s, l, "NULL");
}

char *sc_strdup_scalar(struct fy_node *n)
{
    size_t l;
    const char *s = sc_scalar(n, &l);
    char *r = malloc(l + 1);
    if (r) {
        memcpy(r, s, l);
        r[l] = 0;
    }
    return r;
}

/* YAML 1.2 core-schema number: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
static int number_text(const char *s, size_t len, double *out, int *is_int)
{
    char buf[64];
    if (len == 0 || len >= sizeof buf)
        return 0;
    memcpy(buf, s, len);
    buf[len] = 0;
    const char *p = buf;
    int integer = 1;
    if (*p == '+' || *p == '-')
        p++;
    size_t digits = 0;
    while (isdigit((unsigned char)*p)) {
        p++;
        digits++;
    }
    if (*p == '.') {
        integer = 0;
        p++;
        while (isdigit((unsigned char)*p)) {
            p++;
            digits++;
        }
    }
    if (digits == 0)
        return 0;
    if (*p == 'e' || *p == 'E') {
        integer = 0;
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!isdigit((unsigned char)*p))
            return 0;
        while (isdigit((unsigned char)*p))
            p++;
    }
    if (*p)
        return 0;
    /* strtod() follows LC_NUMERIC: use the locale's decimal point (the grammar is
     * already checked, so YAML's '.' can be swapped safely). */
    const struct lconv *lc = localeconv();
    char dp = (lc && lc->decimal_point && lc->decimal_point[0]) ? lc->decimal_point[0] : '.';
    if (dp != '.') {
        char *dot = strchr(buf, '.');
        if (dot)
            *dot = dp;
    }
    errno = 0;
    double v = strtod(buf, NULL);
    if (errno == ERANGE && isinf(v))
        return 0;
    *out = v;
    if (is_int)
        *is_int = integer;
    return 1;
}

static int inf_text(const char *s, size_t len)
{
    if (len && (*s == '+')) {
        s++;
        len--;
    }
    return text_is(s, len, ".inf") || text_is(s, len, ".Inf") || text_is(s, len, ".INF") ||
           text_is(s, len, "infinite");
}

const char *sc_kind(struct fy_node *n)
{
    if (!n)
        return "nothing (an empty value)";
    switch (fy_node_get_type(n)) {
    case FYNT_MAPPING: return "a mapping (key: value pairs)";
    case FYNT_SEQUENCE: return "a list";
    case FYNT_SCALAR: break;
    }
    if (sc_is_null(n))
        return "nothing (an empty value)";
    size_t l;
    const char *s = sc_scalar(n, &l);
    double v;
    if (sc_is_plain(n)) {
        int neg = (l > 0 && s[0] == '-');
        if (number_text(s, l, &v, NULL) || inf_text(s + neg, l - (size_t)neg) ||
            text_is(s, l, ".nan") || text_is(s, l, ".NaN") || text_is(s, l, ".NAN"))
            return "the number";
        if (text_is(s, l, "true") || text_is(s, l, "false"))
            return "the boolean";
    }
    return "the string";
}

/* The value as written, quoted and shortened, for messages. */
static void value_text(struct fy_node *n, char *buf, size_t len)
{
    size_t l;
    const char *s = sc_scalar(n, &l);
    if (!n || fy_node_get_type(n) != FYNT_SCALAR) {
        buf[0] = 0;
        return;
    }
    if (l > 60)
        snprintf(buf, len, " '%.57s...'", s);
    else
        snprintf(buf, len, " '%.*s'", (int)l, s);
}

const char *sc_desc(struct fy_node *n, char *buf, size_t len)
{
    char vt[80];
    value_text(n, vt, sizeof vt);
    if (sc_is_null(n))
        vt[0] = 0;
    snprintf(buf, len, "%s%s", sc_kind(n), vt);
    return buf;
}

/* ---- paths and errors ---------------------------------------------------- */

void sc_path_key(char *buf, const char *parent, const char *key)
{
    if (parent && *parent)
        snprintf(buf, SC_PATH_MAX, "%s.%s", parent, key);
    else
        snprintf(buf, SC_PATH_MAX, "%s", key);
}

void sc_path_idx(char *buf, const char *parent, size_t i)
{
    snprintf(buf, SC_PATH_MAX, "%s[%zu]", parent, i);
}

ts_status sc_fail(sc_ctx *c, long line, long col, const char *key, const char *fmt, ...)
{
    char msg[TS_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ts_error_set(c->err, TS_ERR_INPUT, c->file, line, col, key, "%s", msg);
}

ts_status sc_nomem(sc_ctx *c)
{
    return ts_error_set(c->err, TS_ERR_NOMEM, c->file, 0, 0, NULL,
                        "out of memory while reading the scenario");
}

/* ---- suggestions ------------------------------------------------------------ */

size_t sc_edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 64 || m > 64)
        return (n > m ? n : m);
    size_t d[65][65];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= n; i++) {
        for (size_t j = 1; j <= m; j++) {
            size_t cost = (tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1])) ? 0 : 1;
            size_t v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v)
                v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    }
    return d[n][m];
}

const char *sc_suggest(const char *word, const char *const *known, size_t n)
{
    size_t len = strlen(word);
    size_t limit = len <= 3 ? 1 : len <= 8 ? 2 : 3;
    const char *best = NULL;
    size_t bestd = (size_t)-1;
    int tie = 0;
    for (size_t i = 0; i < n; i++) {
        size_t d = sc_edit_distance(word, known[i]);
        if (d < bestd) {
            bestd = d;
            best = known[i];
            tie = 0;
        } else if (d == bestd) {
            tie = 1;
        }
    }
    /* an ambiguous guess (S3: S1 or S2?) helps nobody */
    return (best && bestd <= limit && !tie) ? best : NULL;
}

/* ---- mappings ---------------------------------------------------------- */

struct fy_node *sc_lookup(struct fy_node *map, const char *key, struct fy_node **keynode)
{
    if (keynode)
        *keynode = NULL;
    if (!map || fy_node_get_type(map) != FYNT_MAPPING)
        return NULL;
    void *it = NULL;
    struct fy_node_pair *p;
    while ((p = fy_node_mapping_iterate(map, &it))) {
        struct fy_node *k = fy_node_pair_key(p);
        if (!k || fy_node_get_type(k) != FYNT_SCALAR)
            continue;
        size_t l;
        const char *s = sc_scalar(k, &l);
        if (text_is(s, l, key)) {
            if (keynode)
                *keynode = k;
            return fy_node_pair_value(p);
        }
    }
    return NULL;
}

ts_status sc_check_keys(sc_ctx *c, struct fy_node *map, const char *path,
                        const char *const *known, size_t n_known)
{
    void *it = NULL;
    struct fy_node_pair *p;
    char kp[SC_PATH_MAX];
    while ((p = fy_node_mapping_iterate(map, &it))) {
        struct fy_node *k = fy_node_pair_key(p);
        if (!k || fy_node_get_type(k) != FYNT_SCALAR || sc_is_null(k)) {
            return sc_fail(c, sc_line(k) ? sc_line(k) : sc_line(map), 0, path,
                           "a key must be a plain word, not %s", SC_DESC(k));
        }
        size_t l;
        const char *s = sc_scalar(k, &l);
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)(l < 100 ? l : 100), s);
        sc_path_key(kp, path, name);
        /* duplicate of an earlier key? */
        void *it2 = NULL;
        struct fy_node_pair *q;
        while ((q = fy_node_mapping_iterate(map, &it2)) && q != p) {
            struct fy_node *k2 = fy_node_pair_key(q);
            size_t l2;
            const char *s2 = sc_scalar(k2, &l2);
            if (l2 == l && memcmp(s, s2, l) == 0)
                return sc_fail(c, sc_line(k), sc_col(k), kp,
                               "duplicate key '%s': given on line %ld and again on line %ld "
                               "(each key may appear only once in a mapping)",
                               name, sc_line(k2), sc_line(k));
        }
        int ok = (known == NULL);
        for (size_t i = 0; i < n_known && !ok; i++)
            ok = text_is(s, l, known[i]);
        if (ok)
            continue;
        char list[512];
        size_t off = 0;
        list[0] = 0;
        for (size_t i = 0; i < n_known && off < sizeof list; i++)
            off += (size_t)snprintf(list + off, sizeof list - off, "%s%s", i ? ", " : "",
                                    known[i]);
        const char *sug = sc_suggest(name, known, n_known);
        if (sug)
            return sc_fail(c, sc_line(k), sc_col(k), kp,
                           "unknown key '%s' - did you mean '%s'? (known keys here: %s)", name,
                           sug, list);
        return sc_fail(c, sc_line(k), sc_col(k), kp, "unknown key '%s' (known keys here: %s)",
                       name, list);
    }
    return TS_OK;
}

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
    value_text(val, vt, sizeof vt);
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
        if (number_text(s, l, &v, NULL) || (allow_inf && inf_text(s, l)))
            return wrong(c, key, val, path, what, " in quotes (write numbers without quotes)");
        return wrong(c, key, val, path, what, NULL);
    }
    if (allow_inf && inf_text(s, l)) {
        *out = INFINITY;
        return TS_OK;
    }
    if (number_text(s, l, &v, NULL)) {
        *out = v;
        return TS_OK;
    }
    if (!allow_inf && inf_text(s, l))
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
        if (number_text(s, l, &v, NULL))
            return wrong(c, key, val, path, what, " in quotes (write numbers without quotes)");
        return wrong(c, key, val, path, what, NULL);
    }
    if (!number_text(s, l, &v, &is_int) || !is_int)
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
    if (sc_is_plain(val) && number_text(s, l, &v, &is_int) && is_int) {
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

static ts_status push_code(sc_ctx *c, ts_code_list *out, struct fy_node *n)
{
    char *code = sc_strdup_scalar(n);
    if (!code)
        return sc_nomem(c);
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
        if (sc_is_plain(val) && text_is(s, l, "all")) {
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
        if (sc_is_plain(item) && text_is(s, l, "all")) {
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
