/* File names of the native table folder, shared by its reader, writer and format
 * detection (private to mrio). */
#ifndef TS_MRIO_NATIVE_H
#define TS_MRIO_NATIVE_H

#include <stdio.h>

#include "tradeshock/mrio.h"
#include "tradeshock/status.h"

/** Full paths of the files of one native table folder (heap strings). */
typedef struct ts_native_paths {
    char *dir;       /**< the folder, without trailing '/' */
    char *regions;   /**< regions.csv (required) */
    char *sectors;   /**< sectors.csv (required) */
    char *fd;        /**< final_demand_categories.csv (required) */
    char *Z;         /**< Z.csv (required) */
    char *Y;         /**< Y.csv (required) */
    char *x;         /**< x.csv (required) */
    char *v;         /**< v.csv (optional) */
    char *meta;      /**< table.json (optional) */
    int has_v;       /**< v.csv exists */
    int has_meta;    /**< table.json exists */
} ts_native_paths;

/** Fill @p p for folder @p dir (TS_ERR_NOMEM only). */
ts_status ts_native_paths_init(ts_native_paths *p, const char *dir, ts_error *err);
void ts_native_paths_free(ts_native_paths *p);

/** TS_ERR_INPUT naming the first missing required file (and listing all missing ones). */
ts_status ts_native_require(const ts_native_paths *p, ts_error *err);

/** 1 if @p name is a WIOD row part of Z: Z_part<k>_rows<...>.csv. */
int ts_wiod_is_part(const char *name);

/* ts_mrio is declared in tradeshock/mrio.h */
struct ts_mrio;

/** Read table.json (@p path) into the metadata strings of @p m (name, year, currency,
 *  unit, source, licence; "license" is accepted too; a numeric year becomes text). A
 *  UTF-8 byte-order mark is skipped. Errors: TS_ERR_INPUT with line and column for invalid
 *  JSON or a value that is not a string (year: string or number), TS_ERR_IO. */
ts_status ts_native_read_meta(struct ts_mrio *m, const char *path, ts_error *err);

/** A table value as text: integers as integers, others with the shortest text that reads
 *  back to the same double (the writers of every format). */
void ts_mrio_put_number(FILE *f, double v);

/** Writes the files of a table into the (existing, empty) folder @p tmpdir. */
typedef ts_status (*ts_folder_fill)(const struct ts_mrio *m, const char *tmpdir, ts_error *err);

/** Write a table folder @p dir through @p fill into a temporary sibling folder renamed
 *  into place at the end (an existing @p dir is replaced only then). TS_ERR_IO names the
 *  folder or file. */
ts_status ts_mrio_write_folder(const struct ts_mrio *m, const char *dir, ts_folder_fill fill,
                               ts_error *err);

/* cJSON is declared in cjson/cJSON.h */
struct cJSON;

/** Parse the JSON object in file @p path (a UTF-8 byte-order mark is skipped) into *@p out
 *  (free with cJSON_Delete). Errors: TS_ERR_INPUT "file not found", or with the line and
 *  column of a syntax error / "not an object"; TS_ERR_IO. */
ts_status ts_json_read_file(const char *path, struct cJSON **out, ts_error *err);

/** Write the metadata of @p m as table.json (a digits-only year as a number); 0 on success. */
int ts_native_write_meta(const char *path, const struct ts_mrio *m);

/** A zero table whose label arrays are @p reg [R], @p sec [S], @p fdc [F]; on success the
 *  table owns them and the caller's pointers are set to NULL. */
ts_status ts_mrio_create_labelled(ts_label **reg, size_t R, ts_label **sec, size_t S,
                                  ts_label **fdc, size_t F, struct ts_mrio **out, ts_error *err);

#endif
