// hello.cc: the C++ wrapper zwasm.hh — owners that clean up, results that
// carry errors, typed calls, and host functions from lambdas.
//
//   c++ -std=c++17 hello.cc -I include -L target/release -lzwasm -o hello-cpp
#include <cstdio>

#include "zwasm.hh"

int main() {
  zwasm::Engine engine;
  zwasm::Store store(engine);

  // A host function from a lambda; its signature comes from the template.
  int greetings = 0;
  auto greet = zwasm::Func::wrap<void(int32_t)>(store, [&](int32_t times) {
    greetings += times;
    std::printf("Hello from C++, %d times!\n", times);
  });

  auto module = zwasm::Module::from_wat(store, R"(
    (module
      (import "host" "greet" (func $greet (param i32)))
      (func (export "run") (param i32) (result i32)
        (call $greet (local.get 0))
        (i32.mul (local.get 0) (i32.const 10))))
  )");
  if (!module) {
    std::fprintf(stderr, "compile error: %s\n", module.error().message().c_str());
    return 1;
  }

  std::vector<zwasm::Extern> imports;
  imports.emplace_back(std::move(greet));
  auto instance = zwasm::Instance::create(store, module.value(), imports);
  if (!instance) {
    std::fprintf(stderr, "instantiation error: %s\n", instance.error().message().c_str());
    return 1;
  }

  // A typed call checked once, then called like a C++ function.
  auto run = instance.value().func("run").value();
  auto typed = run.typed<int32_t(int32_t)>().value();
  std::printf("run(3) = %d\n", typed.call(3).value());

  // Errors come back as values, or as exceptions with value().
  try {
    (void)run.call<int32_t>(1.5).value();  // wrong argument type
  } catch (const zwasm::Exception& e) {
    std::printf("caught: %s\n", e.what());
  }
  auto result = run.call<int32_t>(1.5);
  std::printf("as a value: %s\n", result.ok() ? "ok" : result.error().message().c_str());
  std::printf("greetings: %d\n", greetings);
  return 0;
}
