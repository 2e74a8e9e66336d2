/* Label look-up for table readers (labels.h). */
#include "mrio/labels.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

struct ts_strmap {
    char **keys;   /* [cap], NULL = empty slot */
    long *vals;    /* [cap] */
    size_t cap;    /* power of two */
    size_t count;
};

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

ts_strmap *ts_strmap_create(size_t expected)
{
    ts_strmap *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->cap = 16;
    while (m->cap < 2 * expected + 1)
        m->cap *= 2;
    m->keys = calloc(m->cap, sizeof *m->keys);
    m->vals = calloc(m->cap, sizeof *m->vals);
    if (!m->keys || !m->vals) {
        ts_strmap_free(m);
        return NULL;
    }
    return m;
}

void ts_strmap_free(ts_strmap *m)
{
    if (!m)
        return;
    if (m->keys)
        for (size_t i = 0; i < m->cap; i++)
            free(m->keys[i]);
    free(m->keys);
    free(m->vals);
    free(m);
}

static size_t slot_of(const ts_strmap *m, const char *key)
{
    size_t i = (size_t)hash_str(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

static int rehash(ts_strmap *m)
{
    ts_strmap big = {0};
    big.cap = m->cap * 2;
    big.keys = calloc(big.cap, sizeof *big.keys);
    big.vals = calloc(big.cap, sizeof *big.vals);
    if (!big.keys || !big.vals) {
        free(big.keys);
        free(big.vals);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i]) {
            size_t j = slot_of(&big, m->keys[i]);
            big.keys[j] = m->keys[i];
            big.vals[j] = m->vals[i];
        }
    free(m->keys);
    free(m->vals);
    m->keys = big.keys;
    m->vals = big.vals;
    m->cap = big.cap;
    return 0;
}

int ts_strmap_put(ts_strmap *m, const char *key, long value, long *old)
{
    if (2 * (m->count + 1) > m->cap && rehash(m))
        return -1;
    size_t i = slot_of(m, key);
    if (m->keys[i]) {
        if (old)
            *old = m->vals[i];
        return 1;
    }
    m->keys[i] = ts_strdup(key);
    if (!m->keys[i])
        return -1;
    m->vals[i] = value;
    m->count++;
    return 0;
}

long ts_strmap_get(const ts_strmap *m, const char *key)
{
    size_t i = slot_of(m, key);
    return m->keys[i] ? m->vals[i] : -1;
}

ts_status ts_combined_labels(const ts_label *a, size_t na, const ts_label *b, size_t nb,
                             const char *a_file, const char *b_file, ts_strmap **out,
                             ts_error *err)
{
    *out = NULL;
    ts_strmap *m = ts_strmap_create(na * nb);
    if (!m)
        goto nomem;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++) {
            char *lab = ts_asprintf("%s_%s", a[i].code, b[j].code);
            if (!lab)
                goto nomem;
            long old = -1;
            int r = ts_strmap_put(m, lab, (long)(i * nb + j), &old);
            free(lab);
            if (r < 0)
                goto nomem;
            if (r > 0) {
                size_t oi = (size_t)old / nb, oj = (size_t)old % nb;
                ts_strmap_free(m);
                return ts_error_set(err, TS_ERR_INPUT, a_file, 0, 0, NULL,
                                    "ambiguous labels: '%s' + '%s' (%s) and '%s' + '%s' both "
                                    "give '%s_%s'; expected codes that make every "
                                    "<code>_<code> label unique (see also %s)",
                                    a[oi].code, b[oj].code, a_file, a[i].code, b[j].code,
                                    a[i].code, b[j].code, b_file);
            }
        }
    *out = m;
    return TS_OK;
nomem:
    ts_strmap_free(m);
    return ts_error_set(err, TS_ERR_NOMEM, NULL, 0, 0, NULL, "out of memory indexing labels");
}

