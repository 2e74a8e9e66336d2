/* Property tests of the dynamic model on random valid tables (seeded, built with
 * ts_mrio_create; scenarios built in memory), in both modes:
 * - steady state without events: |x_t - x0| <= 1e-12 x0 for 200 days;
 * - with random capacity losses (all recovery curves), capital destruction, export
 *   restrictions and demand changes, every day: stock conservation
 *   Omega_t = Omega_{t-1} + received - A_C x (and Omega >= 0), 0 <= x <= xbar,
 *   0 <= rho <= 1, Delta in [0, 1] and non-increasing once every capacity event has
 *   started (in ARIO mode up to BoARIO's 6-decimal rounding, 5e-7), unmet final demand >= 0, attributed to the consuming region
 *   (unmet_q = sum_i Y_iq phi (1 - (1 - b_qi) rho_i)) and summing to the total shortfall
 *   (final demand asked - delivered), and no NaN/Inf in any state array.
 * Tables include zero-output industries, negative final-demand entries and a row gap;
 * every industry has positive value added (a productive economy). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "tradeshock/mrio.h"
#include "tradeshock/scenario.h"
#include "tradeshock/sim.h"

#define N_TABLES 60
#define HORIZON 150

static unsigned long long rng_state;
static double unif(void) /* xorshift64*, [0, 1) */
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (double)((rng_state * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}
static int irand(int n) { return (int)(unif() * n); }

/* A valid random table: technical coefficients with column sums below 0.8 (positive
 * value added), final demand with a few negative entries (net positive per row),
 * x = (I - A)^-1 f by fixed-point iteration, then Z = A x^ and, for a fifth of the
 * industries, a 0.1 % row gap (x above rowsum Z + rowsum Y, as in WIOD). */
static ts_mrio *random_table(void)
{
    size_t R = 1 + (size_t)irand(4), S = 1 + (size_t)irand(5), F = 1 + (size_t)irand(2);
    ts_mrio *m = NULL;
    ts_error err;
    assert_int_equal(ts_mrio_create(R, S, F, &m, &err), TS_OK);
    size_t n = m->n, K = R * F;
    long dead = unif() < 0.3 ? irand((int)n) : -1; /* a zero-output industry */
    double *A = calloc(n * n, sizeof *A), *f = calloc(n, sizeof *f), *x = calloc(n, sizeof *x);
    for (size_t j = 0; j < n; j++) {
        double cs = 0, target = 0.8 * unif();
        for (size_t i = 0; i < n; i++) {
            double a = unif() < 0.3 || (long)i == dead || (long)j == dead ? 0 : unif();
            A[i * n + j] = a;
            cs += a;
        }
        for (size_t i = 0; i < n && cs > 0; i++)
            A[i * n + j] *= target / cs;
    }
    for (size_t i = 0; i < n; i++) {
        if ((long)i == dead)
            continue;
        for (size_t k = 0; k < K; k++) {
            double y = unif() < 0.2 ? 0 : 1000 * unif();
            if (y > 0 && unif() < 0.05)
                y = -0.2 * y; /* an inventory drawdown */
            m->Y[i * K + k] = y;
            f[i] += y;
        }
        if (f[i] <= 0) {
            m->Y[i * K] += 10 - f[i];
            f[i] = 10;
        }
    }
    for (int it = 0; it < 2000; it++) /* x = A x + f */
        for (size_t i = 0; i < n; i++) {
            double v = f[i];
            for (size_t j = 0; j < n; j++)
                v += A[i * n + j] * x[j];
            x[i] = v;
        }
    for (size_t i = 0; i < n; i++) {
        double rz = 0;
        for (size_t j = 0; j < n; j++) {
            m->Z[i * n + j] = A[i * n + j] * x[j];
            rz += m->Z[i * n + j];
        }
        m->x[i] = (long)i == dead ? 0 : (rz + f[i]) * (unif() < 0.2 ? 1.001 : 1.0);
    }
    for (size_t j = 0; j < n; j++) {
        double c = 0;
        for (size_t i = 0; i < n; i++)
            c += m->Z[i * n + j];
        m->v[j] = m->x[j] - c;
    }
    free(A);
    free(f);
    free(x);
    return m;
}

static void idx_list(ts_code_list *l, int lo, int hi_excl, int pick_all)
{
    l->idx = malloc((size_t)(hi_excl > lo ? hi_excl - lo : 1) * sizeof *l->idx);
    l->n_idx = 0;
    for (int i = lo; i < hi_excl; i++)
        if (pick_all || unif() < 0.5 || (l->n_idx == 0 && i == hi_excl - 1))
            l->idx[l->n_idx++] = i;
}

/* A scenario in memory: random events when @p with_events. */
static ts_scenario *random_scenario(const ts_mrio *m, int with_events, ts_model_mode mode,
                                    int *last_start)
{
    ts_scenario *sc = calloc(1, sizeof *sc);
    sc->name = strdup("random");
    sc->file = strdup("random.yaml");
    sc->horizon_days = HORIZON;
    ts_params_default(&sc->params);
    sc->params.mode = mode;
    sc->params.inventory_days = 10 + 80 * unif();
    sc->params.restoration_days = 5 + 60 * unif();
    *last_start = -1;
    if (!with_events)
        return sc;
    size_t ne = 1 + (size_t)irand(4);
    sc->events = calloc(ne, sizeof *sc->events);
    sc->n_events = ne;
    int R = (int)m->R, S = (int)m->S;
    for (size_t e = 0; e < ne; e++) {
        ts_event *ev = &sc->events[e];
        int kind = irand(4);
        if (kind == 2 && R < 2)
            kind = 0;
        ev->start = irand(40);
        ev->end = unif() < 0.2 ? 2147483647 : ev->start + irand(40);
        switch (kind) {
        case 0:
        case 1:
            ev->type = kind == 0 ? TS_EVENT_CAPACITY_LOSS : TS_EVENT_CAPITAL_DESTRUCTION;
            ev->share = unif();
            ev->recovery = (ts_recovery)irand(3);
            ev->recovery_days = 3 + irand(50);
            idx_list(&ev->regions, 0, R, 0);
            idx_list(&ev->sectors, 0, S, 0);
            if (ev->start > *last_start)
                *last_start = ev->start;
            break;
        case 2: {
            ev->type = TS_EVENT_EXPORT_RESTRICTION;
            ev->share = unif();
            int r = irand(R);
            ev->from.idx = malloc(sizeof(int));
            ev->from.idx[0] = r;
            ev->from.n_idx = 1;
            ev->to.idx = malloc((size_t)R * sizeof(int));
            for (int q = 0; q < R; q++)
                if (q != r)
                    ev->to.idx[ev->to.n_idx++] = q;
            idx_list(&ev->products, 0, S, 0);
            break;
        }
        default:
            ev->type = TS_EVENT_DEMAND_CHANGE;
            ev->share = unif() - 0.5;
            idx_list(&ev->regions, 0, R, 0);
            idx_list(&ev->products, 0, S, 0);
            break;
        }
    }
    if (mode == TS_MODE_ARIO && *last_start >= 0)
        (*last_start)++; /* capacity events act one day late in ARIO mode */
    return sc;
}

typedef struct check {
    double *omega_prev, *delta_prev;
    int last_start;
    int bad;
    int ario;
    char what[512];
} check;

#define BAD(...)                                                    \
    do {                                                            \
        if (!c->bad)                                                \
            snprintf(c->what, sizeof c->what, __VA_ARGS__);         \
        c->bad = 1;                                                 \
    } while (0)

static void on_day(void *user, const ts_sim *s, int t)
{
    check *c = user;
    size_t n, SN, nR;
    const double *x0 = ts_sim_get(s, TS_SIM_X0, &n), *omega = ts_sim_get(s, TS_SIM_STOCK, &SN);
    const double *Yr = ts_sim_get(s, TS_SIM_FD_BASE, &nR);
    size_t S = SN / n, R = nR / n;
    /* the block in force on the day just simulated */
    const double *b_today = ts_sim_get(s, TS_SIM_BLOCKED, NULL);
    const double *AC = ts_sim_get(s, TS_SIM_AC, NULL), *want_pj = ts_sim_get(s, TS_SIM_WANT, NULL);
    const double *recv = ts_sim_get(s, TS_SIM_RECEIVED, NULL), *x = ts_sim_get_production(s);
    const double *D = ts_sim_get_demand(s), *xbar = ts_sim_get_capacity(s);
    const double *alpha = ts_sim_get(s, TS_SIM_ALPHA, NULL), *unmet_i = ts_sim_get_unmet_final_demand(s);
    const double *dord = ts_sim_get(s, TS_SIM_ORDERS, NULL), *ratio = ts_sim_get(s, TS_SIM_RATIO_FINAL, NULL);
    const double *delta = ts_sim_get(s, TS_SIM_DELTA, NULL), *fdfac = ts_sim_get(s, TS_SIM_FD_FACTOR, NULL);
    const double *unmet_r = ts_sim_get_unmet_final_demand_region(s);
    const unsigned char *uses = ts_sim_get_inputs(s);
    for (size_t k = 0; k < S * n; k++) {
        size_t j = k % n;
        double scale = fmax(1e-12, AC[k] * x0[j]);
        if (!isfinite(omega[k]) || !isfinite(want_pj[k]))
            BAD("day %d: non-finite stock/orders at pair %zu", t, k);
        if (!uses[k])
            continue;
        double expect = c->omega_prev[k] + recv[k] - AC[k] * x[j];
        if (fabs(omega[k] - expect) > 1e-9 * scale)
            BAD("day %d pair %zu: stock %.17g, expected %.17g", t, k, omega[k], expect);
        if (omega[k] < -1e-9 * scale)
            BAD("day %d pair %zu: negative stock %.17g", t, k, omega[k]);
    }
    memcpy(c->omega_prev, omega, S * n * sizeof *omega);
    double asked = 0, delivered = 0, unmet = 0, unmet_q = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]) || !isfinite(D[i]) || !isfinite(xbar[i]) ||
            !isfinite(alpha[i]) || !isfinite(unmet_i[i]) || !isfinite(dord[i]))
            BAD("day %d industry %zu: non-finite value", t, i);
        if (x[i] < 0 || x[i] > xbar[i] * (1 + 1e-12) + 1e-300)
            BAD("day %d industry %zu: x %.17g outside [0, xbar %.17g]", t, i, x[i], xbar[i]);
        if (!(ratio[i] >= 0 && ratio[i] <= 1))
            BAD("day %d industry %zu: rationing ratio %.17g", t, i, ratio[i]);
        if (!(delta[i] >= 0 && delta[i] <= 1))
            BAD("day %d industry %zu: Delta %.17g outside [0, 1]", t, i, delta[i]);
        /* ARIO mode rounds a recovering loss to 6 decimals (BoARIO), which can lift it
         * above the unrounded loss in force by up to 5e-7 on the first recovery day */
        double slack = c->ario ? 5e-7 : 1e-15;
        if (c->last_start >= 0 && t > c->last_start && delta[i] > c->delta_prev[i] + slack)
            BAD("day %d industry %zu: Delta rose from %.17g to %.17g during recovery", t, i,
                c->delta_prev[i], delta[i]);
        c->delta_prev[i] = delta[i];
        if (unmet_i[i] < -1e-12 * fmax(1, x0[i]))
            BAD("day %d industry %zu: negative unmet final demand", t, i);
        size_t p = (i % S);
        for (size_t q = 0; q < R; q++) {
            double a = Yr[i * R + q] * fdfac[p * R + q];
            asked += a;
            delivered += a * (1 - b_today[q * n + i]) * ratio[i];
        }
        unmet += unmet_i[i];
    }
    for (size_t q = 0; q < R; q++) {
        double want = 0;
        for (size_t i = 0; i < n; i++)
            want += Yr[i * R + q] * fdfac[(i % S) * R + q] *
                    (1 - (1 - b_today[q * n + i]) * ratio[i]);
        if (fabs(unmet_r[q] - want) > 1e-9 * fmax(1, want))
            BAD("day %d region %zu: unmet %.17g, consumers' shortfall %.17g", t, q, unmet_r[q],
                want);
        if (unmet_r[q] < -1e-9)
            BAD("day %d region %zu: negative unmet final demand", t, q);
        unmet_q += unmet_r[q];
    }
    double shortfall = asked - delivered;
    if (fabs(unmet_q - shortfall) > 1e-9 * fmax(1, asked) || fabs(unmet - shortfall) > 1e-9 * fmax(1, asked))
        BAD("day %d: unmet by region %.17g / by supplier %.17g, shortfall %.17g", t, unmet_q, unmet,
            shortfall);
}

