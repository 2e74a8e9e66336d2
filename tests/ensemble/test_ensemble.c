/* Ensembles (docs/ensemble.md): inverse CDFs against textbook values, the sketch against
 * hand-sorted values, the `ensemble` block's errors, thread (and MPI rank) independence,
 * a degenerate distribution reproducing the single run, and stoppage days against the
 * hand calculation of case 16b (tests/fixtures/cases/16b-dynamic-export-ban/case.md: a
 * ban of AAA's MAT to BBB from day b, stock 10 days, psi 0.75 -> first cut on day b + 3). */
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

static void test_inverse_cdfs(void **state)
{
    (void)state;
    /* standard normal quantiles (any statistics table) */
    assert_true(fabs(ts_norm_ppf(0.975) - 1.959963984540054) < 1e-12);
    assert_true(fabs(ts_norm_ppf(0.5)) < 1e-15);
    assert_true(fabs(ts_norm_ppf(0.05) + 1.6448536269514722) < 1e-12);
    assert_true(fabs(ts_norm_ppf(1e-10) + 6.361340902404056) < 1e-9);
    char buf[64];
    double v;
    ts_uncertain u = {0};
    u.lo = -INFINITY;
    u.hi = INFINITY;
    u.dist = TS_DIST_UNIFORM, u.a = 10, u.b = 20, u.lo = 10, u.hi = 20;
    ts_uncertain_value(&u, 0.25, buf, sizeof buf, &v);
    assert_true(v == 12.5);
    assert_string_equal(buf, "12.5");
    /* triangular (0, 2, 4) [min, mode, max]: F(x) = x^2/8 below the mode -> F^-1(0.125) = 1 */
    u.dist = TS_DIST_TRIANGULAR, u.a = 0, u.b = 4, u.c = 2, u.lo = 0, u.hi = 4;
    ts_uncertain_value(&u, 0.125, buf, sizeof buf, &v);
    assert_true(fabs(v - 1) < 1e-14);
    ts_uncertain_value(&u, 0.875, buf, sizeof buf, &v); /* symmetric: 3 */
    assert_true(fabs(v - 3) < 1e-14);
    /* N(0,1) truncated to [0, inf): F^-1(0.5) = Phi^-1(0.75) = 0.6744897501960817 */
    u.dist = TS_DIST_NORMAL, u.a = 0, u.b = 1, u.lo = 0, u.hi = INFINITY;
    ts_uncertain_value(&u, 0.5, buf, sizeof buf, &v);
    assert_true(fabs(v - 0.6744897501960817) < 1e-12);
    /* lognormal median 45: the median of the draws is 45; sigma 0 is degenerate */
    u.dist = TS_DIST_LOGNORMAL, u.a = 45, u.b = 0.5, u.lo = 0, u.hi = INFINITY;
    ts_uncertain_value(&u, 0.5, buf, sizeof buf, &v);
    assert_true(fabs(v - 45) < 1e-12);
    u.integer = 1; /* exp(ln 45 + 0.5 * 1.959964) = 119.9... -> 120 */
    ts_uncertain_value(&u, 0.975, buf, sizeof buf, &v);
    assert_true(v == 120);
    assert_string_equal(buf, "120");
    /* choice with weights 1, 3: u < 0.25 -> first */
    char *vals[] = {"a", "2025-02-01"};
    double w[] = {1, 3};
    ts_uncertain c = {0};
    c.dist = TS_DIST_CHOICE, c.n_values = 2, c.values = vals, c.weights = w;
    ts_uncertain_value(&c, 0.2, buf, sizeof buf, &v);
    assert_string_equal(buf, "a");
    assert_true(isnan(v));
    ts_uncertain_value(&c, 0.3, buf, sizeof buf, &v);
    assert_string_equal(buf, "2025-02-01");
    /* the draws: in (0, 1), a function of (seed, k, j) only */
    double a = ts_ensemble_uniform(7, 3, 1);
    assert_true(a > 0 && a < 1);
    assert_true(a == ts_ensemble_uniform(7, 3, 1));
    assert_true(a != ts_ensemble_uniform(7, 3, 2) && a != ts_ensemble_uniform(7, 4, 1) &&
                a != ts_ensemble_uniform(8, 3, 1));
    double mean = 0;
    for (int k = 0; k < 10000; k++)
        mean += ts_ensemble_uniform(1, (uint64_t)k, 0) / 10000;
    assert_true(fabs(mean - 0.5) < 0.01); /* sd of the mean 0.0029 */
}