void ts_list_codes(const ts_label *l, size_t k, size_t max, char *buf, size_t len)
{
    size_t off = 0;
    buf[0] = 0;
    for (size_t i = 0; i < k && i < max && off < len; i++)
        off += (size_t)snprintf(buf + off, len - off, "%s%s", i ? ", " : "", l[i].code);
    if (k > max && off < len)
        snprintf(buf + off, len - off, ", ... (%zu in all)", k);
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static int same_nocase(const char *x, const char *y)
{
    for (; *x && *y; x++, y++)
        if (tolower((unsigned char)*x) != tolower((unsigned char)*y))
            return 0;
    return *x == *y;
}

/* ISO 3166 alpha-2 -> alpha-3 for the economies of the common MRIO releases (hints only). */
static const char *const iso2to3 =
    "AR ARG AT AUT AU AUS BE BEL BG BGR BR BRA CA CAN CH CHE CL CHL CN CHN CO COL CY CYP "
    "CZ CZE DE DEU DK DNK EE EST ES ESP FI FIN FR FRA GB GBR UK GBR GR GRC EL GRC HR HRV "
    "HU HUN ID IDN IE IRL IL ISR IN IND IS ISL IT ITA JP JPN KR KOR LT LTU LU LUX LV LVA "
    "MT MLT MX MEX MY MYS NL NLD NO NOR NZ NZL PH PHL PL POL PT PRT RO ROU RO ROM RU RUS "
    "SA SAU SE SWE SG SGP SI SVN SK SVK TH THA TR TUR TW TWN US USA VN VNM ZA ZAF ";

static int iso_match(const char *two, const char *three)
{
    if (strlen(two) != 2 || strlen(three) != 3)
        return 0;
    for (const char *p = iso2to3; p[0]; p += 7)
        if (toupper((unsigned char)two[0]) == p[0] && toupper((unsigned char)two[1]) == p[1] &&
            strncmp(p + 3, three, 3) == 0)
            return 1;
    return 0;
}

int ts_iso2_to_iso3(const char *two, char out[4])
{
    if (strlen(two) != 2)
        return 0;
    for (const char *p = iso2to3; p[0]; p += 7)
        if (toupper((unsigned char)two[0]) == p[0] && toupper((unsigned char)two[1]) == p[1]) {
            memcpy(out, p + 3, 3);
            out[3] = 0;
            return 1;
        }
    return 0;
}

/* Append to @p buf the known codes that @p part probably meant. */
static void suggest(const char *part, const ts_label *l, size_t k, char *buf, size_t len)
{
    size_t off = strlen(buf), found = 0, plen = strlen(part);
    for (size_t i = 0; i < k && off < len; i++) {
        const char *c = l[i].code;
        int hit = same_nocase(c, part) || (plen >= 2 && starts_with(c, part)) ||
                  (strlen(c) >= 2 && starts_with(part, c)) || iso_match(part, c);
        if (!hit)
            continue;
        off += (size_t)snprintf(buf + off, len - off, "%s%s", found ? " or " : "; did you mean ",
                                c);
        found++;
    }
    if (found && off < len)
        snprintf(buf + off, len - off, "? (codes must match exactly; tradeshock does not map "
                                       "code systems by guessing)");
}

/* one substitution, insertion or deletion apart */
static int one_edit(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la < lb) {
        const char *t = a;
        a = b;
        b = t;
        size_t u = la;
        la = lb;
        lb = u;
    }
    if (la - lb > 1 || lb == 0)
        return 0;
    size_t i = 0;
    while (i < lb && a[i] == b[i])
        i++;
    return la == lb ? strcmp(a + i + 1, b + i + 1) == 0 : strcmp(a + i + 1, b + i) == 0;
}

const char *ts_label_hint(const char *word, const ts_label *l, size_t k, char *buf, size_t len)
{
    size_t off = strlen(buf), plen = strlen(word);
    const char *best = NULL;
    for (size_t i = 0; i < k && !best; i++) {
        const char *c = l[i].code;
        if (same_nocase(c, word) || (plen >= 2 && starts_with(c, word)) || iso_match(word, c))
            best = c;
    }
    for (size_t i = 0; i < k && !best; i++)
        if (plen >= 2 && one_edit(l[i].code, word))
            best = l[i].code;
    if (best && off < len)
        snprintf(buf + off, len - off, "; did you mean %s?", best);
    return best;
}

void ts_explain_label(const char *label, const ts_label *a, size_t na, const ts_label *b,
                      size_t nb, const char *b_what, const char *a_file, const char *b_file,
                      char *buf, size_t len)
{
    char known[512];
    /* The longest region code that, with '_', starts the label: then the rest is wrong. */
    size_t best = (size_t)-1, bestlen = 0;
    for (size_t i = 0; i < na; i++) {
        size_t cl = strlen(a[i].code);
        if (cl > bestlen && strncmp(label, a[i].code, cl) == 0 && label[cl] == '_') {
            best = i;
            bestlen = cl;
        }
    }
    if (best != (size_t)-1) {
        const char *rest = label + bestlen + 1;
        ts_list_codes(b, nb, 12, known, sizeof known);
        snprintf(buf, len, "%s '%s' is not in %s (known: %s)", b_what, rest, b_file, known);
        suggest(rest, b, nb, buf, len);
        return;
    }
    /* The region part is wrong: cut a known second code off the end, else split at the
     * first underscore. */
    char part[256];
    const char *us = strchr(label, '_');
    if (!us) {
        ts_list_codes(a, na, 12, known, sizeof known);
        snprintf(buf, len, "'%s' is not of the form <region>_<%s> (regions: %s)", label,
                 strcmp(b_what, "sector") == 0 ? "sector" : "category", known);
        return;
    }
    snprintf(part, sizeof part, "%.*s", (int)(us - label), label);
    for (size_t j = 0; j < nb; j++) {
        char suf[256];
        snprintf(suf, sizeof suf, "_%s", b[j].code);
        size_t ll = strlen(label), sl = strlen(suf);
        if (ll > sl && ends_with(label, suf) && ll - sl < sizeof part) {
            snprintf(part, sizeof part, "%.*s", (int)(ll - sl), label);
            break;
        }
    }
    ts_list_codes(a, na, 12, known, sizeof known);
    snprintf(buf, len, "region '%s' is not in %s (known: %s)", part, a_file, known);
    suggest(part, a, na, buf, len);
}
