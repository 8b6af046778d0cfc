/*
 * test_spool.c - unit tests of the mail hook's spool (src/intake/spool.c)
 * and reply composer (src/intake/reply.c): atomic, idempotent writes,
 * concurrent commits, the lock deadline, Maildir-style tmp/ cleaning, and
 * the bilingual RFC 3834 reply.
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <gmime/gmime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <okc/okc.h>

#include "intake/reply.h"
#include "intake/spool.h"

static char dir[256];

static void rm_rf(const char *path)
{
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", path);
	ck_assert_int_eq(system(cmd), 0);
}

static void setup(void)
{
	snprintf(dir, sizeof(dir), "%s/okc-spool-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	rm_rf(dir);
}

static size_t count_files(const char *sub)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", dir, sub);
	DIR *d = opendir(p);
	ck_assert_ptr_nonnull(d);
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char q[800];
		struct stat st;
		snprintf(q, sizeof(q), "%s/%s", p, e->d_name);
		if (stat(q, &st) == 0 && S_ISREG(st.st_mode))
			n++;
	}
	closedir(d);
	return n;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	ck_assert_ptr_nonnull(fp);
	char *b = malloc(1 << 20);
	*len = fread(b, 1, 1 << 20, fp);
	b[*len] = '\0';
	fclose(fp);
	return b;
}

static spool *open_spool(void)
{
	spool *sp = NULL;
	ck_assert_int_eq(spool_open(&sp, dir, 1, 5), SPOOL_OK);
	return sp;
}

/* Feed `msg` through a pipe, as the MTA does. */
static int receive_str(spool *sp, const char *msg, uint64_t keep,
                       unsigned char **data, size_t *len, uint64_t *total,
                       char sha[65])
{
	int p[2];
	ck_assert_int_eq(pipe(p), 0);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		size_t n = strlen(msg);
		ssize_t w = write(p[1], msg, n);
		_exit(w == (ssize_t)n ? 0 : 1);
	}
	close(p[1]);
	int rc = spool_receive(sp, p[0], keep, data, len, total, sha);
	close(p[0]);
	int st;
	waitpid(pid, &st, 0);
	return rc;
}

START_TEST(test_open_creates_tree_and_checks)
{
	spool *sp = open_spool();
	static const char *subs[] = { "tmp", "new", "cur", "raw", "documents",
	                              "outbox", "outbox/sent" };
	for (size_t i = 0; i < 7; i++) {
		char p[512];
		struct stat st;
		snprintf(p, sizeof(p), "%s/%s", dir, subs[i]);
		ck_assert_int_eq(stat(p, &st), 0);
		ck_assert(S_ISDIR(st.st_mode));
	}
	ck_assert_int_eq(spool_check(sp), SPOOL_OK);
	ck_assert_uint_eq(count_files("tmp"), 0);
	spool_close(sp);
	/* a broken tree is reported, not repaired, without `create` */
	char p[512];
	snprintf(p, sizeof(p), "%s/new", dir);
	ck_assert_int_eq(rmdir(p), 0);
	sp = NULL;
	ck_assert_int_eq(spool_open(&sp, dir, 0, 5), SPOOL_TEMPFAIL);
	ck_assert_ptr_nonnull(strstr(spool_error(sp), "new"));
	spool_close(sp);
}
END_TEST

START_TEST(test_receive_and_raw_byte_for_byte)
{
	const char *msg = "From: a@b.c\r\nSubject: x\r\n\r\nbody\x01\xff\r\n";
	spool *sp = open_spool();
	unsigned char *data = NULL;
	size_t len = 0;
	uint64_t total = 0;
	char sha[65], want[65];
	ck_assert_int_eq(receive_str(sp, msg, 1 << 20, &data, &len, &total, sha), SPOOL_OK);
	ck_assert_uint_eq(len, strlen(msg));
	ck_assert_uint_eq(total, strlen(msg));
	ck_assert_mem_eq(data, msg, len);
	spool_sha256_hex(msg, strlen(msg), want);
	ck_assert_str_eq(sha, want);
	ck_assert_uint_eq(count_files("tmp"), 1);      /* staged */
	ck_assert_int_eq(spool_commit_raw(sp), SPOOL_OK);
	ck_assert_uint_eq(count_files("tmp"), 0);
	char p[512];
	snprintf(p, sizeof(p), "%s/raw/%s.eml", dir, sha);
	size_t n;
	char *back = slurp(p, &n);
	ck_assert_uint_eq(n, strlen(msg));
	ck_assert_mem_eq(back, msg, n);
	free(back);
	free(data);
	/* the same message again: still one raw file */
	ck_assert_int_eq(receive_str(sp, msg, 1 << 20, &data, &len, &total, sha), SPOOL_OK);
	ck_assert_int_eq(spool_commit_raw(sp), SPOOL_OK);
	ck_assert_uint_eq(count_files("raw"), 1);
	ck_assert_uint_eq(count_files("tmp"), 0);
	free(data);
	spool_close(sp);
}
END_TEST

