/* ts_ensemble_write(): the ensemble's CSV files and summary.json (docs/ensemble.md). */
#define _POSIX_C_SOURCE 200809L
#include "ensemble/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/csvout.h"
#include "core/util.h"

static void num(FILE *f, double v)
{
    char b[40];
    if (isnan(v))
        return; /* empty field */
    ts_fmt_double(b, sizeof b, v);
    fputs(b, f);
}

static const char *group_name(const ts_scenario *sc, int g) { return sc->groups[g].name; }

static ts_status write_members(const ts_ensemble_result *r, const ts_scenario *sc,
                               const unsigned char *acc, const char *dir, ts_error *err)
{
    const ts_ensemble_spec *e = sc->ensemble;
    char *hdr = NULL;
    size_t hlen = 0;
    FILE *h = open_memstream(&hdr, &hlen);
    if (!h)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    fputs("member", h);
    for (size_t j = 0; j < r->P; j++) {
        fputc(',', h);
        ts_csv_field(h, e->params[j].name);
    }
    fputs(",world_output_loss,world_output_loss_pct,economy_collapse_day,collapsed_industries,"
          "hardest_hit_group", h);
    static const char *const gsuf[2] = {"_loss_pct", "_first_stockout_day"};
    for (int pass = 0; pass < 2; pass++)
        for (size_t g = 0; g < r->G; g++) {
            char *t = ts_asprintf("%s%s", group_name(sc, (int)g), gsuf[pass]);
            fputc(',', h);
            ts_csv_field(h, t ? t : "");
            free(t);
        }
    for (size_t w = 0; w < r->W; w++) {
        char *t = ts_asprintf("%s_first_stop_day", e->watch[w]);
        fputc(',', h);
        ts_csv_field(h, t ? t : "");
        free(t);
    }
    fputs(",score,accepted", h);
    fclose(h);
    ts_csvfile c;
    ts_status st = ts_csv_open(&c, dir, "ensemble_summary.csv", hdr, err);
    free(hdr);
    if (st)
        return st;
    for (size_t i = 0; i < r->N; i++) {
        fprintf(c.f, "%ld", r->member_id ? r->member_id[i] : r->first + (long)i);
        for (size_t j = 0; j < r->P; j++) {
            fputc(',', c.f);
            ts_csv_field(c.f, r->text[i * r->P + j] ? r->text[i * r->P + j] : "");
        }
        fputc(',', c.f);
        num(c.f, r->world_loss[i]);
        fputc(',', c.f);
        num(c.f, r->world_loss_pct[i]);
        fprintf(c.f, ",%d,%d,", r->economy_collapse_day[i], r->n_collapsed[i]);
        if (r->hardest[i] >= 0)
            ts_csv_field(c.f, group_name(sc, r->rank_group[r->hardest[i]]));
        for (size_t g = 0; g < r->G; g++) {
            fputc(',', c.f);
            num(c.f, r->group_loss_pct[i * r->G + g]);
        }
        for (size_t g = 0; g < r->G; g++)
            fprintf(c.f, ",%d", r->group_first[i * r->G + g]);
        for (size_t w = 0; w < r->W; w++)
            fprintf(c.f, ",%d", r->watch_first[i * r->W + w]);
        fputc(',', c.f);
        num(c.f, r->score[i]);
        fprintf(c.f, ",%d\n", acc ? acc[i] != 0 : 1);
    }
    return ts_csv_close(&c, TS_OK, err);
}

static void write_q(FILE *f, const uint32_t *counts)
{
    for (int q = 0; q < TS_ENSEMBLE_NQ; q++) {
        fputc(',', f);
        num(f, ts_sketch_quantile(counts, ts_ensemble_q[q]));
    }
    fputc('\n', f);
}

