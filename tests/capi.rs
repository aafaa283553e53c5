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

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

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

/// Compiles and links one C or C++ source into an executable named after
/// it.
fn build(source: &Path, lang: Lang, mode: Mode) -> PathBuf {
    let stem = source.file_stem().unwrap().to_string_lossy().to_string();
    build_as(source, lang, mode, &stem)
}

/// Compiles and links one C or C++ source into the executable `name` (a
/// test that builds a program another test builds too uses its own name).
fn build_as(source: &Path, lang: Lang, mode: Mode, name: &str) -> PathBuf {
    let suffix = if mode == Mode::Sanitized { "-san" } else { "" };
    let exe = out_dir().join(format!("{name}{suffix}"));
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

/// The command that runs a test program, from the repository's root.
fn program(exe: &Path, mode: Mode, args: &[OsString]) -> Command {
    let mut cmd = Command::new(exe);
    cmd.args(args);
    // Cargo points LD_LIBRARY_PATH at target/<profile>, whose copy of the
    // library may be stale; the programs find theirs through their rpath.
    cmd.current_dir(root()).env_remove("LD_LIBRARY_PATH");
    if mode == Mode::Sanitized {
        cmd.env("ASAN_OPTIONS", "detect_leaks=1:halt_on_error=1:abort_on_error=0:exitcode=86")
            .env("UBSAN_OPTIONS", "halt_on_error=1:print_stacktrace=1");
    }
    cmd
}

fn run(exe: &Path, mode: Mode, args: &[OsString]) -> Output {
    run_checked(program(exe, mode, args), &format!("running {}", exe.display()))
}

/// Builds and runs a test program both ways, with `args`; returns the
/// plain run's standard output followed by its standard error.
fn check_program(source: &Path, lang: Lang, args: &[OsString]) -> String {
    let plain = run(&build(source, lang, Mode::Plain), Mode::Plain, args);
    run(&build(source, lang, Mode::Sanitized), Mode::Sanitized, args);
    format!("{}{}", String::from_utf8_lossy(&plain.stdout), String::from_utf8_lossy(&plain.stderr))
}

/// The C tests, each run with no arguments or with those its entry gives.
macro_rules! c_tests {
    ($($name:ident $(($args:expr))?),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let source = root().join("capi-tests").join(concat!(stringify!($name), ".c"));
                #[allow(unused_mut, reason = "only some tests take arguments")]
                let mut args: Vec<OsString> = Vec::new();
                $(args.extend($args);)?
                let out = check_program(&source, Lang::C, &args);
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
    test_layout,
    test_memory,
    test_module,
    test_null,
    test_ref,
    test_table,
    test_threads,
    test_trap,
    test_types,
    test_val,
    test_vec,
    test_zwasm_budgets,
    test_zwasm_errors,
    test_zwasm_linker,
    test_zwasm_values,
    test_zwasm_wasi([wasi_guest().into()]),
);

/// The WASI program `test_zwasm_wasi.c` runs (`capi-tests/guests/wasi_guest.c`),
/// compiled to `wasm32-wasi` with clang 14 and wasi-libc (as the WASI
/// corpus is; `tools/test-all` installs them) once per test process.
fn wasi_guest() -> PathBuf {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let source = root().join("capi-tests/guests/wasi_guest.c");
            let wasm = out_dir().join("wasi_guest.wasm");
            // A private temporary name: the test profiles share this folder.
            let tmp = out_dir().join(format!("wasi_guest.wasm.{}.tmp", std::process::id()));
            let cc = std::env::var("WASI_CC").unwrap_or_else(|_| "clang-14".into());
            let mut cmd = Command::new(&cc);
            cmd.args(["--target=wasm32-wasi", "-O2", "-Wall", "-Wextra", "-Werror", "-o"])
                .arg(&tmp)
                .arg(&source);
            let out = cmd.output().unwrap_or_else(|e| {
                panic!(
                    "cannot run {cc} to build the WASI guest ({e}); it needs clang-14, lld-14, wasi-libc \
                     and libclang-rt-14-dev-wasm32 (tools/test-all installs them)"
                )
            });
            assert!(
                out.status.success(),
                "building {} failed:\n{}",
                source.display(),
                String::from_utf8_lossy(&out.stderr)
            );
            std::fs::rename(&tmp, &wasm).unwrap();
            wasm
        })
        .clone()
}

