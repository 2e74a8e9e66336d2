/* Sizes and the memory budget of a run (cli.h): `run --max-memory`, ulimit -v. */
#define _DEFAULT_SOURCE
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

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

int ts_cli_under_project_data(const char *path)
{
    /* the project: the folder above the binary (build/tradeshock -> .), and the working
     * directory when it holds data/PROVENANCE.md */
    char exe[4096], root[4096 + 8], rp[4096], rd[4096];
    ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
    const char *cands[2] = {NULL, NULL};
    if (k > 0) {
        exe[k] = 0;
        char *s = strrchr(exe, '/');
        if (s) {
            *s = 0;
            snprintf(root, sizeof root, "%s/../data", exe);
            cands[0] = root;
        }
    }
    if (access("data/PROVENANCE.md", F_OK) == 0)
        cands[1] = "data";
    /* the nearest existing ancestor of path, resolved */
    char p[4096];
    snprintf(p, sizeof p, "%s", path);
    while (!realpath(p, rp)) {
        char *s = strrchr(p, '/');
        if (!s || s == p) {
            if (!realpath(".", rp))
                return 0;
            break;
        }
        *s = 0;
    }
    for (int c = 0; c < 2; c++) {
        if (!cands[c] || !realpath(cands[c], rd))
            continue;
        size_t l = strlen(rd);
        if (!strncmp(rp, rd, l) && (rp[l] == 0 || rp[l] == '/'))
            return 1;
    }
    return 0;
}
