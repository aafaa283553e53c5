/**
 * \file wasm.h
 * \brief The standard WebAssembly C API, as implemented by zwasm.
 *
 * This header is written for zwasm and kept source-compatible with the
 * community `wasm.h` of the WebAssembly C API: every type, function, enum,
 * constant and macro has the same name, signature and layout, so a host
 * program written against that header compiles against this one unchanged
 * and links with `libzwasm`.
 *
 * zwasm implements every function declared here. Where the standard leaves
 * a failure unspecified (a NULL argument, a value of the wrong type, a
 * module that does not validate), the function returns NULL, `false` or a
 * trap, and `zwasm_last_error_message()` (see `zwasm.h`) tells why. Nothing
 * here aborts the process.
 *
 * \par Ownership
 * The `own` annotation (an empty macro) marks who is responsible for freeing
 * what:
 * - a result `own wasm_X_t*` belongs to the caller, who releases it with
 *   `wasm_X_delete`;
 * - a parameter `own wasm_X_t*` is taken over by the callee;
 * - an `own` vector owns its elements as well as its array;
 * - an `own` parameter named `out` is filled by the callee and then belongs
 *   to the caller.
 * Everything else is borrowed for the duration of the call.
 *
 * Deleting a reference (`wasm_func_t`, `wasm_memory_t`, ...) releases that
 * handle, not necessarily the object behind it: several handles may name
 * one object, and `wasm_X_same` tells whether two do.
 *
 * \par Threads
 * An engine and a `wasm_shared_module_t` may be used from any thread. A
 * store and everything created in it are used by one thread at a time.
 */

#ifndef WASM_H
#define WASM_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifndef WASM_API_EXTERN
#if defined(_WIN32) && !defined(__MINGW32__) && !defined(LIBWASM_STATIC)
#define WASM_API_EXTERN __declspec(dllimport)
#else
#define WASM_API_EXTERN
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Basic machine types                                                       */
/* ------------------------------------------------------------------------ */

/** A byte of a binary module, a name or a linear memory. */
typedef char byte_t;
/** IEEE 754 single precision, the representation of `f32`. */
typedef float float32_t;
/** IEEE 754 double precision, the representation of `f64`. */
typedef double float64_t;

#if defined(__cplusplus)
static_assert(sizeof(float32_t) == 4, "f32 must be 32 bits wide");
static_assert(sizeof(float64_t) == 8, "f64 must be 64 bits wide");
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
_Static_assert(sizeof(float32_t) == 4, "f32 must be 32 bits wide");
_Static_assert(sizeof(float64_t) == 8, "f64 must be 64 bits wide");
#endif

/** Marks owned pointers, parameters and results (see the file comment). */
#define own

/* ------------------------------------------------------------------------ */
/* Declaration patterns                                                      */
/* ------------------------------------------------------------------------ */

/**
 * Declares the opaque type `wasm_<name>_t` and its destructor
 * `wasm_<name>_delete`.
 */
#define WASM_DECLARE_OWN(name)                    \
  typedef struct wasm_##name##_t wasm_##name##_t; \
  WASM_API_EXTERN void wasm_##name##_delete(own wasm_##name##_t*);

/**
 * Declares `wasm_<name>_vec_t`, a counted array of `wasm_<name>_t` (or of
 * pointers to it when `ptr_or_none` is `*`), with its five functions:
 * - `_new_empty` makes a vector of size 0 (its data pointer is NULL);
 * - `_new_uninitialized` makes a vector of the given size whose elements
 *   are zero (null pointers for vectors of pointers);
 * - `_new` makes a vector of the given size and moves the given elements
 *   into it (the elements become the vector's; the array stays the
 *   caller's);
 * - `_copy` makes a deep copy (every element is copied);
 * - `_delete` frees the array and every element, and leaves the vector
 *   empty. Deleting an empty vector is allowed.
 */
#define WASM_DECLARE_VEC(name, ptr_or_none)                              \
  typedef struct wasm_##name##_vec_t {                                   \
    size_t size;                                                         \
    wasm_##name##_t ptr_or_none* data;                                   \
  } wasm_##name##_vec_t;                                                 \
  WASM_API_EXTERN void wasm_##name##_vec_new_empty(                      \
      own wasm_##name##_vec_t* out);                                     \
  WASM_API_EXTERN void wasm_##name##_vec_new_uninitialized(              \
      own wasm_##name##_vec_t* out, size_t);                             \
  WASM_API_EXTERN void wasm_##name##_vec_new(                            \
      own wasm_##name##_vec_t* out, size_t,                              \
      own wasm_##name##_t ptr_or_none const[]);                          \
  WASM_API_EXTERN void wasm_##name##_vec_copy(                           \
      own wasm_##name##_vec_t* out, const wasm_##name##_vec_t*);         \
  WASM_API_EXTERN void wasm_##name##_vec_delete(own wasm_##name##_vec_t*);

/**
 * Declares a type description `wasm_<name>_t`: its destructor, its vector
 * and `wasm_<name>_copy`, which returns an independent copy.
 */
