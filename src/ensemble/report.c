/* report.html of an ensemble (fan charts, stock-out probabilities, hardest-hit group)
 * and of a sensitivity analysis (tornado charts, changes of the hardest-hit group).
 * Charts by the report module (PLplot, report.h), inlined as SVG: one self-contained
 * page, written under a temporary name and renamed. */
#define _POSIX_C_SOURCE 200809L
#include "ensemble/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"
#include "tradeshock/report.h"

typedef struct page {
    FILE *f;
    char *tmp, *fin, *dir;
    ts_status st;
    ts_error *err;
} page;

static void esc(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '<')
            fputs("&lt;", f);
        else if (*s == '>')
            fputs("&gt;", f);
        else if (*s == '&')
            fputs("&amp;", f);
        else
            fputc(*s, f);
    }
}

static ts_status page_open(page *p, const char *dir, const char *title, ts_error *err)
{
    memset(p, 0, sizeof *p);
    p->err = err;
    p->dir = ts_asprintf("%s/charts", dir);
    p->tmp = ts_asprintf("%s/.report.html.%ld.tmp", dir, (long)getpid());
    p->fin = ts_asprintf("%s/report.html", dir);
    if (!p->dir || !p->tmp || !p->fin)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (ts_mkdir_p(p->dir) != 0)
        return ts_error_set(err, TS_ERR_IO, p->dir, 0, 0, NULL, "cannot create the folder");
    if (!(p->f = fopen(p->tmp, "w")))
        return ts_error_set(err, TS_ERR_IO, p->fin, 0, 0, NULL, "cannot write the report");
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>", p->f);
    esc(p->f, title);
    fputs("</title><style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;}"
          "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;"
          "text-align:right}th{background:#eee}td:first-child{text-align:left}"
          "svg{max-width:100%;height:auto}</style></head><body>\n<h1>", p->f);
    esc(p->f, title);
    fputs("</h1>\n<!-- tradeshock report -->\n", p->f);
    return TS_OK;
}

/* Inline charts/<name>.svg written by @p st's chart call. */
static void inline_svg(page *p, ts_status st, const char *name)
{
    if (p->st)
        return;
    if (st) {
        p->st = st;
        return;
    }
    char *path = ts_asprintf("%s/%s.svg", p->dir, name);
    FILE *f = path ? fopen(path, "rb") : NULL;
    free(path);
    if (!f) {
        p->st = ts_error_set(p->err, TS_ERR_IO, p->fin, 0, 0, NULL, "chart %s missing", name);
        return;
    }
    char buf[8192];
    size_t k;
    int head = 1;
    while ((k = fread(buf, 1, sizeof buf, f)) > 0) {
        char *s = buf;
        if (head) { /* drop the XML declaration and doctype before <svg */
            buf[k < sizeof buf ? k : sizeof buf - 1] = 0;
            char *svg = strstr(buf, "<svg");
            if (svg) {
                k -= (size_t)(svg - buf);
                s = svg;
            }
            head = 0;
        }
        fwrite(s, 1, k, p->f);
    }
    fclose(f);
    fputc('\n', p->f);
}

static char *chart_path(page *p, const char *name)
{
    return ts_asprintf("%s/%s.svg", p->dir, name);
}

static ts_status page_close(page *p)
{
    ts_status st = p->st;
    if (p->f) {
        fputs("</body></html>\n", p->f);
        if (fclose(p->f) != 0 && !st)
            st = ts_error_set(p->err, TS_ERR_IO, p->fin, 0, 0, NULL, "cannot write the report");
    }
    if (!st && rename(p->tmp, p->fin) != 0)
        st = ts_error_set(p->err, TS_ERR_IO, p->fin, 0, 0, NULL, "cannot write the report");
    if (st && p->tmp)
        remove(p->tmp);
    free(p->tmp);
    free(p->fin);
    free(p->dir);
    return st;
}

/* P(first day <= d) for d = 0..T-1 of days[i*stride] over N members. */
static void cum_prob(const int *days, size_t stride, size_t N, size_t T, double *y)
{
    for (size_t t = 0; t < T; t++)
        y[t] = 0;
    for (size_t i = 0; i < N; i++) {
        int d = days[i * stride];
        if (d >= 0 && (size_t)d < T)
            y[d] += 1.0 / (double)N;
    }
    for (size_t t = 1; t < T; t++)
        y[t] += y[t - 1];
}

