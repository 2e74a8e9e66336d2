/* Sensitivity (docs/ensemble.md, "Sensitivity"): the tornado of case 16b by hand
 * (tests/fixtures/cases/16b-dynamic-export-ban/case.md). BBB holds 10 days of MAT; from the
 * ban's start b its stock at the start of day b + k is 10 - k, and production is cut on
 * the first day the stock is below psi x 10. As written (psi 0.75, b = 10): 10 - k < 7.5
 * -> k = 3, day 13. psi 0.55 -> k = 5 (day 15); psi 0.95 -> k = 1 (day 11): swing 4.
 * b = 10 -> day 13; b = 30 -> day 33: swing 20. The ban's start ranks first. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/util.h"
#include "tradeshock/ensemble.h"
#include "tradeshock/mrio.h"
#include "tradeshock/output.h"
#include "tradeshock/scenario.h"
#include "tradeshock/sim.h"

static char *g_dir;

static int setup(void **state)
{
    (void)state;
    g_dir = ts_tmpdir();
    return g_dir ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    ts_tmpdir_remove(g_dir);
    return 0;
}

/* Case 16b with an ensemble block @p ens; returns the file path (heap). */
static char *write_case(const char *name, const char *ens)
{
    char *p = ts_asprintf("%s/%s.yaml", g_dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fprintf(f,
            "name: %s\n"
            "table: %s\n"
            "start_date: 2025-01-01\n"
            "horizon_days: 60\n"
            "parameters:\n"
            "  inventory_days: 10\n"
            "  psi: 0.75\n"
            "  restoration_days: 60\n"
            "  alpha_max: 1.0\n"
            "groups:\n"
            "  importer: {BBB_MAT: 1}\n"
            "  exporter: {AAA_MAT: 1}\n"
            "events:\n"
            "  - type: export_restriction\n"
            "    name: ban\n"
            "    from: AAA\n"
            "    to: BBB\n"
            "    products: [MAT]\n"
            "    share: 1.0\n"
            "    start: 10\n"
            "%s",
            name, ts_fixture("cases/16b-dynamic-export-ban/input/table"), ens);
    fclose(f);
    return p;
}

static void load(const char *path, ts_scenario **sc, ts_mrio **m)
{
    ts_error err;
    if (ts_scenario_parse(path, sc, &err) || ts_scenario_load_table(*sc, NULL, NULL, m, &err) ||
        ts_scenario_resolve(*sc, *m, &err))
        fail_msg("%s", err.msg);
}


static const char *k_ens =
    "ensemble:\n  seed: 3\n  watch: [BBB_MAT]\n  parameters:\n"
    "    - {name: psi, path: parameters.psi, dist: uniform, min: 0.55, max: 0.95}\n"
    "    - {name: start, path: 'events[ban].start', dist: uniform, min: 10, max: 30,"
    " integer: true}\n";

static void test_tornado_by_hand(void **state)
{
    (void)state;
    char *p = write_case("sens", k_ens);
    ts_scenario *sc = NULL;
    ts_mrio *m = NULL;
    load(p, &sc, &m);
    ts_error err;
    ts_sensitivity *s = NULL;
    ts_sensitivity_options o = {0};
    o.threads = 2;
    o.morris_r = 4;
    o.n_grid = 3;
    assert_int_equal(ts_sensitivity_run(p, sc, m, &o, &s, &err), TS_OK);
    assert_int_equal(s->P, 2);
    assert_string_equal(s->out_name[0], "BBB_MAT_first_stop_day");
    assert_true(s->base[0] == 13);
    assert_true(s->y_lo[0 * s->n_out] == 15 && s->y_hi[0 * s->n_out] == 11);
    assert_true(s->y_lo[1 * s->n_out] == 13 && s->y_hi[1 * s->n_out] == 33);
    assert_string_equal(s->lo_text[1], "10");
    assert_string_equal(s->hi_text[1], "30");
    /* scan of the start: 10, 20, 30 -> days 13, 23, 33 */
    for (size_t g = 0; g < 3; g++)
        assert_true(s->grid_y[((1 * 3) + g) * s->n_out] == 13 + 10.0 * (double)g);
    /* Morris: each step of the start moves it by 2/3 of its range (13.33 days, rounded to
     * whole days: 13 or 14), so |EE| = days moved / (2/3) in [19.5, 21]; a psi step of 2/3
     * of its range (0.2667) moves the day by 2 or 3 (thresholds 10 - k): |EE| in [3, 4.5] */
    assert_true(s->mu_star[1 * s->n_out] >= 19.5 && s->mu_star[1 * s->n_out] <= 21);
    assert_true(s->mu_star[0 * s->n_out] >= 3 && s->mu_star[0 * s->n_out] <= 4.5);
    char *dir = ts_asprintf("%s/out", g_dir);
    assert_int_equal(ts_mkdir_p(dir), 0);
    assert_int_equal(ts_sensitivity_write(s, sc, dir, &err), TS_OK);
    char *f = ts_asprintf("%s/tornado.csv", dir);
    char *t = ts_read_file(f);
    assert_non_null(t);
    /* ranking of the first stop day: start (swing 20) before psi (swing 4) */
    assert_non_null(strstr(t, "BBB_MAT_first_stop_day,1,start,10,30,13,13,33,20\n"));
    assert_non_null(strstr(t, "BBB_MAT_first_stop_day,2,psi,0.55000000000000004,0.94999999999999996,15,13,11,4\n"));
    free(t);
    free(f);
    free(dir);
    ts_sensitivity_free(s);
    ts_scenario_free(sc);
    ts_mrio_free(m);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_tornado_by_hand, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
