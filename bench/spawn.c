/*
 * bench-spawn - run a program many times as fresh processes and time each
 * run from fork() to wait4() with CLOCK_MONOTONIC; the peak RSS is the
 * largest ru_maxrss wait4() reports for a run.  Used by bench/cli.sh,
 * bench/crl.sh and bench/mail.sh (issue #9 items 3-5).
 *
 *   bench-spawn [-n COUNT] [-l LIST] [-t TEMPLATE] [-x CODES] -- PROG ARG...
 *
 *   -l LIST      one run per line of LIST; an ARG "@" becomes that line
 *   -t TEMPLATE  standard input of every run is a pipe fed with TEMPLATE,
 *                its first "BENCH000000" numbered BENCH<run> so that every
 *                run gets distinct bytes (a mail hook sees a new message)
 *   -n COUNT     the number of runs (without -l; default 1)
 *   -x CODES     exit statuses that count as success (default "0"),
 *                comma-separated
 *
 * The children's standard output and error go to /dev/null.  One line on
 * standard output:
 *   runs=N fail=F wall_s=S p50_ms=A p99_ms=B mean_ms=C min_ms=D max_ms=E
 *   maxrss_kb=K cpu_p50_ms=U cpu_s=V
 * (cpu = the run's user + system time from wait4(): on a loaded machine it
 * says what a run costs while the wall times say what it waited too).
 * Exit status 1 when any run failed (an unexpected status or a signal).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char TOKEN[] = "BENCH000000";

static void die(const char *what)
{
	fprintf(stderr, "bench-spawn: %s: %s\n", what, strerror(errno));
	exit(2);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		die(path);
	size_t cap = 1 << 16, n = 0, r;
	char *b = malloc(cap + 1);
	while (b != NULL && (r = fread(b + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			cap *= 2;
			char *nb = realloc(b, cap + 1);
			if (nb == NULL)
				free(b);
			b = nb;
		}
	}
	if (b == NULL || ferror(f))
		die(path);
	fclose(f);
	b[n] = '\0';
	*len = n;
	return b;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The q-quantile by the nearest-rank method on sorted values. */
static double quantile(const double *v, size_t n, double q)
{
	size_t r = (size_t)(q * (double)n + 0.999999);
	if (r < 1)
		r = 1;
	return v[(r > n ? n : r) - 1];
}

static int code_ok(const char *codes, int status)
{
	char buf[128];
	snprintf(buf, sizeof buf, "%s", codes);
	for (char *save = NULL, *t = strtok_r(buf, ",", &save); t != NULL;
	     t = strtok_r(NULL, ",", &save))
		if (atoi(t) == status)
			return 1;
	return 0;
}

