/* Type descriptions: value, function, global, table, memory, tag, extern,
 * import and export types. */
#include "check.h"

static void valtypes(void) {
  wasm_valkind_t kinds[] = {WASM_I32, WASM_I64, WASM_F32, WASM_F64, WASM_EXTERNREF, WASM_FUNCREF, ZWASM_V128};
  for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
    wasm_valtype_t* t = wasm_valtype_new(kinds[i]);
    CHECK(t != NULL && wasm_valtype_kind(t) == kinds[i]);
    wasm_valtype_t* c = wasm_valtype_copy(t);
    CHECK(c != t && wasm_valtype_kind(c) == kinds[i]);
    CHECK(wasm_valtype_is_ref(t) == (kinds[i] >= WASM_EXTERNREF));
    CHECK(wasm_valtype_is_num(c) == (kinds[i] < WASM_EXTERNREF));
    wasm_valtype_delete(c);
    wasm_valtype_delete(t);
  }
  CHECK(wasm_valtype_new(7) == NULL);
  CHECK(last_error_says("not a value kind"));
  CHECK(wasm_valkind_is_num(WASM_F64) && wasm_valkind_is_ref(WASM_FUNCREF));
}

static void functypes(void) {
  wasm_functype_t* f = wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_f64(),
                                              wasm_valtype_new_externref());
  const wasm_valtype_vec_t* params = wasm_functype_params(f);
  const wasm_valtype_vec_t* results = wasm_functype_results(f);
  CHECK(params->size == 2 && wasm_valtype_kind(params->data[0]) == WASM_I32 &&
        wasm_valtype_kind(params->data[1]) == WASM_F64);
  CHECK(results->size == 1 && wasm_valtype_kind(results->data[0]) == WASM_EXTERNREF);

  wasm_functype_t* copy = wasm_functype_copy(f);
  CHECK(wasm_functype_params(copy)->size == 2 && wasm_functype_params(copy) != params);
  wasm_functype_delete(copy);
  wasm_functype_delete(f);

  /* every short-hand */
  wasm_functype_t* all[] = {
      wasm_functype_new_0_0(),
      wasm_functype_new_1_0(wasm_valtype_new_i32()),
      wasm_functype_new_2_0(wasm_valtype_new_i32(), wasm_valtype_new_i64()),
      wasm_functype_new_3_0(wasm_valtype_new_i32(), wasm_valtype_new_i64(), wasm_valtype_new_f32()),
      wasm_functype_new_0_1(wasm_valtype_new_i32()),
      wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_i32()),
      wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32()),
      wasm_functype_new_3_1(wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32(),
                            wasm_valtype_new_i32()),
      wasm_functype_new_0_2(wasm_valtype_new_i32(), wasm_valtype_new_funcref()),
      wasm_functype_new_1_2(wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32()),
      wasm_functype_new_2_2(wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32(),
                            wasm_valtype_new_i32()),
      wasm_functype_new_3_2(wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32(),
                            wasm_valtype_new_i32(), wasm_valtype_new_i32()),
  };
  size_t expect[][2] = {{0, 0}, {1, 0}, {2, 0}, {3, 0}, {0, 1}, {1, 1}, {2, 1}, {3, 1}, {0, 2}, {1, 2}, {2, 2}, {3, 2}};
  for (size_t i = 0; i < 12; i++) {
    CHECK(wasm_functype_params(all[i])->size == expect[i][0]);
    CHECK(wasm_functype_results(all[i])->size == expect[i][1]);
    wasm_functype_delete(all[i]);
  }

  /* a NULL element in a parameter vector is refused */
  wasm_valtype_vec_t p, r;
  wasm_valtype_vec_new_uninitialized(&p, 1);
  wasm_valtype_vec_new_empty(&r);
  CHECK(wasm_functype_new(&p, &r) == NULL);
  CHECK(last_error_says("NULL"));
  CHECK(p.size == 0); /* taken over all the same */
  CHECK(wasm_functype_new(NULL, NULL) == NULL);
}

