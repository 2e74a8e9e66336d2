/* ts_ensemble_print_summary(): the ensemble's headline answers on a terminal. */
#include "ensemble/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static void pct_line(FILE *f, const char *what, double *v, size_t n)
{
    es_sort(v, n);
    fprintf(f, "  %-34s p05 %8.3f  p50 %8.3f  p95 %8.3f\n", what,
            es_exact_quantile(v, n, 0.05, 1), es_exact_quantile(v, n, 0.5, 1),
            es_exact_quantile(v, n, 0.95, 1));
}

void ts_ensemble_print_summary(FILE *f, const ts_ensemble_result *r, const ts_scenario *sc,
                               const unsigned char *acc)
{
    size_t na = 0;
    for (size_t i = 0; i < r->N; i++)
        na += !acc || acc[i];
    double *v = malloc((r->N ? r->N : 1) * sizeof *v);
    if (!v || na == 0) {
        free(v);
        return;
    }
    fprintf(f, "Ensemble of %zu members%s (seed %llu):\n", na,
            acc ? " accepted" : "", (unsigned long long)sc->ensemble->seed);
    fputs("Output loss over the horizon, % of baseline:\n", f);
    size_t k = 0;
    for (size_t i = 0; i < r->N; i++)
        if (!acc || acc[i])
            v[k++] = r->world_loss_pct[i];
    pct_line(f, "world", v, k);
    for (size_t g = 0; g < r->Gr; g++) {
        size_t gi = (size_t)r->rank_group[g];
        k = 0;
        for (size_t i = 0; i < r->N; i++)
            if (!acc || acc[i])
                v[k++] = r->group_loss_pct[i * r->G + gi];
        pct_line(f, sc->groups[gi].name, v, k);
    }
    fputs("Probability of being hit hardest (largest loss %):\n", f);
    for (size_t g = 0; g < r->Gr; g++) {
        size_t c = 0;
        for (size_t i = 0; i < r->N; i++)
            c += (!acc || acc[i]) && r->hardest[i] == (int)g;
        fprintf(f, "  %-34s %.3f\n", sc->groups[r->rank_group[g]].name, (double)c / (double)na);
    }
    for (size_t w = 0; w < r->W; w++) {
        size_t c[3] = {0, 0, 0};
        static const int d[3] = {30, 60, 90};
        for (size_t i = 0; i < r->N; i++) {
            int x = r->watch_first[i * r->W + w];
            for (int q = 0; q < 3; q++)
                c[q] += (!acc || acc[i]) && x >= 0 && x <= d[q];
        }
        fprintf(f, "First stoppage of %s by day 30 / 60 / 90: %.3f / %.3f / %.3f\n",
                sc->ensemble->watch[w], (double)c[0] / (double)na, (double)c[1] / (double)na,
                (double)c[2] / (double)na);
    }
    size_t ce = 0;
    for (size_t i = 0; i < r->N; i++)
        ce += (!acc || acc[i]) && r->economy_collapse_day[i] >= 0;
    fprintf(f, "Probability of an economy collapse: %.3f\n", (double)ce / (double)na);
    free(v);
}
