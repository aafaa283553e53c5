/* callback: host functions with arguments, results and an environment,
 * called from WebAssembly, and WebAssembly calling back into the host. */
#include "example.h"

/* A host function with an environment: a running total kept by the host. */
struct totals {
  long long sum;
  int calls;
};

static wasm_trap_t* accumulate(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  struct totals* totals = env;
  totals->sum += args->data[0].of.i64;
  totals->calls++;
  results->data[0].kind = WASM_I64;
  results->data[0].of.i64 = totals->sum;
  return NULL;
}

/* Called once, when the store that owns the function is deleted. */
static void release_totals(void* env) {
  struct totals* totals = env;
  printf("finalizer: %d calls, total %lld\n", totals->calls, totals->sum);
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = compile_wat(store,
      "(module"
      "  (import \"host\" \"accumulate\" (func $acc (param i64) (result i64)))"
      "  (func (export \"add_squares\") (param i32) (result i64)"
      "    (local $i i32) (local $last i64)"
      "    (loop $next"
      "      (local.set $i (i32.add (local.get $i) (i32.const 1)))"
      "      (local.set $last (call $acc (i64.extend_i32_u (i32.mul (local.get $i) (local.get $i)))))"
      "      (br_if $next (i32.lt_u (local.get $i) (local.get 0))))"
      "    (local.get $last)))");

  static struct totals totals = {0, 0};
  wasm_functype_t* type = wasm_functype_new_1_1(wasm_valtype_new_i64(), wasm_valtype_new_i64());
  wasm_func_t* acc = wasm_func_new_with_env(store, type, accumulate, &totals, release_totals);
  wasm_functype_delete(type);

  wasm_extern_t* imports[] = {wasm_func_as_extern(acc)};
  wasm_instance_t* instance = instantiate(store, module, imports, 1);
  wasm_extern_t* add_squares = get_export(module, instance, "add_squares");

  wasm_val_t args[1] = {WASM_I32_VAL(10)};
  wasm_val_t results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t arg_vec = WASM_ARRAY_VEC(args), result_vec = WASM_ARRAY_VEC(results);
  wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(add_squares), &arg_vec, &result_vec);
  if (trap) report_trap(trap, 1);
  printf("sum of the first 10 squares: %lld\n", (long long)results[0].of.i64);

  wasm_extern_delete(add_squares);
  wasm_instance_delete(instance);
  wasm_func_delete(acc);
  wasm_module_delete(module);
  wasm_store_delete(store); /* runs release_totals */
  wasm_engine_delete(engine);
  return 0;
}
