/* Capacity events (docs/model.md, "Capacity"; docs/scenario-format.md): capacity_loss
 * with linear / convex / concave recovery, capital_destruction (share or damage, capital
 * = 4 x value added), max/sum rules, ARIO mode's one-day lag and 6-decimal rounding, a
 * truce that ends an event before it starts, the new scenario keys and their errors,
 * and the stable-range warnings. Expected paths are written from the formulas in
 * docs/model.md, never from this code. Table: tests/fixtures/cases/00-base-valid-2r2s
 * (AAA/BBB x S1/S2; v(AAA_S1) = 100 - 40 = 60, v(AAA_S2) = 200 - 100 = 100). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/internal.h"
#include "testutil.h"
#include "tradeshock/mrio.h"
#include "tradeshock/scenario.h"
#include "tradeshock/sim.h"

#define TABLE TS_FIXTURES "/cases/00-base-valid-2r2s/input"

typedef struct logbuf {
    char text[4096];
    int n;
} logbuf;

static void log_fn(void *user, ts_log_level level, const char *msg)
{
    logbuf *b = user;
    (void)level;
    size_t l = strlen(b->text);
    snprintf(b->text + l, sizeof b->text - l, "%s\n", msg);
    b->n++;
}

/* Write a scenario (parameters block and events block as YAML text) and parse it. */
static ts_status parse_text(const char *params, const char *events, int horizon,
                            ts_scenario **sc, ts_error *err)
{
    char *dir = ts_tmpdir(), path[4200];
    snprintf(path, sizeof path, "%s/s.yaml", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f,
            "name: events\ntable: %s\nstart_date: 2025-01-01\nhorizon_days: %d\n"
            "parameters:\n  alpha_max: 1.0\n  inventory_days: 90\n%s\nevents:\n%s\n",
            TABLE, horizon, params, events);
    fclose(f);
    ts_status st = ts_scenario_parse(path, sc, err);
    ts_tmpdir_remove(dir);
    return st;
}

typedef struct runr {
    ts_scenario *sc;
    ts_mrio *m;
    ts_result *r;
    ts_status st;
    ts_error err;
    logbuf log;
} runr;

static void run_text(runr *R, const char *params, const char *events, int horizon)
{
    memset(R, 0, sizeof *R);
    if (parse_text(params, events, horizon, &R->sc, &R->err))
        fail_msg("parse: %s", R->err.msg);
    if (ts_mrio_read(R->sc->table_path, NULL, &R->m, &R->err))
        fail_msg("%s", R->err.msg);
    if (ts_scenario_resolve(R->sc, R->m, &R->err))
        fail_msg("resolve: %s", R->err.msg);
    ts_logger lg = {log_fn, &R->log};
    ts_sim_options opt = {0};
    opt.log = &lg;
    R->st = ts_sim_run(R->m, R->sc, &opt, &R->r, &R->err);
}

static void run_free(runr *R)
{
    ts_result_free(R->r);
    ts_mrio_free(R->m);
    ts_scenario_free(R->sc);
}

/* Delta of industry i on day t; alpha stays 1 (alpha_max = 1). */
static double delta(const runr *R, size_t t, size_t i)
{
    return 1.0 - R->r->capacity[t * R->r->n + i] / R->r->x0[i];
}

