/*
 * spool.c - the durable spool of the mail hook (see spool.h for the
 * layout and the guarantees).
 *
 * The write protocol is Maildir's (tmp/ then a link into place) with the
 * fsync calls that Maildir leaves implicit: the file before the link, the
 * directory after it (POSIX says nothing is durable until the directory
 * entry is; ext4 and XFS agree).  link(2) rather than rename(2) because
 * link refuses to replace an existing name, which is what makes a
 * redelivered or concurrently delivered message idempotent.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "intake/spool.h"

/* Maildir's rule for abandoned files in tmp/. */
#define TMP_MAX_AGE_S (36 * 3600)

struct spool {
	char *dir;
	unsigned lock_timeout_s;
	char err[512];
	char raw_tmp[4096];     /* the received message, until committed */
	char raw_sha[65];
	int have_raw;
	unsigned long counter;
};

static const char *const subdirs[] = {
	"tmp", "new", "cur", "raw", "documents", "outbox", "outbox/sent",
};

static int fail(spool *sp, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(spool *sp, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sp->err, sizeof(sp->err), fmt, ap);
	va_end(ap);
	return SPOOL_TEMPFAIL;
}

const char *spool_error(const spool *sp) { return sp ? sp->err : "no spool"; }
const char *spool_dir(const spool *sp) { return sp ? sp->dir : NULL; }

