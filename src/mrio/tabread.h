/* Shared pieces of the table readers (private to mrio): number parsing with uniform cell
 * errors, `code,name` label files, ordered code sets, and the labelled matrices of the
 * native and WIOD layouts (`row,<REGION>_<SECTOR>,...`, rows and columns mapped by label,
 * possibly split over several files). */
#ifndef TS_MRIO_TABREAD_H
#define TS_MRIO_TABREAD_H

#include <stddef.h>

#include "mrio/labels.h"
#include "tradeshock/mrio.h"

/** Parse a finite number; 0 ok, 1 empty, 2 NaN/Inf/out of range, 3 not a number. */
int ts_parse_number(const char *s, double *out);

/**
 * The TS_ERR_INPUT error for a cell that ts_parse_number() rejected with @p code, in the
 * same words for every format: "row R, column C: 'NaN' is not a finite number; ...".
 * @p unit may be NULL (then "M USD/year").
 */
ts_status ts_cell_error(ts_error *err, const char *path, long line, long col, const char *row,
                        const char *column, const char *text, int code, const char *unit);

/** The TS_ERR_INPUT error for a ragged record: @p found fields where @p expected were due.
 *  The column is the first missing field (short row) or the first extra one (long row). */
ts_status ts_ragged_error(ts_error *err, const char *path, long line, size_t found,
                          size_t expected, const char *what);

/** Free @p k labels and the array. */
void ts_labels_free(ts_label *l, size_t k);

/**
 * Read a label file with a header naming a `code` column (and optionally `name`; other
 * columns are ignored) into a fresh array. Errors (TS_ERR_INPUT, with line/column): no
 * code column, ragged line, empty or duplicate code, no rows; @p expect says what the file
 * should hold.
 */
ts_status ts_read_label_file(const char *path, const char *what, const char *expect,
                             ts_label **out, size_t *k, ts_error *err);

/** An ordered set of codes (first appearance order) with names, for readers that learn
 *  the regions and sectors from the row labels. */
typedef struct ts_codeset {
    ts_label *l;
    size_t k, cap;
    ts_strmap *map;
} ts_codeset;

/** Index of @p code, adding it (with @p name, or the code as name) when new; -1 on OOM. */
long ts_codeset_add(ts_codeset *c, const char *code, const char *name);
/** Index of @p code or -1. */
long ts_codeset_find(const ts_codeset *c, const char *code);
void ts_codeset_free(ts_codeset *c);

/**
 * A labelled matrix of the native layout: header `row,<label>,...`, one row per industry.
 * Fill the public part, call ts_matfile_read() with one or more files (parts holding
 * different rows, each with the full header), which fills @p dest ([n * ncols]).
 */
typedef struct ts_matfile {
    const char *fname;                /**< name for messages, e.g. "Z.csv" */
    const ts_mrio *m;                 /**< labels, for messages */
    const ts_strmap *rowmap;          /**< industry labels -> index */
    const ts_strmap *colmap;          /**< column labels (NULL: a one-value file) */
    int col_fd;                       /**< columns are final-demand columns (R x F) */
    size_t ncols;                     /**< expected value columns */
    const char *const *value_names;   /**< one-value file: accepted names of its column */
    double *dest;                     /**< [n * ncols] */
    const char *region_file;          /**< label file names for messages */
    const char *sector_file;
    const char *fd_file;
    /* private */
    const char *path;
    const char *const *paths;
    size_t nfields;
    long *col_of;
    char **head;
    long *row_line;
    size_t *row_part;
    size_t part;
} ts_matfile;

ts_status ts_matfile_read(ts_matfile *mf, const char *const *paths, size_t nparts,
                          const char *expect, ts_error *err);

/**
 * The labels, combined-label maps and numeric files of a native-like folder: fills
 * @p m's Z, Y, x (and v when @p v_path is non-NULL) from files labelled against the
 * label files of @p m. @p z_paths are the parts of Z (at least one).
 */
typedef struct ts_native_files {
    const char *const *z_paths;
    size_t z_parts;
    const char *z_name;        /* "Z.csv" or "Z_part*.csv" */
    const char *y_path, *y_name;
    const char *x_path, *x_name;
    const char *v_path;        /* NULL: no v file */
    const char *region_file, *sector_file, *fd_file;
} ts_native_files;

ts_status ts_read_native_matrices(ts_mrio *m, const ts_native_files *f, ts_error *err);

#endif
