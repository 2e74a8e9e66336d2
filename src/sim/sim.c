/* The daily loop of the dynamic model (sim.h documents the order of operations). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/internal.h"

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

/* The events that need resolved indices (ts_scenario_resolve) have them. */
static ts_status check_resolved(const ts_scenario *sc, ts_error *err)
{
    for (size_t e = 0; e < sc->n_events; e++) {
        const ts_event *ev = &sc->events[e];
        int needs = ev->type == TS_EVENT_EXPORT_RESTRICTION || ev->type == TS_EVENT_CAPACITY_LOSS ||
                    ev->type == TS_EVENT_DEMAND_CHANGE || ev->type == TS_EVENT_CAPITAL_DESTRUCTION;
        if (needs && ((ev->type == TS_EVENT_EXPORT_RESTRICTION && !ev->from.idx) ||
                      (ev->type != TS_EVENT_EXPORT_RESTRICTION && !ev->regions.idx)))
            return ts_error_set(err, TS_ERR_INPUT, sc->file, ev->line, 0, NULL,
                                "scenario not resolved against the table (call ts_scenario_resolve)");
    }
    return TS_OK;
}

/* The cover series recorded (ts_sim_options, "recording policy"), into rec->cover_pairs
 * (room for s->cap_pairs). */
static void choose_pairs(ts_sim *s)
{
    const ts_scenario *sc = s->sc;
    ts_result *r = s->rec;
    const size_t S = s->S, n = s->n, N = S * n;
    size_t k = 0;
    if (s->cover_mode == TS__COVER_GIVEN) {
        memcpy(r->cover_pairs, s->pairs, s->npairs * sizeof *s->pairs);
        r->n_cover = s->npairs;
        return;
    }
    if (s->cover_mode == TS__COVER_ALL || s->cover_mode == TS__COVER_DEFAULT_ALL) {
        for (size_t q = 0; q < N; q++)
            if (s->uses[q] || s->flow[q])
                r->cover_pairs[k++] = (ts_pair){(int)(q / n), (int)(q % n)};
        r->n_cover = k;
        return;
    }
    /* every buyer of every product named by an export restriction */
    for (size_t p = 0; p < S; p++) {
        int want = 0;
        for (size_t e = 0; e < sc->n_events && !want; e++) {
            const ts_event *ev = &sc->events[e];
            for (size_t b = 0; ev->type == TS_EVENT_EXPORT_RESTRICTION && b < ev->products.n_idx; b++)
                want |= (size_t)ev->products.idx[b] == p;
        }
        for (size_t j = 0; want && j < n; j++)
            if (s->uses[p * n + j])
                r->cover_pairs[k++] = (ts_pair){(int)p, (int)j};
    }
    r->n_cover = k;
}

/* Day 0 after ts__sim_state_init: truces, day-0 policy and blocks, day 0's orders. */
static void prepare(ts_sim *s)
{
    choose_pairs(s);
    ts_sim_recorder_reset(s, s->rec);
    s->t = 0;
    s->today = 0;
    s->failed = 0;
    ts_sim_events_resolve_truces(s);
    ts_policy_retaliate(&s->pol, s, 0);
    ts_policy_tariffs(&s->pol, s, 0);
    /* Day 0's orders: the baseline orders O = Z0, less what is blocked on day 0. */
    ts_sim_events_block(s, 0, s->block_next);
    ts_policy_block(&s->pol, s, 0, s->block_next);
    ts_sim_events_variants(s, 0, s->block_next);
    ts_sim_initial_orders(s);
    memcpy(s->block, s->block_next, s->nvar * s->n * sizeof *s->block);
}

