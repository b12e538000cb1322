/* SPDX-License-Identifier: BSD-2-Clause */
/**
 * @file pf.h
 * @brief libpf: a packet filter with the rule language and semantics of
 * OpenBSD pf.
 *
 * @defgroup tpf libpf
 * @{
 *
 * libpf parses pf.conf text into a ruleset, prints rules the way
 * `pfctl -nv` does, compiles the ruleset into an index and evaluates raw
 * IPv4/IPv6 packets against it with a state table in front.
 *
 * **Storage model.** Nothing is allocated.  A ruleset (struct tpf_ruleset)
 * works on caller arrays of rules, tables, table entries and index words
 * handed to tpf_ruleset_init(); the parser works in a caller struct
 * tpf_parser; the filter (struct tpf_filter) keeps its states in caller
 * arrays handed to tpf_filter_init().  TPF_INDEX_WORDS() sizes the index.
 *
 * **Time.** Every function that needs time takes `uint64_t now`, a
 * monotonic clock in nanoseconds; state timeouts are computed from it.
 * Nothing sleeps or reads a clock.
 *
 * **Locking.** No locks inside.  A filter and its state table are used by
 * one thread at a time (the caller serialises tpf_filter_test() and
 * tpf_filter_expire()).  tpf_filter_swap() publishes a new compiled ruleset
 * with one release store, so a reader that loads the active ruleset sees
 * either the old or the new one completely; the caller keeps the old ruleset
 * alive until no evaluation uses it.  Rule counters are plain integers
 * updated under the caller's serialisation.
 *
 * **Semantics.** Last matching rule wins unless a rule is `quick`; a packet
 * that matches no rule passes; pass rules keep state by default with
 * `flags S/SA` for TCP; the state table is consulted first.
 */
#ifndef TPF_PF_H
#define TPF_PF_H

#include "pf_port.h"

/** @name Error codes (negated in return values)
 * @{ */
#define TPF_EINVAL  1  /**< Invalid argument or malformed input. */
#define TPF_ENOSPC  2  /**< Caller storage exhausted. */
#define TPF_ENOENT  3  /**< No such object. */
#define TPF_EEXIST  4  /**< Object exists already. */
#define TPF_EPERM   5  /**< Operation not permitted (const table). */
#define TPF_ERANGE  7  /**< Value out of range. */
#define TPF_EPARSE  32 /**< The rule text has errors (reported by line). */
#define TPF_ENOTSUP 33 /**< Feature of pf.conf that libpf does not support. */
/** @} */

/** @name Sizes
 * @{ */
#define TPF_IFNAMSIZ	  16   /**< Interface name, NUL included. */
#define TPF_LABEL_SIZE	  64   /**< Label, NUL included. */
#define TPF_TAG_SIZE	  64   /**< Tag name, NUL included. */
#define TPF_TABLE_NAMESZ  32   /**< Table name, NUL included. */
#define TPF_MAX_IFNAMES	  64   /**< Interface names per ruleset. */
#define TPF_MAX_SKIPIF	  16   /**< Interfaces in `set skip on`. */
#define TPF_NCLASS	  10   /**< Index classes: direction x protocol. */
#define TPF_NBUCKET	  2048 /**< Destination-port buckets per class. */
#define TPF_SKIP_COUNT	  8    /**< Skip-step attributes. */
#define TPF_TIMEOUT_COUNT 14   /**< State timeouts (enum tpf_timeout). */
#define TPF_ANCHOR_NAMESZ 64   /**< Anchor name, NUL included. */
#define TPF_ANCHOR_DEPTH  8    /**< Nested anchors. */
/** Index words needed for a ruleset of @p nrules rules. */
#define TPF_INDEX_WORDS(nrules) ((size_t)(nrules)*TPF_NCLASS + 1u)
/** @} */

/** Rule actions. */
enum tpf_action {
	TPF_PASS = 0,  /**< Pass the packet. */
	TPF_BLOCK = 1, /**< Block the packet. */
	TPF_MATCH = 2  /**< Match rule: applies actions, does not decide. */
};

/** Directions. */
enum tpf_dir {
	TPF_DIR_ANY = 0, /**< Either direction (rules only). */
	TPF_DIR_IN = 1,	 /**< Inbound. */
	TPF_DIR_OUT = 2	 /**< Outbound. */
};

/** Address families. */
enum tpf_af {
	TPF_AF_ANY = 0,	 /**< Unspecified. */
	TPF_AF_INET = 4, /**< IPv4. */
	TPF_AF_INET6 = 6 /**< IPv6. */
};

/** Address kinds of a rule's source or destination. */
enum tpf_addr_type {
	TPF_ADDR_ANY = 0,    /**< `any`. */
	TPF_ADDR_MASK = 1,   /**< Address with prefix length. */
	TPF_ADDR_TABLE = 2,  /**< `<table>`. */
	TPF_ADDR_DYNIF = 3,  /**< `(ifname)`; never matches in the engine. */
	TPF_ADDR_NOROUTE = 4 /**< `no-route`; never matches in the engine. */
};

/** Port operators, as pf.conf writes them. */
enum tpf_port_op {
	TPF_OP_NONE = 0, /**< No port test. */
	TPF_OP_EQ,	 /**< `= a` */
	TPF_OP_NE,	 /**< `!= a` */
	TPF_OP_LT,	 /**< `< a` */
	TPF_OP_LE,	 /**< `<= a` */
	TPF_OP_GT,	 /**< `> a` */
	TPF_OP_GE,	 /**< `>= a` */
	TPF_OP_RRG,	 /**< `a:b`, inclusive range. */
	TPF_OP_IRG,	 /**< `a >< b`, exclusive range. */
	TPF_OP_XRG	 /**< `a <> b`, outside the range. */
};

