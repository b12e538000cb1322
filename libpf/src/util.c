/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libpf utilities: error strings, bounded output buffers, name tables for
 * protocols, services and ICMP, and address parsing and formatting.
 */
#include "pf_impl.h"

const char *
tpf_strerror(int err)
{
	switch (err) {
	case 0:
		return "success";
	case -TPF_EINVAL:
		return "invalid argument";
	case -TPF_ENOSPC:
		return "out of space";
	case -TPF_ENOENT:
		return "no such object";
	case -TPF_EEXIST:
		return "object exists";
	case -TPF_EPERM:
		return "operation not permitted";
	case -TPF_ERANGE:
		return "value out of range";
	case -TPF_EPARSE:
		return "rule text has errors";
	case -TPF_ENOTSUP:
		return "not supported";
	default:
		return "unknown error";
	}
}

void
tpf_buf_init(struct tpf_buf *b, char *p, size_t size)
{
	b->p = p;
	b->size = size;
	b->len = 0;
	b->overflow = false;
	if (size > 0)
		p[0] = '\0';
}

void
tpf_buf_mem(struct tpf_buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (b->len + 1 >= b->size) {
			b->overflow = true;
			return;
		}
		b->p[b->len++] = s[i];
		b->p[b->len] = '\0';
	}
}

void
tpf_buf_str(struct tpf_buf *b, const char *s)
{
	tpf_buf_mem(b, s, tpf_strlen(s));
}

void
tpf_buf_chr(struct tpf_buf *b, char c)
{
	tpf_buf_mem(b, &c, 1);
}

void
tpf_buf_uint(struct tpf_buf *b, uint64_t v)
{
	char t[24];
	size_t n = 0;

	do {
		t[n++] = (char)('0' + (v % 10u));
		v /= 10u;
	} while (v != 0);
	while (n > 0)
		tpf_buf_chr(b, t[--n]);
}

void
tpf_buf_hex(struct tpf_buf *b, uint64_t v, unsigned width)
{
	static const char digits[] = "0123456789abcdef";
	char t[16];
	unsigned n = 0;

	do {
		t[n++] = digits[v & 15u];
		v >>= 4;
	} while (v != 0 && n < 16);
	while (n < width && n < 16)
		t[n++] = '0';
	while (n > 0)
		tpf_buf_chr(b, t[--n]);
}

int
tpf_buf_end(struct tpf_buf *b)
{
	if (b->overflow)
		return -TPF_ENOSPC;
	return (int)b->len;
}

size_t
tpf_strlen(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0')
		n++;
	return n;
}

bool
tpf_streq(const char *a, const char *b)
{
	size_t i;

	for (i = 0; a[i] == b[i]; i++)
		if (a[i] == '\0')
			return true;
	return false;
}

bool
tpf_strlcpy(char *d, const char *s, size_t size)
{
	size_t n = tpf_strlen(s);

	if (n >= size)
		return false;
	TPF_MEMCPY(d, s, n + 1);
	return true;
}

struct tpf_name {
	const char *name;
	uint8_t num;
};

/* Protocol names as OpenBSD's /etc/protocols spells them. */
static const struct tpf_name protos[] = {
	{"icmp", 1},	    {"igmp", 2},       {"ggp", 3},
	{"ipencap", 4},	    {"st", 5},	       {"tcp", 6},
	{"egp", 8},	    {"igp", 9},	       {"pup", 12},
	{"udp", 17},	    {"hmp", 20},       {"xns-idp", 22},
	{"rdp", 27},	    {"iso-tp4", 29},   {"ipv6", 41},
	{"ipv6-route", 43}, {"ipv6-frag", 44}, {"idrp", 45},
	{"rsvp", 46},	    {"gre", 47},       {"esp", 50},
	{"ah", 51},	    {"skip", 57},      {"ipv6-icmp", 58},
	{"ipv6-nonxt", 59}, {"ipv6-opts", 60}, {"rspf", 73},
	{"vmtp", 81},	    {"eigrp", 88},     {"ospf", 89},
	{"ipip", 94},	    {"etherip", 97},   {"encap", 98},
	{"pim", 103},	    {"ipcomp", 108},   {"carp", 112},
	{"l2tp", 115},	    {"isis", 124},     {"sctp", 132},
	{"pfsync", 240},    {"icmp6", 58},     {"vrrp", 112},
};

