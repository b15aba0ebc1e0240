#!/usr/bin/env python3
"""Golden NFC/NFD/NFKC/NFKD results from CPython's unicodedata for the tokenizer normalizer tests.

Writes tests/SharpAlign.Tests/TestData/Tokenization/normalization_cases.jsonl: fixed tricky
strings plus seeded random mixes of starters, combining marks, precomposed letters, Hangul,
compatibility characters and supplementary-plane code points.
Run: /usr/bin/python3 tests/generators/tokenization_normalization_cases.py
"""
import json
import pathlib
import random
import unicodedata

OUT = pathlib.Path(__file__).resolve().parents[1] / "SharpAlign.Tests/TestData/Tokenization/normalization_cases.jsonl"

POOL = (
    list("aeiouAEOcnsSz ") +
    [chr(c) for c in (0x300, 0x301, 0x302, 0x303, 0x308, 0x30A, 0x323, 0x327, 0x328, 0x345, 0x5B0, 0x93C, 0x1DC0)] +
    list("éÅǖḗṩẛĳŉ") +
    [chr(c) for c in (0xAC00, 0xD4DB, 0xD7A3, 0x1100, 0x1161, 0x11A8, 0x1175, 0x11C2)] +
    list("ﬁ²①ｱﾞ㍿™ℌ") +
    [chr(c) for c in (0x2126, 0x212B, 0x0958, 0x0344, 0x0F73, 0xFB2C, 0xF900, 0x1D15E, 0x2F800, 0x1D400, 0x1F600, 0x3099, 0x304B, 0x30AB)]
)

FIXED = [
    "", "abc", "e\u0301", "\u00e9", "A\u030a", "\u212b", "\u2126", "\ufb01", "x\u0323\u0307", "\u1e9b\u0323",
    "\ud55c\uad6d\uc5b4", "\u1112\u1161\u11ab", "\u0958", "\u0344", "\u304b\u3099", "\u30ab\u3099", "\uff71\uff9e",
    "\U0001d15e", "\U0002f800", "a\u0328\u0301\u0300", "\u0301a", "Ǆ", "①②", "Å\u0301",
]


def main() -> None:
    rng = random.Random(1234)
    strings = list(FIXED)
    for _ in range(300):
        strings.append("".join(rng.choice(POOL) for _ in range(rng.randint(1, 12))))
    with OUT.open("w", encoding="utf-8") as f:
        for s in strings:
            row = {"s": s}
            for form in ("NFC", "NFD", "NFKC", "NFKD"):
                row[form.lower()] = unicodedata.normalize(form, s)
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(strings)} cases to {OUT} (Unicode {unicodedata.unidata_version})")


if __name__ == "__main__":
    main()
