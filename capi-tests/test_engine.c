/* Configuration, engines and stores, including zwasm's config functions. */
#include "check.h"

int main(void) {
  /* defaults */
  wasm_engine_t* engine = wasm_engine_new();
  CHECK(engine != NULL);
  wasm_store_t* store = wasm_store_new(engine);
  CHECK(store != NULL);
  wasm_store_t* second = wasm_store_new(engine);
  CHECK(second != NULL && second != store);
  wasm_store_delete(second);
  wasm_store_delete(store);
  wasm_engine_delete(engine);

  /* a config is taken over by the engine */
  wasm_config_t* config = wasm_config_new();
  CHECK(zwasm_config_get_tier(config) == ZWASM_TIER_INTERP);
  CHECK(zwasm_config_set_tier(config, ZWASM_TIER_INTERP));
  zwasm_config_set_tierup_thresholds(config, 7, 0);
  uint32_t calls = 0, iterations = 0;
  CHECK(zwasm_config_get_tierup_thresholds(config, &calls, &iterations));
  CHECK(calls == 7 && iterations == 1); /* thresholds are at least 1 */
  zwasm_config_set_max_call_depth(config, 50);
  CHECK(zwasm_config_get_max_call_depth(config) == 50);
  engine = wasm_engine_new_with_config(config);
  CHECK(engine != NULL);

  /* the call depth took effect: deep recursion traps early */
  store = wasm_store_new(engine);
  wasm_module_t* module = module_from_wat(store,
      "(module (func $f (export \"down\") (param i32)"
      "  (if (local.get 0) (then (call $f (i32.sub (local.get 0) (i32.const 1)))))))");
  wasm_instance_t* instance = instantiate(store, module);
  wasm_extern_t* down = export_at(instance, 0);
  wasm_val_t a[1] = {WASM_I32_VAL(40)};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_EMPTY_VEC;
  CHECK_NO_TRAP(wasm_func_call(wasm_extern_as_func(down), &args, &results));
  a[0].of.i32 = 60;
  wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(down), &args, &results);
  CHECK(trap != NULL && trap_says(trap, "call stack exhausted"));
  wasm_trap_delete(trap);
  wasm_extern_delete(down);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);

  /* compilation modes: function 0's body returns an i64 where its type
     says i32. Eager and lazy-translation refuse the module; lazy runs the
     valid functions and traps on the first call of the invalid one. */
  static const byte_t invalid_body[] = {
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01,
      0x60, 0x00, 0x01, 0x7f, 0x03, 0x04, 0x03, 0x00, 0x00, 0x00, 0x07,
      0x0c, 0x02, 0x03, 0x72, 0x75, 0x6e, 0x00, 0x01, 0x02, 0x6f, 0x6b,
      0x00, 0x02, 0x0a, 0x10, 0x03, 0x04, 0x00, 0x42, 0x01, 0x0b, 0x04,
      0x00, 0x10, 0x00, 0x0b, 0x04, 0x00, 0x41, 0x07, 0x0b};
  zwasm_compilation_t modes[] = {ZWASM_COMPILATION_EAGER,
                                 ZWASM_COMPILATION_LAZY_TRANSLATION,
                                 ZWASM_COMPILATION_LAZY};
  for (int i = 0; i < 3; i++) {
    config = wasm_config_new();
    CHECK(zwasm_config_get_compilation(config) == ZWASM_COMPILATION_EAGER);
    CHECK(zwasm_config_set_compilation(config, modes[i]));
    CHECK(zwasm_config_get_compilation(config) == modes[i]);
    engine = wasm_engine_new_with_config(config);
    CHECK(engine != NULL);
    store = wasm_store_new(engine);
    wasm_byte_vec_t binary;
    wasm_byte_vec_new(&binary, sizeof invalid_body, (const wasm_byte_t*)invalid_body);
    zwasm_last_error_clear();
    module = wasm_module_new(store, &binary);
    CHECK(!wasm_module_validate(store, &binary)); /* bodies included, in every mode */
    wasm_byte_vec_delete(&binary);
    if (modes[i] != ZWASM_COMPILATION_LAZY) {
      CHECK(module == NULL);
      CHECK(last_error_says("type mismatch"));
    } else {
      CHECK(module != NULL);
      instance = instantiate(store, module);
      wasm_extern_t* run = export_at(instance, 0);
      wasm_extern_t* ok = export_at(instance, 1);
      wasm_val_t r[1] = {WASM_INIT_VAL};
      wasm_val_vec_t none = WASM_EMPTY_VEC, out = WASM_ARRAY_VEC(r);
      CHECK_NO_TRAP(wasm_func_call(wasm_extern_as_func(ok), &none, &out));
      CHECK(r[0].kind == WASM_I32 && r[0].of.i32 == 7);
      for (int call = 0; call < 2; call++) { /* the error is kept */
        trap = wasm_func_call(wasm_extern_as_func(run), &none, &out);
        CHECK(trap != NULL && trap_says(trap, "function 0 is invalid"));
        CHECK(trap_says(trap, "type mismatch"));
        zwasm_trap_code_t code = 0;
        CHECK(zwasm_trap_code(trap, &code) && code == ZWASM_TRAP_INVALID_FUNCTION);
        wasm_trap_delete(trap);
      }
      wasm_extern_delete(ok);
      wasm_extern_delete(run);
      wasm_instance_delete(instance);
      wasm_module_delete(module);
    }
    wasm_store_delete(store);
    wasm_engine_delete(engine);
  }
  config = wasm_config_new();
  CHECK(!zwasm_config_set_compilation(config, 9));
  CHECK(last_error_says("not a compilation mode"));
  wasm_config_delete(config);

  /* tiers this build does not have are refused, never replaced */
  zwasm_tier_t missing[] = {ZWASM_TIER_JIT, ZWASM_TIER_TIERED};
  for (int i = 0; i < 2; i++) {
    config = wasm_config_new();
    CHECK(zwasm_config_set_tier(config, missing[i]));
    CHECK(zwasm_config_get_tier(config) == missing[i]);
    zwasm_last_error_clear();
    CHECK(wasm_engine_new_with_config(config) == NULL);
    CHECK(last_error_says("unsupported"));
    CHECK(last_error_says(i == 0 ? "jit" : "tiered"));
  }
  config = wasm_config_new();
  CHECK(!zwasm_config_set_tier(config, 42));
  CHECK(last_error_says("not a tier"));
  CHECK(zwasm_config_get_tier(config) == ZWASM_TIER_INTERP);
  wasm_config_delete(config);

  /* NULL where an object is required */
  CHECK(wasm_store_new(NULL) == NULL);
  CHECK(last_error_says("must not be NULL"));
  CHECK(wasm_engine_new_with_config(NULL) == NULL);
  zwasm_last_error_clear();
  CHECK(zwasm_last_error_message() == NULL);

  printf("ok\n");
  return 0;
}
