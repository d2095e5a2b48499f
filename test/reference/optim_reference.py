"""Reference values for test/engine/optim.test.ts, from torch.optim (PyTorch 1.13 semantics).

Prints one JSON object on stdout. Exits with status 77 when torch cannot be imported (the test then skips).
Every input (initial parameters, gradients, data) is generated here and printed, so the TypeScript side replays
exactly the same numbers; floats print with repr precision, which round-trips float32 and float64 exactly.
"""
import json
import math
import sys

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except Exception as e:  # pragma: no cover - environment without torch
    print(f"cannot import torch: {e}", file=sys.stderr)
    sys.exit(77)

torch.set_num_threads(1)
STEPS = 5
SHAPES = [[3, 4], [5], [2, 1, 3, 3]]


def tl(t):
    return t.detach().tolist() if t is not None else None


def plain_case(name, dtype, make_opt, skip=None):
    """Three parameters in two groups ([p0, p1], [p2]); fixed gradients; p1 has no gradient at `skip` steps."""
    skip = skip or {}
    g = torch.Generator().manual_seed(1234)
    params = [torch.randn(s, generator=g, dtype=torch.float64).to(dtype).requires_grad_() for s in SHAPES]
    init = [tl(p) for p in params]
    opt = make_opt(params)
    grads, traj = [], []
    for step in range(STEPS):
        gs = []
        for i, p in enumerate(params):
            gr = torch.randn(p.shape, generator=g, dtype=torch.float64).to(dtype)
            if step in skip.get(i, ()):
                p.grad = None
                gs.append(None)
            else:
                p.grad = gr.clone()
                gs.append(tl(gr))
        grads.append(gs)
        opt.step()
        traj.append([tl(p) for p in params])
    sd = opt.state_dict()
    return name, {
        "dtype": str(dtype).replace("torch.", ""),
        "init": init, "grads": grads, "traj": traj,
        "group_keys": [list(gr.keys()) for gr in sd["param_groups"]],
        "groups": [{k: (list(v) if isinstance(v, tuple) else v) for k, v in gr.items()} for gr in sd["param_groups"]],
        "state_keys": {str(k): list(v.keys()) for k, v in sd["state"].items()},
        "state": {str(k): {kk: (tl(vv) if torch.is_tensor(vv) and kk != "step" else (float(vv) if kk == "step" else vv))
                           for kk, vv in v.items()} for k, v in sd["state"].items()},
    }


def groups(params, second):
    return [{"params": params[:2]}, dict(params=params[2:], **second)]


cases = dict([
    plain_case("sgd_nesterov_wd", torch.float64, lambda ps: torch.optim.SGD(
        groups(ps, {"lr": 0.05, "momentum": 0.5, "dampening": 0.1, "nesterov": False}),
        lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-3), skip={1: (1,)}),
    plain_case("sgd_plain_maximize", torch.float64, lambda ps: torch.optim.SGD(
        groups(ps, {"lr": 0.3}), lr=0.1, weight_decay=0.01, maximize=True)),
    plain_case("sgd_momentum_f32", torch.float32, lambda ps: torch.optim.SGD(
        groups(ps, {"weight_decay": 0.0}), lr=0.1, momentum=0.9, weight_decay=3e-4)),
    plain_case("adam_wd", torch.float64, lambda ps: torch.optim.Adam(
        groups(ps, {"lr": 3e-3}), lr=1e-2, betas=(0.8, 0.95), weight_decay=0.05), skip={1: (1,)}),
    plain_case("adam_amsgrad", torch.float64, lambda ps: torch.optim.Adam(
        groups(ps, {"amsgrad": False}), lr=1e-2, amsgrad=True)),
    plain_case("adam_wd_f32", torch.float32, lambda ps: torch.optim.Adam(
        groups(ps, {"lr": 3e-3}), lr=1e-2, weight_decay=0.05)),
    plain_case("adamw", torch.float64, lambda ps: torch.optim.AdamW(
        groups(ps, {"lr": 3e-3, "amsgrad": True}), lr=1e-2, weight_decay=0.1), skip={1: (2,)}),
])


