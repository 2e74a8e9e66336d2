/* Collapse detection and the stable parameter range (model.md §4; docs/model.md,
 * "Collapse" and "Stable parameter range"), on pymrio's test MRIO (tests/fixtures/boario):
 * - with 10-day stocks a 30 % capacity loss at reg6/mining (0.036 % of world output)
 *   drives the whole economy below 10 % of its output: result, summary.json
 *   (`collapsed`, `economy_collapsed`, `economy_collapse_day`,
 *   `all_industries_input_limited_day`) and the printed summary say so loudly, in both
 *   modes; with 90-day stocks nothing collapses and nothing is printed;
 * - points on both sides of the documented stability boundary, and the demand spike of a
 *   1-day restoration time. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/internal.h"
#include "testutil.h"
#include "tradeshock/mrio.h"
#include "tradeshock/output.h"
#include "tradeshock/scenario.h"
#include "tradeshock/sim.h"

#define TABLE TS_FIXTURES "/boario/table"

typedef struct run {
    ts_scenario *sc;
    ts_mrio *m;
    ts_result *r;
} run;

/* 30 % (share) loss at reg6/mining on days 10..40, linear recovery over 30 days. */
static void run_loss(run *R, const char *mode, double inv_days, double tau, double share,
                     int horizon)
{
    char *dir = ts_tmpdir(), path[4200];
    snprintf(path, sizeof path, "%s/s.yaml", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f,
            "name: collapse\ntable: %s\nstart_date: 2025-01-01\nhorizon_days: %d\n"
            "parameters:\n  mode: %s\n  inventory_days: %g\n  restoration_days: %g\n"
            "events:\n  - type: capacity_loss\n    regions: reg6\n    sectors: mining\n"
            "    share: %g\n    start: 10\n    end: 40\n    recovery_days: 30\n",
            TABLE, horizon, mode, inv_days, tau, share);
    fclose(f);
    ts_error err;
    memset(R, 0, sizeof *R);
    if (ts_scenario_parse(path, &R->sc, &err) || ts_mrio_read(R->sc->table_path, NULL, &R->m, &err) ||
        ts_scenario_resolve(R->sc, R->m, &err) || ts_sim_run(R->m, R->sc, NULL, &R->r, &err))
        fail_msg("%s", err.msg);
    ts_tmpdir_remove(dir);
}

static void run_free(run *R)
{
    ts_result_free(R->r);
    ts_mrio_free(R->m);
    ts_scenario_free(R->sc);
}

/* summary.json and the printed summary of a run; returns the number of collapsed
 * industries and checks the fields against the result. */
static size_t check_outputs(const run *R, int expect_collapse)
{
    ts_error err;
    ts_losses *l = NULL;
    assert_int_equal(ts_losses_compute(R->r, R->m, &l, &err), TS_OK);
    char *dir = ts_tmpdir(), path[4200];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    ts_run_info info = {.scenario_file = "s.yaml", .table_path = TABLE};
    if (ts_output_write_summary_json(R->r, l, R->m, R->sc, &info, path, &err))
        fail_msg("%s", err.msg);
    char *txt = ts_read_file(path);
    cJSON *j = cJSON_Parse(txt);
    assert_non_null(j);
    cJSON *ec = cJSON_GetObjectItem(j, "economy_collapsed");
    cJSON *ed = cJSON_GetObjectItem(j, "economy_collapse_day");
    cJSON *ld = cJSON_GetObjectItem(j, "all_industries_input_limited_day");
    cJSON *co = cJSON_GetObjectItem(j, "collapsed");
    assert_true(cJSON_IsBool(ec) && cJSON_IsArray(co) && ld);
    assert_int_equal(cJSON_IsTrue(ec), expect_collapse);
    size_t ncol = 0;
    for (size_t i = 0; i < R->r->n; i++)
        ncol += R->r->collapse_day[i] >= 0;
    assert_int_equal((size_t)cJSON_GetArraySize(co), ncol);
    cJSON *it;
    cJSON_ArrayForEach(it, co) {
        int reg = ts_mrio_region_index(R->m, cJSON_GetObjectItem(it, "region")->valuestring);
        int sec = ts_mrio_sector_index(R->m, cJSON_GetObjectItem(it, "sector")->valuestring);
        size_t i = (size_t)reg * R->m->S + (size_t)sec;
        int day = cJSON_GetObjectItem(it, "day")->valueint;
        assert_int_equal(day, R->r->collapse_day[i]);
        /* the day is the first with x < 10 % x0 */
        assert_true(R->r->production[(size_t)day * R->r->n + i] < 0.1 * R->r->x0[i]);
        if (day > 0)
            assert_true(R->r->production[(size_t)(day - 1) * R->r->n + i] >= 0.1 * R->r->x0[i]);
    }
    if (expect_collapse) {
        assert_int_equal(ed->valueint, R->r->economy_collapse_day);
        assert_true(R->r->economy_collapse_day > 10);
    } else {
        assert_true(cJSON_IsNull(ed));
    }
    cJSON_Delete(j);
    free(txt);

    snprintf(path, sizeof path, "%s/stdout.txt", dir);
    FILE *f = fopen(path, "w");
    ts_output_print_summary(f, R->r, l, R->m, R->sc);
    fclose(f);
    txt = ts_read_file(path);
    char want[128];
    snprintf(want, sizeof want, "*** COLLAPSE: world output fell below 10%% of baseline on day %d",
             R->r->economy_collapse_day);
    if (expect_collapse && !strstr(txt, want))
        fail_msg("the printed summary does not say '%s':\n%s", want, txt);
    if (!expect_collapse && strstr(txt, "COLLAPSE"))
        fail_msg("COLLAPSE printed for a run that did not collapse:\n%s", txt);
    free(txt);
    ts_losses_free(l);
    ts_tmpdir_remove(dir);
    return ncol;
}

