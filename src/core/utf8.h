/* UTF-8 text: validation with a position, cutting at character boundaries, display width
 * (labels must never be cut inside a character, and invalid bytes must never reach
 * JSON, NetCDF, SVG or HTML). */
#ifndef TS_CORE_UTF8_H
#define TS_CORE_UTF8_H

#include <stddef.h>

#include "tradeshock/status.h"

/** Largest YAML file (scenario, split spec) read: 16 MiB. */
#define TS_YAML_MAX_BYTES ((size_t)16 << 20)

/** Length of the longest valid UTF-8 prefix of @p s[0..n) (n when all valid). Overlong
 *  forms, surrogates and code points above U+10FFFF are invalid. */
size_t ts_utf8_valid_prefix(const char *s, size_t n);

/** Replace every byte of @p s that is not part of a valid UTF-8 character by '?' (in
 *  place; a message cut inside a character, a bad byte echoed from an input). */
void ts_utf8_sanitize(char *s);

/** 1 if the NUL-terminated @p s is valid UTF-8 (NULL counts as valid). */
int ts_utf8_valid(const char *s);

/** The largest length <= @p max (bytes) of @p s that ends at a character boundary. */
size_t ts_utf8_cut(const char *s, size_t max);

/** Number of characters (code points) of @p s. */
size_t ts_utf8_chars(const char *s);

/** A heap copy of @p s shortened to at most @p max_chars characters: the last ones
 *  replaced by "..." when it is longer. NULL out of memory. */
char *ts_utf8_shorten(const char *s, size_t max_chars);

/** Print @p s into a field of @p width characters (left-aligned, cut at a character
 *  boundary with no ellipsis), as printf("%-W.Ws") does for ASCII. Returns @p buf. */
char *ts_utf8_field(char *buf, size_t size, const char *s, size_t width);

/**
 * A text input must be valid UTF-8 without NUL bytes (YAML, JSON, label files): check the
 * file @p path, at most @p max_bytes of it (larger: TS_ERR_INPUT saying so). Error
 * TS_ERR_INPUT with the line and column (1-based character) of the first bad byte:
 * "not valid UTF-8 (byte 0xF4); save the file as UTF-8". TS_ERR_IO if unreadable;
 * a missing file is not checked (TS_OK: the reader names it).
 */
ts_status ts_utf8_check_file(const char *path, size_t max_bytes, ts_error *err);

/** The same for the bytes @p s[0..n) of @p path that start at physical line @p line0 and
 *  column @p col0 (for one field: its line and field number, col0 < 0 = report the
 *  field @p -col0 instead of a character column). */
ts_status ts_utf8_check_text(const char *path, const char *s, size_t n, long line0, long col0,
                             ts_error *err);

#endif
