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
