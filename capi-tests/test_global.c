/* Globals: creating, reading and writing, type checks, immutability. */
#include "check.h"

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);

  wasm_globaltype_t* var_i64 = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR);
  wasm_val_t init = WASM_I64_VAL(-5);
  wasm_global_t* g = wasm_global_new(store, var_i64, &init);
  CHECK(g != NULL);
  wasm_val_t v;
  wasm_global_get(g, &v);
  CHECK(v.kind == WASM_I64 && v.of.i64 == -5);
  wasm_val_t next = WASM_I64_VAL(1LL << 40);
  wasm_global_set(g, &next);
  wasm_global_get(g, &v);
  CHECK(v.of.i64 == (1LL << 40));

  /* a value of another kind is refused and the global keeps its value */
  wasm_val_t wrong = WASM_F32_VAL(1.0f);
  zwasm_last_error_clear();
  wasm_global_set(g, &wrong);
  CHECK(last_error_says("where i64 is expected"));
  wasm_global_get(g, &v);
  CHECK(v.kind == WASM_I64 && v.of.i64 == (1LL << 40));
  CHECK(wasm_global_new(store, var_i64, &wrong) == NULL);

  wasm_globaltype_t* type = wasm_global_type(g);
  CHECK(wasm_globaltype_mutability(type) == WASM_VAR);
  CHECK(wasm_valtype_kind(wasm_globaltype_content(type)) == WASM_I64);
  wasm_globaltype_delete(type);
  wasm_globaltype_delete(var_i64);

  /* constants cannot be set */
  wasm_globaltype_t* const_f64 = wasm_globaltype_new(wasm_valtype_new_f64(), WASM_CONST);
  wasm_val_t pi = WASM_F64_VAL(3.25);
  wasm_global_t* c = wasm_global_new(store, const_f64, &pi);
  wasm_val_t other = WASM_F64_VAL(1.0);
  wasm_global_set(c, &other);
  CHECK(last_error_says("immutable"));
  wasm_global_get(c, &v);
  CHECK(v.kind == WASM_F64 && v.of.f64 == 3.25);
  wasm_globaltype_delete(const_f64);

  /* a funcref global holding a host-created function */
  wasm_module_t* module = module_from_wat(store,
      "(module (global (export \"g\") (mut i32) (i32.const 9))"
      " (func (export \"get\") (result i32) global.get 0))");
  wasm_instance_t* instance = instantiate(store, module);
  wasm_extern_t* exported = export_at(instance, 0);
  wasm_extern_t* get = export_at(instance, 1);
  wasm_globaltype_t* ref_type = wasm_globaltype_new(wasm_valtype_new_funcref(), WASM_VAR);
  wasm_val_t fref = {.kind = WASM_FUNCREF, .of = {.ref = wasm_func_as_ref(wasm_extern_as_func(get))}};
  wasm_global_t* fg = wasm_global_new(store, ref_type, &fref);
  CHECK(fg != NULL);
  wasm_global_get(fg, &v);
  CHECK(v.kind == WASM_FUNCREF && wasm_func_same(wasm_ref_as_func(v.of.ref), wasm_extern_as_func(get)));
  wasm_val_delete(&v);
  /* a funcref must be a function */
  wasm_foreign_t* foreign = wasm_foreign_new(store);
  wasm_val_t not_func = {.kind = WASM_FUNCREF, .of = {.ref = wasm_foreign_as_ref(foreign)}};
  wasm_global_set(fg, &not_func);
  CHECK(last_error_says("must be a function"));
  wasm_foreign_delete(foreign);
  wasm_globaltype_delete(ref_type);

  /* writes from the host are seen by WebAssembly */
  wasm_val_t seven = WASM_I32_VAL(7);
  wasm_global_set(wasm_extern_as_global(exported), &seven);
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t none = WASM_EMPTY_VEC, results = WASM_ARRAY_VEC(r);
  CHECK_NO_TRAP(wasm_func_call(wasm_extern_as_func(get), &none, &results));
  CHECK(r[0].of.i32 == 7);

  /* globals of another store are refused as values */
  wasm_store_t* other_store = wasm_store_new(engine);
  wasm_globaltype_t* other_type = wasm_globaltype_new(wasm_valtype_new_funcref(), WASM_CONST);
  CHECK(wasm_global_new(other_store, other_type, &fref) == NULL);
  CHECK(last_error_says("another store"));
  wasm_globaltype_delete(other_type);
  wasm_store_delete(other_store);

  CHECK(wasm_global_new(store, NULL, &init) == NULL);
  wasm_global_get(NULL, &v);
  CHECK(v.kind == WASM_I32 && v.of.i32 == 0);

  wasm_global_delete(fg);
  wasm_extern_delete(exported);
  wasm_extern_delete(get);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_global_delete(c);
  wasm_global_delete(g);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("ok\n");
  return 0;
}
