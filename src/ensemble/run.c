/* ts_ensemble_run(): the members of an ensemble, in parallel over OpenMP threads
 * (ensemble.h, docs/ensemble.md). Each member: draws -> overrides -> parse + resolve ->
 * simulation -> headline numbers and sketch counts. */
#include "ensemble/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "core/util.h"
#include "tradeshock/output.h"
#include "tradeshock/override.h"
#include "tradeshock/sim.h"

#define VAL_LEN 64

void ts_ensemble_result_free(ts_ensemble_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; r->text && i < r->N * r->P; i++)
        free(r->text[i]);
    for (size_t i = 0; r->so && i < r->N; i++)
        free(r->so[i]);
    free(r->text);
    free(r->value);
    free(r->rank_group);
    free(r->watch);
    free(r->world_loss);
    free(r->world_loss_pct);
    free(r->group_loss_pct);
    free(r->group_first);
    free(r->watch_first);
    free(r->hardest);
    free(r->economy_collapse_day);
    free(r->n_collapsed);
    free(r->score);
    free(r->n_so);
    free(r->so);
    free(r->counts);
    free(r->member_id);
    free(r);
}

/* Industry index of <REGION>_<SECTOR> (region codes may hold '_'). */
static int industry_of(const ts_mrio *m, const char *label)
{
    for (size_t r = 0; r < m->R; r++) {
        size_t l = strlen(m->regions[r].code);
        if (strncmp(label, m->regions[r].code, l) == 0 && label[l] == '_') {
            int s = ts_mrio_sector_index(m, label + l + 1);
            if (s >= 0)
                return (int)(r * m->S + (size_t)s);
        }
    }
    return -1;
}

ts_status ts_ensemble_result_alloc(const ts_scenario *base, const ts_mrio *m, size_t N,
                                   long first, ts_ensemble_result **out, ts_error *err)
{
    const ts_ensemble_spec *e = base->ensemble;
    ts_ensemble_result *r = calloc(1, sizeof *r);
    if (!r)
        goto nomem;
    r->N = N;
    r->first = first;
    r->P = e ? e->n : 0;
    r->G = base->n_groups;
    r->Gr = e && e->n_rank_groups ? e->n_rank_groups : base->n_groups;
    r->W = e ? e->n_watch : 0;
    r->T = (size_t)base->horizon_days;
    r->R = m->R;
    r->n = m->n;
    r->n_cells = r->T * (1 + r->R + r->Gr) + r->n;
    size_t NP = N * r->P + 1, NG = N * r->G + 1, NW = N * r->W + 1, N1 = N + 1;
    r->rank_group = calloc(r->Gr ? r->Gr : 1, sizeof *r->rank_group);
    r->watch = calloc(r->W ? r->W : 1, sizeof *r->watch);
    r->text = calloc(NP, sizeof *r->text);
    r->value = calloc(NP, sizeof *r->value);
    r->world_loss = calloc(N1, sizeof *r->world_loss);
    r->world_loss_pct = calloc(N1, sizeof *r->world_loss_pct);
    r->group_loss_pct = calloc(NG, sizeof *r->group_loss_pct);
    r->group_first = calloc(NG, sizeof *r->group_first);
    r->watch_first = calloc(NW, sizeof *r->watch_first);
    r->hardest = calloc(N1, sizeof *r->hardest);
    r->economy_collapse_day = calloc(N1, sizeof *r->economy_collapse_day);
    r->n_collapsed = calloc(N1, sizeof *r->n_collapsed);
    r->score = calloc(N1, sizeof *r->score);
    r->n_so = calloc(N1, sizeof *r->n_so);
    r->so = calloc(N1, sizeof *r->so);
    r->counts = calloc(r->n_cells * TS_SKETCH_BINS, sizeof *r->counts);
    if (!r->rank_group || !r->watch || !r->text || !r->value || !r->world_loss ||
        !r->world_loss_pct || !r->group_loss_pct || !r->group_first || !r->watch_first ||
        !r->hardest || !r->economy_collapse_day || !r->n_collapsed || !r->score || !r->n_so ||
        !r->so || !r->counts)
        goto nomem;
    for (size_t g = 0; g < r->Gr; g++)
        r->rank_group[g] = e && e->n_rank_groups
                               ? ts_scenario_group_index(base, e->rank_groups[g])
                               : (int)g;
    for (size_t w = 0; w < r->W; w++)
        r->watch[w] = industry_of(m, e->watch[w]);
    for (size_t i = 0; i < N; i++)
        r->score[i] = NAN;
    *out = r;
    return TS_OK;
nomem:
    ts_ensemble_result_free(r);
    return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL,
                        "out of memory for the ensemble's results (%zu members)", N);
}

