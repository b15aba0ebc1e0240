#!/usr/bin/env python3
"""Golden files for SharpAlign's safetensors reader and float conversions (tests/SharpAlign.Tests/ModelIO).

Independent of SharpAlign: the Python `safetensors` package is not installed here, so the file is
laid out by hand from the format description (8-byte little-endian header length, JSON header
padded with spaces to a multiple of 8, tensors sorted by descending dtype size then name, offsets
relative to the data region, __metadata__ {"format": "pt"}), and the element bytes come from
torch 1.13 (`tensor.to(dtype)` then `.numpy().tobytes()` / `.view(torch.int16)`), so BF16 and F16
rounding is PyTorch's own.

Outputs (commit them; CI never runs Python):
  TestData/ModelIO/golden/torch_written.safetensors  tensors of every loadable dtype + a scalar, an empty and an I64 tensor
  TestData/ModelIO/golden/torch_written.json         expected float32 bit patterns per tensor (after the dtype round trip)
  TestData/ModelIO/golden/torch_f32_only.safetensors, torch_bf16_only.safetensors
                                                     single-dtype files our writer must reproduce byte for byte
  TestData/ModelIO/golden/peft_adapter/              a LoRA adapter folder laid out as PEFT saves it (r=4, q_proj+v_proj)
                                                     for a llama with hidden 64, 4 heads, 2 kv heads, 2 layers; values in expected.json
  TestData/ModelIO/golden/rounding.json              float32 bits -> torch's bf16 bits and f16 bits, incl. ties and specials

Run: /usr/bin/python3 tests/generators/modelio_safetensors_golden.py
"""
import json
import os
import struct

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "SharpAlign.Tests", "TestData", "ModelIO", "golden")
SIZES = {"F32": 4, "BF16": 2, "F16": 2, "I64": 8}
TORCH = {"F32": torch.float32, "BF16": torch.bfloat16, "F16": torch.float16, "I64": torch.int64}


def raw_bytes(t):
    t = t.contiguous()
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().astype("<i2").tobytes()
    return t.numpy().tobytes()  # numpy is little-endian on this machine


def f32_bits(values):
    return [struct.unpack("<I", struct.pack("<f", v))[0] for v in values]


def write_safetensors(path, tensors):
    entries = sorted(tensors.items(), key=lambda kv: (-SIZES[kv[1][0]], kv[0]))
    header = {"__metadata__": {"format": "pt"}}
    data = b""
    for name, (dtype, t) in entries:
        b = raw_bytes(t)
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [len(data), len(data) + len(b)]}
        data += b
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        f.write(data)


def main():
    os.makedirs(OUT, exist_ok=True)
    g = torch.Generator().manual_seed(1234)
    base = torch.randn(3, 5, generator=g)
    specials = torch.tensor([0.0, -0.0, 1.0, -2.5, 1e-40, -3.3895314e38, float("inf"), float("-inf"),
                             1.00390625, 1.01171875, 65504.0, 6.1e-5])  # exact values, bf16 ties, f16 edges
    tensors = {
        "model.embed_tokens.weight": ("F32", base),
        "model.layers.0.self_attn.q_proj.weight": ("BF16", (base * 7).to(torch.bfloat16)),
        "model.layers.0.mlp.up_proj.weight": ("F16", (base / 3).to(torch.float16)),
        "specials.bf16": ("BF16", specials.to(torch.bfloat16)),
        "specials.f16": ("F16", specials.to(torch.float16)),
        "specials.f32": ("F32", specials),
        "scalar": ("F32", torch.tensor(0.125)),
        "empty": ("F32", torch.zeros(0, 4)),
        "step": ("I64", torch.tensor([1, 2, 3], dtype=torch.int64)),
    }
    write_safetensors(os.path.join(OUT, "torch_written.safetensors"), tensors)
    for dt, name in (("F32", "torch_f32_only.safetensors"), ("BF16", "torch_bf16_only.safetensors")):
        write_safetensors(os.path.join(OUT, name), {k: v for k, v in tensors.items() if v[0] == dt})
    expected = {name: {"dtype": dt, "shape": list(t.shape), "f32_bits": f32_bits(t.to(torch.float32).flatten().tolist())}
                for name, (dt, t) in tensors.items() if dt != "I64"}
    with open(os.path.join(OUT, "torch_written.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")

    # float32 -> bf16 / f16 rounding: random values over many magnitudes, exact ties, specials.
    r = torch.randn(600, generator=g) * torch.exp2(torch.randint(-30, 30, (600,), generator=g).float())
    ties = torch.tensor([struct.unpack("<f", struct.pack("<I", (e << 23) | (m << 16) | 0x8000))[0]
                         for e in (100, 127, 140) for m in range(0, 16)])  # exactly half-way between two bf16 values
    sub = torch.tensor([1e-39, -2e-39, 1e-45, 3e-42])
    big = torch.tensor([3.3961e38, -3.3961e38, 3.4e38, 65519.0, 65520.0, 1e5])
    vals = torch.cat([r, ties, -ties, sub, big, torch.tensor([float("inf"), float("-inf"), 0.0, -0.0])])
    bf = vals.to(torch.bfloat16).view(torch.int16).to(torch.int32) & 0xFFFF
    hf = vals.to(torch.float16).view(torch.int16).to(torch.int32) & 0xFFFF
    rounding = {"f32_bits": f32_bits(vals.tolist()), "bf16_bits": bf.tolist(), "f16_bits": hf.tolist()}
    with open(os.path.join(OUT, "rounding.json"), "w") as f:
        json.dump(rounding, f)
        f.write("\n")

    write_peft_adapter(g)


def write_peft_adapter(g):
    """PEFT's save_pretrained layout: keys base_model.model.<module>.lora_{A,B}.weight, A [r, in], B [out, r]."""
    d = os.path.join(OUT, "peft_adapter")
    os.makedirs(d, exist_ok=True)
    r, hidden, kv_out = 4, 64, 2 * 16
    tensors = {}
    for layer in range(2):
        for module, out in (("q_proj", hidden), ("v_proj", kv_out)):
            base = f"base_model.model.model.layers.{layer}.self_attn.{module}"
            tensors[base + ".lora_A.weight"] = ("F32", torch.randn(r, hidden, generator=g) / 8)
            tensors[base + ".lora_B.weight"] = ("F32", torch.randn(out, r, generator=g) / 8)
    write_safetensors(os.path.join(d, "adapter_model.safetensors"), tensors)
    config = {
        "alpha_pattern": {}, "auto_mapping": None, "base_model_name_or_path": "HuggingFaceTB/SmolLM2-135M",
        "bias": "none", "fan_in_fan_out": False, "inference_mode": True, "init_lora_weights": True,
        "layer_replication": None, "layers_pattern": None, "layers_to_transform": None, "loftq_config": {},
        "lora_alpha": 8, "lora_dropout": 0.05, "megatron_config": None, "megatron_core": "megatron.core",
        "modules_to_save": None, "peft_type": "LORA", "r": r, "rank_pattern": {}, "revision": None,
        "target_modules": ["v_proj", "q_proj"], "task_type": "CAUSAL_LM", "use_dora": False, "use_rslora": True,
    }
    with open(os.path.join(d, "adapter_config.json"), "w") as f:
        json.dump(config, f, indent=2, sort_keys=True)
        f.write("\n")
    expected = {name: f32_bits(t.flatten().tolist()) for name, (_, t) in tensors.items()}
    with open(os.path.join(OUT, "peft_adapter_expected.json"), "w") as f:
        json.dump(expected, f)
        f.write("\n")


if __name__ == "__main__":
    main()
