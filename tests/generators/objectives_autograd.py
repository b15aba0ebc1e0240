"""Golden values for SharpAlign.Objectives: losses and their gradients by PyTorch autograd (float64).

Each loss is written here independently from the C# code, in PyTorch, from the formulas of
research/losses.md (TRL DPOTrainer / CPOTrainer / ORPOTrainer / KTOTrainer, CustomPOs-for-SLMs).
Autograd differentiates them, so the C# hand-written gradients are checked against an
independent implementation. Run with /usr/bin/python3 (torch 1.13); the output JSON is committed:

    /usr/bin/python3 tests/generators/objectives_autograd.py > tests/SharpAlign.Tests/TestData/Objectives/autograd_golden.json
"""
import json
import math

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
G = torch.Generator().manual_seed(20261121)


def uniform(n, lo, hi):
    return lo + (hi - lo) * torch.rand(n, generator=G)


def paired_inputs(b):
    nw = torch.randint(1, 20, (b,), generator=G)
    nl = torch.randint(1, 20, (b,), generator=G)
    pw = -uniform(b, 0.5, 3) * nw
    pl = -uniform(b, 0.5, 3) * nl
    return {
        "PolicyChosen": pw, "PolicyRejected": pl,
        "ReferenceChosen": pw + uniform(b, -5, 5), "ReferenceRejected": pl + uniform(b, -5, 5),
        "ChosenTokens": nw, "RejectedTokens": nl,
        "PolicyChosenShared": pw * uniform(b, 0.2, 0.9), "PolicyRejectedShared": pl * uniform(b, 0.2, 0.9),
        "ReferenceChosenShared": pw * uniform(b, 0.2, 0.9), "ReferenceRejectedShared": pl * uniform(b, 0.2, 0.9),
        "ChosenEntropy": nw * uniform(b, 0.3, 4), "RejectedEntropy": nl * uniform(b, 0.3, 4),
        "ScoreChosen": uniform(b, 0.05, 0.95), "ScoreRejected": uniform(b, 0.05, 0.95),
        "Weights": uniform(b, 0.3, 2),
        "NllLogp": pw - uniform(b, 5, 30), "NllTokens": nw + torch.randint(3, 20, (b,), generator=G),
    }


COUNTS = {"ChosenTokens", "RejectedTokens", "NllTokens", "Tokens"}


def leaves(x):
    return {k: (v.clone().float().double() if k in COUNTS else v.clone().requires_grad_(True)) for k, v in x.items()}


ls = F.logsigmoid
sig = torch.sigmoid


def f_score(r, kind, alpha):
    if kind == "reverse_kl":
        return r
    if kind == "forward_kl":
        return -torch.exp(-r)
    if kind == "js_divergence":
        return ls(r)
    return torch.exp((alpha - 1) * r) / (alpha - 1)


def smoothed(x, eps):
    return -(1 - eps) * ls(x) - eps * ls(-x)


