/* SPDX-License-Identifier: BSD-2-Clause */
/* thook_verify(): accepted and rejected programs for every rule. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vfixture.h"

#define SE THOOK_HOOK_SYSCALL_ENTER
#define SX THOOK_HOOK_SYSCALL_EXIT
#define IS THOOK_HOOK_IPC_SEND
#define TS THOOK_HOOK_TASK_SWITCH
#define IR THOOK_HOOK_INTERRUPT

struct vcase {
	const char *name;
	uint32_t hook;
	const char *text;
	const char *why; /* NULL: accepted; else a part of the diagnostic */
};

#define LOOKUP0              \
	"stdw [%r10-8], 1\n" \
	"mov %r2, %r10\n"    \
	"add %r2, -8\n"      \
	"lddw %r1, map 0\n"  \
	"call 1\n"

static const struct vcase cases[] = {
	/* r0 and registers */
	{"ret0", SE, "mov %r0, 0\nexit\n", NULL},
	{"uninit_alu", SE, "or %r0, %r10\nexit\n",
	 "or %r0, %r10: r0 is not initialised (read before written)"},
	{"uninit_exit", SE, "exit\n", "r0 is not initialised"},
	{"uninit_src", SE, "mov %r0, %r3\nexit\n", "r3 is not initialised"},
	{"uninit_r2", SE, "mov %r0, 0\njeq %r2, 0, +0\nexit\n",
	 "r2 is not initialised"},
	/* return contracts */
	{"deny_range", SE, "mov %r0, 13\nexit\n", NULL},
	{"deny_too_big", SE, "mov %r0, 4096\nexit\n",
	 "r0 is scalar 4096 at exit; hook syscall_enter allows [0, 4095]"},
	{"exit_observe", SX, "mov %r0, 1\nexit\n",
	 "hook syscall_exit allows [0, 0]"},
	{"exit_unknown", SE, "ldxdw %r0, [%r1+8]\nexit\n",
	 "r0 is scalar unknown at exit"},
	{"exit_masked", SE, "ldxdw %r0, [%r1+8]\nand %r0, 4095\nexit\n", NULL},
	{"exit_ptr", SE, "mov %r0, %r1\nexit\n",
	 "r0 is ctx+0 at exit: a pointer would leak"},
	{"exit_fp", SE, "mov %r0, %r10\nadd %r0, -8\nexit\n",
	 "r0 is fp-8 at exit"},
	/* context */
	{"ctx_read", SE,
	 "ldxdw %r2, [%r1+0]\nmov %r0, 0\njne %r2, 59, +1\nmov %r0, 1\n"
	 "exit\n",
	 NULL},
	{"ctx_var_ok", SE,
	 "ldxdw %r2, [%r1+0]\nand %r2, 7\nlsh %r2, 3\nmov %r3, %r1\n"
	 "add %r3, %r2\nldxdw %r0, [%r3+0]\nmov %r0, 0\nexit\n",
	 NULL},
	{"ctx_var_bad", SE,
	 "ldxdw %r2, [%r1+0]\nand %r2, 600\nmov %r3, %r1\n"
	 "add %r3, %r2\nldxdw %r0, [%r3+0]\nmov %r0, 0\nexit\n",
	 "r3 is ctx+[0, 600], access of size 8 at 0 exceeds 64"},
	{"ctx_neg", SE, "ldxw %r0, [%r1-4]\nexit\n", "exceeds 64"},
	{"ctx_end", TS, "ldxdw %r0, [%r1+32]\nexit\n", "exceeds 32"},
	{"ctx_unbounded", SE,
	 "ldxdw %r2, [%r1+0]\nadd %r1, %r2\nmov %r0, 0\nexit\n",
	 "pointer offset not bounded"},
	{"ctx_write_ro", SE, "stdw [%r1+8], 0\nmov %r0, 0\nexit\n",
	 "writes a read-only field"},
	{"ipc_write_words", IS,
	 "stdw [%r1+32], 0\nstxw [%r1+60], %r1\nmov %r0, 1\nexit\n",
	 "stores a pointer into the context"},
	{"ipc_write_ok", IS,
	 "ldxdw %r2, [%r1+24]\nstxdw [%r1+56], %r2\nstb [%r1+32], 1\n"
	 "mov %r0, 1\nexit\n",
	 NULL},
	{"ipc_write_label", IS, "stdw [%r1+16], 0\nmov %r0, 0\nexit\n",
	 "writes a read-only field"},
	{"ipc_ret2", IS, "mov %r0, 2\nexit\n", "allows [0, 1]"},
	{"ctx_atomic", IS,
	 "mov %r2, 1\nlock add [%r1+32], %r2\nmov %r0, 0\n"
	 "exit\n",
	 "atomic operation on the context"},
	{"ctx_sx_load", SE, "ldxsb %r0, [%r1+0]\nadd %r0, 128\nexit\n", NULL},
	{"scalar_deref", SE, "mov %r2, 0\nldxdw %r0, [%r2+0]\nexit\n",
	 "r2 is scalar 0: memory access needs a pointer"},
	/* stack */
	{"stack_rw", SE, "stdw [%r10-8], 5\nldxdw %r0, [%r10-8]\nexit\n", NULL},
	{"stack_uninit", SE, "ldxdw %r0, [%r10-8]\nexit\n",
	 "reads stack byte fp-8 before it is written"},
	{"stack_partial", SE, "stw [%r10-8], 5\nldxdw %r0, [%r10-8]\nexit\n",
	 "reads stack byte fp-4 before it is written"},
	{"stack_bytes", SE,
	 "stb [%r10-1], 5\nsth [%r10-4], 7\nldxb %r0, [%r10-1]\n"
	 "ldxh %r2, [%r10-4]\nadd %r0, %r2\nand %r0, 4095\nexit\n",
	 NULL},
	{"stack_below", SE, "stdw [%r10-520], 1\nmov %r0, 0\nexit\n",
	 "is outside the stack frame of 512"},
	{"stack_above", SE, "stdw [%r10+0], 1\nmov %r0, 0\nexit\n",
	 "outside the stack frame"},
	{"spill_restore", SE,
	 "stxdw [%r10-8], %r1\nldxdw %r2, [%r10-8]\nldxdw %r0, [%r2+0]\n"
	 "mov %r0, 0\nexit\n",
	 NULL},
	{"spill_scalar", SE,
	 "mov %r2, 7\nstxdw [%r10-16], %r2\nldxdw %r0, [%r10-16]\nexit\n",
	 NULL},
	{"spill_partial_read", SE,
	 "stxdw [%r10-8], %r1\nldxw %r0, [%r10-8]\nexit\n",
	 "reads part of a spilled pointer"},
	{"spill_partial_store", SE, "stxw [%r10-8], %r1\nmov %r0, 0\nexit\n",
	 "partial store of a pointer"},
	{"spill_partial_over", SE,
	 "stxdw [%r10-8], %r1\nstw [%r10-8], 0\nmov %r0, 0\nexit\n",
	 "partial overwrite of a spilled pointer"},
	{"spill_unaligned", SE, "stxdw [%r10-12], %r1\nmov %r0, 0\nexit\n",
	 "partial store of a pointer"},
	{"stack_var_read", SE,
	 "stdw [%r10-8], 1\nstdw [%r10-16], 2\nldxdw %r2, [%r1+0]\n"
	 "and %r2, 8\nmov %r3, %r10\nsub %r3, %r2\nldxdw %r0, [%r3-8]\n"
	 "and %r0, 1\nexit\n",
	 NULL},
	{"stack_var_uninit", SE,
	 "stdw [%r10-8], 1\nldxdw %r2, [%r1+0]\n"
	 "and %r2, 8\nmov %r3, %r10\nsub %r3, %r2\nldxdw %r0, [%r3-8]\n"
	 "exit\n",
	 "reads stack byte fp-16 before it is written"},
	{"stack_var_write", SE,
	 "mov %r4, 5\nstxdw [%r10-16], %r4\nldxdw %r2, [%r1+0]\n"
	 "and %r2, 8\nmov %r3, %r10\nsub %r3, %r2\nstdw [%r3-8], 3\n"
	 "ldxdw %r0, [%r10-16]\nand %r0, 3\nexit\n",
	 NULL},
	{"stack_var_ptr", SE,
	 "ldxdw %r2, [%r1+0]\nand %r2, 8\nmov %r3, %r10\nsub %r3, %r2\n"
	 "stxdw [%r3-8], %r1\nmov %r0, 0\nexit\n",
	 "stores a pointer at a variable stack offset"},
	{"stack_var_over_ptr", SE,
	 "stxdw [%r10-16], %r1\nldxdw %r2, [%r1+0]\n"
	 "and %r2, 8\nmov %r3, %r10\nsub %r3, %r2\nstdw [%r3-8], 3\n"
	 "mov %r0, 0\nexit\n",
	 "partial overwrite of a spilled pointer"},
	{"stack_var_read_ptr", SE,
	 "stxdw [%r10-16], %r1\nstdw [%r10-8], 0\nldxdw %r2, [%r1+0]\n"
	 "and %r2, 8\nmov %r3, %r10\nsub %r3, %r2\nldxdw %r0, [%r3-8]\n"
	 "mov %r0, 0\nexit\n",
	 "reads part of a spilled pointer"},
	/* pointer arithmetic */
	{"ptr_mul", SE, "mov %r2, %r1\nmul %r2, 2\nmov %r0, 0\nexit\n",
	 "r2 is ctx+0: only a scalar may be added"},
	{"ptr_add_ptr", SE, "mov %r2, %r1\nadd %r2, %r10\nmov %r0, 0\nexit\n",
	 "only a scalar"},
	{"scalar_minus_ptr", SE,
	 "mov %r2, 1\nsub %r2, %r10\nmov %r0, 0\nexit\n", "only a scalar"},
	{"scalar_plus_ptr", SE,
	 "mov %r2, 8\nadd %r2, %r1\nldxdw %r0, [%r2+0]\nmov %r0, 0\nexit\n",
	 NULL},
	{"ptr_diff", SE,
	 "mov %r2, %r10\nadd %r2, -8\nsub %r2, %r10\nmov %r0, %r2\n"
	 "and %r0, 0\nexit\n",
	 NULL},
	{"ptr_alu32", SE, "add32 %r1, 1\nmov %r0, 0\nexit\n",
	 "32-bit arithmetic on a pointer"},
	{"ptr_mov32", SE, "mov32 %r2, %r1\nmov %r0, 0\nexit\n",
	 "32-bit move of a pointer"},
	{"ptr_neg", SE, "neg %r1\nmov %r0, 0\nexit\n",
	 "not allowed on a pointer"},
	{"ptr_movsx", SE, "movsx864 %r2, %r1\nmov %r0, 0\nexit\n",
	 "sign extension of a pointer"},
	{"ptr_cmp_scalar", SE, "mov %r0, 0\njeq %r1, 5, +0\nexit\n",
	 "pointers may only be compared"},
	{"ptr_cmp_same", SE,
	 "mov %r0, 0\nmov %r2, %r10\njeq %r2, %r10, +1\nmov %r0, 1\nexit\n",
	 NULL},
	/* maps */
	{"lookup_checked", SE,
	 LOOKUP0 "jeq %r0, 0, +3\nldxdw %r3, [%r0+8]\nadd %r3, 1\n"
		 "stxdw [%r0+8], %r3\nmov %r0, 0\nexit\n",
	 NULL},
	{"lookup_jne", SE,
	 LOOKUP0 "mov %r6, %r0\njne %r6, 0, +2\nmov %r0, 0\nexit\n"
		 "ldxw %r0, [%r0+12]\nmov %r0, 0\nexit\n",
	 NULL},
	{"lookup_unchecked", SE,
	 LOOKUP0 "ldxdw %r3, [%r0+8]\nmov %r0, 0\nexit\n",
	 "r0 is map value or NULL+0: compare it with 0 before the access"},
	{"lookup_null_branch", SE,
	 LOOKUP0 "jne %r0, 0, +1\nldxdw %r3, [%r0+0]\nmov %r0, 0\nexit\n",
	 "r0 is scalar 0: memory access needs a pointer"},
	{"lookup_oob", SE,
	 LOOKUP0 "jeq %r0, 0, +1\nldxdw %r3, [%r0+16]\nmov %r0, 0\nexit\n",
	 "access of size 8 at 16 exceeds the map value size 16"},
	{"lookup_leak", SE,
	 LOOKUP0 "jeq %r0, 0, +1\nstxdw [%r0+0], %r10\nmov %r0, 0\nexit\n",
	 "stores a pointer into a map value (pointer leak)"},
	{"lookup_arith", SE, LOOKUP0 "add %r0, 8\nmov %r0, 0\nexit\n",
	 "pointer that may be NULL"},
	{"lookup_cmp1", SE, LOOKUP0 "jeq %r0, 1, +0\nmov %r0, 0\nexit\n",
	 "pointers may only be compared"},
	{"lookup_array", SE,
	 "stw [%r10-4], 3\nmov %r2, %r10\nadd %r2, -4\nlddw %r1, map 1\n"
	 "call 1\njeq %r0, 0, +2\nmov %r3, 1\nlock add [%r0+0], %r3\n"
	 "mov %r0, 0\nexit\n",
	 NULL},
	{"lookup_key_short", SE,
	 "stw [%r10-4], 3\nmov %r2, %r10\nadd %r2, -4\nlddw %r1, map 0\n"
	 "call 1\nmov %r0, 0\nexit\n",
	 "outside the stack frame of 512"},
	{"lookup_key_uninit", SE,
	 "mov %r2, %r10\nadd %r2, -8\nlddw %r1, map 0\ncall 1\nmov %r0, 0\n"
	 "exit\n",
	 "reads stack byte fp-8 before it is written"},
	{"lookup_key_scalar", SE,
	 "mov %r2, 0\nlddw %r1, map 0\ncall 1\nmov %r0, 0\nexit\n",
	 "r2 is scalar 0: helper argument needs a pointer"},
	{"lookup_key_var", SE,
	 "stdw [%r10-16], 0\nstdw [%r10-8], 0\nldxdw %r2, [%r1+0]\n"
	 "and %r2, 8\nmov %r3, %r10\nsub %r3, %r2\nadd %r3, -8\n"
	 "mov %r2, %r3\nlddw %r1, map 0\ncall 1\nmov %r0, 0\nexit\n",
	 "helper memory needs a constant stack offset"},
	{"lookup_no_map", SE,
	 "stdw [%r10-8], 1\nmov %r2, %r10\nadd %r2, -8\nmov %r1, 0\ncall 1\n"
	 "mov %r0, 0\nexit\n",
	 "r1 is scalar 0: expected a map handle"},
	{"lookup_key_in_value", SE,
	 LOOKUP0 "jeq %r0, 0, +4\nmov %r2, %r0\nlddw %r1, map 0\ncall 1\n"
		 "mov %r0, 0\nexit\n",
	 NULL},
	{"lookup_key_value_oob", SE,
	 LOOKUP0 "jeq %r0, 0, +5\nmov %r2, %r0\nadd %r2, 12\n"
		 "lddw %r1, map 0\ncall 1\nmov %r0, 0\nexit\n",
	 "exceeds the map value size 16"},
	{"map_bad_index", SE, "lddw %r1, map 5\nmov %r0, 0\nexit\n",
	 "map 5 is outside the map table of 2"},
	{"map_handle_deref", SE, "lddw %r1, map 0\nldxdw %r0, [%r1+0]\nexit\n",
	 "r1 is map handle: memory access needs a pointer"},
	{"update", SE,
	 "stdw [%r10-8], 1\nstdw [%r10-24], 0\nstdw [%r10-16], 0\n"
	 "lddw %r1, map 0\nmov %r2, %r10\nadd %r2, -8\nmov %r3, %r10\n"
	 "add %r3, -24\nmov %r4, 0\ncall 2\nmov %r0, 0\nexit\n",
	 NULL},
	{"update_value_uninit", SE,
	 "stdw [%r10-8], 1\nstdw [%r10-24], 0\n"
	 "lddw %r1, map 0\nmov %r2, %r10\nadd %r2, -8\nmov %r3, %r10\n"
	 "add %r3, -24\nmov %r4, 0\ncall 2\nmov %r0, 0\nexit\n",
	 "reads stack byte fp-16 before it is written"},
	{"update_value_ptr", SE,
	 "stdw [%r10-8], 1\nstxdw [%r10-24], %r1\nstdw [%r10-16], 0\n"
	 "lddw %r1, map 0\nmov %r2, %r10\nadd %r2, -8\nmov %r3, %r10\n"
	 "add %r3, -24\nmov %r4, 0\ncall 2\nmov %r0, 0\nexit\n",
	 "reads part of a spilled pointer"},
	{"update_flags_ptr", SE,
	 "stdw [%r10-8], 1\nstdw [%r10-24], 0\nstdw [%r10-16], 0\n"
	 "lddw %r1, map 0\nmov %r2, %r10\nadd %r2, -8\nmov %r3, %r10\n"
	 "add %r3, -24\nmov %r4, %r10\ncall 2\nmov %r0, 0\nexit\n",
	 "r4 is fp+0: expected a scalar"},
	{"delete", SX,
	 "stdw [%r10-8], 1\nlddw %r1, map 0\nmov %r2, %r10\nadd %r2, -8\n"
	 "call 3\nmov %r0, 0\nexit\n",
	 NULL},
	{"helper_clobbers", SE, "mov %r3, 1\ncall 5\nmov %r0, %r3\nexit\n",
	 "r3 is not initialised"},
	/* helpers per hook */
	{"ktime_irq", IR, "call 5\nmov %r0, 0\nexit\n", NULL},
	{"pid_task_switch", TS, "call 14\nmov %r0, 0\nexit\n",
	 "helper 14 (get_current_pid) is not allowed at hook task_switch"},
	{"pid_enter", SE, "call 14\nmov %r0, 0\nexit\n", NULL},
	{"unknown_helper", SE, "call 99\nmov %r0, 0\nexit\n",
	 "helper 99 is unknown"},
	{"trace", SE,
	 "stdw [%r10-8], 0x6948\nmov %r1, %r10\nadd %r1, -8\nmov %r2, 8\n"
	 "call 6\nmov %r0, 0\nexit\n",
	 NULL},
	{"trace_var_size", SE,
	 "stdw [%r10-8], 0x6948\nmov %r1, %r10\nadd %r1, -8\n"
	 "ldxdw %r2, [%r1+0]\nand %r2, 7\ncall 6\nmov %r0, 0\nexit\n",
	 NULL},
	{"trace_zero", SE,
	 "mov %r1, %r10\nmov %r2, 0\ncall 6\nmov %r0, 0\nexit\n", NULL},
	{"trace_unbounded", SE,
	 "stdw [%r10-8], 0x6948\nmov %r1, %r10\nadd %r1, -8\n"
	 "ldxdw %r2, [%r10-8]\ncall 6\nmov %r0, 0\nexit\n",
	 "size not bounded by 512"},
	{"trace_too_long", SE,
	 "stdw [%r10-8], 0x6948\nmov %r1, %r10\nadd %r1, -8\nmov %r2, 16\n"
	 "call 6\nmov %r0, 0\nexit\n",
	 "outside the stack frame"},
	{"trace_ptr", SE,
	 "stxdw [%r10-8], %r1\nmov %r1, %r10\nadd %r1, -8\nmov %r2, 8\n"
	 "call 6\nmov %r0, 0\nexit\n",
	 "reads part of a spilled pointer"},
	{"trace_size_ptr", SE,
	 "stdw [%r10-8], 0\nmov %r1, %r10\nadd %r1, -8\nmov %r2, %r10\n"
	 "call 6\nmov %r0, 0\nexit\n",
	 "r2 is fp+0: expected a size"},
	{"trace_ctx", SE, "mov %r2, 8\ncall 6\nmov %r0, 0\nexit\n",
	 "r1 is ctx+0: helper argument needs a pointer"},
	{"trace_map_value", SE,
	 LOOKUP0 "jeq %r0, 0, +3\nmov %r1, %r0\nmov %r2, 16\ncall 6\n"
		 "mov %r0, 0\nexit\n",
	 NULL},
	{"trace_irq", IR, "mov %r0, 0\ncall 6\nexit\n",
	 "(trace) is not allowed at hook interrupt"},
	/* loops */
	{"loop_bounded", SE,
	 "mov %r0, 0\nmov %r2, 0\nloop:\nadd %r0, %r2\nadd %r2, 1\n"
	 "jlt %r2, 10, loop\nmov %r0, 0\nexit\n",
	 NULL},
	{"loop_stack_sum", SE,
	 "mov %r2, 0\nfill:\nmov %r3, %r10\nadd %r3, -64\nadd %r3, %r2\n"
	 "stb [%r3+0], 1\nadd %r2, 1\njlt %r2, 64, fill\n"
	 "mov %r0, 0\nmov %r2, 0\nsum:\nmov %r3, %r10\nadd %r3, -64\n"
	 "add %r3, %r2\nldxb %r4, [%r3+0]\nadd %r0, %r4\nadd %r2, 1\n"
	 "jlt %r2, 64, sum\nand %r0, 4095\nexit\n",
	 NULL},
	{"loop_ctx_bound", SE,
	 "ldxdw %r2, [%r1+8]\nmov %r0, 0\nloop:\njge %r0, %r2, done\n"
	 "jge %r0, 100, done\nadd %r0, 1\nja loop\ndone:\nexit\n",
	 NULL},
	{"loop_infinite", SE, "mov %r0, 0\nloop:\nja loop\n", "infinite loop"},
	{"loop_same_state", SE,
	 "mov %r0, 0\nloop:\nldxdw %r2, [%r1+0]\njne %r2, 0, loop\nexit\n",
	 "infinite loop"},
	{"loop_unbounded", SE,
	 "mov %r0, 0\nloop:\nadd %r0, 1\njne %r0, 0, loop\nexit\n",
	 "verification work bound of 1000000 instructions exceeded"},
	{"loop_jmp32", SE,
	 "mov %r0, 0\nloop:\nadd32 %r0, 1\njlt32 %r0, 20, loop\n"
	 "mov %r0, 0\nexit\n",
	 NULL},
	{"loop_ctx_bound32", SE,
	 "ldxdw %r2, [%r1+8]\nmov %r0, 0\nloop:\njsge32 %r0, %r2, done\n"
	 "jsge %r0, 100, done\nadd %r0, 1\nja loop\ndone:\nexit\n",
	 NULL},
	/* local calls */
	{"call_local", SE,
	 "mov %r1, 3\ncall local f\nexit\nf:\nmov %r0, %r1\nadd %r0, 1\n"
	 "exit\n",
	 NULL},
	{"call_callee_r6", SE,
	 "mov %r6, 3\ncall local f\nexit\nf:\nmov %r0, %r6\nexit\n",
	 "r6 is not initialised"},
	{"call_saved_r6", SE,
	 "mov %r6, 3\ncall local f\nmov %r0, %r6\nexit\nf:\nmov %r6, 9\n"
	 "mov %r0, 0\nexit\n",
	 NULL},
	{"call_stack_arg", SE,
	 "stdw [%r10-8], 7\nmov %r1, %r10\nadd %r1, -8\ncall local f\n"
	 "exit\nf:\nldxdw %r0, [%r1+0]\nstdw [%r10-8], 1\nexit\n",
	 NULL},
	{"call_own_frame", SE,
	 "call local f\nmov %r0, 0\nexit\nf:\nmov %r0, %r10\nexit\n",
	 "returns a pointer to its own stack frame"},
	{"call_dangling", SE,
	 "mov %r1, %r10\nadd %r1, -8\ncall local f\nmov %r0, 0\nexit\nf:\n"
	 "mov %r2, %r10\nadd %r2, -8\nstxdw [%r1+0], %r2\nmov %r0, 0\n"
	 "exit\n",
	 "a pointer to the returning frame stays on the stack"},
	{"call_recursive", SE,
	 "mov %r0, 0\ncall local f\nexit\nf:\n"
	 "call local f\nexit\n",
	 "local calls nested deeper than 8 frames"},
	{"call_fresh_stack", SE,
	 "stdw [%r10-8], 1\ncall local f\nexit\nf:\nldxdw %r0, [%r10-8]\n"
	 "exit\n",
	 "reads stack byte fp-8 before it is written"},
	/* control flow */
	{"unreachable", SE, "mov %r0, 0\nexit\nmov %r0, 1\nexit\n",
	 "mov %r0, 1: unreachable instruction"},
	{"dead_branch", SE,
	 "mov %r0, 0\nmov %r2, 1\njeq %r2, 1, +1\nldxdw %r0, [%r2+0]\nexit\n",
	 NULL},
	/* atomics */
	{"atomic_stack", SE,
	 "stdw [%r10-8], 0\nmov %r2, 1\nlock add [%r10-8], %r2\n"
	 "lock fetch add [%r10-8], %r2\nldxdw %r0, [%r10-8]\nadd %r0, %r2\n"
	 "and %r0, 1\nexit\n",
	 NULL},
	{"atomic_stack_uninit", SE,
	 "mov %r2, 1\nlock add [%r10-8], %r2\nmov %r0, 0\nexit\n",
	 "before it is written"},
	{"atomic_stack_unaligned", SE,
	 "stdw [%r10-16], 0\nstdw [%r10-8], 0\nmov %r2, 1\n"
	 "lock add32 [%r10-10], %r2\nmov %r0, 0\nexit\n",
	 "atomic access not aligned"},
	{"atomic_ptr_operand", SE,
	 "stdw [%r10-8], 0\nlock xchg [%r10-8], %r1\nmov %r0, 0\nexit\n",
	 "atomic operand must be a scalar"},
	{"cmpxchg_r0", SE,
	 "stdw [%r10-8], 0\nmov %r2, 1\nlock cmpxchg [%r10-8], %r2\n"
	 "and %r0, 1\nexit\n",
	 "r0 is not initialised"},
	{"cmpxchg_r0_ptr", SE,
	 "stdw [%r10-8], 0\nmov %r2, 1\nmov %r0, %r10\n"
	 "lock cmpxchg [%r10-8], %r2\nand %r0, 1\nexit\n",
	 "cmpxchg compares with r0"},
	{"cmpxchg_ok", SE,
	 "stdw [%r10-8], 0\nmov %r2, 1\nmov %r0, 0\n"
	 "lock cmpxchg32 [%r10-8], %r2\nand %r0, 1\nexit\n",
	 NULL},
	{"atomic_map_unaligned", SE,
	 LOOKUP0 "jeq %r0, 0, +2\nmov %r2, 1\nlock add [%r0+4], %r2\n"
		 "mov %r0, 0\nexit\n",
	 "atomic access not aligned"},
	/* scalar tracking */
	{"alu_track", SE,
	 "ldxdw %r0, [%r1+8]\nrsh %r0, 60\nmul %r0, 3\nadd %r0, 1\n"
	 "sub %r0, 1\ndiv %r0, 2\nmod %r0, 100\nor %r0, 1\nxor %r0, 1\n"
	 "lsh %r0, 2\narsh %r0, 1\nexit\n",
	 NULL},
	{"alu32_track", SE,
	 "ldxdw %r0, [%r1+8]\nmov32 %r0, %r0\nrsh32 %r0, 20\nadd32 %r0, 5\n"
	 "sub32 %r0, 5\nand32 %r0, 4095\nexit\n",
	 NULL},
	{"bswap_track", SE,
	 "ldxdw %r0, [%r1+8]\nle16 %r0\nbe16 %r0\nand %r0, 4095\nexit\n", NULL},
	{"neg_track", SE, "mov %r0, -5\nneg %r0\nneg32 %r0\nneg32 %r0\nexit\n",
	 NULL},
	{"movsx_track", SE,
	 "ldxb %r0, [%r1+8]\nmovsx864 %r0, %r0\nadd %r0, 128\nexit\n", NULL},
	{"signed_branch", SE,
	 "ldxdw %r0, [%r1+8]\njsgt %r0, 4095, big\njslt %r0, 0, big\n"
	 "exit\nbig:\nmov %r0, 0\nexit\n",
	 NULL},
	{"jset_branch", SE,
	 "ldxdw %r0, [%r1+8]\nand %r0, 0x1fff\njset %r0, 0x1000, big\n"
	 "exit\nbig:\nmov %r0, 0\nexit\n",
	 NULL},
	{"eq_branch", SE,
	 "ldxdw %r0, [%r1+8]\nldxdw %r2, [%r1+16]\nand %r2, 15\n"
	 "jeq %r0, %r2, ok\nmov %r0, 0\nok:\nexit\n",
	 NULL},
	{"ne_branch", SE,
	 "ldxdw %r0, [%r1+8]\nand %r0, 7\njne %r0, 7, ok\nmov %r0, 0\n"
	 "ok:\nexit\n",
	 NULL},
	{"lddw_const", SE, "lddw %r0, 0x100000000\nrsh %r0, 32\nexit\n", NULL},
};

