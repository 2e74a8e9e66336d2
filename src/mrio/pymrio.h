/* Tab-separated matrices of a pymrio text folder (private to mrio; read_pymrio.c uses them).
 *
 * A matrix file has `nhead` header rows (pymrio: region, then sector or category), each
 * starting with `nidx` cells (the level name, then empty cells), then usually one row naming
 * the index columns (`region`, `sector`, then empty cells), then one row per industry:
 * `nidx` label cells (region, sector) and the values. x.txt has one header row
 * (`region`, `sector`, `indout`). Rows and columns are mapped by their labels. */
#ifndef TS_MRIO_PYMRIO_H
#define TS_MRIO_PYMRIO_H

#include <stddef.h>

#include "mrio/tabread.h"

/** Labels shared by the files of one folder. The industries (regions x sectors, in the
 *  order of first appearance) are fixed by the first industry-by-industry matrix read. */
typedef struct pm_grid {
    ts_codeset reg, sec;   /**< regions, sectors */
    ts_codeset cat;        /**< final-demand categories, keyed by the label of Y.txt */
    size_t R, S, n;        /**< 0 until fixed */
    const char *ind_file;  /**< base name of the file that fixed the industries */
    const char *unit;      /**< for messages (may be NULL) */
} pm_grid;

enum { PM_IND = 0, PM_FD = 1, PM_VEC = 2 };

/**
 * Read one matrix file into a fresh array *@p dest: PM_IND n x n (columns = industries),
 * PM_FD n x R*F (columns = region x category; F is fixed by this file), PM_VEC n x 1 (the
 * `indout` column, or the only value column). @p fname is the base name for messages.
 * Errors (TS_ERR_INPUT) name the file, physical line and 1-based field (the index columns
 * count): missing file, bad number, ragged row, duplicate/unknown/missing labels.
 */
ts_status pm_read_matrix(pm_grid *g, const char *path, const char *fname, size_t nidx,
                         size_t nhead, int kind, double **dest, ts_error *err);

void pm_grid_free(pm_grid *g);

#endif
