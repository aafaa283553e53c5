//! One handler per IR instruction, and the table that maps instruction tags
//! to handlers (generated from the op list, so the order always matches).
//!
//! Handlers keep to rules that let the compiler turn their final call into
//! a jump: no local whose address escapes (buffers and anything passed by
//! reference live in out-of-line helpers), and nothing with a destructor
//! alive at the dispatch.

mod call;
mod control;
mod fused;
mod memory;
mod numeric;

use super::exec::{AccReg, Cx, Handler};
use crate::ir::Op;
pub(crate) use fused::fused_pair;

/// Defines a handler: `handler!(Name(ip, fp, mem, len, cx, acc) { .. })`, or a
/// generic one, `handler!(Name<const D: u8, const IN: u8>(..) { .. })`.
macro_rules! handler {
    ($(#[$attr:meta])* $name:ident $(<$(const $g:ident: $gt:ty),*>)?
     ($ip:ident, $fp:ident, $mem:ident, $len:ident, $cx:ident, $acc:ident) $body:block) => {
        #[allow(non_snake_case, unused_mut, unused_variables, reason = "every handler has one signature")]
        $(#[$attr])*
        pub(crate) unsafe extern "C" fn $name $(<$(const $g: $gt),*>)? (
            $ip: crate::interp::exec::Ip,
            $fp: *mut u64,
            $mem: *mut u8,
            $len: u64,
            $cx: &mut crate::interp::exec::Cx<'_>,
            $acc: crate::interp::exec::Acc,
        ) -> crate::interp::exec::Exit {
            $body
        }
    };
}

/// The accumulator forms of an instruction's handler, and the accumulator
/// registers its result and inputs use (see `exec::Acc`).
pub(crate) struct Forms {
    /// The handlers, indexed `[D][IN]`. `D` says where the result goes: 0 to
    /// `dst`, 1 to the accumulator instead, 2 to both (for a result the next
    /// instruction reads that is also needed later). `IN` (1 or more) says
    /// which slot input, counted in field order without `dst`, is read from
    /// the accumulator instead (0: none). `None` where a form does not exist.
    /// See `super::forward` for when the forms are used.
    pub handlers: [[Option<Handler>; 3]; 3],
    /// The register the result is delivered in.
    pub output: AccReg,
    /// The registers inputs 1 and 2 are read from.
    pub inputs: [AccReg; 2],
}

/// The accumulator register of a value read or written with the `Frame`
/// accessor `$access`.
macro_rules! acc_reg {
    (f64) => {
        AccReg::Float
    };
    (set_f64) => {
        AccReg::Float
    };
    ($access:ident) => {
        AccReg::Int
    };
}

/// The forms of the generic handler `v` of an instruction family: with a
/// result written with `$set` (`dst $set;`) or without (`nodst;`), and with
/// slot inputs read with the listed accessors.
macro_rules! forms {
    (dst $set:ident; $($get:ident),*) => {
        forms!(@ [forms!(@row 0; $($get),*), forms!(@row 1; $($get),*), forms!(@row 2; $($get),*)],
               acc_reg!($set); $($get),*)
    };
    (nodst; $($get:ident),*) => {
        forms!(@ [forms!(@row 0; $($get),*), [None, None, None], [None, None, None]], AccReg::Int; $($get),*)
    };
    (@ $handlers:expr, $output:expr;) => {
        Forms { handlers: $handlers, output: $output, inputs: [AccReg::Int; 2] }
    };
    (@ $handlers:expr, $output:expr; $in1:ident) => {
        Forms { handlers: $handlers, output: $output, inputs: [acc_reg!($in1), AccReg::Int] }
    };
    (@ $handlers:expr, $output:expr; $in1:ident, $in2:ident) => {
        Forms { handlers: $handlers, output: $output, inputs: [acc_reg!($in1), acc_reg!($in2)] }
    };
    (@row $d:literal;) => {
        [Some(v::<$d, 0> as Handler), None, None]
    };
    (@row $d:literal; $in1:ident) => {
        [Some(v::<$d, 0> as Handler), Some(v::<$d, 1> as Handler), None]
    };
    (@row $d:literal; $in1:ident, $in2:ident) => {
        [Some(v::<$d, 0> as Handler), Some(v::<$d, 1> as Handler), Some(v::<$d, 2> as Handler)]
    };
}

/// Defines handler `$name` (a constant naming the plain form) as the generic
/// handler `v` of module `$name`, with forms `$forms`. With `forms_only`,
/// defines just the module (for pairs, which no instruction tag names).
macro_rules! generic_handler {
    ($name:ident, $forms:expr, |$ip:ident, $fp:ident, $mem:ident, $len:ident, $cx:ident, $acc:ident| $body:block) => {
        generic_handler!(forms_only $name, $forms, |$ip, $fp, $mem, $len, $cx, $acc| $body);
        #[allow(non_upper_case_globals)]
        pub(crate) const $name: Handler = $name::v::<0, 0>;
    };
    (forms_only $name:ident, $forms:expr,
     |$ip:ident, $fp:ident, $mem:ident, $len:ident, $cx:ident, $acc:ident| $body:block) => {
        #[allow(non_snake_case)]
        pub(crate) mod $name {
            use super::*;
            handler!(v<const D: u8, const IN: u8>($ip, $fp, $mem, $len, $cx, $acc) $body);
            pub(crate) const FORMS: Forms = $forms;
        }
    };
}

/// `fn $lookup(op) -> Option<&Forms>`: the forms of the listed instructions,
/// each defined by `generic_handler!`.
macro_rules! forms_lookup {
    (fn $lookup:ident; $($name:ident),* $(,)?) => {
        /// The accumulator forms of these instructions.
        pub(crate) fn $lookup(op: &Op) -> Option<&'static Forms> {
            match op {
                $(Op::$name { .. } => Some(&$name::FORMS),)*
                _ => None,
            }
        }
    };
}

/// Input `$n` of a generic handler, read with accessor `$get`: from the
/// accumulator in the form that reads it from there, the slot otherwise.
/// `$get` must be the accessor named for input `$n` in the handler's forms.
macro_rules! input {
    ($fr:ident, $slot:ident, $n:literal, $acc:ident, $get:ident) => {
        if IN == $n { $acc.$get() } else { $fr.$get($slot) }
    };
}

/// Delivers a generic handler's result `$v` with setter `$set` where form
/// `D` says (see `Forms`); `$set` must be the setter named in its forms.
/// Evaluates to the accumulator to continue with.
macro_rules! output {
    ($fr:ident, $dst:ident, $set:ident, $v:expr, $acc:ident) => {{
        let v = $v;
        if D != 1 {
            $fr.$set($dst, v);
        }
        if D != 0 { $acc.$set(v) } else { $acc }
    }};
}

/// The operands of the instruction at `ip`, whose variant the handler knows.
macro_rules! operands {
    ($ip:ident, $pat:pat) => {
        // SAFETY: a handler only runs for instructions prepared with it
        // (see `exec::prepared`), so the other variants cannot occur.
        let $pat = (unsafe { (*$ip).op }) else { unsafe { std::hint::unreachable_unchecked() } };
    };
}

/// Continues with the instruction at `$ip`: a tail call of its handler in
/// threaded builds, a return to the trampoline otherwise.
macro_rules! dispatch {
    ($ip:expr, $fp:expr, $mem:expr, $len:expr, $cx:expr, $acc:expr) => {{
        let ip: crate::interp::exec::Ip = $ip;
        #[cfg(zwasm_threaded)]
        {
            // SAFETY: `ip` points at a prepared instruction of the running
            // function, its own handler in front; the state describes the
            // current frame.
            return unsafe { crate::interp::exec::handler_of(ip)(ip, $fp, $mem, $len, $cx, $acc) };
        }
        #[cfg(not(zwasm_threaded))]
        {
            $cx.regs = crate::interp::exec::Regs { ip, fp: $fp, mem: $mem, len: $len, acc: $acc };
            return crate::interp::exec::Exit::Continue;
        }
    }};
}

/// Continues with the next instruction (`$width` instructions on when the
/// current one has extra words).
macro_rules! next {
    ($ip:ident, $fp:ident, $mem:ident, $len:ident, $cx:ident, $acc:ident) => {
        // SAFETY: every instruction is followed by another or ends its path.
        dispatch!(unsafe { $ip.add(1) }, $fp, $mem, $len, $cx, $acc)
    };
}

/// Leaves the threaded code with a trap raised at `$ip`.
macro_rules! trap {
    ($ip:ident, $cx:ident, $code:expr) => {
        return crate::interp::exec::raise($cx, $ip, $code)
    };
}

/// `match`es a `Result<T, TrapCode>`: the value, or a trap at `$ip`.
macro_rules! trapping {
    ($ip:ident, $cx:ident, $e:expr) => {
        match $e {
            Ok(v) => v,
            Err(code) => trap!($ip, $cx, code),
        }
    };
}

/// Spends one unit of `cx.budget`. When the slice is used up, continues in
/// `refill_and_go`, which checks fuel and the interrupt flag and then runs
/// the instruction at `$then`, either the current one again (`retry`: it has
/// done nothing yet and will spend its unit again) or the one it was about
/// to continue with (`done`: the unit is charged to the new slice). That
/// slow path is a tail call, so the handler itself makes no ordinary calls.
/// The accumulator is never live where budget is spent (at loop headers,
/// after back-edges and at calls), so the slow path borrows its register to
/// carry the units already spent.
macro_rules! spend {
    (retry $then:expr, $fp:ident, $mem:ident, $len:ident, $cx:ident) => {
        spend!(@ 0, $then, $fp, $mem, $len, $cx)
    };
    (done $then:expr, $fp:ident, $mem:ident, $len:ident, $cx:ident) => {
        spend!(@ 1, $then, $fp, $mem, $len, $cx)
    };
    (@ $spent:expr, $then:expr, $fp:ident, $mem:ident, $len:ident, $cx:ident) => {
        $cx.budget -= 1;
        if $cx.budget < 0 {
            // SAFETY: the state is the current one; `$then` is a valid
            // instruction to continue with.
            return unsafe {
                crate::interp::handlers::refill_and_go($then, $fp, $mem, $len, $cx, crate::interp::exec::Acc { int: $spent, float: 0.0 })
            };
        }
    };
}

/// Takes a branch of `$offset` instructions from `$ip`. A backward branch
/// (offset <= 0) is a loop back-edge: see `back_edge!`.
macro_rules! branch {
    ($offset:expr, $ip:ident, $fp:ident, $mem:ident, $len:ident, $cx:ident, $acc:ident) => {{
        let offset: i32 = $offset.0;
        if offset <= 0 {
            back_edge!($offset, $ip, $fp, $mem, $len, $cx, $acc)
        }
        // SAFETY: branch targets are instructions of the same function.
        dispatch!(unsafe { $ip.offset(offset as isize) }, $fp, $mem, $len, $cx, $acc)
    }};
}

/// Takes a loop back-edge: it lands right after the loop's header and does
/// the header's work, counting an iteration and spending acc.
macro_rules! back_edge {
    ($offset:expr, $ip:ident, $fp:ident, $mem:ident, $len:ident, $cx:ident, $acc:ident) => {{
        // SAFETY: branch targets are instructions of the same function.
        let target = unsafe { $ip.offset($offset.0 as isize) };
        // SAFETY: a backward branch targets the instruction right after a
        // `LoopHeader` (the translator checks this in debug builds), so
        // `target - 1` is inside the function and is the header.
        let header = unsafe { target.sub(1) };
        operands!(header, Op::LoopHeader { loop_id });
        crate::interp::handlers::count_iteration($cx, loop_id);
        // The branch is done (and may have had effects, as a fused increment
        // does): after a refill, continue at the target.
        spend!(done target, $fp, $mem, $len, $cx);
        dispatch!(target, $fp, $mem, $len, $cx, $acc)
    }};
}

pub(super) use {
    acc_reg, back_edge, branch, dispatch, forms, forms_lookup, generic_handler, handler, input, next,
    operands, output, spend, trap, trapping,
};

// `acc.int` holds the units already spent from the new slice (0 or 1).
handler!(#[cold] #[inline(never)] refill_and_go(ip, fp, mem, len, cx, acc) {
    let spent = acc.int as i64;
    match crate::interp::exec::refill(cx) {
        Ok(slice) => {
            cx.budget = slice - spent;
            dispatch!(ip, fp, mem, len, cx, crate::interp::exec::Acc::ZERO)
        }
        Err(code) => trap!(ip, cx, code),
    }
});

