// SPDX-License-Identifier: BSD-2-Clause
/*
 * The initrd: a cpio archive in the "newc" format (magic 070701, every
 * header field eight hex digits, name and data each padded to four bytes).
 * It is either built into the image (initrd.S) or handed over by the loader
 * through /chosen linux,initrd-start/-end; the loader's wins when it is a
 * newc archive.  Every offset is checked against the archive's size.
 */
#include <kernel/kernel.h>
#include <kernel/proc.h>

int memcmp(const void *a, const void *b, size_t n);

#define HDR_SIZE 110

extern const uint8_t initrd_start[], initrd_end[];

static const uint8_t *archive;
static size_t archive_size;

const void *
initrd_builtin(size_t *size)
{
	*size = (size_t)(initrd_end - initrd_start);
	return initrd_start;
}

void
initrd_set(const void *base, size_t size)
{
	archive = base;
	archive_size = size;
}

static bool
hex8(const uint8_t *s, uint32_t *out)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < 8; i++) {
		uint8_t c = s[i];

		if (c >= '0' && c <= '9')
			c = (uint8_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			c = (uint8_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			c = (uint8_t)(c - 'A' + 10);
		else
			return false;
		v = (v << 4) | c;
	}
	*out = v;
	return true;
}

static size_t
pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/* Look up a regular file by name (without a leading "./" or "/"). */
int
initrd_find(const char *name, size_t len, const uint8_t **data, size_t *size)
{
	size_t off = 0;

	while (len > 0 && name[0] == '/') {
		name++;
		len--;
	}
	while (off + HDR_SIZE <= archive_size) {
		const uint8_t *h = archive + off;
		uint32_t mode, fsize, nsize;
		const char *n;
		size_t data_off;

		if (memcmp(h, "070701", 6) != 0 || !hex8(h + 14, &mode) ||
		    !hex8(h + 54, &fsize) || !hex8(h + 94, &nsize) ||
		    nsize == 0 || nsize > archive_size - off - HDR_SIZE)
			return -ENOEXEC;
		n = (const char *)h + HDR_SIZE;
		data_off = pad4(off + HDR_SIZE + nsize);
		if (data_off > archive_size || fsize > archive_size - data_off)
			return -ENOEXEC;
		if (nsize == 11 && memcmp(n, "TRAILER!!!", 11) == 0)
			break;
		if (nsize > 2 && n[0] == '.' && n[1] == '/') {
			n += 2;
			nsize -= 2;
		}
		if ((mode & 0170000) == 0100000 && nsize == len + 1 &&
		    memcmp(n, name, len) == 0 && n[len] == '\0') {
			*data = archive + data_off;
			*size = fsize;
			return 0;
		}
		off = pad4(data_off + fsize);
	}
	return -ENOENT;
}
