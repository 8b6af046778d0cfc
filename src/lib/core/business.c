/*
 * business.c - Turkish business days (okc/business.h).
 *
 * Facts (doc/business-days.md): Law 2429 gives the fixed holidays and the
 * Bayram lengths; the movable dates for 2025-2027 are Diyanet's as reported
 * for 2025-2026 and the published tables for 2027.  Holidays on a weekend
 * are not moved; the eves (arife) and 28 October are closed from 13:00.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <okc/business.h>

#include "core/internal.h"

/* One special day: a day number (days since 1970-01-01) and its kind. */
typedef struct special_day {
	int64_t day;
	okc_day_kind kind;
} special_day;

struct okc_business_calendar {
	special_day *days;      /* from files and add_closed, sorted by day */
	size_t n_days, cap_days;
	int *years;             /* years declared complete by files */
	size_t n_years, cap_years;
};

/* Fixed holidays (Law 2429 art. 1-2; 15 July since Law 7036 of 2016). */
static const struct { unsigned char m, d; okc_day_kind kind; } fixed[] = {
	{ 1, 1, OKC_DAY_HOLIDAY },   { 4, 23, OKC_DAY_HOLIDAY },
	{ 5, 1, OKC_DAY_HOLIDAY },   { 5, 19, OKC_DAY_HOLIDAY },
	{ 7, 15, OKC_DAY_HOLIDAY },  { 8, 30, OKC_DAY_HOLIDAY },
	{ 10, 28, OKC_DAY_HALF },    { 10, 29, OKC_DAY_HOLIDAY },
};

/*
 * Movable holidays: each Bayram as its eve (a half day) and its first and
 * last day.  Ramazan Bayramı lasts 3 days (the eve 0.5), Kurban Bayramı 4.
 */
static const struct { short y; unsigned char m, eve, first, last_m, last; } movable[] = {
	{ 2025, 3, 29, 30, 4, 1 },  /* Ramazan: Sat 29 Mar eve, 30 Mar - 1 Apr */
	{ 2025, 6, 5, 6, 6, 9 },    /* Kurban: Thu 5 Jun eve, 6 - 9 Jun */
	{ 2026, 3, 19, 20, 3, 22 }, /* Ramazan: Thu 19 Mar eve, 20 - 22 Mar */
	{ 2026, 5, 26, 27, 5, 30 }, /* Kurban: Tue 26 May eve, 27 - 30 May */
	{ 2027, 3, 8, 9, 3, 11 },   /* Ramazan: Mon 8 Mar eve, 9 - 11 Mar */
	{ 2027, 5, 15, 16, 5, 19 }, /* Kurban: Sat 15 May eve, 16 - 19 May */
};

static bool valid_date(okc_date d)
{
	return d.year >= 1 && d.year <= 9999 && d.month >= 1 && d.month <= 12 &&
	       d.day >= 1 && d.day <= okc__days_in_month(d.year, d.month);
}

static int64_t day_number(okc_date d)
{
	return okc__days_from_civil(d.year, (unsigned)d.month, (unsigned)d.day);
}

static okc_date date_of_day(int64_t z)
{
	int64_t y;
	unsigned m, d;
	okc__civil_from_days(z, &y, &m, &d);
	return (okc_date){ (int)y, (int)m, (int)d };
}

static bool year_known(const okc_business_calendar *cal, int year)
{
	for (size_t i = 0; i < sizeof(movable) / sizeof(movable[0]); i++)
		if (movable[i].y == year)
			return true;
	for (size_t i = 0; cal != NULL && i < cal->n_years; i++)
		if (cal->years[i] == year)
			return true;
	return false;
}

/* How closed a kind is: a holiday wins over a closure over a half day. */
static int rank(okc_day_kind k)
{
	return k == OKC_DAY_HOLIDAY ? 3 : k == OKC_DAY_CLOSED ? 2 :
	       k == OKC_DAY_HALF ? 1 : 0;
}

static int cmp_special(const void *a, const void *b)
{
	const special_day *x = a, *y = b;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	/* the most closed kind first, so a lookup finds it */
	return rank(y->kind) - rank(x->kind);
}

