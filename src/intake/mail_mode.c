/*
 * mail_mode.c - okc-intake as a mail-gateway hook.
 *
 * The MTA (Postfix pipe(8), procmail, maildrop, Sieve "pipe") runs us once
 * per message.  The contract with the MTA is sysexits(3): 0 means "the
 * message is ours now" and is only returned once the raw message, its
 * documents, the reply and the record are durably in the spool; 75
 * (EX_TEMPFAIL) means "keep it and try again later" and is returned for
 * anything transient.  Nothing is ever bounced: a message the pipeline
 * cannot understand still gets a record (REJECTED or NEEDS_REVIEW) and a
 * raw copy.
 *
 * Order of the writes (each one atomic, see spool.h):
 *   1. the message to tmp/ (while reading stdin), fsync
 *   2. raw/SHA.eml, documents/SHA (content-addressed, idempotent)
 *   3. outbox/ID.eml, the reply
 *   4. new/ID.json, the record: the commit point
 *   5. with --send-with, the reply is handed over and moved to outbox/sent/
 * A crash before 4 leaves no record and the MTA redelivers; a crash after
 * 4 is a redelivery that finds the record and only finishes step 5.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>

#include <okc/okc.h>
#include <okc/intake.h>
#include <okc/mail.h>

#include "intake/mail_mode.h"
#include "intake/reply.h"
#include "intake/spool.h"

#ifndef OKC_DEFAULT_STATE_DIR
#define OKC_DEFAULT_STATE_DIR "/var/lib/okc-intake"
#endif

typedef struct opts {
	const char *spool_dir;
	int to_stdout;
	int check_config;
	const char *send_with;
	int no_reply;
	const char *reply_from;
	const char *sender;        /* envelope sender from the MTA */
	int have_sender;
	const char *reply_out;     /* --stdout: write the reply here */
	unsigned lock_timeout;
	okc_time received_at;
	okc_ctx_options ctxo;
	const char *signers;       /* --signers FILE */
	const char *anchors[16];
	size_t n_anchors;
} opts;

static void usage(FILE *fp)
{
	fputs(
"usage: okc-intake [--spool DIR] [--stdout [--reply-out FILE]] [--check-config]\n"
"                  [--send-with PROGRAM] [--no-reply] [--reply-from ADDR]\n"
"                  [--sender ADDR] [--lock-timeout SECONDS]\n"
"                  [--trust-store DIR] [--no-default-trust] [--anchor FILE]...\n"
"                  [--data-dir DIR] [--signers FILE] [--at ISO8601]\n"
"                  [--received-at ISO8601]\n"
"                  [--offline] [--max-size BYTES]  < message\n"
"       okc-intake --files FILE...   (see okc-intake(1))\n"
"Reads one RFC 5322 message on standard input, runs the intake pipeline and\n"
"writes the record to the spool (default " OKC_DEFAULT_STATE_DIR "/spool).\n"
"Exit: 0 record written, 75 transient failure (retry), 64 usage, 78 bad config.\n",
	      fp);
}

