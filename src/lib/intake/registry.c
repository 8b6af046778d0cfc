/*
 * registry.c - the authorised-signers registry kept by staff from the
 * signature circulars on record (okc-domain.md section 2).
 *
 * A tab-separated file, one signer per line, '#' comments, an optional
 * header line starting with "vkn":
 *
 *   vkn  company  tckn  name  authority  valid_from  valid_until
 *
 * authority is "single" (münferiden: signs alone) or "joint" (müştereken:
 * every joint signer of the company on record must sign), or "joint:N"
 * (any N of them).  Dates are ISO 8601 (a bare date; valid_until includes
 * that whole day); empty or "-" means open.  A line with a bad VKN or
 * TCKN checksum, an unknown authority or a bad date is skipped and counted,
 * never silently trusted.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "intake/intake_int.h"

void okc__registry_clear(okc__registry *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].vkn);
		free(r->v[i].company);
		free(r->v[i].tckn);
		free(r->v[i].name);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

/* Split a line of a reference-data TSV file into at most `max` fields, in
 * place, each trimmed of blanks (and of the CR of a CRLF line). */
size_t okc__tsv_split(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *p = line;
	while (n < max) {
		f[n++] = p;
		char *t = strchr(p, '\t');
		if (t == NULL)
			break;
		*t = '\0';
		p = t + 1;
	}
	for (size_t i = 0; i < n; i++) {
		char *s = f[i];
		while (*s == ' ')
			s++;
		size_t l = strlen(s);
		while (l > 0 && (s[l - 1] == ' ' || s[l - 1] == '\r'))
			s[--l] = '\0';
		f[i] = s;
	}
	return n;
}

static bool parse_date(const char *s, bool end_of_day, okc_time *out)
{
	*out = 0;
	if (s[0] == '\0' || strcmp(s, "-") == 0)
		return true;
	if (okc_time_parse(out, s) != OKC_OK)
		return false;
	if (end_of_day && strlen(s) == 10)
		*out += 86399;
	return true;
}

static bool parse_authority(const char *s, bool *joint, uint32_t *required)
{
	char *f = okc__tr_fold(s, strlen(s));
	bool ok = true;
	*required = 0;
	if (f == NULL)
		return false;
	if (strcmp(f, "single") == 0 || strcmp(f, "munferit") == 0 ||
	    strcmp(f, "munferiden") == 0 || strcmp(f, "tek") == 0) {
		*joint = false;
	} else if (strcmp(f, "joint") == 0 || strcmp(f, "musterek") == 0 ||
	           strcmp(f, "mustereken") == 0) {
		*joint = true;
	} else if (strncmp(f, "joint ", 6) == 0 && f[6] >= '2' && f[6] <= '9' &&
	           f[7] == '\0') {
		*joint = true;
		*required = (uint32_t)(f[6] - '0');
	} else {
		ok = false;
	}
	free(f);
	return ok;
}

int okc__registry_parse(const char *text, size_t len, okc__registry *out)
{
	char *buf = malloc(len + 1);
	if (buf == NULL)
		return OKC_ENOMEM;
	memcpy(buf, text, len);
	buf[len] = '\0';
	int rc = OKC_OK;
	uint32_t lineno = 0;
	char *p = buf;
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p != NULL && *p) {
		char *line = p;
		char *nl = strchr(p, '\n');
		if (nl != NULL) {
			*nl = '\0';
			p = nl + 1;
		} else {
			p = NULL;
		}
		lineno++;
		if (line[0] == '#' || line[strspn(line, " \t\r")] == '\0')
			continue;
		char *f[8];
		size_t nf = okc__tsv_split(line, f, 8);
		if (nf >= 1 && strcasecmp(f[0], "vkn") == 0)
			continue; /* header */
		okc__signer_entry e = { 0 };
		if (nf < 5 || !okc_vkn_valid(f[0]) || !okc_tckn_valid(f[2]) ||
		    f[1][0] == '\0' || f[3][0] == '\0' ||
		    !parse_authority(f[4], &e.joint, &e.joint_required) ||
		    !parse_date(nf > 5 ? f[5] : "", false, &e.valid_from) ||
		    !parse_date(nf > 6 ? f[6] : "", true, &e.valid_until)) {
			if (out->bad_lines++ == 0)
				out->first_bad_line = lineno;
			continue;
		}
		if (okc__grow((void **)&out->v, &out->cap, out->n + 1,
		              sizeof(*out->v)) < 0) {
			rc = OKC_ENOMEM;
			break;
		}
		e.vkn = strdup(f[0]);
		e.company = strdup(f[1]);
		e.tckn = strdup(f[2]);
		e.name = strdup(f[3]);
		e.line = lineno;
		out->v[out->n++] = e;
		if (!e.vkn || !e.company || !e.tckn || !e.name) {
			rc = OKC_ENOMEM;
			break;
		}
	}
	free(buf);
	return rc;
}

/* A registry of every Turkish company would still be far below this. */
#define MAX_REGISTRY_SIZE (64u << 20)

int okc__registry_load(okc_ctx *ctx, const char *path, okc__registry *out)
{
	unsigned char *data = NULL;
	size_t len = 0;
	int rc = okc__read_file(ctx, path, MAX_REGISTRY_SIZE, &data, &len);
	if (rc < 0)
		return rc;
	rc = okc__registry_parse((const char *)data, len, out);
	free(data);
	return rc;
}

size_t okc__registry_company_count(const okc__registry *r, const char *vkn)
{
	size_t n = 0;
	for (size_t i = 0; vkn && i < r->n; i++)
		if (strcmp(r->v[i].vkn, vkn) == 0)
			n++;
	return n;
}

const char *okc__registry_company_name(const okc__registry *r, const char *vkn)
{
	for (size_t i = 0; vkn && i < r->n; i++)
		if (strcmp(r->v[i].vkn, vkn) == 0)
			return r->v[i].company;
	return NULL;
}
