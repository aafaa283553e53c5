#!/usr/bin/env python3
"""The benchmark runner behind bench/run (which installs the peers first).

Runs every kernel of bench/kernels.tsv under every engine, interleaved (each
repetition goes through the kernels, and for each kernel through the engines
in a rotating order, so drift in the machine's speed falls on all of them
alike), checks every answer, and reports medians.

How a time is taken: each run is a whole process (the engine's command line,
or a small Python or node script for engines driven through a library API),
timed from outside: wall-clock time, CPU time (user + system, all threads)
and peak RSS. Each kernel also runs with n = 0 on the same module, which does
the same process start, load, compilation and instantiation but no work; the
kernel's *execution* time is median(T(n)) - median(T(0)). The start-up
benchmark times the large generated module against the trivial one the same
way.

Usage: runner.py [--quick] [--reps N] [--engines A,B] [--kernels X,Y]
                 [--no-startup] [--out FILE]
"""
import argparse
import dataclasses
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field

BENCH = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(BENCH)
ZWASM = os.path.join(ROOT, "target", "release", "zwasm")
LIBZWASM = os.path.join(ROOT, "target", "release", "libzwasm.so")
STARTUP_WASM = os.path.join(ROOT, "target", "bench", "startup.wasm")
TRIVIAL_WASM = os.path.join(BENCH, "wasm", "trivial.wasm")
HARNESS = os.path.join(BENCH, "harness")
# The Python that has pywasm3 and wasmtime (bench/run makes a venv for them).
PEER_PY = os.environ.get("BENCH_PEER_PYTHON", sys.executable)
WASMI = shutil.which("wasmi") or os.path.expanduser("~/.cargo/bin/wasmi")
TIME = "/usr/bin/time"  # GNU time, for each process's peak RSS


RUN_TIMEOUT = 600  # seconds for one process; past that the cell says "timeout"
NOISY = 0.15  # a cell whose runs spread by more than this fraction is marked


# ---------------------------------------------------------------- engines


@dataclass
class Engine:
    name: str
    argv: list  # the command; then the module, and "run N" or "N"
    what: str  # what one timed process does, for the report
    script: bool = False  # a harness script: takes FILE FUNC N
    available: bool = True
    reason: str = ""  # why it is not available
    version: str = ""

    def command(self, wasm, n):
        return self.argv + ([wasm, "run", str(n)] if self.script else [wasm, str(n)])


ZWASM_MODES = {
    "eager": "validate and translate every function",
    "lazy-translation": "validate every function, translate each on its first call",
    "lazy": "validate and translate each function on its first call",
}


def zwasm_engine(tier, mode="eager"):
    return Engine(
        name=f"zwasm-{tier}" + ("" if mode == "eager" else f"-{mode}"),
        argv=[ZWASM, "run", "--tier", tier, "--compile", mode, "--invoke", "run"],
        what=f"`zwasm run --tier {tier} --compile {mode}` (release build): read, {ZWASM_MODES[mode]}, "
        "instantiate, call",
    )


def wasmi_engine(mode="eager"):
    return Engine(
        name="wasmi" if mode == "eager" else f"wasmi-{mode}",
        argv=[WASMI, "run", "--compilation-mode", mode, "--invoke", "run"],
        what=f"`wasmi run --compilation-mode {mode}` (wasmi_cli, release build with its own LTO profile): "
        "validate and translate every function, instantiate (the CLI also sets up WASI), call",
    )


def all_engines():
    """Every engine the suite knows, in report order: the kernel columns."""
    return [
        zwasm_engine("interp"),
        zwasm_engine("jit"),
        zwasm_engine("tiered"),
        wasmi_engine(),
        Engine(
            "wasm3",
            [PEER_PY, os.path.join(HARNESS, "wasm3_run.py")],
            "Python + pywasm3 (wasm3 built with clang-14 -O3): parse, load, compile each function on its first call, call",
            script=True,
        ),
        Engine(
            "wasmtime",
            [PEER_PY, os.path.join(HARNESS, "wasmtime_run.py")],
            "Python + the wasmtime package (its C library, default config): Cranelift-compile every function "
            "(in parallel), instantiate, call",
            script=True,
        ),
        Engine(
            "wasmtime-cli",
            ["wasmtime", "run", "-C", "cache=n", "--invoke", "run"],
            "`wasmtime run`, used only when already installed: Cranelift-compile (cache off), instantiate (with WASI), call",
        ),
        Engine(
            "node",
            ["node", os.path.join(HARNESS, "node_run.mjs")],
            "node (V8, default flags): compile with Liftoff, instantiate, call; hot functions are recompiled by "
            "TurboFan in the background",
            script=True,
        ),
    ]


