/* Trade policy in the dynamic model (model.md §2, §3.7): tariffs move final demand
 * to Armington shares and change it by the import-demand elasticity; substitution under
 * shortage moves orders to suppliers with spare capacity (never more than that) and
 * not at all with substitutability 0; a truce restores the baseline; retaliation fires
 * exactly once per trigger. Expected values are hand calculations in the comments. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "testutil.h"
#include "tradeshock/mrio.h"
#include "tradeshock/scenario.h"
#include "tradeshock/sim.h"

/* Three regions, one product G (M USD/yr):
 *   Z: AAA_G -> AAA_G 100, BBB_G -> BBB_G 100 (nothing else);
 *   Y: AAA_G -> AAA_HH 800, BBB_G -> BBB_HH 800; CCC's households buy 250 from AAA,
 *      250 from BBB and 500 from CCC;  x = 1150, 1150, 500.
 * CCC's purchases of G are all final demand: shares 0.25 / 0.25 / 0.5. */
static char *make_table(void)
{
    ts_mrio *m = NULL;
    ts_error err;
    assert_int_equal(ts_mrio_create(3, 1, 1, &m, &err), TS_OK);
    const char *reg[3] = {"AAA", "BBB", "CCC"};
    for (int r = 0; r < 3; r++) {
        m->regions[r].code = ts_strdup(reg[r]);
        m->regions[r].name = ts_strdup(reg[r]);
    }
    m->sectors[0].code = ts_strdup("G");
    m->sectors[0].name = ts_strdup("goods");
    m->fd_cats[0].code = ts_strdup("HH");
    m->fd_cats[0].name = ts_strdup("households");
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
    char *tab = ts_asprintf("%s/table", dir);
    assert_int_equal(ts_mrio_write_native(m, tab, &err), TS_OK);
    ts_mrio_free(m);
    free(tab);
    return dir;
}

typedef struct run {
    ts_scenario *sc;
    ts_mrio *m;
    ts_result *r;
} run;

