/* The table's unit and currency (mrio.h "Units"): parse what a table says ("M USD/year",
 * "1000 USD", "M.EUR", "USD million", ...), bring the values to millions of that currency
 * (an explicit, logged scaling; currencies are never converted) and give the labels every
 * output uses ("M EUR", "meur"). */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"
#include "tradeshock/mrio.h"

#define DEFAULT_CURRENCY "USD"

/* Words that say nothing about scale or currency. */
static const char *const FILLER[] = {"year", "yr", "a", "per", "annual", "annum", "pa", "p",
                                     "current", "prices", "price", "basic", "in", "of",
                                     "us", "value", "values", "nominal", NULL};

static int is_filler(const char *t)
{
    for (int k = 0; FILLER[k]; k++)
        if (!strcasecmp(t, FILLER[k]))
            return 1;
    return 0;
}

/* Scale words: how many currency units one table unit is. 0 = not a scale word. */
static double scale_word(const char *t)
{
    static const struct {
        const char *w;
        double s;
    } W[] = {{"m", 1e6},       {"mill", 1e6},     {"mio", 1e6},       {"mn", 1e6},
             {"mln", 1e6},     {"million", 1e6},  {"millions", 1e6},  {"1e6", 1e6},
             {"10^6", 1e6},    {"1000000", 1e6},  {"k", 1e3},         {"thousand", 1e3},
             {"thousands", 1e3}, {"tsd", 1e3},    {"1000", 1e3},      {"1e3", 1e3},
             {"10^3", 1e3},    {"bn", 1e9},       {"b", 1e9},         {"bln", 1e9},
             {"billion", 1e9}, {"billions", 1e9}, {"1e9", 1e9},       {"10^9", 1e9},
             {"1", 1},         {"units", 1}};
    for (size_t k = 0; k < sizeof W / sizeof W[0]; k++)
        if (!strcasecmp(t, W[k].w))
            return W[k].s;
    return 0;
}

/* Currency words -> ISO code in @p code (4 bytes); 0 if not a currency word. */
static int currency_word(const char *t, char *code)
{
    static const struct {
        const char *w, *c;
    } W[] = {{"$", "USD"},    {"us$", "USD"},   {"dollar", "USD"}, {"dollars", "USD"},
             {"\xe2\x82\xac", "EUR"}, {"euro", "EUR"}, {"euros", "EUR"},
             {"\xc2\xa3", "GBP"}, {"\xc2\xa5", "JPY"}};
    for (size_t k = 0; k < sizeof W / sizeof W[0]; k++)
        if (!strcasecmp(t, W[k].w)) {
            strcpy(code, W[k].c);
            return 1;
        }
    if (strlen(t) == 3 && isalpha((unsigned char)t[0]) && isalpha((unsigned char)t[1]) &&
        isalpha((unsigned char)t[2])) {
        for (int k = 0; k < 3; k++)
            code[k] = (char)toupper((unsigned char)t[k]);
        code[3] = 0;
        return 1;
    }
    return 0;
}

int ts_unit_parse(const char *text, double *scale, char currency[4])
{
    *scale = 0;
    currency[0] = 0;
    size_t len = strlen(text);
    char *buf = malloc(len + 1);
    if (!buf)
        return -1;
    /* separators; "1 000" and "1,000" are joined back below */
    for (size_t k = 0; k <= len; k++)
        buf[k] = strchr(" \t._/-,()[]:;", text[k]) && text[k] ? ' ' : text[k];
    int bad = 0;
    double pending = 0; /* a number waiting for "000" groups */
    char *save = NULL;
    for (char *t = strtok_r(buf, " ", &save); t && !bad; t = strtok_r(NULL, " ", &save)) {
        if (pending && !strcmp(t, "000")) {
            pending *= 1000;
            *scale = pending;
            continue;
        }
        pending = 0;
        double s = scale_word(t);
        char c[4];
        if (s) {
            if (*scale)
                bad = 1;
            *scale = s;
            if (s == 1)
                pending = 1;
        } else if (currency_word(t, c)) {
            if (currency[0] && strcmp(currency, c))
                bad = 1;
            strcpy(currency, c);
        } else if (strlen(t) == 4 && scale_word((char[]){t[0], 0}) &&
                   currency_word(t + 1, c)) { /* MUSD, kEUR, BUSD */
            if (*scale || (currency[0] && strcmp(currency, c)))
                bad = 1;
            *scale = scale_word((char[]){t[0], 0});
            strcpy(currency, c);
        } else if (!is_filler(t))
            bad = 1;
    }
    free(buf);
    return bad ? 1 : 0;
}

