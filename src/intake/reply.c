/*
 * reply.c - compose the answer to an applicant with GMime.
 *
 * Turkish first (the applicants are Turkish companies), an English copy
 * below.  Each reason is given in plain words (the catalogue's message)
 * with what to do about it.  The headers follow RFC 3834 (Auto-Submitted:
 * auto-replied, In-Reply-To/References to the application) so that other
 * responders do not answer us, and carry X-OKC-Intake-Reply so that our
 * own hook never answers a reply that comes back.
 */
#include "config.h"

#include <gmime/gmime.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "intake/reply.h"

typedef struct advice {
	const char *match;   /* code, or a substring of codes when it ends in '*' */
	const char *tr;
	const char *en;
} advice;

/* Most specific first. */
static const advice advices[] = {
	/* the message itself */
	{ "MAIL_NO_ATTACHMENT",
	  "Nitelikli elektronik sertifikanızla imzaladığınız başvuru listesini (.imz ya da .eyp) e-postaya ekleyerek yeniden gönderin.",
	  "Attach the application list signed with your qualified electronic certificate (.imz or .eyp) and send it again." },
	{ "MAIL_ENCRYPTED",
	  "Başvuruyu şifrelemeden gönderin; bütünlüğünü e-imza korur.",
	  "Send the application unencrypted; the e-signature protects its integrity." },
	{ "MAIL_TOO_LARGE",
	  "Yalnızca başvuru belgelerini ekleyin; büyük dosyaları ayrı e-postalarla göndermeyin, belgeleri küçültün.",
	  "Attach only the application documents and reduce their size." },
	{ "MAIL_TOO_MANY_PARTS",
	  "Belgeleri doğrudan, az sayıda ek olarak gönderin.",
	  "Send the documents directly, as a few attachments." },
	{ "MAIL_TOO_DEEP",
	  "Belgeleri iletilmiş e-postaların içine koymadan, doğrudan ek olarak gönderin.",
	  "Attach the documents directly instead of forwarding messages inside messages." },
	{ "MAIL_PART_UNSUPPORTED",
	  "Bağlantı ya da bölünmüş ileti yerine dosyaların kendisini ekleyin.",
	  "Attach the files themselves, not links or split messages." },
	{ "MAIL_FORWARDED", "", "" },
	{ "MAIL_SMIME_SIGNED", "", "" },
	{ "MAIL_NAME_UNSAFE", "", "" },
	{ "MAIL_*",
	  "E-postanız bozuk ulaştı. Dosyaları doğrudan ekleyerek yeniden gönderin.",
	  "Your e-mail arrived damaged. Please send it again with the files attached directly." },
	/* the signature */
	{ "CADES_CERT_EXPIRED",
	  "Sertifikanızın süresi dolmuş; geçerli bir nitelikli elektronik sertifikayla yeniden imzalayın.",
	  "Your certificate has expired; sign again with a valid qualified electronic certificate." },
	{ "CADES_CERT_NOT_YET_VALID",
	  "Sertifikanız henüz geçerli değil; geçerli bir sertifikayla yeniden imzalayın.",
	  "Your certificate is not valid yet; sign again with a valid certificate." },
	{ "CADES_NOT_QUALIFIED",
	  "Listeyi mali mühür ya da sıradan bir sertifikayla değil, yetkili kişinin nitelikli elektronik sertifikasıyla (e-imza) imzalayın.",
	  "Sign the list with the authorised person's qualified electronic certificate (e-signature), not with a seal or an ordinary certificate." },
	{ "CADES_DIGEST_MISMATCH",
	  "Dosya imzalandıktan sonra değiştirilmiş. Son hâlini yeniden imzalayın ve imzadan sonra değiştirmeyin.",
	  "The file was changed after it was signed. Sign the final version again and do not modify it afterwards." },
	{ "CADES_CHAIN_UNTRUSTED",
	  "Sertifikanız tanınan bir elektronik sertifika hizmet sağlayıcısından değil; yetkili bir ESHS'nin nitelikli sertifikasını kullanın.",
	  "Your certificate is not from a recognised certification service provider; use a qualified certificate from an authorised provider." },
	{ "CADES_DETACHED_CONTENT_MISSING",
	  "İmzalı dosyayı ayrık imza olarak değil, içeriği kapsayan (.imz) biçimde gönderin ya da imzalanan dosyayı da ekleyin.",
	  "Send the signature with the content enclosed (.imz), or attach the signed file as well." },
	{ "LTV_CERT_REVOKED",
	  "Sertifikanız iptal edilmiş; geçerli bir nitelikli sertifikayla yeniden imzalayın.",
	  "Your certificate has been revoked; sign again with a valid qualified certificate." },
	{ "CORE_NO_SIGNATURE",
	  "Başvuru listesini nitelikli elektronik sertifikanızla imzalayın.",
	  "Sign the application list with your qualified electronic certificate." },
	{ "CADES_*",
	  "İmza doğrulanamadı. Listeyi nitelikli elektronik sertifikanızla yeniden imzalayıp gönderin.",
	  "The signature could not be verified. Sign the list again with your qualified electronic certificate and send it." },
	{ "LTV_*",
	  "Şu an sizin yapmanız gereken bir şey yok; imzanız yeniden denetlenecek.",
	  "Nothing to do for now; your signature will be checked again." },
	{ "EYP_*",
	  "e-Yazışma paketi bozuk ya da eksik; paketi yeniden oluşturup imzalayın.",
	  "The e-Yazışma package is damaged or incomplete; create and sign it again." },
	/* the application (intake codes, matched by their meaning) */
	{ "INTAKE_NO_DOCUMENTS",
	  "Nitelikli elektronik sertifikanızla imzaladığınız başvuru listesini (.imz ya da .eyp) ekleyerek yeniden gönderin.",
	  "Attach the application list signed with your qualified electronic certificate (.imz or .eyp) and send it again." },
	{ "INTAKE_DOCUMENT_ENCRYPTED",
	  "Belgeleri parolasız ve şifresiz gönderin.",
	  "Send the documents without a password or encryption." },
	{ "INTAKE_DOCUMENT_*",
	  "Belge boş ya da okunamıyor; dosyayı yeniden kaydedip tekrar gönderin.",
	  "A document is empty or unreadable; save it again and resend it." },
	{ "INTAKE_CONTAINER_CORRUPT",
	  "İmzalı dosya bozuk; listeyi yeniden imzalayıp gönderin.",
	  "The signed file is damaged; sign the list again and send it." },
	{ "INTAKE_WET_SIGNATURE",
	  "Taranmış imzaları bir görevlimiz denetleyecek. Daha hızlı sonuç için listeyi nitelikli elektronik sertifikanızla imzalayabilirsiniz.",
	  "A member of staff will check the scanned signatures. For a faster answer, sign the list with your qualified electronic certificate instead." },
	{ "INTAKE_LIST_JUNK_ROW",
	  "Listede yalnızca cihaz sicil numaralarını bırakın; açıklama ve boş satırları kaldırın.",
	  "Keep only device serial numbers in the list; remove notes and junk rows." },
	{ "*CIRCULAR*",
	  "İmza sirkülerinizi başvuruya ekleyin.",
	  "Add your signature circular (imza sirküleri) to the application." },
	{ "*AUTHORI*",
	  "Listeyi şirketi temsile yetkili kişi imzalamalı; güncel imza sirkülerinizi ekleyin.",
	  "The list must be signed by a person authorised to represent the company; add your current signature circular." },
	{ "*APPROVAL*",
	  "Gelir İdaresi Başkanlığının onay yazısını ekleyin.",
	  "Add the Revenue Administration's (GİB) approval letter." },
	{ "*AUDIT*",
	  "Güvenli alan denetim raporunu ekleyin.",
	  "Add the secure-area audit report." },
	{ "*REQUEST_FORM*",
	  "ÖKC Talep Formunu doldurup ekleyin.",
	  "Fill in and attach the ÖKC request form." },
	{ "*CONTRACT*",
	  "Yeni Nesil ÖKC Sözleşmesini ekleyin.",
	  "Attach the new-generation ÖKC contract." },
	{ "*LIST*",
	  "Cihaz sicil numaralarını içeren başvuru listesini (XLSX, ODS ya da CSV) imzalayarak ekleyin.",
	  "Attach the application list of device serial numbers (XLSX, ODS or CSV), signed." },
	{ "*SERIAL*",
	  "Listedeki cihaz sicil numaralarını denetleyin (biçim, firma kodu, yinelenen satırlar) ve düzeltilmiş listeyi imzalayarak gönderin.",
	  "Check the serial numbers in the list (form, company prefix, duplicates) and send the corrected list, signed." },
	{ "*PREFIX*",
	  "Listedeki cihaz sicil numaralarını denetleyin (biçim, firma kodu, yinelenen satırlar) ve düzeltilmiş listeyi imzalayarak gönderin.",
	  "Check the serial numbers in the list (form, company prefix, duplicates) and send the corrected list, signed." },
	{ "*SIGN*",
	  "Başvuru listesini nitelikli elektronik sertifikanızla imzalayın.",
	  "Sign the application list with your qualified electronic certificate." },
};