#define WASM_DECLARE_TYPE(name) \
  WASM_DECLARE_OWN(name)        \
  WASM_DECLARE_VEC(name, *)     \
  WASM_API_EXTERN own wasm_##name##_t* wasm_##name##_copy(const wasm_##name##_t*);

/**
 * Declares the functions every reference-like object has:
 * - `_copy` returns a new handle to the same object;
 * - `_same` tells whether two handles name the same object;
 * - `_get_host_info` / `_set_host_info` read and attach one pointer of the
 *   host's to the object (shared by all its handles);
 * - `_set_host_info_with_finalizer` attaches a pointer and a function that
 *   zwasm calls with it exactly once: when the info is replaced, or when
 *   the last handle of the object is deleted. An object passed into
 *   WebAssembly as an `externref` is also held by that store (WebAssembly
 *   may hand it back later), so its finalizer waits for the store's
 *   deletion. A finalizer should only release the host's data; it must not
 *   call zwasm functions on the object's store.
 */
#define WASM_DECLARE_REF_BASE(name)                                          \
  WASM_DECLARE_OWN(name)                                                     \
  WASM_API_EXTERN own wasm_##name##_t* wasm_##name##_copy(                   \
      const wasm_##name##_t*);                                               \
  WASM_API_EXTERN bool wasm_##name##_same(const wasm_##name##_t*,            \
                                          const wasm_##name##_t*);           \
  WASM_API_EXTERN void* wasm_##name##_get_host_info(const wasm_##name##_t*); \
  WASM_API_EXTERN void wasm_##name##_set_host_info(wasm_##name##_t*, void*); \
  WASM_API_EXTERN void wasm_##name##_set_host_info_with_finalizer(           \
      wasm_##name##_t*, void*, void (*)(void*));

/**
 * Declares a reference-like object and its conversions to and from the
 * generic `wasm_ref_t`. A conversion returns the same handle seen as the
 * other type (nothing is allocated; do not delete both), or NULL when the
 * reference is not of that kind.
 */
#define WASM_DECLARE_REF(name)                                           \
  WASM_DECLARE_REF_BASE(name)                                            \
  WASM_API_EXTERN wasm_ref_t* wasm_##name##_as_ref(wasm_##name##_t*);    \
  WASM_API_EXTERN wasm_##name##_t* wasm_ref_as_##name(wasm_ref_t*);      \
  WASM_API_EXTERN const wasm_ref_t* wasm_##name##_as_ref_const(          \
      const wasm_##name##_t*);                                           \
  WASM_API_EXTERN const wasm_##name##_t* wasm_ref_as_##name##_const(     \
      const wasm_ref_t*);

/**
 * Declares a reference-like object that can move between threads:
 * `wasm_<name>_share` packs it into a thread-independent
 * `wasm_shared_<name>_t`, and `wasm_<name>_obtain` unpacks one into a
 * store (possibly on another thread).
 */
#define WASM_DECLARE_SHARABLE_REF(name)                                   \
  WASM_DECLARE_REF(name)                                                  \
  WASM_DECLARE_OWN(shared_##name)                                         \
  WASM_API_EXTERN own wasm_shared_##name##_t* wasm_##name##_share(        \
      const wasm_##name##_t*);                                            \
  WASM_API_EXTERN own wasm_##name##_t* wasm_##name##_obtain(              \
      wasm_store_t*, const wasm_shared_##name##_t*);

/* ------------------------------------------------------------------------ */
/* Byte vectors and names                                                    */
/* ------------------------------------------------------------------------ */

/** One byte. */
typedef byte_t wasm_byte_t;
WASM_DECLARE_VEC(byte, )

/** A name (of an import, an export, a trap message): bytes, UTF-8. */
typedef wasm_byte_vec_t wasm_name_t;

#define wasm_name wasm_byte_vec
#define wasm_name_new wasm_byte_vec_new
#define wasm_name_new_empty wasm_byte_vec_new_empty
#define wasm_name_new_uninitialized wasm_byte_vec_new_uninitialized
#define wasm_name_copy wasm_byte_vec_copy
#define wasm_name_delete wasm_byte_vec_delete

/** Makes a name holding the characters of `s`, without its terminator. */
static inline void wasm_name_new_from_string(own wasm_name_t* out, const char* s) {
  wasm_name_new(out, strlen(s), s);
}

/** Makes a name holding the characters of `s` and its NUL terminator. */
static inline void wasm_name_new_from_string_nt(own wasm_name_t* out, const char* s) {
  wasm_name_new(out, strlen(s) + 1, s);
}

/* ------------------------------------------------------------------------ */
/* Configuration, engine, store                                              */
/* ------------------------------------------------------------------------ */

/**
 * Engine settings. `zwasm.h` has the functions that change them (execution
 * tier, tier-up thresholds, call depth).
 */
WASM_DECLARE_OWN(config)

/** Default settings: the interpreter tier. */
WASM_API_EXTERN own wasm_config_t* wasm_config_new(void);

/** The shared state of modules and stores; usable from any thread. */
WASM_DECLARE_OWN(engine)

/** An engine with the default settings. */
WASM_API_EXTERN own wasm_engine_t* wasm_engine_new(void);

/**
 * An engine with the given settings, which it takes over. Returns NULL when
 * the settings ask for something this build cannot do (for instance a
 * native-code tier that is not built): zwasm never silently runs another
 * tier than the one asked for.
 */
WASM_API_EXTERN own wasm_engine_t* wasm_engine_new_with_config(own wasm_config_t*);

/**
 * The owner of all runtime objects (instances, functions, memories, tables,
 * globals). Objects live as long as their store; a handle to one keeps the
 * store alive, so handles may be deleted in any order.
 */
WASM_DECLARE_OWN(store)

/** A new, empty store of `engine`. */
WASM_API_EXTERN own wasm_store_t* wasm_store_new(wasm_engine_t*);

/* ------------------------------------------------------------------------ */
/* Type descriptions                                                         */
/* ------------------------------------------------------------------------ */

/** Whether a global can be written. */
typedef uint8_t wasm_mutability_t;
enum wasm_mutability_enum {
  WASM_CONST,
  WASM_VAR,
};

/** Size limits of a memory (in pages) or a table (in elements). */
typedef struct wasm_limits_t {
  uint32_t min;
  uint32_t max; /**< `wasm_limits_max_default` when there is no maximum. */
} wasm_limits_t;

/** The `max` of limits without a maximum. */
static const uint32_t wasm_limits_max_default = 0xffffffff;

/** The type of a value. */
WASM_DECLARE_TYPE(valtype)

/** The kind of a value type. */
typedef uint8_t wasm_valkind_t;
enum wasm_valkind_enum {
  WASM_I32,
  WASM_I64,
  WASM_F32,
  WASM_F64,
  WASM_EXTERNREF = 128,
  WASM_FUNCREF,
};

/** A value type of the given kind; NULL for a kind that does not exist. */
WASM_API_EXTERN own wasm_valtype_t* wasm_valtype_new(wasm_valkind_t);
WASM_API_EXTERN wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t*);

