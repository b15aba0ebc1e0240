"""Independent golden vectors for SharpAlign's metrics, in the format of
metric_vectors_published.json, computed with Python's own string semantics (str.split, str.lower,
code-point indexing, re / regex engines) from the rules in shared/research/metrics.md.
Covers the sacreBLEU tokenizers, BLEU (all smoothing methods, effective order, orders, lowercase,
several / missing / empty references), chrF / chrF++ (orders, beta, whitespace, eps smoothing) and
rouge-score ROUGE-N / L / Lsum without stemming and TER (all four options; a direct full-matrix
beam edit distance without row reuse), on seeded random text from an alphabet full of the
traps (astral emoji, CJK, Greek capitals, dotted I, Python-only whitespace, ASCII punctuation, digits).
Run: python3 tests/generators/metrics_golden.py (needs the third-party `regex` module)
Output: tests/SharpAlign.Tests/TestData/Evaluation/metric_vectors_golden.json"""
import json
import math
import os
import random
import re
from collections import Counter

import regex  # Unicode property classes, as sacreBLEU's intl tokenizer uses

# ---------------------------------------------------------------- tokenizers (metrics.md 1.3-1.5)
R1 = re.compile(r"([\{-\~\[-\` -\&\(-\+\:-\@\/])")
R2 = re.compile(r"([^0-9])([\.,])")
R3 = re.compile(r"([\.,])([^0-9])")
R4 = re.compile(r"([0-9])(-)")


def mteval_rules(line):
    line = R1.sub(r" \1 ", line)
    line = R2.sub(r"\1 \2 ", line)
    line = R3.sub(r" \1 \2", line)
    line = R4.sub(r"\1 \2 ", line)
    return " ".join(line.split())


def tok_13a(line):
    line = line.replace("<skipped>", "").replace("-\n", "").replace("\n", " ")
    if "&" in line:
        line = line.replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    return mteval_rules(f" {line} ")


INTL = [(regex.compile(r"(\P{N})(\p{P})"), r"\1 \2 "), (regex.compile(r"(\p{P})(\P{N})"), r" \1 \2"), (regex.compile(r"(\p{S})"), r" \1 ")]


def tok_intl(line):
    for pattern, repl in INTL:
        line = pattern.sub(repl, line)
    return " ".join(line.split())


# The zh table as sacreBLEU writes it, 5-digit escapes included (Python reads '\u20000' as U+2000 + '0').
ZH_RANGES = [("\u3400", "\u4db5"), ("\u4e00", "\u9fa5"), ("\u9fa6", "\u9fbb"), ("\uf900", "\ufa2d"), ("\ufa30", "\ufa6a"),
             ("\ufa70", "\ufad9"), ("\u20000", "\u2a6d6"), ("\u2f800", "\u2fa1d"), ("\uff00", "\uffef"), ("\u2e80", "\u2eff"),
             ("\u3000", "\u303f"), ("\u31c0", "\u31ef"), ("\u2f00", "\u2fdf"), ("\u2ff0", "\u2fff"), ("\u3100", "\u312f"),
             ("\u31a0", "\u31bf"), ("\ufe10", "\ufe1f"), ("\ufe30", "\ufe4f"), ("\u2600", "\u26ff"), ("\u2700", "\u27bf"),
             ("\u3200", "\u32ff"), ("\u3300", "\u33ff")]


def tok_zh(line):
    line = line.strip()
    out = "".join(f" {c} " if any(a <= c <= b for a, b in ZH_RANGES) else c for c in line)
    return mteval_rules(out)


def tok_char(line):
    return " ".join(c for c in line)


TOKENIZERS = {"13a": tok_13a, "intl": tok_intl, "zh": tok_zh, "char": tok_char, "none": lambda s: s}


