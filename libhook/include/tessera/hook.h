/* SPDX-License-Identifier: BSD-2-Clause */
/**
 * @file hook.h
 * @brief libhook: eBPF (RFC 9669) programs for kernel hook points.
 *
 * @defgroup thook libhook
 * @brief Load, check and run eBPF programs in any kernel.
 *
 * Programs use the standard eBPF instruction set of RFC 9669: the base32,
 * base64, divmul32, divmul64, atomic32 and atomic64 conformance groups,
 * JMP32, and the version 4 additions (signed division and modulo, movsx,
 * bswap, sign-extending loads, ja32).  Local (bpf-to-bpf) calls are
 * supported; callx, the legacy packet loads and the pseudo 64-bit loads
 * other than map references (`lddw dst, map N`, src 1, accepted only by
 * thook_hook_load() with a map table) are rejected.
 *
 * The pieces:
 * - thook_validate() checks that a program is well formed: known opcodes,
 *   unused fields zero (RFC 9669 section 3), registers in range, r10 never
 *   written, complete 64-bit loads, jump and call targets inside the program
 *   and not inside a 64-bit load, and no path that runs off its end.
 * - thook_disasm() and thook_asm() convert between instructions and the
 *   text syntax of the bpf_conformance suite (`mov %r0, 1`,
 *   `ldxw %r0, [%r1+4]`, `jeq %r1, 0x2a, label`, `lock fetch add ...`).
 * - thook_prog_load() validates and pre-decodes a program once into
 *   caller storage, resolving helper calls against a helper table;
 *   thook_run() then executes it with threaded (computed goto) dispatch,
 *   and thook_run_checked() executes it with every memory access checked
 *   against the stack and the regions the caller names.
 *
 * Storage model: every object lives in caller memory.  A loaded program
 * needs one struct thook_op per instruction (THOOK_PROG_OPS()); a run needs
 * a stack of THOOK_STACK_BYTES bytes (8 frames of 512 bytes); the assembler
 * needs a struct thook_asm for its label table.  Nothing is allocated.
 *
 * Time: the library reads no clock.  A run can be bounded by an instruction
 * budget counted on backward jumps and calls (struct thook_exec::budget).
 *
 * Locking: a loaded program is read-only after thook_prog_load() and may
 * run on several CPUs at once, each run with its own struct thook_exec and
 * stack.  Loading and assembling need exclusive access to their objects.
 * Atomic instructions use the port's atomics, so programs may share memory
 * across CPUs.
 *
 * @warning thook_run() trusts the program: it must come from a verifier
 * that proved every memory access safe, or from a trusted source.  Use
 * thook_run_checked() for untrusted programs that were not verified.
 * @{
 */
#ifndef THOOK_HOOK_H
#define THOOK_HOOK_H

#include "hook_port.h"

/** @name Error codes (returned negated)
 * The first ten share their values with every Tessera library.
 * @{ */
#define THOOK_EINVAL  1	 /**< Invalid argument. */
#define THOOK_ENOSPC  2	 /**< Caller storage too small. */
#define THOOK_ENOENT  3	 /**< No such helper or label. */
#define THOOK_EEXIST  4	 /**< Already defined (duplicate label). */
#define THOOK_EPERM   5	 /**< Operation not permitted. */
#define THOOK_EAGAIN  6	 /**< Try again. */
#define THOOK_ERANGE  7	 /**< Value out of range. */
#define THOOK_EBUSY   8	 /**< Object busy. */
#define THOOK_EBADF   9	 /**< Bad object. */
#define THOOK_EFAULT  10 /**< Memory access outside the allowed regions. */
#define THOOK_ENOEXEC 32 /**< Malformed program (see struct thook_diag). */
#define THOOK_ESYNTAX 33 /**< Assembler syntax error (see thook_diag). */
#define THOOK_ELIMIT  34 /**< Instruction budget exhausted. */
#define THOOK_EDEPTH  35 /**< Local call nesting deeper than 8 frames. */
/** @} */

/** @name Machine limits
 * @{ */
/** Number of registers, r0 to r10. */
#define THOOK_NREGS 11
/** Stack bytes of one frame (RFC 9669: at least 512). */
#define THOOK_FRAME_BYTES 512
/** Deepest local call nesting, the outermost frame included. */
#define THOOK_MAX_FRAMES 8
/** Stack a run needs: all frames. */
#define THOOK_STACK_BYTES (THOOK_FRAME_BYTES * THOOK_MAX_FRAMES)
/** Largest program, in 8-byte instruction slots. */
#define THOOK_MAX_INSNS 65536u
/** Size of a diagnostic message, terminating NUL included. */
#define THOOK_DIAG_LEN 160
/** Longest line thook_disasm() writes, NUL included. */
#define THOOK_DISASM_LEN 64
/** @} */

/** @name Opcode fields (RFC 9669 section 3)
 * @{ */
#define THOOK_CLASS(code) ((code)&0x07) /**< Instruction class. */
#define THOOK_LD	  0x00		/**< Class: wide immediate load. */
#define THOOK_LDX	  0x01		/**< Class: load from memory. */
#define THOOK_ST	  0x02		/**< Class: store immediate. */
#define THOOK_STX	  0x03		/**< Class: store register. */
#define THOOK_ALU	  0x04		/**< Class: 32-bit arithmetic. */
#define THOOK_JMP	  0x05		/**< Class: 64-bit jumps. */
#define THOOK_JMP32	  0x06		/**< Class: 32-bit jumps. */
#define THOOK_ALU64	  0x07		/**< Class: 64-bit arithmetic. */
/** @} */

/**
 * @brief One instruction slot as encoded: 8 bytes, little-endian fields.
 *
 * A 64-bit immediate load (lddw) takes two slots; the second has code 0
 * and carries the upper 32 bits in @c imm.
 */
struct thook_insn {
	uint8_t code; /**< Opcode: class, source and operation bits. */
	uint8_t regs; /**< dst register in bits 0-3, src in bits 4-7. */
	int16_t off;  /**< Signed offset (memory, jumps, variants). */
	int32_t imm;  /**< Signed immediate. */
};

/** Destination register of @p insn. */
#define THOOK_DST(insn) ((unsigned)(insn).regs & 0x0fu)
/** Source register of @p insn. */
#define THOOK_SRC(insn) ((unsigned)(insn).regs >> 4)

/**
 * @brief Where and why a program or a text was refused.
 */
