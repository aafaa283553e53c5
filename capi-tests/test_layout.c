/* Layouts and constants: what a program written against the standard
 * wasm.h relies on (LP64). */
#include <stddef.h>

#include "check.h"

_Static_assert(sizeof(wasm_val_t) == 16, "wasm_val_t is 16 bytes");
_Static_assert(offsetof(wasm_val_t, kind) == 0, "kind comes first");
_Static_assert(offsetof(wasm_val_t, of) == 8, "the payload is 8-aligned");
_Static_assert(sizeof(wasm_valkind_t) == 1 && sizeof(wasm_externkind_t) == 1, "kinds are bytes");
_Static_assert(sizeof(wasm_mutability_t) == 1, "mutability is a byte");
_Static_assert(sizeof(wasm_limits_t) == 8 && offsetof(wasm_limits_t, max) == 4, "limits are two u32");
_Static_assert(sizeof(wasm_byte_vec_t) == 16 && offsetof(wasm_byte_vec_t, data) == 8, "vectors are {size, data}");
_Static_assert(sizeof(wasm_name_t) == sizeof(wasm_byte_vec_t), "names are byte vectors");
_Static_assert(sizeof(wasm_message_t) == sizeof(wasm_byte_vec_t), "messages are byte vectors");
_Static_assert(sizeof(wasm_table_size_t) == 4 && sizeof(wasm_memory_pages_t) == 4, "sizes are u32");
_Static_assert(sizeof(byte_t) == 1 && sizeof(wasm_byte_t) == 1, "bytes are bytes");
_Static_assert(sizeof(float32_t) == 4 && sizeof(float64_t) == 8, "floats");
_Static_assert(sizeof(zwasm_val_t) == 24 && offsetof(zwasm_val_t, of) == 8, "zwasm_val_t");
_Static_assert(sizeof(zwasm_v128_t) == 16, "v128");

_Static_assert(WASM_I32 == 0 && WASM_I64 == 1 && WASM_F32 == 2 && WASM_F64 == 3, "number kinds");
_Static_assert(WASM_EXTERNREF == 128 && WASM_FUNCREF == 129, "reference kinds");
_Static_assert(ZWASM_V128 == 4, "v128 kind");
_Static_assert(WASM_CONST == 0 && WASM_VAR == 1, "mutability");
_Static_assert(WASM_EXTERN_FUNC == 0 && WASM_EXTERN_GLOBAL == 1 && WASM_EXTERN_TABLE == 2 &&
                   WASM_EXTERN_MEMORY == 3 && WASM_EXTERN_TAG == 4,
               "extern kinds");

int main(void) {
  CHECK(MEMORY_PAGE_SIZE == 65536);
  CHECK(wasm_limits_max_default == 0xffffffffu);

  /* the value macros fill the members a program reads */
  wasm_val_t i = WASM_I32_VAL(-3), l = WASM_I64_VAL(1LL << 40), f = WASM_F32_VAL(0.5f), d = WASM_F64_VAL(0.25);
  wasm_val_t r = WASM_REF_VAL(NULL), init = WASM_INIT_VAL;
  CHECK(i.kind == WASM_I32 && i.of.i32 == -3 && l.kind == WASM_I64 && l.of.i64 == (1LL << 40));
  CHECK(f.kind == WASM_F32 && f.of.f32 == 0.5f && d.kind == WASM_F64 && d.of.f64 == 0.25);
  CHECK(r.kind == WASM_EXTERNREF && r.of.ref == NULL && init.kind == WASM_EXTERNREF && init.of.ref == NULL);

  /* the vector macros */
  wasm_val_t array[3] = {i, l, f};
  wasm_val_vec_t vec = WASM_ARRAY_VEC(array);
  wasm_val_vec_t empty = WASM_EMPTY_VEC;
  CHECK(vec.size == 3 && vec.data == array && empty.size == 0 && empty.data == NULL);

  /* wasm_name_* are the byte vector functions */
  wasm_name_t name;
  wasm_name_new(&name, 3, "abc");
  wasm_name_t copy;
  wasm_name_copy(&copy, &name);
  CHECK(name_is(&copy, "abc"));
  wasm_name_delete(&copy);
  wasm_name_delete(&name);
  wasm_name_new_empty(&name);
  CHECK(name.size == 0);
  wasm_name_new_uninitialized(&name, 2);
  CHECK(name.size == 2);
  wasm_name_delete(&name);

  printf("ok\n");
  return 0;
}