static bool glob_match(const char *pat, const char *code)
{
	size_t pl = strlen(pat);
	if (pl >= 2 && pat[0] == '*' && pat[pl - 1] == '*') {
		char mid[64];
		if (pl - 2 >= sizeof(mid))
			return false;
		memcpy(mid, pat + 1, pl - 2);
		mid[pl - 2] = '\0';
		return strstr(code, mid) != NULL;
	}
	if (pl >= 1 && pat[pl - 1] == '*')
		return strncmp(pat, code, pl - 1) == 0;
	return strcmp(pat, code) == 0;
}

void reply_advice(const char *code, int severity, const char **tr,
                  const char **en)
{
	for (size_t i = 0; i < sizeof(advices) / sizeof(*advices); i++)
		if (glob_match(advices[i].match, code)) {
			*tr = advices[i].tr;
			*en = advices[i].en;
			return;
		}
	if (severity == OKC_SEV_ERROR) {
		*tr = "Lütfen bu eksikliği giderip başvuruyu yeniden gönderin.";
		*en = "Please correct this and send the application again.";
	} else {
		*tr = "Bir görevlimiz bunu inceleyecek; sizinle iletişime geçilmedikçe bir şey yapmanız gerekmiyor.";
		*en = "A member of staff will look at this; nothing to do unless we contact you.";
	}
}