struct thook_diag {
	uint32_t index; /**< Instruction index the message is about. */
	uint32_t line;	/**< Source line (assembler only; 0 otherwise). */
	char msg[THOOK_DIAG_LEN]; /**< Message, NUL-terminated. */
};

/**
 * @brief A helper function callable from programs with `call N`.
 *
 * Arguments arrive in r1-r5 and the result goes to r0.  @p env is
 * struct thook_exec::helper_env of the run.
 */
typedef uint64_t (*thook_helper_fn)(void *env, uint64_t r1, uint64_t r2,
				    uint64_t r3, uint64_t r4, uint64_t r5);

/** Helper flag: a result of 0 ends the program with r0 = 0. */
#define THOOK_HELPER_UNWIND 0x1u

/**
 * @brief One entry of a helper table passed to thook_prog_load().
 */
struct thook_helper {
	uint32_t id;	    /**< Number used by `call id`. */
	uint32_t flags;	    /**< THOOK_HELPER_* flags. */
	thook_helper_fn fn; /**< The function. */
	const char *name;   /**< Name for diagnostics and disassembly. */
};

/** @cond INTERNAL */
struct thook_op {
	uint8_t kind;
	uint8_t dst;
	uint8_t src;
	uint8_t flags;
	int32_t off;
	uint64_t imm;
	union {
		thook_helper_fn fn;	   /* helper calls */
		const struct thook_op *to; /* jumps and local calls */
	};
	const void *h; /* the unchecked interpreter's handler */
};
/** @endcond */

/** Number of struct thook_op a program of @p n slots needs. */
#define THOOK_PROG_OPS(n) (n)

/**
 * @brief A loaded program: validated, pre-decoded, helpers resolved.
 */
struct thook_prog {
	/** @cond INTERNAL */
	const struct thook_op *ops;
	uint32_t n;
	/** @endcond */
};

/** Region flag: the program may read the region. */
#define THOOK_REGION_READ 0x1u
/** Region flag: the program may write the region. */
#define THOOK_REGION_WRITE 0x2u

/**
 * @brief Memory a checked run lets the program touch, besides its stack.
 */
struct thook_region {
	uint64_t base;	/**< First address. */
	uint64_t len;	/**< Length in bytes. */
	uint32_t flags; /**< THOOK_REGION_READ and/or THOOK_REGION_WRITE. */
};

/**
 * @brief Everything one run needs, and what it reports back.
 */
struct thook_exec {
	uint64_t args[5];  /**< Initial r1-r5. */
	void *stack;	   /**< Stack memory, THOOK_STACK_BYTES at least. */
	size_t stack_size; /**< Bytes at @c stack. */
	const struct thook_region
		*regions;  /**< Checked runs: allowed memory. */
	uint32_t nregions; /**< Entries in @c regions. */
	uint64_t budget;  /**< Backward jumps and calls allowed; 0: no limit. */
	void *helper_env; /**< Passed to every helper. */
	uint32_t fault_pc;   /**< Out: instruction that faulted or stopped. */
	uint64_t fault_addr; /**< Out: address of a faulting access. */
};

/**
 * @brief Check that @p n slots at @p insns form a well-formed program.
 *
 * @param[in]  insns The program.
 * @param[in]  n     Number of 8-byte slots.
 * @param[out] diag  On failure: index and reason; may be NULL.
 * @retval 0               Well formed.
 * @retval -THOOK_EINVAL   @p insns is NULL, @p n is 0 or above
 *                         THOOK_MAX_INSNS.
 * @retval -THOOK_ENOEXEC  An instruction is malformed; @p diag says which
 *                         and why.
 * @note Context: any; O(n); no side effects besides @p diag.
 */
int thook_validate(const struct thook_insn *insns, uint32_t n,
		   struct thook_diag *diag);

/**
 * @brief Write the text form of the instruction at slot @p i.
 *
 * Uses the bpf_conformance syntax that thook_asm() reads.  Jump and call
 * targets are written as relative offsets (`+3`, `-2`).
 *
 * @param[in]  insns The program.
 * @param[in]  n     Number of slots in @p insns.
 * @param[in]  i     Slot to disassemble.
 * @param[out] buf   Output, NUL-terminated.
 * @param[in]  len   Size of @p buf; THOOK_DISASM_LEN always suffices.
 * @return Number of slots the instruction takes (1, or 2 for lddw).
 * @retval -THOOK_EINVAL  NULL argument or @p i out of range.
 * @retval -THOOK_ENOSPC  @p buf too small; it holds a truncated line.
 * @retval -THOOK_ENOEXEC Unknown opcode; @p buf holds `.insn` and the raw
 *                        fields so the program can still be listed.
 */
int thook_disasm(const struct thook_insn *insns, uint32_t n, uint32_t i,
		 char *buf, size_t len);

/** Labels the assembler can hold. */
#define THOOK_ASM_MAX_LABELS 256
/** Longest label name, NUL excluded. */
#define THOOK_ASM_LABEL_LEN 31

/**
 * @brief Scratch storage of the assembler (its label table).
 */
struct thook_asm {
	/** @cond INTERNAL */
	struct {
		char name[THOOK_ASM_LABEL_LEN + 1];
		uint32_t slot;
	} labels[THOOK_ASM_MAX_LABELS];
	uint32_t nlabels;
	/** @endcond */
};

/**
 * @brief Assemble @p len bytes of text into instructions.
 *
 * One instruction or label (`name:`) per line; `#` starts a comment.  The
 * label `exit` names the first `exit` instruction unless defined.  The
 * output is checked with thook_validate() only if the caller does so.
 *
 * @param[out] as    Scratch storage.
 * @param[in]  text  Source text (need not be NUL-terminated).
 * @param[in]  len   Bytes of @p text.
 * @param[out] out   Instruction slots.
 * @param[in]  cap   Capacity of @p out in slots.
 * @param[out] diag  On failure: line and reason; may be NULL.
 * @return Number of slots written (0 for a text without instructions).
 * @retval -THOOK_EINVAL   NULL argument.
 * @retval -THOOK_ESYNTAX  The text is not a program; @p diag says where.
 * @retval -THOOK_ENOSPC   More than @p cap slots or too many labels.
 * @note Context: any; O(len + labels * lines); @p out is written even on
 *       failure and must then be ignored.
 */
int thook_asm(struct thook_asm *as, const char *text, size_t len,
	      struct thook_insn *out, uint32_t cap, struct thook_diag *diag);

