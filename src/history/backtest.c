/* ts_backtest_run(): one run of a scenario compared with its observations. */
#include <stdlib.h>

#include "tradeshock/history.h"

ts_status ts_backtest_run(const ts_mrio *m, const ts_scenario *sc, const ts_observations *o,
                          const ts_sim_options *opt, ts_result **res, ts_comparison **cmp,
                          ts_error *err)
{
    if (res)
        *res = NULL;
    if (cmp)
        *cmp = NULL;
    if (!m || !sc || !o || !cmp)
        return ts_error_set(err, TS_ERR_INTERNAL, NULL, 0, 0, NULL,
                            "ts_backtest_run: NULL argument");
    ts_sim_options def = {0};
    ts_result *r = NULL;
    ts_status st = ts_sim_run(m, sc, opt ? opt : &def, &r, err);
    if (!st)
        st = ts_comparison_compute(o, m, sc, r, cmp, err);
    if (st || !res)
        ts_result_free(r);
    else
        *res = r;
    return st;
}
