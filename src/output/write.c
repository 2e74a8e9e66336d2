/* The results folder (output.h): summary.json, timeseries.nc, timeseries.csv,
 * stockouts.csv and scenario.yaml (a byte copy of the scenario file, so that the folder
 * carries the scenario with its comments and sources; `tradeshock report` shows it). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/util.h"
#include "output/internal.h"

/* Copy the scenario file; a scenario that was not read from a file is skipped. */
static ts_status copy_scenario(const ts_scenario *sc, const char *path, ts_error *err)
{
    if (!sc->file)
        return TS_OK;
    FILE *in = fopen(sc->file, "rb");
    if (!in)
        return TS_OK;
    FILE *out = fopen(path, "wb");
    if (!out) {
        fclose(in);
        return ts_error_set(err, TS_ERR_IO, path, 0, 0, NULL, "cannot create file");
    }
    char buf[8192];
    size_t k;
    while ((k = fread(buf, 1, sizeof buf, in)) > 0)
        fwrite(buf, 1, k, out);
    int bad = ferror(in);
    fclose(in);
    if (bad | ferror(out) | fclose(out))
        return ts_error_set(err, TS_ERR_IO, path, 0, 0, NULL, "write failed");
    return TS_OK;
}

const char *const ts_output_files[TS_OUT_NFILES] = {"summary.json", "timeseries.nc",
                                                    "timeseries.csv", "stockouts.csv",
                                                    "scenario.yaml"};

unsigned ts_output_default_set(size_t n, int horizon)
{
    double cells = (double)n * (double)(horizon > 0 ? horizon : 0);
    return cells > TS_OUT_CSV_DEFAULT_MAX_INDUSTRY_DAYS ? TS_OUT_ALL & ~(unsigned)TS_OUT_CSV
                                                        : TS_OUT_ALL;
}

ts_status ts_output_parse_set(const char *list, unsigned *out, ts_error *err)
{
    static const char *names[] = {"summary", "stockouts", "nc", "csv"};
    unsigned set = TS_OUT_SUMMARY;
    const char *p = list ? list : "";
    while (1) {
        size_t k = strcspn(p, ",");
        int found = k == 3 && !strncmp(p, "all", 3);
        if (found)
            set = TS_OUT_ALL;
        for (unsigned b = 0; b < 4 && !found; b++)
            if (strlen(names[b]) == k && !strncmp(p, names[b], k)) {
                set |= 1u << b;
                found = 1;
            }
        if (!found)
            return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, "--outputs",
                                "'%.*s' in '%s': expected a comma-separated list of summary, "
                                "stockouts, nc, csv (or all)", (int)k, p, list ? list : "");
        if (!p[k])
            break;
        p += k + 1;
    }
    *out = set;
    return TS_OK;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

ts_status ts_output_write(const ts_result *r, const ts_losses *l, const ts_mrio *m,
                          const ts_scenario *sc, const ts_run_info *info, const char *dir,
                          ts_error *err)
{
    static const unsigned bit[TS_OUT_NFILES] = {TS_OUT_SUMMARY, TS_OUT_NC, TS_OUT_CSV,
                                                TS_OUT_STOCKOUTS, TS_OUT_SUMMARY};
    unsigned set = (info && info->outputs ? info->outputs : TS_OUT_ALL) | TS_OUT_SUMMARY;
    ts_status st = TS_OK;
    for (size_t k = 0; k < TS_OUT_NFILES && !st; k++) {
        if (info && info->file_seconds)
            info->file_seconds[k] = 0;
        if (!(set & bit[k]))
            continue;
        double t0 = now();
        char *p = ts_asprintf("%s/%s", dir, ts_output_files[k]);
        if (!p)
            return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        switch (k) {
        case 0: st = ts_output_write_summary_json(r, l, m, sc, info, p, err); break;
        case 1: st = ts_output_write_netcdf(r, m, sc, info, p, err); break;
        case 2: st = ts_output_write_timeseries_csv(r, m, sc, p, err); break;
        case 3: st = ts_output_write_stockouts_csv(r, m, sc, p, err); break;
        default: st = copy_scenario(sc, p, err); break;
        }
        free(p);
        if (info && info->file_seconds)
            info->file_seconds[k] = now() - t0;
    }
    return st;
}
