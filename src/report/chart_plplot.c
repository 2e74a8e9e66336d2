/* PLplot plumbing shared by every chart (chart_internal.h): streams, palette, error
 * handling, axes with our own labels, legends. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <plplot.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "core/util.h"
#include "report/chart_internal.h"

/* PLplot reports errors through process-wide handlers; charts are drawn one at a time
 * (report.h says so), so one jump target and one message suffice. */
static jmp_buf *chart_jmp;
static char chart_msg[256];
static int chart_aborted;

static int on_plexit(const char *msg)
{
    snprintf(chart_msg, sizeof chart_msg, "%s", msg ? msg : "fatal error");
    if (chart_jmp)
        longjmp(*chart_jmp, 1);
    return 1;
}

static void on_plabort(const char *msg)
{
    snprintf(chart_msg, sizeof chart_msg, "%s", msg ? msg : "error");
    chart_aborted = 1;
}

#if defined(__SANITIZE_ADDRESS__)
/* Sanitizer builds (TS_SANITIZE): fontconfig, which PLplot's pngcairo device loads through
 * cairo and pango, keeps its font caches until the process ends, by design; LeakSanitizer
 * would report them at exit. Any program that draws charts links this file. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}
#endif

int ts_chart_png_available(void)
{
    const char *menu[128], *names[128];
    const char **pm = menu, **pn = names;
    int n = 128;
    plgDevs(&pm, &pn, &n);
    for (int k = 0; k < n; k++)
        if (pn[k] && !strcmp(pn[k], "pngcairo"))
            return 1;
    return 0;
}

static const unsigned char palette[N_COL][3] = {
    {255, 255, 255}, {34, 34, 34},    {225, 225, 225}, {110, 110, 110}, /* bg fg grid muted */
    {31, 119, 180},  {214, 39, 40},   {44, 160, 44},   {255, 127, 14},  {148, 103, 189},
    {140, 86, 75},   {227, 119, 194}, {127, 127, 127}, {188, 189, 34},  {23, 190, 207},
    {222, 235, 247}, {158, 202, 225}, {66, 146, 198},  {8, 69, 148}, /* fan: light to dark */
};

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcmp(s + a - b, suffix);
}

/* The file PLplot wrote: not empty, and a whole SVG document for the svg device. */
static int file_ok(const char *path, int svg)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    char tail[64] = {0};
    int ok = fseek(f, 0, SEEK_END) == 0 && ftell(f) > 64;
    if (ok && svg) {
        fseek(f, -(long)(sizeof tail - 1), SEEK_END);
        size_t k = fread(tail, 1, sizeof tail - 1, f);
        tail[k] = 0;
        ok = strstr(tail, "</svg>") != NULL;
    }
    fclose(f);
    return ok;
}

ts_status chart_run(const char *path, const ts_chart *c, int w, int h, chart_draw_fn draw,
                    const void *data, ts_error *err)
{
    static const ts_chart none = {0};
    int svg = ends_with(path, ".svg");
    if (!svg && !ends_with(path, ".png"))
        return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                            "chart file name must end in .svg or .png");
    if (!svg && !ts_chart_png_available())
        return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                            "PLplot has no pngcairo device (Debian package plplot-driver-cairo)");
    FILE *probe = fopen(path, "wb");
    if (!probe)
        return ts_error_set(err, TS_ERR_IO, path, 0, 0, NULL, "cannot create file");
    fclose(probe);
    chart_state *cs = calloc(1, sizeof *cs);
    if (!cs)
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    cs->c = c ? c : &none;
    cs->path = path;
    cs->svg = svg;
    cs->w = cs->c->width > 0 ? cs->c->width : w;
    cs->h = cs->c->height > 0 ? cs->c->height : h;
    plgstrm(&cs->old_stream);
    plsexit(on_plexit);
    plsabort(on_plabort);
    chart_aborted = 0;
    chart_msg[0] = 0;
    jmp_buf jb;
    if (setjmp(jb)) { /* PLplot hit a fatal error: its stream is abandoned */
        chart_jmp = NULL;
        plsstrm(cs->old_stream);
        remove(path);
        ts_status st = ts_error_set(err, TS_ERR_IO, path, 0, 0, NULL, "PLplot: %s", chart_msg);
        free(cs);
        return st;
    }
    chart_jmp = &jb;
    plmkstrm(&cs->stream);
    plsdev(cs->svg ? "svg" : "pngcairo");
    plsfnam(path);
    plspage(0, 0, cs->w, cs->h, 0, 0);
    PLINT r[N_COL], g[N_COL], b[N_COL];
    for (int k = 0; k < N_COL; k++) {
        r[k] = palette[k][0];
        g[k] = palette[k][1];
        b[k] = palette[k][2];
    }
    plscmap0(r, g, b, N_COL);
    plinit();
    pladv(0);
    /* PLplot scales text with the mean of the page's sides: undo that, so that every
     * chart shows the same text size (about 10 pt) whatever its size */
    cs->chr = 0.85 * 700.0 / (0.5 * (cs->w + cs->h));
    plschr(0, cs->chr);
    draw(cs, data);
    plend1();
    chart_jmp = NULL;
    plsstrm(cs->old_stream);
    ts_status st = TS_OK;
    if (chart_aborted)
        st = ts_error_set(err, TS_ERR_IO, path, 0, 0, NULL, "PLplot: %s", chart_msg);
    else if (!file_ok(path, cs->svg))
        st = ts_error_set(err, TS_ERR_IO, path, 0, 0, NULL, "PLplot wrote no complete chart");
    if (st)
        remove(path);
    free(cs);
    return st;
}

