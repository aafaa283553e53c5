/**
 * \file zwasm.hh
 * \brief A header-only C++ wrapper of the zwasm C API.
 *
 * Owners are move-only classes that delete their C object when they go.
 * Fallible operations return `zwasm::Result<T>`, which holds either a value
 * or a `zwasm::Error` (like `std::expected`); `value()` returns the value or
 * throws `zwasm::Exception`. Calls come in two forms: dynamically typed
 * (`Func::call` with `Val`s) and statically typed (`Func::call<R>(args...)`
 * and `TypedFunc<R(A...)>`), the latter checking the signature once.
 *
 * Host functions are C++ callables (`Func::wrap`); an exception thrown by
 * one becomes a trap with the exception's message, so no C++ exception ever
 * unwinds through zwasm.
 *
 * Requires C++17.
 *
 * \code
 * zwasm::Engine engine;
 * zwasm::Store store(engine);
 * auto module = zwasm::Module::from_wat(store, "(module (func (export \"add\")"
 *     " (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))").value();
 * auto instance = zwasm::Instance::create(store, module, {}).value();
 * int32_t sum = instance.func("add").value().call<int32_t>(2, 3).value();
 * \endcode
 */
#ifndef ZWASM_HH
#define ZWASM_HH

#include <cstdint>
#include <cstring>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "wasm.h"
#include "zwasm.h"

namespace zwasm {

/* ------------------------------------------------------------------------ */
/* Errors and results                                                        */
/* ------------------------------------------------------------------------ */

/** The kinds of `Error` (the `ZWASM_ERROR_*` values). */
enum class ErrorKind : uint32_t {
  Compile = ZWASM_ERROR_COMPILE,
  Text = ZWASM_ERROR_TEXT,
  Link = ZWASM_ERROR_LINK,
  Trap = ZWASM_ERROR_TRAP,
  Usage = ZWASM_ERROR_USAGE,
  Unsupported = ZWASM_ERROR_UNSUPPORTED,
};

/** One frame of a trap's stack trace. */
struct Frame {
  uint32_t func_index;
  size_t func_offset;
  size_t module_offset;
  std::string func_name;
  std::string module_name;
};

/** Why an operation failed; for traps, also the trap's code and frames. */
class Error {
 public:
  Error(ErrorKind kind, std::string message) : kind_(kind), message_(std::move(message)) {}

  ErrorKind kind() const { return kind_; }
  const std::string& message() const { return message_; }
  /** The engine's trap code, for traps the engine raised. */
  std::optional<zwasm_trap_code_t> trap_code() const { return trap_code_; }
  /** The WebAssembly frames of a trap, innermost first. */
  const std::vector<Frame>& frames() const { return frames_; }

  /** An error describing a trap; takes the trap over. */
  static Error from_trap(wasm_trap_t* trap) {
    wasm_message_t message;
    wasm_trap_message(trap, &message);
    std::string text(message.data, message.size > 0 ? message.size - 1 : 0);
    wasm_byte_vec_delete(&message);
    Error error(ErrorKind::Trap, std::move(text));
    zwasm_trap_code_t code;
    if (zwasm_trap_code(trap, &code)) error.trap_code_ = code;
    wasm_frame_vec_t frames;
    wasm_trap_trace(trap, &frames);
    for (size_t i = 0; i < frames.size; i++) {
      const wasm_frame_t* f = frames.data[i];
      wasm_name_t func_name, module_name;
      zwasm_frame_func_name(f, &func_name);
      zwasm_frame_module_name(f, &module_name);
      error.frames_.push_back(Frame{wasm_frame_func_index(f), wasm_frame_func_offset(f),
                                    wasm_frame_module_offset(f), std::string(func_name.data, func_name.size),
                                    std::string(module_name.data, module_name.size)});
      wasm_byte_vec_delete(&func_name);
      wasm_byte_vec_delete(&module_name);
    }
    wasm_frame_vec_delete(&frames);
    wasm_trap_delete(trap);
    return error;
  }

  /** An error from a `zwasm_error_t`; takes it over. */
  static Error from_c(zwasm_error_t* e) {
    if (wasm_trap_t* trap = zwasm_error_trap(e)) {
      zwasm_error_delete(e);
      return from_trap(trap);
    }
    Error error(static_cast<ErrorKind>(zwasm_error_kind(e)), zwasm_error_message(e));
    zwasm_error_delete(e);
    return error;
  }

