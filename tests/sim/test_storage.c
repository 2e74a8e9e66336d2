/* Determinism of the daily pass (design.md §6): every shipped scenario and a
 * BoARIO-mode run give byte-identical results at 1 and 2 threads and with either
 * storage of Z (compressed columns or the dense table; ts_sim_options.storage). The
 * reference is the run itself at 1 thread with sparse storage: the test fails on any
 * bit that depends on the thread count or on the storage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "tradeshock/mrio.h"
#include "tradeshock/scenario.h"
#include "tradeshock/sim.h"

static ts_result *run(const ts_mrio *m, const ts_scenario *sc, int threads, int storage)
{
    ts_sim_options opt = {0};
    opt.threads = threads;
    opt.storage = storage;
    opt.cover_all = 1;
    ts_result *r = NULL;
    ts_error err;
    if (ts_sim_run(m, sc, &opt, &r, &err))
        fail_msg("run: %s", err.msg);
    return r;
}

#define SAME(a, b, field, count)                                                          \
    do {                                                                                  \
        if (memcmp((a)->field, (b)->field, (count) * sizeof *(a)->field))                 \
            fail_msg("%s: %s differs (threads %d, storage %d)", name, #field, th, st);    \
    } while (0)

static void compare(const char *name, const ts_result *a, const ts_result *b, int th, int st)
{
    size_t T = a->T, n = a->n, R = a->R;
    SAME(a, b, production, T * n);
    SAME(a, b, capacity, T * n);
    SAME(a, b, demand, T * n);
    SAME(a, b, unmet_fd, T * n);
    SAME(a, b, unmet_fd_region, T * R);
    SAME(a, b, trade, T * R * R);
    SAME(a, b, limited, T * n);
    assert_int_equal(a->n_cover, b->n_cover);
    SAME(a, b, cover, T * a->n_cover);
    assert_int_equal(a->n_trade_products, b->n_trade_products);
    SAME(a, b, trade_by_product, T * a->n_trade_products * R * R);
    assert_int_equal(a->n_stockouts, b->n_stockouts);
    SAME(a, b, stockouts, a->n_stockouts);
    assert_int_equal(a->n_answers, b->n_answers);
}

static void check(const char *scen, const char *table, int days)
{
    ts_scenario *sc = NULL;
    ts_mrio *m = NULL;
    ts_error err;
    if (ts_scenario_parse(scen, &sc, &err) || ts_scenario_load_table(sc, table, NULL, &m, &err) ||
        ts_scenario_resolve(sc, m, &err))
        fail_msg("%s: %s", scen, err.msg);
    if (days)
        sc->horizon_days = days;
    ts_result *ref = run(m, sc, 1, 1);
    for (int th = 1; th <= 2; th++)
        for (int st = 1; st <= 2; st++) {
            if (th == 1 && st == 1)
                continue;
            ts_result *r = run(m, sc, th, st);
            compare(scen, ref, r, th, st);
            ts_result_free(r);
        }
    ts_result_free(ref);
    ts_scenario_free(sc);
    ts_mrio_free(m);
}

static void test_shipped(void **state)
{
    (void)state;
    static const char *sc[] = {"rare-earths-2025", "rare-earths-2025-truce",
                               "rare-earths-2025-software", "backtest-2025-04-ree",
                               "backtest-2025-04-ree-tariffs"};
    for (size_t k = 0; k < sizeof sc / sizeof sc[0]; k++) {
        char path[512];
        snprintf(path, sizeof path, "%s/scenarios/%s.yaml", TS_SOURCE_DIR, sc[k]);
        check(path, NULL, 120);
    }
}

/* large enough (n >= TS_SIM_PARALLEL_MIN) for the pass to run on 2 threads, with
 * restrictions, buyer variants, priority classes, tariffs, retaliation and a truce */
static void test_wiod41(void **state)
{
    (void)state;
    check(ts_fixture("perf/wiod41-policy.yaml"), NULL, 0);
}

static void test_boario_mode(void **state)
{
    (void)state;
    check(ts_fixture("boario/A_arbitrary_30pct/scenario.yaml"), NULL, 0);
    /* the policy scenario on the 10-region table, where the pass reads Z dense */
    char t10[512];
    snprintf(t10, sizeof t10, "%s/data/wiod2011-agg10-ree", TS_SOURCE_DIR);
    check(ts_fixture("perf/wiod41-policy.yaml"), t10, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped),
        cmocka_unit_test(test_wiod41),
        cmocka_unit_test(test_boario_mode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
