/*
 * prefixes.c - the table of serial-number prefixes (data/okc-prefixes.tsv).
 *
 * One line per prefix: prefix, company, VKN (empty or "-" when unknown),
 * brand, model, separated by tabs; '#' starts a comment line.  The shipped
 * table transcribes okc-domain.md section 1; staff keep the installed copy
 * current (GİB adds prefixes as it approves models).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "intake/intake_int.h"

void okc__prefixes_clear(okc__prefixes *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].company);
		free(p->v[i].vkn);
		free(p->v[i].brand);
		free(p->v[i].model);
	}
	free(p->v);
	memset(p, 0, sizeof(*p));
}

const okc__prefix *okc__prefixes_find(const okc__prefixes *p, const char *pfx)
{
	if (p == NULL)
		return NULL;
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i].prefix, pfx) == 0)
			return &p->v[i];
	return NULL;
}

static bool prefix_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 2 || n > 3)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
			return false;
	return true;
}

int okc__prefixes_parse(const char *text, size_t len, okc__prefixes *out,
                        size_t *bad)
{
	char *buf = malloc(len + 1);
	if (buf == NULL)
		return OKC_ENOMEM;
	memcpy(buf, text, len);
	buf[len] = '\0';
	*bad = 0;
	int rc = OKC_OK;
	char *save = NULL;
	for (char *line = strtok_r(buf, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		char *f[6];
		if (line[0] == '#' || line[strspn(line, " \t\r")] == '\0')
			continue;
		size_t nf = okc__tsv_split(line, f, 6);
		if (nf < 5 || !prefix_ok(f[0]) || f[1][0] == '\0' ||
		    okc__prefixes_find(out, f[0]) != NULL ||
		    (f[2][0] != '\0' && strcmp(f[2], "-") != 0 &&
		     !okc_vkn_valid(f[2]))) {
			(*bad)++;
			continue;
		}
		if (okc__grow((void **)&out->v, &out->cap, out->n + 1,
		              sizeof(*out->v)) < 0) {
			rc = OKC_ENOMEM;
			break;
		}
		okc__prefix *e = &out->v[out->n];
		memset(e, 0, sizeof(*e));
		memcpy(e->prefix, f[0], strlen(f[0]) + 1);
		e->company = strdup(f[1]);
		e->vkn = (f[2][0] && strcmp(f[2], "-") != 0) ? strdup(f[2]) : NULL;
		e->brand = strdup(f[3]);
		e->model = strdup(f[4]);
		out->n++;
		if (e->company == NULL || e->brand == NULL || e->model == NULL ||
		    (f[2][0] && strcmp(f[2], "-") != 0 && e->vkn == NULL)) {
			rc = OKC_ENOMEM;
			break;
		}
	}
	free(buf);
	return rc;
}

/* A prefix table is small; anything beyond this is not one. */
#define MAX_TABLE_SIZE (4u << 20)

int okc__prefixes_load(okc_ctx *ctx, const char *path, okc__prefixes *out,
                       size_t *bad)
{
	unsigned char *data = NULL;
	size_t len = 0;
	int rc = okc__read_file(ctx, path, MAX_TABLE_SIZE, &data, &len);
	if (rc < 0)
		return rc;
	rc = okc__prefixes_parse((const char *)data, len, out, bad);
	free(data);
	return rc;
}
