/* Licensing as a process (docs/model.md, "Licensing"): the blocked share of an export
 * restriction with `review_days` R and an `approval` schedule. Orders are applications;
 * those made on day a are decided on day a + R at the rate in force for day a, and the
 * approved ones ship then. Nothing ships before start + R. Shipments on day t are the
 * orders on the link that day (the model keeps no queue per link: with steady orders they
 * equal the applications of day t - R) times rate(t - R): blocked 1 - rate(t - R). */
#include "sim/internal.h"

int ts_sim_licence_active(const ts_event *ev)
{
    return ev->review_days > 0 || ev->n_approval > 0;
}

double ts_sim_licence_blocked(const ts_event *ev, int t)
{
    int a = t - ev->review_days; /* day the applications decided today were made */
    if (a < ev->start)
        return 1.0;
    double rate = 1.0 - ev->share; /* before the first `from`: the simple form */
    for (size_t k = 0; k < ev->n_approval && ev->approval_from[k] <= a; k++)
        rate = ev->approval_rate[k];
    return 1.0 - rate;
}