/* Hand-sorted: 1 2 3 4 5; nearest rank round(q (N-1)): p05 -> 1, p25 -> 2, p50 -> 3,
 * p75 -> 4, p95 -> 5; the sketch gives them within its relative error. */
static void test_sketch_hand_sorted(void **state)
{
    (void)state;
    uint32_t *c = calloc(TS_SKETCH_BINS, sizeof *c);
    const double v[] = {5, 1, 4, 2, 3};
    for (int i = 0; i < 5; i++)
        c[ts_sketch_bin(v[i])]++;
    const double want[] = {1, 2, 3, 4, 5};
    for (int q = 0; q < TS_ENSEMBLE_NQ; q++) {
        double x = ts_sketch_quantile(c, ts_ensemble_q[q]);
        assert_true(fabs(x - want[q]) <= TS_SKETCH_ALPHA * want[q]);
    }
    /* negative values (overproduction) and zeros keep their order */
    memset(c, 0, TS_SKETCH_BINS * sizeof *c);
    const double w[] = {-0.5, 0, 0.0004, 12, -3};
    for (int i = 0; i < 5; i++)
        c[ts_sketch_bin(w[i])]++;
    assert_true(fabs(ts_sketch_quantile(c, 0.05) + 3) <= 0.03);
    assert_true(fabs(ts_sketch_quantile(c, 0.25) + 0.5) <= 0.005);
    assert_true(ts_sketch_quantile(c, 0.5) == 0);
    assert_true(ts_sketch_quantile(c, 0.75) == 0); /* 0.0004 < TS_SKETCH_MIN reads as 0 */
    assert_true(fabs(ts_sketch_quantile(c, 0.95) - 12) <= 0.12);
    free(c);
}

static void expect_spec_error(const char *ens, const char *key, const char *mention)
{
    char *p = write_case("bad", ens);
    ts_scenario *sc = NULL;
    ts_error err;
    assert_int_equal(ts_scenario_parse(p, &sc, &err), TS_ERR_INPUT);
    print_message("  %s\n", err.msg);
    assert_string_equal(err.key, key);
    assert_non_null(strstr(err.msg, mention));
    free(p);
}

static void test_spec_errors(void **state)
{
    (void)state;
    expect_spec_error("ensemble:\n  members: 0\n", "ensemble.members", "out of range");
    expect_spec_error("ensemble:\n  parameters:\n    - {path: parameters.psi, dist: uniforme, "
                      "min: 0.5, max: 0.9}\n",
                      "ensemble.parameters[0].dist", "did you mean 'uniform'");
    expect_spec_error("ensemble:\n  parameters:\n    - {path: parameters.psi, dist: uniform, "
                      "min: 0.9, max: 0.5}\n",
                      "ensemble.parameters[0]", "below min");
    expect_spec_error("ensemble:\n  parameters:\n    - {path: parameters.psi, dist: normal, "
                      "mean: 0.8}\n",
                      "ensemble.parameters[0].sd", "missing required key 'sd'");
    expect_spec_error("ensemble:\n  parameters:\n    - {path: parameters.psi, dist: normal, "
                      "mean: 0.8, sd: 0.1, max: 1}\n",
                      "ensemble.parameters[0].max", "does not apply");
    expect_spec_error("ensemble:\n  parameters:\n    - {path: 'events[.share', dist: uniform, "
                      "min: 0, max: 1}\n",
                      "ensemble.parameters[0].path", "bad override path");
    expect_spec_error("ensemble:\n  parameters:\n    - {path: table, dist: choice, "
                      "values: [a, b]}\n",
                      "ensemble.parameters[0].path", "cannot vary");
    expect_spec_error("ensemble:\n  parameters:\n    - {path: parameters.psi, dist: normal, "
                      "mean: 0.8, sd: 0.01, truncate: [2, 3]}\n",
                      "ensemble.parameters[0].truncate", "no probability");
    expect_spec_error("ensemble:\n  parameters:\n    - {path: parameters.psi, dist: uniform, "
                      "min: 0, max: 1, colour: red}\n",
                      "ensemble.parameters[0].colour", "unknown key");
}

