/* YAML value readers of the sector-split specification (split_spec.c), used by the top
 * level (split_read.c). Errors name the file, line and key path, with the nearest code. */
#ifndef TS_MRIO_SPLIT_YAML_H
#define TS_MRIO_SPLIT_YAML_H

#include <libfyaml.h>

#include "mrio/sets.h"
#include "tradeshock/mrio.h"

typedef struct {
    const char *path;
    const ts_mrio *m;
    ts_sector_sets sets;
    const char *code; /* the new product's code (a class of its own) */
    ts_error *err;
} sy_ctx;

long sy_line_of(struct fy_node *n);
char *sy_scalar(struct fy_node *n);
int sy_number(struct fy_node *n, double *v);
ts_status sy_fail(sy_ctx *c, struct fy_node *at, const char *kp, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
ts_status sy_region_numbers(sy_ctx *c, struct fy_node *map, const char *kp, double *dst);
ts_status sy_sector_numbers(sy_ctx *c, struct fy_node *map, const char *kp, int allow_self,
                            double *dst);
ts_status sy_read_sets(sy_ctx *c, struct fy_node *v);
ts_status sy_fd_columns(sy_ctx *c, struct fy_node *seq, unsigned char **mask);
ts_status sy_buyer_regions(sy_ctx *c, struct fy_node *seq, unsigned char *mask);
ts_status sy_expand_mix(sy_ctx *c, struct fy_node *base, struct fy_node *bysec, double **out);
ts_status sy_input_origins(sy_ctx *c, struct fy_node *map, double *dst);

#endif
