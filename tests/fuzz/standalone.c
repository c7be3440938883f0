/* standalone.c: a small fuzzing driver for builds without libFuzzer.
 *
 * It links with any LLVMFuzzerTestOneInput target and runs it over every
 * file of the corpus folders (seeds and regression fixtures), then over
 * -runs=N inputs made by mutating them (bit flips, byte changes, inserts,
 * deletes, block copies, splices, truncation) from a fixed -seed=S, so a
 * run is repeatable.  Not coverage-guided — that is what the libFuzzer
 * build (--enable-fuzzing) is for — but it puts every parser through
 * hostile input in every ordinary `make check`, under the sanitizers when
 * they are on.  If an input crashes the target, it is written to
 * ./crash-standalone-PID before the process dies.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_MAX_INPUT (64 * 1024)

typedef struct {
    uint8_t *data;
    size_t size;
} input;

static input *inputs;
static size_t n_inputs, cap_inputs;
static const uint8_t *volatile current;
static volatile size_t current_size;
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t rng(void)
{
    /* xorshift64* */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1Dull;
}

static size_t rng_below(size_t n)
{
    return n ? (size_t)(rng() % n) : 0;
}

static void crash_handler(int sig)
{
    char name[64];
    int len = snprintf(name, sizeof name, "crash-standalone-%ld", (long)getpid());
    if (len > 0) {
        int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            const uint8_t *p = current;
            size_t left = current_size;
            while (p && left > 0) {
                ssize_t w = write(fd, p, left);
                if (w <= 0)
                    break;
                p += w;
                left -= (size_t)w;
            }
            close(fd);
        }
        static const char msg[] = "standalone fuzz driver: crashing input saved to ./crash-standalone-<pid>\n";
        ssize_t ignored = write(2, msg, sizeof msg - 1);
        (void)ignored;
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static void add_input(const uint8_t *data, size_t size)
{
    if (n_inputs == cap_inputs) {
        cap_inputs = cap_inputs ? cap_inputs * 2 : 64;
        inputs = realloc(inputs, cap_inputs * sizeof *inputs);
        if (!inputs) {
            perror("realloc");
            exit(2);
        }
    }
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy) {
        perror("malloc");
        exit(2);
    }
    if (size)
        memcpy(copy, data, size);
    inputs[n_inputs].data = copy;
    inputs[n_inputs].size = size;
    n_inputs++;
}

static int load_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return -1;
    }
    uint8_t *buf = malloc(FUZZ_MAX_INPUT);
    if (!buf) {
        fclose(f);
        return -1;
    }
    size_t n = fread(buf, 1, FUZZ_MAX_INPUT, f);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        fprintf(stderr, "%s: read error\n", path);
        free(buf);
        return -1;
    }
    add_input(buf, n);
    free(buf);
    return 0;
}

static int load_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode))
        return load_file(path);
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return -1;
    }
    /* Sort names so that runs are repeatable whatever readdir's order. */
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            char **nn = realloc(names, cap * sizeof *names);
            if (!nn) {
                closedir(d);
                return -1;
            }
            names = nn;
        }
        names[n] = strdup(e->d_name);
        if (!names[n]) {
            closedir(d);
            return -1;
        }
        n++;
    }
    closedir(d);
    for (size_t i = 0; i + 1 < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (strcmp(names[i], names[j]) > 0) {
                char *t = names[i];
                names[i] = names[j];
                names[j] = t;
            }
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(path) + strlen(names[i]) + 2;
        char *full = malloc(len);
        if (!full) {
            rc = -1;
            break;
        }
        snprintf(full, len, "%s/%s", path, names[i]);
        struct stat fst;
        if (stat(full, &fst) == 0 && S_ISREG(fst.st_mode) && load_file(full) != 0)
            rc = -1;
        free(full);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

static void run_one(const uint8_t *data, size_t size)
{
    /* Give the target its own exactly-sized heap copy so that ASan sees
     * every read past the end. */
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy) {
        perror("malloc");
        exit(2);
    }
    if (size)
        memcpy(copy, data, size);
    current = copy;
    current_size = size;
    LLVMFuzzerTestOneInput(copy, size);
    current = NULL;
    free(copy);
}