/* A degenerate distribution (min = max = the scenario's own value) reproduces the single
 * run exactly; a bad drawn value names the member and the override. */
static void test_degenerate(void **state)
{
    (void)state;
    char *p = write_case("deg", "ensemble:\n  members: 3\n  parameters:\n"
                                "    - {path: parameters.psi, dist: uniform, min: 0.75, "
                                "max: 0.75}\n"
                                "    - {path: 'events[ban].start', dist: choice, values: [10]}\n");
    ts_scenario *sc = NULL;
    ts_mrio *m = NULL;
    load(p, &sc, &m);
    ts_error err;
    ts_result *res = NULL;
    ts_losses *l = NULL;
    ts_sim_options so = {0};
    assert_int_equal(ts_sim_run(m, sc, &so, &res, &err), TS_OK);
    assert_int_equal(ts_losses_compute(res, m, &l, &err), TS_OK);
    assert_int_equal(ts_losses_groups(l, res, sc, &err), TS_OK);
    ts_ensemble_result *er = NULL;
    ts_ensemble_options o = {0};
    o.threads = 2;
    assert_int_equal(ts_ensemble_run(p, sc, m, &o, &er, &err), TS_OK);
    assert_int_equal(er->N, 3);
    for (size_t i = 0; i < 3; i++) {
        assert_true(er->world_loss[i] == l->total);
        assert_true(er->group_loss_pct[i * er->G] == 100 * l->group[0] / l->group_base[0]);
        assert_int_equal(er->group_first[i * er->G], 13); /* case.md: day 13 */
        assert_string_equal(er->text[i * er->P], "0.75");
    }
    ts_ensemble_result_free(er);
    ts_losses_free(l);
    ts_result_free(res);
    ts_scenario_free(sc);
    ts_mrio_free(m);
    free(p);
    /* psi drawn above 1 fails with the member and the override named */
    p = write_case("bad", "ensemble:\n  members: 4\n  parameters:\n"
                          "    - {path: parameters.psi, dist: uniform, min: 1.5, max: 2}\n");
    load(p, &sc, &m);
    assert_int_equal(ts_ensemble_run(p, sc, m, NULL, &er, &err), TS_ERR_INPUT);
    print_message("  %s\n", err.msg);
    assert_non_null(strstr(err.msg, "ensemble member 0 (parameters.psi="));
    assert_non_null(strstr(err.msg, "override parameters.psi="));
    assert_null(er);
    ts_scenario_free(sc);
    ts_mrio_free(m);
    free(p);
}

static const char *k_start_ens =
    "ensemble:\n  members: 24\n  seed: 5\n  watch: [BBB_MAT]\n  parameters:\n"
    "    - name: ban_start\n      path: 'events[ban].start'\n      dist: uniform\n"
    "      min: 5\n      max: 40\n      integer: true\n";

/* Threads: byte-identical arrays and sketch at 1 and 2 threads; first stop = start + 3. */
static void test_threads_and_hand_days(void **state)
{
    (void)state;
    char *p = write_case("days", k_start_ens);
    ts_scenario *sc = NULL;
    ts_mrio *m = NULL;
    load(p, &sc, &m);
    ts_error err;
    ts_ensemble_result *a = NULL, *b = NULL;
    ts_ensemble_options o = {0};
    o.threads = 1;
    assert_int_equal(ts_ensemble_run(p, sc, m, &o, &a, &err), TS_OK);
    o.threads = 2;
    assert_int_equal(ts_ensemble_run(p, sc, m, &o, &b, &err), TS_OK);
    assert_int_equal(a->N, 24);
    assert_memory_equal(a->world_loss, b->world_loss, a->N * sizeof(double));
    assert_memory_equal(a->counts, b->counts, a->n_cells * TS_SKETCH_BINS * sizeof(uint32_t));
    for (size_t i = 0; i < a->N; i++) {
        assert_true(a->value[i] == floor(a->value[i]) && a->value[i] >= 5 && a->value[i] <= 40);
        assert_int_equal(a->watch_first[i], (int)a->value[i] + 3);
    }
    ts_ensemble_result_free(a);
    ts_ensemble_result_free(b);
    ts_scenario_free(sc);
    ts_mrio_free(m);
    free(p);
}

