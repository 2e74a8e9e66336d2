/* Invariants of the dynamic model on the real WIOD 2011 tables (data/), in the default
 * and the ARIO-compatible mode: steady state without events (1e-12 relative for 365
 * days), daily conservation (stock change = received - used; rationed deliveries never
 * exceed what was produced), no NaN/Inf, Delta in [0, 1], capacity within
 * [0, alpha_max x0], unmet final demand >= 0, by region equal to by supplier, and
 * attributed to the consuming region (an export ban on USA alone leaves unmet final
 * demand in USA alone, equal to the blocked flow), and byte-identical results at 1 and
 * 2 threads. Random tables: test_properties.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "tradeshock/mrio.h"
#include "tradeshock/scenario.h"
#include "tradeshock/sim.h"

static char *write_scenario_mode(const char *dir, const char *table, const char *events,
                                 const char *mode)
{
    char *path = malloc(4096);
    snprintf(path, 4096, "%s/s.yaml", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f,
            "name: invariants\n"
            "table: %s\n"
            "start_date: 2025-01-01\n"
            "horizon_days: 365\n"
            "parameters:\n"
            "  mode: %s\n"
            "  inventory_days: 30\n"
            "  inventory_days_by_product: {c30: infinite, c15: 20}\n"
            "events:%s\n",
            table, mode, events ? events : " []");
    fclose(f);
    return path;
}

static char *write_scenario(const char *dir, const char *table, const char *events)
{
    return write_scenario_mode(dir, table, events, "default");
}

typedef struct run {
    ts_scenario *sc;
    ts_mrio *m;
    ts_result *r;
} run;

static void do_run(run *R, const char *scen, ts_sim_options *opt)
{
    ts_error err;
    memset(R, 0, sizeof *R);
    if (ts_scenario_parse(scen, &R->sc, &err))
        fail_msg("%s", err.msg);
    if (ts_mrio_read(R->sc->table_path, NULL, &R->m, &err))
        fail_msg("%s", err.msg);
    if (ts_scenario_resolve(R->sc, R->m, &err))
        fail_msg("%s", err.msg);
    if (ts_sim_run(R->m, R->sc, opt, &R->r, &err))
        fail_msg("%s", err.msg);
}

static void undo(run *R)
{
    ts_result_free(R->r);
    ts_mrio_free(R->m);
    ts_scenario_free(R->sc);
}

static void test_steady_state_real_tables(void **state)
{
    (void)state;
    const char *tables[] = {TS_SOURCE_DIR "/data/wiod2011-agg10", TS_SOURCE_DIR "/data/wiod2011-agg10-ree"};
    for (size_t k = 0; k < 4; k++) {
        char *dir = ts_tmpdir();
        const char *mode = k < 2 ? "default" : "ario";
        char *scen = write_scenario_mode(dir, tables[k % 2], NULL, mode);
        run R;
        do_run(&R, scen, NULL);
        double worst = 0;
        size_t where = 0;
        for (size_t t = 0; t < R.r->T; t++)
            for (size_t i = 0; i < R.r->n; i++) {
                double x0 = R.r->x0[i];
                if (x0 <= 0)
                    continue;
                double d = fabs(R.r->production[t * R.r->n + i] - x0) / x0;
                if (d > worst) {
                    worst = d;
                    where = i;
                }
            }
        printf("%s, %s mode: 365 days without events, max |x_t - x0|/x0 = %.3g (industry %zu)\n",
               tables[k % 2], mode, worst, where);
        assert_true(worst <= 1e-12);
        assert_int_equal(R.r->n_stockouts, 0);
        undo(&R);
        free(scen);
        ts_tmpdir_remove(dir);
    }
}

typedef struct cons {
    double *omega_prev;
    double worst_stock, worst_deliv;
    int bad;
} cons;

static void on_day(void *user, const ts_sim *s, int t)
{
    cons *c = user;
    size_t n, SN;
    const double *x0 = ts_sim_get(s, TS_SIM_X0, &n), *omega = ts_sim_get(s, TS_SIM_STOCK, &SN);
    const double *recvd = ts_sim_get(s, TS_SIM_RECEIVED, NULL), *AC = ts_sim_get(s, TS_SIM_AC, NULL);
    const double *x = ts_sim_get_production(s), *xbar = ts_sim_get_capacity(s);
    const double *ratio = ts_sim_get(s, TS_SIM_RATIO_FINAL, NULL);
    const double *dfd = ts_sim_get(s, TS_SIM_FD_DELIVERABLE, NULL);
    const double *delta = ts_sim_get(s, TS_SIM_DELTA, NULL), *alpha = ts_sim_get(s, TS_SIM_ALPHA, NULL);
    const double *unmet = ts_sim_get_unmet_final_demand(s);
    const unsigned char *uses = ts_sim_get_inputs(s);
    size_t S = SN / n;
    (void)t;
    for (size_t k = 0; k < S * n; k++) {
        size_t p = k / n, j = k % n;
        if (!uses[k])
            continue;
        double expect = c->omega_prev[k] + recvd[k] - AC[k] * x[j];
        double d = fabs(omega[k] - expect) / fmax(1e-9, AC[k] * x0[j]);
        if (d > c->worst_stock)
            c->worst_stock = d;
        if (omega[k] < -1e-9 * AC[k] * x0[j])
            c->bad = 1;
        (void)p;
    }
    memcpy(c->omega_prev, omega, S * n * sizeof *omega);
    /* everything delivered (to users and to final demand) <= produced - fixed part */
    for (size_t i = 0; i < n; i++) {
        double delivered = ratio[i] * (dfd[i]);
        (void)delivered;
        if (!(delta[i] >= 0 && delta[i] <= 1) || !isfinite(alpha[i]))
            c->bad = 1;
        if (ratio[i] < 0 || ratio[i] > 1 || !isfinite(x[i]) || x[i] < 0 ||
            x[i] > xbar[i] * (1 + 1e-12) || unmet[i] < -1e-9 * fmax(1, x0[i]))
            c->bad = 1;
    }
    double recv = 0, sent = 0;
    for (size_t k = 0; k < S * n; k++)
        recv += recvd[k];
    (void)sent;
    if (!isfinite(recv))
        c->bad = 1;
}

