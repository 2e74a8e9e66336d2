/* ts_observations_read(): the observations CSV of an episode (docs/formats.md
 * "Observations"), read record by record with libcsv (mrio/csvread.h). */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "history/internal.h"
#include "mrio/csvread.h"
#include "tradeshock/history.h"

static const char *const metric_names[] = {"first_stoppage", "output_change", "exports_change",
                                           "recovered_by"};

const char *ts_obs_metric_name(ts_obs_metric m)
{
    return (unsigned)m < 4 ? metric_names[m] : "?";
}

int ts_obs_metric_is_timing(ts_obs_metric m)
{
    return m == TS_OBS_FIRST_STOPPAGE || m == TS_OBS_RECOVERED_BY;
}

enum { C_DATE, C_REGION, C_SECTOR, C_METRIC, C_VALUE, C_UNIT, C_SOURCE, C_TOL, N_COLS };
static const char *const col_names[N_COLS] = {"date", "region", "sector", "metric",
                                              "value", "unit", "source", "tolerance"};
#define HEADER_TEXT "date,region,sector,metric,value,unit,source[,tolerance]"

typedef struct obs_reader {
    const char *path;
    ts_observations *o;
    size_t cap;
    int col[N_COLS];          /* field index of each column, -1 absent */
    size_t nfields;
} obs_reader;

int hs_parse_date(const char *s, long *day)
{
    int y, m, d;
    char tail;
    if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || strlen(s) != 10 ||
        !ts_valid_date(y, m, d))
        return -1;
    *day = ts_days_from_civil(y, m, d);
    return 0;
}