START_TEST(test_receive_keeps_limit_plus_one)
{
	spool *sp = open_spool();
	unsigned char *data = NULL;
	size_t len = 0;
	uint64_t total = 0;
	char sha[65];
	const char *msg = "From: a@b.c\n\n0123456789012345678901234567890123456789";
	ck_assert_int_eq(receive_str(sp, msg, 10, &data, &len, &total, sha), SPOOL_OK);
	ck_assert_uint_eq(len, 11);
	ck_assert_uint_eq(total, strlen(msg));
	free(data);
	/* the raw copy is complete even so */
	ck_assert_int_eq(spool_commit_raw(sp), SPOOL_OK);
	char p[512];
	snprintf(p, sizeof(p), "%s/raw/%s.eml", dir, sha);
	size_t n;
	char *back = slurp(p, &n);
	ck_assert_uint_eq(n, strlen(msg));
	free(back);
	spool_close(sp);
}
END_TEST

START_TEST(test_unreceived_message_leaves_no_debris)
{
	spool *sp = open_spool();
	unsigned char *data = NULL;
	size_t len = 0;
	uint64_t total = 0;
	char sha[65];
	ck_assert_int_eq(receive_str(sp, "From: a@b.c\n\nx", 100, &data, &len, &total, sha), SPOOL_OK);
	free(data);
	spool_close(sp);  /* a failed delivery: never committed */
	ck_assert_uint_eq(count_files("tmp"), 0);
	ck_assert_uint_eq(count_files("raw"), 0);
}
END_TEST