static void globaltypes(void) {
  wasm_globaltype_t* g = wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR);
  CHECK(wasm_valtype_kind(wasm_globaltype_content(g)) == WASM_I64);
  CHECK(wasm_globaltype_mutability(g) == WASM_VAR);
  wasm_globaltype_t* c = wasm_globaltype_copy(g);
  CHECK(wasm_globaltype_mutability(c) == WASM_VAR);
  wasm_globaltype_delete(c);
  wasm_globaltype_delete(g);
  g = wasm_globaltype_new(wasm_valtype_new_f32(), WASM_CONST);
  CHECK(wasm_globaltype_mutability(g) == WASM_CONST);
  wasm_globaltype_delete(g);
  CHECK(wasm_globaltype_new(wasm_valtype_new_f32(), 9) == NULL);
  CHECK(last_error_says("mutability"));
}

static void tabletypes(void) {
  wasm_limits_t limits = {2, 10};
  wasm_tabletype_t* t = wasm_tabletype_new(wasm_valtype_new_funcref(), &limits);
  CHECK(wasm_valtype_kind(wasm_tabletype_element(t)) == WASM_FUNCREF);
  CHECK(wasm_tabletype_limits(t)->min == 2 && wasm_tabletype_limits(t)->max == 10);
  wasm_tabletype_t* c = wasm_tabletype_copy(t);
  CHECK(wasm_tabletype_limits(c)->max == 10);
  wasm_tabletype_delete(c);
  wasm_tabletype_delete(t);

  wasm_limits_t open = {0, wasm_limits_max_default};
  t = wasm_tabletype_new(wasm_valtype_new_externref(), &open);
  CHECK(wasm_tabletype_limits(t)->max == wasm_limits_max_default);
  wasm_tabletype_delete(t);

  CHECK(wasm_tabletype_new(wasm_valtype_new_i32(), &limits) == NULL);
  CHECK(last_error_says("cannot hold i32"));
  wasm_limits_t bad = {5, 1};
  CHECK(wasm_tabletype_new(wasm_valtype_new_funcref(), &bad) == NULL);
}

static void memorytypes(void) {
  wasm_limits_t limits = {1, wasm_limits_max_default};
  wasm_memorytype_t* m = wasm_memorytype_new(&limits);
  CHECK(wasm_memorytype_limits(m)->min == 1 && wasm_memorytype_limits(m)->max == wasm_limits_max_default);
  wasm_memorytype_t* c = wasm_memorytype_copy(m);
  CHECK(wasm_memorytype_limits(c)->min == 1);
  wasm_memorytype_delete(c);
  wasm_memorytype_delete(m);
  wasm_limits_t bad = {3, 2};
  CHECK(wasm_memorytype_new(&bad) == NULL);
  CHECK(wasm_memorytype_new(NULL) == NULL);
}

static void tagtypes(void) {
  wasm_tagtype_t* t = wasm_tagtype_new(wasm_functype_new_1_0(wasm_valtype_new_i32()));
  CHECK(wasm_functype_params(wasm_tagtype_functype(t))->size == 1);
  wasm_tagtype_t* c = wasm_tagtype_copy(t);
  CHECK(wasm_tagtype_functype(c) != wasm_tagtype_functype(t));
  wasm_tagtype_delete(c);
  wasm_externtype_t* e = wasm_tagtype_as_externtype(t);
  CHECK(wasm_externtype_kind(e) == WASM_EXTERN_TAG);
  CHECK(wasm_externtype_as_tagtype(e) == t);
  CHECK(wasm_externtype_as_tagtype_const(wasm_tagtype_as_externtype_const(t)) == t);
  CHECK(wasm_externtype_as_functype(e) == NULL);
  wasm_externtype_delete(e);
}

