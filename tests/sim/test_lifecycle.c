/* The simulation lifecycle (include/tradeshock/sim.h): create, step, run_to, reset,
 * reset_with, the getters, result, free. The reference for every comparison is
 * ts_sim_run on the same inputs: a reset simulation must give a byte-identical result
 * (the results of a run depend only on its inputs, never on what the simulation did
 * before). Scenario: the shipped default (scenarios/rare-earths-2025.yaml: export
 * restrictions, tariffs, retaliation, US defence splits, 365 days). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "tradeshock/mrio.h"
#include "tradeshock/scenario.h"
#include "tradeshock/sim.h"

#define SCENARIO TS_SOURCE_DIR "/scenarios/rare-earths-2025.yaml"

typedef struct setup {
    ts_scenario *sc;
    ts_mrio *m;
} setup;

static void load(setup *u, const char *path)
{
    ts_error err;
    memset(u, 0, sizeof *u);
    if (ts_scenario_parse(path, &u->sc, &err) ||
        ts_scenario_load_table(u->sc, NULL, NULL, &u->m, &err) ||
        ts_scenario_resolve(u->sc, u->m, &err))
        fail_msg("%s", err.msg);
}

static void unload(setup *u)
{
    ts_mrio_free(u->m);
    ts_scenario_free(u->sc);
}

#define SAME(field, count)                                                                \
    do {                                                                                  \
        size_t c_ = (count);                                                              \
        if (c_ && memcmp(a->field, b->field, c_ * sizeof *a->field))                      \
            fail_msg("%s: result field %s differs", what, #field);                        \
    } while (0)

/* Every number of two results, bit for bit. */
static void assert_same_result(const ts_result *a, const ts_result *b, const char *what)
{
    assert_int_equal(a->T, b->T);
    assert_int_equal(a->n, b->n);
    assert_int_equal(a->R, b->R);
    assert_int_equal(a->n_cover, b->n_cover);
    assert_int_equal(a->n_stockouts, b->n_stockouts);
    assert_int_equal(a->n_answers, b->n_answers);
    assert_int_equal(a->n_trade_products, b->n_trade_products);
    assert_int_equal(a->economy_collapse_day, b->economy_collapse_day);
    assert_int_equal(a->all_limited_day, b->all_limited_day);
    size_t T = a->T, n = a->n, R = a->R;
    SAME(x0, n);
    SAME(production, T * n);
    SAME(capacity, T * n);
    SAME(demand, T * n);
    SAME(unmet_fd, T * n);
    SAME(unmet_fd_region, T * R);
    SAME(trade, T * R * R);
    SAME(trade_products, a->n_trade_products);
    SAME(trade_by_product, T * a->n_trade_products * R * R);
    SAME(limited, T * n);
    SAME(cover_pairs, a->n_cover);
    SAME(cover, T * a->n_cover);
    SAME(stockouts, a->n_stockouts);
    SAME(collapse_day, n);
    SAME(answers, a->n_answers);
    assert_int_equal(a->n_spread, b->n_spread);
    SAME(spread_pairs, a->n_spread);
    SAME(spread_first, a->n_spread);
    SAME(share_stopped, T * a->n_spread);
    assert_true((a->in_transit == NULL) == (b->in_transit == NULL));
    if (a->in_transit) {
        SAME(in_transit, T * a->S);
        SAME(in_transit0, a->S);
    }
}

/* The test: create, step 100 days, reset, run 365 days: the result is
 * byte-identical to ts_sim_run's. */