/**
 * @brief Validate and pre-decode a program into caller storage.
 *
 * Every `call N` with source 0 must name a helper in @p helpers.
 *
 * @param[out] prog     The loaded program.
 * @param[out] ops      Storage, THOOK_PROG_OPS(@p n) entries.
 * @param[in]  cap      Entries at @p ops.
 * @param[in]  insns    The program; may be released after the call.
 * @param[in]  n        Number of slots.
 * @param[in]  helpers  Helper table; may be NULL when @p nhelpers is 0.
 *                      Must outlive nothing: function pointers are copied.
 * @param[in]  nhelpers Entries in @p helpers.
 * @param[out] diag     On failure: index and reason; may be NULL.
 * @retval 0               Loaded.
 * @retval -THOOK_EINVAL   NULL argument or bad @p n.
 * @retval -THOOK_ENOSPC   @p cap below THOOK_PROG_OPS(@p n).
 * @retval -THOOK_ENOEXEC  Malformed program, as thook_validate().
 * @retval -THOOK_ENOENT   A call names a helper not in @p helpers.
 * @note Context: any; O(n * nhelpers); @p prog is written only on success.
 */
int thook_prog_load(struct thook_prog *prog, struct thook_op *ops, uint32_t cap,
		    const struct thook_insn *insns, uint32_t n,
		    const struct thook_helper *helpers, uint32_t nhelpers,
		    struct thook_diag *diag);

/**
 * @brief Run a loaded program without memory checks.
 *
 * r1-r5 start as @c x->args, r10 points to the top of the stack, and r0,
 * r6-r9 start at 0.  Results follow RFC 9669 (division by zero gives 0,
 * modulo by zero leaves the dividend, shifts are masked).  With a budget
 * of 0 (no limit; what verified programs need) nothing is counted and the
 * run takes the fastest path: each pre-decoded instruction jumps straight
 * to the next one's handler, and common pairs of instructions run as one
 * step.
 *
 * @param[in]     prog A program from thook_prog_load().
 * @param[in,out] x    Arguments, stack, budget; fault_pc on return.
 * @param[out]    r0   The program's result.
 * @retval 0             The program exited; @p r0 is set.
 * @retval -THOOK_EINVAL NULL argument or a stack smaller than
 *                       THOOK_STACK_BYTES.
 * @retval -THOOK_ELIMIT The budget ran out at @c x->fault_pc.
 * @retval -THOOK_EDEPTH A local call at @c x->fault_pc would nest deeper
 *                       than THOOK_MAX_FRAMES.
 * @warning Memory accesses are not checked; see the group's warning.
 * @note Context: any, including interrupt context when helpers allow it;
 *       uses about 200 bytes of machine stack.
 */
int thook_run(const struct thook_prog *prog, struct thook_exec *x,
	      uint64_t *r0);

/**
 * @brief Run a loaded program, checking every memory access.
 *
 * As thook_run(), but a load, store or atomic operation must fall wholly
 * inside the stack or inside one of @c x->regions with the needed
 * permission, and atomic operations must be naturally aligned.
 *
 * @param[in]     prog A program from thook_prog_load().
 * @param[in,out] x    As for thook_run(); fault_pc and fault_addr report
 *                     a fault.
 * @param[out]    r0   The program's result.
 * @retval 0             The program exited; @p r0 is set.
 * @retval -THOOK_EINVAL NULL argument or a stack that is too small.
 * @retval -THOOK_EFAULT A memory access outside the allowed memory.
 * @retval -THOOK_ELIMIT The budget ran out.
 * @retval -THOOK_EDEPTH Local calls nested too deep.
 * @note Context: as thook_run().
 */
int thook_run_checked(const struct thook_prog *prog, struct thook_exec *x,
		      uint64_t *r0);

/**
 * @name JIT compilers (x86-64 and aarch64)
 *
 * thook_jit_compile() turns a loaded program into machine code for a
 * chosen architecture, written into a buffer the caller provides.  Both
 * compilers are built on every host (they only write bytes), so a kernel
 * can compile for its own architecture and a host tool for any.
 *
 * The embedder makes the buffer executable (map it, or flip its page
 * permissions) and, on aarch64, cleans the data cache and invalidates the
 * instruction cache over it before running the code; the library does
 * neither.  The generated function has the type #thook_jit_fn and is
 * called as thook_run() is, without the program: thook_jit_run() does so
 * with the same argument checks.
 *
 * Machine model, identical to thook_run(): r1-r5 start as @c x->args,
 * r10 points to the top of @c x->stack (THOOK_STACK_BYTES, 8 frames of
 * THOOK_FRAME_BYTES), r0 and r6-r9 start at 0; helpers receive
 * @c x->helper_env as their first C argument and r1-r5 after it, and
 * r1-r5 keep their values across a helper call; a THOOK_HELPER_UNWIND
 * helper returning 0 ends the program with r0 = 0; local calls save
 * r6-r9, move r10 down one frame, and nest at most THOOK_MAX_FRAMES deep
 * (deeper: -THOOK_EDEPTH with @c x->fault_pc at the call).  Arithmetic
 * follows RFC 9669 as the interpreter does (division by zero gives 0,
 * modulo by zero leaves the dividend, INT_MIN / -1 wraps, shifts are
 * masked, 32-bit operations zero-extend).  Atomics are lock-prefixed
 * instructions on x86-64 and ldaxr/stlxr loops on aarch64 (no LSE needed).
 *
 * @warning Compiled code does not count @c x->budget (it is ignored) and
 * checks no memory access: loads, stores and atomics go to the addresses
 * the program computes.  Only compile programs whose termination and
 * memory safety a verifier has proved, or that come from a trusted
 * source; thook_run_checked() is the engine for anything else.
 * @{
 */

/** Architecture: x86-64 (System V calling convention). */
#define THOOK_JIT_X86_64 1u
/** Architecture: aarch64 (AAPCS64 calling convention). */
#define THOOK_JIT_ARM64 2u
/** @cond INTERNAL */
#if defined(__x86_64__)
#define THOOK_JIT_HOST_ THOOK_JIT_X86_64
#elif defined(__aarch64__)
#define THOOK_JIT_HOST_ THOOK_JIT_ARM64
#else
#define THOOK_JIT_HOST_ 0u
#endif
/** @endcond */
/** The architecture this library was built for, or 0 if it has no JIT. */
#define THOOK_JIT_HOST THOOK_JIT_HOST_

