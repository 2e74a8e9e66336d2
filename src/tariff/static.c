/* Static partial-equilibrium tariff analysis on an MRIO table (tariff.h; docs/model.md "Trade policy";
 * result columns in docs/analysis.md, "Static tariff analysis"). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/csvout.h"
#include "core/util.h"
#include "tradeshock/tariff.h"

static ts_status nomem(ts_error *err)
{
    return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
}

ts_status ts_tariff_schedule(const ts_scenario *sc, const ts_mrio *m, double *T,
                             unsigned char *touched, ts_error *err)
{
    size_t R = m->R, S = m->S, nR = m->n * m->R, nev = 0;
    memset(T, 0, nR * sizeof *T);
    if (touched)
        memset(touched, 0, nR);
    for (size_t e = 0; e < sc->n_events; e++) {
        const ts_event *ev = &sc->events[e];
        if (ev->type != TS_EVENT_TARIFF)
            continue;
        nev++;
        for (size_t a = 0; a < ev->from.n_idx; a++)
            for (size_t b = 0; b < ev->products.n_idx; b++) {
                size_t i = (size_t)ev->from.idx[a] * S + (size_t)ev->products.idx[b];
                for (size_t c = 0; c < ev->to.n_idx; c++) {
                    if (ev->from.idx[a] == ev->to.idx[c])
                        continue; /* flows within a region are not trade */
                    size_t k = i * R + (size_t)ev->to.idx[c];
                    T[k] += ev->rate; /* stacking: rates on one link add up */
                    if (touched)
                        touched[k] = 1;
                }
            }
    }
    if (!nev)
        return ts_error_set(err, TS_ERR_INPUT, sc->file, 0, 0, "events",
                            "no tariff events (the static tariff analysis needs at least one "
                            "event of type tariff)");
    for (size_t k = 0; k < nR; k++)
        if (T[k] < TS_TARIFF_MIN)
            T[k] = TS_TARIFF_MIN; /* stacked cuts cannot make a price negative */
    return TS_OK;
}

void ts_tariff_result_free(ts_tariff_result *r)
{
    if (!r)
        return;
    free(r->markets);
    free(r->flows);
    free(r->cs_change);
    free(r->revenue_change);
    free(r->welfare_change);
    free(r->exports_change);
    free(r);
}

ts_status ts_tariff_static(const ts_mrio *m, const double *T, const unsigned char *touched,
                           const double *sigma, double eps, ts_tariff_result **out,
                           ts_error *err)
{
    *out = NULL;
    size_t R = m->R, S = m->S, F = m->F, n = m->n, RF = R * F;
    ts_tariff_result *res = calloc(1, sizeof *res);
    double *M = malloc((R ? R : 1) * sizeof *M), *t0 = calloc(R ? R : 1, sizeof *t0);
    double *t1 = malloc((R ? R : 1) * sizeof *t1), *Ma = malloc((R ? R : 1) * sizeof *Ma);
    double *dv = malloc((R ? R : 1) * sizeof *dv);
    ts_status st = TS_OK;
    if (!res || !M || !t0 || !t1 || !Ma || !dv)
        goto oom;
    res->R = R;
    res->cs_change = calloc(R ? R : 1, sizeof(double));
    res->revenue_change = calloc(R ? R : 1, sizeof(double));
    res->welfare_change = calloc(R ? R : 1, sizeof(double));
    res->exports_change = calloc(R ? R : 1, sizeof(double));
    /* at most R*S markets of R flows each */
    size_t nmk = R * S, nfl = R * S * R;
    res->markets = malloc((nmk ? nmk : 1) * sizeof *res->markets);
    res->flows = calloc(nfl ? nfl : 1, sizeof *res->flows);
    if (!res->cs_change || !res->revenue_change || !res->welfare_change ||
        !res->exports_change || !res->markets || !res->flows)
        goto oom;
    for (size_t q = 0; q < R; q++)
        for (size_t p = 0; p < S; p++) {
            int hit = 0;
            for (size_t r = 0; r < R && !hit; r++) {
                size_t k = (r * S + p) * R + q;
                hit = r != q && (touched ? touched[k] : T[k] != 0);
            }
            if (!hit)
                continue;
            /* baseline: all flows from (r, p) into q, intermediate and final */
            double tot = 0;
            for (size_t r = 0; r < R; r++) {
                size_t i = r * S + p;
                double v = 0;
                for (size_t s = 0; s < S; s++)
                    v += m->Z[i * n + q * S + s];
                for (size_t f = 0; f < F; f++)
                    v += m->Y[i * RF + q * F + f];
                M[r] = v > 0 ? v : 0.0;
                t1[r] = r == q ? 0.0 : T[i * R + q];
                tot += M[r];
            }
            if (!(tot > 0)) {
                res->n_skipped++;
                continue;
            }
            ts_tariff_market *mk = &res->markets[res->n_markets];
            mk->importer = (int)q;
            mk->product = (int)p;
            mk->first = res->n_flows;
            st = ts_armington_apply(R, M, t0, t1, sigma[p], eps, Ma, dv, &mk->a, err);
            if (st) {
                char msg[TS_ERROR_MSG_MAX];
                snprintf(msg, sizeof msg, "%s", err ? err->msg : "");
                st = ts_error_set(err, st, NULL, 0, 0, NULL, "importer %s, product %s: %s",
                                  m->regions[q].code, m->sectors[p].code, msg);
                goto fail;
            }
            res->n_markets++;
            for (size_t r = 0; r < R; r++) {
                ts_tariff_flow *fl = &res->flows[res->n_flows++];
                fl->importer = (int)q;
                fl->product = (int)p;
                fl->origin = (int)r;
                fl->tariff_before = 0;
                fl->tariff_after = t1[r];
                fl->imports_before = M[r];
                fl->imports_after = Ma[r];
                fl->creation = M[r] / tot * mk->a.creation;
                fl->diversion = dv[r];
                fl->revenue = t1[r] * Ma[r];
                if (r != q)
                    res->exports_change[r] += Ma[r] - M[r];
            }
            res->cs_change[q] += mk->a.cs_change;
            res->revenue_change[q] += mk->a.revenue_after - mk->a.revenue_before;
            res->welfare_change[q] += mk->a.welfare_change;
        }
    free(M);
    free(t0);
    free(t1);
    free(Ma);
    free(dv);
    *out = res;
    return TS_OK;
oom:
    st = nomem(err);
fail:
    free(M);
    free(t0);
    free(t1);
    free(Ma);
    free(dv);
    ts_tariff_result_free(res);
    return st;
}

