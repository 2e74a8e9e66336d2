/* The daily loop of the dynamic model (sim.h documents the order of operations). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "sim/internal.h"

/* Default cover series: every buyer of every product named by an export restriction. */
static ts_status default_pairs(const ts_sim *s, ts_pair **out, size_t *nout)
{
    const ts_scenario *sc = s->sc;
    size_t S = s->S, n = s->n, k = 0;
    unsigned char *want = calloc(S, 1);
    if (!want)
        return TS_ERR_NOMEM;
    for (size_t e = 0; e < sc->n_events; e++) {
        const ts_event *ev = &sc->events[e];
        if (ev->type == TS_EVENT_EXPORT_RESTRICTION)
            for (size_t b = 0; b < ev->products.n_idx; b++)
                want[ev->products.idx[b]] = 1;
    }
    for (size_t p = 0; p < S; p++)
        if (want[p])
            for (size_t j = 0; j < n; j++)
                k += s->uses[p * n + j];
    ts_pair *pairs = calloc(k ? k : 1, sizeof *pairs);
    if (!pairs) {
        free(want);
        return TS_ERR_NOMEM;
    }
    k = 0;
    for (size_t p = 0; p < S; p++)
        if (want[p])
            for (size_t j = 0; j < n; j++)
                if (s->uses[p * n + j])
                    pairs[k++] = (ts_pair){(int)p, (int)j};
    free(want);
    *out = pairs;
    *nout = k;
    return TS_OK;
}

/* Warn when the stock parameters are outside the range where the model was observed to
 * behave (docs/model.md, "Stable parameter range"; experiments on pymrio's test MRIO and
 * WIOD 2011 agg10, 30-100 % capacity losses, psi = 0.8, both modes). */
static void check_ranges(const ts_sim *s, const ts_logger *log)
{
    const double tau = s->par.restoration_days;
    if (tau < TS_SIM_MIN_RESTORATION_DAYS)
        ts_log(log, TS_LOG_WARN,
               "restoration_days = %g is below %g: buyers order their whole stock gap within "
               "days, so demand on a recovering supplier spikes (2 to 3.5 x its baseline at 1 "
               "day) weeks after the shock (docs/model.md, \"Stable parameter range\")",
               tau, (double)TS_SIM_MIN_RESTORATION_DAYS);
    double need = ts_sim_min_inventory_days(tau), smin = INFINITY;
    size_t pmin = 0, bmin = 0;
    for (size_t p = 0; p < s->S; p++)
        for (size_t j = 0; j < s->n; j++) {
            size_t b = (size_t)s->sec[j];
            double d = s->s[p * s->n + j];
            if (s->uses[p * s->n + j] && d < smin) {
                smin = d;
                pmin = p;
                bmin = b;
            }
        }
    if (smin < need) {
        const ts_label *sec = s->m->sectors;
        ts_log(log, TS_LOG_WARN,
               "inventory_days = %g (input %s held by sector %s) is below %g, the smallest "
               "stock observed to be stable with restoration_days = %g: a small capacity loss "
               "can collapse the whole economy (docs/model.md, \"Stable parameter range\")",
               smin, sec && sec[pmin].code ? sec[pmin].code : "?",
               sec && sec[bmin].code ? sec[bmin].code : "?", need, tau);
    }
}

double ts_sim_min_inventory_days(double restoration_days)
{
    double tau = restoration_days;
    double need = tau <= 30 ? tau : 30 + (tau - 30) / 3;
    return need < TS_SIM_MIN_INVENTORY_DAYS ? TS_SIM_MIN_INVENTORY_DAYS : need;
}