  /** An error from the calling thread's last error message. */
  static Error last(ErrorKind kind) {
    const char* m = zwasm_last_error_message();
    return Error(kind, m ? m : "unknown error");
  }

 private:
  ErrorKind kind_;
  std::string message_;
  std::optional<zwasm_trap_code_t> trap_code_;
  std::vector<Frame> frames_;
};

/** The exception `Result::value()` throws. */
class Exception : public std::runtime_error {
 public:
  explicit Exception(Error error) : std::runtime_error(error.message()), error_(std::move(error)) {}
  const Error& error() const { return error_; }

 private:
  Error error_;
};

/** A value of type `T` or an `Error`. */
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : inner_(std::in_place_index<0>, std::move(value)) {}
  Result(Error error) : inner_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return inner_.index() == 0; }
  explicit operator bool() const { return ok(); }

  /** The value; throws `Exception` when there is an error. */
  T& value() & {
    check();
    return std::get<0>(inner_);
  }
  T&& value() && {
    check();
    return std::get<0>(std::move(inner_));
  }
  /** The error; only meaningful when `!ok()`. */
  const Error& error() const { return std::get<1>(inner_); }

 private:
  void check() const {
    if (!ok()) throw Exception(std::get<1>(inner_));
  }
  std::variant<T, Error> inner_;
};

/** The result of an operation without a value. */
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}
  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  void value() const {
    if (error_) throw Exception(*error_);
  }
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

namespace detail {

/** A move-only owner of a C object with its deleter. */
template <typename T, void (*Delete)(T*)>
class Owner {
 public:
  Owner() = default;
  explicit Owner(T* ptr) : ptr_(ptr) {}
  Owner(const Owner&) = delete;
  Owner& operator=(const Owner&) = delete;
  Owner(Owner&& other) noexcept : ptr_(std::exchange(other.ptr_, nullptr)) {}
  Owner& operator=(Owner&& other) noexcept {
    if (this != &other) {
      reset();
      ptr_ = std::exchange(other.ptr_, nullptr);
    }
    return *this;
  }
  ~Owner() { reset(); }

  T* get() const { return ptr_; }
  T* release() { return std::exchange(ptr_, nullptr); }
  explicit operator bool() const { return ptr_ != nullptr; }

 private:
  void reset() {
    if (ptr_) Delete(ptr_);
    ptr_ = nullptr;
  }
  T* ptr_ = nullptr;
};

inline std::string to_string(const wasm_name_t* name) {
  return name && name->size ? std::string(name->data, name->size) : std::string();
}

}  // namespace detail

/* ------------------------------------------------------------------------ */
/* Engine and store                                                          */
/* ------------------------------------------------------------------------ */

/** Execution tiers (the `ZWASM_TIER_*` values). */
enum class Tier : uint32_t {
  Interp = ZWASM_TIER_INTERP,
  Jit = ZWASM_TIER_JIT,
  Tiered = ZWASM_TIER_TIERED,
};

/** Engine settings. */
class Config {
 public:
  Config() : owner_(wasm_config_new()) {}
  Config& tier(Tier tier) & {
    zwasm_config_set_tier(owner_.get(), static_cast<zwasm_tier_t>(tier));
    return *this;
  }
  Config& tierup_thresholds(uint32_t entry_calls, uint32_t loop_iterations) & {
    zwasm_config_set_tierup_thresholds(owner_.get(), entry_calls, loop_iterations);
    return *this;
  }
  Config& max_call_depth(uint32_t depth) & {
    zwasm_config_set_max_call_depth(owner_.get(), depth);
    return *this;
  }
  // The same on a temporary, so that `Config().tier(...)` can be passed on.
  Config&& tier(Tier t) && { return std::move(tier(t)); }
  Config&& tierup_thresholds(uint32_t calls, uint32_t iterations) && {
    return std::move(tierup_thresholds(calls, iterations));
  }
  Config&& max_call_depth(uint32_t depth) && { return std::move(max_call_depth(depth)); }
  wasm_config_t* release() { return owner_.release(); }

 private:
  detail::Owner<wasm_config_t, wasm_config_delete> owner_;
};

/** An engine; shareable between threads. */
class Engine {
 public:
  /** An engine with the default settings. */
  Engine() : owner_(wasm_engine_new()) {}

  /** An engine with `config`; fails for settings this build cannot honour. */
  static Result<Engine> create(Config config) {
    wasm_engine_t* engine = wasm_engine_new_with_config(config.release());
    if (!engine) return Error::last(ErrorKind::Unsupported);
    return Engine(engine);
  }

