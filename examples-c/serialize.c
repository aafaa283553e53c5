/* serialize: save a compiled module as bytes (e.g. to a cache file) and
 * load it back. Loading checks the bytes and validates the module again,
 * so corrupt or foreign data is refused. */
#include "example.h"

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = compile_wat(store,
      "(module (func (export \"answer\") (result i32) i32.const 42))");

  wasm_byte_vec_t bytes;
  wasm_module_serialize(module, &bytes);
  printf("serialized: %zu bytes\n", bytes.size);
  wasm_module_delete(module);

  wasm_module_t* loaded = wasm_module_deserialize(store, &bytes);
  if (!loaded) {
    fprintf(stderr, "cannot load: %s\n", zwasm_last_error_message());
    return 1;
  }
  wasm_instance_t* instance = instantiate(store, loaded, NULL, 0);
  wasm_extern_t* answer = get_export(loaded, instance, "answer");
  wasm_val_t results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t no_args = WASM_EMPTY_VEC, result_vec = WASM_ARRAY_VEC(results);
  wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(answer), &no_args, &result_vec);
  if (trap) report_trap(trap, 1);
  printf("loaded module answers %d\n", results[0].of.i32);

  /* A damaged copy is refused with a reason. */
  bytes.data[bytes.size - 3] ^= 0x40;
  wasm_module_t* damaged = wasm_module_deserialize(store, &bytes);
  printf("damaged copy: %s (%s)\n", damaged ? "loaded" : "refused", zwasm_last_error_message());

  wasm_byte_vec_delete(&bytes);
  wasm_extern_delete(answer);
  wasm_instance_delete(instance);
  wasm_module_delete(loaded);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
