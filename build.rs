//! Chooses the interpreter's dispatch: threaded (each handler tail-calls the
//! next) when the compiler optimises, which turns those calls into jumps; a
//! trampoline loop otherwise, where the calls would grow the native stack.
//! `ZWASM_DISPATCH=threaded|loop` overrides the choice.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
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