/// Counts one iteration of loop `loop_id` of the current function.
#[inline(always)]
pub(super) fn count_iteration(cx: &mut Cx<'_>, loop_id: u32) {
    // SAFETY: a function's loop ids number its loops from 0, its counter
    // array has one entry per loop, and `cx.loop_counts` is the current
    // function's array.
    let counter = unsafe { &*cx.loop_counts.add(loop_id as usize) };
    bump(counter);
}

/// Adds one to a profile counter: a plain load and store (see
/// `FuncBody::entry_count`).
#[inline(always)]
pub(super) fn bump(counter: &std::sync::atomic::AtomicU32) {
    use std::sync::atomic::Ordering::Relaxed;
    counter.store(counter.load(Relaxed).wrapping_add(1), Relaxed);
}

/// The accumulator forms of an instruction, if its handler has any.
pub(crate) fn forms_of(op: &Op) -> Option<&'static Forms> {
    let families: [fn(&Op) -> Option<&'static Forms>; 16] = [
        numeric::unary_forms,
        numeric::unary_trap_forms,
        numeric::binary_forms,
        numeric::binary_trap_forms,
        numeric::binary_imm_forms,
        numeric::binary_imm_trap_forms,
        numeric::binary_imm_lhs_forms,
        numeric::binary_imm_lhs_trap_forms,
        memory::load_forms,
        memory::store_forms,
        memory::store_imm_forms,
        control::branch_on_forms,
        control::branch_if_forms,
        control::branch_if_imm_forms,
        control::move_forms,
        call::return_forms,
    ];
    families.iter().find_map(|family| family(op))
}

macro_rules! handler_table {
    ($( $(#[doc = $doc:literal])* $name:ident = $text:literal $({ $($field:ident : $fty:ty),* $(,)? })?; )*) => {
        /// Handlers indexed by instruction tag (declaration order of `Op`).
        pub(crate) static HANDLERS: [Handler; Op::COUNT] = [$(
            handler_of::$name as Handler,
        )*];

        /// Every handler under its instruction's name.
        mod handler_of {
            $(pub(super) use super::all::$name;)*
        }
    };
}

/// All handlers in one namespace.
mod all {
    pub(crate) use super::call::*;
    pub(crate) use super::control::*;
    pub(crate) use super::memory::*;
    pub(crate) use super::numeric::*;
}

crate::ir::for_each_op!(handler_table);

// Make sure the table covers exactly the instruction set.
const _: () = assert!(HANDLERS.len() == Op::COUNT);
