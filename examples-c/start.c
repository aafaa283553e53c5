/* start: a module with a start function, which runs during instantiation;
 * a trap there makes instantiation fail with that trap. */
#include "example.h"

static wasm_trap_t* announce(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)results;
  printf("start function says: %d\n", args->data[0].of.i32);
  return NULL;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_functype_t* type = wasm_functype_new_1_0(wasm_valtype_new_i32());
  wasm_func_t* host = wasm_func_new(store, type, announce);
  wasm_functype_delete(type);
  wasm_extern_t* imports[] = {wasm_func_as_extern(host)};

  wasm_module_t* good = compile_wat(store,
      "(module (import \"\" \"announce\" (func $a (param i32)))"
      "  (func $init (call $a (i32.const 2024)))"
      "  (start $init))");
  printf("instantiating...\n");
  wasm_instance_t* instance = instantiate(store, good, imports, 1);
  printf("instantiated\n");

  wasm_module_t* bad = compile_wat(store,
      "(module (import \"\" \"announce\" (func $a (param i32)))"
      "  (func $init (call $a (i32.const 1)) unreachable)"
      "  (start $init))");
  wasm_extern_vec_t import_vec = {1, imports};
  wasm_trap_t* trap = NULL;
  wasm_instance_t* none = wasm_instance_new(store, bad, &import_vec, &trap);
  printf("second instance: %s\n", none ? "created" : "failed");
  if (trap) report_trap(trap, 0);

  wasm_instance_delete(instance);
  wasm_module_delete(good);
  wasm_module_delete(bad);
  wasm_func_delete(host);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