static void do_run(run *R, const char *dir, const char *params, const char *events,
                   const char *extra, ts_sim_options *opt)
{
    char *p = ts_asprintf("%s/s.yaml", dir);
    FILE *f = fopen(p, "w");
    fprintf(f, "name: policy\ntable: table\nstart_date: 2025-01-01\nhorizon_days: 300\n"
               "parameters:\n  inventory_days_by_product: {G: infinite}\n%s\nevents:\n%s\n%s",
            params, events, extra ? extra : "");
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

static double trade(const run *R, size_t t, size_t from, size_t to)
{
    return R->r->trade[t * 9 + from * 3 + to];
}

/* Tariff of 100% by CCC on AAA, sigma = 2, eps = 0: CCC's households end with the
 * Armington shares 0.25 x 2^-2 : 0.25 : 0.5 = 1/13 : 4/13 : 8/13, so AAA delivers
 * 1000/13 M USD/yr to CCC (AAA has capacity to spare: its demand falls). */
static void on_day_total(void *u, const ts_sim *s, int t)
{
    double *worst = u, tot = 0;
    (void)t;
    const double *yask = ts_sim_get(s, TS_SIM_FD_ASKED, NULL);
    for (size_t i = 0; i < 3; i++)
        tot += yask[i * 3 + 2];
    if (fabs(tot - 1000.0 / 365.0) > *worst)
        *worst = fabs(tot - 1000.0 / 365.0);
}

static void test_tariff_armington_shares(void **state)
{
    (void)state;
    char *dir = make_table();
    run R;
    double worst = 0;
    ts_sim_options o = {0};
    o.on_day = on_day_total;
    o.on_day_user = &worst;
    do_run(&R, dir,
           "  armington_sigma: 2\n  import_demand_elasticity: 0\n  substitution_days: 10\n",
           "  - type: tariff\n    to: CCC\n    from: AAA\n    rate: 1.0\n    start: 0\n", NULL, &o);
    /* with eps = 0 the tariff only moves CCC's demand between origins: total conserved */
    assert_true(worst < 1e-12);
    /* ... toward the symmetric untaxed supplier BBB: by hand 1000 x 4/13 is asked of it */
    assert_true(R.r->demand[299 * 3 + 1] > R.r->x0[1] * 1.01);
    double got = trade(&R, 299, 0, 2), want = 1000.0 / 13.0 / 365.0;
    printf("AAA -> CCC on day 299: %.12g, Armington %.12g\n", got, want);
    assert_true(fabs(got - want) <= 1e-9 * want);
    /* one day after the start the move has only begun (time constant 10 days) */
    assert_true(trade(&R, 1, 0, 2) > 0.9 * 250.0 / 365.0);
    undo(&R);
    ts_tmpdir_remove(dir);
}

/* The same with eps = -1: P'/P = (0.25/2 + 0.25 + 0.5)^-1 = 8/7, so CCC's final demand
 * for G falls to 1 - (8/7 - 1) = 6/7, and AAA's delivery is 1000 x 6/7 / 13. */
static void test_tariff_import_demand(void **state)
{
    (void)state;
    char *dir = make_table();
    run R;
    do_run(&R, dir, "  armington_sigma: 2\n  import_demand_elasticity: -1\n  substitution_days: 10\n",
           "  - type: tariff\n    to: CCC\n    from: AAA\n    rate: 1.0\n    start: 0\n", NULL, NULL);
    double got = trade(&R, 299, 0, 2), want = 1000.0 * 6.0 / 7.0 / 13.0 / 365.0;
    assert_true(fabs(got - want) <= 1e-9 * want);
    undo(&R);
    ts_tmpdir_remove(dir);
}

/* Two tariffs on the same link add up (0.5 + 0.5 = 1.0): same shares as one of 1.0. */
static void test_tariff_stacking(void **state)
{
    (void)state;
    char *dir = make_table();
    run R;
    do_run(&R, dir, "  armington_sigma: 2\n  import_demand_elasticity: 0\n  substitution_days: 10\n",
           "  - type: tariff\n    to: CCC\n    from: AAA\n    rate: 0.5\n    start: 0\n"
           "  - type: tariff\n    to: CCC\n    from: AAA\n    rate: 0.5\n    start: 0\n", NULL, NULL);
    double got = trade(&R, 299, 0, 2), want = 1000.0 / 13.0 / 365.0;
    assert_true(fabs(got - want) <= 1e-9 * want);
    undo(&R);
    ts_tmpdir_remove(dir);
}

/* Substitution under shortage: AAA stops delivering to CCC. With substitutability 0
 * nothing moves: BBB's demand stays at baseline and CCC's households go without.
 * With 0.5, half of AAA's share moves, to BBB and CCC, never beyond spare capacity. */
typedef struct subst_check {
    double worst_excess; /* largest (placed - spare) seen, M USD/day */
    double fd_total_dev; /* largest deviation of CCC's total final demand asked */
} subst_check;

static void on_day_subst(void *u, const ts_sim *s, int t)
{
    subst_check *c = u;
    (void)t;
    const double *share0 = ts_sim_get(s, TS_SIM_BASELINE_SHARE, NULL);
    const double *mv = ts_sim_get(s, TS_SIM_MOVED_SHARE, NULL);
    const double *room = ts_sim_get(s, TS_SIM_SUBSTITUTION_ROOM, NULL);
    const double *pi = ts_sim_get(s, TS_SIM_ORDER_WEIGHT, NULL);
    const double *V0 = ts_sim_get(s, TS_SIM_BASELINE_PURCHASES, NULL);
    /* the block of the next day: what the on_day hook of this test always read */
    const double *block = ts_sim_get(s, TS_SIM_BLOCKED_NEXT, NULL);
    const double *yask = ts_sim_get(s, TS_SIM_FD_ASKED, NULL);
    double moved = 0, spare = 0, add = 0;
    for (size_t i = 0; i < 3; i++) {
        moved += share0[i * 3 + 2] * mv[i * 3 + 2];
        if (share0[i * 3 + 2] > 0)
            spare += room[i] * (1.0 - block[2 * 3 + i]);
    }
    /* orders added to each origin: (pi_tar * (1 - m) + add/sh - 1) x share x V, and the
     * sum of additions is the placed share; it must not exceed the spare capacity */
    for (size_t i = 0; i < 3; i++) {
        double sh = share0[i * 3 + 2];
        double extra = (pi[i * 3 + 2] - (1.0 - mv[i * 3 + 2])) * sh;
        if (extra > 0)
            add += extra;
    }
    double V = V0[2];
    double excess = add * V - spare;
    if (excess > c->worst_excess)
        c->worst_excess = excess;
    double tot = 0;
    for (size_t i = 0; i < 3; i++)
        tot += yask[i * 3 + 2];
    double dev = fabs(tot - 1000.0 / 365.0);
    if (dev > c->fd_total_dev)
        c->fd_total_dev = dev;
    (void)moved;
}

static void test_substitution(void **state)
{
    (void)state;
    char *dir = make_table();
    const char *ev = "  - type: export_restriction\n    from: AAA\n    to: CCC\n    share: 1\n    start: 10\n";
    run R0, R1;
    subst_check c0 = {-INFINITY, 0}, c1 = {-INFINITY, 0};
    ts_sim_options o0 = {0}, o1 = {0};
    o0.on_day = on_day_subst;
    o0.on_day_user = &c0;
    o1.on_day = on_day_subst;
    o1.on_day_user = &c1;
    do_run(&R0, dir, "  substitutability: 0\n  alpha_max: 2\n", ev, NULL, &o0);
    do_run(&R1, dir, "  substitutability: 0.5\n  substitution_days: 10\n  alpha_max: 2\n", ev, NULL, &o1);
    size_t n = 3;
    /* substitutability 0: BBB's demand is exactly its baseline every day */
    for (size_t t = 0; t < 300; t++)
        assert_true(R0.r->demand[t * n + 1] == R0.r->x0[1]);
    /* 0.5: BBB's demand rises, CCC's unmet final demand falls below the no-shift run */
    assert_true(R1.r->demand[299 * n + 1] > R1.r->x0[1] * (1 + 1e-3));
    assert_true(R1.r->unmet_fd_region[299 * 3 + 2] < R0.r->unmet_fd_region[299 * 3 + 2] * 0.9);
    /* rerouting shows in the trade by partner: BBB's deliveries to CCC rise */
    assert_true(trade(&R1, 299, 1, 2) > trade(&R1, 5, 1, 2) * 1.01);
    assert_true(trade(&R0, 299, 1, 2) == trade(&R0, 5, 1, 2));
    printf("unmet final demand of CCC on day 299: %.6g (substitutability 0) vs %.6g (0.5)\n",
           R0.r->unmet_fd_region[299 * 3 + 2], R1.r->unmet_fd_region[299 * 3 + 2]);
    /* never more than the spare capacity; the total asked by CCC's households conserved */
    assert_true(c1.worst_excess <= 1e-12);
    assert_true(c1.fd_total_dev <= 1e-12);
    undo(&R0);
    undo(&R1);
    ts_tmpdir_remove(dir);
}

/* A truce restores the baseline: the restriction and the substitution it caused fade,
 * and output returns to x0. */
static void test_truce_restores_baseline(void **state)
{
    (void)state;
    char *dir = make_table();
    run R;
    do_run(&R, dir, "  substitutability: 0.5\n  substitution_days: 10\n",
           "  - type: export_restriction\n    name: ban\n    from: AAA\n    to: CCC\n    share: 1\n    start: 10\n"
           "  - type: truce\n    ends: [ban]\n    start: 40\n", NULL, NULL);
    double worst = 0;
    for (size_t i = 0; i < 3; i++) {
        double d = fabs(R.r->production[299 * 3 + i] - R.r->x0[i]) / R.r->x0[i];
        worst = fmax(worst, d);
        assert_true(R.r->production[20 * 3 + i] != R.r->x0[i] || i == 1);
    }
    printf("after the truce: max |x - x0| / x0 on day 299 = %.3g\n", worst);
    assert_true(worst < 1e-6);
    undo(&R);
    ts_tmpdir_remove(dir);
}

/* Retaliation: CCC's tariffs on AAA (two of them) each trigger one answer by AAA,
 * 5 days later, of 0.5 x the trigger's rate, capped at 0.4; the answer is not answered
 * again (no rule for AAA's tariffs). */
static void test_retaliation_once_per_trigger(void **state)
{
    (void)state;
    char *dir = make_table();
    run R;
    do_run(&R, dir, "  substitution_days: 10\n",
           "  - type: tariff\n    name: t1\n    to: CCC\n    from: AAA\n    rate: 0.5\n    start: 10\n    end: 100\n"
           "  - type: tariff\n    name: t2\n    to: CCC\n    from: AAA\n    rate: 1.0\n    start: 50\n",
           "retaliation:\n  - name: answer\n    when: tariff\n    by: CCC\n    against: AAA\n"
           "    respond: tariff\n    factor: 0.5\n    cap: 0.4\n    delay_days: 5\n",
           NULL);
    assert_int_equal(R.r->n_answers, 2);
    const ts_answer *a = &R.r->answers[0], *b = &R.r->answers[1];
    assert_int_equal(a->trigger_event, 0);
    assert_int_equal(a->start, 15);
    assert_int_equal(a->end, 105);
    assert_true(fabs(a->size - 0.25) < 1e-15);
    assert_int_equal(b->trigger_event, 1);
    assert_int_equal(b->start, 55);
    assert_int_equal(b->end, INT_MAX);
    assert_true(fabs(b->size - 0.4) < 1e-15); /* 0.5 x 1.0 capped at 0.4 */
    assert_int_equal(a->type, TS_EVENT_TARIFF);
    assert_non_null(strstr(a->text, "AAA tariff +0.25 on CCC"));
    undo(&R);
    ts_tmpdir_remove(dir);
}

/* Rationing by priority: AAA loses half its capacity. Proportional: every demand on
 * AAA gets the same share. Priority [intermediate, final]: AAA's own intermediate use
 * is served in full, final demand gets what is left. */
typedef struct prio_seen {
    double r_inter, r_final;
} prio_seen;

static void on_day_prio(void *u, const ts_sim *s, int t)
{
    prio_seen *p = u;
    if (t == 5) {
        p->r_inter = ts_sim_get(s, TS_SIM_RATIO_INTERMEDIATE, NULL)[0];
        p->r_final = ts_sim_get(s, TS_SIM_RATIO_FINAL, NULL)[0];
    }
}

static void test_priority_rationing(void **state)
{
    (void)state;
    char *dir = make_table();
    const char *ev = "  - type: capacity_loss\n    regions: [AAA]\n    sectors: [G]\n    share: 0.5\n    start: 0\n";
    run R0, R1;
    prio_seen p0 = {0, 0}, p1 = {0, 0};
    ts_sim_options o0 = {0}, o1 = {0};
    o0.on_day = on_day_prio;
    o0.on_day_user = &p0;
    o1.on_day = on_day_prio;
    o1.on_day_user = &p1;
    do_run(&R0, dir, "  alpha_max: 1\n", ev, NULL, &o0);
    do_run(&R1, dir, "  alpha_max: 1\n  priority: [intermediate, final]\n", ev, NULL, &o1);
    /* By hand, from day 1 on: x = 575/365 (half capacity); AAA's own orders are
     * a x = (100/1150)(575/365) = 50/365, final demand 1050/365, D = 1100/365.
     * Proportional: every demand gets 575/1100 = 23/44. */
    assert_true(fabs(p0.r_inter - 23.0 / 44.0) < 1e-12 && fabs(p0.r_final - 23.0 / 44.0) < 1e-12);
    /* Priority: the 50 of intermediate use in full, final demand (575 - 50)/1050 = 1/2. */
    printf("priority: intermediate %.6f, final %.6f (proportional %.6f)\n", p1.r_inter, p1.r_final,
           p0.r_final);
    assert_true(fabs(p1.r_inter - 1.0) < 1e-12);
    assert_true(fabs(p1.r_final - 0.5) < 1e-12);
    undo(&R0);
    undo(&R1);
    ts_tmpdir_remove(dir);
}

/* Licence delay, exemptions and a truce's phased removal, on AAA -> CCC (final demand
 * 250/yr; AAA has capacity to spare when its exports fall, so what passes is delivered). */
static void test_restriction_timing(void **state)
{
    (void)state;
    char *dir = make_table();
    const double base = 250.0 / 365.0;
    run R;
    do_run(&R, dir, "",
           "  - type: export_restriction\n    name: curbs\n    from: AAA\n    to: CCC\n    share: 0.5\n"
           "    start: 20\n    licence_delay_days: 10\n"
           "  - type: truce\n    ends: [curbs]\n    start: 60\n    phase_days: 10\n", NULL, NULL);
    assert_true(fabs(trade(&R, 19, 0, 2) - base) < 1e-12);       /* before */
    assert_true(fabs(trade(&R, 25, 0, 2)) < 1e-15);              /* licences pending */
    assert_true(fabs(trade(&R, 35, 0, 2) - 0.5 * base) < 1e-12); /* half passes */
    /* phase: day 60 + k keeps (1 - (k+1)/10) of the restriction */
    assert_true(fabs(trade(&R, 60, 0, 2) - (1 - 0.5 * 0.9) * base) < 1e-12);
    assert_true(fabs(trade(&R, 64, 0, 2) - (1 - 0.5 * 0.5) * base) < 1e-12);
    assert_true(fabs(trade(&R, 70, 0, 2) - base) < 1e-12);
    undo(&R);
    do_run(&R, dir, "",
           "  - type: export_restriction\n    from: AAA\n    to: all\n    exempt: [CCC]\n    start: 0\n",
           NULL, NULL);
    assert_true(fabs(trade(&R, 30, 0, 2) - base) < 1e-12); /* CCC exempt: unchanged */
    undo(&R);
    ts_tmpdir_remove(dir);
}

/* make_table() plus CCC_G buying 50/yr of G from AAA (AAA's sales to CCC's households
 * down to 200, so AAA's output is unchanged). */
static void add_intermediate_link(const char *dir)
{
    ts_mrio *m = NULL;
    ts_error err;
    char *tab = ts_asprintf("%s/table", dir);
    assert_int_equal(ts_mrio_read(tab, NULL, &m, &err), TS_OK);
    m->Z[0 * 3 + 2] = 50;
    m->Y[0 * 3 + 2] = 200;
    assert_int_equal(ts_mrio_write_native(m, tab, &err), TS_OK);
    ts_mrio_free(m);
    free(tab);
}

/* An end-user restriction: AAA bans deliveries to the group `industry` = {CCC_G} only;
 * CCC's households keep buying. Table: as make_table, plus CCC_G buying 50/yr of G
 * from AAA (AAA's sales to CCC's households down to 200). */
static void test_end_user_restriction(void **state)
{
    (void)state;
    char *dir = make_table();
    add_intermediate_link(dir);
    run R, C;
    const char *grp = "groups:\n  industry: [CCC_G]\n";
    do_run(&R, dir, "",
           "  - type: export_restriction\n    from: AAA\n    to: CCC\n    buyers: [industry]\n    start: 0\n",
           grp, NULL);
    do_run(&C, dir, "", "  - type: export_restriction\n    from: AAA\n    to: CCC\n    start: 0\n", grp, NULL);
    /* day 30: only the households' 200/yr arrives; with a ban on all buyers nothing */
    double got = trade(&R, 30, 0, 2);
    printf("AAA -> CCC with an end-user ban: %.12g (households only: %.12g)\n", got, 200.0 / 365.0);
    assert_true(fabs(got - 200.0 / 365.0) < 1e-12);
    assert_true(fabs(trade(&C, 30, 0, 2)) < 1e-15);
    undo(&R);
    undo(&C);
    ts_tmpdir_remove(dir);
}

/* Inputs without stock (inventory_days 0, e.g. services): a buyer's output is limited
 * at once by the share of yesterday's order that arrived. CCC_G buys 50/yr of G from
 * AAA (CCC's output 500/yr, A = 0.1); AAA cuts 40% of its deliveries to CCC from day 10:
 * from day 11 on CCC produces at most 60% of its demand. A per-region key makes only
 * CCC's buyers stock-free. */
static void test_zero_stock_input(void **state)
{
    (void)state;
    char *dir = make_table();
    ts_error err;
    add_intermediate_link(dir);
    run R;
    char *p = ts_asprintf("%s/s.yaml", dir);
    FILE *f = fopen(p, "w");
    fprintf(f, "name: z\ntable: table\nstart_date: 2025-01-01\nhorizon_days: 30\n"
               "parameters:\n  inventory_days_by_product: {G: {default: infinite, CCC: 0}}\n"
               "events:\n  - type: export_restriction\n    from: AAA\n    to: CCC\n    share: 0.4\n"
               "    start: 10\n");
    fclose(f);
    memset(&R, 0, sizeof R);
    if (ts_scenario_parse(p, &R.sc, &err) || ts_mrio_read(R.sc->table_path, NULL, &R.m, &err) ||
        ts_scenario_resolve(R.sc, R.m, &err) || ts_sim_run(R.m, R.sc, NULL, &R.r, &err))
        fail_msg("%s", err.msg);
    free(p);
    double x0 = R.r->x0[2];
    assert_true(fabs(R.r->production[10 * 3 + 2] - x0) < 1e-12 * x0); /* the cut is felt tomorrow */
    assert_true(fabs(R.r->production[11 * 3 + 2] - 0.6 * x0) < 1e-12 * x0);
    assert_true(R.r->n_stockouts == 1 && R.r->stockouts[0].first_day == 11);
    assert_true(R.r->production[11 * 3 + 0] > 0 && R.r->limited[11 * 3 + 0] == 0);
    undo(&R);
    ts_tmpdir_remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tariff_armington_shares),
        cmocka_unit_test(test_tariff_import_demand),
        cmocka_unit_test(test_tariff_stacking),
        cmocka_unit_test(test_substitution),
        cmocka_unit_test(test_truce_restores_baseline),
        cmocka_unit_test(test_retaliation_once_per_trigger),
        cmocka_unit_test(test_priority_rationing),
        cmocka_unit_test(test_restriction_timing),
        cmocka_unit_test(test_end_user_restriction),
        cmocka_unit_test(test_zero_stock_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