static int path_of(const spool *sp, char *buf, size_t len, const char *sub,
                   const char *name)
{
	int n = snprintf(buf, len, "%s/%s%s%s", sp->dir, sub, name ? "/" : "",
	                 name ? name : "");
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

static int fsync_dir(spool *sp, const char *sub)
{
	char p[4096];
	if (path_of(sp, p, sizeof(p), sub, NULL) < 0)
		return fail(sp, "path too long");
	int fd = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return fail(sp, "cannot open %s: %s", p, strerror(errno));
	int rc = fsync(fd);
	int e = errno;
	close(fd);
	if (rc != 0)
		return fail(sp, "fsync %s: %s", p, strerror(e));
	return SPOOL_OK;
}

/* A name unique across processes and hosts sharing the spool (Maildir's
 * "time.pid_counter_nsec.host"). */
static void tmp_name(spool *sp, char *buf, size_t len)
{
	struct timespec ts;
	char host[64] = "localhost";
	clock_gettime(CLOCK_REALTIME, &ts);
	gethostname(host, sizeof(host) - 1);
	host[sizeof(host) - 1] = '\0';
	for (char *p = host; *p; p++)
		if (*p == '/' || *p == '.')
			*p = '_';
	snprintf(buf, len, "%s/tmp/%lld.P%ldQ%luN%ld.%s", sp->dir,
	         (long long)ts.tv_sec, (long)getpid(), ++sp->counter,
	         (long)ts.tv_nsec, host);
}

static int write_all(int fd, const void *data, size_t len)
{
	const unsigned char *p = data;
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (w == 0) {
			errno = EIO;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

/* Write data to a new tmp/ file and fsync it; the name goes to tmp. */
static int write_tmp(spool *sp, const void *data, size_t len, char *tmp,
                     size_t tmplen)
{
	tmp_name(sp, tmp, tmplen);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (fd < 0)
		return fail(sp, "cannot create %s: %s", tmp, strerror(errno));
	if (write_all(fd, data, len) != 0 || fsync(fd) != 0) {
		int e = errno;
		close(fd);
		unlink(tmp);
		return fail(sp, "cannot write %s: %s", tmp, strerror(e));
	}
	if (close(fd) != 0) {
		int e = errno;
		unlink(tmp);
		return fail(sp, "cannot close %s: %s", tmp, strerror(e));
	}
	return SPOOL_OK;
}

/* Link tmp to SUB/NAME; an existing target is success (SPOOL_EXISTS).
 * The tmp file is removed in every case. */
static int link_into(spool *sp, const char *tmp, const char *sub,
                     const char *name)
{
	char dst[4096];
	if (path_of(sp, dst, sizeof(dst), sub, name) < 0) {
		unlink(tmp);
		return fail(sp, "path too long");
	}
	int rc = SPOOL_OK;
	if (link(tmp, dst) != 0) {
		if (errno == EEXIST) {
			rc = SPOOL_EXISTS;
		} else {
			int e = errno;
			unlink(tmp);
			return fail(sp, "cannot link %s: %s", dst, strerror(e));
		}
	}
	/* The tmp name is no longer needed; failing to drop it loses
	 * nothing (it is cleaned after 36 h). */
	unlink(tmp);
	if (rc == SPOOL_OK) {
		int f = fsync_dir(sp, sub);
		if (f != SPOOL_OK)
			return f;
	}
	return rc;
}

static int put_file(spool *sp, const char *sub, const char *name,
                    const void *data, size_t len)
{
	char dst[4096], tmp[4096];
	if (path_of(sp, dst, sizeof(dst), sub, name) < 0)
		return fail(sp, "path too long");
	/* Content-addressed or already committed: nothing to do. */
	if (access(dst, F_OK) == 0)
		return SPOOL_EXISTS;
	int rc = write_tmp(sp, data, len, tmp, sizeof(tmp));
	if (rc != SPOOL_OK)
		return rc;
	return link_into(sp, tmp, sub, name);
}

static void clean_tmp(spool *sp)
{
	char p[4096];
	if (path_of(sp, p, sizeof(p), "tmp", NULL) < 0)
		return;
	DIR *d = opendir(p);
	if (d == NULL)
		return;
	time_t now = time(NULL);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		struct stat st;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(st.st_mode) && now - st.st_mtime > TMP_MAX_AGE_S)
			unlinkat(dirfd(d), e->d_name, 0);
	}
	closedir(d);
}

int spool_open(spool **out, const char *dir, int create, unsigned lock_timeout_s)
{
	*out = NULL;
	spool *sp = calloc(1, sizeof(*sp));
	if (sp == NULL)
		return SPOOL_TEMPFAIL;
	sp->dir = strdup(dir);
	sp->lock_timeout_s = lock_timeout_s;
	*out = sp;
	if (sp->dir == NULL)
		return fail(sp, "out of memory");
	if (create && mkdir(dir, 0750) != 0 && errno != EEXIST)
		return fail(sp, "cannot create %s: %s", dir, strerror(errno));
	for (size_t i = 0; i < sizeof(subdirs) / sizeof(*subdirs); i++) {
		char p[4096];
		if (path_of(sp, p, sizeof(p), subdirs[i], NULL) < 0)
			return fail(sp, "path too long");
		if (create && mkdir(p, 0750) != 0 && errno != EEXIST)
			return fail(sp, "cannot create %s: %s", p, strerror(errno));
		struct stat st;
		if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode))
			return fail(sp, "%s is missing or not a directory", p);
	}
	clean_tmp(sp);
	return SPOOL_OK;
}

void spool_close(spool *sp)
{
	if (sp == NULL)
		return;
	if (sp->raw_tmp[0] && sp->have_raw)
		unlink(sp->raw_tmp);
	free(sp->dir);
	free(sp);
}

void spool_sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char md[32];
	unsigned int mdlen = 0;
	EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL);
	for (unsigned i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	out[64] = '\0';
}

