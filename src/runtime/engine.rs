//! `Engine` and `Config`: settings and state shared by every module and store.

use crate::error::{Error, Result};
use crate::module::types::FuncType;
use parking_lot::Mutex;
use std::collections::HashMap;
use std::sync::Arc;

/// Which execution tier runs WebAssembly code.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Tier {
    /// The register-IR interpreter only.
    Interp,
    /// Native code for every function, compiled before its first call.
    Jit,
    /// Start in the interpreter; hot functions and loops move to native code.
    Tiered,
}

impl Tier {
    /// Parses `interp`, `jit` or `tiered`.
    pub fn parse(name: &str) -> Option<Tier> {
        match name {
            "interp" | "interpreter" => Some(Tier::Interp),
            "jit" => Some(Tier::Jit),
            "tiered" => Some(Tier::Tiered),
            _ => None,
        }
    }

    /// The tier named by the `ZWASM_TIER` environment variable, if set.
    pub fn from_env() -> Result<Option<Tier>> {
        match std::env::var("ZWASM_TIER") {
            Ok(name) => Tier::parse(&name)
                .map(Some)
                .ok_or_else(|| Error::usage(format!("ZWASM_TIER={name}: expected interp, jit or tiered"))),
            Err(_) => Ok(None),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Tier::Interp => "interp",
            Tier::Jit => "jit",
            Tier::Tiered => "tiered",
        }
    }
}

/// When functions are validated and translated to the register IR.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Default)]
pub enum Compilation {
    /// Every function while the module loads: errors are found at once.
    #[default]
    Eager,
    /// Every function is validated while the module loads, and translated
    /// on its first call: a faster start with the same errors.
    LazyTranslation,
    /// Each function is validated and translated on its first call: the
    /// fastest start. A function body that turns out to be invalid is
    /// reported when it is first called (as a trap), not when the module
    /// loads; everything outside function bodies is still validated first.
    Lazy,
}

impl Compilation {
    /// Parses `eager`, `lazy-translation` or `lazy`.
    pub fn parse(name: &str) -> Option<Compilation> {
        match name {
            "eager" => Some(Compilation::Eager),
            "lazy-translation" => Some(Compilation::LazyTranslation),
            "lazy" => Some(Compilation::Lazy),
            _ => None,
        }
    }

    /// The mode named by the `ZWASM_COMPILATION` environment variable, if set.
    pub fn from_env() -> Result<Option<Compilation>> {
        match std::env::var("ZWASM_COMPILATION") {
            Ok(name) => Compilation::parse(&name).map(Some).ok_or_else(|| {
                Error::usage(format!("ZWASM_COMPILATION={name}: expected eager, lazy-translation or lazy"))
            }),
            Err(_) => Ok(None),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Compilation::Eager => "eager",
            Compilation::LazyTranslation => "lazy-translation",
            Compilation::Lazy => "lazy",
        }
    }
}

/// Engine settings. Build one, adjust it, and pass it to [`Engine::new`].
#[derive(Clone, Debug)]
pub struct Config {
    pub(crate) tier: Tier,
    pub(crate) max_call_depth: u32,
    pub(crate) max_stack_slots: usize,
    pub(crate) entry_threshold: u32,
    pub(crate) loop_threshold: u32,
    pub(crate) check_interval: u32,
    pub(crate) compilation: Compilation,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            tier: Tier::Interp,
            max_call_depth: 20_000,
            max_stack_slots: 1 << 20,
            entry_threshold: 1_000,
            loop_threshold: 10_000,
            check_interval: 10_000,
            compilation: Compilation::Eager,
        }
    }
}

impl Config {
    pub fn new() -> Config {
        Config::default()
    }

    /// Chooses the execution tier.
    pub fn tier(&mut self, tier: Tier) -> &mut Config {
        self.tier = tier;
        self
    }

    /// The deepest WebAssembly call nesting before "call stack exhausted".
    pub fn max_call_depth(&mut self, depth: u32) -> &mut Config {
        self.max_call_depth = depth.max(1);
        self
    }