static void test_recovery_curves(void **state)
{
    (void)state;
    /* linear: 1 - k/rho, 0 from rho */
    assert_true(fabs(ts_sim_recovery_left(TS_RECOVERY_LINEAR, 1, 4) - 0.75) < 1e-15);
    assert_true(ts_sim_recovery_left(TS_RECOVERY_LINEAR, 4, 4) == 0.0);
    assert_true(ts_sim_recovery_left(TS_RECOVERY_LINEAR, 9, 4) == 0.0);
    /* convex: (1 - 1/rho)^(4k); rho = 10, k = 2: 0.9^8 */
    assert_true(fabs(ts_sim_recovery_left(TS_RECOVERY_CONVEX, 2, 10) - pow(0.9, 8)) < 1e-15);
    /* concave: exactly one half at k = rho/2, near 1 early, small at rho */
    assert_true(fabs(ts_sim_recovery_left(TS_RECOVERY_CONCAVE, 15, 30) - 0.5) < 1e-12);
    assert_true(ts_sim_recovery_left(TS_RECOVERY_CONCAVE, 1, 30) > 0.999999);
    assert_true(ts_sim_recovery_left(TS_RECOVERY_CONCAVE, 30, 30) < 0.05);
    /* every curve: in [0, 1], non-increasing in k */
    for (int c = 0; c < 3; c++)
        for (int rho = 1; rho <= 400; rho += (rho < 10 ? 1 : 37)) {
            if (c == TS_RECOVERY_CONCAVE && rho < 3)
                continue;
            double prev = 1.0;
            for (int k = 1; k < 3 * rho + 5; k++) {
                double f = ts_sim_recovery_left((ts_recovery)c, k, rho);
                if (!(f >= 0 && f <= prev))
                    fail_msg("curve %d rho %d k %d: %.17g after %.17g", c, rho, k, f, prev);
                prev = f;
            }
        }
}

/* share 0.4 on AAA_S1, days 5..9, recovery 10 days along each curve */
static void test_capacity_loss_paths(void **state)
{
    (void)state;
    const char *curves[] = {"linear", "convex", "concave"};
    for (int c = 0; c < 3; c++)
        for (int ario = 0; ario < 2; ario++) {
            char ev[512];
            snprintf(ev, sizeof ev,
                     "  - type: capacity_loss\n    regions: AAA\n    sectors: S1\n    share: 0.4\n"
                     "    start: 5\n    end: 9\n    recovery_days: 10\n    recovery: %s\n",
                     curves[c]);
            runr R;
            run_text(&R, ario ? "  mode: ario" : "", ev, 60);
            assert_int_equal(R.st, TS_OK);
            for (int t = 0; t < 60; t++) {
                int te = ario ? t - 1 : t; /* ARIO: capacity events act one day late */
                double want = 0;
                if (te >= 5 && te <= 9)
                    want = 0.4;
                else if (te > 9)
                    want = 0.4 * ts_sim_recovery_left((ts_recovery)c, te - 9, 10);
                if (ario && te > 9)
                    want = nearbyint(want * 1e6) / 1e6; /* BoARIO rounds to 6 decimals */
                double got = delta(&R, (size_t)t, 0);
                if (fabs(got - want) > 1e-14)
                    fail_msg("%s %s day %d: Delta %.17g, expected %.17g", curves[c],
                             ario ? "ario" : "default", t, got, want);
                assert_true(fabs(delta(&R, (size_t)t, 1)) < 1e-15); /* AAA_S2 untouched */
            }
            run_free(&R);
        }
}

