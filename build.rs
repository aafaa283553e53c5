//! Chooses the interpreter's dispatch: threaded (each handler tail-calls the
//! next) when the compiler optimises, which turns those calls into jumps; a
//! trampoline loop otherwise, where the calls would grow the native stack.
//! `ZWASM_DISPATCH=threaded|loop` overrides the choice.
//!
//! Generates the C header of zwasm's extensions, `zwasm.h`, from the Rust
//! sources in `src/capi/zwasm/` (and nothing else, so that `wasm.h`'s
//! functions, declared in our hand-written `include/wasm.h`, are not
//! repeated). The result goes to `$OUT_DIR/zwasm.h`; the copy committed in
//! `include/` is checked against it by `tests/capi.rs`, which rewrites it
//! when run with `ZWASM_UPDATE_HEADERS=1`.

use std::path::PathBuf;

const HEADER_TOP: &str = "\
/**
 * \\file zwasm.h
 * \\brief zwasm's extensions to the WebAssembly C API.
 *
 * Functions over the handles of `wasm.h` for what the standard API cannot
 * say: error messages and error objects, the execution tier, the text
 * format, fuel, interruption from another thread, growth limits, values
 * of every type (`v128` included), a linker that resolves imports by
 * name, and WASI Preview 1 for guests compiled to `wasm32-wasi`.
 *
 * This file is generated from the Rust sources (src/capi/zwasm/) by
 * cbindgen when zwasm is built; do not edit it by hand.
 */";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    choose_dispatch();
    c_api();
}

/// The interpreter dispatch (see the top of this file).
fn choose_dispatch() {
    println!("cargo:rerun-if-env-changed=ZWASM_DISPATCH");
    println!("cargo:rustc-check-cfg=cfg(zwasm_threaded)");
    let optimized = matches!(std::env::var("OPT_LEVEL").as_deref(), Ok("2" | "3" | "s" | "z"));
    let threaded = match std::env::var("ZWASM_DISPATCH").as_deref() {
        Ok("threaded") => true,
        Ok("loop") => false,
        _ => optimized,
    };
    if threaded {
        println!("cargo:rustc-cfg=zwasm_threaded");
    }
}

/// The C API: the library's name, what the C tests need, and `zwasm.h`.
fn c_api() {
    println!("cargo:rerun-if-changed=src/capi/zwasm");
    // An ELF shared library names itself, so that programs linked against
    // it record `libzwasm.so` rather than the path they found it at.
    if std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libzwasm.so");
    }
    // The C tests (tests/capi.rs) configure the `cc` crate with these.
    for var in ["TARGET", "HOST"] {
        let value = std::env::var(var).expect("cargo sets TARGET and HOST");
        println!("cargo:rustc-env=ZWASM_BUILD_{var}={value}");
    }
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("zwasm.h");
    // cbindgen follows the `mod` items of `mod.rs` to the other files.
    let bindings = cbindgen::Builder::new()
        .with_config(config())
        .with_src(manifest.join("src/capi/zwasm/mod.rs"))
        .generate()
        .expect("cbindgen generates zwasm.h");
    bindings.write_to_file(&out);
}

fn config() -> cbindgen::Config {
    let mut config = cbindgen::Config {
        language: cbindgen::Language::C,
        header: Some(HEADER_TOP.to_string()),
        include_guard: Some("ZWASM_H".to_string()),
        includes: vec!["wasm.h".to_string()],
        no_includes: true,
        cpp_compat: true,
        documentation: true,
        documentation_style: cbindgen::DocumentationStyle::Doxy,
        style: cbindgen::Style::Both,
        usize_is_size_t: true,
        autogen_warning: None,
        ..Default::default()
    };
    config.function.prefix = Some("WASM_API_EXTERN".to_string());
    config
}
