/*
 * failio.c - an LD_PRELOAD shim that makes the Nth file-system call of a
 * kind fail (or kills the process there), for the fault-injection tests
 * of the mail hook's spool.
 *
 *   OKC_FAULT="OP:N:ACTION"     the Nth call of OP fails
 *   OKC_FAULT="OP:N+:ACTION"    the Nth and every later call fail (a full disk)
 *
 *   OP      write | fsync | link | rename | creat | any
 *           ("creat" is open/openat with O_CREAT; "write" ignores fds 0-2
 *           so that diagnostics still reach the test; "any" counts all)
 *   ACTION  ENOSPC | EIO | EDQUOT | EROFS | KILL (SIGKILL at that point)
 *
 * Without OKC_FAULT the shim is transparent.  OKC_FAULT_COUNT=FILE appends
 * the number of calls seen per op at exit, so a test can enumerate kill
 * points.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

enum { OP_WRITE, OP_FSYNC, OP_LINK, OP_RENAME, OP_CREAT, OP_N };
static const char *const op_names[OP_N] = { "write", "fsync", "link",
                                            "rename", "creat" };

static int parsed;
static int want_op = -1;      /* -1: none; OP_N: any */
static unsigned long want_n;
static int sticky;
static int action;            /* errno, or -1 for KILL */
static unsigned long seen[OP_N + 1];

static void report(void)
{
	const char *f = getenv("OKC_FAULT_COUNT");
	if (f == NULL)
		return;
	FILE *fp = fopen(f, "a");
	if (fp == NULL)
		return;
	for (int i = 0; i < OP_N; i++)
		fprintf(fp, "%s %lu\n", op_names[i], seen[i]);
	fprintf(fp, "any %lu\n", seen[OP_N]);
	fclose(fp);
}

static void parse(void)
{
	if (parsed)
		return;
	parsed = 1;
	if (getenv("OKC_FAULT_COUNT"))
		atexit(report);
	const char *s = getenv("OKC_FAULT");
	if (s == NULL || *s == '\0')
		return;
	char op[16], act[16], num[32];
	if (sscanf(s, "%15[^:]:%31[^:]:%15s", op, num, act) != 3)
		return;
	for (int i = 0; i < OP_N; i++)
		if (strcmp(op, op_names[i]) == 0)
			want_op = i;
	if (strcmp(op, "any") == 0)
		want_op = OP_N;
	want_n = strtoul(num, NULL, 10);
	sticky = strchr(num, '+') != NULL;
	if (strcmp(act, "ENOSPC") == 0) action = ENOSPC;
	else if (strcmp(act, "EIO") == 0) action = EIO;
	else if (strcmp(act, "EDQUOT") == 0) action = EDQUOT;
	else if (strcmp(act, "EROFS") == 0) action = EROFS;
	else if (strcmp(act, "KILL") == 0) action = -1;
	else want_op = -1;
}

/* Count a call; nonzero (with errno set) when it must fail. */
static int fault(int op)
{
	parse();
	seen[op]++;
	seen[OP_N]++;
	if (want_op < 0)
		return 0;
	unsigned long n = want_op == OP_N ? seen[OP_N] : seen[op];
	if (want_op != OP_N && want_op != op)
		return 0;
	if (n == want_n || (sticky && n > want_n)) {
		if (action == -1) {
			report();
			raise(SIGKILL);
		}
		errno = action;
		return 1;
	}
	return 0;
}

typedef ssize_t (*write_fn)(int, const void *, size_t);
typedef int (*fd_fn)(int);
typedef int (*path2_fn)(const char *, const char *);

#define REAL(name, type) \
	static type real_##name; \
	if (real_##name == NULL) \
		real_##name = (type)dlsym(RTLD_NEXT, #name)

ssize_t write(int fd, const void *buf, size_t n)
{
	REAL(write, write_fn);
	if (fd > 2 && fault(OP_WRITE))
		return -1;
	return real_write(fd, buf, n);
}

int fsync(int fd)
{
	REAL(fsync, fd_fn);
	if (fault(OP_FSYNC))
		return -1;
	return real_fsync(fd);
}

int fdatasync(int fd)
{
	REAL(fdatasync, fd_fn);
	if (fault(OP_FSYNC))
		return -1;
	return real_fdatasync(fd);
}

int link(const char *a, const char *b)
{
	REAL(link, path2_fn);
	if (fault(OP_LINK))
		return -1;
	return real_link(a, b);
}

int rename(const char *a, const char *b)
{
	REAL(rename, path2_fn);
	if (fault(OP_RENAME))
		return -1;
	return real_rename(a, b);
}

static int open_common(const char *sym, int dirfd, const char *path,
                       int flags, mode_t mode)
{
	if ((flags & O_CREAT) && fault(OP_CREAT))
		return -1;
	if (dirfd == -1000) {
		int (*real)(const char *, int, ...) =
			(int (*)(const char *, int, ...))dlsym(RTLD_NEXT, sym);
		return real(path, flags, mode);
	}
	int (*real)(int, const char *, int, ...) =
		(int (*)(int, const char *, int, ...))dlsym(RTLD_NEXT, sym);
	return real(dirfd, path, flags, mode);
}

int open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	if (flags & O_CREAT) {
		va_list ap;
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	return open_common("open", -1000, path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
	mode_t mode = 0;
	if (flags & O_CREAT) {
		va_list ap;
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	return open_common("open64", -1000, path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;
	if (flags & O_CREAT) {
		va_list ap;
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	return open_common("openat", dirfd, path, flags, mode);
}
