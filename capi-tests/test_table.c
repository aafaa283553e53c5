/* Tables: creating, get, set, size, grow, and calls through them. */
#include "check.h"

static wasm_trap_t* seven(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)args;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = 7;
  return NULL;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);

  wasm_functype_t* ft = wasm_functype_new_0_1(wasm_valtype_new_i32());
  wasm_func_t* host = wasm_func_new(store, ft, seven);
  wasm_functype_delete(ft);

  wasm_limits_t limits = {2, 4};
  wasm_tabletype_t* tt = wasm_tabletype_new(wasm_valtype_new_funcref(), &limits);
  wasm_table_t* table = wasm_table_new(store, tt, NULL);
  CHECK(table != NULL && wasm_table_size(table) == 2);
  CHECK(wasm_table_get(table, 0) == NULL);
  CHECK(wasm_table_set(table, 1, wasm_func_as_ref(host)));
  wasm_ref_t* got = wasm_table_get(table, 1);
  CHECK(got && wasm_func_same(wasm_ref_as_func(got), host));
  wasm_ref_delete(got);

  /* out of bounds */
  CHECK(wasm_table_get(table, 2) == NULL);
  CHECK(last_error_says("past the end"));
  CHECK(!wasm_table_set(table, 5, NULL));

  /* grow within the maximum, with an initial element */
  CHECK(wasm_table_grow(table, 2, wasm_func_as_ref(host)));
  CHECK(wasm_table_size(table) == 4);
  got = wasm_table_get(table, 3);
  CHECK(got && wasm_func_same(wasm_ref_as_func(got), host));
  wasm_ref_delete(got);
  CHECK(!wasm_table_grow(table, 1, NULL));
  CHECK(last_error_says("cannot grow"));
  CHECK(wasm_table_grow(table, 0, NULL));

  wasm_tabletype_t* type = wasm_table_type(table);
  CHECK(wasm_tabletype_limits(type)->min == 4 && wasm_tabletype_limits(type)->max == 4);
  CHECK(wasm_valtype_kind(wasm_tabletype_element(type)) == WASM_FUNCREF);
  wasm_tabletype_delete(type);

  /* only functions go into a funcref table */
  wasm_foreign_t* foreign = wasm_foreign_new(store);
  CHECK(!wasm_table_set(table, 0, wasm_foreign_as_ref(foreign)));
  CHECK(wasm_table_new(store, tt, wasm_foreign_as_ref(foreign)) == NULL);
  wasm_tabletype_delete(tt);

  /* an externref table takes anything */
  wasm_limits_t open = {1, wasm_limits_max_default};
  wasm_tabletype_t* xt = wasm_tabletype_new(wasm_valtype_new_externref(), &open);
  wasm_table_t* xtable = wasm_table_new(store, xt, wasm_foreign_as_ref(foreign));
  wasm_tabletype_delete(xt);
  got = wasm_table_get(xtable, 0);
  CHECK(got && wasm_ref_same(got, wasm_foreign_as_ref(foreign)));
  wasm_ref_delete(got);
  CHECK(wasm_table_grow(xtable, 10, NULL) && wasm_table_size(xtable) == 11);
  wasm_foreign_delete(foreign);

  /* WebAssembly calls through a table the host filled */
  wasm_module_t* module = module_from_wat(store,
      "(module (import \"\" \"t\" (table 4 funcref)) (type $r (func (result i32)))"
      " (func (export \"call\") (param i32) (result i32) (call_indirect (type $r) (local.get 0))))");
  wasm_extern_t* imports_arr[1] = {wasm_table_as_extern(table)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_arr);
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  CHECK(instance != NULL);
  wasm_extern_t* call = export_at(instance, 0);
  wasm_val_t a[1] = {WASM_I32_VAL(1)}, r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
  CHECK_NO_TRAP(wasm_func_call(wasm_extern_as_func(call), &args, &results));
  CHECK(r[0].of.i32 == 7);
  a[0].of.i32 = 0;
  wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(call), &args, &results);
  CHECK(trap && trap_says(trap, "uninitialized element"));
  wasm_trap_delete(trap);

  CHECK(wasm_table_size(NULL) == 0);
  wasm_extern_delete(call);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_table_delete(xtable);
  wasm_table_delete(table);
  wasm_func_delete(host);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("ok\n");
  return 0;
}
