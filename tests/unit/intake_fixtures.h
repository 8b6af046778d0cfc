/*
 * intake_fixtures.h - shared helpers of the intake unit suites: fixture
 * files from tests/data/intake (found through $top_srcdir).
 */
#ifndef OKC_TEST_INTAKE_FIXTURES_H
#define OKC_TEST_INTAKE_FIXTURES_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

static inline char *fx_path(const char *rel)
{
	const char *top = getenv("top_srcdir");
	size_t n = (top ? strlen(top) : 1) + strlen(rel) + 32;
	char *p = malloc(n);
	ck_assert_ptr_nonnull(p);
	snprintf(p, n, "%s/%s", top ? top : ".", rel);
	return p;
}

/* Read tests/data/intake/<name>; the buffer is NUL-terminated. */
static inline unsigned char *fx_read(const char *name, size_t *len)
{
	char rel[256];
	snprintf(rel, sizeof(rel), "tests/data/intake/%s", name);
	char *p = fx_path(rel);
	FILE *fp = fopen(p, "rb");
	ck_assert_msg(fp != NULL, "cannot open %s", p);
	free(p);
	unsigned char *buf = NULL;
	size_t cap = 0, n = 0, k;
	do {
		if (n + 4096 + 1 > cap) {
			cap = (n + 4096 + 1) * 2;
			buf = realloc(buf, cap);
			ck_assert_ptr_nonnull(buf);
		}
		k = fread(buf + n, 1, 4096, fp);
		n += k;
	} while (k > 0);
	fclose(fp);
	buf[n] = '\0';
	*len = n;
	return buf;
}

#endif
