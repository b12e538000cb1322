// SPDX-License-Identifier: BSD-2-Clause
/*
 * User address spaces: one three-level table (39 bits, 4 KiB pages) per
 * process in TTBR0, tagged with the process's ASID; user pages are
 * non-global, never executable by the kernel, and never both writable and
 * executable.
 *
 * The kernel never dereferences a user pointer.  copyin()/copyout() walk
 * the process's own tables in software, check that every page of the range
 * is mapped, user-accessible and (for copyout) writable, and copy through
 * the linear map.  A bad pointer (unmapped, kernel half, wrong permission,
 * a length that wraps or leaves user space) gives -EFAULT before a byte
 * moves.  Nothing is paged on demand, so the check and the copy see the
 * same mappings (the kernel lock is held across both).
 */
#include <arch/sysreg.h>
#include <kernel/kernel.h>
#include <kernel/mm.h>
#include <kernel/proc.h>

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);

#define PTE_USER    (1UL << 6)	/* AP[1]: EL0 access */
#define PTE_NG	    (1UL << 11) /* non-global: tagged with the ASID */
#define PTE_ADDR    0x0000fffffffff000UL
#define PTE_SW_PHYS (1UL << 55) /* not ours to free: a device or the initrd */
#define IDX(va, l)  (((va) >> (12 + 9 * (3 - (l)))) & 511)

static uint64_t empty_l1; /* TTBR0 of a CPU that runs no process */

void
vm_init_empty(void)
{
	empty_l1 = page_alloc();
	if (empty_l1 == 0)
		panic("no page for the empty user table");
	memset(phys_to_virt(empty_l1), 0, PAGE_SIZE);
	__asm__ volatile("dsb ishst" ::: "memory");
}

static uint64_t
zeroed_page(void)
{
	uint64_t pa = page_alloc();

	if (pa != 0)
		memset(phys_to_virt(pa), 0, PAGE_SIZE);
	return pa;
}

int
vm_create(struct vm *vm, uint16_t asid)
{
	uint64_t l1 = zeroed_page();

	if (l1 == 0)
		return -ENOMEM;
	vm->l1 = l1;
	vm->asid = asid;
	vm->npages = 0;
	vm->heap = USER_HEAP_BASE;
	vm->rl = NULL;
	return 0;
}

/* The level-3 entry for @p va, creating tables on the way if @p alloc. */
static uint64_t *
walk(const struct vm *vm, uint64_t va, bool alloc)
{
	uint64_t *t = phys_to_virt(vm->l1);
	int l;

	for (l = 1; l < 3; l++) {
		uint64_t *e = &t[IDX(va, l)];

		if ((*e & PTE_VALID) == 0) {
			uint64_t pa;

			if (!alloc)
				return NULL;
			pa = zeroed_page();
			if (pa == 0)
				return NULL;
			__asm__ volatile("dsb ishst" ::: "memory");
			*e = pa | PTE_TABLE;
		}
		t = phys_to_virt(*e & PTE_ADDR);
	}
	return &t[IDX(va, 3)];
}

static uint64_t
pte_bits(unsigned int prot)
{
	uint64_t b = PTE_PAGE | PTE_ATTR(ATTR_NORMAL) | PTE_SH_INNER | PTE_AF |
		     PTE_NG | PTE_USER | PTE_PXN;

	if ((prot & VM_W) == 0)
		b |= PTE_RDONLY;
	if ((prot & VM_X) == 0)
		b |= PTE_UXN;
	return b;
}

static void
tlb_flush_va(const struct vm *vm, uint64_t va)
{
	uint64_t arg =
		((uint64_t)vm->asid << 48) | ((va >> 12) & 0xfffffffffffUL);

	__asm__ volatile(
		"dsb ishst\n\ttlbi vae1is, %0\n\tdsb ish\n\tisb" ::"r"(arg)
		: "memory");
}

static void tc_clear(struct vm *vm);

