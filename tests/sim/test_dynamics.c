/* Critical-input dynamics (docs/model.md, "Critical-input dynamics"), each on a table of
 * 2-3 regions with the expected values computed by hand in the comments: a non-critical
 * input never binds (and an important one passes half its shortfall on), the
 * substitution room of a damaged supplier, the tariff's final-demand volume moving with
 * the supplier shares, goods at sea arriving for exactly the transit days after a ban. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "testutil.h"
#include "tradeshock/mrio.h"
#include "tradeshock/scenario.h"
#include "tradeshock/sim.h"

typedef struct run {
    ts_scenario *sc;
    ts_mrio *m;
    ts_result *r;
} run;

static void write_table(ts_mrio *m, const char *dir)
{
    ts_error err;
    char *tab = ts_asprintf("%s/table", dir);
    assert_int_equal(ts_mrio_write_native(m, tab, &err), TS_OK);
    ts_mrio_free(m);
    free(tab);
}

static ts_mrio *new_table(size_t R, size_t S, const char *const *reg, const char *const *sec)
{
    ts_mrio *m = NULL;
    ts_error err;
    assert_int_equal(ts_mrio_create(R, S, 1, &m, &err), TS_OK);
    for (size_t r = 0; r < R; r++) {
        m->regions[r].code = ts_strdup(reg[r]);
        m->regions[r].name = ts_strdup(reg[r]);
    }
    for (size_t s = 0; s < S; s++) {
        m->sectors[s].code = ts_strdup(sec[s]);
        m->sectors[s].name = ts_strdup(sec[s]);
    }
    m->fd_cats[0].code = ts_strdup("HH");
    m->fd_cats[0].name = ts_strdup("households");
    return m;
}

static void do_run(run *R, const char *dir, int horizon, const char *params, const char *events,
                   ts_sim_options *opt)
{
    char *p = ts_asprintf("%s/s.yaml", dir);
    FILE *f = fopen(p, "w");
    fprintf(f, "name: dynamics\ntable: table\nstart_date: 2025-01-01\nhorizon_days: %d\n"
               "parameters:\n%s\nevents:\n%s\n",
            horizon, params, events);
    fclose(f);
    ts_error err;
    memset(R, 0, sizeof *R);
    if (ts_scenario_parse(p, &R->sc, &err) || ts_mrio_read(R->sc->table_path, NULL, &R->m, &err) ||
        ts_scenario_resolve(R->sc, R->m, &err) || ts_sim_run(R->m, R->sc, opt, &R->r, &err))
        fail_msg("%s", err.msg);
    free(p);
}

static void undo(run *R)
{
    ts_result_free(R->r);
    ts_mrio_free(R->m);
    ts_scenario_free(R->sc);
}

/* ---- criticality ------------------------------------------------------------------ */

/* Two regions, sectors G (a good) and S (a service). AAA_G sells 100 to BBB_S and 900 to
 * AAA's households; BBB_S sells 1000 to BBB's households; AAA_S and BBB_G sell 100 each
 * to their households. A_C[G, BBB_S] = 0.1, daily use u = 100/365. AAA bans G to BBB
 * from day 0, so BBB_S receives nothing. Stock 10 days, psi 0.8: the stock at the start
 * of day t is (10 - t) u while output is x0; the need is 8 u, first missed on day 3
 * (7 u): a critical input cuts x to 7/8 x0 that day, an important one (pass-through
 * 1/2) to 1 - (1/2)(1/8) = 15/16 x0, a non-critical one never. */
static char *crit_table(void)
{
    static const char *const reg[] = {"AAA", "BBB"}, *const sec[] = {"G", "S"};
    ts_mrio *m = new_table(2, 2, reg, sec);
    size_t n = 4; /* AAA_G 0, AAA_S 1, BBB_G 2, BBB_S 3 */
    m->Z[0 * n + 3] = 100;
    m->Y[0 * 2 + 0] = 900;
    m->Y[3 * 2 + 1] = 1000;
    m->Y[1 * 2 + 0] = 100;
    m->Y[2 * 2 + 1] = 100;
    m->x[0] = m->x[3] = 1000;
    m->x[1] = m->x[2] = 100;
    char *dir = ts_tmpdir();
    write_table(m, dir);
    return dir;
}

typedef struct omega_min {
    double lo;
} omega_min;

