/* Internal helpers of the ensemble module (src/ensemble/). Not public API. */
#ifndef TS_ENSEMBLE_INTERNAL_H
#define TS_ENSEMBLE_INTERNAL_H

#include <stddef.h>

#include "tradeshock/ensemble.h"
#include "tradeshock/mrio.h"
#include "tradeshock/scenario.h"

/** 0-based nearest rank round(q (N-1)) of the q-quantile among N sorted values. */
size_t es_rank(size_t N, double q);
/** Exact nearest-rank q-quantile of @p v (sorted in place unless @p sorted). */
double es_exact_quantile(double *v, size_t n, double q, int sorted);
/** Sort ascending. */
void es_sort(double *v, size_t n);

struct cJSON;
/** Write @p json (consumed) as DIR/NAME, complete or not at all. */
ts_status es_write_json(const char *dir, const char *name, struct cJSON *json, ts_error *err);

/** quantiles.nc in @p dir (netcdf.c). */
ts_status es_write_netcdf(const ts_ensemble_result *r, const ts_scenario *sc,
                          const ts_mrio *m, const char *dir, ts_error *err);

#endif
