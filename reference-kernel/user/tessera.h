/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The user-space interface of the reference kernel: system call stubs
 * (syscalls.S) and the small C library (libc.c).
 */
#ifndef TESSERA_USER_H
#define TESSERA_USER_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <kernel/syscall.h>

typedef uint32_t handle_t;

/* System calls: a result >= 0, or a negative error number. */
long sys_null(void);
_Noreturn void exit(int status);
long debug_write(const void *buf, size_t len);
long spawn(const char *name, size_t namelen, const char *arg, size_t arglen,
	   const handle_t *handles, size_t nhandles);
long wait(handle_t h, int *status, uint64_t timeout_ns);
long kill(handle_t h);
long yield(void);
long sleep_ns(uint64_t ns);
long getpid(void);
long vm_alloc(size_t len, int prot);
long handle_close(handle_t h);
long uptime_ns(void);
long handle_dup(handle_t h, uint64_t rights);
long debug_read(void);
long channel_create(handle_t ends[2]);
long channel_write(handle_t h, const void *buf, size_t len,
		   const handle_t *handles, size_t nh);
long channel_read(handle_t h, struct chan_msg *m, uint64_t timeout_ns);
/* A message buffer: cap bytes at buf, room for hcap handles at hs. */
static inline struct chan_msg
chan_msg_make(void *buf, size_t cap, handle_t *hs, size_t hcap)
{
	struct chan_msg m = {(uint64_t)(uintptr_t)buf,
			     cap,
			     (uint64_t)(uintptr_t)hs,
			     hcap,
			     0,
			     0};

	return m;
}
/* Send m->buf[0..len) and m->handles[0..nh); the reply lands in m. */
long channel_call(handle_t h, struct chan_msg *m, size_t len, size_t nh,
		  uint64_t timeout_ns);
/* Answer the last call read from h, then wait for the next message. */
long channel_reply_wait(handle_t h, struct chan_msg *m, size_t len, size_t nh,
			uint64_t timeout_ns);
long eventq_create(void);
long event_subscribe(handle_t q, int kind, uint64_t ident, uint64_t ns,
		     int flags);
long event_wait(handle_t q, struct event *ev, size_t n, uint64_t timeout_ns);
long open(const char *path, size_t len);
long read(handle_t h, void *buf, size_t len);
long write(handle_t h, const void *buf, size_t len);
long scheme_register(const char *name, size_t len);
long scheme_next(handle_t sh, struct scheme_req *rq, uint64_t timeout_ns);
long scheme_answer(handle_t sh, uint32_t tag, long result, const void *data,
		   size_t len);
long scheme_get(handle_t sh, uint32_t tag, void *buf, size_t len);
/* scheme_answer, then scheme_next without a time limit. */
long scheme_answer_next(handle_t sh, uint32_t tag, long result,
			const void *data, size_t len, struct scheme_req *rq);
long region_map(handle_t h, int prot);
long region_info(handle_t h, uint64_t info[3]);
long irq_wait(handle_t h, uint64_t timeout_ns);
long sysinfo(struct sysinfo *si);
long proc_list(struct proc_info *list, size_t n);
long handle_pid(handle_t h);
long thread_create(void (*entry)(void), uint64_t stack_top, uint64_t arg);
_Noreturn void thread_exit(int status);
long thread_join(handle_t t, int *status, uint64_t timeout_ns);
long set_priority(int prio);
long syscall6(long nr, long a0, long a1, long a2, long a3, long a4, long a5);

/* The program's entry: its argument string and the handles it was given. */
int main(const char *arg, size_t arglen, size_t nhandles,
	 const handle_t *handles);

/* C library. */
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void *malloc(size_t n);
void free(void *p);
long spawn_name(const char *name, const char *arg, const handle_t *h,
		size_t nh);
const char *strerror(long err);
long open_path(const char *path);
long thread_start(long (*fn)(long), long arg);
long atol_(const char *s);
long scheme_register_retry(const char *name);

/* A read-only file server: open() fills a text (or points at data). */
struct tfile {
	int used;
	uint64_t off;
	const char *data;
	size_t size;
	char buf[1024];
};
typedef long (*tfile_open_fn)(const char *path, size_t len, struct tfile *f);
_Noreturn void serve_files(handle_t sh, tfile_open_fn fn);
long chan_recv(handle_t h, void *buf, size_t cap, handle_t *hs, size_t hcap,
	       size_t *nh, uint64_t timeout_ns);

#endif
