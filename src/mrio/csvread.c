/* Row-by-row CSV reading on top of libcsv, with physical line numbers (csvread.h).
 *
 * The file is fed to libcsv one physical line at a time, so that every field callback
 * knows the line it ends on; libcsv keeps its state across calls, so quoted fields that
 * span lines still work. */
#define _POSIX_C_SOURCE 200809L
#include "mrio/csvread.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "core/infile.h"
#include "core/util.h"

/* Longest physical line read: tables have lines of a few hundred kB (EXIOBASE: ~200 kB);
 * anything longer is not a table, and reading it whole could exhaust memory. */
#define MAX_LINE ((size_t)64 << 20)

/* getline() with a cap: the length, -1 at the end, -2 when the line is longer than
 * MAX_LINE, -3 out of memory. */
static long read_line(FILE *f, char **buf, size_t *cap)
{
    size_t n = 0;
    int c;
    while ((c = getc_unlocked(f)) != EOF) {
        if (n + 2 > *cap) {
            if (n >= MAX_LINE)
                return -2;
            size_t nc = *cap ? *cap * 2 : 4096;
            char *b = realloc(*buf, nc);
            if (!b)
                return -3;
            *buf = b;
            *cap = nc;
        }
        (*buf)[n++] = (char)c;
        if (c == '\n')
            break;
    }
    if (!n)
        return -1;
    (*buf)[n] = 0;
    return (long)n;
}

typedef struct reader {
    char *buf;          /* field texts, each NUL-terminated, back to back */
    size_t len, cap;
    size_t *offs;       /* [nf] start of each field in buf */
    long *lines;        /* [nf] line each field ended on */
    char **ptrs;        /* [nf] pointers handed to the callback */
    size_t nf, fcap;
    long line;          /* physical line being parsed */
    long row_end;       /* line on which the last record ended */
    long rec_start;     /* first non-blank line after row_end: where an open record began */
    size_t index;       /* records seen so far */
    ts_csv_row_fn fn;
    void *user;
    const char *path;
    ts_error *err;
    ts_status st;       /* first failure (callback or memory) */
} reader;

static int grow_fields(reader *r)
{
    size_t cap = r->fcap ? 2 * r->fcap : 64;
    size_t *o = realloc(r->offs, cap * sizeof *o);
    if (!o)
        return -1;
    r->offs = o;
    long *l = realloc(r->lines, cap * sizeof *l);
    if (!l)
        return -1;
    r->lines = l;
    char **p = realloc(r->ptrs, cap * sizeof *p);
    if (!p)
        return -1;
    r->ptrs = p;
    r->fcap = cap;
    return 0;
}

