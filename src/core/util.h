/* Small internal helpers shared by every module (not part of the public API). */
#ifndef TS_CORE_UTIL_H
#define TS_CORE_UTIL_H

#include <stddef.h>

#include "tradeshock/status.h"

/** strdup that accepts NULL (returns NULL). */
char *ts_strdup(const char *s);

/** printf into a fresh heap string (NULL on failure). */
char *ts_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** Write a double with the shortest "%.17g"-style text that reads back exactly. */
int ts_fmt_double(char *buf, size_t len, double v);

/** Create a directory and its parents (like mkdir -p); 0 on success. */
int ts_mkdir_p(const char *path);

/** Remove a directory tree (used to clean up temporary result folders). */
int ts_rm_rf(const char *path);

/** 1 if @p path exists (file or directory). */
int ts_path_exists(const char *path);

/** 1 if @p path is a directory. */
int ts_is_dir(const char *path);

/** Days from 1970-01-01 to y-m-d (proleptic Gregorian); valid dates only. */
long ts_days_from_civil(int y, int m, int d);

/** The inverse of ts_days_from_civil(). */
void ts_civil_from_days(long z, int *y, int *m, int *d);

/** 1 if y-m-d is a real calendar date. */
int ts_valid_date(int y, int m, int d);

#endif
