/* The results folder (output.h): summary.json, timeseries.nc, timeseries.csv,
 * stockouts.csv and scenario.yaml (a byte copy of the scenario file, so that the folder
 * carries the scenario with its comments and sources; `tradeshock report` shows it). */
#include <stdio.h>
#include <stdlib.h>

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

ts_status ts_output_write(const ts_result *r, const ts_losses *l, const ts_mrio *m,
                          const ts_scenario *sc, const ts_run_info *info, const char *dir,
                          ts_error *err)
{
    static const char *files[] = {"summary.json", "timeseries.nc", "timeseries.csv",
                                  "stockouts.csv", "scenario.yaml"};
    ts_status st = TS_OK;
    for (size_t k = 0; k < sizeof files / sizeof files[0] && !st; k++) {
        char *p = ts_asprintf("%s/%s", dir, files[k]);
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
    }
    return st;
}
