/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libpf benchmarks, each with its baseline in the same run:
 *  - rule evaluation, ns per packet, for generated realistic rulesets of
 *    10, 100, 1,000 and 10,000 rules and a worst case, with the compiled
 *    index and skip steps against a plain linear scan;
 *  - state lookup (hit and miss) at 1,000, 100,000 and 1,000,000 states
 *    against a linear search of the state array;
 *  - ruleset load time (parse and compile);
 *  - table longest-prefix match (the trie) at 100 and 10,000 entries
 *    against a scan of the entries.
 * Prints medians of several repetitions.  --smoke runs tiny sizes once.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include <tessera/pf.h>

static int reps = 5;
static uint64_t seed = 88172645463325252ull;

static uint32_t
rnd(uint32_t n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (uint32_t)(seed % n);
}

static double
now_ns(void)
{
	struct timespec ts;

	/* CPU time of this thread: on a shared, loaded host wall time would
	 * also count the time other processes held the core. */
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int
cmpd(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmpd);
	return v[n / 2];
}

struct rs_store {
	struct tpf_ruleset rs;
	struct tpf_rule *rules;
	struct tpf_table tables[8];
	struct tpf_table_entry entries[64];
	uint32_t *index;
};

static struct tpf_parser parser;

static int
load(struct rs_store *s, uint32_t cap, const char *text)
{
	s->rules = calloc(cap, sizeof(*s->rules));
	s->index = calloc(TPF_INDEX_WORDS(cap), sizeof(*s->index));
	if (s->rules == NULL || s->index == NULL ||
	    tpf_ruleset_init(&s->rs, s->rules, cap, s->tables, 8, s->entries,
			     64, s->index, TPF_INDEX_WORDS(cap)) != 0 ||
	    tpf_parse(&parser, &s->rs, "bench", text, strlen(text), 0, NULL,
		      NULL) != 0 ||
	    tpf_ruleset_compile(&s->rs) != 0)
		return -1;
	return 0;
}

/* A realistic ruleset: default block, anti-spoofing table, per-service
 * pass rules on a few interfaces, some udp and icmp, outbound pass. */
static char *
gen_realistic(uint32_t n)
{
	size_t cap = (size_t)n * 120 + 4096, len = 0;
	char *t = malloc(cap);
	uint32_t i;

	len += (size_t)snprintf(t + len, cap - len,
				"table <bad> { 192.0.2.0/24 198.51.100.0/24 }\n"
				"block in all\n"
				"block in quick from <bad>\n"
				"pass out all\n"
				"pass in inet proto icmp icmp-type echoreq\n");
	for (i = 4; i < n; i++) {
		uint32_t port = 1024 + rnd(n * 2 + 64);

		if (rnd(8) == 0)
			len += (size_t)snprintf(
				t + len, cap - len,
				"pass in on em%u proto udp from 10.%u.%u.0/24 "
				"to 172.16.%u.%u port %u\n",
				rnd(4), rnd(256), rnd(256), rnd(256), rnd(256),
				port);
		else
			len += (size_t)snprintf(
				t + len, cap - len,
				"pass in on em%u proto tcp from 10.%u.%u.0/24 "
				"to 172.16.%u.%u port %u\n",
				rnd(4), rnd(256), rnd(256), rnd(256), rnd(256),
				port);
	}
	return t;
}

/* Worst case: every rule is a candidate for every packet and none
 * matches, so all of them are visited. */
static char *
gen_worst(uint32_t n)
{
	size_t cap = (size_t)n * 64 + 64, len = 0;
	char *t = malloc(cap);
	uint32_t i;

	for (i = 0; i < n; i++)
		len += (size_t)snprintf(t + len, cap - len,
					"pass in from 10.%u.%u.%u\n", i >> 16,
					(i >> 8) & 255, i & 255);
	return t;
}

