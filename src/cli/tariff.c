/* tradeshock tariff SCENARIO [--table DIR] [-o DIR]
 * Static partial-equilibrium tariff analysis (docs/model.md "Trade policy"; tariff.h) of every `tariff`
 * event of a scenario; CSV columns are documented in docs/analysis.md. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/util.h"
#include "tradeshock/mrio.h"
#include "tradeshock/scenario.h"
#include "tradeshock/tariff.h"

#define TOP 10

static void usage(FILE *f)
{
    fputs("usage: tradeshock tariff SCENARIO [--table DIR] [-o DIR]\n"
          "\n"
          "Static partial-equilibrium (SMART/GSIM-style) analysis of every `tariff` event of\n"
          "SCENARIO (dates ignored, rates on one link added): new imports by origin, trade\n"
          "creation and diversion, tariff revenue, consumer surplus and welfare, with the\n"
          "scenario's armington_sigma and import_demand_elasticity (docs/analysis.md).\n"
          "Writes tariff.csv, tariff_summary.csv, welfare.csv (M of the table's currency/year) to DIR (default\n"
          "results/<scenario name>-tariff/) and prints a ranked summary.\n"
          "  -o, --output DIR   results folder; an existing one is replaced whole, but only if\n"
          "                     it holds tariff.csv or is empty: anything else is refused\n"
          "  --table DIR        use another table with the same labels\n",
          f);
}

/* indices sorted by key, largest first, ties by index (single-threaded CLI) */
static const double *sort_key;
static int by_key_desc(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    if (sort_key[i] != sort_key[j])
        return sort_key[i] > sort_key[j] ? -1 : 1;
    return i < j ? -1 : i > j;
}

static size_t *rank_desc(const double *key, size_t k)
{
    size_t *idx = malloc((k ? k : 1) * sizeof *idx);
    if (!idx)
        return NULL;
    for (size_t i = 0; i < k; i++)
        idx[i] = i;
    sort_key = key;
    qsort(idx, k, sizeof *idx, by_key_desc);
    sort_key = NULL;
    return idx;
}

static ts_status print_summary(const ts_mrio *m, const ts_tariff_result *r, ts_error *err)
{
    size_t R = r->R, nf = r->n_flows;
    double *loss = malloc((R ? R : 1) * sizeof *loss), *dv = malloc((nf ? nf : 1) * sizeof *dv);
    size_t *ir = NULL, *iflow = NULL;
    if (!loss || !dv)
        goto oom;
    for (size_t q = 0; q < R; q++)
        loss[q] = -r->welfare_change[q];
    for (size_t k = 0; k < nf; k++)
        dv[k] = fabs(r->flows[k].diversion);
    if (!(ir = rank_desc(loss, R)) || !(iflow = rank_desc(dv, nf)))
        goto oom;
    printf("Static tariff analysis: %zu importer x product markets (%s/year)\n",
           r->n_markets, ts_mrio_money(m));
    printf("\nWelfare change by importing region (consumer surplus + tariff revenue), "
           "largest losses first:\n");
    printf("  %-8s %14s %14s %14s %14s\n", "region", "welfare", "cons_surplus", "revenue",
           "exports");
    for (size_t k = 0; k < R && k < TOP; k++) {
        size_t q = ir[k];
        printf("  %-8s %14.3f %14.3f %14.3f %14.3f\n", m->regions[q].code,
               r->welfare_change[q], r->cs_change[q], r->revenue_change[q],
               r->exports_change[q]);
    }
    printf("\nLargest diverted flows (importer <- origin, product):\n");
    printf("  %-20s %-10s %14s %14s %14s\n", "importer <- origin", "product", "before",
           "after", "diversion");
    for (size_t k = 0; k < nf && k < TOP; k++) {
        const ts_tariff_flow *fl = &r->flows[iflow[k]];
        if (dv[iflow[k]] == 0)
            break;
        char link[64];
        snprintf(link, sizeof link, "%s <- %s", m->regions[fl->importer].code,
                 m->regions[fl->origin].code);
        printf("  %-20s %-10s %14.3f %14.3f %14.3f\n", link, m->sectors[fl->product].code,
               fl->imports_before, fl->imports_after, fl->diversion);
    }
    free(loss);
    free(dv);
    free(ir);
    free(iflow);
    return TS_OK;
oom:
    free(loss);
    free(dv);
    free(ir);
    free(iflow);
    return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
}