/** TCP flag bits (as in the TCP header). */
enum tpf_tcp_flag {
	TPF_TH_FIN = 0x01,  /**< FIN */
	TPF_TH_SYN = 0x02,  /**< SYN */
	TPF_TH_RST = 0x04,  /**< RST */
	TPF_TH_PUSH = 0x08, /**< PSH */
	TPF_TH_ACK = 0x10,  /**< ACK */
	TPF_TH_URG = 0x20,  /**< URG */
	TPF_TH_ECE = 0x40,  /**< ECE */
	TPF_TH_CWR = 0x80   /**< CWR */
};

/** Block variants (struct tpf_rule::ret). */
enum tpf_return {
	TPF_RET_DEFAULT = 0, /**< `block`: use the block policy. */
	TPF_RET_DROP = 1,    /**< `block drop`. */
	TPF_RET_RETURN = 2,  /**< `block return`: RST for TCP, ICMP else. */
	TPF_RET_RST = 3,     /**< `block return-rst`. */
	TPF_RET_ICMP = 4,    /**< `block return-icmp`. */
	TPF_RET_ICMP6 = 5    /**< `block return-icmp6`. */
};

/** Route options of a pass rule (struct tpf_rule::rt). */
enum tpf_route {
	TPF_RT_NONE = 0,    /**< No route option. */
	TPF_RT_ROUTETO = 1, /**< `route-to`: send the rule's packets there. */
	TPF_RT_REPLYTO = 2, /**< `reply-to`: send the replies there. */
	TPF_RT_DUPTO = 3    /**< `dup-to`: send a copy there. */
};

/** State handling of a rule. */
enum tpf_keep {
	TPF_STATE_NONE = 0, /**< `no state`. */
	TPF_STATE_KEEP = 1, /**< `keep state`. */
	TPF_STATE_MODULATE =
		2,	       /**< `modulate state` (tracked as keep state). */
	TPF_STATE_SYNPROXY = 3 /**< `synproxy state` (tracked as keep state). */
};

/** Timeouts, in the order of `set timeout` names. */
enum tpf_timeout {
	TPF_TO_TCP_FIRST,	/**< tcp.first */
	TPF_TO_TCP_OPENING,	/**< tcp.opening */
	TPF_TO_TCP_ESTABLISHED, /**< tcp.established */
	TPF_TO_TCP_CLOSING,	/**< tcp.closing */
	TPF_TO_TCP_FINWAIT,	/**< tcp.finwait */
	TPF_TO_TCP_CLOSED,	/**< tcp.closed */
	TPF_TO_UDP_FIRST,	/**< udp.first */
	TPF_TO_UDP_SINGLE,	/**< udp.single */
	TPF_TO_UDP_MULTIPLE,	/**< udp.multiple */
	TPF_TO_ICMP_FIRST,	/**< icmp.first */
	TPF_TO_ICMP_ERROR,	/**< icmp.error */
	TPF_TO_OTHER_FIRST,	/**< other.first */
	TPF_TO_OTHER_SINGLE,	/**< other.single */
	TPF_TO_OTHER_MULTIPLE	/**< other.multiple */
};

/** A 128-bit address; IPv4 uses the first four bytes. */
struct tpf_addr {
	uint8_t b[16]; /**< Network byte order. */
};

/** Source or destination of a rule: address and port test. */
struct tpf_addr_spec {
	uint8_t type;	 /**< enum tpf_addr_type. */
	uint8_t neg;	 /**< Non-zero for `! addr`. */
	uint8_t af;	 /**< enum tpf_af of the address (0 for any/table). */
	uint8_t bits;	 /**< Prefix length (MASK, DYNIF). */
	uint8_t port_op; /**< enum tpf_port_op. */
	uint8_t dynmod;	 /**< DYNIF modifier: 0, 1 network, 2 broadcast, 3 peer,
			    4 :0. */
	uint16_t table;	 /**< TABLE: index into the ruleset's tables. */
	uint16_t port[2];	   /**< Port operands, host byte order. */
	struct tpf_addr addr;	   /**< MASK: the address, host bits cleared. */
	char ifname[TPF_IFNAMSIZ]; /**< DYNIF: interface name. */
};

/** One filter rule (one element of the expanded pf.conf). */
struct tpf_rule {
	uint8_t action; /**< enum tpf_action. */
	uint8_t dir;	/**< enum tpf_dir. */
	uint8_t af;	/**< enum tpf_af. */
	uint8_t proto;	/**< IP protocol number, 0 for any. */
	uint8_t quick;	/**< `quick`. */
	uint8_t log;	/**< Bit 0 log, 1 all, 2 matches, 3 user. */
	uint8_t ifnot;	/**< `on ! ifname`. */
	uint8_t ifidx; /**< 1 + index into the ruleset's interface names; 0 any.
			*/
	uint8_t keep;  /**< enum tpf_keep. */
	uint8_t flags; /**< TCP flags that must be set (within flagset). */
	uint8_t flagset;    /**< TCP flags examined; 0 with flags 0: no test. */
	uint8_t ret;	    /**< enum tpf_return. */
	uint8_t return_ttl; /**< `return-rst(ttl n)`, 0 when unset. */
	uint8_t return_icmp;  /**< ICMP unreachable code for IPv4 replies. */
	uint8_t return_icmp6; /**< ICMPv6 unreachable code for IPv6 replies. */
	uint8_t icmp_type;    /**< ICMP/ICMPv6 type + 1; 0 for any. */
	uint8_t icmp_code;    /**< ICMP code + 1; 0 for any. */
	uint8_t tos;	      /**< `tos` value; 0 when unset. */
	uint8_t allow_opts;   /**< `allow-opts`. */
	uint8_t tagged_not;   /**< `! tagged`. */
	uint8_t scrub;	  /**< `scrub`: 1 no-df, 2 random-id, 4 reassemble tcp
			   *   (parsed and printed; normalising is the
			   *   embedder's). */
	uint8_t min_ttl;  /**< `scrub (min-ttl n)`, 0 when unset. */
	uint16_t max_mss; /**< `scrub (max-mss n)`, 0 when unset. */
	uint8_t set_tos;  /**< `set tos`: bit 8 of has_set_tos tells. */
	uint8_t has_set_tos; /**< Non-zero when `set tos` is given. */
	uint8_t rt;	     /**< enum tpf_route. */
	uint8_t rt_af;	     /**< Family of rt_addr. */
	uint8_t anchor;	     /**< Non-zero: an anchor rule. */
	uint8_t depth;	     /**< Anchors around the rule (0 at the top). */
	uint32_t anchor_end; /**< Anchor rules: one past the last
			      *   rule of the anchor's ruleset,
			      *   which follows the anchor rule. */
	uint32_t scope_end;  /**< Set by compilation: the end of
			      *   the enclosing anchor's rules. */
	struct tpf_addr_spec src;      /**< Source. */
	struct tpf_addr_spec dst;      /**< Destination. */
	uint32_t skip[TPF_SKIP_COUNT]; /**< Skip steps, set by compilation. */
	uint64_t evaluations;	       /**< Times the rule was evaluated. */
	uint64_t packets; /**< Packets that matched (or used its state). */
	uint64_t bytes;	  /**< Bytes of those packets. */
	uint64_t states;  /**< States created by the rule. */
	char label[TPF_LABEL_SIZE];   /**< `label`, macros expanded. */
	char tag[TPF_TAG_SIZE];	      /**< `tag`. */
	char tagged[TPF_TAG_SIZE];    /**< `tagged`. */
	struct tpf_addr rt_addr;      /**< Route target address. */
	char rt_ifname[TPF_IFNAMSIZ]; /**< Route target interface, or "". */
	char anchor_name[TPF_ANCHOR_NAMESZ]; /**< Anchor rules: the name. */
};