/* The CLI: summary.json's stoppage-day quantiles against the hand-sorted start + 3 of
 * the members' drawn starts (ensemble_summary.csv); identical folders at -j 1 and -j 2
 * and, when built with MPI, at 1 and 2 ranks. */
static void test_cli(void **state)
{
    (void)state;
    char *p = write_case("cli", k_start_ens);
    char *args = ts_asprintf("ensemble '%s' -o '%s/e1' -j 1 --quiet", p, g_dir);
    ts_cmd_result r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 0);
    ts_cmd_result_free(&r);
    free(args);
    args = ts_asprintf("ensemble '%s' -o '%s/e2' -j 2 --quiet", p, g_dir);
    r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 0);
    ts_cmd_result_free(&r);
    free(args);
    static const char *const files[] = {"ensemble_summary.csv", "quantiles.csv",
                                        "quantiles_industry.csv", "stockout_probability.csv",
                                        "summary.json", "quantiles.nc"};
    char *f1, *f2;
    for (int k = 0; k < 6; k++) {
        f1 = ts_asprintf("%s/e1/%s", g_dir, files[k]);
        f2 = ts_asprintf("%s/e2/%s", g_dir, files[k]);
        char *t1 = ts_read_file(f1), *t2 = ts_read_file(f2);
        assert_non_null(t1);
        assert_non_null(t2);
        if (k < 5)
            assert_string_equal(t1, t2);
        free(t1);
        free(t2);
        free(f1);
        free(f2);
    }
    /* hand: stop day = drawn start + 3; nearest-rank quantiles of the sorted days */
    f1 = ts_asprintf("%s/e1/ensemble_summary.csv", g_dir);
    char *csv = ts_read_file(f1);
    free(f1);
    int days[24], n = 0;
    char *line = strchr(csv, '\n') + 1;
    while (*line && n < 24) {
        int member, start;
        assert_int_equal(sscanf(line, "%d,%d,", &member, &start), 2);
        days[n++] = start + 3;
        line = strchr(line, '\n') + 1;
    }
    free(csv);
    assert_int_equal(n, 24);
    for (int i = 0; i < n; i++) /* insertion sort by hand */
        for (int j = i; j > 0 && days[j] < days[j - 1]; j--) {
            int t = days[j];
            days[j] = days[j - 1];
            days[j - 1] = t;
        }
    f1 = ts_asprintf("%s/e1/summary.json", g_dir);
    char *js = ts_read_file(f1);
    free(f1);
    cJSON *j = cJSON_Parse(js);
    free(js);
    cJSON *d = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(
                                       cJSON_GetObjectItem(j, "watch"), "BBB_MAT"), "day"), "p50");
    assert_non_null(d);
    assert_int_equal((int)d->valuedouble, days[12]); /* round(0.5 * 23) = 12 (11.5 -> 12) */
    d = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(
                                cJSON_GetObjectItem(j, "watch"), "BBB_MAT"), "day"), "p05");
    assert_int_equal((int)d->valuedouble, days[1]); /* round(1.15) = 1 */
    cJSON *pb = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "watch"),
                                                        "BBB_MAT"), "p_by_day");
    int c30 = 0;
    for (int i = 0; i < n; i++)
        c30 += days[i] <= 30;
    assert_true(fabs(cJSON_GetObjectItem(pb, "30")->valuedouble - c30 / 24.0) < 1e-12);
    cJSON_Delete(j);
#ifdef TS_MPIRUN
    args = ts_asprintf(TS_MPIRUN " --allow-run-as-root --oversubscribe -np 2 " TS_BINARY
                       " ensemble '%s' -o '%s/e3' -j 1 --quiet > /dev/null 2>&1", p, g_dir);
    int rc = system(args);
    free(args);
    assert_int_equal(rc, 0);
    for (int k = 0; k < 6; k++) {
        f1 = ts_asprintf("%s/e1/%s", g_dir, files[k]);
        f2 = ts_asprintf("%s/e3/%s", g_dir, files[k]);
        char *t1 = ts_read_file(f1), *t2 = ts_read_file(f2);
        assert_non_null(t2);
        if (k < 5)
            assert_string_equal(t1, t2);
        free(t1);
        free(t2);
        free(f1);
        free(f2);
    }
    print_message("  1 and 2 MPI ranks: identical outputs\n");
