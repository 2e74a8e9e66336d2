/* tradeshock inspect TABLE [--json]: what is in a table, and every diagnostic of its
 * checks. Warnings go to stderr as they are found (and into the JSON report); a table that
 * cannot be loaded gives one error line and exit code 2. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "tradeshock/mrio.h"

#define TOP 10

typedef struct diag {
    ts_log_level level;
    char *msg;
} diag;

typedef struct collector {
    diag *d;
    size_t k, cap;
} collector;

/* Forward every message to stderr and keep warnings/notes for the report. */
static void collect(void *user, ts_log_level level, const char *msg)
{
    ts_cli_stderr_logger.fn(ts_cli_stderr_logger.user, level, msg);
    collector *c = user;
    if (level == TS_LOG_DEBUG)
        return;
    if (c->k == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 8;
        diag *d = realloc(c->d, cap * sizeof *d);
        if (!d)
            return;
        c->d = d;
        c->cap = cap;
    }
    size_t len = strlen(msg) + 1;
    char *s = malloc(len);
    if (!s)
        return;
    memcpy(s, msg, len);
    c->d[c->k].level = level;
    c->d[c->k].msg = s;
    c->k++;
}

typedef struct flow {
    double value;
    size_t from;    /* industry */
    size_t to;      /* industry (Z) or final-demand column (Y) */
    int final;      /* 1 = final demand */
} flow;

/* The TOP largest positive cells of Z and Y, largest first; returns how many. */
static size_t largest_flows(const ts_mrio *m, flow *top)
{
    size_t k = 0, n = m->n, K = m->R * m->F;
    for (int fin = 0; fin < 2; fin++) {
        size_t w = fin ? K : n;
        const double *a = fin ? m->Y : m->Z;
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < w; j++) {
                double v = a[i * w + j];
                if (!(v > 0) || (k == TOP && v <= top[TOP - 1].value))
                    continue;
                size_t p = k < TOP ? k++ : TOP - 1;
                while (p > 0 && top[p - 1].value < v) {
                    top[p] = top[p - 1];
                    p--;
                }
                top[p] = (flow){v, i, j, fin};
            }
    }
    return k;
}

static void industry_label(const ts_mrio *m, size_t i, char *buf, size_t len)
{
    snprintf(buf, len, "%s_%s", m->regions[i / m->S].code, m->sectors[i % m->S].code);
}

static void column_label(const ts_mrio *m, const flow *f, char *buf, size_t len)
{
    if (f->final)
        snprintf(buf, len, "%s_%s", m->regions[f->to / m->F].code, m->fd_cats[f->to % m->F].code);
    else
        industry_label(m, f->to, buf, len);
}

/* Totals by region: gross output and value added of its industries, final demand of its
 * final-demand columns (what the region's consumers and investors buy). */
static void region_totals(const ts_mrio *m, double *go, double *va, double *fd)
{
    size_t K = m->R * m->F;
    for (size_t r = 0; r < m->R; r++) {
        go[r] = va[r] = fd[r] = 0;
        for (size_t s = 0; s < m->S; s++) {
            go[r] += m->x[r * m->S + s];
            va[r] += m->v[r * m->S + s];
        }
        for (size_t i = 0; i < m->n; i++)
            for (size_t f = 0; f < m->F; f++)
                fd[r] += m->Y[i * K + r * m->F + f];
    }
}

static const char *num(double v, char *buf, size_t len)
{
    if (v == 0)
        snprintf(buf, len, "0");
    else if (fabs(v) >= 1 && fabs(v) < 1e15 && v == floor(v))
        snprintf(buf, len, "%.0f", v);
    else if (fabs(v) >= 1 && fabs(v) < 1e15)
        snprintf(buf, len, "%.2f", v);
    else
        snprintf(buf, len, "%.6g", v);
    return buf;
}

static void print_labels(const char *title, const ts_label *l, size_t k)
{
    printf("%-24s", title);
    for (size_t i = 0; i < k && i < 12; i++)
        printf("%s%s", i ? ", " : "", l[i].code);
    if (k > 12)
        printf(", ... (%zu)", k);
    printf("\n");
}