/**
 * A node of a table's path-compressed binary trie: a prefix, what it is
 * (an entry, a negated entry or a branch point) and two children.
 */
struct tpf_trie_node {
	/** @cond INTERNAL */
	uint64_t w[2];
	uint8_t bits;
	uint8_t kind;
	uint16_t pad;
	uint32_t child[2];
	uint32_t pad2;
	/** @endcond */
};

/**
 * One entry of a table.  Entries keep insertion order (the printer's
 * order); each also carries its own trie node and room for the one branch
 * node its insertion may need, so the trie needs no other storage.
 */
struct tpf_table_entry {
	struct tpf_addr addr; /**< Address, host bits cleared. */
	uint8_t af;	      /**< TPF_AF_INET or TPF_AF_INET6. */
	uint8_t bits;	      /**< Prefix length. */
	uint8_t neg; /**< Negated entry (`!addr`): a best match on it misses. */
	uint8_t pad; /**< Zero. */
	uint16_t table; /**< Owning table index. */
	uint16_t pad2;	/**< Zero. */
	/** @cond INTERNAL */
	struct tpf_trie_node node[2];
	/** @endcond */
};

/** A named address table. */
struct tpf_table {
	char name[TPF_TABLE_NAMESZ]; /**< Name without the angle brackets. */
	uint8_t flags;	/**< Bit 0 const, 1 persist, 2 counters, 3 defined. */
	uint8_t pad[3]; /**< Zero. */
	/** @cond INTERNAL */
	uint32_t root[2];
	/** @endcond */
	uint32_t nentries; /**< Entries belonging to the table. */
	uint64_t match;	   /**< Lookups that matched. */
	uint64_t nomatch;  /**< Lookups that did not match. */
};

/** A ruleset: rules, tables, options and the compiled index. */
struct tpf_ruleset {
	/** @cond INTERNAL */
	struct tpf_rule *rules;
	uint32_t nrules, rules_cap;
	struct tpf_table *tables;
	uint32_t ntables, tables_cap;
	struct tpf_table_entry *entries;
	uint32_t nentries, entries_cap;
	uint32_t *index;
	size_t index_cap;
	uint32_t off[TPF_NCLASS * (TPF_NBUCKET + 1) + 1];
	char ifnames[TPF_MAX_IFNAMES][TPF_IFNAMSIZ];
	uint32_t nifnames;
	char skipif[TPF_MAX_SKIPIF][TPF_IFNAMSIZ];
	uint32_t nskipif;
	uint32_t timeout[TPF_TIMEOUT_COUNT];
	uint32_t limit_states;
	uint8_t block_return;
	uint8_t compiled;
	uint8_t has_tags;
	uint8_t pad;
	/** @endcond */
};

/** Output streams of the parser's callback. */
enum tpf_stream {
	TPF_OUT_ERROR = 0,  /**< An error line (`file:line: message`). */
	TPF_OUT_VERBOSE = 1 /**< A parse-time echo line (macro, set, table). */
};

/**
 * Parser output callback: one line without its newline.
 */
typedef void (*tpf_emit_fn)(void *ctx, enum tpf_stream stream, const char *line,
			    size_t len);

/** @name Parser limits
 * @{ */
#define TPF_PARSE_MACROS     128   /**< Macros per file. */
#define TPF_PARSE_POOL	     16384 /**< Bytes for macro names and values. */
#define TPF_PARSE_LIST	     128   /**< Elements per list. */
#define TPF_PARSE_DEPTH	     16	   /**< Nested macro expansions. */
#define TPF_PARSE_TOKEN	     256   /**< Longest token. */
#define TPF_PARSE_EXPANSIONS 4096  /**< Macro expansions per line. */
#define TPF_PARSE_FILES	     4	   /**< Nested `load anchor` files. */
/** @} */

/** Parse flags. */
enum tpf_parse_flag {
	TPF_PARSE_VERBOSE = 1 /**< Echo macros, options and tables. */
};

