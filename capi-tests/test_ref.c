/* References: copy, same, host info with and without finalizer, and the
 * conversions to and from wasm_ref_t, for every reference-like type. */
#include "check.h"

static int finalized[8];

static void finalize(void* info) { finalized[(size_t)info]++; }

/* The behaviour every reference type shares, checked through its own
 * functions (X_copy, X_same, X_get/set_host_info...). */
#define CHECK_REF_TYPE(name, obj, slot)                                              \
  do {                                                                               \
    wasm_##name##_t* a_ = (obj);                                                     \
    wasm_##name##_t* b_ = wasm_##name##_copy(a_);                                    \
    CHECK(b_ != a_ && wasm_##name##_same(a_, b_));                                   \
    CHECK(wasm_##name##_get_host_info(a_) == NULL);                                  \
    wasm_##name##_set_host_info(a_, (void*)77);                                      \
    CHECK(wasm_##name##_get_host_info(b_) == (void*)77); /* shared by handles */     \
    wasm_##name##_set_host_info_with_finalizer(b_, (void*)(size_t)(slot), finalize); \
    CHECK(wasm_##name##_get_host_info(a_) == (void*)(size_t)(slot));                 \
    wasm_ref_t* r_ = wasm_##name##_as_ref(a_);                                       \
    CHECK((void*)r_ == (void*)a_);                                                   \
    CHECK(wasm_ref_as_##name(r_) == a_);                                             \
    CHECK(wasm_##name##_as_ref_const(a_) == r_);                                     \
    CHECK(wasm_ref_as_##name##_const(r_) == a_);                                     \
    CHECK(wasm_ref_get_host_info(r_) == (void*)(size_t)(slot));                      \
    wasm_##name##_delete(b_);                                                        \
    CHECK(finalized[slot] == 0); /* a handle remains */                             \
  } while (0)

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = module_from_wat(store,
      "(module (func (export \"f\")) (global (export \"g\") i32 (i32.const 1))"
      " (table (export \"t\") 1 funcref) (memory (export \"m\") 1))");
  wasm_instance_t* instance = instantiate(store, module);
  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);

  wasm_message_t message;
  wasm_name_new_from_string_nt(&message, "t");
  wasm_trap_t* trap = wasm_trap_new(store, &message);
  wasm_byte_vec_delete(&message);
  wasm_foreign_t* foreign = wasm_foreign_new(store);
  wasm_func_t* func = wasm_func_copy(wasm_extern_as_func(exports.data[0]));
  wasm_global_t* global = wasm_global_copy(wasm_extern_as_global(exports.data[1]));
  wasm_table_t* table = wasm_table_copy(wasm_extern_as_table(exports.data[2]));
  wasm_memory_t* memory = wasm_memory_copy(wasm_extern_as_memory(exports.data[3]));
  wasm_extern_t* ext = wasm_extern_copy(exports.data[0]);
  wasm_extern_vec_delete(&exports);

  CHECK_REF_TYPE(trap, trap, 0);
  CHECK_REF_TYPE(foreign, foreign, 1);
  CHECK_REF_TYPE(module, module, 2);
  CHECK_REF_TYPE(func, func, 3);
  CHECK_REF_TYPE(global, global, 4);
  CHECK_REF_TYPE(table, table, 5);
  CHECK_REF_TYPE(memory, memory, 6);
  CHECK_REF_TYPE(instance, instance, 7);

  /* an extern handle of the function shares the function's host info */
  CHECK(wasm_extern_get_host_info(ext) == (void*)3);
  wasm_extern_t* ext2 = wasm_extern_copy(ext);
  CHECK(wasm_extern_same(ext, ext2));
  wasm_extern_set_host_info(ext2, (void*)3); /* replacing runs the old finalizer */
  CHECK(finalized[3] == 1);
  wasm_extern_set_host_info_with_finalizer(ext2, (void*)3, finalize);
  CHECK(wasm_extern_as_ref(ext) == (wasm_ref_t*)ext && wasm_ref_as_extern(wasm_extern_as_ref(ext)) == ext);
  CHECK(wasm_extern_as_ref_const(ext) == (const wasm_ref_t*)ext);
  CHECK(wasm_ref_as_extern_const(wasm_extern_as_ref_const(ext)) == ext);
  wasm_extern_delete(ext2);

  /* the generic reference functions */
  wasm_ref_t* r = wasm_ref_copy(wasm_global_as_ref(global));
  CHECK(wasm_ref_same(r, wasm_global_as_ref(global)) && !wasm_ref_same(r, wasm_func_as_ref(func)));
  CHECK(wasm_ref_get_host_info(r) == (void*)4);
  wasm_ref_set_host_info(r, (void*)4); /* runs the finalizer of slot 4 once */
  CHECK(finalized[4] == 1);
  wasm_ref_set_host_info_with_finalizer(r, (void*)4, finalize);
  /* conversions to the wrong kind give NULL */
  CHECK(wasm_ref_as_func(r) == NULL && wasm_ref_as_table(r) == NULL && wasm_ref_as_memory(r) == NULL);
  CHECK(wasm_ref_as_trap(r) == NULL && wasm_ref_as_foreign(r) == NULL && wasm_ref_as_module(r) == NULL);
  CHECK(wasm_ref_as_instance(r) == NULL && wasm_ref_as_global(r) != NULL);
  CHECK(wasm_ref_as_extern(wasm_foreign_as_ref(foreign)) == NULL);
  CHECK(wasm_ref_as_extern(wasm_memory_as_ref(memory)) != NULL);
  CHECK(wasm_ref_as_func_const(NULL) == NULL);
  CHECK(wasm_ref_same(NULL, NULL) && !wasm_ref_same(r, NULL));
  wasm_ref_delete(r);

  /* finalizers run exactly once, when the last handle goes */
  wasm_trap_delete(trap);
  CHECK(finalized[0] == 1);
  wasm_foreign_delete(foreign);
  CHECK(finalized[1] == 1);
  wasm_module_delete(module);
  CHECK(finalized[2] == 1);
  wasm_func_delete(func);
  CHECK(finalized[3] == 1); /* `ext` still names the function */
  wasm_extern_delete(ext);
  CHECK(finalized[3] == 2);
  wasm_global_delete(global);
  CHECK(finalized[4] == 2);
  wasm_table_delete(table);
  wasm_memory_delete(memory);
  wasm_instance_delete(instance);
  CHECK(finalized[5] == 1 && finalized[6] == 1 && finalized[7] == 1);

  wasm_store_delete(store);
  wasm_engine_delete(engine);
  for (int i = 0; i < 8; i++) CHECK(finalized[i] == (i == 3 || i == 4 ? 2 : 1));
  printf("ok\n");
  return 0;
}