  wasm_engine_t* get() const { return owner_.get(); }

 private:
  explicit Engine(wasm_engine_t* engine) : owner_(engine) {}
  detail::Owner<wasm_engine_t, wasm_engine_delete> owner_;
};

/** Stops a store's running code from any thread. */
class InterruptHandle {
 public:
  explicit InterruptHandle(zwasm_interrupt_handle_t* handle) : owner_(handle) {}
  void interrupt() const { zwasm_interrupt_handle_interrupt(owner_.get()); }

 private:
  detail::Owner<zwasm_interrupt_handle_t, zwasm_interrupt_handle_delete> owner_;
};

/** A store: owner of instances and their objects; one thread at a time. */
class Store {
 public:
  explicit Store(const Engine& engine) : owner_(wasm_store_new(engine.get())) {}

  wasm_store_t* get() const { return owner_.get(); }

  /** Turns fuel metering on with `fuel` units. */
  void set_fuel(uint64_t fuel) { zwasm_store_set_fuel(get(), fuel); }
  /** Adds fuel; false when metering is off. */
  bool add_fuel(uint64_t fuel) { return zwasm_store_add_fuel(get(), fuel); }
  /** The fuel left, or nothing when metering is off. */
  std::optional<uint64_t> fuel() const {
    uint64_t left;
    if (zwasm_store_get_fuel(get(), &left)) return left;
    return std::nullopt;
  }
  void disable_fuel() { zwasm_store_disable_fuel(get()); }
  /** Caps memories at `pages` pages (`ZWASM_UNLIMITED`: no cap). */
  void limit_memory_pages(uint64_t pages) { zwasm_store_limit_memory_pages(get(), pages); }
  /** Caps tables at `elements` entries (`ZWASM_UNLIMITED`: no cap). */
  void limit_table_elements(uint64_t elements) { zwasm_store_limit_table_elements(get(), elements); }
  InterruptHandle interrupt_handle() const { return InterruptHandle(zwasm_interrupt_handle_new(get())); }

 private:
  detail::Owner<wasm_store_t, wasm_store_delete> owner_;
};

/* ------------------------------------------------------------------------ */
/* Values                                                                    */
/* ------------------------------------------------------------------------ */

/** A 128-bit vector. */
struct V128 {
  uint8_t bytes[16];
};

/**
 * A value of any type. A reference value owns a handle of its object
 * (copying a `Val` copies the handle).
 */
class Val {
 public:
  Val() : Val(int32_t{0}) {}
  Val(int32_t v) { raw_.kind = WASM_I32, raw_.of.i32 = v; }
  Val(int64_t v) { raw_.kind = WASM_I64, raw_.of.i64 = v; }
  Val(float v) { raw_.kind = WASM_F32, raw_.of.f32 = v; }
  Val(double v) { raw_.kind = WASM_F64, raw_.of.f64 = v; }
  Val(V128 v) {
    raw_.kind = ZWASM_V128;
    std::memcpy(raw_.of.v128.bytes, v.bytes, 16);
  }
  /** A reference value of kind `WASM_EXTERNREF` or `WASM_FUNCREF`; copies
   *  the handle (NULL: the null reference). */
  static Val ref(wasm_valkind_t kind, const wasm_ref_t* r) {
    Val v;
    v.raw_.kind = kind;
    v.raw_.of.ref = r ? wasm_ref_copy(r) : nullptr;
    return v;
  }
  /** Takes a C value over. */
  static Val adopt(zwasm_val_t raw) {
    Val v;
    v.raw_ = raw;
    return v;
  }

  Val(const Val& other) { copy_from(other); }
  Val& operator=(const Val& other) {
    if (this != &other) {
      release();
      copy_from(other);
    }
    return *this;
  }
  Val(Val&& other) noexcept : raw_(other.raw_) { other.raw_.kind = WASM_I32; }
  Val& operator=(Val&& other) noexcept {
    if (this != &other) {
      release();
      raw_ = other.raw_;
      other.raw_.kind = WASM_I32;
    }
    return *this;
  }
  ~Val() { release(); }

  wasm_valkind_t kind() const { return raw_.kind; }
  int32_t i32() const { return raw_.of.i32; }
  int64_t i64() const { return raw_.of.i64; }
  float f32() const { return raw_.of.f32; }
  double f64() const { return raw_.of.f64; }
  V128 v128() const {
    V128 v;
    std::memcpy(v.bytes, raw_.of.v128.bytes, 16);
    return v;
  }
  /** The reference (borrowed; NULL for null or a non-reference value). */
  wasm_ref_t* ref() const { return is_ref() ? raw_.of.ref : nullptr; }