static void test_step_reset_run_equals_run(void **state)
{
    (void)state;
    setup u;
    load(&u, SCENARIO);
    ts_error err;
    ts_result *ref = NULL, *got = NULL;
    assert_int_equal(ts_sim_run(u.m, u.sc, NULL, &ref, &err), TS_OK);
    assert_int_equal(ref->T, 365);
    assert_true(ref->n_answers > 0 && ref->n_stockouts > 0); /* the run exercises policy */

    ts_sim *sim = NULL;
    assert_int_equal(ts_sim_create(u.m, u.sc, NULL, &sim, &err), TS_OK);
    assert_int_equal(ts_sim_get_day(sim), 0);
    assert_int_equal(ts_sim_get_horizon(sim), 365);
    for (int t = 0; t < 100; t++)
        assert_int_equal(ts_sim_step(sim, &err), TS_OK);
    assert_int_equal(ts_sim_get_day(sim), 100);
    ts_sim_reset(sim);
    assert_int_equal(ts_sim_get_day(sim), 0);
    assert_int_equal(ts_sim_run_to(sim, 365, &err), TS_OK);
    assert_int_equal(ts_sim_result(sim, &got, &err), TS_OK);
    assert_same_result(ref, got, "step 100, reset, run 365");
    ts_result_free(got);

    /* past the horizon: an error, the simulation is unchanged */
    assert_int_equal(ts_sim_step(sim, &err), TS_ERR_INPUT);
    assert_non_null(strstr(err.msg, "horizon"));
    assert_int_equal(ts_sim_run_to(sim, 10, &err), TS_ERR_INPUT);
    assert_int_equal(ts_sim_get_day(sim), 365);
    ts_sim_free(sim);
    ts_result_free(ref);
    unload(&u);
}

/* The getters after day t hold day t's values, which are the result's row t; a partial
 * result has T = the days simulated and the same rows as the full run. */
static void test_getters_match_result(void **state)
{
    (void)state;
    setup u;
    load(&u, SCENARIO);
    ts_error err;
    ts_result *ref = NULL, *part = NULL;
    assert_int_equal(ts_sim_run(u.m, u.sc, NULL, &ref, &err), TS_OK);
    ts_sim *sim = NULL;
    assert_int_equal(ts_sim_create(u.m, u.sc, NULL, &sim, &err), TS_OK);
    size_t n = u.m->n, R = u.m->R, len = 0;
    assert_non_null(ts_sim_get(sim, TS_SIM_X0, &len));
    assert_int_equal(len, n);
    int saw_events = 0;
    for (int t = 0; t < 60; t++) {
        assert_int_equal(ts_sim_step(sim, &err), TS_OK);
        size_t o = (size_t)t * n;
        assert_memory_equal(ts_sim_get_production(sim), ref->production + o, n * sizeof(double));
        assert_memory_equal(ts_sim_get_capacity(sim), ref->capacity + o, n * sizeof(double));
        assert_memory_equal(ts_sim_get_demand(sim), ref->demand + o, n * sizeof(double));
        assert_memory_equal(ts_sim_get_unmet_final_demand(sim), ref->unmet_fd + o,
                            n * sizeof(double));
        assert_memory_equal(ts_sim_get_unmet_final_demand_region(sim),
                            ref->unmet_fd_region + (size_t)t * R, R * sizeof(double));
        /* cover now = stock at the start of day t+1 = the result's cover of day t+1 */
        for (size_t k = 0; k < ref->n_cover && t + 1 < 365; k++) {
            double c = ts_sim_get_cover(sim, ref->cover_pairs[k].product, ref->cover_pairs[k].industry);
            double e = ref->cover[(size_t)(t + 1) * ref->n_cover + k];
            assert_true((isnan(c) && isnan(e)) || c == e);
        }
        size_t ne = ts_sim_get_events(sim, NULL, 0);
        ts_sim_event ev[64];
        assert_true(ne <= 64);
        assert_int_equal(ts_sim_get_events(sim, ev, 64), ne);
        for (size_t k = 0; k < ne; k++) {
            assert_true(ev[k].scale > 0 && ev[k].scale <= 1);
            if (ev[k].event >= 0) {
                const ts_event *e = &u.sc->events[ev[k].event];
                assert_true(e->start <= t);
                assert_int_equal(ev[k].type, e->type);
            } else {
                assert_true(ev[k].answer >= 0 && (size_t)ev[k].answer < ref->n_answers);
                assert_true(ref->answers[ev[k].answer].start <= t);
            }
        }
        saw_events |= ne > 0;
    }
    assert_true(saw_events);
    assert_int_equal(ts_sim_result(sim, &part, &err), TS_OK);
    assert_int_equal(part->T, 60);
    assert_memory_equal(part->production, ref->production, 60 * n * sizeof(double));
    assert_memory_equal(part->trade, ref->trade, 60 * R * R * sizeof(double));
    ts_result_free(part);
    ts_sim_free(sim);
    ts_result_free(ref);
    unload(&u);
}

