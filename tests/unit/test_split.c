/* Sector split (ts_mrio_split_sector): balances kept to 1e-9, sizes and sales shares
 * as specified. Expected values are the spec's own numbers and the parent table's
 * sums, computed here independently of the split code. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "testutil.h"
#include "tradeshock/mrio.h"
#include "tradeshock/scenario.h"

static double rowsum(const ts_mrio *m, size_t i)
{
    double s = 0;
    size_t K = m->R * m->F;
    for (size_t j = 0; j < m->n; j++)
        s += m->Z[i * m->n + j];
    for (size_t k = 0; k < K; k++)
        s += m->Y[i * K + k];
    return s;
}

static double colsum(const ts_mrio *m, size_t j)
{
    double s = 0;
    for (size_t i = 0; i < m->n; i++)
        s += m->Z[i * m->n + j];
    return s;
}

/* new index of an old industry (r, s) when a sector is inserted after P */
static size_t map_old(const ts_mrio *m, size_t i, size_t P)
{
    size_t r = i / m->S, s = i % m->S;
    return r * (m->S + 1) + (s <= P ? s : s + 1);
}

static void check_balances(const ts_mrio *m, const ts_mrio *o, size_t P, const double *theta)
{
    size_t S1 = m->S + 1;
    for (size_t i = 0; i < m->n; i++) {
        size_t r = i / m->S, i1 = map_old(m, i, P);
        double gap = m->x[i] - rowsum(m, i);
        double gap1 = o->x[i1] - rowsum(o, i1);
        double scale = fmax(1.0, m->x[i]);
        if (i % m->S == P) {
            size_t q = r * S1 + P + 1;
            double gapq = o->x[q] - rowsum(o, q);
            /* the new product's row is exactly balanced; the parent keeps the old gap */
            assert_true(fabs(gapq) <= 1e-9 * scale);
            assert_true(fabs(gap1 - gap) <= 1e-9 * scale);
            assert_true(fabs(o->x[q] - theta[r] * m->x[i]) <= 1e-9 * scale);
            assert_true(fabs(o->x[q] + o->x[i1] - m->x[i]) <= 1e-9 * scale);
            /* columns: new product = theta x parent column, parent keeps the rest */
            double cs = colsum(m, i);
            assert_true(fabs(colsum(o, q) - theta[r] * cs) <= 1e-9 * fmax(1.0, cs));
            assert_true(fabs(colsum(o, i1) - (1 - theta[r]) * cs) <= 1e-9 * fmax(1.0, cs));
        } else {
            assert_true(fabs(gap1 - gap) <= 1e-9 * scale);
            double cs = colsum(m, i);
            assert_true(fabs(colsum(o, i1) - cs) <= 1e-9 * fmax(1.0, cs));
        }
    }
    for (size_t k = 0; k < o->n * o->n; k++)
        assert_true(o->Z[k] >= 0 && isfinite(o->Z[k]));
}

static void test_split_small(void **state)
{
    (void)state;
    ts_mrio *m = NULL, *o = NULL;
    ts_error err;
    assert_int_equal(ts_mrio_read(ts_fixture("cases/00-base-valid-2r2s/input"), NULL, &m, &err), TS_OK);
    double theta[2] = {0.1, 0.05};
    double buyers[2] = {0.5, 0.5};
    ts_split_spec spec = {.parent = "S1", .code = "NEW", .name = "new product",
                          .output_share = theta, .buyer_share = buyers};
    assert_int_equal(ts_mrio_split_sector(m, &spec, &o, &err), TS_OK);
    assert_int_equal(o->S, 3);
    assert_string_equal(o->sectors[1].code, "NEW");
    assert_string_equal(o->sectors[2].code, "S2");
    check_balances(m, o, 0, theta);
    /* half of AAA's NEW goes to S1 buyers, half to S2 buyers (both have room):
     * AAA_S1 sells 10+5 to S1 users and 40+20 to S2 users; x_new = 10 */
    size_t q = 1; /* AAA_NEW */
    double to_s1 = 0, to_s2 = 0;
    for (size_t j = 0; j < o->n; j++) {
        size_t s = j % 3;
        if (s == 0)
            to_s1 += o->Z[q * o->n + j];
        if (s == 2)
            to_s2 += o->Z[q * o->n + j];
    }
    assert_true(fabs(to_s1 - 5.0) < 1e-12);
    assert_true(fabs(to_s2 - 5.0) < 1e-12);
    ts_mrio_free(o);

    /* shares that cannot fit are spread over classes with room; unknown parent fails */
    spec.parent = "XX";
    assert_int_equal(ts_mrio_split_sector(m, &spec, &o, &err), TS_ERR_INPUT);
    assert_non_null(strstr(err.msg, "XX"));
    ts_mrio_free(m);
}

