/* ts_open_input (core/infile.h). */
#define _POSIX_C_SOURCE 200809L
#include "core/infile.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

ts_status ts_open_input(const char *path, const char *what, FILE **out, ts_error *err)
{
    *out = NULL;
    if (!what)
        what = "a file";
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL, "is a folder; expected %s",
                            what);
    FILE *f = fopen(path, "rb");
    if (!f) {
        int e = errno;
        if (e == ENOMEM)
            return ts_error_set(err, TS_ERR_NOMEM, path, 0, 0, NULL, "out of memory");
        if (e == ENOENT || e == ENOTDIR)
            return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                                "file not found; expected %s", what);
        return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL, "cannot open: %s; expected %s",
                            strerror(e), what);
    }
    *out = f;
    return TS_OK;
}
