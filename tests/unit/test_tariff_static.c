/* Static tariff analysis (tariff.h ts_tariff_static, `tradeshock tariff`) against a hand
 * calculation (model.md §2).
 *
 * Table: 3 regions AAA, BBB, CCC x 1 product S1, one final-demand category. CCC buys
 * 250 from AAA (100 intermediate + 150 final), 250 from BBB (50 + 200) and 500 from
 * itself (200 + 300). Scenario: CCC levies 100% on AAA, sigma = 2, eps = -1.
 * By hand: rho = (2, 1, 1), shares s = (1/4, 1/4, 1/2);
 *   P'/P = (1/4 * 2^-1 + 1/4 + 1/2)^-1 = (7/8)^-1 = 8/7;
 *   total after = 1000 (1 - 1/7) = 6000/7, creation = -1000/7;
 *   s' ∝ (1/4 * 2^-2, 1/4, 1/2) = (1/16, 4/16, 8/16) -> (1/13, 4/13, 8/13);
 *   M' = (6000/91, 24000/91, 48000/91); creation by origin s_r x (-1000/7) =
 *   (-250/7, -250/7, -500/7); diversion of AAA = 6000/91 - 250 + 250/7 = -13500/91;
 *   revenue = 1 x 6000/91; CS change = -(1/7)(1000 + 6000/7)/2 = -6500/49;
 *   welfare = -6500/49 + 6000/91; exports change AAA 6000/91 - 250 = -16750/91,
 *   BBB 24000/91 - 250 = 1250/91. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "testutil.h"
#include "tradeshock/tariff.h"

#define CLOSE(a, b) assert_true(fabs((a) - (b)) <= 1e-9 * (1 + fabs((double)(b))))

/* the 3x1 table written as a native folder <tmp>/table */
static char *write_table(const char *tmp)
{
    ts_mrio *m = NULL;
    ts_error err;
    assert_int_equal(ts_mrio_create(3, 1, 1, &m, &err), TS_OK);
    const char *rc[] = {"AAA", "BBB", "CCC"};
    for (int r = 0; r < 3; r++) {
        m->regions[r].code = ts_strdup(rc[r]);
        m->regions[r].name = ts_strdup(rc[r]);
    }
    m->sectors[0].code = ts_strdup("S1");
    m->sectors[0].name = ts_strdup("Product");
    m->fd_cats[0].code = ts_strdup("FD");
    m->fd_cats[0].name = ts_strdup("Final demand");
    /* Z[i*3+j]: sales of i to j; Y[i*3+q]: sales of i to q's final demand */
    double Z[9] = {300, 0, 100, 0, 300, 50, 0, 0, 200};
    double Y[9] = {100, 0, 150, 0, 100, 200, 0, 0, 300};
    memcpy(m->Z, Z, sizeof Z);
    memcpy(m->Y, Y, sizeof Y);
    for (int i = 0; i < 3; i++)
        m->x[i] = Z[i * 3] + Z[i * 3 + 1] + Z[i * 3 + 2] + Y[i * 3] + Y[i * 3 + 1] + Y[i * 3 + 2];
    char *dir = ts_asprintf("%s/table", tmp);
    assert_int_equal(ts_mrio_write_native(m, dir, &err), TS_OK);
    ts_mrio_free(m);
    return dir;
}

/* a scenario on that table with the given events block */
static char *write_scenario(const char *tmp, const char *table, const char *events)
{
    char *path = ts_asprintf("%s/tariffs.yaml", tmp);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f,
            "name: tariff-test\n"
            "table: %s\n"
            "start_date: 2025-01-01\n"
            "horizon_days: 30\n"
            "parameters:\n"
            "  armington_sigma: {default: 5, S1: 2}\n"
            "  import_demand_elasticity: -1\n"
            "events:\n%s",
            table, events);
    fclose(f);
    return path;
}

static const char *TARIFF_100 = "  - type: tariff\n"
                                "    to: CCC\n"
                                "    from: AAA\n"
                                "    products: S1\n"
                                "    rate: 1.0\n"
                                "    start: 0\n";

