/* `tradeshock analyze`: exit codes, files and their documented headers (docs/analysis.md),
 * values on case 15b against its exact fractions, no temporary or half-written files. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>

#include "test_analysis_util.h"

static char *case_path(const char *rel)
{
    return ts_strdup(ts_fixture(rel));
}

static size_t count_lines(const char *s)
{
    size_t k = 0;
    for (; *s; s++)
        k += *s == '\n';
    return k;
}

/* Number of stderr lines that are errors (the CLI prints exactly one). */
static size_t error_lines(const char *err)
{
    size_t k = 0;
    for (const char *p = err; (p = strstr(p, "tradeshock: error:")); p++)
        k++;
    return k;
}

static char *file_in(const char *dir, const char *name)
{
    char *p = ts_asprintf("%s/%s", dir, name);
    char *s = ts_read_file(p);
    free(p);
    return s;
}

/* First line of a text (static buffer). */
static const char *header(const char *s)
{
    static char buf[512];
    size_t k = strcspn(s, "\n");
    snprintf(buf, sizeof buf, "%.*s", (int)k, s);
    return buf;
}

/* Field @p col (0-based) of the line that starts with @p prefix, as a double. */
static double field_of(const char *csv, const char *prefix, int col)
{
    const char *p = csv;
    size_t k = strlen(prefix);
    while (p && *p) {
        if (!strncmp(p, prefix, k)) {
            for (int c = 0; c < col; c++) {
                p = strchr(p, ',');
                if (!p)
                    return NAN;
                p++;
            }
            return strtod(p, NULL);
        }
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    return NAN;
}

static size_t files_in(const char *dir, int dotfiles_only)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t k = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
            (!dotfiles_only || e->d_name[0] == '.'))
            k++;
    closedir(d);
    return k;
}

static void assert_no_nan_inf(const char *s)
{
    assert_null(strstr(s, "nan"));
    assert_null(strstr(s, "inf"));
    assert_null(strstr(s, "NaN"));
    assert_null(strstr(s, "Inf"));
}