static void
unmap_range(struct vm *vm, uint64_t va, uint64_t end)
{
	tc_clear(vm);
	for (; va < end; va += PAGE_SIZE) {
		uint64_t *e = walk(vm, va, false);

		if (e == NULL || (*e & PTE_VALID) == 0)
			continue;
		if ((*e & PTE_SW_PHYS) == 0) {
			page_free(*e & PTE_ADDR);
			vm->npages--;
			if (vm->rl != NULL)
				trlimit_uncharge(vm->rl, TRLIMIT_RES_MEMORY,
						 PAGE_SIZE);
		}
		*e = 0;
		tlb_flush_va(vm, va);
	}
}

/*
 * Map fresh zeroed pages over [va, va + len).  All or nothing: on failure
 * the pages mapped so far are taken back.  W and X together are refused.
 */
int
vm_map_new(struct vm *vm, uint64_t va, uint64_t len, unsigned int prot)
{
	uint64_t a, end = va + len;

	if ((prot & VM_W) && (prot & VM_X))
		return -EINVAL;
	if ((va & (PAGE_SIZE - 1)) || (len & (PAGE_SIZE - 1)) || len == 0 ||
	    end < va || va < USER_BASE || end > USER_TOP)
		return -EINVAL;
	if (vm->rl != NULL &&
	    trlimit_charge(vm->rl, TRLIMIT_RES_MEMORY, len) < 0)
		return -ENOMEM; /* the process's limit (librlimit) */
	for (a = va; a < end; a += PAGE_SIZE) {
		uint64_t *e = walk(vm, a, false);

		if (e != NULL && (*e & PTE_VALID))
			return -EEXIST;
	}
	for (a = va; a < end; a += PAGE_SIZE) {
		uint64_t *e = walk(vm, a, true);
		uint64_t pa = e != NULL ? zeroed_page() : 0;

		if (pa == 0) {
			unmap_range(vm, va, a);
			if (vm->rl != NULL)
				trlimit_uncharge(vm->rl, TRLIMIT_RES_MEMORY,
						 end - a);
			return -ENOMEM;
		}
		__asm__ volatile("dsb ishst" ::: "memory");
		*e = pa | pte_bits(prot);
		vm->npages++;
	}
	__asm__ volatile("dsb ish\n\tisb" ::: "memory");
	return 0;
}

/*
 * Map the physical range [pa, pa + len) at va: device memory (never
 * executable) or normal memory.  All or nothing.
 */
int
vm_map_phys(struct vm *vm, uint64_t va, uint64_t pa, uint64_t len,
	    unsigned int prot, bool device)
{
	uint64_t off;

	if ((prot & VM_X) || ((va | pa | len) & (PAGE_SIZE - 1)) || len == 0 ||
	    va + len < va || va < USER_BASE || va + len > USER_TOP)
		return -EINVAL;
	for (off = 0; off < len; off += PAGE_SIZE) {
		uint64_t *e = walk(vm, va + off, false);

		if (e != NULL && (*e & PTE_VALID))
			return -EEXIST;
	}
	for (off = 0; off < len; off += PAGE_SIZE) {
		uint64_t *e = walk(vm, va + off, true);
		uint64_t b = pte_bits(prot) | PTE_SW_PHYS;

		if (e == NULL) {
			unmap_range(vm, va, va + off);
			return -ENOMEM;
		}
		if (device)
			b = (b & ~(uint64_t)PTE_ATTR(7) &
			     ~(uint64_t)PTE_SH_INNER) |
			    PTE_ATTR(ATTR_DEVICE);
		__asm__ volatile("dsb ishst" ::: "memory");
		*e = (pa + off) | b;
	}
	__asm__ volatile("dsb ish\n\tisb" ::: "memory");
	return 0;
}

