/* Sizes and the memory budget of a run (cli.h): `run --max-memory`, ulimit -v. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "cli/cli.h"

int ts_cli_parse_size(const char *s, double *out)
{
    char *end = NULL;
    double v = strtod(s, &end);
    if (end == s || !isfinite(v) || v <= 0)
        return -1;
    double mult = 1;
    switch (toupper((unsigned char)*end)) {
    case 'K': mult = 1024.0; end++; break;
    case 'M': mult = 1024.0 * 1024; end++; break;
    case 'G': mult = 1024.0 * 1024 * 1024; end++; break;
    case 'T': mult = 1024.0 * 1024 * 1024 * 1024; end++; break;
    default: break;
    }
    if (mult > 1 && (*end == 'B' || *end == 'b'))
        end++;
    else if (mult > 1 && (end[0] == 'i' && (end[1] == 'B' || end[1] == 'b')))
        end += 2;
    if (*end)
        return -1;
    *out = v * mult;
    return 0;
}

const char *ts_cli_fmt_size(double bytes, char *buf, size_t len)
{
    static const char *u[] = {"bytes", "KB", "MB", "GB", "TB"};
    int k = 0;
    while (bytes >= 1024 && k < 4) {
        bytes /= 1024;
        k++;
    }
    snprintf(buf, len, k ? "%.3g %s" : "%.0f %s", bytes, u[k]);
    return buf;
}

double ts_cli_memory_budget(double asked, const char **why)
{
    double budget = asked > 0 ? asked : TS_CLI_DEFAULT_MEMORY;
    *why = asked > 0 ? "the budget given by --max-memory" : "the default budget";
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
        /* the process also needs room for its code, libraries and the table */
        double room = 0.75 * (double)rl.rlim_cur;
        if (room < budget) {
            budget = room;
            *why = "the room left by the address-space limit (3/4 of ulimit -v)";
        }
    }
    return budget;
}
