/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Program entry.  The kernel starts a process with x0 = its argument
 * string, x1 = the string's length, x2 = the number of handles it was
 * given, x3 = their values (an array on the stack), sp 16-byte aligned.
 */
	.text
	.globl	_start
_start:
	mov	x29, #0
	mov	x30, #0
	bl	main
	bl	exit
1:	b	1b

/*
 * A thread made by thread_start() (libc.c) begins here with x0 = a block
 * {function, argument} at the top of its stack; the function's result is
 * the thread's exit status.
 */
	.globl	thread_entry
thread_entry:
	ldp	x1, x0, [x0]
	mov	x29, #0
	mov	x30, #0
	blr	x1
	bl	thread_exit
2:	b	2b
