/* Result files of the static toolbox, written atomically (analysis.h "Result files";
 * columns documented in docs/analysis.md). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/csvout.h"
#include "core/util.h"
#include "tradeshock/analysis.h"

static void put_str(FILE *f, const char *s)
{
    if (!s)
        s = "";
    if (strpbrk(s, ",\"\r\n")) {
        fputc('"', f);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', f);
            fputc(*s, f);
        }
        fputc('"', f);
    } else {
        fputs(s, f);
    }
}

/* ",<number>" */
static void put_num(FILE *f, double v)
{
    char buf[64];
    ts_fmt_double(buf, sizeof buf, v);
    fputc(',', f);
    fputs(buf, f);
}

static const char *rcode(const ts_mrio *m, size_t r) { return m->regions[r].code; }
static const char *scode(const ts_mrio *m, size_t s) { return m->sectors[s].code; }

/* "REGION,SECTOR" of industry i */
static void put_industry(FILE *f, const ts_mrio *m, size_t i)
{
    put_str(f, rcode(m, i / m->S));
    fputc(',', f);
    put_str(f, scode(m, i % m->S));
}

ts_status ts_write_multipliers_csv(const char *dir, const ts_mrio *m, const double *mult,
                                   const double *backward, const double *forward, ts_error *err)
{
    ts_csvfile c;
    ts_status st = ts_csv_open(&c, dir, "multipliers.csv",
                            "region,sector,output_multiplier,backward_linkage,forward_linkage", err);
    if (st)
        return st;
    for (size_t i = 0; i < m->n; i++) {
        put_industry(c.f, m, i);
        put_num(c.f, mult[i]);
        put_num(c.f, backward[i]);
        put_num(c.f, forward[i]);
        fputc('\n', c.f);
    }
    return ts_csv_close(&c, TS_OK, err);
}

ts_status ts_write_ghosh_csv(const char *dir, const ts_mrio *m, const double *row_sums,
                             const double *forward, const double *x_from_v, ts_error *err)
{
    ts_csvfile c;
    ts_status st = ts_csv_open(&c, dir, "ghosh.csv",
                            "region,sector,gross_output,value_added,ghosh_row_sum,"
                            "forward_linkage,output_from_value_added",
                            err);
    if (st)
        return st;
    for (size_t i = 0; i < m->n; i++) {
        put_industry(c.f, m, i);
        put_num(c.f, m->x[i]);
        put_num(c.f, m->v[i]);
        put_num(c.f, row_sums[i]);
        put_num(c.f, forward[i]);
        put_num(c.f, x_from_v[i]);
        fputc('\n', c.f);
    }
    return ts_csv_close(&c, TS_OK, err);
}

static const char *link_class(double b, double f)
{
    if (b > 1 && f > 1)
        return "key";
    if (b > 1)
        return "backward";
    if (f > 1)
        return "forward";
    return "weak";
}

ts_status ts_write_linkages_csv(const char *dir, const ts_mrio *m, const double *bt,
                                const double *ft, const double *bn, const double *fn,
                                ts_error *err)
{
    ts_csvfile c;
    ts_status st = ts_csv_open(&c, dir, "linkages.csv",
                            "region,sector,backward_total,forward_total,backward_linkage,"
                            "forward_linkage,class",
                            err);
    if (st)
        return st;
    for (size_t i = 0; i < m->n; i++) {
        put_industry(c.f, m, i);
        put_num(c.f, bt[i]);
        put_num(c.f, ft[i]);
        put_num(c.f, bn[i]);
        put_num(c.f, fn[i]);
        fprintf(c.f, ",%s\n", link_class(bn[i], fn[i]));
    }
    return ts_csv_close(&c, TS_OK, err);
}

ts_status ts_write_extraction_csv(const char *dir, const ts_mrio *m, size_t k,
                                  const char *const *names, const ts_extract_spec *specs,
                                  const double *x_base, const double *x_after, ts_error *err)
{
    size_t R = m->R, n = m->n;
    double *agg = malloc(3 * (R + 1) * sizeof *agg);
    if (!agg)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    double *base = agg, *after = agg + R + 1, *own = agg + 2 * (R + 1);
    ts_csvfile c;
    ts_status st = ts_csv_open(&c, dir, "extraction.csv",
                            "spec,region,baseline_output,output_after,loss,loss_pct,"
                            "loss_excl_extracted",
                            err);
    if (st) {
        free(agg);
        return st;
    }
    for (size_t e = 0; e < k; e++) {
        ts_extraction_regions(m, &specs[e], x_base + e * n, x_after + e * n, base, after, own);
        for (size_t r = 0; r <= R; r++) {
            double b = base[r], a = after[r];
            put_str(c.f, names[e]);
            fputc(',', c.f);
            put_str(c.f, r == R ? "WORLD" : rcode(m, r));
            put_num(c.f, b);
            put_num(c.f, a);
            put_num(c.f, b - a);
            put_num(c.f, b != 0 ? 100.0 * (b - a) / b : 0.0);
            put_num(c.f, b - a - own[r]);
            fputc('\n', c.f);
        }
    }
    free(agg);
    return ts_csv_close(&c, TS_OK, err);
}

