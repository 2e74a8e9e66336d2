/* Overrides by key path (include/tradeshock/override.h, docs/scenario-format.md
 * "Overrides by key path"): every expected value is written by hand from the scenario
 * text below and the documented rules (a missing key is added, a number standing for
 * every product becomes {default: number, KEY: value}, list items by index or name,
 * errors name the path and the nearest key). */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "tradeshock/mrio.h"
#include "tradeshock/override.h"
#include "tradeshock/scenario.h"

static char *g_dir;
static char g_path[1024];

static int setup(void **state)
{
    (void)state;
    g_dir = ts_tmpdir();
    snprintf(g_path, sizeof g_path, "%s/scenario.yaml", g_dir);
    return g_dir ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    ts_tmpdir_remove(g_dir);
    g_dir = NULL;
    return 0;
}

/* start_date 2025-01-01: day 31 is 2025-02-01. */
static const char *const k_yaml =
    "name: test\n"
    "table: table\n"
    "start_date: 2025-01-01\n"
    "horizon_days: 100\n"
    "parameters:\n"
    "  inventory_days: 30\n"
    "  inventory_days_by_product:\n"
    "    REE: {default: infinite, S1: 45}\n"
    "    S2: 20\n"
    "  substitutability: 0.3\n"
    "events:\n"
    "  - type: export_restriction\n"
    "    name: ree-curbs\n"
    "    from: AAA\n"
    "    products: [REE]\n"
    "    share: 0.75\n"
    "    start: 0\n"
    "  - type: tariff\n"
    "    name: us-tariff\n"
    "    to: BBB\n"
    "    from: AAA\n"
    "    rate: 1.0\n"
    "    start: 2025-01-10\n";