ts_status ts_ensemble_report(const ts_ensemble_result *r, const ts_scenario *sc,
                             const char *dir, ts_error *err)
{
    page p;
    char title[300];
    snprintf(title, sizeof title, "Ensemble: %s (%zu members)", sc->name, r->N);
    ts_status st = page_open(&p, dir, title, err);
    size_t T = r->T, ns = 1 + r->R + r->Gr;
    double *y = malloc((TS_ENSEMBLE_NQ * T + 1) * sizeof *y);
    double *pr = malloc(((r->W + r->Gr) * T + 1) * sizeof *pr);
    if (!st && (!y || !pr))
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    if (st) {
        free(y);
        free(pr);
        p.st = st;
        return page_close(&p);
    }
    char date[16];
    snprintf(date, sizeof date, "%04d-%02d-%02d", sc->start_year, sc->start_month,
             sc->start_day);
    fputs("<h2>Who is hit hardest</h2>\n<table><tr><th>group</th><th>P(hit hardest)</th>"
          "<th>P(first stock-out by day 30)</th><th>by day 60</th><th>by day 90</th></tr>\n",
          p.f);
    for (size_t g = 0; g < r->Gr; g++) {
        size_t gi = (size_t)r->rank_group[g], c = 0, w[3] = {0, 0, 0};
        for (size_t i = 0; i < r->N; i++) {
            c += r->hardest[i] == (int)g;
            int d = r->group_first[i * r->G + gi];
            for (int q = 0; q < 3; q++)
                w[q] += d >= 0 && d <= 30 * (q + 1);
        }
        fputs("<tr><td>", p.f);
        esc(p.f, sc->groups[gi].name);
        fprintf(p.f, "</td><td>%.3f</td><td>%.3f</td><td>%.3f</td><td>%.3f</td></tr>\n",
                (double)c / (double)r->N, (double)w[0] / (double)r->N,
                (double)w[1] / (double)r->N, (double)w[2] / (double)r->N);
    }
    fputs("</table>\n<h2>Output loss, daily, % of baseline (p05-p95, p25-p75, median)</h2>\n",
          p.f);
    for (size_t s = 0; s < ns; s++) {
        if (s >= 1 && s <= r->R)
            continue; /* regions: in quantiles.csv */
        for (size_t t = 0; t < T; t++)
            for (int q = 0; q < TS_ENSEMBLE_NQ; q++)
                y[(size_t)q * T + t] = ts_sketch_quantile(
                    r->counts + TS_ENSEMBLE_CELL(r, t, s) * TS_SKETCH_BINS, ts_ensemble_q[q]);
        const char *nm = s == 0 ? "world" : sc->groups[r->rank_group[s - 1 - r->R]].name;
        char name[80], *path;
        snprintf(name, sizeof name, "fan_%zu", s);
        ts_quantile_series qs = {nm, TS_ENSEMBLE_NQ, ts_ensemble_q, y, T, 0};
        ts_chart c = {nm, NULL, "output loss, % of baseline", date, 0, 0};
        path = chart_path(&p, name);
        inline_svg(&p, path ? ts_chart_fan(path, &c, &qs, err) : TS_ERR_NOMEM, name);
        free(path);
    }
    /* stock-out probability: P(first input-limited day <= d) */
    ts_series *ser = calloc(r->W + r->Gr + 1, sizeof *ser);
    size_t k = 0;
    for (size_t w = 0; ser && w < r->W; w++, k++) {
        cum_prob(r->watch_first + w, r->W, r->N, T, pr + k * T);
        ser[k] = (ts_series){sc->ensemble->watch[w], pr + k * T, T, 0};
    }
    for (size_t g = 0; ser && g < r->Gr; g++, k++) {
        cum_prob(r->group_first + r->rank_group[g], r->G, r->N, T, pr + k * T);
        ser[k] = (ts_series){sc->groups[r->rank_group[g]].name, pr + k * T, T, 0};
    }
    fputs("<h2>Probability of a first stock-out by day d</h2>\n", p.f);
    if (ser && k) {
        ts_chart c = {"P(first input-limited day <= d)", NULL, "probability", date, 0, 0};
        char *path = chart_path(&p, "stockout_probability");
        inline_svg(&p, path ? ts_chart_lines(path, &c, ser, k, err) : TS_ERR_NOMEM,
                   "stockout_probability");
        free(path);
    }
    free(ser);
    fputs("<p>Every industry and input: stockout_probability.csv. Quantiles: "
          "quantiles.csv, quantiles.nc (a relative-error sketch, within 1 %). Members: "
          "ensemble_summary.csv.</p>\n", p.f);
    free(y);
    free(pr);
    return page_close(&p);
}

