/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tpfctl: the libpf host tool.
 *
 *   tpfctl -nvf FILE            parse and print like pfctl -nv
 *   tpfctl -f FILE -t QUERY     which rule decides a described packet
 *   tpfctl -f FILE -r PCAP      replay a capture through the filter
 *          [-d in|out] [-l LOCAL/BITS] [-i IFNAME]
 *                               direction fixed, or "out" for packets from
 *                               the local prefix and "in" for the others
 *
 * Exit status: 0 success, 1 usage or I/O error, 2 rule file errors.
 */
#define _DEFAULT_SOURCE 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include "nv.h"

#ifdef TPFCTL_HAVE_PCAP
#include <pcap/pcap.h>
#endif

static unsigned
mask_bits(const uint8_t *m, size_t n)
{
	unsigned bits = 0;
	size_t i;

	for (i = 0; i < n; i++)
		bits += (unsigned)__builtin_popcount(m[i]);
	return bits;
}

/* The host's interface addresses, for antispoof, as pfctl reads them. */
static struct tpf_ifaddr *
host_ifaddrs(uint32_t *n)
{
	struct ifaddrs *list, *i;
	struct tpf_ifaddr *out;
	uint32_t k = 0;

	*n = 0;
	if (getifaddrs(&list) != 0)
		return NULL;
	out = calloc(256, sizeof(*out));
	for (i = list; i != NULL && out != NULL && k < 256; i = i->ifa_next) {
		struct tpf_ifaddr *a = &out[k];

		if (i->ifa_addr == NULL || i->ifa_netmask == NULL)
			continue;
		if (i->ifa_addr->sa_family == AF_INET) {
			const struct sockaddr_in *s = (const void *)i->ifa_addr;
			const struct sockaddr_in *m =
				(const void *)i->ifa_netmask;

			a->af = TPF_AF_INET;
			memcpy(a->addr.b, &s->sin_addr, 4);
			a->bits = (uint8_t)mask_bits(
				(const uint8_t *)&m->sin_addr, 4);
		} else if (i->ifa_addr->sa_family == AF_INET6) {
			const struct sockaddr_in6 *s =
				(const void *)i->ifa_addr;
			const struct sockaddr_in6 *m =
				(const void *)i->ifa_netmask;

			a->af = TPF_AF_INET6;
			memcpy(a->addr.b, &s->sin6_addr, 16);
			a->bits = (uint8_t)mask_bits(
				(const uint8_t *)&m->sin6_addr, 16);
		} else {
			continue;
		}
		snprintf(a->ifname, sizeof(a->ifname), "%s", i->ifa_name);
		a->loopback = (i->ifa_flags & IFF_LOOPBACK) != 0;
		k++;
	}
	freeifaddrs(list);
	*n = k;
	return out;
}

static void
usage(void)
{
	fprintf(stderr,
		"usage: tpfctl [-nv] -f file [-t query | -r capture [-d in|out]"
		" [-l local/bits] [-i ifname]]\n");
	exit(1);
}

static const char *const reasons[] = {"match",
				      "no rule matched",
				      "state",
				      "malformed packet",
				      "state mismatch",
				      "state limit",
				      "skipped interface",
				      "ip options"};

static void
print_rule(struct nv_rs *n, int32_t nr)
{
	char line[2048];

	if (nr < 0 || (uint32_t)nr >= tpf_ruleset_count(&n->rs))
		return;
	if (tpf_rule_print(&n->rs, tpf_ruleset_rule(&n->rs, (uint32_t)nr), line,
			   sizeof(line)) >= 0)
		printf("  @%d %s\n", nr, line);
}

static int
word_is(char **w, int nw, int i, const char *s)
{
	return i < nw && strcmp(w[i], s) == 0;
}

static int
query_addr(const char *s, struct tpf_pkt *pkt, struct tpf_addr *a)
{
	uint8_t af;

	if (tpf_addr_parse(s, &af, a) != 0)
		return -1;
	if (pkt->af != 0 && pkt->af != af)
		return -1;
	pkt->af = af;
	return 0;
}

