/* tradeshock backtest SCENARIO [-o DIR] [--observations FILE] [--table DIR]
 *                     [--fail-above SCORE] [--threads N] [--quiet] */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/util.h"
#include "tradeshock/history.h"
#include "tradeshock/override.h"
#include "tradeshock/output.h"
#include "tradeshock/report.h"
#include "tradeshock/sim.h"

static void usage(FILE *f)
{
    fputs("usage: tradeshock backtest SCENARIO [-o DIR] [--observations FILE] [--table DIR]\n"
          "                           [--fail-above SCORE] [--set PATH=VALUE]... [--threads N]\n"
          "                           [--quiet]\n"
          "\n"
          "Run SCENARIO, compare every observation of its `observations:` file (or FILE) with\n"
          "the model's same quantity (docs/model.md \"Model vs observed\") and write DIR\n"
          "(default results/<scenario name>-backtest/): the results of the run, backtest.csv\n"
          "and report.html with a \"Model vs observed\" section. Prints the table and the\n"
          "score (mean |error|/tolerance; 0 exact, <= 1 within tolerance on average).\n"
          "  --set PATH=VALUE   override a scenario value by key path (as `run --set`)\n"
          "  --fail-above SCORE  exit 3 when the score is above SCORE (for CI); otherwise the\n"
          "                      exit code does not depend on the score\n"
          "Exit codes: 0 done, 2 bad input, 1 internal failure, 3 score above --fail-above.\n",
          f);
}

ts_status ts_cli_backtest_load(const char *scen, const char *table, const char *obs_file,
                               const ts_override *ov, size_t n_ov, ts_cli_bt *b, ts_error *err)
{
    memset(b, 0, sizeof *b);
    if (ts_is_dir(scen))
        return ts_error_set(err, TS_ERR_INPUT, scen, 0, 0, NULL,
                            "is a folder; expected a scenario file (YAML)");
    ts_status st = ts_scenario_parse_overrides(scen, ov, n_ov, &b->sc, err);
    if (!st && !obs_file && !b->sc->observations)
        st = ts_error_set(err, TS_ERR_INPUT, scen, 0, 0, "observations",
                          "the scenario names no observations file: add `observations: FILE` "
                          "(docs/formats.md \"Observations\") or give --observations FILE");
    if (!st)
        st = ts_scenario_load_table(b->sc, table, &ts_cli_stderr_logger, &b->m, err);
    if (!st) {
        st = ts_scenario_resolve(b->sc, b->m, err);
        ts_override_annotate(err, b->sc, ov, n_ov);
    }
    if (!st)
        st = ts_observations_read(obs_file ? obs_file : b->sc->observations, &b->obs, err);
    if (!st)
        st = ts_observations_resolve(b->obs, b->sc, b->m, err);
    if (st)
        ts_cli_backtest_free(b);
    return st;
}

void ts_cli_backtest_free(ts_cli_bt *b)
{
    ts_observations_free(b->obs);
    ts_mrio_free(b->m);
    ts_scenario_free(b->sc);
    memset(b, 0, sizeof *b);
}

ts_status ts_cli_backtest_write(const ts_cli_bt *b, const char *scen, const char *table,
                                const ts_result *res, const ts_comparison *cmp,
                                const char *dir, ts_error *err)
{
    ts_losses *loss = NULL;
    ts_status st = ts_losses_compute(res, b->m, &loss, err);
    if (!st)
        st = ts_losses_groups(loss, res, b->sc, err);
    ts_run_info info = {.scenario_file = scen, .table_path = table ? table : b->sc->table_path};
    if (!st)
        st = ts_output_write(res, loss, b->m, b->sc, &info, dir, err);
    if (!st)
        st = ts_comparison_write_csv(cmp, b->obs, b->sc, dir, err);
    ts_losses_free(loss);
    return st;
}