# ---------------------------------------------------------------- BLEU (metrics.md 1.2, 1.6, 1.7)
def bleu_tokens(s, o):
    if o["lowercase"]:
        s = s.lower()
    return TOKENIZERS[o["tokenize"]](s.rstrip()).split()


def ngrams(tokens, n_max):
    c = Counter()
    for n in range(1, n_max + 1):
        for i in range(len(tokens) - n + 1):
            c[tuple(tokens[i:i + n])] += 1
    return c


def bleu_segment(hyp, refs, o):
    N = o["max_ngram_order"]
    h = bleu_tokens(hyp, o)
    clip, lens = Counter(), []
    for r in refs:
        if r is None:
            continue
        rt = bleu_tokens(r, o)
        lens.append(len(rt))
        for g, c in ngrams(rt, N).items():
            clip[g] = max(clip[g], c)
    best = min(lens, key=lambda L: (abs(len(h) - L), L))
    correct, total = [0] * N, [0] * N
    for g, c in ngrams(h, N).items():
        total[len(g) - 1] += c
        correct[len(g) - 1] += min(c, clip.get(g, 0))
    return [len(h), best] + correct + total


def bleu_score(stats, o):
    N = o["max_ngram_order"]
    sys_len, ref_len, correct, total = stats[0], stats[1], list(stats[2:2 + N]), list(stats[2 + N:])
    method = o["smooth_method"]
    value = o["smooth_value"] if o["smooth_value"] is not None else {"floor": 0.1, "add-k": 1}.get(method)
    bp = 1.0 if sys_len >= ref_len else (math.exp(1 - ref_len / sys_len) if sys_len > 0 else 0.0)
    p = [0.0] * N
    if not any(correct):
        return 0.0
    m, eff = 1.0, N
    for n in range(1, N + 1):
        if method == "add-k" and n > 1:
            correct[n - 1] += value
            total[n - 1] += value
        if total[n - 1] == 0:
            break
        if o["effective_order"]:
            eff = n
        if correct[n - 1] == 0:
            if method == "exp":
                m *= 2
                p[n - 1] = 100.0 / (m * total[n - 1])
            elif method == "floor":
                p[n - 1] = 100.0 * value / total[n - 1]
        else:
            p[n - 1] = 100.0 * correct[n - 1] / total[n - 1]
    return bp * math.exp(sum(-9999999999 if x == 0 else math.log(x) for x in p[:eff]) / eff)


# ---------------------------------------------------------------- chrF (metrics.md 2)
PUNCTS = set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~')


def chrf_counters(s, o):
    if o["lowercase"]:
        s = s.lower()
    chars = s if o["whitespace"] else "".join(s.split())
    out = [Counter(chars[i:i + n] for i in range(len(chars) - n + 1)) for n in range(1, o["char_order"] + 1)]
    words = []
    for w in s.split():
        if len(w) == 1:
            words.append(w)
        elif w[-1] in PUNCTS:
            words += [w[:-1], w[-1]]
        elif w[0] in PUNCTS:
            words += [w[0], w[1:]]
        else:
            words.append(w)
    for n in range(1, o["word_order"] + 1):
        out.append(Counter(" ".join(words[i:i + n]) for i in range(len(words) - n + 1)))
    return out


def chrf_f(stats, o):
    order = o["char_order"] + o["word_order"]
    f2 = o["beta"] ** 2
    eps, score, ap, ar, k = 1e-16, 0.0, 0.0, 0.0, 0
    for i in range(order):
        h, r, m = stats[3 * i:3 * i + 3]
        p = m / h if h > 0 else eps
        rc = m / r if r > 0 else eps
        d = f2 * p + rc
        score += (1 + f2) * p * rc / d if d > 0 else eps
        if h > 0 and r > 0:
            ap, ar, k = ap + p, ar + rc, k + 1
    if o["eps_smoothing"]:
        return 100 * score / order
    if k == 0:
        return 0.0
    ap, ar = ap / k, ar / k
    return 100 * ((1 + f2) * ap * ar / (f2 * ap + ar)) if ap + ar else 0.0


