#define _XOPEN_SOURCE 700
/* tradeshock convert INPUT -o OUT [--format F] [--to native|pymrio|icio]
 *                   [--aggregate-regions MAP.csv] [--aggregate-sectors MAP.csv]
 *                   [--split SPEC.yaml]
 * Read a table in any supported format (--format: the input's), optionally aggregate it
 * and split a sector, and write it as a native folder, a pymrio text folder or an ICIO
 * csv (--to: the output's). Order: read (+ checks) -> aggregate -> split -> write. */
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>

#include "cli/cli.h"
#include "core/util.h"
#include "tradeshock/mrio.h"
#include "tradeshock/synthetic.h"

static void usage(FILE *f)
{
    fputs("usage: tradeshock convert INPUT -o OUT [--format native|pymrio|icio|wiod]\n"
          "                          [--to native|pymrio|icio]\n"
          "                          [--aggregate-regions MAP.csv] [--aggregate-sectors MAP.csv]\n"
          "                          [--split SPEC.yaml]\n"
          "       tradeshock convert --synthetic REGIONSxSECTORS [--density D] [--seed K] -o DIR\n"
          "\n"
          "Read a table (any supported format, docs/formats.md), run its checks and write it\n"
          "to OUT. Steps, in this order:\n"
          "  INPUT               a native folder, a pymrio text folder (file_parameters.json),\n"
          "                      an OECD ICIO .csv file or a WIOD folder (Z_part*_rows*.csv)\n"
          "  --format F          INPUT's format instead of detecting it from INPUT\n"
          "  --to T              OUT's format: native (default; a folder), pymrio (a text\n"
          "                      folder pymrio.load_all reads) or icio (one OECD ICIO csv file)\n"
          "  --aggregate-regions MAP.csv   sum regions into groups (header code,group[,name])\n"
          "  --aggregate-sectors MAP.csv   sum sectors into groups (header code,group[,name])\n"
          "  --split SPEC.yaml   then split one sector into itself and a new product\n"
          "                      (repeatable: applied in order, each on the previous result)\n"
          "                      (docs/formats.md, \"Sector split\"; e.g. data/mag-split-agg10.yaml)\n"
          "  --synthetic RxS     instead of INPUT: generate a valid table of R regions x S sectors\n"
          "                      (made-up numbers for benchmarks; docs/formats.md, \"Synthetic tables\")\n"
          "  --density D         its share of non-zero cells of Z, in (0, 1] (default 1: dense)\n"
          "  --seed K            its random seed, a whole number (default 1); same seed, same table\n"
          "  --force             replace an existing -o (a table of the same kind only), and allow\n"
          "                      writing under the project's data/ (the shipped tables)\n"
          "\n"
          "Exit codes: 0 written (warnings possible), 2 bad input, 1 other failure.\n",
          f);
}

/* --synthetic RxS [--density D] [--seed K] (synthetic.h) */
static ts_status synthetic(const char *dims, const char *density, const char *seed, ts_mrio **out,
                           ts_error *err)
{
    ts_synthetic_spec sp = {0, 0, 1.0, 1};
    ts_status st = ts_synthetic_parse_dims(dims, &sp, err);
    if (st)
        return st;
    char *end = NULL;
    if (density) {
        sp.density = strtod(density, &end);
        if (!*density || *end || !(sp.density > 0 && sp.density <= 1))
            return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, "--density",
                                "'%s': expected a share of non-zero cells in (0, 1], e.g. 0.2",
                                density);
    }
    if (seed) {
        sp.seed = strtoull(seed, &end, 10);
        if (!*seed || *seed == '-' || *end)
            return ts_error_set(err, TS_ERR_INPUT, NULL, 0, 0, "--seed",
                                "'%s': expected a whole number >= 0", seed);
    }
    return ts_mrio_synthetic(&sp, out, err);
}

