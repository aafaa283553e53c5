/* finalize: host info with a finalizer. zwasm calls the finalizer exactly
 * once, when the object goes: when its last handle is deleted, or, for an
 * object WebAssembly holds as a reference, when the store is deleted. */
#include "example.h"

static void finalize(void* info) { printf("finalized %s\n", (const char*)info); }

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);

  /* Two handles of one object share its host info. */
  wasm_foreign_t* a = wasm_foreign_new(store);
  wasm_foreign_set_host_info_with_finalizer(a, "object A", finalize);
  wasm_foreign_t* a2 = wasm_foreign_copy(a);
  printf("deleting the first handle of A\n");
  wasm_foreign_delete(a);
  printf("deleting the last handle of A\n");
  wasm_foreign_delete(a2);

  /* An object stored in a WebAssembly global lives with the store. */
  wasm_globaltype_t* type = wasm_globaltype_new(wasm_valtype_new_externref(), WASM_VAR);
  wasm_foreign_t* b = wasm_foreign_new(store);
  wasm_foreign_set_host_info_with_finalizer(b, "object B", finalize);
  wasm_val_t value = WASM_REF_VAL(wasm_foreign_as_ref(b));
  wasm_global_t* global = wasm_global_new(store, type, &value);
  wasm_globaltype_delete(type);
  printf("deleting the handles of B (a global holds it)\n");
  wasm_foreign_delete(b);
  wasm_global_delete(global);

  /* Replacing host info finalizes the old info at once. */
  wasm_foreign_t* c = wasm_foreign_new(store);
  wasm_foreign_set_host_info_with_finalizer(c, "first info of C", finalize);
  printf("replacing the host info of C\n");
  wasm_foreign_set_host_info_with_finalizer(c, "second info of C", finalize);
  wasm_foreign_delete(c);

  printf("deleting the store\n");
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