static const struct tpf_name icmp_types[] = {
	{"echorep", 0},	   {"unreach", 3},     {"squench", 4},
	{"redir", 5},	   {"althost", 6},     {"echoreq", 8},
	{"routeradv", 9},  {"routersol", 10},  {"timex", 11},
	{"paramprob", 12}, {"timereq", 13},    {"timerep", 14},
	{"inforeq", 15},   {"inforep", 16},    {"maskreq", 17},
	{"maskrep", 18},   {"trace", 30},      {"dataconv", 31},
	{"mobredir", 32},  {"ipv6-where", 33}, {"ipv6-here", 34},
	{"mobregreq", 35}, {"mobregrep", 36},  {"skip", 39},
	{"photuris", 40},
};

static const struct tpf_name icmp6_types[] = {
	{"unreach", 1},	     {"toobig", 2},	 {"timex", 3},
	{"paramprob", 4},    {"echoreq", 128},	 {"echorep", 129},
	{"groupqry", 130},   {"grouprep", 131},	 {"groupterm", 132},
	{"routersol", 133},  {"routeradv", 134}, {"neighbrsol", 135},
	{"neighbradv", 136}, {"redir", 137},	 {"routrrenum", 138},
	{"fqdnreq", 139},    {"fqdnrep", 140},	 {"mtraceresp", 200},
	{"mtrace", 201},     {"listqry", 130},	 {"listenrep", 131},
	{"listendone", 132}, {"wrureq", 139},	 {"wrurep", 140},
	{"niqry", 139},	     {"nirep", 140},
};

struct tpf_code_name {
	const char *name;
	uint8_t type, code;
};

static const struct tpf_code_name icmp_codes[] = {
	{"net-unr", 3, 0},	 {"host-unr", 3, 1},
	{"proto-unr", 3, 2},	 {"port-unr", 3, 3},
	{"needfrag", 3, 4},	 {"srcfail", 3, 5},
	{"net-unk", 3, 6},	 {"host-unk", 3, 7},
	{"isolate", 3, 8},	 {"net-prohib", 3, 9},
	{"host-prohib", 3, 10},	 {"net-tos", 3, 11},
	{"host-tos", 3, 12},	 {"filter-prohib", 3, 13},
	{"host-preced", 3, 14},	 {"cutoff-preced", 3, 15},
	{"redir-net", 5, 0},	 {"redir-host", 5, 1},
	{"redir-tos-net", 5, 2}, {"redir-tos-host", 5, 3},
	{"normal-adv", 9, 0},	 {"common-adv", 9, 16},
	{"transit", 11, 0},	 {"reassemb", 11, 1},
	{"badhead", 12, 0},	 {"optmiss", 12, 1},
	{"badlen", 12, 2},	 {"unknown-ind", 40, 1},
	{"auth-fail", 40, 2},	 {"decrypt-fail", 40, 3},
};

static const struct tpf_code_name icmp6_codes[] = {
	{"admin-unr", 1, 1},	 {"noroute-unr", 1, 0},	  {"beyond-unr", 1, 2},
	{"addr-unr", 1, 3},	 {"port-unr", 1, 4},	  {"transit", 3, 0},
	{"reassemb", 3, 1},	 {"badhead", 4, 0},	  {"nxthdr", 4, 1},
	{"redironlink", 137, 0}, {"redirrouter", 137, 1},
};

/* Well-known services; pf resolves these with getservbyname(). */
static const struct {
	const char *name;
	uint16_t port;
} services[] = {
	{"echo", 7},	       {"discard", 9},	 {"daytime", 13},
	{"ftp-data", 20},      {"ftp", 21},	 {"ssh", 22},
	{"telnet", 23},	       {"smtp", 25},	 {"time", 37},
	{"domain", 53},	       {"bootps", 67},	 {"bootpc", 68},
	{"tftp", 69},	       {"finger", 79},	 {"www", 80},
	{"http", 80},	       {"kerberos", 88}, {"pop3", 110},
	{"sunrpc", 111},       {"auth", 113},	 {"ident", 113},
	{"nntp", 119},	       {"ntp", 123},	 {"netbios-ns", 137},
	{"imap", 143},	       {"snmp", 161},	 {"snmp-trap", 162},
	{"bgp", 179},	       {"ldap", 389},	 {"https", 443},
	{"microsoft-ds", 445}, {"syslog", 514},	 {"submission", 587},
	{"ldaps", 636},	       {"imaps", 993},	 {"pop3s", 995},
	{"openvpn", 1194},     {"mysql", 3306},	 {"postgresql", 5432},
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int
name_lookup(const struct tpf_name *t, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (tpf_streq(t[i].name, s))
			return t[i].num;
	return -1;
}

static const char *
num_lookup(const struct tpf_name *t, size_t n, uint8_t num)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].num == num)
			return t[i].name;
	return NULL;
}

