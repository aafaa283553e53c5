// The C++ wrapper zwasm.hh: owners, results and exceptions, typed calls,
// host functions from lambdas (and their exceptions), memories, globals,
// tables, modules, traps, fuel.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "zwasm.hh"

#define CHECK(cond)                                                               \
  do {                                                                            \
    if (!(cond)) {                                                                \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      std::exit(1);                                                               \
    }                                                                             \
  } while (0)

static const char* MODULE = R"(
  (module $demo
    (import "host" "add" (func $add (param i32 i32) (result i32)))
    (import "host" "fail" (func $fail))
    (memory (export "memory") 1 4)
    (global (export "counter") (mut i64) (i64.const 10))
    (table (export "table") 2 funcref)
    (func (export "sum3") (param i32 i32 i32) (result i32)
      (call $add (call $add (local.get 0) (local.get 1)) (local.get 2)))
    (func (export "swap") (param f32 f64) (result f64 f32) local.get 1 local.get 0)
    (func (export "fail") call $fail)
    (func $div (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
    (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
    (func (export "spin") (loop (br 0))))
)";

int main() {
  zwasm::Engine engine;
  zwasm::Store store(engine);

  int adds = 0;
  zwasm::Func add = zwasm::Func::wrap<int32_t(int32_t, int32_t)>(store, [&adds](int32_t a, int32_t b) {
    adds++;
    return a + b;
  });
  CHECK((add.type() == zwasm::FuncType::of<int32_t, int32_t, int32_t>()));
  zwasm::Func fail = zwasm::Func::wrap<void()>(store, []() { throw std::runtime_error("thrown in C++"); });

  zwasm::Module module = zwasm::Module::from_wat(store, MODULE).value();
  CHECK(module.imports().size() == 2 && module.imports()[0].name == "add");
  CHECK(module.exports().size() == 9 && module.exports()[0].kind == WASM_EXTERN_MEMORY);

  std::vector<zwasm::Extern> imports;
  imports.emplace_back(std::move(add));
  imports.emplace_back(std::move(fail));
  zwasm::Instance instance = zwasm::Instance::create(store, module, imports).value();

  // typed calls
  zwasm::Func sum3 = instance.func("sum3").value();
  CHECK(sum3.call<int32_t>(1, 2, 3).value() == 6 && adds == 2);
  auto typed = sum3.typed<int32_t(int32_t, int32_t, int32_t)>().value();
  CHECK(typed.call(10, 20, 30).value() == 60);
  CHECK(!sum3.typed<int32_t(int32_t)>().ok());
  auto swapped = instance.func("swap").value().call<std::tuple<double, float>>(1.5f, 2.25).value();
  CHECK(std::get<0>(swapped) == 2.25 && std::get<1>(swapped) == 1.5f);

  // dynamic calls
  auto results = sum3.call(std::vector<zwasm::Val>{int32_t{4}, int32_t{5}, int32_t{6}}).value();
  CHECK(results.size() == 1 && results[0].kind() == WASM_I32 && results[0].i32() == 15);

  // errors as values and as exceptions
  zwasm::Func div = instance.func("div").value();
  auto r = div.call<int32_t>(1, 0);
  CHECK(!r.ok() && r.error().kind() == zwasm::ErrorKind::Trap);
  CHECK(r.error().message() == "integer divide by zero");
  CHECK(r.error().trap_code() == ZWASM_TRAP_INTEGER_DIVIDE_BY_ZERO);
  CHECK(r.error().frames().size() == 1 && r.error().frames()[0].func_name == "div");
  CHECK(r.error().frames()[0].module_name == "demo");
  bool thrown = false;
  try {
    (void)div.call<int32_t>(7, 0).value();
  } catch (const zwasm::Exception& e) {
    thrown = std::string(e.what()) == "integer divide by zero";
  }
  CHECK(thrown);
  auto wrong = div.call<int32_t>(int64_t{1}, int32_t{2});
  CHECK(!wrong.ok() && wrong.error().message().find("argument 0") != std::string::npos);
  CHECK(!instance.func("nope").ok());

  // a C++ exception in a host function becomes a trap
  auto failed = instance.func("fail").value().call<void>();
  CHECK(!failed.ok() && failed.error().message() == "thrown in C++");
  CHECK(!failed.error().trap_code().has_value());

  // memory
  zwasm::Memory memory = instance.memory("memory").value();
  CHECK(instance.func("store").value().call<void>(8, 0x01020304).ok());
  CHECK(memory.data()[8] == 4 && memory.data()[11] == 1 && memory.pages() == 1);
  CHECK(memory.grow(1) && memory.data_size() == 2 * 65536);
  CHECK(!memory.grow(10));

  // globals
  zwasm::Global counter = instance.global("counter").value();
  CHECK(counter.get().value().i64() == 10);
  CHECK(counter.set(zwasm::Val(int64_t{99})).ok());
  CHECK(counter.get().value().i64() == 99);
  CHECK(!counter.set(zwasm::Val(1.0f)).ok());
  CHECK(!counter.set(zwasm::Val(zwasm::V128{})).ok());

  // tables
  zwasm::Table table = instance.table("table").value();
  CHECK(table.size() == 2 && table.get(0) == nullptr);
  CHECK(table.set(1, wasm_func_as_ref(div.get())));
  wasm_ref_t* element = table.get(1);
  CHECK(element && wasm_func_same(wasm_ref_as_func(element), div.get()));
  wasm_ref_delete(element);
  CHECK(table.grow(3) && table.size() == 5);

  // values own their references
  wasm_foreign_t* foreign = wasm_foreign_new(store.get());
  zwasm::Val ref = zwasm::Val::ref(WASM_EXTERNREF, wasm_foreign_as_ref(foreign));
  zwasm::Val ref_copy = ref;
  CHECK(ref_copy.ref() != ref.ref() && wasm_ref_same(ref_copy.ref(), ref.ref()));
  zwasm::Val moved = std::move(ref_copy);
  CHECK(moved.ref() != nullptr);
  wasm_foreign_delete(foreign);

  // fuel and interruption
  store.set_fuel(1000);
  CHECK(store.fuel() == 1000u);
  auto spin = instance.func("spin").value().call<void>();
  CHECK(!spin.ok() && spin.error().trap_code() == ZWASM_TRAP_OUT_OF_FUEL);
  CHECK(store.add_fuel(10) && store.fuel() == 10u);
  store.disable_fuel();
  CHECK(!store.fuel().has_value());
  zwasm::InterruptHandle handle = store.interrupt_handle();
  handle.interrupt();
  spin = instance.func("spin").value().call<void>();
  CHECK(!spin.ok() && spin.error().trap_code() == ZWASM_TRAP_INTERRUPTED);
  store.limit_memory_pages(2);
  CHECK(!memory.grow(1));
  store.limit_memory_pages(ZWASM_UNLIMITED);
  store.limit_table_elements(5);
  CHECK(!table.grow(1));

  // serialization and sharing
  std::vector<uint8_t> blob = module.serialize();
  zwasm::Module again = zwasm::Module::deserialize(store, blob).value();
  CHECK(again.exports().size() == 9);
  blob[blob.size() / 2] ^= 1;
  CHECK(!zwasm::Module::deserialize(store, blob).ok());
  zwasm::SharedModule shared = module.share();
  zwasm::Store other(engine);
  CHECK(shared.obtain(other).value().imports().size() == 2);

  // compile errors and engines this build cannot make
  auto bad = zwasm::Module::from_wat(store, "(module (func (result i32)))");
  CHECK(!bad.ok() && bad.error().kind() == zwasm::ErrorKind::Compile);
  const char bytes[] = "\0asm\1\0\0\0";
  CHECK(zwasm::Module::compile(store, bytes, 8).ok());
  CHECK(!zwasm::Module::compile(store, bytes, 5).ok());
  auto jit = zwasm::Engine::create(zwasm::Config().tier(zwasm::Tier::Jit));
  CHECK(!jit.ok() && jit.error().message().find("jit") != std::string::npos);
  auto custom = zwasm::Engine::create(zwasm::Config().tierup_thresholds(5, 5).max_call_depth(100));
  CHECK(custom.ok());

  // a memory made by the host, imported by a module
  auto own_memory = zwasm::Memory::create(store, 1, 2).value();
  zwasm::Module needs_memory = zwasm::Module::from_wat(store, "(module (import \"\" \"m\" (memory 1)))").value();
  std::vector<zwasm::Extern> mem_imports;
  mem_imports.emplace_back(std::move(own_memory));
  CHECK(zwasm::Instance::create(store, needs_memory, mem_imports).ok());
  auto missing = zwasm::Instance::create(store, needs_memory, {});
  CHECK(!missing.ok() && missing.error().kind() == zwasm::ErrorKind::Link);

  std::printf("ok\n");
  return 0;
}