static const char *decision_tr(okc_decision d)
{
	switch (d) {
	case OKC_DECISION_ACCEPTED: return "KABUL EDİLDİ";
	case OKC_DECISION_NEEDS_REVIEW: return "İNCELEMEYE ALINDI";
	case OKC_DECISION_REJECTED: return "REDDEDİLDİ";
	default: return "BELİRSİZ";
	}
}

static const char *decision_en(okc_decision d)
{
	switch (d) {
	case OKC_DECISION_ACCEPTED: return "ACCEPTED";
	case OKC_DECISION_NEEDS_REVIEW: return "NEEDS REVIEW by a member of staff";
	case OKC_DECISION_REJECTED: return "REJECTED";
	default: return "UNDETERMINED";
	}
}

static void body_lang(GString *b, const reply_input *in, int tr)
{
	if (tr) {
		g_string_append(b, "Sayın başvuru sahibi,\n\n");
		if (in->date)
			g_string_append_printf(b, "%s tarihli e-postanız alındı.\n",
			                       in->date);
		else
			g_string_append(b, "E-postanız alındı.\n");
		if (in->message_id)
			g_string_append_printf(b, "İleti kimliği (Message-ID): <%s>\n",
			                       in->message_id);
		if (in->subject)
			g_string_append_printf(b, "Konu: %s\n", in->subject);
		g_string_append_printf(b, "Kayıt numarası: %s\n", in->record_id);
		g_string_append_printf(b, "Sonuç: %s\n\n", decision_tr(in->decision));
	} else {
		g_string_append(b, "Dear applicant,\n\n");
		g_string_append_printf(b, "We received your e-mail%s%s.\n",
		                       in->date ? " of " : "",
		                       in->date ? in->date : "");
		if (in->message_id)
			g_string_append_printf(b, "Message-ID: <%s>\n", in->message_id);
		if (in->subject)
			g_string_append_printf(b, "Subject: %s\n", in->subject);
		g_string_append_printf(b, "Record number: %s\n", in->record_id);
		g_string_append_printf(b, "Decision: %s\n\n", decision_en(in->decision));
	}
	size_t shown = 0;
	for (size_t i = 0; i < in->n_reasons; i++) {
		const okc_reason *r = in->reasons[i];
		if (r == NULL || r->severity == OKC_SEV_INFO)
			continue;
		if (shown == 0)
			g_string_append(b, tr ? "Nedenler ve yapmanız gerekenler:\n"
			                      : "Reasons and what to do:\n");
		shown++;
		const char *atr, *aen;
		reply_advice(r->code, r->severity, &atr, &aen);
		g_string_append_printf(b, "%2zu. %s", shown,
		                       tr ? r->message_tr : r->message_en);
		/* The detail is technical and in English: the English
		 * copy carries it. */
		if (!tr && r->detail && *r->detail)
			g_string_append_printf(b, " (%s)", r->detail);
		g_string_append_printf(b, " [%s]\n", r->code);
		const char *a = tr ? atr : aen;
		if (a && *a)
			g_string_append_printf(b, "    %s %s\n",
			                       tr ? "Yapmanız gereken:" : "What to do:", a);
	}
	if (shown)
		g_string_append_c(b, '\n');
	switch (in->decision) {
	case OKC_DECISION_ACCEPTED:
		g_string_append(b, tr ? "Başvurunuz işleme alındı; başka bir şey yapmanız gerekmiyor.\n"
		                      : "Your application is being processed; nothing else is needed from you.\n");
		break;
	case OKC_DECISION_NEEDS_REVIEW:
		g_string_append(b, tr ? "Başvurunuzu bir görevlimiz inceleyecek; gerekirse sizinle iletişime geçeceğiz.\n"
		                      : "A member of staff will review your application and contact you if needed.\n");
		break;
	case OKC_DECISION_REJECTED:
	default:
		g_string_append(b, tr ? "Yukarıdakileri düzelttikten sonra başvurunuzu yeni bir e-postayla yeniden gönderebilirsiniz.\n"
		                      : "Once the points above are corrected, send your application again in a new e-mail.\n");
		break;
	}
	g_string_append(b, tr ? "\nBu ileti otomatik olarak gönderilmiştir. Yazışmalarınızda kayıt numarasını belirtin.\n"
	                      : "\nThis message was sent automatically. Please quote the record number in any correspondence.\n");
}