int
tpf_proto_byname(const char *s)
{
	return name_lookup(protos, NELEM(protos), s);
}

const char *
tpf_proto_name(uint8_t proto)
{
	return num_lookup(protos, NELEM(protos), proto);
}

int
tpf_service_byname(const char *s)
{
	size_t i;

	for (i = 0; i < NELEM(services); i++)
		if (tpf_streq(services[i].name, s))
			return services[i].port;
	return -1;
}

int
tpf_icmp_type_byname(const char *s, bool v6)
{
	if (v6)
		return name_lookup(icmp6_types, NELEM(icmp6_types), s);
	return name_lookup(icmp_types, NELEM(icmp_types), s);
}

const char *
tpf_icmp_type_name(uint8_t type, bool v6)
{
	if (v6)
		return num_lookup(icmp6_types, NELEM(icmp6_types), type);
	return num_lookup(icmp_types, NELEM(icmp_types), type);
}

int
tpf_icmp_code_byname(const char *s, bool v6)
{
	const struct tpf_code_name *t = v6 ? icmp6_codes : icmp_codes;
	size_t n = v6 ? NELEM(icmp6_codes) : NELEM(icmp_codes);
	size_t i;

	for (i = 0; i < n; i++)
		if (tpf_streq(t[i].name, s))
			return (int)t[i].type << 8 | t[i].code;
	return -1;
}

const char *
tpf_icmp_code_name(uint8_t type, uint8_t code, bool v6)
{
	const struct tpf_code_name *t = v6 ? icmp6_codes : icmp_codes;
	size_t n = v6 ? NELEM(icmp6_codes) : NELEM(icmp_codes);
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].type == type && t[i].code == code)
			return t[i].name;
	return NULL;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool
tpf_parse_uint(const char *s, uint32_t max, uint32_t *out)
{
	uint64_t v = 0;
	unsigned base = 10;
	int d;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++) {
		d = hexval(*s);
		if (d < 0 || (unsigned)d >= base)
			return false;
		v = v * base + (unsigned)d;
		if (v > max)
			return false;
	}
	*out = (uint32_t)v;
	return true;
}

void
tpf_addr_mask(struct tpf_addr *a, unsigned bits)
{
	unsigned i;

	for (i = 0; i < 16; i++) {
		if (bits >= 8) {
			bits -= 8;
		} else {
			a->b[i] &= (uint8_t)(0xffu << (8 - bits));
			bits = 0;
		}
	}
}

bool
tpf_addr_match(const struct tpf_addr *a, const struct tpf_addr *net,
	       unsigned bits)
{
	unsigned n = bits / 8, r = bits % 8;

	if (n > 0 && TPF_MEMCMP(a->b, net->b, n) != 0)
		return false;
	if (r != 0 && ((a->b[n] ^ net->b[n]) & (0xffu << (8 - r))) != 0)
		return false;
	return true;
}

static int
parse_v4(const char *s, struct tpf_addr *a)
{
	unsigned part = 0, val = 0, digits = 0;

	TPF_MEMSET(a, 0, sizeof(*a));
	for (;; s++) {
		if (*s >= '0' && *s <= '9') {
			val = val * 10u + (unsigned)(*s - '0');
			if (val > 255 || ++digits > 3)
				return -TPF_EINVAL;
		} else if (*s == '.' || *s == '\0') {
			if (digits == 0 || part > 3)
				return -TPF_EINVAL;
			a->b[part++] = (uint8_t)val;
			val = 0;
			digits = 0;
			if (*s == '\0')
				break;
		} else {
			return -TPF_EINVAL;
		}
	}
	return part == 4 ? 0 : -TPF_EINVAL;
}

