/* Unit tests of the scenario module (docs/scenario-format.md): defaults, days and
 * dates, `all`, per-product inventories, truces, and the error messages (file, line,
 * key path) of each kind of bad input. Expected values are written from the format
 * documentation, by hand. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "tradeshock/mrio.h"
#include "tradeshock/scenario.h"

/* ---- helpers ----------------------------------------------------------------- */

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

static void write_text(const char *text)
{
    FILE *f = fopen(g_path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static ts_status parse_text(const char *yaml, ts_scenario **sc, ts_error *err)
{
    write_text(yaml);
    return ts_scenario_parse(g_path, sc, err);
}

#define HEAD                                                                                 \
    "name: test\n"                                                                           \
    "table: table\n"                                                                         \
    "start_date: 2025-01-01\n"                                                               \
    "horizon_days: 100\n"

/* A table with the given region and sector codes (values all zero). */
static ts_mrio *table_of(const char *const *regions, size_t R, const char *const *sectors,
                         size_t S)
{
    ts_mrio *m = NULL;
    ts_error err;
    assert_int_equal(ts_mrio_create(R, S, 1, &m, &err), TS_OK);
    for (size_t r = 0; r < R; r++)
        m->regions[r].code = ts_strdup(regions[r]);
    for (size_t s = 0; s < S; s++)
        m->sectors[s].code = ts_strdup(sectors[s]);
    m->fd_cats[0].code = ts_strdup("HH");
    return m;
}

static ts_mrio *table3(void)
{
    static const char *const r[] = {"AAA", "BBB", "CCC"};
    static const char *const s[] = {"S1", "S2", "SRV"};
    return table_of(r, 3, s, 3);
}

static void assert_idx(const ts_code_list *l, const int *want, size_t n)
{
    assert_int_equal(l->n_idx, n);
    assert_non_null(l->idx);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(l->idx[i], want[i]);
}

/* Parse (and, with a table, resolve) @p yaml; it must fail with TS_ERR_INPUT at
 * @p line under key path @p key, and the message must contain the file name, the line,
 * the key path and each of the NULL-terminated @p mention strings. */
static void expect_error_v(const char *yaml, ts_mrio *m, const char *key, long line,
                           va_list ap)
{
    ts_scenario *sc = NULL;
    ts_error err;
    ts_status st = parse_text(yaml, &sc, &err);
    if (st == TS_OK && m)
        st = ts_scenario_resolve(sc, m, &err);
    ts_scenario_free(sc);
    if (st != TS_ERR_INPUT)
        fail_msg("expected an input error at %s, got status %d: %s", key ? key : "-", st,
                 err.msg);
    print_message("  %s\n", err.msg);
    assert_int_equal(err.code, TS_ERR_INPUT);
    assert_non_null(strstr(err.msg, "scenario.yaml"));
    assert_string_equal(err.file, g_path);
    if (line > 0) {
        assert_int_equal(err.line, line);
        char num[32];
        snprintf(num, sizeof num, ":%ld", line);
        assert_non_null(strstr(err.msg, num));
    }
    if (key) {
        assert_string_equal(err.key, key);
        assert_non_null(strstr(err.msg, key));
    }
    const char *s;
    while ((s = va_arg(ap, const char *)))
        if (!strstr(err.msg, s))
            fail_msg("message lacks '%s': %s", s, err.msg);
}

static void expect_error(const char *yaml, const char *key, long line, ...)
{
    va_list ap;
    va_start(ap, line);
    expect_error_v(yaml, NULL, key, line, ap);
    va_end(ap);
}

static void expect_resolve_error(const char *yaml, const char *key, long line, ...)
{
    ts_mrio *m = table3();
    va_list ap;
    va_start(ap, line);
    expect_error_v(yaml, m, key, line, ap);
    va_end(ap);
    ts_mrio_free(m);
}

static ts_scenario *parse_ok(const char *yaml)
{
    ts_scenario *sc = NULL;
    ts_error err;
    ts_status st = parse_text(yaml, &sc, &err);
    if (st)
        fail_msg("unexpected error: %s", err.msg);
    assert_non_null(sc);
    return sc;
}

static ts_scenario *parse_resolve_ok(const char *yaml, ts_mrio *m)
{
    ts_scenario *sc = parse_ok(yaml);
    ts_error err;
    ts_status st = ts_scenario_resolve(sc, m, &err);
    if (st)
        fail_msg("unexpected resolve error: %s", err.msg);
    return sc;
}

/* ---- defaults and top level ------------------------------------------------------ */

/* Named sector sets (issue 11): a set name as a product key and in code lists. */
static void test_sets(void **state)
{
    (void)state;
    static const char *const r[] = {"AAA", "BBB"};
    static const char *const sx[] = {"c1", "c2", "c3"};
    ts_mrio *m = table_of(r, 2, sx, 3);
    ts_scenario *sc = parse_resolve_ok(HEAD "sets: {srv: c2-c3, goods: [c1]}\n"
                                            "parameters:\n  inventory_days_by_product: "
                                            "{srv: infinite, c1: 20}\n"
                                            "events:\n  - type: export_restriction\n"
                                            "    from: AAA\n    products: [goods, srv]\n"
                                            "    start: 0\n", m);
    assert_true(sc->params.inventory_days_by_product[0] == 20.0);
    assert_true(isinf(sc->params.inventory_days_by_product[1]));
    assert_true(isinf(sc->params.inventory_days_by_product[2]));
    assert_idx(&sc->events[0].products, (int[]){0, 1, 2}, 3);
    ts_scenario_free(sc);
    /* errors with their key paths */
    struct { const char *yaml, *key, *msg; } bad[] = {
        {HEAD "sets: {srv: c5-c3}\n", "sets.srv", "empty"},
        {HEAD "sets: {srv: c2-c3}\nparameters:\n  inventory_days_by_product: "
              "{srv: {default: 3}}\n",
         "parameters.inventory_days_by_product.srv", "one number of days"},
        {HEAD "sets: [c1]\n", "sets", "expected a mapping"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        ts_error err;
        ts_scenario *x = NULL;
        ts_status st = parse_text(bad[k].yaml, &x, &err);
        if (st != TS_ERR_INPUT || strcmp(err.key, bad[k].key) || !strstr(err.msg, bad[k].msg))
            fail_msg("case %zu: status %d key '%s' msg '%s'", k, st, err.key, err.msg);
        ts_scenario_free(x);
    }
    ts_mrio_free(m);
}

static void test_defaults(void **state)
{
    (void)state;
    ts_params p;
    memset(&p, 0x55, sizeof p);
    ts_params_default(&p);
    assert_true(p.inventory_days == 90.0);
    assert_true(p.psi == 0.8);
    assert_true(p.restoration_days == 60.0);
    assert_true(p.alpha_max == 1.25);
    assert_true(p.alpha_tau_days == 365.0);
    assert_true(p.collapse_threshold == 0.1);
    assert_int_equal(p.n_product_days, 0);
    assert_null(p.inventory_days_by_product);

    ts_scenario *sc = parse_ok(HEAD);
    assert_string_equal(sc->name, "test");
    assert_string_equal(sc->table, "table");
    char want[1100];
    snprintf(want, sizeof want, "%s/table", g_dir);
    assert_string_equal(sc->table_path, want);
    assert_int_equal(sc->table_line, 2);
    assert_string_equal(sc->file, g_path);
    assert_int_equal(sc->start_year, 2025);
    assert_int_equal(sc->start_month, 1);
    assert_int_equal(sc->start_day, 1);
    assert_int_equal(sc->horizon_days, 100);
    assert_int_equal(sc->n_events, 0);
    assert_true(sc->params.inventory_days == 90.0 && sc->params.psi == 0.8 &&
                sc->params.alpha_max == 1.25 && sc->params.collapse_threshold == 0.1);

    ts_mrio *m = table3();
    ts_error err;
    assert_int_equal(ts_scenario_resolve(sc, m, &err), TS_OK);
    for (int s = 0; s < 3; s++)
        assert_true(sc->params.inventory_days_by_product[s] == 90.0);
    ts_mrio_free(m);
    ts_scenario_free(sc);
    ts_scenario_free(NULL);
}

static void test_parameters_and_paths(void **state)
{
    (void)state;
    ts_scenario *sc = parse_ok("name: p\n"
                               "description: |\n  two\n  lines\n"
                               "table: /abs/table\n"
                               "start_date: 2024-02-28\n"
                               "horizon_days: 1\n"
                               "parameters:\n"
                               "  inventory_days: 12.5\n"
                               "  psi: 1\n"
                               "  restoration_days: 1\n"
                               "  alpha_max: 1\n"
                               "  alpha_tau_days: 30\n"
                               "  collapse_threshold: 0.25\n"
                               "events: []\n");
    assert_string_equal(sc->table_path, "/abs/table");
    assert_true(sc->params.inventory_days == 12.5);
    assert_true(sc->params.psi == 1.0);
    assert_true(sc->params.restoration_days == 1.0);
    assert_true(sc->params.alpha_max == 1.0);
    assert_true(sc->params.alpha_tau_days == 30.0);
    assert_true(sc->params.collapse_threshold == 0.25);
    assert_int_equal(sc->n_events, 0);
    assert_int_equal(sc->horizon_days, 1);
    ts_scenario_free(sc);
}

/* ---- days, dates, end inclusive / open -------------------------------------------- */

static void test_days_and_dates(void **state)
{
    (void)state;
    ts_scenario *sc = parse_ok("name: d\ntable: t\nstart_date: 2024-02-28\nhorizon_days: 30\n"
                               "events:\n"
                               "  - type: export_restriction\n" /* line 6 */
                               "    from: AAA\n"
                               "    start: 2024-03-01\n"
                               "    end: 2024-03-01\n"
                               "  - type: export_restriction\n" /* line 10 */
                               "    from: AAA\n"
                               "    start: 2\n"
                               "    end: 40\n"
                               "  - type: capacity_loss   # comment after a value\n"
                               "    regions: BBB\n"
                               "    share: 0.3 # another\n"
                               "    start: 0\n"
                               "    end: 2024-02-28\n"
                               "    recovery_days: 10\n"
                               "  - type: demand_change\n"
                               "    share: -0.1\n"
                               "    start: \"2024-02-29\"\n");
    assert_int_equal(sc->n_events, 4);
    /* 2024 is a leap year: 2024-03-01 is day 2 after 2024-02-28 */
    assert_int_equal(sc->events[0].start, 2);
    assert_int_equal(sc->events[0].end, 2); /* one day in force: end inclusive */
    assert_int_equal(sc->events[0].line, 6);
    assert_int_equal(sc->events[1].start, 2);
    assert_int_equal(sc->events[1].end, 40); /* beyond the horizon is fine */
    assert_int_equal(sc->events[1].line, 10);
    assert_true(sc->events[1].share == 1.0); /* export_restriction default share */
    assert_int_equal(sc->events[2].type, TS_EVENT_CAPACITY_LOSS);
    assert_int_equal(sc->events[2].start, 0);
    assert_int_equal(sc->events[2].end, 0);
    assert_int_equal(sc->events[2].recovery_days, 10);
    assert_true(sc->events[2].share == 0.3);
    assert_int_equal(sc->events[3].type, TS_EVENT_DEMAND_CHANGE);
    assert_int_equal(sc->events[3].start, 1);
    assert_int_equal(sc->events[3].end, INT_MAX); /* no end: open */
    assert_true(sc->events[3].share == -0.1);
    assert_int_equal(sc->events[3].recovery_days, 0);

    char buf[16];
    ts_scenario_date(sc, 0, buf, sizeof buf);
    assert_string_equal(buf, "2024-02-28");
    ts_scenario_date(sc, 1, buf, sizeof buf);
    assert_string_equal(buf, "2024-02-29");
    ts_scenario_date(sc, 2, buf, sizeof buf);
    assert_string_equal(buf, "2024-03-01");
    ts_scenario_date(sc, 366, buf, sizeof buf);
    assert_string_equal(buf, "2025-02-28");
    ts_scenario_date(sc, 308, buf, sizeof buf);
    assert_string_equal(buf, "2025-01-01");
    ts_scenario_free(sc);

    sc = parse_ok("name: d\ntable: t\nstart_date: 2025-01-01\nhorizon_days: 30\n");
    ts_scenario_date(sc, 13, buf, sizeof buf);
    assert_string_equal(buf, "2025-01-14"); /* 16b: day 13 = 2025-01-14 */
    ts_scenario_date(sc, 364, buf, sizeof buf);
    assert_string_equal(buf, "2025-12-31");
    ts_scenario_free(sc);
}

static void test_event_type_names(void **state)
{
    (void)state;
    assert_string_equal(ts_event_type_name(TS_EVENT_EXPORT_RESTRICTION), "export_restriction");
    assert_string_equal(ts_event_type_name(TS_EVENT_TARIFF), "tariff");
    assert_string_equal(ts_event_type_name(TS_EVENT_CAPACITY_LOSS), "capacity_loss");
    assert_string_equal(ts_event_type_name(TS_EVENT_DEMAND_CHANGE), "demand_change");
    assert_string_equal(ts_event_type_name(TS_EVENT_TRUCE), "truce");
}

/* ---- code lists and `all` ------------------------------------------------------------ */

static void test_all_and_resolution(void **state)
{
    (void)state;
    ts_mrio *m = table3(); /* AAA BBB CCC x S1 S2 SRV */
    ts_scenario *sc = parse_resolve_ok(HEAD "events:\n"
                                            "  - type: export_restriction\n" /* 6 */
                                            "    from: BBB\n"
                                            "    start: 0\n"
                                            "  - type: export_restriction\n" /* 9 */
                                            "    from: [AAA]\n"
                                            "    to: all\n"
                                            "    products: all\n"
                                            "    start: 0\n"
                                            "  - type: export_restriction\n" /* 14 */
                                            "    from: all\n"
                                            "    to: BBB\n"
                                            "    products:\n"
                                            "      - SRV\n"
                                            "      - S1\n"
                                            "    share: 0.25\n"
                                            "    start: 0\n"
                                            "  - type: tariff\n" /* 22 */
                                            "    to: CCC\n"
                                            "    products: S2\n"
                                            "    rate: 0.1\n"
                                            "    start: 1\n"
                                            "  - type: capacity_loss\n" /* 27 */
                                            "    regions: all\n"
                                            "    share: 0\n"
                                            "    start: 1\n"
                                            "  - type: demand_change\n"
                                            "    regions: [CCC, AAA]\n"
                                            "    share: 0.5\n"
                                            "    start: 1\n",
                                       m);
    const ts_event *e = sc->events;
    /* from BBB, to absent = every region but BBB, products absent = all */
    assert_int_equal(e[0].from.n, 1);
    assert_string_equal(e[0].from.codes[0], "BBB");
    assert_int_equal(e[0].from.lines[0], 7);
    assert_int_equal(e[0].from.present, 1);
    assert_int_equal(e[0].to.present, 0);
    assert_int_equal(e[0].products.present, 0);
    assert_idx(&e[0].from, (int[]){1}, 1);
    assert_idx(&e[0].to, (int[]){0, 2}, 2);
    assert_idx(&e[0].products, (int[]){0, 1, 2}, 3);
    /* to: all = every region except from; products: all */
    assert_int_equal(e[1].to.all, 1);
    assert_int_equal(e[1].to.n, 0);
    assert_int_equal(e[1].to.line, 11);
    assert_int_equal(e[1].products.all, 1);
    assert_idx(&e[1].to, (int[]){1, 2}, 2);
    assert_idx(&e[1].products, (int[]){0, 1, 2}, 3);
    /* from: all = every region except the importers named in to */
    assert_idx(&e[2].from, (int[]){0, 2}, 2);
    assert_idx(&e[2].to, (int[]){1}, 1);
    assert_int_equal(e[2].products.n, 2);
    assert_int_equal(e[2].products.lines[0], 18);
    assert_int_equal(e[2].products.lines[1], 19);
    assert_idx(&e[2].products, (int[]){2, 0}, 2);
    assert_true(e[2].share == 0.25);
    /* tariff: importer CCC, exporters absent = every other region */
    assert_idx(&e[3].to, (int[]){2}, 1);
    assert_idx(&e[3].from, (int[]){0, 1}, 2);
    assert_idx(&e[3].products, (int[]){1}, 1);
    assert_true(e[3].rate == 0.1);
    /* capacity_loss: regions all, sectors absent = all */
    assert_idx(&e[4].regions, (int[]){0, 1, 2}, 3);
    assert_idx(&e[4].sectors, (int[]){0, 1, 2}, 3);
    /* demand_change: codes in the order written; products absent = all */
    assert_idx(&e[5].regions, (int[]){2, 0}, 2);
    assert_idx(&e[5].products, (int[]){0, 1, 2}, 3);

    /* resolving again (e.g. against another table) replaces the indices, no leak */
    static const char *const r2[] = {"CCC", "BBB", "AAA"};
    static const char *const s2[] = {"SRV", "S2", "S1"};
    ts_mrio *m2 = table_of(r2, 3, s2, 3);
    ts_error err;
    assert_int_equal(ts_scenario_resolve(sc, m2, &err), TS_OK);
    assert_idx(&sc->events[0].from, (int[]){1}, 1);
    assert_idx(&sc->events[0].to, (int[]){0, 2}, 2);
    assert_idx(&sc->events[5].regions, (int[]){0, 2}, 2);
    ts_mrio_free(m2);
    ts_scenario_free(sc);
    ts_mrio_free(m);
}

static void test_resolve_errors(void **state)
{
    (void)state;
    expect_resolve_error(HEAD "events:\n"
                              "  - type: export_restriction\n"
                              "    from: CHN\n"
                              "    start: 0\n",
                         "events[0].from", 7, "'CHN'", "AAA, BBB, CCC", NULL);
    expect_resolve_error(HEAD "events:\n"
                              "  - type: export_restriction\n"
                              "    from: AAA\n"
                              "    products:\n"
                              "      - S1\n"
                              "      - S9\n"
                              "    start: 0\n",
                         "events[0].products[1]", 10, "'S9'", "S1, S2, SRV", NULL);
    /* a near miss gets a suggestion (case) */
    expect_resolve_error(HEAD "events:\n"
                              "  - type: capacity_loss\n"
                              "    regions: [AAA, bbb]\n"
                              "    share: 0.5\n"
                              "    start: 0\n",
                         "events[0].regions[1]", 7, "'bbb'", "did you mean 'BBB'", NULL);
    /* a region on both sides */
    expect_resolve_error(HEAD "events:\n"
                              "  - type: export_restriction\n"
                              "    from: AAA\n"
                              "    to: [BBB, AAA]\n"
                              "    start: 0\n",
                         "events[0].to[1]", 8, "AAA", "both", NULL);
    /* nothing left for to */
    expect_resolve_error(HEAD "events:\n"
                              "  - type: export_restriction\n"
                              "    from: all\n"
                              "    start: 0\n",
                         "events[0].from", 7, NULL);
    /* unknown product in inventory_days_by_product */
    expect_resolve_error(HEAD "parameters:\n"
                              "  inventory_days_by_product:\n"
                              "    S1: 10\n"
                              "    XYZ: 5\n",
                         "parameters.inventory_days_by_product.XYZ", 8, "'XYZ'", "S1, S2, SRV",
                         NULL);
}

/* ---- inventories by product ---------------------------------------------------------- */

static void test_inventory_days_by_product(void **state)
{
    (void)state;
    ts_mrio *m = table3();
    ts_scenario *sc = parse_resolve_ok(HEAD "parameters:\n"
                                            "  inventory_days: 30\n"
                                            "  inventory_days_by_product:\n"
                                            "    SRV: infinite\n" /* line 8 */
                                            "    S1: 5\n",
                                       m);
    assert_int_equal(sc->params.n_product_days, 2);
    assert_string_equal(sc->params.product_days_codes[0], "SRV");
    assert_int_equal(sc->params.product_days_lines[0], 8);
    assert_true(isinf(sc->params.product_days[0]) && sc->params.product_days[0] > 0);
    assert_true(sc->params.product_days[1] == 5.0);
    double *d = sc->params.inventory_days_by_product;
    assert_true(d[0] == 5.0);  /* S1 override */
    assert_true(d[1] == 30.0); /* S2: the scenario's default */
    assert_true(isinf(d[2]));  /* SRV never binds */
    ts_scenario_free(sc);

    sc = parse_resolve_ok(HEAD "parameters:\n"
                               "  inventory_days_by_product: {S2: .inf, SRV: 7}\n",
                          m);
    d = sc->params.inventory_days_by_product;
    assert_true(d[0] == 90.0 && isinf(d[1]) && d[2] == 7.0);
    ts_scenario_free(sc);
    ts_mrio_free(m);

    /* 0 is valid (no stock: production follows yesterday's deliveries); negative is not */
    expect_error(HEAD "parameters:\n  inventory_days_by_product:\n    S1: -1\n",
                 "parameters.inventory_days_by_product.S1", 7, "-1", NULL);
    expect_error(HEAD "parameters:\n  inventory_days_by_product:\n    S1: forever\n",
                 "parameters.inventory_days_by_product.S1", 7, "forever", "infinite", NULL);
    expect_error(HEAD "parameters:\n  inventory_days_by_product:\n    S1: 3\n    S1: 4\n",
                 "parameters.inventory_days_by_product.S1", 8, "line 7", "line 8", NULL);
    expect_error(HEAD "parameters:\n  inventory_days_by_product: [S1, 3]\n",
                 "parameters.inventory_days_by_product", 6, "mapping", NULL);
    /* the global inventory must be finite */
    expect_error(HEAD "parameters:\n  inventory_days: .inf\n", "parameters.inventory_days", 6,
                 NULL);
}

/* ---- truces and names ------------------------------------------------------------------ */

static void test_truce(void **state)
{
    (void)state;
    ts_scenario *sc = parse_ok(HEAD "events:\n"
                                    "  - type: export_restriction\n"
                                    "    name: ree-ban\n"
                                    "    from: AAA\n"
                                    "    start: 10\n"
                                    "  - type: tariff\n"
                                    "    name: tariff_1\n"
                                    "    to: BBB\n"
                                    "    rate: 0.5\n"
                                    "    start: 12\n"
                                    "  - type: truce\n"
                                    "    start: 2025-03-01\n"
                                    "    ends: [ree-ban, tariff_1]\n"
                                    "  - type: truce\n"
                                    "    name: second\n"
                                    "    start: 70\n"
                                    "    ends: ree-ban\n");
    assert_int_equal(sc->n_events, 4);
    assert_string_equal(sc->events[0].name, "ree-ban");
    assert_string_equal(sc->events[1].name, "tariff_1");
    assert_null(sc->events[2].name);
    assert_int_equal(sc->events[2].type, TS_EVENT_TRUCE);
    assert_int_equal(sc->events[2].start, 59);
    assert_int_equal(sc->events[2].n_ends, 2);
    assert_string_equal(sc->events[2].ends[0], "ree-ban");
    assert_string_equal(sc->events[2].ends[1], "tariff_1");
    assert_int_equal(sc->events[3].n_ends, 1);
    assert_string_equal(sc->events[3].ends[0], "ree-ban");
    /* the truce does not rewrite the events it ends (the simulation applies it) */
    assert_int_equal(sc->events[0].end, INT_MAX);
    ts_scenario_free(sc);

    expect_error(HEAD "events:\n"
                      "  - type: export_restriction\n"
                      "    name: ree-ban\n"
                      "    from: AAA\n"
                      "    start: 10\n"
                      "  - type: truce\n"
                      "    start: 20\n"
                      "    ends: [ree_ban]\n",
                 "events[1].ends[0]", 12, "'ree_ban'", "did you mean 'ree-ban'", NULL);
    expect_error(HEAD "events:\n"
                      "  - type: truce\n"
                      "    name: t1\n"
                      "    start: 20\n"
                      "    ends: nothing\n",
                 "events[0].ends", 9, "'nothing'", NULL);
    expect_error(HEAD "events:\n"
                      "  - type: truce\n"
                      "    name: t1\n"
                      "    start: 20\n"
                      "    ends: t1\n",
                 "events[0].ends", 9, "truce", NULL);
    expect_error(HEAD "events:\n"
                      "  - type: capacity_loss\n"
                      "    name: a\n"
                      "    regions: AAA\n"
                      "    share: 0.2\n"
                      "    start: 1\n"
                      "  - type: capacity_loss\n"
                      "    name: a\n"
                      "    regions: BBB\n"
                      "    share: 0.2\n"
                      "    start: 1\n",
                 "events[1].name", 12, "'a'", "events[0]", "events[1]", NULL);
    expect_error(HEAD "events:\n"
                      "  - type: truce\n"
                      "    start: 20\n"
                      "    end: 30\n"
                      "    ends: x\n",
                 "events[0].end", 8, "truce", NULL);
    expect_error(HEAD "events:\n"
                      "  - type: truce\n"
                      "    start: 20\n",
                 "events[0].ends", 6, "ends", NULL);
    expect_error(HEAD "events:\n"
                      "  - type: export_restriction\n"
                      "    name: has space\n"
                      "    from: AAA\n"
                      "    start: 1\n",
                 "events[0].name", 7, "has space", NULL);
}

/* ---- structural errors ------------------------------------------------------------------ */

static void test_top_level_errors(void **state)
{
    (void)state;
    expect_error("table: t\nstart_date: 2025-01-01\nhorizon_days: 3\n", "name", 1, "name",
                 NULL);
    expect_error("name: n\nstart_date: 2025-01-01\nhorizon_days: 3\n", "table", 1, "table",
                 NULL);
    expect_error("name: n\ntable: t\nhorizon_days: 3\n", "start_date", 1, "start_date", NULL);
    expect_error("name: n\ntable: t\nstart_date: 2025-01-01\n", "horizon_days", 1,
                 "horizon_days", NULL);
    expect_error(HEAD "horizon_day: 3\n", "horizon_day", 5, "did you mean 'horizon_days'",
                 NULL);
    expect_error(HEAD "colour: red\n", "colour", 5, "unknown key", NULL);
    expect_error(HEAD "name: again\n", "name", 5, "line 1", "line 5", NULL);
    expect_error("name: n\ntable: t\nstart_date: 2025-01-01\nhorizon_days: 0\n", "horizon_days",
                 4, "0", NULL);
    expect_error("name: n\ntable: t\nstart_date: 2025-01-01\nhorizon_days: 10.5\n",
                 "horizon_days", 4, "10.5", NULL);
    expect_error("name: n\ntable: t\nstart_date: 2025-01-01\nhorizon_days: \"10\"\n",
                 "horizon_days", 4, "quotes", NULL);
    expect_error("name: n\ntable: t\nstart_date: 2025-13-01\nhorizon_days: 10\n", "start_date",
                 3, "2025-13-01", NULL);
    expect_error("name: n\ntable: t\nstart_date: 2023-02-29\nhorizon_days: 10\n", "start_date",
                 3, "2023-02-29", "not a calendar date", NULL);
    expect_error("name: n\ntable: t\nstart_date: 1/1/2025\nhorizon_days: 10\n", "start_date", 3,
                 "YYYY-MM-DD", NULL);
    expect_error("name: n\ntable: [a, b]\nstart_date: 2025-01-01\nhorizon_days: 10\n", "table",
                 2, "list", NULL);
    expect_error("name:\ntable: t\nstart_date: 2025-01-01\nhorizon_days: 10\n", "name", 1,
                 "no value", NULL);
    expect_error(HEAD "events: {type: tariff}\n", "events", 5, "list", NULL);
    expect_error(HEAD "parameters: 3\n", "parameters", 5, "mapping", NULL);
    expect_error("- a\n- b\n", NULL, 1, "mapping", NULL);
    expect_error("", NULL, 1, "empty", NULL);
    expect_error("# nothing but a comment\n", NULL, 1, "empty", NULL);
    expect_error(HEAD "---\nname: other\n", NULL, 6, "second YAML document", NULL);

    /* syntax errors keep the parser's line and column */
    expect_error(HEAD "parameters:\n  psi: [0.5\n", NULL, 0, "YAML syntax error", NULL);
    expect_error(HEAD "parameters:\n\tpsi: 0.5\n", NULL, 6, "tab", NULL);

    /* missing file */
    ts_scenario *sc = (ts_scenario *)1;
    ts_error err;
    char *p = ts_asprintf("%s/nope.yaml", g_dir);
    assert_int_equal(ts_scenario_parse(p, &sc, &err), TS_ERR_INPUT);
    assert_null(sc);
    assert_non_null(strstr(err.msg, "nope.yaml"));
    free(p);
}

static void test_parameter_errors(void **state)
{
    (void)state;
    expect_error(HEAD "parameters:\n  psi: 0\n", "parameters.psi", 6, "0", "(0, 1]", NULL);
    expect_error(HEAD "parameters:\n  psi: 1.01\n", "parameters.psi", 6, "1.01", NULL);
    expect_error(HEAD "parameters:\n  alpha_max: 0.99\n", "parameters.alpha_max", 6, "0.99",
                 NULL);
    expect_error(HEAD "parameters:\n  restoration_days: 0\n", "parameters.restoration_days", 6,
                 NULL);
    expect_error(HEAD "parameters:\n  alpha_tau_days: -1\n", "parameters.alpha_tau_days", 6,
                 "-1", NULL);
    expect_error(HEAD "parameters:\n  collapse_threshold: 1\n",
                 "parameters.collapse_threshold", 6, NULL);
    expect_error(HEAD "parameters:\n  collapse_threshold: 0\n",
                 "parameters.collapse_threshold", 6, NULL);
    expect_error(HEAD "parameters:\n  inventory_days: \"30\"\n", "parameters.inventory_days", 6,
                 "quotes", NULL);
    expect_error(HEAD "parameters:\n  inventory_days: 0x10\n", "parameters.inventory_days", 6,
                 "0x10", NULL);
    expect_error(HEAD "parameters:\n  psi: .nan\n", "parameters.psi", 6, NULL);
    expect_error(HEAD "parameters:\n  psi: [0.5]\n", "parameters.psi", 6, "list", NULL);
    expect_error(HEAD "parameters:\n  psi: 0.8\n  psi: 0.5\n", "parameters.psi", 7, "line 6",
                 "line 7", NULL);
}

static void test_event_errors(void **state)
{
    (void)state;
    expect_error(HEAD "events:\n  - from: AAA\n    start: 1\n", "events[0].type", 6,
                 "export_restriction", NULL);
    expect_error(HEAD "events:\n  - type: embargo\n    start: 1\n", "events[0].type", 6,
                 "'embargo'", "export_restriction, tariff, capacity_loss, demand_change, truce",
                 NULL);
    expect_error(HEAD "events:\n  - type: tarif\n    start: 1\n", "events[0].type", 6,
                 "did you mean 'tariff'", NULL);
    expect_error(HEAD "events:\n  - type: export_restriction\n    from: AAA\n    rate: 0.1\n"
                      "    start: 1\n",
                 "events[0].rate", 8, "does not apply", NULL);
    expect_error(HEAD "events:\n  - type: export_restriction\n    from: AAA\n    shares: 0.1\n"
                      "    start: 1\n",
                 "events[0].shares", 8, "did you mean 'share'", NULL);
    expect_error(HEAD "events:\n  - type: export_restriction\n    start: 1\n", "events[0].from",
                 6, "from", NULL);
    expect_error(HEAD "events:\n  - type: tariff\n    to: AAA\n    start: 1\n", "events[0].rate",
                 6, "rate", NULL);
    expect_error(HEAD "events:\n  - type: tariff\n    rate: 0.1\n    start: 1\n", "events[0].to",
                 6, NULL);
    expect_error(HEAD "events:\n  - type: capacity_loss\n    regions: AAA\n    start: 1\n",
                 "events[0].share", 6, NULL);
    expect_error(HEAD "events:\n  - type: capacity_loss\n    regions: AAA\n    share: 1.2\n"
                      "    start: 1\n",
                 "events[0].share", 8, "1.2", "[0, 1]", NULL);
    expect_error(HEAD "events:\n  - type: export_restriction\n    from: AAA\n    share: -0.1\n"
                      "    start: 1\n",
                 "events[0].share", 8, "-0.1", NULL);
    expect_error(HEAD "events:\n  - type: demand_change\n    share: -1.01\n    start: 1\n",
                 "events[0].share", 7, "-1.01", NULL);
    expect_error(HEAD "events:\n  - type: demand_change\n    share: \"-0.1\"\n    start: 1\n",
                 "events[0].share", 7, "quotes", NULL);
    expect_error(HEAD "events:\n  - type: tariff\n    to: AAA\n    rate: -1.000001\n"
                      "    start: 1\n",
                 "events[0].rate", 8, "-1.000001", NULL);
    expect_error(HEAD "events:\n  - type: export_restriction\n    from: AAA\n    start: -3\n",
                 "events[0].start", 8, "-3", NULL);
    expect_error(HEAD "events:\n  - type: export_restriction\n    from: AAA\n"
                      "    start: 2024-12-31\n",
                 "events[0].start", 8, "2024-12-31", "2025-01-01", NULL);
    expect_error(HEAD "events:\n  - type: export_restriction\n    from: AAA\n"
                      "    start: soon\n",
                 "events[0].start", 8, "soon", "YYYY-MM-DD", NULL);
    expect_error(HEAD "events:\n  - type: export_restriction\n    from: AAA\n"
                      "    start: 20\n    end: 10\n",
                 "events[0].end", 9, "2025-01-11", "2025-01-21", NULL);
    expect_error(HEAD "events:\n  - type: export_restriction\n    from: AAA\n"
                      "    start: 2025-02-01\n    end: 2025-01-31\n",
                 "events[0].end", 9, "2025-01-31", "2025-02-01", NULL);
    expect_error(HEAD "events:\n  - type: capacity_loss\n    regions: AAA\n    share: 0.5\n"
                      "    start: 1\n    recovery_days: 2.5\n",
                 "events[0].recovery_days", 10, "2.5", NULL);
    expect_error(HEAD "events:\n  - type: export_restriction\n    from: [AAA, all]\n"
                      "    start: 1\n",
                 "events[0].from[1]", 7, "from: all", NULL);
    expect_error(HEAD "events:\n  - type: export_restriction\n    from: [AAA, BBB, AAA]\n"
                      "    start: 1\n",
                 "events[0].from[2]", 7, "twice", NULL);
    expect_error(HEAD "events:\n  - type: export_restriction\n    from: []\n    start: 1\n",
                 "events[0].from", 7, "empty", NULL);
    expect_error(HEAD "events:\n  - type: export_restriction\n    from: {a: 1}\n    start: 1\n",
                 "events[0].from", 7, "mapping", NULL);
    expect_error(HEAD "events:\n  - type: export_restriction\n    from: all\n    to: all\n"
                      "    start: 1\n",
                 "events[0].to", 8, "all", NULL);
    expect_error(HEAD "events:\n  - just a string\n", "events[0]", 6, "event", NULL);
    /* duplicate key inside an event: key path with the index, both lines */
    expect_error(HEAD "events:\n"
                      "  - type: export_restriction\n"
                      "    from: AAA\n"
                      "    start: 1\n"
                      "  - type: export_restriction\n"
                      "    from: AAA\n"
                      "    share: 0.5\n"
                      "    start: 1\n"
                      "    share: 0.7\n",
                 "events[1].share", 13, "line 11", "line 13", NULL);
}

/* Aliases are expanded; a scenario may reuse a list. */
static void test_aliases(void **state)
{
    (void)state;
    ts_mrio *m = table3();
    ts_scenario *sc = parse_resolve_ok(HEAD "events:\n"
                                            "  - type: export_restriction\n"
                                            "    from: AAA\n"
                                            "    products: &ree [S1, S2]\n"
                                            "    start: 1\n"
                                            "  - type: demand_change\n"
                                            "    products: *ree\n"
                                            "    share: 0.1\n"
                                            "    start: 1\n",
                                       m);
    assert_idx(&sc->events[1].products, (int[]){0, 1}, 2);
    ts_scenario_free(sc);
    ts_mrio_free(m);
}

/* CRLF line ends and a UTF-8 byte-order mark are ordinary text files. */
static void test_crlf_bom(void **state)
{
    (void)state;
    ts_scenario *sc = parse_ok("\xef\xbb\xbfname: w\r\ntable: t\r\nstart_date: 2025-01-01\r\n"
                               "horizon_days: 5\r\nevents:\r\n  - type: export_restriction\r\n"
                               "    from: AAA\r\n    start: 1\r\n");
    assert_string_equal(sc->name, "w");
    assert_int_equal(sc->events[0].line, 6);
    ts_scenario_free(sc);
}

/* A merge key that overrides a merged key is refused with a plain explanation;
 * a key without a value is an error (not a default). */
static void test_merge_and_null(void **state)
{
    (void)state;
    expect_error(HEAD "events:\n"
                      "  - &base\n"
                      "    type: export_restriction\n"
                      "    from: AAA\n"
                      "    start: 0\n"
                      "  - <<: *base\n"
                      "    start: 3\n",
                 NULL, 0, "merge key", NULL);
    ts_scenario *sc = parse_ok(HEAD "events:\n"
                                    "  - &base\n"
                                    "    type: export_restriction\n"
                                    "    from: AAA\n"
                                    "    start: 0\n"
                                    "  - <<: *base\n"
                                    "    share: 0.5\n");
    assert_int_equal(sc->n_events, 2);
    assert_int_equal(sc->events[1].type, TS_EVENT_EXPORT_RESTRICTION);
    assert_true(sc->events[1].share == 0.5);
    ts_scenario_free(sc);
    expect_error(HEAD "events:\n  - type: export_restriction\n    from: AAA\n    start: 0\n"
                      "    end:\n",
                 "events[0].end", 9, "no value", NULL);
    sc = parse_ok(HEAD "description:\nparameters:\nevents:\n");
    assert_int_equal(sc->n_events, 0);
    ts_scenario_free(sc);
}

/* Numbers do not depend on the C locale (a host program may set a comma locale). */
static void test_locale(void **state)
{
    (void)state;
    static const char *const names[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8",
                                        "fr_FR.utf8", "de_DE", "fr_FR"};
    const char *set = NULL;
    for (size_t i = 0; i < sizeof names / sizeof *names && !set; i++)
        set = setlocale(LC_NUMERIC, names[i]);
    if (!set)
        skip();
    ts_scenario *sc = parse_ok(HEAD "parameters:\n  psi: 0.75\n");
    setlocale(LC_NUMERIC, "C");
    assert_true(sc->params.psi == 0.75);
    ts_scenario_free(sc);
}

/* The example of docs/scenario-format.md and the scenarios shipped in scenarios/ parse. */
static void test_documented_example(void **state)
{
    (void)state;
    char *doc = ts_read_file(TS_SOURCE_DIR "/docs/scenario-format.md");
    assert_non_null(doc);
    char *a = strstr(doc, "```yaml\n");
    assert_non_null(a);
    a += 8;
    char *b = strstr(a, "```");
    assert_non_null(b);
    *b = 0;
    ts_scenario *sc = parse_ok(a);
    free(doc);
    static const char *const r[] = {"CHN", "USA", "JPN", "DEU", "EUR"};
    static const char *const s[] = {"c12", "c15", "c28", "MAG"};
    ts_mrio *m = table_of(r, 5, s, 4);
    ts_error err;
    if (ts_scenario_resolve(sc, m, &err))
        fail_msg("%s", err.msg);
    assert_int_equal(sc->n_events, 6);
    assert_idx(&sc->events[1].to, (int[]){1, 2, 3, 4}, 4); /* every region but CHN */
    assert_true(isinf(sc->params.inventory_days_by_product[2]));
    /* MAG: {default: infinite, c15: 45}: infinite for most buyers, 45 days for c15 (j = 1) */
    assert_true(isinf(sc->params.inventory_days_by_product[3]));
    assert_true(sc->params.inventory_days_matrix[3 * m->n + 1] == 45.0);
    assert_true(isinf(sc->params.inventory_days_matrix[3 * m->n + 0]));
    assert_int_equal(sc->events[5].type, TS_EVENT_TRUCE);
    assert_int_equal(sc->events[5].n_ends, 2);
    char buf[16];
    ts_scenario_date(sc, sc->events[2].end, buf, sizeof buf);
    assert_string_equal(buf, "2026-01-31");
    ts_mrio_free(m);
    ts_scenario_free(sc);

    static const char *const shipped[] = {"rare-earths-2025.yaml", "rare-earths-2025-truce.yaml"};
    for (size_t i = 0; i < sizeof shipped / sizeof *shipped; i++) {
        char *p = ts_asprintf("%s/scenarios/%s", TS_SOURCE_DIR, shipped[i]);
        if (ts_path_exists(p)) {
            ts_scenario *x = NULL;
            if (ts_scenario_parse(p, &x, &err))
                fail_msg("%s", err.msg);
            ts_scenario_free(x);
        }
        free(p);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parameters_and_paths, setup, teardown),
        cmocka_unit_test_setup_teardown(test_days_and_dates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_event_type_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_all_and_resolution, setup, teardown),
        cmocka_unit_test_setup_teardown(test_resolve_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_inventory_days_by_product, setup, teardown),
        cmocka_unit_test_setup_teardown(test_truce, setup, teardown),
        cmocka_unit_test_setup_teardown(test_top_level_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parameter_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_event_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_aliases, setup, teardown),
        cmocka_unit_test_setup_teardown(test_crlf_bom, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge_and_null, setup, teardown),
        cmocka_unit_test_setup_teardown(test_locale, setup, teardown),
        cmocka_unit_test_setup_teardown(test_documented_example, setup, teardown),
    };
    return cmocka_run_group_tests_name("scenario", tests, NULL, NULL);
}
