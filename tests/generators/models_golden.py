#!/usr/bin/python3
"""Golden values for SharpAlign's transformer forward/backward (tests/SharpAlign.Tests/Models).

An independent plain-torch implementation of the Hugging Face modeling code for the families
SharpAlign supports (transformers' modeling_llama.py, modeling_qwen2.py, modeling_mistral.py,
modeling_gemma2.py, modeling_rope_utils.py; PEFT's LoRA Linear). It builds tiny random models,
writes them as Hugging Face folders (config.json + model.safetensors, in float32 or bfloat16),
runs each preference pair in TRL's plain layout (one unpadded row per prompt+completion,
positions 0..L-1) and writes golden.safetensors with:
  logits.<row>      [L, V]  full logits of row <row> (rows: pair0 chosen, pair0 rejected, pair1 ...)
  logps             [2P]    sum of log p(completion token) per sequence (chosen, rejected per pair)
  entropy_sums      [2P]    sum of the token entropies over the same positions
  coef.logp, coef.entropy [2P]  the loss L = sum(coef.logp*logps + coef.entropy*entropy_sums)
  grad.<name>       dL/d<parameter> for every trainable parameter (all base weights, or the LoRA
                    tensors in the LoRA case)
and pairs.json with the token ids. The math runs in float64 on the checkpoint's values (bf16
checkpoints are upcast), so the golden values are the exact-arithmetic answer; rotary inverse
frequencies are computed in float32 first, as transformers does.

Run: /usr/bin/python3 tests/generators/models_golden.py  (writes tests/SharpAlign.Tests/TestData/Models/)
"""
import json
import math
import os
import struct

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "SharpAlign.Tests", "TestData", "Models")
DT = torch.float64


# ----------------------------------------------------------------------------- safetensors (stdlib writer)

def write_safetensors(path, tensors):
    """tensors: dict name -> torch tensor (float32 or bfloat16). Writes the safetensors layout by hand."""
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        t = tensors[name].contiguous()
        if t.dtype == torch.float32:
            raw, dt = t.numpy().tobytes(), "F32"
        elif t.dtype == torch.bfloat16:
            raw, dt = t.view(torch.int16).numpy().tobytes(), "BF16"
        else:
            raise ValueError(t.dtype)
        header[name] = {"dtype": dt, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    header["__metadata__"] = {"format": "pt"}
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


# ----------------------------------------------------------------------------- HF math

def rope_inv_freq(cfg):
    d = cfg["head_dim"]
    base = cfg["rope_theta"]
    inv = 1.0 / (base ** (torch.arange(0, d, 2, dtype=torch.int64).float() / d))   # float32, as transformers
    rs = cfg.get("rope_scaling") or {}
    kind = rs.get("rope_type", rs.get("type", "default"))
    if kind == "linear":
        inv = inv / rs["factor"]
    elif kind == "llama3":
        factor, low, high = rs["factor"], rs["low_freq_factor"], rs["high_freq_factor"]
        old = rs["original_max_position_embeddings"]
        low_wl, high_wl = old / low, old / high
        wavelen = 2 * math.pi / inv
        inv_l = torch.where(wavelen > low_wl, inv / factor, inv)
        smooth = (old / wavelen - low) / (high - low)
        smoothed = (1 - smooth) * inv_l / factor + smooth * inv_l
        is_medium = ~(wavelen < high_wl) * ~(wavelen > low_wl)
        inv = torch.where(is_medium, smoothed, inv_l)
    return inv


def rotate_half(x):
    h = x.shape[-1] // 2
    return torch.cat((-x[..., h:], x[..., :h]), dim=-1)


def rms_norm(x, w, eps, gemma):
    n = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps)
    return n * (1.0 + w) if gemma else w * n


def linear(p, name, x, lora):
    y = x @ p[name + ".weight"].t()
    if name + ".bias" in p:
        y = y + p[name + ".bias"]
    if lora is not None:
        a = lora["base_model.model." + name + ".lora_A.weight"]
        b = lora["base_model.model." + name + ".lora_B.weight"]
        y = y + (x @ a.t()) @ b.t() * lora["__scaling__"]
    return y