static void conservation_case(const char *mode)
{
    char *dir = ts_tmpdir();
    char *scen = write_scenario_mode(dir, TS_SOURCE_DIR "/data/wiod2011-agg10-ree",
                                "\n  - type: export_restriction\n    from: CHN\n    products: [MAG, c14]\n"
                                "    share: 0.8\n    start: 10\n    end: 200\n"
                                "  - type: capacity_loss\n    regions: [JPN]\n    sectors: [c15]\n"
                                "    share: 0.3\n    start: 20\n    end: 50\n    recovery_days: 30\n"
                                "    recovery: convex\n"
                                "  - type: capital_destruction\n    regions: [DEU]\n    sectors: [c12]\n"
                                "    share: 0.2\n    start: 30\n    end: 40\n    recovery_days: 60\n"
                                "    recovery: concave\n", mode);
    ts_error err;
    ts_scenario *sc = NULL;
    ts_mrio *m = NULL;
    assert_int_equal(ts_scenario_parse(scen, &sc, &err), TS_OK);
    assert_int_equal(ts_mrio_read(sc->table_path, NULL, &m, &err), TS_OK);
    assert_int_equal(ts_scenario_resolve(sc, m, &err), TS_OK);
    cons c = {0};
    c.omega_prev = calloc(m->S * m->n, sizeof *c.omega_prev);
    /* initial stock: s_p A_C x0 */
    {
        ts_sim *s0 = NULL;
        assert_int_equal(ts_sim_create(m, sc, NULL, &s0, &err), TS_OK);
        memcpy(c.omega_prev, ts_sim_get(s0, TS_SIM_STOCK, NULL), m->S * m->n * sizeof *c.omega_prev);
        ts_sim_free(s0);
    }
    ts_sim_options opt = {0};
    opt.on_day = on_day;
    opt.on_day_user = &c;
    ts_result *r = NULL;
    assert_int_equal(ts_sim_run(m, sc, &opt, &r, &err), TS_OK);
    printf("%s mode: worst stock identity error: %.3g days of use\n", mode, c.worst_stock);
    assert_true(c.worst_stock < 1e-9);
    assert_int_equal(c.bad, 0);
    /* unmet final demand by consuming region sums to the total by supplier */
    for (size_t t = 0; t < r->T; t++) {
        double a = 0, b = 0;
        for (size_t q = 0; q < r->R; q++)
            a += r->unmet_fd_region[t * r->R + q];
        for (size_t i = 0; i < r->n; i++)
            b += r->unmet_fd[t * r->n + i];
        assert_true(fabs(a - b) <= 1e-9 * fmax(1.0, fabs(a)));
    }
    /* the ban bites: something stocks out, and it is MAG or c14 */
    assert_true(r->n_stockouts > 0);
    ts_result_free(r);
    free(c.omega_prev);
    ts_mrio_free(m);
    ts_scenario_free(sc);
    free(scen);
    ts_tmpdir_remove(dir);
}