    /// The size of each store's value stack, in 64-bit slots.
    pub fn max_stack_slots(&mut self, slots: usize) -> &mut Config {
        self.max_stack_slots = slots.max(1024);
        self
    }

    /// Calls of a function before it counts as hot.
    pub fn entry_threshold(&mut self, calls: u32) -> &mut Config {
        self.entry_threshold = calls.max(1);
        self
    }

    /// Iterations of a loop before it counts as hot.
    pub fn loop_threshold(&mut self, iterations: u32) -> &mut Config {
        self.loop_threshold = iterations.max(1);
        self
    }

    /// How many budget units (function entries and loop iterations) run
    /// between checks of the interrupt flag and of the fuel: lower means a
    /// more prompt interruption and a little more overhead.
    pub fn check_interval(&mut self, units: u32) -> &mut Config {
        self.check_interval = units.max(1);
        self
    }

    /// When functions are validated and translated (see [`Compilation`]).
    pub fn compilation(&mut self, mode: Compilation) -> &mut Config {
        self.compilation = mode;
        self
    }

    pub fn get_compilation(&self) -> Compilation {
        self.compilation
    }

    pub fn get_tier(&self) -> Tier {
        self.tier
    }

    /// The call-count threshold set by [`Config::entry_threshold`].
    ///
    /// ```
    /// let mut config = zwasm::Config::new();
    /// config.entry_threshold(5).loop_threshold(0).max_call_depth(100);
    /// assert_eq!(config.get_entry_threshold(), 5);
    /// assert_eq!(config.get_loop_threshold(), 1); // at least 1
    /// assert_eq!(config.get_max_call_depth(), 100);
    /// ```
    pub fn get_entry_threshold(&self) -> u32 {
        self.entry_threshold
    }

    /// The iteration threshold set by [`Config::loop_threshold`].
    pub fn get_loop_threshold(&self) -> u32 {
        self.loop_threshold
    }

    /// The depth set by [`Config::max_call_depth`].
    pub fn get_max_call_depth(&self) -> u32 {
        self.max_call_depth
    }
}

/// A canonical function signature id, equal for equal signatures across all
/// modules of one engine (what `call_indirect` compares).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct SigId(pub u32);

#[derive(Default)]
struct TypeRegistry {
    ids: HashMap<FuncType, SigId>,
    types: Vec<FuncType>,
}

pub(crate) struct EngineInner {
    pub(crate) config: Config,
    types: Mutex<TypeRegistry>,
}

/// Configuration and shared state for modules and stores. Cheap to clone,
/// `Send + Sync`.
#[derive(Clone)]
pub struct Engine {
    pub(crate) inner: Arc<EngineInner>,
}

impl Engine {
    /// Creates an engine. Fails with [`Error::Unsupported`] for a tier this
    /// build cannot provide; the engine never silently runs another tier.
    pub fn new(config: &Config) -> Result<Engine> {
        if config.tier != Tier::Interp {
            return Err(Error::Unsupported(format!(
                "the {} tier needs the native code generator, which this build does not have yet",
                config.tier.name()
            )));
        }
        Ok(Engine { inner: Arc::new(EngineInner { config: config.clone(), types: Mutex::default() }) })
    }

    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Whether two handles refer to the same engine.
    pub fn same(a: &Engine, b: &Engine) -> bool {
        Arc::ptr_eq(&a.inner, &b.inner)
    }

    pub(crate) fn intern(&self, ty: &FuncType) -> SigId {
        let mut reg = self.inner.types.lock();
        if let Some(&id) = reg.ids.get(ty) {
            return id;
        }
        let id = SigId(reg.types.len() as u32);
        reg.types.push(ty.clone());
        reg.ids.insert(ty.clone(), id);
        id
    }
}

impl Default for Engine {
    fn default() -> Engine {
        Engine::new(&Config::default()).expect("the default configuration is always supported")
    }
}
