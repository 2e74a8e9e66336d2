/* Row-by-row CSV reading on top of libcsv, with physical line numbers (private to mrio). */
#ifndef TS_MRIO_CSVREAD_H
#define TS_MRIO_CSVREAD_H

#include <stddef.h>

#include "tradeshock/status.h"

/**
 * One complete CSV record as handed to a ::ts_csv_row_fn.
 * Fields are NUL-terminated, unquoted and unescaped (`""` -> `"`); unquoted fields have
 * surrounding spaces/tabs trimmed (libcsv's default). Everything is borrowed: valid only
 * during the callback.
 */
typedef struct ts_csv_row {
    size_t nfields;        /**< number of fields (>= 1) */
    char **fields;         /**< [nfields] field texts */
    const long *lines;     /**< [nfields] physical line (1-based) on which each field ends */
    long line;             /**< physical line of the record (= lines[0]) */
    size_t index;          /**< 0 for the first record (the header), then 1, 2, ... */
} ts_csv_row;

/**
 * Called once per record. Return TS_OK to go on; any other status stops reading and is
 * returned by ts_csv_read() (the callback fills @p err).
 */
typedef ts_status (*ts_csv_row_fn)(void *user, const ts_csv_row *row, ts_error *err);

/**
 * Read the CSV file @p path record by record with libcsv (strict quoting, RFC 4180
 * dialect): a UTF-8 byte-order mark is skipped, LF and CRLF line ends are accepted, blank
 * lines are skipped, a missing final newline is fine, quoted fields may hold commas,
 * quotes (doubled) and line breaks.
 * Errors: TS_ERR_INPUT "file not found" when @p path does not exist (the message names
 * @p what_expected, e.g. "regions.csv (header code,name)"), TS_ERR_IO when it cannot be
 * read, TS_ERR_INPUT with the line for malformed quoting, TS_ERR_NOMEM.
 */
ts_status ts_csv_read(const char *path, const char *what_expected, ts_csv_row_fn fn, void *user,
                      ts_error *err);

/** Like ts_csv_read() with another field delimiter (e.g. '\t' for pymrio's .txt files;
 *  then only spaces, not tabs, are trimmed around unquoted fields). */
ts_status ts_csv_read_delim(const char *path, char delim, const char *what_expected,
                            ts_csv_row_fn fn, void *user, ts_error *err);

#endif
