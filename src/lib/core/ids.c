/*
 * ids.c - checksums of Turkish identifiers.
 *
 * TCKN (11 digits d1..d11, d1 != 0):
 *   d10 = (7*(d1+d3+d5+d7+d9) - (d2+d4+d6+d8)) mod 10 (non-negative),
 *   d11 = (d1+...+d10) mod 10.
 * VKN (10 digits): for j = 1..9, k = 10 - j, c = (d_j + k) mod 10;
 *   if c != 0, p = (c * 2^k) mod 9, counted as 9 when p == 0; the check
 *   digit is (10 - (sum mod 10)) mod 10.
 * Both as in the Revenue Administration's and NVİ's published algorithms
 * (also implemented by python-stdnum's tr.tckimlik / tr.vkn).
 */
#include "config.h"

#include <string.h>

#include "core/internal.h"

static int all_digits(const char *s, size_t n)
{
	if (s == NULL || strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int okc_tckn_valid(const char *s)
{
	int d[11];
	if (!all_digits(s, 11) || s[0] == '0')
		return 0;
	for (int i = 0; i < 11; i++)
		d[i] = s[i] - '0';
	int odd = d[0] + d[2] + d[4] + d[6] + d[8];
	int even = d[1] + d[3] + d[5] + d[7];
	int d10 = ((7 * odd - even) % 10 + 10) % 10;
	int sum = 0;
	for (int i = 0; i < 10; i++)
		sum += d[i];
	return d[9] == d10 && d[10] == sum % 10;
}

int okc_vkn_valid(const char *s)
{
	if (!all_digits(s, 10))
		return 0;
	int sum = 0;
	for (int j = 1; j <= 9; j++) {
		int k = 10 - j;
		int c = (s[j - 1] - '0' + k) % 10;
		if (c == 0)
			continue;
		int p = (c * (1 << k)) % 9;
		sum += p == 0 ? 9 : p;
	}
	return (s[9] - '0') == (10 - sum % 10) % 10;
}

int okc_mersis_plausible(const char *s, const char *vkn)
{
	if (!all_digits(s, 16))
		return 0;
	if (vkn == NULL)
		return 1;
	return okc_vkn_valid(vkn) && s[0] == '0' && memcmp(s + 1, vkn, 10) == 0;
}