ts_status ts_sim_create(const ts_mrio *m, const ts_scenario *sc, const ts_sim_options *opt,
                        ts_sim **out, ts_error *err)
{
    static const ts_sim_options none = {0};
    if (!opt)
        opt = &none;
    *out = NULL;
    ts_status st = check_resolved(sc, err);
    if (st)
        return st;
    ts_sim *s = NULL;
    if ((st = ts__sim_state_create(m, sc, &s, err)))
        return st;
    s->opt = *opt;
    s->threads = opt->threads > 0 ? opt->threads : 0;
    if (opt->storage && ts_sim_state_storage(s, opt->storage == 2))
        goto nomem;
    check_ranges(s, opt->log);
    const size_t N = s->S * s->n;
    if (opt->cover_pairs) {
        s->cover_mode = TS__COVER_GIVEN;
        s->cap_pairs = s->npairs = opt->n_cover_pairs;
        s->pairs = malloc((s->npairs ? s->npairs : 1) * sizeof *s->pairs);
        if (!s->pairs)
            goto nomem;
        memcpy(s->pairs, opt->cover_pairs, s->npairs * sizeof *s->pairs);
        s->opt.cover_pairs = s->pairs;
    } else {
        /* `tradeshock run`'s policy: every input when S x n x T doubles fit in
         * TS_SIM_COVER_ALL_MAX_BYTES, else the restricted products */
        double bytes = (double)N * (double)s->T * sizeof(double);
        s->cover_mode = opt->cover_all ? TS__COVER_ALL
                        : bytes <= TS_SIM_COVER_ALL_MAX_BYTES ? TS__COVER_DEFAULT_ALL
                                                              : TS__COVER_DEFAULT_RESTRICTED;
        /* room for any parameters: every pair that can be an input */
        for (size_t q = 0; q < N; q++)
            s->cap_pairs += s->x0[q % s->n] > 0 && s->AC[q] > TS_SIM_INPUT_THRESHOLD;
    }
    if ((st = ts_sim_recorder_create(s, s->T_cap, s->cap_pairs, &s->rec, err)))
        goto fail;
    prepare(s);
    *out = s;
    return TS_OK;
nomem:
    st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
fail:
    ts_sim_free(s);
    return st;
}

void ts_sim_free(ts_sim *s)
{
    if (!s)
        return;
    ts_result_free(s->rec);
    free(s->pairs);
    ts__sim_state_free(s);
}

void ts_sim_reset(ts_sim *s)
{
    if (ts__sim_state_init(s, s->sc, NULL)) {
        s->failed = 1; /* the scenario was changed in place: only reset_with can help */
        return;
    }
    prepare(s);
}

ts_status ts_sim_reset_with(ts_sim *s, const ts_scenario *sc, ts_error *err)
{
    ts_status st = check_resolved(sc, err);
    if (!st)
        st = ts__sim_state_same_shape(s, sc, err);
    if (st)
        return st;
    if ((st = ts__sim_state_init(s, sc, err))) {
        s->failed = 1;
        return st;
    }
    check_ranges(s, s->opt.log);
    prepare(s);
    return TS_OK;
}

ts_status ts_sim_step(ts_sim *s, ts_error *err)
{
    if (s->failed)
        return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL,
                            "ts_sim_step: an earlier step failed; reset the simulation first");
    if (s->t >= (int)s->T)
        return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL,
                            "ts_sim_step: the horizon (%zu days) is reached", s->T);
    const int t = s->t;
    ts_result *r = s->rec;
    s->today = t;
    ts_sim_events_capacity(s, t, s->delta);
    ts_sim_events_demand(s, t, s->fdfac);
    ts_sim_final_demand_ask(s);
    ts_sim_demand(s);
    /* ARIO mode: alpha of day t from D_t and x_{t-1}, from day 2 (docs/model.md) */
    if (s->ario && t >= 2)
        ts_sim_overproduction_ario(s);
    ts_sim_production(s, t);
    ts_sim_rationing(s->n, s->ncls, s->cls_final, s->x, s->D, s->fixed, s->dord, s->dfd, s->ratio);
    /* tomorrow's events: retaliation answers, blocks (docs/model.md §2 "Events") */
    ts_policy_retaliate(&s->pol, s, t + 1);
    ts_sim_events_block(s, t + 1, s->block_next);
    ts_policy_block(&s->pol, s, t + 1, s->block_next);
    ts_sim_events_variants(s, t + 1, s->block_next);
    memset(s->trade, 0, s->R * s->R * (1 + s->ntrk) * sizeof *s->trade);
    ts_sim_final_demand(s);
    /* the recorder needs the stock at the START of day t: record before exchange */
    long bad = ts_sim_recorder_day(s, r, t);
    if (bad >= 0) {
        s->failed = 1;
        return ts_error_set(err, TS_ERR_INTERNAL, NULL, 0, 0, NULL,
                            "non-finite value on day %d at industry %ld (a bug; please report)", t,
                            bad);
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
    s->t = t + 1;
    if (s->opt.on_day)
        s->opt.on_day(s->opt.on_day_user, s, t);
    if (s->opt.progress)
        s->opt.progress(s->opt.progress_user, t, (int)s->T);
    return TS_OK;
}

