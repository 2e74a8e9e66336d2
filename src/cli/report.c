/* tradeshock report DIR [DIR2] [-o FILE] [--png] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/util.h"
#include "tradeshock/report.h"

static void usage(FILE *f)
{
    fputs("usage: tradeshock report DIR [DIR2] [-o FILE] [--png]\n"
          "\n"
          "Write an HTML report of the results folder DIR (from `tradeshock run`): headline\n"
          "numbers, output loss over time by region, the industries that lose most, the\n"
          "stock-out timeline, the scenario and its sources. Self-contained: the charts\n"
          "(PLplot SVG, also written to charts/ next to the page) are inlined, nothing is\n"
          "loaded from the network.\n"
          "  DIR2               a second results folder shown against DIR (e.g. escalation\n"
          "                     vs truce): headline numbers side by side, world, regional and\n"
          "                     reporting-group losses of both, the events of both; a warning\n"
          "                     when the runs differ in table, horizon or start date\n"
          "  -o, --output FILE  the page to write (default DIR/report.html); an existing file\n"
          "                     is replaced only if it is a report written by tradeshock\n"
          "  --png              also write the charts as PNG (PLplot pngcairo device)\n",
          f);
}

int ts_cli_report(int argc, char **argv)
{
    const char *dirs[2] = {NULL, NULL};
    ts_report_options opt = {0};
    for (int a = 1; a < argc; a++) {
        if (!strcmp(argv[a], "-h") || !strcmp(argv[a], "--help")) {
            usage(stdout);
            return 0;
        } else if ((!strcmp(argv[a], "-o") || !strcmp(argv[a], "--output")) && a + 1 < argc) {
            opt.output = argv[++a];
        } else if (!strcmp(argv[a], "--png")) {
            opt.png = 1;
        } else if (argv[a][0] == '-') {
            fprintf(stderr, "tradeshock: error: report: unknown or incomplete option '%s'\n", argv[a]);
            usage(stderr);
            return 2;
        } else if (!dirs[0]) {
            dirs[0] = argv[a];
        } else if (!dirs[1]) {
            dirs[1] = argv[a];
        } else {
            fprintf(stderr, "tradeshock: error: report: at most two results folders ('%s')\n", argv[a]);
            return 2;
        }
    }
    if (!dirs[0]) {
        fputs("tradeshock: error: report: no results folder given\n", stderr);
        usage(stderr);
        return 2;
    }
    opt.compare_dir = dirs[1];
    ts_error err;
    ts_error_clear(&err);
    opt.log = &ts_cli_stderr_logger;
    /* an unfinished folder (a run interrupted, killed or still writing) is not a result */
    for (int k = 0; k < 2 && dirs[k]; k++) {
        char *mark = ts_asprintf("%s/.incomplete", dirs[k]);
        int unfinished = mark && ts_path_exists(mark);
        free(mark);
        const char *t = strstr(dirs[k], ".tmp-");
        if (t && t[5] && strspn(t + 5, "0123456789/") == strlen(t + 5))
            unfinished = 1;
        if (unfinished) {
            ts_error_set(&err, TS_ERR_INPUT, dirs[k], 0, 0, NULL,
                         "is an unfinished results folder (a run was interrupted or is still "
                         "writing it): no report from it; run the scenario again");
            return ts_cli_fail(&err);
        }
    }
    ts_status st = ts_report_build(dirs[0], &opt, &err);
    if (st == TS_ERR_IO) { /* the message names the page; say what to do */
        fprintf(stderr, "tradeshock: error: %s; %s\n", err.msg,
                opt.output ? "give -o a file in a folder you can write to"
                           : "write the page elsewhere with -o FILE");
        return ts_status_exit_code(st);
    }
    if (st)
        return ts_cli_fail(&err);
    if (opt.output)
        printf("Report in %s\n", opt.output);
    else
        printf("Report in %s/report.html\n", dirs[0]);
    return 0;
}