static ts_status write_quantiles(const ts_ensemble_result *r, const ts_scenario *sc,
                                 const ts_mrio *m, const char *dir, ts_error *err)
{
    ts_csvfile c;
    ts_status st = ts_csv_open(&c, dir, "quantiles.csv",
                               "day,date,kind,series,variable,p05,p25,p50,p75,p95", err);
    if (st)
        return st;
    size_t ns = 1 + r->R + r->Gr;
    for (size_t t = 0; t < r->T; t++) {
        char date[16];
        ts_scenario_date(sc, (int)t, date, sizeof date);
        for (size_t s = 0; s < ns; s++) {
            const char *kind = s == 0 ? "world" : s <= r->R ? "region" : "group";
            const char *name = s == 0 ? "WORLD" : s <= r->R ? m->regions[s - 1].code
                                               : group_name(sc, r->rank_group[s - 1 - r->R]);
            fprintf(c.f, "%zu,%s,%s,", t, date, kind);
            ts_csv_field(c.f, name);
            fputs(",output_loss_pct", c.f);
            write_q(c.f, r->counts + TS_ENSEMBLE_CELL(r, t, s) * TS_SKETCH_BINS);
        }
    }
    if ((st = ts_csv_close(&c, TS_OK, err)))
        return st;
    if ((st = ts_csv_open(&c, dir, "quantiles_industry.csv",
                          "region,sector,variable,p05,p25,p50,p75,p95", err)))
        return st;
    size_t c0 = r->T * ns;
    for (size_t i = 0; i < r->n; i++) {
        ts_csv_field(c.f, m->regions[i / m->S].code);
        fputc(',', c.f);
        ts_csv_field(c.f, m->sectors[i % m->S].code);
        fputs(",output_loss_pct", c.f);
        write_q(c.f, r->counts + (c0 + i) * TS_SKETCH_BINS);
    }
    return ts_csv_close(&c, TS_OK, err);
}

typedef struct so_rec {
    int product, industry, day;
} so_rec;

static int so_cmp(const void *a, const void *b)
{
    const so_rec *x = a, *y = b;
    if (x->industry != y->industry)
        return x->industry - y->industry;
    if (x->product != y->product)
        return x->product - y->product;
    return x->day - y->day;
}

/* P(first stock-out day <= d) per (industry, input), and per industry for any input
 * (product -1), at each day where it changes, over the @p na accepted members. */
static ts_status write_stockouts(const ts_ensemble_result *r, const ts_mrio *m,
                                 const unsigned char *acc, size_t na, const char *dir,
                                 ts_error *err)
{
    size_t total = 0;
    for (size_t i = 0; i < r->N; i++)
        if (!acc || acc[i])
            total += r->n_so[i] + r->n_so[i]; /* pairs + at most one "any" per pair */
    so_rec *v = malloc((total ? total : 1) * sizeof *v);
    int *any = malloc((r->n ? r->n : 1) * sizeof *any);
    if (!v || !any) {
        free(v);
        free(any);
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    size_t k = 0;
    for (size_t i = 0; i < r->N; i++) {
        if (acc && !acc[i])
            continue;
        for (size_t j = 0; j < r->n; j++)
            any[j] = -1;
        for (size_t q = 0; q < r->n_so[i]; q++) {
            const int *s = &r->so[i][3 * q];
            v[k++] = (so_rec){s[0], s[1], s[2]};
            if (any[s[1]] < 0 || s[2] < any[s[1]])
                any[s[1]] = s[2];
        }
        for (size_t j = 0; j < r->n; j++)
            if (any[j] >= 0)
                v[k++] = (so_rec){-1, (int)j, any[j]};
    }
    free(any);
    qsort(v, k, sizeof *v, so_cmp);
    ts_csvfile c;
    ts_status st = ts_csv_open(&c, dir, "stockout_probability.csv",
                               "region,sector,input,day,probability", err);
    if (st) {
        free(v);
        return st;
    }
    for (size_t a = 0; a < k;) {
        size_t b = a, cum = 0;
        while (b < k && v[b].industry == v[a].industry && v[b].product == v[a].product)
            b++;
        for (size_t q = a; q < b; q++) {
            cum++;
            if (q + 1 < b && v[q + 1].day == v[q].day)
                continue;
            ts_csv_field(c.f, m->regions[(size_t)v[q].industry / m->S].code);
            fputc(',', c.f);
            ts_csv_field(c.f, m->sectors[(size_t)v[q].industry % m->S].code);
            fputc(',', c.f);
            ts_csv_field(c.f, v[q].product < 0 ? "ANY" : m->sectors[v[q].product].code);
            fprintf(c.f, ",%d,", v[q].day);
            num(c.f, (double)cum / (double)na);
            fputc('\n', c.f);
        }
        a = b;
    }
    free(v);
    return ts_csv_close(&c, TS_OK, err);
}

/* ---- summary.json ------------------------------------------------------------------ */

static cJSON *dist_json(double *v, size_t n)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    es_sort(v, n);
    static const char *const qn[TS_ENSEMBLE_NQ] = {"p05", "p25", "p50", "p75", "p95"};
    for (int q = 0; q < TS_ENSEMBLE_NQ; q++) {
        double x = n ? es_exact_quantile(v, n, ts_ensemble_q[q], 1) : NAN;
        if (isfinite(x))
            cJSON_AddNumberToObject(o, qn[q], x);
        else
            cJSON_AddNullToObject(o, qn[q]);
    }
    if (n && isfinite(sum)) {
        cJSON_AddNumberToObject(o, "mean", sum / (double)n);
        cJSON_AddNumberToObject(o, "min", v[0]);
        cJSON_AddNumberToObject(o, "max", v[n - 1]);
    }
    return o;
}