def forward_row(cfg, p, ids, lora=None):
    """Logits [L, V] for one unpadded row, positions 0..L-1 (HF eager attention)."""
    gemma = cfg["model_type"] == "gemma2"
    H, nH, nKV, d = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"], cfg["head_dim"]
    L = len(ids)
    eps = cfg["rms_norm_eps"]
    x = p["model.embed_tokens.weight"][torch.tensor(ids)]
    if gemma:
        x = x * torch.tensor(H ** 0.5, dtype=DT)
    pos = torch.arange(L, dtype=torch.float32)
    freqs = pos[:, None] * rope_inv_freq(cfg)[None, :]            # float32 product
    emb = torch.cat((freqs, freqs), dim=-1).to(DT)
    cos, sin = emb.cos(), emb.sin()
    scaling = (cfg["query_pre_attn_scalar"] if gemma else d) ** -0.5
    qi = torch.arange(L)[:, None]
    ki = torch.arange(L)[None, :]
    for l in range(cfg["num_hidden_layers"]):
        pre = "model.layers.%d." % l
        allowed = ki <= qi
        window = cfg.get("sliding_window")
        if window is not None and (not gemma or l % 2 == 0):
            allowed = allowed & (ki > qi - window)
        mask = torch.zeros(L, L, dtype=DT).masked_fill(~allowed, torch.finfo(DT).min)
        r = x
        hN = rms_norm(x, p[pre + "input_layernorm.weight"], eps, gemma)
        q = linear(p, pre + "self_attn.q_proj", hN, lora).view(L, nH, d).transpose(0, 1)
        k = linear(p, pre + "self_attn.k_proj", hN, lora).view(L, nKV, d).transpose(0, 1)
        v = linear(p, pre + "self_attn.v_proj", hN, lora).view(L, nKV, d).transpose(0, 1)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        rep = nH // nKV
        k = k[:, None].expand(nKV, rep, L, d).reshape(nH, L, d)
        v = v[:, None].expand(nKV, rep, L, d).reshape(nH, L, d)
        w = (q @ k.transpose(1, 2)) * scaling
        cap = cfg.get("attn_logit_softcapping")
        if gemma and cap is not None:
            w = torch.tanh(w / cap) * cap
        w = F.softmax(w + mask, dim=-1)
        o = (w @ v).transpose(0, 1).reshape(L, nH * d)
        a = linear(p, pre + "self_attn.o_proj", o, lora)
        if gemma:
            a = rms_norm(a, p[pre + "post_attention_layernorm.weight"], eps, True)
            x = r + a
            r = x
            m_in = rms_norm(x, p[pre + "pre_feedforward_layernorm.weight"], eps, True)
        else:
            x = r + a
            r = x
            m_in = rms_norm(x, p[pre + "post_attention_layernorm.weight"], eps, False)
        g = linear(p, pre + "mlp.gate_proj", m_in, lora)
        u = linear(p, pre + "mlp.up_proj", m_in, lora)
        act = F.gelu(g, approximate="tanh") if gemma else F.silu(g)
        m = linear(p, pre + "mlp.down_proj", act * u, lora)
        if gemma:
            m = rms_norm(m, p[pre + "post_feedforward_layernorm.weight"], eps, True)
        x = r + m
    x = rms_norm(x, p["model.norm.weight"], eps, gemma)
    head = p["model.embed_tokens.weight"] if cfg["tie_word_embeddings"] else p["lm_head.weight"]
    logits = x @ head.t()
    fcap = cfg.get("final_logit_softcapping")
    if gemma and fcap is not None:
        logits = torch.tanh(logits / fcap) * fcap
    return logits


# ----------------------------------------------------------------------------- cases