/** Whether a kind is a number type (including `ZWASM_V128`). */
static inline bool wasm_valkind_is_num(wasm_valkind_t k) {
  return k < WASM_EXTERNREF;
}
/** Whether a kind is a reference type. */
static inline bool wasm_valkind_is_ref(wasm_valkind_t k) {
  return k >= WASM_EXTERNREF;
}
static inline bool wasm_valtype_is_num(const wasm_valtype_t* t) {
  return wasm_valkind_is_num(wasm_valtype_kind(t));
}
static inline bool wasm_valtype_is_ref(const wasm_valtype_t* t) {
  return wasm_valkind_is_ref(wasm_valtype_kind(t));
}

/** A function signature. */
WASM_DECLARE_TYPE(functype)

/** A signature from parameter and result types; takes both vectors over. */
WASM_API_EXTERN own wasm_functype_t* wasm_functype_new(
    own wasm_valtype_vec_t* params, own wasm_valtype_vec_t* results);
/** The parameter types (owned by the signature). */
WASM_API_EXTERN const wasm_valtype_vec_t* wasm_functype_params(const wasm_functype_t*);
/** The result types (owned by the signature). */
WASM_API_EXTERN const wasm_valtype_vec_t* wasm_functype_results(const wasm_functype_t*);

/** The type of a global: content type and mutability. */
WASM_DECLARE_TYPE(globaltype)

/** Takes the value type over. */
WASM_API_EXTERN own wasm_globaltype_t* wasm_globaltype_new(own wasm_valtype_t*,
                                                           wasm_mutability_t);
WASM_API_EXTERN const wasm_valtype_t* wasm_globaltype_content(const wasm_globaltype_t*);
WASM_API_EXTERN wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t*);

/** The type of a table: element type and limits. */
WASM_DECLARE_TYPE(tabletype)

/** Takes the element type over; the element type must be a reference. */
WASM_API_EXTERN own wasm_tabletype_t* wasm_tabletype_new(own wasm_valtype_t*,
                                                         const wasm_limits_t*);
WASM_API_EXTERN const wasm_valtype_t* wasm_tabletype_element(const wasm_tabletype_t*);
WASM_API_EXTERN const wasm_limits_t* wasm_tabletype_limits(const wasm_tabletype_t*);

/** The type of a linear memory: limits in 64 KiB pages. */
WASM_DECLARE_TYPE(memorytype)

WASM_API_EXTERN own wasm_memorytype_t* wasm_memorytype_new(const wasm_limits_t*);
WASM_API_EXTERN const wasm_limits_t* wasm_memorytype_limits(const wasm_memorytype_t*);

/**
 * The type of an exception tag: the signature of its payload. The engine
 * does not run the exception-handling proposal yet, so no module has tags;
 * the type itself can be built and inspected.
 */
WASM_DECLARE_TYPE(tagtype)

/** Takes the signature over. */
WASM_API_EXTERN own wasm_tagtype_t* wasm_tagtype_new(own wasm_functype_t*);
WASM_API_EXTERN const wasm_functype_t* wasm_tagtype_functype(const wasm_tagtype_t*);

