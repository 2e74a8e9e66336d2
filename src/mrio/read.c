/* Format detection and dispatch (ts_mrio_read, ts_mrio_read_format) and the file names of
 * the native folder (native.h). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <dirent.h>

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

/* ------------------------------------------------------------- formats */

static const char LAYOUTS[] =
    "a native table folder (regions.csv, sectors.csv, final_demand_categories.csv, Z.csv, "
    "Y.csv, x.csv), a pymrio text folder (file_parameters.json, Z.txt, Y.txt, x.txt), an OECD "
    "ICIO .csv file, or a WIOD folder (Z_part<k>_rows_<FROM>-<TO>.csv, F_final_demand.csv, "
    "x_gross_output.csv, countries.csv, ...)";

typedef ts_status (*reader_fn)(const char *, const ts_logger *, ts_mrio **, ts_error *);

static const struct {
    ts_mrio_format format;
    const char *name;
    const char *title;
    reader_fn read;
} READERS[] = {
    {TS_FORMAT_NATIVE, "native", "native table folder", ts_mrio_read_native},
    {TS_FORMAT_PYMRIO, "pymrio", "pymrio text folder", ts_mrio_read_pymrio},
    {TS_FORMAT_ICIO, "icio", "OECD ICIO csv", ts_mrio_read_icio},
    {TS_FORMAT_WIOD, "wiod", "WIOD folder", ts_mrio_read_wiod},
};
#define NREADERS (sizeof READERS / sizeof READERS[0])

const char *ts_mrio_format_name(ts_mrio_format f)
{
    for (size_t k = 0; k < NREADERS; k++)
        if (READERS[k].format == f)
            return READERS[k].name;
    return "auto";
}

const char *ts_mrio_format_title(ts_mrio_format f)
{
    for (size_t k = 0; k < NREADERS; k++)
        if (READERS[k].format == f)
            return READERS[k].title;
    return "table";
}

ts_status ts_mrio_format_parse(const char *name, ts_mrio_format *out, ts_error *err)
{
    *out = TS_FORMAT_AUTO;
    if (name && !strcasecmp(name, "auto"))
        return TS_OK;
    for (size_t k = 0; name && k < NREADERS; k++)
        if (!strcasecmp(name, READERS[k].name)) {
            *out = READERS[k].format;
            return TS_OK;
        }
    if (name && (!strcasecmp(name, "oecd") || !strcasecmp(name, "oecd-icio"))) {
        *out = TS_FORMAT_ICIO;
        return TS_OK;
    }
    if (name && (!strcasecmp(name, "exiobase") || !strcasecmp(name, "pymrio-txt"))) {
        *out = TS_FORMAT_PYMRIO;
        return TS_OK;
    }
    return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL,
                        "unknown table format '%s'; expected native, pymrio, icio or wiod",
                        name ? name : "");
}

static int has_file(const char *dir, const char *name)
{
    char *p = ts_asprintf("%s/%s", dir, name);
    int r = p && ts_path_exists(p);
    free(p);
    return r;
}

static int has_wiod_part(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    struct dirent *e;
    int found = 0;
    while (!found && (e = readdir(d)))
        found = ts_wiod_is_part(e->d_name);
    closedir(d);
    return found;
}

ts_status ts_mrio_detect_format(const char *path, ts_mrio_format *out, ts_error *err)
{
    *out = TS_FORMAT_AUTO;
    if (!path || !*path)
        return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, NULL,
                            "no table given; expected %s", LAYOUTS);
    if (!ts_path_exists(path))
        return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                            "no such file or directory; expected %s", LAYOUTS);
    if (!ts_is_dir(path)) {
        size_t l = strlen(path);
        if (l > 4 && !strcasecmp(path + l - 4, ".csv")) {
            /* one file of a native or WIOD folder is not an ICIO table: say which */
            const char *slash = strrchr(path, '/');
            const char *base = slash ? slash + 1 : path;
            char *dir = slash ? ts_asprintf("%.*s", (int)(slash - path), path) : ts_strdup(".");
            ts_mrio_format inner = TS_FORMAT_AUTO;
            ts_status st = TS_OK;
            if (!dir)
                return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
            if ((has_file(dir, "regions.csv") || has_file(dir, "countries.csv")) &&
                has_file(dir, "sectors.csv") && !ts_mrio_detect_format(dir, &inner, NULL) &&
                inner != TS_FORMAT_ICIO)
                st = ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                                  "%s is one file of a %s (next to regions.csv and sectors.csv), "
                                  "not a table of its own; give the folder: %s",
                                  base, ts_mrio_format_title(inner), dir);
            free(dir);
            if (st)
                return st;
            *out = TS_FORMAT_ICIO;
            return TS_OK;
        }
        return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                            "is a file but not a .csv; expected %s", LAYOUTS);
    }
    if (has_file(path, "file_parameters.json"))
        *out = TS_FORMAT_PYMRIO;
    else if (has_file(path, "Z.csv"))
        *out = TS_FORMAT_NATIVE;
    else if (has_wiod_part(path))
        *out = TS_FORMAT_WIOD;
    else if (has_file(path, "Z.txt") || has_file(path, "A.txt"))
        *out = TS_FORMAT_PYMRIO; /* its reader names the missing file_parameters.json */
    else if (has_file(path, "F_final_demand.csv") || has_file(path, "countries.csv"))
        *out = TS_FORMAT_WIOD;
    else if (has_file(path, "regions.csv") || has_file(path, "Y.csv") || has_file(path, "x.csv"))
        *out = TS_FORMAT_NATIVE; /* its reader lists the missing files */
    else
        return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                            "the directory has no Z.csv, file_parameters.json or "
                            "Z_part*_rows*.csv; expected %s",
                            LAYOUTS);
    return TS_OK;
}

ts_status ts_mrio_read_format(const char *path, ts_mrio_format format, const ts_logger *log,
                              ts_mrio **out, ts_error *err)
{
    *out = NULL;
    ts_status st;
    if (format == TS_FORMAT_AUTO && (st = ts_mrio_detect_format(path, &format, err)))
        return st;
    if (!path || !ts_path_exists(path))
        return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                            "no such file or directory; expected a %s",
                            ts_mrio_format_title(format));
    int want_dir = format != TS_FORMAT_ICIO;
    if (want_dir != ts_is_dir(path))
        return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                            "is a %s; expected a %s (%s)", want_dir ? "file" : "folder",
                            ts_mrio_format_title(format),
                            want_dir ? "a folder" : "one .csv file");
    reader_fn read = NULL;
    for (size_t k = 0; k < NREADERS; k++)
        if (READERS[k].format == format)
            read = READERS[k].read;
    if (!read)
        return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL, "unknown table format %d",
                            (int)format);
    ts_mrio *m = NULL;
    st = read(path, log, &m, err);
    if (!st)
        st = ts_mrio_unit_apply(m, log, err);
    if (!st)
        st = ts_mrio_check(m, log, err);
    if (st) {
        ts_mrio_free(m);
        return st;
    }
    *out = m;
    return TS_OK;
}

ts_status ts_mrio_read(const char *path, const ts_logger *log, ts_mrio **out, ts_error *err)
{
    return ts_mrio_read_format(path, TS_FORMAT_AUTO, log, out, err);
}