static int
check_case(const struct vcase *c)
{
	struct thook_vcfg cfg;
	struct thook_vwork w;
	struct thook_diag d;
	int n = vf_asm(c->text), err;

	if (n <= 0) {
		printf("%s: does not assemble\n", c->name);
		return 1;
	}
	vf_cfg(&cfg, &w, c->hook);
	memset(&d, 0, sizeof(d));
	err = thook_verify(vf_insns, (uint32_t)n, &cfg, &w, &d);
	if (c->why == NULL && err != 0) {
		printf("%s: rejected: insn %u: %s\n", c->name, d.index, d.msg);
		return 1;
	}
	if (c->why != NULL && err != -THOOK_ENOEXEC) {
		printf("%s: accepted (%d)\n", c->name, err);
		return 1;
	}
	if (c->why != NULL && strstr(d.msg, c->why) == NULL) {
		printf("%s: message \"%s\" lacks \"%s\"\n", c->name, d.msg,
		       c->why);
		return 1;
	}
	return w.processed > 0 ? 0 : 1;
}

static void
test_thook_verify__table(void **state)
{
	(void)state;
	vf_maps_init();
	int failed = 0;

	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
		failed += check_case(&cases[k]);
	assert_int_equal(failed, 0);
}

static void
test_thook_verify__bad_arguments(void **state)
{
	struct thook_vcfg cfg;
	struct thook_vwork w;
	struct thook_diag d;
	const struct thook_map *nullmap[1] = {NULL};
	int n;

	(void)state;
	vf_maps_init();
	n = vf_asm("mov %r0, 0\nexit\n");
	vf_cfg(&cfg, &w, SE);
	assert_int_equal(thook_verify(vf_insns, 2, NULL, &w, &d),
			 -THOOK_EINVAL);
	assert_int_equal(thook_verify(vf_insns, 2, &cfg, NULL, &d),
			 -THOOK_EINVAL);
	assert_int_equal(thook_verify(NULL, 2, &cfg, &w, &d), -THOOK_EINVAL);
	assert_int_equal(thook_verify(vf_insns, 0, &cfg, &w, &d),
			 -THOOK_EINVAL);
	cfg.hook = THOOK_HOOK_COUNT;
	assert_int_equal(thook_verify(vf_insns, 2, &cfg, &w, &d),
			 -THOOK_EINVAL);
	vf_cfg(&cfg, &w, SE);
	cfg.maps = NULL;
	assert_int_equal(thook_verify(vf_insns, 2, &cfg, &w, &d),
			 -THOOK_EINVAL);
	vf_cfg(&cfg, &w, SE);
	cfg.maps = nullmap;
	cfg.nmaps = 1;
	assert_int_equal(thook_verify(vf_insns, 2, &cfg, &w, &d),
			 -THOOK_EINVAL);
	vf_cfg(&cfg, &w, SE);
	cfg.helpers = NULL;
	assert_int_equal(thook_verify(vf_insns, 2, &cfg, &w, &d),
			 -THOOK_EINVAL);
	vf_cfg(&cfg, &w, SE);
	w.pending = NULL;
	assert_int_equal(thook_verify(vf_insns, 2, &cfg, &w, &d),
			 -THOOK_EINVAL);
	vf_cfg(&cfg, &w, SE);
	w.npending = 0;
	assert_int_equal(thook_verify(vf_insns, 2, &cfg, &w, &d),
			 -THOOK_EINVAL);
	vf_cfg(&cfg, &w, SE);
	w.heads = NULL;
	assert_int_equal(thook_verify(vf_insns, 2, &cfg, &w, &d),
			 -THOOK_EINVAL);
	vf_cfg(&cfg, &w, SE);
	w.nheads = 1;
	assert_int_equal(thook_verify(vf_insns, 2, &cfg, &w, &d),
			 -THOOK_EINVAL);
	vf_cfg(&cfg, &w, SE);
	w.seen = NULL;
	assert_int_equal(thook_verify(vf_insns, 2, &cfg, &w, &d),
			 -THOOK_EINVAL);
	/* Malformed programs are refused as by thook_validate(). */
	vf_cfg(&cfg, &w, SE);
	vf_insns[1].code = 0xff;
	assert_int_equal(thook_verify(vf_insns, (uint32_t)n, &cfg, &w, &d),
			 -THOOK_ENOEXEC);
	assert_non_null(strstr(d.msg, "unknown opcode"));
}

