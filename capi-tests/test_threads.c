/* Threads: one engine and one module shared by several threads, each with
 * its own store, instance and host function, calling in parallel. */
#include <pthread.h>

#include "check.h"

#define THREADS 8
#define CALLS 2000

static wasm_engine_t* engine;
static wasm_shared_module_t* shared;

struct worker {
  int id;
  long long sum;
  int host_calls;
};

static wasm_trap_t* host_add(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  struct worker* w = env;
  w->host_calls++;
  results->data[0].kind = WASM_I64;
  results->data[0].of.i64 = args->data[0].of.i64 + w->id;
  return NULL;
}

static void* work(void* arg) {
  struct worker* w = arg;
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = wasm_module_obtain(store, shared);
  CHECK(module != NULL);
  wasm_functype_t* t = wasm_functype_new_1_1(wasm_valtype_new_i64(), wasm_valtype_new_i64());
  wasm_func_t* add = wasm_func_new_with_env(store, t, host_add, w, NULL);
  wasm_functype_delete(t);
  wasm_extern_t* imports_arr[1] = {wasm_func_as_extern(add)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_arr);
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  CHECK(instance != NULL);
  wasm_extern_t* step = export_at(instance, 0);
  for (int i = 0; i < CALLS; i++) {
    wasm_val_t a[1] = {WASM_I64_VAL(i)}, r[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
    CHECK_NO_TRAP(wasm_func_call(wasm_extern_as_func(step), &args, &results));
    w->sum += r[0].of.i64;
  }
  wasm_extern_delete(step);
  wasm_instance_delete(instance);
  wasm_func_delete(add);
  wasm_module_delete(module);
  wasm_store_delete(store);
  return NULL;
}

int main(void) {
  engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  /* step(i) = add(i * 2) + the instance's own counter, which counts calls */
  wasm_module_t* module = module_from_wat(store,
      "(module (import \"\" \"add\" (func $add (param i64) (result i64)))"
      " (global $calls (mut i64) (i64.const 0))"
      " (func (export \"step\") (param i64) (result i64)"
      "   (global.set $calls (i64.add (global.get $calls) (i64.const 1)))"
      "   (i64.add (call $add (i64.mul (local.get 0) (i64.const 2))) (global.get $calls))))");
  shared = wasm_module_share(module);
  wasm_module_delete(module);
  wasm_store_delete(store);

  pthread_t threads[THREADS];
  struct worker workers[THREADS];
  for (int i = 0; i < THREADS; i++) {
    workers[i] = (struct worker){i, 0, 0};
    CHECK(pthread_create(&threads[i], NULL, work, &workers[i]) == 0);
  }
  for (int i = 0; i < THREADS; i++) CHECK(pthread_join(threads[i], NULL) == 0);

  /* sum over i of (2i + id) + (i + 1) */
  long long n = CALLS;
  for (int i = 0; i < THREADS; i++) {
    long long expected = 2 * (n * (n - 1) / 2) + n * i + n * (n + 1) / 2;
    CHECK(workers[i].sum == expected);
    CHECK(workers[i].host_calls == CALLS);
  }
  wasm_shared_module_delete(shared);
  wasm_engine_delete(engine);
  printf("ok\n");
  return 0;
}