/* ---- one member ----------------------------------------------------------------- */

typedef struct es_job {
    const char *path;
    const ts_scenario *base;
    const ts_ensemble_spec *spec;
    const ts_mrio *m;
    const ts_ensemble_options *opt;
    ts_ensemble_result *res;
    size_t n_ov;              /* overrides when every input is set */
} es_job;

typedef struct es_thread {
    ts_sim *sim;              /* created for the thread's first member, reset per member */
    ts_scenario *sc;          /* the scenario the simulation was last reset with */
    ts_override *ov;          /* [n_ov] */
    uint32_t *counts;         /* [n_cells * BINS] this thread's sketch */
    double *day;              /* [T] scratch */
} es_thread;

static void add(uint32_t *counts, size_t cell, double v)
{
    counts[cell * TS_SKETCH_BINS + ts_sketch_bin(v)]++;
}

/* Daily losses in percent of baseline into the thread's sketch. */
static void sketch_member(const es_job *job, es_thread *th, const ts_result *sim,
                          const ts_losses *l)
{
    const ts_ensemble_result *res = job->res;
    const ts_scenario *sc = job->base;
    size_t T = res->T, R = res->R, n = res->n, S = n / (R ? R : 1);
    double base_w = 0;
    for (size_t i = 0; i < n; i++)
        base_w += sim->x0[i];
    for (size_t t = 0; t < T; t++) {
        const double *x = sim->production + t * n;
        double w = 0;
        for (size_t r = 0; r < R; r++) {
            double lr = 0, br = 0;
            for (size_t s = 0; s < S; s++) {
                lr += sim->x0[r * S + s] - x[r * S + s];
                br += sim->x0[r * S + s];
            }
            w += lr;
            add(th->counts, TS_ENSEMBLE_CELL(res, t, 1 + r), br > 0 ? 100 * lr / br : 0);
        }
        add(th->counts, TS_ENSEMBLE_CELL(res, t, 0), base_w > 0 ? 100 * w / base_w : 0);
        for (size_t g = 0; g < res->Gr; g++) {
            const ts_group *gr = &sc->groups[res->rank_group[g]];
            double lg = 0, bg = 0;
            for (size_t k = 0; k < gr->n; k++) {
                size_t i = (size_t)gr->members[k].industry;
                lg += gr->members[k].weight * (sim->x0[i] - x[i]);
                bg += gr->members[k].weight * sim->x0[i];
            }
            add(th->counts, TS_ENSEMBLE_CELL(res, t, 1 + R + g), bg > 0 ? 100 * lg / bg : 0);
        }
    }
    size_t c0 = T * (1 + R + res->Gr);
    for (size_t i = 0; i < n; i++)
        add(th->counts, c0 + i,
            l->industry_base[i] > 0 ? 100 * l->industry[i] / l->industry_base[i] : 0);
}

/* Record the member's headline numbers in row @p row. */
static ts_status record(const es_job *job, size_t row, const ts_result *sim, const ts_losses *l)
{
    ts_ensemble_result *res = job->res;
    res->world_loss[row] = l->total;
    res->world_loss_pct[row] = l->total_base > 0 ? 100 * l->total / l->total_base : 0;
    for (size_t g = 0; g < res->G; g++) {
        res->group_loss_pct[row * res->G + g] =
            l->group_base[g] > 0 ? 100 * l->group[g] / l->group_base[g] : 0;
        res->group_first[row * res->G + g] = l->group_first_stockout[g];
    }
    int best = -1;
    double bv = -INFINITY;
    for (size_t g = 0; g < res->Gr; g++) {
        double v = res->group_loss_pct[row * res->G + (size_t)res->rank_group[g]];
        if (v > bv) {
            bv = v;
            best = (int)g;
        }
    }
    res->hardest[row] = best;
    res->economy_collapse_day[row] = sim->economy_collapse_day;
    int nc = 0;
    for (size_t i = 0; i < res->n; i++)
        nc += sim->collapse_day[i] >= 0;
    res->n_collapsed[row] = nc;
    for (size_t w = 0; w < res->W; w++) {
        int first = -1;
        for (size_t k = 0; k < sim->n_stockouts; k++)
            if (sim->stockouts[k].industry == res->watch[w] &&
                (first < 0 || sim->stockouts[k].first_day < first))
                first = sim->stockouts[k].first_day;
        res->watch_first[row * res->W + w] = first;
    }
    res->n_so[row] = sim->n_stockouts;
    res->so[row] = malloc((sim->n_stockouts ? sim->n_stockouts : 1) * 3 * sizeof(int));
    if (!res->so[row])
        return TS_ERR_NOMEM;
    for (size_t k = 0; k < sim->n_stockouts; k++) {
        res->so[row][3 * k] = sim->stockouts[k].product;
        res->so[row][3 * k + 1] = sim->stockouts[k].industry;
        res->so[row][3 * k + 2] = sim->stockouts[k].first_day;
    }
    return TS_OK;
}

