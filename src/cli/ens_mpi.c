/* Ensembles over MPI ranks (docs/ensemble.md, "MPI"): rank r runs members
 * [r N / P, (r+1) N / P); only per-member headline records, stock-out lists and the
 * sketch counts travel (MPI_Gatherv, MPI_Reduce of integer counts: exact, order-free);
 * rank 0 rebuilds each member's drawn values from (seed, k, j) and writes. Without
 * TS_HAVE_MPI (the serial build) every function is the single-process case. */
#include "cli/ens_cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#ifdef TS_HAVE_MPI
#include <mpi.h>
#endif

void ens_mpi_init(ens_mpi *mp, int *argc, char ***argv)
{
    memset(mp, 0, sizeof *mp);
    mp->size = 1;
#ifdef TS_HAVE_MPI
    /* only under mpirun: a plain `tradeshock ensemble` never starts MPI */
    if (getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMIX_RANK") || getenv("PMI_SIZE")) {
        int inited = 0;
        MPI_Initialized(&inited);
        if (!inited)
            MPI_Init(argc, argv);
        MPI_Comm_rank(MPI_COMM_WORLD, &mp->rank);
        MPI_Comm_size(MPI_COMM_WORLD, &mp->size);
        mp->on = 1;
    }
#else
    (void)argc;
    (void)argv;
#endif
}

void ens_mpi_finalize(ens_mpi *mp)
{
#ifdef TS_HAVE_MPI
    if (mp->on)
        MPI_Finalize();
#endif
    mp->on = 0;
}