/**
 * The type of anything that can be imported or exported. A function,
 * global, table, memory or tag type *is* an extern type: the conversions
 * below return the same object seen as the other type (no allocation), or
 * NULL when the kinds differ.
 */
WASM_DECLARE_TYPE(externtype)

typedef uint8_t wasm_externkind_t;
enum wasm_externkind_enum {
  WASM_EXTERN_FUNC,
  WASM_EXTERN_GLOBAL,
  WASM_EXTERN_TABLE,
  WASM_EXTERN_MEMORY,
  WASM_EXTERN_TAG,
};

WASM_API_EXTERN wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t*);

WASM_API_EXTERN wasm_externtype_t* wasm_functype_as_externtype(wasm_functype_t*);
WASM_API_EXTERN wasm_externtype_t* wasm_globaltype_as_externtype(wasm_globaltype_t*);
WASM_API_EXTERN wasm_externtype_t* wasm_tabletype_as_externtype(wasm_tabletype_t*);
WASM_API_EXTERN wasm_externtype_t* wasm_memorytype_as_externtype(wasm_memorytype_t*);
WASM_API_EXTERN wasm_externtype_t* wasm_tagtype_as_externtype(wasm_tagtype_t*);

WASM_API_EXTERN wasm_functype_t* wasm_externtype_as_functype(wasm_externtype_t*);
WASM_API_EXTERN wasm_globaltype_t* wasm_externtype_as_globaltype(wasm_externtype_t*);
WASM_API_EXTERN wasm_tabletype_t* wasm_externtype_as_tabletype(wasm_externtype_t*);
WASM_API_EXTERN wasm_memorytype_t* wasm_externtype_as_memorytype(wasm_externtype_t*);
WASM_API_EXTERN wasm_tagtype_t* wasm_externtype_as_tagtype(wasm_externtype_t*);

WASM_API_EXTERN const wasm_externtype_t* wasm_functype_as_externtype_const(const wasm_functype_t*);
WASM_API_EXTERN const wasm_externtype_t* wasm_globaltype_as_externtype_const(const wasm_globaltype_t*);
WASM_API_EXTERN const wasm_externtype_t* wasm_tabletype_as_externtype_const(const wasm_tabletype_t*);
WASM_API_EXTERN const wasm_externtype_t* wasm_memorytype_as_externtype_const(const wasm_memorytype_t*);
WASM_API_EXTERN const wasm_externtype_t* wasm_tagtype_as_externtype_const(const wasm_tagtype_t*);

WASM_API_EXTERN const wasm_functype_t* wasm_externtype_as_functype_const(const wasm_externtype_t*);
WASM_API_EXTERN const wasm_globaltype_t* wasm_externtype_as_globaltype_const(const wasm_externtype_t*);
WASM_API_EXTERN const wasm_tabletype_t* wasm_externtype_as_tabletype_const(const wasm_externtype_t*);
WASM_API_EXTERN const wasm_memorytype_t* wasm_externtype_as_memorytype_const(const wasm_externtype_t*);
WASM_API_EXTERN const wasm_tagtype_t* wasm_externtype_as_tagtype_const(const wasm_externtype_t*);

/** One import of a module: module name, item name and type. */
WASM_DECLARE_TYPE(importtype)

/** Takes all three over. */
WASM_API_EXTERN own wasm_importtype_t* wasm_importtype_new(own wasm_name_t* module,
                                                           own wasm_name_t* name,
                                                           own wasm_externtype_t*);
WASM_API_EXTERN const wasm_name_t* wasm_importtype_module(const wasm_importtype_t*);
WASM_API_EXTERN const wasm_name_t* wasm_importtype_name(const wasm_importtype_t*);
WASM_API_EXTERN const wasm_externtype_t* wasm_importtype_type(const wasm_importtype_t*);

/** One export of a module: name and type. */
WASM_DECLARE_TYPE(exporttype)

/** Takes both over. */
WASM_API_EXTERN own wasm_exporttype_t* wasm_exporttype_new(own wasm_name_t*,
                                                           own wasm_externtype_t*);
WASM_API_EXTERN const wasm_name_t* wasm_exporttype_name(const wasm_exporttype_t*);
WASM_API_EXTERN const wasm_externtype_t* wasm_exporttype_type(const wasm_exporttype_t*);

/* ------------------------------------------------------------------------ */
/* Values                                                                    */
/* ------------------------------------------------------------------------ */

struct wasm_ref_t;

/**
 * A value: its kind and, in the union member of that kind, its payload. A
 * value of a reference kind owns its `ref` (NULL is the null reference).
 * An `externref` may carry any reference-like object (a foreign object, a
 * function, ...); it comes back out of WebAssembly as the same object.
 */
typedef struct wasm_val_t {
  wasm_valkind_t kind;
  union {
    int32_t i32;
    int64_t i64;
    float32_t f32;
    float64_t f64;
    struct wasm_ref_t* ref;
  } of;
} wasm_val_t;

/** Releases the reference a value owns, if any. */
WASM_API_EXTERN void wasm_val_delete(own wasm_val_t* v);
/** Copies a value; a reference is copied as a new handle. */
WASM_API_EXTERN void wasm_val_copy(own wasm_val_t* out, const wasm_val_t*);

