/* Modules: compiling, validating, imports and exports, serialization,
 * sharing with another thread's store. */
#include <pthread.h>

#include "check.h"

static const char* TEXT =
    "(module"
    "  (import \"env\" \"log\" (func (param i32)))"
    "  (import \"env\" \"mem\" (memory 1 2))"
    "  (import \"env\" \"g\" (global (mut f64)))"
    "  (import \"env\" \"tab\" (table 3 funcref))"
    "  (func (export \"run\") (param i32) (result i32) local.get 0 call 0 local.get 0)"
    "  (global (export \"answer\") i32 (i32.const 42))"
    "  (table (export \"t\") 1 5 externref)"
    "  (export \"m\" (memory 0)))";

static void reflection(wasm_store_t* store) {
  wasm_module_t* module = module_from_wat(store, TEXT);

  wasm_importtype_vec_t imports;
  wasm_module_imports(module, &imports);
  CHECK(imports.size == 4);
  CHECK(name_is(wasm_importtype_module(imports.data[0]), "env"));
  CHECK(name_is(wasm_importtype_name(imports.data[0]), "log"));
  const wasm_functype_t* log = wasm_externtype_as_functype_const(wasm_importtype_type(imports.data[0]));
  CHECK(log && wasm_functype_params(log)->size == 1);
  const wasm_memorytype_t* mem = wasm_externtype_as_memorytype_const(wasm_importtype_type(imports.data[1]));
  CHECK(mem && wasm_memorytype_limits(mem)->min == 1 && wasm_memorytype_limits(mem)->max == 2);
  const wasm_globaltype_t* g = wasm_externtype_as_globaltype_const(wasm_importtype_type(imports.data[2]));
  CHECK(g && wasm_globaltype_mutability(g) == WASM_VAR);
  CHECK(wasm_valtype_kind(wasm_globaltype_content(g)) == WASM_F64);
  const wasm_tabletype_t* t = wasm_externtype_as_tabletype_const(wasm_importtype_type(imports.data[3]));
  CHECK(t && wasm_tabletype_limits(t)->min == 3 && wasm_tabletype_limits(t)->max == wasm_limits_max_default);
  wasm_importtype_vec_delete(&imports);

  wasm_exporttype_vec_t exports;
  wasm_module_exports(module, &exports);
  CHECK(exports.size == 4);
  const char* names[] = {"run", "answer", "t", "m"};
  wasm_externkind_t kinds[] = {WASM_EXTERN_FUNC, WASM_EXTERN_GLOBAL, WASM_EXTERN_TABLE, WASM_EXTERN_MEMORY};
  for (size_t i = 0; i < 4; i++) {
    CHECK(name_is(wasm_exporttype_name(exports.data[i]), names[i]));
    CHECK(wasm_externtype_kind(wasm_exporttype_type(exports.data[i])) == kinds[i]);
  }
  wasm_exporttype_vec_delete(&exports);
  CHECK(zwasm_module_func_count(module) == 2);
  wasm_module_delete(module);
}

static void validation(wasm_store_t* store) {
  wasm_byte_vec_t good;
  wat(TEXT, &good);
  CHECK(wasm_module_validate(store, &good));

  /* invalid: a function returning nothing where it says i32 */
  wasm_byte_vec_t bad;
  wat("(module (func (result i32)))", &bad);
  CHECK(!wasm_module_validate(store, &bad));
  CHECK(last_error_says("invalid module"));
  CHECK(wasm_module_new(store, &bad) == NULL);
  wasm_module_t* out = (wasm_module_t*)&out;
  zwasm_error_t* error = zwasm_module_new_ex(store, &bad, &out);
  CHECK(error != NULL && out == NULL);
  CHECK(zwasm_error_kind(error) == ZWASM_ERROR_COMPILE);
  size_t offset = 0;
  CHECK(zwasm_error_offset(error, &offset) && offset > 8);
  zwasm_error_delete(error);
  wasm_byte_vec_delete(&bad);

  /* malformed: truncated bytes */
  wasm_byte_vec_t cut;
  wasm_byte_vec_new(&cut, good.size / 2, good.data);
  CHECK(!wasm_module_validate(store, &cut));
  CHECK(wasm_module_new(store, &cut) == NULL);
  wasm_byte_vec_delete(&cut);

  /* text is not a binary module for wasm_module_new */
  wasm_byte_vec_t text;
  wasm_byte_vec_new(&text, strlen("(module)"), "(module)");
  CHECK(!wasm_module_validate(store, &text));
  CHECK(wasm_module_new(store, &text) == NULL);
  CHECK(last_error_says("not a binary"));
  wasm_byte_vec_delete(&text);

  /* an empty vector and NULLs */
  wasm_byte_vec_t empty = WASM_EMPTY_VEC;
  CHECK(wasm_module_new(store, &empty) == NULL);
  CHECK(wasm_module_new(store, NULL) == NULL);
  CHECK(wasm_module_new(NULL, &good) == NULL);
  CHECK(!wasm_module_validate(NULL, &good));

  error = zwasm_module_new_ex(store, &good, &out);
  CHECK(error == NULL && out != NULL);
  wasm_module_delete(out);
  wasm_byte_vec_delete(&good);
}