static void test_capital_destruction(void **state)
{
    (void)state;
    runr R;
    /* share of capital, no lag even in ARIO mode, linear recovery over 4 days */
    for (int ario = 0; ario < 2; ario++) {
        run_text(&R, ario ? "  mode: ario" : "",
                 "  - type: capital_destruction\n    regions: AAA\n    sectors: S1\n"
                 "    share: 0.25\n    start: 3\n    end: 6\n    recovery_days: 4\n",
                 20);
        assert_int_equal(R.st, TS_OK);
        for (int t = 0; t < 20; t++) {
            double want = t < 3 ? 0 : t <= 6 ? 0.25 : t < 10 ? 0.25 * (1 - (t - 6) / 4.0) : 0;
            assert_true(fabs(delta(&R, (size_t)t, 0) - want) < 1e-14);
        }
        run_free(&R);
    }
    /* damage in M USD, split in proportion to capital: K = 4 x (60, 100) = (240, 400) */
    run_text(&R, "",
             "  - type: capital_destruction\n    regions: AAA\n    sectors: [S1, S2]\n"
             "    damage: 160\n    start: 2\n",
             10);
    assert_int_equal(R.st, TS_OK);
    assert_true(fabs(delta(&R, 5, 0) - 0.25) < 1e-14 && fabs(delta(&R, 5, 1) - 0.25) < 1e-14);
    assert_true(fabs(delta(&R, 1, 0)) < 1e-15);
    run_free(&R);
    /* capital_to_value_added changes the capital: K(AAA_S1) = 2 x 60 = 120 */
    run_text(&R, "  capital_to_value_added: 2",
             "  - type: capital_destruction\n    regions: AAA\n    sectors: S1\n"
             "    damage: 30\n    start: 0\n",
             3);
    assert_true(fabs(delta(&R, 0, 0) - 0.25) < 1e-14);
    run_free(&R);
    /* destroyed capital adds up over events, capped at all of it; capacity losses take
     * the max; Delta = max(capital share, capacity loss) */
    run_text(&R, "",
             "  - type: capital_destruction\n    regions: AAA\n    sectors: S1\n"
             "    share: 0.25\n    start: 0\n"
             "  - type: capital_destruction\n    regions: AAA\n    sectors: S1\n"
             "    share: 0.5\n    start: 2\n"
             "  - type: capital_destruction\n    regions: AAA\n    sectors: S1\n"
             "    share: 0.5\n    start: 4\n"
             "  - type: capacity_loss\n    regions: AAA\n    share: 0.6\n    start: 1\n    end: 2\n"
             "  - type: capacity_loss\n    regions: AAA\n    share: 0.3\n    start: 1\n    end: 2\n",
             6);
    double want0[6] = {0.25, 0.6, 0.75, 0.75, 1.0, 1.0};
    double want1[6] = {0, 0.6, 0.6, 0, 0, 0};
    for (size_t t = 0; t < 6; t++) {
        assert_true(fabs(delta(&R, t, 0) - want0[t]) < 1e-14);
        assert_true(fabs(delta(&R, t, 1) - want1[t]) < 1e-14);
    }
    run_free(&R);
    /* more damage than capital: an input error naming the event */
    run_text(&R, "",
             "  - type: capital_destruction\n    regions: AAA\n    sectors: S1\n"
             "    damage: 241\n    start: 0\n",
             3);
    assert_int_equal(R.st, TS_ERR_INPUT);
    assert_non_null(strstr(R.err.msg, "exceeds the productive capital"));
    run_free(&R);
}

/* Bug fix: a truce that ends a capacity loss before its start leaves it never in force
 * (docs/scenario-format.md, truce); it used to apply a partial "recovery" loss. */
static void test_truce_before_start(void **state)
{
    (void)state;
    runr R;
    run_text(&R, "",
             "  - type: capacity_loss\n    name: strike\n    regions: AAA\n    share: 0.5\n"
             "    start: 20\n    end: 30\n    recovery_days: 30\n"
             "  - type: truce\n    start: 15\n    ends: strike\n",
             60);
    assert_int_equal(R.st, TS_OK);
    for (size_t t = 0; t < 60; t++)
        assert_true(fabs(delta(&R, t, 0)) < 1e-15);
    run_free(&R);
}

static void expect_parse_error(const char *params, const char *events, const char *key,
                               const char *text)
{
    ts_scenario *sc = NULL;
    ts_error err;
    ts_status st = parse_text(params, events, 10, &sc, &err);
    if (st != TS_ERR_INPUT)
        fail_msg("expected an input error at %s", key);
    if (strcmp(err.key, key) != 0 || !strstr(err.msg, text))
        fail_msg("expected %s / '%s', got %s: %s", key, text, err.key, err.msg);
    ts_scenario_free(sc);
}