ts_status ts_sim_run_to(ts_sim *s, int day, ts_error *err)
{
    if (day < s->t || day > (int)s->T)
        return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL,
                            "ts_sim_run_to: day %d is outside [%d, %zu] (the current day to the "
                            "horizon; ts_sim_reset goes back to day 0)", day, s->t, s->T);
    ts_status st = TS_OK;
    while (!st && s->t < day)
        st = ts_sim_step(s, err);
    return st;
}

ts_status ts_sim_result(const ts_sim *s, ts_result **out, ts_error *err)
{
    *out = NULL;
    return ts_sim_recorder_result(s, s->rec, (size_t)s->t, s->cover_mode == TS__COVER_DEFAULT_ALL,
                                  out, err);
}

/* The large-table half of the recording policy (ts_sim_run): a second pass recording the
 * restricted products' buyers and every pair that constrained production in the first.
 * Returns TS_OK and does nothing when the first pass recorded them all. */
static ts_status second_pass(ts_sim *s, ts_error *err)
{
    const size_t S = s->S, n = s->n, N = S * n;
    const ts_result *r = s->rec;
    unsigned char *mark = calloc(N ? N : 1, 1);
    if (!mark)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t k = 0; k < r->n_cover; k++)
        mark[(size_t)r->cover_pairs[k].product * n + (size_t)r->cover_pairs[k].industry] = 1;
    for (size_t q = 0; q < N; q++)
        mark[q] |= s->so_first[q] >= 0;
    size_t c = 0;
    for (size_t q = 0; q < N; q++)
        c += mark[q];
    ts_status st = TS_OK;
    if (c > r->n_cover) {
        ts_pair *pairs = malloc(c * sizeof *pairs);
        ts_result *rec = NULL;
        if (!pairs || (st = ts_sim_recorder_create(s, s->T_cap, c, &rec, err))) {
            free(pairs);
            free(mark);
            return st ? st : ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        }
        c = 0;
        for (size_t q = 0; q < N; q++)
            if (mark[q])
                pairs[c++] = (ts_pair){(int)(q / n), (int)(q % n)};
        free(s->pairs);
        ts_result_free(s->rec);
        s->pairs = pairs;
        s->npairs = s->cap_pairs = c;
        s->rec = rec;
        s->cover_mode = TS__COVER_GIVEN;
        ts_sim_reset(s);
        st = ts_sim_run_to(s, (int)s->T, err);
    }
    free(mark);
    return st;
}

ts_status ts_sim_run(const ts_mrio *m, const ts_scenario *sc, const ts_sim_options *opt,
                     ts_result **out, ts_error *err)
{
    *out = NULL;
    ts_sim *s = NULL;
    ts_status st = ts_sim_create(m, sc, opt, &s, err);
    if (st)
        return st;
    st = ts_sim_run_to(s, (int)s->T, err);
    if (!st && s->cover_mode == TS__COVER_DEFAULT_RESTRICTED)
        st = second_pass(s, err);
    if (!st)
        st = ts_sim_result(s, out, err);
    ts_sim_free(s);
    return st;
}
