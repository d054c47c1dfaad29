/* parse_floor: the libxml2 parse-only floor of the benchmark.
 *
 * Reads the paths of HTML files on stdin, loads every file into memory, then parses each one
 * with htmlReadMemory (UTF-8, no network, errors silenced, recover) and frees the tree:
 * the least work any libxml2-based crawler must do per page. Prints one JSON line with the
 * page count, bytes, and the CPU and wall seconds of the parse loop alone (loading excluded).
 * Usage: find SITE -name '*.html' | parse_floor [ROUNDS]
 * PARSE_FLOOR_ALLOCATOR=arena routes libxml2's allocations to gleaner's region allocator
 * (Sources/CArena, XMLAllocator), for the floor of the same parse with gleaner's allocator.
 */
#include "arena.h"
#include <libxml/HTMLparser.h>
#include <libxml/xmlerror.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static void silent(void *ctx, const char *msg, ...) { (void)ctx; (void)msg; }

static double cpu_seconds(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static double wall_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 1;
    size_t cap = 1024, n = 0, total = 0;
    char **bufs = malloc(cap * sizeof *bufs);
    size_t *lens = malloc(cap * sizeof *lens);
    char path[4096];
    while (fgets(path, sizeof path, stdin)) {
        path[strcspn(path, "\n")] = 0;
        if (!*path) continue;
        FILE *f = fopen(path, "rb");
        if (!f) { perror(path); return 1; }
        fseek(f, 0, SEEK_END);
        long len = ftell(f);
        fseek(f, 0, SEEK_SET);
        if (n == cap) { cap *= 2; bufs = realloc(bufs, cap * sizeof *bufs); lens = realloc(lens, cap * sizeof *lens); }
        bufs[n] = malloc(len);
        if (fread(bufs[n], 1, len, f) != (size_t)len) { perror(path); return 1; }
        fclose(f);
        lens[n++] = len;
        total += len;
    }
    const char *allocator = getenv("PARSE_FLOOR_ALLOCATOR");
    if (allocator && strcmp(allocator, "arena") == 0
        && xmlMemSetup(gl_arena_free, gl_arena_malloc, gl_arena_realloc, gl_arena_strdup) != 0) {
        fprintf(stderr, "parse_floor: xmlMemSetup refused the arena\n");
        return 1;
    }
    xmlInitParser();
    xmlSetGenericErrorFunc(NULL, silent);
    int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_COMPACT;
    double c0 = cpu_seconds(), w0 = wall_seconds();
    size_t nodes = 0;
    for (int r = 0; r < rounds; r++) {
        for (size_t i = 0; i < n; i++) {
            htmlDocPtr doc = htmlReadMemory(bufs[i], (int)lens[i], "http://www.tvseoul.kr/", "UTF-8", opts);
            if (!doc) { fprintf(stderr, "parse failed: file %zu\n", i); return 1; }
            if (xmlDocGetRootElement(doc)) nodes++;
            xmlFreeDoc(doc);
        }
    }
    double cpu = cpu_seconds() - c0, wall = wall_seconds() - w0;
    size_t pages = n * rounds;
    printf("{\"pages\": %zu, \"bytes\": %zu, \"cpu_s\": %.3f, \"wall_s\": %.3f, \"pages_per_s\": %.1f, "
           "\"cpu_s_per_1000\": %.3f, \"mb_per_s\": %.1f, \"libxml2\": \"%s\"}\n",
           pages, total * rounds, cpu, wall, pages / wall, cpu / pages * 1000, total * rounds / wall / 1e6,
           xmlParserVersion);
    return nodes == pages ? 0 : 1;
}
