/* SPDX-License-Identifier: BSD-2-Clause */
/* System call stubs: number in x8, arguments in x0-x5, result in x0. */
#include <kernel/syscall.h>

	.macro	syscall name, nr
	.text
	.globl	\name
	.type	\name, %function
\name:
	mov	x8, #\nr
	svc	#0
	ret
	.size	\name, . - \name
	.endm

	syscall	sys_null, SYS_null
	syscall	exit, SYS_exit
	syscall	debug_write, SYS_debug_write
	syscall	spawn, SYS_spawn
	syscall	wait, SYS_wait
	syscall	kill, SYS_kill
	syscall	yield, SYS_yield
	syscall	sleep_ns, SYS_sleep
	syscall	getpid, SYS_getpid
	syscall	vm_alloc, SYS_vm_alloc
	syscall	handle_close, SYS_handle_close
	syscall	uptime_ns, SYS_uptime
	syscall	handle_dup, SYS_handle_dup
	syscall	debug_read, SYS_debug_read
	syscall	channel_create, SYS_channel_create
	syscall	channel_write, SYS_channel_write
	syscall	channel_read, SYS_channel_read
	syscall	eventq_create, SYS_eventq_create
	syscall	event_subscribe, SYS_event_subscribe
	syscall	event_wait, SYS_event_wait
	syscall	open, SYS_open
	syscall	read, SYS_read
	syscall	write, SYS_write
	syscall	scheme_register, SYS_scheme_register
	syscall	scheme_next, SYS_scheme_next
	syscall	scheme_answer, SYS_scheme_answer
	syscall	scheme_get, SYS_scheme_get
	syscall	region_map, SYS_region_map
	syscall	region_info, SYS_region_info
	syscall	irq_wait, SYS_irq_wait
	syscall	sysinfo, SYS_sysinfo
	syscall	proc_list, SYS_proc_list
	syscall	handle_pid, SYS_handle_pid
	syscall	thread_create, SYS_thread_create
	syscall	thread_exit, SYS_thread_exit
	syscall	thread_join, SYS_thread_join
	syscall	set_priority, SYS_set_priority
	syscall	channel_call, SYS_channel_call
	syscall	channel_reply_wait, SYS_channel_reply_wait
	syscall	scheme_answer_next, SYS_scheme_answer_next

/* long syscall6(long nr, long a0, ..., long a5): any number (fuzzing). */
	.globl	syscall6
syscall6:
	mov	x8, x0
	mov	x0, x1
	mov	x1, x2
	mov	x2, x3
	mov	x3, x4
	mov	x4, x5
	mov	x5, x6
	svc	#0
	ret
