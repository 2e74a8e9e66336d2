/* timeseries.nc: read back with the netCDF library it holds the same numbers as
 * timeseries.csv (every row), the CF attributes are there, `ncdump -h` reads it, two runs
 * give byte-identical files, reporting groups are weighted sums of their members, and
 * write errors name the file. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <netcdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "testutil.h"
#include "tradeshock/output.h"

#define CASE16B "cases/16b-dynamic-export-ban/input/scenario.yaml"

#define NC_OK(call)                                                                          \
    do {                                                                                     \
        int rc_ = (call);                                                                    \
        if (rc_ != NC_NOERR)                                                                 \
            fail_msg("%s: %s", #call, nc_strerror(rc_));                                     \
    } while (0)

/* Run `tradeshock run` on case 16b into <dir>/<sub>. */
static void run_case(const char *dir, const char *sub)
{
    char *args = ts_asprintf("run '%s' -o '%s/%s' --quiet", ts_fixture(CASE16B), dir, sub);
    ts_cmd_result r = ts_run_cli(args);
    if (r.exit_code != 0)
        fail_msg("run failed (%d): %s", r.exit_code, r.err);
    ts_cmd_result_free(&r);
    free(args);
}

static double *get_var(int nc, const char *name, size_t len)
{
    int id;
    NC_OK(nc_inq_varid(nc, name, &id));
    double *v = malloc(len * sizeof *v);
    NC_OK(nc_get_var_double(nc, id, v));
    return v;
}

static size_t dim_len(int nc, const char *name)
{
    int d;
    size_t n;
    NC_OK(nc_inq_dimid(nc, name, &d));
    NC_OK(nc_inq_dimlen(nc, d, &n));
    return n;
}

static char **get_strings(int nc, const char *name, size_t n)
{
    int id;
    NC_OK(nc_inq_varid(nc, name, &id));
    char **s = calloc(n, sizeof *s);
    NC_OK(nc_get_var_string(nc, id, s));
    return s;
}

static int index_of(char **codes, size_t n, const char *code)
{
    for (size_t k = 0; k < n; k++)
        if (!strcmp(codes[k], code))
            return (int)k;
    fail_msg("code '%s' not in the file", code);
    return -1;
}

static char *att_text(int nc, int var, const char *name)
{
    size_t len;
    if (nc_inq_attlen(nc, var, name, &len) != NC_NOERR)
        return NULL;
    char *s = calloc(len + 1, 1);
    NC_OK(nc_get_att_text(nc, var, name, s));
    return s;
}

/* Split a CSV line (no quoting in timeseries.csv) into @p k fields in place. */
static int split(char *line, char **f, int k)
{
    int n = 0;
    line[strcspn(line, "\r\n")] = 0;
    for (char *p = line; n < k; n++) {
        f[n] = p;
        char *c = strchr(p, ',');
        if (!c) {
            n++;
            break;
        }
        *c = 0;
        p = c + 1;
    }
    return n;
}

