/*
 * httpd - a tiny HTTP/1.0 file server for the online-revocation tests.
 *
 *   httpd DOCROOT PORTFILE MAXREQ
 *
 * Listens on 127.0.0.1 on a port the kernel picks (written to PORTFILE),
 * answers GET /NAME with DOCROOT/NAME (NAME without '/' or "..") as
 * application/pkix-crl, 404 otherwise, and exits after MAXREQ requests or
 * 60 seconds, so a failed test can never leave it running.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void reply(int c, const char *docroot)
{
	char req[2048], path[4096], hdr[256];
	ssize_t n = read(c, req, sizeof(req) - 1);
	if (n <= 0)
		return;
	req[n] = '\0';
	char name[1024];
	if (sscanf(req, "GET /%1023s HTTP/", name) != 1 || strchr(name, '/') != NULL ||
	    strstr(name, "..") != NULL) {
		const char *nf = "HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n";
		(void)!write(c, nf, strlen(nf));
		return;
	}
	snprintf(path, sizeof(path), "%s/%s", docroot, name);
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		const char *nf = "HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n";
		(void)!write(c, nf, strlen(nf));
		return;
	}
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	fseek(f, 0, SEEK_SET);
	int hl = snprintf(hdr, sizeof(hdr),
	                  "HTTP/1.0 200 OK\r\nContent-Type: application/pkix-crl\r\n"
	                  "Content-Length: %ld\r\nConnection: close\r\n\r\n", len);
	(void)!write(c, hdr, (size_t)hl);
	char buf[65536];
	size_t r;
	while ((r = fread(buf, 1, sizeof(buf), f)) > 0)
		if (write(c, buf, r) < 0)
			break;
	fclose(f);
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: httpd DOCROOT PORTFILE MAXREQ\n");
		return 64;
	}
	alarm(60);
	signal(SIGPIPE, SIG_IGN);
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = 0;
	socklen_t al = sizeof(a);
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(s, 8) != 0 ||
	    getsockname(s, (struct sockaddr *)&a, &al) != 0) {
		perror("httpd");
		return 1;
	}
	char tmp[4096];
	snprintf(tmp, sizeof(tmp), "%s.tmp", argv[2]);
	FILE *pf = fopen(tmp, "w");
	if (pf == NULL || fprintf(pf, "%d\n", ntohs(a.sin_port)) < 0 || fclose(pf) != 0 ||
	    rename(tmp, argv[2]) != 0) {
		perror("httpd: port file");
		return 1;
	}
	for (int i = 0, max = atoi(argv[3]); i < max; i++) {
		int c = accept(s, NULL, NULL);
		if (c < 0)
			continue;
		reply(c, argv[1]);
		close(c);
	}
	close(s);
	return 0;
}