int spool_receive(spool *sp, int fd, uint64_t keep_max, unsigned char **data,
                  size_t *len, uint64_t *total, char sha256_hex[65])
{
	int rc = SPOOL_OK, out = -1;
	unsigned char *buf = NULL, chunk[65536];
	size_t cap = 0, n = 0;
	uint64_t all = 0;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	*data = NULL;
	*len = 0;
	if (md == NULL || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
		rc = fail(sp, "cannot initialise SHA-256");
		goto done;
	}
	tmp_name(sp, sp->raw_tmp, sizeof(sp->raw_tmp));
	out = open(sp->raw_tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
	if (out < 0) {
		rc = fail(sp, "cannot create %s: %s", sp->raw_tmp, strerror(errno));
		sp->raw_tmp[0] = '\0';
		goto done;
	}
	sp->have_raw = 1;
	for (;;) {
		ssize_t r = read(fd, chunk, sizeof(chunk));
		if (r < 0) {
			if (errno == EINTR)
				continue;
			rc = fail(sp, "cannot read the message: %s", strerror(errno));
			goto done;
		}
		if (r == 0)
			break;
		if (write_all(out, chunk, (size_t)r) != 0) {
			rc = fail(sp, "cannot write %s: %s", sp->raw_tmp,
			          strerror(errno));
			goto done;
		}
		EVP_DigestUpdate(md, chunk, (size_t)r);
		all += (uint64_t)r;
		/* Keep keep_max + 1 bytes: enough to parse, and to know the
		 * message was larger than the limit. */
		if (n <= keep_max) {
			size_t want = (size_t)r;
			if ((uint64_t)n + want > keep_max + 1)
				want = (size_t)(keep_max + 1 - n);
			if (n + want > cap) {
				size_t ncap = cap ? cap : 65536;
				while (ncap < n + want)
					ncap *= 2;
				unsigned char *nb = realloc(buf, ncap + 1);
				if (nb == NULL) {
					rc = fail(sp, "out of memory");
					goto done;
				}
				buf = nb;
				cap = ncap;
			}
			memcpy(buf + n, chunk, want);
			n += want;
		}
	}
	if (fsync(out) != 0) {
		rc = fail(sp, "fsync %s: %s", sp->raw_tmp, strerror(errno));
		goto done;
	}
	if (close(out) != 0) {
		out = -1;
		rc = fail(sp, "close %s: %s", sp->raw_tmp, strerror(errno));
		goto done;
	}
	out = -1;
	unsigned char digest[32];
	unsigned int dl = 0;
	EVP_DigestFinal_ex(md, digest, &dl);
	for (unsigned i = 0; i < 32; i++)
		snprintf(sha256_hex + 2 * i, 3, "%02x", digest[i]);
	memcpy(sp->raw_sha, sha256_hex, 65);
	if (buf == NULL)
		buf = malloc(1);
	if (buf == NULL) {
		rc = fail(sp, "out of memory");
		goto done;
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	*total = all;
	buf = NULL;
done:
	if (out >= 0)
		close(out);
	if (rc != SPOOL_OK && sp->have_raw) {
		unlink(sp->raw_tmp);
		sp->have_raw = 0;
	}
	free(buf);
	EVP_MD_CTX_free(md);
	return rc;
}

int spool_commit_raw(spool *sp)
{
	if (!sp->have_raw)
		return fail(sp, "no message received");
	char name[80];
	snprintf(name, sizeof(name), "%s.eml", sp->raw_sha);
	sp->have_raw = 0;
	int rc = link_into(sp, sp->raw_tmp, "raw", name);
	sp->raw_tmp[0] = '\0';
	return rc == SPOOL_EXISTS ? SPOOL_OK : rc;
}

int spool_put_document(spool *sp, const void *data, size_t len,
                       char sha256_hex[65])
{
	spool_sha256_hex(data, len, sha256_hex);
	int rc = put_file(sp, "documents", sha256_hex, data, len);
	return rc == SPOOL_EXISTS ? SPOOL_OK : rc;
}

int spool_put_outbox(spool *sp, const char *name, const void *data, size_t len)
{
	char sent[4096];
	if (path_of(sp, sent, sizeof(sent), "outbox/sent", name) < 0)
		return fail(sp, "path too long");
	if (access(sent, F_OK) == 0)
		return SPOOL_OK; /* handed over on an earlier delivery */
	int rc = put_file(sp, "outbox", name, data, len);
	return rc == SPOOL_EXISTS ? SPOOL_OK : rc;
}

int spool_has_record(spool *sp, const char *id)
{
	char name[300], p[4096];
	snprintf(name, sizeof(name), "%s.json", id);
	if (path_of(sp, p, sizeof(p), "new", name) == 0 && access(p, F_OK) == 0)
		return 1;
	if (path_of(sp, p, sizeof(p), "cur", name) == 0 && access(p, F_OK) == 0)
		return 1;
	return 0;
}

/* flock with a deadline: a stuck holder must turn into a retry by the MTA,
 * not a hook that hangs until the MTA kills it. */
static int lock_spool(spool *sp, int *fdout)
{
	char p[4096];
	if (path_of(sp, p, sizeof(p), ".lock", NULL) < 0)
		return fail(sp, "path too long");
	int fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0640);
	if (fd < 0)
		return fail(sp, "cannot open %s: %s", p, strerror(errno));
	struct timespec start, now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			break;
		if (errno != EWOULDBLOCK && errno != EINTR) {
			int e = errno;
			close(fd);
			return fail(sp, "flock %s: %s", p, strerror(e));
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - start.tv_sec >= (time_t)sp->lock_timeout_s) {
			close(fd);
			return fail(sp, "lock timeout after %u s on %s",
			            sp->lock_timeout_s, p);
		}
		struct timespec ms = { 0, 20 * 1000 * 1000 };
		nanosleep(&ms, NULL);
	}
	*fdout = fd;
	return SPOOL_OK;
}

