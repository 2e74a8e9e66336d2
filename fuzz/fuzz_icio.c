/* libFuzzer harness: the OECD ICIO csv reader (one file). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fz_write_one(data, size, "ICIO2023_2020.csv");
    ts_mrio *m = NULL;
    ts_error err = {0};
    ts_status st = ts_mrio_read_format(path, TS_FORMAT_ICIO, NULL, &m, &err);
    fz_check_read(st, m, &err);
    return 0;
}
