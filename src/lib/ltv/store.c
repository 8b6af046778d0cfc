/*
 * store.c - the operator's side of trust and revocation (okc/ltv.h): import
 * of Kamu SM's certificate depot against the pinned manifest, listing the
 * trust store, and the cache commands behind okc-trust.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include <okc/ltv.h>

#include "ltv/ltv.h"

/* ---- the manifest ---- */

typedef struct pin {
	char sha[65];
	char name[128];
	char role[16];
	int seen;
} pin;

typedef struct manifest {
	pin *v;
	size_t n, cap;
} manifest;

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * trust-store/MANIFEST (shared with the cades trust loader): one anchor per
 * line, "SHA256HEX  FILE  [NAME...]", '#' comments and blank lines ignored.
 * FILE is the certificate's file name in the store.  The role is a token
 * "nes", "seal", "tsa" or "ssl" after FILE when present; otherwise a
 * "kurumsal" root (Mali Mühür / e-seal) is "seal" and any other "nes".
 * A malformed line makes the whole manifest unusable: a pin list that is
 * half read must not decide what is trusted.
 */
static int is_role(const char *t)
{
	return strcmp(t, "nes") == 0 || strcmp(t, "seal") == 0 ||
	       strcmp(t, "tsa") == 0 || strcmp(t, "ssl") == 0;
}

static int manifest_load(okc_ctx *ctx, const char *dir, manifest *m)
{
	char path[4200], line[1024];
	int rc = OKC_OK, lineno = 0;
	memset(m, 0, sizeof(*m));
	if (okc__pathf(path, sizeof(path), "%s/MANIFEST", dir) != 0)
		return okc__error(ctx, OKC_EINVAL, "store path too long");
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return okc__error(ctx, OKC_ETRUST, "cannot read %s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		char *p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '#' || *p == '\n' || *p == '\r' || *p == '\0')
			continue;
		pin e;
		memset(&e, 0, sizeof(e));
		char *tok[64];
		size_t nt = 0;
		for (char *q = p; *q != '\0' && nt < 64;) {
			while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
				*q++ = '\0';
			if (*q == '\0')
				break;
			tok[nt++] = q;
			while (*q && *q != ' ' && *q != '\t' && *q != '\n' && *q != '\r')
				q++;
		}
		if (nt < 2 || strlen(tok[0]) != 64 || strlen(tok[1]) >= sizeof(e.name) ||
		    strchr(tok[1], '/') != NULL || tok[1][0] == '.') {
			rc = okc__error(ctx, OKC_ETRUST, "%s:%d: malformed line", path, lineno);
			break;
		}
		memcpy(e.sha, tok[0], 65);
		memcpy(e.name, tok[1], strlen(tok[1]) + 1);
		for (int i = 0; i < 64; i++) {
			if (hexval(e.sha[i]) < 0) {
				rc = okc__error(ctx, OKC_ETRUST, "%s:%d: bad SHA-256", path, lineno);
				break;
			}
			if (e.sha[i] >= 'a')
				e.sha[i] = (char)(e.sha[i] - 'a' + 'A');
		}
		if (rc < 0)
			break;
		const char *role = NULL;
		for (size_t i = 2; i < nt && role == NULL; i++)
			if (is_role(tok[i]))
				role = tok[i];
		if (role == NULL)
			role = strstr(e.name, "kurumsal") != NULL ? "seal" : "nes";
		memcpy(e.role, role, strlen(role) + 1);
		if (okc__grow((void **)&m->v, &m->cap, m->n + 1, sizeof(pin)) < 0) {
			rc = OKC_ENOMEM;
			break;
		}
		m->v[m->n++] = e;
	}
	fclose(f);
	if (rc < 0) {
		free(m->v);
		memset(m, 0, sizeof(*m));
	}
	return rc;
}

static pin *manifest_find(manifest *m, const char *sha)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->v[i].sha, sha) == 0)
			return &m->v[i];
	return NULL;
}

/* ---- certificate facts ---- */

typedef struct certfacts {
	char sha[65];
	char subject[512];
	okc_time nb, na;
} certfacts;

