/* threads: one module compiled once and shared between threads; each
 * thread has its own store and instance and calls it in parallel. */
#include <pthread.h>

#include "example.h"

#define THREADS 4

static wasm_engine_t* engine;
static wasm_shared_module_t* shared;

static void* worker(void* arg) {
  int id = (int)(size_t)arg;
  wasm_store_t* store = wasm_store_new(engine); /* one store per thread */
  wasm_module_t* module = wasm_module_obtain(store, shared);
  wasm_instance_t* instance = instantiate(store, module, NULL, 0);
  wasm_extern_t* fib = get_export(module, instance, "fib");

  wasm_val_t args[1] = {WASM_I32_VAL(20 + id)};
  wasm_val_t results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t arg_vec = WASM_ARRAY_VEC(args), result_vec = WASM_ARRAY_VEC(results);
  wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(fib), &arg_vec, &result_vec);
  if (trap) report_trap(trap, 1);
  size_t result = (size_t)results[0].of.i32;

  wasm_extern_delete(fib);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  return (void*)result;
}

int main(void) {
  engine = wasm_engine_new(); /* engines are shared between threads */
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = compile_wat(store,
      "(module (func $fib (export \"fib\") (param i32) (result i32)"
      "  (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))"
      "    (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))"
      "                   (call $fib (i32.sub (local.get 0) (i32.const 2))))))))");
  shared = wasm_module_share(module); /* a module packed for other threads */
  wasm_module_delete(module);
  wasm_store_delete(store);

  pthread_t threads[THREADS];
  for (size_t i = 0; i < THREADS; i++) pthread_create(&threads[i], NULL, worker, (void*)i);
  for (size_t i = 0; i < THREADS; i++) {
    void* result;
    pthread_join(threads[i], &result);
    printf("thread %zu: fib(%zu) = %zu\n", i, 20 + i, (size_t)result);
  }

  wasm_shared_module_delete(shared);
  wasm_engine_delete(engine);
  return 0;
}
