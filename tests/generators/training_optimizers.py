"""Golden values for SharpAlign's optimizers, computed with PyTorch (run offline:
/usr/bin/python3 tests/generators/training_optimizers.py).

torch.optim.AdamW / SGD / RMSprop are used as transformers' Trainer builds them (weight decay only
on parameters that are not biases or norms). Adafactor is transformers.optimization.Adafactor's
update (scale_parameter=False, relative_step=False, beta1=None, decay_rate=-0.8, clip 1.0,
eps 1e-30) written out in torch here, since transformers is not installed on this machine.
Writes tests/SharpAlign.Tests/TestData/Training/optimizers_golden.json.
"""
import json, math, os
import torch

torch.manual_seed(1234)
SHAPES = {"model.layers.0.mlp.up_proj.weight": (5, 7), "model.norm.weight": (7,)}
STEPS, LR, WD = 3, 1e-2, 0.1
init = {n: torch.randn(s) for n, s in SHAPES.items()}
grads = [{n: torch.randn(s) for n, s in SHAPES.items()} for _ in range(STEPS)]

def decays(name):
    return not ("bias" in name or "norm" in name)

def run_torch(make):
    params = {n: torch.nn.Parameter(t.clone()) for n, t in init.items()}
    groups = [{"params": [p for n, p in params.items() if decays(n)], "weight_decay": WD},
              {"params": [p for n, p in params.items() if not decays(n)], "weight_decay": 0.0}]
    opt = make(groups)
    for g in grads:
        for n, p in params.items():
            p.grad = g[n].clone()
        opt.step()
    return {n: p.detach().flatten().tolist() for n, p in params.items()}

def adafactor():
    params = {n: t.clone() for n, t in init.items()}
    state = {n: {} for n in params}
    for step, g in enumerate(grads, start=1):
        for n, p in params.items():
            grad = g[n]
            st = state[n]
            beta2t = 1.0 - math.pow(step, -0.8)
            update = grad ** 2 + 1e-30
            if grad.dim() >= 2:
                row = st.setdefault("row", torch.zeros(grad.shape[:-1]))
                col = st.setdefault("col", torch.zeros(grad.shape[:-2] + grad.shape[-1:]))
                row.mul_(beta2t).add_(update.mean(dim=-1), alpha=1.0 - beta2t)
                col.mul_(beta2t).add_(update.mean(dim=-2), alpha=1.0 - beta2t)
                r_factor = (row / row.mean(dim=-1, keepdim=True)).rsqrt_().unsqueeze(-1)
                c_factor = col.unsqueeze(-2).rsqrt()
                update = torch.mul(r_factor, c_factor) * grad
            else:
                v = st.setdefault("v", torch.zeros(grad.shape))
                v.mul_(beta2t).add_(update, alpha=1.0 - beta2t)
                update = v.rsqrt().mul_(grad)
            rms = update.norm(2) / (update.numel() ** 0.5)
            update.div_((rms / 1.0).clamp_(min=1.0))
            update.mul_(LR)
            wd = WD if decays(n) else 0.0
            if wd != 0:
                p.add_(p, alpha=(-wd * LR))
            p.add_(-update)
    return {n: p.flatten().tolist() for n, p in params.items()}

out = {
    "lr": LR, "weight_decay": WD, "steps": STEPS,
    "shapes": {n: list(s) for n, s in SHAPES.items()},
    "init": {n: t.flatten().tolist() for n, t in init.items()},
    "grads": [{n: t.flatten().tolist() for n, t in g.items()} for g in grads],
    "adamw_torch": run_torch(lambda gr: torch.optim.AdamW(gr, lr=LR, betas=(0.9, 0.999), eps=1e-8)),
    "sgd": run_torch(lambda gr: torch.optim.SGD(gr, lr=LR)),
    "rmsprop": run_torch(lambda gr: torch.optim.RMSprop(gr, lr=LR)),
    "adafactor": adafactor(),
}
# clip_grad_norm_ on the first step's gradients, max norm 1.0
ps = [torch.nn.Parameter(init[n].clone()) for n in SHAPES]
for p, n in zip(ps, SHAPES):
    p.grad = grads[0][n].clone()
norm = torch.nn.utils.clip_grad_norm_(ps, 1.0)
out["clip"] = {"max_norm": 1.0, "norm": float(norm), "clipped": {n: p.grad.flatten().tolist() for p, n in zip(ps, SHAPES)}}
path = os.path.join(os.path.dirname(__file__), "..", "SharpAlign.Tests", "TestData", "Training", "optimizers_golden.json")
with open(path, "w") as f:
    json.dump(out, f)
print("wrote", os.path.normpath(path), "torch", torch.__version__)