static void on_day_omega(void *u, const ts_sim *s, int t)
{
    omega_min *o = u;
    (void)t;
    size_t n;
    ts_sim_get(s, TS_SIM_X0, &n);
    double om = ts_sim_get(s, TS_SIM_STOCK, NULL)[0 * n + 3];
    if (om < o->lo)
        o->lo = om;
}

static const char *crit_params =
    "  inventory_days_by_product: {G: 10, S: infinite}\n  psi: 0.8\n";
static const char *crit_ban = "  - type: export_restriction\n    from: AAA\n    to: BBB\n"
                              "    products: G\n    share: 1\n    start: 0\n";

static void test_noncritical_never_binds(void **state)
{
    (void)state;
    char *dir = crit_table();
    const double x0 = 1000.0 / 365.0;
    run R;
    /* critical (the default): first stock-out on day 3, x = 7/8 x0 */
    do_run(&R, dir, 30, crit_params, crit_ban, NULL);
    assert_int_equal(R.r->n_stockouts, 1);
    assert_int_equal(R.r->stockouts[0].first_day, 3);
    assert_true(ts_close(R.r->production[2 * 4 + 3], x0, 1e-12, 0));
    assert_true(ts_close(R.r->production[3 * 4 + 3], x0 * 7.0 / 8.0, 1e-12, 0));
    undo(&R);
    /* important, pass-through 1/2: 15/16 x0 on day 3 */
    char *p = ts_asprintf("%s  criticality:\n    important_pass_through: 0.5\n    rules:\n"
                          "      - {inputs: G, buyers: S, class: important}\n", crit_params);
    do_run(&R, dir, 30, p, crit_ban, NULL);
    free(p);
    assert_int_equal(R.r->stockouts[0].first_day, 3);
    assert_true(ts_close(R.r->production[3 * 4 + 3], x0 * 15.0 / 16.0, 1e-12, 0));
    undo(&R);
    /* non-critical: never binds, no stock-out, output x0 every day, stock never below 0
     * (it runs out on day 10: production goes on without the good) */
    p = ts_asprintf("%s  criticality:\n    rules:\n      - {inputs: G, buyers: S, class: non-critical}\n",
                    crit_params);
    omega_min om = {1e300};
    ts_sim_options o = {0};
    o.on_day = on_day_omega;
    o.on_day_user = &om;
    do_run(&R, dir, 30, p, crit_ban, &o);
    free(p);
    assert_int_equal(R.r->n_stockouts, 0);
    for (int t = 0; t < 30; t++)
        assert_true(ts_close(R.r->production[t * 4 + 3], x0, 1e-12, 0));
    assert_true(om.lo >= 0.0);
    assert_true(fabs(om.lo) < 1e-15);
    undo(&R);
    ts_tmpdir_remove(dir);
}

/* ---- substitution room ----------------------------------------------------------- */

/* Three regions, one product G (test_policy.c's table): AAA_G and BBB_G sell 100 to
 * themselves and 800 to their households, CCC's households buy 250 / 250 / 500 from AAA /
 * BBB / CCC (x = 1150, 1150, 500). AAA stops delivering to CCC and BBB loses half its
 * capacity, from day 0; substitutability 0.5, substitution_days 10, alpha_max 1.25.
 * Day 0: x_BBB = 575/365 (rationing ratio 1/2), x_CCC = 500/365 (ratio 1).
 * Room = alpha_max (1 - Delta) x0 - x: BBB 1.25 x 0.5 x 1150 - 575 = 143.75 (M USD/yr),
 * CCC 1.25 x 500 - 500 = 125; the old
 * rule alpha_max x0 - x would give BBB 1.25 x 1150 - 575 = 862.5, seven times CCC's.
 * Orders moved after one step: m_AAA = 0.5 (1 - 0)/10 = 0.05, m_BBB = 0.5 (1 - 1/2)/10 =
 * 0.025; moved share 0.25 x 0.05 + 0.25 x 0.025 = 0.01875 of V = 1000. Spare weighted by
 * delivery (1 - b) rho: BBB 143.75 x 1/2 = 71.875, CCC 125, AAA 0 (blocked): 196.875 >
 * 18.75, so all is placed: BBB gets 0.01875 x 71.875 / 196.875, CCC 0.01875 x 125 / 196.875,
 * and pi_BBB = 1 - 0.025 + that / 0.25, pi_CCC = 1 + that / 0.5. */