/** An interface address known to the parser (for `antispoof`). */
struct tpf_ifaddr {
	char ifname[TPF_IFNAMSIZ]; /**< Interface name. */
	uint8_t af;		   /**< TPF_AF_INET or TPF_AF_INET6. */
	uint8_t bits;		   /**< Prefix length of its network. */
	uint8_t loopback;	   /**< Non-zero on a loopback interface. */
	uint8_t pad;		   /**< Zero. */
	struct tpf_addr addr;	   /**< The address. */
};

/**
 * Loader for `load anchor NAME from "FILE"`: the library reads no files,
 * so the caller hands over the text of @p file (resolved as it likes, e.g.
 * relative to the main file).  The text must stay valid until the parse
 * returns.
 *
 * Returns 0 with @p text and @p len set, or non-zero when the file cannot
 * be read (reported as an error at the `load` line).
 */
typedef int (*tpf_load_fn)(void *ctx, const char *anchor, const char *file,
			   const char **text, size_t *len);

/** Parser workspace; the caller provides it, its content is private. */
struct tpf_parser {
	/** @cond INTERNAL */
	const char *name;
	const struct tpf_ifaddr *ifa;
	uint32_t nifa;
	tpf_emit_fn emit;
	void *ctx;
	uint32_t flags;
	uint32_t errors;
	uint32_t line, tokline;
	struct {
		const char *p;
		size_t len, pos;
	} in[TPF_PARSE_DEPTH];
	uint32_t depth, expansions;
	int peeked;
	int tok, ptok;
	char text[TPF_PARSE_TOKEN];
	char ptext[TPF_PARSE_TOKEN];
	uint32_t pline;
	uint32_t nmacros;
	uint32_t pool_used;
	uint16_t mname[TPF_PARSE_MACROS], mval[TPF_PARSE_MACROS];
	char pool[TPF_PARSE_POOL];
	uint8_t block_return;
	struct tpf_rule tmpl;
	uint8_t ret_kw;
	uint8_t flags_given;
	uint8_t xlate;
	uint8_t body;
	tpf_load_fn load;
	void *load_ctx;
	uint32_t adepth;
	uint32_t astack[TPF_ANCHOR_DEPTH + 1];
	uint32_t nfiles;
	struct {
		const char *name;
		struct {
			const char *p;
			size_t len, pos;
		} in[TPF_PARSE_DEPTH];
		uint32_t depth, line, tokline, pline, first, adepth;
		int peeked, tok, ptok;
		char ptext[TPF_PARSE_TOKEN];
		char fname[TPF_PARSE_TOKEN];
	} files[TPF_PARSE_FILES];
	uint32_t nif, nproto, nicmp, nsrc, ndst, nsport, ndport;
	struct {
		char name[TPF_IFNAMSIZ];
		uint8_t neg;
	} ifs[TPF_PARSE_LIST];
	uint8_t protos[TPF_PARSE_LIST];
	struct {
		uint8_t type, code, proto;
	} icmp[TPF_PARSE_LIST];
	struct tpf_addr_spec src[TPF_PARSE_LIST], dst[TPF_PARSE_LIST];
	char srcscope[TPF_PARSE_LIST][TPF_IFNAMSIZ];
	char dstscope[TPF_PARSE_LIST][TPF_IFNAMSIZ];
	struct {
		uint8_t op;
		uint16_t p[2];
	} sport[TPF_PARSE_LIST], dport[TPF_PARSE_LIST];
	char line_buf[512];
	/** @endcond */
};

/** Reasons carried by a verdict. */
enum tpf_reason {
	TPF_REASON_MATCH = 0,	/**< A rule decided. */
	TPF_REASON_NOMATCH = 1, /**< No rule matched: default pass. */
	TPF_REASON_STATE = 2,	/**< An existing state passed the packet. */
	TPF_REASON_BADPKT = 3,	/**< Malformed packet: blocked. */
	TPF_REASON_STATE_MISMATCH = 4, /**< TCP packet outside the window. */
	TPF_REASON_STATE_LIMIT = 5,    /**< State table full: blocked. */
	TPF_REASON_SKIP = 6,	       /**< Interface in `set skip on`. */
	TPF_REASON_IPOPTIONS = 7       /**< IP options without allow-opts. */
};

/** Replies a block rule asks the embedder to send. */
enum tpf_reply {
	TPF_REPLY_NONE = 0, /**< Silent. */
	TPF_REPLY_RST = 1,  /**< TCP RST (struct tpf_verdict rst_*). */
	TPF_REPLY_ICMP = 2, /**< ICMP unreachable with icmp_code. */
	TPF_REPLY_ICMP6 = 3 /**< ICMPv6 unreachable with icmp_code. */
};

/** The decoded header fields of a packet. */
struct tpf_pkt {
	uint8_t af;	   /**< TPF_AF_INET or TPF_AF_INET6. */
	uint8_t proto;	   /**< Upper-layer protocol. */
	uint8_t dir;	   /**< TPF_DIR_IN or TPF_DIR_OUT. */
	uint8_t tcp_flags; /**< TCP flags. */
	uint8_t tos;	   /**< IPv4 TOS or IPv6 traffic class. */
	uint8_t icmp_type; /**< ICMP type. */
	uint8_t icmp_code; /**< ICMP code. */
	uint8_t frag;	   /**< Non-first fragment: no upper-layer header. */
	uint8_t ipopts;	   /**< IPv4 options present. */
	uint8_t wscale;	   /**< TCP window scale option + 0x80 when present. */
	uint16_t sport;	   /**< Source port (or ICMP id). */
	uint16_t dport;	   /**< Destination port (or ICMP id). */
	uint16_t win;	   /**< TCP window. */
	uint32_t seq;	   /**< TCP sequence number. */
	uint32_t ack;	   /**< TCP acknowledgement number. */
	uint32_t plen;	   /**< Upper-layer payload length. */
	uint32_t len;	   /**< Whole IP packet length. */
	struct tpf_addr src; /**< Source address. */
	struct tpf_addr dst; /**< Destination address. */
	uint64_t ifmask; /**< Ruleset interface names matching the interface. */
};

