//! A `.wast` script runner over the public API: the spec test suite and
//! `zwasm wast` both run scripts through it.
//!
//! Every directive counts as one case, passed or failed; a directive the
//! runner cannot execute is a failure, never silently skipped.

use crate::{
    Engine, Error, ExternRef, Func, FuncType, Global, GlobalType, Instance, Linker, Memory, MemoryType,
    Module, Store, Table, TableType, TrapCode, Val, ValType,
};
use std::collections::HashMap;
use wast::core::{AbstractHeapType, HeapType, NanPattern, WastArgCore, WastRetCore};
use wast::lexer::Lexer;
use wast::parser::{self, ParseBuffer};
use wast::{QuoteWat, QuoteWatTest, Wast, WastArg, WastDirective, WastExecute, WastInvoke, WastRet, Wat};

/// Counts of one script run (or many, added up).
#[derive(Default, Debug)]
pub struct Outcome {
    pub passed: usize,
    pub failed: usize,
    pub skipped: usize,
    pub failures: Vec<String>,
    /// Every directive run, in order: its line, its kind (`assert_return`,
    /// `module`, ...) and the failure message if it failed.
    pub directives: Vec<(usize, &'static str, Option<String>)>,
}

impl Outcome {
    pub fn add(&mut self, other: &Outcome) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.skipped += other.skipped;
    }
}

/// Runs the script `text` (named `name` in messages) with a fresh store of
/// `engine`.
pub fn run_wast(name: &str, text: &str, engine: &Engine) -> Outcome {
    WastRunner::run_script(name, text, engine.clone())
}

/// The script keyword of a directive.
fn directive_kind(d: &WastDirective<'_>) -> &'static str {
    match d {
        WastDirective::Module(_) => "module",
        WastDirective::ModuleDefinition(_) => "module definition",
        WastDirective::ModuleInstance { .. } => "module instance",
        WastDirective::AssertMalformed { .. } | WastDirective::AssertMalformedCustom { .. } => {
            "assert_malformed"
        }
        WastDirective::AssertInvalid { .. } | WastDirective::AssertInvalidCustom { .. } => "assert_invalid",
        WastDirective::Register { .. } => "register",
        WastDirective::Invoke(_) => "invoke",
        WastDirective::AssertTrap { .. } => "assert_trap",
        WastDirective::AssertReturn { .. } => "assert_return",
        WastDirective::AssertExhaustion { .. } => "assert_exhaustion",
        WastDirective::AssertUnlinkable { .. } => "assert_unlinkable",
        WastDirective::AssertException { .. } => "assert_exception",
        WastDirective::AssertSuspension { .. } => "assert_suspension",
        WastDirective::Thread(_) => "thread",
        WastDirective::Wait { .. } => "wait",
    }
}

struct WastRunner<'a> {
    text: &'a str,
    engine: Engine,
    store: Store<()>,
    linker: Linker<()>,
    current: Option<Instance>,
    named: HashMap<String, Instance>,
    definitions: HashMap<String, Module>,
    outcome: Outcome,
}