static void
free_table(uint64_t pa, int level)
{
	uint64_t *t = phys_to_virt(pa);
	int i;

	for (i = 0; i < 512; i++) {
		if ((t[i] & PTE_VALID) == 0)
			continue;
		if (level < 3)
			free_table(t[i] & PTE_ADDR, level + 1);
		else if ((t[i] & PTE_SW_PHYS) == 0)
			page_free(t[i] & PTE_ADDR);
	}
	page_free(pa);
}

/*
 * Give back every page and table.  No CPU runs this address space any more
 * (the scheduler switches TTBR0 away first); its ASID's TLB entries go
 * everywhere, so the ASID can be reused.
 */
void
vm_destroy(struct vm *vm)
{
	uint64_t arg = (uint64_t)vm->asid << 48;

	if (vm->l1 == 0)
		return;
	__asm__ volatile(
		"dsb ishst\n\ttlbi aside1is, %0\n\tdsb ish\n\tisb" ::"r"(arg)
		: "memory");
	free_table(vm->l1, 1);
	if (vm->rl != NULL && vm->npages > 0)
		trlimit_uncharge(vm->rl, TRLIMIT_RES_MEMORY,
				 vm->npages * PAGE_SIZE);
	vm->l1 = 0;
	vm->npages = 0;
	tc_clear(vm);
}

/*
 * The translation cache: a few recent user pages of each address space
 * with their physical page (bit 0: writable).  An entry stays right for
 * the life of the address space, since a live mapping is never removed
 * or changed (vm_map_new and vm_map_phys take back only pages they mapped
 * themselves, and clear the cache then anyway); vm_destroy clears it.
 * Used under the kernel lock, like the tables.
 */
static void
tc_clear(struct vm *vm)
{
	memset(vm->tc, 0, sizeof(vm->tc));
}

/* The leaf entry of @p va in the tables, or NULL; makes no tables. */
static inline const uint64_t *
pte_find(const struct vm *vm, uint64_t va)
{
	const uint64_t *t = phys_to_virt(vm->l1);
	uint64_t e = t[IDX(va, 1)];

	if ((e & PTE_VALID) == 0)
		return NULL;
	t = phys_to_virt(e & PTE_ADDR);
	e = t[IDX(va, 2)];
	if ((e & PTE_VALID) == 0)
		return NULL;
	t = phys_to_virt(e & PTE_ADDR);
	return &t[IDX(va, 3)];
}

/*
 * The physical address of user address @p va, mapped for EL0 (and
 * writable when @p write), or 0.  Device memory counts as unmapped: the
 * kernel copies through its normal-memory view only.
 */
uint64_t
vm_lookup(struct vm *vm, uint64_t va, bool write)
{
	uint64_t tag = (va & ~(uint64_t)(PAGE_SIZE - 1)) | 1, e;
	struct vm_tc *c = &vm->tc[(va / PAGE_SIZE) % VM_TC];
	const uint64_t *pte;

	if (c->va == tag && (!write || (c->pa & 1)))
		return (c->pa & PTE_ADDR) | (va & (PAGE_SIZE - 1));
	if (vm->l1 == 0 || va >= USER_TOP || va < USER_BASE)
		return 0;
	pte = pte_find(vm, va);
	if (pte == NULL)
		return 0;
	e = *pte;
	if ((e & PTE_VALID) == 0 || (e & PTE_USER) == 0 ||
	    (e & PTE_ATTR(7)) == PTE_ATTR(ATTR_DEVICE))
		return 0;
	if (write && (e & PTE_RDONLY))
		return 0;
	c->va = tag;
	c->pa = (e & PTE_ADDR) | ((e & PTE_RDONLY) ? 0 : 1);
	return (e & PTE_ADDR) | (va & (PAGE_SIZE - 1));
}

bool
vm_range_ok(struct vm *vm, uint64_t va, uint64_t len, bool write)
{
	uint64_t end = va + len, p;

	if (len == 0)
		return true;
	if (end < va || end > USER_TOP || va < USER_BASE)
		return false;
	for (p = va & ~(uint64_t)(PAGE_SIZE - 1); p < end; p += PAGE_SIZE) {
		if (vm_lookup(vm, p, write) == 0)
			return false;
	}
	return true;
}