static void run_checked(const ts_mrio *m, ts_scenario *sc, int last_start, ts_result **out,
                        const char *label)
{
    ts_error err;
    ts_sim *s0 = NULL;
    assert_int_equal(ts_sim_create(m, sc, NULL, &s0, &err), TS_OK);
    check c = {0};
    c.omega_prev = malloc(m->S * m->n * sizeof *c.omega_prev);
    c.delta_prev = calloc(m->n, sizeof *c.delta_prev);
    memcpy(c.omega_prev, ts_sim_get(s0, TS_SIM_STOCK, NULL), m->S * m->n * sizeof *c.omega_prev);
    ts_sim_free(s0);
    c.ario = sc->params.mode == TS_MODE_ARIO;
    c.last_start = last_start;
    ts_sim_options opt = {0};
    opt.on_day = on_day;
    opt.on_day_user = &c;
    ts_status st = ts_sim_run(m, sc, &opt, out, &err);
    if (st)
        fail_msg("%s: %s", label, err.msg);
    if (c.bad)
        fail_msg("%s: %s", label, c.what);
    free(c.omega_prev);
    free(c.delta_prev);
}

static void test_random_tables(void **state)
{
    (void)state;
    double worst_steady = 0;
    size_t days = 0;
    for (int k = 0; k < N_TABLES; k++) {
        rng_state = 0x9E3779B97F4A7C15ULL * (unsigned long long)(k + 1);
        ts_mrio *m = random_table();
        for (int mode = 0; mode < 2; mode++) {
            char label[96];
            int last_start;
            /* steady state */
            ts_scenario *sc = random_scenario(m, 0, (ts_model_mode)mode, &last_start);
            ts_result *r = NULL;
            snprintf(label, sizeof label, "seed %d (%zu x %zu) %s steady", k + 1, m->R, m->S,
                     mode ? "ario" : "default");
            run_checked(m, sc, last_start, &r, label);
            for (size_t t = 0; t < r->T; t++)
                for (size_t i = 0; i < r->n; i++)
                    if (r->x0[i] > 0) {
                        double d = fabs(r->production[t * r->n + i] - r->x0[i]) / r->x0[i];
                        if (d > 1e-12 && d > worst_steady)
                            printf("%s s=%g tau=%g: industry %zu day %zu x %.17g x0 %.17g\n", label, sc->params.inventory_days, sc->params.restoration_days, i, t,
                                   r->production[t * r->n + i], r->x0[i]);
                        if (d > worst_steady)
                            worst_steady = d;
                    }
            ts_result_free(r);
            ts_scenario_free(sc);
            /* random events */
            sc = random_scenario(m, 1, (ts_model_mode)mode, &last_start);
            snprintf(label, sizeof label, "seed %d (%zu x %zu) %s events", k + 1, m->R, m->S,
                     mode ? "ario" : "default");
            run_checked(m, sc, last_start, &r, label);
            days += r->T;
            ts_result_free(r);
            ts_scenario_free(sc);
        }
        ts_mrio_free(m);
    }
    printf("%d random tables x 2 modes: steady state max |x_t - x0|/x0 = %.3g; invariants held "
           "on %zu simulated days with events\n",
           N_TABLES, worst_steady, days);
    assert_true(worst_steady <= 1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_tables),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
