/* Golden test: tradeshock in ARIO-compatible mode reproduces BoARIO's reference runs
 * (tests/fixtures/boario/README.md; BoARIO @ecd475f, ARIOPsiModel, pymrio's test MRIO)
 * day by day and industry by industry: production, capacity, unmet final demand (per
 * final-demand column and per consuming region), inventories of the shocked product
 * (mining) held by every industry, and also alpha, intermediate orders and the days an
 * input limits production; the run totals of summary.json; the initial state (x0,
 * value added, capital). Prints the worst deviation of each variable and where. */
#include "boario_ref.h"

#include <cjson/cJSON.h>

typedef struct labels {
    char **ind; /* [n] REG_SEC */
    char **fd;  /* [K] REG_<category name> */
    char **reg; /* [R] */
} labels;

static void make_labels(const ts_mrio *m, labels *L)
{
    L->ind = calloc(m->n, sizeof *L->ind);
    L->fd = calloc(m->R * m->F, sizeof *L->fd);
    L->reg = calloc(m->R, sizeof *L->reg);
    for (size_t i = 0; i < m->n; i++) {
        L->ind[i] = malloc(256);
        snprintf(L->ind[i], 256, "%s_%s", m->regions[i / m->S].code, m->sectors[i % m->S].code);
    }
    for (size_t k = 0; k < m->R * m->F; k++) {
        L->fd[k] = malloc(256);
        snprintf(L->fd[k], 256, "%s_%s", m->regions[k / m->F].code, m->fd_cats[k % m->F].name);
    }
    for (size_t q = 0; q < m->R; q++)
        L->reg[q] = strdup(m->regions[q].code);
}

static void free_labels(const ts_mrio *m, labels *L)
{
    for (size_t i = 0; i < m->n; i++)
        free(L->ind[i]);
    for (size_t k = 0; k < m->R * m->F; k++)
        free(L->fd[k]);
    for (size_t q = 0; q < m->R; q++)
        free(L->reg[q]);
    free(L->ind);
    free(L->fd);
    free(L->reg);
}

static int report(const char *what, boario_dev d, char *const *lab)
{
    printf("  %-28s worst rel. dev %.3e at day %3zu, %-36s ours %.12g ref %.12g%s\n", what,
           d.rel, d.t, lab[d.col], d.ours, d.ref,
           d.n_over ? "  <-- OVER TOLERANCE" : "");
    if (d.n_over)
        printf("  %-28s %zu cells over the tolerance %.0e\n", "", d.n_over, BOARIO_TOL);
    return d.n_over == 0;
}

static void check_case(const char *dir)
{
    boario_run B;
    boario_run_case(dir, 0, &B);
    const ts_mrio *m = B.m;
    const ts_result *r = B.r;
    size_t n = m->n, T = r->T, K = B.K, R = m->R, F = m->F;
    labels L;
    make_labels(m, &L);
    char rel[512];
    ref_csv ref;
    int ok = 1;
    printf("%s: %zu days x %zu industries, tolerance |ours-ref| <= %.0e max(|ref|, %.0e base)\n",
           dir, T, n, BOARIO_TOL, BOARIO_FLOOR);

    /* production, capacity, orders, alpha: base x0 (alpha: 1) */
    double *ones = malloc(n * sizeof *ones);
    for (size_t i = 0; i < n; i++)
        ones[i] = 1.0;
    struct {
        const char *file, *what;
        const double *ours, *base;
    } v[] = {{"production_realised", "production", r->production, r->x0},
             {"production_capacity", "capacity", r->capacity, r->x0},
             {"intermediate_demand_tot", "orders (intermediate demand)", B.orders, r->x0},
             {"overproduction", "alpha (overproduction)", B.alpha, ones}};
    for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
        snprintf(rel, sizeof rel, "%s/%s", dir, v[k].file);
        ref_read(rel, 1, &ref);
        assert_int_equal(ref.rows, T);
        assert_int_equal(ref.cols, n);
        ok &= report(v[k].what, boario_compare(&ref, v[k].ours, n, v[k].base, L.ind), L.ind);
        ref_free(&ref);
    }
    free(ones);

    /* unmet final demand per column (base: the column's daily final demand) and per
     * consuming region (the result's unmet_fd_region, vs the sum of the region's columns) */
    snprintf(rel, sizeof rel, "%s/final_demand_unmet", dir);
    ref_read(rel, 1, &ref);
    assert_int_equal(ref.cols, K);
    double *colbase = calloc(K, sizeof *colbase), *regbase = calloc(R, sizeof *regbase);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < K; k++)
            if (m->Y[i * K + k] > 0)
                colbase[k] += m->Y[i * K + k] / 365.0;
    for (size_t k = 0; k < K; k++)
        regbase[k / F] += colbase[k];
    ok &= report("unmet FD per FD column", boario_compare(&ref, B.unmet_col, K, colbase, L.fd),
                 L.fd);
    ref_csv reg = {T, R, NULL, calloc(T * R, sizeof(double))};
    reg.labels = calloc(R, sizeof *reg.labels);
    for (size_t q = 0; q < R; q++)
        reg.labels[q] = strdup(L.reg[q]);
    for (size_t t = 0; t < T; t++)
        for (size_t k = 0; k < K; k++)
            reg.v[t * R + k / F] += ref.v[t * K + k];
    ok &= report("unmet FD per region", boario_compare(&reg, r->unmet_fd_region, R, regbase, L.reg),
                 L.reg);
    ref_free(&reg);
    ref_free(&ref);
    free(colbase);
    free(regbase);

    /* inventories of mining held by each industry at the start of day t (base: Omega0) */
    snprintf(rel, sizeof rel, "%s/inputs_stocks_selected", dir);
    ref_read(rel, 2, &ref);
    assert_int_equal(ref.cols, n);
    double *stock = calloc(T * n, sizeof *stock);
    for (size_t t = 0; t < T; t++)
        for (size_t j = 0; j < n; j++) {
            double c = r->cover[t * r->n_cover + j];
            /* cover = Omega / (A_C x0) and A_C x0 = Omega0 / 90 */
            stock[t * n + j] = isnan(c) ? 0.0 : c * B.omega0[j] / 90.0;
        }
    ok &= report("inventory of mining", boario_compare(&ref, stock, n, B.omega0, L.ind), L.ind);
    ref_free(&ref);
    free(stock);

    /* an input limits production on the same days (count > 0 <=> limited) */
    snprintf(rel, sizeof rel, "%s/limiting_inputs_count", dir);
    ref_read(rel, 1, &ref);
    size_t mism = 0, days = 0;
    for (size_t t = 0; t < T; t++)
        for (size_t i = 0; i < n; i++) {
            int a = r->limited[t * n + i], b = ref.v[t * n + i] > 0;
            mism += a != b;
            days += b;
        }
    printf("  %-28s %zu industry-days limited in the reference, %zu mismatches\n",
           "input-limited days", days, mism);
    ok &= mism == 0;
    ref_free(&ref);

    /* run totals of the reference summary.json */
    snprintf(rel, sizeof rel, "%s/boario/%s/summary.json", TS_FIXTURES, dir);
    char *txt = ts_read_file(rel);
    cJSON *js = cJSON_Parse(txt);
    assert_non_null(js);
    double unmet = 0, loss = 0, xlast = 0, x0 = 0;
    for (size_t t = 0; t < T; t++)
        for (size_t q = 0; q < R; q++)
            unmet += r->unmet_fd_region[t * R + q];
    for (size_t i = 0; i < n; i++) {
        x0 += r->x0[i];
        xlast += r->production[(T - 1) * n + i];
        for (size_t t = 0; t < T; t++)
            loss += r->x0[i] - r->production[t * n + i];
    }
    struct {
        const char *key;
        double ours;
    } tot[] = {{"total_final_demand_unmet", unmet},
               {"total_production_loss_vs_x0", loss},
               {"world_production_ratio_last_step", xlast / x0}};
    for (size_t k = 0; k < 3; k++) {
        double ref = cJSON_GetObjectItem(js, tot[k].key)->valuedouble;
        double d = fabs(tot[k].ours - ref) / fabs(ref);
        printf("  %-34s ours %.12g ref %.12g rel. dev %.2e\n", tot[k].key, tot[k].ours, ref, d);
        ok &= d <= BOARIO_TOL;
    }
    cJSON_Delete(js);
    free(txt);

    free_labels(m, &L);
    boario_run_free(&B);
    assert_true(ok);
}