static const int k_within[] = {30, 60, 90};

/* Distribution of a first day (-1 never -> +inf) and P(day <= 30/60/90/horizon). */
static cJSON *day_json(const int *d, size_t stride, const ts_ensemble_result *r,
                       const unsigned char *acc, size_t na, double *buf)
{
    size_t k = 0;
    for (size_t i = 0; i < r->N; i++)
        if (!acc || acc[i])
            buf[k++] = d[i * stride] < 0 ? INFINITY : (double)d[i * stride];
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON *p = cJSON_AddObjectToObject(o, "p_by_day");
    for (int w = 0; w < 4; w++) {
        double lim = w < 3 ? k_within[w] : (double)r->T - 1;
        size_t c = 0;
        for (size_t i = 0; i < k; i++)
            c += buf[i] <= lim;
        char key[16];
        snprintf(key, sizeof key, "%d", w < 3 ? k_within[w] : (int)r->T - 1);
        cJSON_AddNumberToObject(p, key, na ? (double)c / (double)na : 0);
    }
    cJSON *q = dist_json(buf, k);
    cJSON_DeleteItemFromObject(q, "mean");
    cJSON_DeleteItemFromObject(q, "max");
    cJSON_AddItemToObject(o, "day", q);
    return o;
}

static const char *dist_name(ts_dist_kind d)
{
    static const char *const n[] = {"uniform", "normal", "lognormal", "triangular", "choice"};
    return n[d];
}

