//! The WASI test corpus: the C (and one C++) programs of `tests/wasi/`,
//! compiled to `wasm32-wasi` by `tests/wasi/build.sh` (clang 14, wasi-libc
//! and libc++, which `tools/test-all` installs), each run against a fresh
//! fixture tree.
//!
//! Every program checks its own results and exits non-zero on a mismatch.
//! A program's first comment lines say how to run it:
//!
//! ```text
//! // wasi-test: dir=HOST::GUEST arg=A env=K=V stdin=FILE exit=N
//! // wasi-test-only-zwasm: why the reference engine cannot run it
//! // wasi-test-manual: why it needs a test of its own
//! ```
//!
//! `HOST` is relative to the fixture (`tests/wasi/make-fixture.sh`), `FILE`
//! to `tests/wasi/data/`. The differential check against wasmtime
//! (`tests/wasi/differential.py`) reads the same lines.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use zwasm::wasi::{self, FUNCTIONS, InputStream, OutputBuffer, OutputStream, WasiConfig, WasiCtx};
use zwasm::{Engine, ExternType, Linker, Module, Store};

fn source_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/wasi")
}

fn scratch() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).to_path_buf()
}

/// Builds the corpus once per test process; returns where the `.wasm` are.
fn corpus() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        let out = scratch().join("wasi-corpus");
        let status =
            Command::new(source_dir().join("build.sh")).arg(&out).status().expect("cannot run build.sh");
        assert!(
            status.success(),
            "building the WASI corpus failed; it needs clang-14, lld-14, wasi-libc and \
             libclang-rt-14-dev-wasm32 (tools/test-all installs them)"
        );
        out
    })
}

#[derive(Default, Debug)]
struct Spec {
    args: Vec<String>,
    env: Vec<(String, String)>,
    dirs: Vec<(String, String)>,
    stdin: Option<String>,
    exit: i32,
    only_zwasm: Option<String>,
    manual: Option<String>,
}

/// The source of corpus program `name`: `name.c` or `name.cpp`.
fn source_of(name: &str) -> PathBuf {
    let c = source_dir().join(format!("{name}.c"));
    if c.exists() { c } else { source_dir().join(format!("{name}.cpp")) }
}

fn parse_header(name: &str) -> Spec {
    let text = std::fs::read_to_string(source_of(name)).unwrap();
    let mut spec = Spec::default();
    for line in text.lines().take_while(|l| l.starts_with("//")) {
        let line = line[2..].trim();
        if let Some(reason) = line.strip_prefix("wasi-test-only-zwasm:") {
            spec.only_zwasm = Some(reason.trim().to_string());
        } else if let Some(reason) = line.strip_prefix("wasi-test-manual:") {
            spec.manual = Some(reason.trim().to_string());
        } else if let Some(settings) = line.strip_prefix("wasi-test:") {
            for item in settings.split_whitespace() {
                let (key, value) = item.split_once('=').unwrap_or((item, ""));
                match key {
                    "arg" => spec.args.push(value.to_string()),
                    "env" => {
                        let (k, v) = value.split_once('=').unwrap_or((value, ""));
                        spec.env.push((k.to_string(), v.to_string()));
                    }
                    "dir" => {
                        let (host, guest) = value.split_once("::").unwrap_or((value, value));
                        spec.dirs.push((host.to_string(), guest.to_string()));
                    }
                    "stdin" => spec.stdin = Some(value.to_string()),
                    "exit" => spec.exit = value.parse().unwrap(),
                    other => panic!("{name}: unknown setting `{other}`"),
                }
            }
        }
    }
    spec
}

fn programs() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(source_dir())
        .unwrap()
        .filter_map(|e| {
            let file = e.unwrap().file_name().into_string().ok()?;
            file.strip_suffix(".c").or_else(|| file.strip_suffix(".cpp")).map(str::to_string)
        })
        .collect();
    names.sort();
    names
}

/// A fresh fixture tree for one run (tests run in parallel: each call gets
/// a directory of its own).
fn fixture(tag: &str) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = scratch().join("wasi-fixtures").join(format!("{tag}-{n}"));
    let status = Command::new(source_dir().join("make-fixture.sh")).arg(&dir).status().unwrap();
    assert!(status.success(), "make-fixture.sh failed");
    dir
}

