/* Shared pieces of the libFuzzer harnesses (fuzz/README.md): the readers take paths, so a
 * fuzz input is split into the files of one table folder (parts separated by the line
 * FZ_SEP) and written into a private folder under /dev/shm (or $TMPDIR) before each call. */
#ifndef TS_FUZZ_COMMON_H
#define TS_FUZZ_COMMON_H

#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tradeshock/mrio.h"
#include "tradeshock/scenario.h"

/* Separates the files of one input; make_corpus.py writes seeds with it. */
#define FZ_SEP "\n%%tradeshock-fuzz-next-file%%\n"

static char fz_root[256];

/* The private folder of this process (created once, removed at exit). */
static __attribute__((unused)) void fz_cleanup(void)
{
    if (fz_root[0]) {
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", fz_root);
        if (system(cmd)) {
        }
    }
}

static __attribute__((unused)) const char *fz_dir(void)
{
    if (!fz_root[0]) {
        const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
        snprintf(fz_root, sizeof fz_root, "%s/tsfuzz.XXXXXX", base ? base : "/tmp");
        if (!mkdtemp(fz_root))
            abort();
        atexit(fz_cleanup);
    }
    return fz_root;
}

/* Write part k of @p data (split at FZ_SEP) to names[k]; parts beyond the input are not
 * written (missing files are part of what is fuzzed); a name that starts with '-' is
 * skipped. Earlier files are removed first. */
static __attribute__((unused)) void fz_write_parts(const uint8_t *data, size_t size, const char *const *names, size_t k)
{
    const char *dir = fz_dir();
    char path[512];
    for (size_t i = 0; i < k; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    const char *p = (const char *)data, *end = p + size;
    size_t sl = strlen(FZ_SEP);
    for (size_t i = 0; i < k && p <= end; i++) {
        const char *q = p;
        while (q + sl <= end && memcmp(q, FZ_SEP, sl))
            q++;
        if (q + sl > end)
            q = end;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *f = fopen(path, "wb");
        if (!f)
            abort();
        if (q > p && fwrite(p, 1, (size_t)(q - p), f) != (size_t)(q - p))
            abort();
        fclose(f);
        if (q == end)
            break;
        p = q + sl;
    }
}

/* Write the whole input as one file; returns its path (static buffer). */
static __attribute__((unused)) const char *fz_write_one(const uint8_t *data, size_t size, const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", fz_dir(), name);
    FILE *f = fopen(path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size))
        abort();
    fclose(f);
    return path;
}

/* A read must either succeed with a consistent table or fail with a message. */
static __attribute__((unused)) void fz_check_read(ts_status st, ts_mrio *m, const ts_error *err)
{
    if (st) {
        if (m || !err->msg[0])
            abort(); /* an error without message, or a table handed out on error */
        return;
    }
    if (!m || m->n != m->R * m->S || !m->regions || !m->sectors)
        abort();
    for (size_t i = 0; i < m->n; i++)
        if (m->x[i] != m->x[i])
            abort(); /* NaN must never pass the checks */
    ts_mrio_free(m);
}

#endif
