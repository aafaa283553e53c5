#!/usr/bin/env python3
"""Differential check: runs every program of the WASI corpus under zwasm
(its command line) and under wasmtime (its Python API), each against a
fresh copy of the same fixture, and compares standard output, standard
error, exit status and what the program left in its directories.

usage: differential.py --zwasm PATH --corpus DIR [--keep DIR] [PROGRAM...]

Programs marked `wasi-test-only-zwasm` (behaviours the reference does not
have) and `wasi-test-manual` are listed and not compared. Exits with 1 if
any program differs.
"""

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TIMEOUT = 120


def parse_header(path):
    """The `wasi-test` settings of a corpus program (see tests/wasi.rs)."""
    spec = {"args": [], "env": [], "dirs": [], "stdin": None, "exit": 0, "only_zwasm": None, "manual": None}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("//"):
                break
            text = line[2:].strip()
            if text.startswith("wasi-test-only-zwasm:"):
                spec["only_zwasm"] = text.split(":", 1)[1].strip()
            elif text.startswith("wasi-test-manual:"):
                spec["manual"] = text.split(":", 1)[1].strip()
            elif text.startswith("wasi-test:"):
                for item in text.split(":", 1)[1].split():
                    key, _, value = item.partition("=")
                    if key == "arg":
                        spec["args"].append(value)
                    elif key == "env":
                        k, _, v = value.partition("=")
                        spec["env"].append((k, v))
                    elif key == "dir":
                        host, _, guest = value.partition("::")
                        spec["dirs"].append((host, guest or host))
                    elif key == "stdin":
                        spec["stdin"] = value
                    elif key == "exit":
                        spec["exit"] = int(value)
                    else:
                        raise ValueError(f"{path}: unknown setting {key!r}")
    return spec


def source_of(program):
    """The source of a corpus program: NAME.c or NAME.cpp."""
    c = os.path.join(HERE, program + ".c")
    return c if os.path.exists(c) else os.path.join(HERE, program + ".cpp")


def make_fixture(root):
    subprocess.run([os.path.join(HERE, "make-fixture.sh"), root], check=True)


def run_wasmtime_child(args):
    """Runs one program in this process (started as a child, so a hang or a
    crash cannot take the whole check down) and exits with its status."""
    import wasmtime

    spec = parse_header(source_of(args.program))
    wasm = os.path.join(args.corpus, args.program + ".wasm")
    engine = wasmtime.Engine()
    module = wasmtime.Module.from_file(engine, wasm)
    linker = wasmtime.Linker(engine)
    linker.define_wasi()
    store = wasmtime.Store(engine)
    config = wasmtime.WasiConfig()
    config.argv = [args.program + ".wasm"] + spec["args"]
    config.env = spec["env"]
    for host, guest in spec["dirs"]:
        config.preopen_dir(os.path.join(args.fixture, host), guest)
    if spec["stdin"]:
        config.stdin_file = os.path.join(HERE, "data", spec["stdin"])
    config.stdout_file = args.stdout
    config.stderr_file = args.stderr
    store.set_wasi(config)
    instance = linker.instantiate(store, module)
    try:
        instance.exports(store)["_start"](store)
        status = 0
    except wasmtime.ExitTrap as e:
        status = e.code
    except wasmtime.Trap as e:
        sys.stderr.write(f"trap: {e}\n")
        status = 134
    sys.exit(status & 0xFF)


def run_wasmtime(corpus, program, fixture, workdir):
    out, err = os.path.join(workdir, "wasmtime.out"), os.path.join(workdir, "wasmtime.err")
    child = subprocess.run(
        [sys.executable, __file__, "--wasmtime-child", program, "--corpus", corpus, "--fixture", fixture,
         "--stdout", out, "--stderr", err],
        capture_output=True, timeout=TIMEOUT)
    def contents(path):
        if not os.path.exists(path):
            return b""
        with open(path, "rb") as f:
            return f.read()

    stdout, stderr = contents(out), contents(err)
    if child.stderr:
        stderr += b"[wasmtime host] " + child.stderr
    return child.returncode, stdout, stderr


def run_zwasm(zwasm, corpus, program, fixture):
    spec = parse_header(source_of(program))
    cmd = [zwasm, "run"]
    for host, guest in spec["dirs"]:
        cmd += ["--dir", f"{os.path.join(fixture, host)}::{guest}"]
    for k, v in spec["env"]:
        cmd += ["--env", f"{k}={v}"]
    cmd += [program + ".wasm"] + spec["args"]
    stdin = open(os.path.join(HERE, "data", spec["stdin"]), "rb") if spec["stdin"] else subprocess.DEVNULL
    try:
        # Run from the corpus directory so that argv[0] is "NAME.wasm" on both.
        child = subprocess.run(cmd, cwd=corpus, stdin=stdin, capture_output=True, timeout=TIMEOUT)
    finally:
        if stdin is not subprocess.DEVNULL:
            stdin.close()
    return child.returncode, child.stdout, child.stderr