static void test_cli_all_outputs(void **state)
{
    (void)state;
    char *tmp = ts_tmpdir();
    char *sat = ts_asprintf("%s/ree_oxide.csv", tmp);
    FILE *f = fopen(sat, "w");
    fputs("region,value\nAAA,30\nBBB,10\n", f);
    fclose(f);
    char *table = case_path("cases/15b-golden-2r2s/input");
    char *args = ts_asprintf("analyze '%s' --leontief --ghosh --linkages --extract AAA_S1 "
                             "--extract AAA --extract 'AAA:S2>BBB' --exposure AAA --to BBB "
                             "--hhi --satellite '%s' -o '%s/out'",
                             table, sat, tmp);
    ts_cmd_result r = ts_run_cli(args);
    if (r.exit_code != 0)
        fail_msg("exit %d: %s", r.exit_code, r.err);
    char *out = ts_asprintf("%s/out", tmp);
    assert_int_equal(files_in(out, 0), 6);
    assert_int_equal(files_in(out, 1), 0); /* no temporary file left behind */

    char *s = file_in(out, "multipliers.csv");
    assert_non_null(s);
    assert_string_equal(header(s),
                        "region,sector,output_multiplier,backward_linkage,forward_linkage");
    assert_int_equal(count_lines(s), 1 + 4);
    assert_no_nan_inf(s);
    const double b = 11169;
    assert_close(field_of(s, "AAA,S1,", 2), 18905 / b, 1e-12, 0);
    assert_close(field_of(s, "BBB,S2,", 2), 19405 / b, 1e-12, 0);
    /* normalised: m_j / mean(m), mean = (18905 + 20635 + 16195 + 19405)/4/11169 */
    assert_close(field_of(s, "BBB,S1,", 3), 16195.0 / (75140.0 / 4), 1e-12, 0);
    free(s);

    s = file_in(out, "ghosh.csv");
    assert_string_equal(header(s), "region,sector,gross_output,value_added,ghosh_row_sum,"
                                   "forward_linkage,output_from_value_added");
    assert_int_equal(count_lines(s), 1 + 4);
    assert_close(field_of(s, "BBB,S2,", 6), 250, 1e-12, 0); /* x' = v'G */
    assert_close(field_of(s, "AAA,S2,", 3), 100, 0, 0);
    assert_no_nan_inf(s);
    free(s);

    s = file_in(out, "linkages.csv");
    assert_string_equal(header(s), "region,sector,backward_total,forward_total,"
                                   "backward_linkage,forward_linkage,class");
    assert_int_equal(count_lines(s), 1 + 4);
    assert_no_nan_inf(s);
    free(s);

    s = file_in(out, "extraction.csv");
    assert_string_equal(header(s), "spec,region,baseline_output,output_after,loss,loss_pct,"
                                   "loss_excl_extracted");
    assert_int_equal(count_lines(s), 1 + 3 * 3); /* 3 specs x (2 regions + WORLD) */
    /* region AAA extracted: BBB keeps 71025/593 + 132375/593 = 203400/593 (hand) */
    assert_close(field_of(s, "AAA,BBB,", 3), 203400.0 / 593, 1e-12, 0);
    assert_close(field_of(s, "AAA,AAA,", 3), 0, 0, 1e-9);
    assert_close(field_of(s, "AAA,WORLD,", 2), 700, 1e-12, 0);
    /* knock-on loss outside the extracted region: 400 - 203400/593 = 33800/593 */
    assert_close(field_of(s, "AAA,WORLD,", 6), 33800.0 / 593, 1e-12, 0);
    assert_close(field_of(s, "AAA,BBB,", 6), 33800.0 / 593, 1e-12, 0);
    assert_close(field_of(s, "AAA,AAA,", 6), 0, 0, 1e-9);
    assert_no_nan_inf(s);
    free(s);

    s = file_in(out, "exposure.csv");
    assert_string_equal(header(s), "region,sector,product,supplier_region,requirement,"
                                   "total_requirement,share,embodied");
    assert_int_equal(count_lines(s), 1 + (2 + 1) * 2); /* (S sectors + ALL) x S products */
    /* AAA_S1's requirement of S1 from BBB: 1226/11169, share 3678/9787 (hand, case 15b) */
    assert_close(field_of(s, "AAA,S1,S1,BBB,", 4), 1226 / b, 1e-12, 0);
    assert_close(field_of(s, "AAA,S1,S1,BBB,", 6), 3678.0 / 9787, 1e-12, 0);
    /* embodied = requirement x y(AAA_S1) = 1226/11169 x 25 */
    assert_close(field_of(s, "AAA,S1,S1,BBB,", 7), 25 * 1226 / b, 1e-12, 0);
    assert_no_nan_inf(s);
    free(s);

    s = file_in(out, "hhi.csv");
    assert_string_equal(header(s), "product,basis,hhi,total,top_region,top_share,suppliers");
    assert_int_equal(count_lines(s), 1 + 2 + 1);
    assert_close(field_of(s, "S1,gross_output,", 2), 5200, 1e-12, 0);
    assert_close(field_of(s, "ree_oxide,satellite,", 2), 6250, 1e-12, 0); /* .75² + .25² */
    assert_non_null(strstr(s, "ree_oxide,satellite,6250,40,AAA,0.75,2"));
    free(s);

    assert_non_null(strstr(r.out, "Output multipliers"));
    assert_non_null(strstr(r.out, "Exposure of AAA"));
    assert_non_null(strstr(r.out, "HHI"));
    assert_int_equal(error_lines(r.err), 0);
    ts_cmd_result_free(&r);
    free(out);
    free(args);
    free(table);
    free(sat);
    ts_tmpdir_remove(tmp);
}

static void test_cli_default_and_exposure_all(void **state)
{
    (void)state;
    char *tmp = ts_tmpdir();
    char *table = case_path("cases/15b-golden-2r2s/input");
    char *args = ts_asprintf("analyze '%s' -o '%s/a'", table, tmp);
    ts_cmd_result r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 0);
    char *out = ts_asprintf("%s/a", tmp);
    assert_int_equal(files_in(out, 0), 1); /* default: --leontief only */
    char *s = file_in(out, "multipliers.csv");
    assert_non_null(s);
    free(s);
    ts_cmd_result_free(&r);
    free(args);
    free(out);

    args = ts_asprintf("analyze '%s' --exposure BBB -o '%s/b' --top 3", table, tmp);
    r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 0);
    out = ts_asprintf("%s/b", tmp);
    s = file_in(out, "exposure.csv");
    assert_int_equal(count_lines(s), 1 + (2 + 1) * 2 * 2); /* every supplier region */
    free(s);
    assert_non_null(strstr(r.out, "Exposure of BBB's industries to products from other regions"));
    ts_cmd_result_free(&r);
    free(args);
    free(out);
    free(table);
    ts_tmpdir_remove(tmp);
}

/* --product on the shipped 10-region table: only that product's rows; the China share of
 * US transport equipment's whole-chain magnet requirement and of Japan's magnet makers'
 * materials requirement within 5 pp of the figures the table was built from
 * (data/sources/rare_earths/README.md T.3: US magnets 68% from China; Japanese magnet
 * makers' feed 70% from China). */
