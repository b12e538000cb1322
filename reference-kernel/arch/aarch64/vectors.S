/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * EL1 exception vectors.  Every entry saves the full register frame
 * (struct trap_frame in <arch/trap.h>) and calls trap_entry(frame, kind);
 * kind = 4 * source + type, source 0..3 = current EL SP0, current EL SPx,
 * lower EL AArch64, lower EL AArch32; type 0..3 = sync, IRQ, FIQ, SError.
 * From EL0 the frame's sp is SP_EL0, and the frame sits at the top of the
 * thread's kernel stack (SP_EL1 is that top whenever EL0 runs).  A new
 * thread enters user space through trap_return with a frame of its own.
 */
#define FRAME_SIZE 288

	.macro	ventry kind
	.balign	0x80
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	mov	x0, #\kind
	b	trap_common
	.endm

	.text
	.balign	2048
	.globl	exception_vectors
exception_vectors:
	ventry	0
	ventry	1
	ventry	2
	ventry	3
	ventry	4
	ventry	5
	ventry	6
	ventry	7
	ventry	8
	ventry	9
	ventry	10
	ventry	11
	ventry	12
	ventry	13
	ventry	14
	ventry	15

trap_common:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	add	x1, sp, #FRAME_SIZE
	cmp	x0, #8
	b.lo	1f
	mrs	x1, sp_el0		/* from EL0: the user's stack pointer */
1:	stp	x30, x1, [sp, #240]	/* lr, sp before the exception */
	mrs	x2, elr_el1
	mrs	x3, spsr_el1
	stp	x2, x3, [sp, #256]
	mrs	x2, esr_el1
	mrs	x3, far_el1
	stp	x2, x3, [sp, #272]
	mov	x1, x0
	mov	x0, sp
	bl	trap_entry
	.globl	trap_return
trap_return:
	ldp	x2, x3, [sp, #256]
	msr	elr_el1, x2
	msr	spsr_el1, x3
	tst	x3, #0xf		/* back to EL0t: restore its sp */
	b.ne	2f
	ldr	x2, [sp, #248]
	msr	sp_el0, x2
2:	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldr	x30, [sp, #240]
	ldp	x0, x1, [sp, #0]
	add	sp, sp, #FRAME_SIZE
	eret

/*
 * Semihosting call: w0 = operation, x1 = argument.  Without a debugger or
 * QEMU -semihosting, HLT is undefined; trap_entry() recognises this address,
 * returns SEMIHOST_ABSENT in x0 and skips the instruction.
 */
	.globl	semihost_call
	.globl	semihost_hlt
semihost_call:
semihost_hlt:
	hlt	#0xf000
	ret