/**
 * @brief Compiled code: where it starts in the buffer and how long it is.
 *
 * The buffer starts with a table of instruction offsets (4 bytes a slot,
 * used while compiling), then the code from @c entry to @c size.
 */
struct thook_jit {
	size_t entry; /**< Offset of the function in the buffer. */
	size_t size;  /**< Bytes of the buffer used, table included. */
};

/**
 * @brief The compiled function, at buffer + thook_jit::entry.
 *
 * Same contract as thook_run() (see the group above).  Returns 0 with
 * @p r0 set, or -THOOK_EDEPTH (then @c x->fault_pc is set).  The direct
 * call path for verified code: an embedder whose struct thook_exec is
 * known good (non-NULL, a stack of THOOK_STACK_BYTES at least, as
 * thook_jit_run() checks) may call the function itself and save the
 * checks; it writes nothing of @p x on success.
 */
typedef int (*thook_jit_fn)(struct thook_exec *x, uint64_t *r0);

/**
 * @brief Bytes of buffer thook_jit_compile() needs for @p prog.
 *
 * @param[in]  prog A program from thook_prog_load().
 * @param[in]  arch THOOK_JIT_X86_64 or THOOK_JIT_ARM64.
 * @param[out] size The buffer size.
 * @retval 0             @p size is set.
 * @retval -THOOK_EINVAL NULL argument or unknown @p arch.
 * @note Context: any; O(n); writes nothing but @p size.
 */
int thook_jit_size(const struct thook_prog *prog, unsigned arch, size_t *size);

/**
 * @brief Compile @p prog for @p arch into @p buf.
 *
 * Two passes over the program: the first records where each instruction
 * starts, the second writes the code with every jump resolved.
 *
 * @param[in]  prog A program from thook_prog_load().
 * @param[in]  arch THOOK_JIT_X86_64 or THOOK_JIT_ARM64.
 * @param[out] buf  Output; 16-byte aligned (instructions start at a
 *                  16-byte boundary relative to it).
 * @param[in]  cap  Bytes at @p buf; thook_jit_size() says how many.
 * @param[out] out  Entry offset and size of the code.
 * @retval 0             Compiled; @p out is set.
 * @retval -THOOK_EINVAL NULL argument, unknown @p arch, or @p buf not
 *                       aligned to 4 bytes.
 * @retval -THOOK_ENOSPC @p cap is smaller than thook_jit_size(); nothing
 *                       was written.
 * @note Context: any; O(n); uses under 200 bytes of machine stack.
 */
int thook_jit_compile(const struct thook_prog *prog, unsigned arch, void *buf,
		      size_t cap, struct thook_jit *out);

/**
 * @brief Call compiled code with thook_run()'s argument checks.
 *
 * @param[in]     fn Buffer + thook_jit::entry, executable, for this CPU.
 * @param[in,out] x  Arguments, stack, helper_env; fault_pc on -EDEPTH.
 * @param[out]    r0 The program's result.
 * @retval 0             The program exited; @p r0 is set.
 * @retval -THOOK_EINVAL NULL argument or a stack smaller than
 *                       THOOK_STACK_BYTES.
 * @retval -THOOK_EDEPTH A local call at @c x->fault_pc would nest deeper
 *                       than THOOK_MAX_FRAMES.
 * @note Context: as thook_run(); the budget is not counted.
 */
int thook_jit_run(thook_jit_fn fn, struct thook_exec *x, uint64_t *r0);

/** @} */

/**
 * @brief Name an error code.
 *
 * @param[in] err A THOOK_E* code, negated or not.
 * @return A static string; never NULL ("unknown error" for other values).
 */
const char *thook_strerror(int err);

/* ---------------------------------------------------------------------- */
/**
 * @name Maps
 * Key/value tables in caller storage that programs reach through
 * `lddw dst, map` (a pseudo 64-bit load with src 1 whose immediate is an
 * index into the map table given to thook_verify() and thook_hook_load()).
 *
 * An array map has 4-byte keys (an index below max_entries) and every
 * entry always exists.  A hash map stores up to max_entries keys, chained
 * in buckets chosen by a keyed hash (SipHash-1-3 with the embedder's
 * seed, so that programs fed with attacker-chosen keys cannot force long
 * chains without knowing the seed).  Values are 8-byte aligned.
 *
 * Locking: a map has no lock.  Lookups may run on several CPUs at once;
 * updates and deletes need exclusion against every other access to the
 * same map (for example, attach the programs that update a map to one
 * CPU's hooks only).  Values may be changed in place with atomic
 * instructions from several CPUs.
 * @{
 */

/** Map type: array indexed by a 32-bit key. */
#define THOOK_MAP_ARRAY 1u
/** Map type: hash table. */
#define THOOK_MAP_HASH 2u
/** Largest key or value, in bytes. */
#define THOOK_MAP_MAX_SIZE 512u
/** Update flag: create or replace. */
#define THOOK_MAP_ANY 0u
/** Update flag: create only (-THOOK_EEXIST if present). */
#define THOOK_MAP_NOEXIST 1u
/** Update flag: replace only (-THOOK_ENOENT if absent). */
#define THOOK_MAP_EXIST 2u

/** @cond INTERNAL */
#define THOOK__R8(x) (((uint64_t)(x) + 7u) & ~(uint64_t)7u)
#define THOOK__POW2_32(x) \
	((x) <= 1u ? 1u : 1ull << (64 - __builtin_clzll((uint64_t)(x)-1u)))
/** @endcond */

/**
 * Bytes of storage a map needs: @p type, key and value sizes, entries.
 * Storage must be 8-byte aligned.
 */
#define THOOK_MAP_STORAGE(type, key_size, value_size, max_entries)      \
	((type) == THOOK_MAP_ARRAY                                      \
		 ? THOOK__R8(value_size) * (uint64_t)(max_entries)      \
		 : (8u + THOOK__R8(key_size) + THOOK__R8(value_size)) * \
				   (uint64_t)(max_entries) +            \
			   4u * THOOK__POW2_32(max_entries))

/**
 * @brief A map: its shape and a pointer to its caller storage.
 */
struct thook_map {
	/** @cond INTERNAL */
	uint8_t *mem;
	uint32_t *buckets;
	uint32_t type;
	uint32_t key_size;
	uint32_t value_size;
	uint32_t max_entries;
	uint32_t nbuckets;
	uint32_t count;
	uint32_t free_head;
	uint32_t entry_size;
	uint64_t seed[2];
	/** @endcond */
};