/* the library on the parsed scenario; @p events must amount to 100% on AAA -> CCC */
static void check_library(const char *events)
{
    char *tmp = ts_tmpdir();
    char *table = write_table(tmp);
    char *scen = write_scenario(tmp, table, events);
    ts_error err;
    ts_scenario *sc = NULL;
    ts_mrio *m = NULL;
    assert_int_equal(ts_scenario_parse(scen, &sc, &err), TS_OK);
    assert_int_equal(ts_scenario_load_table(sc, NULL, NULL, &m, &err), TS_OK);
    assert_int_equal(ts_scenario_resolve(sc, m, &err), TS_OK);
    double T[9];
    unsigned char touched[9];
    assert_int_equal(ts_tariff_schedule(sc, m, T, touched, &err), TS_OK);
    CLOSE(T[0 * 3 + 2], 1.0); /* AAA_S1 -> CCC */
    assert_int_equal(touched[2], 1);
    assert_int_equal(touched[1 * 3 + 2], 0);
    double sigma[1] = {sc->params.armington_sigma.by_product[0]};
    CLOSE(sigma[0], 2.0);
    ts_tariff_result *r = NULL;
    assert_int_equal(ts_tariff_static(m, T, touched, sigma, sc->params.import_demand_elasticity,
                                      &r, &err),
                     TS_OK);
    assert_int_equal(r->n_markets, 1);
    assert_int_equal(r->n_flows, 3);
    const ts_tariff_market *mk = &r->markets[0];
    assert_int_equal(mk->importer, 2);
    CLOSE(mk->a.price_ratio, 8.0 / 7.0);
    CLOSE(mk->a.total_before, 1000);
    CLOSE(mk->a.total_after, 6000.0 / 7.0);
    const ts_tariff_flow *f = r->flows;
    CLOSE(f[0].imports_before, 250);
    CLOSE(f[1].imports_before, 250);
    CLOSE(f[2].imports_before, 500);
    CLOSE(f[0].imports_after, 6000.0 / 91.0);
    CLOSE(f[1].imports_after, 24000.0 / 91.0);
    CLOSE(f[2].imports_after, 48000.0 / 91.0);
    CLOSE(f[0].creation, -250.0 / 7.0);
    CLOSE(f[2].creation, -500.0 / 7.0);
    CLOSE(f[0].diversion, -13500.0 / 91.0);
    CLOSE(f[0].diversion + f[1].diversion + f[2].diversion, 0);
    CLOSE(f[0].tariff_after, 1.0);
    CLOSE(f[2].tariff_after, 0.0);
    CLOSE(f[0].revenue, 6000.0 / 91.0);
    CLOSE(f[1].revenue, 0);
    CLOSE(mk->a.cs_change, -6500.0 / 49.0);
    CLOSE(r->welfare_change[2], -6500.0 / 49.0 + 6000.0 / 91.0);
    CLOSE(r->cs_change[2] + r->revenue_change[2], r->welfare_change[2]);
    CLOSE(r->welfare_change[0], 0);
    CLOSE(r->exports_change[0], -16750.0 / 91.0);
    CLOSE(r->exports_change[1], 1250.0 / 91.0);
    CLOSE(r->exports_change[2], 0);
    ts_tariff_result_free(r);
    ts_mrio_free(m);
    ts_scenario_free(sc);
    free(scen);
    free(table);
    ts_tmpdir_remove(tmp);
}

static void test_hand_calculation(void **state)
{
    (void)state;
    check_library(TARIFF_100);
}

/* two tariffs on the same link add up (dates ignored): 0.6 + 0.4 = 100% */
static void test_stacking(void **state)
{
    (void)state;
    check_library("  - type: tariff\n    to: CCC\n    from: AAA\n    rate: 0.6\n"
                  "    start: 0\n    end: 5\n"
                  "  - type: tariff\n    to: CCC\n    from: AAA\n    products: [S1]\n"
                  "    rate: 0.4\n    start: 20\n");
}

static int count_files(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int k = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        k += e->d_name[0] != '.';
    closedir(d);
    return k;
}