/** What the filter decided for one packet. */
struct tpf_verdict {
	uint8_t action;	       /**< TPF_PASS or TPF_BLOCK. */
	uint8_t reason;	       /**< enum tpf_reason. */
	uint8_t reply;	       /**< enum tpf_reply. */
	uint8_t icmp_code;     /**< Code of an ICMP/ICMPv6 reply. */
	uint8_t ttl;	       /**< TTL of a RST reply (0: embedder default). */
	uint8_t log;	       /**< Log bits of the deciding and match rules. */
	uint8_t state_created; /**< A state was created. */
	uint8_t route;	       /**< enum tpf_route of the deciding pass rule. */
	int32_t rule;	       /**< Deciding rule number, -1 when none. */
	uint32_t rst_seq;      /**< RST reply: sequence number. */
	uint32_t rst_ack;      /**< RST reply: acknowledgement number. */
	uint8_t route_af;      /**< Family of route_addr. */
	uint8_t pad[3];	       /**< Zero. */
	struct tpf_addr route_addr;	 /**< Route target (route != 0). */
	char route_ifname[TPF_IFNAMSIZ]; /**< Route interface, or "". */
};

/** Per-peer TCP tracking (pf's tcp_peer). */
struct tpf_peer {
	uint32_t seqlo;	  /**< Lowest sequence number not yet acknowledged. */
	uint32_t seqhi;	  /**< Highest sequence number the peer may send. */
	uint16_t max_win; /**< Largest window seen. */
	uint8_t wscale;	  /**< Window scale, 0x80 flag when negotiated. */
	uint8_t state;	  /**< TCP FSM state (or UDP/other pseudo state). */
};

/** One state entry.  The key and the expiry come first, so that a lookup
 * that confirms a hash tag reads the state's first 48 bytes only. */
struct tpf_state {
	/** @cond INTERNAL */
	struct tpf_addr addr[2];
	uint16_t port[2];
	uint8_t af, proto, dir, used;
	uint64_t expire;
	struct tpf_peer src, dst;
	uint64_t packets[2];
	uint32_t rule;
	uint32_t next_free;
	/** @endcond */
};

/** @name State index
 * @{ */
#define TPF_BUCKET_WAYS 8 /**< States referenced by one index bucket. */
/** @} */

/**
 * A bucket of the state index: one 64-byte cache line with the indices of
 * up to TPF_BUCKET_WAYS states and a 16-bit tag of each one's hash, so a
 * lookup that misses reads one line and a hit reads that line and the
 * state.  Allocate bucket arrays 64-byte aligned.
 */
struct tpf_bucket {
	/** @cond INTERNAL */
	uint32_t idx[TPF_BUCKET_WAYS];
	uint16_t tag[TPF_BUCKET_WAYS];
	uint32_t ovf;
	uint32_t pad[3];
	/** @endcond */
};

/** The filter: the active ruleset, the state table and counters. */
struct tpf_filter {
	/** @cond INTERNAL */
	struct tpf_ruleset *active;
	struct tpf_state *states;
	struct tpf_bucket *buckets;
	uint32_t cap, nbuckets, count, free_head, cursor, hw;
	uint64_t k0, k1;
	/** @endcond */
	uint64_t bad_packets;	 /**< Malformed packets blocked. */
	uint64_t state_hits;	 /**< Packets matched to a state. */
	uint64_t state_inserts;	 /**< States created. */
	uint64_t state_removals; /**< States removed (expired or closed). */
	uint64_t state_full;	 /**< State creations refused: table full. */
	uint64_t state_mismatch; /**< TCP packets refused by window checks. */
};

/** Evaluation strategies, all with identical results. */
enum tpf_eval_mode {
	TPF_EVAL_INDEXED = 0,	/**< Compiled index (default). */
	TPF_EVAL_SKIPSTEPS = 1, /**< pf's skip steps over all rules. */
	TPF_EVAL_LINEAR = 2	/**< Every rule in order (reference). */
};

/**
 * @brief Text of an error code.
 * @param[in] err A return value of this library (negative) or 0.
 * @return A constant string, never NULL.
 */
const char *tpf_strerror(int err);

/**
 * @brief Prepare an empty ruleset over caller storage.
 * @param[out] rs       Ruleset to initialise.
 * @param[in]  rules    Rule array.
 * @param[in]  nrules   Capacity of @p rules.
 * @param[in]  tables   Table array (may be NULL when @p ntables is 0).
 * @param[in]  ntables  Capacity of @p tables.
 * @param[in]  entries  Table entry array (may be NULL when @p nentries is 0).
 * @param[in]  nentries Capacity of @p entries.
 * @param[in]  index    Index words, TPF_INDEX_WORDS(@p nrules) of them.
 * @param[in]  nindex   Capacity of @p index in words.
 * @retval 0            Ready, with pf's default options.
 * @retval -TPF_EINVAL  NULL storage or @p nindex too small.
 */
int tpf_ruleset_init(struct tpf_ruleset *rs, struct tpf_rule *rules,
		     uint32_t nrules, struct tpf_table *tables,
		     uint32_t ntables, struct tpf_table_entry *entries,
		     uint32_t nentries, uint32_t *index, size_t nindex);

/**
 * @brief Empty a ruleset, keeping its storage; options return to defaults.
 * @param[in,out] rs Ruleset from tpf_ruleset_init().
 */
void tpf_ruleset_clear(struct tpf_ruleset *rs);

/**
 * @brief Parse pf.conf text into @p rs (replacing its content).
 *
 * Supported: macros, lists with pf's expansion, tables, comments, line
 * continuation, `set` options, pass/block/match rules.  Errors are reported
 * through @p emit as `name:line: message`, and parsing continues with the
 * next line, as pfctl does.
 *
 * @param[out]    p     Parser workspace (caller storage, any content).
 * @param[in,out] rs    Ruleset from tpf_ruleset_init(); cleared first.
 * @param[in]     name  File name used in messages (e.g. "stdin").
 * @param[in]     text  The rule text (need not be NUL terminated).
 * @param[in]     len   Length of @p text.
 * @param[in]     flags enum tpf_parse_flag bits.
 * @param[in]     emit  Output callback, may be NULL.
 * @param[in]     ctx   Passed to @p emit.
 * @retval 0            Parsed; @p rs holds the rules, not yet compiled.
 * @retval -TPF_EPARSE  Errors were reported; @p rs is left empty.
 * @retval -TPF_EINVAL  NULL argument.
 */
