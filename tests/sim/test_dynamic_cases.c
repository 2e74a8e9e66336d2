/* Dynamic model against hand-computed cases (tests/fixtures/cases/16a, 16b, 03):
 * golden values come from each case's expected.json (exact fractions by hand,
 * confirmed by BoARIO), never from this code. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "tradeshock/mrio.h"
#include "tradeshock/scenario.h"
#include "tradeshock/sim.h"

typedef struct loaded {
    ts_scenario *sc;
    ts_mrio *m;
    ts_result *r;
    cJSON *expected;
} loaded;

static void load_case(loaded *L, const char *name, const ts_sim_options *opt)
{
    char path[4096];
    ts_error err;
    memset(L, 0, sizeof *L);
    snprintf(path, sizeof path, "%s/cases/%s/input/scenario.yaml", TS_FIXTURES, name);
    assert_int_equal(ts_scenario_parse(path, &L->sc, &err), TS_OK);
    assert_int_equal(ts_mrio_read(L->sc->table_path, NULL, &L->m, &err), TS_OK);
    assert_int_equal(ts_scenario_resolve(L->sc, L->m, &err), TS_OK);
    ts_status st = ts_sim_run(L->m, L->sc, opt, &L->r, &err);
    if (st)
        fail_msg("run failed: %s", err.msg);
    snprintf(path, sizeof path, "%s/cases/%s/expected.json", TS_FIXTURES, name);
    char *txt = ts_read_file(path);
    assert_non_null(txt);
    L->expected = cJSON_Parse(txt);
    free(txt);
    assert_non_null(L->expected);
}

static void unload(loaded *L)
{
    ts_result_free(L->r);
    ts_mrio_free(L->m);
    ts_scenario_free(L->sc);
    cJSON_Delete(L->expected);
}

static size_t industry(const ts_mrio *m, const char *reg, const char *sec)
{
    int r = ts_mrio_region_index(m, reg), s = ts_mrio_sector_index(m, sec);
    assert_true(r >= 0 && s >= 0);
    return (size_t)r * m->S + (size_t)s;
}

/* stock of product p held by j at the start of day t, from the recorded cover */
static double stock(const ts_result *r, const ts_mrio *m, size_t p, size_t j, size_t t)
{
    for (size_t k = 0; k < r->n_cover; k++)
        if ((size_t)r->cover_pairs[k].product == p && (size_t)r->cover_pairs[k].industry == j) {
            double zc = 0;
            for (size_t i = 0; i < m->n; i++)
                if (i % m->S == p)
                    zc += m->Z[i * m->n + j];
            return r->cover[t * r->n_cover + k] * zc / 365.0;
        }
    fail_msg("pair (%zu,%zu) not recorded", p, j);
    return NAN;
}

static void test_16a_baseline_steady(void **state)
{
    (void)state;
    ts_pair pairs[2] = {{0, 0}, {0, 1}};
    ts_sim_options opt = {0};
    opt.cover_pairs = pairs;
    opt.n_cover_pairs = 2;
    loaded L;
    load_case(&L, "16a-dynamic-baseline-steady", &opt);
    double rel = cJSON_GetObjectItem(cJSON_GetObjectItem(L.expected, "tolerance"), "rel")->valuedouble;
    cJSON *prod = cJSON_GetObjectItem(L.expected, "production_per_day");
    size_t a = industry(L.m, "AAA", "MAT"), b = industry(L.m, "BBB", "MAT");
    double xa = cJSON_GetObjectItem(prod, "AAA_MAT")->valuedouble;
    double xb = cJSON_GetObjectItem(prod, "BBB_MAT")->valuedouble;
    cJSON *inv = cJSON_GetObjectItem(L.expected, "inventory");
    double ia = cJSON_GetObjectItem(inv, "AAA_MAT/MAT")->valuedouble;
    double ib = cJSON_GetObjectItem(inv, "BBB_MAT/MAT")->valuedouble;
    double worst = 0;
    for (size_t t = 0; t < L.r->T; t++) {
        double da = fabs(L.r->production[t * L.r->n + a] - xa) / xa;
        double db = fabs(L.r->production[t * L.r->n + b] - xb) / xb;
        worst = fmax(worst, fmax(da, db));
        assert_true(ts_close(stock(L.r, L.m, 0, a, t), ia, rel, 0));
        assert_true(ts_close(stock(L.r, L.m, 0, b, t), ib, rel, 0));
        assert_true(fabs(L.r->unmet_fd[t * L.r->n + a]) <= 1e-12 * xa);
    }
    printf("16a: max relative deviation from x0 over %zu days: %.3g\n", L.r->T, worst);
    assert_true(worst <= rel);
    assert_int_equal(L.r->n_stockouts, 0);
    unload(&L);
}

