//! The C API's own tests, run from `cargo test`:
//!
//! - every C file in `capi-tests/` is compiled with the `cc` crate's C
//!   compiler, linked against the real `libzwasm.so` that this build made,
//!   and run — once plainly and once under AddressSanitizer and
//!   UndefinedBehaviorSanitizer with leak detection (which proves that every
//!   `own` object the test receives is freed, and that zwasm frees its own);
//! - the C++ tests (`capi-tests/*.cc`) likewise, against `zwasm.hh`;
//! - every program of `examples-c/` (C, C++ and Zig) builds and runs;
//! - the headers compile alone and included twice, in C and in C++;
//! - the library exports exactly the functions the headers declare, and
//!   every one of them is called by a test (`capi-tests/surface.py`);
//! - the committed `include/zwasm.h` is the one `build.rs` generates
//!   (`ZWASM_UPDATE_HEADERS=1 cargo test --test capi` rewrites it).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The folder holding the `libzwasm.so` built with this test: cargo
/// builds every crate type of the library next to the test binary, in
/// `target/<profile>/deps` (it copies them up a level only for `cargo
/// build`, so that copy may be stale here).
fn lib_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test knows its path");
    let dir = exe.parent().expect("tests run from target/<profile>/deps").to_path_buf();
    assert!(dir.join("libzwasm.so").exists(), "{} has no libzwasm.so", dir.display());
    dir
}

fn out_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("capi");
    std::fs::create_dir_all(&dir).expect("the build folder can be made");
    dir
}

#[derive(Copy, Clone, PartialEq)]
enum Lang {
    C,
    Cpp,
}

#[derive(Copy, Clone, PartialEq)]
enum Mode {
    Plain,
    Sanitized,
}

/// The compiler command the `cc` crate picks (honouring `CC`, `CXX`,
/// `CFLAGS`, ...).
fn compiler(lang: Lang) -> Command {
    let tool = cc::Build::new()
        .cpp(lang == Lang::Cpp)
        .target(env!("ZWASM_BUILD_TARGET"))
        .host(env!("ZWASM_BUILD_HOST"))
        .opt_level(1)
        .debug(true)
        .cargo_metadata(false)
        .cargo_warnings(false)
        .try_get_compiler()
        .expect("a C/C++ compiler is installed");
    tool.to_command()
}

fn run_checked(mut cmd: Command, what: &str) -> Output {
    let out = cmd.output().unwrap_or_else(|e| panic!("{what}: cannot run {cmd:?}: {e}"));
    if !out.status.success() {
        panic!(
            "{what} failed ({}):\n--- stdout\n{}\n--- stderr\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    out
}

/// Compiles and links one C or C++ source into an executable.
fn build(source: &Path, lang: Lang, mode: Mode) -> PathBuf {
    let stem = source.file_stem().unwrap().to_string_lossy().to_string();
    let suffix = if mode == Mode::Sanitized { "-san" } else { "" };
    let exe = out_dir().join(format!("{stem}{suffix}"));
    let lib = lib_dir();
    let mut cmd = compiler(lang);
    cmd.arg(if lang == Lang::C { "-std=c11" } else { "-std=c++20" })
        .args(["-Wall", "-Wextra", "-Werror", "-pthread"])
        .arg("-I")
        .arg(root().join("include"))
        .arg("-I")
        .arg(root().join("capi-tests"));
    if mode == Mode::Sanitized {
        cmd.args(["-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-fno-omit-frame-pointer"]);
    }
    cmd.arg(source).arg("-o").arg(&exe).arg("-L").arg(&lib).arg("-lzwasm");
    cmd.arg(format!("-Wl,-rpath,{}", lib.display()));
    run_checked(cmd, &format!("compiling {}", source.display()));
    exe
}

fn run(exe: &Path, mode: Mode) -> Output {
    let mut cmd = Command::new(exe);
    // Cargo points LD_LIBRARY_PATH at target/<profile>, whose copy of the
    // library may be stale; the programs find theirs through their rpath.
    cmd.current_dir(root()).env_remove("LD_LIBRARY_PATH");
    if mode == Mode::Sanitized {
        cmd.env("ASAN_OPTIONS", "detect_leaks=1:halt_on_error=1:abort_on_error=0:exitcode=86")
            .env("UBSAN_OPTIONS", "halt_on_error=1:print_stacktrace=1");
    }
    run_checked(cmd, &format!("running {}", exe.display()))
}

/// Builds and runs a test program both ways; returns the plain run's
/// standard output.
fn check_program(source: &Path, lang: Lang) -> String {
    let plain = run(&build(source, lang, Mode::Plain), Mode::Plain);
    run(&build(source, lang, Mode::Sanitized), Mode::Sanitized);
    String::from_utf8_lossy(&plain.stdout).into_owned()
}

macro_rules! c_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let source = root().join("capi-tests").join(concat!(stringify!($name), ".c"));
                let out = check_program(&source, Lang::C);
                assert!(out.contains("ok"), "{} printed no \"ok\":\n{out}", source.display());
            }
        )*

        const C_TESTS: &[&str] = &[$(concat!(stringify!($name), ".c")),*];
    };
}

