/* Instances: instantiation with imports, exports, link errors that name
 * the import, traps during instantiation, the start function. */
#include "check.h"

static int started = 0;

static wasm_trap_t* on_start(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  started++;
  return NULL;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);

  wasm_module_t* module = module_from_wat(store,
      "(module"
      "  (import \"env\" \"started\" (func $started))"
      "  (import \"env\" \"memory\" (memory 1))"
      "  (global $count (mut i32) (i32.const 0))"
      "  (func $start call $started (global.set $count (i32.const 5)))"
      "  (start $start)"
      "  (func (export \"count\") (result i32) global.get $count)"
      "  (export \"memory\" (memory 0)))");

  wasm_functype_t* t = wasm_functype_new_0_0();
  wasm_func_t* started_fn = wasm_func_new(store, t, on_start);
  wasm_functype_delete(t);
  wasm_limits_t limits = {1, 4};
  wasm_memorytype_t* mt = wasm_memorytype_new(&limits);
  wasm_memory_t* memory = wasm_memory_new(store, mt);
  wasm_memorytype_delete(mt);

  /* missing imports are named */
  wasm_extern_t* one[1] = {wasm_func_as_extern(started_fn)};
  wasm_extern_vec_t short_imports = WASM_ARRAY_VEC(one);
  wasm_trap_t* trap = NULL;
  CHECK(wasm_instance_new(store, module, &short_imports, &trap) == NULL);
  CHECK(trap && trap_says(trap, "missing import `env::memory` (memory)"));
  wasm_trap_delete(trap);
  wasm_instance_t* out = NULL;
  zwasm_error_t* error = zwasm_instance_new_ex(store, module, &short_imports, &out);
  CHECK(error && out == NULL && zwasm_error_kind(error) == ZWASM_ERROR_LINK);
  CHECK(strstr(zwasm_error_message(error), "env::memory") != NULL);
  CHECK(zwasm_error_trap(error) == NULL);
  zwasm_error_delete(error);

  /* wrong types are named too */
  wasm_extern_t* swapped[2] = {wasm_memory_as_extern(memory), wasm_func_as_extern(started_fn)};
  wasm_extern_vec_t bad_imports = WASM_ARRAY_VEC(swapped);
  CHECK(wasm_instance_new(store, module, &bad_imports, NULL) == NULL);
  CHECK(last_error_says("env::started"));

  /* a NULL import */
  wasm_extern_t* holes[2] = {wasm_func_as_extern(started_fn), NULL};
  wasm_extern_vec_t hole_imports = WASM_ARRAY_VEC(holes);
  CHECK(wasm_instance_new(store, module, &hole_imports, NULL) == NULL);
  CHECK(last_error_says("`env::memory` (memory): it is NULL"));
  CHECK(started == 0);

  /* the right imports: the start function runs once */
  wasm_extern_t* good[2] = {wasm_func_as_extern(started_fn), wasm_memory_as_extern(memory)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(good);
  trap = (wasm_trap_t*)&trap;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, &trap);
  CHECK(instance != NULL && trap == NULL && started == 1);

  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 2);
  CHECK(wasm_extern_kind(exports.data[0]) == WASM_EXTERN_FUNC);
  CHECK(wasm_extern_kind(exports.data[1]) == WASM_EXTERN_MEMORY);
  /* the exported memory is the imported one */
  CHECK(wasm_memory_same(wasm_extern_as_memory(exports.data[1]), memory));
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t none = WASM_EMPTY_VEC, results = WASM_ARRAY_VEC(r);
  CHECK_NO_TRAP(wasm_func_call(wasm_extern_as_func(exports.data[0]), &none, &results));
  CHECK(r[0].of.i32 == 5);
  wasm_extern_vec_delete(&exports);

  /* a second instance of the same module, through zwasm_instance_new_ex */
  wasm_instance_t* second = NULL;
  CHECK(zwasm_instance_new_ex(store, module, &imports, &second) == NULL && second != NULL);
  CHECK(!wasm_instance_same(second, instance) && started == 2);
  wasm_instance_t* copy = wasm_instance_copy(second);
  CHECK(wasm_instance_same(copy, second));
  wasm_instance_delete(copy);
  wasm_instance_delete(second);

  /* a trap during instantiation: an out-of-bounds data segment */
  wasm_module_t* oob = module_from_wat(store, "(module (memory 1) (data (i32.const 65535) \"ab\"))");
  trap = NULL;
  CHECK(wasm_instance_new(store, oob, NULL, &trap) == NULL);
  CHECK(trap && trap_says(trap, "out of bounds memory access"));
  wasm_trap_delete(trap);
  error = zwasm_instance_new_ex(store, oob, NULL, &out);
  CHECK(error && zwasm_error_kind(error) == ZWASM_ERROR_TRAP);
  wasm_trap_t* inner = zwasm_error_trap(error);
  CHECK(inner && trap_says(inner, "out of bounds memory access"));
  zwasm_trap_code_t code;
  CHECK(zwasm_trap_code(inner, &code) && code == ZWASM_TRAP_MEMORY_OUT_OF_BOUNDS);
  wasm_trap_delete(inner);
  zwasm_error_delete(error);
  wasm_module_delete(oob);

  /* a trapping start function reports its frame */
  wasm_module_t* bad_start = module_from_wat(store, "(module (func $s unreachable) (start $s))");
  trap = NULL;
  CHECK(wasm_instance_new(store, bad_start, NULL, &trap) == NULL);
  CHECK(trap && trap_says(trap, "unreachable"));
  wasm_frame_t* origin = wasm_trap_origin(trap);
  CHECK(origin && wasm_frame_func_index(origin) == 0);
  wasm_frame_delete(origin);
  wasm_trap_delete(trap);
  wasm_module_delete(bad_start);

  /* modules and stores of different engines do not mix */
  wasm_engine_t* other_engine = wasm_engine_new();
  wasm_store_t* other_store = wasm_store_new(other_engine);
  CHECK(wasm_instance_new(other_store, module, &imports, NULL) == NULL);
  CHECK(last_error_says("another store") || last_error_says("different engines"));
  wasm_store_delete(other_store);
  wasm_engine_delete(other_engine);
  CHECK(wasm_instance_new(NULL, module, &imports, NULL) == NULL);
  CHECK(wasm_instance_new(store, NULL, &imports, NULL) == NULL);

  wasm_instance_delete(instance);
  wasm_memory_delete(memory);
  wasm_func_delete(started_fn);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("ok\n");
  return 0;
}
