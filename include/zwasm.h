/**
 * \file zwasm.h
 * \brief zwasm's extensions to the WebAssembly C API.
 *
 * Functions over the handles of `wasm.h` for what the standard API cannot
 * say: error messages and error objects, the execution tier, the text
 * format, fuel, interruption from another thread, growth limits, values
 * of every type (`v128` included), a linker that resolves imports by
 * name, and WASI Preview 1 for guests compiled to `wasm32-wasi`.
 *
 * This file is generated from the Rust sources (src/capi/zwasm/) by
 * cbindgen when zwasm is built; do not edit it by hand.
 */

#ifndef ZWASM_H
#define ZWASM_H

#include "wasm.h"

/**
 * The "no limit" value of the `zwasm_store_limit_*` functions.
 */
#define ZWASM_UNLIMITED UINT64_MAX

/**
 * A failure with its kind and message, owned by the caller.
 */
typedef struct zwasm_error_t zwasm_error_t;

/**
 * A handle that interrupts the WebAssembly code running in a store, from
 * any thread.
 */
typedef struct zwasm_interrupt_handle_t zwasm_interrupt_handle_t;

/**
 * Resolves imports by name (`module` and `name` of each import) when
 * instantiating, so that the host need not list them in the module's
 * order. Definitions are externs of a store, every export of an instance,
 * or the WASI functions. One linker can instantiate any number of modules;
 * use it from one thread at a time.
 */
typedef struct zwasm_linker_t zwasm_linker_t;

/**
 * What a WASI guest is given: arguments, environment variables,
 * preopened directories and its three standard streams. By default it
 * gets nothing: no arguments, no environment, no directories, empty
 * standard input, and output that is discarded. Attach it to a store with
 * `zwasm_store_set_wasi`.
 */
typedef struct zwasm_wasi_config_t zwasm_wasi_config_t;

/**
 * An execution tier.
 */
typedef uint32_t zwasm_tier_t;

/**
 * When a module's functions are validated and translated.
 */
typedef uint32_t zwasm_compilation_t;

/**
 * What kind of failure a `zwasm_error_t` describes.
 */
typedef uint32_t zwasm_error_kind_t;

/**
 * Why the engine stopped a computation.
 */
typedef uint32_t zwasm_trap_code_t;

/**
 * A 128-bit vector, as 16 bytes in little-endian lane order.
 */
typedef struct zwasm_v128_t {
  uint8_t bytes[16];
} zwasm_v128_t;

/**
 * The payload of a `zwasm_val_t`.
 */
typedef union zwasm_val_union_t {
  int32_t i32;
  int64_t i64;
  float f32;
  double f64;
  wasm_ref_t *ref;
  struct zwasm_v128_t v128;
} zwasm_val_union_t;

/**
 * A value of any type: `wasm_val_t` with room for a `v128`. A value of a
 * reference kind owns its reference (`zwasm_val_delete` releases it).
 */
typedef struct zwasm_val_t {
  wasm_valkind_t kind;
  union zwasm_val_union_t of;
} zwasm_val_t;

/**
 * One of a guest's three standard streams, by its descriptor number.
 */
typedef uint32_t zwasm_wasi_stream_t;

/**
 * Receives what a guest writes to standard output or error, one write at
 * a time, as it happens: `len` bytes at `data` (never 0 bytes; valid only
 * during the call). Returns true when it took them all; false makes the
 * guest's write fail with `EIO`. It runs while WebAssembly runs in the
 * store, so it must not use that store.
 */
typedef bool (*zwasm_wasi_output_callback_t)(void *env, const uint8_t *data, size_t len);

/**
 * Called with a host pointer once zwasm lets it go (the
 * `void (*finalizer)(void*)` of `wasm.h`).
 */
typedef void (*zwasm_finalizer_t)(void *env);

/**
 * The register-IR interpreter runs every function (the default).
 */
#define ZWASM_TIER_INTERP 0

/**
 * Every function is compiled to native code before its first call.
 */
#define ZWASM_TIER_JIT 1

/**
 * Functions start in the interpreter; hot ones move to native code.
 */
#define ZWASM_TIER_TIERED 2

/**
 * Every function while the module loads (the default): invalid code is
 * reported by `wasm_module_new`.
 */