def chrf_segment(hyp, refs, o):
    hc = chrf_counters(hyp, o)
    best, best_f = None, -1.0
    for ref in refs:
        if ref is None:
            continue
        rc = chrf_counters(ref, o)
        stats = []
        for h, r in zip(hc, rc):
            stats += [sum(h.values()) if r else 0, sum(r.values()), sum(min(c, r[g]) for g, c in h.items() if g in r)]
        f = chrf_f(stats, o)
        if f > best_f:
            best, best_f = stats, f
    return best


# ---------------------------------------------------------------- ROUGE without stemming (metrics.md 4)
def rouge_tokens(text):
    return [t for t in re.split(r"\s+", re.sub(r"[^a-z0-9]+", " ", text.lower())) if re.match(r"^[a-z0-9]+$", t)]


def prf(p, r):
    return {"precision": p, "recall": r, "fmeasure": 2 * p * r / (p + r) if p + r > 0 else 0}


def lcs_table(a, b):
    t = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            t[i][j] = t[i - 1][j - 1] + 1 if a[i - 1] == b[j - 1] else max(t[i - 1][j], t[i][j - 1])
    return t


def rouge(kind, target, pred):
    if kind == "rougeLsum":
        rs = [rouge_tokens(s) for s in target.split("\n") if len(s)]
        cs = [rouge_tokens(s) for s in pred.split("\n") if len(s)]
        m, n = sum(map(len, rs)), sum(map(len, cs))
        if not rs or not cs or not m or not n:
            return prf(0, 0)
        br, bc = Counter(t for s in rs for t in s), Counter(t for s in cs for t in s)
        hits = 0
        for r in rs:
            idx = set()
            for c in cs:
                t = lcs_table(r, c)
                i, j = len(r), len(c)
                while i > 0 and j > 0:
                    if r[i - 1] == c[j - 1]:
                        idx.add(i - 1)
                        i, j = i - 1, j - 1
                    elif t[i][j - 1] > t[i - 1][j]:
                        j -= 1
                    else:
                        i -= 1
            for k in sorted(idx):
                tok = r[k]
                if bc[tok] > 0 and br[tok] > 0:
                    hits += 1
                    bc[tok] -= 1
                    br[tok] -= 1
        return prf(hits / n, hits / m)
    t, p = rouge_tokens(target), rouge_tokens(pred)
    if kind == "rougeL":
        if not t or not p:
            return prf(0, 0)
        lcs = lcs_table(t, p)[-1][-1]
        return prf(lcs / len(p), lcs / len(t))
    n = int(kind[5:])
    tc = Counter(tuple(t[i:i + n]) for i in range(len(t) - n + 1))
    pc = Counter(tuple(p[i:i + n]) for i in range(len(p) - n + 1))
    overlap = sum(min(c, pc[g]) for g, c in tc.items())
    return prf(overlap / max(sum(pc.values()), 1), overlap / max(sum(tc.values()), 1))



# ---------------------------------------------------------------- TER (metrics.md 3; TERCOM shift search)
def ter_tokens(s, o):
    s = s.rstrip()
    if not s:
        return []
    if not o["case_sensitive"]:
        s = s.lower()
    if o["normalized"]:
        s = s.replace("\n-", "").replace("\n", " ")
        s = s.replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
        s = f" {s} "
        s = R1.sub(r" \1 ", s)
        s = s.replace("'s ", " 's ")
        s = R2.sub(r"\1 \2 ", s)
        s = R3.sub(r" \1 \2", s)
        s = R4.sub(r"\1 \2 ", s)
        if o["asian_support"]:
            for cls in (r"[\u4e00-\u9fff\u3400-\u4dbf]", r"[\u31c0-\u31ef\u2e80-\u2eff]", r"[\u3300-\u33ff\uf900-\ufaff\ufe30-\ufe4f]",
                        r"[\u3200-\u3f22]", ASIAN_PUNCT, FULL_WIDTH_PUNCT):
                s = re.sub("(" + cls + ")", r" \1 ", s)
    if o["no_punct"]:
        s = re.sub(r"[\.,\?:;!\"\(\)]", "", s)
        if o["asian_support"]:
            s = re.sub(ASIAN_PUNCT, "", s)
            s = re.sub(FULL_WIDTH_PUNCT, "", s)
    return s.split()


