//! hello.zig: zwasm from Zig, through the C API. The bindings `zwasm_c`
//! are what `zig translate-c` makes of wasm.h and zwasm.h:
//!
//!   printf '#include "wasm.h"\n#include "zwasm.h"\n' > zwasm_c.h
//!   zig translate-c -I include -lc zwasm_c.h > zwasm_c.zig
//!   zig build-exe --dep zwasm_c -Mroot=hello.zig -Mzwasm_c=zwasm_c.zig \
//!       -L target/release -lzwasm -lc
const std = @import("std");
const c = @import("zwasm_c");

/// The host function the module imports: receives an i32, returns its square.
fn square(args: [*c]const c.wasm_val_vec_t, results: [*c]c.wasm_val_vec_t) callconv(.c) ?*c.wasm_trap_t {
    const n = args.*.data[0].of.i32;
    std.debug.print("Hello from Zig! squaring {d}\n", .{n});
    results.*.data[0].kind = c.WASM_I32;
    results.*.data[0].of.i32 = n * n;
    return null;
}

fn fail(comptime what: []const u8) error{ZwasmFailed} {
    const message = c.zwasm_last_error_message();
    std.debug.print("{s}: {s}\n", .{ what, if (message != null) std.mem.span(message) else "unknown" });
    return error.ZwasmFailed;
}

pub fn main() !void {
    const engine = c.wasm_engine_new() orelse return fail("engine");
    defer c.wasm_engine_delete(engine);
    const store = c.wasm_store_new(engine) orelse return fail("store");
    defer c.wasm_store_delete(store);

    const text =
        \\(module
        \\  (import "host" "square" (func $square (param i32) (result i32)))
        \\  (func (export "sum_of_squares") (param i32 i32) (result i32)
        \\    (i32.add (call $square (local.get 0)) (call $square (local.get 1)))))
    ;
    var module: ?*c.wasm_module_t = null;
    if (c.zwasm_module_new_wat(store, text.ptr, text.len, &module)) |err| {
        std.debug.print("compile error: {s}\n", .{std.mem.span(c.zwasm_error_message(err))});
        c.zwasm_error_delete(err);
        return error.ZwasmFailed;
    }
    defer c.wasm_module_delete(module);

    var params: c.wasm_valtype_vec_t = undefined;
    var results: c.wasm_valtype_vec_t = undefined;
    var param_types = [_]?*c.wasm_valtype_t{c.wasm_valtype_new(c.WASM_I32)};
    var result_types = [_]?*c.wasm_valtype_t{c.wasm_valtype_new(c.WASM_I32)};
    c.wasm_valtype_vec_new(&params, 1, &param_types);
    c.wasm_valtype_vec_new(&results, 1, &result_types);
    const functype = c.wasm_functype_new(&params, &results) orelse return fail("functype");
    defer c.wasm_functype_delete(functype);
    const host = c.wasm_func_new(store, functype, square) orelse return fail("host function");
    defer c.wasm_func_delete(host);

    var import_list = [_]?*c.wasm_extern_t{c.wasm_func_as_extern(host)};
    const imports = c.wasm_extern_vec_t{ .size = 1, .data = &import_list };
    var trap: ?*c.wasm_trap_t = null;
    const instance = c.wasm_instance_new(store, module, &imports, &trap) orelse return fail("instance");
    defer c.wasm_instance_delete(instance);

    var exports: c.wasm_extern_vec_t = undefined;
    c.wasm_instance_exports(instance, &exports);
    defer c.wasm_extern_vec_delete(&exports);
    const sum_of_squares = c.wasm_extern_as_func(exports.data[0]);

    var arg_values = [_]c.wasm_val_t{
        .{ .kind = c.WASM_I32, .of = .{ .i32 = 3 } },
        .{ .kind = c.WASM_I32, .of = .{ .i32 = 4 } },
    };
    var result_values = [_]c.wasm_val_t{.{ .kind = c.WASM_I32, .of = .{ .i32 = 0 } }};
    const args = c.wasm_val_vec_t{ .size = 2, .data = &arg_values };
    var out = c.wasm_val_vec_t{ .size = 1, .data = &result_values };
    if (c.wasm_func_call(sum_of_squares, &args, &out)) |t| {
        c.wasm_trap_delete(t);
        return fail("call");
    }
    std.debug.print("3*3 + 4*4 = {d}\n", .{result_values[0].of.i32});
}
