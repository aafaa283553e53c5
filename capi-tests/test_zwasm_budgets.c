/* zwasm.h: fuel, interruption from another thread, growth limits. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <time.h>

#include "check.h"

static const char* SPIN =
    "(module"
    "  (memory (export \"m\") 1)"
    "  (table (export \"t\") 1 funcref)"
    "  (func (export \"spin\") (param i32) (result i32)"
    "    (local i32)"
    "    (block (loop"
    "      (br_if 1 (i32.eqz (local.get 0)))"
    "      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))"
    "      (local.set 1 (i32.add (local.get 1) (i32.const 1)))"
    "      (br 0)))"
    "    local.get 1)"
    "  (func (export \"forever\") (loop (br 0)))"
    "  (func (export \"grow\") (param i32) (result i32) (memory.grow (local.get 0)))"
    "  (func (export \"grow_table\") (param i32) (result i32) (table.grow (ref.null func) (local.get 0))))";

static wasm_trap_t* call_spin(wasm_extern_t* spin, int n, int* out) {
  wasm_val_t a[1] = {WASM_I32_VAL(n)}, r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
  wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(spin), &args, &results);
  if (!trap && out) *out = r[0].of.i32;
  return trap;
}

static void fuel(wasm_store_t* store, wasm_extern_t* spin) {
  uint64_t left = 0;
  CHECK(!zwasm_store_get_fuel(store, &left)); /* off by default */
  CHECK(!zwasm_store_add_fuel(store, 5));
  CHECK(last_error_says("metering is off"));

  zwasm_store_set_fuel(store, 1000);
  CHECK(zwasm_store_get_fuel(store, &left) && left == 1000);
  int result = 0;
  CHECK_NO_TRAP(call_spin(spin, 100, &result));
  CHECK(result == 100);
  CHECK(zwasm_store_get_fuel(store, &left) && left < 1000 && left >= 1000 - 110);

  /* run out: the trap says so and has its code */
  wasm_trap_t* trap = call_spin(spin, 100000, NULL);
  CHECK(trap && trap_says(trap, "all fuel consumed"));
  zwasm_trap_code_t code;
  CHECK(zwasm_trap_code(trap, &code) && code == ZWASM_TRAP_OUT_OF_FUEL);
  wasm_trap_delete(trap);
  CHECK(zwasm_store_get_fuel(store, &left) && left == 0);

  /* refill and continue */
  CHECK(zwasm_store_add_fuel(store, 200000));
  CHECK_NO_TRAP(call_spin(spin, 100000, &result));
  CHECK(result == 100000);
  CHECK(zwasm_store_get_fuel(store, &left) && left < 100000);

  zwasm_store_disable_fuel(store);
  CHECK(!zwasm_store_get_fuel(store, &left));
  CHECK_NO_TRAP(call_spin(spin, 1000000, &result));
}

struct interrupter {
  zwasm_interrupt_handle_t* handle;
};

static void* interrupt_later(void* arg) {
  struct interrupter* it = arg;
  struct timespec delay = {0, 50 * 1000 * 1000};
  nanosleep(&delay, NULL);
  zwasm_interrupt_handle_interrupt(it->handle);
  return NULL;
}

static void interruption(wasm_store_t* store, wasm_extern_t* forever, wasm_extern_t* spin) {
  zwasm_interrupt_handle_t* handle = zwasm_interrupt_handle_new(store);
  CHECK(handle != NULL);
  struct interrupter it = {handle};
  pthread_t thread;
  CHECK(pthread_create(&thread, NULL, interrupt_later, &it) == 0);
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(forever), &none, &none);
  CHECK(pthread_join(thread, NULL) == 0);
  CHECK(trap && trap_says(trap, "interrupted"));
  zwasm_trap_code_t code;
  CHECK(zwasm_trap_code(trap, &code) && code == ZWASM_TRAP_INTERRUPTED);
  wasm_trap_delete(trap);

  /* the store goes on */
  int result = 0;
  CHECK_NO_TRAP(call_spin(spin, 10, &result));
  CHECK(result == 10);

  /* an interrupt while idle stops the next long call */
  zwasm_interrupt_handle_interrupt(handle);
  trap = wasm_func_call(wasm_extern_as_func(forever), &none, &none);
  CHECK(trap && trap_says(trap, "interrupted"));
  wasm_trap_delete(trap);
  zwasm_interrupt_handle_delete(handle);
  CHECK(zwasm_interrupt_handle_new(NULL) == NULL);
}

static int call_i32(wasm_extern_t* f, int arg) {
  wasm_val_t a[1] = {WASM_I32_VAL(arg)}, r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
  CHECK_NO_TRAP(wasm_func_call(wasm_extern_as_func(f), &args, &results));
  return r[0].of.i32;
}

static void limits(wasm_store_t* store, wasm_extern_t* grow, wasm_extern_t* grow_table, wasm_extern_t* m,
                   wasm_extern_t* t) {
  zwasm_store_limit_memory_pages(store, 3);
  CHECK(call_i32(grow, 2) == 1);  /* 1 -> 3 pages */
  CHECK(call_i32(grow, 1) == -1); /* past the limit: memory.grow fails */
  CHECK(!wasm_memory_grow(wasm_extern_as_memory(m), 1));
  wasm_limits_t big = {4, wasm_limits_max_default};
  wasm_memorytype_t* mt = wasm_memorytype_new(&big);
  CHECK(wasm_memory_new(store, mt) == NULL);
  CHECK(last_error_says("store limit"));
  zwasm_store_limit_memory_pages(store, ZWASM_UNLIMITED);
  CHECK(call_i32(grow, 1) == 3);
  wasm_memory_t* now_fine = wasm_memory_new(store, mt);
  CHECK(now_fine != NULL);
  wasm_memory_delete(now_fine);
  wasm_memorytype_delete(mt);

  zwasm_store_limit_table_elements(store, 4);
  CHECK(call_i32(grow_table, 3) == 1);
  CHECK(call_i32(grow_table, 1) == -1);
  CHECK(!wasm_table_grow(wasm_extern_as_table(t), 1, NULL));
  zwasm_store_limit_table_elements(store, ZWASM_UNLIMITED);
  CHECK(wasm_table_grow(wasm_extern_as_table(t), 1, NULL));
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = module_from_wat(store, SPIN);
  wasm_instance_t* instance = instantiate(store, module);
  wasm_extern_t* m = export_at(instance, 0);
  wasm_extern_t* t = export_at(instance, 1);
  wasm_extern_t* spin = export_at(instance, 2);
  wasm_extern_t* forever = export_at(instance, 3);
  wasm_extern_t* grow = export_at(instance, 4);
  wasm_extern_t* grow_table = export_at(instance, 5);

  fuel(store, spin);
  interruption(store, forever, spin);
  limits(store, grow, grow_table, m, t);

  zwasm_store_set_fuel(NULL, 1);
  CHECK(last_error_says("must not be NULL"));

  wasm_extern_delete(m);
  wasm_extern_delete(t);
  wasm_extern_delete(spin);
  wasm_extern_delete(forever);
  wasm_extern_delete(grow);
  wasm_extern_delete(grow_table);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("ok\n");
  return 0;
}