/* "member 12 (a=1, b=2)" for messages. */
static void member_text(const es_job *job, size_t row, long k, char *buf, size_t len)
{
    size_t off = (size_t)snprintf(buf, len, "ensemble member %ld", k);
    for (size_t j = 0; j < job->res->P && off < len; j++)
        off += (size_t)snprintf(buf + off, len - off, "%s%s=%s", j ? ", " : " (",
                                job->spec->params[j].name,
                                job->res->text[row * job->res->P + j]
                                    ? job->res->text[row * job->res->P + j] : "");
    if (job->res->P && off < len)
        snprintf(buf + off, len - off, ")");
}

static ts_status run_member(const es_job *job, es_thread *th, long k, ts_error *err)
{
    ts_ensemble_result *res = job->res;
    size_t row = (size_t)(k - res->first), no = 0;
    char buf[VAL_LEN];
    for (size_t j = 0; j < res->P; j++) {
        const ts_uncertain *u = &job->spec->params[j];
        double num = NAN;
        buf[0] = 0;
        if (job->opt->values)
            job->opt->values(job->opt->values_user, k, j, buf, sizeof buf, &num);
        else
            ts_uncertain_value(u, ts_ensemble_uniform(job->spec->seed, (uint64_t)k, j), buf,
                               sizeof buf, &num);
        if (!(res->text[row * res->P + j] = ts_strdup(buf)))
            return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
        res->value[row * res->P + j] = num;
        if (!buf[0])
            continue;
        for (size_t q = 0; q < u->n_paths; q++)
            th->ov[no++] = (ts_override){u->paths[q], res->text[row * res->P + j]};
    }
    ts_scenario *sc = NULL;
    ts_result *sim = NULL;
    ts_losses *l = NULL;
    ts_status st = ts_scenario_parse_overrides(job->path, th->ov, no, &sc, err);
    if (!st) {
        st = ts_scenario_resolve(sc, job->m, err);
        ts_override_annotate(err, sc, th->ov, no);
    }
    if (!st && sc->horizon_days != job->base->horizon_days)
        st = ts_error_set(err, TS_ERR_INPUT, job->path, 0, 0, "horizon_days",
                          "members must share the horizon");
    ts_sim_options so = {0};
    static const ts_pair no_pairs[1];
    so.threads = 1;
    so.cover_pairs = no_pairs; /* members need no cover series: none recorded (sim.h) */
    so.n_cover_pairs = 0;
    /* one simulation per thread: reset with each member's scenario (no allocation of the
     * model's state); a member of another shape (not in ensembles of values) gets a new one */
    if (!st && th->sim && ts_sim_reset_with(th->sim, sc, err) != TS_OK) {
        ts_sim_free(th->sim);
        th->sim = NULL;
        ts_error_clear(err);
    }
    if (!st && !th->sim)
        st = ts_sim_create(job->m, sc, &so, &th->sim, err);
    if (!st) { /* the simulation reads sc until the next reset: keep it */
        ts_scenario_free(th->sc);
        th->sc = sc;
        sc = NULL;
        st = ts_sim_run_to(th->sim, job->base->horizon_days, err);
    }
    if (!st)
        st = ts_sim_result(th->sim, &sim, err);
    if (!st)
        st = ts_losses_compute(sim, job->m, &l, err);
    if (!st)
        st = ts_losses_groups(l, sim, th->sc, err);
    if (!st && (st = record(job, row, sim, l)))
        ts_error_set(err, st, NULL, 0, 0, NULL, "out of memory");
    if (!st)
        sketch_member(job, th, sim, l);
    if (st && err) {
        char who[1024], msg[TS_ERROR_MSG_MAX], file[sizeof err->file], key[sizeof err->key];
        member_text(job, row, k, who, sizeof who);
        snprintf(msg, sizeof msg, "%s", err->msg);
        snprintf(file, sizeof file, "%s", err->file);
        snprintf(key, sizeof key, "%s", err->key);
        ts_status code = err->code;
        ts_error_set(err, code, NULL, 0, 0, NULL, "%s: %s", who, msg);
        snprintf(err->file, sizeof err->file, "%s", file);
        snprintf(err->key, sizeof err->key, "%s", key);
    }
    ts_losses_free(l);
    ts_result_free(sim);
    ts_scenario_free(sc);
    return st;
}

