/* Reader of the WIOD world-table folder as shipped in /work/shared/data/mrio_wiod2013_2011
 * (mrio.h, docs/formats.md "WIOD"): Z split by rows into Z_part<k>_rows_<FROM>-<TO>.csv,
 * F_final_demand.csv, x_gross_output.csv, countries.csv, sectors.csv,
 * final_demand_categories.csv. The numeric files have the native layout (`row,<label>,...`)
 * and are read by the same label-mapping code (matfile.c). */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "mrio/native.h"
#include "mrio/tabread.h"
#include "tradeshock/mrio.h"

static const char WIOD_FILES[] =
    "Z_part<k>_rows_<FROM>-<TO>.csv (one or more), F_final_demand.csv, x_gross_output.csv, "
    "countries.csv, sectors.csv and final_demand_categories.csv";

int ts_wiod_is_part(const char *name)
{
    size_t l = strlen(name);
    return strncmp(name, "Z_part", 6) == 0 && l > 10 && strcmp(name + l - 4, ".csv") == 0 &&
           strstr(name, "_rows") != NULL;
}

static long part_number(const char *name)
{
    return strtol(name + 6, NULL, 10);
}

static int by_part(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    long px = part_number(strrchr(x, '/') + 1), py = part_number(strrchr(y, '/') + 1);
    if (px != py)
        return px < py ? -1 : 1;
    return strcmp(x, y);
}

/* The Z part files of @p dir, sorted by part number. */
static ts_status list_parts(const char *dir, char ***out, size_t *k, ts_error *err)
{
    *out = NULL;
    *k = 0;
    DIR *d = opendir(dir);
    if (!d)
        return ts_error_set(err, errno == ENOENT ? TS_ERR_INPUT : TS_ERR_IO, dir, 0, 0, NULL,
                            "cannot open folder: %s", strerror(errno));
    char **v = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    ts_status st = TS_OK;
    while ((e = readdir(d))) {
        if (!ts_wiod_is_part(e->d_name))
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 8;
            char **p = realloc(v, cap * sizeof *p);
            if (!p) {
                st = TS_ERR_NOMEM;
                break;
            }
            v = p;
        }
        if (!(v[n] = ts_asprintf("%s/%s", dir, e->d_name))) {
            st = TS_ERR_NOMEM;
            break;
        }
        n++;
    }
    closedir(d);
    if (st) {
        for (size_t i = 0; i < n; i++)
            free(v[i]);
        free(v);
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    if (n == 0) {
        free(v);
        return ts_error_set(err, TS_ERR_INPUT, dir, 0, 0, NULL,
                            "no Z_part<k>_rows_<FROM>-<TO>.csv file; a WIOD folder needs %s",
                            WIOD_FILES);
    }
    qsort(v, n, sizeof *v, by_part);
    *out = v;
    *k = n;
    return TS_OK;
}

ts_status ts_mrio_read_wiod(const char *dir, const ts_logger *log, ts_mrio **out,
                            ts_error *err)
{
    (void)log;
    *out = NULL;
    ts_mrio *m = NULL;
    ts_label *reg = NULL, *sec = NULL, *fdc = NULL;
    size_t R = 0, S = 0, F = 0, nparts = 0;
    char **parts = NULL;
    size_t k = strlen(dir);
    while (k > 1 && dir[k - 1] == '/')
        k--;
    char *d = ts_asprintf("%.*s", (int)k, dir);
    char *countries = ts_asprintf("%s/countries.csv", d);
    char *regions = ts_asprintf("%s/regions.csv", d);
    char *sectors = ts_asprintf("%s/sectors.csv", d);
    char *fd = ts_asprintf("%s/final_demand_categories.csv", d);
    char *Y = ts_asprintf("%s/F_final_demand.csv", d);
    char *x = ts_asprintf("%s/x_gross_output.csv", d);
    char *meta = ts_asprintf("%s/table.json", d);
    ts_status st = TS_OK;
    if (!d || !countries || !regions || !sectors || !fd || !Y || !x || !meta) {
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    const char *regfile = "countries.csv", *regpath = countries;
    if (!ts_path_exists(countries) && ts_path_exists(regions)) {
        regfile = "regions.csv";
        regpath = regions;
    }
    const char *req[] = {regpath, sectors, fd, Y, x};
    char missing[1024] = "";
    size_t off = 0;
    const char *first = NULL;
    for (size_t i = 0; i < sizeof req / sizeof req[0]; i++)
        if (!ts_path_exists(req[i])) {
            first = first ? first : req[i];
            if (off < sizeof missing)
                off += (size_t)snprintf(missing + off, sizeof missing - off, "%s%s",
                                        off ? ", " : "", strrchr(req[i], '/') + 1);
        }
    if (first) {
        st = ts_error_set(err, TS_ERR_INPUT, first, 0, 0, NULL,
                          "file not found (missing in %s: %s); a WIOD folder needs %s", d,
                          missing, WIOD_FILES);
        goto done;
    }
    if ((st = list_parts(d, &parts, &nparts, err)))
        goto done;
    if ((st = ts_read_label_file(regpath, "region",
                                 "countries.csv: header code,name (other columns ignored), one "
                                 "row per country",
                                 &reg, &R, err)) ||
        (st = ts_read_label_file(sectors, "sector",
                                 "sectors.csv: header code,name (other columns ignored), one "
                                 "row per sector",
                                 &sec, &S, err)) ||
        (st = ts_read_label_file(fd, "final-demand category",
                                 "final_demand_categories.csv: header code,name, one row per "
                                 "category",
                                 &fdc, &F, err)))
        goto done;
    if ((st = ts_mrio_create_labelled(&reg, R, &sec, S, &fdc, F, &m, err)))
        goto done;
    if (ts_path_exists(meta) && (st = ts_native_read_meta(m, meta, err)))
        goto done;
    ts_native_files f = {.z_paths = (const char *const *)parts, .z_parts = nparts,
                         .z_name = nparts == 1 ? strrchr(parts[0], '/') + 1 : "Z_part*.csv",
                         .y_path = Y, .y_name = "F_final_demand.csv", .x_path = x,
                         .x_name = "x_gross_output.csv", .region_file = regfile,
                         .sector_file = "sectors.csv",
                         .fd_file = "final_demand_categories.csv"};
    if ((st = ts_read_native_matrices(m, &f, err)))
        goto done;
    if (!(m->path = ts_strdup(dir)))
        st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
done:
    if (st) {
        ts_mrio_free(m);
        m = NULL;
    }
    *out = m;
    ts_labels_free(reg, R);
    ts_labels_free(sec, S);
    ts_labels_free(fdc, F);
    for (size_t i = 0; i < nparts; i++)
        free(parts[i]);
    free(parts);
    free(d);
    free(countries);
    free(regions);
    free(sectors);
    free(fd);
    free(Y);
    free(x);
    free(meta);
    return st;
}
