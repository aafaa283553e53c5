/* Functions: host functions with and without environment, calls, argument
 * checking, traps from callbacks, calls back into WebAssembly. */
#include "check.h"

static int plain_calls = 0;

static wasm_trap_t* add_one(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  plain_calls++;
  CHECK(args->size == 1 && results->size == 1);
  CHECK(args->data[0].kind == WASM_I32 && results->data[0].kind == WASM_I32);
  results->data[0].of.i32 = args->data[0].of.i32 + 1;
  return NULL;
}

struct counter {
  int calls;
  int finalized;
};

static wasm_trap_t* scale(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  struct counter* c = env;
  c->calls++;
  results->data[0].kind = WASM_F64;
  results->data[0].of.f64 = args->data[0].of.f64 * 2.5;
  results->data[1].kind = WASM_I64;
  results->data[1].of.i64 = args->data[1].of.i64 - 1;
  return NULL;
}

static void finalize_counter(void* env) { ((struct counter*)env)->finalized++; }

static wasm_store_t* trap_store;

static wasm_trap_t* fail(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)args;
  (void)results;
  wasm_message_t message;
  wasm_name_new_from_string_nt(&message, "host says no");
  wasm_trap_t* trap = wasm_trap_new(trap_store, &message);
  wasm_byte_vec_delete(&message);
  return trap;
}

static wasm_trap_t* wrong_result(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)args;
  results->data[0].kind = WASM_I64; /* the type says i32 */
  results->data[0].of.i64 = 1;
  return NULL;
}

/* Calls back into WebAssembly from a host function (re-entrancy). */
static wasm_func_t* inner_fib;

static wasm_trap_t* call_back(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  wasm_val_t a[1] = {WASM_I32_VAL(args->data[0].of.i32)};
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t inner_args = WASM_ARRAY_VEC(a), inner_results = WASM_ARRAY_VEC(r);
  wasm_trap_t* trap = wasm_func_call(inner_fib, &inner_args, &inner_results);
  if (trap) return trap;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = r[0].of.i32 * 10;
  return NULL;
}

static void host_functions(wasm_store_t* store) {
  wasm_functype_t* ty = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* f = wasm_func_new(store, ty, add_one);
  wasm_functype_delete(ty);
  CHECK(f != NULL);
  CHECK(wasm_func_param_arity(f) == 1 && wasm_func_result_arity(f) == 1);
  wasm_functype_t* got = wasm_func_type(f);
  CHECK(wasm_valtype_kind(wasm_functype_results(got)->data[0]) == WASM_I32);
  wasm_functype_delete(got);

  wasm_val_t a[1] = {WASM_I32_VAL(41)}, r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
  CHECK_NO_TRAP(wasm_func_call(f, &args, &results));
  CHECK(r[0].kind == WASM_I32 && r[0].of.i32 == 42 && plain_calls == 1);

  /* wrong arity and types come back as traps */
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  wasm_trap_t* trap = wasm_func_call(f, &none, &results);
  CHECK(trap && trap_says(trap, "takes 1 arguments, 0 were given"));
  wasm_trap_delete(trap);
  trap = wasm_func_call(f, &args, &none);
  CHECK(trap && trap_says(trap, "room was given for 0"));
  wasm_trap_delete(trap);
  a[0].kind = WASM_F32;
  trap = wasm_func_call(f, &args, &results);
  CHECK(trap && trap_says(trap, "a value of type f32 where i32 is expected"));
  wasm_trap_delete(trap);
  a[0].kind = 77;
  trap = wasm_func_call(f, &args, &results);
  CHECK(trap && trap_says(trap, "unknown kind"));
  wasm_trap_delete(trap);
  trap = wasm_func_call(NULL, &args, &results);
  CHECK(trap && trap_says(trap, "must not be NULL"));
  wasm_trap_delete(trap);
  CHECK(plain_calls == 1);
  wasm_func_delete(f);

  /* NULL arguments of wasm_func_new */
  CHECK(wasm_func_new(store, NULL, add_one) == NULL);
  ty = wasm_functype_new_0_0();
  CHECK(wasm_func_new(store, ty, NULL) == NULL);
  CHECK(wasm_func_new(NULL, ty, add_one) == NULL);
  wasm_functype_delete(ty);
}