int ts_cli_backtest(int argc, char **argv)
{
    const char *scen = NULL, *outdir = NULL, *table = NULL, *obs = NULL;
    int threads = 0, quiet = 0;
    double fail_above = NAN;
    ts_override *ovs = calloc((size_t)argc + 1, sizeof *ovs);
    size_t n_ov = 0;
    if (!ovs)
        return 1;
    int rc = 2;
    for (int a = 1; a < argc; a++) {
        if (!strcmp(argv[a], "-h") || !strcmp(argv[a], "--help")) {
            usage(stdout);
            rc = 0;
            goto out;
        } else if ((!strcmp(argv[a], "-o") || !strcmp(argv[a], "--output")) && a + 1 < argc) {
            outdir = argv[++a];
        } else if (!strcmp(argv[a], "--table") && a + 1 < argc) {
            table = argv[++a];
        } else if (!strcmp(argv[a], "--observations") && a + 1 < argc) {
            obs = argv[++a];
        } else if (!strcmp(argv[a], "--fail-above") && a + 1 < argc) {
            char *end = NULL;
            fail_above = strtod(argv[++a], &end);
            if (!*argv[a] || *end || !isfinite(fail_above) || fail_above < 0) {
                fprintf(stderr, "tradeshock: error: backtest: --fail-above '%s': expected a "
                                "score >= 0\n", argv[a]);
                goto out;
            }
        } else if (!strcmp(argv[a], "--threads") && a + 1 < argc) {
            char *end = NULL;
            long th = strtol(argv[++a], &end, 10);
            if (!*argv[a] || *end || th < 1 || th > 1024) {
                fprintf(stderr, "tradeshock: error: backtest: --threads '%s': expected a whole "
                                "number from 1 to 1024\n", argv[a]);
                goto out;
            }
            threads = (int)th;
        } else if (!strcmp(argv[a], "--set") && a + 1 < argc) {
            char *eq = strchr(argv[++a], '=');
            if (!eq || eq == argv[a]) {
                fprintf(stderr, "tradeshock: error: backtest: --set '%s': expected PATH=VALUE\n",
                        argv[a]);
                goto out;
            }
            *eq = 0;
            ovs[n_ov++] = (ts_override){argv[a], eq + 1};
        } else if (!strcmp(argv[a], "--quiet")) {
            quiet = 1;
        } else if (argv[a][0] == '-') {
            fprintf(stderr, "tradeshock: error: backtest: unknown or incomplete option '%s'\n",
                    argv[a]);
            usage(stderr);
            goto out;
        } else if (!scen) {
            scen = argv[a];
        } else {
            fprintf(stderr, "tradeshock: error: backtest: more than one scenario given ('%s')\n",
                    argv[a]);
            goto out;
        }
    }
    if (!scen) {
        fputs("tradeshock: error: backtest: no scenario given\n", stderr);
        usage(stderr);
        goto out;
    }
    ts_error err;
    ts_error_clear(&err);
    ts_cli_bt b;
    ts_cli_outdir od = {0};
    ts_result *res = NULL;
    ts_comparison *cmp = NULL;
    rc = 1;
    ts_status st = ts_cli_backtest_load(scen, table, obs, ovs, n_ov, &b, &err);
    if (st) {
        rc = ts_cli_fail(&err);
        goto out;
    }
    if ((st = ts_cli_outdir_begin(&od, outdir, b.sc->name, "-backtest", "summary.json",
                                  "tradeshock results folder", &err)))
        goto fail;
    ts_sim_options opt = {0};
    opt.log = &ts_cli_stderr_logger;
    opt.threads = threads;
    /* the library's recording policy (sim.h): the same series as `tradeshock run` */
    st = ts_backtest_run(b.m, b.sc, b.obs, &opt, &res, &cmp, &err);
    if (!st)
        st = ts_cli_backtest_write(&b, scen, table, res, cmp, od.tmp, &err);
    if (!st)
        st = ts_report_build(od.tmp, NULL, &err);
    if (!st)
        st = ts_cli_outdir_commit(&od, &err);
    if (st)
        goto fail;
    if (!quiet) {
        printf("%s: backtest against %s (%zu observations)\n", b.sc->name, b.obs->file,
               b.obs->n);
        ts_comparison_print(stdout, cmp, b.obs, b.sc);
        printf("\nResults in %s/ (backtest.csv, report.html, summary.json, ...).\n", od.dir);
    }
    rc = isfinite(fail_above) && cmp->score > fail_above ? 3 : 0;
    if (rc)
        fprintf(stderr, "tradeshock: backtest: score %.3f is above --fail-above %g\n",
                cmp->score, fail_above);
    goto done;
fail:
    rc = ts_cli_fail(&err);
done:
    ts_comparison_free(cmp);
    ts_result_free(res);
    ts_cli_backtest_free(&b);
    ts_cli_outdir_end(&od);
out:
    free(ovs);
    return rc;
}
