/* Built against an installed libtradeshock with `pkg-config --cflags --libs tradeshock`. */
#include <stdio.h>
#include <tradeshock/mrio.h>
#include <tradeshock/sim.h>

int main(int argc, char **argv)
{
    ts_mrio *m = NULL;
    ts_error err;
    if (argc < 2 || ts_mrio_read(argv[1], NULL, &m, &err))
        return fprintf(stderr, "%s\n", argc < 2 ? "usage: program TABLE" : err.msg), 2;
    printf("%zu regions x %zu sectors; stable stock at tau 60: %g days\n", m->R, m->S,
           ts_sim_min_inventory_days(60));
    ts_mrio_free(m);
    return 0;
}
