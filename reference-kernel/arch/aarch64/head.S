/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Kernel entry.  The first 64 bytes are the arm64 Image header, so the raw
 * binary boots through QEMU -kernel, U-Boot booti and a FIT through bootm.
 * The loader enters at a 2 MiB-aligned physical address with the MMU off,
 * x0 = DTB, at EL2 or EL1.  Everything up to the jump to the high virtual
 * address runs position independent (PC-relative addressing only).
 */
#include <arch/sysreg.h>

	.section .text.head, "ax"
	.globl	_text
_text:
	b	primary_entry		/* code0 */
	.long	0			/* code1 */
	.quad	0			/* text_offset */
	.quad	_image_size		/* image_size, including bss */
	.quad	0xa			/* flags: LE, 4 KiB pages, anywhere */
	.quad	0, 0, 0			/* res2..res4 */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* res5: no PE/COFF header */

	.text
	.globl	primary_entry
primary_entry:
	mov	x19, x0			/* DTB physical address */
	mrs	x20, CurrentEL
	lsr	x20, x20, #2		/* entry exception level */
	bl	drop_to_el1
	bl	el1_setup
	adrp	x21, _text		/* physical load address */

	/* Zero .bss with the MMU off: aligned 16-byte stores only. */
	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
1:	cmp	x0, x1
	b.hs	2f
	stp	xzr, xzr, [x0], #16
	b	1b
2:
	/* Build the boot page tables in C on a physical stack. */
	adrp	x0, boot_stack_top
	add	x0, x0, :lo12:boot_stack_top
	mov	sp, x0
	mov	x0, x21
	mov	x1, x19
	bl	early_map
	bl	mmu_on
	ldr	x9, =primary_high
	br	x9
primary_high:
	ldr	x9, =boot_stack_top
	mov	sp, x9
	ldr	x9, =exception_vectors
	msr	vbar_el1, x9
	msr	tpidr_el1, xzr
	isb
	mov	x0, x19
	mov	x1, x21
	mov	x2, x20
	bl	kmain
3:	wfi
	b	3b

/*
 * Secondary CPUs arrive here from PSCI CPU_ON with the MMU off, at the boot
 * CPU's entry EL, x0 = their logical CPU number.
 */
	.globl	secondary_entry
secondary_entry:
	mov	x19, x0
	bl	drop_to_el1
	bl	el1_setup
	bl	mmu_on
	ldr	x9, =secondary_high
	br	x9
secondary_high:
	ldr	x9, =cpu_stacks
	add	x10, x19, #1
	lsl	x10, x10, #STACK_SHIFT
	add	sp, x9, x10
	ldr	x9, =exception_vectors
	msr	vbar_el1, x9
	msr	tpidr_el1, x19
	isb
	mov	x0, x19
	bl	secondary_main
4:	wfi
	b	4b

/*
 * At EL2 (BPI-R4 from U-Boot, QEMU virtualization=on): the cores are v8.0
 * without VHE, so configure EL2 minimally and eret to EL1h at the caller.
 * At EL1: return.  Clobbers x9, x10.
 */
drop_to_el1:
	mrs	x9, CurrentEL
	cmp	x9, #(2 << 2)
	b.eq	1f
	ret
1:	mov	x9, #HCR_EL2_RW
	msr	hcr_el2, x9
	mrs	x9, cnthctl_el2
	orr	x9, x9, #3		/* EL1PCTEN | EL1PCEN */
	msr	cnthctl_el2, x9
	msr	cntvoff_el2, xzr
	mov	x9, #CPTR_EL2_NO
	msr	cptr_el2, x9
	msr	hstr_el2, xzr
	msr	vttbr_el2, xzr
	mrs	x9, midr_el1
	msr	vpidr_el2, x9
	mrs	x9, mpidr_el1
	msr	vmpidr_el2, x9
	mrs	x9, id_aa64pfr0_el1
	ubfx	x9, x9, #24, #4		/* GIC system register interface */
	cbz	x9, 2f
	mrs	x9, ICC_SRE_EL2
	mov	x10, #0x9		/* SRE | Enable: EL1 may use ICC_* */
	orr	x9, x9, x10
	msr	ICC_SRE_EL2, x9
	isb
	msr	ICH_HCR_EL2, xzr
2:	ldr	x9, =SCTLR_EL1_RES1
	msr	sctlr_el1, x9
	mov	x9, #SPSR_EL1H
	msr	spsr_el2, x9
	msr	elr_el2, lr
	eret

/* EL1 known state: FP/SIMD not trapped (libfdt uses it), MMU and caches off. */
el1_setup:
	mov	x9, #CPACR_FPEN
	msr	cpacr_el1, x9
	ldr	x9, =SCTLR_EL1_RES1
	msr	sctlr_el1, x9
	isb
	ret

/* Turn the MMU on with the tables built by early_map().  Clobbers x9-x11. */
mmu_on:
	ldr	x9, =MAIR_VALUE
	msr	mair_el1, x9
	mrs	x10, id_aa64mmfr0_el1
	and	x10, x10, #7		/* PARange */
	cmp	x10, #5
	mov	x11, #5
	csel	x10, x10, x11, ls
	ldr	x9, =TCR_BASE
	orr	x9, x9, x10, lsl #32	/* IPS */
	msr	tcr_el1, x9
	adrp	x9, idmap_l1
	msr	ttbr0_el1, x9
	adrp	x9, kernel_l1
	msr	ttbr1_el1, x9
	isb
	tlbi	vmalle1
	ic	iallu
	dsb	nsh
	isb
	ldr	x9, =(SCTLR_EL1_RES1 | SCTLR_M | SCTLR_C | SCTLR_SA | SCTLR_I)
	msr	sctlr_el1, x9
	isb
	ret

	.section .bss.stack, "aw", %nobits
	.balign	16
	.globl	boot_stack
boot_stack:
	.space	(1 << STACK_SHIFT)
	.globl	boot_stack_top
boot_stack_top:
