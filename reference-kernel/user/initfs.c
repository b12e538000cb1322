// SPDX-License-Identifier: BSD-2-Clause
/*
 * The initfs driver: the initrd's files, read-only, through a region
 * handle that maps the archive (cpio newc) into this process.
 * /scheme/initfs lists them; /scheme/initfs/NAME reads one.
 */
#include "tessera.h"

static const char *archive;
static size_t archive_size;

static unsigned long
hex8(const char *s)
{
	unsigned long v = 0;
	int i;

	for (i = 0; i < 8; i++) {
		char c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned long)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned long)(c - 'A' + 10);
	}
	return v;
}

/* Walk the archive: call back with each regular file; stop on a match. */
static long
walk(const char *want, size_t wlen, struct tfile *f)
{
	size_t off = 0, n = 0;

	while (off + 110 <= archive_size &&
	       memcmp(archive + off, "070701", 6) == 0) {
		unsigned long mode = hex8(archive + off + 14);
		unsigned long fsize = hex8(archive + off + 54);
		unsigned long nsize = hex8(archive + off + 94);
		const char *name = archive + off + 110;
		size_t data = (off + 110 + nsize + 3) & ~(size_t)3;

		if (nsize == 0 || data > archive_size ||
		    fsize > archive_size - data)
			break;
		if (nsize == 11 && memcmp(name, "TRAILER!!!", 11) == 0)
			break;
		if ((mode & 0170000) == 0100000) {
			if (want == NULL && n + nsize + 1 < sizeof(f->buf)) {
				memcpy(f->buf + n, name, nsize - 1);
				n += nsize - 1;
				f->buf[n++] = '\n';
			} else if (want != NULL && nsize - 1 == wlen &&
				   memcmp(name, want, wlen) == 0) {
				f->data = archive + data;
				f->size = fsize;
				return 0;
			}
		}
		off = (data + fsize + 3) & ~(size_t)3;
	}
	if (want != NULL)
		return -ENOENT;
	f->size = n;
	return 0;
}

static long
open_initfs(const char *path, size_t len, struct tfile *f)
{
	return walk(len == 0 ? NULL : path, len, f);
}

int
main(const char *arg, size_t arglen, size_t nh, const handle_t *h)
{
	uint64_t info[3];
	long va, sh;

	(void)arg;
	(void)arglen;
	if (nh < 1 || region_info(h[0], info) < 0) {
		printf("initfs: no initrd region given\n");
		return 1;
	}
	va = region_map(h[0], PROT_READ);
	if (va < 0) {
		printf("initfs: cannot map the initrd: %s\n", strerror(va));
		return 1;
	}
	archive = (const char *)va;
	archive_size = info[1];
	sh = scheme_register_retry("initfs");
	if (sh < 0) {
		printf("initfs: cannot register: %s\n", strerror(sh));
		return 1;
	}
	serve_files((handle_t)sh, open_initfs);
}