int ens_mpi_max(const ens_mpi *mp, int v)
{
#ifdef TS_HAVE_MPI
    if (mp->on) {
        int out = v;
        MPI_Allreduce(&v, &out, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
        return out;
    }
#endif
    (void)mp;
    return v;
}

void ens_mpi_slice(const ens_mpi *mp, long N, long *first, long *count)
{
    long a = (long)((double)N * mp->rank / mp->size);
    long b = (long)((double)N * (mp->rank + 1) / mp->size);
    if (mp->rank + 1 == mp->size)
        b = N;
    *first = a;
    *count = b - a;
}

/* The drawn values of member row i (member first + i) from (seed, k, j). */
static ts_status redraw(ts_ensemble_result *r, const ts_ensemble_spec *e, size_t i,
                        ts_error *err)
{
    char buf[64];
    for (size_t j = 0; j < r->P; j++) {
        double num = NAN;
        ts_uncertain_value(&e->params[j],
                           ts_ensemble_uniform(e->seed, (uint64_t)(r->first + (long)i), j),
                           buf, sizeof buf, &num);
        free(r->text[i * r->P + j]);
        if (!(r->text[i * r->P + j] = ts_strdup(buf)))
            return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        r->value[i * r->P + j] = num;
    }
    return TS_OK;
}

#ifdef TS_HAVE_MPI
static size_t rec_len(const ts_ensemble_result *r) { return 7 + 2 * r->G + r->W; }

static void pack(const ts_ensemble_result *r, size_t i, double *d)
{
    d[0] = r->world_loss[i];
    d[1] = r->world_loss_pct[i];
    d[2] = r->hardest[i];
    d[3] = r->economy_collapse_day[i];
    d[4] = r->n_collapsed[i];
    d[5] = r->score[i];
    d[6] = (double)r->n_so[i];
    for (size_t g = 0; g < r->G; g++) {
        d[7 + g] = r->group_loss_pct[i * r->G + g];
        d[7 + r->G + g] = r->group_first[i * r->G + g];
    }
    for (size_t w = 0; w < r->W; w++)
        d[7 + 2 * r->G + w] = r->watch_first[i * r->W + w];
}

static void unpack(ts_ensemble_result *r, size_t i, const double *d)
{
    r->world_loss[i] = d[0];
    r->world_loss_pct[i] = d[1];
    r->hardest[i] = (int)d[2];
    r->economy_collapse_day[i] = (int)d[3];
    r->n_collapsed[i] = (int)d[4];
    r->score[i] = d[5];
    r->n_so[i] = (size_t)d[6];
    for (size_t g = 0; g < r->G; g++) {
        r->group_loss_pct[i * r->G + g] = d[7 + g];
        r->group_first[i * r->G + g] = (int)d[7 + r->G + g];
    }
    for (size_t w = 0; w < r->W; w++)
        r->watch_first[i * r->W + w] = (int)d[7 + 2 * r->G + w];
}
#endif

ts_status ens_mpi_gather(const ens_mpi *mp, const ts_scenario *base, const ts_mrio *m,
                         long N, int redraw_values, ts_ensemble_result **part,
                         ts_ensemble_result **full, ts_error *err)
{
    *full = NULL;
    if (!mp->on || mp->size == 1) {
        *full = *part;
        *part = NULL;
        return TS_OK;
    }
#ifdef TS_HAVE_MPI
    ts_ensemble_result *p = *part;
    size_t L = rec_len(p), size = (size_t)mp->size;
    int nso = 0;
    for (size_t i = 0; i < p->N; i++)
        nso += 3 * (int)p->n_so[i];
    double *rec = malloc((p->N * L + 1) * sizeof *rec);
    int *so = malloc(((size_t)nso + 1) * sizeof *so);
    int *cnt = calloc(2 * size, sizeof *cnt), *dsp = calloc(2 * size, sizeof *dsp);
    ts_ensemble_result *f = NULL;
    double *all = NULL;
    int *allso = NULL, ok = rec && so && cnt && dsp, bad = 0;
    ts_status st = TS_OK;
    if (ok) {
        int k = 0;
        for (size_t i = 0; i < p->N; i++) {
            pack(p, i, rec + i * L);
            memcpy(so + k, p->so[i], 3 * p->n_so[i] * sizeof *so);
            k += 3 * (int)p->n_so[i];
        }
    }
    int mine[2] = {(int)(p->N * L), nso};
    MPI_Gather(mine, 2, MPI_INT, cnt, 2, MPI_INT, 0, MPI_COMM_WORLD);
    if (mp->rank == 0) {
        size_t tr = 0, ts = 0;
        for (size_t r = 0; r < size; r++) {
            dsp[2 * r] = (int)tr;
            dsp[2 * r + 1] = (int)ts;
            tr += (size_t)cnt[2 * r];
            ts += (size_t)cnt[2 * r + 1];
        }
        all = malloc((tr + 1) * sizeof *all);
        allso = malloc((ts + 1) * sizeof *allso);
        ok = ok && all && allso;
        if (ok && (st = ts_ensemble_result_alloc(base, m, (size_t)N, 0, &f, err)))
            ok = 0;
    }
    int *rc = malloc(size * sizeof *rc), *rd = malloc(size * sizeof *rd);
    int *sc2 = malloc(size * sizeof *sc2), *sd = malloc(size * sizeof *sd);
    for (size_t r = 0; mp->rank == 0 && r < size; r++) {
        rc[r] = cnt[2 * r];
        rd[r] = dsp[2 * r];
        sc2[r] = cnt[2 * r + 1];
        sd[r] = dsp[2 * r + 1];
    }
    MPI_Gatherv(rec, mine[0], MPI_DOUBLE, all, rc, rd, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    MPI_Gatherv(so, mine[1], MPI_INT, allso, sc2, sd, MPI_INT, 0, MPI_COMM_WORLD);
    /* the sketch: integer counts, summed in chunks (MPI counts are int) */
    size_t nc = p->n_cells * TS_SKETCH_BINS;
    for (size_t off = 0; off < nc; off += (size_t)1 << 26) {
        size_t len = nc - off < ((size_t)1 << 26) ? nc - off : (size_t)1 << 26;
        MPI_Reduce(p->counts + off, f ? f->counts + off : NULL, (int)len, MPI_UINT32_T,
                   MPI_SUM, 0, MPI_COMM_WORLD);
    }
    if (mp->rank == 0 && ok && f) {
        size_t k = 0;
        for (size_t i = 0; i < f->N && !bad; i++) {
            unpack(f, i, all + i * L);
            f->so[i] = malloc((3 * f->n_so[i] + 1) * sizeof(int));
            if (!f->so[i]) {
                bad = 1;
                break;
            }
            memcpy(f->so[i], allso + k, 3 * f->n_so[i] * sizeof(int));
            k += 3 * f->n_so[i];
            if (redraw_values && (st = redraw(f, base->ensemble, i, err)))
                bad = 1;
        }
    }
    free(rec);
    free(so);
    free(cnt);
    free(dsp);
    free(all);
    free(allso);
    free(rc);
    free(rd);
    free(sc2);
    free(sd);
    ts_ensemble_result_free(*part);
    *part = NULL;
    if (mp->rank == 0 && (!ok || bad || !f)) {
        ts_ensemble_result_free(f);
        return st ? st : ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    *full = f;
    return TS_OK;
#else
    (void)base;
    (void)m;
    (void)N;
    (void)redraw_values;
    (void)redraw;
    (void)err;
    return TS_OK;
#endif
}