  /** The C value (borrowed). */
  const zwasm_val_t& raw() const { return raw_; }

 private:
  bool is_ref() const { return raw_.kind == WASM_EXTERNREF || raw_.kind == WASM_FUNCREF; }
  void copy_from(const Val& other) {
    raw_ = other.raw_;
    if (other.is_ref() && other.raw_.of.ref) raw_.of.ref = wasm_ref_copy(other.raw_.of.ref);
  }
  void release() {
    if (is_ref()) zwasm_val_delete(&raw_);
    raw_.kind = WASM_I32;
  }
  zwasm_val_t raw_{};
};

namespace detail {

/** The value kind of a C++ type in typed calls. */
template <typename T>
struct Kind;
template <>
struct Kind<int32_t> {
  static constexpr wasm_valkind_t value = WASM_I32;
  static int32_t get(const Val& v) { return v.i32(); }
};
template <>
struct Kind<int64_t> {
  static constexpr wasm_valkind_t value = WASM_I64;
  static int64_t get(const Val& v) { return v.i64(); }
};
template <>
struct Kind<float> {
  static constexpr wasm_valkind_t value = WASM_F32;
  static float get(const Val& v) { return v.f32(); }
};
template <>
struct Kind<double> {
  static constexpr wasm_valkind_t value = WASM_F64;
  static double get(const Val& v) { return v.f64(); }
};
template <>
struct Kind<V128> {
  static constexpr wasm_valkind_t value = ZWASM_V128;
  static V128 get(const Val& v) { return v.v128(); }
};

template <typename T>
struct Results {
  static std::vector<wasm_valkind_t> kinds() { return {Kind<T>::value}; }
  static T from(const std::vector<Val>& vals) { return Kind<T>::get(vals[0]); }
};
template <>
struct Results<void> {
  static std::vector<wasm_valkind_t> kinds() { return {}; }
};
template <typename... Ts>
struct Results<std::tuple<Ts...>> {
  static std::vector<wasm_valkind_t> kinds() { return {Kind<Ts>::value...}; }
  template <size_t... I>
  static std::tuple<Ts...> from_(const std::vector<Val>& vals, std::index_sequence<I...>) {
    return std::tuple<Ts...>(Kind<Ts>::get(vals[I])...);
  }
  static std::tuple<Ts...> from(const std::vector<Val>& vals) {
    return from_(vals, std::index_sequence_for<Ts...>{});
  }
};

inline std::vector<wasm_valkind_t> kinds_of(const wasm_valtype_vec_t* types) {
  std::vector<wasm_valkind_t> kinds;
  for (size_t i = 0; i < types->size; i++) kinds.push_back(wasm_valtype_kind(types->data[i]));
  return kinds;
}

inline wasm_valtype_vec_t valtypes(const std::vector<wasm_valkind_t>& kinds) {
  wasm_valtype_vec_t vec;
  wasm_valtype_vec_new_uninitialized(&vec, kinds.size());
  for (size_t i = 0; i < kinds.size(); i++) vec.data[i] = wasm_valtype_new(kinds[i]);
  return vec;
}

}  // namespace detail

/** A function signature as value kinds. */
struct FuncType {
  std::vector<wasm_valkind_t> params;
  std::vector<wasm_valkind_t> results;

  /** The signature of a C++ function type `R(A...)`. */
  template <typename R, typename... A>
  static FuncType of() {
    return FuncType{{detail::Kind<A>::value...}, detail::Results<R>::kinds()};
  }

  /** A new C signature (owned by the caller). */
  wasm_functype_t* to_c() const {
    wasm_valtype_vec_t p = detail::valtypes(params), r = detail::valtypes(results);
    return wasm_functype_new(&p, &r);
  }

  bool operator==(const FuncType& other) const { return params == other.params && results == other.results; }
};

/* ------------------------------------------------------------------------ */
/* Functions                                                                 */
/* ------------------------------------------------------------------------ */

template <typename Signature>
class TypedFunc;

/** A function of a store. */
class Func {
 public:
  /** Takes a C handle over. */
  explicit Func(wasm_func_t* func) : owner_(func) {}

  wasm_func_t* get() const { return owner_.get(); }

