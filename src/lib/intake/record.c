/*
 * record.c - the application record: stable id, getters, JSON and the
 * reviewer's bilingual summary.  The JSON form is documented in
 * doc/record.md and doc/okc-record.schema.json.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "intake/intake_int.h"

int okc__sha256_hex(char out[65], const void *data, size_t len)
{
	unsigned char md[32];
	unsigned int mdlen = 0;
	if (EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) != 1 ||
	    mdlen != 32)
		return OKC_ECRYPTO;
	okc__hex(out, md, 32, false);
	return OKC_OK;
}

struct id_doc {
	const char *name;
	const char *sha;
};

static int cmp_id_doc(const void *a, const void *b)
{
	const struct id_doc *x = a, *y = b;
	int c = strcmp(x->sha, y->sha);
	return c ? c : strcmp(x->name, y->name);
}

/* Length-prefixed fields, so that no choice of values can make two
 * different inputs serialise alike. */
static int put_field(EVP_MD_CTX *md, const char *s)
{
	char len[24];
	if (s == NULL)
		s = "";
	snprintf(len, sizeof(len), "%zu:", strlen(s));
	return EVP_DigestUpdate(md, len, strlen(len)) == 1 &&
	       EVP_DigestUpdate(md, s, strlen(s)) == 1 ? 0 : -1;
}

int okc__record_id(char out[65], const char *kind, const char *message_id,
                   const char *from, const char *subject,
                   const char *const *names, const char *const *shas, size_t n)
{
	int rc = OKC_ECRYPTO;
	struct id_doc *v = calloc(n ? n : 1, sizeof(*v));
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned char h[32];
	unsigned int hl = 0;
	if (v == NULL || md == NULL) {
		rc = OKC_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		v[i].name = names[i] ? names[i] : "";
		v[i].sha = shas[i];
	}
	/* The order in which files were given does not matter. */
	qsort(v, n, sizeof(*v), cmp_id_doc);
	if (EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1 ||
	    put_field(md, "okc-record-id/1") < 0 || put_field(md, kind) < 0 ||
	    put_field(md, message_id) < 0 || put_field(md, from) < 0 ||
	    put_field(md, subject) < 0)
		goto out;
	for (size_t i = 0; i < n; i++)
		if (put_field(md, v[i].sha) < 0 || put_field(md, v[i].name) < 0)
			goto out;
	if (EVP_DigestFinal_ex(md, h, &hl) != 1 || hl != 32)
		goto out;
	okc__hex(out, h, 32, false);
	rc = OKC_OK;
out:
	EVP_MD_CTX_free(md);
	free(v);
	return rc;
}

void okc_record_free(okc_record *rec)
{
	if (rec == NULL)
		return;
	okc__rr_clear(&rec->reasons);
	json_decref(rec->json);
	free(rec);
}

okc_decision okc_record_decision(const okc_record *rec)
{
	return rec->decision;
}

const char *okc_record_id(const okc_record *rec)
{
	return rec->id;
}

size_t okc_record_reason_count(const okc_record *rec)
{
	return rec->reasons.n;
}

const okc_reason *okc_record_reason(const okc_record *rec, size_t i)
{
	return i < rec->reasons.n ? &rec->reasons.v[i].r : NULL;
}

const char *okc_decision_name(okc_decision d)
{
	switch (d) {
	case OKC_DECISION_ACCEPTED: return "ACCEPTED";
	case OKC_DECISION_REJECTED: return "REJECTED";
	case OKC_DECISION_NEEDS_REVIEW: return "NEEDS_REVIEW";
	default: return "NEEDS_REVIEW";
	}
}

struct cb_adapter {
	okc_write_cb cb;
	void *payload;
};

static int dump_cb(const char *buf, size_t len, void *data)
{
	struct cb_adapter *a = data;
	return a->cb(buf, len, a->payload) == 0 ? 0 : -1;
}

int okc_record_write_json(const okc_record *rec, unsigned flags,
                          okc_write_cb cb, void *payload)
{
	struct cb_adapter a = { cb, payload };
	size_t jf = JSON_PRESERVE_ORDER;
	jf |= (flags & OKC_JSON_COMPACT) ? JSON_COMPACT : JSON_INDENT(2);
	if (rec == NULL || cb == NULL)
		return OKC_EINVAL;
	if (json_dump_callback(rec->json, dump_cb, &a, jf) != 0)
		return OKC_EIO;
	return cb("\n", 1, payload) == 0 ? OKC_OK : OKC_EIO;
}

