/* Shared parts of `tradeshock ensemble` and `tradeshock sensitivity` (cli, private). */
#ifndef TS_CLI_ENS_H
#define TS_CLI_ENS_H

#include "cli/cli.h"
#include "tradeshock/ensemble.h"
#include "tradeshock/mrio.h"
#include "tradeshock/scenario.h"

/** MPI context; size 1 and on 0 when not launched by mpirun or built without MPI. */
typedef struct ens_mpi {
    int rank, size, on;
} ens_mpi;

void ens_mpi_init(ens_mpi *mp, int *argc, char ***argv);
void ens_mpi_finalize(ens_mpi *mp);
/** Largest @p v over the ranks. */
int ens_mpi_max(const ens_mpi *mp, int v);
/** This rank's members [first, first + count) of N. */
void ens_mpi_slice(const ens_mpi *mp, long N, long *first, long *count);
/** Collect the ranks' parts on rank 0 (*full; NULL elsewhere); *part is consumed.
 *  @p redraw_values: rank 0 rebuilds the drawn values from (seed, k, j). */
ts_status ens_mpi_gather(const ens_mpi *mp, const ts_scenario *base, const ts_mrio *m,
                         long N, int redraw_values, ts_ensemble_result **part,
                         ts_ensemble_result **full, ts_error *err);

/** Progress bar on stderr: members done, rate, ETA (ens_progress.c). */
typedef struct ens_progress {
    double t0;
    long scale;      /**< multiply done by this (ranks) for the estimate */
    long total;
    const char *what;
} ens_progress;
void ens_progress_start(ens_progress *p, const char *what, long total, long scale);
void ens_progress_cb(void *user, long done, long total);
void ens_progress_end(ens_progress *p);

/** Parse the scenario (with @p ov), load its table (or @p table) and resolve it. */
ts_status ens_load(const char *scen, const char *table, ts_scenario **sc, ts_mrio **m,
                   ts_error *err);

#endif