int tpf_parse(struct tpf_parser *p, struct tpf_ruleset *rs, const char *name,
	      const char *text, size_t len, uint32_t flags, tpf_emit_fn emit,
	      void *ctx);

/**
 * @brief tpf_parse() with the interface addresses `antispoof` expands to.
 * @param[out]    p      Parser workspace (caller storage, any content).
 * @param[in,out] rs     Ruleset from tpf_ruleset_init(); cleared first.
 * @param[in]     name   File name used in messages.
 * @param[in]     text   The rule text (need not be NUL terminated).
 * @param[in]     len    Length of @p text.
 * @param[in]     flags  enum tpf_parse_flag bits.
 * @param[in]     emit   Output callback, may be NULL.
 * @param[in]     ctx    Passed to @p emit.
 * @param[in]     ifa    Interface addresses, in the order of the system's
 *                       list (may be NULL when @p nifa is 0).
 * @param[in]     nifa   Number of @p ifa.
 * @retval 0             Parsed; @p rs holds the rules, not yet compiled.
 * @retval -TPF_EPARSE   Errors were reported; @p rs is left empty.
 * @retval -TPF_EINVAL   NULL argument.
 */
int tpf_parse_ifaddrs(struct tpf_parser *p, struct tpf_ruleset *rs,
		      const char *name, const char *text, size_t len,
		      uint32_t flags, tpf_emit_fn emit, void *ctx,
		      const struct tpf_ifaddr *ifa, uint32_t nifa);

/** What the parser may use of its environment. */
struct tpf_parse_env {
	const struct tpf_ifaddr *ifa; /**< Interface addresses (antispoof). */
	uint32_t nifa;		      /**< Number of @c ifa. */
	tpf_load_fn load; /**< Loader for `load anchor`; NULL refuses it. */
	void *load_ctx;	  /**< Passed to @c load. */
};

/**
 * @brief tpf_parse() with interface addresses and an anchor file loader.
 *
 * `anchor "name" [criteria] { rules }` and `load anchor "name" from
 * "file"` (loading into the anchor rule of that name at the same level;
 * the file's rules may load further anchors, TPF_PARSE_FILES deep) build
 * nested rulesets: an anchor rule is followed by its rules, up to
 * tpf_rule::anchor_end.  Parse-time echo lines (TPF_PARSE_VERBOSE) come
 * from the main text only.
 *
 * @param[out]    p     Parser workspace (caller storage, any content).
 * @param[in,out] rs    Ruleset from tpf_ruleset_init(); cleared first.
 * @param[in]     name  File name used in messages.
 * @param[in]     text  The rule text (need not be NUL terminated).
 * @param[in]     len   Length of @p text.
 * @param[in]     flags enum tpf_parse_flag bits.
 * @param[in]     emit  Output callback, may be NULL.
 * @param[in]     ctx   Passed to @p emit.
 * @param[in]     env   Interface addresses and loader (may be NULL).
 * @retval 0            Parsed; @p rs holds the rules, not yet compiled.
 * @retval -TPF_EPARSE  Errors were reported; @p rs is left empty.
 * @retval -TPF_EINVAL  NULL argument.
 */
int tpf_parse_env(struct tpf_parser *p, struct tpf_ruleset *rs,
		  const char *name, const char *text, size_t len,
		  uint32_t flags, tpf_emit_fn emit, void *ctx,
		  const struct tpf_parse_env *env);

/**
 * @brief Number of rules in a ruleset.
 * @param[in] rs Ruleset.
 * @return The rule count.
 */
uint32_t tpf_ruleset_count(const struct tpf_ruleset *rs);

/**
 * @brief Access a rule by number.
 * @param[in] rs Ruleset.
 * @param[in] nr Rule number.
 * @return The rule, or NULL when @p nr is out of range.
 */
const struct tpf_rule *tpf_ruleset_rule(const struct tpf_ruleset *rs,
					uint32_t nr);

/**
 * @brief Append a rule built by the caller (not through the parser).
 * @param[in,out] rs Ruleset (not compiled, or it becomes uncompiled).
 * @param[in]     r  Rule; its counters and skip steps are reset.
 * @retval >=0           The new rule's number.
 * @retval -TPF_ENOSPC   The rule array is full; @p rs is unchanged.
 * @retval -TPF_EINVAL   Bad action, direction, family, port operator,
 *                       interface or table reference.
 */
int tpf_ruleset_add(struct tpf_ruleset *rs, const struct tpf_rule *r);

/**
 * @brief Find or create an interface name referenced by rules.
 * @param[in,out] rs     Ruleset.
 * @param[in]     ifname Interface name.
 * @retval >0            1 + index of the name (value for tpf_rule::ifidx).
 * @retval -TPF_EINVAL   Empty or too long name.
 * @retval -TPF_ENOSPC   TPF_MAX_IFNAMES names already.
 */
int tpf_ruleset_ifname(struct tpf_ruleset *rs, const char *ifname);

/**
 * @brief Find or create a table.
 * @param[in,out] rs   Ruleset.
 * @param[in]     name Table name.
 * @retval >=0           Table index.
 * @retval -TPF_EINVAL   Empty or too long name.
 * @retval -TPF_ENOSPC   The table array is full.
 */
int tpf_table_get(struct tpf_ruleset *rs, const char *name);