def base_config(family):
    c = {"architectures": [], "hidden_size": 32, "intermediate_size": 48, "num_hidden_layers": 2,
         "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 8, "vocab_size": 64,
         "max_position_embeddings": 64, "bos_token_id": 1, "eos_token_id": 2, "transformers_version": "4.46.0"}
    if family == "llama":
        c.update(model_type="llama", architectures=["LlamaForCausalLM"], hidden_act="silu", rms_norm_eps=1e-5,
                 rope_theta=10000.0, tie_word_embeddings=False, attention_bias=False, mlp_bias=False,
                 rope_scaling={"rope_type": "llama3", "factor": 4.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                               "original_max_position_embeddings": 16})
    elif family == "qwen2":
        c.update(model_type="qwen2", architectures=["Qwen2ForCausalLM"], hidden_act="silu", rms_norm_eps=1e-6,
                 rope_theta=1000000.0, tie_word_embeddings=True, use_sliding_window=False, sliding_window=4096,
                 max_window_layers=2)
    elif family == "mistral":
        c.update(model_type="mistral", architectures=["MistralForCausalLM"], hidden_act="silu", rms_norm_eps=1e-5,
                 rope_theta=10000.0, tie_word_embeddings=False, sliding_window=5,
                 rope_scaling={"type": "linear", "factor": 2.0})
    elif family == "gemma2":
        c.update(model_type="gemma2", architectures=["Gemma2ForCausalLM"], hidden_activation="gelu_pytorch_tanh",
                 hidden_act="gelu_pytorch_tanh", rms_norm_eps=1e-6, rope_theta=10000.0, tie_word_embeddings=True,
                 head_dim=16, query_pre_attn_scalar=24, attn_logit_softcapping=2.0, final_logit_softcapping=3.0,
                 sliding_window=5, pad_token_id=0, eos_token_id=1, bos_token_id=2)
    return c


def random_params(cfg, gen):
    H, I, V, d = cfg["hidden_size"], cfg["intermediate_size"], cfg["vocab_size"], cfg["head_dim"]
    nH, nKV = cfg["num_attention_heads"], cfg["num_key_value_heads"]
    gemma = cfg["model_type"] == "gemma2"
    p = {}

    def rnd(*shape, std=0.15):
        return torch.randn(*shape, generator=gen) * std

    def norm(n):
        return rnd(n, std=0.1) if gemma else 1.0 + rnd(n, std=0.1)

    p["model.embed_tokens.weight"] = rnd(V, H, std=0.5 if not gemma else 0.15)
    for l in range(cfg["num_hidden_layers"]):
        pre = "model.layers.%d." % l
        p[pre + "input_layernorm.weight"] = norm(H)
        p[pre + "post_attention_layernorm.weight"] = norm(H)
        if gemma:
            p[pre + "pre_feedforward_layernorm.weight"] = norm(H)
            p[pre + "post_feedforward_layernorm.weight"] = norm(H)
        p[pre + "self_attn.q_proj.weight"] = rnd(nH * d, H, std=0.3)
        p[pre + "self_attn.k_proj.weight"] = rnd(nKV * d, H, std=0.3)
        p[pre + "self_attn.v_proj.weight"] = rnd(nKV * d, H)
        p[pre + "self_attn.o_proj.weight"] = rnd(H, nH * d)
        if cfg["model_type"] == "qwen2":
            p[pre + "self_attn.q_proj.bias"] = rnd(nH * d, std=0.2)
            p[pre + "self_attn.k_proj.bias"] = rnd(nKV * d, std=0.2)
            p[pre + "self_attn.v_proj.bias"] = rnd(nKV * d, std=0.2)
        p[pre + "mlp.gate_proj.weight"] = rnd(I, H, std=0.2)
        p[pre + "mlp.up_proj.weight"] = rnd(I, H, std=0.2)
        p[pre + "mlp.down_proj.weight"] = rnd(H, I)
    p["model.norm.weight"] = norm(H)
    if not cfg["tie_word_embeddings"]:
        p["lm_head.weight"] = rnd(V, H, std=0.3)
    return p


def random_pairs(gen, vocab):
    pairs = []
    for lp, lc, lr in ((5, 4, 6), (7, 5, 3)):
        ids = torch.randint(3, vocab, (lp + lc + lr,), generator=gen).tolist()
        pairs.append({"prompt_ids": ids[:lp], "chosen_ids": ids[lp:lp + lc], "rejected_ids": ids[lp + lc:]})
    return pairs


