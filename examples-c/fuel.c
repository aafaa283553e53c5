/* fuel: bounding how long untrusted code runs. Fuel is spent on function
 * entries and loop iterations; when it runs out, the call traps and the
 * host decides whether to refill. An interrupt handle stops a call from
 * another thread. */
#include "example.h"

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = compile_wat(store,
      "(module (func (export \"count\") (param i32) (result i32)"
      "  (local $n i32)"
      "  (block $done (loop $next"
      "    (br_if $done (i32.ge_u (local.get $n) (local.get 0)))"
      "    (local.set $n (i32.add (local.get $n) (i32.const 1)))"
      "    (br $next)))"
      "  (local.get $n)))");
  wasm_instance_t* instance = instantiate(store, module, NULL, 0);
  wasm_extern_t* count = get_export(module, instance, "count");

  zwasm_store_set_fuel(store, 10000); /* a budget per frame, say */
  int32_t targets[] = {5000, 50000};
  for (int i = 0; i < 2; i++) {
    wasm_val_t args[1] = {WASM_I32_VAL(targets[i])};
    wasm_val_t results[1] = {WASM_INIT_VAL};
    wasm_val_vec_t arg_vec = WASM_ARRAY_VEC(args), result_vec = WASM_ARRAY_VEC(results);
    wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(count), &arg_vec, &result_vec);
    uint64_t left = 0;
    zwasm_store_get_fuel(store, &left);
    if (trap) {
      printf("count(%d): ", targets[i]);
      report_trap(trap, 0);
    } else {
      printf("count(%d) = %d, fuel left %llu\n", targets[i], results[0].of.i32, (unsigned long long)left);
    }
  }

  /* Refill and go on: the store was not harmed by the trap. */
  zwasm_store_add_fuel(store, 100000);
  wasm_val_t args[1] = {WASM_I32_VAL(50000)};
  wasm_val_t results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t arg_vec = WASM_ARRAY_VEC(args), result_vec = WASM_ARRAY_VEC(results);
  wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(count), &arg_vec, &result_vec);
  if (trap) report_trap(trap, 1);
  printf("after refilling: count(50000) = %d\n", results[0].of.i32);

  /* An interrupt (from any thread; here before the call) stops it. */
  zwasm_store_disable_fuel(store);
  zwasm_interrupt_handle_t* handle = zwasm_interrupt_handle_new(store);
  zwasm_interrupt_handle_interrupt(handle);
  args[0].of.i32 = 2000000000;
  trap = wasm_func_call(wasm_extern_as_func(count), &arg_vec, &result_vec);
  if (trap) report_trap(trap, 0);
  zwasm_interrupt_handle_delete(handle);

  wasm_extern_delete(count);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
