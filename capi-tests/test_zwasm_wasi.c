/* zwasm.h: WASI for C hosts. A real WASI program (guests/wasi_guest.c,
 * compiled to wasm32-wasi; its path is the first argument) runs through
 * the configuration object, a store's WASI context, the linker and
 * zwasm_wasi_imports: arguments, environment, a preopened directory, each
 * standard stream inherited, discarded, from or to a file, a descriptor,
 * memory or a callback, and the exit status read back every way. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

static const char* guest_path;
static char dir[64];        /* preopened as /data */
static char path_buf[128];

static const char* in_dir(const char* name) {
  snprintf(path_buf, sizeof path_buf, "%s/%s", dir, name);
  return path_buf;
}

static void write_file(const char* path, const char* text) {
  FILE* f = fopen(path, "w");
  CHECK(f != NULL);
  fputs(text, f);
  fclose(f);
}

/* The whole contents of a host file (caller frees). */
static char* read_file(const char* path) {
  FILE* f = fopen(path, "r");
  CHECK(f != NULL);
  static char text[4096];
  size_t n = fread(text, 1, sizeof text - 1, f);
  text[n] = '\0';
  fclose(f);
  return strdup(text);
}

/* Whether `bytes` (not NUL-terminated) contain the string `part`. */
static int bytes_have(const wasm_byte_vec_t* bytes, const char* part) {
  size_t n = strlen(part);
  for (size_t i = 0; i + n <= bytes->size; i++) {
    if (memcmp(bytes->data + i, part, n) == 0) return 1;
  }
  fprintf(stderr, "missing \"%s\" in: %.*s\n", part, (int)bytes->size, bytes->data);
  return 0;
}

static int text_has(const char* text, const char* part) {
  if (strstr(text, part)) return 1;
  fprintf(stderr, "missing \"%s\" in: %s\n", part, text);
  return 0;
}

static wasm_module_t* load_guest(wasm_store_t* store) {
  FILE* f = fopen(guest_path, "rb");
  CHECK(f != NULL);
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  wasm_byte_vec_t binary;
  wasm_byte_vec_new_uninitialized(&binary, (size_t)size);
  CHECK(fread(binary.data, 1, (size_t)size, f) == (size_t)size);
  fclose(f);
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  CHECK(module != NULL);
  return module;
}

/* A configuration with the guest's usual arguments (the last one is its
 * exit status), GREETING and the directory. */
static zwasm_wasi_config_t* guest_config(const char* status) {
  zwasm_wasi_config_t* c = zwasm_wasi_config_new();
  CHECK(c != NULL);
  CHECK(zwasm_wasi_config_arg(c, "guest"));
  CHECK(zwasm_wasi_config_arg(c, "two words"));
  CHECK(zwasm_wasi_config_arg(c, status));
  CHECK(zwasm_wasi_config_env(c, "GREETING", "hello, guest"));
  CHECK(zwasm_wasi_config_preopen_dir(c, dir, "/data"));
  return c;
}

static void attach(wasm_store_t* store, zwasm_wasi_config_t* config) {
  zwasm_error_t* e = zwasm_store_set_wasi(store, config);
  if (e) fprintf(stderr, "zwasm_store_set_wasi: %s\n", zwasm_error_message(e));
  CHECK(e == NULL);
}

/* Instantiates the guest through a linker that has WASI. */
static wasm_instance_t* link_guest(wasm_engine_t* engine, wasm_store_t* store, wasm_module_t* module) {
  zwasm_linker_t* linker = zwasm_linker_new(engine);
  CHECK(zwasm_linker_define_wasi(linker) == NULL);
  wasm_instance_t* instance = NULL;
  CHECK(zwasm_linker_instantiate(linker, store, module, &instance) == NULL);
  zwasm_linker_delete(linker);
  return instance;
}

static int32_t run(wasm_instance_t* instance) {
  int32_t status = -1;
  zwasm_error_t* e = zwasm_wasi_run(instance, &status);
  if (e) fprintf(stderr, "zwasm_wasi_run: %s\n", zwasm_error_message(e));
  CHECK(e == NULL);
  return status;
}

/* Arguments, environment, the directory, input bytes, both outputs
 * captured in memory, and an exit status through proc_exit. */
