/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Private declarations shared by the libpf sources.
 */
#ifndef TPF_PF_IMPL_H
#define TPF_PF_IMPL_H

#include <tessera/pf.h>

#define TPF_PROTO_ICMP	1
#define TPF_PROTO_TCP	6
#define TPF_PROTO_UDP	17
#define TPF_PROTO_ICMP6 58

/* A bounded output buffer; overflow is sticky and reported at the end. */
struct tpf_buf {
	char *p;
	size_t size, len;
	bool overflow;
};

void tpf_buf_init(struct tpf_buf *b, char *p, size_t size);
void tpf_buf_str(struct tpf_buf *b, const char *s);
void tpf_buf_mem(struct tpf_buf *b, const char *s, size_t n);
void tpf_buf_chr(struct tpf_buf *b, char c);
void tpf_buf_uint(struct tpf_buf *b, uint64_t v);
void tpf_buf_hex(struct tpf_buf *b, uint64_t v, unsigned width);
int tpf_buf_end(struct tpf_buf *b);

size_t tpf_strlen(const char *s);
bool tpf_streq(const char *a, const char *b);
/* Copy with truncation check: false when @s does not fit. */
bool tpf_strlcpy(char *d, const char *s, size_t size);

/* Name tables (protocols, services, ICMP types and codes). */
int tpf_proto_byname(const char *s);
const char *tpf_proto_name(uint8_t proto);
int tpf_service_byname(const char *s);
int tpf_icmp_type_byname(const char *s, bool v6);
const char *tpf_icmp_type_name(uint8_t type, bool v6);
int tpf_icmp_code_byname(const char *s, bool v6);
const char *tpf_icmp_code_name(uint8_t type, uint8_t code, bool v6);

/* Number parsing: decimal or 0x hex; false on junk or overflow. */
bool tpf_parse_uint(const char *s, uint32_t max, uint32_t *out);

/* Prefix operations. */
void tpf_addr_mask(struct tpf_addr *a, unsigned bits);
bool tpf_addr_match(const struct tpf_addr *a, const struct tpf_addr *net,
		    unsigned bits);
void tpf_buf_addr(struct tpf_buf *b, uint8_t af, const struct tpf_addr *a);

/* Shared by the printer and the label expansion. */
void tpf_print_host(struct tpf_buf *b, const struct tpf_ruleset *rs,
		    const struct tpf_addr_spec *h, uint8_t af);
void tpf_print_port(struct tpf_buf *b, const struct tpf_addr_spec *h);

#endif
