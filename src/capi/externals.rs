//! `wasm_extern_t`: functions, globals, tables and memories seen
//! generically, and the conversions between them.

use super::externtype::wasm_externtype_t;
use super::object::{
    HandleType, Object, cast, wasm_extern_t, wasm_func_t, wasm_global_t, wasm_memory_t, wasm_table_t,
};
use super::{
    WASM_EXTERN_FUNC, WASM_EXTERN_GLOBAL, WASM_EXTERN_MEMORY, WASM_EXTERN_TABLE, arg, fail, guard,
    wasm_externkind_t,
};
use crate::Extern;

/// The engine's view of an extern handle.
pub(crate) fn to_extern(ext: &wasm_extern_t) -> Result<Extern, String> {
    Ok(match ext.handle().object() {
        Object::Func(f) => Extern::Func(*f),
        Object::Global(g) => Extern::Global(*g),
        Object::Table(t) => Extern::Table(*t),
        Object::Memory(m) => Extern::Memory(*m),
        _ => return Err("the object is not a function, global, table or memory".into()),
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_extern_kind(ext: Option<&wasm_extern_t>) -> wasm_externkind_t {
    guard(0, || match arg!(ext, 0).handle().object() {
        Object::Func(_) => WASM_EXTERN_FUNC,
        Object::Global(_) => WASM_EXTERN_GLOBAL,
        Object::Table(_) => WASM_EXTERN_TABLE,
        Object::Memory(_) => WASM_EXTERN_MEMORY,
        _ => fail(0, "wasm_extern_kind: not an extern"),
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_extern_type(ext: Option<&wasm_extern_t>) -> Option<Box<wasm_externtype_t>> {
    guard(None, || {
        let ext = arg!(ext, None);
        let (item, store) = match (to_extern(ext), ext.handle().store()) {
            (Ok(item), Ok(store)) => (item, store),
            (Err(e), _) | (_, Err(e)) => return fail(None, format!("wasm_extern_type: {e}")),
        };
        Some(Box::new(wasm_externtype_t::new(&store.with(|ctx| item.ty(ctx)))))
    })
}

/// `X_as_extern` (and `_const`): every function, global, table and memory
/// is an extern.
macro_rules! as_extern {
    ($ty:ident, $f:ident, $f_const:ident) => {
        #[unsafe(no_mangle)]
        pub extern "C" fn $f(item: *mut $ty) -> *mut wasm_extern_t {
            cast::<$ty, wasm_extern_t>(item)
        }

        #[unsafe(no_mangle)]
        pub extern "C" fn $f_const(item: *const $ty) -> *const wasm_extern_t {
            cast::<$ty, wasm_extern_t>(item)
        }
    };
}
as_extern!(wasm_func_t, wasm_func_as_extern, wasm_func_as_extern_const);
as_extern!(wasm_global_t, wasm_global_as_extern, wasm_global_as_extern_const);
as_extern!(wasm_table_t, wasm_table_as_extern, wasm_table_as_extern_const);
as_extern!(wasm_memory_t, wasm_memory_as_extern, wasm_memory_as_extern_const);

/// `wasm_extern_as_X` (and `_const`): the same handle when the kind
/// agrees, else NULL.
macro_rules! extern_as {
    ($ty:ident, $kind:ident, $f:ident, $f_const:ident) => {
        #[unsafe(no_mangle)]
        pub extern "C" fn $f(ext: Option<&wasm_extern_t>) -> *mut $ty {
            $f_const(ext) as *mut $ty
        }

        #[unsafe(no_mangle)]
        pub extern "C" fn $f_const(ext: Option<&wasm_extern_t>) -> *const $ty {
            guard(std::ptr::null(), || match ext {
                Some(e) if matches!(e.handle().object(), Object::$kind(_)) => cast::<wasm_extern_t, $ty>(e),
                Some(_) => fail(std::ptr::null(), concat!("the extern is not a ", stringify!($ty))),
                None => std::ptr::null(),
            })
        }
    };
}
extern_as!(wasm_func_t, Func, wasm_extern_as_func, wasm_extern_as_func_const);
extern_as!(wasm_global_t, Global, wasm_extern_as_global, wasm_extern_as_global_const);
extern_as!(wasm_table_t, Table, wasm_extern_as_table, wasm_extern_as_table_const);
extern_as!(wasm_memory_t, Memory, wasm_extern_as_memory, wasm_extern_as_memory_const);
