/* libFuzzer harness: the scenario parser (ts_scenario_parse), then code resolution
 * against the 2 x 2 base table of tests/fixtures (TS_FUZZ_TABLE). The table named in the
 * scenario is not loaded. */
#include "fuzz_common.h"

static ts_mrio *base;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ts_error err = {0};
    if (!base && ts_mrio_read(TS_FUZZ_TABLE, NULL, &base, &err))
        abort();
    const char *path = fz_write_one(data, size, "scenario.yaml");
    ts_scenario *sc = NULL;
    ts_status st = ts_scenario_parse(path, &sc, &err);
    if (st) {
        if (sc || !err.msg[0])
            abort();
        return 0;
    }
    st = ts_scenario_resolve(sc, base, &err);
    if (st && !err.msg[0])
        abort();
    ts_scenario_free(sc);
    return 0;
}