static void on_field(void *s, size_t len, void *data)
{
    reader *r = data;
    if (r->st)
        return;
    if (r->nf == r->fcap && grow_fields(r))
        goto nomem;
    if (r->len + len + 1 > r->cap) {
        size_t cap = r->cap ? r->cap : 4096;
        while (cap < r->len + len + 1)
            cap *= 2;
        char *b = realloc(r->buf, cap);
        if (!b)
            goto nomem;
        r->buf = b;
        r->cap = cap;
    }
    if (len)
        memcpy(r->buf + r->len, s, len);
    r->buf[r->len + len] = 0;
    r->offs[r->nf] = r->len;
    r->lines[r->nf] = r->line;
    r->nf++;
    r->len += len + 1;
    return;
nomem:
    r->st = ts_error_set(r->err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory reading CSV");
}

static void on_row(int c, void *data)
{
    (void)c;
    reader *r = data;
    if (r->st) {
        r->nf = r->len = 0;
        return;
    }
    if (r->nf == 0)
        return;
    for (size_t k = 0; k < r->nf; k++) {
        r->ptrs[k] = r->buf + r->offs[k];
        /* labels go into JSON, NetCDF and HTML: only valid UTF-8 gets in */
        size_t len = strlen(r->ptrs[k]);
        if (ts_utf8_valid_prefix(r->ptrs[k], len) != len) {
            r->st = ts_utf8_check_text(r->path, r->ptrs[k], len, r->lines[k], -(long)(k + 1),
                                       r->err);
            r->nf = r->len = 0;
            return;
        }
    }
    r->row_end = r->line;
    ts_csv_row row = {r->nf, r->ptrs, r->lines, r->lines[0], r->index};
    r->st = r->fn(r->user, &row, r->err);
    r->index++;
    r->nf = r->len = 0;
}

/* Only the space is blank around unquoted fields of a tab-separated file (a tab there is
 * the delimiter, never padding). */
static int is_space_only(unsigned char c)
{
    return c == ' ';
}

ts_status ts_csv_read(const char *path, const char *what_expected, ts_csv_row_fn fn, void *user,
                      ts_error *err)
{
    return ts_csv_read_delim(path, ',', what_expected, fn, user, err);
}

ts_status ts_csv_read_delim(const char *path, char delim, const char *what_expected,
                            ts_csv_row_fn fn, void *user, ts_error *err)
{
    FILE *f = NULL;
    ts_status ost = ts_open_input(path, what_expected, &f, err);
    if (ost)
        return ost;
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        fclose(f);
        return ts_error_set(err, TS_ERR_NOMEM, path, 0, 0, NULL, "out of memory (csv_init)");
    }
    csv_set_delim(&p, (unsigned char)delim);
    if (delim == '\t')
        csv_set_space_func(&p, is_space_only);
    reader r = {0};
    r.fn = fn;
    r.user = user;
    r.path = path;
    r.err = err;
    char *line = NULL;
    size_t lcap = 0;
    long k;
    while (!r.st && (k = read_line(f, &line, &lcap)) >= 0) {
        r.line++;
        const char *s = line;
        size_t n = (size_t)k;
        if (r.line == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
            s += 3; /* UTF-8 byte-order mark (Excel, some R/Windows exports) */
            n -= 3;
        }
        if (memchr(s, 0, n)) {
            r.st = ts_error_set(err, TS_ERR_INPUT, path, r.line, 0, NULL,
                                "a NUL byte: not a text file (expected %s)", what_expected);
            break;
        }
        if (r.rec_start <= r.row_end && strspn(s, " \t\r\n") < n)
            r.rec_start = r.line;
        if (csv_parse(&p, s, n, on_field, on_row, &r) != n && !r.st)
            r.st = ts_error_set(err, TS_ERR_INPUT, path, r.line, 0, NULL,
                                "malformed CSV: %s (a quote inside an unquoted field, or text "
                                "after a closing quote); expected %s-separated fields, "
                                "quoted with \"...\" where needed",
                                csv_strerror(csv_error(&p)), delim == '\t' ? "tab" : "comma");
    }
    if (!r.st && k == -2)
        r.st = ts_error_set(err, TS_ERR_INPUT, path, r.line + 1, 0, NULL,
                            "line longer than %zu MiB: not a table file (expected %s)",
                            MAX_LINE >> 20, what_expected);
    if (!r.st && k == -3)
        r.st = ts_error_set(err, TS_ERR_NOMEM, path, r.line + 1, 0, NULL, "out of memory");
    if (!r.st && ferror(f))
        r.st = ts_error_set(err, TS_ERR_IO, path, r.line, 0, NULL, "read error: %s",
                            strerror(errno));
    if (!r.st && csv_fini(&p, on_field, on_row, &r) != 0 && !r.st)
        r.st = ts_error_set(err, TS_ERR_INPUT, path, r.rec_start, 0, NULL,
                            "malformed CSV: a quoted field in the record that starts on this "
                            "line is still open at the end of the file (line %ld); expected "
                            "a closing \"",
                            r.line);
    if (!r.st && r.index == 0)
        r.st = ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                            "the file is empty; expected %s", what_expected);
    csv_free(&p);
    free(line);
    free(r.buf);
    free(r.offs);
    free(r.lines);
    free(r.ptrs);
    fclose(f);
    return r.st;
}