static void
test_thook_verify__pending_storage(void **state)
{
	struct thook_vcfg cfg;
	struct thook_vwork w;
	struct thook_diag d;
	int n;

	(void)state;
	vf_maps_init();
	n = vf_asm("ldxdw %r0, [%r1+0]\njeq %r0, 1, +1\nmov %r0, 0\n"
		   "and %r0, 1\nexit\n");
	vf_cfg(&cfg, &w, SE);
	w.npending = 1;
	assert_int_equal(thook_verify(vf_insns, (uint32_t)n, &cfg, &w, &d),
			 -THOOK_ENOSPC);
	assert_non_null(strstr(d.msg, "more than 0 pending branches"));
	/* No pruning storage at all still verifies. */
	vf_cfg(&cfg, &w, SE);
	w.nseen = 0;
	w.seen = NULL;
	assert_int_equal(thook_verify(vf_insns, (uint32_t)n, &cfg, &w, &d), 0);
	/* A pointer comparison pushes a branch too. */
	n = vf_asm("mov %r0, 0\nmov %r2, %r10\njeq %r2, %r10, +0\nexit\n");
	vf_cfg(&cfg, &w, SE);
	w.npending = 1;
	assert_int_equal(thook_verify(vf_insns, (uint32_t)n, &cfg, &w, &d),
			 -THOOK_ENOSPC);
	n = vf_asm("mov %r0, 0\nldxdw %r2, [%r1+0]\njeq32 %r2, 0, +0\nexit\n");
	assert_int_equal(thook_verify(vf_insns, (uint32_t)n, &cfg, &w, &d),
			 -THOOK_ENOSPC);
}

