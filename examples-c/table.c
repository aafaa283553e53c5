/* table: a table of functions filled by the host and called through
 * call_indirect, grown, and read back. */
#include "example.h"

static wasm_trap_t* triple(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 * 3;
  return NULL;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = compile_wat(store,
      "(module"
      "  (type $unary (func (param i32) (result i32)))"
      "  (table (export \"ops\") 2 10 funcref)"
      "  (func $double (type $unary) (i32.mul (local.get 0) (i32.const 2)))"
      "  (elem (i32.const 0) $double)"
      "  (func (export \"apply\") (param $op i32) (param $x i32) (result i32)"
      "    (call_indirect (type $unary) (local.get $x) (local.get $op))))");
  wasm_instance_t* instance = instantiate(store, module, NULL, 0);
  wasm_extern_t* ops_export = get_export(module, instance, "ops");
  wasm_extern_t* apply = get_export(module, instance, "apply");
  wasm_table_t* ops = wasm_extern_as_table(ops_export);

  /* Put a host function in slot 1. */
  wasm_functype_t* type = wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_func_t* host = wasm_func_new(store, type, triple);
  wasm_functype_delete(type);
  wasm_table_set(ops, 1, wasm_func_as_ref(host));

  for (int op = 0; op < 3; op++) {
    wasm_val_t args[2] = {WASM_I32_VAL(op), WASM_I32_VAL(7)};
    wasm_val_t results[1] = {WASM_INIT_VAL};
    wasm_val_vec_t arg_vec = WASM_ARRAY_VEC(args), result_vec = WASM_ARRAY_VEC(results);
    wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(apply), &arg_vec, &result_vec);
    if (trap) {
      printf("op %d: ", op);
      report_trap(trap, 0);
    } else {
      printf("op %d: %d\n", op, results[0].of.i32);
    }
  }

  /* Grow the table with the host function in every new slot. */
  printf("size %u, grow by 3: %s, size %u\n", wasm_table_size(ops),
         wasm_table_grow(ops, 3, wasm_func_as_ref(host)) ? "yes" : "no", wasm_table_size(ops));
  wasm_ref_t* slot4 = wasm_table_get(ops, 4);
  printf("slot 4 holds the host function: %s\n",
         slot4 && wasm_func_same(wasm_ref_as_func(slot4), host) ? "yes" : "no");
  wasm_ref_delete(slot4);

  wasm_func_delete(host);
  wasm_extern_delete(ops_export);
  wasm_extern_delete(apply);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