#define ZWASM_COMPILATION_EAGER 0

/**
 * Every function is validated while the module loads and translated on its
 * first call: a faster start, the same errors.
 */
#define ZWASM_COMPILATION_LAZY_TRANSLATION 1

/**
 * Each function is validated and translated on its first call: the fastest
 * start. An invalid function body is reported when it is first called, as
 * a trap with code `ZWASM_TRAP_INVALID_FUNCTION`.
 */
#define ZWASM_COMPILATION_LAZY 2

/**
 * The module is malformed or invalid (see `zwasm_error_offset`).
 */
#define ZWASM_ERROR_COMPILE 0

/**
 * The text format could not be parsed.
 */
#define ZWASM_ERROR_TEXT 1

/**
 * An import is missing or has the wrong type.
 */
#define ZWASM_ERROR_LINK 2

/**
 * Execution trapped (see `zwasm_error_trap`), e.g. in a start function.
 */
#define ZWASM_ERROR_TRAP 3

/**
 * An argument was wrong (NULL, of the wrong type, from another store...).
 */
#define ZWASM_ERROR_USAGE 4

/**
 * Something this build of the engine does not support.
 */
#define ZWASM_ERROR_UNSUPPORTED 5

/**
 * `unreachable` was executed.
 */
#define ZWASM_TRAP_UNREACHABLE 0

/**
 * A memory access left linear memory.
 */
#define ZWASM_TRAP_MEMORY_OUT_OF_BOUNDS 1

/**
 * A table access left the table.
 */
#define ZWASM_TRAP_TABLE_OUT_OF_BOUNDS 2

/**
 * `call_indirect` past the end of the table.
 */
#define ZWASM_TRAP_UNDEFINED_ELEMENT 3

/**
 * `call_indirect` through a null entry.
 */
#define ZWASM_TRAP_UNINITIALIZED_ELEMENT 4

/**
 * `call_indirect` through an entry of another signature.
 */
#define ZWASM_TRAP_INDIRECT_CALL_TYPE_MISMATCH 5

/**
 * Integer division or remainder by zero.
 */
#define ZWASM_TRAP_INTEGER_DIVIDE_BY_ZERO 6

/**
 * Signed division overflow, or a float-to-int conversion out of range.
 */
#define ZWASM_TRAP_INTEGER_OVERFLOW 7

/**
 * Float-to-int conversion of a NaN.
 */
#define ZWASM_TRAP_INVALID_CONVERSION_TO_INTEGER 8

/**
 * The call stack (or value stack) is exhausted.
 */
#define ZWASM_TRAP_STACK_OVERFLOW 9

/**
 * The store's fuel ran out (see `zwasm_store_set_fuel`).
 */
#define ZWASM_TRAP_OUT_OF_FUEL 10

/**
 * The store's interrupt handle was triggered.
 */
#define ZWASM_TRAP_INTERRUPTED 11

/**
 * A null reference was used.
 */
#define ZWASM_TRAP_NULL_REFERENCE 12

/**
 * The program ended with an exit status (a WASI guest's `proc_exit`;
 * `zwasm_trap_exit_status` reads it).
 */
#define ZWASM_TRAP_EXIT 13

/**
 * A function compiled on its first call turned out to be invalid (see
 * `ZWASM_COMPILATION_LAZY`).
 */
#define ZWASM_TRAP_INVALID_FUNCTION 14

/**
 * The value kind of `v128` (for `wasm_valtype_new` and `zwasm_val_t`).
 */
#define ZWASM_V128 4

/**
 * Standard input (descriptor 0).
 */
#define ZWASM_WASI_STDIN 0

/**
 * Standard output (descriptor 1).
 */
#define ZWASM_WASI_STDOUT 1

/**
 * Standard error (descriptor 2).
 */
#define ZWASM_WASI_STDERR 2

