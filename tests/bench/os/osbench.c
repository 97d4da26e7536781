// SPDX-License-Identifier: GPL-2.0
/*
 * osbench: the paper's OS micro-benchmarks, measured the lmbench way.
 *
 * Each row is a function timing n operations.  A row is calibrated first:
 * n doubles until one batch takes at least the target time (these batches
 * are the warm-up); then the batch runs --reps times and the median time
 * per operation is reported, with the minimum and maximum beside it.  So
 * every row takes about the same wall-clock time on a fast and a slow
 * system (reps x target), and the whole default run about a minute.
 *
 * Output: one machine-readable line per row, "osbench: ROW VALUE UNIT",
 * then a human table.  --count N runs each row exactly N times between two
 * marker lines and pauses after each marker, so a host can read hv-stub's
 * counters ("hvctl stats D") while the guest sleeps:
 *
 *   osbench: mark ROW begin      (sleep)  N operations
 *   osbench: mark ROW end N      (sleep)
 *   osbench: mark ROW resume
 *
 * Other modes are helpers of the domain benchmarks: --spin (a CPU-bound
 * loop printing its progress), --forkbomb (a bounded fork bomb), --exit
 * (the program fork+execve runs).  Static; no libraries but libc.
 *
 * Measuring, osbench runs without address-space randomization (it
 * re-executes itself so once): where the mappings lie decides which page
 * tables a row allocates and frees (mmap's 1 MiB may need a new L2 table
 * or share one), so with randomization the same kernel gives a different
 * mmap cost in each boot.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define MAX_REPS	101
#define CHUNK		(64 * 1024)
#define FILE_PAGES	1024		/* the page-fault and mmap file: 4 MiB */
#define FILE_PATH	"/tmp/osbench.file"
#define MAX_PROCS	16

struct row {
	const char *name;
	const char *unit;	/* "us" per operation, or "MB/s" */
	const char *what;
	double (*run)(const struct row *r, long n);	/* ns for n ops */
	int procs, kib;		/* context-switch rows */
};

static char self_path[256];
static int pause_s = 2;
static int raw_ctx;		/* --count: no overhead subtracted */

static void die(const char *what)
{
	fprintf(stderr, "osbench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void xwrite(int fd, const void *buf, size_t len)
{
	if (write(fd, buf, len) != (ssize_t)len)
		die("write");
}

static void xread(int fd, void *buf, size_t len)
{
	size_t done = 0;
	ssize_t got;

	while (done < len) {
		got = read(fd, (char *)buf + done, len - done);
		if (got <= 0)
			die("read");
		done += got;
	}
}

/* --- system calls and signals ------------------------------------------ */

static double run_null(const struct row *r, long n)
{
	double t0 = now_ns();

	while (n--)
		getppid();
	return now_ns() - t0;
}

/* the vDSO's clock when the kernel offers one, else a system call */
static double run_gettime(const struct row *r, long n)
{
	struct timespec ts;
	double t0 = now_ns();

	while (n--)
		clock_gettime(CLOCK_MONOTONIC, &ts);
	return now_ns() - t0;
}

static double run_read(const struct row *r, long n)
{
	int fd = open("/dev/zero", O_RDONLY);
	char c;
	double t0, t;

	if (fd < 0)
		die("/dev/zero");
	t0 = now_ns();
	while (n--)
		if (read(fd, &c, 1) != 1)
			die("read /dev/zero");
	t = now_ns() - t0;
	close(fd);
	return t;
}

/* delivery is what we time: the handler does nothing */
static void on_sig(int sig)
{
}

static void set_handler(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sig;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGUSR1, &sa, NULL))
		die("sigaction");
}

static double run_sig_install(const struct row *r, long n)
{
	struct sigaction sa, old;
	double t0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sig;
	sigemptyset(&sa.sa_mask);
	t0 = now_ns();
	while (n--)
		if (sigaction(SIGUSR1, &sa, &old))
			die("sigaction");
	return now_ns() - t0;
}

