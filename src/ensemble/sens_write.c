/* ts_sensitivity_write(): tornado.csv, morris.csv, flips.csv, sensitivity.json. */
#include "ensemble/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/csvout.h"
#include "core/util.h"

static const char *gname(const ts_sensitivity *s, const ts_scenario *sc, int h)
{
    return h < 0 ? "" : sc->groups[s->runs->rank_group[h]].name;
}

static void num(FILE *f, double v)
{
    char b[40];
    ts_fmt_double(b, sizeof b, v);
    fputs(b, f);
}

/* Inputs ordered by swing |y_hi - y_lo| of output @p q, largest first (ties: file order). */
static void by_swing(const ts_sensitivity *s, size_t q, size_t *ord)
{
    for (size_t j = 0; j < s->P; j++)
        ord[j] = j;
    for (size_t a = 1; a < s->P; a++)
        for (size_t b = a; b > 0; b--) {
            double x = fabs(s->y_hi[ord[b] * s->n_out + q] - s->y_lo[ord[b] * s->n_out + q]);
            double y = fabs(s->y_hi[ord[b - 1] * s->n_out + q] -
                            s->y_lo[ord[b - 1] * s->n_out + q]);
            if (!(x > y))
                break;
            size_t t = ord[b];
            ord[b] = ord[b - 1];
            ord[b - 1] = t;
        }
}

ts_status ts_sensitivity_write(const ts_sensitivity *s, const ts_scenario *sc, const char *dir,
                               ts_error *err)
{
    const ts_ensemble_spec *e = sc->ensemble;
    size_t *ord = malloc((s->P ? s->P : 1) * sizeof *ord);
    if (!ord)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    ts_csvfile c;
    ts_status st = ts_csv_open(&c, dir, "tornado.csv",
                               "output,rank,parameter,low_value,high_value,y_low,y_base,y_high,"
                               "swing", err);
    if (st) {
        free(ord);
        return st;
    }
    for (size_t q = 0; q < s->n_out; q++) {
        by_swing(s, q, ord);
        for (size_t k = 0; k < s->P; k++) {
            size_t j = ord[k];
            double lo = s->y_lo[j * s->n_out + q], hi = s->y_hi[j * s->n_out + q];
            fprintf(c.f, "%s,%zu,%s,%s,%s,", s->out_name[q], k + 1, e->params[j].name,
                    s->lo_text[j], s->hi_text[j]);
            num(c.f, lo);
            fputc(',', c.f);
            num(c.f, s->base[q]);
            fputc(',', c.f);
            num(c.f, hi);
            fputc(',', c.f);
            num(c.f, fabs(hi - lo));
            fputc('\n', c.f);
        }
    }
    /* the hardest-hit group (categorical): swing = ends that differ from the base */
    for (size_t j = 0; j < s->P; j++)
        fprintf(c.f, "hardest_hit_group,,%s,%s,%s,%s,%s,%s,%d\n", e->params[j].name,
                s->lo_text[j], s->hi_text[j], gname(s, sc, s->hardest_lo[j]),
                gname(s, sc, s->base_hardest), gname(s, sc, s->hardest_hi[j]),
                (s->hardest_lo[j] != s->base_hardest) + (s->hardest_hi[j] != s->base_hardest));
    if ((st = ts_csv_close(&c, TS_OK, err)))
        goto out;
    if ((st = ts_csv_open(&c, dir, "morris.csv",
                          "output,parameter,mu_star,mu,sigma,trajectories", err)))
        goto out;
    for (size_t q = 0; q < s->n_out; q++)
        for (size_t j = 0; j < s->P; j++) {
            size_t i = j * s->n_out + q;
            fprintf(c.f, "%s,%s,", s->out_name[q], e->params[j].name);
            num(c.f, s->mu_star[i]);
            fputc(',', c.f);
            num(c.f, s->mu[i]);
            fputc(',', c.f);
            num(c.f, s->sigma[i]);
            fprintf(c.f, ",%zu\n", s->r);
        }
    for (size_t j = 0; j < s->P; j++) {
        fprintf(c.f, "hardest_hit_group_changes,%s,", e->params[j].name);
        num(c.f, s->flip_rate[j]);
        fprintf(c.f, ",,,%zu\n", s->r);
    }
    if ((st = ts_csv_close(&c, TS_OK, err)))
        goto out;
    if ((st = ts_csv_open(&c, dir, "flips.csv",
                          "parameter,point,value,hardest_hit_group,differs_from_base", err)))
        goto out;
    for (size_t j = 0; j < s->P; j++)
        for (size_t g = 0; g < s->n_grid; g++) {
            int h = s->grid_hardest[j * s->n_grid + g];
            fprintf(c.f, "%s,%zu,%s,%s,%d\n", e->params[j].name, g,
                    s->grid_text[j * s->n_grid + g], gname(s, sc, h), h != s->base_hardest);
        }
    if ((st = ts_csv_close(&c, TS_OK, err)))
        goto out;
    if (s->pair[0] >= 0) {
        char *h = ts_asprintf("%s,%s,hardest_hit_group", e->params[s->pair[0]].name,
                              e->params[s->pair[1]].name);
        st = h ? ts_csv_open(&c, dir, "flips2d.csv", h, err)
               : ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        free(h);
        if (st)
            goto out;
        size_t n2 = s->n_grid2;
        for (size_t a = 0; a < n2; a++)
            for (size_t b = 0; b < n2; b++)
                fprintf(c.f, "%s,%s,%s\n", s->grid2_text[a], s->grid2_text[n2 + b],
                        gname(s, sc, s->grid2_hardest[a * n2 + b]));
        if ((st = ts_csv_close(&c, TS_OK, err)))
            goto out;
    }
    /* sensitivity.json: the rankings and every change of the hardest-hit group */
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "scenario", sc->name);
    cJSON_AddStringToObject(root, "base_hardest_hit_group", gname(s, sc, s->base_hardest));
    cJSON *rk = cJSON_AddObjectToObject(root, "tornado_ranking");
    for (size_t q = 0; q < s->n_out; q++) {
        by_swing(s, q, ord);
        cJSON *a = cJSON_AddArrayToObject(rk, s->out_name[q]);
        for (size_t k = 0; k < s->P; k++) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "parameter", e->params[ord[k]].name);
            cJSON_AddNumberToObject(o, "swing", fabs(s->y_hi[ord[k] * s->n_out + q] -
                                                     s->y_lo[ord[k] * s->n_out + q]));
            cJSON_AddItemToArray(a, o);
        }
    }
    cJSON *fl = cJSON_AddArrayToObject(root, "hardest_hit_changes");
    for (size_t j = 0; j < s->P; j++)
        for (size_t g = 1; g < s->n_grid; g++) {
            int a = s->grid_hardest[j * s->n_grid + g - 1], b = s->grid_hardest[j * s->n_grid + g];
            if (a == b)
                continue;
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "parameter", e->params[j].name);
            cJSON_AddStringToObject(o, "from_value", s->grid_text[j * s->n_grid + g - 1]);
            cJSON_AddStringToObject(o, "to_value", s->grid_text[j * s->n_grid + g]);
            cJSON_AddStringToObject(o, "from_group", gname(s, sc, a));
            cJSON_AddStringToObject(o, "to_group", gname(s, sc, b));
            cJSON_AddItemToArray(fl, o);
        }
    st = es_write_json(dir, "sensitivity.json", root, err);
out:
    free(ord);
    return st;
}
