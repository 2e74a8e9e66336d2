/* Reader of the native table folder (mrio.h, design.md §4, docs/formats.md).
 *
 * Every file is parsed with libcsv (csvread.c). Rows and columns are mapped by their
 * labels, never by position (matfile.c); every error names the file, the physical line
 * (header = line 1), the 1-based field (label column = 1), the labels concerned and what
 * was expected. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "mrio/native.h"
#include "mrio/tabread.h"
#include "tradeshock/mrio.h"

ts_status ts_mrio_read_native(const char *dir, const ts_logger *log, ts_mrio **out,
                              ts_error *err)
{
    (void)log;
    *out = NULL;
    ts_native_paths p;
    ts_status st = ts_native_paths_init(&p, dir, err);
    if (st)
        return st;
    ts_mrio *m = NULL;
    ts_label *reg = NULL, *sec = NULL, *fdc = NULL;
    size_t R = 0, S = 0, F = 0;
    if ((st = ts_native_require(&p, err)))
        goto fail;
    if ((st = ts_read_label_file(p.regions, "region",
                                 "regions.csv: header code,name, one row per region", &reg, &R,
                                 err)) ||
        (st = ts_read_label_file(p.sectors, "sector",
                                 "sectors.csv: header code,name, one row per sector", &sec, &S,
                                 err)) ||
        (st = ts_read_label_file(p.fd, "final-demand category",
                                 "final_demand_categories.csv: header code,name, one row per "
                                 "category",
                                 &fdc, &F, err)))
        goto fail;
    if ((st = ts_mrio_create_labelled(&reg, R, &sec, S, &fdc, F, &m, err)))
        goto fail;
    if (p.has_meta && (st = ts_native_read_meta(m, p.meta, err)))
        goto fail;
    const char *zp[1] = {p.Z};
    ts_native_files f = {.z_paths = zp, .z_parts = 1, .z_name = "Z.csv", .y_path = p.Y,
                         .y_name = "Y.csv", .x_path = p.x, .x_name = "x.csv",
                         .v_path = p.has_v ? p.v : NULL, .region_file = "regions.csv",
                         .sector_file = "sectors.csv",
                         .fd_file = "final_demand_categories.csv"};
    if ((st = ts_read_native_matrices(m, &f, err)))
        goto fail;
    if (!(m->path = ts_strdup(dir))) {
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto fail;
    }
    ts_native_paths_free(&p);
    *out = m;
    return TS_OK;
fail:
    ts_labels_free(reg, R);
    ts_labels_free(sec, S);
    ts_labels_free(fdc, F);
    ts_mrio_free(m);
    ts_native_paths_free(&p);
    return st;
}
