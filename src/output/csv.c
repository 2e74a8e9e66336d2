/* timeseries.csv and stockouts.csv (output.h; columns documented in README.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/numfmt.h"
#include "output/internal.h"

void ts_output_flow_unit(const ts_mrio *m, char *buf, size_t size)
{
    snprintf(buf, size, "%s/day", ts_mrio_money(m)); /* the table's currency, e.g. M EUR/day */
}

/* One tidy row. The layout (which fields, in which order) is here and in the callers;
 * how a number is printed is fmt_value()'s alone, so either can change without the
 * other. */
typedef struct csv_rows {
    ts_linebuf lb;     /* rows are built in a buffer and written in large blocks */
    char day[24];
    const char *date;
} csv_rows;

/* printf's "%.*g" digits, without printf (core/numfmt.h) */
static void fmt_value(ts_linebuf *lb, double v, int digits)
{
    ts_linebuf_g(lb, v, digits);
}

static void put_field(ts_linebuf *lb, const char *s)
{
    ts_linebuf_str(lb, s);
    ts_linebuf_char(lb, ',');
}

static void put_row(csv_rows *w, const char *region, const char *sector, const char *input,
                    const char *partner, const char *variable, double value, int digits,
                    const char *unit)
{
    ts_linebuf *lb = &w->lb;
    put_field(lb, w->day);
    put_field(lb, w->date);
    put_field(lb, region);
    put_field(lb, sector);
    put_field(lb, input);
    put_field(lb, partner);
    put_field(lb, variable);
    fmt_value(lb, value, digits);
    ts_linebuf_char(lb, ',');
    ts_linebuf_str(lb, unit);
    ts_linebuf_char(lb, '\n');
}

/* Tidy long form (README "Results folder"): day,date,region,sector,input,partner,
 * variable,value,unit, one value a row, empty fields where a key does not apply.
 * Flows in the table's unit per day, cover in days. Industries with zero baseline
 * output are left out (all their values are 0). */
ts_status ts_output_write_timeseries_csv(const ts_result *r, const ts_mrio *m,
                                         const ts_scenario *sc, const char *path, ts_error *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return ts_error_set(err, TS_ERR_IO, path, 0, 0, NULL, "cannot create file");
    static const char *names[] = {"baseline_output", "production", "output_loss", "capacity",
                                  "demand", "unmet_final_demand"};
    const double *arrays[] = {NULL, r->production, NULL, r->capacity, r->demand, r->unmet_fd};
    size_t n = r->n, S = r->S, R = r->R;
    char date[16], unit[96];
    ts_output_flow_unit(m, unit, sizeof unit);
    csv_rows w = {.date = date};
    /* a trade series that is non-zero on some day is written on every day, its zeros
     * included: a blocked flow shows as 0, never as a missing row */
    size_t P = r->n_trade_products, RR = R * R;
    unsigned char *nz = calloc((P + 1) * RR, 1);
    if (!nz || ts_linebuf_open(&w.lb, f, 1 << 20)) {
        free(nz);
        fclose(f);
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    for (size_t t = 0; t < r->T; t++)
        for (size_t k = 0; k <= P; k++) {
            const double *tp = k ? r->trade_by_product + (t * P + k - 1) * RR : r->trade + t * RR;
            for (size_t ab = 0; ab < RR; ab++)
                nz[k * RR + ab] |= tp[ab] != 0;
        }
    ts_linebuf_str(&w.lb, "day,date,region,sector,input,partner,variable,value,unit\n");
    for (size_t t = 0; t < r->T; t++) {
        ts_scenario_date(sc, (int)t, date, sizeof date);
        snprintf(w.day, sizeof w.day, "%zu", t);
        for (size_t v = 0; v < 6; v++)
            for (size_t i = 0; i < n; i++) {
                if (r->x0[i] <= 0)
                    continue;
                double x = v == 0 ? r->x0[i]
                         : v == 2 ? r->x0[i] - r->production[t * n + i] : arrays[v][t * n + i];
                put_row(&w, m->regions[i / S].code, m->sectors[i % S].code, "", "", names[v], x,
                        10, unit);
            }
        for (size_t k = 0; k < r->n_cover; k++) {
            double c = r->cover[t * r->n_cover + k];
            if (isnan(c))
                continue;
            size_t j = (size_t)r->cover_pairs[k].industry;
            put_row(&w, m->regions[j / S].code, m->sectors[j % S].code,
                    m->sectors[r->cover_pairs[k].product].code, "", "inventory_days", c, 6, "day");
        }
        /* deliveries between regions, all products (input empty), then product by product
         * for the products of export restrictions (rerouting shows there) */
        for (size_t k = 0; k <= r->n_trade_products; k++) {
            const char *pc = k ? m->sectors[r->trade_products[k - 1]].code : "";
            const double *tp = k ? r->trade_by_product + (t * r->n_trade_products + k - 1) * R * R
                                 : r->trade + t * R * R;
            for (size_t a = 0; a < R; a++)
                for (size_t b = 0; b < R; b++) {
                    double v = tp[a * R + b];
                    if (a == b || !nz[k * R * R + a * R + b])
                        continue;
                    put_row(&w, m->regions[a].code, "", pc, m->regions[b].code, "exports", v, 10,
                            unit);
                    put_row(&w, m->regions[b].code, "", pc, m->regions[a].code, "imports", v, 10,
                            unit);
                }
        }
    }
    free(nz);
    int bad = ts_linebuf_close(&w.lb);
    if (bad | ferror(f) | fclose(f))
        return ts_error_set(err, TS_ERR_IO, path, 0, 0, NULL, "write failed");
    return TS_OK;
}

ts_status ts_output_write_stockouts_csv(const ts_result *r, const ts_mrio *m,
                                        const ts_scenario *sc, const char *path, ts_error *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return ts_error_set(err, TS_ERR_IO, path, 0, 0, NULL, "cannot create file");
    size_t S = r->S;
    char d1[16], d2[16];
    fputs("region,sector,input,first_day,last_day,min_days_of_cover,first_date,last_date,"
          "days_constrained,max_share_stopped\n", f);
    for (size_t k = 0; k < r->n_stockouts; k++) {
        const ts_stockout *o = &r->stockouts[k];
        size_t j = (size_t)o->industry;
        ts_scenario_date(sc, o->first_day, d1, sizeof d1);
        ts_scenario_date(sc, o->last_day, d2, sizeof d2);
        fprintf(f, "%s,%s,%s,%d,%d,%.6g,%s,%s,%d,%.6g\n", m->regions[j / S].code, m->sectors[j % S].code,
                m->sectors[o->product].code, o->first_day, o->last_day, o->min_cover_days, d1, d2,
                o->days, o->max_share_stopped);
    }
    if (ferror(f) | fclose(f))
        return ts_error_set(err, TS_ERR_IO, path, 0, 0, NULL, "write failed");
    return TS_OK;
}
