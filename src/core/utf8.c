/* UTF-8 validation, cutting and checks of text inputs (core/utf8.h). */
#include "core/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/* Length of the valid sequence at s (1-4), 0 if invalid or truncated. */
static size_t seq_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    size_t k;
    unsigned cp, min;
    if ((c & 0xE0) == 0xC0) {
        k = 2;
        cp = c & 0x1F;
        min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        k = 3;
        cp = c & 0x0F;
        min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        k = 4;
        cp = c & 0x07;
        min = 0x10000;
    } else
        return 0;
    if (n < k)
        return 0;
    for (size_t i = 1; i < k; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return k;
}

size_t ts_utf8_valid_prefix(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t k = seq_len(u + i, n - i);
        if (!k)
            return i;
        i += k;
    }
    return n;
}

int ts_utf8_valid(const char *s)
{
    if (!s)
        return 1;
    size_t n = strlen(s);
    return ts_utf8_valid_prefix(s, n) == n;
}

size_t ts_utf8_cut(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max)
        return n;
    size_t k = max;
    while (k > 0 && (((unsigned char)s[k]) & 0xC0) == 0x80)
        k--; /* s[k] starts a character (or is the end): cut before it */
    return k;
}

size_t ts_utf8_chars(const char *s)
{
    size_t c = 0;
    for (; s && *s; s++)
        c += (((unsigned char)*s) & 0xC0) != 0x80;
    return c;
}

/* Byte offset of the start of character number @p k (or the end). */
static size_t char_offset(const char *s, size_t k)
{
    size_t c = 0, i = 0;
    for (; s[i]; i++)
        if ((((unsigned char)s[i]) & 0xC0) != 0x80 && c++ == k)
            return i;
    return i;
}

char *ts_utf8_shorten(const char *s, size_t max_chars)
{
    if (!s)
        return NULL;
    if (ts_utf8_chars(s) <= max_chars || max_chars < 4)
        return ts_asprintf("%.*s", (int)char_offset(s, max_chars), s);
    return ts_asprintf("%.*s...", (int)char_offset(s, max_chars - 3), s);
}

char *ts_utf8_field(char *buf, size_t size, const char *s, size_t width)
{
    if (!s)
        s = "";
    size_t off = char_offset(s, width), chars = ts_utf8_chars(s);
    size_t pad = chars < width ? width - chars : 0;
    snprintf(buf, size, "%.*s%*s", (int)off, s, (int)pad, "");
    return buf;
}

ts_status ts_utf8_check_text(const char *path, const char *s, size_t n, long line0, long col0,
                             ts_error *err)
{
    size_t ok = ts_utf8_valid_prefix(s, n);
    const char *nul = memchr(s, 0, ok);
    if (ok == n && !nul)
        return TS_OK;
    size_t at = nul ? (size_t)(nul - s) : ok;
    long line = line0, col = col0 > 0 ? col0 : 1;
    for (size_t i = 0; i < at; i++) {
        if (s[i] == '\n') {
            line++;
            col = 1;
        } else if ((((unsigned char)s[i]) & 0xC0) != 0x80)
            col++;
    }
    if (col0 < 0)
        return ts_error_set(err, TS_ERR_INPUT, path, line, -col0, NULL,
                            "column %ld: %s (byte 0x%02X); the file must be UTF-8: save it as "
                            "UTF-8 (e.g. iconv -f LATIN1 -t UTF-8)",
                            -col0, nul ? "a NUL byte" : "not valid UTF-8",
                            (unsigned)(unsigned char)s[at]);
    return ts_error_set(err, TS_ERR_INPUT, path, line, col, NULL,
                        "%s (byte 0x%02X); the file must be UTF-8: save it as UTF-8 (e.g. "
                        "iconv -f LATIN1 -t UTF-8)",
                        nul ? "a NUL byte" : "not valid UTF-8", (unsigned)(unsigned char)s[at]);
}

ts_status ts_utf8_check_file(const char *path, size_t max_bytes, ts_error *err)
{
    if (ts_is_dir(path))
        return ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL, "is a folder; expected a file");
    FILE *f = fopen(path, "rb");
    if (!f)
        return TS_OK; /* the reader reports a missing or unreadable file in its words */
    char *buf = malloc(max_bytes + 1);
    if (!buf) {
        fclose(f);
        return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    size_t n = fread(buf, 1, max_bytes + 1, f);
    int bad = ferror(f);
    fclose(f);
    ts_status st = TS_OK;
    if (bad)
        st = ts_error_set(err, TS_ERR_IO, path, 0, 0, NULL, "read error");
    else if (n > max_bytes)
        st = ts_error_set(err, TS_ERR_INPUT, path, 0, 0, NULL,
                          "larger than %zu bytes: too large for this kind of file", max_bytes);
    else
        st = ts_utf8_check_text(path, buf, n, 1, 1, err);
    free(buf);
    return st;
}

void ts_utf8_sanitize(char *s)
{
    if (!s)
        return;
    size_t n = strlen(s), i = 0;
    while (i < n) {
        size_t ok = ts_utf8_valid_prefix(s + i, n - i);
        i += ok;
        if (i < n)
            s[i++] = '?';
    }
}