int reply_compose(char **out, size_t *len, const reply_input *in)
{
	*out = NULL;
	*len = 0;
	if (in == NULL || in->to == NULL || in->from == NULL ||
	    in->record_id == NULL)
		return -1;
	g_mime_init(); /* reference-counted; balanced below */
	int rc = -1;
	GMimeMessage *msg = g_mime_message_new(TRUE);
	GMimeObject *o = GMIME_OBJECT(msg);
	g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_FROM,
	                           "ÖKC Başvuru / ÖKC Applications", in->from);
	g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_TO, NULL, in->to);
	char subj[1024];
	snprintf(subj, sizeof(subj),
	         "ÖKC başvurunuz: %s / Your ÖKC application: %s [%s]",
	         decision_tr(in->decision),
	         in->decision == OKC_DECISION_NEEDS_REVIEW ? "NEEDS REVIEW"
	                                                   : decision_en(in->decision),
	         in->record_id);
	g_mime_message_set_subject(msg, subj, "utf-8");
	time_t now = in->now ? (time_t)in->now : time(NULL);
	GDateTime *dt = g_date_time_new_from_unix_utc((gint64)now);
	g_mime_message_set_date(msg, dt);
	g_date_time_unref(dt);
	/* A stable Message-ID: the same record always gives the same reply. */
	char mid[300];
	snprintf(mid, sizeof(mid), "okc-reply.%.200s@okc-intake.invalid",
	         in->record_id);
	g_mime_message_set_message_id(msg, mid);
	if (in->message_id) {
		char ref[1024];
		snprintf(ref, sizeof(ref), "<%.1000s>", in->message_id);
		g_mime_object_set_header(o, "In-Reply-To", ref, NULL);
		g_mime_object_set_header(o, "References", ref, NULL);
	}
	g_mime_object_set_header(o, "Auto-Submitted", "auto-replied", NULL);
	g_mime_object_set_header(o, "X-Auto-Response-Suppress", "All", NULL);
	g_mime_object_set_header(o, "Precedence", "auto_reply", NULL);
	g_mime_object_set_header(o, "X-OKC-Intake-Reply", in->record_id, NULL);
	g_mime_object_set_header(o, "X-OKC-Decision",
	                         in->decision == OKC_DECISION_ACCEPTED ? "ACCEPTED" :
	                         in->decision == OKC_DECISION_NEEDS_REVIEW ?
	                         "NEEDS_REVIEW" : "REJECTED", NULL);

	GString *body = g_string_new(NULL);
	body_lang(body, in, 1);
	g_string_append(body, "\n---- English ----\n\n");
	body_lang(body, in, 0);

	GMimeTextPart *text = g_mime_text_part_new_with_subtype("plain");
	g_mime_text_part_set_text(text, body->str);  /* sets charset=utf-8 */
	g_mime_part_set_content_encoding(GMIME_PART(text),
	                                 GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
	/* RFC 3282: the body is Turkish, then English. */
	g_mime_object_set_header(GMIME_OBJECT(text), "Content-Language", "tr, en", NULL);
	g_mime_message_set_mime_part(msg, GMIME_OBJECT(text));
	g_object_unref(text);
	g_string_free(body, TRUE);

	GMimeStream *s = g_mime_stream_mem_new();
	if (g_mime_object_write_to_stream(o, NULL, s) >= 0) {
		GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(s));
		*out = malloc(ba->len + 1);
		if (*out) {
			memcpy(*out, ba->data, ba->len);
			(*out)[ba->len] = '\0';
			*len = ba->len;
			rc = 0;
		}
	}
	g_object_unref(s);
	g_object_unref(msg);
	g_mime_shutdown();
	return rc;
}