static void print_text(const ts_mrio *m, const char *fmt, const collector *c, const flow *top,
                       size_t ntop)
{
    double *go = calloc(m->R, sizeof *go), *va = calloc(m->R, sizeof *va);
    double *fd = calloc(m->R, sizeof *fd);
    if (!go || !va || !fd)
        goto done;
    region_totals(m, go, va, fd);
    char a[64], b[64], d[64], la[512], lb[512];
    printf("table                   %s (%s)\n", m->path ? m->path : "-", fmt);
    if (m->name)
        printf("name                    %s\n", m->name);
    printf("year, currency, unit    %s, %s, %s\n", m->year ? m->year : "-",
           m->currency ? m->currency : "-", m->unit ? m->unit : "-");
    if (m->source)
        printf("source                  %s\n", m->source);
    if (m->licence)
        printf("licence                 %s\n", m->licence);
    printf("dimensions              %zu regions x %zu sectors = %zu industries; %zu final-demand "
           "categories x %zu regions = %zu final-demand columns\n",
           m->R, m->S, m->n, m->F, m->R, m->R * m->F);
    print_labels("regions", m->regions, m->R);
    print_labels("sectors", m->sectors, m->S);
    print_labels("final demand", m->fd_cats, m->F);
    printf("value added             %s\n", m->has_v_file ? "from v.csv" : "x - colsum(Z)");
    printf("\ntotals by region (%s)\n", m->unit ? m->unit : "M USD/year");
    printf("  %-12s %18s %18s %18s\n", "region", "gross output", "value added", "final demand");
    double tg = 0, tv = 0, tf = 0;
    for (size_t r = 0; r < m->R; r++) {
        printf("  %-12s %18s %18s %18s\n", m->regions[r].code, num(go[r], a, sizeof a),
               num(va[r], b, sizeof b), num(fd[r], d, sizeof d));
        tg += go[r];
        tv += va[r];
        tf += fd[r];
    }
    printf("  %-12s %18s %18s %18s\n", "all", num(tg, a, sizeof a), num(tv, b, sizeof b),
           num(tf, d, sizeof d));
    printf("\n%zu largest flows (%s)\n", ntop, m->unit ? m->unit : "M USD/year");
    for (size_t t = 0; t < ntop; t++) {
        industry_label(m, top[t].from, la, sizeof la);
        column_label(m, &top[t], lb, sizeof lb);
        printf("  %2zu. %-16s -> %-16s %-13s %18s\n", t + 1, la, lb,
               top[t].final ? "final demand" : "intermediate", num(top[t].value, a, sizeof a));
    }
    size_t nw = 0;
    for (size_t k = 0; k < c->k; k++)
        nw += c->d[k].level == TS_LOG_WARN;
    printf("\ndiagnostics             %zu warning%s, %zu note%s%s\n", nw, nw == 1 ? "" : "s",
           c->k - nw, c->k - nw == 1 ? "" : "s", c->k ? " (on stderr)" : "");
done:
    free(go);
    free(va);
    free(fd);
}

static cJSON *labels_json(const ts_label *l, size_t k)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a && i < k; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "code", l[i].code);
        cJSON_AddStringToObject(o, "name", l[i].name ? l[i].name : l[i].code);
        cJSON_AddItemToArray(a, o);
    }
    return a;
}

static void add_str(cJSON *o, const char *key, const char *v)
{
    if (v)
        cJSON_AddStringToObject(o, key, v);
    else
        cJSON_AddNullToObject(o, key);
}

static int print_json(const ts_mrio *m, const char *fmt, const collector *c, const flow *top,
                      size_t ntop)
{
    double *go = calloc(m->R, sizeof *go), *va = calloc(m->R, sizeof *va);
    double *fd = calloc(m->R, sizeof *fd);
    cJSON *o = cJSON_CreateObject();
    char *text = NULL;
    if (!go || !va || !fd || !o)
        goto done;
    region_totals(m, go, va, fd);
    add_str(o, "path", m->path);
    cJSON_AddStringToObject(o, "format", fmt);
    add_str(o, "name", m->name);
    add_str(o, "year", m->year);
    add_str(o, "currency", m->currency);
    add_str(o, "unit", m->unit);
    add_str(o, "source", m->source);
    add_str(o, "licence", m->licence);
    cJSON *dim = cJSON_AddObjectToObject(o, "dimensions");
    cJSON_AddNumberToObject(dim, "regions", (double)m->R);
    cJSON_AddNumberToObject(dim, "sectors", (double)m->S);
    cJSON_AddNumberToObject(dim, "industries", (double)m->n);
    cJSON_AddNumberToObject(dim, "final_demand_categories", (double)m->F);
    cJSON_AddNumberToObject(dim, "final_demand_columns", (double)(m->R * m->F));
    cJSON_AddItemToObject(o, "regions", labels_json(m->regions, m->R));
    cJSON_AddItemToObject(o, "sectors", labels_json(m->sectors, m->S));
    cJSON_AddItemToObject(o, "final_demand_categories", labels_json(m->fd_cats, m->F));
    cJSON_AddStringToObject(o, "value_added_source", m->has_v_file ? "v.csv" : "x - colsum(Z)");
    double tg = 0, tv = 0, tf = 0;
    cJSON *by = cJSON_CreateArray();
    for (size_t r = 0; r < m->R; r++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "region", m->regions[r].code);
        cJSON_AddNumberToObject(e, "gross_output", go[r]);
        cJSON_AddNumberToObject(e, "value_added", va[r]);
        cJSON_AddNumberToObject(e, "final_demand", fd[r]);
        cJSON_AddItemToArray(by, e);
        tg += go[r];
        tv += va[r];
        tf += fd[r];
    }
    cJSON *tot = cJSON_AddObjectToObject(o, "totals");
    cJSON_AddNumberToObject(tot, "gross_output", tg);
    cJSON_AddNumberToObject(tot, "value_added", tv);
    cJSON_AddNumberToObject(tot, "final_demand", tf);
    cJSON_AddItemToObject(o, "by_region", by);
    cJSON *fl = cJSON_AddArrayToObject(o, "largest_flows");
    char la[512], lb[512];
    for (size_t t = 0; t < ntop; t++) {
        cJSON *e = cJSON_CreateObject();
        industry_label(m, top[t].from, la, sizeof la);
        column_label(m, &top[t], lb, sizeof lb);
        cJSON_AddStringToObject(e, "from", la);
        cJSON_AddStringToObject(e, "to", lb);
        cJSON_AddStringToObject(e, "kind", top[t].final ? "final_demand" : "intermediate");
        cJSON_AddNumberToObject(e, "value", top[t].value);
        cJSON_AddItemToArray(fl, e);
    }
    cJSON *dg = cJSON_AddArrayToObject(o, "diagnostics");
    for (size_t k = 0; k < c->k; k++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "level", c->d[k].level == TS_LOG_WARN ? "warning" : "info");
        cJSON_AddStringToObject(e, "message", c->d[k].msg);
        cJSON_AddItemToArray(dg, e);
    }
    text = cJSON_Print(o);
    if (text)
        printf("%s\n", text);