  FuncType type() const {
    wasm_functype_t* t = wasm_func_type(get());
    FuncType ft{detail::kinds_of(wasm_functype_params(t)), detail::kinds_of(wasm_functype_results(t))};
    wasm_functype_delete(t);
    return ft;
  }

  /** Calls with dynamically typed arguments. */
  Result<std::vector<Val>> call(const std::vector<Val>& args) const {
    std::vector<zwasm_val_t> raw_args;
    raw_args.reserve(args.size());
    for (const Val& v : args) raw_args.push_back(v.raw());
    size_t nresults = wasm_func_result_arity(get());
    std::vector<zwasm_val_t> raw_results(nresults);
    wasm_trap_t* trap =
        zwasm_func_call_ex(get(), raw_args.data(), raw_args.size(), raw_results.data(), raw_results.size());
    if (trap) return Error::from_trap(trap);
    std::vector<Val> results;
    results.reserve(nresults);
    for (zwasm_val_t& r : raw_results) results.push_back(Val::adopt(r));
    return results;
  }

  /** Calls with C++ arguments; `R` is void, one of int32_t, int64_t,
   *  float, double, V128, or a std::tuple of them. */
  template <typename R = void, typename... A>
  Result<R> call(A... args) const {
    auto results = call(std::vector<Val>{Val(args)...});
    if (!results) return results.error();
    if constexpr (std::is_void_v<R>) {
      return Result<void>();
    } else {
      const std::vector<Val>& vals = results.value();
      std::vector<wasm_valkind_t> got;
      for (const Val& v : vals) got.push_back(v.kind());
      if (got != detail::Results<R>::kinds()) return Error(ErrorKind::Usage, "the function's results differ from R");
      return detail::Results<R>::from(vals);
    }
  }

  /** A view checked once to have signature `Signature` (`R(A...)`); it
   *  borrows this function, which must outlive it. */
  template <typename Signature>
  Result<TypedFunc<Signature>> typed() const &;

  /** Gives the C handle up (the caller deletes it). */
  wasm_func_t* release() { return owner_.release(); }

  /**
   * A host function calling `f` with the arguments as `Val`s; `f` returns
   * the results (their kinds must match `type`). An exception from `f`
   * becomes a trap with its message.
   */
  static Func wrap(Store& store, const FuncType& type,
                   std::function<std::vector<Val>(const std::vector<Val>&)> f) {
    auto* env = new Callback(std::move(f));
    wasm_functype_t* ft = type.to_c();
    wasm_func_t* func = wasm_func_new_with_env(store.get(), ft, &trampoline, env, &finalize);
    wasm_functype_delete(ft);
    if (!func) delete env;
    return Func(func);
  }

  /** A host function from a C++ callable with typed parameters, e.g.
   *  `Func::wrap<int32_t(int32_t, int32_t)>(store, [](int32_t a, int32_t b) { return a + b; })`. */
  template <typename Signature, typename F>
  static Func wrap(Store& store, F f) {
    return wrap_typed(store, std::move(f), static_cast<Signature*>(nullptr));
  }

 private:
  using Callback = std::function<std::vector<Val>(const std::vector<Val>&)>;

  template <typename R, typename... A, typename F>
  static Func wrap_typed(Store& store, F f, R (*)(A...)) {
    return wrap(store, FuncType::of<R, A...>(), [f = std::move(f)](const std::vector<Val>& args) {
      return call_typed<R, A...>(f, args, std::index_sequence_for<A...>{});
    });
  }

  template <typename R, typename... A, typename F, size_t... I>
  static std::vector<Val> call_typed(const F& f, const std::vector<Val>& args, std::index_sequence<I...>) {
    if constexpr (std::is_void_v<R>) {
      f(detail::Kind<A>::get(args[I])...);
      return {};
    } else {
      return {Val(f(detail::Kind<A>::get(args[I])...))};
    }
  }

  template <typename R, typename... A>
  Result<TypedFunc<R(A...)>> typed_check(R (*)(A...)) const {
    if (!(type() == FuncType::of<R, A...>())) {
      return Error(ErrorKind::Usage, "the function's signature is not the one asked for");
    }
    return TypedFunc<R(A...)>(this);
  }

  static wasm_trap_t* make_trap(const std::string& message) {
    return zwasm_trap_new(message.data(), message.size());
  }

