#!/usr/bin/python3
"""Golden values for one optimizer step of SharpAlign's trainer (tests/SharpAlign.Tests/Training).

Uses the independent plain-torch implementation of the Hugging Face Llama math in models_golden.py
(float64) and writes each loss exactly as TRL (or the named source) computes it from summed
completion log-probs:
  sigmoid   -log σ(βΔ)                                    TRL DPOTrainer
  ipo       ((ℓw−ℓrw)/nw − (ℓl−ℓrl)/nl − 1/(2β))²        TRL (length-normalised)
  hinge     relu(1 − βΔ)                                  TRL / CustomPOs SLiC-DPO
  dpo-gamma -log σ(βΔ − γ)                                CustomPOs (ε = 0)
  robust    (−(1−ε) log σ(βΔ) + ε log σ(−βΔ)) / (1−2ε)     TRL
  kto_pair  mean of 1−σ(β(rw − KLl)), 1−σ(β(KLw − rl))    TRL v0.8 (KL = clamp(mean r, 0), not detached)
  simpo     -log σ(β(ℓw/nw − ℓl/nl) − γ)                  TRL CPO loss_type=simpo (reference-free)
  cpo       -log σ(β(ℓw − ℓl)) + cpo_alpha·NLL            TRL CPOTrainer (NLL: token mean over chosen completions)
  orpo      NLL − β·mean log σ(L), L the log odds ratio of the length-averaged log-probs
            TRL ORPOTrainer (NLL: token mean over every token of the prompt + chosen rows)
with Δ = (ℓw − ℓrw) − (ℓl − ℓrl), the loss averaged over the pairs, and the gradient of every
parameter (full fine-tuning) or of the LoRA tensors (a LoRA case starting from a given adapter with
the reference = the base model, adapters off). The C# test takes one SGD step with max_grad_norm 0
and a constant learning rate and checks update = −lr·grad.

Run: /usr/bin/python3 tests/generators/training_step_golden.py  (writes tests/SharpAlign.Tests/TestData/Training/step/)
"""
import json
import math
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import models_golden as M  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "SharpAlign.Tests", "TestData", "Training", "step")
DT = torch.float64
BETA = 0.1


def seq_logps(cfg, p, pairs, lora=None):
    """Summed completion log-probs (chosen, rejected) and completion lengths, plain TRL rows;
    also the summed log-prob of every token of the chosen row after the first (ORPO's NLL)."""
    out = {"w": [], "l": [], "nw": [], "nl": [], "roww": [], "nroww": []}
    for pair in pairs:
        for key, comp in (("w", pair["chosen_ids"]), ("l", pair["rejected_ids"])):
            ids = pair["prompt_ids"] + comp
            lp = F.log_softmax(M.forward_row(cfg, p, ids, lora), dim=-1)
            P = len(pair["prompt_ids"])
            out[key].append(lp[torch.arange(P - 1, len(ids) - 1), torch.tensor(comp)].sum())
            out["n" + key].append(float(len(comp)))
            if key == "w":
                out["roww"].append(lp[torch.arange(0, len(ids) - 1), torch.tensor(ids[1:])].sum())
                out["nroww"].append(float(len(ids) - 1))
    return {k: (torch.stack(v) if k in ("w", "l", "roww") else torch.tensor(v, dtype=DT)) for k, v in out.items()}


def loss_of(name, pol, ref):
    lw, ll, nw, nl = pol["w"], pol["l"], pol["nw"], pol["nl"]
    if ref is not None:
        delta = (lw - ref["w"]) - (ll - ref["l"])
    if name == "sigmoid":
        return (-F.logsigmoid(BETA * delta)).mean()
    if name == "ipo":
        d = (lw - ref["w"]) / nw - (ll - ref["l"]) / nl
        return ((d - 1 / (2 * BETA)) ** 2).mean()
    if name == "hinge":
        return torch.relu(1 - BETA * delta).mean()
    if name == "dpo-gamma":
        return (-F.logsigmoid(BETA * delta - 0.5)).mean()
    if name == "robust":
        eps = 0.1
        return ((-(1 - eps) * F.logsigmoid(BETA * delta) + eps * F.logsigmoid(-BETA * delta)) / (1 - 2 * eps)).mean()
    if name == "kto_pair":
        rw, rl = lw - ref["w"], ll - ref["l"]
        klw, kll = rw.mean().clamp(min=0), rl.mean().clamp(min=0)
        return torch.cat([1 - torch.sigmoid(BETA * (rw - kll)), 1 - torch.sigmoid(BETA * (klw - rl))]).mean()
    if name == "simpo":
        return (-F.logsigmoid(2.0 * (lw / nw - ll / nl) - 0.5)).mean()
    if name == "cpo":
        nll = -lw.sum() / nw.sum()
        return (-F.logsigmoid(BETA * (lw - ll))).mean() + 1.0 * nll
    if name == "orpo":
        aw, al = lw / nw, ll / nl
        log_odds = (aw - al) - (torch.log1p(-torch.exp(aw)) - torch.log1p(-torch.exp(al)))
        nll = -pol["roww"].sum() / pol["nroww"].sum()
        return nll - BETA * F.logsigmoid(log_odds).mean()
    raise ValueError(name)