WASM_DECLARE_VEC(val, )

/* ------------------------------------------------------------------------ */
/* References                                                                */
/* ------------------------------------------------------------------------ */

/** Any reference-like object, seen generically. */
WASM_DECLARE_REF_BASE(ref)

/* ------------------------------------------------------------------------ */
/* Frames and traps                                                          */
/* ------------------------------------------------------------------------ */

/** One WebAssembly activation of a trap's stack trace. */
WASM_DECLARE_OWN(frame)
WASM_DECLARE_VEC(frame, *)

WASM_API_EXTERN own wasm_frame_t* wasm_frame_copy(const wasm_frame_t*);

/**
 * The instance the frame's function belongs to. The handle belongs to the
 * frame (do not delete it). NULL once the store is gone.
 */
WASM_API_EXTERN struct wasm_instance_t* wasm_frame_instance(const wasm_frame_t*);
/** The function's index in its module (imported functions first). */
WASM_API_EXTERN uint32_t wasm_frame_func_index(const wasm_frame_t*);
/** Byte offset of the instruction from the start of the function body. */
WASM_API_EXTERN size_t wasm_frame_func_offset(const wasm_frame_t*);
/** Byte offset of the instruction from the start of the module binary. */
WASM_API_EXTERN size_t wasm_frame_module_offset(const wasm_frame_t*);

/** A trap message: bytes followed by a NUL terminator that `size` counts. */
typedef wasm_name_t wasm_message_t;

/** A trap: why a computation stopped, and where. */
WASM_DECLARE_REF(trap)

/**
 * A trap with the given message (with or without a NUL terminator), for a
 * host function to return. It has no frames until WebAssembly code sees it.
 */
WASM_API_EXTERN own wasm_trap_t* wasm_trap_new(wasm_store_t* store, const wasm_message_t*);

/** The message, NUL-terminated (the terminator is counted in `size`). */
WASM_API_EXTERN void wasm_trap_message(const wasm_trap_t*, own wasm_message_t* out);
/** The innermost frame, or NULL when no WebAssembly code was running. */
WASM_API_EXTERN own wasm_frame_t* wasm_trap_origin(const wasm_trap_t*);
/** All frames, innermost first; empty when no WebAssembly code was running. */
WASM_API_EXTERN void wasm_trap_trace(const wasm_trap_t*, own wasm_frame_vec_t* out);

/* ------------------------------------------------------------------------ */
/* Foreign objects                                                           */
/* ------------------------------------------------------------------------ */

/**
 * An object of the host's, with no content but its identity and host info,
 * for passing host data through WebAssembly as an `externref`.
 */
WASM_DECLARE_REF(foreign)

WASM_API_EXTERN own wasm_foreign_t* wasm_foreign_new(wasm_store_t*);

/* ------------------------------------------------------------------------ */
/* Modules                                                                   */
/* ------------------------------------------------------------------------ */

/** A validated, compiled module. */
WASM_DECLARE_SHARABLE_REF(module)

/**
 * Decodes, validates and compiles a binary module for the store's engine;
 * NULL if it is malformed or invalid (the reason is in
 * `zwasm_last_error_message()`; `zwasm_module_new_ex` returns it).
 */
WASM_API_EXTERN own wasm_module_t* wasm_module_new(wasm_store_t*, const wasm_byte_vec_t* binary);

/** Whether a binary module is valid. */
WASM_API_EXTERN bool wasm_module_validate(wasm_store_t*, const wasm_byte_vec_t* binary);

/** The module's imports, in order. */
WASM_API_EXTERN void wasm_module_imports(const wasm_module_t*, own wasm_importtype_vec_t* out);
/** The module's exports, in order. */
WASM_API_EXTERN void wasm_module_exports(const wasm_module_t*, own wasm_exporttype_vec_t* out);

/**
 * A byte form of the module that `wasm_module_deserialize` reads back, in a
 * versioned format of zwasm's own (magic, format version, engine version,
 * checksum, then the module). On failure `out` is left empty.
 */
WASM_API_EXTERN void wasm_module_serialize(const wasm_module_t*, own wasm_byte_vec_t* out);
/**
 * A module from the bytes `wasm_module_serialize` produced. The header and
 * checksum are checked and the module is validated again; anything else
 * (corrupt, truncated, foreign bytes) gives NULL.
 */
WASM_API_EXTERN own wasm_module_t* wasm_module_deserialize(wasm_store_t*, const wasm_byte_vec_t*);

/* ------------------------------------------------------------------------ */
/* Functions                                                                 */
/* ------------------------------------------------------------------------ */

/** A function of a store: defined in WebAssembly or by the host. */
WASM_DECLARE_REF(func)

/**
 * A host function. `args` holds the arguments; `results` has room for
 * exactly the results, which the function must all set. Returning a trap
 * (made with `wasm_trap_new`, given over to the caller) stops the
 * computation with that trap; returning NULL means success.
 */
typedef own wasm_trap_t* (*wasm_func_callback_t)(const wasm_val_vec_t* args,
                                                 own wasm_val_vec_t* results);
