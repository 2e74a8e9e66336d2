/* timeseries.csv and stockouts.csv (output.h; columns documented in README.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/internal.h"

/* Tidy long form: day,date,region,sector,variable,value. Values in M USD/day, cover
 * in days. Industries with zero baseline output are left out (all their values are 0). */
ts_status ts_output_write_timeseries_csv(const ts_result *r, const ts_mrio *m,
                                         const ts_scenario *sc, const char *path, ts_error *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return ts_error_set(err, TS_ERR_IO, path, 0, 0, NULL, "cannot create file");
    static const char *names[] = {"production", "capacity", "demand", "unmet_final_demand"};
    const double *arrays[] = {r->production, r->capacity, r->demand, r->unmet_fd};
    size_t n = r->n, S = r->S;
    char date[16];
    fputs("day,date,region,sector,variable,value\n", f);
    for (size_t t = 0; t < r->T; t++) {
        ts_scenario_date(sc, (int)t, date, sizeof date);
        for (size_t v = 0; v < 4; v++)
            for (size_t i = 0; i < n; i++) {
                if (r->x0[i] <= 0)
                    continue;
                fprintf(f, "%zu,%s,%s,%s,%s,%.10g\n", t, date, m->regions[i / S].code,
                        m->sectors[i % S].code, names[v], arrays[v][t * n + i]);
            }
        for (size_t k = 0; k < r->n_cover; k++) {
            double c = r->cover[t * r->n_cover + k];
            if (isnan(c))
                continue;
            size_t j = (size_t)r->cover_pairs[k].industry;
            fprintf(f, "%zu,%s,%s,%s,inventory_days:%s,%.6g\n", t, date, m->regions[j / S].code,
                    m->sectors[j % S].code, m->sectors[r->cover_pairs[k].product].code, c);
        }
        for (size_t a = 0; a < r->R; a++)
            for (size_t b = 0; b < r->R; b++) {
                if (a == b)
                    continue;
                double v = r->trade[t * r->R * r->R + a * r->R + b];
                if (v == 0)
                    continue;
                fprintf(f, "%zu,%s,%s,ALL,exports_to:%s,%.10g\n", t, date, m->regions[a].code,
                        m->regions[b].code, v);
                fprintf(f, "%zu,%s,%s,ALL,imports_from:%s,%.10g\n", t, date, m->regions[b].code,
                        m->regions[a].code, v);
            }
        /* trade of the restricted products, product by product (rerouting shows here) */
        for (size_t k = 0; k < r->n_trade_products; k++) {
            const char *pc = m->sectors[r->trade_products[k]].code;
            const double *tp = r->trade_by_product + (t * r->n_trade_products + k) * r->R * r->R;
            for (size_t a = 0; a < r->R; a++)
                for (size_t b = 0; b < r->R; b++) {
                    double v = tp[a * r->R + b];
                    if (a == b || v == 0)
                        continue;
                    fprintf(f, "%zu,%s,%s,%s,exports_to:%s,%.10g\n", t, date, m->regions[a].code, pc,
                            m->regions[b].code, v);
                    fprintf(f, "%zu,%s,%s,%s,imports_from:%s,%.10g\n", t, date, m->regions[b].code,
                            pc, m->regions[a].code, v);
                }
        }
    }
    if (ferror(f) | fclose(f))
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
          "days_constrained\n", f);
    for (size_t k = 0; k < r->n_stockouts; k++) {
        const ts_stockout *o = &r->stockouts[k];
        size_t j = (size_t)o->industry;
        ts_scenario_date(sc, o->first_day, d1, sizeof d1);
        ts_scenario_date(sc, o->last_day, d2, sizeof d2);
        fprintf(f, "%s,%s,%s,%d,%d,%.6g,%s,%s,%d\n", m->regions[j / S].code, m->sectors[j % S].code,
                m->sectors[o->product].code, o->first_day, o->last_day, o->min_cover_days, d1, d2,
                o->days);
    }
    if (ferror(f) | fclose(f))
        return ts_error_set(err, TS_ERR_IO, path, 0, 0, NULL, "write failed");
    return TS_OK;
}