static void
test_thook_verify__work_bound(void **state)
{
	struct thook_vcfg cfg;
	struct thook_vwork w;
	struct thook_diag d;
	int n;

	(void)state;
	vf_maps_init();
	n = vf_asm("mov %r0, 0\nmov %r2, 0\nloop:\nadd %r2, 1\n"
		   "jlt %r2, 1000, loop\nexit\n");
	vf_cfg(&cfg, &w, SE);
	assert_int_equal(thook_verify(vf_insns, (uint32_t)n, &cfg, &w, &d), 0);
	assert_true(w.processed > 2000);
	cfg.max_work = 100;
	assert_int_equal(thook_verify(vf_insns, (uint32_t)n, &cfg, &w, &d),
			 -THOOK_ENOEXEC);
	assert_non_null(strstr(d.msg, "work bound of 100 instructions"));
	cfg.max_work = 3;
	assert_int_equal(thook_verify(vf_insns, (uint32_t)n, &cfg, &w, &d),
			 -THOOK_ENOEXEC);
	assert_non_null(strstr(d.msg, "control-flow check"));
}

/* Branches that join again are pruned: work stays linear. */
static void
test_thook_verify__pruning(void **state)
{
	char text[4096] = "mov %r0, 0\nldxdw %r2, [%r1+0]\n"
			  "ldxdw %r4, [%r1+8]\n";
	struct thook_vcfg cfg;
	struct thook_vwork w;
	struct thook_diag d;
	int n;

	(void)state;
	vf_maps_init();
	for (int k = 0; k < 30; k++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text),
			 "jeq %%r2, %%r4, +1\nmov %%r3, %d\n", k & 1);
	strcat(text, "exit\n");
	n = vf_asm(text);
	assert_true(n > 0);
	vf_cfg(&cfg, &w, SE);
	if (thook_verify(vf_insns, (uint32_t)n, &cfg, &w, &d) != 0)
		fail_msg("%u %s", d.index, d.msg);
	assert_true(w.processed < 1000);
}