/* sum of row i over Z and Y, and of column j of Z */
static double fdcol(const ts_mrio *m, size_t k)
{
    double s = 0;
    for (size_t i = 0; i < m->n; i++)
        s += m->Y[i * m->R * m->F + k];
    return s;
}

/* Spec v2: every sum the split must keep (mrio.h, ts_split_spec): other industries' x,
 * row gaps and column sums; each region's pair output, column and row gap; every
 * final-demand column; the new product's row exactly balanced. */
static void check_v2(const ts_mrio *m, const ts_mrio *o, size_t P)
{
    size_t S1 = m->S + 1;
    for (size_t i = 0; i < m->n; i++) {
        size_t r = i / m->S, i1 = map_old(m, i, P);
        double scale = fmax(1.0, m->x[i]), cs = colsum(m, i);
        if (i % m->S == P) {
            size_t q = r * S1 + P + 1;
            assert_true(fabs(o->x[q] - rowsum(o, q)) <= 1e-9 * scale);
            assert_true(fabs(o->x[q] + o->x[i1] - m->x[i]) <= 1e-9 * scale);
            assert_true(fabs(rowsum(o, q) + rowsum(o, i1) - rowsum(m, i)) <= 1e-9 * scale);
            assert_true(fabs(colsum(o, q) + colsum(o, i1) - cs) <= 1e-9 * fmax(1.0, cs));
        } else {
            assert_true(fabs(o->x[i1] - m->x[i]) <= 1e-9 * scale);
            assert_true(fabs(rowsum(o, i1) - rowsum(m, i)) <= 1e-9 * scale);
            assert_true(fabs(colsum(o, i1) - cs) <= 1e-9 * fmax(1.0, cs));
        }
    }
    for (size_t k = 0; k < m->R * m->F; k++)
        assert_true(fabs(fdcol(o, k) - fdcol(m, k)) <= 1e-9 * fmax(1.0, fabs(fdcol(m, k))));
    for (size_t k = 0; k < o->n * o->n; k++)
        assert_true(o->Z[k] >= 0 && isfinite(o->Z[k]));
}

/* origin share of product N (sector index sN of o) from origin `from` in column j */
static double origin_share(const ts_mrio *o, size_t sN, size_t j, const char *from)
{
    double tot = 0, mine = 0;
    int f = ts_mrio_region_index(o, from);
    for (size_t r = 0; r < o->R; r++) {
        double v = o->Z[(r * o->S + sN) * o->n + j];
        tot += v;
        if ((int)r == f)
            mine = v;
    }
    return tot > 0 ? mine / tot : -1;
}

/* The shipped rare-earth chain on the 10-region table: balances kept, and the origin mix
 * of every buyer equal to data/sources/rare_earths/README.md T.3 (numbers typed from the
 * README, not from the spec files). */