static void serialization(wasm_store_t* store) {
  wasm_module_t* module = module_from_wat(store, TEXT);
  wasm_byte_vec_t blob;
  wasm_module_serialize(module, &blob);
  CHECK(blob.size > 16 && memcmp(blob.data, "\0zwasm", 6) == 0);

  wasm_module_t* back = wasm_module_deserialize(store, &blob);
  CHECK(back != NULL && !wasm_module_same(back, module));
  wasm_exporttype_vec_t exports;
  wasm_module_exports(back, &exports);
  CHECK(exports.size == 4 && name_is(wasm_exporttype_name(exports.data[0]), "run"));
  wasm_exporttype_vec_delete(&exports);

  /* serializing again gives the same bytes */
  wasm_byte_vec_t again;
  wasm_module_serialize(back, &again);
  CHECK(again.size == blob.size && memcmp(again.data, blob.data, blob.size) == 0);
  wasm_byte_vec_delete(&again);
  wasm_module_delete(back);

  /* every corruption and truncation is refused, never crashes */
  for (size_t i = 0; i < blob.size; i++) {
    blob.data[i] ^= 0x5a;
    CHECK(wasm_module_deserialize(store, &blob) == NULL);
    blob.data[i] ^= 0x5a;
  }
  for (size_t n = 0; n < blob.size; n += 3) {
    wasm_byte_vec_t part = {n, blob.data};
    CHECK(wasm_module_deserialize(store, &part) == NULL);
  }
  CHECK(last_error_says("truncated"));

  /* foreign bytes: a plain .wasm binary, random bytes */
  wasm_byte_vec_t binary;
  wat("(module)", &binary);
  CHECK(wasm_module_deserialize(store, &binary) == NULL);
  CHECK(last_error_says("not a serialized zwasm module"));
  wasm_byte_vec_delete(&binary);
  wasm_byte_vec_t noise;
  wasm_byte_vec_new_uninitialized(&noise, 100);
  for (size_t i = 0; i < noise.size; i++) noise.data[i] = (char)(i * 37 + 11);
  CHECK(wasm_module_deserialize(store, &noise) == NULL);
  wasm_byte_vec_delete(&noise);

  /* a wrong format version is named */
  blob.data[8] = 9;
  CHECK(wasm_module_deserialize(store, &blob) == NULL);
  CHECK(last_error_says("format version 9"));
  wasm_byte_vec_delete(&blob);
  wasm_module_delete(module);
}

struct job {
  wasm_engine_t* engine;
  wasm_shared_module_t* shared;
  int result;
};

static void* obtain_and_run(void* arg) {
  struct job* job = arg;
  wasm_store_t* store = wasm_store_new(job->engine);
  wasm_module_t* module = wasm_module_obtain(store, job->shared);
  CHECK(module != NULL);
  wasm_instance_t* instance = instantiate(store, module);
  wasm_extern_t* f = export_at(instance, 0);
  wasm_val_t a[1] = {WASM_I32_VAL(20)}, r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t args = WASM_ARRAY_VEC(a), results = WASM_ARRAY_VEC(r);
  CHECK_NO_TRAP(wasm_func_call(wasm_extern_as_func(f), &args, &results));
  job->result = r[0].of.i32;
  wasm_extern_delete(f);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  return NULL;
}

static void sharing(wasm_engine_t* engine, wasm_store_t* store) {
  wasm_module_t* module = module_from_wat(store,
      "(module (func (export \"double\") (param i32) (result i32) local.get 0 local.get 0 i32.add))");
  wasm_shared_module_t* shared = wasm_module_share(module);
  CHECK(shared != NULL);
  wasm_module_delete(module); /* the shared module stands on its own */

  /* to another thread, same engine */
  struct job job = {engine, shared, 0};
  pthread_t thread;
  CHECK(pthread_create(&thread, NULL, obtain_and_run, &job) == 0);
  CHECK(pthread_join(thread, NULL) == 0);
  CHECK(job.result == 40);

  /* to a store of another engine: compiled again for that engine */
  wasm_engine_t* other = wasm_engine_new();
  struct job job2 = {other, shared, 0};
  obtain_and_run(&job2);
  CHECK(job2.result == 40);
  wasm_engine_delete(other);

  CHECK(wasm_module_obtain(store, NULL) == NULL);
  CHECK(wasm_module_share(NULL) == NULL);
  wasm_shared_module_delete(shared);
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  reflection(store);
  validation(store);
  serialization(store);
  sharing(engine, store);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("ok\n");
  return 0;
}