ASIAN_PUNCT = r"[\u3001\u3002\u3008-\u3011\u3014-\u301f\uff61-\uff65\u30fb]"
FULL_WIDTH_PUNCT = r"[\uff0e\uff0c\uff1f\uff1a\uff1b\uff01\uff02\uff08\uff09]"


def beam_distance(h, r):
    """Full-matrix beam Levenshtein (no row reuse) with the trace; ties: match/sub, then consume-hyp ('d'), then consume-ref ('i')."""
    n, m = len(h), len(r)
    INF = 10 ** 16
    cost = [[INF] * (m + 1) for _ in range(n + 1)]
    op = [["x"] * (m + 1) for _ in range(n + 1)]
    for j in range(m + 1):
        cost[0][j], op[0][j] = j, "i"
    ratio = m / n if n else 1
    beam = math.ceil(ratio / 2 + 25) if 25 < ratio / 2 else 25
    for i in range(1, n + 1):
        diag = math.floor(i * ratio)
        lo, hi = max(0, diag - beam), min(m + 1, diag + beam)
        if i == n:
            hi = m + 1
        for j in range(lo, hi):
            if j == 0:
                cost[i][0], op[i][0] = cost[i - 1][0] + 1, "d"
                continue
            same = h[i - 1] == r[j - 1]
            for c, o in ((cost[i - 1][j - 1] + (0 if same else 1), " " if same else "s"), (cost[i - 1][j] + 1, "d"), (cost[i][j - 1] + 1, "i")):
                if cost[i][j] > c:
                    cost[i][j], op[i][j] = c, o
    trace, i, j = [], n, m
    while i > 0 or j > 0:
        o = op[i][j]
        trace.append(o)
        if o in " s":
            i, j = i - 1, j - 1
        elif o == "i":
            j -= 1
        else:
            i -= 1
    return cost[n][m], trace[::-1]


def ter_edits(h, r):
    if not r:
        return len(h)
    shifts, checked = 0, 0
    while True:
        score, trace = beam_distance(h, r)
        align, herr, rerr, ph, pr_ = {}, [], [], -1, -1
        for o in trace:
            if o in " s":
                ph, pr_ = ph + 1, pr_ + 1
                align[pr_] = ph
                herr.append(o == "s")
                rerr.append(o == "s")
            elif o == "d":
                ph += 1
                herr.append(True)
            else:
                pr_ += 1
                align[pr_] = ph
                rerr.append(True)
        best = None
        stop = False
        for sh in range(len(h)):
            for sr in range(len(r)):
                if abs(sr - sh) > 50:
                    continue
                L = 0
                while h[sh + L] == r[sr + L] and L < 10:
                    L += 1
                    if any(herr[sh:sh + L]) and any(rerr[sr:sr + L]) and not (sh <= align[sr] < sh + L):
                        prev = -1
                        for off in range(-1, L):
                            idx = 0 if sr + off == -1 else align[sr + off] + 1
                            if idx == prev:
                                continue
                            prev = idx
                            blk = h[sh:sh + L]
                            rest = h[:sh] + h[sh + L:]
                            tgt = idx if idx <= sh else idx - L if idx >= sh + L else None
                            if tgt is None:  # target inside the moved span: upstream's third branch
                                moved = h[:sh] + h[sh + L:L + idx] + blk + h[L + idx:]
                            else:
                                moved = rest[:tgt] + blk + rest[tgt:]
                            cand = (score - beam_distance(moved, r)[0], L, -sh, -idx)
                            checked += 1
                            if best is None or cand > best[0]:
                                best = (cand, moved)
                        if checked >= 1000:
                            stop = True
                            break
                    if sh + L == len(h) or sr + L == len(r):
                        break
                if stop:
                    break
            if stop:
                break
        if checked >= 1000 or best is None or best[0][0] <= 0:
            return shifts + score
        shifts += 1
        h = best[1]