static uint64_t
ctx_fn(void *env, uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e)
{
	(void)env, (void)a, (void)b, (void)c, (void)d, (void)e;
	return 0;
}

/* Registry entries with types the verifier must check or refuse. */
static void
test_thook_verify__custom_registry(void **state)
{
	static const struct thook_helper_proto reg[] = {
		{100,
		 1u << SE,
		 ctx_fn,
		 "ctx_fn",
		 THOOK_RET_SCALAR,
		 {THOOK_ARG_CTX}},
		{101,
		 1u << SE,
		 ctx_fn,
		 "bad_key",
		 THOOK_RET_SCALAR,
		 {THOOK_ARG_MAP_KEY}},
		{102,
		 1u << SE,
		 ctx_fn,
		 "bad_mem",
		 THOOK_RET_SCALAR,
		 {THOOK_ARG_MEM, THOOK_ARG_SCALAR}},
		{103,
		 1u << SE,
		 ctx_fn,
		 "bad_ret",
		 THOOK_RET_MAP_VALUE_OR_NULL,
		 {0}},
		{104,
		 1u << SE,
		 ctx_fn,
		 "last_mem",
		 THOOK_RET_SCALAR,
		 {0, 0, 0, 0, THOOK_ARG_MEM}},
	};
	static const struct {
		const char *text, *why;
	} cases2[] = {
		{"call 100\nmov %r0, 0\nexit\n", NULL},
		{"add %r1, 8\ncall 100\nmov %r0, 0\nexit\n",
		 "r1 is ctx+8: expected the context pointer"},
		{"mov %r1, %r10\ncall 101\nmov %r0, 0\nexit\n",
		 "without a map"},
		{"mov %r1, %r10\nmov %r2, 0\ncall 102\nmov %r0, 0\nexit\n",
		 "memory without a size"},
		{"call 103\nmov %r0, 0\nexit\n", "without a map argument"},
		{"mov %r5, %r10\ncall 104\nmov %r0, 0\nexit\n",
		 "memory without a size"},
		{"call 105\nmov %r0, 0\nexit\n", "helper 105 is unknown"},
	};
	struct thook_vcfg cfg;
	struct thook_vwork w;
	struct thook_diag d;
	int n, err;

	(void)state;
	vf_maps_init();
	for (size_t k = 0; k < sizeof(cases2) / sizeof(cases2[0]); k++) {
		n = vf_asm(cases2[k].text);
		vf_cfg(&cfg, &w, SE);
		cfg.helpers = reg;
		cfg.nhelpers = sizeof(reg) / sizeof(reg[0]);
		err = thook_verify(vf_insns, (uint32_t)n, &cfg, &w, &d);
		if (cases2[k].why == NULL) {
			assert_int_equal(err, 0);
		} else {
			assert_int_equal(err, -THOOK_ENOEXEC);
			if (strstr(d.msg, cases2[k].why) == NULL)
				fail_msg("%s lacks %s", d.msg, cases2[k].why);
		}
	}
}

