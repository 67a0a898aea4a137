#!/usr/bin/env python3
"""Typst side of benches/compare.sh (PyPI `typst`): compile N documents of
templates/report.typ with one reused typst.Compiler, fonts from FONT_DIR,
and print one JSON line with the warm in-process CPU per document
(time.process_time(), the first document excluded).
usage: run.py N OUTDIR FONT_DIR"""
import json, pathlib, sys, time
import typst
from common import HERE, ward_fields

n, out, font_dir = int(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
out.mkdir(parents=True, exist_ok=True)
comp = typst.Compiler(str(HERE / "templates" / "report.typ"), root=str(HERE),
                      font_paths=[font_dir], ignore_system_fonts=True)
cpu = []
for i in range(n):
    c = time.process_time()
    comp.compile(output=str(out / f"report_{i + 1:04d}.pdf"), sys_inputs=ward_fields(i))
    cpu.append(time.process_time() - c)
warm = cpu[1:] or cpu
print(json.dumps({"n": n, "first_cpu_s": round(cpu[0], 4),
                  "warm_cpu_s": round(sum(warm) / len(warm), 5)}))
