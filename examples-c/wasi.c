/* wasi: give a WebAssembly program the WASI system interface — its
 * arguments, environment variables, a directory, its output routed into
 * the host's log — run it, and read its exit status.
 *
 *   ./wasi                       runs a small guest written below
 *   ./wasi PROGRAM.wasm [ARGS]   runs a WASI program (C compiled with
 *                                `clang --target=wasm32-wasi`, say) with
 *                                the current directory as "." and exits
 *                                with its status
 */
#include <stdbool.h>
#include <stdint.h>

#include "example.h"

/* Prints its arguments and environment, one per line, and exits with the
 * number of arguments as its status. */
static const char* GUEST =
    "(module"
    "  (import \"wasi_snapshot_preview1\" \"args_sizes_get\" (func $args_sizes (param i32 i32) (result i32)))"
    "  (import \"wasi_snapshot_preview1\" \"args_get\" (func $args (param i32 i32) (result i32)))"
    "  (import \"wasi_snapshot_preview1\" \"environ_sizes_get\" (func $env_sizes (param i32 i32) (result i32)))"
    "  (import \"wasi_snapshot_preview1\" \"environ_get\" (func $env (param i32 i32) (result i32)))"
    "  (import \"wasi_snapshot_preview1\" \"fd_write\" (func $fd_write (param i32 i32 i32 i32) (result i32)))"
    "  (import \"wasi_snapshot_preview1\" \"proc_exit\" (func $proc_exit (param i32)))"
    "  (memory (export \"memory\") 1)"
    /* Writes the NUL-terminated string at $s, with a newline instead of
     * its NUL, to descriptor 1. */
    "  (func $puts (param $s i32) (local $n i32)"
    "    (block $end (loop $scan"
    "      (br_if $end (i32.eqz (i32.load8_u (i32.add (local.get $s) (local.get $n)))))"
    "      (local.set $n (i32.add (local.get $n) (i32.const 1)))"
    "      (br $scan)))"
    "    (i32.store8 (i32.add (local.get $s) (local.get $n)) (i32.const 10))"
    "    (i32.store (i32.const 16) (local.get $s))"
    "    (i32.store (i32.const 20) (i32.add (local.get $n) (i32.const 1)))"
    "    (drop (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 24))))"
    /* Writes the $count strings whose addresses are at $table. */
    "  (func $puts_all (param $count i32) (param $table i32) (local $i i32)"
    "    (block $done (loop $next"
    "      (br_if $done (i32.ge_u (local.get $i) (local.get $count)))"
    "      (call $puts (i32.load (i32.add (local.get $table) (i32.shl (local.get $i) (i32.const 2)))))"
    "      (local.set $i (i32.add (local.get $i) (i32.const 1)))"
    "      (br $next))))"
    "  (func (export \"_start\")"
    "    (drop (call $args_sizes (i32.const 0) (i32.const 4)))"
    "    (drop (call $args (i32.const 256) (i32.const 1024)))"
    "    (call $puts_all (i32.load (i32.const 0)) (i32.const 256))"
    "    (drop (call $env_sizes (i32.const 8) (i32.const 12)))"
    "    (drop (call $env (i32.const 512) (i32.const 8192)))"
    "    (call $puts_all (i32.load (i32.const 8)) (i32.const 512))"
    "    (call $proc_exit (i32.load (i32.const 0)))))";

/* The host's log: the guest's output arrives in pieces of any size and is
 * logged line by line. */
struct log {
  char line[256];
  size_t len;
};

static void log_line(struct log* log) {
  printf("[guest] %.*s\n", (int)log->len, log->line);
  log->len = 0;
}

static bool log_output(void* env, const uint8_t* data, size_t len) {
  struct log* log = env;
  for (size_t i = 0; i < len; i++) {
    if (data[i] == '\n') {
      log_line(log);
      continue;
    }
    if (log->len == sizeof log->line) log_line(log);
    log->line[log->len++] = (char)data[i];
  }
  return true;
}

/* Called once the guest's output stream is let go: log what is left. */
static void log_close(void* env) {
  struct log* log = env;
  if (log->len > 0) log_line(log);
}

static wasm_module_t* load_file(wasm_store_t* store, const char* path) {
  FILE* f = fopen(path, "rb");
  if (!f) {
    perror(path);
    exit(1);
  }
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  wasm_byte_vec_t binary;
  wasm_byte_vec_new_uninitialized(&binary, (size_t)size);
  size_t got = fread(binary.data, 1, (size_t)size, f);
  fclose(f);
  wasm_module_t* module = got == (size_t)size ? wasm_module_new(store, &binary) : NULL;
  wasm_byte_vec_delete(&binary);
  if (!module) {
    fprintf(stderr, "cannot load %s: %s\n", path, zwasm_last_error_message());
    exit(1);
  }
  return module;
}

int main(int argc, char** argv) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  int from_file = argc > 1;

  /* What the guest is given. By default: nothing at all. */
  zwasm_wasi_config_t* config = zwasm_wasi_config_new();
  struct log log = {.len = 0};
  zwasm_wasi_config_stdio_callback(config, ZWASM_WASI_STDOUT, log_output, &log, log_close);
  zwasm_wasi_config_stdio_inherit(config, ZWASM_WASI_STDERR);
  wasm_module_t* module;
  if (from_file) {
    for (int i = 1; i < argc; i++) zwasm_wasi_config_arg(config, argv[i]);
    zwasm_wasi_config_stdio_inherit(config, ZWASM_WASI_STDIN);
    zwasm_wasi_config_preopen_dir(config, ".", ".");
    module = load_file(store, argv[1]);
  } else {
    zwasm_wasi_config_arg(config, "wasi-demo");
    zwasm_wasi_config_arg(config, "one");
    zwasm_wasi_config_arg(config, "two");
    zwasm_wasi_config_env(config, "GREETING", "hello from the host");
    module = compile_wat(store, GUEST);
  }
  /* The store takes the configuration over; its WASI functions use it. */
  zwasm_error_t* error = zwasm_store_set_wasi(store, config);
  if (error) {
    fprintf(stderr, "cannot set up WASI: %s\n", zwasm_error_message(error));
    return 1;
  }

  /* A linker finds each import by name: here WASI; a game would define
   * its own host functions next to it (zwasm_linker_define). */
  zwasm_linker_t* linker = zwasm_linker_new(engine);
  zwasm_linker_define_wasi(linker);
  wasm_instance_t* instance = NULL;
  error = zwasm_linker_instantiate(linker, store, module, &instance);
  if (error) {
    fprintf(stderr, "cannot instantiate: %s\n", zwasm_error_message(error));
    return 1;
  }

  /* Run _start; proc_exit(n) ends it with status n (0 if it returns). */
  int32_t status = 0;
  error = zwasm_wasi_run(instance, &status);
  if (error) {
    fprintf(stderr, "the guest failed: %s\n", zwasm_error_message(error));
    zwasm_error_delete(error);
    status = 1;
  } else {
    printf("guest exited with status %d\n", status);
  }

  wasm_instance_delete(instance);
  zwasm_linker_delete(linker);
  wasm_module_delete(module);
  wasm_store_delete(store); /* lets the output stream go: log_close runs */
  wasm_engine_delete(engine);
  return from_file ? status : 0;
}