static void externtypes(void) {
  wasm_limits_t limits = {1, 2};
  wasm_functype_t* f = wasm_functype_new_0_0();
  wasm_globaltype_t* g = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
  wasm_tabletype_t* t = wasm_tabletype_new(wasm_valtype_new_funcref(), &limits);
  wasm_memorytype_t* m = wasm_memorytype_new(&limits);

  wasm_externtype_t* ef = wasm_functype_as_externtype(f);
  wasm_externtype_t* eg = wasm_globaltype_as_externtype(g);
  wasm_externtype_t* et = wasm_tabletype_as_externtype(t);
  wasm_externtype_t* em = wasm_memorytype_as_externtype(m);
  CHECK(wasm_externtype_kind(ef) == WASM_EXTERN_FUNC);
  CHECK(wasm_externtype_kind(eg) == WASM_EXTERN_GLOBAL);
  CHECK(wasm_externtype_kind(et) == WASM_EXTERN_TABLE);
  CHECK(wasm_externtype_kind(em) == WASM_EXTERN_MEMORY);

  /* conversions are views of the same object */
  CHECK(wasm_externtype_as_functype(ef) == f && wasm_externtype_as_globaltype(eg) == g);
  CHECK(wasm_externtype_as_tabletype(et) == t && wasm_externtype_as_memorytype(em) == m);
  CHECK(wasm_functype_as_externtype_const(f) == ef && wasm_globaltype_as_externtype_const(g) == eg);
  CHECK(wasm_tabletype_as_externtype_const(t) == et && wasm_memorytype_as_externtype_const(m) == em);
  CHECK(wasm_externtype_as_functype_const(ef) == f && wasm_externtype_as_globaltype_const(eg) == g);
  CHECK(wasm_externtype_as_tabletype_const(et) == t && wasm_externtype_as_memorytype_const(em) == m);
  /* and refuse the wrong kind */
  CHECK(wasm_externtype_as_globaltype(ef) == NULL && wasm_externtype_as_functype(em) == NULL);
  CHECK(wasm_externtype_as_memorytype_const(et) == NULL && wasm_externtype_as_tabletype_const(eg) == NULL);
  CHECK(wasm_externtype_as_tagtype(ef) == NULL);

  wasm_externtype_t* copy = wasm_externtype_copy(et);
  CHECK(wasm_externtype_kind(copy) == WASM_EXTERN_TABLE && copy != et);
  CHECK(wasm_tabletype_limits(wasm_externtype_as_tabletype_const(copy))->max == 2);
  wasm_externtype_delete(copy);

  wasm_externtype_delete(ef); /* deleting the view deletes the object */
  wasm_globaltype_delete(g);
  wasm_externtype_delete(et);
  wasm_memorytype_delete(m);
}

static void import_export_types(void) {
  wasm_name_t module, name;
  wasm_name_new_from_string(&module, "env");
  wasm_name_new_from_string(&name, "print");
  wasm_importtype_t* i = wasm_importtype_new(&module, &name,
      wasm_functype_as_externtype(wasm_functype_new_1_0(wasm_valtype_new_i32())));
  CHECK(module.size == 0 && name.size == 0); /* taken over */
  CHECK(name_is(wasm_importtype_module(i), "env") && name_is(wasm_importtype_name(i), "print"));
  CHECK(wasm_externtype_kind(wasm_importtype_type(i)) == WASM_EXTERN_FUNC);
  wasm_importtype_t* ic = wasm_importtype_copy(i);
  CHECK(name_is(wasm_importtype_name(ic), "print") && wasm_importtype_name(ic) != wasm_importtype_name(i));
  wasm_importtype_delete(ic);
  wasm_importtype_delete(i);

  wasm_limits_t limits = {1, 1};
  wasm_name_new_from_string(&name, "memory");
  wasm_exporttype_t* e = wasm_exporttype_new(&name, wasm_memorytype_as_externtype(wasm_memorytype_new(&limits)));
  CHECK(name_is(wasm_exporttype_name(e), "memory"));
  CHECK(wasm_externtype_kind(wasm_exporttype_type(e)) == WASM_EXTERN_MEMORY);
  wasm_exporttype_t* ec = wasm_exporttype_copy(e);
  CHECK(name_is(wasm_exporttype_name(ec), "memory"));
  wasm_exporttype_delete(ec);
  wasm_exporttype_delete(e);

  CHECK(wasm_exporttype_new(NULL, NULL) == NULL);
  CHECK(wasm_importtype_new(NULL, NULL, NULL) == NULL);
}

int main(void) {
  valtypes();
  functypes();
  globaltypes();
  tabletypes();
  memorytypes();
  tagtypes();
  externtypes();
  import_export_types();
  printf("ok\n");
  return 0;
}