static void test_16b_export_ban(void **state)
{
    (void)state;
    ts_pair pairs[1] = {{0, 1}};
    ts_sim_options opt = {0};
    opt.cover_pairs = pairs;
    opt.n_cover_pairs = 1;
    loaded L;
    load_case(&L, "16b-dynamic-export-ban", &opt);
    double rel = cJSON_GetObjectItem(cJSON_GetObjectItem(L.expected, "tolerance"), "rel")->valuedouble;
    size_t a = industry(L.m, "AAA", "MAT"), b = industry(L.m, "BBB", "MAT"), n = L.r->n;
    cJSON *prod = cJSON_GetObjectItem(L.expected, "production_BBB_MAT");
    cJSON *it;
    cJSON_ArrayForEach(it, prod) {
        size_t t = (size_t)atoi(it->string);
        double got = L.r->production[t * n + b];
        if (!ts_close(got, it->valuedouble, rel, 0))
            fail_msg("BBB production day %zu: got %.15g, expected %.15g", t, got, it->valuedouble);
    }
    cJSON *inv = cJSON_GetObjectItem(L.expected, "inventory_start_of_day_BBB_MAT");
    cJSON_ArrayForEach(it, inv) {
        size_t t = (size_t)atoi(it->string);
        double got = stock(L.r, L.m, 0, b, t);
        if (!ts_close(got, it->valuedouble, rel, 0))
            fail_msg("BBB stock day %zu: got %.15g, expected %.15g", t, got, it->valuedouble);
    }
    cJSON *first = cJSON_GetObjectItem(L.expected, "first_constrained_day");
    int day = cJSON_GetObjectItem(first, "day")->valueint;
    assert_true(L.r->n_stockouts >= 1);
    assert_int_equal(L.r->stockouts[0].industry, (int)b);
    assert_int_equal(L.r->stockouts[0].product, 0);
    assert_int_equal(L.r->stockouts[0].first_day, day);
    for (size_t t = 0; t < L.r->T; t++) {
        assert_true(L.r->production[t * n + a] <= 10.0 * (1 + 1e-12));
        assert_int_equal(L.r->limited[t * n + a], 0);
    }
    double unmet = cJSON_GetObjectItem(L.expected, "unmet_final_demand_BBB_HH_day13")->valuedouble;
    int q = ts_mrio_region_index(L.m, "BBB");
    double got = L.r->unmet_fd_region[13 * L.r->R + (size_t)q];
    if (!ts_close(got, unmet, rel, 0))
        fail_msg("unmet final demand of BBB on day 13: got %.15g, expected %.15g", got, unmet);
    unload(&L);
}

static void test_03_negative_final_demand(void **state)
{
    (void)state;
    loaded L;
    load_case(&L, "03-negative-final-demand", NULL);
    cJSON *x = cJSON_GetObjectItem(cJSON_GetObjectItem(L.expected, "values"), "x");
    size_t n = L.r->n;
    for (size_t t = 0; t < 5; t++)
        for (size_t i = 0; i < n; i++) {
            double x0 = cJSON_GetArrayItem(x, (int)i)->valuedouble / 365.0;
            if (!ts_close(L.r->production[t * n + i], x0, 1e-12, 0))
                fail_msg("day %zu industry %zu: %.15g vs %.15g", t, i, L.r->production[t * n + i], x0);
        }
    for (size_t t = 0; t < L.r->T; t++) {
        for (size_t q = 0; q < L.r->R; q++)
            assert_true(L.r->unmet_fd_region[t * L.r->R + q] >= -1e-9);
        for (size_t i = 0; i < n; i++) {
            assert_true(isfinite(L.r->production[t * n + i]));
            assert_true(L.r->unmet_fd[t * n + i] >= -1e-9);
            assert_true(L.r->production[t * n + i] <= L.r->capacity[t * n + i] * (1 + 1e-12));
        }
        for (size_t k = 0; k < L.r->n_cover; k++)
            assert_true(!(L.r->cover[t * L.r->n_cover + k] < 0));
    }
    /* the ban must bite: BBB stops getting S2 from AAA from day 5 on */
    assert_true(L.r->n_stockouts > 0);
    unload(&L);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_16a_baseline_steady),
        cmocka_unit_test(test_16b_export_ban),
        cmocka_unit_test(test_03_negative_final_demand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