static char *policy_table(void)
{
    static const char *const reg[] = {"AAA", "BBB", "CCC"}, *const sec[] = {"G"};
    ts_mrio *m = new_table(3, 1, reg, sec);
    m->Z[0 * 3 + 0] = 100;
    m->Z[1 * 3 + 1] = 100;
    m->Y[0 * 3 + 0] = 800;
    m->Y[1 * 3 + 1] = 800;
    m->Y[0 * 3 + 2] = 250;
    m->Y[1 * 3 + 2] = 250;
    m->Y[2 * 3 + 2] = 500;
    m->x[0] = m->x[1] = 1150;
    m->x[2] = 500;
    char *dir = ts_tmpdir();
    write_table(m, dir);
    return dir;
}

typedef struct room_seen {
    double room[3], pi_b, pi_c;
} room_seen;

static void on_day_room(void *u, const ts_sim *s, int t)
{
    room_seen *r = u;
    if (t != 0)
        return;
    const double *room = ts_sim_get(s, TS_SIM_SUBSTITUTION_ROOM, NULL);
    const double *pi = ts_sim_get(s, TS_SIM_ORDER_WEIGHT, NULL);
    for (int i = 0; i < 3; i++)
        r->room[i] = room[i];
    r->pi_b = pi[1 * 3 + 2];
    r->pi_c = pi[2 * 3 + 2];
}

static void test_room_damaged_supplier(void **state)
{
    (void)state;
    char *dir = policy_table();
    run R;
    room_seen seen = {0};
    ts_sim_options o = {0};
    o.on_day = on_day_room;
    o.on_day_user = &seen;
    do_run(&R, dir, 5,
           "  inventory_days_by_product: {G: infinite}\n  substitutability: 0.5\n"
           "  substitution_days: 10\n  alpha_max: 1.25\n",
           "  - type: export_restriction\n    from: AAA\n    to: CCC\n    share: 1\n    start: 0\n"
           "  - type: capacity_loss\n    regions: BBB\n    sectors: G\n    share: 0.5\n    start: 0\n",
           &o);
    assert_true(ts_close(seen.room[1], 143.75 / 365.0, 1e-12, 0));
    assert_true(ts_close(seen.room[2], 125.0 / 365.0, 1e-12, 0));
    double add_b = 0.01875 * 71.875 / 196.875, add_c = 0.01875 * 125.0 / 196.875;
    printf("pi BBB %.15g (hand %.15g), CCC %.15g (hand %.15g)\n", seen.pi_b,
           1 - 0.025 + add_b / 0.25, seen.pi_c, 1 + add_c / 0.5);
    assert_true(ts_close(seen.pi_b, 1 - 0.025 + add_b / 0.25, 1e-12, 0));
    assert_true(ts_close(seen.pi_c, 1 + add_c / 0.5, 1e-12, 0));
    undo(&R);
    ts_tmpdir_remove(dir);
}

/* ---- tariff timing ----------------------------------------------------------------- */

/* The same table, a 100% tariff of CCC on AAA from day 0, sigma 2, eps -1,
 * substitution_days 10. Targets: AAA's weight 2^-2 = 1/4; CCC's final demand for G
 * 1 - (8/7 - 1) = 6/7 (P'/P = (0.25/2 + 0.75)^-1 = 8/7). Both move one step of 1/10 a
 * day, so on day t >= 0 a = 1 - 0.9^t of the way: CCC's total final demand asked is
 * 1000 (1 - a/7) and AAA's share weight 1 - 3a/4. The domestic producer CCC gains from the
 * first day: 500 (1 - a/7) / (1 - 0.1875 a) > 500 for a > 0. */
typedef struct tariff_seen {
    double worst_total, worst_aaa, min_ccc;
} tariff_seen;