#endif
    /* no ensemble block: exit 2 */
    char *q = write_case("plain", "");
    args = ts_asprintf("ensemble '%s' -o '%s/e4' --quiet", q, g_dir);
    r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 2);
    assert_non_null(strstr(r.err, "no `ensemble` block"));
    ts_cmd_result_free(&r);
    free(args);
    free(q);
    free(p);
}


/* Calibrated ensemble (rejection ABC): the backtest is case 16b with one observation, the
 * first stop of BBB's MAT on day 13 with tolerance 1 day, so a member's score is
 * |day - 13| with day = 10 + k, k the first whole number with 10 - k < 10 psi (case.md):
 * score 0 exactly when 0.7 < psi <= 0.8 (k = 3). Accepted: the 25% lowest scores. */
static void test_abc_by_hand(void **state)
{
    (void)state;
    char *obs = ts_asprintf("%s/obs.csv", g_dir);
    FILE *f = fopen(obs, "w");
    assert_non_null(f);
    fputs("date,region,sector,metric,value,unit,source,tolerance\n"
          "2025-01-14,BBB,MAT,first_stoppage,2025-01-14,date,hand calculation,1\n", f);
    fclose(f);
    char *bt = write_case("backtest", "observations: obs.csv\n");
    free(bt);
    char *p = write_case("calib", "ensemble:\n  members: 40\n  seed: 11\n  acceptance: 0.25\n"
                                  "  calibrate: {scenario: backtest.yaml, parameters: [psi]}\n"
                                  "  parameters:\n"
                                  "    - {name: psi, path: parameters.psi, dist: uniform,"
                                  " min: 0.55, max: 0.95}\n");
    ts_scenario *sc = NULL, *bs = NULL;
    ts_mrio *m = NULL, *mb = NULL;
    load(p, &sc, &m);
    assert_non_null(sc->ensemble->calib_scenario);
    load(sc->ensemble->calib_scenario, &bs, &mb);
    ts_error err;
    ts_abc *a = NULL;
    if (ts_abc_run(sc, sc->ensemble->calib_scenario, mb, 40, 2, NULL, NULL, &a, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(a->n_acc, 10);
    for (long k = 0; k < 40; k++) {
        char buf[64];
        double psi;
        ts_uncertain_value(&sc->ensemble->params[0],
                           ts_ensemble_uniform(11, (uint64_t)k, 0), buf, sizeof buf, &psi);
        int kk = 1;
        while (!(10 - kk < 10 * psi))
            kk++;
        assert_true(fabs(a->score[k] - fabs(10 + kk - 13.0)) < 1e-12);
        assert_true(!a->accepted[k] || a->score[k] <= a->threshold);
        assert_true(a->accepted[k] || a->score[k] >= a->threshold);
    }
    /* the forecast of the accepted members repeats their draws */
    ts_ensemble_options o = {0};
    o.members = (long)a->n_acc;
    o.values = ts_abc_values;
    o.values_user = a;
    ts_ensemble_result *r = NULL;
    assert_int_equal(ts_ensemble_run(p, sc, m, &o, &r, &err), TS_OK);
    for (size_t i = 0; i < r->N; i++) {
        char buf[64];
        double psi;
        ts_uncertain_value(&sc->ensemble->params[0],
                           ts_ensemble_uniform(11, (uint64_t)a->members[i], 0), buf,
                           sizeof buf, &psi);
        assert_true(r->value[i] == psi);
    }
    ts_ensemble_result_free(r);
    ts_abc_free(a);
    ts_scenario_free(sc);
    ts_scenario_free(bs);
    ts_mrio_free(m);
    ts_mrio_free(mb);
    free(p);
    free(obs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inverse_cdfs),
        cmocka_unit_test(test_sketch_hand_sorted),
        cmocka_unit_test_setup_teardown(test_spec_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_degenerate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_threads_and_hand_days, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cli, setup, teardown),
        cmocka_unit_test_setup_teardown(test_abc_by_hand, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
