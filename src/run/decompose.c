/* run --decompose (run.h, ts_run_decompose): the output loss of a scenario split by event.
 *
 * For each scenario event k other than a truce: the run with k ALONE (every other
 * non-truce event moved past the horizon: start = end = horizon, so it never acts and
 * triggers no retaliation; truces, rules and parameters stay) and the run WITHOUT k (k
 * alone moved). Its "alone" loss is L(k alone); its marginal loss is L(full) - L(without
 * k). The two bracket the event's part of the whole: with no interaction between events
 * the alone losses add up to the full loss and marginal = alone; the gaps (full - sum of
 * alone, full - sum of marginal) are the interaction. Retaliation answers come with the
 * event that triggers them. Written to decomposition.json for the world, every region and
 * every industry with a loss (M USD over the horizon, like summary.json). */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "tradeshock/run.h"

/* Overrides: rq's own, then start/end of every moved event. */
static ts_status variant(const ts_run_request *rq, const ts_scenario *sc, const int *moved,
                         ts_run **out, ts_error *err)
{
    size_t E = sc->n_events, n = rq->n_overrides;
    ts_override *ov = calloc(n + 2 * E + 1, sizeof *ov);
    char **txt = calloc(2 * E + 1, sizeof *txt);
    char day[32];
    ts_status st = ov && txt ? TS_OK : ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL,
                                                    "out of memory");
    snprintf(day, sizeof day, "%d", sc->horizon_days);
    size_t k = 0;
    for (size_t i = 0; !st && i < n; i++)
        ov[k++] = rq->overrides[i];
    size_t t = 0;
    for (size_t e = 0; !st && e < E; e++) {
        if (!moved[e])
            continue;
        txt[t] = ts_asprintf("events[%zu].start", e);
        txt[t + 1] = ts_asprintf("events[%zu].end", e);
        if (!txt[t] || !txt[t + 1]) {
            st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
            break;
        }
        ov[k++] = (ts_override){txt[t], day};
        ov[k++] = (ts_override){txt[t + 1], day};
        t += 2;
    }
    if (!st) {
        ts_run_request r2 = *rq;
        r2.overrides = ov;
        r2.n_overrides = k;
        r2.log = NULL; /* the full run gave its warnings */
        r2.progress = NULL;
        st = ts_run_scenario(&r2, out, err);
    }
    for (size_t i = 0; txt && i < 2 * E; i++)
        free(txt[i]);
    free(txt);
    free(ov);
    return st;
}

/* {"full": f, "alone": [...], "marginal": [...]} for one scope. */
static cJSON *parts(double full, const double *alone, const double *without, size_t K,
                    size_t stride, size_t at)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "full_musd", full);
    cJSON *a = cJSON_AddArrayToObject(o, "alone_musd"), *m = cJSON_AddArrayToObject(o, "marginal_musd");
    for (size_t k = 0; k < K; k++) {
        cJSON_AddItemToArray(a, cJSON_CreateNumber(alone[k * stride + at]));
        cJSON_AddItemToArray(m, cJSON_CreateNumber(full - without[k * stride + at]));
    }
    return o;
}

ts_status ts_run_decompose(const ts_run_request *rq, const ts_run *full, const char *path,
                           ts_error *err)
{
    const ts_scenario *sc = full->sc;
    const ts_mrio *m = full->m;
    size_t E = sc->n_events, n = m->n, R = m->R, S = m->S, K = 0;
    int *ev = malloc((E ? E : 1) * sizeof *ev), *moved = calloc(E ? E : 1, sizeof *moved);
    /* per variant: world, regions, industries */
    size_t w = 1 + R + n;
    double *alone = NULL, *without = NULL;
    ts_status st = TS_OK;
    if (!ev || !moved)
        goto nomem;
    for (size_t e = 0; e < E; e++)
        if (sc->events[e].type != TS_EVENT_TRUCE)
            ev[K++] = (int)e;
    alone = calloc((K ? K : 1) * w, sizeof *alone);
    without = calloc((K ? K : 1) * w, sizeof *without);
    if (!alone || !without)
        goto nomem;
    for (size_t k = 0; k < K && !st; k++)
        for (int pass = 0; pass < 2 && !st; pass++) {
            for (size_t j = 0; j < K; j++) /* pass 0: all others moved; 1: k moved */
                moved[ev[j]] = pass == 0 ? j != k : j == k;
            ts_run *v = NULL;
            if ((st = variant(rq, sc, moved, &v, err)))
                break;
            double *dst = (pass ? without : alone) + k * w;
            dst[0] = v->loss->total;
            for (size_t q = 0; q < R; q++)
                dst[1 + q] = v->loss->region[q];
            for (size_t i = 0; i < n; i++)
                dst[1 + R + i] = v->loss->industry[i];
            ts_run_free(v);
        }
    if (st)
        goto done;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "method",
                            "alone: the event with every other non-truce event moved past the "
                            "horizon; marginal: full loss minus the loss without the event; "
                            "losses in M USD over the horizon; full - sum(alone) and full - "
                            "sum(marginal) are the interaction of the events");
    cJSON *evs = cJSON_AddArrayToObject(root, "events");
    for (size_t k = 0; k < K; k++) {
        const ts_event *e = &sc->events[ev[k]];
        cJSON *o = cJSON_CreateObject();
        char nm[32];
        snprintf(nm, sizeof nm, "event %d", ev[k]);
        cJSON_AddStringToObject(o, "name", e->name ? e->name : nm);
        cJSON_AddStringToObject(o, "type", ts_event_type_name(e->type));
        cJSON_AddNumberToObject(o, "index", ev[k]);
        cJSON_AddItemToArray(evs, o);
    }
    cJSON_AddItemToObject(root, "world", parts(full->loss->total, alone, without, K, w, 0));
    cJSON *rg = cJSON_AddArrayToObject(root, "regions");
    for (size_t q = 0; q < R; q++) {
        cJSON *o = parts(full->loss->region[q], alone, without, K, w, 1 + q);
        cJSON_AddStringToObject(o, "region", m->regions[q].code);
        cJSON_AddItemToArray(rg, o);
    }
    cJSON *in = cJSON_AddArrayToObject(root, "industries");
    for (size_t r = 0; r < n; r++) {
        size_t i = (size_t)full->loss->rank[r]; /* largest loss first */
        if (!(fabs(full->loss->industry[i]) > 1e-9 * (full->loss->industry_base[i] + 1e-300)))
            continue;
        cJSON *o = parts(full->loss->industry[i], alone, without, K, w, 1 + R + i);
        cJSON_AddStringToObject(o, "region", m->regions[i / S].code);
        cJSON_AddStringToObject(o, "sector", m->sectors[i % S].code);
        cJSON_AddItemToArray(in, o);
    }
    char *txt = cJSON_Print(root);
    cJSON_Delete(root);
    FILE *f = txt ? fopen(path, "w") : NULL;
    if (!txt)
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    else if (!f || fputs(txt, f) < 0 || fputc('\n', f) == EOF)
        st = ts_error_set(err, TS_ERR_IO, path, 0, 0, NULL, "cannot write");
    if (f && fclose(f) && !st)
        st = ts_error_set(err, TS_ERR_IO, path, 0, 0, NULL, "write failed");
    free(txt);
    goto done;
nomem:
    st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
done:
    free(ev);
    free(moved);
    free(alone);
    free(without);
    return st;
}
