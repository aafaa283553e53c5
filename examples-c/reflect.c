/* reflect: what a module imports and exports, with the types. */
#include "example.h"

static void print_type(const wasm_externtype_t* type) {
  switch (wasm_externtype_kind(type)) {
    case WASM_EXTERN_FUNC: {
      const wasm_functype_t* f = wasm_externtype_as_functype_const(type);
      printf("func: %zu params, %zu results", wasm_functype_params(f)->size, wasm_functype_results(f)->size);
      break;
    }
    case WASM_EXTERN_GLOBAL: {
      const wasm_globaltype_t* g = wasm_externtype_as_globaltype_const(type);
      printf("global: kind %u, %s", wasm_valtype_kind(wasm_globaltype_content(g)),
             wasm_globaltype_mutability(g) == WASM_VAR ? "mutable" : "constant");
      break;
    }
    case WASM_EXTERN_TABLE: {
      const wasm_limits_t* l = wasm_tabletype_limits(wasm_externtype_as_tabletype_const(type));
      printf("table: min %u", l->min);
      if (l->max != wasm_limits_max_default) printf(", max %u", l->max);
      break;
    }
    case WASM_EXTERN_MEMORY: {
      const wasm_limits_t* l = wasm_memorytype_limits(wasm_externtype_as_memorytype_const(type));
      printf("memory: min %u pages", l->min);
      if (l->max != wasm_limits_max_default) printf(", max %u", l->max);
      break;
    }
    default:
      printf("other");
  }
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = compile_wat(store,
      "(module"
      "  (import \"env\" \"log\" (func (param i32 i32)))"
      "  (import \"env\" \"heap\" (memory 2 16))"
      "  (import \"env\" \"tick\" (global (mut i64)))"
      "  (func (export \"update\") (param f32) (result f32) local.get 0)"
      "  (table (export \"callbacks\") 4 funcref)"
      "  (global (export \"version\") i32 (i32.const 3)))");

  wasm_importtype_vec_t imports;
  wasm_module_imports(module, &imports);
  printf("%zu imports:\n", imports.size);
  for (size_t i = 0; i < imports.size; i++) {
    const wasm_name_t* m = wasm_importtype_module(imports.data[i]);
    const wasm_name_t* n = wasm_importtype_name(imports.data[i]);
    printf("  %.*s.%.*s  ", (int)m->size, m->data, (int)n->size, n->data);
    print_type(wasm_importtype_type(imports.data[i]));
    printf("\n");
  }
  wasm_importtype_vec_delete(&imports);

  wasm_exporttype_vec_t exports;
  wasm_module_exports(module, &exports);
  printf("%zu exports:\n", exports.size);
  for (size_t i = 0; i < exports.size; i++) {
    const wasm_name_t* n = wasm_exporttype_name(exports.data[i]);
    printf("  %.*s  ", (int)n->size, n->data);
    print_type(wasm_exporttype_type(exports.data[i]));
    printf("\n");
  }
  wasm_exporttype_vec_delete(&exports);

  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
