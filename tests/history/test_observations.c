/* Observations (docs/formats.md "Observations") and their model counterparts
 * (docs/model.md "Model vs observed") on a hand-made 2-region, 2-sector episode: the run
 * is written by hand (not simulated), so every expected value below is computed by hand
 * from the definitions. Regions AAA, BBB; sectors S1, S2; industries j = r*2 + s;
 * start 2025-01-01, 10 days; x0 = 10, 20, 30, 40 M USD/day. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "tradeshock/history.h"
#include "tradeshock/mrio.h"
#include "tradeshock/scenario.h"
#include "tradeshock/sim.h"

#define NDAYS 10

typedef struct episode {
    char *dir;
    ts_mrio *m;
    ts_scenario *sc;
    ts_result r;
    double x0[4], prod[NDAYS * 4], tbp[NDAYS * 4];
    int limited[NDAYS * 4], tp[1];
} episode;

static char *write_file(const char *dir, const char *name, const char *text)
{
    char *p = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return p;
}

static void episode_make(episode *e)
{
    memset(e, 0, sizeof *e);
    e->dir = ts_tmpdir();
    ts_error err;
    assert_int_equal(ts_mrio_create(2, 2, 1, &e->m, &err), TS_OK);
    const char *rc[2] = {"AAA", "BBB"}, *scd[2] = {"S1", "S2"};
    for (int k = 0; k < 2; k++) {
        e->m->regions[k].code = strdup(rc[k]);
        e->m->regions[k].name = strdup(rc[k]);
        e->m->sectors[k].code = strdup(scd[k]);
        e->m->sectors[k].name = strdup(scd[k]);
    }
    e->m->fd_cats[0].code = strdup("HH");
    e->m->fd_cats[0].name = strdup("HH");
    /* baseline exports of S1 from AAA to BBB: Z to BBB_S1 2/day, to BBB_S2 1/day, final
     * demand of BBB 1/day, a negative final demand entry that does not count: 4/day */
    e->m->Z[0 * 4 + 2] = 365.0 * 2;
    e->m->Z[0 * 4 + 3] = 365.0 * 1;
    e->m->Y[0 * 2 + 1] = 365.0 * 1;
    e->m->Z[0 * 4 + 0] = 365.0 * 5; /* domestic use: not exports */
    /* a scenario of 10 days from 2025-01-01 with an export restriction of S1 */
    char *p = write_file(e->dir, "s.yaml",
                         "name: ep\ntable: .\nstart_date: 2025-01-01\nhorizon_days: 10\n");
    assert_int_equal(ts_scenario_parse(p, &e->sc, &err), TS_OK);
    free(p);
    for (int j = 0; j < 4; j++)
        e->x0[j] = 10.0 * (j + 1);
    for (int t = 0; t < NDAYS; t++) {
        for (int j = 0; j < 4; j++)
            e->prod[t * 4 + j] = e->x0[j];
        /* trade_by_product[((t*K + k)*R + r)*R + q], K = 1 */
        e->tbp[t * 4 + 0 * 2 + 1] = t <= 4 ? 1.0 : 4.0;
    }
    for (int t = 3; t <= 5; t++) { /* AAA_S1 stops on days 3-5 at half output */
        e->prod[t * 4 + 0] = 5.0;
        e->limited[t * 4 + 0] = 1;
    }
    e->limited[2 * 4 + 2] = 1;     /* BBB_S1 constrained on day 2 only */
    e->prod[0 * 4 + 3] = 20.0;     /* BBB_S2 at half output on day 0 */
    e->tp[0] = 0;
    ts_result *r = &e->r;
    r->T = NDAYS;
    r->R = 2;
    r->S = 2;
    r->F = 1;
    r->n = 4;
    r->x0 = e->x0;
    r->production = e->prod;
    r->limited = e->limited;
    r->n_trade_products = 1;
    r->trade_products = e->tp;
    r->trade_by_product = e->tbp;
}

static void episode_free(episode *e)
{
    ts_scenario_free(e->sc);
    ts_mrio_free(e->m);
    ts_tmpdir_remove(e->dir);
}