static void
gen_packets(const struct tpf_ruleset *rs, struct tpf_pkt *p, uint32_t n,
	    int worst)
{
	static const char *const ifs[] = {"em0", "em1", "em2", "em3"};
	uint32_t i;

	for (i = 0; i < n; i++) {
		const struct tpf_rule *r =
			tpf_ruleset_rule(rs, rnd(tpf_ruleset_count(rs)));

		memset(&p[i], 0, sizeof(p[i]));
		p[i].af = TPF_AF_INET;
		p[i].dir = TPF_DIR_IN;
		p[i].proto = rnd(8) == 0 ? 17 : 6;
		p[i].tcp_flags = TPF_TH_SYN;
		p[i].src.b[0] = worst ? 11 : 10;
		p[i].src.b[1] = (uint8_t)rnd(256);
		p[i].dst.b[0] = 172;
		p[i].dst.b[1] = 16;
		p[i].sport = (uint16_t)(1024 + rnd(60000));
		p[i].dport = (uint16_t)(1024 + rnd(2000));
		/* Half of the packets hit a rule of the set exactly. */
		if (!worst && rnd(2) == 0 && r->dst.port_op == TPF_OP_EQ) {
			p[i].proto = r->proto;
			p[i].src = r->src.addr;
			p[i].dst = r->dst.addr;
			p[i].dport = r->dst.port[0];
		}
		tpf_pkt_set_if(rs, ifs[rnd(4)], &p[i]);
	}
}

static double
time_eval(struct tpf_ruleset *rs, const struct tpf_pkt *p, uint32_t n, int mode,
	  uint64_t *check)
{
	struct tpf_verdict v;
	double t0 = now_ns();
	uint32_t i;

	for (i = 0; i < n; i++) {
		(void)tpf_ruleset_eval(rs, &p[i], mode, &v);
		*check += (uint64_t)(v.rule + 1) * 31u + v.action;
	}
	return (now_ns() - t0) / n;
}

static void
bench_rules(const char *kind, uint32_t size, int worst)
{
	struct rs_store s;
	struct tpf_pkt *p;
	uint32_t npkt = size >= 10000 ? 2000 : 20000;
	double ti[16], ts[16], tl[16], tload[16], t0;
	uint64_t c[3];
	char *text = worst ? gen_worst(size) : gen_realistic(size);
	int r;

	if (reps < 5 && npkt > 500)
		npkt = 500;
	for (r = 0; r < reps; r++) {
		t0 = now_ns();
		if (load(&s, size + 8, text) != 0) {
			fprintf(stderr, "bench: load failed\n");
			exit(1);
		}
		tload[r] = (now_ns() - t0) / 1e6;
		if (r + 1 < reps) {
			free(s.rules);
			free(s.index);
		}
	}
	p = calloc(npkt, sizeof(*p));
	gen_packets(&s.rs, p, npkt, worst);
	for (r = 0; r < reps; r++) {
		c[0] = c[1] = c[2] = 0;
		ti[r] = time_eval(&s.rs, p, npkt, TPF_EVAL_INDEXED, &c[0]);
		ts[r] = time_eval(&s.rs, p, npkt, TPF_EVAL_SKIPSTEPS, &c[1]);
		tl[r] = time_eval(&s.rs, p, npkt, TPF_EVAL_LINEAR, &c[2]);
		if (c[0] != c[1] || c[0] != c[2]) {
			fprintf(stderr, "bench: evaluators disagree\n");
			exit(1);
		}
	}
	printf("rules %-9s %6u: indexed %8.1f ns/pkt  skip-steps %8.1f  "
	       "linear %9.1f  ratio linear/indexed %6.1fx  load %7.2f ms\n",
	       kind, tpf_ruleset_count(&s.rs), median(ti, reps),
	       median(ts, reps), median(tl, reps),
	       median(tl, reps) / median(ti, reps), median(tload, reps));
	free(p);
	free(s.rules);
	free(s.index);
	free(text);
}

static int
naive_find(const struct tpf_state *st, uint32_t n, const struct tpf_pkt *p)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (st[i].port[0] == p->sport && st[i].port[1] == p->dport &&
		    st[i].proto == p->proto &&
		    memcmp(&st[i].addr[0], &p->src, 16) == 0 &&
		    memcmp(&st[i].addr[1], &p->dst, 16) == 0)
			return 1;
	return 0;
}

