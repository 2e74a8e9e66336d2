/* Rationing (docs/model.md §2 "Distribution", "Priority rationing"): the share rho of
 * each class's deliverable demand on supplier i that its output x_i serves. The fixed
 * part (negative final demand, row gap) is served first, never rationed; then the
 * priority classes in order (one class by default: proportional rationing), every
 * demand inside a class getting the same share. */
#include "sim/internal.h"

void ts_sim_rationing(size_t n, size_t C, int cls_final, const double *x, const double *D,
                      const double *fixed, const double *dord, const double *dfd, double *ratio)
{
    for (size_t i = 0; i < n; i++) {
        if (x[i] >= D[i]) {
            for (size_t c = 0; c < C; c++)
                ratio[c * n + i] = 1.0;
            continue;
        }
        double avail = x[i] - fixed[i];
        for (size_t c = 0; c < C; c++) {
            double dem = dord[c * n + i] + ((int)c == cls_final ? dfd[i] : 0.0);
            double rho = 1.0;
            if (dem > 0) {
                rho = avail / dem;
                rho = rho < 0 ? 0 : rho > 1 ? 1 : rho;
                avail -= rho * dem;
            }
            ratio[c * n + i] = rho;
        }
    }
}
