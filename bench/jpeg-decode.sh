#!/usr/bin/env bash
# The JPEG decode alone, in the two libvips builds bench/peers.sh sets side by side: the one the
# server runs (NuGet NetVips.Native, libvips 8.18 with mozjpeg) and Debian's (libvips 8.14 with
# libjpeg-turbo, what vipsthumbnail uses). One small C program, loading each library in turn with
# dlopen, times `jpegload_buffer` with shrink-on-load plus one pass over the pixels, one libvips
# thread, no operation cache: no HTTP, no .NET, no encoder. Where peers.sh shows vipsthumbnail ahead,
# this says how much of it is the decoder the server ships with.
#   BENCH_ITERATIONS per file and library (default 20)
set -euo pipefail
cd "$(dirname "$0")/.."

iterations=${BENCH_ITERATIONS:-20}
debian=/usr/lib/x86_64-linux-gnu/libvips.so.42
[ -e "$debian" ] && command -v gcc >/dev/null || { echo "needs libvips42 (apt-get install libvips-tools) and gcc" >&2; exit 1; }
dotnet build bench/engine -c Release -v quiet -nologo >/dev/null
nuget=$(find bench/engine/bin/Release -name libvips.so.42 | head -1)
[ -n "$nuget" ] || { echo "the NuGet libvips was not found under bench/engine/bin" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/decode.c" <<'EOF'
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* The few libvips entry points used, declared here: Debian ships no libvips headers without -dev. */
typedef int (*init_fn)(const char *);
typedef int (*load_fn)(void *, size_t, void **, ...);
typedef int (*avg_fn)(void *, double *, ...);
typedef void (*int_fn)(int);
typedef void (*unref_fn)(void *);

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* decode LIBRARY FILE SHRINK ITERATIONS: prints the median milliseconds of one decode. */
int main(int argc, char **argv) {
  if (argc != 5) return 2;
  void *library = dlopen(argv[1], RTLD_NOW | RTLD_GLOBAL);
  if (!library) { fprintf(stderr, "%s\n", dlerror()); return 1; }
  init_fn init = (init_fn)dlsym(library, "vips_init");
  load_fn load = (load_fn)dlsym(library, "vips_jpegload_buffer");
  avg_fn avg = (avg_fn)dlsym(library, "vips_avg");
  int_fn concurrency = (int_fn)dlsym(library, "vips_concurrency_set");
  int_fn cache_max = (int_fn)dlsym(library, "vips_cache_set_max");
  unref_fn unref = (unref_fn)dlsym(RTLD_DEFAULT, "g_object_unref");
  if (!init || !load || !avg || !concurrency || !cache_max || !unref || init("decode")) return 1;
  concurrency(1);
  cache_max(0);

  FILE *file = fopen(argv[2], "rb");
  if (!file) return 1;
  fseek(file, 0, SEEK_END);
  long length = ftell(file);
  fseek(file, 0, SEEK_SET);
  char *bytes = malloc(length);
  if (fread(bytes, 1, length, file) != (size_t)length) return 1;
  fclose(file);

  int shrink = atoi(argv[3]), iterations = atoi(argv[4]);
  double *times = malloc(sizeof(double) * iterations);
  for (int i = 0; i < iterations; i++) {
    double start = now_ms(), mean;
    void *image = NULL;
    if (load(bytes, length, &image, "shrink", shrink, NULL) || avg(image, &mean, NULL)) return 1;
    unref(image);
    times[i] = now_ms() - start;
  }
  qsort(times, iterations, sizeof(double), compare);
  printf("%.2f\n", times[iterations / 2]);
  return 0;
}
EOF
gcc -O2 -o "$work/decode" "$work/decode.c" -ldl

cp tests/fixtures/raster/2569067123_aca715a2ee_o.jpg "$work/photo6.jpg"
# The 24 MP input exactly as bench/peers.sh makes it.
vips resize "$work/photo6.jpg" "$work/photo24.jpg[Q=90]" 2.2
vipsthumbnail "$work/photo24.jpg" -s 6000x4000! -o "$work/photo24b.jpg[Q=90]" && mv "$work/photo24b.jpg" "$work/photo24.jpg"

echo "JPEG decode with shrink-on-load, median of $iterations, ms (one libvips thread)"
printf '%-10s %-8s %8s %8s %8s\n' input shrink server debian "server/debian"
# The shrinks the server decodes peers.sh's 190x190 and 720 px cells at (the largest that leaves 1.8 times the output).
for cell in "photo6 4" "photo6 2" "photo24 8" "photo24 4"; do
  read -r input shrink <<< "$cell"
  ours=$("$work/decode" "$nuget" "$work/$input.jpg" "$shrink" "$iterations")
  theirs=$("$work/decode" "$debian" "$work/$input.jpg" "$shrink" "$iterations")
  printf '%-10s %-8s %8s %8s %8.2f\n' "$input" "1/$shrink" "$ours" "$theirs" "$(awk -v a="$ours" -v b="$theirs" 'BEGIN {print a / b}')"
done
