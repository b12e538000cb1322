/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target for unveil paths.  The input is lines: "+Pp..." adds
 * the rule path p with permission bits P & 15; any other line "Wp..."
 * checks path p for permissions W & 15.  Relative paths start at /a/b.
 * Properties: never crashes; the canonical form is idempotent; no path
 * outside every rule is ever let through; the answer equals that of a
 * plain model (longest component prefix over canonical strings); a failed
 * unveil changes nothing.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <tessera/pledge.h>

#define MAXRULES 48
#define CANON	 (2 * TPLEDGE_PATH_MAX + 4)

static const char cwd[] = "/a/b";

struct model {
	char path[MAXRULES][CANON];
	size_t len[MAXRULES];
	uint32_t perms[MAXRULES];
	int n;
};

static const char *const perm_text[16] = {
	"",  "r",  "w",	 "rw",	"x",  "rx",  "wx",  "rwx",
	"c", "rc", "wc", "rwc", "xc", "rxc", "wxc", "rwxc",
};

static int
covers(const char *rule, size_t rl, const char *p, size_t pl)
{
	if (rl == 1)
		return 1; /* "/" covers everything */
	return rl <= pl && memcmp(rule, p, rl) == 0 &&
	       (p[rl] == '/' || p[rl] == '\0');
}

static int
model_check(const struct model *m, const char *p, size_t pl, uint32_t want)
{
	int i, best = -1;

	if (m->n == 0)
		return 0;
	for (i = 0; i < m->n; i++) {
		if (covers(m->path[i], m->len[i], p, pl) &&
		    (best < 0 || m->len[i] > m->len[best]))
			best = i;
	}
	if (best < 0 || m->perms[best] == 0)
		return -TPLEDGE_ENOENT;
	if (want & ~m->perms[best])
		return -TPLEDGE_EACCES;
	return 0;
}

static void
model_add(struct model *m, const char *p, size_t pl, uint32_t perms)
{
	int i;

	for (i = 0; i < m->n; i++) {
		if (m->len[i] == pl && memcmp(m->path[i], p, pl) == 0) {
			m->perms[i] = perms;
			return;
		}
	}
	memcpy(m->path[m->n], p, pl + 1);
	m->len[m->n] = pl;
	m->perms[m->n] = perms;
	m->n++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tpledge_node nodes[512];
	static char names[4096];
	static struct model m;
	static char canon[CANON], again[CANON];
	struct tpledge_unveil uv, before;
	size_t pos = 0;

	if (tpledge_unveil_init(&uv, nodes, 512, names, sizeof(names)) != 0)
		abort();
	m.n = 0;
	while (pos < size) {
		size_t end = pos, pl;
		const char *p;
		uint32_t bits;
		int cl, rc;
		int add;

		while (end < size && data[end] != '\n')
			end++;
		if (end - pos < 2) {
			pos = end + 1;
			continue;
		}
		add = data[pos] == '+';
		if (add && end - pos < 3) {
			pos = end + 1;
			continue;
		}
		bits = (uint32_t)data[pos + (add ? 1 : 0)] & 15u;
		p = (const char *)data + pos + (add ? 2 : 1);
		pl = end - pos - (add ? 2u : 1u);
		pos = end + 1;

		cl = tpledge_path_canon(cwd, p, pl, canon, sizeof(canon));
		if (cl > 0) {
			if (tpledge_path_canon(NULL, canon, TPLEDGE_CSTR, again,
					       sizeof(again)) != cl ||
			    strcmp(canon, again) != 0 || canon[0] != '/')
				abort();
		}
		if (add) {
			before = uv;
			rc = tpledge_unveil(&uv, cwd, p, pl, perm_text[bits]);
			if (cl < 0 && rc != cl)
				abort();
			if (rc != 0 && memcmp(&uv, &before, sizeof(uv)) != 0)
				abort();
			if (rc == 0) {
				if (m.n == MAXRULES)
					break;
				model_add(&m, canon, (size_t)cl, bits);
				if (tpledge_unveil_rules(&uv) != (uint32_t)m.n)
					abort();
			} else if (rc != -TPLEDGE_ENOSPC && cl > 0) {
				abort();
			}
			continue;
		}
		rc = tpledge_unveil_check(&uv, cwd, p, pl, bits);
		if (cl < 0) {
			if (rc != cl)
				abort();
			continue;
		}
		/* Never through when no rule covers the path. */
		if (rc == 0 && m.n > 0 &&
		    model_check(&m, canon, (size_t)cl, 0) == -TPLEDGE_ENOENT)
			abort();
		if (rc != model_check(&m, canon, (size_t)cl, bits))
			abort();
	}
	return 0;
}