/* initial_state.csv: x0 (daily), value added (clipped at 0) and productive capital
 * (4 x VA) per industry, as BoARIO computed them, against tradeshock's state. */
static void test_initial_state(void **state)
{
    (void)state;
    char path[4600];
    ts_error err;
    ts_scenario *sc = NULL;
    ts_mrio *m = NULL;
    ts_sim *s = NULL;
    snprintf(path, sizeof path, "%s/boario/A_arbitrary_30pct/scenario.yaml", TS_FIXTURES);
    assert_int_equal(ts_scenario_parse(path, &sc, &err), TS_OK);
    assert_int_equal(ts_mrio_read(sc->table_path, NULL, &m, &err), TS_OK);
    assert_int_equal(ts_scenario_resolve(sc, m, &err), TS_OK);
    assert_int_equal(ts_sim_create(m, sc, NULL, &s, &err), TS_OK);
    const double *sx0 = ts_sim_get(s, TS_SIM_X0, NULL), *sK = ts_sim_get(s, TS_SIM_CAPITAL, NULL);
    snprintf(path, sizeof path, "%s/boario/initial_state.csv", TS_FIXTURES);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[1024], *fl[8] = {0};
    size_t i = 0;
    double worst = 0;
    assert_non_null(fgets(line, sizeof line, f)); /* header */
    while (fgets(line, sizeof line, f)) {
        assert_int_equal(split(line, fl, 8), 5);
        char lab[256];
        snprintf(lab, sizeof lab, "%s/%s", m->regions[i / m->S].code, m->sectors[i % m->S].code);
        assert_string_equal(fl[0], lab);
        double x0 = strtod(fl[1], NULL), va = strtod(fl[2], NULL), k = strtod(fl[3], NULL);
        worst = fmax(worst, fabs(sx0[i] - x0) / x0);
        worst = fmax(worst, fabs(fmax(m->v[i], 0) - va) / fmax(va, 1e-300));
        worst = fmax(worst, fabs(sK[i] - k) / fmax(k, 1e-300));
        i++;
    }
    fclose(f);
    printf("initial state of %zu industries (x0, value added, capital = 4 x VA): worst rel. "
           "dev %.2e\n",
           i, worst);
    assert_int_equal(i, m->n);
    assert_true(worst < 1e-12);
    ts_sim_free(s);
    ts_mrio_free(m);
    ts_scenario_free(sc);
}

static void test_A_arbitrary_30pct(void **state)
{
    (void)state;
    check_case("A_arbitrary_30pct");
}

static void test_C_arbitrary_80pct(void **state)
{
    (void)state;
    check_case("C_arbitrary_80pct");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_initial_state),
        cmocka_unit_test(test_A_arbitrary_30pct),
        cmocka_unit_test(test_C_arbitrary_80pct),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
