/* Private helpers of src/history/ (observations, comparison, calibration). */
#ifndef TS_HISTORY_INTERNAL_H
#define TS_HISTORY_INTERNAL_H

/* YYYY-MM-DD -> days since 1970-01-01; 0 ok, -1 not a valid date. */
int hs_parse_date(const char *s, long *day);
/* A period: YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY or A..B (inclusive); 0 ok, -1 bad. */
int hs_parse_period(const char *s, long *first, long *last);

#endif
