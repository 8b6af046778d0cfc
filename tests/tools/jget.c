/*
 * jget - print one value of a JSON document, for the integration tests.
 *
 *   jget FILE PATH     PATH like .signatures[0].signer.tckn or .reasons|length
 *
 * Strings print raw, other values as compact JSON, "|length" the size of an
 * array or object, "|codes" the "code" members of an array of objects, one
 * per line.  FILE "-" reads standard input; with JSON Lines, the first
 * document is used unless PATH starts with a line index "#N".
 * Exit 0 found, 1 missing, 2 bad input.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

static json_t *load(const char *file, long line)
{
	FILE *fp = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
	if (fp == NULL)
		return NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	int c;
	while ((c = fgetc(fp)) != EOF)
		fputc(c, mem);
	fclose(mem);
	if (fp != stdin)
		fclose(fp);
	json_t *j = NULL;
	if (line < 0) {
		j = json_loads(buf, JSON_DISABLE_EOF_CHECK, NULL);
	} else {
		char *p = buf;
		for (long i = 0; i < line && p; i++) {
			p = strchr(p, '\n');
			if (p)
				p++;
		}
		if (p)
			j = json_loads(p, JSON_DISABLE_EOF_CHECK, NULL);
	}
	free(buf);
	return j;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: jget FILE PATH\n");
		return 2;
	}
	const char *p = argv[2];
	long line = -1;
	if (*p == '#') {
		line = strtol(p + 1, (char **)&p, 10);
	}
	json_t *root = load(argv[1], line);
	if (root == NULL) {
		fprintf(stderr, "jget: cannot parse JSON\n");
		return 2;
	}
	json_t *cur = root;
	int rc = 0;
	while (*p && cur) {
		if (*p == '.') {
			p++;
			const char *e = p;
			while (*e && *e != '.' && *e != '[' && *e != '|')
				e++;
			if (e == p)
				continue;
			char key[256];
			snprintf(key, sizeof(key), "%.*s", (int)(e - p), p);
			cur = json_object_get(cur, key);
			p = e;
		} else if (*p == '[') {
			char *e;
			long i = strtol(p + 1, &e, 10);
			if (*e != ']') {
				rc = 2;
				break;
			}
			cur = json_array_get(cur, (size_t)i);
			p = e + 1;
		} else if (strcmp(p, "|length") == 0) {
			printf("%zu\n", json_is_array(cur) ? json_array_size(cur)
			                                   : json_object_size(cur));
			json_decref(root);
			return 0;
		} else if (strcmp(p, "|codes") == 0) {
			size_t i;
			json_t *v;
			json_array_foreach(cur, i, v)
				printf("%s\n", json_string_value(json_object_get(v, "code")));
			json_decref(root);
			return 0;
		} else {
			rc = 2;
			break;
		}
	}
	if (rc == 0 && cur == NULL)
		rc = 1;
	if (rc == 0) {
		if (json_is_string(cur)) {
			printf("%s\n", json_string_value(cur));
		} else {
			char *s = json_dumps(cur, JSON_COMPACT | JSON_ENCODE_ANY);
			printf("%s\n", s);
			free(s);
		}
	}
	json_decref(root);
	return rc;
}
