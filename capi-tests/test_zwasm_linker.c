/* zwasm.h: the linker. Imports resolved by name from host externs, from
 * the exports of instances and from WASI; clashes, shadowing, and every
 * way instantiation can fail. */
#include "check.h"

static int32_t doubled_by = 2;

static wasm_trap_t* times(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  results->data[0] = (wasm_val_t)WASM_I32_VAL(args->data[0].of.i32 * *(int32_t*)env);
  return NULL;
}

static wasm_func_t* times_func(wasm_store_t* store, int32_t* factor) {
  wasm_functype_t* type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* f = wasm_func_new_with_env(store, type, times, factor, NULL);
  wasm_functype_delete(type);
  return f;
}

static int32_t call_i32(const wasm_instance_t* instance, size_t index, int32_t arg) {
  wasm_extern_t* e = export_at(instance, index);
  wasm_val_t a[1] = {WASM_I32_VAL(arg)}, r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
  CHECK_NO_TRAP(wasm_func_call(wasm_extern_as_func(e), &args, &results));
  wasm_extern_delete(e);
  return r[0].of.i32;
}

static void expect_error(zwasm_error_t* e, zwasm_error_kind_t kind, const char* part) {
  CHECK(e != NULL);
  if (zwasm_error_kind(e) != kind || !strstr(zwasm_error_message(e), part)) {
    fprintf(stderr, "error %u: %s (wanted %u, \"%s\")\n", zwasm_error_kind(e), zwasm_error_message(e), kind, part);
    exit(1);
  }
  zwasm_error_delete(e);
}

static const char* USER =
    "(module"
    "  (import \"env\" \"double\" (func $double (param i32) (result i32)))"
    "  (import \"env\" \"base\" (global $base i32))"
    "  (import \"env\" \"mem\" (memory 1))"
    "  (import \"lib\" \"add\" (func $add (param i32 i32) (result i32)))"
    "  (func (export \"run\") (param i32) (result i32)"
    "    (i32.store (i32.const 0) (call $add (call $double (local.get 0)) (global.get $base)))"
    "    (i32.load (i32.const 0))))";

static const char* LIB =
    "(module"
    "  (func (export \"add\") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))"
    "  (func (export \"sub\") (param i32 i32) (result i32) (i32.sub (local.get 0) (local.get 1))))";