char *chart_escape(const char *s)
{
    if (!s)
        s = "";
    size_t k = 0;
    char *d = malloc(2 * strlen(s) + 1);
    if (!d)
        return NULL;
    /* PLplot aborts on malformed UTF-8: a byte that does not start a valid character
     * (a label cut elsewhere, a results folder from another tool) becomes '?' */
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        size_t ok = ts_utf8_valid_prefix(s + i, len - i < 4 ? len - i : 4);
        size_t step = 1;
        if (!ok)
            d[k++] = '?';
        else {
            while (step < ok && (((unsigned char)s[i + step]) & 0xC0) == 0x80)
                step++;
            memcpy(d + k, s + i, step);
            k += step;
            if (s[i] == '#')
                d[k++] = '#';
        }
        i += step;
    }
    d[k] = 0;
    return d;
}

void chart_fmt_number(char *buf, size_t len, double v, int dec)
{
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%.*f", dec, fabs(v));
    if (!strcmp(tmp, "0") || strspn(tmp, "0.") == strlen(tmp))
        v = 0; /* no "-0" */
    char *dot = strchr(tmp, '.');
    size_t ilen = dot ? (size_t)(dot - tmp) : strlen(tmp), o = 0;
    char out[96];
    if (v < 0)
        out[o++] = '-';
    for (size_t k = 0; k < ilen; k++) {
        out[o++] = tmp[k];
        if ((ilen - k - 1) % 3 == 0 && k + 1 < ilen)
            out[o++] = ',';
    }
    snprintf(out + o, sizeof out - o, "%s", dot ? dot : "");
    snprintf(buf, len, "%s", out);
}

double chart_nice_step(double range, int n, int *decimals)
{
    if (!(range > 0) || !isfinite(range))
        range = 1;
    double raw = range / (n > 0 ? n : 5), mag = pow(10, floor(log10(raw))), f = raw / mag;
    double step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
    int d = (int)-floor(log10(step) + 1e-9);
    if (decimals)
        *decimals = d > 0 ? d : 0;
    return step;
}

static void label_fn(PLINT axis, PLFLT v, char *label, PLINT len, PLPointer data)
{
    const chart_state *cs = data;
    chart_axis_kind kind = axis == PL_X_AXIS ? cs->xkind : cs->ykind;
    int dec = axis == PL_X_AXIS ? cs->xdec : cs->ydec, y, m, d;
    switch (kind) {
    case AX_DATE:
        ts_civil_from_days(cs->day0 + lround(v), &y, &m, &d);
        snprintf(label, (size_t)len, "%04d-%02d-%02d", y, m, d);
        break;
    case AX_DAY: snprintf(label, (size_t)len, "%ld", lround(v)); break;
    case AX_NUMBER: chart_fmt_number(label, (size_t)len, v, dec); break;
    default: label[0] = 0; break;
    }
}

void chart_day_axis(chart_state *cs, const ts_chart *c)
{
    int y, m, d;
    cs->xkind = AX_DAY;
    if (c && c->start_date && sscanf(c->start_date, "%4d-%2d-%2d", &y, &m, &d) == 3 &&
        ts_valid_date(y, m, d)) {
        cs->xkind = AX_DATE;
        cs->day0 = ts_days_from_civil(y, m, d);
    }
}

/* Tick step of an axis spanning @p range with room for about @p n labels. */
static double tick_step(chart_axis_kind kind, double range, int n, int *dec)
{
    static const double days[] = {1, 2, 5, 7, 14, 30, 61, 91, 182, 365, 730, 1461, 3652};
    *dec = 0;
    if (kind == AX_DAY || kind == AX_DATE) {
        for (size_t k = 0; k < sizeof days / sizeof days[0]; k++)
            if (range / days[k] <= n)
                return days[k];
        return chart_nice_step(range, n, NULL);
    }
    return kind == AX_NONE ? 0 : chart_nice_step(range, n, dec);
}

static void mtex(const char *side, double disp, double pos, double just, const char *text)
{
    char *e = chart_escape(text);
    if (e)
        plmtex(side, disp, pos, just, e);
    free(e);
}