/*
 * The kernel address of a user range that lies inside one page, checked
 * like vm_range_ok with a single walk; NULL when the range is bad or
 * crosses a page (the caller then takes the general path).  Valid until
 * the kernel lock is dropped.
 */
void *
vm_user_ptr_slow(struct vm *vm, uint64_t va, uint64_t len, bool write)
{
	uint64_t pa;

	if (va < USER_BASE || len > PAGE_SIZE ||
	    (va & (PAGE_SIZE - 1)) + len > PAGE_SIZE)
		return NULL;
	pa = vm_lookup(vm, va, write);
	return pa == 0 ? NULL : phys_to_virt(pa);
}

/*
 * A user range of at most one page's length (so over at most two pages),
 * checked like vm_range_ok and translated with one walk per page: the
 * kernel addresses of its one or two pieces.  False when the range is bad
 * or longer than a page.  Valid while the process lives: user pages are
 * never unmapped before the address space goes, and the kernel lock is
 * held by whoever uses it.
 */
bool
vm_user_span_slow(struct vm *vm, uint64_t va, uint64_t len, bool write,
		  struct uspan *s)
{
	uint64_t off = va & (PAGE_SIZE - 1), pa;

	s->n[0] = s->n[1] = 0;
	s->k[0] = s->k[1] = NULL;
	if (len == 0)
		return true;
	if (va < USER_BASE || len > PAGE_SIZE || va + len > USER_TOP)
		return false;
	pa = vm_lookup(vm, va, write);
	if (pa == 0)
		return false;
	s->k[0] = phys_to_virt(pa);
	s->n[0] = (uint32_t)(off + len > PAGE_SIZE ? PAGE_SIZE - off : len);
	if (s->n[0] == len)
		return true;
	pa = vm_lookup(vm, va + s->n[0], write);
	if (pa == 0)
		return false;
	s->k[1] = phys_to_virt(pa);
	s->n[1] = (uint32_t)(len - s->n[0]);
	return true;
}

int
copyin(struct vm *vm, void *dst, uint64_t usrc, size_t n)
{
	void *k = vm_user_ptr(vm, usrc, n, false);

	if (k != NULL) {
		memcpy(dst, k, n);
		return 0;
	}
	uint8_t *d = dst;

	if (!vm_range_ok(vm, usrc, n, false))
		return -EFAULT;
	while (n > 0) {
		uint64_t off = usrc & (PAGE_SIZE - 1);
		size_t chunk = PAGE_SIZE - off;

		if (chunk > n)
			chunk = n;
		memcpy(d, phys_to_virt(vm_lookup(vm, usrc, false)), chunk);
		d += chunk;
		usrc += chunk;
		n -= chunk;
	}
	return 0;
}

int
copyout(struct vm *vm, uint64_t udst, const void *src, size_t n)
{
	void *k = vm_user_ptr(vm, udst, n, true);

	if (k != NULL) {
		memcpy(k, src, n);
		return 0;
	}
	const uint8_t *s = src;

	if (!vm_range_ok(vm, udst, n, true))
		return -EFAULT;
	while (n > 0) {
		uint64_t off = udst & (PAGE_SIZE - 1);
		size_t chunk = PAGE_SIZE - off;

		if (chunk > n)
			chunk = n;
		memcpy(phys_to_virt(vm_lookup(vm, udst, true)), s, chunk);
		s += chunk;
		udst += chunk;
		n -= chunk;
	}
	return 0;
}

void
vm_activate(const struct vm *vm)
{
	write_sysreg(ttbr0_el1, vm->l1 | ((uint64_t)vm->asid << 48));
	isb();
}

void
vm_deactivate(void)
{
	write_sysreg(ttbr0_el1, empty_l1);
	isb();
}