static int days_in_month(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return dm[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

int hs_parse_period(const char *s, long *first, long *last)
{
    int y, m, q;
    char tail;
    const char *dots = strstr(s, "..");
    if (dots) {
        char a[16];
        size_t k = (size_t)(dots - s);
        if (k >= sizeof a)
            return -1;
        memcpy(a, s, k);
        a[k] = 0;
        if (hs_parse_date(a, first) || hs_parse_date(dots + 2, last) || *last < *first)
            return -1;
        return 0;
    }
    if (strlen(s) == 10)
        return hs_parse_date(s, first) ? -1 : (*last = *first, 0);
    if (strlen(s) == 7 && sscanf(s, "%4d-Q%1d%c", &y, &q, &tail) == 2 && q >= 1 && q <= 4) {
        *first = ts_days_from_civil(y, 3 * q - 2, 1);
        *last = ts_days_from_civil(y, 3 * q, days_in_month(y, 3 * q));
        return 0;
    }
    if (strlen(s) == 7 && sscanf(s, "%4d-%2d%c", &y, &m, &tail) == 2 && m >= 1 && m <= 12 &&
        isdigit((unsigned char)s[5])) {
        *first = ts_days_from_civil(y, m, 1);
        *last = ts_days_from_civil(y, m, days_in_month(y, m));
        return 0;
    }
    if (strlen(s) == 4 && sscanf(s, "%4d%c", &y, &tail) == 1 && isdigit((unsigned char)s[0])) {
        *first = ts_days_from_civil(y, 1, 1);
        *last = ts_days_from_civil(y, 12, 31);
        return 0;
    }
    return -1;
}

static ts_status fail(obs_reader *rd, const ts_csv_row *row, int c, ts_error *err,
                      const char *fmt, const char *a, const char *b)
{
    long col = c >= 0 && rd->col[c] >= 0 ? rd->col[c] + 1 : 0;
    long line = row->line;
    if (c >= 0 && rd->col[c] >= 0 && (size_t)rd->col[c] < row->nfields)
        line = row->lines[rd->col[c]];
    char msg[1024];
    snprintf(msg, sizeof msg, fmt, a ? a : "", b ? b : "");
    return ts_error_set(err, TS_ERR_INPUT, rd->path, line, col, NULL, "%s", msg);
}

static ts_status read_header(obs_reader *rd, const ts_csv_row *row, ts_error *err)
{
    for (int c = 0; c < N_COLS; c++)
        rd->col[c] = -1;
    for (size_t k = 0; k < row->nfields; k++) {
        int found = -1;
        for (int c = 0; c < N_COLS; c++)
            if (!strcmp(row->fields[k], col_names[c]))
                found = c;
        if (found < 0)
            return ts_error_set(err, TS_ERR_INPUT, rd->path, row->line, (long)k + 1, NULL,
                                "unknown column '%s'; expected the header " HEADER_TEXT,
                                row->fields[k]);
        if (rd->col[found] >= 0)
            return ts_error_set(err, TS_ERR_INPUT, rd->path, row->line, (long)k + 1, NULL,
                                "column '%s' appears twice", row->fields[k]);
        rd->col[found] = (int)k;
    }
    for (int c = 0; c < C_TOL; c++)
        if (rd->col[c] < 0)
            return ts_error_set(err, TS_ERR_INPUT, rd->path, row->line, 0, NULL,
                                "missing column '%s'; expected the header " HEADER_TEXT,
                                col_names[c]);
    rd->nfields = row->nfields;
    return TS_OK;
}

static const char *field(const obs_reader *rd, const ts_csv_row *row, int c)
{
    return rd->col[c] >= 0 && (size_t)rd->col[c] < row->nfields ? row->fields[rd->col[c]] : "";
}

static ts_status read_value(obs_reader *rd, const ts_csv_row *row, ts_observation *ob,
                            ts_error *err)
{
    const char *v = field(rd, row, C_VALUE), *u = field(rd, row, C_UNIT);
    char *end = NULL;
    if (ts_obs_metric_is_timing(ob->metric)) {
        if (!strcmp(u, "date")) {
            long d;
            if (hs_parse_date(v, &d))
                return fail(rd, row, C_VALUE, err, "value '%s': expected a date YYYY-MM-DD "
                            "(unit date)%s", v, NULL);
            ob->value = (double)d;
        } else if (!strcmp(u, "day")) {
            long d = strtol(v, &end, 10);
            if (!*v || *end)
                return fail(rd, row, C_VALUE, err, "value '%s': expected a whole day number "
                            "of the scenario (unit day)%s", v, NULL);
            ob->value = (double)d;
        } else {
            return fail(rd, row, C_UNIT, err, "unit '%s': %s takes the unit date or day", u,
                        ts_obs_metric_name(ob->metric));
        }
        return TS_OK;
    }
    if (strcmp(u, "pct"))
        return fail(rd, row, C_UNIT, err, "unit '%s': %s takes the unit pct (percent of the "
                    "no-shock baseline)", u, ts_obs_metric_name(ob->metric));
    double x = strtod(v, &end);
    if (!*v || *end || !isfinite(x) || x < -100)
        return fail(rd, row, C_VALUE, err, "value '%s': expected a percentage change >= -100%s",
                    v, NULL);
    ob->value = x;
    return TS_OK;
}

static ts_status read_row(void *user, const ts_csv_row *row, ts_error *err)
{
    obs_reader *rd = user;
    if (row->index == 0)
        return read_header(rd, row, err);
    if (row->nfields != rd->nfields)
        return ts_error_set(err, TS_ERR_INPUT, rd->path, row->line, 0, NULL,
                            "%zu fields, the header has %zu", row->nfields, rd->nfields);
    ts_observations *o = rd->o;
    if (o->n == rd->cap) {
        size_t nc = rd->cap ? 2 * rd->cap : 16;
        ts_observation *p = realloc(o->obs, nc * sizeof *p);
        if (!p)
            return ts_error_set(err, TS_ERR_NOMEM, rd->path, row->line, 0, NULL, "out of memory");
        o->obs = p;
        rd->cap = nc;
    }
    ts_observation *ob = &o->obs[o->n];
    memset(ob, 0, sizeof *ob);
    ob->exporter = ob->product = -1;
    ob->line = row->line;
    const char *metric = field(rd, row, C_METRIC);
    int mi = -1;
    for (int k = 0; k < 4; k++)
        if (!strcmp(metric, metric_names[k]))
            mi = k;
    if (mi < 0)
        return fail(rd, row, C_METRIC, err, "metric '%s': expected first_stoppage, "
                    "output_change, exports_change or recovered_by%s", metric, NULL);
    ob->metric = (ts_obs_metric)mi;
    ob->date = ts_strdup(field(rd, row, C_DATE));
    ob->region = ts_strdup(field(rd, row, C_REGION));
    ob->sector = ts_strdup(field(rd, row, C_SECTOR));
    ob->unit = ts_strdup(field(rd, row, C_UNIT));
    ob->source = ts_strdup(field(rd, row, C_SOURCE));
    o->n++; /* owned from here: freed with the rest on failure */
    if (!ob->date || !ob->region || !ob->sector || !ob->unit || !ob->source)
        return ts_error_set(err, TS_ERR_NOMEM, rd->path, row->line, 0, NULL, "out of memory");
    if (!*ob->region)
        return fail(rd, row, C_REGION, err, "empty region%s%s", NULL, NULL);
    if (!*ob->sector)
        return fail(rd, row, C_SECTOR, err, "empty sector%s%s", NULL, NULL);
    if (!*ob->source)
        return fail(rd, row, C_SOURCE, err, "empty source: every observation names where it "
                    "comes from%s%s", NULL, NULL);
    int exports = ob->metric == TS_OBS_EXPORTS_CHANGE ||
                  (ob->metric == TS_OBS_RECOVERED_BY && strchr(ob->region, '>'));
    if (exports && !strchr(ob->region, '>'))
        return fail(rd, row, C_REGION, err, "region '%s': exports are written EXPORTER>DEST "
                    "(e.g. CHN>USA, CHN>all)%s", ob->region, NULL);
    if (!exports && strchr(ob->region, '>'))
        return fail(rd, row, C_REGION, err, "region '%s': EXPORTER>DEST is for exports only "
                    "(exports_change, recovered_by of a flow)%s", ob->region, NULL);
    if (!ts_obs_metric_is_timing(ob->metric)) {
        if (hs_parse_period(ob->date, &ob->period_first, &ob->period_last))
            return fail(rd, row, C_DATE, err, "date '%s': expected the period of the change: "
                        "YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY or YYYY-MM-DD..YYYY-MM-DD%s",
                        ob->date, NULL);
    } else if (*ob->date) {
        long a, b;
        if (hs_parse_period(ob->date, &a, &b))
            return fail(rd, row, C_DATE, err, "date '%s': expected YYYY-MM-DD (or a period, "
                        "or empty) for the date of the report%s", ob->date, NULL);
    }
    ts_status st = read_value(rd, row, ob, err);
    if (st)
        return st;
    const char *t = field(rd, row, C_TOL);
    if (*t) {
        char *end = NULL;
        double x = strtod(t, &end);
        if (*end || !isfinite(x) || x < 0)
            return fail(rd, row, C_TOL, err, "tolerance '%s': expected a number >= 0 (days "
                        "for timing, percentage points for changes)%s", t, NULL);
        ob->tolerance = x;
        ob->tolerance_given = 1;
    } else {
        ob->tolerance = ts_obs_metric_is_timing(ob->metric) ? TS_OBS_DEFAULT_TOL_DAYS
                                                            : TS_OBS_DEFAULT_TOL_PP;
    }
    return TS_OK;
}

ts_status ts_observations_read(const char *path, ts_observations **out, ts_error *err)
{
    ts_error_clear(err);
    if (!path || !out)
        return ts_error_set(err, TS_ERR_INTERNAL, NULL, 0, 0, NULL,
                            "ts_observations_read: NULL argument");
    *out = NULL;
    ts_observations *o = calloc(1, sizeof *o);
    if (!o || !(o->file = ts_strdup(path))) {
        free(o);
        return ts_error_set(err, TS_ERR_NOMEM, path, 0, 0, NULL, "out of memory");
    }
    obs_reader rd = {path, o, 0, {0}, 0};
    ts_status st = ts_csv_read(path, "an observations file (header " HEADER_TEXT ")",
                               read_row, &rd, err);
    if (!st && o->n == 0)
        st = ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                          "no observations (expected the header " HEADER_TEXT
                          " and at least one row)");
    if (st) {
        ts_observations_free(o);
        return st;
    }
    *out = o;
    return TS_OK;
}

void ts_observations_free(ts_observations *o)
{
    if (!o)
        return;
    for (size_t k = 0; k < o->n; k++) {
        ts_observation *ob = &o->obs[k];
        free(ob->date);
        free(ob->region);
        free(ob->sector);
        free(ob->unit);
        free(ob->source);
        free(ob->ind);
        free(ob->dest);
    }
    free(o->obs);
    free(o->file);
    free(o);
}
