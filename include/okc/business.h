/*
 * okc/business.h - Turkish business days: weekends, public holidays,
 * half-day eves and administrative closures.
 *
 * The order system counts deadlines in business days (a bank payment is
 * credited one business day later; a soft certificate is deleted ten
 * business days after ...), and the spool's retention counts them too.
 * The calendar is the one of Law 2429 as described in doc/business-days.md:
 * Saturday and Sunday are the weekend; fixed holidays (1 January, 23 April,
 * 1 May, 19 May, 15 July, 30 August, 29 October) and the movable Ramazan and
 * Kurban Bayramı are closed days; the eve (arife) of each Bayram and
 * 28 October are half days (closed from 13:00); a holiday on a weekend is
 * not moved.  Movable holidays are built in for 2025-2027; other years can be
 * declared in a calendar file (okc_business_calendar_load()).  A date in a
 * year whose movable holidays are unknown is never guessed: the functions
 * return OKC_EUNSUPPORTED.
 *
 * Counting rule: a half day counts as a business day for "N business days"
 * deadlines (the office is open that morning); okc_business_day_kind() tells
 * it apart for callers that care about afternoons.
 */
#ifndef OKC_BUSINESS_H
#define OKC_BUSINESS_H

#include <okc/common.h>

OKC_BEGIN_DECLS

/** A civil date (Turkey's calendar day; no time of day). */
typedef struct okc_date {
	int year;   /**< e.g. 2026 */
	int month;  /**< 1-12 */
	int day;    /**< 1-31 */
} okc_date;

/** What kind of day a date is. */
typedef enum okc_day_kind {
	OKC_DAY_WORKING = 0, /**< an ordinary working day */
	OKC_DAY_HALF = 1,    /**< arife or 28 October: open until 13:00;
	                          counts as a business day */
	OKC_DAY_WEEKEND = 2, /**< Saturday or Sunday */
	OKC_DAY_HOLIDAY = 3, /**< a public holiday (fixed or movable) */
	OKC_DAY_CLOSED = 4   /**< an administrative closure (idari izin) from
	                          the calendar file */
} okc_day_kind;

/** A calendar: the built-in holidays plus closures and years from files. */
typedef struct okc_business_calendar okc_business_calendar;

/** Create a calendar holding only the built-in holidays (2025-2027). */
OKC_API int okc_business_calendar_new(okc_business_calendar **out);

/** Release a calendar; NULL is accepted. */
OKC_API void okc_business_calendar_free(okc_business_calendar *cal);

/**
 * Read a calendar file into `cal`.  One entry per line, `#` starts a
 * comment, blank lines are ignored:
 *
 *     2025-04-02 closed    idari izin        (an administrative closure)
 *     2028-02-25 half      Ramazan arife     (a half day)
 *     2028-02-26 holiday   Ramazan Bayramı   (a public holiday)
 *     year 2028                              (the movable holidays of 2028
 *                                             are all listed in this file)
 *
 * The file is read whole or not at all: on a malformed line nothing is
 * added, OKC_EFORMAT is returned and *bad_line (when not NULL) is the
 * 1-based number of the first bad line.
 * @return OKC_OK, OKC_EIO (unreadable), OKC_EFORMAT, OKC_ENOMEM.
 */
OKC_API int okc_business_calendar_load(okc_business_calendar *cal,
                                       const char *path, size_t *bad_line);

/** Add one administrative closure.  @return OKC_OK, OKC_EINVAL, OKC_ENOMEM. */
OKC_API int okc_business_calendar_add_closed(okc_business_calendar *cal,
                                             okc_date d);

/**
 * The kind of day `d` is.  `cal` may be NULL (built-in holidays only).
 * @return OKC_OK, OKC_EINVAL (not a date), OKC_EUNSUPPORTED (the movable
 *         holidays of that year are unknown).
 */
OKC_API int okc_business_day_kind(okc_day_kind *out,
                                  const okc_business_calendar *cal,
                                  okc_date d);

/**
 * The date `n` business days after `start` (`start` itself not counted):
 * n = 1 from a Friday is the next Monday when that is a working day.
 * n = 0 gives `start` when it is a business day, else the next one.
 * @return OKC_OK, OKC_EINVAL (not a date, n < 0), OKC_EUNSUPPORTED (the
 *         count runs into a year whose holidays are unknown).
 */
OKC_API int okc_business_days_add(okc_date *out,
                                  const okc_business_calendar *cal,
                                  okc_date start, int n);

/**
 * The number of business days d with from < d <= to, so that
 * okc_business_days_add(&x, cal, from, n) == to gives n when `to` is a
 * business day.  0 when to <= from.
 * @return OKC_OK, OKC_EINVAL, OKC_EUNSUPPORTED.
 */
OKC_API int okc_business_days_between(long *out,
                                      const okc_business_calendar *cal,
                                      okc_date from, okc_date to);

/**
 * The calendar date in Turkey (UTC+03:00, the country's time all year
 * since September 2016) of an instant.
 */
OKC_API int okc_business_date_of(okc_date *out, okc_time t);

/** Parse "YYYY-MM-DD".  @return OKC_OK or OKC_EINVAL. */
OKC_API int okc_business_date_parse(okc_date *out, const char *s);

/** Format as "YYYY-MM-DD" into buf (at least 11 bytes). */
OKC_API int okc_business_date_format(char *buf, size_t len, okc_date d);

OKC_END_DECLS

#endif /* OKC_BUSINESS_H */