static int
query_flags(const char *s, uint8_t *out)
{
	static const char letters[] = "FSRPAUEW";
	const char *c;

	*out = 0;
	for (; *s != '\0'; s++) {
		c = strchr(letters, *s);
		if (c == NULL)
			return -1;
		*out |= (uint8_t)(1u << (c - letters));
	}
	return 0;
}

/* in|out [on IF] [inet|inet6] [proto] P [from A [port N]] [to A [port N]]
 * [flags F] [icmp-type T [code C]] */
static int
parse_query(char *q, struct tpf_pkt *pkt, char *ifname)
{
	char *w[64], *save = NULL, *t;
	int nw = 0, i = 0;
	long v;

	memset(pkt, 0, sizeof(*pkt));
	for (t = strtok_r(q, " \t", &save); t != NULL && nw < 64;
	     t = strtok_r(NULL, " \t", &save))
		w[nw++] = t;
	if (word_is(w, nw, i, "in") || word_is(w, nw, i, "out"))
		pkt->dir = strcmp(w[i++], "in") == 0 ? TPF_DIR_IN : TPF_DIR_OUT;
	else
		return -1;
	if (word_is(w, nw, i, "on") && i + 1 < nw) {
		snprintf(ifname, TPF_IFNAMSIZ, "%s", w[i + 1]);
		i += 2;
	}
	while (i < nw) {
		if (word_is(w, nw, i, "inet")) {
			pkt->af = TPF_AF_INET;
		} else if (word_is(w, nw, i, "inet6")) {
			pkt->af = TPF_AF_INET6;
		} else if (word_is(w, nw, i, "proto")) {
		} else if (word_is(w, nw, i, "tcp")) {
			pkt->proto = 6;
		} else if (word_is(w, nw, i, "udp")) {
			pkt->proto = 17;
		} else if (word_is(w, nw, i, "icmp")) {
			pkt->proto = 1;
		} else if (word_is(w, nw, i, "icmp6") ||
			   word_is(w, nw, i, "ipv6-icmp")) {
			pkt->proto = 58;
		} else if (i + 1 < nw && (word_is(w, nw, i, "from") ||
					  word_is(w, nw, i, "to"))) {
			int from = strcmp(w[i], "from") == 0;

			if (query_addr(w[i + 1], pkt,
				       from ? &pkt->src : &pkt->dst) != 0)
				return -1;
			i++;
			if (word_is(w, nw, i + 1, "port") && i + 2 < nw) {
				v = strtol(w[i + 2], NULL, 0);
				if (v < 0 || v > 65535)
					return -1;
				if (from)
					pkt->sport = (uint16_t)v;
				else
					pkt->dport = (uint16_t)v;
				i += 2;
			}
		} else if (word_is(w, nw, i, "flags") && i + 1 < nw) {
			if (query_flags(w[++i], &pkt->tcp_flags) != 0)
				return -1;
		} else if ((word_is(w, nw, i, "icmp-type") ||
			    word_is(w, nw, i, "code") ||
			    word_is(w, nw, i, "tos") ||
			    word_is(w, nw, i, "length")) &&
			   i + 1 < nw) {
			v = strtol(w[i + 1], NULL, 0);
			if (v < 0 || v > 65535)
				return -1;
			if (w[i][0] == 'i')
				pkt->icmp_type = (uint8_t)v;
			else if (w[i][0] == 'c')
				pkt->icmp_code = (uint8_t)v;
			else if (w[i][0] == 't')
				pkt->tos = (uint8_t)v;
			else
				pkt->len = (uint32_t)v;
			i++;
		} else {
			v = -1;
			if (w[i][0] >= '0' && w[i][0] <= '9')
				v = strtol(w[i], NULL, 0);
			if (v < 0 || v > 255)
				return -1;
			pkt->proto = (uint8_t)v;
		}
		i++;
	}
	if (pkt->af == 0)
		pkt->af = TPF_AF_INET;
	return 0;
}