/// The C++ wrapper's test, built with the C++ compiler.
#[test]
fn test_cpp_wrapper() {
    let out = check_program(&root().join("capi-tests/test_cpp_wrapper.cc"), Lang::Cpp, &[]);
    assert!(out.contains("ok"), "test_cpp_wrapper printed no \"ok\":\n{out}");
}

/// Runs an example and checks that its output has each of `expected`, in
/// that order.
fn check_example(name: &str, lang: Lang, expected: &[&str]) {
    let out = check_program(&root().join("examples-c").join(name), lang, &[]);
    let mut rest = out.as_str();
    for line in expected {
        match rest.find(line) {
            Some(at) => rest = &rest[at + line.len()..],
            None => panic!("examples-c/{name}: expected {line:?} (in order) in its output:\n{out}"),
        }
    }
}

macro_rules! examples {
    ($($name:ident: $lang:ident [$($line:expr),* $(,)?]),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let file = stringify!($name).strip_prefix("example_").unwrap();
                let file = match Lang::$lang {
                    Lang::C => format!("{file}.c"),
                    Lang::Cpp => format!("{}.cc", file.strip_suffix("_cpp").unwrap()),
                };
                check_example(&file, Lang::$lang, &[$($line),*]);
            }
        )*

        const EXAMPLES: &[&str] = &[$(stringify!($name)),*];
    };
}

examples!(
    example_hello: C ["Hello from the host!"],
    example_callback: C ["sum of the first 10 squares: 385", "finalizer: 10 calls, total 385"],
    example_memory: C [
        "sum of 1..100 computed in WebAssembly: 5050",
        "grow by 2: yes",
        "grow by 1 more: no (wasm_memory_grow: cannot grow memory by 1 pages)",
        "pages: 3",
        "trap: out of bounds memory access",
    ],
    example_table: C ["op 0: 14", "op 1: 21", "op 2: trap: undefined element", "slot 4 holds the host function: yes"],
    example_global: C ["10 * 1.5 = 15.0", "10 * 4.5 = 45.0", "the module counted 3 calls"],
    example_trap: C [
        "trap: integer divide by zero",
        "code: integer divide by zero",
        "#0 average (function 0)",
        "same instance: yes",
        "#1 score (function 1)",
        "#2  (function 2)",
        "update(4) = 25",
    ],
    example_threads: C ["thread 0: fib(20) = 6765", "thread 3: fib(23) = 28657"],
    example_reflect: C [
        "3 imports:",
        "env.log  func: 2 params, 0 results",
        "env.heap  memory: min 2 pages, max 16",
        "env.tick  global: kind 1, mutable",
        "3 exports:",
        "update  func: 1 params, 1 results",
        "callbacks  table: min 4",
        "version  global: kind 0, constant",
    ],
    example_serialize: C ["loaded module answers 42", "damaged copy: refused (serialized module is corrupt"],
    example_start: C [
        "instantiating...",
        "start function says: 2024",
        "instantiated",
        "start function says: 1",
        "second instance: failed",
        "trap: unreachable",
    ],
    example_multi: C ["47 / 5 = 9 remainder 2, product 235", "trap: divmod by zero"],
    example_hostref: C ["orc: health 18 (same object: yes)", "troll: health 38 (same object: yes)"],
    example_finalize: C [
        "deleting the first handle of A",
        "deleting the last handle of A",
        "finalized object A",
        "deleting the handles of B (a global holds it)",
        "replacing the host info of C",
        "finalized first info of C",
        "finalized second info of C",
        "deleting the store",
        "finalized object B",
    ],
    example_fuel: C [
        "count(5000) = 5000",
        "count(50000): trap: all fuel consumed",
        "after refilling: count(50000) = 50000",
        "trap: interrupted",
    ],
    example_wasi: C [
        "[guest] wasi-demo",
        "[guest] one",
        "[guest] two",
        "[guest] GREETING=hello from the host",
        "guest exited with status 3",
    ],
    example_hello_cpp: Cpp [
        "Hello from C++, 3 times!",
        "run(3) = 30",
        "caught: zwasm_func_call_ex: argument 0: a value of type f64 where i32 is expected",
        "as a value: zwasm_func_call_ex: argument 0",
        "greetings: 3",
    ],
);

