/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: arbitrary bytes as a raw IP packet.  The first byte
 * picks direction, interface and clock step; the packet goes through the
 * full filter (decode, state table, rules) three times in single calls,
 * and three times in one burst through a second filter, whose verdicts must
 * be the same; when it decodes, also through all three evaluators, which
 * must agree.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <tessera/pf.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char conf[] =
	"set skip on lo0\n"
	"table <bad> { 192.0.2.0/24 !192.0.2.1 2001:db8::/32 }\n"
	"block return all\n"
	"block in quick from <bad>\n"
	"pass out all\n"
	"pass in on em0 proto tcp to port { 22 80 443 } flags S/SA\n"
	"pass in proto udp from 10.0.0.0/8 port 1000:2000 to any port 53\n"
	"pass in inet proto icmp icmp-type echoreq\n"
	"pass in inet6 proto ipv6-icmp icmp6-type { echoreq neighbrsol }\n"
	"match in log proto tcp tag web\n"
	"block return-icmp(host-unr) in proto udp to port != 53 tagged web\n"
	"pass in proto tcp from any port > 1023 to 10.1.2.3 port 8000 >< 8100\n"
	"anchor \"a\" in proto tcp to port 8080 {\n"
	"pass in all\n"
	"block in quick from 10.9.0.0/16\n"
	"anchor \"b\" quick on em1 {\n"
	"block return all\n"
	"}\n"
	"}\n";

static struct tpf_rule rules[64];
static struct tpf_table tables[4];
static struct tpf_table_entry entries[16];
static uint32_t index_words[TPF_INDEX_WORDS(64)];
static struct tpf_parser parser;
static struct tpf_ruleset rs;
static struct tpf_state states[256];
static struct tpf_bucket buckets[64];
static struct tpf_filter filter;
static struct tpf_state states_b[256];
static struct tpf_bucket buckets_b[64];
static struct tpf_filter filter_b;
static uint64_t now;
static int ready;

static void
setup(void)
{
	if (tpf_ruleset_init(&rs, rules, 64, tables, 4, entries, 16,
			     index_words, TPF_INDEX_WORDS(64)) != 0 ||
	    tpf_parse(&parser, &rs, "fuzz", conf, strlen(conf), 0, NULL,
		      NULL) != 0 ||
	    tpf_ruleset_compile(&rs) != 0 ||
	    tpf_filter_init(&filter, &rs, states, 256, buckets, 64, 1, 2) !=
		    0 ||
	    tpf_filter_init(&filter_b, &rs, states_b, 256, buckets_b, 64, 1,
			    2) != 0)
		abort();
	ready = 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const ifs[] = {"em0", "em1", "lo0", NULL};
	struct tpf_verdict v[3], vb[3], w[3];
	const uint8_t *bd[3];
	size_t bl[3];
	struct tpf_pkt pkt;
	uint8_t dir;
	int m;

	if (!ready)
		setup();
	if (size < 1)
		return 0;
	dir = (data[0] & 1) ? TPF_DIR_OUT : TPF_DIR_IN;
	now += (uint64_t)(data[0] >> 4) * 1000000000ull;
	for (m = 0; m < 3; m++) {
		if (tpf_filter_test(&filter, dir, ifs[(data[0] >> 1) & 3],
				    data + 1, size - 1, now, &v[m]) != 0)
			abort();
		bd[m] = data + 1;
		bl[m] = size - 1;
	}
	if (tpf_filter_test_burst(&filter_b, dir, ifs[(data[0] >> 1) & 3], bd,
				  bl, 3, now, vb) != 0 ||
	    memcmp(v, vb, sizeof(v)) != 0 ||
	    tpf_filter_states(&filter) != tpf_filter_states(&filter_b))
		abort();
	if (tpf_decode(data + 1, size - 1, dir, &pkt) != 0)
		return 0;
	tpf_pkt_set_if(&rs, ifs[(data[0] >> 1) & 3], &pkt);
	for (m = 0; m < 3; m++)
		if (tpf_ruleset_eval(&rs, &pkt, m, &w[m]) != 0)
			abort();
	for (m = 1; m < 3; m++)
		if (w[m].rule != w[0].rule || w[m].action != w[0].action ||
		    w[m].log != w[0].log)
			abort();
	if ((now & 0xff) == 0)
		if (tpf_filter_expire(&filter, now, 64) !=
		    tpf_filter_expire(&filter_b, now, 64))
			abort();
	return 0;
}
