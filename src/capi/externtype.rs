//! Function, global, table, memory, tag and extern types, and import and
//! export descriptions.
//!
//! A function (global, table, memory, tag) type *is* an extern type: they
//! share one representation, [`wasm_externtype_t`], and the specific C
//! types are `repr(transparent)` views of it, so `*_as_externtype` and
//! `wasm_externtype_as_*` are pointer casts. Accessors return pointers into
//! the object (its parameter vector, its limits), so those parts are kept
//! in C form inside it.

use super::types::{wasm_limits_t, wasm_valtype_t};
use super::vec::{OwnedVec, WasmVec, wasm_name_t, wasm_valtype_vec_t};
use super::{
    WASM_EXTERN_FUNC, WASM_EXTERN_GLOBAL, WASM_EXTERN_MEMORY, WASM_EXTERN_TABLE, WASM_EXTERN_TAG, arg, fail,
    guard, wasm_externkind_t, wasm_mutability_t,
};
use crate::{ExternType, FuncType, GlobalType, MemoryType, TableType, ValType};

#[derive(Clone)]
pub(crate) struct CFuncType {
    pub(crate) ty: FuncType,
    params: OwnedVec<Option<Box<wasm_valtype_t>>>,
    results: OwnedVec<Option<Box<wasm_valtype_t>>>,
}

#[derive(Clone)]
pub(crate) struct CGlobalType {
    pub(crate) ty: GlobalType,
    content: wasm_valtype_t,
}

#[derive(Clone)]
pub(crate) struct CTableType {
    pub(crate) ty: TableType,
    element: wasm_valtype_t,
    limits: wasm_limits_t,
}

#[derive(Clone)]
pub(crate) struct CMemoryType {
    pub(crate) ty: MemoryType,
    limits: wasm_limits_t,
}

#[derive(Clone)]
pub(crate) struct CTagType {
    functype: Box<wasm_functype_t>,
}

#[derive(Clone)]
pub(crate) enum CExternType {
    Func(CFuncType),
    Global(CGlobalType),
    Table(CTableType),
    Memory(CMemoryType),
    Tag(CTagType),
}

/// `wasm_externtype_t`.
#[derive(Clone)]
pub struct wasm_externtype_t {
    pub(crate) which: CExternType,
}

macro_rules! externtype_view {
    ($name:ident) => {
        /// A view of [`wasm_externtype_t`] of one kind.
        #[repr(transparent)]
        #[derive(Clone)]
        pub struct $name {
            pub(crate) ext: wasm_externtype_t,
        }
    };
}
externtype_view!(wasm_functype_t);
externtype_view!(wasm_globaltype_t);
externtype_view!(wasm_tabletype_t);
externtype_view!(wasm_memorytype_t);
externtype_view!(wasm_tagtype_t);

fn valtype_vec(types: &[ValType]) -> OwnedVec<Option<Box<wasm_valtype_t>>> {
    OwnedVec(types.iter().map(|&ty| Some(Box::new(wasm_valtype_t { ty }))).collect::<Vec<_>>().into())
}

impl wasm_externtype_t {
    pub(crate) fn new(ty: &ExternType) -> wasm_externtype_t {
        let which = match ty {
            ExternType::Func(f) => CExternType::Func(CFuncType {
                ty: f.clone(),
                params: valtype_vec(f.params()),
                results: valtype_vec(f.results()),
            }),
            ExternType::Global(g) => {
                CExternType::Global(CGlobalType { ty: *g, content: wasm_valtype_t { ty: g.content } })
            }
            ExternType::Table(t) => CExternType::Table(CTableType {
                ty: *t,
                element: wasm_valtype_t { ty: t.element },
                limits: wasm_limits_t::from_engine(t.min, t.max),
            }),
            ExternType::Memory(m) => {
                CExternType::Memory(CMemoryType { ty: *m, limits: wasm_limits_t::from_engine(m.min, m.max) })
            }
        };
        wasm_externtype_t { which }
    }

    fn kind(&self) -> wasm_externkind_t {
        match self.which {
            CExternType::Func(_) => WASM_EXTERN_FUNC,
            CExternType::Global(_) => WASM_EXTERN_GLOBAL,
            CExternType::Table(_) => WASM_EXTERN_TABLE,
            CExternType::Memory(_) => WASM_EXTERN_MEMORY,
            CExternType::Tag(_) => WASM_EXTERN_TAG,
        }
    }
}

impl wasm_functype_t {
    pub(crate) fn from_engine(ty: &FuncType) -> wasm_functype_t {
        wasm_functype_t { ext: wasm_externtype_t::new(&ExternType::Func(ty.clone())) }
    }

    pub(crate) fn func(&self) -> &CFuncType {
        match &self.ext.which {
            CExternType::Func(f) => f,
            _ => unreachable!("a wasm_functype_t always holds a function type"),
        }
    }
}