/* reset_with: other parameter values, same shape -> the run of that scenario from
 * scratch; a different shape -> TS_ERR_INPUT naming it, the simulation unchanged. */
static void test_reset_with(void **state)
{
    (void)state;
    setup a, b;
    load(&a, SCENARIO);
    load(&b, SCENARIO);
    b.sc->params.psi = 0.6;
    b.sc->params.restoration_days = 30;
    b.sc->horizon_days = 200;
    ts_error err;
    ts_result *ref = NULL, *got = NULL;
    assert_int_equal(ts_sim_run(b.m, b.sc, NULL, &ref, &err), TS_OK);
    ts_sim *sim = NULL;
    assert_int_equal(ts_sim_create(a.m, a.sc, NULL, &sim, &err), TS_OK);
    assert_int_equal(ts_sim_run_to(sim, 50, &err), TS_OK);
    /* b's scenario is resolved against b's table, a copy of a's: the same labels */
    assert_int_equal(ts_sim_reset_with(sim, b.sc, &err), TS_OK);
    assert_int_equal(ts_sim_get_horizon(sim), 200);
    assert_int_equal(ts_sim_run_to(sim, 200, &err), TS_OK);
    assert_int_equal(ts_sim_result(sim, &got, &err), TS_OK);
    /* the table pointers differ but the values are the same: compare the numbers */
    assert_same_result(ref, got, "reset_with other parameters");
    ts_result_free(got);

    /* a longer horizon than created for, and another number of events: refused */
    setup c;
    load(&c, SCENARIO);
    c.sc->horizon_days = 400;
    assert_int_equal(ts_sim_reset_with(sim, c.sc, &err), TS_ERR_INPUT);
    assert_non_null(strstr(err.msg, "horizon"));
    c.sc->horizon_days = 100;
    c.sc->n_events--;
    assert_int_equal(ts_sim_reset_with(sim, c.sc, &err), TS_ERR_INPUT);
    assert_non_null(strstr(err.msg, "number of events"));
    c.sc->n_events++;
    /* still usable, still b's scenario */
    ts_sim_reset(sim);
    assert_int_equal(ts_sim_run_to(sim, 200, &err), TS_OK);
    assert_int_equal(ts_sim_result(sim, &got, &err), TS_OK);
    assert_same_result(ref, got, "reset after refused reset_with");
    ts_result_free(got);
    ts_sim_free(sim);
    ts_result_free(ref);
    unload(&a);
    unload(&b);
    unload(&c);
}

/* The thread count is a num_threads clause: the caller's OpenMP default is untouched
 * (checked through the public API only: results identical at 1 and 2 threads). */
static void test_threads_identical(void **state)
{
    (void)state;
    setup u;
    load(&u, SCENARIO);
    u.sc->horizon_days = 60;
    ts_error err;
    ts_result *r1 = NULL, *r2 = NULL;
    ts_sim_options o1 = {0}, o2 = {0};
    o1.threads = 1;
    o2.threads = 2;
    assert_int_equal(ts_sim_run(u.m, u.sc, &o1, &r1, &err), TS_OK);
    assert_int_equal(ts_sim_run(u.m, u.sc, &o2, &r2, &err), TS_OK);
    assert_same_result(r1, r2, "1 vs 2 threads");
    ts_result_free(r1);
    ts_result_free(r2);
    unload(&u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_step_reset_run_equals_run),
        cmocka_unit_test(test_getters_match_result),
        cmocka_unit_test(test_reset_with),
        cmocka_unit_test(test_threads_identical),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