/* One run: returns its wall time in ms; *ok and *rss_kb are set. */
static double run_one(char **argv, const char *msg, size_t mlen, int *ok,
                      long *rss_kb, double *cpu_ms, const char *codes)
{
	int fds[2] = { -1, -1 };
	if (msg != NULL && pipe(fds) != 0)
		die("pipe");
	double t0 = now_ms();
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		if (null < 0)
			_exit(126);
		if (msg != NULL) {
			dup2(fds[0], 0);
			close(fds[0]);
			close(fds[1]);
		} else {
			dup2(null, 0);
		}
		dup2(null, 1);
		dup2(null, 2);
		close(null);
		execv(argv[0], argv);
		_exit(127);
	}
	if (msg != NULL) {
		close(fds[0]);
		/* A child that exits without reading everything gives EPIPE
		 * (SIGPIPE is ignored); its exit status tells the rest. */
		for (size_t off = 0; off < mlen;) {
			ssize_t w = write(fds[1], msg + off, mlen - off);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				break;
			off += (size_t)w;
		}
		close(fds[1]);
	}
	int st = 0;
	struct rusage ru;
	while (wait4(pid, &st, 0, &ru) < 0)
		if (errno != EINTR)
			die("wait4");
	double dt = now_ms() - t0;
	*ok = WIFEXITED(st) && code_ok(codes, WEXITSTATUS(st));
	if (!*ok)
		fprintf(stderr, "bench-spawn: %s: %s %d\n", argv[0],
		        WIFEXITED(st) ? "exit status" : "signal",
		        WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
	*rss_kb = ru.ru_maxrss;
	*cpu_ms = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	          (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	return dt;
}

int main(int argc, char **argv)
{
	const char *list = NULL, *tmpl = NULL, *codes = "0";
	long count = 1;
	int c;
	while ((c = getopt(argc, argv, "n:l:t:x:")) != -1) {
		switch (c) {
		case 'n': count = strtol(optarg, NULL, 10); break;
		case 'l': list = optarg; break;
		case 't': tmpl = optarg; break;
		case 'x': codes = optarg; break;
		default: return 64;
		}
	}
	if (optind >= argc || count < 1) {
		fputs("usage: bench-spawn [-n COUNT] [-l LIST] [-t TEMPLATE] "
		      "[-x CODES] -- PROG ARG...\n", stderr);
		return 64;
	}
	signal(SIGPIPE, SIG_IGN);
	char **cargv = argv + optind;
	int cargc = argc - optind;
	char **lines = NULL, *text = NULL;
	size_t nlines = 0;
	if (list != NULL) {
		size_t len;
		text = slurp(list, &len);
		lines = calloc(len + 1, sizeof(*lines));
		if (lines == NULL)
			die("calloc");
		for (char *save = NULL, *t = strtok_r(text, "\n", &save); t != NULL;
		     t = strtok_r(NULL, "\n", &save))
			lines[nlines++] = t;
		count = (long)nlines;
		if (count < 1) {
			fprintf(stderr, "bench-spawn: %s is empty\n", list);
			return 64;
		}
	}
	char *msg = NULL, *tok = NULL;
	size_t mlen = 0;
	if (tmpl != NULL) {
		msg = slurp(tmpl, &mlen);
		tok = strstr(msg, TOKEN);
		if (tok == NULL) {
			fprintf(stderr, "bench-spawn: %s has no %s\n", tmpl, TOKEN);
			return 64;
		}
	}
	char **av = calloc((size_t)cargc + 1, sizeof(*av));
	double *ms = calloc((size_t)count, sizeof(*ms));
	double *cpu = calloc((size_t)count, sizeof(*cpu));
	if (av == NULL || ms == NULL || cpu == NULL)
		die("calloc");
	long fails = 0, maxrss = 0;
	double sum = 0, cpusum = 0, w0 = now_ms();
	for (long i = 0; i < count; i++) {
		for (int k = 0; k < cargc; k++)
			av[k] = lines != NULL && strcmp(cargv[k], "@") == 0
			        ? lines[i] : cargv[k];
		if (tok != NULL) {
			char num[sizeof TOKEN];
			snprintf(num, sizeof num, "BENCH%06ld", i % 1000000);
			memcpy(tok, num, sizeof TOKEN - 1);
		}
		int ok;
		long rss;
		ms[i] = run_one(av, msg, mlen, &ok, &rss, &cpu[i], codes);
		sum += ms[i];
		cpusum += cpu[i];
		fails += !ok;
		if (rss > maxrss)
			maxrss = rss;
	}
	double wall = now_ms() - w0;
	qsort(ms, (size_t)count, sizeof(*ms), cmp_double);
	qsort(cpu, (size_t)count, sizeof(*cpu), cmp_double);
	printf("runs=%ld fail=%ld wall_s=%.3f p50_ms=%.3f p99_ms=%.3f "
	       "mean_ms=%.3f min_ms=%.3f max_ms=%.3f maxrss_kb=%ld "
	       "cpu_p50_ms=%.3f cpu_s=%.3f\n",
	       count, fails, wall / 1e3, quantile(ms, (size_t)count, 0.5),
	       quantile(ms, (size_t)count, 0.99), sum / (double)count, ms[0],
	       ms[count - 1], maxrss, quantile(cpu, (size_t)count, 0.5),
	       cpusum / 1e3);
	free(av);
	free(ms);
	free(cpu);
	free(lines);
	free(text);
	free(msg);
	return fails ? 1 : 0;
}