ts_status ts_sensitivity_report(const ts_sensitivity *s, const ts_scenario *sc,
                                const char *dir, ts_error *err)
{
    page p;
    char title[300];
    snprintf(title, sizeof title, "Sensitivity: %s", sc->name);
    ts_status st = page_open(&p, dir, title, err);
    const char **labels = calloc(s->P + 1, sizeof *labels);
    double *v = calloc(2 * s->P + 1, sizeof *v);
    size_t *ord = calloc(s->P + 1, sizeof *ord);
    if (!st && (!labels || !v || !ord))
        p.st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    const ts_ensemble_result *r = s->runs;
    fputs("<h2>Hardest-hit group</h2>\n<p>As written: <b>", p.f);
    esc(p.f, r->hardest[0] >= 0 ? sc->groups[r->rank_group[r->hardest[0]]].name : "-");
    fputs("</b>. Changes along each input's range (flips.csv):</p>\n<table><tr><th>input"
          "</th><th>from value</th><th>to value</th><th>from group</th><th>to group</th>"
          "</tr>\n", p.f);
    for (size_t j = 0; j < s->P; j++)
        for (size_t g = 1; g < s->n_grid; g++) {
            int a = s->grid_hardest[j * s->n_grid + g - 1], b = s->grid_hardest[j * s->n_grid + g];
            if (a == b || a < 0 || b < 0)
                continue;
            fputs("<tr><td>", p.f);
            esc(p.f, sc->ensemble->params[j].name);
            fputs("</td><td>", p.f);
            esc(p.f, s->grid_text[j * s->n_grid + g - 1]);
            fputs("</td><td>", p.f);
            esc(p.f, s->grid_text[j * s->n_grid + g]);
            fputs("</td><td>", p.f);
            esc(p.f, sc->groups[r->rank_group[a]].name);
            fputs("</td><td>", p.f);
            esc(p.f, sc->groups[r->rank_group[b]].name);
            fputs("</td></tr>\n", p.f);
        }
    fputs("</table>\n", p.f);
    if (s->pair[0] >= 0) {
        size_t n2 = s->n_grid2;
        fputs("<p>Two-way: the two inputs that changed the hardest-hit group most often "
              "(Morris steps), rows ", p.f);
        esc(p.f, sc->ensemble->params[s->pair[0]].name);
        fputs(", columns ", p.f);
        esc(p.f, sc->ensemble->params[s->pair[1]].name);
        fputs(" (flips2d.csv):</p>\n<table><tr><th></th>", p.f);
        for (size_t b = 0; b < n2; b++) {
            fputs("<th>", p.f);
            esc(p.f, s->grid2_text[n2 + b]);
            fputs("</th>", p.f);
        }
        fputs("</tr>\n", p.f);
        for (size_t a = 0; a < n2; a++) {
            fputs("<tr><td>", p.f);
            esc(p.f, s->grid2_text[a]);
            fputs("</td>", p.f);
            for (size_t b = 0; b < n2; b++) {
                int h = s->grid2_hardest[a * n2 + b];
                fputs("<td>", p.f);
                esc(p.f, h >= 0 ? sc->groups[r->rank_group[h]].name : "-");
                fputs("</td>", p.f);
            }
            fputs("</tr>\n", p.f);
        }
        fputs("</table>\n", p.f);
    }
    fputs("<h2>Tornado charts (change from the scenario as written, low and high "
          "end of each input's range)</h2>\n", p.f);
    static const char *const sn[2] = {"low end", "high end"};
    for (size_t q = 0; !p.st && q < s->n_out; q++) {
        for (size_t j = 0; j < s->P; j++)
            ord[j] = j;
        for (size_t a = 1; a < s->P; a++) /* largest swing on top */
            for (size_t b = a; b > 0; b--) {
                size_t x = ord[b], y = ord[b - 1];
                if (!(fabs(s->y_hi[x * s->n_out + q] - s->y_lo[x * s->n_out + q]) >
                      fabs(s->y_hi[y * s->n_out + q] - s->y_lo[y * s->n_out + q])))
                    break;
                ord[b] = y;
                ord[b - 1] = x;
            }
        for (size_t k = 0; k < s->P; k++) {
            size_t j = ord[k];
            labels[k] = sc->ensemble->params[j].name;
            v[k] = s->y_lo[j * s->n_out + q] - s->base[q];
            v[s->P + k] = s->y_hi[j * s->n_out + q] - s->base[q];
        }
        char name[32], ttl[200];
        snprintf(name, sizeof name, "tornado_%zu", q);
        snprintf(ttl, sizeof ttl, "%s (as written: %.4g)", s->out_name[q], s->base[q]);
        ts_chart c = {ttl, "change from the scenario as written", NULL, NULL, 0, 0};
        char *path = chart_path(&p, name);
        inline_svg(&p, path ? ts_chart_bars(path, &c, labels, s->P, sn, 2, v, err)
                            : TS_ERR_NOMEM, name);
        free(path);
    }
    fputs("<p>Numbers: tornado.csv; Morris elementary effects (mu*, sigma): morris.csv.</p>\n",
          p.f);
    free(labels);
    free(v);
    free(ord);
    return page_close(&p);
}