def dpo(x, terms, weights=None, beta=0.1, eps=0.0, f="reverse_kl", f_alpha=0.5, ld=None, ld_ref=True, wpo=False, clamp=False, **kw):
    """TRL DPOTrainer: LD weighting, f-scores, per-pair losses, weighted combination."""
    a = 1.0 if ld is None else ld
    mix = (lambda full, sh: a * full + (1 - a) * sh) if ld is not None else (lambda full, sh: full)
    pw, pl = mix(x["PolicyChosen"], x["PolicyChosenShared"]), mix(x["PolicyRejected"], x["PolicyRejectedShared"])
    rmix = mix if ld_ref else (lambda full, sh: full)
    rw, rl = rmix(x["ReferenceChosen"], x["ReferenceChosenShared"]), rmix(x["ReferenceRejected"], x["ReferenceRejectedShared"])
    lw, ll = pw - rw, pl - rl
    sw, sl = f_score(lw, f, f_alpha), f_score(ll, f, f_alpha)
    d = sw - sl
    nw, nl = x["ChosenTokens"], x["RejectedTokens"]
    total = 0
    weights = weights or [1.0] * len(terms)
    pair_w = x["Weights"] if wpo else torch.ones_like(d)
    if wpo and clamp:
        pair_w = torch.clamp(pair_w, max=1)
    for t, w in zip(terms, weights):
        z = beta * d
        if t == "sigmoid":
            per = -ls(z)
        elif t == "cdpo":
            per = smoothed(z, eps)
        elif t == "robust":
            per = (-(1 - eps) * ls(z) + eps * ls(-z)) / (1 - 2 * eps)
        elif t == "hinge":
            per = torch.relu(1 - z)
        elif t == "ipo":
            per = (sw / nw - sl / nl - 1 / (2 * beta)) ** 2
        elif t == "ipo_summed":
            per = (d - 1 / (2 * beta)) ** 2
        elif t == "exo_pair":
            per = sig(z) * (ls(z) - math.log(1 - eps)) + sig(-z) * (ls(-z) - math.log(eps))
        elif t == "nca_pair":
            per = -ls(beta * sw) - 0.5 * ls(-beta * sw) - 0.5 * ls(-beta * sl)
        elif t == "bco_pair":
            per = -ls(beta * sw) - ls(-beta * sl)
        elif t == "sppo_hard":
            per = (sw - 0.5 / beta) ** 2 + (sl + 0.5 / beta) ** 2
        elif t == "aot":
            m, _ = torch.sort(pw - pl)
            mr, _ = torch.sort(rw - rl)
            per = smoothed(beta * (m - mr), eps)
        elif t == "aot_unpaired":
            cw, _ = torch.sort(lw)
            cl, _ = torch.sort(ll)
            per = smoothed(beta * (cw - cl), eps)
        elif t == "apo_zero":
            per = 1 - sig(beta * lw) + sig(beta * ll)
        elif t == "apo_down":
            per = sig(beta * lw) + 1 - sig(z)
        elif t == "discopop":
            tau = kw.get("tau", 0.05)
            wgt = sig(z / tau)
            per = (1 - wgt) * -ls(z) + wgt * torch.exp(-z)
        elif t == "sigmoid_norm":
            per = -ls(beta * (sw / nw - sl / nl))
        elif t == "sft":
            per = (-x["NllLogp"].sum() / x["NllTokens"].sum()).expand(d.shape)
        elif t == "dpo-gamma":
            per = smoothed(z - kw["gamma"], eps)
        elif t == "fpo":
            per = -(1 - sig(z)) ** kw["gamma"] * ls(z)
        elif t == "fcpo":
            per = -(1 - sig(z)) ** kw["gamma"] * ls(beta * (pw - pl))
        elif t == "ropo":
            al = kw["alpha_ropo"]
            per = -(4 * al / (1 + al) ** 2) * ls(z) + (4 * al ** 2 / (1 + al) ** 2) * sig(-z)
        elif t == "soft-label":
            p = sig(x["ScoreChosen"] - x["ScoreRejected"])
            per = -p * ls(z) - (1 - p) * ls(-z)
        elif t == "mallows-dpo":
            h = (x["ChosenEntropy"] + x["RejectedEntropy"]) / 2
            per = -ls(2 * kw["phi_star"] * torch.log(h / math.log(kw["vocab_size"])) * z)
        elif t == "kto_pair":
            klw = lw.mean().clamp(min=0)
            kll = ll.mean().clamp(min=0)
            per = 0.5 * ((1 - sig(beta * (lw - kll))) + (1 - sig(beta * (klw - ll))))
        else:
            raise ValueError(t)
        total = total + w * (pair_w * per).mean()
    return total


def cpo(x, form="sigmoid", beta=0.1, gamma=0.0, eps=0.0, average=False, alpha=0.0, nll=0.0):
    lw, ll = x["PolicyChosen"], x["PolicyRejected"]
    if average:
        lw, ll = lw / x["ChosenTokens"], ll / x["RejectedTokens"]
    if alpha != 0:
        lw, ll = (1 - torch.exp(-alpha * lw)) / alpha, (1 - torch.exp(-alpha * ll)) / alpha
    m = lw - ll
    if form == "sigmoid":
        per = smoothed(beta * m - gamma, eps)
    elif form == "hinge":
        per = torch.relu(1 - (beta * m - gamma))
    else:
        per = (m - 1 / (2 * beta)) ** 2
    total = per.mean()
    if nll:
        total = total + nll * (-x["NllLogp"].sum() / x["NllTokens"].sum())
    return total


