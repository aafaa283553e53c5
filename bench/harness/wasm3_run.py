"""Runs a benchmark module under wasm3 (through pywasm3): load, instantiate,
call the export, print its i32 result. Usage: wasm3_run.py FILE FUNC ARG"""
import sys

import wasm3

path, func, arg = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(path, "rb") as f:
    data = f.read()
env = wasm3.Environment()
# wasm3's interpreter stack (bytes); 1 MiB matches the deepest kernel with room.
runtime = env.new_runtime(1 << 20)
runtime.load(env.parse_module(data))
print(runtime.find_function(func)(arg))
