// SPDX-License-Identifier: BSD-2-Clause
/*
 * Exception dispatch: IRQs go to the interrupt handler; the semihosting
 * probe is answered; anything else is unexpected and ends in a decoded
 * report (class, syndrome, addresses, all registers) and a stop.
 */
#include <arch/sysreg.h>
#include <arch/trap.h>
#include <kernel/kernel.h>
#include <kernel/proc.h>

extern char semihost_hlt[];
void irq_handle(void);
void console_emergency(void);
const char *esr_fault_status(uint32_t fsc);

static const char *const kind_type[] = {"synchronous", "IRQ", "FIQ", "SError"};
static const char *const kind_src[] = {
	"current EL with SP0", "current EL with SPx", "lower EL (AArch64)",
	"lower EL (AArch32)"};

const char *
esr_class_name(uint32_t ec)
{
	switch (ec) {
	case 0x00:
		return "unknown reason (undefined instruction)";
	case 0x01:
		return "trapped WFI/WFE";
	case 0x07:
		return "SVE/SIMD/FP access trapped";
	case 0x0e:
		return "illegal execution state";
	case 0x11:
	case 0x15:
		return "SVC";
	case 0x12:
	case 0x16:
		return "HVC";
	case 0x13:
	case 0x17:
		return "SMC";
	case 0x18:
		return "trapped MSR/MRS/system instruction";
	case 0x20:
		return "instruction abort from a lower EL";
	case 0x21:
		return "instruction abort at the same EL";
	case 0x22:
		return "PC alignment fault";
	case 0x24:
		return "data abort from a lower EL";
	case 0x25:
		return "data abort at the same EL";
	case 0x26:
		return "SP alignment fault";
	case 0x2c:
		return "trapped floating-point exception";
	case 0x2f:
		return "SError interrupt";
	case 0x30:
	case 0x31:
		return "breakpoint";
	case 0x32:
	case 0x33:
		return "software step";
	case 0x34:
	case 0x35:
		return "watchpoint";
	case 0x3c:
		return "BRK instruction";
	default:
		return "reserved or unhandled class";
	}
}

const char *
esr_fault_status(uint32_t fsc)
{
	switch (fsc & 0x3c) {
	case 0x00:
		return "address size fault";
	case 0x04:
		return "translation fault";
	case 0x08:
		return "access flag fault";
	case 0x0c:
		return "permission fault";
	default:
		break;
	}
	if (fsc == 0x10)
		return "synchronous external abort";
	if (fsc == 0x21)
		return "alignment fault";
	return "other fault";
}

static void
report(const struct trap_frame *f, uint64_t kind)
{
	uint32_t ec = (uint32_t)(f->esr >> 26) & 0x3f;
	uint32_t iss = (uint32_t)f->esr & 0x1ffffff;
	int i;

	console_emergency();
	kprintf_unlocked("\n*** unexpected exception on cpu%u: %s from %s\n",
			 this_cpu(), kind_type[kind & 3], kind_src[kind >> 2]);
	kprintf_unlocked("ESR  0x%08lx: class 0x%02x, %s\n",
			 (unsigned long)f->esr, ec, esr_class_name(ec));
	if (ec == 0x20 || ec == 0x21 || ec == 0x24 || ec == 0x25) {
		kprintf_unlocked("     %s, level %u%s\n",
				 esr_fault_status(iss & 0x3f), iss & 3,
				 (ec >= 0x24 && (iss & (1 << 6))) ? ", write"
				 : ec >= 0x24			  ? ", read"
								  : "");
	}
	kprintf_unlocked("FAR  0x%016lx  ELR 0x%016lx  SPSR 0x%08lx\n",
			 (unsigned long)f->far, (unsigned long)f->elr,
			 (unsigned long)f->spsr);
	for (i = 0; i < 31; i++) {
		kprintf_unlocked("%sx%d%s 0x%016lx", (i % 4) ? "  " : "", i,
				 i < 10 ? " " : "", (unsigned long)f->x[i]);
		if (i % 4 == 3)
			kprintf_unlocked("\n");
	}
	kprintf_unlocked("  sp  0x%016lx\n", (unsigned long)f->sp);
	kprintf_unlocked("stopping: unexpected exception\n");
}

/*
 * From EL0 (kinds 8..11): under the kernel lock, a system call, an
 * interrupt, or a fault that ends the faulting process with a report; then
 * the checks on the way back (kill, end of time slice).
 */
static void
from_user(struct trap_frame *f, uint64_t kind)
{
	uint32_t ec = (uint32_t)(f->esr >> 26) & 0x3f;

	/* Interrupts first, without the lock: a driver's line takes it. */
	if (kind == 9)
		irq_handle();
	spin_lock(&kernel_lock);
	if (kind == 8 && ec == 0x15)
		syscall_dispatch(f);
	else if (kind == 9)
		;
	else if (kind == 8)
		user_fault(f, NULL);
	else if (kind == 11)
		user_fault(f, "AArch32 exception");
	else
		user_fault(f, kind == 10 ? "FIQ" : "SError");
	user_return_check();
	spin_unlock(&kernel_lock);
}

/* Set while a CPU prints its report: a fault in there must not recurse. */
static uint8_t reporting[MAX_CPUS];

void
trap_entry(struct trap_frame *f, uint64_t kind)
{
	uint32_t ec = (uint32_t)(f->esr >> 26) & 0x3f;
	unsigned int cpu = this_cpu() % MAX_CPUS;

	if (kind == 5) {
		irq_handle();
		return;
	}
	if (kind >= 8) {
		from_user(f, kind);
		return;
	}
	if (kind == 4 && ec == 0 && f->elr == (uintptr_t)semihost_hlt) {
		f->x[0] = SEMIHOST_ABSENT;
		f->elr += 4;
		return;
	}
	if (!reporting[cpu]) {
		reporting[cpu] = 1;
		report(f, kind);
	}
	kernel_exit(EXIT_EXCEPTION);
}