impl wasm_globaltype_t {
    pub(crate) fn from_engine(ty: GlobalType) -> wasm_globaltype_t {
        wasm_globaltype_t { ext: wasm_externtype_t::new(&ExternType::Global(ty)) }
    }

    pub(crate) fn global(&self) -> &CGlobalType {
        match &self.ext.which {
            CExternType::Global(g) => g,
            _ => unreachable!("a wasm_globaltype_t always holds a global type"),
        }
    }
}

impl wasm_tabletype_t {
    pub(crate) fn from_engine(ty: TableType) -> wasm_tabletype_t {
        wasm_tabletype_t { ext: wasm_externtype_t::new(&ExternType::Table(ty)) }
    }

    pub(crate) fn table(&self) -> &CTableType {
        match &self.ext.which {
            CExternType::Table(t) => t,
            _ => unreachable!("a wasm_tabletype_t always holds a table type"),
        }
    }
}

impl wasm_memorytype_t {
    pub(crate) fn from_engine(ty: MemoryType) -> wasm_memorytype_t {
        wasm_memorytype_t { ext: wasm_externtype_t::new(&ExternType::Memory(ty)) }
    }

    pub(crate) fn memory(&self) -> &CMemoryType {
        match &self.ext.which {
            CExternType::Memory(m) => m,
            _ => unreachable!("a wasm_memorytype_t always holds a memory type"),
        }
    }
}

impl wasm_tagtype_t {
    fn tag(&self) -> &CTagType {
        match &self.ext.which {
            CExternType::Tag(t) => t,
            _ => unreachable!("a wasm_tagtype_t always holds a tag type"),
        }
    }
}