/**
 * @brief Add an address prefix to a table.
 * @param[in,out] rs    Ruleset.
 * @param[in]     table Table index from tpf_table_get().
 * @param[in]     af    TPF_AF_INET or TPF_AF_INET6.
 * @param[in]     addr  Address (host bits are cleared).
 * @param[in]     bits  Prefix length.
 * @param[in]     neg   Non-zero for a negated entry.
 * @retval 0             Added.
 * @retval -TPF_EINVAL   Bad table, family or prefix length.
 * @retval -TPF_EPERM    The table is const.
 * @retval -TPF_EEXIST   The same prefix is in the table already.
 * @retval -TPF_ENOSPC   The entry array is full.
 */
int tpf_table_add(struct tpf_ruleset *rs, uint32_t table, uint8_t af,
		  const struct tpf_addr *addr, uint8_t bits, uint8_t neg);

/**
 * @brief Longest-prefix match of an address in a table (a walk down the
 *        table's path-compressed binary trie, one per address family).
 * @param[in,out] rs    Ruleset (the table's counters are updated).
 * @param[in]     table Table index.
 * @param[in]     af    Address family of @p addr.
 * @param[in]     addr  Address.
 * @retval true   The longest matching prefix exists and is not negated.
 * @retval false  No prefix matches, the best one is negated, or bad table.
 */
bool tpf_table_match(struct tpf_ruleset *rs, uint32_t table, uint8_t af,
		     const struct tpf_addr *addr);

/**
 * @brief Compile a ruleset: skip steps and the per-class port index.
 *
 * Anchor rules and their rules are compiled in place: skip steps never
 * lead into an anchor's rules, and a rule inside an anchor is indexed only
 * where its anchors can match too.
 *
 * @param[in,out] rs Ruleset.
 * @retval 0            Compiled; the ruleset may be evaluated.
 * @retval -TPF_ENOSPC  The index storage is too small; @p rs is unchanged.
 * @retval -TPF_EINVAL  Anchor rules that do not nest (an anchor_end out
 *                      of its enclosing anchor, or more than
 *                      TPF_ANCHOR_DEPTH levels); @p rs is unchanged.
 */
int tpf_ruleset_compile(struct tpf_ruleset *rs);

/**
 * @brief Print one rule the way `pfctl -nv` does.
 * @param[in]  rs   Ruleset owning @p r (for table and interface names).
 * @param[in]  r    Rule.
 * @param[out] buf  Output, NUL terminated.
 * @param[in]  size Size of @p buf.
 * @retval >=0           Length written (without the NUL).
 * @retval -TPF_ENOSPC   @p buf is too small (it holds a truncated line).
 * @retval -TPF_EINVAL   NULL argument or @p size 0.
 */
int tpf_rule_print(const struct tpf_ruleset *rs, const struct tpf_rule *r,
		   char *buf, size_t size);

/**
 * @brief Print a table definition the way `pfctl -nv` does.
 * @param[in]  rs    Ruleset.
 * @param[in]  table Table index.
 * @param[out] buf   Output, NUL terminated.
 * @param[in]  size  Size of @p buf.
 * @retval >=0           Length written.
 * @retval -TPF_ENOSPC   @p buf is too small.
 * @retval -TPF_EINVAL   Bad table index, NULL argument or @p size 0.
 */
int tpf_table_print(const struct tpf_ruleset *rs, uint32_t table, char *buf,
		    size_t size);

/**
 * @brief Parse a textual IPv4 or IPv6 address.
 * @param[in]  s   Text (NUL terminated).
 * @param[out] af  TPF_AF_INET or TPF_AF_INET6.
 * @param[out] a   The address.
 * @retval 0             Parsed.
 * @retval -TPF_EINVAL   Not an address.
 */
int tpf_addr_parse(const char *s, uint8_t *af, struct tpf_addr *a);

/**
 * @brief Format an address as inet_ntop() does.
 * @param[in]  af   TPF_AF_INET or TPF_AF_INET6.
 * @param[in]  a    Address.
 * @param[out] buf  Output, NUL terminated.
 * @param[in]  size Size of @p buf (46 is always enough).
 * @retval >=0           Length written.
 * @retval -TPF_ENOSPC   @p buf too small.
 * @retval -TPF_EINVAL   Bad family.
 */
int tpf_addr_format(uint8_t af, const struct tpf_addr *a, char *buf,
		    size_t size);

/**
 * @brief Decode a raw IP packet, checking every length.
 * @param[in]  data Packet, starting with the IPv4 or IPv6 header.
 * @param[in]  len  Bytes available.
 * @param[in]  dir  TPF_DIR_IN or TPF_DIR_OUT.
 * @param[out] pkt  Decoded fields.
 * @retval 0             Decoded.
 * @retval -TPF_EINVAL   Malformed or truncated packet, or bad @p dir.
 */
int tpf_decode(const uint8_t *data, size_t len, uint8_t dir,
	       struct tpf_pkt *pkt);

/**
 * @brief Set which of the ruleset's interface names match an interface.
 *
 * A rule's interface matches when the names are equal, or when the rule
 * names an interface group that is the driver name (`em` for `em0`).
 *
 * @param[in]     rs     Ruleset.
 * @param[in]     ifname Interface the packet is on (NULL or "" for none).
 * @param[in,out] pkt    Its ifmask is set.
 */
void tpf_pkt_set_if(const struct tpf_ruleset *rs, const char *ifname,
		    struct tpf_pkt *pkt);

/**
 * @brief Evaluate the rules (no states) for a decoded packet.
 * @param[in,out] rs   Compiled ruleset (rule counters are updated).
 * @param[in]     pkt  Decoded packet, ifmask set.
 * @param[in]     mode enum tpf_eval_mode.
 * @param[out]    v    Verdict: action, reason, rule, reply.
 * @retval 0             Evaluated.
 * @retval -TPF_EINVAL   The ruleset is not compiled or @p mode is unknown.
 */
int tpf_ruleset_eval(struct tpf_ruleset *rs, const struct tpf_pkt *pkt,
		     int mode, struct tpf_verdict *v);