struct Outcome {
    status: i32,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    calls: Vec<(&'static str, u64)>,
}

/// Runs corpus program `name` through the library API.
fn run(name: &str, spec: &Spec, root: &Path, listener: Option<TcpListener>) -> Outcome {
    let engine = Engine::default();
    let module = Module::from_file(&engine, corpus().join(format!("{name}.wasm"))).unwrap();
    let (out, err) = (OutputBuffer::new(), OutputBuffer::new());
    let mut config = WasiConfig::new();
    config.arg(format!("{name}.wasm")).args(&spec.args);
    for (k, v) in &spec.env {
        config.env(k, v);
    }
    for (host, guest) in &spec.dirs {
        config.preopen_dir(root.join(host), guest);
    }
    if let Some(l) = listener {
        config.preopen_listener(l);
    }
    if let Some(file) = &spec.stdin {
        config.stdin(InputStream::Bytes(std::fs::read(source_dir().join("data").join(file)).unwrap()));
    }
    config.stdout(OutputStream::Buffer(out.clone())).stderr(OutputStream::Buffer(err.clone()));
    let mut store = Store::new(&engine, config.build().unwrap());
    let mut linker = Linker::new(&engine);
    wasi::add_to_linker(&mut linker, |cx: &mut WasiCtx| cx).unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let start = instance.get_typed_func::<(), ()>(&store, "_start").unwrap();
    let status = match start.call(&mut store, ()) {
        Ok(()) => 0,
        Err(e) => wasi::exit_status(&e).unwrap_or_else(|| panic!("{name} trapped: {e}")),
    };
    assert_eq!(store.data().exit_code(), (status != 0).then_some(status));
    Outcome { status, stdout: out.take(), stderr: err.take(), calls: store.data().call_counts().collect() }
}

/// The fixture's `outside` directory must hold exactly what it was made with.
fn assert_outside_untouched(root: &Path, program: &str) {
    let outside = root.join("outside");
    let names: Vec<_> = std::fs::read_dir(&outside).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["secret.txt"], "{program} changed the directory outside its sandbox");
    assert_eq!(
        std::fs::read(outside.join("secret.txt")).unwrap(),
        b"top secret\n",
        "{program} changed a file outside"
    );
}

#[test]
fn every_program_passes_and_every_function_is_called() {
    let mut totals: BTreeMap<&'static str, u64> = FUNCTIONS.iter().map(|f| (*f, 0)).collect();
    let mut failures = Vec::new();
    let mut ran = 0;
    for name in programs() {
        let spec = parse_header(&name);
        if spec.manual.is_some() {
            continue;
        }
        let root = fixture(&name);
        let outcome = run(&name, &spec, &root, None);
        ran += 1;
        if outcome.status != spec.exit {
            failures.push(format!(
                "{name}: exit status {} (expected {})\n{}{}",
                outcome.status,
                spec.exit,
                String::from_utf8_lossy(&outcome.stdout),
                String::from_utf8_lossy(&outcome.stderr)
            ));
        }
        assert_outside_untouched(&root, &name);
        for (f, n) in outcome.calls {
            *totals.get_mut(f).unwrap() += n;
        }
    }
    assert!(failures.is_empty(), "corpus programs failed:\n{}", failures.join("\n"));
    assert!(ran >= 18, "only {ran} programs ran");

    // The socket calls succeed only with a socket: count the echo run too.
    for (f, n) in echo_over_a_socket(b"counted") {
        *totals.get_mut(f).unwrap() += n;
    }
    let never: Vec<_> = totals.iter().filter(|(_, n)| **n == 0).map(|(f, _)| *f).collect();
    for (f, n) in &totals {
        println!("{f:24} {n}");
    }
    assert!(never.is_empty(), "WASI functions the corpus never calls: {never:?}");
    assert_eq!(totals.len(), 46);
}

#[test]
fn the_corpus_imports_exactly_the_implemented_functions() {
    let engine = Engine::default();
    let mut imported = std::collections::BTreeSet::new();
    for name in programs() {
        let module = Module::from_file(&engine, corpus().join(format!("{name}.wasm"))).unwrap();
        for import in module.imports() {
            if import.module == "wasi_snapshot_preview1" {
                assert!(matches!(import.ty, ExternType::Func(_)));
                imported.insert(import.name.to_string());
            }
        }
    }
    let implemented: std::collections::BTreeSet<String> = FUNCTIONS.iter().map(|s| s.to_string()).collect();
    let missing: Vec<_> = implemented.difference(&imported).collect();
    let unknown: Vec<_> = imported.difference(&implemented).collect();
    assert!(missing.is_empty(), "implemented but never imported by the corpus: {missing:?}");
    assert!(unknown.is_empty(), "imported by the corpus but not implemented: {unknown:?}");
}

