/* libFuzzer harness: the WIOD world-table folder reader. */
#include "fuzz_common.h"

static const char *const NAMES[] = {"Z_part1_rows_AAA-AAA.csv", "Z_part2_rows_BBB-BBB.csv",
                                    "F_final_demand.csv", "x_gross_output.csv",
                                    "countries.csv", "sectors.csv",
                                    "final_demand_categories.csv", "table.json"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_write_parts(data, size, NAMES, sizeof NAMES / sizeof NAMES[0]);
    ts_mrio *m = NULL;
    ts_error err = {0};
    ts_status st = ts_mrio_read_format(fz_dir(), TS_FORMAT_WIOD, NULL, &m, &err);
    fz_check_read(st, m, &err);
    return 0;
}