def startup_modes():
    """Rows of the start-up table: engines and their compilation modes."""
    peers = [e for e in all_engines() if e.name in ("wasm3", "wasmtime", "wasmtime-cli", "node")]
    return [
        zwasm_engine("interp"),
        zwasm_engine("interp", "lazy-translation"),
        zwasm_engine("interp", "lazy"),
        zwasm_engine("jit"),
        zwasm_engine("tiered"),
        wasmi_engine("eager"),
        wasmi_engine("lazy-translation"),
        wasmi_engine("lazy"),
        *peers,
    ]


# ---------------------------------------------------------------- processes


@dataclass
class Sample:
    wall: float  # seconds
    cpu: float  # user + system seconds, all threads
    rss: int  # peak resident set, KiB


def run_process(argv, timeout=RUN_TIMEOUT):
    """Runs argv to completion. Returns (Sample, exit code, stdout, stderr);
    the exit code is None after a time-out.

    The command runs under GNU time, which reports its peak RSS: a child
    forked straight from this Python process would report this process's RSS
    as its own peak (Linux carries the high-water mark across exec). The CPU
    time is what wait4() reports for `time`, which includes the command it
    waited for. The wrapper costs every engine the same and, being in T(0)
    too, drops out of execution times."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(mode="r") as rss_file:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [TIME, "-f", "%M", "-o", rss_file.name, *argv],
            stdout=out, stderr=err, stdin=subprocess.DEVNULL, start_new_session=True,
        )
        expired = threading.Event()

        def kill():
            expired.set()
            os.killpg(proc.pid, 9)

        timer = threading.Timer(timeout, kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        try:
            rss = int(rss_file.read().split()[-1])
        except (ValueError, IndexError):
            rss = 0
        out.seek(0)
        err.seek(0)
        sample = Sample(wall, usage.ru_utime + usage.ru_stime, rss)
        code = None if expired.is_set() else proc.returncode
        return sample, code, out.read().decode(errors="replace"), err.read().decode(errors="replace")


def parse_result(stdout):
    """The i32 an engine printed (its last line), as an unsigned 32-bit value."""
    lines = stdout.split()
    try:
        return int(lines[-1]) & 0xFFFFFFFF
    except (ValueError, IndexError):
        return None


def first_line(text):
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def probe(engine):
    """Marks the engine unavailable, with the reason, unless it runs the
    trivial module correctly."""
    exe = engine.argv[0]
    if not (os.path.isfile(exe) or shutil.which(exe)):
        engine.available, engine.reason = False, f"not installed ({os.path.basename(exe)} not found)"
        return
    _, code, out, err = run_process(engine.command(TRIVIAL_WASM, 7), timeout=120)
    if code != 0 or parse_result(out) != 7:
        engine.available = False
        engine.reason = first_line(err) or first_line(out) or f"exit status {code}"


def engine_version(engine):
    def cmd(argv):
        try:
            return first_line(subprocess.run(argv, capture_output=True, text=True, timeout=60).stdout)
        except OSError:
            return ""

    meta = "import importlib.metadata as m; print(m.version('{}'))"
    if engine.name.startswith("zwasm"):
        commit = cmd(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"])
        return f"{cmd([ZWASM, '--version'])} (commit {commit})"
    if engine.name.startswith("wasmi"):
        return cmd([WASMI, "--version"])
    if engine.name == "wasm3":
        return f"pywasm3 {cmd([PEER_PY, '-c', meta.format('pywasm3')])} (wasm3 inside)"
    if engine.name == "wasmtime":
        return f"wasmtime-py {cmd([PEER_PY, '-c', meta.format('wasmtime')])}"
    if engine.name == "wasmtime-cli":
        return cmd(["wasmtime", "--version"])
    if engine.name == "node":
        return f"node {cmd(['node', '--version'])}"
    return ""


# ---------------------------------------------------------------- kernels


@dataclass
class Kernel:
    name: str
    bench_n: int
    quick_n: int
    expect_bench: int  # None: not known, the engines must agree
    expect_quick: int
    what: str
    wasm: str


def read_kernels():
    kernels = []
    with open(os.path.join(BENCH, "kernels.tsv")) as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            name, bench_n, quick_n, eb, eq, what = line.rstrip("\n").split("\t")
            expect = [None if x == "-" else int(x) for x in (eb, eq)]
            wasm = os.path.join(BENCH, "wasm", f"{name}.wasm")
            kernels.append(Kernel(name, int(bench_n), int(quick_n), *expect, what, wasm))
    return kernels


# ---------------------------------------------------------------- measuring


@dataclass
class Cell:
    """All runs of one (module, engine) pair."""

    work: list = field(default_factory=list)  # Samples of run(n), or of the large module
    base: list = field(default_factory=list)  # Samples of run(0), or of the trivial module
    failure: str = ""  # a wrong answer, a crash or a time-out
    answer: int = None  # what run(n) returned

    def median(self, which, metric):
        samples = getattr(self, which)
        return statistics.median(getattr(s, metric) for s in samples) if samples else None

    def exec_time(self, metric="cpu"):
        if self.failure or not self.work or not self.base:
            return None
        return self.median("work", metric) - self.median("base", metric)

    def noisy(self, metric="cpu"):
        """Whether the runs of run(n) spread by more than NOISY of their median."""
        values = [getattr(s, metric) for s in self.work]
        return len(values) > 1 and (max(values) - min(values)) > NOISY * statistics.median(values)


def timed(engine, wasm, n, expect, cell, samples, log):
    """One run. Appends its Sample to `samples`, or records the failure."""
    sample, code, out, err = run_process(engine.command(wasm, n))
    if code is None:
        cell.failure = f"timeout (> {RUN_TIMEOUT} s)"
    elif code != 0:
        cell.failure = f"failed: {first_line(err) or first_line(out) or f'exit status {code}'}"
    else:
        got = parse_result(out)
        if expect is not None and got != expect:
            cell.failure = f"WRONG ANSWER: {got} (expected {expect})"
        elif samples is cell.work:
            cell.answer = got
    if cell.failure:
        log(f"    {engine.name}: {cell.failure}")
        return None
    samples.append(sample)
    return sample


def rotated(items, k):
    k %= max(len(items), 1)
    return items[k:] + items[:k]


def run_kernels(kernels, engines, reps, quick, log):
    cells = {(k.name, e.name): Cell() for k in kernels for e in engines}
    for rep in range(reps):
        for k in kernels:
            n, expect = (k.quick_n, k.expect_quick) if quick else (k.bench_n, k.expect_bench)
            line = []
            for e in rotated(engines, rep):
                cell = cells[(k.name, e.name)]
                if cell.failure:
                    continue
                s = timed(e, k.wasm, n, expect, cell, cell.work, log)
                if s is None:
                    continue
                if not quick:
                    timed(e, k.wasm, 0, None, cell, cell.base, log)
                line.append(f"{e.name} {s.wall:.2f}s")
            log(f"[{rep + 1}/{reps}] {k.name:<11} " + "  ".join(line))
    for k in kernels:  # with no checksum to compare with, the engines must agree
        answers = {cells[(k.name, e.name)].answer for e in engines if not cells[(k.name, e.name)].failure}
        if len(answers) > 1:
            for e in engines:
                c = cells[(k.name, e.name)]
                if not c.failure:
                    c.failure = f"WRONG ANSWER: the engines disagree ({c.answer} here; {sorted(answers)})"
    return cells


def run_startup(modes, reps, log):
    cells = {m.name: Cell() for m in modes}
    for rep in range(reps):
        line = []
        for m in rotated(modes, rep):
            cell = cells[m.name]
            if cell.failure:
                continue
            s = timed(m, STARTUP_WASM, 0, None, cell, cell.work, log)
            timed(m, TRIVIAL_WASM, 0, None, cell, cell.base, log)
            if s:
                line.append(f"{m.name} {s.wall:.3f}s")
        log(f"[{rep + 1}/{reps}] start-up    " + "  ".join(line))
    return cells


# ---------------------------------------------------------------- sizes


def stripped_size(path):
    """Size in bytes of a stripped copy of a binary, or None."""
    if not path or not os.path.isfile(path):
        return None
    with tempfile.TemporaryDirectory() as d:
        copy = os.path.join(d, "x")
        shutil.copy(path, copy)
        if subprocess.run(["strip", "--strip-all", copy], capture_output=True).returncode != 0:
            return None
        return os.path.getsize(copy)


def peer_file(code):
    try:
        r = subprocess.run([PEER_PY, "-c", code], capture_output=True, text=True, timeout=60)
        return r.stdout.strip() or None
    except OSError:
        return None


def sizes():
    wasmtime_lib = (
        "import wasmtime, os; "
        "print(os.path.join(os.path.dirname(wasmtime.__file__), 'linux-x86_64', '_libwasmtime.so'))"
    )
    rows = [
        ("zwasm", "libzwasm.so: the whole engine", LIBZWASM),
        ("zwasm", "zwasm command line", ZWASM),
        ("wasmi", "wasmi command line (engine, CLI, WASI: wasmi builds no shared library)", WASMI),
        ("wasm3", "pywasm3 extension module (wasm3 and its Python glue)", peer_file("import wasm3; print(wasm3.__file__)")),
        ("wasmtime", "libwasmtime.so in the Python package (C API, Cranelift, WASI)", peer_file(wasmtime_lib)),
        ("node", "node executable (V8 and the whole JavaScript runtime)", shutil.which("node")),
    ]
    return [(engine, what, stripped_size(path)) for engine, what, path in rows]


# ---------------------------------------------------------------- report


def fmt_time(t):
    if t is None:
        return "n/a"
    if t < 0:  # a difference of two medians, below the noise
        return "≈ 0"
    if abs(t) < 0.1:
        return f"{t * 1000:.1f} ms"
    return f"{t:.3f} s" if t < 1 else f"{t:.2f} s"


def fmt_ratio(r):
    return "n/a" if r is None else f"{r:.2f}×"


def fmt_bytes(b):
    if b is None:
        return "n/a"
    return f"{b / 1e6:.1f} MB" if b >= 1e6 else f"{b / 1e3:.0f} kB"


def geomean(values):
    if not values or any(v is None or v <= 0 for v in values):
        return None
    return math.exp(sum(math.log(v) for v in values) / len(values))


def machine_notes():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            mem = f"{int(f.readline().split()[1]) / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": mem,
        "os": f"{platform.system()} {platform.release()}",
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
    }


class Report:
    def __init__(self, kernels, engines, cells, startup, reps, before, after, size_rows):
        self.kernels, self.engines, self.cells = kernels, engines, cells
        self.startup, self.reps, self.before, self.after = startup, reps, before, after
        self.size_rows = size_rows
        # a wasmtime CLI that is not installed gets no column
        self.shown = [e for e in engines if e.available or e.name != "wasmtime-cli"]
        self.lines = []

    def w(self, text=""):
        self.lines.append(text)

    def cell(self, k, e):
        return self.cells.get((k.name, e.name), Cell())

    def exec_text(self, k, e, metric):
        if not e.available:
            return "n/a"
        c = self.cell(k, e)
        if c.failure:
            return "**FAIL**" if c.failure.startswith("WRONG") else "**error**"
        return fmt_time(c.exec_time(metric)) + (" ~" if c.noisy(metric) else "")

    def geomeans(self, metric):
        return {
            e.name: geomean([self.cell(k, e).exec_time(metric) for k in self.kernels]) if e.available else None
            for e in self.shown
        }

    def time_table(self, metric):
        w = self.w
        w("| kernel | n | " + " | ".join(e.name for e in self.shown) + " |")
        w("|---|---:|" + "---:|" * len(self.shown))
        for k in self.kernels:
            w(f"| {k.name} | {k.bench_n} | " + " | ".join(self.exec_text(k, e, metric) for e in self.shown) + " |")
        gm = self.geomeans(metric)
        w("| **geometric mean** | | " + " | ".join(f"**{fmt_time(gm[e.name])}**" for e in self.shown) + " |")
        w()

    def ratio_table(self, ref, metric):
        w = self.w
        ref_engine = next((e for e in self.engines if e.name == ref), None)
        if ref_engine is None or not ref_engine.available:
            w(f"n/a: {ref} did not run.")
            w()
            return
        others = [e for e in self.shown if e.name != ref]
        w("| kernel | " + " | ".join(e.name for e in others) + " |")
        w("|---|" + "---:|" * len(others))
        for k in self.kernels:
            base = self.cell(k, ref_engine).exec_time(metric)
            row = []
            for e in others:
                t = self.cell(k, e).exec_time(metric) if e.available else None
                row.append(fmt_ratio(t / base) if t is not None and base else self.exec_text(k, e, metric))
            w(f"| {k.name} | " + " | ".join(row) + " |")
        gm = self.geomeans(metric)
        row = [f"**{fmt_ratio(gm[e.name] / gm[ref])}**" if gm[e.name] and gm[ref] else "n/a" for e in others]
        w("| **geometric mean** | " + " | ".join(row) + " |")
        w()

    def render(self):
        w = self.w
        b, a = self.before, self.after
        w("# Benchmark results")
        w()
        w(f"Measured by `bench/run` on {b['date']}: {self.reps} repetition{'s' if self.reps > 1 else ''}, "
          "interleaved; every figure is a median.")
        w(f"Machine: {b['cpu']}, {b['cores']} cores, {b['memory']}, {b['os']}. Load average (1, 5, 15 min) "
          f"at the start {b['load']}, at the end {a['load']}: the machine is shared, so compare engines by "
          "the ratios of one run rather than by absolute times.")
        w()
        self.render_summary()
        w("## Engines")
        w()
        w("| engine | version | one timed process | median process time of run(0) |")
        w("|---|---|---|---:|")
        for e in self.engines:
            if not e.available:
                w(f"| {e.name} | n/a: {e.reason} | {e.what} | n/a |")
                continue
            floor = statistics.median([self.cell(k, e).median("base", "wall") for k in self.kernels if self.cell(k, e).base] or [0])
            w(f"| {e.name} | {e.version} | {e.what} | {fmt_time(floor)} |")
        w()
        w("## Kernel execution time (CPU)")
        w()
        w("CPU seconds (user + system, all threads) of the whole process running `run(n)`, minus the "
          "same for `run(0)` on the same module: process start, loading, compiling and instantiating "
          "drop out and what remains is execution (for node, including TurboFan's recompilation of hot "
          "functions). CPU time is the headline because the machine is shared: time spent waiting "
          "for a core does not count in it; the wall-clock table follows. Every engine runs the same "
          "`.wasm` bytes and must return the checksum in `bench/kernels.tsv`: a wrong answer is "
          f"**FAIL**, never a time. `~` marks a cell whose runs spread by more than {NOISY:.0%} of "
          "their median.")
        w()
        self.time_table("cpu")
        for ref in ("wasmtime", "wasmi"):
            w(f"## Relative to {ref} (CPU; below 1 is faster than {ref})")
            w()
            self.ratio_table(ref, "cpu")
        w("## Kernel execution time (wall clock)")
        w()
        w("The same runs by the wall clock: median process time of `run(n)` minus that of `run(0)`.")
        w()
        self.time_table("wall")
        gm = self.geomeans("wall")
        for ref in ("wasmtime", "wasmi"):
            if gm.get(ref):
                w(f"Geometric mean relative to {ref}: " + ", ".join(
                    f"{e.name} {fmt_ratio(gm[e.name] / gm[ref])}" for e in self.shown if e.name != ref and gm[e.name]) + ".")
                w()
        self.render_startup()
        self.render_memory()
        self.render_sizes()
        failures = [(k.name, e.name, self.cell(k, e).failure) for k in self.kernels for e in self.engines
                    if e.available and self.cell(k, e).failure]
        if failures:
            w("## Failures")
            w()
            for k, e, f in failures:
                w(f"- {k} under {e}: {f}")
            w()
        w("## Kernels")
        w()
        w("Sources in `bench/kernels/`; each module exports `run(n)` and returns a checksum.")
        w()
        w("| kernel | n | what it exercises |")
        w("|---|---:|---|")
        for k in self.kernels:
            w(f"| {k.name} | {k.bench_n} | {k.what} |")
        w()
        w("Reproduce with `bench/run` (see `bench/README.md`).")
        return "\n".join(self.lines) + "\n"

    def render_summary(self):
        """zwasm's standing in a few lines: what the tables below show in full."""
        w = self.w
        gm = self.geomeans("cpu")
        peers = [p for p in ("wasmi", "wasm3", "wasmtime", "node") if gm.get(p)]
        lines = []
        for e in self.engines:
            if not e.name.startswith("zwasm"):
                continue
            if not e.available:
                lines.append(f"- **{e.name}**: n/a ({e.reason})")
                continue
            if gm.get(e.name) is None:
                lines.append(f"- **{e.name}**: no geometric mean (a kernel failed; see Failures)")
                continue
            text = ", ".join(f"{fmt_ratio(gm[e.name] / gm[p])} {p}" for p in peers)
            ref = next((x for x in self.engines if x.name == "wasmi" and x.available), None)
            if ref:
                ratios = []
                for k in self.kernels:
                    a, b = self.cell(k, e).exec_time("cpu"), self.cell(k, ref).exec_time("cpu")
                    if a is not None and b:
                        ratios.append((a / b, k.name))
                ratios.sort(reverse=True)

                def listed(rs):
                    return ", ".join(f"{k} {fmt_ratio(r)}" for r, k in rs)

                if len(ratios) > 5:
                    text += f"; slowest against wasmi: {listed(ratios[:3])}; fastest: {listed(ratios[:-3:-1])}"
                elif ratios:
                    text += f"; against wasmi per kernel: {listed(ratios)}"
            lines.append(f"- **{e.name}**, geometric mean of execution CPU time: {text}.")
        if self.startup:
            modes, cells = self.startup
            ref = cells.get("wasmi")
            ref_cpu = ref.exec_time("cpu") if ref else None
            for m in modes:
                if not m.name.startswith("zwasm") or not m.available:
                    continue
                t = cells[m.name].exec_time("cpu")
                if t is not None and ref_cpu:
                    lines.append(f"- **{m.name}** start-up on the large module: {fmt_ratio(t / ref_cpu)} wasmi's eager "
                                 "mode (CPU).")
            missing = [m.name for m in modes if m.name.startswith("zwasm") and not m.available]
            if missing:
                lines.append(f"- Start-up n/a for {', '.join(missing)} (see the start-up table).")
        if lines:
            w("## Summary")
            w()
            for line in lines:
                w(line)
            w()

    def render_startup(self):
        w = self.w
        w("## Start-up")
        w()
        if self.startup is None:
            w("Skipped (`--no-startup`).")
            w()
            return
        modes, cells = self.startup
        size = os.path.getsize(STARTUP_WASM)
        w(f"A generated module of {size / 1e6:.1f} MB (`bench/tools/gen_startup.py`: thousands of functions "
          "of the shapes C compilers emit, all reachable through a table): load, validate, translate "
          "or compile, instantiate, and call the trivial export `run(0)`. *Start-up* is the median "
          "time of the whole process on it minus the median on a trivial module "
          "(`bench/kernels/trivial.wat`), which takes out process start and runtime set-up (Python's "
          "and node's too). Wall clock is what a user waits; CPU also counts work done on other "
          "cores (wasmtime compiles in parallel). The ratio is of CPU time.")
        w()
        w("| engine and mode | start-up (wall) | start-up (CPU) | whole process (wall) | peak RSS | CPU ×wasmi eager |")
        w("|---|---:|---:|---:|---:|---:|")
        ref = cells.get("wasmi")
        ref_cpu = ref.exec_time("cpu") if ref else None
        for m in modes:
            c = cells.get(m.name, Cell())
            label = f"{m.name} (eager)" if m.name == "wasmi" else m.name
            if not m.available:
                w(f"| {label} | n/a | n/a | n/a | n/a | {m.reason} |")
            elif c.failure:
                w(f"| {label} | **error** | | | | {c.failure} |")
            else:
                cpu = c.exec_time("cpu")
                rss = max(s.rss for s in c.work) / 1024
                ratio = fmt_ratio(cpu / ref_cpu) if cpu is not None and ref_cpu else "n/a"
                w(f"| {label} | {fmt_time(c.exec_time('wall'))} | {fmt_time(cpu)} | "
                  f"{fmt_time(c.median('work', 'wall'))} | {rss:.0f} MiB | {ratio} |")
        w()
        w("The modes: zwasm's and wasmi's `eager` validate and translate every function first, "
          "`lazy-translation` validates everything and translates a function on its first call, "
          "`lazy` also validates a function on its first call (zwasm: `run --compile MODE`, wasmi: "
          "`run --compilation-mode MODE`); wasm3 compiles a function "
          "on its first call and checks less than a validator does; wasmtime compiles every function "
          "with Cranelift; node (V8's defaults in this version) validates the module and compiles each "
          "function with Liftoff on its first call. `≈ 0`: the difference is below the noise.")
        w()

    def render_memory(self):
        w = self.w
        w("## Peak memory")
        w()
        w("Peak RSS of the whole process: the largest over the kernels, and on the trivial module "
          "(the runtime's own floor; for wasm3 and wasmtime it includes the Python interpreter, for "
          "node the JavaScript runtime). Kernels allocate up to about 4 MiB of linear memory.")
        w()
        w("| engine | peak RSS over kernels | trivial module |")
        w("|---|---:|---:|")
        for e in self.shown:
            if not e.available:
                w(f"| {e.name} | n/a | n/a |")
                continue
            peaks = [s.rss for k in self.kernels for s in self.cell(k, e).work]
            floors = [s.rss for k in self.kernels for s in self.cell(k, e).base]
            w(f"| {e.name} | {max(peaks) / 1024:.1f} MiB | {min(floors) / 1024:.1f} MiB |" if peaks and floors
              else f"| {e.name} | n/a | n/a |")
        w()

    def render_sizes(self):
        w = self.w
        w("## Library size")
        w()
        w("Stripped (`strip --strip-all` on a copy). The peers ship no bare engine library here, so "
          "the file measured for each is named: context, not a like-for-like comparison.")
        w()
        w("| engine | file | stripped size |")
        w("|---|---|---:|")
        for engine, what, size in self.size_rows:
            w(f"| {engine} | {what} | {fmt_bytes(size)} |")
        w()