def make_case(name, family, dtype, seed, lora_spec=None):
    gen = torch.Generator().manual_seed(seed)
    cfg = base_config(family)
    cfg["torch_dtype"] = "bfloat16" if dtype == "bf16" else "float32"
    params32 = random_params(cfg, gen)
    stored = {k: (v.to(torch.bfloat16) if dtype == "bf16" else v.float()) for k, v in params32.items()}
    pairs = random_pairs(gen, cfg["vocab_size"])
    folder = os.path.join(OUT, name)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    write_safetensors(os.path.join(folder, "model.safetensors"), stored)
    with open(os.path.join(folder, "pairs.json"), "w") as f:
        json.dump(pairs, f)

    p = {k: v.to(DT).clone().requires_grad_(lora_spec is None) for k, v in stored.items()}
    lora = None
    trainable = dict(p)
    if lora_spec is not None:
        r, alpha, rs = lora_spec["r"], lora_spec["lora_alpha"], lora_spec["use_rslora"]
        lora_t = {}
        for pname in sorted(p):
            if pname.endswith("_proj.weight"):
                mod = pname[:-len(".weight")]
                out_f, in_f = p[pname].shape
                bound = 1.0 / math.sqrt(in_f)
                lora_t["base_model.model." + mod + ".lora_A.weight"] = (torch.rand(r, in_f, generator=gen) * 2 - 1) * bound
                lora_t["base_model.model." + mod + ".lora_B.weight"] = torch.randn(out_f, r, generator=gen) * 0.2
        write_safetensors(os.path.join(folder, "adapter_model.safetensors"), {k: v.float() for k, v in lora_t.items()})
        with open(os.path.join(folder, "adapter_config.json"), "w") as f:
            json.dump({"peft_type": "LORA", "task_type": "CAUSAL_LM", "base_model_name_or_path": name, "r": r,
                       "lora_alpha": alpha, "lora_dropout": 0.0, "use_rslora": rs, "bias": "none",
                       "fan_in_fan_out": False, "inference_mode": True, "init_lora_weights": True,
                       "modules_to_save": None, "target_modules": ["q_proj", "k_proj", "v_proj", "o_proj",
                                                                  "gate_proj", "up_proj", "down_proj"]}, f, indent=2)
        lora = {k: v.float().to(DT).requires_grad_(True) for k, v in lora_t.items()}
        trainable = dict(lora)
        lora = dict(lora)
        lora["__scaling__"] = alpha / math.sqrt(r) if rs else alpha / r

    golden = {}
    logps, ents = [], []
    row = 0
    for pair in pairs:
        for comp in (pair["chosen_ids"], pair["rejected_ids"]):
            ids = pair["prompt_ids"] + comp
            logits = forward_row(cfg, p, ids, lora)
            golden["logits.%d" % row] = logits.detach().float()
            lp_all = F.log_softmax(logits, dim=-1)
            P = len(pair["prompt_ids"])
            src = torch.arange(P - 1, len(ids) - 1)
            tgt = torch.tensor(comp)
            logps.append(lp_all[src, tgt].sum())
            ents.append(-(lp_all[src].exp() * lp_all[src]).sum())
            row += 1
    logps = torch.stack(logps)
    ents = torch.stack(ents)
    cl = torch.randn(len(logps), generator=gen, dtype=torch.float32).to(DT)
    ce = torch.randn(len(logps), generator=gen, dtype=torch.float32).to(DT) * 0.5
    loss = (cl * logps + ce * ents).sum()
    loss.backward()
    golden["logps"] = logps.detach().float()
    golden["entropy_sums"] = ents.detach().float()
    golden["coef.logp"] = cl.float()
    golden["coef.entropy"] = ce.float()
    for k, v in trainable.items():
        if k.startswith("__"):
            continue
        golden["grad." + k] = v.grad.float()
    write_safetensors(os.path.join(folder, "golden.safetensors"), golden)
    print(name, "logps", [round(float(x), 4) for x in logps])


def main():
    torch.manual_seed(0)
    seed = 100
    for family in ("llama", "qwen2", "mistral", "gemma2"):
        for dtype in ("f32", "bf16"):
            make_case("%s_%s" % (family, dtype), family, dtype, seed)
            seed += 1
    make_case("llama_lora", "llama", "f32", seed, lora_spec={"r": 4, "lora_alpha": 8, "use_rslora": True})


if __name__ == "__main__":
    main()