/* A diagnostic names index and instruction text, as the design asks. */
static void
test_thook_verify__diag_format(void **state)
{
	struct thook_vcfg cfg;
	struct thook_vwork w;
	struct thook_diag d;
	int n;

	(void)state;
	vf_maps_init();
	n = vf_asm("ldxdw %r3, [%r1+0]\nand %r3, 600\nadd %r1, %r3\n"
		   "ldxdw %r0, [%r1+0]\nmov %r0, 0\nexit\n");
	vf_cfg(&cfg, &w, SE);
	assert_int_equal(thook_verify(vf_insns, (uint32_t)n, &cfg, &w, &d),
			 -THOOK_ENOEXEC);
	assert_int_equal(d.index, 3);
	assert_string_equal(d.msg, "ldxdw %r0, [%r1+0]: r1 is ctx+[0, 600], "
				   "access of size 8 at 0 exceeds 64");
	assert_null(thook_verify(vf_insns, (uint32_t)n, &cfg, &w, NULL) == 0
			    ? "accepted"
			    : NULL);
}

static uint64_t seed_state = 0x2545f4914f6cdd1dull;

static unsigned
pick(unsigned n)
{
	seed_state ^= seed_state << 13;
	seed_state ^= seed_state >> 7;
	seed_state ^= seed_state << 17;
	return (unsigned)(seed_state % n);
}