/* ---- result files ---------------------------------------------------------------- */

static void put_str(FILE *f, const char *s, int comma)
{
    if (comma)
        fputc(',', f);
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

static void put_num(FILE *f, double v)
{
    char buf[64];
    ts_fmt_double(buf, sizeof buf, v);
    fputc(',', f);
    fputs(buf, f);
}

/* ts_csv_open with the money columns named in the table's currency (_musd, _meur, ...). */
static ts_status open_money(ts_csvfile *c, const char *dir, const char *name, const ts_mrio *m,
                            const char *header, ts_error *err)
{
    char *h = ts_mrio_money_header(m, header);
    if (!h)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    ts_status st = ts_csv_open(c, dir, name, h, err);
    free(h);
    return st;
}

ts_status ts_tariff_write_csv(const char *dir, const ts_mrio *m, const ts_tariff_result *r,
                              ts_error *err)
{
    ts_csvfile c;
    ts_status st = open_money(&c, dir, "tariff.csv", m,
                            "importer,product,origin,tariff_before,tariff_after,"
                            "imports_before_musd,imports_after_musd,trade_creation_musd,"
                            "trade_diversion_musd,tariff_revenue_musd",
                            err);
    if (st)
        return st;
    for (size_t k = 0; k < r->n_flows; k++) {
        const ts_tariff_flow *fl = &r->flows[k];
        put_str(c.f, m->regions[fl->importer].code, 0);
        put_str(c.f, m->sectors[fl->product].code, 1);
        put_str(c.f, m->regions[fl->origin].code, 1);
        put_num(c.f, fl->tariff_before);
        put_num(c.f, fl->tariff_after);
        put_num(c.f, fl->imports_before);
        put_num(c.f, fl->imports_after);
        put_num(c.f, fl->creation);
        put_num(c.f, fl->diversion);
        put_num(c.f, fl->revenue);
        fputc('\n', c.f);
    }
    if ((st = ts_csv_close(&c, TS_OK, err)))
        return st;

    st = open_money(&c, dir, "tariff_summary.csv", m,
                  "importer,product,price_index_ratio,imports_before_musd,imports_after_musd,"
                  "creation_musd,consumer_surplus_change_musd,revenue_change_musd,"
                  "welfare_change_musd",
                  err);
    if (st)
        return st;
    for (size_t k = 0; k < r->n_markets; k++) {
        const ts_tariff_market *mk = &r->markets[k];
        put_str(c.f, m->regions[mk->importer].code, 0);
        put_str(c.f, m->sectors[mk->product].code, 1);
        put_num(c.f, mk->a.price_ratio);
        put_num(c.f, mk->a.total_before);
        put_num(c.f, mk->a.total_after);
        put_num(c.f, mk->a.creation);
        put_num(c.f, mk->a.cs_change);
        put_num(c.f, mk->a.revenue_after - mk->a.revenue_before);
        put_num(c.f, mk->a.welfare_change);
        fputc('\n', c.f);
    }
    if ((st = ts_csv_close(&c, TS_OK, err)))
        return st;

    st = open_money(&c, dir, "welfare.csv", m,
                  "region,consumer_surplus_change_musd,tariff_revenue_change_musd,"
                  "welfare_change_musd,exports_change_musd",
                  err);
    if (st)
        return st;
    for (size_t q = 0; q < r->R; q++) {
        put_str(c.f, m->regions[q].code, 0);
        put_num(c.f, r->cs_change[q]);
        put_num(c.f, r->revenue_change[q]);
        put_num(c.f, r->welfare_change[q]);
        put_num(c.f, r->exports_change[q]);
        fputc('\n', c.f);
    }
    return ts_csv_close(&c, TS_OK, err);
}
