/* Small helpers shared by the examples, to keep each one about its topic:
 * compiling text-format modules, reporting traps, finding exports. */
#ifndef ZWASM_EXAMPLE_H
#define ZWASM_EXAMPLE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm.h"
#include "zwasm.h"

/* Compiles a module written in the text format; exits on error. */
static inline wasm_module_t* compile_wat(wasm_store_t* store, const char* text) {
  wasm_module_t* module = NULL;
  zwasm_error_t* error = zwasm_module_new_wat(store, text, strlen(text), &module);
  if (error) {
    fprintf(stderr, "cannot compile: %s\n", zwasm_error_message(error));
    zwasm_error_delete(error);
    exit(1);
  }
  return module;
}

/* Prints a trap's message and deletes it; exits when `fatal`. */
static inline void report_trap(wasm_trap_t* trap, int fatal) {
  wasm_message_t message;
  wasm_trap_message(trap, &message);
  printf("trap: %s\n", message.data);
  wasm_byte_vec_delete(&message);
  wasm_trap_delete(trap);
  if (fatal) exit(1);
}

/* Instantiates a module; exits on error. */
static inline wasm_instance_t* instantiate(wasm_store_t* store, wasm_module_t* module,
                                           wasm_extern_t* const* imports, size_t count) {
  wasm_extern_vec_t vec = {count, (wasm_extern_t**)imports};
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wasm_instance_new(store, module, &vec, &trap);
  if (!instance) {
    fprintf(stderr, "cannot instantiate: %s\n", zwasm_last_error_message());
    if (trap) report_trap(trap, 1);
    exit(1);
  }
  return instance;
}

/* The export called `name` of an instance of `module` (a new handle). */
static inline wasm_extern_t* get_export(wasm_module_t* module, wasm_instance_t* instance, const char* name) {
  wasm_exporttype_vec_t types;
  wasm_extern_vec_t exports;
  wasm_module_exports(module, &types);
  wasm_instance_exports(instance, &exports);
  wasm_extern_t* found = NULL;
  for (size_t i = 0; i < types.size; i++) {
    const wasm_name_t* n = wasm_exporttype_name(types.data[i]);
    if (n->size == strlen(name) && memcmp(n->data, name, n->size) == 0) {
      found = wasm_extern_copy(exports.data[i]);
    }
  }
  wasm_exporttype_vec_delete(&types);
  wasm_extern_vec_delete(&exports);
  if (!found) {
    fprintf(stderr, "no export named %s\n", name);
    exit(1);
  }
  return found;
}

#endif
