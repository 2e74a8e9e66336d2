/* The raw contents of an OECD ICIO csv (private to mrio: icio_raw.c reads, read_icio.c
 * interprets). */
#ifndef TS_MRIO_ICIO_H
#define TS_MRIO_ICIO_H

#include <stddef.h>

#include "mrio/labels.h"
#include "tradeshock/status.h"

/** Every record of the file: the header and the labelled rows of numbers. */
typedef struct icio_raw {
    const char *path;
    size_t nfields;   /**< fields of the header (the corner cell + nfields - 1 columns) */
    char **head;      /**< [nfields] header texts */
    size_t nrows, cap;
    char **rlab;      /**< [nrows] row labels */
    long *rline;      /**< [nrows] physical line of each row */
    double *val;      /**< [nrows * (nfields - 1)] values, row-major */
    ts_strmap *seen;  /**< row label -> line (duplicates) */
} icio_raw;

/** Read @p path (comma-separated, libcsv). Errors (TS_ERR_INPUT, file/line/column): missing
 *  file, ragged row, empty/duplicate row label, a cell that is not a finite number. */
ts_status icio_raw_read(icio_raw *r, const char *path, ts_error *err);
void icio_raw_free(icio_raw *r);

/** Value of row @p i in column field @p k (k >= 1: header field index). */
static inline double icio_at(const icio_raw *r, size_t i, size_t k)
{
    return r->val[i * (r->nfields - 1) + (k - 1)];
}

#endif