/**
 * @brief Set up a map in caller storage.
 *
 * Array values start zeroed; a hash map starts empty.
 *
 * @param[out] m           The map.
 * @param[in]  type        THOOK_MAP_ARRAY or THOOK_MAP_HASH.
 * @param[in]  key_size    Key bytes: 4 for an array; 1 to
 *                         THOOK_MAP_MAX_SIZE for a hash map.
 * @param[in]  value_size  Value bytes, 1 to THOOK_MAP_MAX_SIZE.
 * @param[in]  max_entries Entries, 1 to 65536.
 * @param[in]  mem         Storage, 8-byte aligned.
 * @param[in]  size        Bytes at @p mem; THOOK_MAP_STORAGE() at least.
 * @param[in]  seed        Hash seed (16 bytes of secret randomness from
 *                         the embedder; ignored for arrays); may be NULL
 *                         for an array.
 * @retval 0             Ready.
 * @retval -THOOK_EINVAL NULL argument, bad type, sizes or alignment.
 * @retval -THOOK_ENOSPC @p size below THOOK_MAP_STORAGE().
 * @note Context: any; O(size).
 */
int thook_map_init(struct thook_map *m, uint32_t type, uint32_t key_size,
		   uint32_t value_size, uint32_t max_entries, void *mem,
		   size_t size, const uint64_t seed[2]);

/**
 * @brief Find the value of @p key.
 *
 * @param[in] m   The map.
 * @param[in] key key_size bytes.
 * @return The value (value_size bytes, 8-byte aligned, inside the map's
 *         storage), or NULL when absent or an argument is NULL.
 * @note Context: any; O(1) expected.
 */
void *thook_map_lookup(const struct thook_map *m, const void *key);

/**
 * @brief Insert or replace the value of @p key.
 *
 * @param[in,out] m     The map.
 * @param[in]     key   key_size bytes.
 * @param[in]     value value_size bytes.
 * @param[in]     flags THOOK_MAP_ANY, THOOK_MAP_NOEXIST or THOOK_MAP_EXIST.
 * @retval 0             Stored.
 * @retval -THOOK_EINVAL NULL argument, unknown flags, or an array index
 *                       out of range.
 * @retval -THOOK_EEXIST THOOK_MAP_NOEXIST and the key is present (always,
 *                       for an array).
 * @retval -THOOK_ENOENT THOOK_MAP_EXIST and the key is absent.
 * @retval -THOOK_ENOSPC The hash map is full.
 * @note Context: any; O(1) expected; see the locking note of the group.
 */
int thook_map_update(struct thook_map *m, const void *key, const void *value,
		     uint64_t flags);

/**
 * @brief Remove @p key from a hash map.
 *
 * @param[in,out] m   The map.
 * @param[in]     key key_size bytes.
 * @retval 0             Removed.
 * @retval -THOOK_EINVAL NULL argument, or an array map (array entries
 *                       cannot be removed).
 * @retval -THOOK_ENOENT The key is absent.
 * @note Context: any; O(1) expected; see the locking note of the group.
 */
int thook_map_delete(struct thook_map *m, const void *key);

/** @} */

/* ---------------------------------------------------------------------- */
/**
 * @name Hook points and their contexts
 * Each hook point passes a pointer to its context structure in r1.  Every
 * field is readable; the fields a program may also write are named.  The
 * return contract says which r0 values a program may give (the verifier
 * proves it) and how the results of several programs combine.
 * @{
 */

/** Syscall entry: may deny the call (security policy). */
#define THOOK_HOOK_SYSCALL_ENTER 0u
/** Syscall exit: observes the result. */
#define THOOK_HOOK_SYSCALL_EXIT 1u
/** IPC send: may drop the message; may rewrite its payload words. */
#define THOOK_HOOK_IPC_SEND 2u
/** IPC receive: observes. */
#define THOOK_HOOK_IPC_RECV 3u
/** Task switch: observes. */
#define THOOK_HOOK_TASK_SWITCH 4u
/** Interrupt: observes. */
#define THOOK_HOOK_INTERRUPT 5u
/** Number of hook points. */
#define THOOK_HOOK_COUNT 6u

/**
 * @brief Context of THOOK_HOOK_SYSCALL_ENTER (64 bytes, read-only).
 *
 * Contract: r0 in [0, 4095]; 0 allows the call, another value denies it
 * with that error number.  All programs run; the first nonzero result
 * is the hook's result.
 */
struct thook_ctx_syscall_enter {
	uint64_t nr;	  /**< Offset 0: syscall number. */
	uint64_t args[6]; /**< Offsets 8 to 48: arguments. */
	uint64_t pid;	  /**< Offset 56: calling process. */
};

/**
 * @brief Context of THOOK_HOOK_SYSCALL_EXIT (64 bytes, read-only).
 *
 * Contract: observe only, r0 = 0.
 */
struct thook_ctx_syscall_exit {
	uint64_t nr;	  /**< Offset 0: syscall number. */
	int64_t ret;	  /**< Offset 8: the call's result. */
	uint64_t args[6]; /**< Offsets 16 to 56: arguments. */
};

/**
 * @brief Context of THOOK_HOOK_IPC_SEND and THOOK_HOOK_IPC_RECV (64 bytes).
 *
 * Send: @c words is writable, the rest read-only; r0 is 0 (deliver) or 1
 * (drop); the message is dropped if any program says so.  Receive: all
 * read-only, r0 = 0.
 */
struct thook_ctx_ipc {
	uint64_t sender;   /**< Offset 0: sending task. */
	uint64_t receiver; /**< Offset 8: receiving task. */
	uint64_t label;	   /**< Offset 16: message label. */
	uint64_t len;	   /**< Offset 24: payload words in use. */
	uint64_t words[4]; /**< Offsets 32 to 56: first payload words. */
};

/**
 * @brief Context of THOOK_HOOK_TASK_SWITCH (32 bytes, read-only).
 *
 * Contract: observe only, r0 = 0.
 */
struct thook_ctx_task_switch {
	uint64_t prev;	/**< Offset 0: task leaving the CPU. */
	uint64_t next;	/**< Offset 8: task taking the CPU. */
	uint64_t cpu;	/**< Offset 16: CPU number. */
	uint64_t state; /**< Offset 24: state of the leaving task. */
};

/**
 * @brief Context of THOOK_HOOK_INTERRUPT (32 bytes, read-only).
 *
 * Contract: observe only, r0 = 0.
 */
