/*
 * test_business.c - Turkish business days (okc/business.h): the calendar of
 * doc/business-days.md, counting, calendar files, refusals.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <okc/okc.h>

static okc_date D(int y, int m, int d)
{
	return (okc_date){ y, m, d };
}

static okc_day_kind kind(const okc_business_calendar *cal, okc_date d)
{
	okc_day_kind k = (okc_day_kind)-1;
	ck_assert_int_eq(okc_business_day_kind(&k, cal, d), OKC_OK);
	return k;
}

static void assert_date(okc_date got, int y, int m, int d)
{
	ck_assert_msg(got.year == y && got.month == m && got.day == d,
	              "got %04d-%02d-%02d, want %04d-%02d-%02d", got.year,
	              got.month, got.day, y, m, d);
}

START_TEST(test_kinds_of_days)
{
	/* ordinary days and the weekend */
	ck_assert_int_eq(kind(NULL, D(2026, 12, 2)), OKC_DAY_WORKING);  /* Wed */
	ck_assert_int_eq(kind(NULL, D(2026, 12, 5)), OKC_DAY_WEEKEND);  /* Sat */
	ck_assert_int_eq(kind(NULL, D(2026, 12, 6)), OKC_DAY_WEEKEND);  /* Sun */
	/* fixed holidays, 28 October a half day */
	ck_assert_int_eq(kind(NULL, D(2026, 1, 1)), OKC_DAY_HOLIDAY);
	ck_assert_int_eq(kind(NULL, D(2026, 4, 23)), OKC_DAY_HOLIDAY);
	ck_assert_int_eq(kind(NULL, D(2026, 7, 15)), OKC_DAY_HOLIDAY);
	ck_assert_int_eq(kind(NULL, D(2026, 10, 28)), OKC_DAY_HALF);    /* Wed */
	ck_assert_int_eq(kind(NULL, D(2026, 10, 29)), OKC_DAY_HOLIDAY);
	/* movable: Ramazan 2026 Thu 19 (eve) - Sun 22 Mar */
	ck_assert_int_eq(kind(NULL, D(2026, 3, 18)), OKC_DAY_WORKING);
	ck_assert_int_eq(kind(NULL, D(2026, 3, 19)), OKC_DAY_HALF);
	ck_assert_int_eq(kind(NULL, D(2026, 3, 20)), OKC_DAY_HOLIDAY);
	ck_assert_int_eq(kind(NULL, D(2026, 3, 22)), OKC_DAY_HOLIDAY);
	ck_assert_int_eq(kind(NULL, D(2026, 3, 23)), OKC_DAY_WORKING);
	/* Kurban 2026 Tue 26 (eve) - Sat 30 May */
	ck_assert_int_eq(kind(NULL, D(2026, 5, 26)), OKC_DAY_HALF);
	ck_assert_int_eq(kind(NULL, D(2026, 5, 27)), OKC_DAY_HOLIDAY);
	ck_assert_int_eq(kind(NULL, D(2026, 5, 30)), OKC_DAY_HOLIDAY);
	ck_assert_int_eq(kind(NULL, D(2026, 5, 31)), OKC_DAY_WEEKEND);
	/* 2025: Ramazan spans a month end (30 Mar - 1 Apr), eve on Sat */
	ck_assert_int_eq(kind(NULL, D(2025, 3, 29)), OKC_DAY_WEEKEND);
	ck_assert_int_eq(kind(NULL, D(2025, 3, 31)), OKC_DAY_HOLIDAY);
	ck_assert_int_eq(kind(NULL, D(2025, 4, 1)), OKC_DAY_HOLIDAY);
	ck_assert_int_eq(kind(NULL, D(2025, 4, 2)), OKC_DAY_WORKING);
	ck_assert_int_eq(kind(NULL, D(2025, 6, 5)), OKC_DAY_HALF);
	ck_assert_int_eq(kind(NULL, D(2025, 6, 9)), OKC_DAY_HOLIDAY);
	/* 2027: Ramazan Mon 8 (eve) - Thu 11 Mar; Kurban 15 (Sat eve) - 19 May */
	ck_assert_int_eq(kind(NULL, D(2027, 3, 8)), OKC_DAY_HALF);
	ck_assert_int_eq(kind(NULL, D(2027, 3, 11)), OKC_DAY_HOLIDAY);
	ck_assert_int_eq(kind(NULL, D(2027, 3, 12)), OKC_DAY_WORKING);
	ck_assert_int_eq(kind(NULL, D(2027, 5, 19)), OKC_DAY_HOLIDAY);
	ck_assert_int_eq(kind(NULL, D(2027, 5, 20)), OKC_DAY_WORKING);
}
END_TEST