ts_status ts_sim_run(const ts_mrio *m, const ts_scenario *sc, const ts_sim_options *opt,
                     ts_result **out, ts_error *err)
{
    static const ts_sim_options none = {0};
    if (!opt)
        opt = &none;
    *out = NULL;
    for (size_t e = 0; e < sc->n_events; e++) {
        const ts_event *ev = &sc->events[e];
        int needs = ev->type == TS_EVENT_EXPORT_RESTRICTION || ev->type == TS_EVENT_CAPACITY_LOSS ||
                    ev->type == TS_EVENT_DEMAND_CHANGE || ev->type == TS_EVENT_CAPITAL_DESTRUCTION;
        if (needs && ((ev->type == TS_EVENT_EXPORT_RESTRICTION && !ev->from.idx) ||
                      (ev->type != TS_EVENT_EXPORT_RESTRICTION && !ev->regions.idx)))
            return ts_error_set(err, TS_ERR_INPUT, sc->file, ev->line, 0, NULL,
                                "scenario not resolved against the table (call ts_scenario_resolve)");
    }
#ifdef _OPENMP
    if (opt->threads > 0)
        omp_set_num_threads(opt->threads);
#endif
    ts_sim *s = NULL;
    ts_result *r = NULL;
    ts_pair *pairs = NULL;
    size_t npairs = 0;
    ts_status st = ts_sim_state_create(m, sc, &s, err);
    if (st)
        return st;
    check_ranges(s, opt->log);
    if (opt->cover_pairs) {
        pairs = malloc((opt->n_cover_pairs ? opt->n_cover_pairs : 1) * sizeof *pairs);
        if (!pairs) {
            st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
            goto fail;
        }
        memcpy(pairs, opt->cover_pairs, opt->n_cover_pairs * sizeof *pairs);
        npairs = opt->n_cover_pairs;
    } else if (opt->cover_all) {
        size_t k = 0, N = s->S * s->n;
        for (size_t q = 0; q < N; q++)
            k += s->uses[q] || s->flow[q];
        pairs = malloc((k ? k : 1) * sizeof *pairs);
        if (!pairs) {
            st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
            goto fail;
        }
        for (size_t q = 0; q < N; q++)
            if (s->uses[q] || s->flow[q])
                pairs[npairs++] = (ts_pair){(int)(q / s->n), (int)(q % s->n)};
    } else if (default_pairs(s, &pairs, &npairs)) {
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto fail;
    }
    st = ts_sim_recorder_create(s, pairs, npairs, &r, err);
    if (st)
        goto fail;
    ts_sim_events_resolve_truces(s);
    ts_policy_retaliate(&s->pol, s, 0);
    ts_policy_tariffs(&s->pol, s, 0);

    /* Day 0's orders: the baseline orders O = Z0, less what is blocked on day 0. */
    ts_sim_events_block(s, 0, s->block_next);
    ts_policy_block(&s->pol, s, 0, s->block_next);
    ts_sim_events_variants(s, 0, s->block_next);
    ts_sim_initial_orders(s);
    memcpy(s->block, s->block_next, s->nvar * s->n * sizeof *s->block);

    for (int t = 0; t < (int)s->T; t++) {
        s->today = t;
        ts_sim_events_capacity(s, t, s->delta);
        ts_sim_events_demand(s, t, s->fdfac);
        ts_sim_final_demand_ask(s);
        ts_sim_demand(s);
        /* ARIO mode: alpha of day t from D_t and x_{t-1}, from day 2 (docs/model.md) */
        if (s->ario && t >= 2)
            ts_sim_overproduction_ario(s);
        ts_sim_production(s, t);
        /* tomorrow's events: retaliation answers, blocks (model.md §3.7) */
        ts_policy_retaliate(&s->pol, s, t + 1);
        ts_sim_events_block(s, t + 1, s->block_next);
        ts_policy_block(&s->pol, s, t + 1, s->block_next);
        ts_sim_events_variants(s, t + 1, s->block_next);
        memset(s->trade, 0, s->R * s->R * (1 + s->ntrk) * sizeof *s->trade);
        ts_sim_final_demand(s);
        /* the recorder needs the stock at the START of day t: record before exchange */
        long bad = ts_sim_recorder_day(s, r, t);
        if (bad >= 0) {
            st = ts_error_set(err, TS_ERR_INTERNAL, NULL, 0, 0, NULL,
                              "non-finite value on day %d at industry %ld (a bug; please report)",
                              t, bad);
            goto fail;
        }
        /* order weights of the orders issued tonight: tariffs in force tomorrow,
         * shortages seen today (policy.c) */
        ts_policy_tariffs(&s->pol, s, t + 1);
        ts_policy_update(&s->pol, s);
        ts_sim_exchange(s);
        /* trade of day t is complete only now: store it again */
        ts_sim_recorder_trade(s, r, t);
        if (!s->ario)
            ts_sim_overproduction(s);
        double *tmp = s->c_prev;
        s->c_prev = s->c_cur;
        s->c_cur = tmp;
        tmp = s->block;
        s->block = s->block_next;
        s->block_next = tmp;
        if (opt->on_day)
            opt->on_day(opt->on_day_user, s, t);
        if (opt->progress)
            opt->progress(opt->progress_user, t, (int)s->T);
    }
    st = ts_sim_recorder_finish(s, r, err);
    if (st)
        goto fail;
    free(pairs);
    ts_sim_state_free(s);
    *out = r;
    return TS_OK;
fail:
    free(pairs);
    ts_result_free(r);
    ts_sim_state_free(s);
    return st;
}
