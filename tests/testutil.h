/* Shared helpers for the cmocka tests. */
#ifndef TS_TESTUTIL_H
#define TS_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

/** Path of a fixture (tests/fixtures/<rel>) in a static buffer. */
const char *ts_fixture(const char *rel);

/** Result of running the tradeshock binary. */
typedef struct ts_cmd_result {
    int exit_code;   /**< process exit status, or -1 if it died from a signal */
    char *out;       /**< captured stdout (heap, NUL-terminated) */
    char *err;       /**< captured stderr */
} ts_cmd_result;

/**
 * Run the built tradeshock binary with @p args (a shell-quoted argument string,
 * e.g. "inspect 'tests/fixtures/x'"), capturing stdout and stderr.
 */
ts_cmd_result ts_run_cli(const char *args);
void ts_cmd_result_free(ts_cmd_result *r);

/** A fresh empty temporary directory (heap string), removed by ts_tmpdir_remove(). */
char *ts_tmpdir(void);
void ts_tmpdir_remove(char *dir);

/** Read a whole file (heap, NUL-terminated) or NULL. */
char *ts_read_file(const char *path);

/** Relative-or-absolute closeness: |a-b| <= rel*max(|a|,|b|) + abs. */
int ts_close(double a, double b, double rel, double abs);

#endif
