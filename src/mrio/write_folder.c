/* Writer of a table folder (ts_mrio_write_folder, native.h): the files are written into a
 * temporary sibling folder that is renamed into place at the end, so an interrupted or
 * failed write never leaves a half-written table under the requested name. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"
#include "mrio/native.h"

ts_status ts_mrio_write_folder(const ts_mrio *m, const char *dir, ts_folder_fill fill,
                               ts_error *err)
{
    ts_status st = TS_OK;
    char *tmp = NULL, *old = NULL, *parent = NULL;
    size_t k = strlen(dir);
    while (k > 1 && dir[k - 1] == '/')
        k--;
    parent = ts_asprintf("%.*s", (int)k, dir);
    if (!parent)
        goto nomem;
    char *slash = strrchr(parent, '/');
    if (slash && slash != parent) {
        *slash = 0;
        if (ts_mkdir_p(parent) != 0) {
            st = ts_error_set(err, TS_ERR_IO, parent, 0, 0, NULL, "cannot create folder: %s",
                              strerror(errno));
            goto done;
        }
    }
    if (ts_path_exists(dir) && !ts_is_dir(dir)) {
        st = ts_error_set(err, TS_ERR_IO, dir, 0, 0, NULL,
                          "exists and is not a folder; expected a folder name for the table");
        goto done;
    }
    tmp = ts_asprintf("%.*s.tmp-XXXXXX", (int)k, dir);
    if (!tmp)
        goto nomem;
    if (!mkdtemp(tmp)) {
        st = ts_error_set(err, TS_ERR_IO, tmp, 0, 0, NULL, "cannot create folder: %s",
                          strerror(errno));
        free(tmp);
        tmp = NULL;
        goto done;
    }
    /* mkdtemp makes the folder 0700; a table folder is as readable as any other */
    {
        mode_t um = umask(0);
        umask(um);
        chmod(tmp, 0777 & ~um);
    }
    if ((st = fill(m, tmp, err)))
        goto done;
    /* Swap into place: an existing table is moved aside first and removed afterwards. */
    if (ts_path_exists(dir)) {
        old = ts_asprintf("%.*s.old-%ld", (int)k, dir, (long)getpid());
        if (!old)
            goto nomem;
        ts_rm_rf(old);
        if (rename(dir, old) != 0) {
            st = ts_error_set(err, TS_ERR_IO, dir, 0, 0, NULL, "cannot replace: %s",
                              strerror(errno));
            goto done;
        }
    }
    if (rename(tmp, dir) != 0) {
        st = ts_error_set(err, TS_ERR_IO, dir, 0, 0, NULL, "cannot rename %s into place: %s",
                          tmp, strerror(errno));
        if (old)
            rename(old, dir);
        goto done;
    }
    if (old)
        ts_rm_rf(old);
    free(tmp);
    tmp = NULL;
    goto done;
nomem:
    st = ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory writing a table");
done:
    if (tmp)
        ts_rm_rf(tmp);
    free(tmp);
    free(old);
    free(parent);
    return st;
}