static void test_same_numbers_as_csv(void **state)
{
    (void)state;
    char *dir = ts_tmpdir();
    run_case(dir, "out");
    char *p = ts_asprintf("%s/out/timeseries.nc", dir);
    int nc;
    NC_OK(nc_open(p, NC_NOWRITE, &nc));
    size_t T = dim_len(nc, "time"), R = dim_len(nc, "region"), S = dim_len(nc, "sector");
    size_t n = R * S;
    assert_int_equal(T, 60);
    assert_int_equal(dim_len(nc, "product"), S);
    assert_int_equal(dim_len(nc, "partner"), R);
    char **rc = get_strings(nc, "region", R), **sc = get_strings(nc, "sector", S);
    static const char *vars[] = {"production", "capacity", "demand", "unmet_final_demand",
                                 "output_loss"};
    double *v[6], *x0 = get_var(nc, "baseline_output", n);
    for (int k = 0; k < 5; k++)
        v[k] = get_var(nc, vars[k], T * n);
    double *exp_ = get_var(nc, "exports", T * R * R), *imp = get_var(nc, "imports", T * R * R);
    /* a small table: cover is dense (time, region, sector, product) */
    double *cov = get_var(nc, "inventory_days", T * n * S);
    double *time = get_var(nc, "time", T), *rloss = get_var(nc, "region_output_loss", T * R);
    double *wloss = get_var(nc, "world_output_loss", T);
    for (size_t t = 0; t < T; t++) {
        assert_true(time[t] == (double)t);
        double w = 0;
        for (size_t q = 0; q < R; q++) {
            double s = 0;
            for (size_t k = 0; k < S; k++) {
                double l = x0[q * S + k] - v[0][t * n + q * S + k];
                assert_true(v[4][t * n + q * S + k] == l);
                s += l;
            }
            assert_true(ts_close(rloss[t * R + q], s, 1e-12, 1e-12));
            w += s;
        }
        assert_true(ts_close(wloss[t], w, 1e-12, 1e-12));
    }

    /* every CSV row against the file */
    char *q = ts_asprintf("%s/out/timeseries.csv", dir);
    FILE *f = fopen(q, "r");
    assert_non_null(f);
    char line[512];
    size_t rows[6] = {0}, cover_rows = 0, trade_rows = 0;
    assert_non_null(fgets(line, sizeof line, f));
    assert_string_equal(line, "day,date,region,sector,input,partner,variable,value,unit\n");
    while (fgets(line, sizeof line, f)) {
        char *fl[9] = {0};
        if (split(line, fl, 9) != 9)
            fail_msg("bad CSV row: %s", line);
        size_t t = (size_t)atoi(fl[0]), r = (size_t)index_of(rc, R, fl[2]);
        const char *var = fl[6], *unit = fl[8];
        double val = strtod(fl[7], NULL), got = NAN;
        double rel = 1e-9; /* the CSV keeps 10 significant digits */
        if (!strcmp(var, "inventory_days")) {
            size_t s = (size_t)index_of(sc, S, fl[3]), pp = (size_t)index_of(sc, S, fl[4]);
            assert_string_equal(fl[5], "");
            assert_string_equal(unit, "day");
            got = cov[(t * n + r * S + s) * S + pp];
            rel = 1e-5; /* 6 digits */
            cover_rows++;
        } else if (!strcmp(var, "exports") || !strcmp(var, "imports")) {
            assert_string_equal(fl[3], "");
            assert_string_equal(unit, "M USD/day");
            if (fl[4][0]) /* by product: not in the netCDF file */
                continue;
            size_t b = (size_t)index_of(rc, R, fl[5]);
            got = (var[0] == 'e' ? exp_ : imp)[(t * R + r) * R + b];
            trade_rows++;
        } else {
            size_t s = (size_t)index_of(sc, S, fl[3]);
            assert_string_equal(fl[4], "");
            assert_string_equal(fl[5], "");
            assert_string_equal(unit, "M USD/day");
            int k = -1;
            for (int a = 0; a < 5; a++)
                if (!strcmp(var, vars[a]))
                    k = a;
            if (!strcmp(var, "baseline_output"))
                k = 5;
            if (k < 0)
                fail_msg("unknown variable %s", var);
            got = k == 5 ? x0[r * S + s] : v[k][t * n + r * S + s];
            rows[k]++;
            rel = k == 4 ? 1e-7 : rel; /* a difference, rounded to 10 digits */
        }
        if (!ts_close(got, val, rel, 1e-12))
            fail_msg("%s: CSV %.17g, netCDF %.17g", line, val, got);
    }
    fclose(f);
    size_t producing = 0;
    for (size_t i = 0; i < n; i++)
        producing += x0[i] > 0;
    for (int k = 0; k < 6; k++) /* the CSV leaves out zero-output industries only */
        assert_int_equal(rows[k], T * producing);
    assert_true(cover_rows > 0);
    assert_true(trade_rows > 0);

    for (int k = 0; k < 5; k++)
        free(v[k]);
    free(x0), free(exp_), free(imp), free(cov), free(time), free(rloss), free(wloss);
    nc_free_string(R, rc);
    nc_free_string(S, sc);
    free(rc), free(sc);
    NC_OK(nc_close(nc));
    free(p), free(q);
    ts_tmpdir_remove(dir);
}