static void logmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logmsg(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("okc-intake: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* Errors the MTA should retry: resources and the trust configuration. */
static int is_transient(int err)
{
	return err == OKC_ENOMEM || err == OKC_EIO || err == OKC_ETRUST ||
	       err == OKC_ETEMPFAIL;
}

/* ---- JSON plumbing ---- */

typedef struct buf {
	char *p;
	size_t n, cap;
	int nomem;
} buf;

static int buf_cb(const char *s, size_t len, void *payload)
{
	buf *b = payload;
	if (b->n + len + 1 > b->cap) {
		size_t nc = b->cap ? b->cap * 2 : 8192;
		while (nc < b->n + len + 1)
			nc *= 2;
		char *np = realloc(b->p, nc);
		if (np == NULL) {
			b->nomem = 1;
			return 1;
		}
		b->p = np;
		b->cap = nc;
	}
	memcpy(b->p + b->n, s, len);
	b->n += len;
	b->p[b->n] = '\0';
	return 0;
}

/* The record gets the mail front end's "mail" and "spool" members after
 * its own.  A record of a large application is megabytes of JSON (one
 * object per serial number): parsing the library's text back into a tree
 * only to append two members cost more than building the record (issue #9
 * item 5 profile).  The members go into an empty object instead, and
 * splice_record() joins the two texts: with JSON_INDENT(2) both objects
 * print their members at the same depth, so the result is byte for byte
 * what dumping the combined tree prints.  A record that already has a
 * top-level "mail" or "spool" member (which the tree would replace in
 * place) takes the tree path.  *is_tail says which one was taken. */
static json_t *record_tail(const buf *rec, int *is_tail)
{
	/* Top-level members are the lines indented by exactly two spaces
	 * (a JSON string never holds a raw newline). */
	if (strstr(rec->p, "\n  \"mail\":") != NULL ||
	    strstr(rec->p, "\n  \"spool\":") != NULL ||
	    rec->n < 4 || strcmp(rec->p + rec->n - 3, "\n}\n") != 0) {
		*is_tail = 0;
		return json_loads(rec->p, 0, NULL);
	}
	*is_tail = 1;
	return json_object();
}

/* "{\n  a...\n}\n" and "{\n  b...\n}" -> "{\n  a...,\n  b...\n}".
 * Frees tail; NULL when out of memory. */
static char *splice_record(const buf *rec, char *tail)
{
	size_t keep = rec->n - 3, tl = strlen(tail);
	char *out = NULL;
	if (tl > 2 && strncmp(tail, "{\n", 2) == 0 &&
	    (out = malloc(keep + 2 + tl - 2 + 1)) != NULL) {
		memcpy(out, rec->p, keep);
		memcpy(out + keep, ",\n", 2);
		memcpy(out + keep + 2, tail + 2, tl - 2 + 1);
	}
	free(tail);
	return out;
}

static json_t *jstr(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *doc_flags(unsigned f)
{
	json_t *a = json_array();
	if (f & OKC_MAIL_DOC_INLINE) json_array_append_new(a, json_string("inline"));
	if (f & OKC_MAIL_DOC_FORWARDED) json_array_append_new(a, json_string("forwarded"));
	if (f & OKC_MAIL_DOC_SMIME_SIG) json_array_append_new(a, json_string("smime_signature"));
	if (f & OKC_MAIL_DOC_BY_CONTENT) json_array_append_new(a, json_string("type_by_content"));
	if (f & OKC_MAIL_DOC_RENAMED) json_array_append_new(a, json_string("renamed"));
	if (f & OKC_MAIL_DOC_TRUNCATED) json_array_append_new(a, json_string("damaged"));
	return a;
}

/* A record made here when the pipeline itself failed for a reason that a
 * retry will not fix: the message must still leave a trace a person sees. */
static json_t *fallback_record(const okc_mail *m, const char *raw_sha,
                               okc_time received_at, const char *why)
{
	char id[64], when[32];
	snprintf(id, sizeof(id), "mail-%.40s", raw_sha);
	okc_time_format(when, sizeof(when), received_at);
	json_t *r = json_object();
	json_object_set_new(r, "okc_record", json_integer(1));
	json_object_set_new(r, "id", json_string(id));
	json_object_set_new(r, "received_at", json_string(when));
	json_t *src = json_object();
	json_object_set_new(src, "kind", json_string("mail"));
	json_object_set_new(src, "message_id", jstr(okc_mail_message_id(m)));
	json_object_set_new(src, "from", jstr(okc_mail_from(m)));
	json_object_set_new(src, "subject", jstr(okc_mail_subject(m)));
	json_object_set_new(r, "source", src);
	json_object_set_new(r, "decision", json_string("NEEDS_REVIEW"));
	json_object_set_new(r, "signature_path", json_string("none"));
	json_t *reasons = json_array();
	const okc_reason *ie = okc_reason_lookup("CORE_INTERNAL_ERROR");
	if (ie) {
		json_t *o = json_object();
		json_object_set_new(o, "code", json_string(ie->code));
		json_object_set_new(o, "severity", json_string("error"));
		json_object_set_new(o, "message_tr", json_string(ie->message_tr));
		json_object_set_new(o, "message_en", json_string(ie->message_en));
		json_object_set_new(o, "detail", json_string(why ? why : ""));
		json_array_append_new(reasons, o);
	}
	for (size_t i = 0; i < okc_mail_reason_count(m); i++) {
		const okc_reason *x = okc_mail_reason(m, i);
		json_t *o = json_object();
		json_object_set_new(o, "code", json_string(x->code));
		json_object_set_new(o, "severity", json_string(okc_severity_name(x->severity)));
		json_object_set_new(o, "message_tr", json_string(x->message_tr));
		json_object_set_new(o, "message_en", json_string(x->message_en));
		json_object_set_new(o, "detail", json_string(x->detail));
		json_array_append_new(reasons, o);
	}
	json_object_set_new(r, "reasons", reasons);
	return r;
}

/* ---- handing a reply to the MTA ---- */

/* Run PROGRAM [args] -i -f <> -- RCPT with the reply on stdin.  The null
 * envelope sender keeps bounces of our replies from coming back to the
 * hook (RFC 3834 3.3 / RFC 5321 4.5.5). */
static int send_reply(const char *send_with, const char *rcpt, const char *file)
{
	char *cmd = strdup(send_with);
	if (cmd == NULL)
		return -1;
	char *argv[24];
	int argc = 0;
	for (char *tok = strtok(cmd, " \t"); tok && argc < 18; tok = strtok(NULL, " \t"))
		argv[argc++] = tok;
	if (argc == 0) {
		free(cmd);
		return -1;
	}
	argv[argc++] = (char *)"-i";
	argv[argc++] = (char *)"-f";
	argv[argc++] = (char *)"<>";
	argv[argc++] = (char *)"--";
	argv[argc++] = (char *)rcpt;
	argv[argc] = NULL;
	pid_t pid = fork();
	if (pid < 0) {
		free(cmd);
		return -1;
	}
	if (pid == 0) {
		FILE *in = freopen(file, "r", stdin);
		if (in == NULL)
			_exit(75);
		execvp(argv[0], argv);
		_exit(127);
	}
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	free(cmd);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

/* ---- --check-config ---- */

/* Certificate files in dir (and, with depth, its subdirectories). */
static size_t count_certs(const char *dir, int depth, int *err)
{
	DIR *d = opendir(dir);
	if (d == NULL) {
		*err = errno;
		return 0;
	}
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char p[4096];
		struct stat st;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		if (stat(p, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode) && depth > 0) {
			int sub = 0;
			n += count_certs(p, depth - 1, &sub);
			continue;
		}
		size_t l = strlen(e->d_name);
		static const char *const ext[] = { ".pem", ".crt", ".cer", ".der" };
		for (size_t i = 0; i < 4; i++)
			if (l > 4 && strcasecmp(e->d_name + l - 4, ext[i]) == 0 &&
			    access(p, R_OK) == 0)
				n++;
	}
	closedir(d);
	return n;
}

static int check_config(const opts *o, okc_ctx *ctx)
{
	int bad = 0;
	spool *sp = NULL;
	const char *dir = o->spool_dir;
	if (spool_open(&sp, dir, 0, o->lock_timeout) != SPOOL_OK ||
	    spool_check(sp) != SPOOL_OK) {
		printf("spool        %s: BROKEN: %s\n", dir, spool_error(sp));
		bad = 1;
	} else {
		printf("spool        %s: ok\n", dir);
	}
	spool_close(sp);
	const char *ts = okc_ctx_trust_store(ctx);
	if (ts) {
		int err = 0;
		size_t n = count_certs(ts, 1, &err);
		if (err || (n == 0 && okc_ctx_anchor_count(ctx) == 0)) {
			printf("trust store  %s: BROKEN: %s\n", ts,
			       err ? strerror(err) : "no anchor certificates");
			bad = 1;
		} else {
			printf("trust store  %s: ok (%zu certificate files)\n", ts, n);
		}
	} else if (okc_ctx_anchor_count(ctx) == 0) {
		printf("trust store  none and no --anchor: BROKEN\n");
		bad = 1;
	}
	for (size_t i = 0; i < okc_ctx_anchor_count(ctx); i++) {
		const char *a = okc_ctx_anchor(ctx, i);
		if (access(a, R_OK) != 0) {
			printf("anchor       %s: BROKEN: %s\n", a, strerror(errno));
			bad = 1;
		} else {
			printf("anchor       %s: ok\n", a);
		}
	}
	const char *dd = okc_ctx_data_dir(ctx);
	if (dd) {
		struct stat st;
		if (stat(dd, &st) != 0 || !S_ISDIR(st.st_mode) ||
		    access(dd, R_OK | X_OK) != 0) {
			printf("data dir     %s: BROKEN: not a readable directory\n", dd);
			bad = 1;
		} else {
			printf("data dir     %s: ok\n", dd);
		}
	}
	if (o->signers) {
		if (access(o->signers, R_OK) != 0) {
			printf("signers      %s: BROKEN: %s\n", o->signers, strerror(errno));
			bad = 1;
		} else {
			printf("signers      %s: ok\n", o->signers);
		}
	}
	if (o->send_with) {
		char *cmd = strdup(o->send_with);
		char *prog = cmd ? strtok(cmd, " \t") : NULL;
		if (prog == NULL || (strchr(prog, '/') && access(prog, X_OK) != 0)) {
			printf("send-with    %s: BROKEN: not executable\n", o->send_with);
			bad = 1;
		} else {
			printf("send-with    %s: ok\n", o->send_with);
		}
		free(cmd);
	}
	printf("%s\n", bad ? "configuration: BROKEN" : "configuration: ok");
	return bad ? OKC_EX_CONFIG : OKC_EX_OK;
}

/* ---- the hook ---- */

static int read_all_fd(int fd, uint64_t keep_max, unsigned char **data,
                       size_t *len)
{
	size_t cap = 65536, n = 0;
	unsigned char *b = malloc(cap + 1), chunk[65536];
	if (b == NULL)
		return -1;
	for (;;) {
		ssize_t r = read(fd, chunk, sizeof(chunk));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(b);
			return -1;
		}
		if (r == 0)
			break;
		size_t want = (size_t)r;
		if (n > keep_max)
			continue; /* drain; the parser sees "too large" */
		if ((uint64_t)n + want > keep_max + 1)
			want = (size_t)(keep_max + 1 - n);
		if (n + want > cap) {
			while (n + want > cap)
				cap *= 2;
			unsigned char *nb = realloc(b, cap + 1);
			if (nb == NULL) {
				free(b);
				return -1;
			}
			b = nb;
		}
		memcpy(b + n, chunk, want);
		n += want;
	}
	b[n] = '\0';
	*data = b;
	*len = n;
	return 0;
}

static int parse_opts(opts *o, int argc, char **argv)
{
	enum { O_SPOOL = 256, O_STDOUT, O_CHECK, O_SEND, O_NOREPLY, O_FROM,
	       O_SENDER, O_LOCK, O_TRUST, O_NODEF, O_ANCHOR, O_DATA, O_AT,
	       O_RECV, O_OFFLINE, O_MAX, O_REPLYOUT, O_SIGNERS, O_HELP,
	       O_VERSION };
	static const struct option lo[] = {
		{ "spool", required_argument, NULL, O_SPOOL },
		{ "stdout", no_argument, NULL, O_STDOUT },
		{ "check-config", no_argument, NULL, O_CHECK },
		{ "send-with", required_argument, NULL, O_SEND },
		{ "no-reply", no_argument, NULL, O_NOREPLY },
		{ "reply-from", required_argument, NULL, O_FROM },
		{ "sender", required_argument, NULL, O_SENDER },
		{ "lock-timeout", required_argument, NULL, O_LOCK },
		{ "trust-store", required_argument, NULL, O_TRUST },
		{ "no-default-trust", no_argument, NULL, O_NODEF },
		{ "anchor", required_argument, NULL, O_ANCHOR },
		{ "data-dir", required_argument, NULL, O_DATA },
		{ "at", required_argument, NULL, O_AT },
		{ "received-at", required_argument, NULL, O_RECV },
		{ "offline", no_argument, NULL, O_OFFLINE },
		{ "max-size", required_argument, NULL, O_MAX },
		{ "reply-out", required_argument, NULL, O_REPLYOUT },
		{ "signers", required_argument, NULL, O_SIGNERS },
		{ "help", no_argument, NULL, O_HELP },
		{ "version", no_argument, NULL, O_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		char *end = NULL;
		switch (c) {
		case O_SPOOL: o->spool_dir = optarg; break;
		case O_STDOUT: o->to_stdout = 1; break;
		case O_CHECK: o->check_config = 1; break;
		case O_SEND: o->send_with = optarg; break;
		case O_NOREPLY: o->no_reply = 1; break;
		case O_FROM: o->reply_from = optarg; break;
		case O_SENDER: o->sender = optarg; o->have_sender = 1; break;
		case O_LOCK:
			o->lock_timeout = (unsigned)strtoul(optarg, &end, 10);
			if (end == optarg || *end) {
				logmsg("bad --lock-timeout '%s'", optarg);
				return OKC_EX_USAGE;
			}
			break;
		case O_TRUST: o->ctxo.trust_store = optarg; break;
		case O_NODEF: o->ctxo.no_default_trust = 1; break;
		case O_ANCHOR:
			if (o->n_anchors >= sizeof(o->anchors) / sizeof(*o->anchors)) {
				logmsg("too many --anchor options");
				return OKC_EX_USAGE;
			}
			o->anchors[o->n_anchors++] = optarg;
			break;
		case O_DATA: o->ctxo.data_dir = optarg; break;
		case O_AT:
			if (okc_time_parse(&o->ctxo.validation_time, optarg) != OKC_OK) {
				logmsg("bad --at '%s'", optarg);
				return OKC_EX_USAGE;
			}
			break;
		case O_RECV:
			if (okc_time_parse(&o->received_at, optarg) != OKC_OK) {
				logmsg("bad --received-at '%s'", optarg);
				return OKC_EX_USAGE;
			}
			break;
		case O_OFFLINE: o->ctxo.offline = 1; break;
		case O_MAX:
			o->ctxo.limits.max_input_size = strtoull(optarg, &end, 10);
			if (end == optarg || *end || o->ctxo.limits.max_input_size == 0) {
				logmsg("bad --max-size '%s'", optarg);
				return OKC_EX_USAGE;
			}
			break;
		case O_REPLYOUT: o->reply_out = optarg; break;
		case O_SIGNERS: o->signers = optarg; break;
		case O_HELP: usage(stdout); return -1;
		case O_VERSION: printf("okc-intake (okc-intake) %s\n", okc_version()); return -1;
		default:
			logmsg("unknown option '%s'", argv[optind - 1]);
			usage(stderr);
			return OKC_EX_USAGE;
		}
	}
	if (optind != argc) {
		logmsg("unexpected argument '%s' (the message comes on stdin)",
		       argv[optind]);
		return OKC_EX_USAGE;
	}
	return 0;
}

int okc_intake_is_mail_mode(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--files") == 0)
			return 0;
	}
	return 1;
}

int okc_intake_mail_main(int argc, char **argv)
{
	opts o;
	memset(&o, 0, sizeof(o));
	okc_ctx_options init = OKC_CTX_OPTIONS_INIT;
	o.ctxo = init;
	o.spool_dir = OKC_DEFAULT_STATE_DIR "/spool";
	o.lock_timeout = 30;
	int ex = parse_opts(&o, argc, argv);
	if (ex != 0)
		return ex < 0 ? OKC_EX_OK : ex;

	int rc;
	okc_ctx *ctx = NULL;
	spool *sp = NULL;
	okc_mail *m = NULL;
	okc_intake *in = NULL;
	okc_record *rec = NULL;
	unsigned char *data = NULL;
	size_t len = 0;
	uint64_t total = 0;
	char raw_sha[65] = "";
	buf jb = { 0 };
	json_t *root = NULL;
	char *reply = NULL, *out_json = NULL;
	size_t reply_len = 0;
	char id[256] = "";
	int root_is_tail = 0;

	/* A dying MTA connection must not kill us between two writes with a
	 * signal we did not choose; an error return is handled below. */
	signal(SIGPIPE, SIG_IGN);

	if ((rc = okc_ctx_new(&ctx, &o.ctxo)) != OKC_OK) {
		logmsg("cannot create the context: %s", okc_strerror(rc));
		ex = OKC_EX_TEMPFAIL;
		goto out;
	}
	for (size_t i = 0; i < o.n_anchors; i++)
		if (okc_ctx_add_anchor(ctx, o.anchors[i]) != OKC_OK) {
			ex = OKC_EX_TEMPFAIL;
			goto out;
		}
	if (o.check_config) {
		ex = check_config(&o, ctx);
		goto out;
	}
	const uint64_t keep = okc_ctx_limits(ctx)->max_input_size;
	okc_time received = o.received_at ? o.received_at : (okc_time)time(NULL);

	/* 1. the message */
	if (o.to_stdout) {
		if (read_all_fd(0, keep, &data, &len) != 0) {
			logmsg("cannot read the message: %s", strerror(errno));
			ex = OKC_EX_TEMPFAIL;
			goto out;
		}
		spool_sha256_hex(data, len, raw_sha);
	} else {
		if (spool_open(&sp, o.spool_dir, 1, o.lock_timeout) != SPOOL_OK ||
		    spool_receive(sp, 0, keep, &data, &len, &total, raw_sha) != SPOOL_OK) {
			logmsg("spool: %s (the MTA will retry)", spool_error(sp));
			ex = OKC_EX_TEMPFAIL;
			goto out;
		}
	}

	/* 2. the pipeline */
	if ((rc = okc_mail_parse(&m, ctx, data, len)) != OKC_OK) {
		logmsg("cannot parse the message: %s", okc_strerror(rc));
		ex = OKC_EX_TEMPFAIL; /* only ENOMEM gets here */
		goto out;
	}
	rc = okc_intake_new(&in, ctx);
	if (rc == OKC_OK && o.signers)
		rc = okc_intake_set_signers_file(in, o.signers);
	if (rc == OKC_OK)
		rc = okc_mail_to_intake(m, in, received);
	if (rc == OKC_OK)
		rc = okc_intake_run(&rec, in);
	if (rc == OKC_OK) {
		rc = okc_record_write_json(rec, OKC_JSON_PRETTY, buf_cb, &jb);
		if (rc == OKC_OK && !jb.nomem)
			root = record_tail(&jb, &root_is_tail);
		if (root == NULL) {
			logmsg("cannot serialise the record");
			ex = OKC_EX_TEMPFAIL;
			goto out;
		}
		snprintf(id, sizeof(id), "%s", okc_record_id(rec));
	} else if (is_transient(rc)) {
		logmsg("transient failure, the MTA will retry: %s: %s",
		       okc_strerror(rc), okc_ctx_errmsg(ctx));
		ex = OKC_EX_TEMPFAIL;
		goto out;
	} else {
		logmsg("the pipeline failed (%s: %s); recording for review",
		       okc_strerror(rc), okc_ctx_errmsg(ctx));
		root = fallback_record(m, raw_sha, received, okc_ctx_errmsg(ctx));
		snprintf(id, sizeof(id), "%s",
		         json_string_value(json_object_get(root, "id")));
	}

	/* what the mail front end saw, for people and the order system */
	json_t *mj = json_object();
	json_object_set_new(mj, "raw_sha256", json_string(raw_sha));
	json_object_set_new(mj, "raw_size", json_integer((json_int_t)(sp ? total : len)));
	json_object_set_new(mj, "date", jstr(okc_mail_date(m)));
	json_object_set_new(mj, "reply_address", jstr(okc_mail_reply_address(m)));
	json_object_set_new(mj, "authentication_results",
	                    jstr(okc_mail_authentication_results(m)));
	json_object_set_new(mj, "mime_parts", json_integer((json_int_t)okc_mail_part_count(m)));
	json_t *docs = json_array();
	for (size_t i = 0; i < okc_mail_document_count(m); i++) {
		const okc_mail_document *d = okc_mail_document_at(m, i);
		char sha[65];
		spool_sha256_hex(d->data, d->size, sha);
		json_t *dj = json_object();
		json_object_set_new(dj, "name", json_string(d->name));
		json_object_set_new(dj, "declared_type", json_string(d->declared_type));
		json_object_set_new(dj, "media_type", json_string(d->media_type));
		json_object_set_new(dj, "size", json_integer((json_int_t)d->size));
		json_object_set_new(dj, "sha256", json_string(sha));
		json_object_set_new(dj, "depth", json_integer(d->depth));
		json_object_set_new(dj, "flags", doc_flags(d->flags));
		if (sp) {
			char p[128];
			snprintf(p, sizeof(p), "documents/%s", sha);
			json_object_set_new(dj, "spool_path", json_string(p));
		}
		json_array_append_new(docs, dj);
	}
	json_object_set_new(mj, "documents", docs);

	/* 3. the reply */
	const char *rcpt = okc_mail_reply_address(m);
	const char *why = okc_mail_no_reply_reason(m);
	if (o.no_reply)
		why = "disabled";
	else if (why == NULL && o.have_sender &&
	         (o.sender[0] == '\0' || strcmp(o.sender, "<>") == 0 ||
	          strcmp(o.sender, "MAILER-DAEMON") == 0))
		why = "bounce"; /* null envelope sender: RFC 5321 4.5.5 */
	char reply_name[300];
	snprintf(reply_name, sizeof(reply_name), "%s.eml", id);
	json_t *rj = json_object();
	if (why == NULL) {
		char from[300];
		if (o.reply_from) {
			snprintf(from, sizeof(from), "%s", o.reply_from);
		} else {
			char host[256] = "localhost";
			gethostname(host, sizeof(host) - 1);
			host[sizeof(host) - 1] = '\0';
			snprintf(from, sizeof(from), "okc-intake@%s", host);
		}
		size_t nr = rec ? okc_record_reason_count(rec) : okc_mail_reason_count(m);
		const okc_reason **rs = calloc(nr ? nr : 1, sizeof(*rs));
		if (rs == NULL) {
			ex = OKC_EX_TEMPFAIL;
			json_decref(rj);
			goto out;
		}
		for (size_t i = 0; i < nr; i++)
			rs[i] = rec ? okc_record_reason(rec, i) : okc_mail_reason(m, i);
		reply_input ri = {
			.to = rcpt, .from = from,
			.message_id = okc_mail_message_id(m),
			.subject = okc_mail_subject(m), .date = okc_mail_date(m),
			.record_id = id,
			.decision = rec ? okc_record_decision(rec) : OKC_DECISION_NEEDS_REVIEW,
			.reasons = rs, .n_reasons = nr, .now = received,
		};
		int crc = reply_compose(&reply, &reply_len, &ri);
		free(rs);
		if (crc != 0) {
			logmsg("cannot compose the reply");
			ex = OKC_EX_TEMPFAIL;
			json_decref(rj);
			goto out;
		}
		json_object_set_new(rj, "to", json_string(rcpt));
		json_object_set_new(rj, "status", json_string(
			o.to_stdout ? "composed" : o.send_with ? "sending" : "outbox"));
		if (sp) {
			char p[320];
			snprintf(p, sizeof(p), "outbox/%s", reply_name);
			json_object_set_new(rj, "file", json_string(p));
		}
	} else {
		json_object_set_new(rj, "to", jstr(rcpt));
		json_object_set_new(rj, "status", json_string("suppressed"));
		json_object_set_new(rj, "suppressed_because", json_string(why));
	}
	json_object_set_new(mj, "reply", rj);
	json_object_set_new(root, "mail", mj);
	if (sp) {
		char p[128];
		snprintf(p, sizeof(p), "raw/%s.eml", raw_sha);
		json_object_set_new(root, "spool", json_pack("{s:s,s:s}",
			"raw", p, "directory", spool_dir(sp)));
	}
	out_json = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (out_json != NULL && jb.p != NULL && root_is_tail)
		out_json = splice_record(&jb, out_json);
	if (out_json == NULL) {
		ex = OKC_EX_TEMPFAIL;
		goto out;
	}

	if (o.to_stdout) {
		fputs(out_json, stdout);
		fputc('\n', stdout);
		if (reply && o.reply_out) {
			FILE *fp = fopen(o.reply_out, "wb");
			if (fp == NULL || fwrite(reply, 1, reply_len, fp) != reply_len) {
				logmsg("cannot write %s", o.reply_out);
				if (fp)
					fclose(fp);
				ex = OKC_EX_TEMPFAIL;
				goto out;
			}
			fclose(fp);
		}
		ex = fflush(stdout) == 0 ? OKC_EX_OK : OKC_EX_TEMPFAIL;
		goto out;
	}

	/* 4. durable writes, the record last */
	if (spool_commit_raw(sp) != SPOOL_OK)
		goto tempfail;
	for (size_t i = 0; i < okc_mail_document_count(m); i++) {
		const okc_mail_document *d = okc_mail_document_at(m, i);
		char sha[65];
		if (spool_put_document(sp, d->data, d->size, sha) != SPOOL_OK)
			goto tempfail;
	}
	int existed = spool_has_record(sp, id);
	if (reply && !existed &&
	    spool_put_outbox(sp, reply_name, reply, reply_len) != SPOOL_OK)
		goto tempfail;
	if (!existed) {
		int crc = spool_commit_record(sp, id, out_json, strlen(out_json));
		if (crc == SPOOL_TEMPFAIL)
			goto tempfail;
		existed = crc == SPOOL_EXISTS;
	}
	if (existed)
		logmsg("record %s already in the spool (redelivery)", id);

	/* 5. hand the reply over (also a pending one from an earlier run) */
	if (o.send_with && rcpt) {
		char path[4096];
		if (spool_outbox_path(sp, reply_name, path, sizeof(path)) == SPOOL_OK &&
		    access(path, F_OK) == 0) {
			if (send_reply(o.send_with, rcpt, path) == 0)
				spool_outbox_sent(sp, reply_name);
			else
				logmsg("could not hand the reply to '%s'; it stays in %s",
				       o.send_with, path);
		}
	}
	ex = OKC_EX_OK;
	goto out;
tempfail:
	logmsg("spool: %s (the MTA will retry)", spool_error(sp));
	ex = OKC_EX_TEMPFAIL;
out:
	free(out_json);
	free(reply);
	json_decref(root);
	free(jb.p);
	okc_record_free(rec);
	okc_intake_free(in);
	okc_mail_free(m);
	free(data);
	spool_close(sp);
	okc_ctx_free(ctx);
	return ex;
}
