/* Values: copying and deleting, NaN payloads, and host references passed
 * through WebAssembly as externref keeping their identity and host info. */
#include <math.h>

#include "check.h"

static int finalized = 0;

static void on_finalize(void* info) {
  CHECK(info == (void*)0xfeed);
  finalized++;
}

static wasm_trap_t* echo(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  wasm_val_copy(&results->data[0], &args->data[0]);
  return NULL;
}

static void copying(wasm_store_t* store) {
  wasm_val_t a = WASM_F32_VAL(1.5f), b;
  wasm_val_copy(&b, &a);
  CHECK(b.kind == WASM_F32 && b.of.f32 == 1.5f);
  wasm_val_delete(&b);

  wasm_foreign_t* foreign = wasm_foreign_new(store);
  wasm_val_t r = WASM_REF_VAL(wasm_foreign_as_ref(foreign));
  wasm_val_copy(&b, &r);
  CHECK(b.of.ref != r.of.ref && wasm_ref_same(b.of.ref, r.of.ref));
  wasm_val_delete(&b);
  wasm_val_delete(&r); /* deletes the foreign handle */

  wasm_val_t null_ref = WASM_INIT_VAL;
  wasm_val_copy(&b, &null_ref);
  CHECK(b.kind == WASM_EXTERNREF && b.of.ref == NULL);
  wasm_val_delete(&b);

  wasm_val_t p;
  int x = 5;
  wasm_val_init_ptr(&p, &x);
  CHECK(wasm_val_ptr(&p) == &x);
}

static void through_webassembly(wasm_store_t* store) {
  wasm_module_t* module = module_from_wat(store,
      "(module"
      "  (import \"\" \"echo\" (func $echo (param externref) (result externref)))"
      "  (table $t (export \"table\") 2 externref)"
      "  (global $g (export \"global\") (mut externref) (ref.null extern))"
      "  (func (export \"roundtrip\") (param externref) (result externref)"
      "    (table.set $t (i32.const 1) (local.get 0))"
      "    (global.set $g (table.get $t (i32.const 1)))"
      "    (call $echo (global.get $g)))"
      "  (func (export \"is_null\") (param externref) (result i32) (ref.is_null (local.get 0)))"
      "  (func (export \"nan\") (param f32 f64) (result f64 f32) local.get 1 local.get 0))");
  wasm_functype_t* t = wasm_functype_new_1_1(wasm_valtype_new_externref(), wasm_valtype_new_externref());
  wasm_func_t* echo_fn = wasm_func_new(store, t, echo);
  wasm_functype_delete(t);
  wasm_extern_t* imports_arr[1] = {wasm_func_as_extern(echo_fn)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_arr);
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  CHECK(instance != NULL);
  wasm_extern_t* table = export_at(instance, 0);
  wasm_extern_t* global = export_at(instance, 1);
  wasm_extern_t* roundtrip = export_at(instance, 2);
  wasm_extern_t* is_null = export_at(instance, 3);
  wasm_extern_t* nan = export_at(instance, 4);

  wasm_foreign_t* host = wasm_foreign_new(store);
  wasm_foreign_set_host_info_with_finalizer(host, (void*)0xfeed, on_finalize);

  /* in and out again: the same object, with its host info */
  wasm_val_t a[1] = {WASM_REF_VAL(wasm_foreign_as_ref(host))}, r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
  CHECK_NO_TRAP(wasm_func_call(wasm_extern_as_func(roundtrip), &args, &results));
  CHECK(r[0].kind == WASM_EXTERNREF && r[0].of.ref != NULL);
  CHECK(wasm_ref_same(r[0].of.ref, wasm_foreign_as_ref(host)));
  CHECK(wasm_ref_get_host_info(r[0].of.ref) == (void*)0xfeed);
  CHECK(wasm_ref_as_foreign(r[0].of.ref) != NULL);
  wasm_val_delete(&r[0]);

  /* the table and the global hold it too */
  wasm_ref_t* from_table = wasm_table_get(wasm_extern_as_table(table), 1);
  CHECK(from_table && wasm_ref_same(from_table, wasm_foreign_as_ref(host)));
  wasm_ref_delete(from_table);
  CHECK(wasm_table_get(wasm_extern_as_table(table), 0) == NULL); /* null element */
  wasm_val_t g;
  wasm_global_get(wasm_extern_as_global(global), &g);
  CHECK(g.kind == WASM_EXTERNREF && wasm_ref_same(g.of.ref, wasm_foreign_as_ref(host)));
  wasm_val_delete(&g);

  /* a null reference is null inside */
  a[0].of.ref = NULL;
  CHECK_NO_TRAP(wasm_func_call(wasm_extern_as_func(is_null), &args, &results));
  CHECK(r[0].kind == WASM_I32 && r[0].of.i32 == 1);

  /* any reference-like object can be an externref: a function here */
  a[0].of.ref = wasm_func_as_ref(echo_fn);
  CHECK_NO_TRAP(wasm_func_call(wasm_extern_as_func(roundtrip), &args, &results));
  CHECK(wasm_ref_as_func(r[0].of.ref) != NULL && wasm_func_same(wasm_ref_as_func(r[0].of.ref), echo_fn));
  wasm_val_delete(&r[0]);

  /* NaN payloads survive the trip */
  wasm_val_t na[2], nr[2] = {WASM_INIT_VAL, WASM_INIT_VAL};
  na[0].kind = WASM_F32;
  uint32_t f32_bits = 0x7fa00001u;
  memcpy(&na[0].of.f32, &f32_bits, 4);
  na[1].kind = WASM_F64;
  uint64_t f64_bits = 0xfff4000000000123ull;
  memcpy(&na[1].of.f64, &f64_bits, 8);
  wasm_val_vec_t nargs = WASM_ARRAY_VEC(na), nresults = WASM_ARRAY_VEC(nr);
  CHECK_NO_TRAP(wasm_func_call(wasm_extern_as_func(nan), &nargs, &nresults));
  uint32_t f32_out;
  uint64_t f64_out;
  memcpy(&f32_out, &nr[1].of.f32, 4);
  memcpy(&f64_out, &nr[0].of.f64, 8);
  CHECK(nr[0].kind == WASM_F64 && f64_out == f64_bits && nr[1].kind == WASM_F32 && f32_out == f32_bits);

  /* the store keeps what WebAssembly holds: the finalizer waits for it */
  wasm_foreign_delete(host);
  CHECK(finalized == 0);

  wasm_extern_delete(table);
  wasm_extern_delete(global);
  wasm_extern_delete(roundtrip);
  wasm_extern_delete(is_null);
  wasm_extern_delete(nan);
  wasm_instance_delete(instance);
  wasm_func_delete(echo_fn);
  wasm_module_delete(module);
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  copying(store);
  through_webassembly(store);
  CHECK(finalized == 0);
  wasm_store_delete(store);
  CHECK(finalized == 1); /* exactly once, when the store lets it go */
  wasm_engine_delete(engine);
  printf("ok\n");
  return 0;
}
