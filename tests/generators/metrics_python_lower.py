"""Golden table for SharpAlign.Evaluation.Text.PythonCase: every code point whose Python str.lower()
differs from itself, as 'HEX<TAB>HEX HEX ...' lines (Python 3.11, Unicode 14.0). Capital sigma is
written with its context-free result. Run: /usr/bin/python3 tests/generators/metrics_python_lower.py
Output: tests/SharpAlign.Tests/TestData/Evaluation/python_lower.tsv"""
import os
import sys

out = os.path.join(os.path.dirname(__file__), "..", "SharpAlign.Tests", "TestData", "Evaluation", "python_lower.tsv")
with open(out, "w", encoding="ascii") as f:
    f.write(f"# python {sys.version.split()[0]} unicodedata {__import__('unicodedata').unidata_version}\n")
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        low = chr(cp).lower()
        if low != chr(cp):
            f.write(f"{cp:X}\t{' '.join(f'{ord(c):X}' for c in low)}\n")