static int file_cb(const char *buf, size_t len, void *payload)
{
	return fwrite(buf, 1, len, (FILE *)payload) == len ? 0 : -1;
}

int okc_record_write_json_file(const okc_record *rec, unsigned flags, FILE *fp)
{
	return okc_record_write_json(rec, flags, file_cb, fp);
}

static const char *js(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "-";
}

static const char *decision_tr(okc_decision d)
{
	switch (d) {
	case OKC_DECISION_ACCEPTED: return "KABUL";
	case OKC_DECISION_REJECTED: return "RET";
	default: return "İNCELEME GEREKLİ";
	}
}

int okc_record_write_text(const okc_record *rec, FILE *fp)
{
	json_t *j = rec->json;
	json_t *app = json_object_get(j, "applicant");
	json_t *co = json_object_get(app, "company");
	json_t *appl = json_object_get(j, "application");
	json_t *src = json_object_get(j, "source");
	size_t i;
	json_t *v;

	fprintf(fp, "Karar / Decision: %s / %s\n", decision_tr(rec->decision),
	        okc_decision_name(rec->decision));
	fprintf(fp, "Kayıt / Record: %s (alındı / received %s)\n", rec->id,
	        js(j, "received_at"));
	fprintf(fp, "Kaynak / Source: %s", js(src, "kind"));
	if (json_string_value(json_object_get(src, "from")))
		fprintf(fp, ", %s", js(src, "from"));
	if (json_string_value(json_object_get(src, "subject")))
		fprintf(fp, ", \"%s\"", js(src, "subject"));
	fputc('\n', fp);
	fprintf(fp, "İmza yolu / Signature path: %s\n", js(j, "signature_path"));
	fprintf(fp, "Başvuran / Applicant: %s (VKN %s, MERSİS %s)\n",
	        js(co, "name"), js(co, "vkn"), js(co, "mersis"));
	json_array_foreach(json_object_get(app, "signers"), i, v) {
		json_t *au = json_object_get(v, "authorized");
		fprintf(fp, "  İmzacı / Signer: %s (TCKN %s) yetkili / authorised: %s\n",
		        js(v, "name"), js(v, "tckn"),
		        json_is_true(au) ? "evet / yes" :
		        json_is_false(au) ? "hayır / no" : "bilinmiyor / unknown");
	}
	size_t nvalid = 0;
	json_array_foreach(json_object_get(appl, "serials"), i, v)
		if (json_is_true(json_object_get(v, "valid")))
			nvalid++;
	fprintf(fp, "Başvuru / Application: %s, %s; %lld seri no / serials "
	        "(%zu geçerli / valid)\n", js(appl, "type"),
	        js(appl, "certificate_kind"),
	        (long long)json_integer_value(json_object_get(appl, "serial_count")),
	        nvalid);
	fputs("Belgeler / Documents:\n", fp);
	json_array_foreach(json_object_get(j, "documents"), i, v) {
		fprintf(fp, "  - %s [%s] %s, %lld bayt / bytes", js(v, "name"),
		        js(v, "role"), js(v, "media_type"),
		        (long long)json_integer_value(json_object_get(v, "size")));
		if (json_string_value(json_object_get(v, "inside")))
			fprintf(fp, ", içinde / inside %s", js(v, "inside"));
		fputc('\n', fp);
	}
	json_array_foreach(json_object_get(j, "verification"), i, v)
		fprintf(fp, "Doğrulama / Verification: %s: %s%s%s\n", js(v, "file"),
		        js(v, "indication"),
		        json_string_value(json_object_get(v, "subindication")) ?
		                " / " : "",
		        json_string_value(json_object_get(v, "subindication")) ?
		                js(v, "subindication") : "");
	fputs("Gerekçeler / Reasons:\n", fp);
	for (i = 0; i < rec->reasons.n; i++) {
		const okc__rreason *r = &rec->reasons.v[i];
		fprintf(fp, "  [%s] %s: %s / %s", okc_severity_name(r->r.severity),
		        r->r.code, r->r.message_tr, r->r.message_en);
		if (r->document != NULL)
			fprintf(fp, " (%s)", r->document);
		if (r->detail[0] != '\0')
			fprintf(fp, " - %s", r->detail);
		fputc('\n', fp);
	}
	if (rec->reasons.n == 0)
		fputs("  (yok / none)\n", fp);
	return ferror(fp) ? OKC_EIO : OKC_OK;
}
