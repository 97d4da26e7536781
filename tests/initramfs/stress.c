// SPDX-License-Identifier: GPL-2.0
/*
 * stress: exercise what a paravirtualized kernel must get right, from
 * user space: fork+exec (page-table creation, pinning and teardown),
 * mmap/munmap with page touching (faults, TLB flushes), pipes and
 * context switches, signals, and threads sharing an address space.
 * Every step checks its own results; the first wrong one ends the run
 * with a message and exit status 1.  "stress: ok" means all passed.
 *
 *   stress [-n SCALE]     SCALE multiplies every loop count (default 1)
 *   stress MODE N         only loop MODE N times and print its timing
 *                         (CLOCK_MONOTONIC) on one line, for benchmarks:
 *                         "forkexit: N iterations, T ns total, P ns/iter"
 *     forkexit            fork, child _exit, waitpid
 *     forkexec            fork, child execve of /bin/true, waitpid
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static int scale = 1;

#define fail(...) do {							\
	fprintf(stderr, "stress: FAIL: " __VA_ARGS__);			\
	fprintf(stderr, " (errno %d)\n", errno);			\
	exit(1);							\
} while (0)

static void fork_exec(int n)
{
	int i, status;
	pid_t pid;

	for (i = 0; i < n; i++) {
		pid = fork();
		if (pid < 0)
			fail("fork %d", i);
		if (!pid) {
			execl("/bin/true", "true", (char *)NULL);
			_exit(127);
		}
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status))
			fail("exec of /bin/true %d: status %#x", i, status);
	}
}

static void fork_exit(int n)
{
	int i, status;
	pid_t pid;

	for (i = 0; i < n; i++) {
		pid = fork();
		if (pid < 0)
			fail("fork %d", i);
		if (!pid)
			_exit(i & 0x7f);
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != (i & 0x7f))
			fail("child %d: status %#x", i, status);
	}
}

static void mmap_touch(int n)
{
	const size_t len = 4 << 20;
	size_t off;
	int i;

	for (i = 0; i < n; i++) {
		unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			fail("mmap %d", i);
		for (off = 0; off < len; off += 4096)
			p[off] = (unsigned char)(off >> 12) ^ i;
		for (off = 0; off < len; off += 4096)
			if (p[off] != ((unsigned char)(off >> 12) ^ i))
				fail("mmap %d: page %zu lost its data", i,
				     off >> 12);
		if (mprotect(p, len / 2, PROT_READ))
			fail("mprotect %d", i);
		if (munmap(p, len))
			fail("munmap %d", i);
	}
	printf("stress: %d x 4 MiB mmap/touch/munmap\n", n);
}

/* Data written through a pipe by a forked child comes back intact. */
static void pipes(int n)
{
	char buf[4096], want[4096];
	int fd[2], i, status;
	pid_t pid;
	ssize_t got, k;

	for (i = 0; i < (int)sizeof(want); i++)
		want[i] = (char)(i * 7);
	if (pipe(fd))
		fail("pipe");
	pid = fork();
	if (pid < 0)
		fail("fork");
	if (!pid) {
		close(fd[0]);
		for (i = 0; i < n; i++)
			if (write(fd[1], want, sizeof(want)) != sizeof(want))
				_exit(1);
		_exit(0);
	}
	close(fd[1]);
	for (i = 0; i < n; i++) {
		for (got = 0; got < (ssize_t)sizeof(buf); got += k) {
			k = read(fd[0], buf + got, sizeof(buf) - got);
			if (k <= 0)
				fail("pipe read %d", i);
		}
		if (memcmp(buf, want, sizeof(buf)))
			fail("pipe block %d corrupted", i);
	}
	close(fd[0]);
	if (waitpid(pid, &status, 0) != pid || status)
		fail("pipe writer: status %#x", status);
	printf("stress: %d x 4 KiB through a pipe\n", n);
}

static int got_signals;	/* written by the handler, atomically */

static void on_usr1(int sig)
{
	__atomic_fetch_add(&got_signals, 1, __ATOMIC_RELAXED);
}

static void signal_loop(int n)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	int i;

	if (sigaction(SIGUSR1, &sa, NULL))
		fail("sigaction");
	for (i = 0; i < n; i++)
		if (kill(getpid(), SIGUSR1))
			fail("kill %d", i);
	if (__atomic_load_n(&got_signals, __ATOMIC_RELAXED) != n)
		fail("%d signals sent, %d handled", n, got_signals);
	printf("stress: %d SIGUSR1 handled\n", n);
}

#define NTHREADS 4
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *thread_fn(void *arg)
{
	long i, n = (long)arg;

	for (i = 0; i < n; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
		if (!(i % 1000))
			sched_yield();
	}
	return NULL;
}

static void thread_loop(long n)
{
	pthread_t t[NTHREADS];
	int i;

	for (i = 0; i < NTHREADS; i++)
		if (pthread_create(&t[i], NULL, thread_fn, (void *)n))
			fail("pthread_create %d", i);
	for (i = 0; i < NTHREADS; i++)
		if (pthread_join(t[i], NULL))
			fail("pthread_join %d", i);
	if (counter != NTHREADS * n)
		fail("threads counted %ld, want %ld", counter, NTHREADS * n);
	printf("stress: %d pthreads x %ld locked increments\n", NTHREADS, n);
}

static const struct loop {
	const char *name;
	void (*fn)(int n);
} loops[] = {
	{ "forkexit", fork_exit },
	{ "forkexec", fork_exec },
};

static unsigned long long now_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts))
		fail("clock_gettime");
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* "stress MODE N": one timed loop, one parsable line. */
static int timed_loop(const char *mode, const char *count)
{
	unsigned long long t;
	char *end;
	long n;
	size_t i;

	n = strtol(count, &end, 10);
	for (i = 0; i < ARRAY_SIZE(loops); i++)
		if (!strcmp(mode, loops[i].name))
			break;
	if (i == ARRAY_SIZE(loops) || !*count || *end ||
	    n < 0 || n > 100000000) {
		fprintf(stderr, "usage: stress forkexit|forkexec N\n");
		return 2;
	}
	t = now_ns();
	loops[i].fn(n);
	t = now_ns() - t;
	printf("%s: %ld iterations, %llu ns total, %llu ns/iter\n", mode, n,
	       t, n ? t / n : 0);
	return 0;
}

int main(int argc, char **argv)
{
	int opt;

	while ((opt = getopt(argc, argv, "n:")) != -1) {
		if (opt != 'n' || atoi(optarg) < 1) {
			fprintf(stderr, "usage: stress [-n SCALE] | stress MODE N\n");
			return 2;
		}
		scale = atoi(optarg);
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	if (optind < argc) {
		if (argc - optind != 2) {
			fprintf(stderr, "usage: stress forkexit|forkexec N\n");
			return 2;
		}
		return timed_loop(argv[optind], argv[optind + 1]);
	}
	fork_exec(1000 * scale);
	printf("stress: %d fork+exec\n", 1000 * scale);
	fork_exit(1000 * scale);
	printf("stress: %d fork+exit\n", 1000 * scale);
	mmap_touch(50 * scale);
	pipes(2000 * scale);
	signal_loop(1000 * scale);
	thread_loop(20000L * scale);
	printf("stress: ok\n");
	return 0;
}