static void write_yaml(const char *text)
{
    FILE *f = fopen(g_path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static ts_scenario *parse_ok(const ts_override *ov, size_t n)
{
    write_yaml(k_yaml);
    ts_scenario *sc = NULL;
    ts_error err;
    ts_status st = ts_scenario_parse_overrides(g_path, ov, n, &sc, &err);
    if (st != TS_OK)
        fail_msg("unexpected error: %s", err.msg);
    return sc;
}

/* Parse must fail with TS_ERR_INPUT, key @p key, and a message holding each string. */
static void expect_fail(const ts_override *ov, size_t n, const char *key, const char *m1,
                        const char *m2)
{
    write_yaml(k_yaml);
    ts_scenario *sc = NULL;
    ts_error err;
    ts_status st = ts_scenario_parse_overrides(g_path, ov, n, &sc, &err);
    print_message("  %s\n", err.msg);
    assert_int_equal(st, TS_ERR_INPUT);
    assert_null(sc);
    assert_int_equal(ts_status_exit_code(st), 2);
    assert_string_equal(err.key, key);
    assert_non_null(strstr(err.msg, "scenario.yaml"));
    if (m1)
        assert_non_null(strstr(err.msg, m1));
    if (m2)
        assert_non_null(strstr(err.msg, m2));
}

static size_t product_index(const ts_params *p, const char *code)
{
    for (size_t i = 0; i < p->n_product_days; i++)
        if (!strcmp(p->product_days_codes[i], code))
            return i;
    fail_msg("no product %s", code);
    return 0;
}

static double buyer_days(const ts_params *p, const char *prod, const char *buyer)
{
    size_t k = product_index(p, prod);
    for (size_t b = 0; b < p->n_buyer_days; b++)
        if (p->buyer_days_product[b] == k && !strcmp(p->buyer_days_codes[b], buyer))
            return p->buyer_days[b];
    fail_msg("no buyer %s for %s", buyer, prod);
    return NAN;
}

static void test_no_override_is_plain_parse(void **state)
{
    (void)state;
    ts_scenario *sc = parse_ok(NULL, 0);
    assert_true(sc->params.psi == 0.8); /* default */
    assert_true(sc->events[0].share == 0.75);
    assert_int_equal(sc->events[1].start, 9);
    ts_scenario_free(sc);
}

static void test_set_values(void **state)
{
    (void)state;
    const ts_override ov[] = {
        {"parameters.psi", "0.5"},                            /* absent: added */
        {"parameters.inventory_days", "40"},                  /* replaced */
        {"parameters.inventory_days_by_product.REE.S1", "30"}, /* per-buyer key */
        {"parameters.inventory_days_by_product.REE.S2", "infinite"}, /* new buyer key */
        {"parameters.inventory_days_by_product.S2.S1", "12"}, /* 20 -> {default: 20, S1: 12} */
        {"parameters.substitutability.REE", "0.05"},          /* 0.3 -> {default: 0.3, REE} */
        {"events[ree-curbs].share", "0.5"},
        {"events[1].start", "2025-02-01"},
        {"events[us-tariff].rate", "0.25"},
        {"horizon_days", "50"},
    };
    ts_scenario *sc = parse_ok(ov, sizeof ov / sizeof ov[0]);
    const ts_params *p = &sc->params;
    assert_true(p->psi == 0.5);
    assert_true(p->inventory_days == 40);
    assert_true(buyer_days(p, "REE", "S1") == 30);
    assert_true(isinf(buyer_days(p, "REE", "S2")));
    assert_true(isinf(p->product_days[product_index(p, "REE")]));
    assert_true(p->product_days[product_index(p, "S2")] == 20);
    assert_true(buyer_days(p, "S2", "S1") == 12);
    assert_true(p->substitutability.deflt == 0.3);
    assert_int_equal(p->substitutability.n, 1);
    assert_string_equal(p->substitutability.codes[0], "REE");
    assert_true(p->substitutability.values[0] == 0.05);
    assert_true(sc->events[0].share == 0.5);
    assert_int_equal(sc->events[1].start, 31);
    assert_true(sc->events[1].rate == 0.25);
    assert_int_equal(sc->horizon_days, 50);
    ts_scenario_free(sc);
}

static void test_day_number_and_later_wins(void **state)
{
    (void)state;
    const ts_override ov[] = {
        {"events[us-tariff].start", "12"},
        {"events[0].share", "0.1"},
        {"events[ree-curbs].share", "0.2"}, /* same field, later wins */
    };
    ts_scenario *sc = parse_ok(ov, 3);
    assert_int_equal(sc->events[1].start, 12);
    assert_true(sc->events[0].share == 0.2);
    ts_scenario_free(sc);
}

static void test_path_errors(void **state)
{
    (void)state;
    ts_override a = {"events[ree-curb].share", "0.5"};
    expect_fail(&a, 1, "events[ree-curb].share", "did you mean 'ree-curbs'", "override");
    ts_override b = {"events[5].share", "0.5"};
    expect_fail(&b, 1, "events[5].share", "has 2 items", "no [5]");
    ts_override c = {"events[.share", "0.5"};
    expect_fail(&c, 1, "events[.share", "bad path", NULL);
    ts_override d = {"parameters.inventory_days_by_product", "3"};
    expect_fail(&d, 1, "parameters.inventory_days_by_product", "is a mapping", "REE, S2");
    ts_override e = {"parameters.psi", ""};
    expect_fail(&e, 1, "parameters.psi", "empty", NULL);
    ts_override f = {"events[0]", "3"};
    expect_fail(&f, 1, "events[0]", "whole list item", NULL);
    /* a key under a single value makes it {default: value, x: 3}: `name` must be text */
    ts_override g = {"name.x", "3"};
    expect_fail(&g, 1, "name", "expected a name", "override name.x=3");
    ts_override g2 = {"name.x.y", "3"};
    expect_fail(&g2, 1, "name.x.y", "single value", NULL);
    ts_override h = {"events.share", "3"};
    expect_fail(&h, 1, "events.share", "not a mapping", NULL);
    assert_int_equal(ts_override_check_path("a..b", NULL), TS_ERR_INPUT);
    assert_int_equal(ts_override_check_path("events[ree-curbs].share", NULL), TS_OK);
    assert_int_equal(ts_override_check_path("parameters.inventory_days_by_product.REE.c15",
                                            NULL), TS_OK);
}

/* The parser's checks apply to the overridden value and say which override set it. */
static void test_validation_of_values(void **state)
{
    (void)state;
    ts_override a = {"parameters.psi", "1.5"};
    expect_fail(&a, 1, "parameters.psi", "out of range", "override parameters.psi=1.5");
    ts_override b = {"parameters.pis", "0.5"};
    expect_fail(&b, 1, "parameters.pis", "did you mean 'psi'", "override parameters.pis=0.5");
    ts_override c = {"events[ree-curbs].share", "2"};
    expect_fail(&c, 1, "events[0].share", "override events[ree-curbs].share=2", NULL);
    ts_override d = {"events[us-tariff].start", "2025-13-01"};
    expect_fail(&d, 1, "events[1].start", "override events[us-tariff].start", NULL);
    ts_override e = {"parameters.substitutability.REE", "many"};
    expect_fail(&e, 1, "parameters.substitutability.REE", "override", NULL);
}

/* An unknown product code is found at resolution; annotate says which override. */
static void test_resolve_annotate(void **state)
{
    (void)state;
    const ts_override ov[] = {{"parameters.inventory_days_by_product.RE.S1", "10"}};
    ts_scenario *sc = parse_ok(ov, 1);
    static const char *const r[] = {"AAA", "BBB"};
    static const char *const s[] = {"S1", "S2", "REE"};
    ts_mrio *m = NULL;
    ts_error err;
    assert_int_equal(ts_mrio_create(2, 3, 1, &m, &err), TS_OK);
    for (size_t i = 0; i < 2; i++)
        m->regions[i].code = ts_strdup(r[i]);
    for (size_t i = 0; i < 3; i++)
        m->sectors[i].code = ts_strdup(s[i]);
    m->fd_cats[0].code = ts_strdup("HH");
    ts_status st = ts_scenario_resolve(sc, m, &err);
    assert_int_equal(st, TS_ERR_INPUT);
    ts_override_annotate(&err, sc, ov, 1);
    print_message("  %s\n", err.msg);
    assert_non_null(strstr(err.msg, "did you mean 'REE'"));
    assert_non_null(strstr(err.msg, "override parameters.inventory_days_by_product.RE.S1=10"));
    /* events[NAME] is matched to the parser's events[i] through the scenario's names */
    ts_error e2;
    ts_error_set(&e2, TS_ERR_INPUT, g_path, 16, 0, "events[0].share", "bad share");
    const ts_override o2 = {"events[ree-curbs].share", "0.9"};
    ts_override_annotate(&e2, sc, &o2, 1);
    assert_non_null(strstr(e2.msg, "bad share (the value was set by override"));
    assert_int_equal(e2.line, 0);
    ts_mrio_free(m);
    ts_scenario_free(sc);
}

static void test_number_text(void **state)
{
    (void)state;
    char buf[32];
    ts_override_number(0.1, buf, sizeof buf);
    assert_string_equal(buf, "0.10000000000000001");
    ts_override_number(45, buf, sizeof buf);
    assert_string_equal(buf, "45");
    ts_override_number(INFINITY, buf, sizeof buf);
    assert_string_equal(buf, "infinite");
    /* a number written by ts_override_number reads back exactly, in any locale */
    if (setlocale(LC_NUMERIC, "de_DE.UTF-8") || setlocale(LC_NUMERIC, "fr_FR.UTF-8")) {
        ts_override_number(0.3, buf, sizeof buf);
        assert_null(strchr(buf, ','));
    }
    ts_override_number(1.0 / 3.0, buf, sizeof buf);
    const ts_override ov[] = {{"events[ree-curbs].share", buf}};
    ts_scenario *sc = parse_ok(ov, 1);
    assert_true(sc->events[0].share == 1.0 / 3.0);
    ts_scenario_free(sc);
    setlocale(LC_NUMERIC, "C");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_no_override_is_plain_parse, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_day_number_and_later_wins, setup, teardown),
        cmocka_unit_test_setup_teardown(test_path_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_validation_of_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_resolve_annotate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_number_text, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