START_TEST(test_documents_content_addressed)
{
	spool *sp = open_spool();
	char a[65], b[65], c[65];
	ck_assert_int_eq(spool_put_document(sp, "liste", 5, a), SPOOL_OK);
	ck_assert_int_eq(spool_put_document(sp, "liste", 5, b), SPOOL_OK);
	ck_assert_int_eq(spool_put_document(sp, "", 0, c), SPOOL_OK);
	ck_assert_str_eq(a, b);
	ck_assert_str_eq(c, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	ck_assert_uint_eq(count_files("documents"), 2);
	ck_assert_uint_eq(count_files("tmp"), 0);
	spool_close(sp);
}
END_TEST

START_TEST(test_record_idempotent_new_and_cur)
{
	spool *sp = open_spool();
	const char *json = "{\"id\":\"r1\"}\n";
	ck_assert_int_eq(spool_has_record(sp, "r1"), 0);
	ck_assert_int_eq(spool_commit_record(sp, "r1", json, strlen(json)), SPOOL_OK);
	ck_assert_int_eq(spool_has_record(sp, "r1"), 1);
	ck_assert_int_eq(spool_commit_record(sp, "r1", "{\"id\":\"other\"}", 14), SPOOL_EXISTS);
	char p[512], q[512];
	snprintf(p, sizeof(p), "%s/new/r1.json", dir);
	size_t n;
	char *back = slurp(p, &n);
	ck_assert_str_eq(back, json);   /* the first one stays */
	free(back);
	/* the order system took it: a redelivery must not re-create it */
	snprintf(q, sizeof(q), "%s/cur/r1.json", dir);
	ck_assert_int_eq(rename(p, q), 0);
	ck_assert_int_eq(spool_commit_record(sp, "r1", json, strlen(json)), SPOOL_EXISTS);
	ck_assert_uint_eq(count_files("new"), 0);
	ck_assert_uint_eq(count_files("tmp"), 0);
	/* ids that would escape new/ are refused */
	ck_assert_int_eq(spool_commit_record(sp, "../x", json, 3), SPOOL_TEMPFAIL);
	ck_assert_int_eq(spool_commit_record(sp, "", json, 3), SPOOL_TEMPFAIL);
	spool_close(sp);
}
END_TEST

START_TEST(test_concurrent_commits)
{
	/* 40 processes, 8 distinct ids, all at once: exactly 8 records. */
	pid_t pids[40];
	for (int i = 0; i < 40; i++) {
		pids[i] = fork();
		ck_assert_int_ne(pids[i], -1);
		if (pids[i] == 0) {
			spool *sp = NULL;
			if (spool_open(&sp, dir, 1, 30) != SPOOL_OK)
				_exit(2);
			char id[16], json[64];
			snprintf(id, sizeof(id), "id%d", i % 8);
			snprintf(json, sizeof(json), "{\"id\":\"%s\"}\n", id);
			int rc = spool_commit_record(sp, id, json, strlen(json));
			spool_close(sp);
			_exit(rc == SPOOL_TEMPFAIL ? 1 : 0);
		}
	}
	for (int i = 0; i < 40; i++) {
		int st;
		ck_assert_int_eq(waitpid(pids[i], &st, 0), pids[i]);
		ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	ck_assert_uint_eq(count_files("new"), 8);
	ck_assert_uint_eq(count_files("tmp"), 0);
}
END_TEST

START_TEST(test_lock_deadline_is_tempfail)
{
	spool *sp = NULL;
	ck_assert_int_eq(spool_open(&sp, dir, 1, 1), SPOOL_OK);
	char p[512];
	snprintf(p, sizeof(p), "%s/.lock", dir);
	pid_t holder = fork();
	if (holder == 0) {
		/* another delivery holding the lock for good (its own open
		 * file description: flock locks belong to those) */
		int hfd = open(p, O_RDWR | O_CREAT, 0600);
		if (hfd < 0 || flock(hfd, LOCK_EX) != 0)
			_exit(1);
		pause();
		_exit(0);
	}
	int fd = open(p, O_RDWR | O_CREAT, 0600);
	ck_assert_int_ge(fd, 0);
	/* wait until the holder has it */
	for (int i = 0; i < 500; i++) {
		if (flock(fd, LOCK_EX | LOCK_NB) != 0)
			break;
		flock(fd, LOCK_UN);
		usleep(10000);
	}
	ck_assert_int_eq(spool_commit_record(sp, "r", "{}", 2), SPOOL_TEMPFAIL);
	ck_assert_ptr_nonnull(strstr(spool_error(sp), "lock timeout"));
	ck_assert_uint_eq(count_files("new"), 0);
	ck_assert_uint_eq(count_files("tmp"), 0);
	kill(holder, SIGKILL);
	waitpid(holder, NULL, 0);
	close(fd);
	/* the retry completes */
	ck_assert_int_eq(spool_commit_record(sp, "r", "{}", 2), SPOOL_OK);
	spool_close(sp);
}
END_TEST

START_TEST(test_stale_tmp_cleaned)
{
	spool *sp = open_spool();
	spool_close(sp);
	char old[512], fresh[512];
	snprintf(old, sizeof(old), "%s/tmp/old.P1", dir);
	snprintf(fresh, sizeof(fresh), "%s/tmp/fresh.P2", dir);
	FILE *f = fopen(old, "w");
	fputs("partial", f);
	fclose(f);
	f = fopen(fresh, "w");
	fputs("in progress", f);
	fclose(f);
	struct timespec ts[2] = { { time(NULL) - 40 * 3600, 0 },
	                          { time(NULL) - 40 * 3600, 0 } };
	ck_assert_int_eq(utimensat(AT_FDCWD, old, ts, 0), 0);
	sp = open_spool();
	ck_assert_int_ne(access(old, F_OK), 0);
	ck_assert_int_eq(access(fresh, F_OK), 0);  /* maybe another delivery */
	spool_close(sp);
}
END_TEST

START_TEST(test_outbox_and_sent)
{
	spool *sp = open_spool();
	ck_assert_int_eq(spool_put_outbox(sp, "r.eml", "reply", 5), SPOOL_OK);
	ck_assert_int_eq(spool_put_outbox(sp, "r.eml", "other", 5), SPOOL_OK);
	ck_assert_uint_eq(count_files("outbox"), 1);
	char p[512];
	ck_assert_int_eq(spool_outbox_path(sp, "r.eml", p, sizeof(p)), SPOOL_OK);
	size_t n;
	char *b = slurp(p, &n);
	ck_assert_str_eq(b, "reply");
	free(b);
	ck_assert_int_eq(spool_outbox_sent(sp, "r.eml"), SPOOL_OK);
	ck_assert_uint_eq(count_files("outbox"), 0);
	ck_assert_uint_eq(count_files("outbox/sent"), 1);
	/* a redelivery does not queue the same reply again */
	ck_assert_int_eq(spool_put_outbox(sp, "r.eml", "reply", 5), SPOOL_OK);
	ck_assert_uint_eq(count_files("outbox"), 0);
	spool_close(sp);
}
END_TEST

/* ---- reply ---- */

static char *decoded_body(const char *msg, size_t len, GMimeMessage **out)
{
	GMimeStream *s = g_mime_stream_mem_new_with_buffer(msg, len);
	GMimeParser *p = g_mime_parser_new_with_stream(s);
	GMimeMessage *m = g_mime_parser_construct_message(p, NULL);
	ck_assert_ptr_nonnull(m);
	GMimeObject *body = g_mime_message_get_mime_part(m);
	ck_assert(GMIME_IS_TEXT_PART(body));
	char *t = g_mime_text_part_get_text(GMIME_TEXT_PART(body));
	g_object_unref(p);
	g_object_unref(s);
	*out = m;
	return t;
}

START_TEST(test_reply_bilingual_rfc3834)
{
	g_mime_init();
	const okc_reason *r1 = okc_reason_lookup("MAIL_NO_ATTACHMENT");
	const okc_reason *r2 = okc_reason_lookup("MAIL_FORWARDED");
	ck_assert_ptr_nonnull(r1);
	const okc_reason *rs[] = { r1, r2 };
	reply_input in = {
		.to = "basvuru@ornek.com.tr", .from = "okc@kamusm.example",
		.message_id = "abc.123@ornek.com.tr", .subject = "ÖKC başvurusu",
		.date = "Tue, 24 Nov 2026 10:00:00 +0300", .record_id = "rec-42",
		.decision = OKC_DECISION_REJECTED, .reasons = rs, .n_reasons = 2,
		.now = 1795000000,
	};
	char *out = NULL;
	size_t len = 0;
	ck_assert_int_eq(reply_compose(&out, &len, &in), 0);
	GMimeMessage *m = NULL;
	char *body = decoded_body(out, len, &m);
	GMimeObject *o = GMIME_OBJECT(m);
	ck_assert_str_eq(g_mime_object_get_header(o, "Auto-Submitted"), "auto-replied");
	ck_assert_str_eq(g_mime_object_get_header(o, "In-Reply-To"), "<abc.123@ornek.com.tr>");
	ck_assert_str_eq(g_mime_object_get_header(o, "X-OKC-Intake-Reply"), "rec-42");
	ck_assert_ptr_nonnull(strstr(g_mime_message_get_subject(m), "REDDEDİLDİ"));
	ck_assert_ptr_nonnull(strstr(g_mime_message_get_subject(m), "REJECTED"));
	ck_assert_ptr_nonnull(strstr(g_mime_message_get_subject(m), "rec-42"));
	/* Turkish first, then English; the reason in plain words + advice */
	const char *tr = strstr(body, "Sonuç: REDDEDİLDİ");
	const char *en = strstr(body, "Decision: REJECTED");
	ck_assert_ptr_nonnull(tr);
	ck_assert_ptr_nonnull(en);
	ck_assert(tr < en);
	ck_assert_ptr_nonnull(strstr(body, "<abc.123@ornek.com.tr>"));
	ck_assert_ptr_nonnull(strstr(body, r1->message_tr));
	ck_assert_ptr_nonnull(strstr(body, r1->message_en));
	ck_assert_ptr_nonnull(strstr(body, "elektronik sertifikanızla imzaladığınız"));
	ck_assert_ptr_nonnull(strstr(body, "signed with your qualified electronic certificate"));
	/* INFO findings are not the applicant's business */
	ck_assert_ptr_null(strstr(body, "MAIL_FORWARDED"));
	g_free(body);
	g_object_unref(m);
	/* and our own hook would never answer it (no loop) */
	okc_ctx *ctx = NULL;
	ck_assert_int_eq(okc_ctx_new(&ctx, NULL), OKC_OK);
	okc_mail *pm = NULL;
	ck_assert_int_eq(okc_mail_parse(&pm, ctx, out, len), OKC_OK);
	ck_assert_str_eq(okc_mail_no_reply_reason(pm), "auto-submitted");
	okc_mail_free(pm);
	okc_ctx_free(ctx);
	free(out);
	/* the same record gives the same reply */
	char *again = NULL;
	size_t len2 = 0;
	ck_assert_int_eq(reply_compose(&again, &len2, &in), 0);
	char *first = NULL;
	ck_assert_int_eq(reply_compose(&first, &len, &in), 0);
	ck_assert_uint_eq(len, len2);
	ck_assert_mem_eq(first, again, len);
	free(again);
	free(first);
	in.to = NULL;
	ck_assert_int_eq(reply_compose(&out, &len, &in), -1);
	g_mime_shutdown();
}
END_TEST

START_TEST(test_reply_accepted_has_no_reasons_section)
{
	g_mime_init();
	reply_input in = {
		.to = "a@ornek.com.tr", .from = "okc@kamusm.example",
		.record_id = "rec-1", .decision = OKC_DECISION_ACCEPTED,
		.now = 1795000000,
	};
	char *out = NULL;
	size_t len = 0;
	ck_assert_int_eq(reply_compose(&out, &len, &in), 0);
	GMimeMessage *m = NULL;
	char *body = decoded_body(out, len, &m);
	ck_assert_ptr_nonnull(strstr(body, "KABUL EDİLDİ"));
	ck_assert_ptr_nonnull(strstr(body, "Decision: ACCEPTED"));
	ck_assert_ptr_null(strstr(body, "Nedenler"));
	ck_assert_ptr_null(g_mime_object_get_header(GMIME_OBJECT(m), "In-Reply-To"));
	g_free(body);
	g_object_unref(m);
	free(out);
	g_mime_shutdown();
}
END_TEST

START_TEST(test_reply_advice_table)
{
	const char *tr, *en;
	reply_advice("CADES_NOT_QUALIFIED", OKC_SEV_WARNING, &tr, &en);
	ck_assert_ptr_nonnull(strstr(en, "qualified electronic certificate"));
	reply_advice("CADES_SIGNATURE_INVALID", OKC_SEV_ERROR, &tr, &en);
	ck_assert_ptr_nonnull(strstr(en, "Sign the list again"));
	reply_advice("INTAKE_SIGNER_NOT_AUTHORIZED", OKC_SEV_ERROR, &tr, &en);
	ck_assert_ptr_nonnull(strstr(en, "signature circular"));
	reply_advice("INTAKE_CIRCULAR_MISSING", OKC_SEV_ERROR, &tr, &en);
	ck_assert_ptr_nonnull(strstr(tr, "İmza sirkülerinizi"));
	reply_advice("MAIL_TRUNCATED", OKC_SEV_WARNING, &tr, &en);
	ck_assert_ptr_nonnull(strstr(en, "arrived damaged"));
	reply_advice("SOMETHING_NEW", OKC_SEV_ERROR, &tr, &en);
	ck_assert_str_eq(en, "Please correct this and send the application again.");
	reply_advice("SOMETHING_NEW", OKC_SEV_WARNING, &tr, &en);
	ck_assert_ptr_nonnull(strstr(en, "staff"));
	reply_advice("CORE_UNSUPPORTED_FORMAT", OKC_SEV_ERROR, &tr, &en);
	ck_assert_str_eq(en, "Please correct this and send the application again.");
	reply_advice("INTAKE_WET_SIGNATURE", OKC_SEV_WARNING, &tr, &en);
	ck_assert_ptr_nonnull(strstr(en, "scanned signatures"));
	reply_advice("INTAKE_LIST_MISSING", OKC_SEV_ERROR, &tr, &en);
	ck_assert_ptr_nonnull(strstr(en, "serial numbers"));
	reply_advice("INTAKE_GIB_APPROVAL_MISSING", OKC_SEV_ERROR, &tr, &en);
	ck_assert_ptr_nonnull(strstr(en, "approval letter"));
	reply_advice("MAIL_FORWARDED", OKC_SEV_INFO, &tr, &en);
	ck_assert_str_eq(en, "");
}
END_TEST

static Suite *spool_suite(void)
{
	Suite *s = suite_create("spool");
	TCase *tc = tcase_create("spool");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_open_creates_tree_and_checks);
	tcase_add_test(tc, test_receive_and_raw_byte_for_byte);
	tcase_add_test(tc, test_receive_keeps_limit_plus_one);
	tcase_add_test(tc, test_unreceived_message_leaves_no_debris);
	tcase_add_test(tc, test_documents_content_addressed);
	tcase_add_test(tc, test_record_idempotent_new_and_cur);
	tcase_add_test(tc, test_concurrent_commits);
	tcase_add_test(tc, test_lock_deadline_is_tempfail);
	tcase_add_test(tc, test_stale_tmp_cleaned);
	tcase_add_test(tc, test_outbox_and_sent);
	suite_add_tcase(s, tc);
	TCase *tr = tcase_create("reply");
	tcase_set_timeout(tr, 60);
	tcase_add_test(tr, test_reply_bilingual_rfc3834);
	tcase_add_test(tr, test_reply_accepted_has_no_reasons_section);
	tcase_add_test(tr, test_reply_advice_table);
	suite_add_tcase(s, tr);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(spool_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
