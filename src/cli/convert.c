/* tradeshock convert INPUT -o DIR [--split SPEC.yaml] */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "tradeshock/mrio.h"

static void usage(FILE *f)
{
    fputs("usage: tradeshock convert INPUT -o DIR [--split SPEC.yaml]\n"
          "\n"
          "Read a table (any supported format) and write it as a native table folder DIR.\n"
          "  --split SPEC.yaml   split one sector into itself and a new product\n"
          "                      (docs/formats.md, \"Sector split\"; e.g. data/ree-split-agg10.yaml)\n",
          f);
}

int ts_cli_convert(int argc, char **argv)
{
    const char *in = NULL, *out = NULL, *split = NULL;
    for (int a = 1; a < argc; a++) {
        if (!strcmp(argv[a], "-h") || !strcmp(argv[a], "--help")) {
            usage(stdout);
            return 0;
        } else if ((!strcmp(argv[a], "-o") || !strcmp(argv[a], "--output")) && a + 1 < argc) {
            out = argv[++a];
        } else if (!strcmp(argv[a], "--split") && a + 1 < argc) {
            split = argv[++a];
        } else if (argv[a][0] != '-' && !in) {
            in = argv[a];
        } else {
            fprintf(stderr, "tradeshock: error: convert: unexpected argument '%s'\n", argv[a]);
            usage(stderr);
            return 2;
        }
    }
    if (!in || !out) {
        fprintf(stderr, "tradeshock: error: convert: INPUT and -o DIR are required\n");
        usage(stderr);
        return 2;
    }
    ts_error err;
    ts_error_clear(&err);
    ts_mrio *m = NULL, *s = NULL;
    ts_split_spec *spec = NULL;
    ts_status st = ts_mrio_read(in, &ts_cli_stderr_logger, &m, &err);
    if (!st && split) {
        st = ts_split_spec_read(split, m, &spec, &err);
        if (!st)
            st = ts_mrio_split_sector(m, spec, &s, &err);
        if (!st) {
            ts_mrio_free(m);
            m = s;
        }
    }
    if (!st)
        st = ts_mrio_write_native(m, out, &err);
    int rc = st ? ts_cli_fail(&err) : 0;
    if (!st)
        printf("wrote %s: %zu regions x %zu sectors (%zu industries), %zu final-demand categories\n",
               out, m->R, m->S, m->n, m->F);
    ts_split_spec_free(spec);
    ts_mrio_free(m);
    return rc;
}