/** A host function with an environment pointer, passed back as `env`. */
typedef own wasm_trap_t* (*wasm_func_callback_with_env_t)(void* env,
                                                          const wasm_val_vec_t* args,
                                                          wasm_val_vec_t* results);

WASM_API_EXTERN own wasm_func_t* wasm_func_new(wasm_store_t*, const wasm_functype_t*,
                                               wasm_func_callback_t);
/**
 * A host function with an environment. `finalizer` (which may be NULL) is
 * called with `env` once, when the store is deleted.
 */
WASM_API_EXTERN own wasm_func_t* wasm_func_new_with_env(wasm_store_t*,
                                                        const wasm_functype_t* type,
                                                        wasm_func_callback_with_env_t,
                                                        void* env,
                                                        void (*finalizer)(void*));

WASM_API_EXTERN own wasm_functype_t* wasm_func_type(const wasm_func_t*);
WASM_API_EXTERN size_t wasm_func_param_arity(const wasm_func_t*);
WASM_API_EXTERN size_t wasm_func_result_arity(const wasm_func_t*);

/**
 * Calls a function. `args` must match its parameters and `results` must
 * have room for exactly its results. Returns NULL on success, or a trap:
 * the function's own, or one describing wrong arguments.
 */
WASM_API_EXTERN own wasm_trap_t* wasm_func_call(const wasm_func_t*, const wasm_val_vec_t* args,
                                                wasm_val_vec_t* results);

/* ------------------------------------------------------------------------ */
/* Globals                                                                   */
/* ------------------------------------------------------------------------ */

WASM_DECLARE_REF(global)

/** A global of the given type and initial value (of the same kind). */
WASM_API_EXTERN own wasm_global_t* wasm_global_new(wasm_store_t*, const wasm_globaltype_t*,
                                                   const wasm_val_t*);
WASM_API_EXTERN own wasm_globaltype_t* wasm_global_type(const wasm_global_t*);
WASM_API_EXTERN void wasm_global_get(const wasm_global_t*, own wasm_val_t* out);
/** Sets a mutable global; a constant global or a value of another kind is
 *  refused (the global keeps its value; see `zwasm_last_error_message`). */
WASM_API_EXTERN void wasm_global_set(wasm_global_t*, const wasm_val_t*);

/* ------------------------------------------------------------------------ */
/* Tables                                                                    */
/* ------------------------------------------------------------------------ */

WASM_DECLARE_REF(table)

typedef uint32_t wasm_table_size_t;

/** A table whose elements all start as `init` (NULL: the null reference). */
WASM_API_EXTERN own wasm_table_t* wasm_table_new(wasm_store_t*, const wasm_tabletype_t*,
                                                 wasm_ref_t* init);
WASM_API_EXTERN own wasm_tabletype_t* wasm_table_type(const wasm_table_t*);
/** The element at `index`: NULL for a null element or an index past the end. */
WASM_API_EXTERN own wasm_ref_t* wasm_table_get(const wasm_table_t*, wasm_table_size_t index);
WASM_API_EXTERN bool wasm_table_set(wasm_table_t*, wasm_table_size_t index, wasm_ref_t*);
WASM_API_EXTERN wasm_table_size_t wasm_table_size(const wasm_table_t*);
WASM_API_EXTERN bool wasm_table_grow(wasm_table_t*, wasm_table_size_t delta, wasm_ref_t* init);

/* ------------------------------------------------------------------------ */
/* Memories                                                                  */
/* ------------------------------------------------------------------------ */

WASM_DECLARE_REF(memory)

typedef uint32_t wasm_memory_pages_t;

/** Bytes in a page of linear memory. */
static const size_t MEMORY_PAGE_SIZE = 0x10000;

WASM_API_EXTERN own wasm_memory_t* wasm_memory_new(wasm_store_t*, const wasm_memorytype_t*);
WASM_API_EXTERN own wasm_memorytype_t* wasm_memory_type(const wasm_memory_t*);
/**
 * The first byte of the memory. The address is stable while the memory
 * grows unless the engine could not reserve its whole range up front;
 * read it again after `wasm_memory_grow` or a call that may grow.
 */
WASM_API_EXTERN byte_t* wasm_memory_data(wasm_memory_t*);
WASM_API_EXTERN size_t wasm_memory_data_size(const wasm_memory_t*);
WASM_API_EXTERN wasm_memory_pages_t wasm_memory_size(const wasm_memory_t*);
WASM_API_EXTERN bool wasm_memory_grow(wasm_memory_t*, wasm_memory_pages_t delta);

/* ------------------------------------------------------------------------ */
/* Externals                                                                 */
/* ------------------------------------------------------------------------ */

/**
 * A function, global, table or memory seen generically, as instances import
 * and export them. The conversions return the same handle seen as the other
 * type, or NULL when the kinds differ.
 */
WASM_DECLARE_REF(extern)
WASM_DECLARE_VEC(extern, *)