/* A random program built from pieces hook programs are made of. */
static void
random_program(char *text, size_t cap)
{
	static const char *const alu[] = {
		"add", "sub", "mul", "div",  "or",    "and",   "lsh",
		"rsh", "mod", "xor", "arsh", "add32", "and32", "rsh32"};
	static const char *const jmp[] = {"jeq",  "jgt",   "jge",  "jset",
					  "jne",  "jsgt",  "jlt",  "jle",
					  "jslt", "jeq32", "jgt32"};
	static const char *const sz[] = {"b", "h", "w", "dw"};
	size_t len = 0;
	unsigned pieces = 4 + pick(12);

#define EMIT(...) len += (size_t)snprintf(text + len, cap - len, __VA_ARGS__)
	EMIT("mov %%r0, 0\nmov %%r6, 0\nmov %%r7, 1\nmov %%r8, 2\n");
	for (unsigned k = 1; k <= 8; k++)
		EMIT("stdw [%%r10-%u], %u\n", 8 * k, pick(3) ? 0 : k);
	for (unsigned k = 0; k < pieces; k++) {
		unsigned d = 6 + pick(3), r = pick(10);

		switch (pick(10)) {
		case 0:
			EMIT("ldx%s %%r%u, [%%r1+%u]\n", sz[pick(4)], d,
			     pick(72));
			break;
		case 1:
			EMIT("st%s [%%r10-%u], %u\n", sz[pick(4)], 1 + pick(40),
			     pick(100));
			break;
		case 2:
			EMIT("ldx%s %%r%u, [%%r10-%u]\n", sz[pick(4)], d,
			     1 + pick(40));
			break;
		case 3:
			EMIT("%s %%r%u, %u\n", alu[pick(14)], d, pick(70));
			break;
		case 4:
			EMIT("%s %%r%u, %%r%u\n", alu[pick(14)], d,
			     6 + pick(3));
			break;
		case 5:
			EMIT("%s %%r%u, %u, +1\nmov %%r%u, %u\n", jmp[pick(11)],
			     d, pick(50), 6 + pick(3), pick(9));
			break;
		case 6:
			EMIT("stdw [%%r10-8], %u\nmov %%r2, %%r10\n"
			     "add %%r2, -8\nlddw %%r1, map %u\ncall 1\n"
			     "mov %%r1, %%r0\n",
			     pick(4), pick(2));
			EMIT("jeq %%r0, 0, +1\nldx%s %%r%u, [%%r0+%u]\n",
			     sz[pick(4)], d, pick(12));
			EMIT("ldxdw %%r1, [%%r10-%u]\n", 8 + 8 * pick(2));
			break;
		case 7:
			EMIT("mov %%r9, 0\nadd %%r9, 1\njlt %%r9, %u, -2\n",
			     1 + pick(20));
			break;
		case 8:
			EMIT("mov %%r%u, %%r1\nadd %%r%u, %%r%u\n"
			     "ldxb %%r%u, [%%r%u+0]\nmov %%r1, %%r%u\n",
			     r < 6 ? 8 : 8, 8, d == 8 ? 7 : d, 8, 8, 8);
			EMIT("sub %%r1, %%r%u\n", d == 8 ? 7 : d);
			break;
		default:
			EMIT("and %%r%u, %u\nmov %%r2, %%r10\nadd %%r2, -64\n"
			     "add %%r2, %%r%u\nstb [%%r2+0], 1\n",
			     d, 63u >> pick(3), d);
			break;
		}
	}
	EMIT("%s\nexit\n", pick(3) ? "and %r0, 1" : "mov %r0, %r6");
#undef EMIT
}

