/* tradeshock ensemble SCENARIO [-n N] [-j THREADS] [-o DIR] [--table DIR] [--seed S]
 *                              [--quiet]
 * Members on OpenMP threads and, under mpirun, on MPI ranks (docs/ensemble.md). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/ens_cli.h"

static void usage(FILE *f)
{
    fputs("usage: tradeshock ensemble SCENARIO [-n N] [-j THREADS] [-o DIR] [--table DIR]\n"
          "                           [--seed S] [--prior] [--quiet]\n"
          "       mpirun -np P tradeshock ensemble SCENARIO ...   (members split over ranks)\n"
          "\n"
          "Run N members of SCENARIO, each with its values drawn from the scenario's\n"
          "`ensemble` block, and write DIR (default results/<name>-ensemble/):\n"
          "ensemble_summary.csv, quantiles.csv, quantiles_industry.csv, quantiles.nc,\n"
          "stockout_probability.csv, summary.json, report.html (docs/ensemble.md).\n"
          "  -n N          members (default: ensemble.members)\n"
          "  -j THREADS    OpenMP threads over members (results do not depend on it)\n"
          "  -o DIR        results folder; replaced only if it is an ensemble folder or empty\n"
          "  --table DIR   run on another table with the same labels\n"
          "  --seed S      seed (default: ensemble.seed)\n"
          "  --prior       ignore ensemble.calibrate: every member from the prior ranges\n"
          "  --quiet       no progress bar, no summary on stdout\n",
          f);
}

static int whole(const char *opt, const char *s, long lo, long hi, long *out)
{
    char *end = NULL;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < lo || v > hi) {
        fprintf(stderr, "tradeshock: error: ensemble: %s '%s': expected a whole number from %ld "
                        "to %ld\n", opt, s, lo, hi);
        return 0;
    }
    *out = v;
    return 1;
}

int ts_cli_ensemble(int argc, char **argv)
{
    ens_mpi mp;
    ens_mpi_init(&mp, &argc, &argv);
    const char *scen = NULL, *outdir = NULL, *table = NULL;
    long members = 0, threads = 0, seed = -1;
    int quiet = 0, prior = 0, rc = 2;
    for (int a = 1; a < argc; a++) {
        if (!strcmp(argv[a], "-h") || !strcmp(argv[a], "--help")) {
            if (mp.rank == 0)
                usage(stdout);
            rc = 0;
            goto out;
        } else if (!strcmp(argv[a], "-n") && a + 1 < argc) {
            if (!whole("-n", argv[++a], 1, 10000000, &members))
                goto out;
        } else if ((!strcmp(argv[a], "-j") || !strcmp(argv[a], "--threads")) && a + 1 < argc) {
            if (!whole("-j", argv[++a], 1, 1024, &threads))
                goto out;
        } else if (!strcmp(argv[a], "--seed") && a + 1 < argc) {
            if (!whole("--seed", argv[++a], 0, 0x7fffffffffffffffL, &seed))
                goto out;
        } else if ((!strcmp(argv[a], "-o") || !strcmp(argv[a], "--output")) && a + 1 < argc) {
            outdir = argv[++a];
        } else if (!strcmp(argv[a], "--table") && a + 1 < argc) {
            table = argv[++a];
        } else if (!strcmp(argv[a], "--quiet")) {
            quiet = 1;
        } else if (!strcmp(argv[a], "--prior")) {
            prior = 1;
        } else if (argv[a][0] == '-' || scen) {
            fprintf(stderr, "tradeshock: error: ensemble: unexpected argument '%s'\n", argv[a]);
            usage(stderr);
            goto out;
        } else {
            scen = argv[a];
        }
    }
    if (!scen) {
        fputs("tradeshock: error: ensemble: no scenario given\n", stderr);
        usage(stderr);
        goto out;
    }
    ts_error err;
    ts_error_clear(&err);
    ts_scenario *sc = NULL;
    ts_mrio *m = NULL;
    ts_ensemble_result *part = NULL, *full = NULL;
    ts_cli_outdir od = {0};
    ts_abc *abc = NULL;
    ts_status st = ens_load(scen, table, &sc, &m, &err);
    if (!st && !sc->ensemble)
        st = ts_error_set(&err, TS_ERR_INPUT, scen, 0, 0, "ensemble",
                          "the scenario has no `ensemble` block (members, seed, parameters; "
                          "docs/ensemble.md)");
    if (!st && seed >= 0)
        sc->ensemble->seed = (uint64_t)seed;
    if (!st && prior) {
        free(sc->ensemble->calib_scenario);
        sc->ensemble->calib_scenario = NULL;
    }
    long N = st ? 0 : members ? members : sc->ensemble->members;
    /* the folder is checked before any member runs */
    if (!st && mp.rank == 0)
        st = ts_cli_outdir_begin(&od, outdir, sc->name, "-ensemble", "ensemble_summary.csv",
                                 "tradeshock ensemble folder", &err);
    if (ens_mpi_max(&mp, st != TS_OK)) {
        rc = st ? ts_cli_fail(&err) : 2;
        goto done;
    }
    if (sc->ensemble->calib_scenario) {
        /* calibrated: score every member on the backtest, forecast the accepted ones */
        if (mp.size > 1) {
            st = ts_error_set(&err, TS_ERR_INPUT, scen, 0, 0, "ensemble.calibrate",
                              "calibrated ensembles run on threads (-j), not on MPI ranks");
            rc = mp.rank == 0 ? ts_cli_fail(&err) : 2;
            goto done;
        }
        ts_scenario *bs = NULL;
        ts_mrio *mb = NULL;
        ens_progress bp;
        int bar = !quiet && isatty(STDERR_FILENO);
        if (bar)
            ens_progress_start(&bp, "backtests", N, 1);
        st = ens_load(sc->ensemble->calib_scenario, NULL, &bs, &mb, &err);
        if (!st)
            st = ts_abc_run(sc, sc->ensemble->calib_scenario, mb, N, (int)threads,
                            bar ? ens_progress_cb : NULL, &bp, &abc, &err);
        if (bar)
            ens_progress_end(&bp);
        ts_scenario_free(bs);
        ts_mrio_free(mb);
        if (!st)
            st = ts_abc_write(abc, sc, od.tmp, &err);
        if (st) {
            rc = ts_cli_fail(&err);
            goto done;
        }
        if (!quiet)
            printf("Calibration on %s: %zu of %ld members accepted (score <= %.4g)\n",
                   sc->ensemble->calib_scenario, abc->n_acc, N, abc->threshold);
        N = (long)abc->n_acc;
    }
    long first = 0, count = 0;
    ens_mpi_slice(&mp, N, &first, &count);
    ens_progress prog;
    ts_ensemble_options o = {0};
    o.members = N;
    o.first = first;
    o.count = count;
    o.threads = (int)threads;
    if (abc) {
        o.values = ts_abc_values;
        o.values_user = abc;
    }
    if (!quiet && mp.rank == 0 && isatty(STDERR_FILENO)) {
        ens_progress_start(&prog, "members", N, mp.size);
        o.progress = ens_progress_cb;
        o.progress_user = &prog;
    }
    st = count > 0 ? ts_ensemble_run(scen, sc, m, &o, &part, &err)
                   : ts_ensemble_result_alloc(sc, m, 0, first, &part, &err);
    if (o.progress)
        ens_progress_end(&prog);
    int worst = ens_mpi_max(&mp, st ? ts_status_exit_code(st) : 0);
    if (worst) {
        rc = st ? ts_cli_fail(&err) : worst;
        goto done;
    }
    st = ens_mpi_gather(&mp, sc, m, N, abc == NULL, &part, &full, &err);
    if (!st && abc && full && (full->member_id = malloc((full->N + 1) * sizeof(long)))) {
        for (size_t i = 0; i < full->N; i++) {
            full->member_id[i] = abc->members[i];
            full->score[i] = abc->score[abc->members[i]];
        }
    }
    if (!st && mp.rank == 0) {
        st = ts_ensemble_write(full, sc, m, NULL, od.tmp, &err);
        if (!st)
            st = ts_ensemble_report(full, sc, od.tmp, &err);
        if (!st)
            st = ts_cli_outdir_commit(&od, &err);
        if (!st && !quiet) {
            ts_ensemble_print_summary(stdout, full, sc, NULL);
            printf("\nResults in %s/ (ensemble_summary.csv, quantiles.csv, quantiles.nc, "
                   "stockout_probability.csv, summary.json, report.html).\n", od.dir);
        }
    }
    rc = ens_mpi_max(&mp, st ? ts_status_exit_code(st) : 0);
    if (st)
        ts_cli_fail(&err);
done:
    ts_abc_free(abc);
    ts_ensemble_result_free(part);
    ts_ensemble_result_free(full);
    ts_cli_outdir_end(&od);
    ts_mrio_free(m);
    ts_scenario_free(sc);
out:
    ens_mpi_finalize(&mp);
    return rc;
}