/// Takes the value types out of an owned vector; NULL elements are refused.
fn take_valtypes(vec: &mut wasm_valtype_vec_t, what: &str) -> Result<Vec<ValType>, String> {
    let items = vec.take();
    items
        .into_iter()
        .enumerate()
        .map(|(i, t)| t.map(|t| t.ty).ok_or_else(|| format!("{what} type {i} is NULL")))
        .collect()
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_functype_new(
    params: Option<&mut wasm_valtype_vec_t>,
    results: Option<&mut wasm_valtype_vec_t>,
) -> Option<Box<wasm_functype_t>> {
    guard(None, move || {
        // Both vectors are taken over, also when the other is missing.
        let params = params.map(|p| take_valtypes(p, "parameter"));
        let results = results.map(|r| take_valtypes(r, "result"));
        let (params, results) = match (params, results) {
            (Some(Ok(p)), Some(Ok(r))) => (p, r),
            (None, _) | (_, None) => return fail(None, "wasm_functype_new: a vector is NULL"),
            (Some(Err(e)), _) | (_, Some(Err(e))) => return fail(None, format!("wasm_functype_new: {e}")),
        };
        Some(Box::new(wasm_functype_t::from_engine(&FuncType::new(params, results))))
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_functype_params(ty: Option<&wasm_functype_t>) -> *const wasm_valtype_vec_t {
    guard(std::ptr::null(), || &arg!(ty, std::ptr::null()).func().params.0 as *const WasmVec<_>)
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_functype_results(ty: Option<&wasm_functype_t>) -> *const wasm_valtype_vec_t {
    guard(std::ptr::null(), || &arg!(ty, std::ptr::null()).func().results.0 as *const WasmVec<_>)
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_globaltype_new(
    content: Option<Box<wasm_valtype_t>>,
    mutability: wasm_mutability_t,
) -> Option<Box<wasm_globaltype_t>> {
    guard(None, move || {
        let content = arg!(content, None);
        let mutable = match mutability {
            0 => false,
            1 => true,
            other => return fail(None, format!("wasm_globaltype_new: {other} is not a mutability")),
        };
        Some(Box::new(wasm_globaltype_t::from_engine(GlobalType::new(content.ty, mutable))))
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_globaltype_content(ty: Option<&wasm_globaltype_t>) -> *const wasm_valtype_t {
    guard(std::ptr::null(), || &arg!(ty, std::ptr::null()).global().content as *const _)
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_globaltype_mutability(ty: Option<&wasm_globaltype_t>) -> wasm_mutability_t {
    guard(0, || arg!(ty, 0).global().ty.mutable as wasm_mutability_t)
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_tabletype_new(
    element: Option<Box<wasm_valtype_t>>,
    limits: Option<&wasm_limits_t>,
) -> Option<Box<wasm_tabletype_t>> {
    guard(None, move || {
        let element = arg!(element, None);
        let limits = arg!(limits, None);
        if !element.ty.is_ref() {
            return fail(None, format!("wasm_tabletype_new: a table cannot hold {}", element.ty));
        }
        if limits.max().is_some_and(|max| max < limits.min as u64) {
            return fail(None, "wasm_tabletype_new: the maximum is below the minimum");
        }
        let ty = TableType::new(element.ty, limits.min as u64, limits.max());
        Some(Box::new(wasm_tabletype_t::from_engine(ty)))
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_tabletype_element(ty: Option<&wasm_tabletype_t>) -> *const wasm_valtype_t {
    guard(std::ptr::null(), || &arg!(ty, std::ptr::null()).table().element as *const _)
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_tabletype_limits(ty: Option<&wasm_tabletype_t>) -> *const wasm_limits_t {
    guard(std::ptr::null(), || &arg!(ty, std::ptr::null()).table().limits as *const _)
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_memorytype_new(limits: Option<&wasm_limits_t>) -> Option<Box<wasm_memorytype_t>> {
    guard(None, || {
        let limits = arg!(limits, None);
        if limits.max().is_some_and(|max| max < limits.min as u64) {
            return fail(None, "wasm_memorytype_new: the maximum is below the minimum");
        }
        let ty = MemoryType::new(limits.min as u64, limits.max());
        Some(Box::new(wasm_memorytype_t::from_engine(ty)))
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_memorytype_limits(ty: Option<&wasm_memorytype_t>) -> *const wasm_limits_t {
    guard(std::ptr::null(), || &arg!(ty, std::ptr::null()).memory().limits as *const _)
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_tagtype_new(functype: Option<Box<wasm_functype_t>>) -> Option<Box<wasm_tagtype_t>> {
    guard(None, move || {
        let functype = arg!(functype, None);
        Some(Box::new(wasm_tagtype_t {
            ext: wasm_externtype_t { which: CExternType::Tag(CTagType { functype }) },
        }))
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_tagtype_functype(ty: Option<&wasm_tagtype_t>) -> *const wasm_functype_t {
    guard(std::ptr::null(), || &*arg!(ty, std::ptr::null()).tag().functype as *const _)
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_externtype_kind(ty: Option<&wasm_externtype_t>) -> wasm_externkind_t {
    guard(0, || arg!(ty, 0).kind())
}

/// `X_as_externtype` (and `_const`) for each specific type: a view change.
macro_rules! as_externtype {
    ($ty:ident, $f:ident, $f_const:ident) => {
        #[unsafe(no_mangle)]
        pub extern "C" fn $f(ty: *mut $ty) -> *mut wasm_externtype_t {
            ty as *mut wasm_externtype_t
        }

        #[unsafe(no_mangle)]
        pub extern "C" fn $f_const(ty: *const $ty) -> *const wasm_externtype_t {
            ty as *const wasm_externtype_t
        }
    };
}
as_externtype!(wasm_functype_t, wasm_functype_as_externtype, wasm_functype_as_externtype_const);
as_externtype!(wasm_globaltype_t, wasm_globaltype_as_externtype, wasm_globaltype_as_externtype_const);
as_externtype!(wasm_tabletype_t, wasm_tabletype_as_externtype, wasm_tabletype_as_externtype_const);
as_externtype!(wasm_memorytype_t, wasm_memorytype_as_externtype, wasm_memorytype_as_externtype_const);
as_externtype!(wasm_tagtype_t, wasm_tagtype_as_externtype, wasm_tagtype_as_externtype_const);

/// `wasm_externtype_as_X` (and `_const`): the same object when the kinds
/// agree, else NULL.
macro_rules! externtype_as {
    ($ty:ident, $kind:ident, $f:ident, $f_const:ident) => {
        #[unsafe(no_mangle)]
        pub extern "C" fn $f(ty: Option<&wasm_externtype_t>) -> *mut $ty {
            $f_const(ty) as *mut $ty
        }

        #[unsafe(no_mangle)]
        pub extern "C" fn $f_const(ty: Option<&wasm_externtype_t>) -> *const $ty {
            guard(std::ptr::null(), || match ty {
                Some(ty) if matches!(ty.which, CExternType::$kind(_)) => {
                    ty as *const wasm_externtype_t as *const $ty
                }
                Some(_) => fail(std::ptr::null(), concat!("the extern type is not a ", stringify!($ty))),
                None => std::ptr::null(),
            })
        }
    };
}
externtype_as!(wasm_functype_t, Func, wasm_externtype_as_functype, wasm_externtype_as_functype_const);
externtype_as!(wasm_globaltype_t, Global, wasm_externtype_as_globaltype, wasm_externtype_as_globaltype_const);
externtype_as!(wasm_tabletype_t, Table, wasm_externtype_as_tabletype, wasm_externtype_as_tabletype_const);
externtype_as!(wasm_memorytype_t, Memory, wasm_externtype_as_memorytype, wasm_externtype_as_memorytype_const);
externtype_as!(wasm_tagtype_t, Tag, wasm_externtype_as_tagtype, wasm_externtype_as_tagtype_const);

/// `copy` and `delete` of each type description.
macro_rules! type_copy_delete {
    ($ty:ident, $copy:ident, $delete:ident) => {
        #[unsafe(no_mangle)]
        pub extern "C" fn $copy(ty: Option<&$ty>) -> Option<Box<$ty>> {
            guard(None, || Some(Box::new(arg!(ty, None).clone())))
        }

        #[unsafe(no_mangle)]
        pub extern "C" fn $delete(ty: Option<Box<$ty>>) {
            guard((), move || drop(ty))
        }
    };
}
type_copy_delete!(wasm_functype_t, wasm_functype_copy, wasm_functype_delete);
type_copy_delete!(wasm_globaltype_t, wasm_globaltype_copy, wasm_globaltype_delete);
type_copy_delete!(wasm_tabletype_t, wasm_tabletype_copy, wasm_tabletype_delete);
type_copy_delete!(wasm_memorytype_t, wasm_memorytype_copy, wasm_memorytype_delete);
type_copy_delete!(wasm_tagtype_t, wasm_tagtype_copy, wasm_tagtype_delete);
type_copy_delete!(wasm_externtype_t, wasm_externtype_copy, wasm_externtype_delete);
type_copy_delete!(wasm_importtype_t, wasm_importtype_copy, wasm_importtype_delete);
type_copy_delete!(wasm_exporttype_t, wasm_exporttype_copy, wasm_exporttype_delete);

/// `wasm_importtype_t`.
#[derive(Clone)]
pub struct wasm_importtype_t {
    module: OwnedVec<u8>,
    name: OwnedVec<u8>,
    ty: Box<wasm_externtype_t>,
}

impl wasm_importtype_t {
    pub(crate) fn from_engine(module: &str, name: &str, ty: &ExternType) -> wasm_importtype_t {
        wasm_importtype_t {
            module: OwnedVec::from_bytes(module.as_bytes()),
            name: OwnedVec::from_bytes(name.as_bytes()),
            ty: Box::new(wasm_externtype_t::new(ty)),
        }
    }
}

/// `wasm_exporttype_t`.
#[derive(Clone)]
pub struct wasm_exporttype_t {
    name: OwnedVec<u8>,
    ty: Box<wasm_externtype_t>,
}

impl wasm_exporttype_t {
    pub(crate) fn from_engine(name: &str, ty: &ExternType) -> wasm_exporttype_t {
        wasm_exporttype_t {
            name: OwnedVec::from_bytes(name.as_bytes()),
            ty: Box::new(wasm_externtype_t::new(ty)),
        }
    }
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_importtype_new(
    module: Option<&mut wasm_name_t>,
    name: Option<&mut wasm_name_t>,
    ty: Option<Box<wasm_externtype_t>>,
) -> Option<Box<wasm_importtype_t>> {
    guard(None, move || {
        let module = module.map(|m| OwnedVec(std::mem::replace(m, WasmVec::empty())));
        let name = name.map(|n| OwnedVec(std::mem::replace(n, WasmVec::empty())));
        match (module, name, ty) {
            (Some(module), Some(name), Some(ty)) => Some(Box::new(wasm_importtype_t { module, name, ty })),
            _ => fail(None, "wasm_importtype_new: an argument is NULL"),
        }
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_importtype_module(ty: Option<&wasm_importtype_t>) -> *const wasm_name_t {
    guard(std::ptr::null(), || &arg!(ty, std::ptr::null()).module.0 as *const _)
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_importtype_name(ty: Option<&wasm_importtype_t>) -> *const wasm_name_t {
    guard(std::ptr::null(), || &arg!(ty, std::ptr::null()).name.0 as *const _)
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_importtype_type(ty: Option<&wasm_importtype_t>) -> *const wasm_externtype_t {
    guard(std::ptr::null(), || &*arg!(ty, std::ptr::null()).ty as *const _)
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_exporttype_new(
    name: Option<&mut wasm_name_t>,
    ty: Option<Box<wasm_externtype_t>>,
) -> Option<Box<wasm_exporttype_t>> {
    guard(None, move || {
        let name = name.map(|n| OwnedVec(std::mem::replace(n, WasmVec::empty())));
        match (name, ty) {
            (Some(name), Some(ty)) => Some(Box::new(wasm_exporttype_t { name, ty })),
            _ => fail(None, "wasm_exporttype_new: an argument is NULL"),
        }
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_exporttype_name(ty: Option<&wasm_exporttype_t>) -> *const wasm_name_t {
    guard(std::ptr::null(), || &arg!(ty, std::ptr::null()).name.0 as *const _)
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_exporttype_type(ty: Option<&wasm_exporttype_t>) -> *const wasm_externtype_t {
    guard(std::ptr::null(), || &*arg!(ty, std::ptr::null()).ty as *const _)
}
