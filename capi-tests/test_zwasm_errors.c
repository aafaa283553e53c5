/* zwasm.h: the last error, error objects, and the text format. */
#include "check.h"

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);

  /* failures leave a message; clearing forgets it */
  zwasm_last_error_clear();
  CHECK(zwasm_last_error_message() == NULL);
  CHECK(wasm_valtype_new(200) == NULL);
  const char* message = zwasm_last_error_message();
  CHECK(message && strstr(message, "200"));
  zwasm_last_error_clear();
  CHECK(zwasm_last_error_message() == NULL);

  /* the text format, directly to a module */
  const char* text = "(module (func (export \"seven\") (result i32) i32.const 7))";
  wasm_module_t* module = NULL;
  zwasm_error_t* error = zwasm_module_new_wat(store, text, strlen(text), &module);
  CHECK(error == NULL && module != NULL);
  wasm_instance_t* instance = instantiate(store, module);
  wasm_extern_t* seven = export_at(instance, 0);
  wasm_val_t r[1] = {WASM_INIT_VAL};
  wasm_val_vec_t none = WASM_EMPTY_VEC, results = WASM_ARRAY_VEC(r);
  CHECK_NO_TRAP(wasm_func_call(wasm_extern_as_func(seven), &none, &results));
  CHECK(r[0].of.i32 == 7);
  wasm_extern_delete(seven);
  wasm_instance_delete(instance);
  wasm_module_delete(module);

  /* a text error says where */
  const char* broken = "(module\n  (func (result i32) i32.const))";
  error = zwasm_module_new_wat(store, broken, strlen(broken), &module);
  CHECK(error && module == NULL);
  CHECK(zwasm_error_kind(error) == ZWASM_ERROR_TEXT);
  CHECK(strstr(zwasm_error_message(error), ":2:") != NULL); /* line 2 */
  size_t offset;
  CHECK(!zwasm_error_offset(error, &offset));
  CHECK(zwasm_error_trap(error) == NULL);
  zwasm_error_delete(error);

  /* well-formed text, invalid module: a compile error with its offset */
  const char* invalid = "(module (func (result i32) f32.const 1))";
  error = zwasm_module_new_wat(store, invalid, strlen(invalid), &module);
  CHECK(error && zwasm_error_kind(error) == ZWASM_ERROR_COMPILE);
  CHECK(zwasm_error_offset(error, &offset) && offset > 0);
  CHECK(strstr(zwasm_error_message(error), "type mismatch") != NULL);
  zwasm_error_delete(error);

  /* text to binary */
  wasm_byte_vec_t binary;
  error = zwasm_wat2wasm("(module)", 8, &binary);
  CHECK(error == NULL && binary.size == 8 && memcmp(binary.data, "\0asm\1\0\0\0", 8) == 0);
  wasm_byte_vec_delete(&binary);
  error = zwasm_wat2wasm("(modul)", 7, &binary);
  CHECK(error && zwasm_error_kind(error) == ZWASM_ERROR_TEXT && binary.size == 0);
  zwasm_error_delete(error);

  /* usage errors */
  error = zwasm_module_new_wat(store, NULL, 5, &module);
  CHECK(error && zwasm_error_kind(error) == ZWASM_ERROR_USAGE);
  zwasm_error_delete(error);
  error = zwasm_module_new_wat(store, text, strlen(text), NULL);
  CHECK(error && zwasm_error_kind(error) == ZWASM_ERROR_USAGE);
  zwasm_error_delete(error);
  error = zwasm_module_new_ex(NULL, &binary, &module);
  CHECK(error && zwasm_error_kind(error) == ZWASM_ERROR_USAGE && module == NULL);
  CHECK(strcmp(zwasm_error_message(error), zwasm_last_error_message()) == 0);
  zwasm_error_delete(error);
  CHECK(zwasm_error_message(NULL) == NULL);
  zwasm_error_delete(NULL);

  /* successes leave no message behind */
  zwasm_last_error_clear();
  error = zwasm_module_new_wat(store, text, strlen(text), &module);
  CHECK(error == NULL);
  error = zwasm_wat2wasm("(module)", 8, &binary);
  CHECK(error == NULL);
  wasm_module_t* from_binary = NULL;
  CHECK(zwasm_module_new_ex(store, &binary, &from_binary) == NULL);
  wasm_byte_vec_delete(&binary);
  wasm_extern_vec_t no_imports = WASM_EMPTY_VEC;
  CHECK(zwasm_instance_new_ex(store, module, &no_imports, &instance) == NULL);
  wasm_instance_delete(instance);
  wasm_module_delete(from_binary);
  wasm_module_delete(module);
  CHECK(zwasm_last_error_message() == NULL);

  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("ok\n");
  return 0;
}