done:
    free(text);
    cJSON_Delete(o);
    free(go);
    free(va);
    free(fd);
    return text ? 0 : 1;
}

static void usage(FILE *f)
{
    fputs("usage: tradeshock inspect TABLE [--format native|pymrio|icio|wiod] [--json]\n"
          "\n"
          "Load a table, run its consistency checks and print its dimensions, totals by\n"
          "region (gross output, value added, final demand), the 10 largest flows and the\n"
          "number of diagnostics. Warnings and notes go to stderr.\n"
          "\n"
          "  TABLE     a native table folder (regions.csv, sectors.csv,\n"
          "            final_demand_categories.csv, Z.csv, Y.csv, x.csv [, v.csv, table.json]),\n"
          "            a pymrio text folder (file_parameters.json), an OECD ICIO .csv file or a\n"
          "            WIOD folder (Z_part*_rows*.csv); docs/formats.md\n"
          "  --format F  read TABLE as format F instead of detecting it from the path\n"
          "  --json    print the report as one JSON object on stdout\n"
          "  -h, --help  this help\n"
          "\n"
          "Exit codes: 0 loaded (warnings possible), 2 bad input, 1 internal failure.\n",
          f);
}

int ts_cli_inspect(int argc, char **argv)
{
    const char *table = NULL, *fmt = NULL;
    int json = 0;
    for (int k = 1; k < argc; k++) {
        if (!strcmp(argv[k], "-h") || !strcmp(argv[k], "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(argv[k], "--json")) {
            json = 1;
        } else if (!strcmp(argv[k], "--format") && k + 1 < argc) {
            fmt = argv[++k];
        } else if (argv[k][0] == '-' && argv[k][1]) {
            fprintf(stderr, "tradeshock: error: inspect: unknown option '%s'\n", argv[k]);
            usage(stderr);
            return 2;
        } else if (table) {
            fprintf(stderr, "tradeshock: error: inspect: one TABLE expected, got '%s' and '%s'\n",
                    table, argv[k]);
            return 2;
        } else {
            table = argv[k];
        }
    }
    if (!table) {
        fprintf(stderr, "tradeshock: error: inspect: no TABLE given\n");
        usage(stderr);
        return 2;
    }
    collector c = {0};
    ts_logger log = {collect, &c};
    ts_error err;
    ts_error_clear(&err);
    ts_mrio *m = NULL;
    ts_mrio_format format = TS_FORMAT_AUTO;
    ts_status st = fmt ? ts_mrio_format_parse(fmt, &format, &err) : TS_OK;
    if (!st && format == TS_FORMAT_AUTO)
        st = ts_mrio_detect_format(table, &format, &err);
    if (!st)
        st = ts_mrio_read_format(table, format, &log, &m, &err);
    int rc;
    if (st) {
        rc = ts_cli_fail(&err);
    } else {
        flow top[TOP];
        size_t ntop = largest_flows(m, top);
        if (json)
            rc = print_json(m, ts_mrio_format_name(format), &c, top, ntop);
        else {
            print_text(m, ts_mrio_format_title(format), &c, top, ntop);
            rc = 0;
        }
        if (fflush(stdout) != 0)
            rc = 1;
    }
    ts_mrio_free(m);
    for (size_t k = 0; k < c.k; k++)
        free(c.d[k].msg);
    free(c.d);
    return rc;
}