# ---------------------------------------------------------------- random text
WORDS = ["the", "The", "dog", "cat", "bit", "man", "isn't", "rock'n'roll", "1,000.50", "2019.", "2019-2020", "3.5%-4.2%",
         "a-b", "x,y", "a.1", "(hi)", '"world",', "...", "&amp;", "&quot;q&quot;", "<skipped>", "ΟΔΟΣ", "Σ", "İstanbul",
         "café", "naïve", "🍕", "I🍕you", "😀!", "中文", "汉字。", "…", "—", "→", "€5", "«x»", "dit-il", "model's",
         "K\u212a", "x𠀀y", "ABC", "über", "日本語", "$", "@home", "{x}", "~", "a/b", "1.2.3", "US$", "9-", "-7"]
SPACES = [" ", " ", " ", "  ", "\t", "\u00a0", "\u001f", "\u3000", "\n", " -\n"]


def sentence(rng, lo=0, hi=12):
    n = rng.randint(lo, hi)
    out = ""
    for i in range(n):
        out += rng.choice(WORDS)
        if i + 1 < n:
            out += rng.choice(SPACES)
    if rng.random() < 0.2:
        out = rng.choice([" ", "\u001c", "\n"]) + out + rng.choice([" ", "\u2029", ""])
    return out


def related(rng, s):
    words = s.split(" ")
    if words and rng.random() < 0.7:
        rng.shuffle(words) if rng.random() < 0.3 else None
        words = [w if rng.random() < 0.7 else rng.choice(WORDS) for w in words]
    return " ".join(words)