static void test_split_chain_on_wiod_agg10(void **state)
{
    (void)state;
    ts_mrio *m = NULL, *o = NULL, *o2 = NULL;
    ts_split_spec *spec = NULL, *spec2 = NULL;
    ts_error err;
    if (ts_mrio_read_native(TS_SOURCE_DIR "/data/wiod2011-agg10", NULL, &m, &err) ||
        ts_split_spec_read(TS_SOURCE_DIR "/data/mag-split-agg10.yaml", m, &spec, &err) ||
        ts_mrio_split_sector(m, spec, &o, &err) ||
        ts_split_spec_read(TS_SOURCE_DIR "/data/rem-split-agg10.yaml", o, &spec2, &err) ||
        ts_mrio_split_sector(o, spec2, &o2, &err))
        fail_msg("%s", err.msg);
    size_t P = (size_t)ts_mrio_sector_index(m, "c12");
    check_v2(m, o, P);
    check_v2(o, o2, P);
    size_t mag = (size_t)ts_mrio_sector_index(o2, "MAG"), rem = (size_t)ts_mrio_sector_index(o2, "REM");
    /* T.3: magnets bought in the USA 68% CHN, 6% JPN, 8% own; JPN 18% CHN, 55% own;
     * DEU 75% CHN, 12% own: in every buyer column of those regions */
    struct { const char *buyer, *from; double share; } t3[] = {
        {"USA", "CHN", 0.68}, {"USA", "JPN", 0.06}, {"USA", "USA", 0.08},
        {"JPN", "CHN", 0.18}, {"JPN", "JPN", 0.55}, {"DEU", "CHN", 0.75}, {"DEU", "DEU", 0.12}};
    int checked = 0;
    for (size_t k = 0; k < sizeof t3 / sizeof *t3; k++) {
        size_t q = (size_t)ts_mrio_region_index(o2, t3[k].buyer);
        for (size_t s = 0; s < o2->S; s++) {
            double sh = origin_share(o2, mag, q * o2->S + s, t3[k].from);
            if (sh < 0)
                continue;
            assert_true(fabs(sh - t3[k].share) <= 1e-9);
            checked++;
        }
    }
    assert_true(checked >= 20);
    /* second-order feed: Japan's magnet makers buy materials 70% CHN, 25% ROW;
     * Germany's 80% CHN [README T.3]; other Japanese buyers of REM the T.3 mix (18% CHN) */
    size_t jm = (size_t)ts_mrio_region_index(o2, "JPN") * o2->S + mag;
    size_t dm = (size_t)ts_mrio_region_index(o2, "DEU") * o2->S + mag;
    size_t jc9 = (size_t)ts_mrio_region_index(o2, "JPN") * o2->S + (size_t)ts_mrio_sector_index(o2, "c9");
    assert_true(fabs(origin_share(o2, rem, jm, "CHN") - 0.70) <= 1e-9);
    assert_true(fabs(origin_share(o2, rem, jm, "ROW") - 0.25) <= 1e-9);
    assert_true(fabs(origin_share(o2, rem, dm, "CHN") - 0.80) <= 1e-9);
    assert_true(fabs(origin_share(o2, rem, jc9, "CHN") - 0.18) <= 1e-9);
    ts_split_spec_free(spec);
    ts_split_spec_free(spec2);
    ts_mrio_free(m);
    ts_mrio_free(o);
    ts_mrio_free(o2);
}

/* buyer_regions: a product sold only to US buyers sells nothing elsewhere */
static void test_split_buyer_regions(void **state)
{
    (void)state;
    ts_mrio *m = NULL, *o = NULL;
    ts_split_spec *spec = NULL;
    ts_error err;
    char *dir = ts_tmpdir(), *p = ts_asprintf("%s/d.yaml", dir);
    FILE *f = fopen(p, "w");
    fputs("parent: c15\ncode: c15D\noutput_share: {USA: 0.081}\nbuyer_share: {c31: 0.3}\n"
          "fd_share: 0.7\nbuyer_regions: [USA]\nfd_columns: [USA_CONS_g, USA_GFCF]\n", f);
    fclose(f);
    if (ts_mrio_read_native(TS_SOURCE_DIR "/data/wiod2011-agg10", NULL, &m, &err) ||
        ts_split_spec_read(p, m, &spec, &err) || ts_mrio_split_sector(m, spec, &o, &err))
        fail_msg("%s", err.msg);
    size_t us = (size_t)ts_mrio_region_index(o, "USA"), d = us * o->S + (size_t)ts_mrio_sector_index(o, "c15D");
    double inside = 0, outside = 0;
    for (size_t j = 0; j < o->n; j++)
        *(j / o->S == us ? &inside : &outside) += o->Z[d * o->n + j];
    for (size_t k = 0; k < o->R * o->F; k++)
        *(k / o->F == us ? &inside : &outside) += o->Y[d * o->R * o->F + k];
    assert_true(outside == 0.0);
    assert_true(fabs(inside - o->x[d]) <= 1e-9 * o->x[d]);
    ts_split_spec_free(spec);
    ts_mrio_free(m);
    ts_mrio_free(o);
    free(p);
    ts_tmpdir_remove(dir);
}

/* The shipped US defence parts (data/us-defence-split-c1{3,4,5}.yaml on the default
 * scenario's table): nothing sold outside the US; no magnets bought directly from China
 * (10 U.S.C. 4872, DFARS 252.225-7052); inputs per unit = the BEA coefficients typed from
 * scripts/defence_inputs_bea.py's output for c15D (c12 0.061505, c14 0.070397). */