int ts_cli_convert(int argc, char **argv)
{
    const char *in = NULL, *out = NULL, *fmt = NULL, *rmap = NULL, *smap = NULL,
               *to = "native";
    const char *synth = NULL, *density = NULL, *seed = NULL;
    const char *splits[16];
    int n_splits = 0, force = 0;
    for (int a = 1; a < argc; a++) {
        const char *o = argv[a];
        int has_val = a + 1 < argc;
        if (!strcmp(o, "-h") || !strcmp(o, "--help")) {
            usage(stdout);
            return 0;
        } else if ((!strcmp(o, "-o") || !strcmp(o, "--output")) && has_val) {
            out = argv[++a];
        } else if (!strcmp(o, "--force")) {
            force = 1;
        } else if (!strcmp(o, "--split") && has_val) {
            if (n_splits == 16) {
                fprintf(stderr, "tradeshock: error: convert: at most 16 --split options\n");
                return 2;
            }
            splits[n_splits++] = argv[++a];
        } else if (!strcmp(o, "--format") && has_val) {
            fmt = argv[++a];
        } else if (!strcmp(o, "--to") && has_val) {
            to = argv[++a];
        } else if (!strcmp(o, "--aggregate-regions") && has_val) {
            rmap = argv[++a];
        } else if (!strcmp(o, "--aggregate-sectors") && has_val) {
            smap = argv[++a];
        } else if (!strcmp(o, "--synthetic") && has_val) {
            synth = argv[++a];
        } else if (!strcmp(o, "--density") && has_val) {
            density = argv[++a];
        } else if (!strcmp(o, "--seed") && has_val) {
            seed = argv[++a];
        } else if (o[0] != '-' && !in) {
            in = o;
        } else {
            fprintf(stderr, "tradeshock: error: convert: %s '%s'\n",
                    o[0] == '-' && !has_val ? "option needs a value or is unknown:"
                                            : "unexpected argument",
                    o);
            usage(stderr);
            return 2;
        }
    }
    if ((!in && !synth) || !out) {
        fprintf(stderr, "tradeshock: error: convert: INPUT (or --synthetic RxS) and -o DIR are "
                        "required\n");
        usage(stderr);
        return 2;
    }
    if (synth ? in || fmt : density || seed) {
        fprintf(stderr, "tradeshock: error: convert: %s\n",
                synth ? "--synthetic makes the table: give no INPUT and no --format"
                      : "--density and --seed go with --synthetic");
        return 2;
    }
    ts_error err;
    ts_error_clear(&err);
    int kind = !strcmp(to, "native") ? 0 : !strcmp(to, "pymrio") ? 1 : !strcmp(to, "icio") ? 2 : -1;
    if (kind < 0) {
        fprintf(stderr, "tradeshock: error: convert: --to '%s': expected native, pymrio or icio\n",
                to);
        return 2;
    }
    ts_mrio *m = NULL, *t = NULL;
    ts_split_spec *spec = NULL;
    ts_mrio_format format = TS_FORMAT_AUTO;
    ts_status st = fmt ? ts_mrio_format_parse(fmt, &format, &err) : TS_OK;
    if (!st && synth) {
        st = synthetic(synth, density, seed, &m, &err);
        if (!st) /* it passes by construction; the checks say so if it ever did not */
            st = ts_mrio_check(m, &ts_cli_stderr_logger, &err);
    }
    else if (!st)
        st = ts_mrio_read_format(in, format, &ts_cli_stderr_logger, &m, &err);
    if (!st && (rmap || smap)) {
        st = ts_mrio_aggregate(m, rmap, smap, &t, &err);
        if (!st) {
            ts_mrio_free(m);
            m = t;
        }
    }
    for (int k = 0; !st && k < n_splits; k++) {
        ts_split_report rep = {0};
        st = ts_split_spec_read(splits[k], m, &spec, &err);
        if (!st)
            st = ts_mrio_split(m, spec, &t, &rep, &err);
        if (st && !err.file[0])
            snprintf(err.file, sizeof err.file, "%s", splits[k]);
        if (!st) {
            /* what the split did: target vs built output by region, value moved */
            double tt = 0, to = 0;
            for (size_t r = 0; r < rep.R; r++) {
                tt += rep.target[r];
                to += rep.output[r];
            }
            fprintf(stderr, "split %s: %s out of %s, %.6g M USD/yr (target %.6g)%s\n", splits[k],
                    spec->code, spec->parent, to, tt,
                    rep.v2 ? "; origin mix per buyer from import_shares" : "");
            if (rep.v2) {
                fprintf(stderr, "  region   target_musd   built_musd   parent_moved_musd\n");
                for (size_t r = 0; r < rep.R; r++)
                    fprintf(stderr, "  %-8s %11.1f %12.1f %19.1f\n", m->regions[r].code,
                            rep.target[r], rep.output[r], rep.moved[r]);
                fprintf(stderr, "  parent's trade moved between origins: %.1f M USD/yr (RAS, %d "
                                "iterations)\n", rep.moved_total, rep.iterations);
            }
            ts_mrio_free(m);
            m = t;
        }
        ts_split_report_free(&rep);
        ts_split_spec_free(spec);
        spec = NULL;
    }
    /* -o may replace what this command writes (a native folder with Z.csv, a pymrio folder
     * with file_parameters.json, an ICIO csv starting "V1,"), never anything else, and
     * never the input itself */
    if (!st && !force && ts_cli_under_project_data(out))
        st = ts_error_set(&err, TS_ERR_INPUT, out, 0, 0, "-o",
                          "is under the project's data/ folder (the shipped tables): nothing is "
                          "written there without --force");
    if (!st && !force && ts_path_exists(out))
        st = ts_error_set(&err, TS_ERR_INPUT, out, 0, 0, "-o",
                          "exists; an existing table is replaced only with --force (or choose "
                          "another -o)");
    if (!st && ts_path_exists(out)) {
        static const char *marker[] = {"Z.csv", "file_parameters.json"};
        char *z = kind < 2 ? ts_asprintf("%s/%s", out, marker[kind]) : NULL;
        char head[4] = "";
        FILE *hf = kind == 2 && !ts_is_dir(out) ? fopen(out, "r") : NULL;
        if (hf) {
            if (!fgets(head, sizeof head, hf))
                head[0] = 0;
            fclose(hf);
        }
        char ri[PATH_MAX], ro[PATH_MAX];
        if (in && realpath(in, ri) && realpath(out, ro) && !strcmp(ri, ro))
            st = ts_error_set(&err, TS_ERR_INPUT, out, 0, 0, "-o",
                              "is the input table; write the result to another %s",
                              kind == 2 ? "file" : "folder");
        else if (kind < 2 && (!ts_is_dir(out) || !z || !ts_path_exists(z)))
            st = ts_error_set(&err, TS_ERR_INPUT, out, 0, 0, "-o",
                              "exists and is not a %s table folder (no %s): it would be "
                              "replaced; remove it or choose another folder",
                              to, marker[kind]);
        else if (kind == 2 && strcmp(head, "V1,"))
            st = ts_error_set(&err, TS_ERR_INPUT, out, 0, 0, "-o",
                              "exists and is not an ICIO csv written by tradeshock (it does not "
                              "start with \"V1,\"): it would be replaced; remove it or choose "
                              "another file");
        free(z);
    }
    int rc = 0;
    if (!st)
        st = kind == 0 ? ts_mrio_write_native(m, out, &err)
           : kind == 1 ? ts_mrio_write_pymrio(m, out, &err) : ts_mrio_write_icio(m, out, &err);
    if (st == TS_ERR_IO) {
        /* the writer names its temporary sibling folder; the user gave -o DIR */
        const char *why = strrchr(err.msg, ':');
        fprintf(stderr, "tradeshock: error: cannot write the table %s %s: %s; give -o a "
                        "%s you can write to\n",
                kind == 2 ? "file" : "folder", out, why && why[1] == ' ' ? why + 2 : err.msg,
                kind == 2 ? "file" : "folder");
        rc = ts_status_exit_code(st);
    } else if (st) {
        rc = ts_cli_fail(&err);
    }
    if (!st)
        printf("wrote %s (%s): %zu regions x %zu sectors (%zu industries), %zu final-demand categories\n",
               out, to, m->R, m->S, m->n, m->F);
    ts_split_spec_free(spec);
    ts_mrio_free(m);
    return rc;
}