static void captured_run(wasm_engine_t* engine, wasm_module_t* module) {
  wasm_store_t* store = wasm_store_new(engine);
  zwasm_wasi_config_t* c = guest_config("7");
  const char* input = "bytes on stdin";
  CHECK(zwasm_wasi_config_stdin_bytes(c, (const uint8_t*)input, strlen(input)));
  CHECK(zwasm_wasi_config_stdio_capture(c, ZWASM_WASI_STDOUT));
  CHECK(zwasm_wasi_config_stdio_capture(c, ZWASM_WASI_STDERR));
  attach(store, c);

  int32_t code = 0;
  CHECK(!zwasm_store_wasi_exit_code(store, &code)); /* not yet */
  wasm_instance_t* instance = link_guest(engine, store, module);
  CHECK(run(instance) == 7);
  CHECK(zwasm_store_wasi_exit_code(store, &code) && code == 7);

  wasm_byte_vec_t out;
  CHECK(zwasm_store_wasi_take_output(store, ZWASM_WASI_STDOUT, &out));
  CHECK(bytes_have(&out, "arg 0: guest\narg 1: two words\narg 2: 7\n"));
  CHECK(bytes_have(&out, "GREETING=hello, guest\n"));
  CHECK(bytes_have(&out, "file: a message from the host\n"));
  CHECK(bytes_have(&out, "escape: refused\n"));
  CHECK(bytes_have(&out, "stdin: bytes on stdin\n"));
  wasm_byte_vec_delete(&out);
  /* Taking empties the buffer. */
  CHECK(zwasm_store_wasi_take_output(store, ZWASM_WASI_STDOUT, &out) && out.size == 0);
  wasm_byte_vec_delete(&out);
  CHECK(zwasm_store_wasi_take_output(store, ZWASM_WASI_STDERR, &out));
  CHECK(out.size == strlen("a line on stderr\n") && bytes_have(&out, "a line on stderr\n"));
  wasm_byte_vec_delete(&out);
  /* Standard input is not an output. */
  CHECK(!zwasm_store_wasi_take_output(store, ZWASM_WASI_STDIN, &out) && out.size == 0);
  CHECK(last_error_says("not an output stream"));
  wasm_byte_vec_delete(&out);

  /* The guest wrote into the directory, and only there. */
  char* written = read_file(in_dir("written.txt"));
  CHECK(strcmp(written, "written by the guest\n") == 0);
  free(written);
  CHECK(unlink(in_dir("written.txt")) == 0);

  wasm_instance_delete(instance);
  wasm_store_delete(store);
}

/* What a host callback collects. */
struct log {
  char text[4096];
  size_t size;
  int writes;
  int finalized;
  int refuse;
};

static bool to_log(void* env, const uint8_t* data, size_t len) {
  struct log* log = env;
  CHECK(len > 0);
  if (log->refuse) return false;
  CHECK(log->size + len < sizeof log->text);
  memcpy(log->text + log->size, data, len);
  log->size += len;
  log->text[log->size] = '\0';
  log->writes++;
  return true;
}

static void finalize_log(void* env) {
  ((struct log*)env)->finalized++;
}

/* wasm_instance_new with zwasm_wasi_imports; standard output to a host
 * callback, input from a file, errors to a file; the exit status as a
 * trap of wasm_func_call, and 0 when _start returns. */