START_TEST(test_refusals)
{
	okc_day_kind k;
	okc_date out;
	long n;
	/* a year whose movable holidays are unknown is never guessed */
	ck_assert_int_eq(okc_business_day_kind(&k, NULL, D(2024, 6, 3)),
	                 OKC_EUNSUPPORTED);
	ck_assert_int_eq(okc_business_day_kind(&k, NULL, D(2028, 1, 3)),
	                 OKC_EUNSUPPORTED);
	/* counting across the end of the table stops there */
	ck_assert_int_eq(okc_business_days_add(&out, NULL, D(2027, 12, 29), 5),
	                 OKC_EUNSUPPORTED);
	ck_assert_int_eq(okc_business_days_between(&n, NULL, D(2027, 12, 1),
	                                           D(2028, 1, 5)),
	                 OKC_EUNSUPPORTED);
	/* not dates, negative counts */
	ck_assert_int_eq(okc_business_day_kind(&k, NULL, D(2026, 2, 29)),
	                 OKC_EINVAL);
	ck_assert_int_eq(okc_business_day_kind(&k, NULL, D(2026, 13, 1)),
	                 OKC_EINVAL);
	ck_assert_int_eq(okc_business_days_add(&out, NULL, D(2026, 1, 5), -1),
	                 OKC_EINVAL);
	ck_assert_int_eq(okc_business_date_parse(&out, "2026-02-30"), OKC_EINVAL);
	ck_assert_int_eq(okc_business_date_parse(&out, "2026-2-03"), OKC_EINVAL);
	ck_assert_int_eq(okc_business_date_parse(&out, "2026-02-03x"), OKC_EINVAL);
	ck_assert_int_eq(okc_business_date_parse(&out, "2026-02-03"), OKC_OK);
	assert_date(out, 2026, 2, 3);
}
END_TEST

START_TEST(test_counting)
{
	okc_date out;
	long n;
	/* one business day after a Friday is Monday */
	ck_assert_int_eq(okc_business_days_add(&out, NULL, D(2026, 12, 4), 1),
	                 OKC_OK);
	assert_date(out, 2026, 12, 7);
	/* n = 0: the day itself when it is a business day, else the next */
	ck_assert_int_eq(okc_business_days_add(&out, NULL, D(2026, 12, 2), 0),
	                 OKC_OK);
	assert_date(out, 2026, 12, 2);
	ck_assert_int_eq(okc_business_days_add(&out, NULL, D(2026, 12, 5), 0),
	                 OKC_OK);
	assert_date(out, 2026, 12, 7);
	/* over Ramazan 2026: Wed 18 Mar + 1 = Thu 19 (eve, half day counts) */
	ck_assert_int_eq(okc_business_days_add(&out, NULL, D(2026, 3, 18), 1),
	                 OKC_OK);
	assert_date(out, 2026, 3, 19);
	/* Thu 19 Mar + 1 = Mon 23 (Fri-Sun holiday) */
	ck_assert_int_eq(okc_business_days_add(&out, NULL, D(2026, 3, 19), 1),
	                 OKC_OK);
	assert_date(out, 2026, 3, 23);
	/* ten business days from Fri 22 May 2026 over Kurban Bayramı:
	 * 25, 26(half), [27-30 holiday, 31 Sun], 1, 2, 3, 4, 5, 8, 9, 10 Jun */
	ck_assert_int_eq(okc_business_days_add(&out, NULL, D(2026, 5, 22), 10),
	                 OKC_OK);
	assert_date(out, 2026, 6, 10);
	ck_assert_int_eq(okc_business_days_between(&n, NULL, D(2026, 5, 22),
	                                           D(2026, 6, 10)), OKC_OK);
	ck_assert_int_eq(n, 10);
	/* across the new year (1 Jan holiday, 2-3 Jan 2027 weekend) */
	ck_assert_int_eq(okc_business_days_add(&out, NULL, D(2026, 12, 31), 1),
	                 OKC_OK);
	assert_date(out, 2027, 1, 4);
	/* between is 0 for an empty or reversed interval */
	ck_assert_int_eq(okc_business_days_between(&n, NULL, D(2026, 6, 10),
	                                           D(2026, 6, 10)), OKC_OK);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(okc_business_days_between(&n, NULL, D(2026, 6, 10),
	                                           D(2026, 6, 1)), OKC_OK);
	ck_assert_int_eq(n, 0);
	/* a whole year: 2026 has 365 days, 104 weekend days; holidays on
	 * weekdays: 1 Jan, 23 Apr, 1 May, 19 May, 15 Jul, 29 Oct, 20 Mar,
	 * 27-29 May = 10 (30 Aug, 21-22 Mar and 30 May fall on weekends) */
	ck_assert_int_eq(okc_business_days_between(&n, NULL, D(2025, 12, 31),
	                                           D(2026, 12, 31)), OKC_OK);
	ck_assert_int_eq(n, 365 - 104 - 10);
}
END_TEST

