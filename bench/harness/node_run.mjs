// Runs a benchmark module under node's WebAssembly API (V8: Liftoff first,
// TurboFan for hot functions): compile, instantiate, call the export, print
// its i32 result. Usage: node node_run.mjs FILE FUNC ARG
import { readFileSync } from "node:fs";

const [path, func, arg] = process.argv.slice(2);
const module = new WebAssembly.Module(readFileSync(path));
const instance = new WebAssembly.Instance(module, {});
console.log(instance.exports[func](Number(arg)));