#ifdef __cplusplus
extern "C" {
#endif // __cplusplus

/**
 * Chooses the execution tier. Returns false (and changes nothing) for an
 * unknown tier. This build has only the interpreter: an engine asked for
 * `ZWASM_TIER_JIT` or `ZWASM_TIER_TIERED` is refused by
 * `wasm_engine_new_with_config` (NULL, with the reason in
 * `zwasm_last_error_message`); it never falls back to another tier.
 */
WASM_API_EXTERN bool zwasm_config_set_tier(wasm_config_t *config, zwasm_tier_t tier);

/**
 * Sets when a function counts as hot in the tiered mode: after
 * `entry_calls` calls, or after `loop_iterations` iterations of one of its
 * loops (each at least 1).
 */
WASM_API_EXTERN
void zwasm_config_set_tierup_thresholds(wasm_config_t *config,
                                        uint32_t entry_calls,
                                        uint32_t loop_iterations);

/**
 * Sets the deepest nesting of WebAssembly calls before a call traps with
 * "call stack exhausted" (at least 1).
 */
WASM_API_EXTERN void zwasm_config_set_max_call_depth(wasm_config_t *config, uint32_t depth);

/**
 * Reads the tier-up thresholds back (either pointer may be NULL).
 */
WASM_API_EXTERN
bool zwasm_config_get_tierup_thresholds(const wasm_config_t *config,
                                        uint32_t *entry_calls,
                                        uint32_t *loop_iterations);

/**
 * The configured tier (one of the `ZWASM_TIER_*` values).
 */
WASM_API_EXTERN zwasm_tier_t zwasm_config_get_tier(const wasm_config_t *config);

/**
 * The configured maximum call depth.
 */
WASM_API_EXTERN uint32_t zwasm_config_get_max_call_depth(const wasm_config_t *config);

/**
 * Chooses when functions are validated and translated. Returns false (and
 * changes nothing) for an unknown mode.
 */
WASM_API_EXTERN bool zwasm_config_set_compilation(wasm_config_t *config, zwasm_compilation_t mode);

/**
 * The configured compilation mode (one of the `ZWASM_COMPILATION_*` values).
 */
WASM_API_EXTERN zwasm_compilation_t zwasm_config_get_compilation(const wasm_config_t *config);

/**
 * The message of the most recent failure of a zwasm function on the
 * calling thread, or NULL if there was none (or it was cleared). The
 * string stays valid until the next failure on this thread or
 * `zwasm_last_error_clear`.
 */
WASM_API_EXTERN const char *zwasm_last_error_message(void);

/**
 * Forgets the calling thread's last error.
 */
WASM_API_EXTERN void zwasm_last_error_clear(void);

/**
 * The kind of an error.
 */
WASM_API_EXTERN zwasm_error_kind_t zwasm_error_kind(const struct zwasm_error_t *error);

/**
 * The message of an error, NUL-terminated; valid as long as the error.
 */
WASM_API_EXTERN const char *zwasm_error_message(const struct zwasm_error_t *error);

/**
 * For a compile error: stores the byte offset in the module where the
 * problem was found and returns true; false when there is none.
 */
WASM_API_EXTERN bool zwasm_error_offset(const struct zwasm_error_t *error, size_t *offset);

/**
 * For a trap error: a new trap (owned by the caller) with the message and
 * stack trace; NULL for other kinds.
 */
WASM_API_EXTERN wasm_trap_t *zwasm_error_trap(const struct zwasm_error_t *error);

/**
 * Deletes an error.
 */
WASM_API_EXTERN void zwasm_error_delete(struct zwasm_error_t *error);

/**
 * Like `wasm_module_new`, but on failure returns an error object (kind
 * `ZWASM_ERROR_COMPILE` with the byte offset of the problem, or
 * `ZWASM_ERROR_USAGE`) and sets `*out` to NULL. On success returns NULL and
 * stores the module (owned by the caller) in `*out`.
 */
WASM_API_EXTERN
struct zwasm_error_t *zwasm_module_new_ex(wasm_store_t *store,
                                          const wasm_byte_vec_t *binary,
                                          wasm_module_t **out);

/**
 * Compiles a module written in the WebAssembly text format (`len` bytes
 * at `text`, no terminator needed). Errors are `ZWASM_ERROR_TEXT` (with
 * line and column in the message) or `ZWASM_ERROR_COMPILE`.
 */
WASM_API_EXTERN
struct zwasm_error_t *zwasm_module_new_wat(wasm_store_t *store,
                                           const char *text,
                                           size_t len,
                                           wasm_module_t **out);

/**
 * Translates text-format WebAssembly (`len` bytes at `text`) into a binary
 * module, stored in `out` (owned by the caller; left empty on failure).
 */
WASM_API_EXTERN
struct zwasm_error_t *zwasm_wat2wasm(const char *text,
                                     size_t len,
                                     wasm_byte_vec_t *out);

/**
 * Like `wasm_instance_new`, but on failure returns an error object:
 * `ZWASM_ERROR_LINK` naming the import that is missing or has the wrong
 * type, `ZWASM_ERROR_TRAP` when a segment or the start function traps
 * (`zwasm_error_trap` gives the trap), or `ZWASM_ERROR_USAGE`.
 */
WASM_API_EXTERN
struct zwasm_error_t *zwasm_instance_new_ex(wasm_store_t *store,
                                            const wasm_module_t *module,
                                            const wasm_extern_vec_t *imports,
                                            wasm_instance_t **out);

/**
 * The number of functions of a module, imported ones included (the range
 * of `wasm_frame_func_index`).
 */
WASM_API_EXTERN uint32_t zwasm_module_func_count(const wasm_module_t *module);

/**
 * A new linker for stores of `engine` (owned by the caller), with nothing
 * defined.
 */
WASM_API_EXTERN struct zwasm_linker_t *zwasm_linker_new(const wasm_engine_t *engine);

/**
 * Deletes a linker. The externs and instances it was given stay as they
 * are.
 */
WASM_API_EXTERN void zwasm_linker_delete(struct zwasm_linker_t *linker);

/**
 * Whether a definition may replace an earlier one of the same module and
 * name (false by default: defining a name twice is an error).
 */
WASM_API_EXTERN void zwasm_linker_allow_shadowing(struct zwasm_linker_t *linker, bool allow);

/**
 * Defines the import `module`.`name` (NUL-terminated UTF-8 strings) as
 * `item`, a function, global, table or memory (borrowed; the linker
 * refers to the object, which lives as long as its store). Modules that
 * use it can only be instantiated in `item`'s store. Returns NULL, or an
 * error (`ZWASM_ERROR_LINK` when the name is already defined).
 */
WASM_API_EXTERN
struct zwasm_error_t *zwasm_linker_define(struct zwasm_linker_t *linker,
                                          const char *module,
                                          const char *name,
                                          const wasm_extern_t *item);

/**
 * Defines every export of `instance` as an import of the module named
 * `module` (a NUL-terminated UTF-8 string), so that modules importing
 * from `module` link against that instance. Returns NULL, or an error
 * (`ZWASM_ERROR_LINK` when a name is already defined).
 */
WASM_API_EXTERN
struct zwasm_error_t *zwasm_linker_define_instance(struct zwasm_linker_t *linker,
                                                   const char *module,
                                                   const wasm_instance_t *instance);

/**
 * Defines the 46 WASI Preview 1 functions under both import module names
 * (`wasi_snapshot_preview1` and `wasi_unstable`). In each store they run
 * in, they use the store's WASI context (`zwasm_store_set_wasi`). Returns
 * NULL, or an error (`ZWASM_ERROR_LINK` when one of the names is already
 * defined).
 */
WASM_API_EXTERN struct zwasm_error_t *zwasm_linker_define_wasi(struct zwasm_linker_t *linker);

/**
 * Instantiates `module` in `store`, taking each import from the linker's
 * definitions. On success returns NULL and stores the instance (owned by
 * the caller) in `*out`; on failure sets `*out` to NULL and returns an
 * error: `ZWASM_ERROR_LINK` naming an import that is not defined or has
 * the wrong type, `ZWASM_ERROR_TRAP` when a segment or the start function
 * traps, `ZWASM_ERROR_USAGE` for a definition from another store, or a
 * store of another engine.
 */
WASM_API_EXTERN
struct zwasm_error_t *zwasm_linker_instantiate(const struct zwasm_linker_t *linker,
                                               wasm_store_t *store,
                                               const wasm_module_t *module,
                                               wasm_instance_t **out);

/**
 * Turns fuel metering on with `fuel` units. One unit is spent on every
 * function entry and every loop iteration; when none is left, the running
 * call traps with "all fuel consumed" (`ZWASM_TRAP_OUT_OF_FUEL`). The trap
 * unwinds that call; the store stays usable, and once the host adds fuel,
 * new calls run again. May be called from a host function.
 */
WASM_API_EXTERN void zwasm_store_set_fuel(wasm_store_t *store, uint64_t fuel);

/**
 * Adds `fuel` units (saturating). Returns false when metering is off.
 */
WASM_API_EXTERN bool zwasm_store_add_fuel(wasm_store_t *store, uint64_t fuel);

/**
 * Stores the fuel left in `*fuel` and returns true; returns false when
 * metering is off.
 */
WASM_API_EXTERN bool zwasm_store_get_fuel(const wasm_store_t *store, uint64_t *fuel);

/**
 * Turns fuel metering off.
 */
WASM_API_EXTERN void zwasm_store_disable_fuel(wasm_store_t *store);

/**
 * Caps every memory of the store (existing and future) at `pages` 64 KiB
 * pages: `memory.grow` and `wasm_memory_grow` beyond it fail, and creating
 * a larger memory fails. `ZWASM_UNLIMITED` removes the cap.
 */
WASM_API_EXTERN void zwasm_store_limit_memory_pages(wasm_store_t *store, uint64_t pages);

/**
 * Caps every table of the store at `elements` entries, as
 * `zwasm_store_limit_memory_pages` does for memories.
 */
WASM_API_EXTERN void zwasm_store_limit_table_elements(wasm_store_t *store, uint64_t elements);

/**
 * A new interrupt handle of the store (owned by the caller; it may
 * outlive the store, and may be used from any thread).
 */
WASM_API_EXTERN
struct zwasm_interrupt_handle_t *zwasm_interrupt_handle_new(const wasm_store_t *store);

/**
 * Makes the call running in the store trap with "interrupted"
 * (`ZWASM_TRAP_INTERRUPTED`) at its next function entry or loop iteration
 * check; when no call runs, the next call traps. Safe from any thread.
 */
WASM_API_EXTERN
void zwasm_interrupt_handle_interrupt(const struct zwasm_interrupt_handle_t *handle);

/**
 * Deletes an interrupt handle.
 */
WASM_API_EXTERN void zwasm_interrupt_handle_delete(struct zwasm_interrupt_handle_t *handle);

/**
 * Stores the engine's code for a trap in `*code` and returns true; returns
 * false for traps made by the host (`wasm_trap_new`) or reporting misuse
 * (such as wrong arguments to `wasm_func_call`).
 */
WASM_API_EXTERN bool zwasm_trap_code(const wasm_trap_t *trap, zwasm_trap_code_t *code);

/**
 * The name of the frame's function from the module's name section (empty
 * when it has none), not NUL-terminated.
 */
WASM_API_EXTERN void zwasm_frame_func_name(const wasm_frame_t *frame, wasm_name_t *out);

/**
 * The name of the frame's module from its name section (empty when it
 * has none), not NUL-terminated.
 */
WASM_API_EXTERN void zwasm_frame_module_name(const wasm_frame_t *frame, wasm_name_t *out);

/**
 * A trap with the message `message` (`len` bytes, no terminator needed),
 * for a host function to return, without needing a store as
 * `wasm_trap_new` does. Owned by the caller.
 */
WASM_API_EXTERN wasm_trap_t *zwasm_trap_new(const char *message, size_t len);

/**
 * For a trap that ended the program with an exit status (a WASI guest's
 * `proc_exit`, code `ZWASM_TRAP_EXIT`): stores the status in `*status`
 * and returns true. Returns false for every other trap.
 */
WASM_API_EXTERN bool zwasm_trap_exit_status(const wasm_trap_t *trap, int32_t *status);

/**
 * Calls a function with arguments and results of any type, `v128`
 * included. `args` holds `nargs` values (borrowed); `results` has room for
 * `nresults`, which must be the function's result count. Returns NULL on
 * success, or a trap (owned by the caller).
 */
WASM_API_EXTERN
wasm_trap_t *zwasm_func_call_ex(const wasm_func_t *func,
                                const struct zwasm_val_t *args,
                                size_t nargs,
                                struct zwasm_val_t *results,
                                size_t nresults);

/**
 * A global of any type, `v128` included, with initial value `value`.
 */
WASM_API_EXTERN
wasm_global_t *zwasm_global_new_ex(const wasm_store_t *store,
                                   const wasm_globaltype_t *ty,
                                   const struct zwasm_val_t *value);

/**
 * Reads a global of any type into `*out` (owned by the caller).
 */
WASM_API_EXTERN bool zwasm_global_get_ex(const wasm_global_t *global, struct zwasm_val_t *out);

/**
 * Sets a mutable global of any type. Returns false (and changes nothing)
 * for a constant global or a value of another type.
 */
WASM_API_EXTERN bool zwasm_global_set_ex(wasm_global_t *global, const struct zwasm_val_t *value);

/**
 * Releases the reference a value owns, if any.
 */
WASM_API_EXTERN void zwasm_val_delete(struct zwasm_val_t *value);

/**
 * A new, empty WASI configuration (owned by the caller).
 */
WASM_API_EXTERN struct zwasm_wasi_config_t *zwasm_wasi_config_new(void);

/**
 * Deletes a configuration that was not given to a store (the callbacks'
 * finalizers run).
 */
WASM_API_EXTERN void zwasm_wasi_config_delete(struct zwasm_wasi_config_t *config);

/**
 * Appends an argument (a NUL-terminated string). The first argument is by
 * convention the program's name. Returns false when `arg` is NULL.
 */
WASM_API_EXTERN bool zwasm_wasi_config_arg(struct zwasm_wasi_config_t *config, const char *arg);

/**
 * Adds the environment variable `key=value` (NUL-terminated strings).
 * Returns false when `key` is empty or contains `=`.
 */
WASM_API_EXTERN
bool zwasm_wasi_config_env(struct zwasm_wasi_config_t *config,
                           const char *key,
                           const char *value);

/**
 * Gives the guest every variable of the host process's environment as it
 * is at this call (in addition to those added with
 * `zwasm_wasi_config_env`).
 */
WASM_API_EXTERN bool zwasm_wasi_config_inherit_env(struct zwasm_wasi_config_t *config);

/**
 * Gives the guest the host directory `host_path` under the name
 * `guest_path` (for example `"assets"` as `"/assets"`). Directories
 * become descriptors 3, 4, ... in the order they are added. The guest can
 * reach nothing outside them: `..` above one, absolute paths and symbolic
 * links leading out are refused. Returns false when `host_path` is not a
 * directory or `guest_path` is not UTF-8.
 */
WASM_API_EXTERN
bool zwasm_wasi_config_preopen_dir(struct zwasm_wasi_config_t *config,
                                   const char *host_path,
                                   const char *guest_path);

/**
 * Connects a standard stream to the host process's own (descriptor 0, 1
 * or 2).
 */
WASM_API_EXTERN
bool zwasm_wasi_config_stdio_inherit(struct zwasm_wasi_config_t *config,
                                     zwasm_wasi_stream_t stream);

/**
 * Disconnects a standard stream: reading standard input gives end of
 * file; what is written to standard output or error is discarded. This
 * is the default.
 */
WASM_API_EXTERN
bool zwasm_wasi_config_stdio_null(struct zwasm_wasi_config_t *config,
                                  zwasm_wasi_stream_t stream);

/**
 * Connects a standard stream to the host file at `path`: standard input
 * reads it; standard output or error creates it, or empties it if it
 * exists. The file is opened now; returns false (with the reason) when it
 * cannot be.
 */
WASM_API_EXTERN
bool zwasm_wasi_config_stdio_file(struct zwasm_wasi_config_t *config,
                                  zwasm_wasi_stream_t stream,
                                  const char *path);

/**
 * Connects a standard stream to a copy of the host's open descriptor `fd`
 * (a pipe, a socket, a file opened in append mode...). The host keeps
 * `fd` and may close it at once. Returns false when `fd` is not open.
 */
WASM_API_EXTERN
bool zwasm_wasi_config_stdio_fd(struct zwasm_wasi_config_t *config,
                                zwasm_wasi_stream_t stream,
                                int fd);

/**
 * Makes standard input these `len` bytes (copied now), then end of file.
 * `data` may be NULL when `len` is 0.
 */
WASM_API_EXTERN
bool zwasm_wasi_config_stdin_bytes(struct zwasm_wasi_config_t *config,
                                   const uint8_t *data,
                                   size_t len);

/**
 * Captures standard output or error in memory; the host reads it with
 * `zwasm_store_wasi_take_output` once the configuration is attached to a
 * store. Returns false for standard input.
 */
WASM_API_EXTERN
bool zwasm_wasi_config_stdio_capture(struct zwasm_wasi_config_t *config,
                                     zwasm_wasi_stream_t stream);

/**
 * Sends standard output or error to `callback`, write by write (to route
 * a guest's output into the host's log, say), with `env` as its first
 * argument. `finalizer` (may be NULL) is called with `env` once the
 * stream is let go: when the guest closes it, when the configuration or
 * the store's WASI context is replaced or deleted. On failure (standard
 * input, NULL callback) neither is ever called.
 */
WASM_API_EXTERN
bool zwasm_wasi_config_stdio_callback(struct zwasm_wasi_config_t *config,
                                      zwasm_wasi_stream_t stream,
                                      zwasm_wasi_output_callback_t callback,
                                      void *env,
                                      zwasm_finalizer_t finalizer);

/**
 * Gives the store the WASI world `config` describes: the WASI functions
 * of every instance in the store (made by `zwasm_wasi_imports` or a
 * linker's `zwasm_linker_define_wasi`) use it from now on. The preopened
 * directories are opened now. Replaces the store's previous WASI context,
 * if any (closing its descriptors). Takes `config` over, also on failure.
 * Returns NULL, or an error (`ZWASM_ERROR_USAGE`) saying what could not
 * be opened.
 *
 * A store that is given no configuration still runs WASI guests, in an
 * empty world (as `zwasm_wasi_config_new` describes).
 */
WASM_API_EXTERN
struct zwasm_error_t *zwasm_store_set_wasi(wasm_store_t *store,
                                           struct zwasm_wasi_config_t *config);

/**
 * Stores in `*code` the status the guest passed to `proc_exit` (or 128 +
 * the signal that ended it through `proc_raise`) and returns true; returns
 * false while no guest of the store's WASI context has exited.
 */
WASM_API_EXTERN bool zwasm_store_wasi_exit_code(const wasm_store_t *store, int32_t *code);

/**
 * Moves what the guest has written to a captured stream
 * (`zwasm_wasi_config_stdio_capture`) since the last call into `out`
 * (owned by the caller) and returns true. Returns false, with `out`
 * empty, when that stream of the store's WASI context is not captured.
 */
WASM_API_EXTERN
bool zwasm_store_wasi_take_output(wasm_store_t *store,
                                  zwasm_wasi_stream_t stream,
                                  wasm_byte_vec_t *out);

/**
 * The imports of `module` as a vector for `wasm_instance_new`, in the
 * module's import order: each import of a WASI function
 * (`wasi_snapshot_preview1` or `wasi_unstable`) is that function of the
 * store (owned by the vector), every other entry is NULL for the host to
 * fill (with an extern it owns; `wasm_extern_vec_delete` deletes them
 * all). An import of a name WASI does not have is left NULL too. The
 * functions use the store's WASI context (`zwasm_store_set_wasi`). On
 * failure, `out` is empty.
 */
WASM_API_EXTERN
struct zwasm_error_t *zwasm_wasi_imports(wasm_store_t *store,
                                         const wasm_module_t *module,
                                         wasm_extern_vec_t *out);

/**
 * Runs a WASI command: calls the instance's `_start` export. On return,
 * `*exit_code` (if `exit_code` is not NULL) is 0 when `_start` returned,
 * or the status the guest passed to `proc_exit`; the function returns
 * NULL. Returns an error when the instance has no `_start` taking and
 * returning nothing (`ZWASM_ERROR_USAGE`), or when the guest trapped
 * (`ZWASM_ERROR_TRAP`; `zwasm_error_trap` gives the trap and its trace).
 * The store stays usable either way.
 */
WASM_API_EXTERN
struct zwasm_error_t *zwasm_wasi_run(const wasm_instance_t *instance,
                                     int32_t *exit_code);

#ifdef __cplusplus
}  // extern "C"
#endif  // __cplusplus

#endif  /* ZWASM_H */
