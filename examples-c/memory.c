/* memory: reading and writing a module's linear memory from the host,
 * growing it, and what happens when WebAssembly goes out of bounds. */
#include "example.h"

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = compile_wat(store,
      "(module"
      "  (memory (export \"memory\") 1 3)"
      "  (func (export \"sum\") (param $ptr i32) (param $len i32) (result i32)"
      "    (local $total i32)"
      "    (block $done (loop $next"
      "      (br_if $done (i32.eqz (local.get $len)))"
      "      (local.set $total (i32.add (local.get $total) (i32.load8_u (local.get $ptr))))"
      "      (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))"
      "      (local.set $len (i32.sub (local.get $len) (i32.const 1)))"
      "      (br $next)))"
      "    (local.get $total)))");
  wasm_instance_t* instance = instantiate(store, module, NULL, 0);
  wasm_extern_t* memory_export = get_export(module, instance, "memory");
  wasm_extern_t* sum = get_export(module, instance, "sum");
  wasm_memory_t* memory = wasm_extern_as_memory(memory_export);

  /* The host writes bytes; WebAssembly adds them up. */
  byte_t* data = wasm_memory_data(memory);
  for (int i = 0; i < 100; i++) data[1000 + i] = (byte_t)(i + 1);
  wasm_val_t args[2] = {WASM_I32_VAL(1000), WASM_I32_VAL(100)};
  wasm_val_t results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t arg_vec = WASM_ARRAY_VEC(args), result_vec = WASM_ARRAY_VEC(results);
  wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(sum), &arg_vec, &result_vec);
  if (trap) report_trap(trap, 1);
  printf("sum of 1..100 computed in WebAssembly: %d\n", results[0].of.i32);

  /* Growing: the size is in 64 KiB pages, up to the maximum (3). */
  printf("pages: %u, bytes: %zu\n", wasm_memory_size(memory), wasm_memory_data_size(memory));
  printf("grow by 2: %s\n", wasm_memory_grow(memory, 2) ? "yes" : "no");
  /* A failure leaves its reason in zwasm_last_error_message(), valid until
   * the next failure on this thread: read it after the call. */
  bool grown = wasm_memory_grow(memory, 1);
  printf("grow by 1 more: %s (%s)\n", grown ? "yes" : "no", zwasm_last_error_message());
  printf("pages: %u\n", wasm_memory_size(memory));

  /* Reading past the end traps; the host's own memory is never touched. */
  args[0].of.i32 = 3 * 65536 - 10;
  args[1].of.i32 = 20;
  trap = wasm_func_call(wasm_extern_as_func(sum), &arg_vec, &result_vec);
  if (trap) report_trap(trap, 0);

  wasm_extern_delete(memory_export);
  wasm_extern_delete(sum);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