struct thook_ctx_interrupt {
	uint64_t irq;  /**< Offset 0: interrupt number. */
	uint64_t cpu;  /**< Offset 8: CPU number. */
	uint64_t pc;   /**< Offset 16: interrupted program counter. */
	uint64_t user; /**< Offset 24: 1 when user mode was interrupted. */
};

/**
 * @brief Name of hook point @p hook ("syscall_enter", "ipc_send", ...).
 *
 * @param[in] hook A THOOK_HOOK_* value.
 * @return A static string; "?" for an unknown value (never NULL).
 */
const char *thook_hook_name(uint32_t hook);

/**
 * @brief Find a hook point by name.
 *
 * @param[in] name As thook_hook_name() gives it.
 * @return The THOOK_HOOK_* value.
 * @retval -THOOK_ENOENT No such hook point (or @p name is NULL).
 */
int thook_hook_find(const char *name);

/** @} */

/* ---------------------------------------------------------------------- */
/**
 * @name Helpers with types
 * The registry: every helper declares its argument and return types, and
 * the hook points that allow it.  The verifier checks each call against
 * its entry.  thook_std_helpers lists the standard helpers, numbered as
 * Linux numbers them so that C programs compiled with clang call them
 * unchanged.
 * @{
 */

/** Argument unused. */
#define THOOK_ARG_NONE 0u
/** Any initialised scalar. */
#define THOOK_ARG_SCALAR 1u
/** The context pointer, unmoved. */
#define THOOK_ARG_CTX 2u
/** A map handle (lddw dst, map). */
#define THOOK_ARG_MAP 3u
/** Pointer to key_size initialised bytes (stack or map value) of the map
 *  in the previous argument. */
#define THOOK_ARG_MAP_KEY 4u
/** Pointer to value_size initialised bytes, as THOOK_ARG_MAP_KEY. */
#define THOOK_ARG_MAP_VALUE 5u
/** Pointer to initialised stack or map-value memory; its size is the next
 *  argument, which must be THOOK_ARG_SIZE. */
#define THOOK_ARG_MEM 6u
/** Size of the previous THOOK_ARG_MEM: a scalar with a proven maximum. */
#define THOOK_ARG_SIZE 7u

/** Return: a scalar. */
#define THOOK_RET_SCALAR 0u
/** Return: a value of the THOOK_ARG_MAP argument's map, or NULL. */
#define THOOK_RET_MAP_VALUE_OR_NULL 1u

/** Helper number: look up a key; THOOK_RET_MAP_VALUE_OR_NULL. */
#define THOOK_FN_MAP_LOOKUP 1u
/** Helper number: update (map, key, value, flags); 0 or a negative code. */
#define THOOK_FN_MAP_UPDATE 2u
/** Helper number: delete (map, key); 0 or a negative code. */
#define THOOK_FN_MAP_DELETE 3u
/** Helper number: the embedder's time in ns (struct thook_env::now). */
#define THOOK_FN_KTIME 5u
/** Helper number: (data, size) to the embedder's trace callback; returns
 *  size. */
#define THOOK_FN_TRACE 6u
/** Helper number: the current process id (struct thook_env::pid). */
#define THOOK_FN_CURRENT_PID 14u

/**
 * @brief One registry entry: a helper and its types.
 */
struct thook_helper_proto {
	uint32_t id;	    /**< Number used by `call id`. */
	uint32_t hooks;	    /**< Bit (1 << THOOK_HOOK_*) per allowing hook. */
	thook_helper_fn fn; /**< The function. */
	const char *name;   /**< Name for diagnostics. */
	uint8_t ret;	    /**< THOOK_RET_*. */
	uint8_t args[5];    /**< THOOK_ARG_* of r1 to r5. */
};

/**
 * @brief What the standard helpers read: struct thook_exec::helper_env of
 * a hook run.
 */
struct thook_env {
	uint64_t now; /**< Time in ns, from the embedder's clock. */
	uint64_t pid; /**< Current process id. */
	/** Trace output: @p len bytes at @p data; may be NULL. */
	void (*trace)(void *arg, const void *data, uint32_t len);
	void *trace_arg; /**< First argument of @c trace. */
};

/** Entries in thook_std_helpers. */
#define THOOK_STD_HELPERS 6u

/**
 * @brief The standard helpers: map lookup, update and delete (every hook
 * point), ktime (every hook point), current pid (all but interrupt and
 * task switch), trace (all but interrupt and task switch).
 */
extern const struct thook_helper_proto thook_std_helpers[THOOK_STD_HELPERS];

/** @} */

/* ---------------------------------------------------------------------- */
/**
 * @name Verifier
 * A static proof, before any attach, that a program is safe at a hook
 * point: abstract interpretation of every path (in the style of the Linux
 * verifier), with each register typed (uninitialised, scalar, context,
 * stack, map value, map value or NULL, map handle), scalars tracked as
 * known bits plus signed and unsigned 64-bit ranges, and every stack byte
 * tracked as written or not (8-byte slots may hold spilled registers).
 * It proves: no register is read before it is written; every load and
 * store falls inside the hook's context (writes to writable fields only),
 * the 512-byte stack frame (no read of unwritten bytes) or a map value;
 * map values are checked against NULL before use; each call names a
 * helper allowed at the hook, with arguments of the declared types; r0 is
 * a scalar within the hook's contract at exit; no pointer reaches r0 at
 * exit, a map value or the context; every loop ends.
 *
 * Loops are simulated iteration by iteration, so a loop is accepted when
 * its bound is proven on every path.  Work is bounded: at most
 * THOOK_VERIFY_WORK instructions are processed (or the bound the caller
 * sets), and a program needing more is rejected with a diagnostic that
 * says so.  A loop that comes back to exactly the state it started from
 * is rejected as infinite.
 *
 * Storage: the caller provides states (struct thook_vstate, about 32 KiB
 * each): a stack of pending branches and a pool of explored states used
 * for pruning, plus one uint32_t per instruction.
 * @{
 */

/** Default bound on instructions processed by one verification. */
#define THOOK_VERIFY_WORK 1000000u

/** @cond INTERNAL */
struct thook__vreg {
	uint8_t type;
	uint8_t frame;
	uint16_t map;
	uint32_t id;
	uint64_t tv, tm;
	int64_t smin, smax;
	uint64_t umin, umax;
};
struct thook__vframe {
	struct thook__vreg saved[4];
	uint32_t ret;
	uint8_t init[THOOK_FRAME_BYTES / 8];
	uint8_t spill[THOOK_FRAME_BYTES / 8];
	struct thook__vreg slot[THOOK_FRAME_BYTES / 8];
};
/** @endcond */