int ts_cli_tariff(int argc, char **argv)
{
    const char *scen = NULL, *outdir = NULL, *table = NULL;
    for (int a = 1; a < argc; a++) {
        if (!strcmp(argv[a], "-h") || !strcmp(argv[a], "--help")) {
            usage(stdout);
            return 0;
        } else if ((!strcmp(argv[a], "-o") || !strcmp(argv[a], "--output")) && a + 1 < argc) {
            outdir = argv[++a];
        } else if (!strcmp(argv[a], "--table") && a + 1 < argc) {
            table = argv[++a];
        } else if (argv[a][0] == '-') {
            fprintf(stderr, "tradeshock: error: tariff: unknown or incomplete option '%s'\n",
                    argv[a]);
            usage(stderr);
            return 2;
        } else if (!scen) {
            scen = argv[a];
        } else {
            fprintf(stderr, "tradeshock: error: tariff: more than one scenario given ('%s')\n",
                    argv[a]);
            return 2;
        }
    }
    if (!scen) {
        fputs("tradeshock: error: tariff: missing SCENARIO (a scenario YAML file with tariff "
              "events; see 'tradeshock tariff --help')\n",
              stderr);
        return 2;
    }
    ts_error err;
    ts_error_clear(&err);
    ts_scenario *sc = NULL;
    ts_mrio *m = NULL;
    ts_tariff_result *res = NULL;
    double *T = NULL, *sigma = NULL;
    unsigned char *touched = NULL;
    ts_cli_outdir od = {0};
    int rc = 1;
    ts_status st;

    if (ts_is_dir(scen)) {
        st = ts_error_set(&err, TS_ERR_INPUT, scen, 0, 0, NULL,
                          "is a folder; expected a scenario file (YAML)");
        goto fail;
    }
    if ((st = ts_scenario_parse(scen, &sc, &err)))
        goto fail;
    if ((st = ts_scenario_load_table(sc, table, &ts_cli_stderr_logger, &m, &err)))
        goto fail;
    if ((st = ts_scenario_resolve(sc, m, &err)))
        goto fail;
    size_t nR = m->n * m->R;
    T = malloc((nR ? nR : 1) * sizeof *T);
    touched = malloc(nR ? nR : 1);
    sigma = malloc((m->S ? m->S : 1) * sizeof *sigma);
    if (!T || !touched || !sigma) {
        st = ts_error_set(&err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto fail;
    }
    if ((st = ts_tariff_schedule(sc, m, T, touched, &err)))
        goto fail;
    for (size_t p = 0; p < m->S; p++)
        sigma[p] = sc->params.armington_sigma.by_product ? sc->params.armington_sigma.by_product[p]
                                                         : sc->params.armington_sigma.deflt;
    if ((st = ts_tariff_static(m, T, touched, sigma, sc->params.import_demand_elasticity, &res,
                               &err))) {
        if (st == TS_ERR_INPUT && !err.file[0]) { /* name the scenario file */
            char msg[TS_ERROR_MSG_MAX];
            snprintf(msg, sizeof msg, "%s", err.msg);
            ts_error_set(&err, st, scen, 0, 0, NULL, "%s", msg);
        }
        goto fail;
    }
    if (res->n_skipped)
        fprintf(stderr, "tradeshock: note: %zu taxed importer x product markets have no "
                        "baseline flows in the table and are left out\n",
                res->n_skipped);

    /* all or nothing: write into a temporary sibling folder, then rename into place */
    if ((st = ts_cli_outdir_begin(&od, outdir, sc->name, "-tariff", "tariff.csv",
                                  "tariff results folder", &err)) ||
        (st = ts_tariff_write_csv(od.tmp, m, res, &err)) || (st = ts_cli_outdir_commit(&od, &err)))
        goto fail;
    if ((st = print_summary(m, res, &err)))
        goto fail;
    printf("\nResults in %s/ (tariff.csv, tariff_summary.csv, welfare.csv).\n", od.dir);
    rc = 0;
    goto done;
fail:
    rc = ts_cli_fail(&err);
done:
    ts_tariff_result_free(res);
    ts_mrio_free(m);
    ts_scenario_free(sc);
    free(T);
    free(touched);
    free(sigma);
    ts_cli_outdir_end(&od);
    return rc;
}
