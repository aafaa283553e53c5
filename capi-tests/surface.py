#!/usr/bin/env python3
"""Checks the C API surface against the headers.

  surface.py declared INCLUDE_DIR
      prints every function declared by wasm.h and zwasm.h
  surface.py exports INCLUDE_DIR LIBRARY
      the library exports exactly the declared functions, no more, no less
  surface.py usage INCLUDE_DIR SOURCE...
      every declared function is called somewhere in the sources (after
      preprocessing, counting only the text that comes from the sources
      and their local headers, so calls that test macros generate count
      and declarations in include/ do not)

Declarations are found by running the C preprocessor over the headers with
WASM_API_EXTERN defined as a marker, so the declaration macros of wasm.h
(WASM_DECLARE_VEC and friends) are expanded exactly as a compiler sees
them; static inline helpers carry no marker and are not counted.
"""

import os
import re
import subprocess
import sys
import tempfile

MARKER = "__zwasm_declared_function__"


def declared(include_dir):
    cc = os.environ.get("CC", "cc")
    with tempfile.NamedTemporaryFile("w", suffix=".c", delete=False) as f:
        f.write('#include "wasm.h"\n#include "zwasm.h"\n')
        source = f.name
    try:
        out = subprocess.run(
            [cc, "-E", "-P", f"-DWASM_API_EXTERN={MARKER}", "-I", include_dir, source],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        os.unlink(source)
    names = set()
    # The function name is the last identifier before the first "(" that
    # follows the marker (return types here never contain parentheses).
    for match in re.finditer(MARKER + r"([^;(]*)\(", out):
        idents = re.findall(r"[A-Za-z_]\w*", match.group(1))
        names.add(idents[-1])
    return names


def exported(library):
    out = subprocess.run(
        ["nm", "-D", "--defined-only", library], check=True, capture_output=True, text=True
    ).stdout
    return {line.split()[-1] for line in out.splitlines() if len(line.split()) == 3 and line.split()[1] == "T"}


def used(include_dir, sources):
    names = set()
    cc = os.environ.get("CC", "cc")
    for path in sources:
        here = os.path.dirname(os.path.realpath(path))
        cmd = [cc, "-E", "-I", include_dir, "-I", here]
        if path.endswith((".cc", ".cpp")):
            cmd = [os.environ.get("CXX", "c++"), "-std=c++20"] + cmd[1:]
        out = subprocess.run(cmd + [path], check=True, capture_output=True, text=True).stdout
        current = None
        for line in out.splitlines():
            marker = re.match(r'# \d+ "([^"]+)"', line)
            if marker:
                current = os.path.realpath(marker.group(1))
                continue
            if current and os.path.dirname(current) == here:
                names |= set(re.findall(r"\b(?:z?wasm_\w+)\b", line))
    return names


def report(title, names):
    if names:
        print(f"{title} ({len(names)}):")
        for name in sorted(names):
            print(f"  {name}")


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    mode, include_dir = argv[1], argv[2]
    decl = declared(include_dir)
    if mode == "declared":
        for name in sorted(decl):
            print(name)
        return 0
    if mode == "exports":
        exp = exported(argv[3])
        report("declared but not exported", decl - exp)
        report("exported but not declared", exp - decl)
        print(f"{len(decl)} functions declared, {len(exp)} exported")
        return 0 if decl == exp else 1
    if mode == "usage":
        use = used(include_dir, argv[3:])
        report("declared but called by no test", decl - use)
        print(f"{len(decl)} functions declared, {len(decl & use)} called by the tests")
        return 0 if decl <= use else 1
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
