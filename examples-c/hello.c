/* hello: the smallest host program. Compile a module, give it a host
 * function to import, instantiate it and call its export.
 *
 *   cc hello.c -I include -L target/release -lzwasm -o hello
 */
#include <stdio.h>
#include <string.h>

#include "wasm.h"
#include "zwasm.h"

/* The host function the module imports: prints a greeting. */
static wasm_trap_t* hello(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  printf("Hello from the host!\n");
  return NULL;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);

  /* Real programs read a .wasm file; here the text format is turned into
   * a binary first. */
  const char* text =
      "(module"
      "  (import \"host\" \"hello\" (func $hello))"
      "  (func (export \"run\") call $hello))";
  wasm_byte_vec_t binary;
  zwasm_error_t* error = zwasm_wat2wasm(text, strlen(text), &binary);
  if (error) {
    fprintf(stderr, "bad module text: %s\n", zwasm_error_message(error));
    return 1;
  }
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (!module) {
    fprintf(stderr, "cannot compile: %s\n", zwasm_last_error_message());
    return 1;
  }

  /* Imports are given in the order the module declares them. */
  wasm_functype_t* type = wasm_functype_new_0_0();
  wasm_func_t* hello_func = wasm_func_new(store, type, hello);
  wasm_functype_delete(type);
  wasm_extern_t* imports[] = {wasm_func_as_extern(hello_func)};
  wasm_extern_vec_t import_vec = WASM_ARRAY_VEC(imports);
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wasm_instance_new(store, module, &import_vec, &trap);
  if (!instance) {
    fprintf(stderr, "cannot instantiate: %s\n", zwasm_last_error_message());
    wasm_trap_delete(trap);
    return 1;
  }

  /* Exports come in the module's order: "run" is the first. */
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  wasm_func_t* run = wasm_extern_as_func(exports.data[0]);
  wasm_val_vec_t no_args = WASM_EMPTY_VEC, no_results = WASM_EMPTY_VEC;
  trap = wasm_func_call(run, &no_args, &no_results);
  if (trap) {
    wasm_message_t message;
    wasm_trap_message(trap, &message);
    fprintf(stderr, "trap: %s\n", message.data);
    wasm_byte_vec_delete(&message);
    wasm_trap_delete(trap);
    return 1;
  }

  /* Everything created is deleted; the order does not matter. */
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_func_delete(hello_func);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
