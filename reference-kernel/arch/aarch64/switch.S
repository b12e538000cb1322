/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Kernel context switch.  struct context (<kernel/proc.h>): x19-x29, lr,
 * sp.  Everything else is caller-saved across the call.
 */

/* void ctx_switch(struct context *old, const struct context *new) */
	.text
	.globl	ctx_switch
ctx_switch:
	stp	x19, x20, [x0, #0]
	stp	x21, x22, [x0, #16]
	stp	x23, x24, [x0, #32]
	stp	x25, x26, [x0, #48]
	stp	x27, x28, [x0, #64]
	stp	x29, x30, [x0, #80]
	mov	x9, sp
	str	x9, [x0, #96]
	ldp	x19, x20, [x1, #0]
	ldp	x21, x22, [x1, #16]
	ldp	x23, x24, [x1, #32]
	ldp	x25, x26, [x1, #48]
	ldp	x27, x28, [x1, #64]
	ldp	x29, x30, [x1, #80]
	ldr	x9, [x1, #96]
	mov	sp, x9
	ret

/*
 * A new thread's first instructions: sp points at its trap frame, the
 * kernel lock is held by the scheduler loop that switched here.
 */
	.globl	thread_trampoline
thread_trampoline:
	bl	sched_tail
	b	trap_return