def orpo(x, beta=0.1):
    aw, al = x["PolicyChosen"] / x["ChosenTokens"], x["PolicyRejected"] / x["RejectedTokens"]
    lor = (aw - al) - (torch.log(-torch.expm1(aw)) - torch.log(-torch.expm1(al)))
    return -x["NllLogp"].sum() / x["NllTokens"].sum() - beta * ls(lor).mean()


def kto(x, desirable, beta=0.1, wd=1.0, wu=1.0, apo=False):
    r = x["PolicyLogp"] - x["ReferenceLogp"]
    z0 = 0.0 if apo else (x["KlPolicyLogp"] - x["KlReferenceLogp"]).mean().clamp(min=0).detach()
    if apo:
        lossd, lossu = wd * (1 - sig(beta * r)), wu * sig(beta * r)
    else:
        lossd, lossu = wd * (1 - sig(beta * (r - z0))), wu * (1 - sig(beta * (z0 - r)))
    return torch.where(desirable, lossd, lossu).mean()


PAIRED = [
    ("sigmoid", {}, dict(terms=["sigmoid"])),
    ("cdpo", {"label_smoothing": 0.15}, dict(terms=["cdpo"], eps=0.15)),
    ("robust", {"label_smoothing": 0.2}, dict(terms=["robust"], eps=0.2)),
    ("hinge", {"beta": 0.5}, dict(terms=["hinge"], beta=0.5)),
    ("ipo", {}, dict(terms=["ipo"])),
    ("ipo", {"ipo_variant": "summed"}, dict(terms=["ipo_summed"])),
    ("exo_pair", {"label_smoothing": 0.01}, dict(terms=["exo_pair"], eps=0.01)),
    ("nca_pair", {}, dict(terms=["nca_pair"])),
    ("bco_pair", {}, dict(terms=["bco_pair"])),
    ("sppo_hard", {}, dict(terms=["sppo_hard"])),
    ("aot", {"label_smoothing": 0.1}, dict(terms=["aot"], eps=0.1)),
    ("aot_unpaired", {"label_smoothing": 0.1}, dict(terms=["aot_unpaired"], eps=0.1)),
    ("apo_zero", {}, dict(terms=["apo_zero"])),
    ("apo_down", {}, dict(terms=["apo_down"])),
    ("discopop", {"discopop_tau": 0.3}, dict(terms=["discopop"], tau=0.3)),
    ("sigmoid_norm", {}, dict(terms=["sigmoid_norm"])),
    ("sft", {}, dict(terms=["sft"])),
    ("rpo", {"rpo_alpha": 0.6}, dict(terms=["sigmoid", "sft"], weights=[1.0, 0.6])),
    ("dpo-gamma", {"gamma": 0.5}, dict(terms=["dpo-gamma"], gamma=0.5)),
    ("fpo", {"gamma": 1.5}, dict(terms=["fpo"], gamma=1.5)),
    ("fcpo", {"gamma": 1.5}, dict(terms=["fcpo"], gamma=1.5)),
    ("ropo", {}, dict(terms=["ropo"], alpha_ropo=14.0)),
    ("soft-label", {}, dict(terms=["soft-label"])),
    ("mallows-dpo", {"vocab_size": 32000}, dict(terms=["mallows-dpo"], phi_star=-0.8, vocab_size=32000)),
    ("kto_pair", {}, dict(terms=["kto_pair"])),
    ("sigmoid", {"f_divergence_type": "forward_kl"}, dict(terms=["sigmoid"], f="forward_kl")),
    ("sigmoid", {"f_divergence_type": "js_divergence"}, dict(terms=["sigmoid"], f="js_divergence")),
    ("nca_pair", {"f_divergence_type": "alpha_divergence", "f_alpha_divergence_coef": 0.3}, dict(terms=["nca_pair"], f="alpha_divergence", f_alpha=0.3)),
    ("sigmoid", {"ld_alpha": 0.4}, dict(terms=["sigmoid"], ld=0.4)),
    ("ipo", {"ld_alpha": 0.4, "ld_on_reference": False}, dict(terms=["ipo"], ld=0.4, ld_ref=False)),
    ("sigmoid", {"use_weighting": True}, dict(terms=["sigmoid"], wpo=True)),
    ("sigmoid", {"use_weighting": True, "wpo_clamp": True}, dict(terms=["sigmoid"], wpo=True, clamp=True)),
    ("sigmoid+bco_pair+sft", {"loss_weights": [0.8, 0.2, 1.0]}, dict(terms=["sigmoid", "bco_pair", "sft"], weights=[0.8, 0.2, 1.0])),
]