/* Host externs and an instance, by name; shadowing. */
static void resolving(wasm_engine_t* engine, wasm_store_t* store) {
  zwasm_linker_t* linker = zwasm_linker_new(engine);
  CHECK(linker != NULL);
  wasm_func_t* doubler = times_func(store, &doubled_by);
  wasm_globaltype_t* gt = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
  wasm_val_t base_value = WASM_I32_VAL(100);
  wasm_global_t* base = wasm_global_new(store, gt, &base_value);
  wasm_globaltype_delete(gt);
  wasm_limits_t limits = {1, 2};
  wasm_memorytype_t* mt = wasm_memorytype_new(&limits);
  wasm_memory_t* mem = wasm_memory_new(store, mt);
  wasm_memorytype_delete(mt);

  CHECK(zwasm_linker_define(linker, "env", "double", wasm_func_as_extern(doubler)) == NULL);
  CHECK(zwasm_linker_define(linker, "env", "base", wasm_global_as_extern(base)) == NULL);
  CHECK(zwasm_linker_define(linker, "env", "mem", wasm_memory_as_extern(mem)) == NULL);
  wasm_module_t* lib = module_from_wat(store, LIB);
  wasm_instance_t* lib_instance = instantiate(store, lib);
  CHECK(zwasm_linker_define_instance(linker, "lib", lib_instance) == NULL);

  wasm_module_t* user = module_from_wat(store, USER);
  wasm_instance_t* instance = NULL;
  CHECK(zwasm_linker_instantiate(linker, store, user, &instance) == NULL);
  CHECK(instance != NULL);
  CHECK(call_i32(instance, 0, 21) == 142); /* 21 * 2 + 100 */
  CHECK(wasm_memory_data(mem)[0] == (char)142); /* the host's memory */
  wasm_instance_delete(instance);

  /* A name is defined once, unless shadowing is allowed. */
  static int32_t tripled_by = 3;
  wasm_func_t* tripler = times_func(store, &tripled_by);
  expect_error(zwasm_linker_define(linker, "env", "double", wasm_func_as_extern(tripler)), ZWASM_ERROR_LINK,
               "`env::double` is already defined");
  expect_error(zwasm_linker_define_instance(linker, "lib", lib_instance), ZWASM_ERROR_LINK,
               "`lib::add` is already defined");
  zwasm_linker_allow_shadowing(linker, true);
  CHECK(zwasm_linker_define(linker, "env", "double", wasm_func_as_extern(tripler)) == NULL);
  CHECK(zwasm_linker_define_instance(linker, "lib", lib_instance) == NULL);
  CHECK(zwasm_linker_instantiate(linker, store, user, &instance) == NULL);
  CHECK(call_i32(instance, 0, 21) == 163); /* 21 * 3 + 100 */
  wasm_instance_delete(instance);
  zwasm_linker_allow_shadowing(linker, false);
  expect_error(zwasm_linker_define(linker, "env", "double", wasm_func_as_extern(doubler)), ZWASM_ERROR_LINK,
               "already defined");

  /* The linker refers to the objects; deleting the handles is fine. */
  wasm_func_delete(doubler);
  wasm_func_delete(tripler);
  wasm_global_delete(base);
  wasm_memory_delete(mem);
  CHECK(zwasm_linker_instantiate(linker, store, user, &instance) == NULL);
  CHECK(call_i32(instance, 0, 1) == 103);
  wasm_instance_delete(instance);

  /* An instance's exports are defined all or none. */
  zwasm_linker_t* partial = zwasm_linker_new(engine);
  wasm_func_t* other = times_func(store, &doubled_by);
  CHECK(zwasm_linker_define(partial, "lib", "sub", wasm_func_as_extern(other)) == NULL);
  expect_error(zwasm_linker_define_instance(partial, "lib", lib_instance), ZWASM_ERROR_LINK,
               "`lib::sub` is already defined");
  wasm_module_t* needs_add = module_from_wat(
      store, "(module (import \"lib\" \"add\" (func (param i32 i32) (result i32))))");
  expect_error(zwasm_linker_instantiate(partial, store, needs_add, &instance), ZWASM_ERROR_LINK,
               "`lib::add` (func) is not defined");
  CHECK(instance == NULL);
  wasm_func_delete(other);
  zwasm_linker_delete(partial);

  wasm_module_delete(needs_add);
  wasm_instance_delete(lib_instance);
  wasm_module_delete(lib);
  wasm_module_delete(user);
  zwasm_linker_delete(linker);
}

/* WASI through the linker: defined once, all or none. */
static void wasi(wasm_engine_t* engine, wasm_store_t* store) {
  zwasm_linker_t* linker = zwasm_linker_new(engine);
  CHECK(zwasm_linker_define_wasi(linker) == NULL);
  expect_error(zwasm_linker_define_wasi(linker), ZWASM_ERROR_LINK, "is already defined");
  wasm_module_t* m = module_from_wat(
      store,
      "(module"
      "  (import \"wasi_unstable\" \"random_get\" (func $random (param i32 i32) (result i32)))"
      "  (import \"wasi_snapshot_preview1\" \"sched_yield\" (func $yield (result i32)))"
      "  (memory (export \"memory\") 1)"
      "  (func (export \"run\") (param i32) (result i32)"
      "    (i32.add (call $yield) (call $random (i32.const 0) (local.get 0)))))");
  wasm_instance_t* instance = NULL;
  CHECK(zwasm_linker_instantiate(linker, store, m, &instance) == NULL);
  CHECK(call_i32(instance, 1, 64) == 0);
  CHECK(call_i32(instance, 1, 65537) == 21); /* EFAULT: beyond the memory */
  wasm_instance_delete(instance);
  zwasm_linker_delete(linker);

  /* One name already taken: no WASI function is defined. */
  linker = zwasm_linker_new(engine);
  wasm_func_t* f = times_func(store, &doubled_by);
  CHECK(zwasm_linker_define(linker, "wasi_unstable", "proc_exit", wasm_func_as_extern(f)) == NULL);
  expect_error(zwasm_linker_define_wasi(linker), ZWASM_ERROR_LINK, "`wasi_unstable::proc_exit` is already defined");
  expect_error(zwasm_linker_instantiate(linker, store, m, &instance), ZWASM_ERROR_LINK,
               "`wasi_unstable::random_get` (func) is not defined");
  zwasm_linker_allow_shadowing(linker, true);
  CHECK(zwasm_linker_define_wasi(linker) == NULL);
  CHECK(zwasm_linker_instantiate(linker, store, m, &instance) == NULL);
  wasm_instance_delete(instance);
  wasm_func_delete(f);
  wasm_module_delete(m);
  zwasm_linker_delete(linker);
}