void ts_sensitivity_print(FILE *f, const ts_sensitivity *s, const ts_scenario *sc)
{
    const ts_ensemble_result *r = s->runs;
    fprintf(f, "Sensitivity of %s (%zu inputs, %zu runs):\n", sc->name, s->P, r->N);
    for (size_t q = 0; q < s->n_out; q++) {
        size_t best = 0;
        for (size_t j = 1; j < s->P; j++)
            if (fabs(s->y_hi[j * s->n_out + q] - s->y_lo[j * s->n_out + q]) >
                fabs(s->y_hi[best * s->n_out + q] - s->y_lo[best * s->n_out + q]))
                best = j;
        fprintf(f, "  %-34s as written %-9.4g moved most by %s (%.4g to %.4g)\n",
                s->out_name[q], s->base[q], sc->ensemble->params[best].name,
                s->y_lo[best * s->n_out + q], s->y_hi[best * s->n_out + q]);
    }
    if (s->pair[0] >= 0) {
        size_t n2 = s->n_grid2;
        fprintf(f, "Hardest-hit group by %s (rows) and %s (columns):\n",
                sc->ensemble->params[s->pair[0]].name, sc->ensemble->params[s->pair[1]].name);
        fprintf(f, "  %-12s", "");
        for (size_t b = 0; b < n2; b++)
            fprintf(f, " %-20.20s", s->grid2_text[n2 + b]);
        fputc('\n', f);
        for (size_t a = 0; a < n2; a++) {
            fprintf(f, "  %-12.12s", s->grid2_text[a]);
            for (size_t b = 0; b < n2; b++) {
                int h = s->grid2_hardest[a * n2 + b];
                fprintf(f, " %-20.20s", h >= 0 ? sc->groups[r->rank_group[h]].name : "-");
            }
            fputc('\n', f);
        }
    }
    fprintf(f, "Hardest-hit group as written: %s\n",
            r->hardest[0] >= 0 ? sc->groups[r->rank_group[r->hardest[0]]].name : "-");
    for (size_t j = 0; j < s->P; j++)
        for (size_t g = 1; g < s->n_grid; g++) {
            int a = s->grid_hardest[j * s->n_grid + g - 1], b = s->grid_hardest[j * s->n_grid + g];
            if (a != b && a >= 0 && b >= 0)
                fprintf(f, "  %s from %s to %s: hardest hit %s -> %s\n",
                        sc->ensemble->params[j].name, s->grid_text[j * s->n_grid + g - 1],
                        s->grid_text[j * s->n_grid + g], sc->groups[r->rank_group[a]].name,
                        sc->groups[r->rank_group[b]].name);
        }
}