ts_status ts_write_exposure_csv(const char *dir, const ts_mrio *m, size_t region, long supplier,
                                long product, const double *req, const double *share,
                                ts_error *err)
{
    size_t R = m->R, S = m->S, n = m->n, q = region;
    double *y = malloc(n * sizeof *y);
    if (!y)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    ts_final_demand_total(m, y);
    ts_csvfile c;
    ts_status st = ts_csv_open(&c, dir, "exposure.csv",
                            "region,sector,product,supplier_region,requirement,"
                            "total_requirement,share,embodied",
                            err);
    if (st) {
        free(y);
        return st;
    }
    double ysum = 0;
    for (size_t s = 0; s < S; s++)
        ysum += y[q * S + s];
    /* per using sector s of q; s == S is "ALL", weighted by the sectors' final demand */
    for (size_t s = 0; s <= S; s++) {
        int all = s == S;
        for (size_t r = 0; r < R; r++) {
            if (supplier >= 0 && r != (size_t)supplier)
                continue;
            for (size_t p = 0; p < S; p++) {
                if (product >= 0 && p != (size_t)product)
                    continue;
                size_t i = r * S + p;
                double rq, tot = 0, sh, emb;
                if (!all) {
                    rq = req[i * S + s];
                    for (size_t r2 = 0; r2 < R; r2++)
                        tot += req[(r2 * S + p) * S + s];
                    sh = share[i * S + s];
                    emb = rq * y[q * S + s];
                } else {
                    double tw = 0;
                    emb = 0;
                    for (size_t s2 = 0; s2 < S; s2++) {
                        double w = y[q * S + s2];
                        emb += req[i * S + s2] * w;
                        for (size_t r2 = 0; r2 < R; r2++)
                            tw += req[(r2 * S + p) * S + s2] * w;
                    }
                    rq = ysum != 0 ? emb / ysum : 0.0;
                    tot = ysum != 0 ? tw / ysum : 0.0;
                    sh = tot > 0 ? rq / tot : 0.0;
                }
                put_str(c.f, rcode(m, q));
                fputc(',', c.f);
                put_str(c.f, all ? "ALL" : scode(m, s));
                fputc(',', c.f);
                put_str(c.f, scode(m, p));
                fputc(',', c.f);
                put_str(c.f, rcode(m, r));
                put_num(c.f, rq);
                put_num(c.f, tot);
                put_num(c.f, sh);
                put_num(c.f, emb);
                fputc('\n', c.f);
            }
        }
    }
    free(y);
    return ts_csv_close(&c, TS_OK, err);
}

/* total, largest supplier and its share, number of suppliers with a positive value */
static void supply_summary(const double *v, size_t k, size_t stride, double *total,
                           size_t *top, double *top_share, size_t *suppliers)
{
    double t = 0, best = 0;
    size_t b = 0, sup = 0;
    for (size_t r = 0; r < k; r++) {
        double x = v[r * stride] > 0 ? v[r * stride] : 0.0;
        t += x;
        sup += x > 0;
        if (x > best) {
            best = x;
            b = r;
        }
    }
    *total = t;
    *top = b;
    *top_share = t > 0 ? best / t : 0.0;
    *suppliers = sup;
}

ts_status ts_write_hhi_csv(const char *dir, const ts_mrio *m, const double *hhi,
                           const char *sat_name, const ts_satellite *sat, ts_error *err)
{
    size_t R = m->R, S = m->S;
    ts_csvfile c;
    ts_status st = ts_csv_open(&c, dir, "hhi.csv",
                            "product,basis,hhi,total,top_region,top_share,suppliers", err);
    if (st)
        return st;
    for (size_t p = 0; p < S; p++) {
        double tot, sh;
        size_t top, sup;
        supply_summary(m->x + p, R, S, &tot, &top, &sh, &sup);
        put_str(c.f, scode(m, p));
        fputs(",gross_output", c.f);
        put_num(c.f, hhi[p]);
        put_num(c.f, tot);
        fputc(',', c.f);
        put_str(c.f, tot > 0 ? rcode(m, top) : "");
        put_num(c.f, sh);
        fprintf(c.f, ",%zu\n", sup);
    }
    if (sat) {
        double tot, sh, h;
        size_t top, sup;
        st = ts_hhi(sat->values, sat->k, &h, err);
        if (st)
            return ts_csv_close(&c, st, err);
        supply_summary(sat->values, sat->k, 1, &tot, &top, &sh, &sup);
        put_str(c.f, sat_name ? sat_name : "satellite");
        fputs(",satellite", c.f);
        put_num(c.f, h);
        put_num(c.f, tot);
        fputc(',', c.f);
        put_str(c.f, tot > 0 ? sat->regions[top] : "");
        put_num(c.f, sh);
        fprintf(c.f, ",%zu\n", sup);
    }
    return ts_csv_close(&c, TS_OK, err);
}