ts_status ts_mrio_unit_apply(ts_mrio *m, const ts_logger *log, ts_error *err)
{
    const char *from = m->unit_from ? m->unit_from : (m->path ? m->path : "table");
    double scale = 0;
    char cur[4] = "", cur2[4] = "";
    if (m->unit && *m->unit) {
        int rc = ts_unit_parse(m->unit, &scale, cur);
        if (rc < 0)
            return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        if (rc)
            return ts_error_set(err, TS_ERR_INPUT, from, 0, 0, "unit",
                                "'%s' is not a unit tradeshock can read; expected a scale and "
                                "a currency such as \"M USD/year\", \"1000 USD\", \"M.EUR\" or "
                                "\"USD million\"",
                                m->unit);
    }
    if (m->currency && *m->currency) {
        double s2 = 0;
        if (ts_unit_parse(m->currency, &s2, cur2) || !cur2[0] || s2)
            return ts_error_set(err, TS_ERR_INPUT, from, 0, 0, "currency",
                                "'%s' is not a currency code; expected e.g. \"USD\" or \"EUR\"",
                                m->currency);
        if (cur[0] && strcmp(cur, cur2))
            return ts_error_set(err, TS_ERR_INPUT, from, 0, 0, "unit",
                                "'%s' is in %s but currency says '%s'; make them agree",
                                m->unit, cur, m->currency);
        strcpy(cur, cur2);
    }
    if (!cur[0])
        strcpy(cur, DEFAULT_CURRENCY); /* documented default: M USD/year */
    if (!scale) {
        scale = 1e6;
        if (m->unit && *m->unit)
            ts_log(log, TS_LOG_INFO, "%s: unit '%s' gives no scale; taken as millions (M %s)",
                   from, m->unit, cur);
    }
    if (scale != 1e6) {
        double f = scale / 1e6;
        size_t n = m->n, K = m->R * m->F;
        for (size_t k = 0; k < n * n; k++)
            m->Z[k] *= f;
        for (size_t k = 0; k < n * K; k++)
            m->Y[k] *= f;
        for (size_t k = 0; k < n; k++) {
            m->x[k] *= f;
            m->v[k] *= f;
        }
        ts_log(log, TS_LOG_INFO,
               "%s: unit '%s': every value converted to M %s (x %g); results are in M %s", from,
               m->unit, cur, f, cur);
    }
    char *unit = ts_asprintf("M %s/year", cur), *c = ts_strdup(cur);
    if (!unit || !c) {
        free(unit);
        free(c);
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    free(m->unit);
    free(m->currency);
    m->unit = unit;
    m->currency = c;
    return TS_OK;
}

/* A few rotating buffers so that several labels can be used in one printf. */
static const char *rotate(const char *fmt, const char *cur, int lower)
{
    static _Thread_local char buf[8][32];
    static _Thread_local unsigned k;
    char *b = buf[k++ % 8];
    char c[8];
    size_t i = 0;
    for (; cur[i] && i < 7; i++)
        c[i] = lower ? (char)tolower((unsigned char)cur[i]) : cur[i];
    c[i] = 0;
    snprintf(b, sizeof buf[0], fmt, c);
    return b;
}

static const char *currency_of(const ts_mrio *m)
{
    const char *c = m && m->currency && *m->currency ? m->currency : DEFAULT_CURRENCY;
    for (const char *p = c; *p; p++)
        if (!isalnum((unsigned char)*p))
            return DEFAULT_CURRENCY; /* not yet normalised: never print junk as a unit */
    return c;
}

const char *ts_mrio_currency(const ts_mrio *m) { return currency_of(m); }
const char *ts_mrio_money(const ts_mrio *m) { return rotate("M %s", currency_of(m), 0); }
const char *ts_mrio_money_key(const ts_mrio *m) { return rotate("m%s", currency_of(m), 1); }
const char *ts_mrio_flow_units(const ts_mrio *m) { return rotate("1e6 %s/day", currency_of(m), 0); }

char *ts_mrio_money_header(const ts_mrio *m, const char *tmpl)
{
    const char *key = ts_mrio_money_key(m);
    size_t kl = strlen(key), cnt = 0;
    for (const char *p = strstr(tmpl, "_musd"); p; p = strstr(p + 5, "_musd"))
        cnt++;
    char *out = malloc(strlen(tmpl) + cnt * (kl > 4 ? kl - 4 : 0) + 1), *o = out;
    if (!out)
        return NULL;
    for (const char *p = tmpl; *p;) {
        if (!strncmp(p, "_musd", 5)) {
            *o++ = '_';
            memcpy(o, key, kl);
            o += kl;
            p += 5;
        } else
            *o++ = *p++;
    }
    *o = 0;
    return out;
}