static void test_collapse_short_stocks(void **state)
{
    (void)state;
    const char *modes[] = {"default", "ario"};
    for (int k = 0; k < 2; k++) {
        run R;
        run_loss(&R, modes[k], 10, 60, 0.3, 365);
        size_t ncol = check_outputs(&R, 1);
        double w = 0, w0 = 0;
        for (size_t i = 0; i < R.r->n; i++) {
            w += R.r->production[(R.r->T - 1) * R.r->n + i];
            w0 += R.r->x0[i];
        }
        printf("%s mode, 10-day stocks: world output below 10%% from day %d, %zu of %zu "
               "industries collapsed, every industry input-limited on day %d, world output at "
               "the end %.3g%% of baseline\n",
               modes[k], R.r->economy_collapse_day, ncol, R.r->n, R.r->all_limited_day,
               100 * w / w0);
        assert_true(ncol == R.r->n);
        assert_true(R.r->all_limited_day >= 0);
        run_free(&R);
        run_loss(&R, modes[k], 90, 60, 0.3, 365);
        assert_int_equal(check_outputs(&R, 0), 0);
        assert_int_equal(R.r->all_limited_day, -1);
        run_free(&R);
    }
}

/* Both sides of the boundary inventory_days >= ts_sim_min_inventory_days(tau), with an
 * 80 % loss (docs/model.md, "Stable parameter range"). */
static void test_stability_boundary(void **state)
{
    (void)state;
    struct {
        double tau, s;
        int collapses;
    } pts[] = {{10, 7, 1}, {10, 10, 0}, {30, 20, 1}, {30, 30, 0}, {60, 30, 1}, {60, 40, 0},
               {90, 40, 1}, {90, 50, 0}};
    for (size_t k = 0; k < sizeof pts / sizeof pts[0]; k++) {
        run R;
        run_loss(&R, "default", pts[k].s, pts[k].tau, 0.8, 730);
        int c = R.r->economy_collapse_day >= 0;
        printf("restoration_days %3.0f, inventory_days %3.0f (stable from %g): %s\n", pts[k].tau,
               pts[k].s, ts_sim_min_inventory_days(pts[k].tau), c ? "collapse" : "no collapse");
        assert_int_equal(c, pts[k].collapses);
        assert_int_equal(pts[k].s >= ts_sim_min_inventory_days(pts[k].tau), !pts[k].collapses);
        run_free(&R);
    }
}

/* A 1-day restoration time: the whole stock gap is ordered at once, and demand on the
 * recovering industry spikes above 3 x baseline a month after the loss ended; 60 days
 * keep it below 1.25 x. */
static void test_short_restoration_spike(void **state)
{
    (void)state;
    double peak[2];
    int day[2];
    double taus[2] = {1, 60};
    for (int k = 0; k < 2; k++) {
        run R;
        run_loss(&R, "default", 90, taus[k], 0.3, 200);
        size_t i = (size_t)ts_mrio_region_index(R.m, "reg6") * R.m->S +
                   (size_t)ts_mrio_sector_index(R.m, "mining");
        peak[k] = 0;
        for (size_t t = 41; t < R.r->T; t++) {
            double q = R.r->demand[t * R.r->n + i] / R.r->demand[i];
            if (q > peak[k]) {
                peak[k] = q;
                day[k] = (int)t;
            }
        }
        printf("restoration_days %2.0f: after the loss ended (day 40) demand on reg6/mining "
               "peaks at %.3f x baseline on day %d\n",
               taus[k], peak[k], day[k]);
        run_free(&R);
    }
    assert_true(peak[0] > 3.0 && day[0] >= 60);
    assert_true(peak[1] < 1.25);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_collapse_short_stocks),
        cmocka_unit_test(test_stability_boundary),
        cmocka_unit_test(test_short_restoration_spike),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