START_TEST(test_date_of_time)
{
	okc_date d;
	okc_time t;
	/* 21:30 UTC on 4 Dec is 00:30 on 5 Dec in Turkey (UTC+3) */
	ck_assert_int_eq(okc_time_parse(&t, "2026-12-04T21:30:00Z"), OKC_OK);
	ck_assert_int_eq(okc_business_date_of(&d, t), OKC_OK);
	assert_date(d, 2026, 12, 5);
	ck_assert_int_eq(okc_time_parse(&t, "2026-12-04T20:59:59Z"), OKC_OK);
	ck_assert_int_eq(okc_business_date_of(&d, t), OKC_OK);
	assert_date(d, 2026, 12, 4);
	char buf[11];
	ck_assert_int_eq(okc_business_date_format(buf, sizeof(buf), d), OKC_OK);
	ck_assert_str_eq(buf, "2026-12-04");
	ck_assert_int_eq(okc_business_date_format(buf, 10, d), OKC_EINVAL);
}
END_TEST

static char *write_tmp(const char *text)
{
	static char path[64];
	snprintf(path, sizeof(path), "/tmp/okc-cal-XXXXXX");
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

START_TEST(test_calendar_file)
{
	okc_business_calendar *cal = NULL;
	ck_assert_int_eq(okc_business_calendar_new(&cal), OKC_OK);
	char *p = write_tmp("# idari izin and a declared year\n"
	                    "2025-04-02 closed idari izin\n"
	                    "\n"
	                    "2028-02-25 half   Ramazan arife\n"
	                    "2028-02-26 holiday Ramazan Bayrami\n"
	                    "2028-02-28 holiday Ramazan Bayrami\n"
	                    "year 2028  # movable holidays above\n");
	size_t bad = 99;
	ck_assert_int_eq(okc_business_calendar_load(cal, p, &bad), OKC_OK);
	ck_assert_uint_eq(bad, 0);
	unlink(p);
	ck_assert_int_eq(kind(cal, D(2025, 4, 2)), OKC_DAY_CLOSED);
	ck_assert_int_eq(kind(NULL, D(2025, 4, 2)), OKC_DAY_WORKING);
	ck_assert_int_eq(kind(cal, D(2028, 2, 25)), OKC_DAY_HALF);
	/* a holiday on a Saturday stays a holiday (not moved) */
	ck_assert_int_eq(kind(cal, D(2028, 2, 26)), OKC_DAY_HOLIDAY);
	ck_assert_int_eq(kind(cal, D(2028, 2, 28)), OKC_DAY_HOLIDAY);
	ck_assert_int_eq(kind(cal, D(2028, 1, 3)), OKC_DAY_WORKING);
	/* Tue 1 Apr 2025 (holiday) + 1 = Thu 3 Apr: the 2nd is closed */
	okc_date out;
	ck_assert_int_eq(okc_business_days_add(&out, cal, D(2025, 4, 1), 1),
	                 OKC_OK);
	assert_date(out, 2025, 4, 3);
	ck_assert_int_eq(okc_business_calendar_add_closed(cal, D(2025, 4, 3)),
	                 OKC_OK);
	ck_assert_int_eq(okc_business_days_add(&out, cal, D(2025, 4, 1), 1),
	                 OKC_OK);
	assert_date(out, 2025, 4, 4);

	/* a bad line: nothing of the file is taken, its number is told */
	p = write_tmp("2026-06-01 closed ok\n"
	              "2026-06-02 shut typo\n");
	ck_assert_int_eq(okc_business_calendar_load(cal, p, &bad), OKC_EFORMAT);
	ck_assert_uint_eq(bad, 2);
	unlink(p);
	ck_assert_int_eq(kind(cal, D(2026, 6, 1)), OKC_DAY_WORKING);
	p = write_tmp("year twenty\n");
	ck_assert_int_eq(okc_business_calendar_load(cal, p, &bad), OKC_EFORMAT);
	ck_assert_uint_eq(bad, 1);
	unlink(p);
	p = write_tmp("2026-02-30 closed\n");
	ck_assert_int_eq(okc_business_calendar_load(cal, p, &bad), OKC_EFORMAT);
	unlink(p);
	ck_assert_int_eq(okc_business_calendar_load(cal, "/nonexistent/x", &bad),
	                 OKC_EIO);
	okc_business_calendar_free(cal);
	okc_business_calendar_free(NULL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("business");
	TCase *tc = tcase_create("calendar");
	tcase_add_test(tc, test_kinds_of_days);
	tcase_add_test(tc, test_refusals);
	tcase_add_test(tc, test_counting);
	tcase_add_test(tc, test_date_of_time);
	tcase_add_test(tc, test_calendar_file);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
