/* libFuzzer harness: the sector-split spec (ts_split_spec_read + ts_mrio_split_sector) on
 * the 2 x 2 base table of tests/fixtures (path compiled in: TS_FUZZ_TABLE). */
#include "fuzz_common.h"

static ts_mrio *base;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ts_error err = {0};
    if (!base && ts_mrio_read(TS_FUZZ_TABLE, NULL, &base, &err))
        abort();
    const char *path = fz_write_one(data, size, "split.yaml");
    ts_split_spec *spec = NULL;
    ts_status st = ts_split_spec_read(path, base, &spec, &err);
    if (st) {
        if (spec || !err.msg[0])
            abort();
        return 0;
    }
    ts_mrio *out = NULL;
    st = ts_mrio_split_sector(base, spec, &out, &err);
    if (!st) {
        if (!out || out->S != base->S + 1)
            abort();
        ts_mrio_free(out);
    } else if (!err.msg[0]) {
        abort();
    }
    ts_split_spec_free(spec);
    return 0;
}