def tree_differences(a, b, rel="", roots=None):
    """Names and contents that differ between two directory trees. Link
    targets are compared with each tree's own root path taken out (the
    fixture has a link to an absolute path inside itself)."""
    roots = roots or (a, b)
    diffs = []
    cmp = filecmp.dircmp(a, b)
    for name in cmp.left_only:
        diffs.append(f"only under wasmtime: {os.path.join(rel, name)}")
    for name in cmp.right_only:
        diffs.append(f"only under zwasm: {os.path.join(rel, name)}")
    for name in cmp.common:
        pa, pb = os.path.join(a, name), os.path.join(b, name)
        if os.path.islink(pa) or os.path.islink(pb):
            both = os.path.islink(pa) and os.path.islink(pb)
            if not both or os.readlink(pa).replace(roots[0], "") != os.readlink(pb).replace(roots[1], ""):
                diffs.append(f"link differs: {os.path.join(rel, name)}")
        elif os.path.isdir(pa) and os.path.isdir(pb):
            diffs.extend(tree_differences(pa, pb, os.path.join(rel, name), roots))
        elif os.path.isdir(pa) != os.path.isdir(pb):
            diffs.append(f"kind differs: {os.path.join(rel, name)}")
        elif not filecmp.cmp(pa, pb, shallow=False):
            diffs.append(f"contents differ: {os.path.join(rel, name)}")
    return diffs


def show(label, data):
    text = data.decode("utf-8", "replace")
    lines = text.splitlines()[:20]
    return f"    {label} ({len(data)} bytes):\n" + "".join(f"      | {l}\n" for l in lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--zwasm")
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--keep")
    ap.add_argument("--wasmtime-child")
    ap.add_argument("--fixture")
    ap.add_argument("--stdout")
    ap.add_argument("--stderr")
    ap.add_argument("programs", nargs="*")
    args = ap.parse_args()
    if args.wasmtime_child:
        args.program = args.wasmtime_child
        run_wasmtime_child(args)
        return
    if not args.zwasm:
        ap.error("--zwasm is required")
    zwasm = os.path.abspath(args.zwasm)
    corpus = os.path.abspath(args.corpus)
    import wasmtime  # fail early, with Python's own message, if it is missing

    programs = args.programs or sorted(os.path.splitext(f)[0] for f in os.listdir(HERE) if f.endswith((".c", ".cpp")))
    compared, differing, skipped = 0, [], []
    for program in programs:
        spec = parse_header(source_of(program))
        if spec["only_zwasm"] or spec["manual"]:
            skipped.append((program, spec["only_zwasm"] or spec["manual"]))
            continue
        work = tempfile.mkdtemp(prefix=f"zwasm-diff-{program}-", dir=args.keep)
        try:
            fx_w, fx_z = os.path.join(work, "wasmtime"), os.path.join(work, "zwasm")
            make_fixture(fx_w)
            make_fixture(fx_z)
            w = run_wasmtime(corpus, program, fx_w, work)
            z = run_zwasm(zwasm, corpus, program, fx_z)
            problems = []
            if w[0] != z[0]:
                problems.append(f"    exit status: wasmtime {w[0]}, zwasm {z[0]}\n")
            if w[0] != spec["exit"] & 0xFF:
                problems.append(f"    exit status {w[0]} under wasmtime, expected {spec['exit']}\n")
            for i, name in ((1, "stdout"), (2, "stderr")):
                if w[i] != z[i]:
                    problems.append(show(f"{name} under wasmtime", w[i]) + show(f"{name} under zwasm", z[i]))
            trees = tree_differences(fx_w, fx_z)
            problems += [f"    {d}\n" for d in trees]
            compared += 1
            if problems:
                differing.append(program)
                print(f"DIFFERENT {program}")
                print("".join(problems), end="")
            else:
                print(f"same      {program} (exit {z[0]}, {len(z[1])} bytes out, {len(z[2])} bytes err)")
        finally:
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
    for program, reason in skipped:
        print(f"not compared: {program}: {reason}")
    print(f"differential check: {compared} programs compared, {len(differing)} differences, "
          f"{len(skipped)} not compared")
    sys.exit(1 if differing else 0)


if __name__ == "__main__":
    main()
