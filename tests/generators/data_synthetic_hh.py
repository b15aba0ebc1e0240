"""Writes a synthetic Anthropic-HH-style implicit-prompt JSONL dataset (for measuring `sharpalign data inspect`).

Usage: python3 tests/generators/data_synthetic_hh.py ROWS OUT.jsonl  (seeded: the same ROWS give the same file).
About 1 row in 500 has a very long prompt; a few rows are invalid on purpose (identical chosen/rejected,
a missing field, a malformed line) so skip-invalid counts show up. Not run by CI; nothing it writes is committed."""
import json, random, sys
random.seed(7)
n = int(sys.argv[1]); out = sys.argv[2]
words = ("the of and to in is that it for on with as was be by this are or his from at which but have an they "
 "you were her all she there would their we him been has when who will more no if out so said what up its about into "
 "than them can only other new some could time these two may then do first any my now such like our over man me even "
 "most made after also did many before must through back years where much your way well down should because each just "
 "those people how too little state good very make world still own see men work long get here between both life being "
 "under never day same another know while last might us great old year off come since against go came right used take "
 "three café naïve résumé Zürich 東京 données").split()
def sent(k): return " ".join(random.choice(words) for _ in range(k)).capitalize() + random.choice([".", "?", "!"])
with open(out, "w", encoding="utf-8") as f:
    for i in range(n):
        turns = random.randint(1, 3)
        ctx = ""
        for t in range(turns - 1):
            ctx += f"\n\nHuman: {sent(random.randint(4, 20))}\n\nAssistant: {sent(random.randint(5, 40))}"
        q = sent(random.randint(4, 30)) if i % 500 else " ".join(sent(20) for _ in range(40))  # a few very long prompts
        ctx += f"\n\nHuman: {q}\n\nAssistant:"
        a = " " + " ".join(sent(random.randint(5, 25)) for _ in range(random.randint(1, 6)))
        b = " " + " ".join(sent(random.randint(5, 25)) for _ in range(random.randint(1, 6)))
        row = {"chosen": ctx + a, "rejected": ctx + b}
        if i % 997 == 13: row["rejected"] = row["chosen"]             # invalid: identical
        if i % 1499 == 21: del row["rejected"]                        # invalid: missing field
        f.write(json.dumps(row, ensure_ascii=False) + "\n")
        if i % 1999 == 5: f.write('{"chosen": "broken\n')              # invalid: malformed line