static void test_cli_exposure_product(void **state)
{
    (void)state;
    char *tmp = ts_tmpdir();
    struct { const char *region, *product, *row; double sourced; } c[] = {
        {"USA", "MAG", "USA,c15,MAG,CHN,", 0.68}, {"JPN", "REM", "JPN,MAG,REM,CHN,", 0.70}};
    for (int k = 0; k < 2; k++) {
        char *args = ts_asprintf("analyze '%s/data/wiod2011-agg10-ree' --exposure %s --product %s "
                                 "--to CHN --min-requirement 0.001 -o '%s/%d'",
                                 TS_SOURCE_DIR, c[k].region, c[k].product, tmp, k);
        ts_cmd_result r = ts_run_cli(args);
        if (r.exit_code != 0)
            fail_msg("exit %d: %s", r.exit_code, r.err);
        char *out = ts_asprintf("%s/%d", tmp, k);
        char *csv = file_in(out, "exposure.csv");
        assert_non_null(csv);
        /* one row per sector of the region and ALL, supplier CHN only, one product */
        assert_int_equal(count_lines(csv), 1 + 37 + 1);
        double share = field_of(csv, c[k].row, 6);
        printf("%s: China share %.4f (sourced %.2f)\n", c[k].row, share, c[k].sourced);
        assert_true(fabs(share - c[k].sourced) <= 0.05);
        assert_non_null(strstr(r.out, c[k].product));
        free(csv);
        free(out);
        free(args);
        ts_cmd_result_free(&r);
    }
    ts_cmd_result r = ts_run_cli("analyze " TS_SOURCE_DIR "/data/wiod2011-agg10-ree --exposure USA "
                                 "--product MAX");
    assert_int_equal(r.exit_code, 2);
    assert_non_null(strstr(r.err, "unknown product 'MAX'"));
    ts_cmd_result_free(&r);
    r = ts_run_cli("analyze " TS_SOURCE_DIR "/data/wiod2011-agg10-ree --product MAG");
    assert_int_equal(r.exit_code, 2);
    ts_cmd_result_free(&r);
    r = ts_run_cli("analyze " TS_SOURCE_DIR "/data/wiod2011-agg10-ree --exposure USA "
                   "--min-requirement -1");
    assert_int_equal(r.exit_code, 2);
    ts_cmd_result_free(&r);
    ts_tmpdir_remove(tmp);
}

static void test_cli_singular_exit2(void **state)
{
    (void)state;
    char *tmp = ts_tmpdir();
    char *table = case_path("cases/14a-singular-leontief/input");
    const char *opts[] = {"", "--linkages", "--extract AAA", "--exposure AAA", "--ghosh"};
    for (size_t k = 0; k < sizeof opts / sizeof opts[0]; k++) {
        char *args = ts_asprintf("analyze '%s' %s -o '%s/out'", table, opts[k], tmp);
        ts_cmd_result r = ts_run_cli(args);
        if (r.exit_code != 2)
            fail_msg("%s: exit %d", opts[k], r.exit_code);
        assert_int_equal(error_lines(r.err), 1);
        assert_non_null(strstr(r.err, "singular"));
        assert_non_null(strstr(r.err, "AAA_S1"));
        char *out = ts_asprintf("%s/out", tmp);
        assert_int_equal(files_in(out, 0), 0); /* nothing written, no NaN file */
        free(out);
        ts_cmd_result_free(&r);
        free(args);
    }
    /* the HHI needs no inverse: fine on this table */
    char *args = ts_asprintf("analyze '%s' --hhi", table);
    ts_cmd_result r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 0);
    ts_cmd_result_free(&r);
    free(args);
    free(table);
    ts_tmpdir_remove(tmp);
}

static void test_cli_near_singular_warns(void **state)
{
    (void)state;
    char *tmp = ts_tmpdir();
    char *table = case_path("cases/14b-near-singular-leontief/input");
    char *args = ts_asprintf("analyze '%s' -o '%s'", table, tmp);
    ts_cmd_result r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 0);
    assert_non_null(strstr(r.err, "ill-conditioned"));
    assert_non_null(strstr(r.err, "1.6e+10"));
    char *s = file_in(tmp, "multipliers.csv");
    assert_non_null(s);
    assert_no_nan_inf(s);
    /* multipliers = column sums of L: 2e10 + 2.5 and 2e10 (rel 1e-4) */
    assert_close(field_of(s, "AAA,S1,", 2), 2e10 + 2.5, 1e-4, 0);
    free(s);
    ts_cmd_result_free(&r);
    free(args);
    free(table);
    ts_tmpdir_remove(tmp);
}