static void
fill_pkt(struct tpf_pkt *p, uint32_t i)
{
	memset(p, 0, sizeof(*p));
	p->af = TPF_AF_INET;
	p->dir = TPF_DIR_IN;
	p->proto = 17;
	p->src.b[0] = 10;
	p->src.b[1] = (uint8_t)(i >> 16);
	p->src.b[2] = (uint8_t)(i >> 8);
	p->src.b[3] = (uint8_t)i;
	p->dst.b[0] = 192;
	p->sport = (uint16_t)(i * 7);
	p->dport = 53;
}

/* Table memory as a kernel would map it: 64-byte aligned, on huge pages
 * where the host offers them (a hint; ignored when unavailable). */
static void *
table_alloc(size_t size)
{
	size_t align = (size_t)2 << 20;
	void *p;

	size = (size + align - 1) & ~(align - 1);
	p = aligned_alloc(align, size);
	if (p != NULL) {
		(void)madvise(p, size, MADV_HUGEPAGE);
		memset(p, 0, size);
	}
	return p;
}

/* The raw IPv4/UDP packet fill_pkt() describes (checksums left zero). */
static void
raw_pkt(uint8_t *d, uint32_t i)
{
	memset(d, 0, 28);
	d[0] = 0x45;
	d[3] = 28;
	d[8] = 64;
	d[9] = 17;
	d[12] = 10;
	d[13] = (uint8_t)(i >> 16);
	d[14] = (uint8_t)(i >> 8);
	d[15] = (uint8_t)i;
	d[16] = 192;
	d[20] = (uint8_t)((i * 7) >> 8 & 0xff);
	d[21] = (uint8_t)(i * 7);
	d[23] = 53;
	d[25] = 8;
}

/*
 * Lookups run in windows of WIN packets generated outside the timed region
 * (as a driver hands over packets whose headers it just read), so the
 * figures count the state table, not the walk through a large array of
 * test input.  Each window picks fresh random keys.
 */
#define WIN 4096

enum { FIND, FIND_BURST, FILTER, FILTER_BURST };

struct sbench {
	struct tpf_filter f;
	struct tpf_pkt p[WIN];
	const struct tpf_state *out[WIN];
	uint8_t raw[WIN][32];
	const uint8_t *ptr[WIN];
	size_t lens[WIN];
	struct tpf_verdict v[WIN];
};

/* ns per lookup over `lookups` keys, hits (0..n-1) or misses (n..2n-1). */
static double
time_states(struct sbench *b, uint32_t n, uint32_t lookups, int how, int miss,
	    uint64_t *found)
{
	double t = 0, t0;
	uint32_t w, i, c;

	for (w = 0; w < lookups / WIN; w++) {
		for (i = 0; i < WIN; i++) {
			uint32_t key = miss ? n + rnd(n) : rnd(n);

			if (how == FIND || how == FIND_BURST)
				fill_pkt(&b->p[i], key);
			else
				raw_pkt(b->raw[i], key);
		}
		t0 = now_ns();
		switch (how) {
		case FIND:
			for (i = 0; i < WIN; i++)
				*found += tpf_filter_find(&b->f, &b->p[i], 1) !=
					  NULL;
			break;
		case FIND_BURST:
			*found += tpf_filter_find_burst(&b->f, b->p, WIN, 1,
							b->out);
			break;
		case FILTER:
			for (i = 0; i < WIN; i++)
				(void)tpf_filter_test(&b->f, TPF_DIR_IN, "em0",
						      b->raw[i], 28, 1,
						      &b->v[i]);
			break;
		default:
			/* NIC-sized bursts of 32. */
			for (i = 0; i < WIN; i += c) {
				c = WIN - i < 32 ? WIN - i : 32;
				(void)tpf_filter_test_burst(
					&b->f, TPF_DIR_IN, "em0", b->ptr + i,
					b->lens + i, c, 1, b->v + i);
			}
			break;
		}
		t += now_ns() - t0;
		if (how == FILTER || how == FILTER_BURST)
			for (i = 0; i < WIN; i++)
				*found += b->v[i].reason == TPF_REASON_STATE;
	}
	return t / (double)(lookups / WIN * WIN);
}