static void environments(void) {
  struct counter counter = {0, 0};
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_functype_t* ty = wasm_functype_new_2_2(wasm_valtype_new_f64(), wasm_valtype_new_i64(),
                                              wasm_valtype_new_f64(), wasm_valtype_new_i64());
  wasm_func_t* f = wasm_func_new_with_env(store, ty, scale, &counter, finalize_counter);
  wasm_functype_delete(ty);
  wasm_val_t a[2] = {WASM_F64_VAL(4.0), WASM_I64_VAL(10)}, r[2] = {WASM_INIT_VAL, WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
  CHECK_NO_TRAP(wasm_func_call(f, &args, &results));
  CHECK(r[0].of.f64 == 10.0 && r[1].of.i64 == 9 && counter.calls == 1);

  /* deleting the handle does not end the function: the store owns it */
  wasm_func_delete(f);
  CHECK(counter.finalized == 0);
  wasm_store_delete(store);
  CHECK(counter.finalized == 1); /* exactly once, with the store */
  wasm_engine_delete(engine);

  /* a NULL finalizer is allowed */
  engine = wasm_engine_new();
  store = wasm_store_new(engine);
  ty = wasm_functype_new_2_2(wasm_valtype_new_f64(), wasm_valtype_new_i64(), wasm_valtype_new_f64(),
                             wasm_valtype_new_i64());
  f = wasm_func_new_with_env(store, ty, scale, &counter, NULL);
  CHECK(wasm_func_new_with_env(store, ty, NULL, &counter, NULL) == NULL);
  wasm_functype_delete(ty);
  wasm_func_delete(f);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  CHECK(counter.finalized == 1);
}

static void traps_and_reentry(wasm_store_t* store) {
  trap_store = store;
  wasm_module_t* module = module_from_wat(store,
      "(module"
      "  (import \"\" \"fail\" (func $fail))"
      "  (import \"\" \"wrong\" (func $wrong (result i32)))"
      "  (import \"\" \"back\" (func $back (param i32) (result i32)))"
      "  (func $fib (export \"fib\") (param i32) (result i32)"
      "    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))"
      "      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))"
      "                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))"
      "  (func (export \"fail\") call $fail)"
      "  (func (export \"wrong\") (result i32) call $wrong)"
      "  (func (export \"back\") (param i32) (result i32) (i32.add (call $back (local.get 0)) (i32.const 1))))");
  wasm_functype_t* t0 = wasm_functype_new_0_0();
  wasm_functype_t* t1 = wasm_functype_new_0_1(wasm_valtype_new_i32());
  wasm_functype_t* t2 = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* host_fail = wasm_func_new(store, t0, fail);
  wasm_func_t* host_wrong = wasm_func_new(store, t1, wrong_result);
  wasm_func_t* host_back = wasm_func_new(store, t2, call_back);
  wasm_functype_delete(t0);
  wasm_functype_delete(t1);
  wasm_functype_delete(t2);
  wasm_extern_t* imports_arr[3] = {wasm_func_as_extern(host_fail), wasm_func_as_extern(host_wrong),
                                   wasm_func_as_extern(host_back)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_arr);
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  CHECK(instance != NULL);

  wasm_extern_t* fib = export_at(instance, 0);
  wasm_extern_t* e_fail = export_at(instance, 1);
  wasm_extern_t* e_wrong = export_at(instance, 2);
  wasm_extern_t* e_back = export_at(instance, 3);
  inner_fib = wasm_extern_as_func(fib);

  wasm_val_vec_t none = WASM_EMPTY_VEC;
  wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(e_fail), &none, &none);
  CHECK(trap && trap_says(trap, "host says no"));
  wasm_frame_vec_t frames;
  wasm_trap_trace(trap, &frames);
  CHECK(frames.size == 1 && wasm_frame_func_index(frames.data[0]) == 4); /* the calling function */
  wasm_frame_vec_delete(&frames);
  wasm_trap_delete(trap);

  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t results = WASM_ARRAY_VEC(r);
  trap = wasm_func_call(wasm_extern_as_func(e_wrong), &none, &results);
  CHECK(trap && trap_says(trap, "host function returned result 0: a value of type i64 where i32 is expected"));
  wasm_trap_delete(trap);

  /* wasm -> host -> wasm -> ...: fib(10) = 55, times 10, plus 1 */
  wasm_val_t a[1] = {WASM_I32_VAL(10)};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a);
  CHECK_NO_TRAP(wasm_func_call(wasm_extern_as_func(e_back), &args, &results));
  CHECK(r[0].of.i32 == 551);

  /* the store stays usable after traps */
  a[0].of.i32 = 20;
  CHECK_NO_TRAP(wasm_func_call(wasm_extern_as_func(fib), &args, &results));
  CHECK(r[0].of.i32 == 6765);

  wasm_extern_delete(fib);
  wasm_extern_delete(e_fail);
  wasm_extern_delete(e_wrong);
  wasm_extern_delete(e_back);
  wasm_instance_delete(instance);
  wasm_func_delete(host_fail);
  wasm_func_delete(host_wrong);
  wasm_func_delete(host_back);
  wasm_module_delete(module);
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  host_functions(store);
  environments();
  traps_and_reentry(store);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("ok\n");
  return 0;
}
