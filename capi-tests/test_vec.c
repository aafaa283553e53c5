/* Vectors: the five functions of every vector type. */
#include "check.h"

static void byte_vectors(void) {
  wasm_byte_vec_t v;
  wasm_byte_vec_new_empty(&v);
  CHECK(v.size == 0 && v.data == NULL);
  wasm_byte_vec_delete(&v);

  wasm_byte_vec_new_uninitialized(&v, 5);
  CHECK(v.size == 5 && v.data != NULL);
  for (size_t i = 0; i < 5; i++) CHECK(v.data[i] == 0);
  memcpy(v.data, "hello", 5);

  wasm_byte_vec_t copy;
  wasm_byte_vec_copy(&copy, &v);
  CHECK(copy.size == 5 && copy.data != v.data && memcmp(copy.data, "hello", 5) == 0);
  wasm_byte_vec_delete(&copy);
  CHECK(copy.size == 0 && copy.data == NULL);
  wasm_byte_vec_delete(&v);
  wasm_byte_vec_delete(&v); /* deleting an empty vector is fine */

  wasm_byte_vec_new(&v, 3, "abc");
  CHECK(v.size == 3 && memcmp(v.data, "abc", 3) == 0);
  wasm_byte_vec_delete(&v);

  /* names are byte vectors */
  wasm_name_t name;
  wasm_name_new_from_string(&name, "memory");
  CHECK(name_is(&name, "memory"));
  wasm_name_delete(&name);
  wasm_name_new_from_string_nt(&name, "memory");
  CHECK(name.size == 7 && name.data[6] == '\0');
  wasm_name_delete(&name);

  /* a NULL data pointer with a non-zero size is refused, not read */
  wasm_byte_vec_new(&v, 4, NULL);
  CHECK(v.size == 0 && v.data == NULL);
  CHECK(last_error_says("NULL"));
}

static void val_vectors(void) {
  wasm_store_t* store;
  wasm_engine_t* engine = wasm_engine_new();
  store = wasm_store_new(engine);

  wasm_val_vec_t v;
  wasm_val_vec_new_uninitialized(&v, 3);
  CHECK(v.size == 3);
  for (size_t i = 0; i < 3; i++) CHECK(v.data[i].kind == WASM_I32 && v.data[i].of.i32 == 0);
  wasm_val_vec_delete(&v);

  /* values with references: the vector owns them, copies copy them */
  wasm_foreign_t* foreign = wasm_foreign_new(store);
  wasm_val_t vals[2] = {WASM_I64_VAL(7), WASM_REF_VAL(wasm_foreign_as_ref(foreign))};
  wasm_val_vec_new(&v, 2, vals); /* the foreign handle now belongs to v */
  CHECK(v.data[0].of.i64 == 7 && v.data[1].kind == WASM_EXTERNREF);

  wasm_val_vec_t copy;
  wasm_val_vec_copy(&copy, &v);
  CHECK(copy.data[1].of.ref != v.data[1].of.ref);
  CHECK(wasm_ref_same(copy.data[1].of.ref, v.data[1].of.ref));
  wasm_val_vec_delete(&copy);
  wasm_val_vec_delete(&v);

  wasm_val_vec_new_empty(&v);
  CHECK(v.size == 0);
  wasm_val_vec_delete(&v);

  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

/* The vectors of type descriptions all behave the same way. */
#define POINTER_VEC_TEST(name, make)                               \
  static void name##_vectors(void) {                              \
    wasm_##name##_vec_t v, copy;                                   \
    wasm_##name##_vec_new_empty(&v);                               \
    CHECK(v.size == 0);                                            \
    wasm_##name##_vec_delete(&v);                                  \
    wasm_##name##_vec_new_uninitialized(&v, 2);                    \
    CHECK(v.size == 2 && v.data[0] == NULL && v.data[1] == NULL);  \
    v.data[0] = make;                                              \
    wasm_##name##_vec_copy(&copy, &v);                             \
    CHECK(copy.size == 2 && copy.data[0] != NULL);                 \
    CHECK(copy.data[0] != v.data[0] && copy.data[1] == NULL);      \
    wasm_##name##_vec_delete(&copy);                               \
    wasm_##name##_vec_delete(&v);                                  \
    wasm_##name##_t* items[1] = {make};                            \
    wasm_##name##_vec_new(&v, 1, items);                           \
    CHECK(v.size == 1 && v.data[0] == items[0]);                   \
    wasm_##name##_vec_delete(&v);                                  \
  }