def main():
    rng = random.Random(20261121)
    vectors = []

    def add(metric, options, hyp, refs, expected, vid):
        vectors.append({"id": f"golden/{metric}/{vid:03d}", "metric": metric, "options": options, "hyp": hyp, "refs": refs,
                        "expected": expected, "tolerance": 1e-9, "source": "computed: tests/generators/metrics_golden.py"})

    for i in range(40):
        s = sentence(rng, 0, 10)
        for name in ("13a", "intl", "zh", "char"):
            add(f"tok_{name}", {}, s, None, TOKENIZERS[name](s), i)

    for i in range(60):
        o = {"tokenize": rng.choice(["13a", "intl", "none", "char", "zh"]), "lowercase": rng.random() < 0.3,
             "smooth_method": rng.choice(["exp", "floor", "add-k", "none"]),
             "smooth_value": rng.choice([None, None, 0.5, 2, 0.01]), "effective_order": rng.random() < 0.5,
             "max_ngram_order": rng.choice([4, 4, 2, 3, 5])}
        if o["smooth_method"] in ("exp", "none"):
            o["smooth_value"] = None
        nseg = rng.randint(1, 4)
        hyps, refs = [], []
        for _ in range(nseg):
            base = sentence(rng, 1, 12)
            hyps.append(related(rng, base) if rng.random() < 0.8 else sentence(rng))
            rs = [base] + [related(rng, base) for _ in range(rng.randint(0, 2))]
            if rng.random() < 0.15:
                rs.append(None)
            if rng.random() < 0.1:
                rs.append("")
            refs.append(rs)
        stats = [sum(x) for x in zip(*[bleu_segment(h, r, o) for h, r in zip(hyps, refs)])]
        if nseg == 1 and rng.random() < 0.5:
            add("bleu_sentence", o, hyps[0], refs[0], bleu_score(stats, o), i)
        else:
            add("bleu_corpus", o, hyps, refs, bleu_score(stats, o), i)

    for i in range(50):
        wo = rng.choice([0, 0, 1, 2, 3])
        o = {"char_order": rng.choice([6, 6, 3, 1, 8]), "word_order": wo, "beta": rng.choice([2, 2, 3, 1, 0.5]),
             "lowercase": rng.random() < 0.3, "whitespace": rng.random() < 0.3, "eps_smoothing": rng.random() < 0.4}
        nseg = rng.randint(1, 4)
        hyps, refs = [], []
        for _ in range(nseg):
            base = sentence(rng, 0, 10)
            hyps.append(related(rng, base))
            rs = [base] + [related(rng, base) for _ in range(rng.randint(0, 2))]
            if rng.random() < 0.1:
                rs.append(None)
            refs.append(rs)
        stats = [sum(x) for x in zip(*[chrf_segment(h, r, o) for h, r in zip(hyps, refs)])]
        family = "chrfpp" if wo > 0 else "chrf"
        if nseg == 1 and rng.random() < 0.5:
            add(f"{family}_sentence", o, hyps[0], refs[0], chrf_f(stats, o), i)
        else:
            add(f"{family}_corpus", o, hyps, refs, chrf_f(stats, o), i)

    for i in range(60):
        kind = rng.choice(["rouge1", "rouge2", "rouge3", "rougeL", "rougeLsum"])
        lines = rng.randint(1, 3)
        target = "\n".join(sentence(rng, 0, 9) for _ in range(lines))
        pred = "\n".join(related(rng, x) for x in target.split("\n"))
        multi = rng.random() < 0.3
        targets = [target] + ([sentence(rng, 1, 9)] if multi else [])
        scores = [rouge(kind, t, pred) for t in targets]
        best = scores[0]
        for s in scores[1:]:
            if s["fmeasure"] > best["fmeasure"]:
                best = s
        add(kind, {"use_stemmer": False, "split_summaries": False, "score_multi": multi}, pred, targets, best, i)

    for i in range(60):
        o = {"normalized": rng.random() < 0.4, "no_punct": rng.random() < 0.3, "asian_support": rng.random() < 0.3, "case_sensitive": rng.random() < 0.3}
        nseg = rng.randint(1, 3)
        hyps, refs = [], []
        for _ in range(nseg):
            base = sentence(rng, 0, 14)
            words = base.split(" ")
            if len(words) > 3 and rng.random() < 0.7:  # move a block so that shifts pay off
                a = rng.randrange(len(words)); b = min(len(words), a + rng.randint(1, 4)); blk = words[a:b]; del words[a:b]
                k = rng.randrange(len(words) + 1); words[k:k] = blk
            hyps.append(related(rng, " ".join(words)) if rng.random() < 0.5 else " ".join(words))
            rs = [base] + [related(rng, base) for _ in range(rng.randint(0, 1))]
            if rng.random() < 0.1:
                rs.append("")
            refs.append(rs)
        edits = lengths = 0.0
        for h, rs in zip(hyps, refs):
            ht = ter_tokens(h, o)
            results = [(ter_edits(ht, ter_tokens(r, o)), len(ter_tokens(r, o))) for r in rs]
            edits += min(e for e, _ in results)
            lengths += sum(L for _, L in results) / len(results)
        add("ter_corpus", o, hyps, refs, 100 * edits / lengths if lengths > 0 else (100.0 if edits > 0 else 0.0), i)

    out = os.path.join(os.path.dirname(__file__), "..", "SharpAlign.Tests", "TestData", "Evaluation", "metric_vectors_golden.json")
    with open(out, "w", encoding="utf-8") as f:
        json.dump(vectors, f, ensure_ascii=False, indent=0)
    print(len(vectors), "vectors ->", out)


if __name__ == "__main__":
    main()