static void test_cf_attributes(void **state)
{
    (void)state;
    char *dir = ts_tmpdir();
    run_case(dir, "out");
    char *p = ts_asprintf("%s/out/timeseries.nc", dir);
    int nc, format, nvars;
    NC_OK(nc_open(p, NC_NOWRITE, &nc));
    NC_OK(nc_inq_format(nc, &format));
    assert_int_equal(format, NC_FORMAT_NETCDF4);
    char *s = att_text(nc, NC_GLOBAL, "Conventions");
    assert_string_equal(s, "CF-1.8");
    free(s);
    static const char *globals[] = {"title", "source", "tradeshock_version", "scenario",
                                    "scenario_file", "scenario_events", "start_date", "table"};
    for (size_t k = 0; k < sizeof globals / sizeof globals[0]; k++) {
        s = att_text(nc, NC_GLOBAL, globals[k]);
        if (!s)
            fail_msg("global attribute %s missing", globals[k]);
        free(s);
    }
    s = att_text(nc, NC_GLOBAL, "scenario");
    assert_string_equal(s, "full-ban-aaa-to-bbb");
    free(s);
    double psi;
    NC_OK(nc_get_att_double(nc, NC_GLOBAL, "parameter_psi", &psi));
    assert_true(psi == 0.75);
    int tid;
    NC_OK(nc_inq_varid(nc, "time", &tid));
    s = att_text(nc, tid, "units");
    assert_string_equal(s, "days since 2025-01-01");
    free(s);
    s = att_text(nc, tid, "calendar");
    assert_string_equal(s, "standard");
    free(s);
    NC_OK(nc_inq_nvars(nc, &nvars));
    for (int v = 0; v < nvars; v++) { /* long_name everywhere; units on every number */
        char name[NC_MAX_NAME + 1];
        nc_type type;
        NC_OK(nc_inq_varname(nc, v, name));
        NC_OK(nc_inq_vartype(nc, v, &type));
        s = att_text(nc, v, "long_name");
        if (!s)
            fail_msg("%s has no long_name", name);
        free(s);
        if (type == NC_DOUBLE) {
            s = att_text(nc, v, "units");
            if (!s)
                fail_msg("%s has no units", name);
            free(s);
        }
    }
    /* every parameter, the mode and the retaliation answers are attributes */
    static const char *params[] = {"parameter_restoration_days", "parameter_alpha_max",
                                   "parameter_substitution_days", "parameter_armington_sigma",
                                   "parameter_import_demand_elasticity"};
    for (size_t k = 0; k < sizeof params / sizeof params[0]; k++) {
        double v;
        if (nc_get_att_double(nc, NC_GLOBAL, params[k], &v) != NC_NOERR)
            fail_msg("global attribute %s missing", params[k]);
    }
    s = att_text(nc, NC_GLOBAL, "parameter_mode");
    assert_string_equal(s, "default");
    free(s);
    s = att_text(nc, NC_GLOBAL, "scenario_json");
    assert_non_null(strstr(s, "\"psi\":0.75"));
    free(s);
    s = att_text(nc, NC_GLOBAL, "retaliation_answers_json");
    assert_string_equal(s, "[]");
    free(s);
    /* index coordinates: a variable named like its dimension, holding the codes */
    static const char *coords[] = {"region", "sector", "product", "partner"};
    for (int k = 0; k < 4; k++) {
        int id, nd, d0, dd;
        NC_OK(nc_inq_varid(nc, coords[k], &id));
        NC_OK(nc_inq_varndims(nc, id, &nd));
        NC_OK(nc_inq_vardimid(nc, id, &d0));
        NC_OK(nc_inq_dimid(nc, coords[k], &dd));
        assert_int_equal(nd, 1);
        assert_int_equal(d0, dd);
    }
    NC_OK(nc_close(nc));

    /* ncdump (netcdf-bin) reads the header */
    if (system("command -v ncdump >/dev/null 2>&1") == 0) {
        char *cmd = ts_asprintf("ncdump -h '%s' > '%s/h.txt' 2>&1", p, dir);
        assert_int_equal(system(cmd), 0);
        char *h = ts_asprintf("%s/h.txt", dir), *txt = ts_read_file(h);
        assert_non_null(txt);
        assert_non_null(strstr(txt, "time:units = \"days since 2025-01-01\""));
        assert_non_null(strstr(txt, ":Conventions = \"CF-1.8\""));
        assert_non_null(strstr(txt, "double production(time, region, sector)"));
        assert_non_null(strstr(txt, "string region(region)"));
        assert_non_null(strstr(txt, "double inventory_days(time, region, sector, product)"));
        free(txt), free(h), free(cmd);
    } else {
        fprintf(stderr, "note: ncdump not found (Debian netcdf-bin); header check skipped\n");
    }
    free(p);
    ts_tmpdir_remove(dir);
}

static void test_byte_identical(void **state)
{
    (void)state;
    char *dir = ts_tmpdir();
    run_case(dir, "a");
    run_case(dir, "b");
    static const char *files[] = {"timeseries.nc", "timeseries.csv", "summary.json"};
    for (int k = 0; k < 3; k++) {
        char *cmd = ts_asprintf("cmp -s '%s/a/%s' '%s/b/%s'", dir, files[k], dir, files[k]);
        if (system(cmd) != 0)
            fail_msg("%s differs between two identical runs", files[k]);
        free(cmd);
    }
    ts_tmpdir_remove(dir);
}