/**
 * @brief One abstract machine state (caller storage for the verifier).
 */
struct thook_vstate {
	/** @cond INTERNAL */
	struct thook__vreg r[THOOK_NREGS];
	struct thook__vframe f[THOOK_MAX_FRAMES];
	uint32_t pc;
	uint32_t depth;
	uint32_t next_id;
	uint32_t parent;
	uint32_t branches;
	uint32_t next;
	/** @endcond */
};

/**
 * @brief What a program is verified against.
 */
struct thook_vcfg {
	uint32_t hook;			     /**< THOOK_HOOK_*. */
	const struct thook_map *const *maps; /**< Map table (lddw src 1). */
	uint32_t nmaps;			     /**< Entries in @c maps. */
	const struct thook_helper_proto *helpers; /**< Registry. */
	uint32_t nhelpers;			  /**< Entries in @c helpers. */
	uint32_t max_work; /**< Instructions processed; 0: THOOK_VERIFY_WORK. */
};

/**
 * @brief Caller storage of one verification.
 */
struct thook_vwork {
	struct thook_vstate *pending; /**< Pending-branch stack. */
	uint32_t npending;	      /**< Entries at @c pending (>= 1). */
	struct thook_vstate *seen;    /**< Explored states (pruning). */
	uint32_t nseen;		      /**< Entries at @c seen (may be 0). */
	uint32_t *heads;	      /**< One per instruction slot. */
	uint32_t nheads;	      /**< Entries at @c heads. */
	uint32_t processed;	      /**< Out: instructions processed. */
};

/**
 * @brief Prove a program safe at a hook point.
 *
 * @param[in]     insns The program (validated first, as thook_validate()).
 * @param[in]     n     Number of slots.
 * @param[in]     cfg   Hook, map table, helper registry, work bound.
 * @param[in,out] work  Storage; @c processed is set.
 * @param[out]    diag  On rejection: index, instruction and reason with
 *                      the failing register state; may be NULL.
 * @retval 0               Proven safe.
 * @retval -THOOK_EINVAL   NULL argument, unknown hook, bad @p n, or a
 *                         @c heads array shorter than @p n.
 * @retval -THOOK_ENOEXEC  Rejected; @p diag says where and why.
 * @retval -THOOK_ENOSPC   More pending branches than @c npending holds
 *                         (@p diag names the instruction).
 * @note Context: any; time bounded by the work bound.
 */
int thook_verify(const struct thook_insn *insns, uint32_t n,
		 const struct thook_vcfg *cfg, struct thook_vwork *work,
		 struct thook_diag *diag);

/** @} */

/* ---------------------------------------------------------------------- */
/**
 * @name Attaching programs to hook points
 * @{
 */

/**
 * @brief A program verified and loaded for one hook point.
 */
struct thook_hook_prog {
	struct thook_prog prog; /**< The loaded program. */
	/** @cond INTERNAL */
	uint32_t hook;
	uint32_t magic;
	/** @endcond */
};

/**
 * @brief Verify a program for @c cfg->hook, then load it: maps resolved,
 * helpers bound from the registry.
 *
 * @param[out]    hp    The program.
 * @param[out]    ops   THOOK_PROG_OPS(@p n) entries.
 * @param[in]     cap   Entries at @p ops.
 * @param[in]     insns The program.
 * @param[in]     n     Number of slots.
 * @param[in]     cfg   As for thook_verify(); the maps must outlive @p hp.
 * @param[in,out] work  As for thook_verify().
 * @param[out]    diag  As for thook_verify(); may be NULL.
 * @retval 0              Loaded.
 * @retval -THOOK_EINVAL  NULL argument or bad @p n or hook.
 * @retval -THOOK_ENOSPC  @p cap too small, or verifier storage too small.
 * @retval -THOOK_ENOEXEC Rejected by the verifier.
 * @note Context: any; @p hp is written only on success.
 */
int thook_hook_load(struct thook_hook_prog *hp, struct thook_op *ops,
		    uint32_t cap, const struct thook_insn *insns, uint32_t n,
		    const struct thook_vcfg *cfg, struct thook_vwork *work,
		    struct thook_diag *diag);

/**
 * @brief One hook point's list of attached programs (caller storage).
 */
struct thook_hook {
	/** @cond INTERNAL */
	const struct thook_hook_prog **progs;
	uint32_t cap;
	uint32_t n;
	uint32_t point;
	/** @endcond */
};

/**
 * @brief Set up an empty hook point.
 *
 * @param[out] h     The hook point.
 * @param[in]  point THOOK_HOOK_*.
 * @param[in]  slots Storage for @p cap program pointers.
 * @param[in]  cap   Programs that can be attached at once.
 * @retval 0             Ready.
 * @retval -THOOK_EINVAL NULL argument, @p cap 0 or unknown @p point.
 */
int thook_hook_init(struct thook_hook *h, uint32_t point,
		    const struct thook_hook_prog **slots, uint32_t cap);

/**
 * @brief Attach @p hp after the programs already attached.
 *
 * @param[in,out] h  The hook point.
 * @param[in]     hp A program from thook_hook_load(); must stay valid
 *                   until detached.
 * @retval 0             Attached.
 * @retval -THOOK_EINVAL NULL argument or @p hp not loaded.
 * @retval -THOOK_EPERM  @p hp was verified for another hook point.
 * @retval -THOOK_EEXIST Already attached here.
 * @retval -THOOK_ENOSPC No free slot.
 */
int thook_hook_attach(struct thook_hook *h, const struct thook_hook_prog *hp);

/**
 * @brief Detach @p hp; the others keep their order.
 *
 * @param[in,out] h  The hook point.
 * @param[in]     hp An attached program.
 * @retval 0             Detached.
 * @retval -THOOK_EINVAL NULL argument.
 * @retval -THOOK_ENOENT Not attached here.
 */
int thook_hook_detach(struct thook_hook *h, const struct thook_hook_prog *hp);

