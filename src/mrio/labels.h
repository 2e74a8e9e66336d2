/* Label look-up for table readers: a string -> index hash map and the combined labels
 * `<REGION>_<SECTOR>` / `<REGION>_<CATEGORY>` (private to mrio). */
#ifndef TS_MRIO_LABELS_H
#define TS_MRIO_LABELS_H

#include <stddef.h>

#include "tradeshock/mrio.h"

/** Open-addressing hash map from a string (copied) to a non-negative index. */
typedef struct ts_strmap ts_strmap;

/** An empty map sized for about @p expected keys (NULL when out of memory). */
ts_strmap *ts_strmap_create(size_t expected);
void ts_strmap_free(ts_strmap *m);

/** Insert @p key -> @p value. Returns 0 when inserted, 1 when the key was already there
 *  (the stored value is left unchanged and written to *@p old if non-NULL), -1 on OOM. */
int ts_strmap_put(ts_strmap *m, const char *key, long value, long *old);

/** The value of @p key, or -1 when absent. */
long ts_strmap_get(const ts_strmap *m, const char *key);

/**
 * Map of every combined label `<a[i].code>_<b[j].code>` to i*nb + j (region-major), e.g.
 * regions x sectors for industries or regions x final-demand categories for the columns
 * of Y. Labels are matched as whole strings, so region codes may contain '_' (CAN_MEX)
 * and so may sector codes. Fails with TS_ERR_INPUT when two pairs give the same label
 * (e.g. region A + sector B_C and region A_B + sector C), naming both.
 */
ts_status ts_combined_labels(const ts_label *a, size_t na, const ts_label *b, size_t nb,
                             const char *a_file, const char *b_file, ts_strmap **out,
                             ts_error *err);

/**
 * Explain in plain words why @p label is not a known combined label and what was
 * expected, into @p buf: e.g. "sector 'S3' is not in sectors.csv (known: S1, S2)" or
 * "region 'DE' is not in regions.csv (known: DEU, FRA); did you mean DEU?".
 * @p b_what is "sector" or "final-demand category"; @p a_file / @p b_file the label files.
 */
void ts_explain_label(const char *label, const ts_label *a, size_t na, const ts_label *b,
                      size_t nb, const char *b_what, const char *a_file, const char *b_file,
                      char *buf, size_t len);

/** Append "; did you mean X?" to @p buf for the code of @p l nearest to @p word (case,
 *  prefix, ISO alpha-2 or one edit apart); nothing when none is close. Returns that code
 *  or NULL. */
const char *ts_label_hint(const char *word, const ts_label *l, size_t k, char *buf, size_t len);

/** Write up to @p max codes of @p l (comma-separated, "... (N in all)" if more) to @p buf. */
void ts_list_codes(const ts_label *l, size_t k, size_t max, char *buf, size_t len);

/** ISO 3166 alpha-2 -> alpha-3 for the economies of the common MRIO releases ("CN" ->
 *  "CHN"); 1 when @p two is known (then @p out holds the code), else 0. */
int ts_iso2_to_iso3(const char *two, char out[4]);

#endif