/* Reporting groups: group_output_loss = sum of weight x (baseline - production). */
static void test_groups(void **state)
{
    (void)state;
    char *dir = ts_tmpdir();
    char *src = ts_read_file(ts_fixture(CASE16B));
    assert_non_null(src);
    char *ev = strstr(src, "events:"), *tb = strstr(src, "table: table\n");
    assert_true(ev && tb);
    char *y = ts_asprintf("%.*stable: %s/table\n%.*sgroups:\n  importers: {BBB_MAT: 0.5}\n"
                          "  exporters: {AAA_MAT: 1.0}\n%s",
                          (int)(tb - src), src, ts_fixture("cases/16b-dynamic-export-ban/input"),
                          (int)(ev - tb - 13), tb + 13, ev);
    char *yp = ts_asprintf("%s/groups.yaml", dir);
    FILE *f = fopen(yp, "w");
    fputs(y, f);
    fclose(f);
    char *args = ts_asprintf("run '%s' -o '%s/out' --quiet", yp, dir);
    ts_cmd_result r = ts_run_cli(args);
    if (r.exit_code != 0)
        fail_msg("run failed (%d): %s", r.exit_code, r.err);
    ts_cmd_result_free(&r);
    char *p = ts_asprintf("%s/out/timeseries.nc", dir);
    int nc;
    NC_OK(nc_open(p, NC_NOWRITE, &nc));
    size_t T = dim_len(nc, "time"), R = dim_len(nc, "region"), S = dim_len(nc, "sector");
    assert_int_equal(dim_len(nc, "group"), 2);
    char **gn = get_strings(nc, "group", 2), **rc = get_strings(nc, "region", R);
    assert_string_equal(gn[0], "importers");
    assert_string_equal(gn[1], "exporters");
    double *x0 = get_var(nc, "baseline_output", R * S), *x = get_var(nc, "production", T * R * S);
    double *gl = get_var(nc, "group_output_loss", T * 2), *gb = get_var(nc, "group_baseline_output", 2);
    size_t bbb = (size_t)index_of(rc, R, "BBB") * S, aaa = (size_t)index_of(rc, R, "AAA") * S;
    assert_true(ts_close(gb[0], 0.5 * x0[bbb], 1e-12, 0));
    assert_true(ts_close(gb[1], x0[aaa], 1e-12, 0));
    double sum = 0;
    for (size_t t = 0; t < T; t++) {
        assert_true(ts_close(gl[t * 2], 0.5 * (x0[bbb] - x[t * R * S + bbb]), 1e-12, 1e-12));
        assert_true(ts_close(gl[t * 2 + 1], x0[aaa] - x[t * R * S + aaa], 1e-12, 1e-12));
        sum += gl[t * 2];
    }
    assert_true(sum > 0); /* the importer loses output under the ban */
    NC_OK(nc_close(nc));
    nc_free_string(2, gn);
    nc_free_string(R, rc);
    free(gn), free(rc), free(x0), free(x), free(gl), free(gb), free(p), free(args), free(yp);
    free(y), free(src);
    ts_tmpdir_remove(dir);
}

static void test_write_error_names_file(void **state)
{
    (void)state;
    ts_error err;
    ts_scenario *sc = NULL;
    ts_mrio *m = NULL;
    ts_result *r = NULL;
    assert_int_equal(ts_scenario_parse(ts_fixture(CASE16B), &sc, &err), TS_OK);
    assert_int_equal(ts_mrio_read(sc->table_path, NULL, &m, &err), TS_OK);
    assert_int_equal(ts_scenario_resolve(sc, m, &err), TS_OK);
    ts_sim_options opt = {0};
    assert_int_equal(ts_sim_run(m, sc, &opt, &r, &err), TS_OK);
    const char *bad = "/nonexistent-dir-tradeshock/x/timeseries.nc";
    assert_int_equal(ts_output_write_netcdf(r, m, sc, NULL, bad, &err), TS_ERR_IO);
    assert_non_null(strstr(err.msg, bad));
    /* and in-process writing gives the same layout */
    char *dir = ts_tmpdir(), *p = ts_asprintf("%s/t.nc", dir);
    assert_int_equal(ts_output_write_netcdf(r, m, sc, NULL, p, &err), TS_OK);
    int nc;
    NC_OK(nc_open(p, NC_NOWRITE, &nc));
    assert_int_equal(dim_len(nc, "time"), r->T);
    int cov, nd;
    NC_OK(nc_inq_varid(nc, "inventory_days", &cov));
    NC_OK(nc_inq_varndims(nc, cov, &nd));
    assert_int_equal(nd, 4);
    NC_OK(nc_close(nc));
    free(p);
    ts_tmpdir_remove(dir);
    ts_result_free(r);
    ts_mrio_free(m);
    ts_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_numbers_as_csv),
        cmocka_unit_test(test_cf_attributes),
        cmocka_unit_test(test_byte_identical),
        cmocka_unit_test(test_groups),
        cmocka_unit_test(test_write_error_names_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