WASM_API_EXTERN wasm_externkind_t wasm_extern_kind(const wasm_extern_t*);
WASM_API_EXTERN own wasm_externtype_t* wasm_extern_type(const wasm_extern_t*);

WASM_API_EXTERN wasm_extern_t* wasm_func_as_extern(wasm_func_t*);
WASM_API_EXTERN wasm_extern_t* wasm_global_as_extern(wasm_global_t*);
WASM_API_EXTERN wasm_extern_t* wasm_table_as_extern(wasm_table_t*);
WASM_API_EXTERN wasm_extern_t* wasm_memory_as_extern(wasm_memory_t*);

WASM_API_EXTERN wasm_func_t* wasm_extern_as_func(wasm_extern_t*);
WASM_API_EXTERN wasm_global_t* wasm_extern_as_global(wasm_extern_t*);
WASM_API_EXTERN wasm_table_t* wasm_extern_as_table(wasm_extern_t*);
WASM_API_EXTERN wasm_memory_t* wasm_extern_as_memory(wasm_extern_t*);

WASM_API_EXTERN const wasm_extern_t* wasm_func_as_extern_const(const wasm_func_t*);
WASM_API_EXTERN const wasm_extern_t* wasm_global_as_extern_const(const wasm_global_t*);
WASM_API_EXTERN const wasm_extern_t* wasm_table_as_extern_const(const wasm_table_t*);
WASM_API_EXTERN const wasm_extern_t* wasm_memory_as_extern_const(const wasm_memory_t*);

WASM_API_EXTERN const wasm_func_t* wasm_extern_as_func_const(const wasm_extern_t*);
WASM_API_EXTERN const wasm_global_t* wasm_extern_as_global_const(const wasm_extern_t*);
WASM_API_EXTERN const wasm_table_t* wasm_extern_as_table_const(const wasm_extern_t*);
WASM_API_EXTERN const wasm_memory_t* wasm_extern_as_memory_const(const wasm_extern_t*);

/* ------------------------------------------------------------------------ */
/* Instances                                                                 */
/* ------------------------------------------------------------------------ */

WASM_DECLARE_REF(instance)

/**
 * Instantiates a module with `imports` given in the order of the module's
 * imports. On failure returns NULL and, when `trap` is not NULL, stores a
 * trap there (given over to the caller) whose message says why: a missing
 * or mistyped import, or a trap of the start function or of a segment.
 */
WASM_API_EXTERN own wasm_instance_t* wasm_instance_new(wasm_store_t*, const wasm_module_t*,
                                                       const wasm_extern_vec_t* imports,
                                                       own wasm_trap_t** trap);

/** The instance's exports, in the module's order. */
WASM_API_EXTERN void wasm_instance_exports(const wasm_instance_t*, own wasm_extern_vec_t* out);

/* ------------------------------------------------------------------------ */
/* Convenience                                                               */
/* ------------------------------------------------------------------------ */

/** An empty vector initializer. */
#define WASM_EMPTY_VEC {0, NULL}
/** A vector initializer over a C array (borrowed, not owned). */
#define WASM_ARRAY_VEC(array) {sizeof(array) / sizeof(*(array)), array}

static inline own wasm_valtype_t* wasm_valtype_new_i32(void) {
  return wasm_valtype_new(WASM_I32);
}
static inline own wasm_valtype_t* wasm_valtype_new_i64(void) {
  return wasm_valtype_new(WASM_I64);
}
static inline own wasm_valtype_t* wasm_valtype_new_f32(void) {
  return wasm_valtype_new(WASM_F32);
}
static inline own wasm_valtype_t* wasm_valtype_new_f64(void) {
  return wasm_valtype_new(WASM_F64);
}
static inline own wasm_valtype_t* wasm_valtype_new_externref(void) {
  return wasm_valtype_new(WASM_EXTERNREF);
}
static inline own wasm_valtype_t* wasm_valtype_new_funcref(void) {
  return wasm_valtype_new(WASM_FUNCREF);
}

/* Signatures of up to three parameters and two results, built from owned
 * value types: wasm_functype_new_<params>_<results>(params..., results...). */

/** Builds a signature from arrays of owned value types. */
static inline own wasm_functype_t* wasm_functype_from_arrays_(size_t np, wasm_valtype_t** ps,
                                                               size_t nr, wasm_valtype_t** rs) {
  wasm_valtype_vec_t params, results;
  if (np == 0) {
    wasm_valtype_vec_new_empty(&params);
  } else {
    wasm_valtype_vec_new(&params, np, ps);
  }
  if (nr == 0) {
    wasm_valtype_vec_new_empty(&results);
  } else {
    wasm_valtype_vec_new(&results, nr, rs);
  }
  return wasm_functype_new(&params, &results);
}

