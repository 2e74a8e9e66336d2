/* Internal pieces of the sector split shared by split.c and split_origin.c (mrio.h,
 * ts_split_spec). Buyer classes of a column of the new table: 0..S-1 a sector of the
 * original table, S = the new product, S+1 = final demand. */
#ifndef TS_MRIO_SPLIT_H
#define TS_MRIO_SPLIT_H

#include "tradeshock/mrio.h"

/* class of sector s1 of the new table (Snew = the new product's index) */
static inline size_t ts_split_class(size_t s1, size_t Snew, size_t S)
{
    return s1 == Snew ? S : (s1 < Snew ? s1 : s1 - 1);
}

/* Spread X over the buyer classes of one row (zrow [R*S1], yrow [R*F]) with weights
 * w_class [S+2], each class capped by what the row holds there (positive cells only,
 * columns with zmask 0 / final-demand columns with ymask 0 excluded; NULL = all); the
 * amounts are moved from zrow/yrow into znew/ynew, within a class in proportion to the
 * cells. @p what names the row in the error ("region CHN: the parent sector sells"). */
ts_status ts_split_carve(size_t R, size_t S1, size_t F, size_t Snew, size_t S, double *zrow,
                         double *yrow, double *znew, double *ynew, double X,
                         const double *w_class, const unsigned char *zmask,
                         const unsigned char *ymask, const char *what, ts_error *err);

/* v2 sales (import_share): on the new table @p o after the column split, with
 * @p x_pair [R] the pair's output; fills the new product's rows, rebalances the parent's
 * rows, sets o->x of both, fills @p rep (may be NULL: then a local one). */
ts_status ts_split_sales_v2(ts_mrio *o, size_t P, size_t Snew, const ts_split_spec *spec,
                            const double *target, const unsigned char *zmask,
                            const unsigned char *ymask, ts_split_report *rep, ts_error *err);

/* input_coef / input_origin overrides of the new product's column (region by region),
 * the parent's column taking the opposite change. */
ts_status ts_split_inputs(ts_mrio *o, size_t P, size_t Snew, const ts_split_spec *spec,
                          const char *const *region_codes, ts_error *err);

#endif