static size_t mutate(uint8_t *buf, size_t size, size_t cap)
{
    static const uint8_t interesting[] = { 0x00, 0x01, 0x7F, 0x80, 0xFF, '\n', '\r', '"', ' ',
                                           ':', '=', '[', ']', '0', '9', 'x', '-', '+' };
    int rounds = 1 + (int)rng_below(8);
    for (int r = 0; r < rounds; r++) {
        switch (rng_below(9)) {
        case 0: /* flip a bit */
            if (size)
                buf[rng_below(size)] ^= (uint8_t)(1u << rng_below(8));
            break;
        case 1: /* set a byte to an interesting value */
            if (size)
                buf[rng_below(size)] = interesting[rng_below(sizeof interesting)];
            break;
        case 2: /* random byte */
            if (size)
                buf[rng_below(size)] = (uint8_t)rng();
            break;
        case 3: { /* insert bytes */
            size_t n = 1 + rng_below(8);
            if (size + n > cap)
                break;
            size_t at = rng_below(size + 1);
            memmove(buf + at + n, buf + at, size - at);
            for (size_t i = 0; i < n; i++)
                buf[at + i] = (rng() & 1) ? interesting[rng_below(sizeof interesting)] : (uint8_t)rng();
            size += n;
            break;
        }
        case 4: { /* delete bytes */
            if (!size)
                break;
            size_t at = rng_below(size);
            size_t n = 1 + rng_below(size - at < 16 ? size - at : 16);
            memmove(buf + at, buf + at + n, size - at - n);
            size -= n;
            break;
        }
        case 5: { /* copy a block within the input */
            if (size < 2)
                break;
            size_t from = rng_below(size), to = rng_below(size);
            size_t n = 1 + rng_below(64);
            if (from + n > size)
                n = size - from;
            if (to + n > cap)
                n = cap - to;
            memmove(buf + to, buf + from, n);
            if (to + n > size)
                size = to + n;
            break;
        }
        case 6: { /* splice the tail of another input */
            const input *o = &inputs[rng_below(n_inputs)];
            if (!o->size)
                break;
            size_t at = rng_below(size + 1);
            size_t from = rng_below(o->size);
            size_t n = o->size - from;
            if (at + n > cap)
                n = cap - at;
            memcpy(buf + at, o->data + from, n);
            size = at + n;
            break;
        }
        case 7: /* truncate */
            size = rng_below(size + 1);
            break;
        default: { /* duplicate a line-sized chunk (repeats sections/keys) */
            if (!size)
                break;
            size_t at = rng_below(size);
            size_t n = 1 + rng_below(80);
            if (at + n > size)
                n = size - at;
            if (size + n > cap)
                break;
            memmove(buf + at + n, buf + at, size - at);
            size += n;
            break;
        }
        }
    }
    return size;
}

int main(int argc, char **argv)
{
    long runs = 0;
    int n_paths = 0;
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "-runs=", 6) == 0)
            runs = strtol(argv[i] + 6, NULL, 10);
        else if (strncmp(argv[i], "-seed=", 6) == 0)
            rng_state = strtoull(argv[i] + 6, NULL, 10) * 0x9E3779B97F4A7C15ull + 1;
        else if (argv[i][0] == '-')
            continue; /* accept and ignore libFuzzer flags */
        else {
            if (load_path(argv[i]) != 0)
                return 2;
            n_paths++;
        }
    }
    if (n_paths == 0 || n_inputs == 0) {
        fprintf(stderr, "usage: %s [-runs=N] [-seed=S] CORPUS_DIR_OR_FILE...\n", argv[0]);
        return 2;
    }
    signal(SIGSEGV, crash_handler);
    signal(SIGABRT, crash_handler);
    signal(SIGBUS, crash_handler);
    signal(SIGFPE, crash_handler);

    for (size_t i = 0; i < n_inputs; i++)
        run_one(inputs[i].data, inputs[i].size);

    uint8_t *buf = malloc(FUZZ_MAX_INPUT);
    if (!buf)
        return 2;
    for (long r = 0; r < runs; r++) {
        const input *base = &inputs[rng_below(n_inputs)];
        size_t size = base->size;
        memcpy(buf, base->data, size);
        size = mutate(buf, size, FUZZ_MAX_INPUT);
        run_one(buf, size);
    }
    free(buf);
    printf("standalone: %zu corpus inputs, %ld mutated runs, no crash\n", n_inputs, runs);
    for (size_t i = 0; i < n_inputs; i++)
        free(inputs[i].data);
    free(inputs);
    return 0;
}