c_tests!(
    test_engine,
    test_extern,
    test_func,
    test_global,
    test_instance,
    test_memory,
    test_module,
    test_ref,
    test_table,
    test_threads,
    test_trap,
    test_types,
    test_val,
    test_vec,
    test_zwasm_budgets,
    test_zwasm_errors,
    test_zwasm_values,
);

/// The C++ wrapper's test, built with the C++ compiler.
#[test]
fn test_cpp_wrapper() {
    let out = check_program(&root().join("capi-tests/test_cpp_wrapper.cc"), Lang::Cpp);
    assert!(out.contains("ok"), "test_cpp_wrapper printed no \"ok\":\n{out}");
}

/// Every C file of `capi-tests/` is one of the tests above.
#[test]
fn every_c_test_is_run() {
    let mut files: Vec<String> = std::fs::read_dir(root().join("capi-tests"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".c"))
        .collect();
    files.sort();
    let mut listed: Vec<String> = C_TESTS.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(files, listed, "the C tests in capi-tests/ and the list in tests/capi.rs differ");
}

fn surface(args: &[&str]) -> String {
    let mut cmd = Command::new("python3");
    cmd.arg(root().join("capi-tests/surface.py")).args(args);
    String::from_utf8_lossy(&run_checked(cmd, "capi-tests/surface.py").stdout).into_owned()
}

/// The library exports exactly the functions `wasm.h` and `zwasm.h` declare.
#[test]
fn exports_match_the_headers() {
    let include = root().join("include");
    let lib = lib_dir().join("libzwasm.so");
    let out = surface(&["exports", include.to_str().unwrap(), lib.to_str().unwrap()]);
    println!("{out}");
}

/// Every declared function is called by at least one C or C++ test.
#[test]
fn every_function_is_tested() {
    let include = root().join("include");
    let mut args = vec!["usage".to_string(), include.to_string_lossy().into_owned()];
    for entry in std::fs::read_dir(root().join("capi-tests")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "c" || e == "cc") {
            args.push(path.to_string_lossy().into_owned());
        }
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    println!("{}", surface(&args));
}

/// The committed `zwasm.h` is what `build.rs` generates.
#[test]
fn zwasm_header_is_current() {
    let generated = include_str!(concat!(env!("OUT_DIR"), "/zwasm.h"));
    let committed_path = root().join("include/zwasm.h");
    let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
    if generated != committed {
        if std::env::var_os("ZWASM_UPDATE_HEADERS").is_some() {
            std::fs::write(&committed_path, generated).unwrap();
            return;
        }
        panic!(
            "include/zwasm.h is stale: the Rust sources in src/capi/zwasm/ changed. \
             Run `ZWASM_UPDATE_HEADERS=1 cargo test --test capi zwasm_header_is_current` and commit it."
        );
    }
}

/// Each header compiles on its own and when included twice, in C and C++.
#[test]
fn headers_stand_alone() {
    for header in ["wasm.h", "zwasm.h", "zwasm.hh"] {
        for lang in [Lang::C, Lang::Cpp] {
            if header.ends_with(".hh") && lang == Lang::C {
                continue;
            }
            let ext = if lang == Lang::C { "c" } else { "cc" };
            let stem = header.replace('.', "_");
            let source = out_dir().join(format!("alone_{stem}.{ext}"));
            std::fs::write(
                &source,
                format!("#include \"{header}\"\n#include \"{header}\"\nint main(void) {{ return 0; }}\n"),
            )
            .unwrap();
            let mut cmd = compiler(lang);
            cmd.arg(if lang == Lang::C { "-std=c11" } else { "-std=c++20" })
                .args(["-Wall", "-Wextra", "-Werror", "-pedantic", "-fsyntax-only", "-I"])
                .arg(root().join("include"))
                .arg(&source);
            run_checked(cmd, &format!("compiling {header} alone as {ext}"));
        }
    }
}
