/* hostref: host objects passed through WebAssembly as externref. A game
 * engine can hand entities to a script this way: the script stores and
 * returns them, and the host gets back the very same object. */
#include "example.h"

struct entity {
  const char* name;
  int health;
};

/* Host function: damages the entity the script passes. */
static wasm_trap_t* damage(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)results;
  wasm_ref_t* ref = args->data[0].of.ref;
  struct entity* e = ref ? wasm_ref_get_host_info(ref) : NULL;
  if (!e) {
    const char* text = "damage: not an entity";
    return zwasm_trap_new(text, strlen(text));
  }
  e->health -= args->data[1].of.i32;
  return NULL;
}

int main(void) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_module_t* module = compile_wat(store,
      "(module"
      "  (import \"game\" \"damage\" (func $damage (param externref i32)))"
      "  (table $targets 4 externref)"
      "  (func (export \"remember\") (param i32 externref) (table.set $targets (local.get 0) (local.get 1)))"
      "  (func (export \"recall\") (param i32) (result externref) (table.get $targets (local.get 0)))"
      "  (func (export \"hit_all\") (param i32)"
      "    (local $i i32)"
      "    (block $done (loop $next"
      "      (br_if $done (i32.ge_u (local.get $i) (table.size $targets)))"
      "      (if (i32.eqz (ref.is_null (table.get $targets (local.get $i))))"
      "        (then (call $damage (table.get $targets (local.get $i)) (local.get 0))))"
      "      (local.set $i (i32.add (local.get $i) (i32.const 1)))"
      "      (br $next)))))");
  wasm_functype_t* type = wasm_functype_new_2_0(wasm_valtype_new_externref(), wasm_valtype_new_i32());
  wasm_func_t* damage_func = wasm_func_new(store, type, damage);
  wasm_functype_delete(type);
  wasm_extern_t* imports[] = {wasm_func_as_extern(damage_func)};
  wasm_instance_t* instance = instantiate(store, module, imports, 1);
  wasm_extern_t* remember = get_export(module, instance, "remember");
  wasm_extern_t* recall = get_export(module, instance, "recall");
  wasm_extern_t* hit_all = get_export(module, instance, "hit_all");

  /* Each entity is a foreign object whose host info points to it. */
  struct entity entities[2] = {{"orc", 30}, {"troll", 50}};
  for (int i = 0; i < 2; i++) {
    wasm_foreign_t* foreign = wasm_foreign_new(store);
    wasm_foreign_set_host_info(foreign, &entities[i]);
    wasm_val_t args[2] = {WASM_I32_VAL(i), WASM_REF_VAL(wasm_foreign_as_ref(foreign))};
    wasm_val_vec_t arg_vec = WASM_ARRAY_VEC(args), no_results = WASM_EMPTY_VEC;
    wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(remember), &arg_vec, &no_results);
    if (trap) report_trap(trap, 1);
    wasm_foreign_delete(foreign); /* the table keeps the entity */
  }

  wasm_val_t hit[1] = {WASM_I32_VAL(12)};
  wasm_val_vec_t hit_vec = WASM_ARRAY_VEC(hit), no_results = WASM_EMPTY_VEC;
  wasm_trap_t* trap = wasm_func_call(wasm_extern_as_func(hit_all), &hit_vec, &no_results);
  if (trap) report_trap(trap, 1);

  for (int i = 0; i < 2; i++) {
    wasm_val_t args[1] = {WASM_I32_VAL(i)};
    wasm_val_t results[1] = {WASM_INIT_VAL};
    wasm_val_vec_t arg_vec = WASM_ARRAY_VEC(args), result_vec = WASM_ARRAY_VEC(results);
    trap = wasm_func_call(wasm_extern_as_func(recall), &arg_vec, &result_vec);
    if (trap) report_trap(trap, 1);
    struct entity* e = wasm_ref_get_host_info(results[0].of.ref);
    printf("%s: health %d (same object: %s)\n", e->name, e->health, e == &entities[i] ? "yes" : "no");
    wasm_val_delete(&results[0]);
  }

  wasm_extern_delete(remember);
  wasm_extern_delete(recall);
  wasm_extern_delete(hit_all);
  wasm_instance_delete(instance);
  wasm_func_delete(damage_func);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  return 0;
}