static void imports_and_callbacks(wasm_engine_t* engine, wasm_module_t* module) {
  wasm_store_t* store = wasm_store_new(engine);
  struct log log = {0};
  write_file(in_dir("input.txt"), "input from a file");
  zwasm_wasi_config_t* c = guest_config("3");
  CHECK(zwasm_wasi_config_stdio_callback(c, ZWASM_WASI_STDOUT, to_log, &log, finalize_log));
  CHECK(zwasm_wasi_config_stdio_file(c, ZWASM_WASI_STDIN, in_dir("input.txt")));
  CHECK(zwasm_wasi_config_stdio_file(c, ZWASM_WASI_STDERR, in_dir("errors.txt")));
  attach(store, c);

  wasm_extern_vec_t imports;
  CHECK(zwasm_wasi_imports(store, module, &imports) == NULL);
  wasm_importtype_vec_t types;
  wasm_module_imports(module, &types);
  CHECK(imports.size == types.size && imports.size > 0);
  for (size_t i = 0; i < imports.size; i++) {
    CHECK(name_is(wasm_importtype_module(types.data[i]), "wasi_snapshot_preview1"));
    CHECK(imports.data[i] != NULL && wasm_extern_kind(imports.data[i]) == WASM_EXTERN_FUNC);
  }
  wasm_importtype_vec_delete(&types);
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, &trap);
  CHECK(instance != NULL && trap == NULL);
  wasm_extern_vec_delete(&imports);

  /* _start through the standard API: proc_exit(3) is a trap. */
  wasm_extern_t* start = NULL;
  wasm_exporttype_vec_t exports;
  wasm_extern_vec_t items;
  wasm_module_exports(module, &exports);
  wasm_instance_exports(instance, &items);
  for (size_t i = 0; i < exports.size; i++) {
    if (name_is(wasm_exporttype_name(exports.data[i]), "_start")) start = wasm_extern_copy(items.data[i]);
  }
  wasm_exporttype_vec_delete(&exports);
  wasm_extern_vec_delete(&items);
  CHECK(start != NULL);
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  trap = wasm_func_call(wasm_extern_as_func(start), &none, &none);
  CHECK(trap != NULL);
  int32_t status = 0;
  zwasm_trap_code_t code;
  CHECK(zwasm_trap_exit_status(trap, &status) && status == 3);
  CHECK(zwasm_trap_code(trap, &code) && code == ZWASM_TRAP_EXIT);
  wasm_trap_delete(trap);
  CHECK(zwasm_store_wasi_exit_code(store, &status) && status == 3);
  wasm_extern_delete(start);
  wasm_instance_delete(instance);

  CHECK(log.writes >= 1 && log.finalized == 0);
  CHECK(text_has(log.text, "arg 2: 3\n"));
  CHECK(text_has(log.text, "stdin: input from a file\n"));
  char* errors = read_file(in_dir("errors.txt"));
  CHECK(strcmp(errors, "a line on stderr\n") == 0);
  free(errors);
  /* Nothing is captured here. */
  wasm_byte_vec_t out;
  CHECK(!zwasm_store_wasi_take_output(store, ZWASM_WASI_STDOUT, &out) && out.size == 0);
  wasm_byte_vec_delete(&out);

  /* A new context replaces the old one (whose callback is let go); a
   * guest whose _start returns exits with 0 and sets no exit code. */
  zwasm_wasi_config_t* c2 = guest_config("0");
  CHECK(zwasm_wasi_config_stdio_null(c2, ZWASM_WASI_STDOUT));
  attach(store, c2);
  CHECK(log.finalized == 1);
  CHECK(!zwasm_store_wasi_exit_code(store, &status));
  instance = link_guest(engine, store, module);
  CHECK(run(instance) == 0);
  CHECK(!zwasm_store_wasi_exit_code(store, &status));
  wasm_instance_delete(instance);

  /* A callback that refuses the bytes fails the write with EIO (29); the
   * store's deletion lets the callback go. */
  struct log refusing = {.refuse = 1};
  zwasm_wasi_config_t* c3 = zwasm_wasi_config_new();
  CHECK(zwasm_wasi_config_stdio_callback(c3, ZWASM_WASI_STDERR, to_log, &refusing, finalize_log));
  attach(store, c3);
  wasm_module_t* writer = module_from_wat(
      store,
      "(module"
      "  (import \"wasi_snapshot_preview1\" \"fd_write\" (func $w (param i32 i32 i32 i32) (result i32)))"
      "  (memory (export \"memory\") 1)"
      "  (data (i32.const 64) \"lost\")"
      "  (func (export \"write\") (result i32)"
      "    (i32.store (i32.const 0) (i32.const 64))"
      "    (i32.store (i32.const 4) (i32.const 4))"
      "    (call $w (i32.const 2) (i32.const 0) (i32.const 1) (i32.const 8))))");
  CHECK(zwasm_wasi_imports(store, writer, &imports) == NULL);
  instance = wasm_instance_new(store, writer, &imports, NULL);
  CHECK(instance != NULL);
  wasm_extern_vec_delete(&imports);
  wasm_extern_t* write = export_at(instance, 1);
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t results = WASM_ARRAY_VEC(r);
  CHECK_NO_TRAP(wasm_func_call(wasm_extern_as_func(write), &none, &results));
  CHECK(r[0].of.i32 == 29 && refusing.size == 0);
  wasm_extern_delete(write);
  wasm_instance_delete(instance);
  wasm_module_delete(writer);
  CHECK(refusing.finalized == 0);
  wasm_store_delete(store);
  CHECK(refusing.finalized == 1);
  CHECK(unlink(in_dir("input.txt")) == 0 && unlink(in_dir("errors.txt")) == 0);
}