static double run_sig_catch(const struct row *r, long n)
{
	pid_t me = getpid();
	double t0;

	set_handler();
	t0 = now_ns();
	while (n--)
		kill(me, SIGUSR1);
	return now_ns() - t0;
}

/* --- pipes ------------------------------------------------------------- */

static void reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* A child that echoes every byte of one pipe back on the other. */
static double run_pipe_lat(const struct row *r, long n)
{
	int to[2], from[2];
	char c = 'x';
	double t0, t;
	pid_t pid;

	if (pipe(to) || pipe(from))
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		for (;;) {
			xread(to[0], &c, 1);
			xwrite(from[1], &c, 1);
		}
	}
	xwrite(to[1], &c, 1);		/* the child is up and running */
	xread(from[0], &c, 1);
	t0 = now_ns();
	while (n--) {
		xwrite(to[1], &c, 1);
		xread(from[0], &c, 1);
	}
	t = now_ns() - t0;
	reap(pid);
	close(to[0]);
	close(to[1]);
	close(from[0]);
	close(from[1]);
	return t;
}

/* A child writes 64 KiB chunks without end; we time reading n of them. */
static double run_pipe_bw(const struct row *r, long n)
{
	static char buf[CHUNK];
	int p[2];
	double t0, t;
	pid_t pid;

	if (pipe(p))
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		close(p[0]);
		memset(buf, 'y', sizeof(buf));
		for (;;)
			xwrite(p[1], buf, sizeof(buf));
	}
	close(p[1]);
	xread(p[0], buf, sizeof(buf));
	t0 = now_ns();
	while (n--)
		xread(p[0], buf, sizeof(buf));
	t = now_ns() - t0;
	reap(pid);
	close(p[0]);
	return t;
}

/* --- processes --------------------------------------------------------- */

static void wait_child(pid_t pid)
{
	int status;

	if (pid < 0)
		die("fork");
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		die("child");
}

static double run_fork_exit(const struct row *r, long n)
{
	double t0 = now_ns();
	pid_t pid;

	while (n--) {
		pid = fork();
		if (!pid)
			_exit(0);
		wait_child(pid);
	}
	return now_ns() - t0;
}

static double run_fork_exec(const struct row *r, long n)
{
	char *const argv[] = { (char *)"osbench", (char *)"--exit", NULL };
	char *const envp[] = { NULL };
	double t0 = now_ns();
	pid_t pid;

	while (n--) {
		pid = fork();
		if (!pid) {
			execve(self_path, argv, envp);
			_exit(127);
		}
		wait_child(pid);
	}
	return now_ns() - t0;
}

/* --- memory ------------------------------------------------------------ */

static int file_fd = -1;