static void test_defence_parts(void **state)
{
    (void)state;
    ts_scenario *sc = NULL;
    ts_mrio *m = NULL;
    ts_error err;
    if (ts_scenario_parse(TS_SOURCE_DIR "/scenarios/rare-earths-2025.yaml", &sc, &err) ||
        ts_scenario_load_table(sc, NULL, NULL, &m, &err))
        fail_msg("%s", err.msg);
    size_t us = (size_t)ts_mrio_region_index(m, "USA"), chn = (size_t)ts_mrio_region_index(m, "CHN");
    size_t mag = (size_t)ts_mrio_sector_index(m, "MAG"), K = m->R * m->F;
    const char *parts[3] = {"c13D", "c14D", "c15D"};
    for (int k = 0; k < 3; k++) {
        int s = ts_mrio_sector_index(m, parts[k]);
        assert_true(s >= 0);
        size_t d = us * m->S + (size_t)s;
        double outside = 0, inside = 0;
        for (size_t j = 0; j < m->n; j++)
            *(j / m->S == us ? &inside : &outside) += m->Z[d * m->n + j];
        for (size_t c = 0; c < K; c++)
            *(c / m->F == us ? &inside : &outside) += m->Y[d * K + c];
        assert_true(outside == 0.0);
        assert_true(inside > 0);
        /* magnets bought: some, none from China */
        double magall = 0;
        for (size_t r = 0; r < m->R; r++)
            magall += m->Z[(r * m->S + mag) * m->n + d];
        assert_true(magall > 0);
        assert_true(m->Z[(chn * m->S + mag) * m->n + d] == 0.0);
    }
    int s15 = ts_mrio_sector_index(m, "c15D");
    size_t d = us * m->S + (size_t)s15;
    const char *in[2] = {"c12", "c14"};
    double want[2] = {0.061505, 0.070397};
    for (int k = 0; k < 2; k++) {
        size_t p = (size_t)ts_mrio_sector_index(m, in[k]);
        double tot = 0;
        for (size_t r = 0; r < m->R; r++)
            tot += m->Z[(r * m->S + p) * m->n + d];
        assert_true(fabs(tot / m->x[d] - want[k]) <= 1e-6);
    }
    ts_mrio_free(m);
    ts_scenario_free(sc);
}

/* error paths: each names the key path and, for a code, the nearest one */
static void test_split_spec_errors(void **state)
{
    (void)state;
    ts_mrio *m = NULL;
    ts_error err;
    if (ts_mrio_read_native(TS_SOURCE_DIR "/data/wiod2011-agg10", NULL, &m, &err))
        fail_msg("%s", err.msg);
    struct { const char *yaml, *key, *msg; } cases[] = {
        {"import_shares: {JPN: {CHM: 1}}\n", "import_shares.JPN.CHM", "did you mean CHN"},
        {"import_shares: {default: {CHN: 0.5, JPN: 0.4}}\n", "import_shares.default", "sum to 0.9"},
        {"import_shares: {USA: {CHN: 1}}\n", "import_shares", "no origin mix for buyer region CHN"},
        {"import_share: {default: {CHN: 1}}\n", "import_share", "did you mean 'import_shares'"},
        {"import_shares: {default: {CHN: 1}}\nimport_shares_by_sector: {C15: {default: {CHN: 1}}}\n",
         "import_shares_by_sector.C15", "did you mean c15"},
        {"buyer_regions: [USA, DUE]\n", "buyer_regions[1]", "not a region"},
        {"sets: {m: c15-c13}\n", "sets.m", "empty"},
        {"sets: {m: [c13, C14]}\n", "sets.m", "did you mean c14"},
        {"use_musd: {USA: 1}\n", "use_musd", "needs import_shares"},
        {"input_origins: {c9: {CHN: 0.5}}\n", "input_origins.c9", "sum to 0.5"},
    };
    char *dir = ts_tmpdir(), *p = ts_asprintf("%s/s.yaml", dir);
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        FILE *f = fopen(p, "w");
        fprintf(f, "parent: c12\ncode: NEW\noutput_musd: {CHN: 100}\nbuyer_share: {c15: 1}\n%s",
                cases[k].yaml);
        fclose(f);
        ts_split_spec *spec = NULL;
        ts_status st = ts_split_spec_read(p, m, &spec, &err);
        if (st != TS_ERR_INPUT || strcmp(err.key, cases[k].key) || !strstr(err.msg, cases[k].msg))
            fail_msg("case %zu: status %d key '%s' msg '%s'", k, st, err.key, err.msg);
        assert_true(err.line > 0 || !strcmp(cases[k].key, "import_shares"));
        ts_split_spec_free(spec);
    }
    free(p);
    ts_tmpdir_remove(dir);
    ts_mrio_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_small),
        cmocka_unit_test(test_split_chain_on_wiod_agg10),
        cmocka_unit_test(test_split_buyer_regions),
        cmocka_unit_test(test_split_spec_errors),
        cmocka_unit_test(test_defence_parts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