  static wasm_trap_t* trampoline(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
    try {
      std::vector<Val> in;
      in.reserve(args->size);
      for (size_t i = 0; i < args->size; i++) {
        const wasm_val_t& a = args->data[i];
        zwasm_val_t raw{};
        raw.kind = a.kind;
        if (a.kind == WASM_EXTERNREF || a.kind == WASM_FUNCREF) {
          raw.of.ref = a.of.ref ? wasm_ref_copy(a.of.ref) : nullptr;
        } else if (a.kind == WASM_I32 || a.kind == WASM_F32) {
          raw.of.i32 = a.of.i32;
        } else {
          raw.of.i64 = a.of.i64;
        }
        in.push_back(Val::adopt(raw));
      }
      std::vector<Val> out = (*static_cast<Callback*>(env))(in);
      if (out.size() != results->size) {
        return make_trap("host function returned " + std::to_string(out.size()) + " results, expected " +
                         std::to_string(results->size));
      }
      for (size_t i = 0; i < out.size(); i++) {
        const zwasm_val_t& r = out[i].raw();
        wasm_val_t& slot = results->data[i];
        slot.kind = r.kind;
        if (r.kind == WASM_EXTERNREF || r.kind == WASM_FUNCREF) {
          slot.of.ref = r.of.ref ? wasm_ref_copy(r.of.ref) : nullptr;
        } else if (r.kind == WASM_I32 || r.kind == WASM_F32) {
          slot.of.i32 = r.of.i32;
        } else {
          slot.of.i64 = r.of.i64;
        }
      }
      return nullptr;
    } catch (const std::exception& e) {
      return make_trap(e.what());
    } catch (...) {
      return make_trap("host function threw an exception");
    }
  }

  static void finalize(void* env) { delete static_cast<Callback*>(env); }

  detail::Owner<wasm_func_t, wasm_func_delete> owner_;
};

/** A function whose signature was checked to be `R(A...)`. */
template <typename R, typename... A>
class TypedFunc<R(A...)> {
 public:
  Result<R> call(A... args) const { return func_->template call<R>(args...); }

 private:
  friend class Func;
  explicit TypedFunc(const Func* func) : func_(func) {}
  const Func* func_;
};

template <typename Signature>
Result<TypedFunc<Signature>> Func::typed() const & {
  return typed_check(static_cast<Signature*>(nullptr));
}

/* ------------------------------------------------------------------------ */
/* Memories, globals, tables                                                 */
/* ------------------------------------------------------------------------ */

/** A linear memory. */
class Memory {
 public:
  explicit Memory(wasm_memory_t* memory) : owner_(memory) {}
  /** A new memory of `min` pages, at most `max` (none: no maximum). */
  static Result<Memory> create(Store& store, uint32_t min, std::optional<uint32_t> max = std::nullopt) {
    wasm_limits_t limits = {min, max.value_or(wasm_limits_max_default)};
    wasm_memorytype_t* type = wasm_memorytype_new(&limits);
    if (!type) return Error::last(ErrorKind::Usage);
    wasm_memory_t* memory = wasm_memory_new(store.get(), type);
    wasm_memorytype_delete(type);
    if (!memory) return Error::last(ErrorKind::Usage);
    return Memory(memory);
  }
  wasm_memory_t* get() const { return owner_.get(); }
  wasm_memory_t* release() { return owner_.release(); }
  uint8_t* data() const { return reinterpret_cast<uint8_t*>(wasm_memory_data(get())); }
  size_t data_size() const { return wasm_memory_data_size(get()); }
  uint32_t pages() const { return wasm_memory_size(get()); }
  bool grow(uint32_t delta) { return wasm_memory_grow(get(), delta); }

 private:
  detail::Owner<wasm_memory_t, wasm_memory_delete> owner_;
};

/** A global. */
class Global {
 public:
  explicit Global(wasm_global_t* global) : owner_(global) {}
  wasm_global_t* get_c() const { return owner_.get(); }
  wasm_global_t* release() { return owner_.release(); }
  Result<Val> get() const {
    zwasm_val_t raw;
    if (!zwasm_global_get_ex(get_c(), &raw)) return Error::last(ErrorKind::Usage);
    return Val::adopt(raw);
  }
  Result<void> set(const Val& value) {
    if (!zwasm_global_set_ex(get_c(), &value.raw())) return Error::last(ErrorKind::Usage);
    return Result<void>();
  }

 private:
  detail::Owner<wasm_global_t, wasm_global_delete> owner_;
};

