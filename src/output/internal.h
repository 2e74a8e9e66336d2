/* Writers of the results folder, one file each (private to src/output/; the public
 * entry points are in tradeshock/output.h). Each returns TS_ERR_IO naming the file. */
#ifndef TS_OUTPUT_INTERNAL_H
#define TS_OUTPUT_INTERNAL_H

#include "tradeshock/output.h"

ts_status ts_output_write_summary_json(const ts_result *r, const ts_losses *l, const ts_mrio *m,
                                       const ts_scenario *sc, const ts_run_info *info,
                                       const char *path, ts_error *err);

ts_status ts_output_write_timeseries_csv(const ts_result *r, const ts_mrio *m,
                                         const ts_scenario *sc, const char *path, ts_error *err);

ts_status ts_output_write_stockouts_csv(const ts_result *r, const ts_mrio *m,
                                        const ts_scenario *sc, const char *path, ts_error *err);

#endif
