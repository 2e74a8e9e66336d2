/* Scenario: groups, retaliation rules and trade-policy parameters (parse + resolve). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "tradeshock/mrio.h"
#include "tradeshock/scenario.h"

static char *write_yaml(const char *dir, const char *body)
{
    char *p = malloc(4096);
    snprintf(p, 4096, "%s/s.yaml", dir);
    FILE *f = fopen(p, "w");
    fprintf(f,
            "name: t\ntable: %s\nstart_date: 2025-01-01\nhorizon_days: 30\n%s",
            ts_fixture("cases/00-base-valid-2r2s/input"), body);
    fclose(f);
    return p;
}

static ts_status load(const char *body, ts_scenario **sc, ts_mrio **m, ts_error *err)
{
    char *dir = ts_tmpdir();
    char *p = write_yaml(dir, body);
    ts_status st = ts_scenario_parse(p, sc, err);
    if (!st) {
        st = ts_mrio_read((*sc)->table_path, NULL, m, err);
        if (!st)
            st = ts_scenario_resolve(*sc, *m, err);
    }
    free(p);
    ts_tmpdir_remove(dir);
    return st;
}

static void test_groups_and_parameters(void **state)
{
    (void)state;
    ts_scenario *sc = NULL;
    ts_mrio *m = NULL;
    ts_error err;
    ts_status st = load("parameters:\n"
                        "  substitution_days: 30\n"
                        "  substitutability: {default: 0.5, S2: 0.03}\n"
                        "  armington_sigma: 2\n"
                        "  import_demand_elasticity: -0.5\n"
                        "  priority: [defence, intermediate]\n"
                        "groups:\n"
                        "  defence: {BBB_S1: 0.25, AAA_S2: 1}\n"
                        "  civil: [AAA_S1]\n"
                        "retaliation:\n"
                        "  - when: tariff\n    by: AAA\n    against: BBB\n    respond: tariff\n"
                        "    factor: 0.5\n    delay_days: 7\n    cap: 0.3\n",
                        &sc, &m, &err);
    if (st)
        fail_msg("%s", err.msg);
    assert_true(sc->params.substitution_days == 30);
    assert_true(sc->params.substitutability.by_product[0] == 0.5);
    assert_true(sc->params.substitutability.by_product[1] == 0.03);
    assert_true(sc->params.armington_sigma.by_product[1] == 2);
    assert_true(sc->params.import_demand_elasticity == -0.5);
    assert_int_equal(sc->params.priority_rationing, 1);
    assert_int_equal(sc->params.n_priority, 2);
    assert_int_equal(sc->params.priority_group[0], 0);
    assert_int_equal(sc->params.priority_group[1], TS_PRIORITY_INTERMEDIATE);
    assert_int_equal(sc->n_groups, 2);
    assert_string_equal(sc->groups[0].name, "defence");
    assert_int_equal(sc->groups[0].members[0].industry, 2); /* BBB_S1 = 1*2+0 */
    assert_true(sc->groups[0].members[0].weight == 0.25);
    assert_int_equal(sc->groups[1].members[0].industry, 0);
    assert_int_equal(sc->n_retaliation, 1);
    assert_int_equal(sc->retaliation[0].delay_days, 7);
    assert_true(sc->retaliation[0].cap == 0.3 && sc->retaliation[0].factor == 0.5);
    ts_scenario_free(sc);
    ts_mrio_free(m);
}

static void expect_error(const char *body, const char *mention, long line)
{
    ts_scenario *sc = NULL;
    ts_mrio *m = NULL;
    ts_error err;
    ts_status st = load(body, &sc, &m, &err);
    if (st != TS_ERR_INPUT)
        fail_msg("expected an input error for:\n%s", body);
    if (!strstr(err.msg, mention))
        fail_msg("message lacks '%s': %s", mention, err.msg);
    assert_int_equal(err.line, line);
    ts_scenario_free(sc);
    ts_mrio_free(m);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("groups:\n  defence: [CCC_S1]\n", "groups.defence[0]", 6);
    expect_error("groups:\n  defence: {AAA_S1: 1.5}\n", "(0, 1]", 6);
    expect_error("parameters:\n  substitutability: 1.2\n", "parameters.substitutability", 6);
    expect_error("parameters:\n  substitutability: {S9: 0.1}\n", "'S9'", 6);
    expect_error("parameters:\n  priority: [nosuch]\n", "nosuch", 6);
    expect_error("parameters:\n  import_demand_elasticity: 1\n", "<= 0", 6);
    expect_error("retaliation:\n  - when: embargo\n    by: AAA\n    against: BBB\n    respond: tariff\n",
                 "retaliation[0].when", 6);
    expect_error("retaliation:\n  - when: tariff\n    by: AAA\n    respond: tariff\n", "against", 6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_groups_and_parameters),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