/**
 * @brief Prepare a filter over caller state storage.
 * @param[out] f       Filter.
 * @param[in]  rs      Compiled ruleset to activate (may be NULL: pass all).
 * @param[in]  states  State array.
 * @param[in]  nstates Capacity of @p states.
 * @param[in]  buckets State index buckets, 64-byte aligned: a power of
 *                     two, holding at least @p nstates (TPF_BUCKET_WAYS
 *                     states each; twice that keeps probes short).
 * @param[in]  nbuckets Number of @p buckets (at most 2^28).
 * @param[in]  k0      First half of the secret hash key.
 * @param[in]  k1      Second half of the secret hash key.
 * @retval 0             Ready.
 * @retval -TPF_EINVAL   NULL storage, bad sizes or uncompiled @p rs.
 */
int tpf_filter_init(struct tpf_filter *f, struct tpf_ruleset *rs,
		    struct tpf_state *states, uint32_t nstates,
		    struct tpf_bucket *buckets, uint32_t nbuckets, uint64_t k0,
		    uint64_t k1);

/**
 * @brief Atomically replace the active ruleset; states are kept.
 * @param[in,out] f   Filter.
 * @param[in]     rs  Compiled ruleset.
 * @param[out]    old The previous ruleset (may be NULL).
 * @retval 0             Swapped.
 * @retval -TPF_EINVAL   @p rs is NULL or not compiled; @p f is unchanged.
 */
int tpf_filter_swap(struct tpf_filter *f, struct tpf_ruleset *rs,
		    struct tpf_ruleset **old);

/**
 * @brief Filter one raw packet: state lookup first, then the rules.
 * @param[in,out] f      Filter.
 * @param[in]     dir    TPF_DIR_IN or TPF_DIR_OUT.
 * @param[in]     ifname Interface of the packet (may be NULL).
 * @param[in]     data   Raw IP packet.
 * @param[in]     len    Its length.
 * @param[in]     now    Monotonic time in ns.
 * @param[out]    v      The verdict.
 * @retval 0             Verdict in @p v (malformed packets are blocked
 *                       with reason TPF_REASON_BADPKT).
 * @retval -TPF_EINVAL   NULL argument or bad @p dir.
 */
int tpf_filter_test(struct tpf_filter *f, uint8_t dir, const char *ifname,
		    const uint8_t *data, size_t len, uint64_t now,
		    struct tpf_verdict *v);

/**
 * @brief Filter a burst of raw packets received together (one direction,
 *        one interface), as tpf_filter_test() would one after the other.
 *
 * Packets are decoded and hashed a few positions ahead of the one being
 * decided, and the index lines and states they need are prefetched, so
 * the memory accesses of the packets overlap; each packet is still
 * decided in order, so a state created by one packet serves the ones
 * after it exactly as with single calls.  The active ruleset is loaded
 * once per call.
 *
 * @param[in,out] f      Filter.
 * @param[in]     dir    TPF_DIR_IN or TPF_DIR_OUT.
 * @param[in]     ifname Interface of the packets (may be NULL).
 * @param[in]     data   @p n raw IP packets.
 * @param[in]     len    Their lengths.
 * @param[in]     n      Number of packets (any).
 * @param[in]     now    Monotonic time in ns.
 * @param[out]    v      @p n verdicts.
 * @retval 0             Verdicts in @p v.
 * @retval -TPF_EINVAL   NULL argument (or NULL packet) or bad @p dir;
 *                       nothing was filtered.
 */
int tpf_filter_test_burst(struct tpf_filter *f, uint8_t dir, const char *ifname,
			  const uint8_t *const *data, const size_t *len,
			  uint32_t n, uint64_t now, struct tpf_verdict *v);

/**
 * @brief Remove expired states, examining at most @p budget index entries.
 * @param[in,out] f      Filter.
 * @param[in]     now    Monotonic time in ns.
 * @param[in]     budget Index entries to examine (resumes where the last
 *                       call ended).
 * @return Number of states removed.
 */
uint32_t tpf_filter_expire(struct tpf_filter *f, uint64_t now, uint32_t budget);

/**
 * @brief Number of live states.
 * @param[in] f Filter.
 * @return The count.
 */
uint32_t tpf_filter_states(const struct tpf_filter *f);

/**
 * @brief Look up the state of a decoded packet without changing anything.
 * @param[in] f   Filter.
 * @param[in] pkt Decoded packet.
 * @param[in] now Monotonic time in ns (expired states do not count).
 * @return The state, or NULL.
 */
const struct tpf_state *tpf_filter_find(const struct tpf_filter *f,
					const struct tpf_pkt *pkt,
					uint64_t now);

/**
 * @brief Look up the states of several decoded packets, prefetching the
 *        index lines and states of the packets ahead while probing.
 * @param[in]  f    Filter.
 * @param[in]  pkts @p n decoded packets.
 * @param[in]  n    Number of packets.
 * @param[in]  now  Monotonic time in ns (expired states do not count).
 * @param[out] out  @p n results: the state, or NULL.
 * @return The number of packets that have a state.
 */
uint32_t tpf_filter_find_burst(const struct tpf_filter *f,
			       const struct tpf_pkt *pkts, uint32_t n,
			       uint64_t now, const struct tpf_state **out);

/**
 * @brief Insert a state for a decoded packet as a pass rule would.
 * @param[in,out] f    Filter.
 * @param[in]     pkt  Decoded packet.
 * @param[in]     rule Rule number recorded in the state.
 * @param[in]     now  Monotonic time in ns.
 * @retval 0             Inserted.
 * @retval -TPF_EEXIST   A live state with the same key exists.
 * @retval -TPF_ENOSPC   The state table is full.
 */
int tpf_filter_insert(struct tpf_filter *f, const struct tpf_pkt *pkt,
		      uint32_t rule, uint64_t now);

/** @} */
#endif