static char *file_line(const char *dir, const char *name, int line)
{
    char *p = ts_asprintf("%s/%s", dir, name);
    char *s = ts_read_file(p);
    free(p);
    assert_non_null(s);
    char *l = s;
    for (int k = 0; k < line; k++) {
        l = strchr(l, '\n');
        assert_non_null(l);
        l++;
    }
    char *nl = strchr(l, '\n');
    if (nl)
        *nl = 0;
    char *out = ts_strdup(l);
    free(s);
    return out;
}

static void test_cli(void **state)
{
    (void)state;
    char *tmp = ts_tmpdir();
    char *table = write_table(tmp);
    char *scen = write_scenario(tmp, table, TARIFF_100);
    char *out = ts_asprintf("%s/out", tmp);
    char *args = ts_asprintf("tariff '%s' -o '%s'", scen, out);
    ts_cmd_result r = ts_run_cli(args);
    if (r.exit_code != 0)
        fail_msg("exit %d: %s", r.exit_code, r.err);
    assert_non_null(strstr(r.out, "CCC"));
    assert_non_null(strstr(r.out, "Largest diverted flows"));
    assert_int_equal(count_files(out), 3);
    char *h = file_line(out, "tariff.csv", 0);
    assert_string_equal(h, "importer,product,origin,tariff_before,tariff_after,"
                           "imports_before_musd,imports_after_musd,trade_creation_musd,"
                           "trade_diversion_musd,tariff_revenue_musd");
    free(h);
    h = file_line(out, "tariff.csv", 1);
    assert_int_equal(strncmp(h, "CCC,S1,AAA,0,1,250,", 19), 0);
    free(h);
    h = file_line(out, "tariff_summary.csv", 0);
    assert_string_equal(h, "importer,product,price_index_ratio,imports_before_musd,"
                           "imports_after_musd,creation_musd,consumer_surplus_change_musd,"
                           "revenue_change_musd,welfare_change_musd");
    free(h);
    h = file_line(out, "tariff_summary.csv", 1);
    double P = 0;
    assert_int_equal(sscanf(h, "CCC,S1,%lf,", &P), 1);
    CLOSE(P, 8.0 / 7.0);
    free(h);
    h = file_line(out, "welfare.csv", 0);
    assert_string_equal(h, "region,consumer_surplus_change_musd,tariff_revenue_change_musd,"
                           "welfare_change_musd,exports_change_musd");
    free(h);
    h = file_line(out, "welfare.csv", 3);
    double cs, rev, w, ex;
    assert_int_equal(sscanf(h, "CCC,%lf,%lf,%lf,%lf", &cs, &rev, &w, &ex), 4);
    CLOSE(cs, -6500.0 / 49.0);
    CLOSE(rev, 6000.0 / 91.0);
    CLOSE(w, cs + rev);
    free(h);
    ts_cmd_result_free(&r);

    /* rerun: an existing tariff results folder is replaced */
    r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 0);
    assert_int_equal(count_files(out), 3);
    ts_cmd_result_free(&r);
    free(args);

    /* a non-empty folder that is not ours is refused, untouched */
    char *other = ts_asprintf("%s/table", tmp);
    args = ts_asprintf("tariff '%s' -o '%s'", scen, other);
    r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 2);
    assert_non_null(strstr(r.err, "no tariff.csv"));
    assert_true(count_files(other) >= 5);
    ts_cmd_result_free(&r);
    free(args);
    free(other);
    free(scen);

    /* no tariff events: exit 2 */
    scen = write_scenario(tmp, table,
                          "  - type: demand_change\n    regions: CCC\n    share: 0.1\n"
                          "    start: 0\n");
    args = ts_asprintf("tariff '%s' -o '%s/none'", scen, tmp);
    r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 2);
    assert_non_null(strstr(r.err, "no tariff events"));
    assert_null(strchr(strchr(r.err, '\n') + 1, '\n')); /* one line */
    char *none = ts_asprintf("%s/none", tmp);
    assert_int_equal(count_files(none), -1);
    ts_cmd_result_free(&r);
    free(args);
    free(none);

    /* no scenario at all */
    r = ts_run_cli("tariff");
    assert_int_equal(r.exit_code, 2);
    ts_cmd_result_free(&r);

    free(scen);
    free(out);
    free(table);
    ts_tmpdir_remove(tmp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_calculation),
        cmocka_unit_test(test_stacking),
        cmocka_unit_test(test_cli),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
