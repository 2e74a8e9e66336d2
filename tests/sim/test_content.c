/* Embodied-content export restriction (docs/model.md §3.8) on a hand-computed 3-region,
 * 1-product table: CHN makes G from value added only; JPN buys 0.1 of CHN's G per unit of
 * output; USA buys 0.2 of JPN's G per unit. Then (L - I)_{CHN,JPN} = 0.1 and
 * (L - I)_{CHN,USA} = 0.2 x 0.1 = 0.02 (A is nilpotent: L = I + A + A^2), so a rule
 * "from CHN, to USA, content_of [G], share 0.5" blocks 0.5 x 0.1 = 5% of JPN's G exports
 * to the USA (USA's own content, 0.02, would apply to its exports to the USA: none);
 * with the trigger at 0.05 USA's content share is 0. China's direct exports to the USA
 * (none) are blocked at 0.5; its sales to JPN are free, so JPN runs as usual. With no
 * stock of G (inventory_days 0), USA's output on the day after the first blocked
 * delivery is 0.95 of the baseline. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "testutil.h"
#include "tradeshock/mrio.h"
#include "tradeshock/scenario.h"
#include "tradeshock/sim.h"

static void put(const char *dir, const char *name, const char *text)
{
    char *p = ts_asprintf("%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    free(p);
}

static char *make_table(const char *dir)
{
    char *t = ts_asprintf("%s/table", dir);
    assert_int_equal(ts_mkdir_p(t), 0);
    put(t, "regions.csv", "code,name\nCHN,China\nJPN,Japan\nUSA,United States\n");
    put(t, "sectors.csv", "code,name\nG,Goods\n");
    put(t, "final_demand_categories.csv", "code,name\nHH,Households\n");
    put(t, "Z.csv", "row,CHN_G,JPN_G,USA_G\nCHN_G,0,10,0\nJPN_G,0,0,20\nUSA_G,0,0,0\n");
    put(t, "Y.csv", "row,CHN_HH,JPN_HH,USA_HH\nCHN_G,90,0,0\nJPN_G,0,80,0\nUSA_G,0,0,100\n");
    put(t, "x.csv", "row,gross_output\nCHN_G,100\nJPN_G,100\nUSA_G,100\n");
    put(t, "table.json", "{\"name\": \"content test\", \"year\": 2020, \"currency\": \"USD\", "
                         "\"unit\": \"M USD\", \"source\": \"made up\", \"licence\": \"CC0-1.0\"}\n");
    return t;
}

static ts_scenario *load(const char *dir, const char *extra, ts_mrio **m)
{
    char *p = ts_asprintf("%s/s.yaml", dir);
    FILE *f = fopen(p, "w");
    fprintf(f, "name: content\ntable: table\nstart_date: 2025-01-01\nhorizon_days: 20\n"
               "parameters:\n  inventory_days: 30\n  inventory_days_by_product: {G: 0}\n  substitutability: 0\n"
               "events:\n  - type: export_restriction\n    name: rule\n    from: CHN\n"
               "    to: USA\n    products: [G]\n    content_of: [G]\n    share: 0.5\n"
               "    start: 5\n%s",
            extra);
    fclose(f);
    ts_scenario *sc = NULL;
    ts_error err;
    if (ts_scenario_parse(p, &sc, &err) || ts_mrio_read(sc->table_path, NULL, m, &err) ||
        ts_scenario_resolve(sc, *m, &err))
        fail_msg("%s", err.msg);
    free(p);
    return sc;
}

static void test_content_shares(void **state)
{
    (void)state;
    char *dir = ts_tmpdir();
    free(make_table(dir));
    ts_mrio *m = NULL;
    ts_scenario *sc = load(dir, "", &m);
    const double *c = sc->events[0].content_share;
    assert_non_null(c);
    assert_true(c[0] == 0.0);                  /* CHN itself: its own rule applies */
    assert_true(fabs(c[1] - 0.1) <= 1e-12);    /* JPN */
    assert_true(fabs(c[2] - 0.02) <= 1e-12);   /* USA */
    ts_scenario_free(sc);
    ts_mrio_free(m);
    sc = load(dir, "    content_threshold: 0.05\n", &m);
    c = sc->events[0].content_share;
    assert_true(fabs(c[1] - 0.1) <= 1e-12);
    assert_true(c[2] == 0.0);                  /* 2% < the 5% trigger */
    ts_scenario_free(sc);
    ts_mrio_free(m);
    ts_tmpdir_remove(dir);
}

static void test_content_run(void **state)
{
    (void)state;
    char *dir = ts_tmpdir();
    free(make_table(dir));
    ts_mrio *m = NULL;
    ts_scenario *sc = load(dir, "    content_threshold: 0.05\n", &m);
    ts_result *r = NULL;
    ts_error err;
    if (ts_sim_run(m, sc, NULL, &r, &err))
        fail_msg("%s", err.msg);
    size_t n = r->n;
    double x_usa = r->x0[2];
    /* before the rule: baseline; from the day after the first blocked day: 0.95 */
    assert_true(fabs(r->production[4 * n + 2] - x_usa) <= 1e-9 * x_usa);
    double after = r->production[7 * n + 2];
    printf("USA output day 7: %.9g of baseline %.9g (expected 0.95)\n", after, x_usa);
    assert_true(fabs(after / x_usa - 0.95) <= 1e-6);
    ts_result_free(r);
    ts_scenario_free(sc);
    ts_mrio_free(m);
    ts_tmpdir_remove(dir);
}

static void test_content_errors(void **state)
{
    (void)state;
    char *dir = ts_tmpdir();
    struct { const char *ev, *key, *msg; } cases[] = {
        {"    content_threshold: 2\n", "events[0].content_threshold", "out of range"},
        {"    buyers: [G]\n", "events[0].content_of", "cannot have 'buyers'"},
    };
    for (size_t k = 0; k < 2; k++) {
        char *p = ts_asprintf("%s/s%zu.yaml", dir, k);
        FILE *f = fopen(p, "w");
        fprintf(f, "name: content\ntable: table\nstart_date: 2025-01-01\nhorizon_days: 20\n"
                   "events:\n  - type: export_restriction\n    from: CHN\n    products: [G]\n"
                   "    content_of: [G]\n    start: 5\n%s",
                cases[k].ev);
        fclose(f);
        ts_scenario *sc = NULL;
        ts_error err;
        ts_status st = ts_scenario_parse(p, &sc, &err);
        if (st != TS_ERR_INPUT || strcmp(err.key, cases[k].key) || !strstr(err.msg, cases[k].msg))
            fail_msg("case %zu: status %d key '%s' msg '%s'", k, st, err.key, err.msg);
        ts_scenario_free(sc);
        free(p);
    }
    /* threshold without content_of */
    char *p = ts_asprintf("%s/s9.yaml", dir);
    FILE *f = fopen(p, "w");
    fputs("name: c\ntable: table\nstart_date: 2025-01-01\nhorizon_days: 20\nevents:\n"
          "  - type: export_restriction\n    from: CHN\n    content_threshold: 0.1\n    start: 0\n", f);
    fclose(f);
    ts_scenario *sc = NULL;
    ts_error err;
    assert_int_equal(ts_scenario_parse(p, &sc, &err), TS_ERR_INPUT);
    assert_string_equal(err.key, "events[0].content_threshold");
    ts_scenario_free(sc);
    free(p);
    ts_tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_content_shares),
        cmocka_unit_test(test_content_run),
        cmocka_unit_test(test_content_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