static void on_day_tariff(void *u, const ts_sim *s, int t)
{
    tariff_seen *c = u;
    const double *yask = ts_sim_get(s, TS_SIM_FD_ASKED, NULL);
    double a = 1 - pow(0.9, t);
    double tot = 0;
    for (int i = 0; i < 3; i++)
        tot += yask[i * 3 + 2];
    double want = 1000.0 / 365.0 * (1 - a / 7);
    double piA = 1 - 0.75 * a, norm = 1000.0 / (250 * piA + 750);
    double aaa = 250.0 / 365.0 * (1 - a / 7) * piA * norm;
    if (fabs(tot - want) / want > c->worst_total)
        c->worst_total = fabs(tot - want) / want;
    if (fabs(yask[0 * 3 + 2] - aaa) / aaa > c->worst_aaa)
        c->worst_aaa = fabs(yask[0 * 3 + 2] - aaa) / aaa;
    if (yask[2 * 3 + 2] < c->min_ccc)
        c->min_ccc = yask[2 * 3 + 2];
}

static void test_tariff_volume_and_share_together(void **state)
{
    (void)state;
    char *dir = policy_table();
    run R;
    tariff_seen c = {0, 0, 1e300};
    ts_sim_options o = {0};
    o.on_day = on_day_tariff;
    o.on_day_user = &c;
    do_run(&R, dir, 120,
           "  inventory_days_by_product: {G: infinite}\n  armington_sigma: 2\n"
           "  import_demand_elasticity: -1\n  substitution_days: 10\n",
           "  - type: tariff\n    to: CCC\n    from: AAA\n    rate: 1.0\n    start: 0\n", &o);
    printf("worst relative deviation: total %.3g, AAA %.3g; CCC's smallest ask %.9g (baseline %.9g)\n",
           c.worst_total, c.worst_aaa, c.min_ccc * 365, 500.0);
    assert_true(c.worst_total < 1e-12);
    assert_true(c.worst_aaa < 1e-12);
    assert_true(c.min_ccc >= 500.0 / 365.0 * (1 - 1e-12));
    undo(&R);
    ts_tmpdir_remove(dir);
}

/* ---- stocks that differ across firms ------------------------------------------------ */

/* crit_table's ban, BBB_S's 10-day stock of G spread over 2 cover classes, lognormal with
 * cv 0.6: sigma^2 = ln 1.36, mu = -sigma^2/2, midpoint quantiles z = -/+ 0.6744897501960817
 * (Phi^-1(0.25), Phi^-1(0.75)), m = exp(mu + sigma z) = 0.688002, 1.453508 renormalised to
 * mean 1: 0.6425028458, 1.3574971542 -> 6.425 and 13.575 days. Each class uses one day of
 * its own stock a day while it runs at x0; class 1 needs 0.8 x 6.425 = 5.140 days and first
 * misses it on day 2 (4.425 days: f = 0.86090), class 2 (need 10.860) on day 3. Industry
 * output x/x0 = (f1 + f2)/2 = 1, 1, 0.930448332550803, 0.833582055184205 on days 0-3 (one
 * representative firm: 1 to day 2, first cut on day 3), share stopped 0, 0, 1/2, 1. */
static void test_cover_classes(void **state)
{
    (void)state;
    char *dir = crit_table();
    const double x0 = 1000.0 / 365.0;
    static const double want[4] = {1, 1, 0.930448332550803, 0.833582055184205};
    static const double stop[4] = {0, 0, 0.5, 1};
    run R;
    do_run(&R, dir, 30,
           "  inventory_days_by_product: {G: 10, S: infinite}\n  psi: 0.8\n"
           "  cover_spread: {G: {distribution: lognormal, cv: 0.6, classes: 2}}\n",
           crit_ban, NULL);
    assert_int_equal(R.r->n_spread, 1);
    assert_int_equal(R.r->spread_pairs[0].industry, 3);
    assert_int_equal(R.r->spread_first[0], 2);
    for (int t = 0; t < 4; t++) {
        printf("day %d: x/x0 %.15f (hand %.15f), share stopped %g\n", t,
               R.r->production[t * 4 + 3] / x0, want[t], R.r->share_stopped[t]);
        assert_true(ts_close(R.r->production[t * 4 + 3], x0 * want[t], 1e-12, 0));
        assert_true(ts_close(R.r->share_stopped[t], stop[t], 0, 1e-15));
    }
    assert_int_equal(R.r->n_stockouts, 1);
    assert_int_equal(R.r->stockouts[0].first_day, 2);
    assert_true(R.r->stockouts[0].max_share_stopped == 1.0);
    undo(&R);
    ts_tmpdir_remove(dir);
}

/* ---- goods at sea ------------------------------------------------------------------ */

