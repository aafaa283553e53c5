"""Runs a benchmark module under wasmtime (through its Python package, the
library's C API): compile, instantiate, call the export, print its i32 result.
Usage: wasmtime_run.py FILE FUNC ARG"""
import sys

import wasmtime

path, func, arg = sys.argv[1], sys.argv[2], int(sys.argv[3])
engine = wasmtime.Engine()  # default config: Cranelift, optimised for speed
store = wasmtime.Store(engine)
module = wasmtime.Module.from_file(engine, path)
instance = wasmtime.Instance(store, module, [])
print(instance.exports(store)[func](store, arg))