static void
bench_states(uint32_t n)
{
	uint32_t nb = 1, i, lookups = 40 * WIN, nlin;
	struct tpf_state *st = table_alloc((size_t)n * sizeof(*st));
	struct tpf_bucket *bk;
	struct sbench *b = calloc(1, sizeof(*b));
	struct tpf_pkt q;
	double t[4][2][16], tb[16], t0, m[4][2];
	uint64_t found = 0, expect = 0;
	int r, how, miss;

	/* Eight states per bucket, half full when the table is. */
	while ((uint64_t)nb * TPF_BUCKET_WAYS < 2ull * n)
		nb <<= 1;
	bk = table_alloc((size_t)nb * sizeof(*bk));
	if (st == NULL || bk == NULL || b == NULL ||
	    tpf_filter_init(&b->f, NULL, st, n, bk, nb, 0x243f6a8885a308d3ull,
			    0x13198a2e03707344ull) != 0)
		exit(1);
	for (i = 0; i < n; i++) {
		fill_pkt(&q, i);
		if (tpf_filter_insert(&b->f, &q, 0, 0) != 0)
			exit(1);
	}
	for (i = 0; i < WIN; i++) {
		b->ptr[i] = b->raw[i];
		b->lens[i] = 28;
	}
	if (reps < 5)
		lookups = WIN;
	nlin = (uint32_t)(2e8 / n);
	if (nlin > lookups)
		nlin = lookups;
	if (nlin < 4)
		nlin = 4;
	for (r = 0; r < reps; r++) {
		for (how = 0; how < 4; how++)
			for (miss = 0; miss < 2; miss++)
				t[how][miss][r] = time_states(
					b, n, lookups, how, miss, &found);
		expect += 4ull * (lookups / WIN * WIN) + nlin;
		t0 = now_ns();
		for (i = 0; i < nlin; i++) {
			fill_pkt(&q, rnd(n));
			found += (uint64_t)naive_find(st, n, &q);
		}
		tb[r] = (now_ns() - t0) / nlin;
	}
	if (found != expect)
		fprintf(stderr, "bench: lookups lost states\n");
	for (how = 0; how < 4; how++)
		for (miss = 0; miss < 2; miss++)
			m[how][miss] = median(t[how][miss], reps);
	printf("states %8u: find hit %6.1f ns  miss %6.1f | find_burst hit "
	       "%6.1f  miss %6.1f | linear-search hit %12.1f ns  ratio "
	       "%9.1fx (single) %9.1fx (burst)\n",
	       n, m[FIND][0], m[FIND][1], m[FIND_BURST][0], m[FIND_BURST][1],
	       median(tb, reps), median(tb, reps) / m[FIND][0],
	       median(tb, reps) / m[FIND_BURST][0]);
	printf("states %8u: filter_test hit %6.1f ns  miss %6.1f | "
	       "filter_test_burst hit %6.1f  miss %6.1f\n",
	       n, m[FILTER][0], m[FILTER][1], m[FILTER_BURST][0],
	       m[FILTER_BURST][1]);
	free(st);
	free(bk);
	free(b);
}

/* The scan tables used before the trie: the longest matching prefix
 * decides, a negated one misses. */
static int
naive_table(const struct tpf_table_entry *e, uint32_t n, const uint8_t *a)
{
	int best = -1, hit = 0;
	uint32_t i, k;

	for (i = 0; i < n; i++) {
		k = e[i].bits;
		if ((int)k <= best ||
		    (k >= 8 && memcmp(a, e[i].addr.b, k / 8) != 0) ||
		    (k % 8 != 0 && ((a[k / 8] ^ e[i].addr.b[k / 8]) &
				    (0xff00u >> (k % 8))) != 0))
			continue;
		best = (int)k;
		hit = !e[i].neg;
	}
	return hit;
}

