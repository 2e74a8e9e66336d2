#define _POSIX_C_SOURCE 200809L
/* Results folders of the CLI: safe default names and the rule that an existing path is
 * replaced only when it is one of ours (cli.h). */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

ts_status ts_cli_outdir_begin(ts_cli_outdir *o, const char *given, const char *name,
                              const char *suffix, const char *marker, const char *what,
                              ts_error *err)
{
    memset(o, 0, sizeof *o);
    o->dir = given ? ts_strdup(given) : ts_cli_default_dir(name, suffix);
    o->tmp = o->dir ? ts_asprintf("%s.tmp-%ld", o->dir, (long)getpid()) : NULL;
    o->old = o->dir ? ts_asprintf("%s.old-%ld", o->dir, (long)getpid()) : NULL;
    if (!o->dir || !o->tmp || !o->old)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    o->lock_fd = -1;
    ts_status st = ts_cli_check_output_dir(o->dir, marker, what, err);
    if (st)
        return st;
    char *slash = strrchr(o->dir, '/');
    if (slash && slash != o->dir) { /* the parent must exist for the lock file */
        *slash = 0;
        int bad = ts_mkdir_p(o->dir);
        *slash = '/';
        if (bad)
            return ts_error_set(err, TS_ERR_INPUT, o->dir, 0, 0, "-o",
                                "cannot create the results folder here (%s); choose a "
                                "writable path", strerror(errno));
    }
    if ((st = ts_cli_outdir_guard(o, err)))
        return st;
    ts_rm_rf(o->tmp);
    o->made = 1;
    if (ts_mkdir_p(o->tmp))
        return ts_error_set(err, TS_ERR_INPUT, o->dir, 0, 0, "-o",
                            "cannot create the results folder here (%s); choose a writable path",
                            strerror(errno));
    /* an unfinished folder says so: `report` refuses it */
    char *mark = ts_asprintf("%s/.incomplete", o->tmp);
    FILE *f = mark ? fopen(mark, "w") : NULL;
    if (f)
        fclose(f);
    free(mark);
    return TS_OK;
}

ts_status ts_cli_outdir_commit(ts_cli_outdir *o, ts_error *err)
{
    /* the finished folder replaces the old one in two renames, signals held back */
    char *mark = ts_asprintf("%s/.incomplete", o->tmp);
    if (mark)
        unlink(mark);
    free(mark);
    ts_cli_outdir_block_signals(1);
    if (ts_path_exists(o->dir) && rename(o->dir, o->old) != 0) {
        ts_cli_outdir_block_signals(0);
        return ts_error_set(err, TS_ERR_IO, o->dir, 0, 0, NULL,
                            "cannot replace the existing folder");
    }
    if (rename(o->tmp, o->dir) != 0) {
        rename(o->old, o->dir);
        ts_cli_outdir_block_signals(0);
        return ts_error_set(err, TS_ERR_IO, o->dir, 0, 0, NULL, "cannot move results into place");
    }
    o->made = 0;
    ts_cli_outdir_block_signals(0);
    ts_rm_rf(o->old);
    return TS_OK;
}

void ts_cli_outdir_end(ts_cli_outdir *o)
{
    if (o->made && o->tmp)
        ts_rm_rf(o->tmp);
    ts_cli_outdir_unguard(o);
    free(o->dir);
    free(o->tmp);
    free(o->old);
    memset(o, 0, sizeof *o);
}