CPO = [
    ("cpo", {}, dict(nll=1.0)),
    ("cpo", {"loss_type": "hinge", "cpo_alpha": 0.3}, dict(form="hinge", nll=0.3)),
    ("cpo", {"loss_type": "ipo"}, dict(form="ipo", average=True, nll=1.0)),
    ("cpo", {"loss_type": "simpo", "label_smoothing": 0.1}, dict(gamma=0.5, eps=0.1, average=True, nll=1.0)),
    ("simpo", {}, dict(beta=2.0, gamma=0.5, average=True)),
    ("simpo", {"loss_type": "hinge", "sft_weight": 0.4}, dict(form="hinge", beta=2.0, gamma=0.5, average=True, nll=0.4)),
    ("cpo-simpo", {}, dict(gamma=0.5, average=True, nll=1.0)),
    ("alphapo", {"alpha": 0.25}, dict(gamma=0.5, average=True, alpha=0.25)),
    ("slic", {}, dict(form="hinge", nll=1.0)),
]


def to_json(x):
    return {k: v.detach().tolist() if isinstance(v, torch.Tensor) else v for k, v in x.items()}


def run(fn, x):
    loss = fn(x)
    loss.backward()
    grads = {k: v.grad.tolist() for k, v in x.items() if k not in COUNTS and v.requires_grad and v.grad is not None}
    return loss.item(), grads


cases = []
for name, hp, kw in PAIRED:
    for b in (1, 4):
        x = leaves(paired_inputs(b))
        raw = to_json(x)
        loss, grads = run(lambda v: dpo(v, **kw), x)
        cases.append({"kind": "paired", "name": name, "hp": hp, "batch": raw, "loss": loss, "grad": grads})
for name, hp, kw in CPO:
    x = leaves(paired_inputs(5))
    raw = to_json(x)
    loss, grads = run(lambda v: cpo(v, **kw), x)
    cases.append({"kind": "paired", "name": name, "hp": hp, "batch": raw, "loss": loss, "grad": grads})
x = leaves(paired_inputs(5))
raw = to_json(x)
loss, grads = run(lambda v: orpo(v), x)
cases.append({"kind": "paired", "name": "orpo", "hp": {}, "batch": raw, "loss": loss, "grad": grads})

for name, apo in (("kto", False), ("apo_zero_unpaired", True)):
    for only_desirable in (False, True):
        n = 6
        pol = -uniform(n, 2, 40)
        desirable = torch.ones(n, dtype=torch.bool) if only_desirable else torch.rand(n, generator=G) < 0.5
        x = {
            "PolicyLogp": pol.clone().requires_grad_(True),
            "ReferenceLogp": (pol + uniform(n, -5, 5)).requires_grad_(True),
            "Tokens": torch.randint(1, 20, (n,), generator=G),
            "KlPolicyLogp": -uniform(n, 2, 40), "KlReferenceLogp": -uniform(n, 2, 40),
        }
        raw = to_json(x)
        raw["Desirable"] = desirable.tolist()
        loss = kto(x, desirable, wd=1.3, wu=0.7, apo=apo)
        loss.backward()
        cases.append({"kind": "unpaired", "name": name, "hp": {"desirable_weight": 1.3, "undesirable_weight": 0.7}, "batch": raw,
                      "loss": loss.item(), "grad": {"PolicyLogp": x["PolicyLogp"].grad.tolist(), "ReferenceLogp": x["ReferenceLogp"].grad.tolist()}})

print(json.dumps({"generator": "tests/generators/objectives_autograd.py", "torch": torch.__version__, "cases": cases}, indent=1))
