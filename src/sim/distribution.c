/* Final-demand deliveries and unmet final demand (docs/model.md §2 "Distribution"): each consuming
 * region q gets ratio_i of what it asked of supplier i, less what export
 * restrictions block; the rest is lost and recorded as unmet, by supplying industry
 * and by consuming region. */
#include <string.h>

#include "sim/internal.h"

void ts_sim_final_demand(ts_sim *s)
{
    const size_t n = s->n, R = s->R;
    const double *ratio = s->ratio + (size_t)s->cls_final * n;
    memset(s->unmet_r, 0, R * sizeof *s->unmet_r);
    for (size_t i = 0; i < n; i++) {
        size_t r = (size_t)s->reg[i];
        double u = 0;
        for (size_t q = 0; q < R; q++) {
            double asked = s->yask[i * R + q];
            if (asked == 0.0)
                continue;
            double got = asked * (1.0 - s->block[q * n + i]) * ratio[i];
            double miss = asked - got;
            s->trade[r * R + q] += got;
            if (s->trk[s->sec[i]] >= 0)
                s->trade[R * R * (size_t)(1 + s->trk[s->sec[i]]) + r * R + q] += got;
            s->unmet_r[q] += miss;
            u += miss;
        }
        s->unmet[i] = u;
    }
}
