/* libFuzzer harness: the pymrio / EXIOBASE text folder reader. */
#include "fuzz_common.h"

static const char *const NAMES[] = {"file_parameters.json", "Z.txt", "Y.txt", "x.txt",
                                    "unit.txt", "A.txt", "metadata.json"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_write_parts(data, size, NAMES, sizeof NAMES / sizeof NAMES[0]);
    ts_mrio *m = NULL;
    ts_error err = {0};
    ts_status st = ts_mrio_read_format(fz_dir(), TS_FORMAT_PYMRIO, NULL, &m, &err);
    fz_check_read(st, m, &err);
    return 0;
}