/// `examples-c/wasi.c` given a WASI program compiled from C: its output
/// goes through the example's log, and the example exits with its status.
#[test]
fn example_wasi_runs_a_program_from_a_file() {
    let source = root().join("examples-c/wasi.c");
    let args: Vec<OsString> = vec![wasi_guest().into(), "one two".into(), "5".into()];
    for mode in [Mode::Plain, Mode::Sanitized] {
        let exe = build_as(&source, Lang::C, mode, "wasi-file");
        let out = program(&exe, mode, &args).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(5), "{text}{}", String::from_utf8_lossy(&out.stderr));
        assert!(text.contains("[guest] arg 1: one two\n[guest] arg 2: 5\n"), "{text}");
        assert!(text.contains("guest exited with status 5"), "{text}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "a line on stderr\n");
    }
}

/// Every C and C++ example is one of the tests above.
#[test]
fn every_example_is_run() {
    let mut files: Vec<String> = std::fs::read_dir(root().join("examples-c"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".c") || n.ends_with(".cc"))
        .map(|n| n.replace(".cc", "_cpp").replace(".c", ""))
        .map(|n| format!("example_{n}"))
        .collect();
    files.sort();
    let mut listed: Vec<String> = EXAMPLES.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(files, listed, "the examples in examples-c/ and the list in tests/capi.rs differ");
}

/// The zig program from PyPI's `ziglang` package (the version `tools/test-all` pins).
fn zig() -> Command {
    let mut cmd = Command::new("python3");
    cmd.args(["-m", "ziglang"]);
    cmd
}

/// The Zig example builds against bindings that `zig translate-c` makes
/// of our headers, links `libzwasm.so`, and runs.
#[test]
fn example_hello_zig() {
    let probe = zig().arg("version").output();
    assert!(
        probe.as_ref().is_ok_and(|o| o.status.success()),
        "zig is needed for the Zig example: `pip install ziglang==0.17.1` (tools/test-all installs it)"
    );
    let dir = out_dir().join("zig");
    std::fs::create_dir_all(&dir).unwrap();
    let header = dir.join("zwasm_c.h");
    std::fs::write(&header, "#include \"wasm.h\"\n#include \"zwasm.h\"\n").unwrap();
    let mut translate = zig();
    translate.arg("translate-c").arg("-I").arg(root().join("include")).arg("-lc").arg(&header);
    let bindings = run_checked(translate, "zig translate-c");
    let bindings_path = dir.join("zwasm_c.zig");
    std::fs::write(&bindings_path, &bindings.stdout).unwrap();
    let exe = dir.join("hello");
    let lib = lib_dir();
    let mut build = zig();
    build
        .args(["build-exe", "--dep", "zwasm_c"])
        .arg(format!("-Mroot={}", root().join("examples-c/hello.zig").display()))
        .arg(format!("-Mzwasm_c={}", bindings_path.display()))
        .arg("-L")
        .arg(&lib)
        .args(["-lzwasm", "-lc", "-rpath"])
        .arg(&lib)
        .arg(format!("-femit-bin={}", exe.display()))
        .arg("--cache-dir")
        .arg(dir.join("cache"));
    run_checked(build, "zig build-exe examples-c/hello.zig");
    let out = run(&exe, Mode::Plain, &[]);
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("Hello from Zig! squaring 3") && text.contains("3*3 + 4*4 = 25"), "{text}");
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

/// The CMake package's version is the crate's.
#[test]
fn cmake_package_version_is_the_crate_version() {
    let config = std::fs::read_to_string(root().join("cmake/zwasmConfigVersion.cmake")).unwrap();
    let wanted = format!("set(PACKAGE_VERSION \"{}\")", env!("CARGO_PKG_VERSION"));
    assert!(config.contains(&wanted), "cmake/zwasmConfigVersion.cmake should say {wanted}");
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
    // The C++ wrapper promises C++17.
    let source = out_dir().join("alone_zwasm_hh.cc");
    let mut cmd = compiler(Lang::Cpp);
    cmd.args(["-std=c++17", "-Wall", "-Wextra", "-Werror", "-pedantic", "-fsyntax-only", "-I"])
        .arg(root().join("include"))
        .arg(&source);
    run_checked(cmd, "compiling zwasm.hh as C++17");
}