static int facts(X509 *x, certfacts *f)
{
	unsigned char *der = NULL, h[32];
	int n = i2d_X509(x, &der);
	if (n <= 0)
		return OKC_ENOMEM;
	EVP_Digest(der, (size_t)n, h, NULL, EVP_sha256(), NULL);
	OPENSSL_free(der);
	okc__hex(f->sha, h, 32, true);
	BIO *b = BIO_new(BIO_s_mem());
	f->subject[0] = '\0';
	if (b != NULL) {
		X509_NAME_print_ex(b, X509_get_subject_name(x), 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
		int l = BIO_read(b, f->subject, sizeof(f->subject) - 1);
		f->subject[l > 0 ? l : 0] = '\0';
		BIO_free(b);
	}
	f->nb = f->na = 0;
	okc__ltv_asn1_time(X509_get0_notBefore(x), &f->nb);
	okc__ltv_asn1_time(X509_get0_notAfter(x), &f->na);
	return OKC_OK;
}

/* ---- import-depot ---- */

typedef struct import_state {
	okc_ctx *ctx;
	const char *dir;
	manifest *m;
	okc_anchor_cb cb;
	void *arg;
	size_t count;
	int rc;
} import_state;

static int write_pem(okc_ctx *ctx, const char *path, X509 *x)
{
	char tmp[4300];
	if (okc__pathf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid()) != 0)
		return okc__error(ctx, OKC_EINVAL, "path too long");
	FILE *f = fopen(tmp, "w");
	if (f == NULL)
		return okc__error(ctx, OKC_EIO, "cannot create %s: %s", tmp, strerror(errno));
	int ok = PEM_write_X509(f, x) == 1 && fflush(f) == 0 && fsync(fileno(f)) == 0;
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		unlink(tmp);
		return okc__error(ctx, OKC_EIO, "cannot write %s", path);
	}
	return OKC_OK;
}