static inline own wasm_functype_t* wasm_functype_new_0_0(void) {
  return wasm_functype_from_arrays_(0, NULL, 0, NULL);
}
static inline own wasm_functype_t* wasm_functype_new_1_0(own wasm_valtype_t* p) {
  wasm_valtype_t* ps[1] = {p};
  return wasm_functype_from_arrays_(1, ps, 0, NULL);
}
static inline own wasm_functype_t* wasm_functype_new_2_0(own wasm_valtype_t* p1,
                                                         own wasm_valtype_t* p2) {
  wasm_valtype_t* ps[2] = {p1, p2};
  return wasm_functype_from_arrays_(2, ps, 0, NULL);
}
static inline own wasm_functype_t* wasm_functype_new_3_0(own wasm_valtype_t* p1,
                                                         own wasm_valtype_t* p2,
                                                         own wasm_valtype_t* p3) {
  wasm_valtype_t* ps[3] = {p1, p2, p3};
  return wasm_functype_from_arrays_(3, ps, 0, NULL);
}
static inline own wasm_functype_t* wasm_functype_new_0_1(own wasm_valtype_t* r) {
  wasm_valtype_t* rs[1] = {r};
  return wasm_functype_from_arrays_(0, NULL, 1, rs);
}
static inline own wasm_functype_t* wasm_functype_new_1_1(own wasm_valtype_t* p,
                                                         own wasm_valtype_t* r) {
  wasm_valtype_t* ps[1] = {p};
  wasm_valtype_t* rs[1] = {r};
  return wasm_functype_from_arrays_(1, ps, 1, rs);
}
static inline own wasm_functype_t* wasm_functype_new_2_1(own wasm_valtype_t* p1,
                                                         own wasm_valtype_t* p2,
                                                         own wasm_valtype_t* r) {
  wasm_valtype_t* ps[2] = {p1, p2};
  wasm_valtype_t* rs[1] = {r};
  return wasm_functype_from_arrays_(2, ps, 1, rs);
}
static inline own wasm_functype_t* wasm_functype_new_3_1(own wasm_valtype_t* p1,
                                                         own wasm_valtype_t* p2,
                                                         own wasm_valtype_t* p3,
                                                         own wasm_valtype_t* r) {
  wasm_valtype_t* ps[3] = {p1, p2, p3};
  wasm_valtype_t* rs[1] = {r};
  return wasm_functype_from_arrays_(3, ps, 1, rs);
}
static inline own wasm_functype_t* wasm_functype_new_0_2(own wasm_valtype_t* r1,
                                                         own wasm_valtype_t* r2) {
  wasm_valtype_t* rs[2] = {r1, r2};
  return wasm_functype_from_arrays_(0, NULL, 2, rs);
}
static inline own wasm_functype_t* wasm_functype_new_1_2(own wasm_valtype_t* p,
                                                         own wasm_valtype_t* r1,
                                                         own wasm_valtype_t* r2) {
  wasm_valtype_t* ps[1] = {p};
  wasm_valtype_t* rs[2] = {r1, r2};
  return wasm_functype_from_arrays_(1, ps, 2, rs);
}
static inline own wasm_functype_t* wasm_functype_new_2_2(own wasm_valtype_t* p1,
                                                         own wasm_valtype_t* p2,
                                                         own wasm_valtype_t* r1,
                                                         own wasm_valtype_t* r2) {
  wasm_valtype_t* ps[2] = {p1, p2};
  wasm_valtype_t* rs[2] = {r1, r2};
  return wasm_functype_from_arrays_(2, ps, 2, rs);
}
static inline own wasm_functype_t* wasm_functype_new_3_2(own wasm_valtype_t* p1,
                                                         own wasm_valtype_t* p2,
                                                         own wasm_valtype_t* p3,
                                                         own wasm_valtype_t* r1,
                                                         own wasm_valtype_t* r2) {
  wasm_valtype_t* ps[3] = {p1, p2, p3};
  wasm_valtype_t* rs[2] = {r1, r2};
  return wasm_functype_from_arrays_(3, ps, 2, rs);
}

/** Stores a host pointer in a value of the pointer-sized integer kind. */
static inline void wasm_val_init_ptr(own wasm_val_t* out, void* p) {
#if UINTPTR_MAX == UINT32_MAX
  out->kind = WASM_I32;
  out->of.i32 = (int32_t)(intptr_t)p;
#else
  out->kind = WASM_I64;
  out->of.i64 = (int64_t)(intptr_t)p;
#endif
}

/** The host pointer stored by `wasm_val_init_ptr`. */
static inline void* wasm_val_ptr(const wasm_val_t* val) {
#if UINTPTR_MAX == UINT32_MAX
  return (void*)(intptr_t)val->of.i32;
#else
  return (void*)(intptr_t)val->of.i64;
#endif
}

/* Value initializers: `wasm_val_t v = WASM_I32_VAL(7);` */
#define WASM_I32_VAL(i) {.kind = WASM_I32, .of = {.i32 = i}}
#define WASM_I64_VAL(i) {.kind = WASM_I64, .of = {.i64 = i}}
#define WASM_F32_VAL(z) {.kind = WASM_F32, .of = {.f32 = z}}
#define WASM_F64_VAL(z) {.kind = WASM_F64, .of = {.f64 = z}}
#define WASM_REF_VAL(r) {.kind = WASM_EXTERNREF, .of = {.ref = r}}
#define WASM_INIT_VAL {.kind = WASM_EXTERNREF, .of = {.ref = NULL}}

#undef own

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WASM_H */