static int
run_query(struct nv_rs *n, const char *query)
{
	char q[1024], ifname[TPF_IFNAMSIZ] = "";
	struct tpf_verdict v;
	struct tpf_pkt pkt;

	snprintf(q, sizeof(q), "%s", query);
	if (parse_query(q, &pkt, ifname) != 0) {
		fprintf(stderr, "tpfctl: cannot parse query: %s\n", query);
		return 1;
	}
	if (tpf_ruleset_compile(&n->rs) != 0)
		return 1;
	tpf_pkt_set_if(&n->rs, ifname, &pkt);
	if (tpf_ruleset_eval(&n->rs, &pkt, TPF_EVAL_INDEXED, &v) != 0)
		return 1;
	printf("%s (%s)\n", v.action == TPF_PASS ? "pass" : "block",
	       reasons[v.reason]);
	print_rule(n, v.rule);
	if (v.rule >= 0 && v.action == TPF_PASS &&
	    tpf_ruleset_rule(&n->rs, (uint32_t)v.rule)->keep != TPF_STATE_NONE)
		printf("  creates state\n");
	if (v.route != TPF_RT_NONE) {
		static const char *const rt[] = {"", "route-to", "reply-to",
						 "dup-to"};
		char a[64];

		(void)tpf_addr_format(v.route_af, &v.route_addr, a, sizeof(a));
		printf("  %s %s%s%s\n", rt[v.route], a,
		       v.route_ifname[0] != '\0' ? " on " : "", v.route_ifname);
	}
	return 0;
}

#ifdef TPFCTL_HAVE_PCAP
static struct tpf_addr local_net;
static uint8_t local_af, local_bits;

/* Packets from the local prefix leave the host; the others arrive. */
static uint8_t
direction(const u_char *ip, bpf_u_int32 len, uint8_t dflt)
{
	const u_char *src;
	unsigned i, bits = local_bits;

	if (local_af == 0 || len < 1)
		return dflt;
	if ((ip[0] >> 4) == 4 && local_af == TPF_AF_INET && len >= 20)
		src = ip + 12;
	else if ((ip[0] >> 4) == 6 && local_af == TPF_AF_INET6 && len >= 40)
		src = ip + 8;
	else
		return TPF_DIR_IN;
	for (i = 0; bits > 0; i++, bits = bits >= 8 ? bits - 8 : 0) {
		unsigned m = bits >= 8 ? 0xff : (0xff00u >> bits) & 0xff;

		if ((src[i] & m) != (local_net.b[i] & m))
			return TPF_DIR_IN;
	}
	return TPF_DIR_OUT;
}

/* Offset of the IP header for the capture's link type, -1 if unknown. */
static long
link_offset(int dlt, const u_char *p, bpf_u_int32 caplen)
{
	switch (dlt) {
	case DLT_EN10MB:
		if (caplen >= 18 && p[12] == 0x81 && p[13] == 0x00)
			return 18;
		return 14;
	case DLT_RAW:
#ifdef DLT_IPV4
	case DLT_IPV4:
	case DLT_IPV6:
#endif
		return 0;
	case DLT_NULL:
	case DLT_LOOP:
		return 4;
	case DLT_LINUX_SLL:
		return 16;
	default:
		return -1;
	}
}