/* crit_table: AAA_G ships u = 100/365 a day to BBB_S; 30 days at sea from AAA to BBB, a
 * ban from day 10. On day 0 the line holds 30 u (days 0-29's arrivals). Arrivals stay u
 * through day 39 (ban day + 30 - 1: the last cargo left on day 9) and are 0 from day 40.
 * At sea at the end of day t: 30 u before the ban, (39 - t) u on days 10-39, then 0.
 * BBB_S holds 45 days, psi 0.75 (need 33.75 u): its stock stays 45 u to the start of day
 * 40, then falls by u a day, and first binds on day 52 (33 u): x = 33/33.75 x0. Every
 * day the stock plus what is at sea changes by what was shipped less what was used. */
typedef struct sea_seen {
    double arr[80], sea[80];
    double prev, worst;
} sea_seen;

static void on_day_sea(void *u, const ts_sim *s, int t)
{
    sea_seen *c = u;
    size_t n;
    ts_sim_get(s, TS_SIM_X0, &n);
    const double *sea = ts_sim_get(s, TS_SIM_AT_SEA, NULL);
    size_t k = 0 * n + 3; /* G held by BBB_S */
    c->arr[t] = ts_sim_get(s, TS_SIM_RECEIVED, NULL)[k];
    c->sea[t] = sea[0];
    double now = ts_sim_get(s, TS_SIM_STOCK, NULL)[k] + sea[0];
    double shipped = ts_sim_get(s, TS_SIM_TRADE, NULL)[0 * 2 + 1]; /* AAA -> BBB: only G to BBB_S */
    double used = ts_sim_get(s, TS_SIM_AC, NULL)[k] * ts_sim_get_production(s)[3];
    double d = fabs(now - (c->prev + shipped - used));
    if (d > c->worst)
        c->worst = d;
    c->prev = now;
}

static void test_transit_pipeline(void **state)
{
    (void)state;
    char *dir = crit_table();
    const double u = 100.0 / 365.0, x0 = 1000.0 / 365.0;
    run R;
    sea_seen c = {{0}, {0}, 45 * u + 30 * u, 0};
    ts_sim_options o = {0};
    o.on_day = on_day_sea;
    o.on_day_user = &c;
    do_run(&R, dir, 80,
           "  inventory_days_by_product: {G: 45, S: infinite}\n  psi: 0.75\n"
           "  transit: [{products: G, from: AAA, to: BBB, days: 30}]\n",
           "  - type: export_restriction\n    from: AAA\n    to: BBB\n    products: G\n"
           "    share: 1\n    start: 10\n",
           &o);
    assert_non_null(R.r->in_transit0);
    assert_true(ts_close(R.r->in_transit0[0], 30 * u, 1e-12, 0));
    for (int t = 0; t < 80; t++) {
        double arr = t < 40 ? u : 0.0;
        double sea = t < 10 ? 30 * u : t < 40 ? (39 - t) * u : 0.0;
        if (!ts_close(c.arr[t], arr, 1e-12, 1e-15) || !ts_close(c.sea[t], sea, 1e-12, 1e-14))
            fail_msg("day %d: arrivals %.15g (hand %.15g), at sea %.15g (hand %.15g)", t,
                     c.arr[t], arr, c.sea[t], sea);
        assert_true(ts_close(R.r->in_transit[t * 2 + 0], sea, 1e-12, 1e-14));
    }
    assert_int_equal(R.r->n_stockouts, 1);
    assert_int_equal(R.r->stockouts[0].first_day, 52);
    assert_true(ts_close(R.r->production[51 * 4 + 3], x0, 1e-12, 0));
    assert_true(ts_close(R.r->production[52 * 4 + 3], x0 * 33.0 / 33.75, 1e-12, 0));
    printf("stock + at sea identity: worst %.3g M USD\n", c.worst);
    assert_true(c.worst < 1e-12);
    undo(&R);
    ts_tmpdir_remove(dir);
}

/* ---- every mechanism on, no event: the steady state --------------------------------- */

typedef struct steady {
    double worst;
} steady;

static void on_day_steady(void *u, const ts_sim *s, int t)
{
    steady *c = u;
    (void)t;
    size_t n;
    const double *x0 = ts_sim_get(s, TS_SIM_X0, &n), *x = ts_sim_get_production(s);
    for (size_t i = 0; i < n; i++) {
        double d = fabs(x[i] - x0[i]) / fmax(x0[i], 1e-300);
        if (x0[i] > 0 && d > c->worst)
            c->worst = d;
    }
}

