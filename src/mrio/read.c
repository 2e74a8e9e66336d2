/* Format detection (ts_mrio_read) and the file names of the native folder (native.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "mrio/native.h"
#include "tradeshock/mrio.h"

static const char NATIVE_FILES[] =
    "regions.csv, sectors.csv, final_demand_categories.csv, Z.csv, Y.csv and x.csv "
    "(optional: v.csv, table.json)";

ts_status ts_native_paths_init(ts_native_paths *p, const char *dir, ts_error *err)
{
    memset(p, 0, sizeof *p);
    size_t k = strlen(dir);
    while (k > 1 && dir[k - 1] == '/')
        k--;
    p->dir = ts_asprintf("%.*s", (int)k, dir);
    if (!p->dir)
        goto nomem;
    p->regions = ts_asprintf("%s/regions.csv", p->dir);
    p->sectors = ts_asprintf("%s/sectors.csv", p->dir);
    p->fd = ts_asprintf("%s/final_demand_categories.csv", p->dir);
    p->Z = ts_asprintf("%s/Z.csv", p->dir);
    p->Y = ts_asprintf("%s/Y.csv", p->dir);
    p->x = ts_asprintf("%s/x.csv", p->dir);
    p->v = ts_asprintf("%s/v.csv", p->dir);
    p->meta = ts_asprintf("%s/table.json", p->dir);
    if (!p->regions || !p->sectors || !p->fd || !p->Z || !p->Y || !p->x || !p->v || !p->meta)
        goto nomem;
    p->has_v = ts_path_exists(p->v);
    p->has_meta = ts_path_exists(p->meta);
    return TS_OK;
nomem:
    ts_native_paths_free(p);
    return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
}

void ts_native_paths_free(ts_native_paths *p)
{
    free(p->dir);
    free(p->regions);
    free(p->sectors);
    free(p->fd);
    free(p->Z);
    free(p->Y);
    free(p->x);
    free(p->v);
    free(p->meta);
    memset(p, 0, sizeof *p);
}

ts_status ts_native_require(const ts_native_paths *p, ts_error *err)
{
    const char *req[] = {p->regions, p->sectors, p->fd, p->Z, p->Y, p->x};
    const char *first = NULL;
    char missing[1024] = "";
    size_t off = 0;
    for (size_t k = 0; k < sizeof req / sizeof req[0]; k++) {
        if (ts_path_exists(req[k]))
            continue;
        if (!first)
            first = req[k];
        if (off < sizeof missing)
            off += (size_t)snprintf(missing + off, sizeof missing - off, "%s%s",
                                    off ? ", " : "", strrchr(req[k], '/') + 1);
    }
    if (!first)
        return TS_OK;
    return ts_error_set(err, TS_ERR_INPUT, first, 0, 0, NULL,
                        "file not found (missing in %s: %s); a native table folder needs %s",
                        p->dir, missing, NATIVE_FILES);
}

ts_status ts_mrio_read(const char *path, const ts_logger *log, ts_mrio **out, ts_error *err)
{
    *out = NULL;
    if (!path || !*path)
        return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL,
                            "no table given; expected the path of a native table folder");
    if (!ts_path_exists(path))
        return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                            "no such file or directory; expected a native table folder "
                            "(a directory with %s)",
                            NATIVE_FILES);
    if (!ts_is_dir(path))
        return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                            "is a file; expected a native table folder (a directory with %s). "
                            "Single-file formats (OECD ICIO csv) are not supported yet",
                            NATIVE_FILES);
    char *z = ts_asprintf("%s/Z.csv", path);
    char *pym = ts_asprintf("%s/file_parameters.json", path);
    if (!z || !pym) {
        free(z);
        free(pym);
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    int native = ts_path_exists(z), pymrio = ts_path_exists(pym);
    free(z);
    free(pym);
    if (!native && pymrio)
        return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                            "looks like a pymrio text folder (file_parameters.json), which is "
                            "not supported yet; expected a native table folder (a directory "
                            "with %s)",
                            NATIVE_FILES);
    if (!native)
        return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                            "the directory has no Z.csv; expected a native table folder (a "
                            "directory with %s)",
                            NATIVE_FILES);
    ts_mrio *m = NULL;
    ts_status st = ts_mrio_read_native(path, log, &m, err);
    if (!st)
        st = ts_mrio_check(m, log, err);
    if (st) {
        ts_mrio_free(m);
        return st;
    }
    *out = m;
    return TS_OK;
}
