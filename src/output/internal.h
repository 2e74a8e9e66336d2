/* Writers of the results folder, one file each (private to src/output/; the public
 * entry points are in tradeshock/output.h). Each returns TS_ERR_IO naming the file. */
#ifndef TS_OUTPUT_INTERNAL_H
#define TS_OUTPUT_INTERNAL_H

#include <cjson/cJSON.h>

#include "tradeshock/output.h"

/* summary.json's "scenario" echo (every parameter, event, rule) and "events_log" (the
 * retaliation answers); also written as JSON text into timeseries.nc's attributes. */
cJSON *ts_output_scenario_echo(const ts_scenario *sc, const ts_mrio *m);
cJSON *ts_output_events_log(const ts_result *r, const ts_scenario *sc);

/* timeseries.nc's global attributes (netcdf_attrs.c); returns a netCDF status. */
int ts_output_netcdf_attributes(int nc, const ts_result *r, const ts_mrio *m,
                                const ts_scenario *sc, const ts_run_info *info);

ts_status ts_output_write_summary_json(const ts_result *r, const ts_losses *l, const ts_mrio *m,
                                       const ts_scenario *sc, const ts_run_info *info,
                                       const char *path, ts_error *err);

/* The unit of daily flows from the table's unit of annual flows: "M USD/year" or "M USD"
 * -> "M USD/day" (no unit: "M USD/day"). */
void ts_output_flow_unit(const ts_mrio *m, char *buf, size_t size);

ts_status ts_output_write_timeseries_csv(const ts_result *r, const ts_mrio *m,
                                         const ts_scenario *sc, const char *path, ts_error *err);

ts_status ts_output_write_stockouts_csv(const ts_result *r, const ts_mrio *m,
                                        const ts_scenario *sc, const char *path, ts_error *err);

#endif