impl<'a> WastRunner<'a> {
    fn run_script(name: &str, text: &'a str, engine: Engine) -> Outcome {
        let mut runner = WastRunner::new(text, engine);
        let mut lexer = Lexer::new(text);
        // names.wast deliberately uses bidirectional-override characters.
        lexer.allow_confusing_unicode(true);
        let buf = match ParseBuffer::new_with_lexer(lexer) {
            Ok(b) => b,
            Err(e) => return runner.parse_failure(name, e),
        };
        let wast = match parser::parse::<Wast<'_>>(&buf) {
            Ok(w) => w,
            Err(e) => return runner.parse_failure(name, e),
        };
        for directive in wast.directives {
            let (line, _) = directive.span().linecol_in(text);
            let kind = directive_kind(&directive);
            let result = runner.directive(directive);
            match &result {
                Ok(()) => runner.outcome.passed += 1,
                Err(message) => {
                    runner.outcome.failed += 1;
                    runner.outcome.failures.push(format!("line {}: {message}", line + 1));
                }
            }
            runner.outcome.directives.push((line + 1, kind, result.err()));
        }
        runner.outcome
    }

    fn new(text: &'a str, engine: Engine) -> Self {
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::new(&engine);
        linker.allow_shadowing(true);
        define_spectest(&mut store, &mut linker);
        WastRunner {
            text,
            engine,
            store,
            linker,
            current: None,
            named: HashMap::new(),
            definitions: HashMap::new(),
            outcome: Outcome::default(),
        }
    }

    fn parse_failure(mut self, name: &str, e: wast::Error) -> Outcome {
        let mut e = e;
        e.set_text(self.text);
        self.outcome.failed += 1;
        self.outcome.failures.push(format!("{name}: cannot parse script: {e}"));
        self.outcome
    }

    fn directive(&mut self, directive: WastDirective<'_>) -> Result<(), String> {
        match directive {
            WastDirective::Module(mut module) => {
                let name = module.name().map(|id| id.name().to_string());
                let module =
                    self.compile_quote(&mut module).map_err(|e| format!("module failed to compile: {e}"))?;
                let instance =
                    self.instantiate(&module).map_err(|e| format!("module failed to instantiate: {e}"))?;
                if let Some(name) = name {
                    self.named.insert(name, instance);
                }
                self.current = Some(instance);
                Ok(())
            }
            WastDirective::ModuleDefinition(mut module) => {
                let name = module.name().map(|id| id.name().to_string());
                let module =
                    self.compile_quote(&mut module).map_err(|e| format!("module failed to compile: {e}"))?;
                if let Some(name) = name {
                    self.definitions.insert(name, module);
                }
                Ok(())
            }
            WastDirective::ModuleInstance { instance, module, .. } => {
                let def = module
                    .and_then(|m| self.definitions.get(m.name()).cloned())
                    .ok_or("module instance of an unknown definition")?;
                let inst = self.instantiate(&def).map_err(|e| format!("instantiation failed: {e}"))?;
                if let Some(id) = instance {
                    self.named.insert(id.name().to_string(), inst);
                }
                self.current = Some(inst);
                Ok(())
            }
            WastDirective::Register { name, module, .. } => {
                let instance = self.instance(module.map(|m| m.name()))?;
                self.linker.instance(&mut self.store, name, instance).map_err(|e| e.to_string())?;
                Ok(())
            }
            WastDirective::Invoke(invoke) => {
                self.invoke(&invoke).map(|_| ()).map_err(|e| format!("invoke failed: {e}"))
            }
            WastDirective::AssertReturn { exec, results, .. } => {
                let actual = self.execute(exec).map_err(|e| format!("expected results, got error: {e}"))?;
                self.check_results(&results, &actual)
            }
            WastDirective::AssertTrap { exec, message, .. } => match self.execute(exec) {
                Ok(values) => Err(format!("expected trap \"{message}\", got {values:?}")),
                Err(Error::Trap(trap))
                    if trap.message().contains(message) || message.contains(trap.message()) =>
                {
                    Ok(())
                }
                Err(e) => Err(format!("expected trap \"{message}\", got error: {e}")),
            },
            WastDirective::AssertExhaustion { call, message, .. } => match self.invoke(&call) {
                Ok(values) => Err(format!("expected exhaustion, got {values:?}")),
                Err(Error::Trap(trap)) if trap.code() == TrapCode::StackOverflow => Ok(()),
                Err(e) => Err(format!("expected \"{message}\", got error: {e}")),
            },
            WastDirective::AssertInvalid { mut module, message, .. } => match self.compile_quote(&mut module)
            {
                Ok(_) => Err(format!("invalid module was accepted (expected \"{message}\")")),
                Err(Error::Compile(_)) => Ok(()),
                Err(e) => Err(format!("expected a validation error \"{message}\", got: {e}")),
            },
            WastDirective::AssertMalformed { mut module, message, .. } => match module.to_test() {
                // The text format is zwasm's input too: a script whose text
                // does not even parse is rejected by `Module::new` as well.
                Err(_) => Ok(()),
                Ok(QuoteWatTest::Binary(bytes)) | Ok(QuoteWatTest::Text(bytes)) => {
                    match Module::new(&self.engine, &bytes) {
                        Ok(_) => Err(format!("malformed module was accepted (expected \"{message}\")")),
                        Err(_) => Ok(()),
                    }
                }
            },
            WastDirective::AssertUnlinkable { mut module, message, .. } => {
                let module =
                    self.compile_wat(&mut module).map_err(|e| format!("module failed to compile: {e}"))?;
                match self.instantiate(&module) {
                    Ok(_) => Err(format!("expected link failure \"{message}\"")),
                    Err(Error::Link(_)) => Ok(()),
                    Err(e) => Err(format!("expected link failure \"{message}\", got: {e}")),
                }
            }
            other => Err(format!("unsupported directive {other:?}")),
        }
    }

    fn compile_quote(&self, module: &mut QuoteWat<'_>) -> Result<Module, Error> {
        match module.to_test() {
            Ok(QuoteWatTest::Binary(bytes)) => Module::new(&self.engine, bytes),
            Ok(QuoteWatTest::Text(text)) => Module::new(&self.engine, text),
            Err(e) => Err(Error::Text(e.to_string())),
        }
    }

    fn compile_wat(&self, module: &mut Wat<'_>) -> Result<Module, Error> {
        let bytes = module.encode().map_err(|e| Error::Text(e.to_string()))?;
        Module::new(&self.engine, bytes)
    }

    fn instantiate(&mut self, module: &Module) -> Result<Instance, Error> {
        self.linker.instantiate(&mut self.store, module)
    }

    fn instance(&self, name: Option<&str>) -> Result<Instance, String> {
        match name {
            Some(n) => self.named.get(n).copied().ok_or_else(|| format!("no module named {n}")),
            None => self.current.ok_or_else(|| "no current module".to_string()),
        }
    }

    fn execute(&mut self, exec: WastExecute<'_>) -> Result<Vec<Val>, Error> {
        match exec {
            WastExecute::Invoke(invoke) => self.invoke(&invoke),
            WastExecute::Wat(mut module) => {
                let module = self.compile_wat(&mut module)?;
                self.instantiate(&module).map(|_| Vec::new())
            }
            WastExecute::Get { module, global, .. } => {
                let instance = self.instance(module.map(|m| m.name())).map_err(Error::Usage)?;
                let g = instance
                    .get_global(&self.store, global)
                    .ok_or_else(|| Error::Usage(format!("no global {global}")))?;
                Ok(vec![g.get(&self.store)])
            }
        }
    }

    fn invoke(&mut self, invoke: &WastInvoke<'_>) -> Result<Vec<Val>, Error> {
        let instance = self.instance(invoke.module.map(|m| m.name())).map_err(Error::Usage)?;
        let func = instance
            .get_func(&self.store, invoke.name)
            .ok_or_else(|| Error::Usage(format!("no function {}", invoke.name)))?;
        let mut args = Vec::new();
        for arg in &invoke.args {
            args.push(self.arg(arg)?);
        }
        let ty = func.ty(&self.store);
        let mut results: Vec<Val> = ty.results().iter().map(|t| Val::default_for(*t)).collect();
        func.call(&mut self.store, &args, &mut results)?;
        Ok(results)
    }

    fn arg(&mut self, arg: &WastArg<'_>) -> Result<Val, Error> {
        let WastArg::Core(arg) = arg else { return Err(Error::Usage("component argument".into())) };
        Ok(match arg {
            WastArgCore::I32(v) => Val::I32(*v),
            WastArgCore::I64(v) => Val::I64(*v),
            WastArgCore::F32(v) => Val::F32(v.bits),
            WastArgCore::F64(v) => Val::F64(v.bits),
            WastArgCore::RefNull(HeapType::Abstract { ty: AbstractHeapType::Func, .. }) => Val::FuncRef(None),
            WastArgCore::RefNull(HeapType::Abstract { ty: AbstractHeapType::Extern, .. }) => {
                Val::ExternRef(None)
            }
            WastArgCore::RefExtern(n) => Val::ExternRef(Some(ExternRef::new(&mut self.store, *n))),
            other => return Err(Error::Usage(format!("unsupported argument {other:?}"))),
        })
    }

    fn check_results(&self, expected: &[WastRet<'_>], actual: &[Val]) -> Result<(), String> {
        if expected.len() != actual.len() {
            return Err(format!("expected {} results, got {actual:?}", expected.len()));
        }
        for (i, (e, a)) in expected.iter().zip(actual).enumerate() {
            let WastRet::Core(e) = e else { return Err("component result".into()) };
            if !self.matches(e, a) {
                return Err(format!("result {i}: expected {e:?}, got {a:?}"));
            }
        }
        Ok(())
    }

    fn matches(&self, expected: &WastRetCore<'_>, actual: &Val) -> bool {
        match (expected, actual) {
            (WastRetCore::I32(e), Val::I32(a)) => e == a,
            (WastRetCore::I64(e), Val::I64(a)) => e == a,
            (WastRetCore::F32(e), Val::F32(a)) => match e {
                NanPattern::CanonicalNan => a & 0x7fff_ffff == 0x7fc0_0000,
                NanPattern::ArithmeticNan => a & 0x7fc0_0000 == 0x7fc0_0000,
                NanPattern::Value(v) => v.bits == *a,
            },
            (WastRetCore::F64(e), Val::F64(a)) => match e {
                NanPattern::CanonicalNan => a & 0x7fff_ffff_ffff_ffff == 0x7ff8_0000_0000_0000,
                NanPattern::ArithmeticNan => a & 0x7ff8_0000_0000_0000 == 0x7ff8_0000_0000_0000,
                NanPattern::Value(v) => v.bits == *a,
            },
            (WastRetCore::RefNull(_), Val::FuncRef(None) | Val::ExternRef(None)) => true,
            (WastRetCore::RefFunc(_), Val::FuncRef(Some(_))) => true,
            (WastRetCore::RefExtern(None), Val::ExternRef(Some(_))) => true,
            (WastRetCore::RefExtern(Some(n)), Val::ExternRef(Some(r))) => {
                r.data(&self.store).and_then(|d| d.downcast_ref::<u32>()) == Some(n)
            }
            (WastRetCore::Either(options), a) => options.iter().any(|o| self.matches(o, a)),
            _ => false,
        }
    }
}

