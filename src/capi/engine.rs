//! `wasm_config_t` and `wasm_engine_t`.

use super::{fail, guard};
use crate::{Config, Engine};

/// `wasm_config_t`: engine settings (changed by the `zwasm_config_*`
/// functions of `zwasm.h`).
pub struct wasm_config_t {
    pub(crate) config: Config,
}

/// `wasm_engine_t`: an engine, usable from any thread.
pub struct wasm_engine_t {
    pub(crate) engine: Engine,
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_config_new() -> Option<Box<wasm_config_t>> {
    guard(None, || Some(Box::new(wasm_config_t { config: Config::new() })))
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_config_delete(config: Option<Box<wasm_config_t>>) {
    guard((), move || drop(config))
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_engine_new() -> Option<Box<wasm_engine_t>> {
    guard(None, || engine_from(&Config::new()))
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_engine_new_with_config(
    config: Option<Box<wasm_config_t>>,
) -> Option<Box<wasm_engine_t>> {
    guard(None, move || {
        let config = super::arg!(config, None);
        engine_from(&config.config)
    })
}

/// An engine for `config`, or NULL and the engine's reason (never another
/// tier than the one asked for).
pub(crate) fn engine_from(config: &Config) -> Option<Box<wasm_engine_t>> {
    match Engine::new(config) {
        Ok(engine) => Some(Box::new(wasm_engine_t { engine })),
        Err(e) => fail(None, e.to_string()),
    }
}

#[unsafe(no_mangle)]
pub extern "C" fn wasm_engine_delete(engine: Option<Box<wasm_engine_t>>) {
    guard((), move || drop(engine))
}