int spool_commit_record(spool *sp, const char *id, const void *json, size_t len)
{
	char name[300], tmp[4096];
	if (strlen(id) > 200 || strchr(id, '/') || id[0] == '.' || id[0] == '\0')
		return fail(sp, "unusable record id '%.64s'", id);
	snprintf(name, sizeof(name), "%s.json", id);
	/* Write outside the lock; only the existence test and the link need
	 * it (the order system may be moving new/ID to cur/ID meanwhile). */
	int rc = write_tmp(sp, json, len, tmp, sizeof(tmp));
	if (rc != SPOOL_OK)
		return rc;
	int lfd = -1;
	rc = lock_spool(sp, &lfd);
	if (rc != SPOOL_OK) {
		unlink(tmp);
		return rc;
	}
	if (spool_has_record(sp, id)) {
		unlink(tmp);
		rc = SPOOL_EXISTS;
	} else {
		rc = link_into(sp, tmp, "new", name);
	}
	close(lfd); /* releases the lock */
	return rc;
}

int spool_outbox_path(const spool *sp, const char *name, char *buf, size_t len)
{
	return path_of(sp, buf, len, "outbox", name) < 0 ? SPOOL_TEMPFAIL : SPOOL_OK;
}

int spool_outbox_sent(spool *sp, const char *name)
{
	char from[4096], to[4096];
	if (path_of(sp, from, sizeof(from), "outbox", name) < 0 ||
	    path_of(sp, to, sizeof(to), "outbox/sent", name) < 0)
		return fail(sp, "path too long");
	if (rename(from, to) != 0)
		return fail(sp, "cannot move %s to sent/: %s", from, strerror(errno));
	int rc = fsync_dir(sp, "outbox/sent");
	if (rc == SPOOL_OK)
		rc = fsync_dir(sp, "outbox");
	return rc;
}

int spool_check(spool *sp)
{
	struct stat top;
	if (stat(sp->dir, &top) != 0)
		return fail(sp, "%s: %s", sp->dir, strerror(errno));
	for (size_t i = 0; i < sizeof(subdirs) / sizeof(*subdirs); i++) {
		char p[4096];
		struct stat st;
		if (path_of(sp, p, sizeof(p), subdirs[i], NULL) < 0)
			return fail(sp, "path too long");
		if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode))
			return fail(sp, "%s is missing or not a directory", p);
		if (access(p, W_OK | X_OK) != 0)
			return fail(sp, "%s is not writable: %s", p, strerror(errno));
		if (st.st_dev != top.st_dev)
			return fail(sp, "%s is on another file system than %s "
			            "(link(2) across file systems fails)", p, sp->dir);
	}
	/* A real write through the whole protocol, then removal. */
	char tmp[4096];
	int rc = write_tmp(sp, "check\n", 6, tmp, sizeof(tmp));
	if (rc != SPOOL_OK)
		return rc;
	unlink(tmp);
	int lfd = -1;
	rc = lock_spool(sp, &lfd);
	if (rc == SPOOL_OK)
		close(lfd);
	return rc;
}