static void import_one(import_state *st, const xmlChar *b64)
{
	okc_anchor_info a;
	certfacts f;
	memset(&a, 0, sizeof(a));
	a.note = "";
	/* strip whitespace; decode base64 */
	size_t n = strlen((const char *)b64);
	char *clean = malloc(n + 1);
	unsigned char *der = malloc(n + 1);
	X509 *x = NULL;
	size_t k = 0;
	if (clean == NULL || der == NULL) {
		st->rc = OKC_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		if (b64[i] != ' ' && b64[i] != '\n' && b64[i] != '\r' && b64[i] != '\t')
			clean[k++] = (char)b64[i];
	clean[k] = '\0';
	int dl = k % 4 == 0 ? EVP_DecodeBlock(der, (unsigned char *)clean, (int)k) : -1;
	if (dl > 0) {
		/* EVP_DecodeBlock counts the '=' padding as zero bytes */
		if (k >= 1 && clean[k - 1] == '=')
			dl--;
		if (k >= 2 && clean[k - 2] == '=')
			dl--;
		const unsigned char *p = der;
		x = d2i_X509(NULL, &p, dl);
		if (x != NULL && p != der + dl) {
			X509_free(x);
			x = NULL;
		}
	}
	st->count++;
	if (x == NULL) {
		a.note = "mValue is not a base64 DER certificate";
		st->cb(st->arg, &a);
		goto out;
	}
	if (facts(x, &f) < 0) {
		st->rc = OKC_ENOMEM;
		goto out;
	}
	a.sha256 = f.sha;
	a.subject = f.subject;
	a.not_before = f.nb;
	a.not_after = f.na;
	pin *p = manifest_find(st->m, f.sha);
	if (p == NULL) {
		a.note = "SHA-256 not pinned in the manifest: not imported";
		st->cb(st->arg, &a);
		goto out;
	}
	char path[4400];
	a.pinned = 1;
	a.name = p->name;
	a.role = p->role;
	if (okc__pathf(path, sizeof(path), "%s/%s", st->dir, p->name) != 0) {
		st->rc = okc__error(st->ctx, OKC_EINVAL, "path too long");
		goto out;
	}
	int rc = write_pem(st->ctx, path, x);
	if (rc < 0) {
		st->rc = rc;
		goto out;
	}
	p->seen = 1;
	a.accepted = 1;
	a.file = path;
	st->cb(st->arg, &a);
out:
	X509_free(x);
	free(clean);
	free(der);
	ERR_clear_error();
}

static void walk(import_state *st, xmlNode *n, unsigned depth, unsigned max)
{
	for (; n != NULL && st->rc == OKC_OK; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (depth > max) {
			st->rc = okc__error(st->ctx, OKC_ETOOLARGE, "XML nested too deeply");
			return;
		}
		if (xmlStrcasecmp(n->name, BAD_CAST "koksertifika") == 0) {
			for (xmlNode *c = n->children; c != NULL; c = c->next)
				if (c->type == XML_ELEMENT_NODE &&
				    xmlStrcasecmp(c->name, BAD_CAST "mValue") == 0) {
					xmlChar *v = xmlNodeGetContent(c);
					if (v != NULL)
						import_one(st, v);
					xmlFree(v);
				}
			continue;
		}
		walk(st, n->children, depth + 1, max);
	}
}

int okc_trust_import_depot(okc_ctx *ctx, const char *xml_path,
                           const char *store_dir, okc_anchor_cb cb, void *arg)
{
	manifest m = { 0 };
	unsigned char *data = NULL;
	size_t len = 0;
	xmlDoc *doc = NULL;
	int rc;
	OKC_GUARD(manifest_load(ctx, store_dir, &m));
	OKC_GUARD(okc__read_file(ctx, xml_path, okc_ctx_limits(ctx)->max_xml_size,
	                         &data, &len));
	OKC_ENSURE(ctx, len <= INT32_MAX, OKC_ETOOLARGE, "XML too large");
	/* Hardened libxml2 (house style 10): no network, no entity
	 * substitution, no DTD loading, no huge-input mode. */
	doc = xmlReadMemory((const char *)data, (int)len, "SertifikaDeposu.xml", NULL,
	                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	OKC_ENSURE(ctx, doc != NULL && xmlDocGetRootElement(doc) != NULL, OKC_EFORMAT,
	           "%s is not well-formed XML", xml_path);
	import_state st = { ctx, store_dir, &m, cb, arg, 0, OKC_OK };
	walk(&st, xmlDocGetRootElement(doc), 0, okc_ctx_limits(ctx)->max_xml_depth);
	OKC_GUARD(st.rc);
	OKC_ENSURE(ctx, st.count > 0, OKC_EFORMAT,
	           "%s has no <koksertifika><mValue> certificates", xml_path);
	rc = OKC_OK;
out:
	xmlFreeDoc(doc);
	free(data);
	free(m.v);
	return rc;
}

/* ---- list ---- */

static X509 *read_cert_file(okc_ctx *ctx, const char *path)
{
	unsigned char *data = NULL;
	size_t len = 0;
	X509 *x = NULL;
	if (okc__read_file(ctx, path, 1u << 20, &data, &len) < 0)
		return NULL;
	BIO *b = BIO_new_mem_buf(data, (int)len);
	if (b != NULL)
		x = PEM_read_bio_X509(b, NULL, NULL, NULL);
	BIO_free(b);
	if (x == NULL) {
		const unsigned char *p = data;
		x = d2i_X509(NULL, &p, (long)len);
	}
	ERR_clear_error();
	free(data);
	return x;
}

static int is_cert_name(const char *n)
{
	return okc__has_suffix_ci(n, ".pem") || okc__has_suffix_ci(n, ".crt") ||
	       okc__has_suffix_ci(n, ".cer") || okc__has_suffix_ci(n, ".der");
}

int okc_trust_list(okc_ctx *ctx, const char *store_dir, okc_anchor_cb cb, void *arg)
{
	manifest m = { 0 };
	int rc, problems = 0;
	DIR *d = NULL;
	OKC_GUARD(manifest_load(ctx, store_dir, &m));
	d = opendir(store_dir);
	OKC_ENSURE(ctx, d != NULL, OKC_EIO, "cannot open %s", store_dir);
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || !is_cert_name(de->d_name))
			continue;
		char path[4400];
		if (okc__pathf(path, sizeof(path), "%s/%s", store_dir, de->d_name) != 0)
			continue;
		okc_anchor_info a;
		certfacts f;
		memset(&a, 0, sizeof(a));
		a.file = path;
		a.note = "";
		X509 *x = read_cert_file(ctx, path);
		if (x == NULL) {
			a.note = "not a certificate";
			problems++;
			cb(arg, &a);
			continue;
		}
		rc = facts(x, &f);
		X509_free(x);
		OKC_GUARD(rc);
		a.sha256 = f.sha;
		a.subject = f.subject;
		a.not_before = f.nb;
		a.not_after = f.na;
		pin *p = manifest_find(&m, f.sha);
		if (p != NULL) {
			p->seen = 1;
			a.pinned = 1;
			a.name = p->name;
			a.role = p->role;
		} else {
			a.note = "not pinned in the manifest";
			problems++;
		}
		cb(arg, &a);
	}
	for (size_t i = 0; i < m.n; i++) {
		if (m.v[i].seen)
			continue;
		okc_anchor_info a;
		memset(&a, 0, sizeof(a));
		a.sha256 = m.v[i].sha;
		a.name = m.v[i].name;
		a.role = m.v[i].role;
		a.pinned = 1;
		a.note = "pinned, certificate not installed";
		cb(arg, &a);
	}
	rc = problems;
out:
	if (d != NULL)
		closedir(d);
	free(m.v);
	return rc;
}