static int page_file(void)
{
	static char page[4096];
	int i;

	if (file_fd >= 0)
		return file_fd;
	file_fd = open(FILE_PATH, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (file_fd < 0)
		die(FILE_PATH);
	unlink(FILE_PATH);
	memset(page, 'z', sizeof(page));
	for (i = 0; i < FILE_PAGES; i++)
		xwrite(file_fd, page, sizeof(page));
	return file_fd;
}

/* n page touches of a fresh shared map of the file; map/unmap untimed */
static double run_page_fault(const struct row *r, long n)
{
	long i, k, sum = 0;
	double t = 0, t0;
	char *p;

	while (n > 0) {
		k = n < FILE_PAGES ? n : FILE_PAGES;
		p = mmap(NULL, FILE_PAGES * 4096L, PROT_READ, MAP_SHARED,
			 page_file(), 0);
		if (p == MAP_FAILED)
			die("mmap");
		t0 = now_ns();
		for (i = 0; i < k; i++)
			sum += p[i * 4096];
		t += now_ns() - t0;
		munmap(p, FILE_PAGES * 4096L);
		n -= k;
	}
	return sum < 0 ? 0 : t;
}

/* map 1 MiB of the file, touch its first page, unmap */
static double run_mmap(const struct row *r, long n)
{
	int fd = page_file();
	double t0 = now_ns();
	long sum = 0;
	char *p;

	while (n--) {
		p = mmap(NULL, 1 << 20, PROT_READ, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED)
			die("mmap");
		sum += p[0];
		munmap(p, 1 << 20);
	}
	return sum < 0 ? 0 : now_ns() - t0;
}

/* --- context switches (lat_ctx) ---------------------------------------- */

static long *ws_alloc(int kib)
{
	long *ws = malloc(kib * 1024 + sizeof(long));

	if (!ws)
		die("malloc");
	memset(ws, 1, kib * 1024 + sizeof(long));
	return ws;
}

static long ws_sum(const long *ws, int kib)
{
	long i, sum = 0;

	for (i = 0; i < kib * 1024 / (long)sizeof(long); i++)
		sum += ws[i];
	return sum;
}

/* One process of the ring: read the token, sum the working set, pass it. */
static void ring_member(int in, int out, int kib)
{
	long *ws = ws_alloc(kib);
	long token;

	for (;;) {
		xread(in, &token, sizeof(token));
		token += ws_sum(ws, kib) & 1;
		xwrite(out, &token, sizeof(token));
	}
}

/* The same work in one process, passing the token to itself: subtracted. */
static double ctx_overhead(int kib, long hops)
{
	long *ws = ws_alloc(kib);
	long token = 0;
	double t0, t;
	int p[2];

	if (pipe(p))
		die("pipe");
	t0 = now_ns();
	while (hops--) {
		xwrite(p[1], &token, sizeof(token));
		xread(p[0], &token, sizeof(token));
		token += ws_sum(ws, kib) & 1;
	}
	t = now_ns() - t0;
	close(p[0]);
	close(p[1]);
	free(ws);
	return t;
}

/*
 * procs processes in a ring of pipes, we are number 0; one operation is
 * one hop of the token (one context switch), net of the overhead above.
 */
static double run_ctx(const struct row *r, long n)
{
	int p[MAX_PROCS][2], i, laps = (n + r->procs - 1) / r->procs;
	pid_t pids[MAX_PROCS];
	long *ws = ws_alloc(r->kib), token = 0;
	double t0, t;

	for (i = 0; i < r->procs; i++)
		if (pipe(p[i]))
			die("pipe");
	for (i = 1; i < r->procs; i++) {
		pids[i] = fork();
		if (pids[i] < 0)
			die("fork");
		if (!pids[i])
			ring_member(p[i - 1][0], p[i][1], r->kib);
	}
	xwrite(p[0][1], &token, sizeof(token));	/* a lap to warm up */
	xread(p[r->procs - 1][0], &token, sizeof(token));
	t0 = now_ns();
	for (i = 0; i < laps; i++) {
		xwrite(p[0][1], &token, sizeof(token));
		xread(p[r->procs - 1][0], &token, sizeof(token));
		token += ws_sum(ws, r->kib) & 1;
	}
	t = now_ns() - t0;
	for (i = 1; i < r->procs; i++)
		reap(pids[i]);
	for (i = 0; i < r->procs; i++) {
		close(p[i][0]);
		close(p[i][1]);
	}
	free(ws);
	if (!raw_ctx)
		t -= ctx_overhead(r->kib, (long)laps * r->procs);
	return (t < 0 ? 0 : t) * n / ((double)laps * r->procs);
}

#define CTX(p, k) { .name = "ctx-" #p "p-" #k "k", .unit = "us", \
	.what = #p " processes in a pipe ring, " #k " KiB each", \
	.run = run_ctx, .procs = p, .kib = k }

#define ROW(n, u, w, f) { .name = n, .unit = u, .what = w, .run = f }

