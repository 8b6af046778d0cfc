/*
 * report_text.c - the human summary of a report, English then Turkish.
 */
#include "config.h"

#include <stdio.h>

#include "core/report_build.h"

static void print_reason(FILE *fp, const char *indent, const okc_reason *r)
{
	fprintf(fp, "%s[%s] %s\n", indent, okc_severity_name(r->severity),
	        r->code);
	fprintf(fp, "%s    en: %s\n", indent, r->message_en);
	fprintf(fp, "%s    tr: %s\n", indent, r->message_tr);
	if (r->detail[0] != '\0')
		fprintf(fp, "%s    detail: %s\n", indent, r->detail);
}

static void print_signature(FILE *fp, const okc_signature *s, int depth)
{
	char indent[16];
	int n = depth * 2 + 2;
	if (n > (int)sizeof(indent) - 1)
		n = (int)sizeof(indent) - 1;
	for (int i = 0; i < n; i++)
		indent[i] = ' ';
	indent[n] = '\0';
	const char *sub = okc_subindication_name(okc_signature_subindication(s));
	fprintf(fp, "%s%s (%s, %s): %s%s%s\n", indent, okc_signature_id(s),
	        okc_signature_role(s), okc_signature_level(s),
	        okc_indication_name(okc_signature_indication(s)),
	        sub ? " / " : "", sub ? sub : "");
	const okc_signer_info *si = okc_signature_signer(s);
	if (si->common_name || si->subject)
		fprintf(fp, "%s  signer / imzalayan: %s%s%s%s\n", indent,
		        si->common_name ? si->common_name : si->subject,
		        si->tckn ? " (TCKN " : "", si->tckn ? si->tckn : "",
		        si->tckn ? ")" : "");
	if (si->qualified >= 0)
		fprintf(fp, "%s  qualified / nitelikli: %s\n", indent,
		        si->qualified ? "yes / evet" : "no / hayır");
	char t[32];
	if (okc_signature_signing_time(s) &&
	    okc_time_format(t, sizeof(t), okc_signature_signing_time(s)) == 0)
		fprintf(fp, "%s  signing time / imza zamanı: %s\n", indent, t);
	if (okc_signature_timestamp_time(s) &&
	    okc_time_format(t, sizeof(t), okc_signature_timestamp_time(s)) == 0)
		fprintf(fp, "%s  time-stamp / zaman damgası: %s\n", indent, t);
	for (size_t i = 0; i < okc_signature_reason_count(s); i++)
		print_reason(fp, indent, okc_signature_reason(s, i));
	for (size_t i = 0; i < okc_signature_countersignature_count(s); i++)
		print_signature(fp, okc_signature_countersignature(s, i), depth + 1);
}

int okc_report_write_text(const okc_report *r, FILE *fp)
{
	const char *sub = okc_subindication_name(okc_report_subindication(r));
	char t[32] = "now";
	okc_time_format(t, sizeof(t), okc_report_validation_time(r));
	fprintf(fp, "%s: %s%s%s\n", okc_report_file(r) ? okc_report_file(r) : "-",
	        okc_indication_name(okc_report_indication(r)),
	        sub ? " / " : "", sub ? sub : "");
	fprintf(fp, "  format: %s, validation time / doğrulama zamanı: %s\n",
	        okc_report_format(r), t);
	for (size_t i = 0; i < okc_report_reason_count(r); i++)
		print_reason(fp, "  ", okc_report_reason(r, i));
	for (size_t i = 0; i < okc_report_signature_count(r); i++)
		print_signature(fp, okc_report_signature(r, i), 0);
	return ferror(fp) ? OKC_EIO : OKC_OK;
}