static wasm_limits_t limits = {1, 2};
POINTER_VEC_TEST(valtype, wasm_valtype_new_i32())
POINTER_VEC_TEST(functype, wasm_functype_new_0_0())
POINTER_VEC_TEST(globaltype, wasm_globaltype_new(wasm_valtype_new_f32(), WASM_VAR))
POINTER_VEC_TEST(tabletype, wasm_tabletype_new(wasm_valtype_new_funcref(), &limits))
POINTER_VEC_TEST(memorytype, wasm_memorytype_new(&limits))
POINTER_VEC_TEST(tagtype, wasm_tagtype_new(wasm_functype_new_0_0()))
POINTER_VEC_TEST(externtype, wasm_functype_as_externtype(wasm_functype_new_0_0()))

static wasm_importtype_t* make_import(void) {
  wasm_name_t module, name;
  wasm_name_new_from_string(&module, "env");
  wasm_name_new_from_string(&name, "f");
  return wasm_importtype_new(&module, &name, wasm_functype_as_externtype(wasm_functype_new_0_0()));
}
POINTER_VEC_TEST(importtype, make_import())

static wasm_exporttype_t* make_export(void) {
  wasm_name_t name;
  wasm_name_new_from_string(&name, "f");
  return wasm_exporttype_new(&name, wasm_memorytype_as_externtype(wasm_memorytype_new(&limits)));
}
POINTER_VEC_TEST(exporttype, make_export())

/* Frames and externs come from the runtime. */
static void frame_and_extern_vectors(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = module_from_wat(store,
      "(module (func (export \"boom\") unreachable) (memory (export \"m\") 1))");
  wasm_instance_t* instance = instantiate(store, module);

  wasm_extern_vec_t exports, copy;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 2);
  wasm_extern_vec_copy(&copy, &exports);
  CHECK(copy.size == 2 && wasm_extern_same(copy.data[0], exports.data[0]));
  wasm_extern_vec_delete(&copy);

  wasm_val_vec_t args = WASM_EMPTY_VEC, results = WASM_EMPTY_VEC;
  wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(exports.data[0]), &args, &results);
  CHECK(trap != NULL);
  wasm_frame_vec_t frames, frames_copy;
  wasm_trap_trace(trap, &frames);
  CHECK(frames.size == 1);
  wasm_frame_vec_copy(&frames_copy, &frames);
  CHECK(frames_copy.size == 1 && wasm_frame_func_index(frames_copy.data[0]) == 0);
  wasm_frame_vec_delete(&frames_copy);
  wasm_frame_vec_delete(&frames);

  wasm_frame_t* items[1] = {wasm_trap_origin(trap)};
  wasm_frame_vec_new(&frames, 1, items);
  CHECK(frames.size == 1);
  wasm_frame_vec_delete(&frames);
  wasm_frame_vec_new_uninitialized(&frames, 1);
  CHECK(frames.data[0] == NULL);
  wasm_frame_vec_delete(&frames);
  wasm_frame_vec_new_empty(&frames);
  wasm_frame_vec_delete(&frames);
  wasm_trap_delete(trap);

  wasm_extern_t* ext[1] = {wasm_extern_copy(exports.data[1])};
  wasm_extern_vec_t one;
  wasm_extern_vec_new(&one, 1, ext);
  CHECK(wasm_extern_kind(one.data[0]) == WASM_EXTERN_MEMORY);
  wasm_extern_vec_delete(&one);
  wasm_extern_vec_new_uninitialized(&one, 2);
  CHECK(one.size == 2 && one.data[1] == NULL);
  wasm_extern_vec_delete(&one);
  wasm_extern_vec_new_empty(&one);
  wasm_extern_vec_delete(&one);

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

int main(void) {
  byte_vectors();
  val_vectors();
  valtype_vectors();
  functype_vectors();
  globaltype_vectors();
  tabletype_vectors();
  memorytype_vectors();
  tagtype_vectors();
  externtype_vectors();
  importtype_vectors();
  exporttype_vectors();
  frame_and_extern_vectors();
  printf("ok\n");
  return 0;
}
