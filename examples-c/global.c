/* global: globals shared between the host and a module, in both
 * directions: one the host creates and the module imports, one the module
 * exports. */
#include "example.h"

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = compile_wat(store,
      "(module"
      "  (import \"host\" \"scale\" (global $scale (mut f64)))"
      "  (global $count (export \"count\") (mut i32) (i32.const 0))"
      "  (func (export \"scaled\") (param f64) (result f64)"
      "    (global.set $count (i32.add (global.get $count) (i32.const 1)))"
      "    (f64.mul (local.get 0) (global.get $scale))))");

  wasm_globaltype_t* type = wasm_globaltype_new(wasm_valtype_new_f64(), WASM_VAR);
  wasm_val_t initial = WASM_F64_VAL(2.0);
  wasm_global_t* scale = wasm_global_new(store, type, &initial);
  wasm_globaltype_delete(type);

  wasm_extern_t* imports[] = {wasm_global_as_extern(scale)};
  wasm_instance_t* instance = instantiate(store, module, imports, 1);
  wasm_extern_t* count = get_export(module, instance, "count");
  wasm_extern_t* scaled = get_export(module, instance, "scaled");

  for (int i = 1; i <= 3; i++) {
    wasm_val_t factor = WASM_F64_VAL(i * 1.5);
    wasm_global_set(scale, &factor); /* the host changes the module's input */
    wasm_val_t args[1] = {WASM_F64_VAL(10.0)};
    wasm_val_t results[1] = {WASM_INIT_VAL};
    wasm_val_vec_t arg_vec = WASM_ARRAY_VEC(args), result_vec = WASM_ARRAY_VEC(results);
    wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(scaled), &arg_vec, &result_vec);
    if (trap) report_trap(trap, 1);
    printf("10 * %.1f = %.1f\n", factor.of.f64, results[0].of.f64);
  }

  wasm_val_t calls;
  wasm_global_get(wasm_extern_as_global(count), &calls); /* the module's state */
  printf("the module counted %d calls\n", calls.of.i32);

  wasm_extern_delete(count);
  wasm_extern_delete(scaled);
  wasm_instance_delete(instance);
  wasm_global_delete(scale);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