static void test_compare_by_hand(void **state)
{
    (void)state;
    episode e;
    episode_make(&e);
    const char *fixed =
        "date,region,sector,metric,value,unit,source,tolerance\n"
        "2025-01-06,AAA,S1,first_stoppage,2025-01-06,date,a plant report,2\n"
        ",AAA+BBB,S1,first_stoppage,2,day,\"two regions, the first of them\",\n"
        "2025-01-05,BBB,S2,first_stoppage,4,day,never stops in the model,3\n"
        "2025-01-07,AAA,S1,recovered_by,2025-01-07,date,restart,1\n"
        "2025-01-01..2025-01-10,AAA,S1,output_change,-10,pct,statistics office,2\n"
        "2024-12-30..2025-01-02,BBB,S2,output_change,0,pct,\"no break, two days before the start\",5\n"
        "2025-01-01..2025-01-05,AAA>BBB,S1,exports_change,-70,pct,customs,10\n"
        ",AAA>BBB,S1,recovered_by,5,day,customs,0\n"
        "2025-01-03,AAA,S2,output_change,-90,pct,far off: capped,1\n";
    char *p = write_file(e.dir, "obs.csv", fixed);
    ts_observations *o = NULL;
    ts_error err;
    assert_int_equal(ts_observations_read(p, &o, &err), TS_OK);
    assert_int_equal(o->n, 9);
    assert_string_equal(o->obs[1].source, "two regions, the first of them");
    assert_true(o->obs[1].tolerance == TS_OBS_DEFAULT_TOL_DAYS);
    if (ts_observations_resolve(o, e.sc, e.m, &err))
        fail_msg("%s", err.msg);
    ts_comparison *c = NULL;
    if (ts_comparison_compute(o, e.m, e.sc, &e.r, &c, &err))
        fail_msg("%s", err.msg);
    /* model values computed by hand from the episode */
    const double model[9] = {3, 2, 10, 6, -15, -12.5, -75, 5, 0};
    const double error[9] = {-2, 0, 6, 0, -5, -12.5, -5, 0, 90};
    const int within[9] = {1, 1, 0, 1, 0, 0, 1, 1, 0};
    for (int k = 0; k < 9; k++) {
        if (!ts_close(c->rows[k].model, model[k], 1e-12, 1e-12) ||
            !ts_close(c->rows[k].error, error[k], 1e-12, 1e-12))
            fail_msg("row %d: model %g error %g, expected %g %g", k, c->rows[k].model,
                     c->rows[k].error, model[k], error[k]);
        assert_int_equal(c->rows[k].within, within[k]);
    }
    assert_int_equal(c->rows[2].never, 1);
    assert_int_equal(c->rows[0].never, 0);
    /* score: (1 + 0 + 2 + 0 + 2.5 + 2.5 + 0.5 + 0 + min(90, 10)) / 9 */
    assert_true(ts_close(c->score, 18.5 / 9.0, 1e-12, 0));
    assert_true(ts_close(c->mae_days, 8.0 / 5.0, 1e-12, 0));
    assert_true(ts_close(c->mae_pp, 112.5 / 4.0, 1e-12, 0));
    assert_int_equal(c->n_within, 5);
    /* backtest.csv: one row per observation and the score row */
    assert_int_equal(ts_comparison_write_csv(c, o, e.sc, e.dir, &err), TS_OK);
    char *csvp = malloc(strlen(e.dir) + 20);
    sprintf(csvp, "%s/backtest.csv", e.dir);
    char *csv = ts_read_file(csvp);
    assert_non_null(csv);
    assert_non_null(strstr(csv, "\n3,,AAA+BBB,S1,first_stoppage,day,2,2,0,10,1,0,2025-01-03,"
                                "2025-01-03,\"two regions, the first of them\"\n"));
    assert_non_null(strstr(csv, "never:2025-01-11"));
    assert_non_null(strstr(csv, ",score,"));
    free(csv);
    free(csvp);
    ts_comparison_free(c);
    ts_observations_free(o);
    free(p);
    episode_free(&e);
}