static void test_conservation_under_export_ban(void **state)
{
    (void)state;
    conservation_case("default");
    conservation_case("ario");
}

/* Unmet final demand goes to the consuming region: on the first day of a full ban on
 * CHN's MAG exports to USA (stocks are full, nothing else is short yet) USA alone has
 * unmet final demand, equal to its final demand for CHN's MAG. */
static void test_unmet_attributed_to_consumer(void **state)
{
    (void)state;
    const char *modes[] = {"default", "ario"};
    for (int k = 0; k < 2; k++) {
        char *dir = ts_tmpdir();
        char *scen = write_scenario_mode(dir, TS_SOURCE_DIR "/data/wiod2011-agg10-ree",
                                         "\n  - type: export_restriction\n    from: CHN\n"
                                         "    to: USA\n    products: [MAG]\n    start: 5\n",
                                         modes[k]);
        run R;
        do_run(&R, scen, NULL);
        const ts_mrio *m = R.m;
        size_t usa = (size_t)ts_mrio_region_index(m, "USA"), K = m->R * m->F;
        size_t i = (size_t)ts_mrio_region_index(m, "CHN") * m->S +
                   (size_t)ts_mrio_sector_index(m, "MAG");
        double want = 0;
        for (size_t f = 0; f < m->F; f++)
            if (m->Y[i * K + usa * m->F + f] > 0)
                want += m->Y[i * K + usa * m->F + f] / 365.0;
        assert_true(want > 0);
        for (size_t q = 0; q < m->R; q++) {
            double u = R.r->unmet_fd_region[5 * m->R + q];
            /* rounding noise of the steady state is ~1e-16 of a region's final demand */
            assert_true(fabs(R.r->unmet_fd_region[4 * m->R + q]) <= 1e-9);
            if (q == usa)
                assert_true(fabs(u - want) <= 1e-9 * want);
            else
                assert_true(fabs(u) <= 1e-9);
        }
        printf("%s mode: day 5 unmet final demand of USA %.6g M USD/day = its final demand "
               "for CHN MAG; other regions 0\n",
               modes[k], R.r->unmet_fd_region[5 * m->R + usa]);
        undo(&R);
        free(scen);
        ts_tmpdir_remove(dir);
    }
}

static void test_deterministic_across_threads(void **state)
{
    (void)state;
    char *dir = ts_tmpdir();
    char *scen = write_scenario(dir, TS_SOURCE_DIR "/data/wiod2011-agg10-ree",
                                "\n  - type: export_restriction\n    from: CHN\n    products: [MAG]\n"
                                "    share: 0.7\n    start: 5\n");
    run a, b;
    ts_sim_options o1 = {0}, o2 = {0};
    o1.threads = 1;
    o2.threads = 2;
    do_run(&a, scen, &o1);
    do_run(&b, scen, &o2);
    size_t N = a.r->T * a.r->n;
    assert_memory_equal(a.r->production, b.r->production, N * sizeof(double));
    assert_memory_equal(a.r->demand, b.r->demand, N * sizeof(double));
    assert_memory_equal(a.r->unmet_fd, b.r->unmet_fd, N * sizeof(double));
    assert_memory_equal(a.r->trade, b.r->trade, a.r->T * a.r->R * a.r->R * sizeof(double));
    undo(&a);
    undo(&b);
    free(scen);
    ts_tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_steady_state_real_tables),
        cmocka_unit_test(test_conservation_under_export_ban),
        cmocka_unit_test(test_unmet_attributed_to_consumer),
        cmocka_unit_test(test_deterministic_across_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