/* ---- cache commands ---- */

const char *okc_cache_directory(void)
{
	return okc__cache_dir();
}

int okc_cache_add_crl(okc_ctx *ctx, const char *crl_path, const char *issuer_path,
                      char *name, size_t name_len)
{
	unsigned char *data = NULL;
	size_t len = 0;
	X509 *issuer = NULL;
	char nm[128];
	int rc;
	if (issuer_path != NULL) {
		issuer = read_cert_file(ctx, issuer_path);
		OKC_ENSURE(ctx, issuer != NULL, OKC_EFORMAT, "%s: not a certificate",
		           issuer_path);
	}
	OKC_GUARD(okc__read_file(ctx, crl_path, okc_ctx_limits(ctx)->max_crl_size,
	                         &data, &len));
	OKC_GUARD(okc__cache_add_crl(ctx, data, len, nm, sizeof(nm)));
	if (issuer != NULL) {
		/* build the index now: verifies the signature once */
		char path[4400];
		unsigned char *crl = NULL;
		size_t clen = 0;
		OKC_ENSURE(ctx, okc__pathf(path, sizeof(path), "%s/crl/%s",
		                           okc__cache_dir(), nm) == 0,
		           OKC_EINVAL, "path too long");
		OKC_GUARD(okc__read_file(ctx, path, okc_ctx_limits(ctx)->max_crl_size,
		                         &crl, &clen));
		char idx[4500];
		okc__pathf(idx, sizeof(idx), "%s.idx", path);
		if (okc__has_suffix_ci(nm, ".delta")) {
			/* a delta CRL is not indexed: its signature is checked
			 * here and again at each use */
			const unsigned char *p = crl;
			X509_CRL *x = clen <= LONG_MAX ? d2i_X509_CRL(NULL, &p, (long)clen) : NULL;
			rc = x != NULL && X509_CRL_verify(x, X509_get0_pubkey(issuer)) == 1 ?
			     OKC_OK : okc__error(ctx, OKC_ECRYPTO, "CRL signature does not verify");
			X509_CRL_free(x);
			ERR_clear_error();
		} else {
			rc = okc__crlidx_build(ctx, crl, clen, X509_get0_pubkey(issuer), idx,
			                       NULL);
		}
		free(crl);
		if (rc < 0) {
			unlink(path); /* a CRL its issuer did not sign stays out */
			goto out;
		}
	}
	if (name != NULL)
		snprintf(name, name_len, "%s", nm);
	rc = OKC_OK;
out:
	X509_free(issuer);
	free(data);
	return rc;
}

int okc_cache_add_ocsp(okc_ctx *ctx, const char *path, char *name, size_t name_len)
{
	unsigned char *data = NULL;
	size_t len = 0;
	int rc;
	OKC_GUARD(okc__read_file(ctx, path, 1u << 20, &data, &len));
	rc = okc__cache_add_ocsp(ctx, data, len, name, name_len);
out:
	free(data);
	return rc;
}

