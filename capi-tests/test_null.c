/* Robustness: every function of wasm.h and zwasm.h called with NULL (or
 * zero) for every argument. None may crash; each returns NULL, false, zero,
 * a trap or an error object, as its declaration allows. (The list is made
 * from the headers; a new function must be added here.) */
#include "check.h"

#define CHECK_NULL(e) CHECK((e) == NULL)
#define CHECK_FALSE(e) CHECK(!(e))
#define CHECK_ZERO(e) CHECK((e) == 0)
#define CHECK_TRAP(e)          \
  do {                         \
    wasm_trap_t* t_ = (e);     \
    CHECK(t_ != NULL);         \
    wasm_trap_delete(t_);      \
  } while (0)
#define CHECK_ERROR(e)              \
  do {                              \
    zwasm_error_t* e_ = (e);        \
    CHECK(e_ != NULL);              \
    CHECK(zwasm_error_kind(e_) == ZWASM_ERROR_USAGE); \
    zwasm_error_delete(e_);         \
  } while (0)

int main(void) {
  wasm_byte_vec_copy(0, 0);
  wasm_byte_vec_delete(0);
  wasm_byte_vec_new(0, 0, 0);
  wasm_byte_vec_new_empty(0);
  wasm_byte_vec_new_uninitialized(0, 0);
  wasm_config_delete(0);
  wasm_config_delete(wasm_config_new()); /* no arguments: makes an object */
  wasm_engine_delete(0);
  wasm_engine_delete(wasm_engine_new());
  CHECK_NULL(wasm_engine_new_with_config(0));
  CHECK_NULL(wasm_exporttype_copy(0));
  wasm_exporttype_delete(0);
  CHECK_NULL(wasm_exporttype_name(0));
  CHECK_NULL(wasm_exporttype_new(0, 0));
  CHECK_NULL(wasm_exporttype_type(0));
  wasm_exporttype_vec_copy(0, 0);
  wasm_exporttype_vec_delete(0);
  wasm_exporttype_vec_new(0, 0, 0);
  wasm_exporttype_vec_new_empty(0);
  wasm_exporttype_vec_new_uninitialized(0, 0);
  CHECK_NULL(wasm_extern_as_func(0));
  CHECK_NULL(wasm_extern_as_func_const(0));
  CHECK_NULL(wasm_extern_as_global(0));
  CHECK_NULL(wasm_extern_as_global_const(0));
  CHECK_NULL(wasm_extern_as_memory(0));
  CHECK_NULL(wasm_extern_as_memory_const(0));
  CHECK_NULL(wasm_extern_as_ref(0));
  CHECK_NULL(wasm_extern_as_ref_const(0));
  CHECK_NULL(wasm_extern_as_table(0));
  CHECK_NULL(wasm_extern_as_table_const(0));
  CHECK_NULL(wasm_extern_copy(0));
  wasm_extern_delete(0);
  CHECK_NULL(wasm_extern_get_host_info(0));
  CHECK_ZERO(wasm_extern_kind(0));
  CHECK(wasm_extern_same(0, 0)); /* two null references are the same */
  wasm_extern_set_host_info(0, 0);
  wasm_extern_set_host_info_with_finalizer(0, 0, 0);
  CHECK_NULL(wasm_extern_type(0));
  wasm_extern_vec_copy(0, 0);
  wasm_extern_vec_delete(0);
  wasm_extern_vec_new(0, 0, 0);
  wasm_extern_vec_new_empty(0);
  wasm_extern_vec_new_uninitialized(0, 0);
  CHECK_NULL(wasm_externtype_as_functype(0));
  CHECK_NULL(wasm_externtype_as_functype_const(0));
  CHECK_NULL(wasm_externtype_as_globaltype(0));
  CHECK_NULL(wasm_externtype_as_globaltype_const(0));
  CHECK_NULL(wasm_externtype_as_memorytype(0));
  CHECK_NULL(wasm_externtype_as_memorytype_const(0));
  CHECK_NULL(wasm_externtype_as_tabletype(0));
  CHECK_NULL(wasm_externtype_as_tabletype_const(0));
  CHECK_NULL(wasm_externtype_as_tagtype(0));
  CHECK_NULL(wasm_externtype_as_tagtype_const(0));
  CHECK_NULL(wasm_externtype_copy(0));
  wasm_externtype_delete(0);
  CHECK_ZERO(wasm_externtype_kind(0));
  wasm_externtype_vec_copy(0, 0);
  wasm_externtype_vec_delete(0);
  wasm_externtype_vec_new(0, 0, 0);
  wasm_externtype_vec_new_empty(0);
  wasm_externtype_vec_new_uninitialized(0, 0);
  CHECK_NULL(wasm_foreign_as_ref(0));
  CHECK_NULL(wasm_foreign_as_ref_const(0));
  CHECK_NULL(wasm_foreign_copy(0));
  wasm_foreign_delete(0);
  CHECK_NULL(wasm_foreign_get_host_info(0));
  CHECK_NULL(wasm_foreign_new(0));
  CHECK(wasm_foreign_same(0, 0)); /* two null references are the same */
  wasm_foreign_set_host_info(0, 0);
  wasm_foreign_set_host_info_with_finalizer(0, 0, 0);
  CHECK_NULL(wasm_frame_copy(0));
  wasm_frame_delete(0);
  CHECK_ZERO(wasm_frame_func_index(0));
  CHECK_ZERO(wasm_frame_func_offset(0));
  CHECK_NULL(wasm_frame_instance(0));
  CHECK_ZERO(wasm_frame_module_offset(0));
  wasm_frame_vec_copy(0, 0);
  wasm_frame_vec_delete(0);
  wasm_frame_vec_new(0, 0, 0);
  wasm_frame_vec_new_empty(0);
  wasm_frame_vec_new_uninitialized(0, 0);
  CHECK_NULL(wasm_func_as_extern(0));
  CHECK_NULL(wasm_func_as_extern_const(0));
  CHECK_NULL(wasm_func_as_ref(0));
  CHECK_NULL(wasm_func_as_ref_const(0));
  CHECK_TRAP(wasm_func_call(0, 0, 0));
  CHECK_NULL(wasm_func_copy(0));
  wasm_func_delete(0);
  CHECK_NULL(wasm_func_get_host_info(0));
  CHECK_NULL(wasm_func_new(0, 0, 0));
  CHECK_NULL(wasm_func_new_with_env(0, 0, 0, 0, 0));
  CHECK_ZERO(wasm_func_param_arity(0));
  CHECK_ZERO(wasm_func_result_arity(0));
  CHECK(wasm_func_same(0, 0)); /* two null references are the same */
  wasm_func_set_host_info(0, 0);
  wasm_func_set_host_info_with_finalizer(0, 0, 0);
  CHECK_NULL(wasm_func_type(0));
  CHECK_NULL(wasm_functype_as_externtype(0));
  CHECK_NULL(wasm_functype_as_externtype_const(0));
  CHECK_NULL(wasm_functype_copy(0));
  wasm_functype_delete(0);
  CHECK_NULL(wasm_functype_new(0, 0));
  CHECK_NULL(wasm_functype_params(0));
  CHECK_NULL(wasm_functype_results(0));
  wasm_functype_vec_copy(0, 0);
  wasm_functype_vec_delete(0);
  wasm_functype_vec_new(0, 0, 0);
  wasm_functype_vec_new_empty(0);
  wasm_functype_vec_new_uninitialized(0, 0);
  CHECK_NULL(wasm_global_as_extern(0));
  CHECK_NULL(wasm_global_as_extern_const(0));
  CHECK_NULL(wasm_global_as_ref(0));
  CHECK_NULL(wasm_global_as_ref_const(0));
  CHECK_NULL(wasm_global_copy(0));
  wasm_global_delete(0);
  wasm_global_get(0, 0);
  CHECK_NULL(wasm_global_get_host_info(0));
  CHECK_NULL(wasm_global_new(0, 0, 0));
  CHECK(wasm_global_same(0, 0)); /* two null references are the same */
  wasm_global_set(0, 0);
  wasm_global_set_host_info(0, 0);
  wasm_global_set_host_info_with_finalizer(0, 0, 0);
  CHECK_NULL(wasm_global_type(0));
  CHECK_NULL(wasm_globaltype_as_externtype(0));
  CHECK_NULL(wasm_globaltype_as_externtype_const(0));
  CHECK_NULL(wasm_globaltype_content(0));
  CHECK_NULL(wasm_globaltype_copy(0));
  wasm_globaltype_delete(0);
  CHECK_ZERO(wasm_globaltype_mutability(0));
  CHECK_NULL(wasm_globaltype_new(0, 0));
  wasm_globaltype_vec_copy(0, 0);
  wasm_globaltype_vec_delete(0);
  wasm_globaltype_vec_new(0, 0, 0);
  wasm_globaltype_vec_new_empty(0);
  wasm_globaltype_vec_new_uninitialized(0, 0);
  CHECK_NULL(wasm_importtype_copy(0));
  wasm_importtype_delete(0);
  CHECK_NULL(wasm_importtype_module(0));
  CHECK_NULL(wasm_importtype_name(0));
  CHECK_NULL(wasm_importtype_new(0, 0, 0));
  CHECK_NULL(wasm_importtype_type(0));
  wasm_importtype_vec_copy(0, 0);
  wasm_importtype_vec_delete(0);
  wasm_importtype_vec_new(0, 0, 0);
  wasm_importtype_vec_new_empty(0);
  wasm_importtype_vec_new_uninitialized(0, 0);
  CHECK_NULL(wasm_instance_as_ref(0));
  CHECK_NULL(wasm_instance_as_ref_const(0));
  CHECK_NULL(wasm_instance_copy(0));
  wasm_instance_delete(0);
  wasm_instance_exports(0, 0);
  CHECK_NULL(wasm_instance_get_host_info(0));
  CHECK_NULL(wasm_instance_new(0, 0, 0, 0));
  CHECK(wasm_instance_same(0, 0)); /* two null references are the same */
  wasm_instance_set_host_info(0, 0);
  wasm_instance_set_host_info_with_finalizer(0, 0, 0);
  CHECK_NULL(wasm_memory_as_extern(0));
  CHECK_NULL(wasm_memory_as_extern_const(0));
  CHECK_NULL(wasm_memory_as_ref(0));
  CHECK_NULL(wasm_memory_as_ref_const(0));
  CHECK_NULL(wasm_memory_copy(0));
  CHECK_NULL(wasm_memory_data(0));
  CHECK_ZERO(wasm_memory_data_size(0));
  wasm_memory_delete(0);
  CHECK_NULL(wasm_memory_get_host_info(0));
  CHECK_ZERO(wasm_memory_grow(0, 0));
  CHECK_NULL(wasm_memory_new(0, 0));
  CHECK(wasm_memory_same(0, 0)); /* two null references are the same */
  wasm_memory_set_host_info(0, 0);
  wasm_memory_set_host_info_with_finalizer(0, 0, 0);
  CHECK_ZERO(wasm_memory_size(0));
  CHECK_NULL(wasm_memory_type(0));
  CHECK_NULL(wasm_memorytype_as_externtype(0));
  CHECK_NULL(wasm_memorytype_as_externtype_const(0));
  CHECK_NULL(wasm_memorytype_copy(0));
  wasm_memorytype_delete(0);
  CHECK_NULL(wasm_memorytype_limits(0));
  CHECK_NULL(wasm_memorytype_new(0));
  wasm_memorytype_vec_copy(0, 0);
  wasm_memorytype_vec_delete(0);
  wasm_memorytype_vec_new(0, 0, 0);
  wasm_memorytype_vec_new_empty(0);
  wasm_memorytype_vec_new_uninitialized(0, 0);
  CHECK_NULL(wasm_module_as_ref(0));
  CHECK_NULL(wasm_module_as_ref_const(0));
  CHECK_NULL(wasm_module_copy(0));
  wasm_module_delete(0);
  CHECK_NULL(wasm_module_deserialize(0, 0));
  wasm_module_exports(0, 0);
  CHECK_NULL(wasm_module_get_host_info(0));
  wasm_module_imports(0, 0);
  CHECK_NULL(wasm_module_new(0, 0));
  CHECK_NULL(wasm_module_obtain(0, 0));
  CHECK(wasm_module_same(0, 0)); /* two null references are the same */
  wasm_module_serialize(0, 0);
  wasm_module_set_host_info(0, 0);
  wasm_module_set_host_info_with_finalizer(0, 0, 0);
  CHECK_NULL(wasm_module_share(0));
  CHECK_ZERO(wasm_module_validate(0, 0));
  CHECK_NULL(wasm_ref_as_extern(0));
  CHECK_NULL(wasm_ref_as_extern_const(0));
  CHECK_NULL(wasm_ref_as_foreign(0));
  CHECK_NULL(wasm_ref_as_foreign_const(0));
  CHECK_NULL(wasm_ref_as_func(0));
  CHECK_NULL(wasm_ref_as_func_const(0));
  CHECK_NULL(wasm_ref_as_global(0));
  CHECK_NULL(wasm_ref_as_global_const(0));
  CHECK_NULL(wasm_ref_as_instance(0));
  CHECK_NULL(wasm_ref_as_instance_const(0));
  CHECK_NULL(wasm_ref_as_memory(0));
  CHECK_NULL(wasm_ref_as_memory_const(0));
  CHECK_NULL(wasm_ref_as_module(0));
  CHECK_NULL(wasm_ref_as_module_const(0));
  CHECK_NULL(wasm_ref_as_table(0));
  CHECK_NULL(wasm_ref_as_table_const(0));
  CHECK_NULL(wasm_ref_as_trap(0));
  CHECK_NULL(wasm_ref_as_trap_const(0));
  CHECK_NULL(wasm_ref_copy(0));
  wasm_ref_delete(0);
  CHECK_NULL(wasm_ref_get_host_info(0));
  CHECK(wasm_ref_same(0, 0)); /* two null references are the same */
  wasm_ref_set_host_info(0, 0);
  wasm_ref_set_host_info_with_finalizer(0, 0, 0);
  wasm_shared_module_delete(0);
  wasm_store_delete(0);
  CHECK_NULL(wasm_store_new(0));
  CHECK_NULL(wasm_table_as_extern(0));
  CHECK_NULL(wasm_table_as_extern_const(0));
  CHECK_NULL(wasm_table_as_ref(0));
  CHECK_NULL(wasm_table_as_ref_const(0));
  CHECK_NULL(wasm_table_copy(0));
  wasm_table_delete(0);
  CHECK_NULL(wasm_table_get(0, 0));
  CHECK_NULL(wasm_table_get_host_info(0));
  CHECK_ZERO(wasm_table_grow(0, 0, 0));
  CHECK_NULL(wasm_table_new(0, 0, 0));
  CHECK(wasm_table_same(0, 0)); /* two null references are the same */
  CHECK_ZERO(wasm_table_set(0, 0, 0));
  wasm_table_set_host_info(0, 0);
  wasm_table_set_host_info_with_finalizer(0, 0, 0);
  CHECK_ZERO(wasm_table_size(0));
  CHECK_NULL(wasm_table_type(0));
  CHECK_NULL(wasm_tabletype_as_externtype(0));
  CHECK_NULL(wasm_tabletype_as_externtype_const(0));
  CHECK_NULL(wasm_tabletype_copy(0));
  wasm_tabletype_delete(0);
  CHECK_NULL(wasm_tabletype_element(0));
  CHECK_NULL(wasm_tabletype_limits(0));
  CHECK_NULL(wasm_tabletype_new(0, 0));
  wasm_tabletype_vec_copy(0, 0);
  wasm_tabletype_vec_delete(0);
  wasm_tabletype_vec_new(0, 0, 0);
  wasm_tabletype_vec_new_empty(0);
  wasm_tabletype_vec_new_uninitialized(0, 0);
  CHECK_NULL(wasm_tagtype_as_externtype(0));
  CHECK_NULL(wasm_tagtype_as_externtype_const(0));
  CHECK_NULL(wasm_tagtype_copy(0));
  wasm_tagtype_delete(0);
  CHECK_NULL(wasm_tagtype_functype(0));
  CHECK_NULL(wasm_tagtype_new(0));
  wasm_tagtype_vec_copy(0, 0);
  wasm_tagtype_vec_delete(0);
  wasm_tagtype_vec_new(0, 0, 0);
  wasm_tagtype_vec_new_empty(0);
  wasm_tagtype_vec_new_uninitialized(0, 0);
  CHECK_NULL(wasm_trap_as_ref(0));
  CHECK_NULL(wasm_trap_as_ref_const(0));
  CHECK_NULL(wasm_trap_copy(0));
  wasm_trap_delete(0);
  CHECK_NULL(wasm_trap_get_host_info(0));
  wasm_trap_message(0, 0);
  CHECK_NULL(wasm_trap_new(0, 0));
  CHECK_NULL(wasm_trap_origin(0));
  CHECK(wasm_trap_same(0, 0)); /* two null references are the same */
  wasm_trap_set_host_info(0, 0);
  wasm_trap_set_host_info_with_finalizer(0, 0, 0);
  wasm_trap_trace(0, 0);
  wasm_val_copy(0, 0);
  wasm_val_delete(0);
  wasm_val_vec_copy(0, 0);
  wasm_val_vec_delete(0);
  wasm_val_vec_new(0, 0, 0);
  wasm_val_vec_new_empty(0);
  wasm_val_vec_new_uninitialized(0, 0);
  CHECK_NULL(wasm_valtype_copy(0));
  wasm_valtype_delete(0);
  CHECK_ZERO(wasm_valtype_kind(0));
  wasm_valtype_delete(wasm_valtype_new(0)); /* kind 0 is i32 */
  wasm_valtype_vec_copy(0, 0);
  wasm_valtype_vec_delete(0);
  wasm_valtype_vec_new(0, 0, 0);
  wasm_valtype_vec_new_empty(0);
  wasm_valtype_vec_new_uninitialized(0, 0);
  CHECK_ZERO(zwasm_config_get_max_call_depth(0));
  CHECK_ZERO(zwasm_config_get_tier(0));
  CHECK_ZERO(zwasm_config_get_compilation(0));
  CHECK_ZERO(zwasm_config_set_compilation(0, ZWASM_COMPILATION_LAZY));
  CHECK_ZERO(zwasm_config_get_tierup_thresholds(0, 0, 0));
  zwasm_config_set_max_call_depth(0, 0);
  CHECK_ZERO(zwasm_config_set_tier(0, 0));
  zwasm_config_set_tierup_thresholds(0, 0, 0);
  zwasm_error_delete(0);
  CHECK(zwasm_error_kind(0) == ZWASM_ERROR_USAGE);
  CHECK_NULL(zwasm_error_message(0));
  CHECK_ZERO(zwasm_error_offset(0, 0));
  CHECK_NULL(zwasm_error_trap(0));
  zwasm_frame_func_name(0, 0);
  zwasm_frame_module_name(0, 0);
  CHECK_TRAP(zwasm_func_call_ex(0, 0, 0, 0, 0));
  CHECK_ZERO(zwasm_global_get_ex(0, 0));
  CHECK_NULL(zwasm_global_new_ex(0, 0, 0));
  CHECK_ZERO(zwasm_global_set_ex(0, 0));
  CHECK_ERROR(zwasm_instance_new_ex(0, 0, 0, 0));
  zwasm_interrupt_handle_delete(0);
  zwasm_interrupt_handle_interrupt(0);
  CHECK_NULL(zwasm_interrupt_handle_new(0));
  zwasm_last_error_clear();
  (void)zwasm_last_error_message();
  zwasm_linker_allow_shadowing(0, 0);
  zwasm_linker_delete(0);
  CHECK_ERROR(zwasm_linker_define(0, 0, 0, 0));
  CHECK_ERROR(zwasm_linker_define_instance(0, 0, 0));
  CHECK_ERROR(zwasm_linker_define_wasi(0));
  CHECK_ERROR(zwasm_linker_instantiate(0, 0, 0, 0));
  CHECK_NULL(zwasm_linker_new(0));
  CHECK_ZERO(zwasm_module_func_count(0));
  CHECK_ERROR(zwasm_module_new_ex(0, 0, 0));
  CHECK_ERROR(zwasm_module_new_wat(0, 0, 0, 0));
  CHECK_ZERO(zwasm_store_add_fuel(0, 0));
  zwasm_store_disable_fuel(0);
  CHECK_ZERO(zwasm_store_get_fuel(0, 0));
  zwasm_store_limit_memory_pages(0, 0);
  zwasm_store_limit_table_elements(0, 0);
  zwasm_store_set_fuel(0, 0);
  CHECK_ERROR(zwasm_store_set_wasi(0, 0));
  CHECK_ZERO(zwasm_store_wasi_exit_code(0, 0));
  CHECK_ZERO(zwasm_store_wasi_take_output(0, 0, 0));
  CHECK_ZERO(zwasm_trap_code(0, 0));
  CHECK_ZERO(zwasm_trap_exit_status(0, 0));
  CHECK_TRAP(zwasm_trap_new(0, 0)); /* an empty message is a message */
  zwasm_val_delete(0);
  CHECK_ZERO(zwasm_wasi_config_arg(0, 0));
  zwasm_wasi_config_delete(0);
  CHECK_ZERO(zwasm_wasi_config_env(0, 0, 0));
  CHECK_ZERO(zwasm_wasi_config_inherit_env(0));
  zwasm_wasi_config_delete(zwasm_wasi_config_new()); /* no arguments: makes an object */
  CHECK_ZERO(zwasm_wasi_config_preopen_dir(0, 0, 0));
  CHECK_ZERO(zwasm_wasi_config_stdin_bytes(0, 0, 0));
  CHECK_ZERO(zwasm_wasi_config_stdio_callback(0, 0, 0, 0, 0));
  CHECK_ZERO(zwasm_wasi_config_stdio_capture(0, 0));
  CHECK_ZERO(zwasm_wasi_config_stdio_fd(0, 0, 0));
  CHECK_ZERO(zwasm_wasi_config_stdio_file(0, 0, 0));
  CHECK_ZERO(zwasm_wasi_config_stdio_inherit(0, 0));
  CHECK_ZERO(zwasm_wasi_config_stdio_null(0, 0));
  CHECK_ERROR(zwasm_wasi_imports(0, 0, 0));
  CHECK_ERROR(zwasm_wasi_run(0, 0));
  CHECK_ERROR(zwasm_wat2wasm(0, 0, 0));

  /* the failures left a message */
  CHECK(zwasm_last_error_message() != NULL);
  printf("ok\n");
  return 0;
}