/* Standard output into a pipe the host made, standard error and input
 * inherited from the host (here redirected to files), the host's
 * environment. */
static void descriptors_and_inheritance(wasm_engine_t* engine, wasm_module_t* module) {
  wasm_store_t* store = wasm_store_new(engine);
  int fds[2];
  CHECK(pipe(fds) == 0);
  CHECK(setenv("GREETING", "from the host's environment", 1) == 0);
  zwasm_wasi_config_t* c = zwasm_wasi_config_new();
  CHECK(zwasm_wasi_config_arg(c, "guest"));
  CHECK(zwasm_wasi_config_inherit_env(c));
  CHECK(zwasm_wasi_config_preopen_dir(c, dir, "/data"));
  CHECK(zwasm_wasi_config_stdio_fd(c, ZWASM_WASI_STDOUT, fds[1]));
  close(fds[1]); /* the configuration has its own copy */
  CHECK(zwasm_wasi_config_stdio_inherit(c, ZWASM_WASI_STDIN));
  CHECK(zwasm_wasi_config_stdio_inherit(c, ZWASM_WASI_STDERR));

  /* The host's descriptors 0 and 2 go to files while the guest runs. */
  write_file(in_dir("host-stdin.txt"), "the host's standard input");
  int saved_in = dup(0), saved_err = dup(2);
  int in = open(in_dir("host-stdin.txt"), O_RDONLY);
  int err = open(in_dir("host-stderr.txt"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  CHECK(in >= 0 && err >= 0 && dup2(in, 0) == 0 && dup2(err, 2) == 2);
  close(in);
  close(err);
  attach(store, c);
  wasm_instance_t* instance = link_guest(engine, store, module);
  int32_t status = run(instance);
  CHECK(dup2(saved_in, 0) == 0 && dup2(saved_err, 2) == 2);
  close(saved_in);
  close(saved_err);
  CHECK(status == 0);
  wasm_instance_delete(instance);
  wasm_store_delete(store); /* closes the guest's end of the pipe */

  char text[4096];
  size_t size = 0;
  ssize_t n;
  while ((n = read(fds[0], text + size, sizeof text - 1 - size)) > 0) size += (size_t)n;
  text[size] = '\0';
  close(fds[0]);
  CHECK(text_has(text, "arg 0: guest\n"));
  CHECK(text_has(text, "GREETING=from the host's environment\n"));
  CHECK(text_has(text, "stdin: the host's standard input\n"));
  char* errors = read_file(in_dir("host-stderr.txt"));
  CHECK(strcmp(errors, "a line on stderr\n") == 0);
  free(errors);
  CHECK(unlink(in_dir("host-stdin.txt")) == 0 && unlink(in_dir("host-stderr.txt")) == 0);
  CHECK(unlink(in_dir("written.txt")) == 0);
  unsetenv("GREETING");
}

/* Every misuse is refused with a reason. */
static void refusals(wasm_engine_t* engine) {
  zwasm_wasi_config_t* c = zwasm_wasi_config_new();
  CHECK(!zwasm_wasi_config_env(c, "", "x") && last_error_says("invalid WASI environment variable name"));
  CHECK(!zwasm_wasi_config_env(c, "A=B", "x") && last_error_says("`A=B`"));
  CHECK(!zwasm_wasi_config_env(c, "A", NULL) && last_error_says("`value` must not be NULL"));
  CHECK(!zwasm_wasi_config_arg(c, NULL) && last_error_says("`arg` must not be NULL"));
  CHECK(!zwasm_wasi_config_preopen_dir(c, in_dir("message.txt"), "/m") && last_error_says("not a directory"));
  CHECK(!zwasm_wasi_config_preopen_dir(c, in_dir("absent"), "/m") && last_error_says("cannot open directory"));
  CHECK(!zwasm_wasi_config_preopen_dir(c, dir, "\xff") && last_error_says("not valid UTF-8"));
  CHECK(!zwasm_wasi_config_stdio_file(c, ZWASM_WASI_STDIN, in_dir("absent")) && last_error_says("cannot open"));
  CHECK(!zwasm_wasi_config_stdio_file(c, ZWASM_WASI_STDOUT, in_dir("absent/x")) && last_error_says("cannot open"));
  CHECK(!zwasm_wasi_config_stdio_file(c, 3, in_dir("x")) && last_error_says("3 is not a standard stream"));
  CHECK(!zwasm_wasi_config_stdio_inherit(c, 7) && last_error_says("7 is not a standard stream"));
  CHECK(!zwasm_wasi_config_stdio_null(c, 7) && last_error_says("7 is not a standard stream"));
  CHECK(!zwasm_wasi_config_stdio_fd(c, ZWASM_WASI_STDOUT, -1) && last_error_says("cannot use descriptor -1"));
  CHECK(!zwasm_wasi_config_stdio_fd(c, 9, 1) && last_error_says("not a standard stream"));
  CHECK(!zwasm_wasi_config_stdin_bytes(c, NULL, 3) && last_error_says("`data` must not be NULL"));
  CHECK(zwasm_wasi_config_stdin_bytes(c, NULL, 0));
  CHECK(!zwasm_wasi_config_stdio_capture(c, ZWASM_WASI_STDIN) && last_error_says("not an output stream"));
  struct log log = {0};
  CHECK(!zwasm_wasi_config_stdio_callback(c, ZWASM_WASI_STDIN, to_log, &log, finalize_log));
  CHECK(!zwasm_wasi_config_stdio_callback(c, ZWASM_WASI_STDOUT, NULL, &log, finalize_log));
  CHECK(last_error_says("`callback` must not be NULL"));
  /* A callback replaced before it is used is let go at once; deleting the
   * configuration lets go the one that remains. */
  CHECK(zwasm_wasi_config_stdio_callback(c, ZWASM_WASI_STDOUT, to_log, &log, finalize_log));
  CHECK(zwasm_wasi_config_stdio_capture(c, ZWASM_WASI_STDOUT));
  CHECK(log.finalized == 1);
  CHECK(zwasm_wasi_config_stdio_callback(c, ZWASM_WASI_STDERR, to_log, &log, finalize_log));
  zwasm_wasi_config_delete(c);
  CHECK(log.finalized == 2 && log.writes == 0);

  /* A directory that disappears before the configuration is attached. */
  wasm_store_t* store = wasm_store_new(engine);
  CHECK(mkdir(in_dir("gone"), 0700) == 0);
  c = zwasm_wasi_config_new();
  CHECK(zwasm_wasi_config_preopen_dir(c, in_dir("gone"), "/gone"));
  CHECK(rmdir(in_dir("gone")) == 0);
  zwasm_error_t* e = zwasm_store_set_wasi(store, c);
  CHECK(e && zwasm_error_kind(e) == ZWASM_ERROR_USAGE && strstr(zwasm_error_message(e), "cannot open directory"));
  zwasm_error_delete(e);

  /* zwasm_wasi_run: no _start, or a _start that traps. */
  wasm_module_t* m = module_from_wat(
      store, "(module (func (export \"main\")) (func (export \"_start\") (param i32)))");
  wasm_instance_t* i = instantiate(store, m);
  int32_t status = 99;
  e = zwasm_wasi_run(i, &status);
  CHECK(e && zwasm_error_kind(e) == ZWASM_ERROR_USAGE && status == 99);
  zwasm_error_delete(e);
  wasm_instance_delete(i);
  wasm_module_delete(m);
  m = module_from_wat(store, "(module (func (export \"_start\") unreachable))");
  i = instantiate(store, m);
  e = zwasm_wasi_run(i, NULL);
  CHECK(e && zwasm_error_kind(e) == ZWASM_ERROR_TRAP);
  wasm_trap_t* trap = zwasm_error_trap(e);
  CHECK(trap && trap_says(trap, "unreachable") && !zwasm_trap_exit_status(trap, &status));
  wasm_trap_delete(trap);
  zwasm_error_delete(e);
  /* The store stays usable: the same call traps the same way again. */
  e = zwasm_wasi_run(i, NULL);
  CHECK(e && zwasm_error_kind(e) == ZWASM_ERROR_TRAP);
  zwasm_error_delete(e);
  wasm_instance_delete(i);
  wasm_module_delete(m);
  wasm_store_delete(store);
}

/* The guest of `empty_world`: it exits with its argument count, after
 * calling a host function; `extra` imports go between its WASI imports. */
#define EMPTY_WORLD_GUEST(extra)                                                              \
  "(module"                                                                                 \
  "  (import \"env\" \"tick\" (func $tick))"                                                  \
  "  (import \"wasi_unstable\" \"args_sizes_get\" (func $sizes (param i32 i32) (result i32)))" \
  extra                                                                                     \
  "  (import \"wasi_snapshot_preview1\" \"proc_exit\" (func $exit (param i32)))"              \
  "  (memory (export \"memory\") 1)"                                                          \
  "  (func (export \"_start\")"                                                               \
  "    (i32.store (i32.const 0) (i32.const 99))"                                            \
  "    (drop (call $sizes (i32.const 0) (i32.const 4)))"                                    \
  "    (call $tick)"                                                                        \
  "    (call $exit (i32.load (i32.const 0)))))"

/* A store given no configuration runs WASI guests in an empty world; the
 * imports of other modules are left for the host. */
static void empty_world(wasm_engine_t* engine) {
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* m = module_from_wat(store, EMPTY_WORLD_GUEST("  (import \"wasi_snapshot_preview1\" \"no_such_function\" (func))"));
  wasm_extern_vec_t imports;
  CHECK(zwasm_wasi_imports(store, m, &imports) == NULL);
  CHECK(imports.size == 4);
  CHECK(imports.data[0] == NULL && imports.data[1] != NULL && imports.data[2] == NULL && imports.data[3] != NULL);
  /* Instantiating without filling the holes names the first one. */
  wasm_trap_t* trap = NULL;
  CHECK(wasm_instance_new(store, m, &imports, &trap) == NULL);
  CHECK(trap && trap_says(trap, "env::tick"));
  wasm_trap_delete(trap);
  wasm_extern_vec_delete(&imports);

  /* No arguments: the guest exits with argc = 0. */
  zwasm_linker_t* linker = zwasm_linker_new(engine);
  CHECK(zwasm_linker_define_wasi(linker) == NULL);
  wasm_module_t* ticker = module_from_wat(store, "(module (func (export \"tick\")))");
  wasm_instance_t* env = instantiate(store, ticker);
  CHECK(zwasm_linker_define_instance(linker, "env", env) == NULL);
  wasm_instance_t* i = NULL;
  zwasm_error_t* e = zwasm_linker_instantiate(linker, store, m, &i);
  CHECK(e && zwasm_error_kind(e) == ZWASM_ERROR_LINK && strstr(zwasm_error_message(e), "no_such_function"));
  zwasm_error_delete(e);
  wasm_module_t* m2 = module_from_wat(store, EMPTY_WORLD_GUEST(""));
  CHECK(zwasm_linker_instantiate(linker, store, m2, &i) == NULL);
  int32_t status = -1;
  CHECK(zwasm_wasi_run(i, &status) == NULL && status == 0);
  CHECK(zwasm_store_wasi_exit_code(store, &status) && status == 0);
  wasm_instance_delete(i);
  wasm_instance_delete(env);
  zwasm_linker_delete(linker);
  wasm_module_delete(ticker);
  wasm_module_delete(m2);
  wasm_module_delete(m);
  wasm_store_delete(store);
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s WASI_GUEST.wasm (guests/wasi_guest.c compiled to wasm32-wasi)\n", argv[0]);
    return 2;
  }
  guest_path = argv[1];
  strcpy(dir, "/tmp/zwasm-capi-wasi-XXXXXX");
  CHECK(mkdtemp(dir) != NULL);
  write_file(in_dir("message.txt"), "a message from the host\n");

  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = load_guest(store);
  wasm_store_delete(store);

  captured_run(engine, module);
  imports_and_callbacks(engine, module);
  descriptors_and_inheritance(engine, module);
  refusals(engine);
  empty_world(engine);

  wasm_module_delete(module);
  wasm_engine_delete(engine);
  CHECK(unlink(in_dir("message.txt")) == 0);
  CHECK(rmdir(dir) == 0);
  printf("ok\n");
  return 0;
}
