/* tradeshock: entry point and subcommand dispatch. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static void log_stderr(void *user, ts_log_level level, const char *msg)
{
    (void)user;
    if (level == TS_LOG_DEBUG)
        return;
    fprintf(stderr, "tradeshock: %s%s\n", level == TS_LOG_WARN ? "warning: " : "", msg);
}

const ts_logger ts_cli_stderr_logger = {log_stderr, NULL};

int ts_cli_fail(const ts_error *err)
{
    fprintf(stderr, "tradeshock: error: %s\n", err->msg[0] ? err->msg : ts_status_str(err->code));
    return ts_status_exit_code(err->code);
}

static void usage(FILE *f)
{
    fputs("usage: tradeshock <command> [options]\n"
          "\n"
          "commands:\n"
          "  run [SCENARIO] [-o DIR] [--table DIR] [--report] [--threads N] [--quiet]\n"
          "                                          simulate a scenario day by day\n"
          "                                          (default: scenarios/rare-earths-2025.yaml)\n"
          "  inspect TABLE [--json]                  dimensions, totals and checks of a table\n"
          "  analyze TABLE [options] [-o DIR]        static analysis: multipliers, linkages,\n"
          "                                          extraction, exposure, concentration (HHI)\n"
          "  convert INPUT -o DIR [--split SPEC]     write a table as a native folder, reshaped\n"
          "  tariff SCENARIO [--table DIR] [-o DIR]\n"
          "                                          static partial-equilibrium tariff analysis:\n"
          "                                          creation, diversion, revenue, welfare\n"
          "  backtest SCENARIO [-o DIR] [--fail-above SCORE]\n"
          "                                          run a scenario and compare it with its\n"
          "                                          observed episode (backtest.csv, score)\n"
          "  calibrate SCENARIO --param PATH=LO:HI ... [-n N] [--seed K] [-o DIR]\n"
          "                                          search parameters that minimise the\n"
          "                                          backtest score\n"
          "  ensemble SCENARIO [-n N] [-j T] [-o DIR] members drawn from the scenario's ensemble\n"
          "                                          block: quantiles, stock-out probabilities\n"
          "                                          (mpirun -np P: members over MPI ranks)\n"
          "  sensitivity SCENARIO [-o DIR]           tornado and Morris effects of each\n"
          "                                          uncertain input on the headline answers\n"
          "  report DIR [DIR2] [-o FILE]             HTML report with charts of a results folder\n"
          "                                          (DIR2: a second run shown against it)\n"
          "\n"
          "Run 'tradeshock <command> --help' for a command's options.\n"
          "Exit codes: 0 success, 2 bad input, 1 internal failure.\n",
          f);
}

struct command {
    const char *name;
    int (*fn)(int, char **);
};

static const struct command commands[] = {
    {"run", ts_cli_run},
    {"inspect", ts_cli_inspect},
    {"analyze", ts_cli_analyze},
    {"convert", ts_cli_convert},
    {"report", ts_cli_report},
    {"tariff", ts_cli_tariff},
    {"backtest", ts_cli_backtest},
    {"calibrate", ts_cli_calibrate},
    {"ensemble", ts_cli_ensemble},
    {"sensitivity", ts_cli_sensitivity},
};

int main(int argc, char **argv)
{
    if (argc < 2) {
        /* `tradeshock` alone runs nothing: say what there is. */
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("tradeshock %s\n", TS_VERSION);
        return 0;
    }
    for (size_t k = 0; k < sizeof commands / sizeof commands[0]; k++)
        if (!strcmp(argv[1], commands[k].name))
            return commands[k].fn(argc - 1, argv + 1);
    fprintf(stderr, "tradeshock: error: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