/// The `spectest` module every spec script may import from.
fn define_spectest(store: &mut Store<()>, linker: &mut Linker<()>) {
    // Shadowing is allowed, so defining cannot fail.
    let mut def = |name: &str, item: crate::Extern| {
        let _ = linker.define("spectest", name, item);
    };
    let print = |store: &mut Store<()>, params: Vec<ValType>| {
        Func::new(store, FuncType::new(params, []), |_, _, _| Ok(()))
    };
    def("print", print(store, vec![]).into());
    def("print_i32", print(store, vec![ValType::I32]).into());
    def("print_i64", print(store, vec![ValType::I64]).into());
    def("print_f32", print(store, vec![ValType::F32]).into());
    def("print_f64", print(store, vec![ValType::F64]).into());
    def("print_i32_f32", print(store, vec![ValType::I32, ValType::F32]).into());
    def("print_f64_f64", print(store, vec![ValType::F64, ValType::F64]).into());
    let globals = [
        ("global_i32", ValType::I32, Val::I32(666)),
        ("global_i64", ValType::I64, Val::I64(666)),
        ("global_f32", ValType::F32, Val::f32(666.6)),
        ("global_f64", ValType::F64, Val::f64(666.6)),
    ];
    for (name, ty, value) in globals {
        if let Ok(g) = Global::new(&mut *store, GlobalType::new(ty, false), value) {
            def(name, g.into());
        }
    }
    if let Ok(table) =
        Table::new(&mut *store, TableType::new(ValType::FuncRef, 10, Some(20)), Val::FuncRef(None))
    {
        def("table", table.into());
    }
    if let Ok(memory) = Memory::new(&mut *store, MemoryType::new(1, Some(2))) {
        def("memory", memory.into());
    }
}