/* The most closed kind of `day` among the calendar's own entries, or -1. */
static int file_kind(const okc_business_calendar *cal, int64_t day)
{
	if (cal == NULL || cal->n_days == 0)
		return -1;
	size_t lo = 0, hi = cal->n_days;
	while (lo < hi) { /* first entry with .day >= day */
		size_t mid = lo + (hi - lo) / 2;
		if (cal->days[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < cal->n_days && cal->days[lo].day == day
	       ? (int)cal->days[lo].kind : -1;
}

static int builtin_kind(okc_date d)
{
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (fixed[i].m == d.month && fixed[i].d == d.day &&
		    (fixed[i].m != 7 || d.year >= 2017))
			return (int)fixed[i].kind;
	int64_t z = day_number(d);
	for (size_t i = 0; i < sizeof(movable) / sizeof(movable[0]); i++) {
		if (movable[i].y != d.year)
			continue;
		int64_t eve = okc__days_from_civil(d.year, movable[i].m,
		                                   movable[i].eve);
		int64_t first = okc__days_from_civil(d.year, movable[i].m,
		                                     movable[i].first);
		int64_t last = okc__days_from_civil(d.year, movable[i].last_m,
		                                    movable[i].last);
		if (z >= first && z <= last)
			return OKC_DAY_HOLIDAY;
		if (z == eve)
			return OKC_DAY_HALF;
	}
	return -1;
}

int okc_business_day_kind(okc_day_kind *out, const okc_business_calendar *cal,
                          okc_date d)
{
	if (out == NULL || !valid_date(d))
		return OKC_EINVAL;
	if (!year_known(cal, d.year))
		return OKC_EUNSUPPORTED;
	int64_t z = day_number(d);
	int b = builtin_kind(d), f = file_kind(cal, z);
	/* 1970-01-01 was a Thursday: day 0 -> weekday 4 (Monday = 1). */
	int64_t wd = ((z % 7) + 7 + 3) % 7 + 1;
	if (b == OKC_DAY_HOLIDAY || f == OKC_DAY_HOLIDAY)
		*out = OKC_DAY_HOLIDAY;
	else if (wd >= 6)
		*out = OKC_DAY_WEEKEND;
	else if (f == OKC_DAY_CLOSED)
		*out = OKC_DAY_CLOSED;
	else if (b == OKC_DAY_HALF || f == OKC_DAY_HALF)
		*out = OKC_DAY_HALF;
	else
		*out = OKC_DAY_WORKING;
	return OKC_OK;
}

static int is_business(bool *out, const okc_business_calendar *cal, int64_t z)
{
	okc_day_kind k;
	int rc = okc_business_day_kind(&k, cal, date_of_day(z));
	if (rc < 0)
		return rc;
	*out = k == OKC_DAY_WORKING || k == OKC_DAY_HALF;
	return OKC_OK;
}

int okc_business_days_add(okc_date *out, const okc_business_calendar *cal,
                          okc_date start, int n)
{
	if (out == NULL || n < 0 || !valid_date(start))
		return OKC_EINVAL;
	int64_t z = day_number(start);
	bool biz;
	int rc;
	if (n == 0) {
		/* Ends: every step stays in a known year or returns
		 * OKC_EUNSUPPORTED, and a known year has working days. */
		for (;;) {
			if ((rc = is_business(&biz, cal, z)) < 0)
				return rc;
			if (biz)
				break;
			z++;
		}
	}
	while (n > 0) {
		z++;
		if ((rc = is_business(&biz, cal, z)) < 0)
			return rc;
		if (biz)
			n--;
	}
	*out = date_of_day(z);
	return OKC_OK;
}

int okc_business_days_between(long *out, const okc_business_calendar *cal,
                              okc_date from, okc_date to)
{
	if (out == NULL || !valid_date(from) || !valid_date(to))
		return OKC_EINVAL;
	long n = 0;
	bool biz;
	for (int64_t z = day_number(from) + 1; z <= day_number(to); z++) {
		int rc = is_business(&biz, cal, z);
		if (rc < 0)
			return rc;
		n += biz;
	}
	*out = n;
	return OKC_OK;
}

int okc_business_date_of(okc_date *out, okc_time t)
{
	if (out == NULL)
		return OKC_EINVAL;
	/* Turkey keeps UTC+03:00 all year since 7 September 2016. */
	int64_t s = t + 3 * 3600;
	int64_t z = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
	*out = date_of_day(z);
	return valid_date(*out) ? OKC_OK : OKC_EINVAL;
}

int okc_business_date_parse(okc_date *out, const char *s)
{
	if (out == NULL || s == NULL || strlen(s) != 10 || s[4] != '-' ||
	    s[7] != '-')
		return OKC_EINVAL;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return OKC_EINVAL;
	okc_date d = { atoi(s), atoi(s + 5), atoi(s + 8) };
	if (!valid_date(d))
		return OKC_EINVAL;
	*out = d;
	return OKC_OK;
}

int okc_business_date_format(char *buf, size_t len, okc_date d)
{
	if (buf == NULL || len < 11 || !valid_date(d))
		return OKC_EINVAL;
	snprintf(buf, len, "%04d-%02d-%02d", d.year, d.month, d.day);
	return OKC_OK;
}

int okc_business_calendar_new(okc_business_calendar **out)
{
	if (out == NULL)
		return OKC_EINVAL;
	*out = calloc(1, sizeof(**out));
	return *out ? OKC_OK : OKC_ENOMEM;
}

void okc_business_calendar_free(okc_business_calendar *cal)
{
	if (cal == NULL)
		return;
	free(cal->days);
	free(cal->years);
	free(cal);
}

static int push_day(okc_business_calendar *cal, int64_t day, okc_day_kind k)
{
	if (okc__grow((void **)&cal->days, &cal->cap_days, cal->n_days + 1,
	              sizeof(*cal->days)) < 0)
		return OKC_ENOMEM;
	cal->days[cal->n_days++] = (special_day){ day, k };
	return OKC_OK;
}

int okc_business_calendar_add_closed(okc_business_calendar *cal, okc_date d)
{
	if (cal == NULL || !valid_date(d))
		return OKC_EINVAL;
	int rc = push_day(cal, day_number(d), OKC_DAY_CLOSED);
	if (rc == OKC_OK)
		qsort(cal->days, cal->n_days, sizeof(*cal->days), cmp_special);
	return rc;
}

/* Parse one line into `tmp` (a scratch calendar).  0, or OKC_EFORMAT. */
static int parse_line(okc_business_calendar *tmp, char *line)
{
	char *save = NULL, *w1 = strtok_r(line, " \t\r\n", &save);
	if (w1 == NULL || w1[0] == '#')
		return OKC_OK;
	char *w2 = strtok_r(NULL, " \t\r\n", &save);
	if (w2 == NULL)
		return OKC_EFORMAT;
	if (strcmp(w1, "year") == 0) {
		char *end;
		long y = strtol(w2, &end, 10);
		char *rest = strtok_r(NULL, " \t\r\n", &save);
		if (*end != '\0' || y < 1 || y > 9999 ||
		    (rest != NULL && rest[0] != '#'))
			return OKC_EFORMAT;
		if (okc__grow((void **)&tmp->years, &tmp->cap_years,
		              tmp->n_years + 1, sizeof(*tmp->years)) < 0)
			return OKC_ENOMEM;
		tmp->years[tmp->n_years++] = (int)y;
		return OKC_OK;
	}
	okc_date d;
	if (okc_business_date_parse(&d, w1) < 0)
		return OKC_EFORMAT;
	okc_day_kind k;
	if (strcmp(w2, "closed") == 0)
		k = OKC_DAY_CLOSED;
	else if (strcmp(w2, "half") == 0)
		k = OKC_DAY_HALF;
	else if (strcmp(w2, "holiday") == 0)
		k = OKC_DAY_HOLIDAY;
	else
		return OKC_EFORMAT;
	return push_day(tmp, day_number(d), k); /* the rest is a comment */
}

int okc_business_calendar_load(okc_business_calendar *cal, const char *path,
                               size_t *bad_line)
{
	if (bad_line)
		*bad_line = 0;
	if (cal == NULL || path == NULL)
		return OKC_EINVAL;
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return OKC_EIO;
	okc_business_calendar tmp = { 0 };
	char line[512];
	size_t lineno = 0;
	int rc = OKC_OK;
	while (rc == OKC_OK && fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			rc = OKC_EFORMAT; /* a line longer than any entry */
			break;
		}
		rc = parse_line(&tmp, line);
	}
	if (rc == OKC_OK && ferror(f))
		rc = OKC_EIO;
	fclose(f);
	if (rc == OKC_EFORMAT && bad_line)
		*bad_line = lineno;
	/* All or nothing: room for everything first, then merge. */
	if (rc == OKC_OK &&
	    (okc__grow((void **)&cal->days, &cal->cap_days,
	               cal->n_days + tmp.n_days, sizeof(*cal->days)) < 0 ||
	     okc__grow((void **)&cal->years, &cal->cap_years,
	               cal->n_years + tmp.n_years, sizeof(*cal->years)) < 0))
		rc = OKC_ENOMEM;
	if (rc == OKC_OK) {
		if (tmp.n_days > 0)
			memcpy(cal->days + cal->n_days, tmp.days,
			       tmp.n_days * sizeof(*tmp.days));
		if (tmp.n_years > 0)
			memcpy(cal->years + cal->n_years, tmp.years,
			       tmp.n_years * sizeof(*tmp.years));
		cal->n_days += tmp.n_days;
		cal->n_years += tmp.n_years;
		if (cal->n_days > 0)
			qsort(cal->days, cal->n_days, sizeof(*cal->days),
			      cmp_special);
	}
	free(tmp.days);
	free(tmp.years);
	return rc;
}
