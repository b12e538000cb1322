/* SPDX-License-Identifier: BSD-2-Clause */
#include "datafile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum section { S_NONE, S_ASM, S_MEM, S_RAW, S_RESULT, S_ERROR, S_IGNORED };

static enum section
section_of(const char *line)
{
	/* The order of the substring tests follows the suite's own parser. */
	if (strstr(line, "asm"))
		return S_ASM;
	if (strstr(line, "result"))
		return S_RESULT;
	if (strstr(line, "mem"))
		return S_MEM;
	if (strstr(line, "raw"))
		return S_RAW;
	if (strstr(line, "no register offset") || strstr(line, " c"))
		return S_IGNORED;
	if (strstr(line, "error"))
		return S_ERROR;
	return S_NONE;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long
hex_decode(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi;

	while (*s != '\0') {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			s++;
			continue;
		}
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
			s += 2;
		hi = hexval((unsigned char)s[0]);
		if (hi < 0 || hexval((unsigned char)s[1]) < 0)
			return -1;
		if (n == cap)
			return -1;
		out[n++] = (uint8_t)(hi << 4 | hexval((unsigned char)s[1]));
		s += 2;
	}
	return (long)n;
}

void
insns_from_bytes(const uint8_t *b, size_t n, struct thook_insn *out)
{
	for (size_t i = 0; i + 8 <= n; i += 8) {
		struct thook_insn *in = &out[i / 8];

		in->code = b[i];
		in->regs = b[i + 1];
		in->off = (int16_t)(uint16_t)(b[i + 2] | b[i + 3] << 8);
		in->imm =
			(int32_t)((uint32_t)b[i + 4] | (uint32_t)b[i + 5] << 8 |
				  (uint32_t)b[i + 6] << 16 |
				  (uint32_t)b[i + 7] << 24);
	}
}

static int
append(char **buf, size_t *len, const char *s)
{
	size_t n = strlen(s);
	char *p = realloc(*buf, *len + n + 1);

	if (p == NULL)
		return -1;
	memcpy(p + *len, s, n + 1);
	*buf = p;
	*len += n;
	return 0;
}

/* A raw token: a 64-bit word (0x + more than 2 digits) or one byte. */
static int
add_raw(struct datafile *df, uint8_t **bytes, size_t *nbytes, char *tok)
{
	size_t len = strlen(tok);
	uint64_t w;
	int k, count = 1;
	uint8_t *p;

	if (len > 4 && tok[0] == '0' && (tok[1] == 'x' || tok[1] == 'X'))
		count = 8;
	errno = 0;
	w = strtoull(tok, NULL, 16);
	if (errno != 0)
		return -1;
	p = realloc(*bytes, *nbytes + (size_t)count);
	if (p == NULL)
		return -1;
	for (k = 0; k < count; k++)
		p[*nbytes + (size_t)k] = (uint8_t)(w >> (8 * k));
	*bytes = p;
	*nbytes += (size_t)count;
	(void)df;
	return 0;
}

int
datafile_load(const char *path, struct datafile *df)
{
	FILE *f = fopen(path, "r");
	char line[4096], *hash, *tok;
	enum section sec = S_NONE;
	uint8_t *raw = NULL;
	size_t rawlen = 0, memcap = 0;
	char *memtext = NULL;
	size_t memtextlen = 0;
	int err = -1;

	memset(df, 0, sizeof(*df));
	if (f == NULL) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strstr(line, "--") != NULL) {
			enum section s = section_of(line);

			if (s == S_NONE) {
				fprintf(stderr, "%s: unknown directive: %s",
					path, line);
				goto out;
			}
			sec = s;
			continue;
		}
		hash = strchr(line, '#');
		switch (sec) {
		case S_ASM:
			if (append(&df->asm_text, &df->asm_len, line) != 0)
				goto out;
			break;
		case S_MEM:
			if (hash)
				*hash = '\0';
			if (append(&memtext, &memtextlen, line) != 0)
				goto out;
			break;
		case S_RAW:
			if (hash)
				*hash = '\0';
			for (tok = strtok(line, " \t\r\n"); tok != NULL;
			     tok = strtok(NULL, " \t\r\n"))
				if (add_raw(df, &raw, &rawlen, tok) != 0)
					goto out;
			break;
		case S_RESULT:
			if (hash)
				*hash = '\0';
			tok = strtok(line, " \t\r\n");
			if (tok != NULL) {
				df->result = strtoull(
					tok, NULL, strstr(tok, "0x") ? 16 : 10);
				df->has_result = true;
			}
			break;
		case S_ERROR:
			if (hash)
				*hash = '\0';
			tok = strtok(line, "\r\n");
			if (tok != NULL) {
				snprintf(df->error, sizeof(df->error), "%s",
					 tok);
				df->has_error = true;
			}
			break;
		case S_NONE:
		case S_IGNORED:
			break;
		}
	}
	if (memtext != NULL) {
		memcap = memtextlen / 2 + 1;
		df->mem = malloc(memcap);
		if (df->mem == NULL)
			goto out;
		long n = hex_decode(memtext, df->mem, memcap);
		if (n < 0) {
			fprintf(stderr, "%s: bad mem section\n", path);
			goto out;
		}
		df->mem_len = (size_t)n;
	}
	if (raw != NULL) {
		df->raw_n = (uint32_t)(rawlen / 8);
		df->raw = calloc(df->raw_n + 1, sizeof(*df->raw));
		if (df->raw == NULL)
			goto out;
		insns_from_bytes(raw, rawlen, df->raw);
	}
	err = 0;
out:
	free(raw);
	free(memtext);
	fclose(f);
	if (err != 0)
		datafile_free(df);
	return err;
}

void
datafile_free(struct datafile *df)
{
	free(df->asm_text);
	free(df->mem);
	free(df->raw);
	memset(df, 0, sizeof(*df));
}
