/* trap: a trap deep in WebAssembly code, with its stack trace: function
 * indices and names, offsets, and the instance of each frame. */
#include "example.h"

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = compile_wat(store,
      "(module $game_logic"
      "  (func $average (param $total i32) (param $count i32) (result i32)"
      "    (i32.div_u (local.get $total) (local.get $count)))"
      "  (func $score (param i32) (result i32) (call $average (i32.const 100) (local.get 0)))"
      "  (func (export \"update\") (param i32) (result i32) (call $score (local.get 0))))");
  wasm_instance_t* instance = instantiate(store, module, NULL, 0);
  wasm_extern_t* update = get_export(module, instance, "update");

  wasm_val_t args[1] = {WASM_I32_VAL(0)}; /* a division by zero ahead */
  wasm_val_t results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t arg_vec = WASM_ARRAY_VEC(args), result_vec = WASM_ARRAY_VEC(results);
  wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(update), &arg_vec, &result_vec);
  if (!trap) {
    fprintf(stderr, "expected a trap\n");
    return 1;
  }

  wasm_message_t message;
  wasm_trap_message(trap, &message);
  printf("trap: %s\n", message.data);
  wasm_byte_vec_delete(&message);

  zwasm_trap_code_t code;
  if (zwasm_trap_code(trap, &code)) {
    printf("code: %s\n", code == ZWASM_TRAP_INTEGER_DIVIDE_BY_ZERO ? "integer divide by zero" : "other");
  }

  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  for (size_t i = 0; i < trace.size; i++) {
    const wasm_frame_t* frame = trace.data[i];
    wasm_name_t name;
    zwasm_frame_func_name(frame, &name);
    printf("  #%zu %.*s (function %u) at module offset 0x%zx, function offset 0x%zx, same instance: %s\n", i,
           (int)name.size, name.data, wasm_frame_func_index(frame), wasm_frame_module_offset(frame),
           wasm_frame_func_offset(frame), wasm_instance_same(wasm_frame_instance(frame), instance) ? "yes" : "no");
    wasm_byte_vec_delete(&name);
  }
  wasm_frame_vec_delete(&trace);
  wasm_trap_delete(trap);

  /* The store is still usable after a trap. */
  args[0].of.i32 = 4;
  trap = wasm_func_call(wasm_extern_as_func(update), &arg_vec, &result_vec);
  if (trap) report_trap(trap, 1);
  printf("update(4) = %d\n", results[0].of.i32);

  wasm_extern_delete(update);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