/* Everything instantiation can refuse. */
static void failures(wasm_engine_t* engine, wasm_store_t* store) {
  zwasm_linker_t* linker = zwasm_linker_new(engine);
  wasm_instance_t* instance = (wasm_instance_t*)1;

  wasm_module_t* user = module_from_wat(store, USER);
  expect_error(zwasm_linker_instantiate(linker, store, user, &instance), ZWASM_ERROR_LINK,
               "`env::double` (func) is not defined");
  CHECK(instance == NULL);

  /* The wrong type. */
  wasm_globaltype_t* gt = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_CONST);
  wasm_val_t v = WASM_I64_VAL(1);
  wasm_global_t* g = wasm_global_new(store, gt, &v);
  wasm_globaltype_delete(gt);
  CHECK(zwasm_linker_define(linker, "env", "double", wasm_global_as_extern(g)) == NULL);
  wasm_module_t* needs_func = module_from_wat(
      store, "(module (import \"env\" \"double\" (func (param i32) (result i32))))");
  expect_error(zwasm_linker_instantiate(linker, store, needs_func, &instance), ZWASM_ERROR_LINK, "env::double");
  wasm_module_delete(needs_func);

  /* A start function that traps. */
  wasm_module_t* trapping = module_from_wat(store, "(module (func $s unreachable) (start $s))");
  zwasm_error_t* e = zwasm_linker_instantiate(linker, store, trapping, &instance);
  CHECK(e && zwasm_error_kind(e) == ZWASM_ERROR_TRAP && instance == NULL);
  wasm_trap_t* trap = zwasm_error_trap(e);
  CHECK(trap && trap_says(trap, "unreachable"));
  wasm_trap_delete(trap);
  zwasm_error_delete(e);

  /* Definitions from another store. */
  wasm_store_t* other = wasm_store_new(engine);
  wasm_module_t* needs_global = module_from_wat(store, "(module (import \"env\" \"double\" (global i64)))");
  CHECK(zwasm_linker_instantiate(linker, store, needs_global, &instance) == NULL);
  wasm_instance_delete(instance);
  expect_error(zwasm_linker_instantiate(linker, other, needs_global, &instance), ZWASM_ERROR_USAGE,
               "another store");
  wasm_store_delete(other);

  /* A store of another engine. */
  wasm_engine_t* engine2 = wasm_engine_new();
  wasm_store_t* store2 = wasm_store_new(engine2);
  wasm_module_t* empty = module_from_wat(store, "(module)");
  expect_error(zwasm_linker_instantiate(linker, store2, empty, &instance), ZWASM_ERROR_USAGE,
               "different engines");

  /* Bad names and NULLs. */
  expect_error(zwasm_linker_define(linker, "env", "\xc3", wasm_global_as_extern(g)), ZWASM_ERROR_USAGE,
               "`name` is not valid UTF-8");
  expect_error(zwasm_linker_define(linker, NULL, "x", wasm_global_as_extern(g)), ZWASM_ERROR_USAGE,
               "`module` must not be NULL");
  expect_error(zwasm_linker_define(linker, "env", "x", NULL), ZWASM_ERROR_USAGE, "`item` must not be NULL");
  expect_error(zwasm_linker_define_instance(linker, "m", NULL), ZWASM_ERROR_USAGE, "`instance` must not be NULL");
  expect_error(zwasm_linker_instantiate(linker, store, NULL, &instance), ZWASM_ERROR_USAGE,
               "`module` must not be NULL");
  expect_error(zwasm_linker_instantiate(linker, store, empty, NULL), ZWASM_ERROR_USAGE, "`out` must not be NULL");

  wasm_module_delete(empty);
  wasm_store_delete(store2);
  wasm_engine_delete(engine2);
  wasm_global_delete(g);
  wasm_module_delete(needs_global);
  wasm_module_delete(trapping);
  wasm_module_delete(user);
  zwasm_linker_delete(linker);
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  resolving(engine, store);
  wasi(engine, store);
  failures(engine, store);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("ok\n");
  return 0;
}