# --- a small model (conv + BN + linear) trained for a few steps in float64 ---------------------------------
def model_case(make_opt):
    torch.manual_seed(7)
    model = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
                          nn.Flatten(), nn.Linear(4, 3)).double()
    x = torch.randn(6, 1, 5, 5, dtype=torch.float64)
    y = torch.tensor([0, 1, 2, 1, 0, 2])
    init = {k: tl(v) for k, v in model.state_dict().items()}
    opt = make_opt(model.parameters())
    traj, losses = [], []
    for _ in range(STEPS):
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
        traj.append({k: tl(v) for k, v in model.state_dict().items()})
    return {"init": init, "x": tl(x), "y": y.tolist(), "traj": traj, "losses": losses}


models = {
    "sgd": model_case(lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-2)),
    "adam": model_case(lambda ps: torch.optim.Adam(ps, lr=1e-2, weight_decay=1e-2)),
}


# --- schedules -----------------------------------------------------------------------------------------------
def schedule(make, epochs):
    ps = [torch.zeros(1, requires_grad=True), torch.zeros(1, requires_grad=True)]
    opt = torch.optim.SGD([{"params": [ps[0]]}, {"params": [ps[1]], "lr": 0.01}], lr=0.1, momentum=0.9)
    sched = make(opt)
    recursive, closed = [sched.get_last_lr()], [sched._get_closed_form_lr()]
    for _ in range(epochs):
        opt.step()
        sched.step()
        recursive.append(sched.get_last_lr())
        closed.append(sched._get_closed_form_lr())
    sd = sched.state_dict()
    return {"recursive": recursive, "closed": closed, "state_dict": sd,
            "group_keys": list(opt.state_dict()["param_groups"][0].keys())}


schedules = {
    "cosine": schedule(lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=10, eta_min=0.001), 14),
    "step": schedule(lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5), 12),
}


# --- clip_grad_norm_ -------------------------------------------------------------------------------------------
def clip_case(max_norm, norm_type):
    g = torch.Generator().manual_seed(99)
    ps = [torch.zeros(s, requires_grad=True) for s in SHAPES]
    grads = []
    for p in ps:
        gr = torch.randn(p.shape, generator=g) * 0.7
        p.grad = gr.clone()
        grads.append(tl(gr))
    total = torch.nn.utils.clip_grad_norm_(ps, max_norm, norm_type)
    return {"max_norm": max_norm, "norm_type": "inf" if math.isinf(norm_type) else norm_type, "grads": grads,
            "total": total.item(), "clipped": [tl(p.grad) for p in ps]}


clips = [clip_case(1.0, 2.0), clip_case(0.5, 1.0), clip_case(0.3, float("inf")), clip_case(100.0, 2.0)]

# --- load_state_dict of a PyTorch checkpoint mid-run ---------------------------------------------------------
def resume_case():
    g = torch.Generator().manual_seed(5)
    ps = [torch.randn(s, generator=g, dtype=torch.float64).requires_grad_() for s in SHAPES]
    opt = torch.optim.Adam(groups(ps, {"lr": 2e-3}), lr=1e-2, weight_decay=0.01)
    grads = [[torch.randn(p.shape, generator=g, dtype=torch.float64) for p in ps] for _ in range(STEPS)]
    for s in range(3):
        for p, gr in zip(ps, grads[s]):
            p.grad = gr.clone()
        opt.step()
    sd = opt.state_dict()
    saved = {
        "state": {str(k): {kk: (float(vv) if kk == "step" else tl(vv)) for kk, vv in v.items()} for k, v in sd["state"].items()},
        "param_groups": [{k: (list(v) if isinstance(v, tuple) else v) for k, v in gr.items()} for gr in sd["param_groups"]],
    }
    mid = [tl(p) for p in ps]
    for s in range(3, STEPS):
        for p, gr in zip(ps, grads[s]):
            p.grad = gr.clone()
        opt.step()
    return {"saved": saved, "mid": mid, "grads": [[tl(x) for x in gs] for gs in grads], "final": [tl(p) for p in ps]}


json.dump({"torch": torch.__version__, "cases": cases, "models": models, "schedules": schedules, "clips": clips,
           "resume": resume_case()}, sys.stdout, allow_nan=False)
