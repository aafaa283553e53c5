/* Helpers shared by the C tests: assertions that say where they failed,
 * and modules written in the text format. */
#ifndef ZWASM_CAPI_TEST_CHECK_H
#define ZWASM_CAPI_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm.h"
#include "zwasm.h"

/* Fails the test (exit code 1) when `cond` is false. */
#define CHECK(cond)                                                          \
  do {                                                                       \
    if (!(cond)) {                                                           \
      const char* last_ = zwasm_last_error_message();                        \
      fprintf(stderr, "%s:%d: check failed: %s\n  last error: %s\n",         \
              __FILE__, __LINE__, #cond, last_ ? last_ : "(none)");          \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

/* Fails the test unless `trap` is NULL (printing its message). */
#define CHECK_NO_TRAP(trap)                                                  \
  do {                                                                       \
    wasm_trap_t* t_ = (trap);                                                \
    if (t_) {                                                                \
      wasm_message_t m_;                                                     \
      wasm_trap_message(t_, &m_);                                            \
      fprintf(stderr, "%s:%d: unexpected trap: %s\n", __FILE__, __LINE__,    \
              m_.data);                                                      \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

/* Whether a name (not NUL-terminated) equals a C string. */
static inline int name_is(const wasm_name_t* name, const char* s) {
  return name && name->size == strlen(s) && memcmp(name->data, s, name->size) == 0;
}

/* Whether a trap's message contains `part`; deletes nothing. */
static inline int trap_says(const wasm_trap_t* trap, const char* part) {
  wasm_message_t m;
  wasm_trap_message(trap, &m);
  int found = m.size > 0 && m.data[m.size - 1] == '\0' && strstr(m.data, part) != NULL;
  if (!found) fprintf(stderr, "trap message: %.*s\n", (int)m.size, m.data);
  wasm_byte_vec_delete(&m);
  return found;
}

/* Whether the last error message contains `part`. */
static inline int last_error_says(const char* part) {
  const char* m = zwasm_last_error_message();
  if (!m || !strstr(m, part)) {
    fprintf(stderr, "last error: %s (wanted \"%s\")\n", m ? m : "(none)", part);
    return 0;
  }
  return 1;
}

/* A binary module from the text format (owned by the caller). */
static inline void wat(const char* text, wasm_byte_vec_t* out) {
  zwasm_error_t* e = zwasm_wat2wasm(text, strlen(text), out);
  if (e) {
    fprintf(stderr, "bad test module: %s\n", zwasm_error_message(e));
    exit(1);
  }
}

/* Compiles a module from the text format with wasm_module_new. */
static inline wasm_module_t* module_from_wat(wasm_store_t* store, const char* text) {
  wasm_byte_vec_t binary;
  wat(text, &binary);
  wasm_module_t* m = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  CHECK(m != NULL);
  return m;
}

/* Instantiates a module that has no imports. */
static inline wasm_instance_t* instantiate(wasm_store_t* store, wasm_module_t* module) {
  wasm_extern_vec_t imports = WASM_EMPTY_VEC;
  wasm_trap_t* trap = NULL;
  wasm_instance_t* i = wasm_instance_new(store, module, &imports, &trap);
  CHECK_NO_TRAP(trap);
  CHECK(i != NULL);
  return i;
}

/* The export at `index` of an instance (a new handle). */
static inline wasm_extern_t* export_at(const wasm_instance_t* instance, size_t index) {
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(index < exports.size);
  wasm_extern_t* e = wasm_extern_copy(exports.data[index]);
  wasm_extern_vec_delete(&exports);
  return e;
}

#endif