int okc_cache_check(okc_ctx *ctx, okc_cache_cb cb, void *arg)
{
	char dir[4200], path[4500], msg[300];
	int problems = 0;
	okc__pathf(dir, sizeof(dir), "%s/crl", okc__cache_dir());
	DIR *d = opendir(dir);
	struct dirent *de;
	while (d != NULL && (de = readdir(d)) != NULL) {
		if (!okc__has_suffix_ci(de->d_name, ".crl"))
			continue;
		okc__pathf(path, sizeof(path), "%s/%s", dir, de->d_name);
		unsigned char *data = NULL;
		size_t len = 0;
		okc__crlidx_info info;
		if (okc__read_file(ctx, path, okc_ctx_limits(ctx)->max_crl_size, &data, &len) < 0 ||
		    okc__crl_peek(data, len, &info, NULL, NULL) < 0) {
			cb(arg, de->d_name, 0, "unreadable or not a DER CRL");
			problems++;
			free(data);
			continue;
		}
		free(data);
		char idx[4600], nu[32] = "-";
		okc__pathf(idx, sizeof(idx), "%s.idx", path);
		okc__crlidx *x = NULL;
		int rc = okc__crlidx_open(&x, ctx, idx);
		if (info.next_update)
			okc_time_format(nu, sizeof(nu), info.next_update);
		if (rc == OKC_ENOTFOUND) {
			snprintf(msg, sizeof(msg), "not indexed yet (built at first use); nextUpdate %s", nu);
			cb(arg, de->d_name, 1, msg);
		} else if (rc < 0 || okc__crlidx_get_info(x)->crl_size != len ||
		           memcmp(okc__crlidx_get_info(x)->crl_sha256, info.crl_sha256, 32) != 0) {
			/* never trusted: removed, rebuilt at the next use */
			unlink(idx);
			cb(arg, de->d_name, 0, "index corrupt or stale: removed, rebuilt at next use");
			problems++;
		} else {
			int past = info.next_update && info.next_update < okc_ctx_validation_time(ctx);
			snprintf(msg, sizeof(msg), "%llu entries, nextUpdate %s%s",
			         (unsigned long long)okc__crlidx_get_info(x)->entries, nu,
			         past ? " (past: run refresh)" : "");
			cb(arg, de->d_name, !past, msg);
			problems += past;
		}
		okc__crlidx_close(x);
	}
	if (d != NULL)
		closedir(d);
	okc__pathf(dir, sizeof(dir), "%s/ocsp", okc__cache_dir());
	d = opendir(dir);
	while (d != NULL && (de = readdir(d)) != NULL) {
		if (!okc__has_suffix_ci(de->d_name, ".der"))
			continue;
		okc__pathf(path, sizeof(path), "%s/%s", dir, de->d_name);
		unsigned char *data = NULL;
		size_t len = 0;
		OCSP_RESPONSE *r = NULL;
		if (okc__read_file(ctx, path, 1u << 20, &data, &len) == OKC_OK) {
			const unsigned char *p = data;
			r = d2i_OCSP_RESPONSE(NULL, &p, (long)len);
		}
		int ok = r != NULL && OCSP_response_status(r) == OCSP_RESPONSE_STATUS_SUCCESSFUL;
		cb(arg, de->d_name, ok, ok ? "OCSP response" : "not a successful OCSP response");
		problems += !ok;
		OCSP_RESPONSE_free(r);
		free(data);
		ERR_clear_error();
	}
	if (d != NULL)
		closedir(d);
	return problems;
}