/// Runs `socket_echo` on a listening socket and plays its client.
fn echo_over_a_socket(message: &[u8]) -> Vec<(&'static str, u64)> {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let sent = message.to_vec();
    let client = std::thread::spawn(move || {
        let mut conn = TcpStream::connect(addr).unwrap();
        conn.write_all(&sent).unwrap();
        conn.shutdown(Shutdown::Write).unwrap();
        let mut reply = Vec::new();
        conn.read_to_end(&mut reply).unwrap();
        reply
    });
    let spec = parse_header("socket_echo");
    let outcome = run("socket_echo", &spec, &fixture("socket_echo"), Some(listener));
    let reply = client.join().unwrap();
    assert_eq!(outcome.status, 0, "{}", String::from_utf8_lossy(&outcome.stderr));
    assert_eq!(reply, message.to_ascii_uppercase());
    assert_eq!(String::from_utf8_lossy(&outcome.stdout), format!("echoed {} bytes\n", message.len()));
    outcome.calls
}

#[test]
fn a_guest_serves_a_client_over_a_preopened_socket() {
    let calls: BTreeMap<_, _> = echo_over_a_socket(b"hello over tcp").into_iter().collect();
    for f in ["sock_accept", "sock_recv", "sock_send", "sock_shutdown"] {
        assert!(calls[f] > 0, "{f} was not called");
    }
}

#[test]
fn the_tree_copy_copies_every_file_and_prints_true_hashes() {
    let spec = parse_header("treecopy");
    let root = fixture("treecopy-check");
    let outcome = run("treecopy", &spec, &root, None);
    assert_eq!(outcome.status, 0, "{}", String::from_utf8_lossy(&outcome.stderr));
    let stdout = String::from_utf8(outcome.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.last(), Some(&"5 files, 262963 bytes copied"));
    for line in &lines[..lines.len() - 1] {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let (hash, rel) = (fields[0], fields[2]);
        let original = root.join("sandbox/data").join(rel);
        let copy = root.join("out/data").join(rel);
        assert_eq!(std::fs::read(&original).unwrap(), std::fs::read(&copy).unwrap(), "{rel}");
        // The host's own sha256sum agrees with the guest's.
        let host = Command::new("sha256sum").arg(&original).output().unwrap();
        let host = String::from_utf8(host.stdout).unwrap();
        assert_eq!(host.split_whitespace().next(), Some(hash), "{rel}");
    }
}

#[test]
fn the_pipeline_program_works_between_processes() {
    let zwasm = env!("CARGO_BIN_EXE_zwasm");
    let wasm = corpus().join("pipeline.wasm");
    let input = source_dir().join("data/pipeline.txt");
    let middle = scratch().join("pipeline-stage1.txt");
    // Two guests in a shell pipeline, the second reading the first's output.
    let script = format!(
        "cat '{}' | '{zwasm}' run '{}' 2>/dev/null | tee '{}' | '{zwasm}' run '{}'",
        input.display(),
        wasm.display(),
        middle.display(),
        wasm.display()
    );
    let out = Command::new("sh").arg("-c").arg(&script).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 300);
    // Stage one reverses each line's words and numbers it; stage two
    // reverses them back, so the words return in their original order.
    let original = std::fs::read_to_string(&input).unwrap().lines().next().unwrap().to_uppercase();
    let expected: Vec<&str> = original.split_whitespace().collect();
    let got: Vec<&str> = text.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(got[0], "1:");
    assert_eq!(got[got.len() - 1], "1:");
    assert_eq!(&got[1..got.len() - 1], &expected[..], "{text}");
    let stage1 = std::fs::read(&middle).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        format!("300 lines, {} words, {} bytes", 2041 + 300, stage1.len())
    );
}

/// Runs the differential check against wasmtime: `tools/test-all` runs this
/// test on its own with `--nocapture`, so its report is visible.
#[test]
fn wasi_differential_against_wasmtime() {
    let out = Command::new("python3")
        .arg(source_dir().join("differential.py"))
        .arg("--zwasm")
        .arg(env!("CARGO_BIN_EXE_zwasm"))
        .arg("--corpus")
        .arg(corpus())
        .output()
        .expect("cannot run python3");
    let report = String::from_utf8_lossy(&out.stdout);
    println!("{report}");
    eprintln!("{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "the differential check found differences (or could not run):\n{report}");
    assert!(report.contains(" 0 differences"), "{report}");
}