static int
parse_v6(const char *s, struct tpf_addr *a)
{
	uint16_t w[8];
	unsigned n = 0, gap = 8, i, val, digits;
	struct tpf_addr v4;
	const char *start;

	if (s[0] == ':') {
		if (s[1] != ':')
			return -TPF_EINVAL;
		s++;
	}
	while (*s != '\0') {
		if (*s == ':') {
			if (gap != 8)
				return -TPF_EINVAL;
			gap = n;
			s++;
			continue;
		}
		start = s;
		val = 0;
		digits = 0;
		while (hexval(*s) >= 0 && digits < 5) {
			val = val << 4 | (unsigned)hexval(*s);
			s++;
			digits++;
		}
		if (*s == '.') {
			if (n > 6 || parse_v4(start, &v4) != 0)
				return -TPF_EINVAL;
			w[n++] = (uint16_t)(v4.b[0] << 8 | v4.b[1]);
			w[n++] = (uint16_t)(v4.b[2] << 8 | v4.b[3]);
			break;
		}
		if (digits == 0 || digits > 4 || n >= 8)
			return -TPF_EINVAL;
		w[n++] = (uint16_t)val;
		if (*s == ':') {
			s++;
			if (*s == '\0')
				return -TPF_EINVAL;
		} else if (*s != '\0') {
			return -TPF_EINVAL;
		}
	}
	if ((gap == 8 && n != 8) || (gap != 8 && n > 7))
		return -TPF_EINVAL;
	TPF_MEMSET(a, 0, sizeof(*a));
	for (i = 0; i < n; i++) {
		unsigned pos = (gap != 8 && i >= gap) ? i + (8 - n) : i;

		a->b[2 * pos] = (uint8_t)(w[i] >> 8);
		a->b[2 * pos + 1] = (uint8_t)w[i];
	}
	return 0;
}

int
tpf_addr_parse(const char *s, uint8_t *af, struct tpf_addr *a)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (s[i] == ':')
			break;
	if (s[i] == ':') {
		if (parse_v6(s, a) != 0)
			return -TPF_EINVAL;
		*af = TPF_AF_INET6;
		return 0;
	}
	if (parse_v4(s, a) != 0)
		return -TPF_EINVAL;
	*af = TPF_AF_INET;
	return 0;
}

/* inet_ntop(3) layout: the longest run of two or more zero words becomes
 * "::" and ::a.b.c.d / ::ffff:a.b.c.d keep the dotted tail (RFC 4291 2.2). */
static void
buf_v6(struct tpf_buf *b, const struct tpf_addr *a)
{
	unsigned w[8], i, best = 8, bestlen = 0, cur = 8, curlen = 0;

	for (i = 0; i < 8; i++) {
		w[i] = (unsigned)a->b[2 * i] << 8 | a->b[2 * i + 1];
		if (w[i] == 0) {
			if (cur == 8)
				cur = i;
			if (++curlen > bestlen) {
				best = cur;
				bestlen = curlen;
			}
		} else {
			cur = 8;
			curlen = 0;
		}
	}
	if (bestlen < 2)
		best = 8;
	for (i = 0; i < 8; i++) {
		if (best != 8 && i >= best && i < best + bestlen) {
			if (i == best)
				tpf_buf_chr(b, ':');
			continue;
		}
		if (i != 0)
			tpf_buf_chr(b, ':');
		if (i == 6 && best == 0 &&
		    (bestlen == 6 || (bestlen == 5 && w[5] == 0xffff))) {
			tpf_buf_uint(b, a->b[12]);
			tpf_buf_chr(b, '.');
			tpf_buf_uint(b, a->b[13]);
			tpf_buf_chr(b, '.');
			tpf_buf_uint(b, a->b[14]);
			tpf_buf_chr(b, '.');
			tpf_buf_uint(b, a->b[15]);
			return;
		}
		tpf_buf_hex(b, w[i], 1);
	}
	if (best != 8 && best + bestlen == 8)
		tpf_buf_chr(b, ':');
}

void
tpf_buf_addr(struct tpf_buf *b, uint8_t af, const struct tpf_addr *a)
{
	unsigned i;

	if (af == TPF_AF_INET6) {
		buf_v6(b, a);
		return;
	}
	for (i = 0; i < 4; i++) {
		if (i != 0)
			tpf_buf_chr(b, '.');
		tpf_buf_uint(b, a->b[i]);
	}
}

int
tpf_addr_format(uint8_t af, const struct tpf_addr *a, char *buf, size_t size)
{
	struct tpf_buf b;

	if (af != TPF_AF_INET && af != TPF_AF_INET6)
		return -TPF_EINVAL;
	if (buf == NULL || size == 0)
		return -TPF_ENOSPC;
	tpf_buf_init(&b, buf, size);
	tpf_buf_addr(&b, af, a);
	return tpf_buf_end(&b);
}