static void
bench_tables(uint32_t n)
{
	static struct tpf_rule rule;
	static uint32_t index[TPF_INDEX_WORDS(1)];
	struct tpf_table table;
	struct tpf_table_entry *e = calloc(n, sizeof(*e));
	struct tpf_ruleset rs;
	struct tpf_addr *q, a;
	uint32_t i, nq = reps < 5 ? 1000 : 100000, nlin;
	double tt[16], tb[16], t0;
	uint64_t c[2];
	int r;

	q = calloc(nq, sizeof(*q));
	if (e == NULL || q == NULL ||
	    tpf_ruleset_init(&rs, &rule, 1, &table, 1, e, n, index,
			     TPF_INDEX_WORDS(1)) != 0 ||
	    tpf_table_get(&rs, "t") != 0)
		exit(1);
	for (i = 0; i < n; i++) {
		memset(&a, 0, sizeof(a));
		a.b[0] = 10;
		a.b[1] = (uint8_t)rnd(256);
		a.b[2] = (uint8_t)rnd(256);
		a.b[3] = (uint8_t)rnd(256);
		(void)tpf_table_add(&rs, 0, TPF_AF_INET, &a,
				    (uint8_t)(16 + rnd(17)), rnd(8) == 0);
	}
	nlin = (uint32_t)(2e7 / n);
	if (nlin > nq)
		nlin = nq;
	for (r = 0; r < reps; r++) {
		for (i = 0; i < nq; i++) {
			memset(&q[i], 0, sizeof(q[i]));
			q[i].b[0] = 10;
			q[i].b[1] = (uint8_t)rnd(256);
			q[i].b[2] = (uint8_t)rnd(256);
			q[i].b[3] = (uint8_t)rnd(256);
		}
		c[0] = c[1] = 0;
		t0 = now_ns();
		for (i = 0; i < nq; i++)
			c[0] += tpf_table_match(&rs, 0, TPF_AF_INET, &q[i]);
		tt[r] = (now_ns() - t0) / nq;
		t0 = now_ns();
		for (i = 0; i < nlin; i++)
			c[1] += (uint64_t)naive_table(e, rs.nentries, q[i].b);
		tb[r] = (now_ns() - t0) / nlin;
		for (i = 0, c[0] = 0; i < nlin; i++)
			c[0] += tpf_table_match(&rs, 0, TPF_AF_INET, &q[i]);
		if (c[0] != c[1]) {
			fprintf(stderr, "bench: table lookups disagree\n");
			exit(1);
		}
	}
	printf("table %7u entries: trie %6.1f ns  linear scan %10.1f ns  "
	       "ratio %8.1fx\n",
	       rs.nentries, median(tt, reps), median(tb, reps),
	       median(tb, reps) / median(tt, reps));
	free(e);
	free(q);
}

int
main(int argc, char **argv)
{
	static const uint32_t sizes[] = {10, 100, 1000, 10000};
	static const uint32_t nstates[] = {1000, 100000, 1000000};
	int smoke = argc > 1 && strcmp(argv[1], "--smoke") == 0;
	int only_states = argc > 1 && strcmp(argv[1], "--states") == 0;
	unsigned i;

	if (smoke)
		reps = 1;
	for (i = 0; i < 4 && !only_states; i++) {
		if (smoke && sizes[i] > 100)
			break;
		bench_rules("realistic", sizes[i], 0);
	}
	for (i = 0; i < 4 && !only_states; i++) {
		if (smoke && sizes[i] > 100)
			break;
		bench_rules("worst", sizes[i], 1);
	}
	for (i = 0; i < 3; i++) {
		if (smoke && nstates[i] > 1000)
			break;
		bench_states(nstates[i]);
	}
	bench_tables(100);
	if (!smoke)
		bench_tables(10000);
	return 0;
}