static ts_status write_json(const ts_ensemble_result *r, const ts_scenario *sc,
                            const unsigned char *acc, size_t na, const char *dir,
                            ts_error *err)
{
    const ts_ensemble_spec *e = sc->ensemble;
    double *buf = malloc((r->N ? r->N : 1) * sizeof *buf);
    cJSON *root = cJSON_CreateObject();
    if (!buf || !root) {
        free(buf);
        cJSON_Delete(root);
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    cJSON_AddStringToObject(root, "scenario", sc->name);
    cJSON_AddStringToObject(root, "file", sc->file);
    cJSON_AddNumberToObject(root, "members", (double)r->N);
    cJSON_AddNumberToObject(root, "accepted_members", (double)na);
    cJSON_AddNumberToObject(root, "seed", (double)e->seed);
    cJSON_AddNumberToObject(root, "horizon_days", (double)r->T);
    cJSON *sk = cJSON_AddObjectToObject(root, "quantiles");
    cJSON_AddStringToObject(sk, "headline", "exact, nearest rank round(q (N-1)) of the members");
    cJSON_AddStringToObject(sk, "series", "relative-error histogram sketch (DDSketch-like)");
    cJSON_AddNumberToObject(sk, "relative_error", TS_SKETCH_ALPHA);
    cJSON_AddNumberToObject(sk, "zero_below_pct", TS_SKETCH_MIN);
    cJSON *pa = cJSON_AddArrayToObject(root, "parameters");
    for (size_t j = 0; j < r->P; j++) {
        const ts_uncertain *u = &e->params[j];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToArray(pa, o);
        cJSON_AddStringToObject(o, "name", u->name);
        cJSON *ps = cJSON_AddArrayToObject(o, "paths");
        for (size_t q = 0; q < u->n_paths; q++)
            cJSON_AddItemToArray(ps, cJSON_CreateString(u->paths[q]));
        cJSON_AddStringToObject(o, "dist", dist_name(u->dist));
        if (u->source)
            cJSON_AddStringToObject(o, "source", u->source);
        size_t k = 0;
        for (size_t i = 0; i < r->N; i++)
            if ((!acc || acc[i]) && !isnan(r->value[i * r->P + j]))
                buf[k++] = r->value[i * r->P + j];
        if (k)
            cJSON_AddItemToObject(o, "sampled", dist_json(buf, k));
    }
    size_t k = 0;
    for (size_t i = 0; i < r->N; i++)
        if (!acc || acc[i])
            buf[k++] = r->world_loss_pct[i];
    cJSON_AddItemToObject(root, "world_output_loss_pct", dist_json(buf, k));
    k = 0;
    for (size_t i = 0; i < r->N; i++)
        if (!acc || acc[i])
            buf[k++] = r->world_loss[i];
    cJSON_AddItemToObject(root, "world_output_loss", dist_json(buf, k));
    cJSON *gj = cJSON_AddObjectToObject(root, "groups");
    for (size_t g = 0; g < r->G; g++) {
        cJSON *o = cJSON_AddObjectToObject(gj, group_name(sc, (int)g));
        k = 0;
        for (size_t i = 0; i < r->N; i++)
            if (!acc || acc[i])
                buf[k++] = r->group_loss_pct[i * r->G + g];
        cJSON_AddItemToObject(o, "output_loss_pct", dist_json(buf, k));
        cJSON_AddItemToObject(o, "first_stockout",
                              day_json(r->group_first + g, r->G, r, acc, na, buf));
    }
    cJSON *hh = cJSON_AddObjectToObject(root, "p_hardest_hit");
    for (size_t g = 0; g < r->Gr; g++) {
        size_t c = 0;
        for (size_t i = 0; i < r->N; i++)
            c += (!acc || acc[i]) && r->hardest[i] == (int)g;
        cJSON_AddNumberToObject(hh, group_name(sc, r->rank_group[g]),
                                na ? (double)c / (double)na : 0);
    }
    cJSON *wj = cJSON_AddObjectToObject(root, "watch");
    for (size_t w = 0; w < r->W; w++)
        cJSON_AddItemToObject(wj, e->watch[w],
                              day_json(r->watch_first + w, r->W, r, acc, na, buf));
    size_t ce = 0, ci = 0;
    for (size_t i = 0; i < r->N; i++)
        if (!acc || acc[i]) {
            ce += r->economy_collapse_day[i] >= 0;
            ci += r->n_collapsed[i] > 0;
        }
    cJSON_AddNumberToObject(root, "p_economy_collapse", na ? (double)ce / (double)na : 0);
    cJSON_AddNumberToObject(root, "p_any_industry_collapse", na ? (double)ci / (double)na : 0);
    free(buf);
    return es_write_json(dir, "summary.json", root, err);
}

ts_status es_write_json(const char *dir, const char *name, cJSON *json, ts_error *err)
{
    char *text = cJSON_Print(json);
    cJSON_Delete(json);
    if (!text)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    ts_csvfile c;
    /* ts_csv_open writes one header line: the JSON's first line "{" */
    ts_status st = ts_csv_open(&c, dir, name, "{", err);
    if (!st) {
        fputs(text + 2, c.f);
        fputc('\n', c.f);
        st = ts_csv_close(&c, TS_OK, err);
    }
    free(text);
    return st;
}

ts_status ts_ensemble_write(const ts_ensemble_result *r, const ts_scenario *sc,
                            const ts_mrio *m, const unsigned char *accepted, const char *dir,
                            ts_error *err)
{
    ts_error_clear(err);
    if (!r || !sc || !sc->ensemble || !m || !dir)
        return ts_error_set(err, TS_ERR_INTERNAL, NULL, 0, 0, NULL,
                            "ts_ensemble_write: NULL argument");
    size_t na = 0;
    for (size_t i = 0; i < r->N; i++)
        na += !accepted || accepted[i];
    ts_status st = write_members(r, sc, accepted, dir, err);
    if (!st)
        st = write_quantiles(r, sc, m, dir, err);
    if (!st)
        st = write_stockouts(r, m, accepted, na ? na : 1, dir, err);
    if (!st)
        st = write_json(r, sc, accepted, na, dir, err);
    if (!st)
        st = es_write_netcdf(r, sc, m, dir, err);
    return st;
}