def main():
    os.makedirs(OUT, exist_ok=True)
    gen = torch.Generator().manual_seed(2024)
    cfg = M.base_config("llama")
    cfg["torch_dtype"] = "float32"
    base = {k: v.float() for k, v in M.random_params(cfg, gen).items()}
    refp = {k: (v + torch.randn(v.shape, generator=gen) * 0.05).float() for k, v in base.items()}
    pairs = []
    for lp, lc, lr in ((5, 4, 6), (7, 5, 3), (3, 6, 6), (6, 2, 5)):
        ids = torch.randint(3, cfg["vocab_size"], (lp + lc + lr,), generator=gen).tolist()
        pairs.append({"prompt_input_ids": ids[:lp], "chosen_input_ids": ids[lp:lp + lc], "rejected_input_ids": ids[lp + lc:]})
    for name, params in (("policy", base), ("reference", refp)):
        folder = os.path.join(OUT, name)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "config.json"), "w") as f:
            json.dump(cfg, f, indent=2)
        M.write_safetensors(os.path.join(folder, "model.safetensors"), params)
    with open(os.path.join(OUT, "pairs.jsonl"), "w") as f:
        for p in pairs:
            f.write(json.dumps(p) + "\n")
    rows = [{"prompt_ids": p["prompt_input_ids"], "chosen_ids": p["chosen_input_ids"], "rejected_ids": p["rejected_input_ids"]} for p in pairs]

    golden = {}
    with torch.no_grad():
        ref = seq_logps(cfg, {k: v.to(DT) for k, v in refp.items()}, rows)
    for name in ("sigmoid", "ipo", "hinge", "dpo-gamma", "robust", "kto_pair", "simpo", "cpo", "orpo"):
        p = {k: v.to(DT).clone().requires_grad_(True) for k, v in base.items()}
        pol = seq_logps(cfg, p, rows)
        loss = loss_of(name, pol, None if name in ("simpo", "cpo", "orpo") else ref)
        loss.backward()
        golden["loss." + name] = loss.detach().float().reshape(1)
        for k, v in p.items():
            golden["grad.%s.%s" % (name, k)] = v.grad.float()
        print(name, float(loss))

    # LoRA: start from a given adapter (B non-zero), reference = the base (adapters off), sigmoid.
    r, alpha = 4, 8.0
    lora_t = {}
    for pname in sorted(base):
        if pname.endswith("_proj.weight"):
            mod = pname[:-len(".weight")]
            out_f, in_f = base[pname].shape
            lora_t["base_model.model." + mod + ".lora_A.weight"] = ((torch.rand(r, in_f, generator=gen) * 2 - 1) / math.sqrt(in_f)).float()
            lora_t["base_model.model." + mod + ".lora_B.weight"] = (torch.randn(out_f, r, generator=gen) * 0.1).float()
    adir = os.path.join(OUT, "adapter")
    os.makedirs(adir, exist_ok=True)
    M.write_safetensors(os.path.join(adir, "adapter_model.safetensors"), lora_t)
    with open(os.path.join(adir, "adapter_config.json"), "w") as f:
        json.dump({"peft_type": "LORA", "task_type": "CAUSAL_LM", "base_model_name_or_path": "policy", "r": r,
                   "lora_alpha": alpha, "lora_dropout": 0.0, "use_rslora": False, "bias": "none",
                   "target_modules": ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]}, f, indent=2)
    p64 = {k: v.to(DT) for k, v in base.items()}
    lora = {k: v.to(DT).clone().requires_grad_(True) for k, v in lora_t.items()}
    with torch.no_grad():
        ref_base = seq_logps(cfg, p64, rows)
    lora_in = dict(lora)
    lora_in["__scaling__"] = alpha / r
    pol = seq_logps(cfg, p64, rows, lora_in)
    loss = loss_of("sigmoid", pol, ref_base)
    loss.backward()
    golden["loss.lora"] = loss.detach().float().reshape(1)
    for k, v in lora.items():
        golden["grad.lora.%s" % k] = v.grad.float()
    print("lora", float(loss))
    M.write_safetensors(os.path.join(OUT, "golden.safetensors"), golden)


if __name__ == "__main__":
    main()