static void test_cli_bad_input(void **state)
{
    (void)state;
    char *tmp = ts_tmpdir();
    char *table = case_path("cases/15a-golden-2x2/input");
    char *badsat = ts_asprintf("%s/bad.csv", tmp);
    FILE *f = fopen(badsat, "w");
    fputs("region,value\nAAA,lots\n", f);
    fclose(f);
    struct {
        const char *fmt;
        const char *must;
    } cases[] = {
        {"analyze", "missing TABLE"},
        {"analyze '%s' --bogus", "unknown option"},
        {"analyze '%s' --to BBB", "--to needs --exposure"},
        {"analyze '%s' --exposure XXX", "unknown region 'XXX'"},
        {"analyze '%s' --exposure AAA --to YYY", "unknown region 'YYY'"},
        {"analyze '%s' --extract 'AAA:S9>BBB'", "unknown sector 'S9'"},
        {"analyze '%s' --extract ZZZ_S1", "ZZZ_S1"},
        {"analyze '%s' --top 0", "--top"},
        {"analyze '%s' --extract", "needs a value"},
        {"analyze '%s' '%s'", "one TABLE only"},
        {"analyze '%s' --satellite /nonexistent/sat.csv", "sat.csv"},
        {"analyze '%s' --satellite BADSAT", "bad.csv:2:2"},
        {"analyze /nonexistent/table", "nonexistent"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char *fmt = ts_strdup(cases[k].fmt);
        char *p = strstr(fmt, "BADSAT");
        char *args;
        if (p) {
            *p = 0;
            char *a = ts_asprintf(fmt, table);
            args = ts_asprintf("%s%s", a, badsat);
            free(a);
        } else {
            args = ts_asprintf(fmt, table, table);
        }
        ts_cmd_result r = ts_run_cli(args);
        if (r.exit_code != 2 || error_lines(r.err) != 1 || !strstr(r.err, cases[k].must))
            fail_msg("'%s': exit %d, stderr: %s", args, r.exit_code, r.err);
        ts_cmd_result_free(&r);
        free(args);
        free(fmt);
    }
    /* an output folder that cannot be created is an I/O failure: exit 1 */
    char *args = ts_asprintf("analyze '%s' -o '%s/bad.csv/sub'", table, tmp);
    ts_cmd_result r = ts_run_cli(args);
    assert_int_equal(r.exit_code, 1);
    assert_int_equal(error_lines(r.err), 1);
    ts_cmd_result_free(&r);
    free(args);
    free(badsat);
    free(table);
    ts_tmpdir_remove(tmp);
}

/* -o DIR: a file there is not ours (exit 2, left as it was); a folder that cannot be
 * made is one line naming DIR as given and what to do (exit 1). */
static void test_cli_output_paths(void **state)
{
    (void)state;
    char *tmp = ts_tmpdir();
    char *table = case_path("cases/15b-golden-2r2s/input");
    char *file = ts_asprintf("%s/results.csv", tmp);
    FILE *f = fopen(file, "w");
    fputs("mine\n", f);
    fclose(f);
    char *args = ts_asprintf("analyze '%s' -o '%s'", table, file);
    ts_cmd_result r = ts_run_cli(args);
    if (r.exit_code != 2 || error_lines(r.err) != 1 || !strstr(r.err, "exists and is not a folder") ||
        !strstr(r.err, file))
        fail_msg("%s: exit %d, stderr: %s", args, r.exit_code, r.err);
    char *s = ts_read_file(file);
    assert_string_equal(s, "mine\n");
    free(s);
    assert_int_equal(files_in(tmp, 0), 1);
    ts_cmd_result_free(&r);
    free(args);
    args = ts_asprintf("analyze '%s' -o /proc/x", table);
    r = ts_run_cli(args);
    if (r.exit_code != 1 || error_lines(r.err) != 1 || strstr(r.err, ".tmp") ||
        !strstr(r.err, "error: /proc/x: cannot create the results folder") ||
        !strstr(r.err, "give -o a folder you can write to"))
        fail_msg("%s: exit %d, stderr: %s", args, r.exit_code, r.err);
    ts_cmd_result_free(&r);
    free(args);
    free(file);
    free(table);
    ts_tmpdir_remove(tmp);
}

static void test_cli_help(void **state)
{
    (void)state;
    ts_cmd_result r = ts_run_cli("analyze --help");
    assert_int_equal(r.exit_code, 0);
    assert_non_null(strstr(r.out, "usage: tradeshock analyze TABLE"));
    assert_non_null(strstr(r.out, "REGION:SECTOR>REGION"));
    ts_cmd_result_free(&r);
    r = ts_run_cli("--help");
    assert_int_equal(r.exit_code, 0);
    assert_non_null(strstr(r.out, "analyze TABLE"));
    ts_cmd_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cli_all_outputs),
        cmocka_unit_test(test_cli_default_and_exposure_all),
        cmocka_unit_test(test_cli_exposure_product),
        cmocka_unit_test(test_cli_singular_exit2),
        cmocka_unit_test(test_cli_near_singular_warns),
        cmocka_unit_test(test_cli_bad_input),
        cmocka_unit_test(test_cli_output_paths),
        cmocka_unit_test(test_cli_help),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
