/* libFuzzer harness: the native table folder reader (ts_mrio_read_format, native). */
#include "fuzz_common.h"

static const char *const NAMES[] = {"Z.csv",   "Y.csv", "x.csv",      "regions.csv",
                                    "sectors.csv", "final_demand_categories.csv",
                                    "table.json", "v.csv"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_write_parts(data, size, NAMES, sizeof NAMES / sizeof NAMES[0]);
    ts_mrio *m = NULL;
    ts_error err = {0};
    ts_status st = ts_mrio_read_format(fz_dir(), TS_FORMAT_NATIVE, NULL, &m, &err);
    fz_check_read(st, m, &err);
    return 0;
}