ts_status ts_ensemble_run(const char *scenario_path, const ts_scenario *base, const ts_mrio *m,
                          const ts_ensemble_options *opt, ts_ensemble_result **out,
                          ts_error *err)
{
    ts_error_clear(err);
    *out = NULL;
    const ts_ensemble_spec *e = base->ensemble;
    if (!e)
        return ts_error_set(err, TS_ERR_INPUT, base->file, 0, 0, "ensemble",
                            "the scenario has no `ensemble` block (members, seed, parameters)");
    ts_ensemble_options o0 = {0};
    const ts_ensemble_options *o = opt ? opt : &o0;
    long total = o->members > 0 ? o->members : e->members;
    long k0 = o->first > 0 ? o->first : 0;
    long k1 = o->count > 0 ? k0 + o->count : total;
    if (k1 > total)
        k1 = total;
    if (k0 > k1)
        k0 = k1;
    ts_ensemble_result *res = NULL;
    ts_status st = ts_ensemble_result_alloc(base, m, (size_t)(k1 - k0), k0, &res, err);
    if (st)
        return st;
    es_job job = {scenario_path, base, e, m, o, res, 0};
    for (size_t j = 0; j < e->n; j++)
        job.n_ov += e->params[j].n_paths;
    int nt = 1;
#ifdef _OPENMP
    nt = o->threads > 0 ? o->threads : omp_get_max_threads();
#endif
    if (nt > k1 - k0)
        nt = (int)(k1 - k0 > 0 ? k1 - k0 : 1);
    es_thread *th = calloc((size_t)nt, sizeof *th);
    int ok = th != NULL;
    for (int t = 0; ok && t < nt; t++) {
        th[t].ov = calloc(job.n_ov ? job.n_ov : 1, sizeof *th[t].ov);
        th[t].counts = t == 0 ? res->counts
                              : calloc(res->n_cells * TS_SKETCH_BINS, sizeof *th[t].counts);
        ok = th[t].ov && th[t].counts;
    }
    long done = 0, fail_k = -1;
    ts_error ferr;
    ts_error_clear(&ferr);
    ts_status fst = TS_OK;
    int stop = 0;
    if (!ok) {
        fst = ts_error_set(&ferr, TS_ERR_NOMEM, NULL, 0, 0, NULL,
                           "out of memory for %d threads' ensemble buffers", nt);
    } else {
#ifdef _OPENMP
#pragma omp parallel num_threads(nt)
#endif
        {
            int tid = 0;
#ifdef _OPENMP
            tid = omp_get_thread_num();
#pragma omp for schedule(dynamic, 1)
#endif
            for (long k = k0; k < k1; k++) {
                int halt;
#ifdef _OPENMP
#pragma omp atomic read
#endif
                halt = stop;
                if (halt)
                    continue;
                ts_error me;
                ts_status s = run_member(&job, &th[tid], k, &me);
#ifdef _OPENMP
#pragma omp critical(ts_ensemble)
#endif
                {
                    if (s && (fail_k < 0 || k < fail_k)) {
                        fail_k = k;
                        fst = s;
                        ferr = me;
                        stop = 1;
                    }
                    done++;
                    if (!s && o->progress)
                        o->progress(o->progress_user, done, k1 - k0);
                }
            }
        }
    }
    for (int t = 1; th && t < nt; t++) {
        for (size_t q = 0; th[t].counts && q < res->n_cells * TS_SKETCH_BINS; q++)
            res->counts[q] += th[t].counts[q];
        free(th[t].counts);
    }
    for (int t = 0; th && t < nt; t++) {
        free(th[t].ov);
        ts_sim_free(th[t].sim);
        ts_scenario_free(th[t].sc);
    }
    free(th);
    if (fst) {
        if (err)
            *err = ferr;
        ts_ensemble_result_free(res);
        return fst;
    }
    *out = res;
    return TS_OK;
}