/* The verifier's promise: an accepted program runs with every access
 * checked and never faults, ends, and returns within its contract. */
static void
test_thook_verify__accepted_never_faults(void **state)
{
	static char text[8192];
	static struct thook_op ops[VCAP];
	static uint64_t stack[THOOK_STACK_BYTES / 8];
	uint64_t ctx[8];
	unsigned accepted = 0, rejected = 0;
	struct thook_diag dg;

	(void)state;
	for (unsigned it = 0; it < 3000; it++) {
		struct thook_hook_prog hp;
		struct thook_region regions[4];
		struct thook_env env = {1, 2, NULL, NULL};
		struct thook_vcfg cfg;
		struct thook_vwork w;
		struct thook_exec x;
		uint32_t hook = pick(THOOK_HOOK_COUNT);
		uint32_t size = hook >= THOOK_HOOK_TASK_SWITCH ? 32 : 64;
		uint64_t r0;
		int n;

		vf_maps_init();
		random_program(text, sizeof(text));
		n = vf_asm(text);
		assert_true(n > 0);
		vf_cfg(&cfg, &w, hook);
		if (thook_hook_load(&hp, ops, VCAP, vf_insns, (uint32_t)n, &cfg,
				    &w, &dg) != 0) {
			if (getenv("VDEBUG"))
				printf("%s\n", strchr(dg.msg, ':'));
			rejected++;
			continue;
		}
		accepted++;
		for (unsigned k = 0; k < 8; k++)
			ctx[k] = pick(1000);
		regions[0] = (struct thook_region){(uint64_t)(uintptr_t)ctx,
						   size, THOOK_REGION_READ};
		regions[1] = (struct thook_region){
			(uint64_t)(uintptr_t)ctx + 32,
			hook == THOOK_HOOK_IPC_SEND ? 32 : 0,
			THOOK_REGION_READ | THOOK_REGION_WRITE};
		regions[2] = (struct thook_region){
			(uint64_t)(uintptr_t)vf_hash_mem, sizeof(vf_hash_mem),
			THOOK_REGION_READ | THOOK_REGION_WRITE};
		regions[3] = (struct thook_region){
			(uint64_t)(uintptr_t)vf_array_mem, sizeof(vf_array_mem),
			THOOK_REGION_READ | THOOK_REGION_WRITE};
		memset(&x, 0, sizeof(x));
		x.args[0] = (uint64_t)(uintptr_t)ctx;
		x.stack = stack;
		x.stack_size = sizeof(stack);
		x.regions = regions;
		x.nregions = 4;
		x.helper_env = &env;
		x.budget = 1000000;
		if (thook_run_checked(&hp.prog, &x, &r0) != 0)
			fail_msg("accepted program faults at %u:\n%s",
				 x.fault_pc, text);
		assert_true(r0 <= (hook == THOOK_HOOK_SYSCALL_ENTER ? 4095u
				   : hook == THOOK_HOOK_IPC_SEND    ? 1u
								    : 0u));
	}
	printf("random programs: %u accepted, %u rejected\n", accepted,
	       rejected);
	assert_true(accepted > 300);
	assert_true(rejected > 300);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thook_verify__table),
		cmocka_unit_test(test_thook_verify__bad_arguments),
		cmocka_unit_test(test_thook_verify__pending_storage),
		cmocka_unit_test(test_thook_verify__work_bound),
		cmocka_unit_test(test_thook_verify__pruning),
		cmocka_unit_test(test_thook_verify__custom_registry),
		cmocka_unit_test(test_thook_verify__diag_format),
		cmocka_unit_test(test_thook_verify__accepted_never_faults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