def report_from_raw(raw):
    """The Report of a run, from the raw data main() saves as JSON."""

    def cell(d):
        return Cell([Sample(**x) for x in d["work"]], [Sample(**x) for x in d["base"]], d["failure"], d["answer"])

    kernels = [Kernel(**k) for k in raw["kernels"]]
    engines = [Engine(**e) for e in raw["engines"]]
    cells = {tuple(key.split("/", 1)): cell(c) for key, c in raw["cells"].items()}
    startup = None
    if raw["startup"]:
        startup = ([Engine(**m) for m in raw["startup"]["modes"]],
                   {m: cell(c) for m, c in raw["startup"]["cells"].items()})
    start, end = raw["machine"]["start"], raw["machine"]["end"]
    return Report(kernels, engines, cells, startup, raw["reps"], start, end, [tuple(r) for r in raw["sizes"]])


# ---------------------------------------------------------------- main


def main():
    ap = argparse.ArgumentParser(description="Runs the benchmark suite (see bench/README.md).")
    ap.add_argument("--quick", action="store_true", help="small inputs, one run each: check every answer, time nothing")
    ap.add_argument("--reps", type=int, default=None, help="repetitions (default 5; 1 with --quick)")
    ap.add_argument("--engines", default=None, help="comma-separated engine names (default: all; with --quick, zwasm's tiers)")
    ap.add_argument("--kernels", default=None, help="comma-separated kernel names (default: all)")
    ap.add_argument("--no-startup", action="store_true", help="skip the start-up benchmark")
    ap.add_argument("--out", default=os.path.join(BENCH, "results", "latest.md"), help="where the report goes")
    ap.add_argument("--render", metavar="JSON", help="measure nothing: write the report again from a run's raw samples")
    args = ap.parse_args()
    if args.render:
        with open(args.render) as f:
            text = report_from_raw(json.load(f)).render()
        with open(args.out, "w") as f:
            f.write(text)
        print(text)
        return 0

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    reps = args.reps or (1 if args.quick else 5)
    kernels = read_kernels()
    if args.kernels:
        wanted = args.kernels.split(",")
        unknown = set(wanted) - {k.name for k in kernels}
        if unknown:
            sys.exit(f"unknown kernel(s): {', '.join(sorted(unknown))}")
        kernels = [k for k in kernels if k.name in wanted]
    engines = all_engines()
    wanted_engines = args.engines.split(",") if args.engines else None
    if wanted_engines:
        unknown = set(wanted_engines) - {e.name for e in engines}
        if unknown:
            sys.exit(f"unknown engine(s): {', '.join(sorted(unknown))}; known: {', '.join(e.name for e in engines)}")
        engines = [e for e in engines if e.name in wanted_engines]
    elif args.quick:
        engines = [e for e in engines if e.name.startswith("zwasm")]

    for e in engines:
        probe(e)
        e.version = engine_version(e) if e.available else ""
        log(f"engine {e.name}: {e.version if e.available else 'n/a, ' + e.reason}")
    running = [e for e in engines if e.available]

    if args.quick:
        cells = run_kernels(kernels, running, reps, True, log)
        bad = 0
        for k in kernels:
            for e in running:
                failure = cells[(k.name, e.name)].failure
                bad += bool(failure)
                print(f"{k.name:<11} {e.name:<14} {'FAIL: ' + failure if failure else 'ok'}")
        for e in engines:
            if not e.available:
                print(f"{e.name}: n/a, {e.reason}")
        print(f"{len(kernels) * len(running) - bad} passed, {bad} failed")
        return 1 if bad else 0

    before = machine_notes()
    cells = run_kernels(kernels, running, reps, False, log)
    startup = None
    if not args.no_startup:
        if not os.path.exists(STARTUP_WASM):
            sys.exit(f"{STARTUP_WASM} is missing: run bench/build")
        modes = startup_modes()
        if wanted_engines:  # the modes of the engines asked for
            modes = [m for m in modes if m.name in wanted_engines or m.name.split("-")[0] in
                     {n.split("-")[0] for n in wanted_engines}]
        for m in modes:
            probe(m)
            log(f"start-up {m.name}: {'ok' if m.available else 'n/a, ' + m.reason}")
        startup = (modes, run_startup([m for m in modes if m.available], reps, log))
    after = machine_notes()

    raw = {
        "reps": reps,
        "machine": {"start": before, "end": after},
        "kernels": [dataclasses.asdict(k) for k in kernels],
        "engines": [dataclasses.asdict(e) for e in engines],
        "cells": {f"{k}/{e}": dataclasses.asdict(c) for (k, e), c in cells.items()},
        "startup": {
            "modes": [dataclasses.asdict(m) for m in startup[0]],
            "cells": {m: dataclasses.asdict(c) for m, c in startup[1].items()},
        } if startup else None,
        "sizes": sizes(),
    }
    text = report_from_raw(raw).render()
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        f.write(text)
    with open(os.path.splitext(args.out)[0] + ".json", "w") as f:
        json.dump(raw, f, indent=1)
    print(text)
    log(f"written to {os.path.relpath(args.out)} (raw samples in {os.path.relpath(os.path.splitext(args.out)[0])}.json)")
    return 1 if any(c.failure for c in cells.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
