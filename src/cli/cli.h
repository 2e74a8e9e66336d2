/* The tradeshock command-line tool: one file per subcommand (cli.h is private). */
#ifndef TS_CLI_H
#define TS_CLI_H

#include <stddef.h>

#include "tradeshock/status.h"

/** Each subcommand gets argv without the program name (argv[0] = subcommand name)
 *  and returns the process exit code: 0 ok, 2 bad input, 1 internal failure. */
int ts_cli_run(int argc, char **argv);
int ts_cli_inspect(int argc, char **argv);
int ts_cli_analyze(int argc, char **argv);
int ts_cli_convert(int argc, char **argv);
int ts_cli_report(int argc, char **argv);
int ts_cli_tariff(int argc, char **argv);
int ts_cli_ensemble(int argc, char **argv);
int ts_cli_sensitivity(int argc, char **argv);

int ts_cli_backtest(int argc, char **argv);
int ts_cli_calibrate(int argc, char **argv);

/** A scenario with its table and resolved observations (backtest.c; backtest, calibrate). */
struct ts_scenario;
struct ts_mrio;
struct ts_observations;
struct ts_result;
struct ts_comparison;
typedef struct ts_cli_bt {
    struct ts_scenario *sc;
    struct ts_mrio *m;
    struct ts_observations *obs;
} ts_cli_bt;
/** Parse @p scen (with the overrides @p ov), load and split its table (or @p table), read and resolve its
 *  observations (or @p obs_file). On failure everything is freed. */
struct ts_override;
ts_status ts_cli_backtest_load(const char *scen, const char *table, const char *obs_file,
                               const struct ts_override *ov, size_t n_ov, ts_cli_bt *b,
                               ts_error *err);
void ts_cli_backtest_free(ts_cli_bt *b);
/** Write a run's results folder content and backtest.csv into @p dir. */
ts_status ts_cli_backtest_write(const ts_cli_bt *b, const char *scen, const char *table,
                                const struct ts_result *res, const struct ts_comparison *cmp,
                                const char *dir, ts_error *err);

/** Logger that writes "tradeshock: warning: ..." lines to stderr. */
extern const ts_logger ts_cli_stderr_logger;

/** results/<name><suffix>, the name made safe as one folder name (outdir.c). */
char *ts_cli_default_dir(const char *name, const char *suffix);

/** An existing -o path may be replaced only if it is an empty folder or one of ours
 *  (holding @p marker, e.g. summary.json); otherwise TS_ERR_INPUT naming @p what. */
ts_status ts_cli_check_output_dir(const char *dir, const char *marker, const char *what,
                                  ts_error *err);

/** A results folder written all or nothing: into a temporary sibling, then renamed. */
typedef struct ts_cli_outdir {
    char *dir, *tmp, *old; /**< final, temporary and displaced-old paths */
    int made;              /**< 1 while the temporary folder exists */
    char *lock;            /**< DIR.lock, held (flock) from begin to end */
    int lock_fd;
} ts_cli_outdir;

/** Choose the folder (-o @p given, else results/<name><suffix>), check it may be
 *  replaced (ts_cli_check_output_dir) and create the temporary one (o->tmp). */
ts_status ts_cli_outdir_begin(ts_cli_outdir *o, const char *given, const char *name,
                              const char *suffix, const char *marker, const char *what,
                              ts_error *err);
/** Take DIR.lock (a second run into DIR fails at once, exit 2), clean what a killed run
 *  left (DIR.tmp-PID, DIR.old-PID) and make SIGINT/SIGTERM remove the temporary folder,
 *  print "interrupted" and exit 130 (outdir_guard.c). Called by ts_cli_outdir_begin. */
ts_status ts_cli_outdir_guard(ts_cli_outdir *o, ts_error *err);
/** Release the lock and the signal handlers (ts_cli_outdir_end). */
void ts_cli_outdir_unguard(ts_cli_outdir *o);
/** Hold SIGINT/SIGTERM back during the renames of a commit (1), then let them in (0). */
void ts_cli_outdir_block_signals(int block);

/** Put the finished temporary folder in place of o->dir. */
ts_status ts_cli_outdir_commit(ts_cli_outdir *o, ts_error *err);
/** Remove the temporary folder if still there and free the paths. */
void ts_cli_outdir_end(ts_cli_outdir *o);

/** Memory a run may keep when --max-memory is not given: 512 MiB (README "run"). */
#define TS_CLI_DEFAULT_MEMORY (512.0 * 1024 * 1024)

/** Parse a size such as 512M, 4G, 1.5GB, 800MiB or a number of bytes; 0 ok, -1 bad. */
int ts_cli_parse_size(const char *s, double *out);
/** "576 MB" (powers of 1024) into @p buf; returns @p buf. */
const char *ts_cli_fmt_size(double bytes, char *buf, size_t len);
/** The memory a run may keep: @p asked (0: the default), never more than 3/4 of the
 *  address-space limit (RLIMIT_AS, ulimit -v); *@p why says which bound applies. */
double ts_cli_memory_budget(double asked, const char **why);

/** 1 if @p path (existing or not) is inside the project's data/ folder (next to the
 *  binary's parent, or ./data when it holds PROVENANCE.md): the shipped tables. */
int ts_cli_under_project_data(const char *path);

/** Print an error as one line on stderr and return the exit code for it. */
int ts_cli_fail(const ts_error *err);

#endif