/** A table of references. */
class Table {
 public:
  explicit Table(wasm_table_t* table) : owner_(table) {}
  wasm_table_t* get_c() const { return owner_.get(); }
  wasm_table_t* release() { return owner_.release(); }
  uint32_t size() const { return wasm_table_size(get_c()); }
  /** The element at `index` (a new handle; NULL for null or out of range). */
  wasm_ref_t* get(uint32_t index) const { return wasm_table_get(get_c(), index); }
  bool set(uint32_t index, const wasm_ref_t* value) {
    return wasm_table_set(get_c(), index, const_cast<wasm_ref_t*>(value));
  }
  bool grow(uint32_t delta, const wasm_ref_t* init = nullptr) {
    return wasm_table_grow(get_c(), delta, const_cast<wasm_ref_t*>(init));
  }

 private:
  detail::Owner<wasm_table_t, wasm_table_delete> owner_;
};

/** Anything an instance imports or exports (owns a handle). */
class Extern {
 public:
  explicit Extern(wasm_extern_t* ext) : owner_(ext) {}
  Extern(Func&& f) : owner_(wasm_func_as_extern(f.release())) {}
  Extern(Memory&& m) : owner_(wasm_memory_as_extern(m.release())) {}
  Extern(Global&& g) : owner_(wasm_global_as_extern(g.release())) {}
  Extern(Table&& t) : owner_(wasm_table_as_extern(t.release())) {}

  wasm_extern_t* get() const { return owner_.get(); }
  wasm_externkind_t kind() const { return wasm_extern_kind(get()); }

  /** The function, memory, global or table (new handles), if of that kind. */
  std::optional<Func> func() const {
    if (const wasm_func_t* f = wasm_extern_as_func_const(get())) return Func(wasm_func_copy(f));
    return std::nullopt;
  }
  std::optional<Memory> memory() const {
    if (const wasm_memory_t* m = wasm_extern_as_memory_const(get())) return Memory(wasm_memory_copy(m));
    return std::nullopt;
  }
  std::optional<Global> global() const {
    if (const wasm_global_t* g = wasm_extern_as_global_const(get())) return Global(wasm_global_copy(g));
    return std::nullopt;
  }
  std::optional<Table> table() const {
    if (const wasm_table_t* t = wasm_extern_as_table_const(get())) return Table(wasm_table_copy(t));
    return std::nullopt;
  }

 private:
  detail::Owner<wasm_extern_t, wasm_extern_delete> owner_;
};

/* ------------------------------------------------------------------------ */
/* Modules and instances                                                     */
/* ------------------------------------------------------------------------ */

/** An import or export description. */
struct ExternInfo {
  std::string module; /**< Empty for exports. */
  std::string name;
  wasm_externkind_t kind;
};

class SharedModule;

/** A compiled module. */
class Module {
 public:
  explicit Module(wasm_module_t* module) : owner_(module) {}

  /** Compiles a binary module. */
  static Result<Module> compile(Store& store, const void* bytes, size_t size) {
    wasm_byte_vec_t binary;
    wasm_byte_vec_new(&binary, size, static_cast<const wasm_byte_t*>(bytes));
    wasm_module_t* module = nullptr;
    zwasm_error_t* error = zwasm_module_new_ex(store.get(), &binary, &module);
    wasm_byte_vec_delete(&binary);
    if (error) return Error::from_c(error);
    return Module(module);
  }
  /** Compiles a module in the text format. */
  static Result<Module> from_wat(Store& store, std::string_view text) {
    wasm_module_t* module = nullptr;
    zwasm_error_t* error = zwasm_module_new_wat(store.get(), text.data(), text.size(), &module);
    if (error) return Error::from_c(error);
    return Module(module);
  }
  /** Reads back the bytes `serialize` produced (validated again). */
  static Result<Module> deserialize(Store& store, const std::vector<uint8_t>& bytes) {
    wasm_byte_vec_t blob;
    wasm_byte_vec_new(&blob, bytes.size(), reinterpret_cast<const wasm_byte_t*>(bytes.data()));
    wasm_module_t* module = wasm_module_deserialize(store.get(), &blob);
    wasm_byte_vec_delete(&blob);
    if (!module) return Error::last(ErrorKind::Usage);
    return Module(module);
  }

  wasm_module_t* get() const { return owner_.get(); }