int okc_cache_refresh(okc_ctx *ctx, okc_cache_cb cb, void *arg)
{
	char dir[4200], path[4500], url[2048];
	int failures = 0;
	if (okc_ctx_offline(ctx))
		return okc__error(ctx, OKC_EUNSUPPORTED, "refresh needs the network (offline)");
	okc__pathf(dir, sizeof(dir), "%s/crl", okc__cache_dir());
	DIR *d = opendir(dir);
	struct dirent *de;
	okc_time now = okc_ctx_validation_time(ctx);
	while (d != NULL && (de = readdir(d)) != NULL) {
		if (!okc__has_suffix_ci(de->d_name, ".url"))
			continue;
		okc__pathf(path, sizeof(path), "%s/%.*s.crl", dir,
		           (int)(strlen(de->d_name) - 4), de->d_name);
		unsigned char *data = NULL;
		size_t len = 0;
		okc__crlidx_info info;
		int have = okc__read_file(ctx, path, okc_ctx_limits(ctx)->max_crl_size,
		                          &data, &len) == OKC_OK &&
		           okc__crl_peek(data, len, &info, NULL, NULL) == OKC_OK;
		free(data);
		if (have && (info.next_update == 0 || info.next_update >= now)) {
			cb(arg, de->d_name, 1, "current");
			continue;
		}
		okc__pathf(path, sizeof(path), "%s/%s", dir, de->d_name);
		FILE *f = fopen(path, "r");
		int got = f != NULL && fgets(url, sizeof(url), f) != NULL;
		if (f != NULL)
			fclose(f);
		if (!got) {
			cb(arg, de->d_name, 0, "cannot read the source URL");
			failures++;
			continue;
		}
		url[strcspn(url, "\r\n")] = '\0';
		unsigned char *crl = NULL;
		size_t clen = 0;
		char name[128];
		int rc = okc__fetch_url(ctx, url, NULL, NULL, 0, NULL, &crl, &clen);
		if (rc == OKC_OK)
			rc = okc__cache_add_crl(ctx, crl, clen, name, sizeof(name));
		free(crl);
		if (rc == OKC_OK) {
			/* the new CRL has a new number: keep the URL with it */
			char np[4500];
			okc__pathf(np, sizeof(np), "%s/%.*s.url", dir, (int)(strlen(name) - 4), name);
			if (strcmp(np, path) != 0) {
				FILE *o = fopen(np, "w");
				if (o != NULL) {
					fprintf(o, "%s\n", url);
					fclose(o);
				}
			}
			cb(arg, de->d_name, 1, url);
		} else {
			cb(arg, de->d_name, 0, okc_ctx_errmsg(ctx));
			failures++;
		}
	}
	if (d != NULL)
		closedir(d);
	return failures;
}

static const char *state_name(okc__rev_state s)
{
	switch (s) {
	case OKC_REV_GOOD: return "good";
	case OKC_REV_REVOKED: return "revoked";
	case OKC_REV_UNKNOWN: return "unknown";
	case OKC_REV_STALE: return "stale";
	case OKC_REV_BAD_SIG: return "bad-signature";
	case OKC_REV_MALFORMED: return "malformed";
	default: return "missing";
	}
}

int okc_revocation_status(okc_ctx *ctx, const char *cert_path, const char *issuer_path,
                          okc_time at, char *status, size_t status_len,
                          char *detail, size_t detail_len)
{
	X509 *cert = read_cert_file(ctx, cert_path);
	X509 *issuer = read_cert_file(ctx, issuer_path);
	okc__rev rv;
	int rc;
	OKC_ENSURE(ctx, cert != NULL && issuer != NULL, OKC_EFORMAT,
	           "cannot read the certificate or its issuer");
	OKC_GUARD(okc__rev_check(&rv, ctx, cert, issuer, NULL,
	                         at ? at : okc_ctx_validation_time(ctx), 0));
	snprintf(status, status_len, "%s", state_name(rv.state));
	if (rv.state == OKC_REV_REVOKED) {
		char rt[32];
		okc_time_format(rt, sizeof(rt), rv.revoked_at);
		snprintf(detail, detail_len, "%s (%s, %s), revoked at %s, reason %d",
		         rv.detail, rv.kind, rv.source, rt, rv.crl_reason);
	} else {
		snprintf(detail, detail_len, "%s (%s%s%s)", rv.detail, rv.source,
		         rv.kind[0] ? ", " : "", rv.kind);
	}
	if (rv.skipped[0]) {
		size_t l = strlen(detail);
		snprintf(detail + l, detail_len - l, "; skipped (no LDAP, no TLS): %s",
		         rv.skipped);
	}
	rc = OKC_OK;
out:
	X509_free(cert);
	X509_free(issuer);
	return rc;
}