static const struct row rows[] = {
	ROW("null", "us", "getppid()", run_null),
	ROW("gettime", "us", "clock_gettime(CLOCK_MONOTONIC)", run_gettime),
	ROW("read", "us", "read() 1 byte of /dev/zero", run_read),
	ROW("sig-install", "us", "sigaction(SIGUSR1)", run_sig_install),
	ROW("sig-catch", "us", "kill(self, SIGUSR1) + handler", run_sig_catch),
	ROW("pipe-lat", "us", "1-byte round trip between 2 processes",
	    run_pipe_lat),
	ROW("pipe-bw", "MB/s", "64 KiB chunks from a writer process",
	    run_pipe_bw),
	ROW("fork-exit", "us", "fork + _exit + waitpid", run_fork_exit),
	ROW("fork-exec", "us", "fork + execve(static self --exit) + waitpid",
	    run_fork_exec),
	ROW("pagefault", "us", "read-touch a page of a fresh shared file map",
	    run_page_fault),
	ROW("mmap", "us", "mmap 1 MiB of a file + touch + munmap", run_mmap),
	CTX(2, 0), CTX(2, 16), CTX(2, 64),
	CTX(8, 0), CTX(8, 16), CTX(8, 64),
	CTX(16, 0), CTX(16, 16), CTX(16, 64),
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define NR_ROWS ((int)ARRAY_SIZE(rows))

/* --- the method -------------------------------------------------------- */

struct result {
	double med, min, max;	/* per operation: us, or MB/s */
	long n;
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* ns for n operations into the row's unit */
static double value(const struct row *r, double ns, long n)
{
	if (!strcmp(r->unit, "MB/s"))
		return ns > 0 ? (double)n * CHUNK / (ns / 1e9) / 1e6 : 0;
	return ns / n / 1e3;
}

static void measure(const struct row *r, int reps, double target_ns,
		    struct result *res)
{
	double v[MAX_REPS];
	long n = 1;
	int i;

	/* calibration doubles as the warm-up */
	while (r->run(r, n) < target_ns && n < (1L << 30))
		n *= 2;
	for (i = 0; i < reps; i++)
		v[i] = value(r, r->run(r, n), n);
	qsort(v, reps, sizeof(v[0]), cmp_double);
	res->med = reps % 2 ? v[reps / 2] : (v[reps / 2 - 1] + v[reps / 2]) / 2;
	res->min = v[0];
	res->max = v[reps - 1];
	res->n = n;
}

/*
 * The guest kernel's own transition counts, if it keeps them (our port:
 * /proc/xenpv, first line "k=v k=v ..."), with commas for spaces; ""
 * without.
 */
static void guest_counts(char *buf, size_t len)
{
	int fd = open("/proc/xenpv", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, len - 1);
	char *p;

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = 0;
	buf[strcspn(buf, "\n")] = 0;
	for (p = buf; *p; p++)
		if (*p == ' ')
			*p = ',';
}

/*
 * "idle" (no row, n = 0) measures what the marks and pauses cost.  With
 * guest counts, after the marks one line
 *   osbench: guest-counts ROW N BEGIN END
 * gives them as read just before the begin mark and just after the n
 * operations.
 */
static void count_row(const struct row *r, long n)
{
	const char *name = r ? r->name : "idle";
	char gb[512], ge[512];

	if (r)
		r->run(r, n < 16 ? n : 16);	/* warm-up, before the marks */
	guest_counts(gb, sizeof(gb));
	printf("osbench: mark %s begin\n", name);
	sleep(pause_s);
	if (r)
		r->run(r, n);
	guest_counts(ge, sizeof(ge));
	printf("osbench: mark %s end %ld\n", name, n);
	sleep(pause_s);
	printf("osbench: mark %s resume\n", name);
	if (gb[0] && ge[0])
		printf("osbench: guest-counts %s %ld %s %s\n", name, n, gb, ge);
}

/* --- helper modes ------------------------------------------------------ */

/*
 * A CPU-bound loop for seconds (0: for ever); every second of our clock
 * one line "osbench: spin t=SECONDS n=ITERATIONS" (cumulative).
 */
static int spin_loop(double seconds)
{
	double t0 = now_ns(), next = 1, t;
	unsigned long n = 0, x = 0;
	long i;

	for (;;) {
		for (i = 0; i < 65536; i++) {
			x += i;
			asm("" : "+r" (x));	/* keep the loop a loop */
		}
		n += 65536;
		t = (now_ns() - t0) / 1e9;
		if (t < next)
			continue;
		printf("osbench: spin t=%.3f n=%lu\n", t, n);
		fflush(stdout);
		next = (long)t + 1;
		if (seconds > 0 && t >= seconds)
			return 0;
	}
}

/*
 * A fork bomb bounded by RLIMIT_NPROC (root is exempt, so the bombers run
 * as nobody): every bomber forks until fork fails, then exits; we are the
 * subreaper of them all and reap for ever, so the churn never stops.
 */
static int fork_bomb(int limit)
{
	struct rlimit rl = { limit, limit };
	pid_t pid;

	prctl(PR_SET_CHILD_SUBREAPER, 1);
	for (;;) {
		pid = fork();
		if (pid < 0) {
			sleep(1);
			continue;
		}
		if (!pid) {
			if (setgid(65534) || setuid(65534) ||
			    setrlimit(RLIMIT_NPROC, &rl))
				die("forkbomb: drop to nobody");
			for (;;)
				if (fork() < 0)
					_exit(0);
		}
		while (waitpid(-1, NULL, 0) != pid)
			;
		/* the first bomber is gone: others may live; start another */
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
	}
}

/* --- options ----------------------------------------------------------- */

static void print_usage(FILE *f)
{
	int i;

	fprintf(f,
		"usage: osbench [--rows LIST] [--reps N] [--target MS] [--quick]\n"
		"               [--count N [--pause S]] [--list]\n"
		"       osbench --spin SECONDS | --forkbomb NPROC | --exit\n\n"
		"The lmbench method: each row doubles its batch until one batch\n"
		"takes --target ms (default 150; this is the warm-up), then times\n"
		"--reps batches (default 11) and prints the median per operation.\n"
		"  --rows LIST  comma-separated rows or prefixes (ctx = every ctx-*)\n"
		"  --quick      smoke run: 3 reps, 20 ms target\n"
		"  --count N    exactly N operations per row between marker lines,\n"
		"               sleeping --pause S (default 2) after each marker;\n"
		"               first an \"idle\" pair of marks with no operation;\n"
		"               ctx rows count every hop, no overhead subtracted\n"
		"  --spin S     CPU-bound loop for S s (0: for ever), a line a second\n"
		"  --forkbomb N fork bomb bounded to N processes (as nobody)\n"
		"  --exit       exit at once (what fork-exec runs)\n\nrows:\n");
	for (i = 0; i < NR_ROWS; i++)
		fprintf(f, "  %-12s %-4s %s\n", rows[i].name, rows[i].unit,
			rows[i].what);
}

/* marks the rows LIST names in sel[]; 0 or -1 for a name that is none */
static int select_rows(char *list, char *sel)
{
	char *name;
	int i, hit;

	for (name = strtok(list, ","); name; name = strtok(NULL, ",")) {
		hit = 0;
		for (i = 0; i < NR_ROWS; i++) {
			if (strncmp(rows[i].name, name, strlen(name)))
				continue;
			if (rows[i].name[strlen(name)] &&
			    rows[i].name[strlen(name)] != '-')
				continue;
			sel[i] = 1;
			hit = 1;
		}
		if (!hit) {
			fprintf(stderr, "osbench: no row '%s' (--list)\n", name);
			return -1;
		}
	}
	return 0;
}

static long parse_num(const char *opt, const char *s, long min, long max)
{
	char *end;
	long v = strtol(s ? s : "", &end, 10);

	if (!s || !*s || *end || v < min || v > max) {
		fprintf(stderr, "osbench: %s needs a number %ld..%ld\n", opt,
			min, max);
		exit(2);
	}
	return v;
}

static void report(const char *sel, const struct result *res, int reps)
{
	int i;

	printf("\nosbench: %d reps per row, median (min..max); ctx rows are net of\n"
	       "osbench: the same pipe+working-set work done in one process\n",
	       reps);
	printf("osbench: %-12s %10s %-4s %10s %10s %9s  %s\n", "row", "median",
	       "unit", "min", "max", "batch", "operation");
	for (i = 0; i < NR_ROWS; i++) {
		if (!sel[i])
			continue;
		printf("osbench: %-12s %10.3f %-4s %10.3f %10.3f %9ld  %s\n",
		       rows[i].name, res[i].med, rows[i].unit, res[i].min,
		       res[i].max, res[i].n, rows[i].what);
	}
}

/* Run again without address-space randomization, unless already so. */
static void fixed_layout(char **argv)
{
	int p = personality(0xffffffff);

	if (p == -1 || (p & ADDR_NO_RANDOMIZE))
		return;
	if (personality(p | ADDR_NO_RANDOMIZE) == -1)
		return;
	execv("/proc/self/exe", argv);
	fprintf(stderr, "osbench: re-exec without randomization: %s\n",
		strerror(errno));
}

int main(int argc, char **argv)
{
	static struct result res[NR_ROWS];
	char sel[NR_ROWS] = { 0 }, any = 0;
	int i, reps = 11;
	long target_ms = 150, count = 0;
	ssize_t len;

	/* Before the arguments are parsed (select_rows() cuts its list). */
	if (argc < 2 || strcmp(argv[1], "--exit"))
		fixed_layout(argv);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--exit"))
			return 0;
		if (!strcmp(a, "--spin"))
			return spin_loop(parse_num(a, v, 0, 1L << 30));
		if (!strcmp(a, "--forkbomb"))
			return fork_bomb(parse_num(a, v, 2, 4096));
		if (!strcmp(a, "--list") || !strcmp(a, "--help")) {
			print_usage(stdout);
			return 0;
		} else if (!strcmp(a, "--quick")) {
			reps = 3;
			target_ms = 20;
			continue;
		} else if (!strcmp(a, "--rows") && v) {
			if (select_rows(argv[i + 1], sel))
				return 2;
		} else if (!strcmp(a, "--reps")) {
			reps = parse_num(a, v, 1, MAX_REPS);
		} else if (!strcmp(a, "--target")) {
			target_ms = parse_num(a, v, 1, 100000);
		} else if (!strcmp(a, "--count")) {
			count = parse_num(a, v, 1, 1L << 30);
		} else if (!strcmp(a, "--pause")) {
			pause_s = parse_num(a, v, 0, 3600);
		} else {
			print_usage(stderr);
			return 2;
		}
		i++;
	}
	len = readlink("/proc/self/exe", self_path, sizeof(self_path) - 1);
	if (len <= 0)
		die("/proc/self/exe");
	self_path[len] = 0;
	for (i = 0; i < NR_ROWS; i++)
		any |= sel[i];
	if (!any)
		memset(sel, 1, sizeof(sel));
	setvbuf(stdout, NULL, _IOLBF, 0);
	raw_ctx = count > 0;
	if (count)
		count_row(NULL, 0);
	for (i = 0; i < NR_ROWS; i++) {
		if (!sel[i])
			continue;
		if (count) {
			count_row(&rows[i], count);
			continue;
		}
		measure(&rows[i], reps, target_ms * 1e6, &res[i]);
		printf("osbench: %s %.3f %s\n", rows[i].name, res[i].med,
		       rows[i].unit);
	}
	if (!count)
		report(sel, res, reps);
	return 0;
}
