//! The benchmark suite's quick mode: every kernel of `bench/kernels.tsv` runs
//! on its small input under every execution tier this build has, and must
//! return the checksum recorded there. A benchmark is not a test; this checks
//! answers only, in a few seconds, and times nothing.
//!
//! Every tier is tried whatever `ZWASM_TIER` says (the check takes seconds,
//! so a run under any tier covers them all); a tier that the engine refuses
//! as not built yet is reported as skipped, unless `ZWASM_TIER` names it. The modules are the committed `bench/wasm/*.wasm`, so no C
//! toolchain is needed here (`bench/build --check` proves they match their
//! sources). Each kernel also runs in every compilation mode (eager, lazy
//! translation, lazy), which must not change an answer.

use std::path::Path;
use zwasm::{Compilation, Config, Engine, Error, Instance, Module, Store, Tier};

struct Kernel {
    name: String,
    quick_n: i32,
    expect: u32,
}

fn kernels(bench: &Path) -> Vec<Kernel> {
    let text = std::fs::read_to_string(bench.join("kernels.tsv")).expect("bench/kernels.tsv");
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert!(f.len() >= 5, "bench/kernels.tsv: short line {l:?}");
            Kernel {
                name: f[0].to_string(),
                quick_n: f[2].parse().expect("quick n"),
                expect: f[4]
                    .parse()
                    .unwrap_or_else(|_| panic!("{}: no quick checksum in bench/kernels.tsv", f[0])),
            }
        })
        .collect()
}

/// Runs `run(n)` of one module; the answer as an unsigned checksum.
fn run_kernel(engine: &Engine, path: &Path, n: i32) -> Result<u32, Error> {
    let module = Module::from_file(engine, path)?;
    let mut store = Store::new(engine, ());
    let instance = Instance::new(&mut store, &module, &[])?;
    let run = instance.get_typed_func::<i32, i32>(&store, "run")?;
    Ok(run.call(&mut store, n)? as u32)
}

#[test]
fn bench_kernels_quick() {
    let bench = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench");
    let kernels = kernels(&bench);
    assert!(kernels.len() >= 16, "bench/kernels.tsv lists {} kernels", kernels.len());
    let required = Tier::from_env().expect("ZWASM_TIER");
    let (mut passed, mut failures, mut skipped) = (0, Vec::new(), 0);
    for tier in [Tier::Interp, Tier::Jit, Tier::Tiered] {
        for mode in [Compilation::Eager, Compilation::LazyTranslation, Compilation::Lazy] {
            let mut config = Config::new();
            config.tier(tier).compilation(mode);
            let engine = match Engine::new(&config) {
                Ok(engine) => engine,
                Err(Error::Unsupported(why)) if required != Some(tier) => {
                    println!("tier {} ({}): skipped, {why}", tier.name(), mode.name());
                    skipped += kernels.len();
                    continue;
                }
                Err(e) => panic!("tier {}: {e}", tier.name()),
            };
            for k in &kernels {
                let path = bench.join("wasm").join(format!("{}.wasm", k.name));
                let what = format!("{} ({}, {})", k.name, tier.name(), mode.name());
                match run_kernel(&engine, &path, k.quick_n) {
                    Ok(got) if got == k.expect => passed += 1,
                    Ok(got) => {
                        failures.push(format!("{what}: run({}) = {got}, expected {}", k.quick_n, k.expect))
                    }
                    Err(e) => failures.push(format!("{what}: {e}")),
                }
            }
        }
    }
    println!("bench kernels: {passed} passed, {} failed, {skipped} skipped", failures.len());
    assert!(failures.is_empty(), "wrong benchmark answers:\n{}", failures.join("\n"));
}
