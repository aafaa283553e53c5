/* Memories: creating, data, size, growing, sharing with WebAssembly. */
#include "check.h"

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);

  wasm_limits_t limits = {1, 3};
  wasm_memorytype_t* mt = wasm_memorytype_new(&limits);
  wasm_memory_t* memory = wasm_memory_new(store, mt);
  wasm_memorytype_delete(mt);
  CHECK(memory != NULL);
  CHECK(wasm_memory_size(memory) == 1 && wasm_memory_data_size(memory) == MEMORY_PAGE_SIZE);
  byte_t* data = wasm_memory_data(memory);
  CHECK(data != NULL && data[0] == 0 && data[MEMORY_PAGE_SIZE - 1] == 0);
  data[100] = 42;

  CHECK(wasm_memory_grow(memory, 2));
  CHECK(wasm_memory_size(memory) == 3 && wasm_memory_data_size(memory) == 3 * MEMORY_PAGE_SIZE);
  data = wasm_memory_data(memory);
  CHECK(data[100] == 42 && data[3 * MEMORY_PAGE_SIZE - 1] == 0);
  CHECK(!wasm_memory_grow(memory, 1));
  CHECK(last_error_says("cannot grow"));
  CHECK(wasm_memory_grow(memory, 0));

  wasm_memorytype_t* type = wasm_memory_type(memory);
  CHECK(wasm_memorytype_limits(type)->min == 3 && wasm_memorytype_limits(type)->max == 3);
  wasm_memorytype_delete(type);

  /* WebAssembly sees what the host wrote, and the host sees its writes */
  wasm_module_t* module = module_from_wat(store,
      "(module (import \"\" \"m\" (memory 1))"
      " (func (export \"bump\") (param i32) (i32.store8 (local.get 0)"
      "   (i32.add (i32.load8_u (local.get 0)) (i32.const 1))))"
      " (func (export \"grow\") (result i32) (memory.grow (i32.const 0))))");
  wasm_extern_t* imports_arr[1] = {wasm_memory_as_extern(memory)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_arr);
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  CHECK(instance != NULL);
  wasm_extern_t* bump = export_at(instance, 0);
  wasm_val_t a[1] = {WASM_I32_VAL(100)};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), none = WASM_EMPTY_VEC;
  CHECK_NO_TRAP(wasm_func_call(wasm_extern_as_func(bump), &args, &none));
  CHECK(wasm_memory_data(memory)[100] == 43);
  /* an access past the end traps, the host's memory is untouched */
  a[0].of.i32 = 3 * 65536;
  wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(bump), &args, &none);
  CHECK(trap && trap_says(trap, "out of bounds memory access"));
  wasm_trap_delete(trap);

  /* a memory without maximum, and one too large to make */
  wasm_limits_t open = {0, wasm_limits_max_default};
  mt = wasm_memorytype_new(&open);
  wasm_memory_t* empty = wasm_memory_new(store, mt);
  wasm_memorytype_delete(mt);
  CHECK(empty && wasm_memory_size(empty) == 0 && wasm_memory_data_size(empty) == 0);
  CHECK(wasm_memory_grow(empty, 1) && wasm_memory_size(empty) == 1);
  wasm_limits_t huge = {70000, wasm_limits_max_default};
  mt = wasm_memorytype_new(&huge);
  CHECK(wasm_memory_new(store, mt) == NULL);
  wasm_memorytype_delete(mt);

  CHECK(wasm_memory_data(NULL) == NULL && wasm_memory_size(NULL) == 0);
  wasm_memory_delete(empty);
  wasm_extern_delete(bump);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_memory_delete(memory);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("ok\n");
  return 0;
}
