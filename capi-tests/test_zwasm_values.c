/* zwasm.h: values of every type (zwasm_val_t), calls and globals with
 * them, v128 included: v128 globals hold vectors; a host function made
 * with wasm_func_new cannot receive one (wasm_val_t has no room), which is
 * a clear trap. */
#include <string.h>

#include "check.h"

static wasm_trap_t* never_called(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  fprintf(stderr, "a v128 host function was called\n");
  exit(1);
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = module_from_wat(store,
      "(module (func (export \"mix\") (param i32 i64 f32 f64 externref) (result f64 externref i32)"
      "  (f64.add (local.get 3) (f64.convert_i64_s (local.get 1))) (local.get 4)"
      "  (i32.add (local.get 0) (i32.trunc_f32_s (local.get 2)))))");
  wasm_instance_t* instance = instantiate(store, module);
  wasm_extern_t* mix = export_at(instance, 0);
  wasm_foreign_t* foreign = wasm_foreign_new(store);

  zwasm_val_t args[5];
  args[0].kind = WASM_I32;
  args[0].of.i32 = 40;
  args[1].kind = WASM_I64;
  args[1].of.i64 = 2;
  args[2].kind = WASM_F32;
  args[2].of.f32 = 2.75f;
  args[3].kind = WASM_F64;
  args[3].of.f64 = 0.5;
  args[4].kind = WASM_EXTERNREF;
  args[4].of.ref = wasm_foreign_as_ref(foreign);
  zwasm_val_t results[3];
  CHECK_NO_TRAP(zwasm_func_call_ex(wasm_extern_as_func(mix), args, 5, results, 3));
  CHECK(results[0].kind == WASM_F64 && results[0].of.f64 == 2.5);
  CHECK(results[1].kind == WASM_EXTERNREF && wasm_ref_same(results[1].of.ref, wasm_foreign_as_ref(foreign)));
  CHECK(results[2].kind == WASM_I32 && results[2].of.i32 == 42);
  zwasm_val_delete(&results[1]);
  CHECK(results[1].kind == WASM_I32); /* left harmless */

  /* counts and kinds are checked */
  wasm_trap_t* trap = zwasm_func_call_ex(wasm_extern_as_func(mix), args, 4, results, 3);
  CHECK(trap && trap_says(trap, "takes 5 arguments"));
  wasm_trap_delete(trap);
  args[0].kind = WASM_I64;
  trap = zwasm_func_call_ex(wasm_extern_as_func(mix), args, 5, results, 3);
  CHECK(trap && trap_says(trap, "argument 0"));
  wasm_trap_delete(trap);
  trap = zwasm_func_call_ex(wasm_extern_as_func(mix), NULL, 5, results, 3);
  CHECK(trap && trap_says(trap, "NULL"));
  wasm_trap_delete(trap);

  /* globals through zwasm_val_t */
  wasm_globaltype_t* gt = wasm_globaltype_new(wasm_valtype_new_f32(), WASM_VAR);
  zwasm_val_t init = {.kind = WASM_F32, .of = {.f32 = 1.25f}};
  wasm_global_t* g = zwasm_global_new_ex(store, gt, &init);
  CHECK(g != NULL);
  zwasm_val_t v;
  CHECK(zwasm_global_get_ex(g, &v) && v.kind == WASM_F32 && v.of.f32 == 1.25f);
  zwasm_val_t next = {.kind = WASM_F32, .of = {.f32 = -8.0f}};
  CHECK(zwasm_global_set_ex(g, &next));
  CHECK(zwasm_global_get_ex(g, &v) && v.of.f32 == -8.0f);
  zwasm_val_t wrong = {.kind = WASM_I32, .of = {.i32 = 1}};
  CHECK(!zwasm_global_set_ex(g, &wrong));
  CHECK(!zwasm_global_get_ex(g, NULL));
  wasm_globaltype_delete(gt);

  /* v128 globals hold all sixteen bytes */
  zwasm_val_t vec = {.kind = ZWASM_V128};
  for (int i = 0; i < 16; i++) vec.of.v128.bytes[i] = (uint8_t)(i * 17 + 1);
  wasm_globaltype_t* vt = wasm_globaltype_new(wasm_valtype_new(ZWASM_V128), WASM_VAR);
  CHECK(wasm_valtype_kind(wasm_globaltype_content(vt)) == ZWASM_V128);
  wasm_global_t* vg = zwasm_global_new_ex(store, vt, &vec);
  CHECK(vg != NULL);
  zwasm_val_t got;
  CHECK(zwasm_global_get_ex(vg, &got) && got.kind == ZWASM_V128);
  CHECK(memcmp(got.of.v128.bytes, vec.of.v128.bytes, 16) == 0);
  zwasm_val_t other = {.kind = ZWASM_V128};
  for (int i = 0; i < 16; i++) other.of.v128.bytes[i] = (uint8_t)(255 - i);
  CHECK(zwasm_global_set_ex(vg, &other));
  CHECK(zwasm_global_get_ex(vg, &got) && memcmp(got.of.v128.bytes, other.of.v128.bytes, 16) == 0);
  CHECK(!zwasm_global_set_ex(vg, &args[0]));
  wasm_global_delete(vg);
  wasm_globaltype_delete(vt);

  /* a wasm_func_new host function cannot receive a v128: a clear trap */
  wasm_functype_t* vft = wasm_functype_new_1_0(wasm_valtype_new(ZWASM_V128));
  wasm_func_t* vf = wasm_func_new(store, vft, never_called);
  wasm_functype_delete(vft);
  CHECK(vf != NULL && wasm_func_param_arity(vf) == 1);
  trap = zwasm_func_call_ex(vf, &vec, 1, NULL, 0);
  CHECK(trap && trap_says(trap, "wasm_val_t"));
  wasm_trap_delete(trap);
  /* wasm_val_t has no room for v128 */
  wasm_val_t small[1] = {WASM_I32_VAL(0)};
  wasm_val_vec_t small_args = WASM_ARRAY_VEC(small), none = WASM_EMPTY_VEC;
  trap = wasm_func_call(vf, &small_args, &none);
  CHECK(trap && trap_says(trap, "where v128 is expected"));
  wasm_trap_delete(trap);
  wasm_func_delete(vf);
  wasm_byte_vec_t simd;
  wat("(module (func (export \"splat\") (param i32) (result v128) local.get 0 i32x4.splat))", &simd);
  CHECK(wasm_module_new(store, &simd) == NULL);
  CHECK(last_error_says("SIMD") || last_error_says("simd"));
  wasm_byte_vec_delete(&simd);

  /* a v128 argument to a function taking i32 is a type error, not a crash */
  zwasm_val_t one_vec[5] = {vec, args[1], args[2], args[3], args[4]};
  trap = zwasm_func_call_ex(wasm_extern_as_func(mix), one_vec, 5, results, 3);
  CHECK(trap && trap_says(trap, "v128 where i32 is expected"));
  wasm_trap_delete(trap);

  zwasm_val_delete(NULL);
  wasm_global_delete(g);
  wasm_foreign_delete(foreign);
  wasm_extern_delete(mix);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("ok\n");
  return 0;
}
