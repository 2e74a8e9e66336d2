/* ts_observations_resolve(): observation dates onto scenario days, codes onto the table
 * (docs/formats.md "Observations"). */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "history/internal.h"
#include "tradeshock/history.h"

static int find_label(const ts_label *l, size_t n, const char *code, size_t len)
{
    for (size_t k = 0; k < n; k++)
        if (strlen(l[k].code) == len && !strncmp(l[k].code, code, len))
            return (int)k;
    return -1;
}

/* Parse a +-list of codes of @p l into @p idx (max n entries); returns the count or -1
 * (then *bad and *badlen name the unknown code). `all` (when allowed) lists every code
 * but @p skip. */
static long code_list(const char *s, const ts_label *l, size_t n, int allow_all, int skip,
                      int *idx, const char **bad, size_t *badlen)
{
    if (allow_all && !strcmp(s, "all")) {
        long c = 0;
        for (size_t k = 0; k < n; k++)
            if ((int)k != skip)
                idx[c++] = (int)k;
        return c;
    }
    long c = 0;
    const char *p = s;
    for (;;) {
        const char *e = strchr(p, '+');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        int k = find_label(l, n, p, len);
        if (k < 0) {
            *bad = p;
            *badlen = len;
            return -1;
        }
        int dup = 0;
        for (long q = 0; q < c; q++)
            dup |= idx[q] == k;
        if (!dup && c < (long)n)
            idx[c++] = k;
        if (!e)
            break;
        p = e + 1;
    }
    return c;
}

static ts_status unknown(const ts_observations *o, const ts_observation *ob, const char *what,
                         const char *bad, size_t len, ts_error *err)
{
    return ts_error_set(err, TS_ERR_INPUT, o->file, ob->line, 0, NULL,
                        "unknown %s code '%.*s' (the scenario's table has no such %s)", what,
                        (int)len, bad, what);
}

static ts_status resolve_one(ts_observations *o, ts_observation *ob, const ts_scenario *sc,
                             const ts_mrio *m, long start, ts_error *err)
{
    const char *bad = NULL;
    size_t blen = 0;
    int *reg = malloc((m->R + 1) * sizeof *reg), *sec = malloc((m->S + 1) * sizeof *sec);
    ts_status st = TS_OK;
    if (!reg || !sec) {
        st = ts_error_set(err, TS_ERR_NOMEM, o->file, ob->line, 0, NULL, "out of memory");
        goto done;
    }
    free(ob->ind);
    free(ob->dest);
    ob->ind = ob->dest = NULL;
    ob->n_ind = ob->n_dest = 0;
    ob->exporter = ob->product = -1;
    char *gt = strchr(ob->region, '>');
    if (gt) { /* exports: EXPORTER>DEST, product in `sector` */
        ob->exporter = find_label(m->regions, m->R, ob->region, (size_t)(gt - ob->region));
        if (ob->exporter < 0) {
            st = unknown(o, ob, "region", ob->region, (size_t)(gt - ob->region), err);
            goto done;
        }
        long nd = code_list(gt + 1, m->regions, m->R, 1, ob->exporter, reg, &bad, &blen);
        if (nd < 0) {
            st = unknown(o, ob, "region", bad, blen, err);
            goto done;
        }
        for (long k = 0; k < nd; k++)
            if (reg[k] == ob->exporter) {
                st = ts_error_set(err, TS_ERR_INPUT, o->file, ob->line, 0, NULL,
                                  "region '%s': the exporter is also a destination (exports "
                                  "go to other regions)", ob->region);
                goto done;
            }
        ob->product = find_label(m->sectors, m->S, ob->sector, strlen(ob->sector));
        if (ob->product < 0) {
            st = unknown(o, ob, "product", ob->sector, strlen(ob->sector), err);
            goto done;
        }
        ob->dest = malloc((size_t)(nd ? nd : 1) * sizeof *ob->dest);
        if (!ob->dest) {
            st = ts_error_set(err, TS_ERR_NOMEM, o->file, ob->line, 0, NULL, "out of memory");
            goto done;
        }
        memcpy(ob->dest, reg, (size_t)nd * sizeof *reg);
        ob->n_dest = (size_t)nd;
    } else {
        long nr = code_list(ob->region, m->regions, m->R, 0, -1, reg, &bad, &blen);
        if (nr < 0) {
            st = unknown(o, ob, "region", bad, blen, err);
            goto done;
        }
        long ns = code_list(ob->sector, m->sectors, m->S, 0, -1, sec, &bad, &blen);
        if (ns < 0) {
            st = unknown(o, ob, "sector", bad, blen, err);
            goto done;
        }
        ob->ind = malloc((size_t)(nr * ns) * sizeof *ob->ind);
        if (!ob->ind) {
            st = ts_error_set(err, TS_ERR_NOMEM, o->file, ob->line, 0, NULL, "out of memory");
            goto done;
        }
        for (long a = 0; a < nr; a++)
            for (long b = 0; b < ns; b++)
                ob->ind[ob->n_ind++] = reg[a] * (int)m->S + sec[b];
    }
    if (ts_obs_metric_is_timing(ob->metric)) {
        ob->observed = !strcmp(ob->unit, "date") ? ob->value - (double)start : ob->value;
    } else {
        ob->observed = ob->value;
        long f = ob->period_first - start, l = ob->period_last - start;
        if (l < 0 || l >= sc->horizon_days) {
            char d0[16], d1[16];
            ts_scenario_date(sc, 0, d0, sizeof d0);
            ts_scenario_date(sc, sc->horizon_days - 1, d1, sizeof d1);
            st = ts_error_set(err, TS_ERR_INPUT, o->file, ob->line, 0, NULL,
                              "period '%s' is not inside the simulated days (%s to %s): it "
                              "must end on or after the start and by the horizon",
                              ob->date, d0, d1);
            goto done;
        }
        ob->first = (int)f;
        ob->last = (int)l;
    }
done:
    free(reg);
    free(sec);
    return st;
}

ts_status ts_observations_resolve(ts_observations *o, const ts_scenario *sc,
                                  const ts_mrio *m, ts_error *err)
{
    ts_error_clear(err);
    if (!o || !sc || !m)
        return ts_error_set(err, TS_ERR_INTERNAL, NULL, 0, 0, NULL,
                            "ts_observations_resolve: NULL argument");
    long start = ts_days_from_civil(sc->start_year, sc->start_month, sc->start_day);
    for (size_t k = 0; k < o->n; k++) {
        ts_status st = resolve_one(o, &o->obs[k], sc, m, start, err);
        if (st)
            return st;
    }
    return TS_OK;
}
