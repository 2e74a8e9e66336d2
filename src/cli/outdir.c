/* Results folders of the CLI: safe default names and the rule that an existing path is
 * replaced only when it is one of ours (cli.h). */
#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/util.h"

char *ts_cli_default_dir(const char *name, const char *suffix)
{
    char buf[256];
    size_t k = 0;
    for (const char *c = name && *name ? name : "run"; *c && k < sizeof buf - 1; c++) {
        int ok = isalnum((unsigned char)*c) || *c == '-' || *c == '_' || (*c == '.' && k > 0);
        buf[k] = ok ? *c : '_';
        k++;
    }
    buf[k] = 0;
    return ts_asprintf("results/%s%s", buf, suffix ? suffix : "");
}

ts_status ts_cli_check_output_dir(const char *dir, const char *marker, const char *what,
                                  ts_error *err)
{
    if (!ts_path_exists(dir))
        return TS_OK;
    if (!ts_is_dir(dir))
        return ts_error_set(err, TS_ERR_INPUT, dir, 0, 0, "-o",
                            "exists and is not a folder; choose another results folder");
    char *mark = ts_asprintf("%s/%s", dir, marker);
    int ours = mark && ts_path_exists(mark);
    free(mark);
    if (ours)
        return TS_OK;
    DIR *d = opendir(dir);
    int empty = 1;
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            empty = 0;
    if (d)
        closedir(d);
    if (!empty)
        return ts_error_set(err, TS_ERR_INPUT, dir, 0, 0, "-o",
                            "exists and is not a %s (no %s): it would be replaced; remove it "
                            "or choose another folder",
                            what, marker);
    return TS_OK;
}