static void test_scenario_keys(void **state)
{
    (void)state;
    ts_scenario *sc = NULL;
    ts_error err;
    assert_int_equal(parse_text("  mode: ario\n  capital_to_value_added: 3",
                                "  - type: capital_destruction\n    regions: all\n    damage: 5\n"
                                "    start: 1\n    end: 4\n    recovery_days: 9\n"
                                "    recovery: concave\n",
                                10, &sc, &err),
                     TS_OK);
    assert_int_equal(sc->params.mode, TS_MODE_ARIO);
    assert_true(sc->params.capital_to_value_added == 3.0);
    assert_int_equal(sc->events[0].type, TS_EVENT_CAPITAL_DESTRUCTION);
    assert_true(sc->events[0].damage == 5.0);
    assert_int_equal(sc->events[0].recovery, TS_RECOVERY_CONCAVE);
    assert_string_equal(ts_event_type_name(sc->events[0].type), "capital_destruction");
    assert_string_equal(ts_recovery_name(TS_RECOVERY_CONVEX), "convex");
    ts_scenario_free(sc);

    expect_parse_error("  mode: boario", "  []", "parameters.mode", "did you mean 'ario'");
    expect_parse_error("  capital_to_value_added: 0", "  []", "parameters.capital_to_value_added",
                       "out of range");
    expect_parse_error("", "  - type: capacity_loss\n    regions: AAA\n    share: 0.1\n"
                           "    start: 1\n    recovery_days: 5\n    recovery: convexe\n",
                       "events[0].recovery", "did you mean 'convex'");
    expect_parse_error("", "  - type: capacity_loss\n    regions: AAA\n    share: 0.1\n"
                           "    start: 1\n    recovery_days: 2\n    recovery: concave\n",
                       "events[0].recovery", "recovery_days >= 3");
    expect_parse_error("", "  - type: capital_destruction\n    regions: AAA\n    share: 0.1\n"
                           "    damage: 3\n    start: 1\n",
                       "events[0].damage", "not both");
    expect_parse_error("", "  - type: capital_destruction\n    regions: AAA\n    start: 1\n",
                       "events[0].share", "'damage'");
    expect_parse_error("", "  - type: capital_destruction\n    regions: AAA\n    damage: -1\n"
                           "    start: 1\n",
                       "events[0].damage", "out of range");
    expect_parse_error("", "  - type: demand_change\n    share: 0.1\n    start: 1\n"
                           "    recovery: linear\n",
                       "events[0].recovery", "does not apply");
    expect_parse_error("", "  - type: capital_damage\n    start: 1\n", "events[0].type",
                       "capital_destruction");
}

/* Warnings when restoration_days / inventory_days are outside the stable range. */
static void test_range_warnings(void **state)
{
    (void)state;
    assert_true(ts_sim_min_inventory_days(1) == 5 && ts_sim_min_inventory_days(20) == 20 &&
                ts_sim_min_inventory_days(60) == 40);
    runr R;
    run_text(&R, "  restoration_days: 60", "  []", 2);
    assert_int_equal(R.log.n, 0);
    run_free(&R);
    run_text(&R, "  restoration_days: 1", "  []", 2);
    assert_int_equal(R.log.n, 1);
    assert_non_null(strstr(R.log.text, "restoration_days = 1 is below 5"));
    run_free(&R);
    run_text(&R, "  restoration_days: 60\n  inventory_days_by_product: {S2: 30}", "  []", 2);
    assert_int_equal(R.log.n, 1);
    assert_non_null(strstr(R.log.text, "inventory_days = 30 (input S2"));
    assert_non_null(strstr(R.log.text, "below 40"));
    run_free(&R);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_recovery_curves),     cmocka_unit_test(test_capacity_loss_paths),
        cmocka_unit_test(test_capital_destruction), cmocka_unit_test(test_truce_before_start),
        cmocka_unit_test(test_scenario_keys),       cmocka_unit_test(test_range_warnings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
