//! Engine settings: execution tier, compilation mode, tier-up thresholds,
//! call depth.

use crate::capi::{fail, guard, wasm_config_t};
use crate::{Compilation, Tier};

/// An execution tier.
pub type zwasm_tier_t = u32;
/// The register-IR interpreter runs every function (the default).
pub const ZWASM_TIER_INTERP: zwasm_tier_t = 0;
/// Every function is compiled to native code before its first call.
pub const ZWASM_TIER_JIT: zwasm_tier_t = 1;
/// Functions start in the interpreter; hot ones move to native code.
pub const ZWASM_TIER_TIERED: zwasm_tier_t = 2;

/// Chooses the execution tier. Returns false (and changes nothing) for an
/// unknown tier. This build has only the interpreter: an engine asked for
/// `ZWASM_TIER_JIT` or `ZWASM_TIER_TIERED` is refused by
/// `wasm_engine_new_with_config` (NULL, with the reason in
/// `zwasm_last_error_message`); it never falls back to another tier.
#[unsafe(no_mangle)]
pub extern "C" fn zwasm_config_set_tier(config: Option<&mut wasm_config_t>, tier: zwasm_tier_t) -> bool {
    guard(false, || {
        let Some(config) = config else { return fail(false, "`config` must not be NULL") };
        let tier = match tier {
            ZWASM_TIER_INTERP => Tier::Interp,
            ZWASM_TIER_JIT => Tier::Jit,
            ZWASM_TIER_TIERED => Tier::Tiered,
            other => return fail(false, format!("zwasm_config_set_tier: {other} is not a tier")),
        };
        config.config.tier(tier);
        true
    })
}

/// Sets when a function counts as hot in the tiered mode: after
/// `entry_calls` calls, or after `loop_iterations` iterations of one of its
/// loops (each at least 1).
#[unsafe(no_mangle)]
pub extern "C" fn zwasm_config_set_tierup_thresholds(
    config: Option<&mut wasm_config_t>,
    entry_calls: u32,
    loop_iterations: u32,
) {
    guard((), || {
        let Some(config) = config else { return fail((), "`config` must not be NULL") };
        config.config.entry_threshold(entry_calls).loop_threshold(loop_iterations);
    })
}

/// Sets the deepest nesting of WebAssembly calls before a call traps with
/// "call stack exhausted" (at least 1).
#[unsafe(no_mangle)]
pub extern "C" fn zwasm_config_set_max_call_depth(config: Option<&mut wasm_config_t>, depth: u32) {
    guard((), || {
        let Some(config) = config else { return fail((), "`config` must not be NULL") };
        config.config.max_call_depth(depth);
    })
}

/// Reads the tier-up thresholds back (either pointer may be NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn zwasm_config_get_tierup_thresholds(
    config: Option<&wasm_config_t>,
    entry_calls: *mut u32,
    loop_iterations: *mut u32,
) -> bool {
    let Some(config) = config else { return fail(false, "`config` must not be NULL") };
    if !entry_calls.is_null() {
        // SAFETY: a non-NULL pointer is an output parameter.
        unsafe { entry_calls.write(config.config.get_entry_threshold()) };
    }
    if !loop_iterations.is_null() {
        // SAFETY: as above.
        unsafe { loop_iterations.write(config.config.get_loop_threshold()) };
    }
    true
}

/// The configured tier (one of the `ZWASM_TIER_*` values).
#[unsafe(no_mangle)]
pub extern "C" fn zwasm_config_get_tier(config: Option<&wasm_config_t>) -> zwasm_tier_t {
    guard(ZWASM_TIER_INTERP, || match config.map(|c| c.config.get_tier()) {
        Some(Tier::Jit) => ZWASM_TIER_JIT,
        Some(Tier::Tiered) => ZWASM_TIER_TIERED,
        Some(Tier::Interp) => ZWASM_TIER_INTERP,
        None => fail(ZWASM_TIER_INTERP, "`config` must not be NULL"),
    })
}

/// The configured maximum call depth.
#[unsafe(no_mangle)]
pub extern "C" fn zwasm_config_get_max_call_depth(config: Option<&wasm_config_t>) -> u32 {
    guard(0, || {
        config.map_or_else(|| fail(0, "`config` must not be NULL"), |c| c.config.get_max_call_depth())
    })
}

/// When a module's functions are validated and translated.
pub type zwasm_compilation_t = u32;
/// Every function while the module loads (the default): invalid code is
/// reported by `wasm_module_new`.
pub const ZWASM_COMPILATION_EAGER: zwasm_compilation_t = 0;
/// Every function is validated while the module loads and translated on its
/// first call: a faster start, the same errors.
pub const ZWASM_COMPILATION_LAZY_TRANSLATION: zwasm_compilation_t = 1;
/// Each function is validated and translated on its first call: the fastest
/// start. An invalid function body is reported when it is first called, as
/// a trap with code `ZWASM_TRAP_INVALID_FUNCTION`.
pub const ZWASM_COMPILATION_LAZY: zwasm_compilation_t = 2;

/// Chooses when functions are validated and translated. Returns false (and
/// changes nothing) for an unknown mode.
#[unsafe(no_mangle)]
pub extern "C" fn zwasm_config_set_compilation(
    config: Option<&mut wasm_config_t>,
    mode: zwasm_compilation_t,
) -> bool {
    guard(false, || {
        let Some(config) = config else { return fail(false, "`config` must not be NULL") };
        let mode = match mode {
            ZWASM_COMPILATION_EAGER => Compilation::Eager,
            ZWASM_COMPILATION_LAZY_TRANSLATION => Compilation::LazyTranslation,
            ZWASM_COMPILATION_LAZY => Compilation::Lazy,
            other => {
                return fail(
                    false,
                    format!("zwasm_config_set_compilation: {other} is not a compilation mode"),
                );
            }
        };
        config.config.compilation(mode);
        true
    })
}

/// The configured compilation mode (one of the `ZWASM_COMPILATION_*` values).
#[unsafe(no_mangle)]
pub extern "C" fn zwasm_config_get_compilation(config: Option<&wasm_config_t>) -> zwasm_compilation_t {
    guard(ZWASM_COMPILATION_EAGER, || match config.map(|c| c.config.get_compilation()) {
        Some(Compilation::Eager) => ZWASM_COMPILATION_EAGER,
        Some(Compilation::LazyTranslation) => ZWASM_COMPILATION_LAZY_TRANSLATION,
        Some(Compilation::Lazy) => ZWASM_COMPILATION_LAZY,
        None => fail(ZWASM_COMPILATION_EAGER, "`config` must not be NULL"),
    })
}