/**
 * @brief Run every attached program in attach order on @p ctx and combine
 * their results per the hook's contract.
 *
 * Each program gets r1 = @p ctx; the standard helpers read @p env.
 * Programs are not memory-checked: the verifier proved them.
 *
 * @param[in]     h      The hook point.
 * @param[in,out] ctx    The hook's context structure.
 * @param[in]     env    Time, pid and trace callback for helpers.
 * @param[in,out] x      Stack (THOOK_STACK_BYTES, 8-byte aligned) and
 *                       budget; args and helper_env are set here.
 * @param[out]    result Combined result: syscall entry, the first nonzero
 *                       r0 (0 allows); IPC send, 1 if any program drops;
 *                       others 0.
 * @retval 0             All programs ran (none attached: @p result 0).
 * @retval -THOOK_EINVAL NULL argument or a stack that is too small.
 * @retval -THOOK_ELIMIT A program ran out of budget; the ones after it
 *                       did not run.
 * @note Context: the hook's; no lock is taken.
 */
int thook_hook_run(const struct thook_hook *h, void *ctx, struct thook_env *env,
		   struct thook_exec *x, uint64_t *result);

/** @} */

/* ---------------------------------------------------------------------- */
/**
 * @name ELF objects
 * Programs written in C and compiled by clang (`clang -target bpf -O2 -c`)
 * arrive as relocatable ELF64 objects.  thook_elf_load() takes one program
 * section (the name given to SEC() in the source) out of such an object:
 * it appends the shared `.text` section when the program calls functions
 * there, resolves `R_BPF_64_64` relocations of lddw to maps (each map is a
 * symbol, bound by name through the embedder's table: the lddw becomes
 * `lddw dst, map N` with N the name's index) and `R_BPF_64_32`
 * relocations of local calls, and reads the `license` section.
 * thook_elf_maps() lists the map definitions so that an embedder can
 * create the maps the object expects: those of a legacy `maps` section
 * (struct { u32 type, key_size, value_size, max_entries, flags; }) or,
 * without one, those of a `.maps` section as libbpf defines them, read
 * from the object's BTF (`clang -g`): an anonymous struct per map whose
 * members `type`, `max_entries`, `map_flags`, `key_size`, `value_size`
 * are `__uint(name, N)` (`int (*name)[N]`) and `key`, `value` are
 * `__type(name, T)` (`typeof(T) *name`, T's size).
 *
 * Every header field, offset, size, name and relocation is checked
 * against the image before use: a malformed object is refused with a
 * diagnostic and never read outside the @p size bytes given.  The image
 * needs no alignment.  Storage: the caller's instruction array.  Locking:
 * none; the image is only read.
 * @{
 */

/** Longest section, license or map name, NUL included. */
#define THOOK_ELF_NAME_LEN 64

/**
 * @brief What thook_elf_load() found besides the instructions.
 */
struct thook_elf_prog {
	uint32_t n;			  /**< Slots written. */
	uint32_t text_base;		  /**< First slot of .text, or n. */
	char section[THOOK_ELF_NAME_LEN]; /**< Program section name. */
	char license[THOOK_ELF_NAME_LEN]; /**< License; "" if none. */
};

/**
 * @brief One map definition of a `maps` section.
 */
struct thook_elf_map {
	char name[THOOK_ELF_NAME_LEN]; /**< Symbol name. */
	uint32_t type;		       /**< Map type as written. */
	uint32_t key_size;	       /**< Key bytes. */
	uint32_t value_size;	       /**< Value bytes. */
	uint32_t max_entries;	       /**< Entries. */
	uint32_t flags;		       /**< Flags (0 when absent). */
};

/**
 * @brief Load one program of a clang BPF object into @p insns.
 *
 * @param[in]  image     The object file's bytes.
 * @param[in]  size      Bytes at @p image.
 * @param[in]  section   Program section name; NULL: the first section of
 *                       code other than `.text` (or `.text` alone).
 * @param[in]  map_names Map table: name of map 0, 1, ...; may be NULL
 *                       when @p nmaps is 0.
 * @param[in]  nmaps     Entries in @p map_names.
 * @param[out] insns     The program, ready for thook_verify().
 * @param[in]  cap       Entries at @p insns.
 * @param[out] out       Slot count, section name and license.
 * @param[out] diag      On refusal: the reason (index: the instruction a
 *                       relocation is about, else 0); may be NULL.
 * @retval 0              Loaded.
 * @retval -THOOK_EINVAL  NULL @p image, @p insns or @p out, or NULL
 *                        @p map_names with @p nmaps above 0.
 * @retval -THOOK_ENOEXEC Malformed or unsupported object; @p diag says
 *                        why.
 * @retval -THOOK_ENOSPC  @p cap is below the program's slot count.
 * @note Context: any; O(size * sections); @p insns and @p out are
 *       written only on success.
 */
int thook_elf_load(const void *image, size_t size, const char *section,
		   const char *const *map_names, uint32_t nmaps,
		   struct thook_insn *insns, uint32_t cap,
		   struct thook_elf_prog *out, struct thook_diag *diag);

/**
 * @brief List the map definitions of the object's `maps` or `.maps`
 *        section.
 *
 * A `maps` section is read as the legacy layout; without one, each
 * object symbol of `.maps` is looked up as a VAR of the BTF's `.maps`
 * DATASEC, and its struct's members give the definition (members other
 * than the seven above, such as libbpf's `pinning`, are refused; a
 * `key` or `value` given with its size attribute must agree with it;
 * `map_flags` may be absent, the other four may not).  The BTF is checked
 * whole before use: header, every type record, every name.
 *
 * @param[in]  image The object file's bytes.
 * @param[in]  size  Bytes at @p image.
 * @param[out] maps  Definitions in symbol table order; may be NULL when
 *                   @p cap is 0 (then the count is returned).
 * @param[in]  cap   Entries at @p maps.
 * @param[out] diag  On refusal: the reason (for a map, its name and the
 *                   member); may be NULL.
 * @return The number of maps (0 without a `maps` or `.maps` section).
 * @retval -THOOK_EINVAL  NULL @p image, or NULL @p maps with @p cap above
 *                        0.
 * @retval -THOOK_ENOEXEC Malformed object, BTF or map definition, or
 *                        `.maps` without `.BTF`.
 * @retval -THOOK_ENOSPC  More maps than @p cap.
 * @note Context: any; O(maps * BTF types) for `.maps`; @p maps is written
 *       only on success.
 */
int thook_elf_maps(const void *image, size_t size, struct thook_elf_map *maps,
		   uint32_t cap, struct thook_diag *diag);

/** @} */

/** @} */
#endif /* THOOK_HOOK_H */