static int
run_replay(struct nv_rs *n, const char *path, uint8_t dir, const char *ifn)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	static uint64_t counts[2][8];
	struct pcap_pkthdr *h;
	const u_char *data;
	struct tpf_filter f;
	struct tpf_state *states;
	struct tpf_bucket *buckets;
	struct tpf_verdict v;
	uint64_t now, total = 0;
	pcap_t *pc;
	long off;
	int rc, i;

	if (tpf_ruleset_compile(&n->rs) != 0)
		return 1;
	pc = pcap_open_offline(path, errbuf);
	if (pc == NULL) {
		fprintf(stderr, "tpfctl: %s\n", errbuf);
		return 1;
	}
	states = calloc(65536, sizeof(*states));
	buckets = aligned_alloc(64, 16384 * sizeof(*buckets));
	if (states == NULL || buckets == NULL ||
	    tpf_filter_init(&f, &n->rs, states, 65536, buckets, 16384,
			    0x0123456789abcdefull, 0xfedcba9876543210ull) != 0)
		return 1;
	while ((rc = pcap_next_ex(pc, &h, &data)) == 1) {
		total++;
		now = (uint64_t)h->ts.tv_sec * 1000000000ull +
		      (uint64_t)h->ts.tv_usec * 1000ull;
		off = link_offset(pcap_datalink(pc), data, h->caplen);
		if (off < 0 || (bpf_u_int32)off > h->caplen) {
			printf("%llu skipped (link type)\n",
			       (unsigned long long)total);
			continue;
		}
		(void)tpf_filter_test(
			&f,
			direction(data + off, h->caplen - (bpf_u_int32)off,
				  dir),
			ifn, data + off, (size_t)(h->caplen - (bpf_u_int32)off),
			now, &v);
		counts[v.action][v.reason]++;
		printf("%llu %s %s", (unsigned long long)total,
		       v.action == TPF_PASS ? "pass" : "block",
		       reasons[v.reason]);
		if (v.rule >= 0)
			printf(" @%d", v.rule);
		printf("%s\n", v.state_created ? " +state" : "");
	}
	pcap_close(pc);
	printf("summary: %llu packets\n", (unsigned long long)total);
	for (i = 0; i < 8; i++) {
		if (counts[0][i] != 0)
			printf("  pass  %-18s %llu\n", reasons[i],
			       (unsigned long long)counts[0][i]);
		if (counts[1][i] != 0)
			printf("  block %-18s %llu\n", reasons[i],
			       (unsigned long long)counts[1][i]);
	}
	printf("  states %u, inserted %llu, malformed %llu\n",
	       tpf_filter_states(&f), (unsigned long long)f.state_inserts,
	       (unsigned long long)f.bad_packets);
	free(states);
	free(buckets);
	return 0;
}
#endif

int
main(int argc, char **argv)
{
	const char *file = NULL, *query = NULL, *pcapf = NULL, *ifn = NULL;
	int c, noop = 0, verbose = 0, rc;
	uint8_t dir = TPF_DIR_IN;
	struct nv_rs n;
	char *text;
	size_t len;

	while ((c = getopt(argc, argv, "nvf:t:r:d:i:l:")) != -1) {
		switch (c) {
		case 'n':
			noop = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'f':
			file = optarg;
			break;
		case 't':
			query = optarg;
			break;
		case 'r':
			pcapf = optarg;
			break;
		case 'd':
			dir = strcmp(optarg, "out") == 0 ? TPF_DIR_OUT
							 : TPF_DIR_IN;
			break;
		case 'i':
			ifn = optarg;
			break;
		case 'l':
#ifdef TPFCTL_HAVE_PCAP
		{
			char net[64], *slash;

			snprintf(net, sizeof(net), "%s", optarg);
			slash = strchr(net, '/');
			if (slash != NULL)
				*slash = '\0';
			if (tpf_addr_parse(net, &local_af, &local_net) != 0)
				usage();
			local_bits = local_af == TPF_AF_INET ? 32 : 128;
			if (slash != NULL)
				local_bits = (uint8_t)atoi(slash + 1);
		}
#endif
		break;
		default:
			usage();
		}
	}
	if (file == NULL || (query != NULL && pcapf != NULL))
		usage();
	text = nv_read_file(file, &len);
	if (text == NULL) {
		perror(file);
		return 1;
	}
	if (nv_alloc(&n, 100000) != 0)
		return 1;
	n.ifa = host_ifaddrs(&n.nifa);
	/* `load anchor` files are relative to the main file. */
	if (strcmp(file, "-") != 0 && strrchr(file, '/') != NULL)
		snprintf(n.dir, sizeof(n.dir), "%.*s",
			 (int)(strrchr(file, '/') - file), file);
	rc = nv_run(&n, strcmp(file, "-") == 0 ? "stdin" : file, text, len,
		    verbose,
		    (noop || verbose) && query == NULL && pcapf == NULL
			    ? stdout
			    : fopen("/dev/null", "w"),
		    stderr);
	if (rc != 0) {
		free((void *)(uintptr_t)n.ifa);
		nv_free(&n);
		free(text);
		return 2;
	}
	if (query != NULL)
		rc = run_query(&n, query);
	else if (pcapf != NULL)
#ifdef TPFCTL_HAVE_PCAP
		rc = run_replay(&n, pcapf, dir, ifn);
#else
		rc = (fprintf(stderr, "tpfctl: built without libpcap\n"), 1);
#endif
	free((void *)(uintptr_t)n.ifa);
	nv_free(&n);
	free(text);
	return rc;
}
