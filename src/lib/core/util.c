/*
 * util.c - small helpers: strings, growth, bounded file reading, time.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/internal.h"

const char *okc_version(void)
{
	return OKC_VERSION_STRING;
}

char *okc__strdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

int okc__grow(void **arr, size_t *cap, size_t need, size_t elsize)
{
	if (need <= *cap)
		return OKC_OK;
	size_t ncap = *cap ? *cap : 4;
	while (ncap < need) {
		if (okc__mul_overflows(ncap, 2, &ncap))
			return OKC_ENOMEM;
	}
	size_t bytes;
	if (okc__mul_overflows(ncap, elsize, &bytes))
		return OKC_ENOMEM;
	void *p = realloc(*arr, bytes);
	if (p == NULL)
		return OKC_ENOMEM;
	/* Zero the new tail so partially filled slots are never garbage. */
	memset((char *)p + *cap * elsize, 0, (ncap - *cap) * elsize);
	*arr = p;
	*cap = ncap;
	return OKC_OK;
}

int okc__read_file(okc_ctx *ctx, const char *path, uint64_t max,
                   unsigned char **data, size_t *len)
{
	int rc = OKC_OK;
	unsigned char *buf = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return okc__error(ctx, OKC_EIO, "cannot open %s: %s", path,
		                  strerror(errno));
	struct stat st;
	OKC_ENSURE(ctx, fstat(fd, &st) == 0, OKC_EIO, "cannot stat %s: %s",
	           path, strerror(errno));
	OKC_ENSURE(ctx, !S_ISDIR(st.st_mode), OKC_EIO, "%s is a directory", path);
	/* Read in chunks rather than trusting st_size: pipes and growing
	 * files report no or a wrong size. */
	size_t cap = S_ISREG(st.st_mode) && (uint64_t)st.st_size < max ?
	             (size_t)st.st_size + 1 : 65536;
	size_t n = 0;
	buf = malloc(cap);
	OKC_ENSURE(ctx, buf != NULL, OKC_ENOMEM, "out of memory reading %s", path);
	for (;;) {
		if (n + 1 >= cap) {
			size_t ncap;
			OKC_ENSURE(ctx, !okc__mul_overflows(cap, 2, &ncap),
			           OKC_ENOMEM, "%s: size overflow", path);
			unsigned char *nb = realloc(buf, ncap);
			OKC_ENSURE(ctx, nb != NULL, OKC_ENOMEM,
			           "out of memory reading %s", path);
			buf = nb;
			cap = ncap;
		}
		ssize_t got = read(fd, buf + n, cap - n - 1);
		if (got < 0 && errno == EINTR)
			continue;
		OKC_ENSURE(ctx, got >= 0, OKC_EIO, "cannot read %s: %s", path,
		           strerror(errno));
		if (got == 0)
			break;
		n += (size_t)got;
		OKC_ENSURE(ctx, (uint64_t)n <= max, OKC_ETOOLARGE,
		           "%s exceeds the input limit of %llu bytes", path,
		           (unsigned long long)max);
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	buf = NULL;
out:
	free(buf);
	close(fd);
	return rc;
}

void okc__hex(char *out, const unsigned char *in, size_t len, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * len] = '\0';
}

const char *okc__basename(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

bool okc__has_suffix_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

const void *okc__memmem(const void *hay, size_t hlen, const void *needle,
                        size_t nlen)
{
	if (nlen == 0 || hlen < nlen)
		return NULL;
	return memmem(hay, hlen, needle, nlen);
}

okc_time okc__now(void)
{
	return (okc_time)time(NULL);
}

/* ---- ISO 8601 ---- */

static bool take_digits(const char **p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return false;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return true;
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
 * (H. Hinnant's days_from_civil), so no dependency on timegm or TZ. */
int64_t okc__days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	const int64_t era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* The inverse (H. Hinnant's civil_from_days). */
void okc__civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	const unsigned doe = (unsigned)(z - era * 146097);
	const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

int okc__days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

int okc_time_parse(okc_time *out, const char *s)
{
	int y, mo, d, h = 0, mi = 0, se = 0, oh = 0, om = 0, sign = 0;
	const char *p = s;
	if (s == NULL)
		return OKC_EINVAL;
	if (!take_digits(&p, 4, &y) || *p++ != '-' || !take_digits(&p, 2, &mo) ||
	    *p++ != '-' || !take_digits(&p, 2, &d))
		return OKC_EINVAL;
	if (mo < 1 || mo > 12 || d < 1 || d > okc__days_in_month(y, mo))
		return OKC_EINVAL;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		if (!take_digits(&p, 2, &h) || *p++ != ':' || !take_digits(&p, 2, &mi))
			return OKC_EINVAL;
		if (*p == ':') {
			p++;
			if (!take_digits(&p, 2, &se))
				return OKC_EINVAL;
			if (*p == '.') { /* fractions are accepted and dropped */
				p++;
				if (!isdigit((unsigned char)*p))
					return OKC_EINVAL;
				while (isdigit((unsigned char)*p))
					p++;
			}
		}
		if (h > 23 || mi > 59 || se > 60)
			return OKC_EINVAL;
		if (*p == 'Z' || *p == 'z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			sign = *p == '+' ? 1 : -1;
			p++;
			if (!take_digits(&p, 2, &oh))
				return OKC_EINVAL;
			if (*p == ':')
				p++;
			if (!take_digits(&p, 2, &om) || oh > 23 || om > 59)
				return OKC_EINVAL;
		} else {
			/* A time without a zone is ambiguous; refuse it rather
			 * than guess the local zone. */
			return OKC_EINVAL;
		}
	}
	if (*p != '\0')
		return OKC_EINVAL;
	int64_t t = okc__days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
	            h * 3600 + mi * 60 + (se == 60 ? 59 : se);
	t -= sign * (oh * 3600 + om * 60);
	*out = t;
	return OKC_OK;
}

int okc_time_format(char *buf, size_t len, okc_time t)
{
	struct tm tm;
	time_t tt = (time_t)t;
	if (len < 21 || gmtime_r(&tt, &tm) == NULL)
		return OKC_EINVAL;
	if (strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return OKC_EINVAL;
	return OKC_OK;
}