static void test_steady_state_all_on(void **state)
{
    (void)state;
    char *dir = ts_tmpdir();
    char *p = ts_asprintf("%s/s.yaml", dir);
    FILE *f = fopen(p, "w");
    fprintf(f, "name: steady\ntable: %s/data/wiod2011-agg10-ree\nstart_date: 2025-01-01\n"
               "horizon_days: 365\nparameters:\n  inventory_days: 30\n"
               "  psi_by_product: {default: 0.7, MAG: 0.5}\n"
               "  restoration_days_by_product: {MAG: 20}\n"
               "  alpha_max_by_product: {MAG: 1}\n  substitutability: 0.3\n"
               "  cover_spread: {MAG: {distribution: lognormal, cv: 0.6, classes: 8},\n"
               "                 c9: {cv: 1.0, classes: 3}}\n"
               "  criticality: {default: pichler, rules: [{inputs: c15, buyers: c18, class: important}]}\n"
               "  transit: [{days: 35}, {from: CHN, to: [JPN, KOR, TWN], days: 7}]\n"
               "events: []\n",
            TS_SOURCE_DIR);
    fclose(f);
    run R;
    ts_error err;
    steady c = {0};
    ts_sim_options o = {0};
    o.on_day = on_day_steady;
    o.on_day_user = &c;
    memset(&R, 0, sizeof R);
    if (ts_scenario_parse(p, &R.sc, &err) || ts_mrio_read(R.sc->table_path, NULL, &R.m, &err) ||
        ts_scenario_resolve(R.sc, R.m, &err) || ts_sim_run(R.m, R.sc, &o, &R.r, &err))
        fail_msg("%s", err.msg);
    printf("every mechanism on, no event: worst |x - x0| / x0 over 365 days %.3g\n", c.worst);
    assert_true(c.worst < 1e-12);
    assert_int_equal(R.r->n_stockouts, 0);
    for (size_t q = 0; q < R.r->S; q++)
        assert_true(ts_close(R.r->in_transit[364 * R.r->S + q], R.r->in_transit0[q], 1e-12, 1e-12));
    undo(&R);
    free(p);
    ts_tmpdir_remove(dir);
}

/* ---- licensing as a process ------------------------------------------------------- */

/* crit_table, AAA licenses G to BBB from day 5: review 10 days, approval 25% of the
 * applications made from day 5, 75% of those from day 20. Applications of day a are
 * decided (and the approved part ships) on day a + 10: blocked 0 before day 5, 1 on days
 * 5-14 (nothing decided yet: BBB_S receives nothing), 0.75 on days 15-29, 0.25 from 30. */
typedef struct lic_seen {
    double block[60], recv[60];
} lic_seen;

static void on_day_lic(void *u, const ts_sim *s, int t)
{
    lic_seen *c = u;
    size_t n;
    ts_sim_get(s, TS_SIM_X0, &n);
    if (t + 1 < 60)
        c->block[t + 1] = ts_sim_get(s, TS_SIM_BLOCKED_NEXT, NULL)[1 * n + 0];
    c->recv[t] = ts_sim_get(s, TS_SIM_RECEIVED, NULL)[0 * n + 3];
}

static void test_licence_queue(void **state)
{
    (void)state;
    char *dir = crit_table();
    run R;
    lic_seen c;
    memset(&c, 0, sizeof c);
    ts_sim_options o = {0};
    o.on_day = on_day_lic;
    o.on_day_user = &c;
    do_run(&R, dir, 60, "  inventory_days_by_product: {G: 40, S: infinite}\n",
           "  - type: export_restriction\n    from: AAA\n    to: BBB\n    products: G\n"
           "    share: 0.5\n    start: 5\n    review_days: 10\n"
           "    approval: [{from: 5, rate: 0.25}, {from: 2025-01-21, rate: 0.75}]\n",
           &o);
    for (int t = 1; t < 60; t++) {
        double want = t < 5 ? 0 : t < 15 ? 1 : t < 30 ? 0.75 : 0.25;
        if (c.block[t] != want)
            fail_msg("day %d: blocked %g, by hand %g", t, c.block[t], want);
    }
    for (int t = 5; t < 15; t++)
        assert_true(c.recv[t] == 0.0);
    assert_true(c.recv[4] > 0 && c.recv[15] > 0);
    undo(&R);
    ts_tmpdir_remove(dir);
}

