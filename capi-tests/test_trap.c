/* Traps and frames: messages, origin, trace with function index, offsets
 * and instance; zwasm's trap codes and frame names. */
#include "check.h"

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);

  /* a trap made by the host */
  wasm_message_t message;
  wasm_name_new_from_string_nt(&message, "made here");
  wasm_trap_t* trap = wasm_trap_new(store, &message);
  wasm_byte_vec_delete(&message);
  wasm_message_t got;
  wasm_trap_message(trap, &got);
  CHECK(got.size == strlen("made here") + 1 && strcmp(got.data, "made here") == 0);
  wasm_byte_vec_delete(&got);
  CHECK(wasm_trap_origin(trap) == NULL);
  wasm_frame_vec_t frames;
  wasm_trap_trace(trap, &frames);
  CHECK(frames.size == 0);
  wasm_frame_vec_delete(&frames);
  zwasm_trap_code_t code = 99;
  CHECK(!zwasm_trap_code(trap, &code) && code == 99);
  wasm_trap_t* copy = wasm_trap_copy(trap);
  CHECK(wasm_trap_same(copy, trap) && trap_says(copy, "made here"));
  wasm_trap_delete(copy);
  wasm_trap_delete(trap);

  /* without the terminator, the message is the same */
  wasm_name_new_from_string(&message, "no terminator");
  trap = wasm_trap_new(store, &message);
  wasm_byte_vec_delete(&message);
  CHECK(trap_says(trap, "no terminator"));
  wasm_trap_delete(trap);
  CHECK(wasm_trap_new(store, NULL) == NULL);

  /* zwasm_trap_new needs no store */
  trap = zwasm_trap_new("without a store", strlen("without a store"));
  CHECK(trap && trap_says(trap, "without a store"));
  CHECK(wasm_trap_origin(trap) == NULL && !zwasm_trap_code(trap, &code));
  wasm_trap_delete(trap);
  trap = zwasm_trap_new(NULL, 0);
  CHECK(trap && trap_says(trap, ""));
  wasm_trap_delete(trap);
  CHECK(zwasm_trap_new(NULL, 3) == NULL);

  /* a trap in WebAssembly, three frames deep, with names */
  const char* text =
      "(module $demo"
      "  (func $helper (param i32) (result i32)"
      "    (i32.div_s (i32.const 1) (local.get 0)))"
      "  (func $middle (param i32) (result i32) (call $helper (local.get 0)))"
      "  (func $entry (export \"entry\") (param i32) (result i32)"
      "    (i32.add (i32.const 1) (call $middle (local.get 0)))))";
  wasm_byte_vec_t binary;
  wat(text, &binary);
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_instance_t* instance = instantiate(store, module);
  wasm_extern_t* entry = export_at(instance, 0);

  wasm_val_t a[1] = {WASM_I32_VAL(0)}, r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
  trap = wasm_func_call(wasm_extern_as_func(entry), &args, &results);
  CHECK(trap && trap_says(trap, "integer divide by zero"));
  CHECK(zwasm_trap_code(trap, &code) && code == ZWASM_TRAP_INTEGER_DIVIDE_BY_ZERO);

  wasm_trap_trace(trap, &frames);
  CHECK(frames.size == 3);
  uint32_t expect_index[3] = {0, 1, 2};
  const char* expect_name[3] = {"helper", "middle", "entry"};
  for (size_t i = 0; i < 3; i++) {
    wasm_frame_t* f = frames.data[i];
    CHECK(wasm_frame_func_index(f) == expect_index[i]);
    /* offsets point into the function's body inside the module */
    size_t module_offset = wasm_frame_module_offset(f);
    CHECK(module_offset > wasm_frame_func_offset(f) && module_offset < binary.size);
    CHECK(wasm_frame_func_offset(f) > 0);
    wasm_name_t name;
    zwasm_frame_func_name(f, &name);
    CHECK(name_is(&name, expect_name[i]));
    wasm_byte_vec_delete(&name);
    zwasm_frame_module_name(f, &name);
    CHECK(name_is(&name, "demo"));
    wasm_byte_vec_delete(&name);
    /* every frame names the instance it ran in */
    wasm_instance_t* frame_instance = wasm_frame_instance(f);
    CHECK(frame_instance && wasm_instance_same(frame_instance, instance));
    CHECK(wasm_frame_instance(f) == frame_instance); /* owned by the frame */
  }
  /* the innermost instruction is the division: 0x6d */
  CHECK(binary.data[wasm_frame_module_offset(frames.data[0])] == 0x6d);
  wasm_frame_vec_delete(&frames);

  wasm_frame_t* origin = wasm_trap_origin(trap);
  CHECK(origin && wasm_frame_func_index(origin) == 0);
  wasm_frame_t* origin_copy = wasm_frame_copy(origin);
  CHECK(wasm_frame_module_offset(origin_copy) == wasm_frame_module_offset(origin));
  CHECK(wasm_instance_same(wasm_frame_instance(origin_copy), instance));
  wasm_frame_delete(origin);
  wasm_byte_vec_delete(&binary);

  /* frames outlive their store; the instance is then gone */
  wasm_extern_delete(entry);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  CHECK(wasm_frame_func_index(origin_copy) == 0); /* this frame's instance handle keeps the store */
  wasm_frame_delete(origin_copy);
  wasm_trap_trace(trap, &frames);
  CHECK(frames.size == 3);
  CHECK(wasm_frame_instance(frames.data[0]) == NULL);
  CHECK(last_error_says("no longer exists"));
  wasm_frame_vec_delete(&frames);
  wasm_trap_delete(trap);

  CHECK(wasm_frame_instance(NULL) == NULL);
  CHECK(wasm_frame_copy(NULL) == NULL);
  wasm_engine_delete(engine);
  printf("ok\n");
  return 0;
}
