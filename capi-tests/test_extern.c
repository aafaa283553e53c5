/* Externals: kinds, types and the conversions in both directions. */
#include "check.h"

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = module_from_wat(store,
      "(module (func (export \"f\") (param i32)) (global (export \"g\") (mut f32) (f32.const 1))"
      " (table (export \"t\") 2 3 funcref) (memory (export \"m\") 1 2))");
  wasm_instance_t* instance = instantiate(store, module);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 4);
  wasm_extern_t* f = exports.data[0];
  wasm_extern_t* g = exports.data[1];
  wasm_extern_t* t = exports.data[2];
  wasm_extern_t* m = exports.data[3];

  CHECK(wasm_extern_kind(f) == WASM_EXTERN_FUNC && wasm_extern_kind(g) == WASM_EXTERN_GLOBAL);
  CHECK(wasm_extern_kind(t) == WASM_EXTERN_TABLE && wasm_extern_kind(m) == WASM_EXTERN_MEMORY);

  wasm_externtype_t* ty = wasm_extern_type(f);
  CHECK(wasm_externtype_kind(ty) == WASM_EXTERN_FUNC);
  CHECK(wasm_functype_params(wasm_externtype_as_functype_const(ty))->size == 1);
  wasm_externtype_delete(ty);
  ty = wasm_extern_type(g);
  CHECK(wasm_globaltype_mutability(wasm_externtype_as_globaltype_const(ty)) == WASM_VAR);
  wasm_externtype_delete(ty);
  ty = wasm_extern_type(t);
  CHECK(wasm_tabletype_limits(wasm_externtype_as_tabletype_const(ty))->max == 3);
  wasm_externtype_delete(ty);
  ty = wasm_extern_type(m);
  CHECK(wasm_memorytype_limits(wasm_externtype_as_memorytype_const(ty))->max == 2);
  wasm_externtype_delete(ty);

  /* extern -> specific -> extern is the same handle */
  wasm_func_t* func = wasm_extern_as_func(f);
  wasm_global_t* global = wasm_extern_as_global(g);
  wasm_table_t* table = wasm_extern_as_table(t);
  wasm_memory_t* memory = wasm_extern_as_memory(m);
  CHECK(func && global && table && memory);
  CHECK(wasm_func_as_extern(func) == f && wasm_global_as_extern(global) == g);
  CHECK(wasm_table_as_extern(table) == t && wasm_memory_as_extern(memory) == m);
  CHECK(wasm_func_as_extern_const(func) == f && wasm_global_as_extern_const(global) == g);
  CHECK(wasm_table_as_extern_const(table) == t && wasm_memory_as_extern_const(memory) == m);
  CHECK(wasm_extern_as_func_const(f) == func && wasm_extern_as_global_const(g) == global);
  CHECK(wasm_extern_as_table_const(t) == table && wasm_extern_as_memory_const(m) == memory);

  /* the wrong kind gives NULL */
  CHECK(wasm_extern_as_global(f) == NULL && wasm_extern_as_func(m) == NULL);
  CHECK(wasm_extern_as_memory(t) == NULL && wasm_extern_as_table(g) == NULL);
  CHECK(wasm_extern_as_memory_const(f) == NULL && wasm_extern_as_func_const(NULL) == NULL);

  /* an extern made from a host object */
  wasm_limits_t limits = {1, 1};
  wasm_memorytype_t* mt = wasm_memorytype_new(&limits);
  wasm_memory_t* own_memory = wasm_memory_new(store, mt);
  wasm_memorytype_delete(mt);
  wasm_extern_t* as_extern = wasm_memory_as_extern(own_memory);
  CHECK(wasm_extern_kind(as_extern) == WASM_EXTERN_MEMORY);
  ty = wasm_extern_type(as_extern);
  CHECK(wasm_memorytype_limits(wasm_externtype_as_memorytype_const(ty))->min == 1);
  wasm_externtype_delete(ty);
  wasm_extern_delete(as_extern); /* the same handle as own_memory */

  CHECK(wasm_extern_type(NULL) == NULL);
  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("ok\n");
  return 0;
}