/* A bad file names its line and column. */
static void expect_read_error(const char *text, long line, long col, const char *what)
{
    char *dir = ts_tmpdir();
    char *p = write_file(dir, "o.csv", text);
    ts_observations *o = NULL;
    ts_error err;
    ts_status st = ts_observations_read(p, &o, &err);
    if (st != TS_ERR_INPUT || err.line != line || err.column != col || !strstr(err.msg, what))
        fail_msg("expected %ld:%ld '%s', got status %d: %s", line, col, what, st, err.msg);
    assert_null(o);
    free(p);
    ts_tmpdir_remove(dir);
}

static void test_read_errors(void **state)
{
    (void)state;
    const char *h = "date,region,sector,metric,value,unit,source\n";
    expect_read_error("date,region,sector,metric,value,unit,source,weight\n", 1, 8,
                      "unknown column 'weight'");
    expect_read_error("date,region,sector,metric,value,source\n", 1, 0, "missing column 'unit'");
    char buf[512];
    snprintf(buf, sizeof buf, "%s2025-01,AAA,S1,stoppage,1,day,x\n", h);
    expect_read_error(buf, 2, 4, "metric 'stoppage'");
    snprintf(buf, sizeof buf, "%s2025-13,AAA,S1,output_change,1,pct,x\n", h);
    expect_read_error(buf, 2, 1, "date '2025-13'");
    snprintf(buf, sizeof buf, "%s,AAA,S1,first_stoppage,1,pct,x\n", h);
    expect_read_error(buf, 2, 6, "takes the unit date or day");
    snprintf(buf, sizeof buf, "%s,AAA,S1,first_stoppage,2025-02-30,date,x\n", h);
    expect_read_error(buf, 2, 5, "value '2025-02-30'");
    snprintf(buf, sizeof buf, "%s\n\n2025-01,AAA,S1,output_change,1,pct,\n", h);
    expect_read_error(buf, 4, 7, "empty source");
    snprintf(buf, sizeof buf, "%s2025-01,AAA,S1,exports_change,1,pct,x\n", h);
    expect_read_error(buf, 2, 2, "EXPORTER>DEST");
    expect_read_error(h, 0, 0, "no observations");
}

static void test_resolve_errors(void **state)
{
    (void)state;
    episode e;
    episode_make(&e);
    const char *cases[][2] = {
        {",CCC,S1,first_stoppage,1,day,x\n", "unknown region code 'CCC'"},
        {",AAA+BBB,S9,first_stoppage,1,day,x\n", "unknown sector code 'S9'"},
        {"2025-01,AAA,S1,output_change,1,pct,x\n", "not inside the simulated days"},
        {"2025-01-02,AAA>AAA,S1,exports_change,1,pct,x\n", "also a destination"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char buf[512];
        snprintf(buf, sizeof buf, "date,region,sector,metric,value,unit,source\n%s",
                 cases[k][0]);
        char *p = write_file(e.dir, "o.csv", buf);
        ts_observations *o = NULL;
        ts_error err;
        assert_int_equal(ts_observations_read(p, &o, &err), TS_OK);
        ts_status st = ts_observations_resolve(o, e.sc, e.m, &err);
        if (st != TS_ERR_INPUT || err.line != 2 || !strstr(err.msg, cases[k][1]))
            fail_msg("case %zu: %s", k, err.msg);
        ts_observations_free(o);
        free(p);
    }
    /* a product that the run does not record by product */
    char *p = write_file(e.dir, "o.csv", "date,region,sector,metric,value,unit,source\n"
                                         "2025-01-02,AAA>BBB,S2,exports_change,1,pct,x\n");
    ts_observations *o = NULL;
    ts_comparison *c = NULL;
    ts_error err;
    assert_int_equal(ts_observations_read(p, &o, &err), TS_OK);
    assert_int_equal(ts_observations_resolve(o, e.sc, e.m, &err), TS_OK);
    assert_int_equal(ts_comparison_compute(o, e.m, e.sc, &e.r, &c, &err), TS_ERR_INPUT);
    assert_non_null(strstr(err.msg, "not recorded by product"));
    ts_observations_free(o);
    free(p);
    episode_free(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compare_by_hand),
        cmocka_unit_test(test_read_errors),
        cmocka_unit_test(test_resolve_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