void chart_frame(chart_state *cs, double vx0, double vx1, double vy0, double vy1, double xmin,
                 double xmax, double ymin, double ymax)
{
    plvpor(vx0, vx1, vy0, vy1);
    plwind(xmin, xmax, ymin, ymax);
    /* as many x labels as fit: about 8 px per character plus a gap */
    double label_px = cs->xkind == AX_DATE ? 95.0 : 60.0;
    if (cs->xkind == AX_NUMBER) {
        char a[64], b[64];
        int dec;
        chart_nice_step(xmax - xmin, 6, &dec);
        chart_fmt_number(a, sizeof a, xmax, dec);
        chart_fmt_number(b, sizeof b, xmin, dec);
        label_px = 8.0 * (double)(strlen(a) > strlen(b) ? strlen(a) : strlen(b)) + 24;
    }
    int nx = (int)((vx1 - vx0) * cs->w / label_px);
    double xt = tick_step(cs->xkind, xmax - xmin, nx < 2 ? 2 : nx > 6 ? 6 : nx, &cs->xdec);
    double yt = tick_step(cs->ykind, ymax - ymin, 6, &cs->ydec);
    plcol0(COL_GRID);
    plwidth(0.6);
    plbox(cs->xkind == AX_NONE ? "" : "g", xt, 0, cs->ykind == AX_NONE ? "" : "g", yt, 0);
    plcol0(COL_FG);
    plwidth(1);
    plslabelfunc(label_fn, cs);
    plbox(cs->xkind == AX_NONE ? "bc" : "bcnsto", xt, 0, cs->ykind == AX_NONE ? "bc" : "bcnstvo",
          yt, 0);
    plslabelfunc(NULL, NULL);
    const ts_chart *c = cs->c;
    const char *xl = c->xlabel ? c->xlabel : cs->xkind == AX_DATE ? "date"
                                            : cs->xkind == AX_DAY ? "day" : "";
    mtex("b", 2.8, 0.5, 0.5, xl);
    plcol0(COL_MUTED);
    if (c->ylabel)
        mtex("t", 0.7, 0.0, 0.0, c->ylabel);
    plcol0(COL_FG);
    if (c->title) {
        plschr(0, 1.25 * cs->chr);
        mtex("t", 2.0, (0.015 - vx0) / (vx1 - vx0), 0.0, c->title); /* from the page's left */
        plschr(0, cs->chr);
    }
}

double chart_legend_edge(const char *const *names, size_t n, int w)
{
    size_t mx = 0;
    for (size_t k = 0; k < n; k++)
        if (names[k] && strlen(names[k]) > mx)
            mx = strlen(names[k]);
    double e = 1.0 - (8.5 * (double)mx + 60.0) / (double)w;
    return e < 0.5 ? 0.5 : e > 0.9 ? 0.9 : e;
}

void chart_legend(const char *const *names, size_t n, const int *colors, const int *is_line,
                  const int *styles)
{
    if (!n)
        return;
    PLINT *opt = calloc(n, sizeof *opt), *col = calloc(n, sizeof *col),
          *tcol = calloc(n, sizeof *tcol), *sty = calloc(n, sizeof *sty),
          *pat = calloc(n, sizeof *pat);
    PLFLT *lw = calloc(n, sizeof *lw), *bs = calloc(n, sizeof *bs), *bw = calloc(n, sizeof *bw);
    char **txt = calloc(n, sizeof *txt);
    int ok = opt && col && tcol && sty && pat && lw && bs && bw && txt;
    for (size_t k = 0; ok && k < n; k++) {
        int line = !is_line || is_line[k];
        opt[k] = line ? PL_LEGEND_LINE : PL_LEGEND_COLOR_BOX;
        col[k] = colors[k];
        tcol[k] = COL_FG;
        sty[k] = styles ? styles[k] : 1;
        lw[k] = 2.0;
        bs[k] = 0.9;
        bw[k] = 1.0;
        txt[k] = chart_escape(names[k]);
        ok = txt[k] != NULL;
    }
    if (ok) {
        /* pllegend sizes its text from PLplot's default height, not the current one that
         * chart_run() set for this page: 0.8 of the current text on every page size */
        PLFLT lwid, lhei, def, cur;
        plgchr(&def, &cur);
        PLFLT scale = def > 0 ? 0.8 * cur / def : 0.9;
        pllegend(&lwid, &lhei, PL_LEGEND_BACKGROUND,
                 PL_POSITION_RIGHT | PL_POSITION_OUTSIDE, 0.015, 0.0, 0.05,
                 COL_BG, COL_FG, 1, 0, 0, (PLINT)n, opt, 0.6, scale, 2.0, 0.0, tcol,
                 (const char *const *)txt, col, pat, bs, bw, col, sty, lw, NULL, NULL, NULL,
                 NULL);
    }
    for (size_t k = 0; txt && k < n; k++)
        free(txt[k]);
    free(opt), free(col), free(tcol), free(sty), free(pat), free(lw), free(bs), free(bw), free(txt);
}