/* ---- catch-up restocking --------------------------------------------------------- */

/* crit_table's ban (critical, 10-day stock, psi 0.8, tau 60), catch_up_days 5. Orders of
 * G by BBB_S issued at the end of day t: use + gap / tau. Day 2 (stock 7 u after the day,
 * not yet short): u + (10 u - 7 u)/60. Day 3 (first stock-out; x = 7/8 x0): the stock is
 * 7 u - 7/8 u = 6.125 u, the gap 3.875 u, closed at 1/5: 0.875 u + 3.875 u / 5 = 1.65 u. */
typedef struct want_seen {
    double want[10];
} want_seen;

static void on_day_want(void *u, const ts_sim *s, int t)
{
    want_seen *c = u;
    size_t n;
    ts_sim_get(s, TS_SIM_X0, &n);
    if (t < 10)
        c->want[t] = ts_sim_get(s, TS_SIM_WANT, NULL)[0 * n + 3];
}

static void test_catch_up(void **state)
{
    (void)state;
    char *dir = crit_table();
    const double u = 100.0 / 365.0;
    run R;
    want_seen c = {{0}};
    ts_sim_options o = {0};
    o.on_day = on_day_want;
    o.on_day_user = &c;
    char *p = ts_asprintf("%s  catch_up_days_by_product: {G: 5}\n", crit_params);
    do_run(&R, dir, 10, p, crit_ban, &o);
    free(p);
    printf("orders day 2 %.15g (hand %.15g), day 3 %.15g (hand %.15g)\n", c.want[2] / u,
           1 + 3.0 / 60, c.want[3] / u, 1.65);
    assert_true(ts_close(c.want[2], u * (1 + 3.0 / 60), 1e-12, 0));
    assert_true(ts_close(c.want[3], u * 1.65, 1e-12, 0));
    undo(&R);
    ts_tmpdir_remove(dir);
}

/* ---- the default scenario ------------------------------------------------------------ */

/* Done-when of issue 12: with `criticality: {default: pichler}` the bundled default run
 * has no stock-out of a service sector (WIOD c19-c35) short of a good. */
static int wiod_service(const char *code)
{
    if (!code || code[0] != 'c')
        return 0;
    char *end;
    long v = strtol(code + 1, &end, 10);
    return (*end == '\0' || (*end == 'D' && end[1] == '\0')) && v >= 19 && v <= 35;
}

static void test_default_scenario_services(void **state)
{
    (void)state;
    ts_scenario *sc = NULL;
    ts_mrio *m = NULL;
    ts_result *r = NULL;
    ts_error err;
    if (ts_scenario_parse(TS_SOURCE_DIR "/scenarios/rare-earths-2025.yaml", &sc, &err) ||
        ts_scenario_load_table(sc, NULL, NULL, &m, &err) || ts_scenario_resolve(sc, m, &err) ||
        ts_sim_run(m, sc, NULL, &r, &err))
        fail_msg("%s", err.msg);
    size_t bad = 0;
    for (size_t k = 0; k < r->n_stockouts; k++) {
        const ts_stockout *so = &r->stockouts[k];
        const char *buyer = m->sectors[(size_t)so->industry % m->S].code;
        const char *input = m->sectors[so->product].code;
        if (wiod_service(buyer) && !wiod_service(input)) {
            printf("service short of a good: %s_%s short of %s from day %d\n",
                   m->regions[(size_t)so->industry / m->S].code, buyer, input, so->first_day);
            bad++;
        }
    }
    assert_true(r->n_stockouts > 0);
    assert_int_equal(bad, 0);
    ts_result_free(r);
    ts_mrio_free(m);
    ts_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_noncritical_never_binds),
        cmocka_unit_test(test_room_damaged_supplier),
        cmocka_unit_test(test_tariff_volume_and_share_together),
        cmocka_unit_test(test_default_scenario_services),
        cmocka_unit_test(test_transit_pipeline),
        cmocka_unit_test(test_cover_classes),
        cmocka_unit_test(test_licence_queue),
        cmocka_unit_test(test_catch_up),
        cmocka_unit_test(test_steady_state_all_on),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
