/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Conformance with the OpenBSD pfctl regression pairs (regress/sbin/pfctl):
 * pfN:      pfctl -nv of pfN.in equals pfN.ok
 * selfpfN:  pfctl -nv of pfN.ok equals pfN.ok (the printer's fixed point)
 * pfailN:   stderr then stdout of pfctl -nv of pfailN.in equals pfailN.ok
 * The data lives outside the repository; without it the test is skipped
 * (exit 77).  Pairs that need features libpf leaves out are listed with
 * the reason and not counted as failures.
 */
#define _DEFAULT_SOURCE 1
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../tools/nv.h"

static const struct {
	const char *name, *reason;
} unsupported[] = {
	{"pf48", "nat-to/rdr-to, interface names and files in tables"},
};

/* The interfaces the upstream regress Makefile assumes: lo0 with
 * ::1, fe80::1%lo0 and 127.0.0.1/8. */
static const struct tpf_ifaddr regress_ifaddrs[] = {
	{"lo0", TPF_AF_INET6, 128, 1, 0, {{[15] = 1}}},
	{"lo0", TPF_AF_INET6, 64, 1, 0, {{0xfe, 0x80, [15] = 1}}},
	{"lo0", TPF_AF_INET, 8, 1, 0, {{127, 0, 0, 1}}},
};

static const char *
why_unsupported(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(unsupported) / sizeof(unsupported[0]); i++)
		if (strcmp(unsupported[i].name, name) == 0)
			return unsupported[i].reason;
	return NULL;
}

static char *
slurp(const char *dir, const char *name, const char *ext, size_t *len)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s%s", dir, name, ext);
	return nv_read_file(path, len);
}

/* Run -nv over @text; the result is stderr followed by stdout. */
static char *
run(struct nv_rs *n, const char *text, size_t len, size_t *outlen)
{
	char *obuf = NULL, *ebuf = NULL, *all;
	size_t olen = 0, elen = 0;
	FILE *out = open_memstream(&obuf, &olen);
	FILE *err = open_memstream(&ebuf, &elen);

	(void)nv_run(n, "stdin", text, len, 1, out, err);
	fclose(out);
	fclose(err);
	all = malloc(olen + elen + 1);
	memcpy(all, ebuf, elen);
	memcpy(all + elen, obuf, olen);
	all[olen + elen] = '\0';
	*outlen = olen + elen;
	free(obuf);
	free(ebuf);
	return all;
}

static int
check(struct nv_rs *n, const char *dir, const char *name, const char *src)
{
	size_t ilen, olen, rlen;
	char *in = slurp(dir, name, src, &ilen);
	char *ok = slurp(dir, name, ".ok", &olen);
	char *res;
	int pass;

	if (in == NULL || ok == NULL) {
		free(in);
		free(ok);
		return -1;
	}
	res = run(n, in, ilen, &rlen);
	pass = rlen == olen && memcmp(res, ok, olen) == 0;
	if (!pass)
		printf("--- expected\n%.*s--- got\n%s", (int)olen, ok, res);
	free(in);
	free(ok);
	free(res);
	return pass;
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "";
	char *names[512], path[4096];
	int nnames = 0, i, passed = 0, total = 0, failed = 0, unsup = 0, r;
	struct dirent *de;
	struct nv_rs n;
	struct stat sb;
	DIR *d;

	d = opendir(dir);
	if (d == NULL) {
		printf("SKIP: shared regression data not found at '%s' "
		       "(set -Dshared_data=DIR)\n",
		       dir);
		return 77;
	}
	while ((de = readdir(d)) != NULL && nnames < 512) {
		size_t l = strlen(de->d_name);

		if (l > 3 && strcmp(de->d_name + l - 3, ".in") == 0 &&
		    strncmp(de->d_name, "pf", 2) == 0) {
			names[nnames] = strdup(de->d_name);
			names[nnames++][l - 3] = '\0';
		}
	}
	closedir(d);
	qsort(names, (size_t)nnames, sizeof(names[0]), cmp);
	if (nv_alloc(&n, 4096) != 0)
		return 1;
	n.ifa = regress_ifaddrs;
	n.nifa = 3;
	/* pf112 loads pf112.one, which loads pf112.two. */
	snprintf(n.dir, sizeof(n.dir), "%s", dir);
	for (i = 0; i < nnames; i++) {
		const char *why = why_unsupported(names[i]);

		snprintf(path, sizeof(path), "%s/%s.ok", dir, names[i]);
		if (stat(path, &sb) != 0)
			continue;
		total++;
		if (why != NULL) {
			printf("UNSUPPORTED %s: %s\n", names[i], why);
			unsup++;
			continue;
		}
		r = check(&n, dir, names[i], ".in");
		if (r == 1 && strncmp(names[i], "pfail", 5) != 0) {
			/* The printer's output must parse back to itself. */
			r = check(&n, dir, names[i], ".ok");
			if (r != 1)
				printf("FAIL self%s\n", names[i]);
		}
		printf("%s %s\n", r == 1 ? "PASS" : "FAIL", names[i]);
		if (r == 1)
			passed++;
		else
			failed++;
	}
	printf("conformance: %d/%d regression pairs passed, %d unsupported, "
	       "%d failed\n",
	       passed, total, unsup, failed);
	for (i = 0; i < nnames; i++)
		free(names[i]);
	nv_free(&n);
	return failed != 0 ? 1 : 0;
}