  std::vector<ExternInfo> imports() const {
    wasm_importtype_vec_t vec;
    wasm_module_imports(get(), &vec);
    std::vector<ExternInfo> out;
    for (size_t i = 0; i < vec.size; i++) {
      out.push_back(ExternInfo{detail::to_string(wasm_importtype_module(vec.data[i])),
                               detail::to_string(wasm_importtype_name(vec.data[i])),
                               wasm_externtype_kind(wasm_importtype_type(vec.data[i]))});
    }
    wasm_importtype_vec_delete(&vec);
    return out;
  }

  std::vector<ExternInfo> exports() const {
    wasm_exporttype_vec_t vec;
    wasm_module_exports(get(), &vec);
    std::vector<ExternInfo> out;
    for (size_t i = 0; i < vec.size; i++) {
      out.push_back(ExternInfo{"", detail::to_string(wasm_exporttype_name(vec.data[i])),
                               wasm_externtype_kind(wasm_exporttype_type(vec.data[i]))});
    }
    wasm_exporttype_vec_delete(&vec);
    return out;
  }

  std::vector<uint8_t> serialize() const {
    wasm_byte_vec_t blob;
    wasm_module_serialize(get(), &blob);
    std::vector<uint8_t> out(blob.data, blob.data + blob.size);
    wasm_byte_vec_delete(&blob);
    return out;
  }

  /** A copy that can move to another thread. */
  SharedModule share() const;

 private:
  detail::Owner<wasm_module_t, wasm_module_delete> owner_;
};

/** A module packed to move to another thread. */
class SharedModule {
 public:
  explicit SharedModule(wasm_shared_module_t* shared) : owner_(shared) {}
  /** The module in `store` (which may belong to another engine). */
  Result<Module> obtain(Store& store) const {
    wasm_module_t* module = wasm_module_obtain(store.get(), owner_.get());
    if (!module) return Error::last(ErrorKind::Compile);
    return Module(module);
  }

 private:
  detail::Owner<wasm_shared_module_t, wasm_shared_module_delete> owner_;
};

inline SharedModule Module::share() const { return SharedModule(wasm_module_share(get())); }

/** An instantiated module, with its exports by name. */
class Instance {
 public:
  /** Instantiates `module` with `imports` in the order of its imports. */
  static Result<Instance> create(Store& store, const Module& module, const std::vector<Extern>& imports) {
    std::vector<wasm_extern_t*> raw;
    for (const Extern& e : imports) raw.push_back(e.get());
    wasm_extern_vec_t vec = {raw.size(), raw.data()};
    wasm_instance_t* instance = nullptr;
    zwasm_error_t* error = zwasm_instance_new_ex(store.get(), module.get(), &vec, &instance);
    if (error) return Error::from_c(error);
    Instance result(instance);
    std::vector<ExternInfo> names = module.exports();
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    for (size_t i = 0; i < exports.size; i++) {
      result.exports_.emplace_back(names[i].name, Extern(exports.data[i]));
      exports.data[i] = nullptr;
    }
    wasm_extern_vec_delete(&exports);
    return result;
  }

  wasm_instance_t* get() const { return owner_.get(); }

  /** The export called `name`, if there is one. */
  const Extern* find(std::string_view name) const {
    for (const auto& [n, e] : exports_) {
      if (n == name) return &e;
    }
    return nullptr;
  }

  Result<Func> func(std::string_view name) const {
    const Extern* e = find(name);
    if (e) {
      if (auto f = e->func()) return std::move(*f);
    }
    return Error(ErrorKind::Usage, "no exported function named `" + std::string(name) + "`");
  }
  Result<Memory> memory(std::string_view name) const {
    const Extern* e = find(name);
    if (e) {
      if (auto m = e->memory()) return std::move(*m);
    }
    return Error(ErrorKind::Usage, "no exported memory named `" + std::string(name) + "`");
  }
  Result<Global> global(std::string_view name) const {
    const Extern* e = find(name);
    if (e) {
      if (auto g = e->global()) return std::move(*g);
    }
    return Error(ErrorKind::Usage, "no exported global named `" + std::string(name) + "`");
  }
  Result<Table> table(std::string_view name) const {
    const Extern* e = find(name);
    if (e) {
      if (auto t = e->table()) return std::move(*t);
    }
    return Error(ErrorKind::Usage, "no exported table named `" + std::string(name) + "`");
  }

 private:
  explicit Instance(wasm_instance_t* instance) : owner_(instance) {}
  detail::Owner<wasm_instance_t, wasm_instance_delete> owner_;
  std::vector<std::pair<std::string, Extern>> exports_;
};

}  // namespace zwasm

#endif /* ZWASM_HH */
