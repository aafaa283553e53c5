/* multi: functions with several results, in WebAssembly and in the host. */
#include "example.h"

/* The host returns two values: quotient and remainder. */
static wasm_trap_t* divmod(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  int32_t a = args->data[0].of.i32, b = args->data[1].of.i32;
  if (b == 0) {
    const char* text = "divmod by zero";
    return zwasm_trap_new(text, strlen(text));
  }
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = a / b;
  results->data[1].kind = WASM_I32;
  results->data[1].of.i32 = a % b;
  return NULL;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = compile_wat(store,
      "(module"
      "  (import \"\" \"divmod\" (func $divmod (param i32 i32) (result i32 i32)))"
      "  (func (export \"stats\") (param i32 i32) (result i32 i32 i64)"
      "    (call $divmod (local.get 0) (local.get 1))"
      "    (i64.mul (i64.extend_i32_s (local.get 0)) (i64.extend_i32_s (local.get 1)))))");
  wasm_functype_t* type = wasm_functype_new_2_2(wasm_valtype_new_i32(), wasm_valtype_new_i32(),
                                                wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* host = wasm_func_new(store, type, divmod);
  wasm_functype_delete(type);
  wasm_extern_t* imports[] = {wasm_func_as_extern(host)};
  wasm_instance_t* instance = instantiate(store, module, imports, 1);
  wasm_extern_t* stats = get_export(module, instance, "stats");

  wasm_val_t args[2] = {WASM_I32_VAL(47), WASM_I32_VAL(5)};
  wasm_val_t results[3] = {WASM_INIT_VAL, WASM_INIT_VAL, WASM_INIT_VAL};
  wasm_val_vec_t arg_vec = WASM_ARRAY_VEC(args), result_vec = WASM_ARRAY_VEC(results);
  wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(stats), &arg_vec, &result_vec);
  if (trap) report_trap(trap, 1);
  printf("47 / 5 = %d remainder %d, product %lld\n", results[0].of.i32, results[1].of.i32,
         (long long)results[2].of.i64);

  args[1].of.i32 = 0;
  trap = wasm_func_call(wasm_extern_as_func(stats), &arg_vec, &result_vec);
  if (trap) report_trap(trap, 0);

  wasm_extern_delete(stats);
  wasm_instance_delete(instance);
  wasm_func_delete(host);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
