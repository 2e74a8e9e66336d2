/* tradeshock sensitivity SCENARIO (placeholder until the tornado lands) */
#include <stdio.h>

#include "cli/ens_cli.h"

int ts_cli_sensitivity(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("tradeshock: error: sensitivity: not available yet\n", stderr);
    return 1;
}
