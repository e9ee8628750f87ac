"""Realistic wrong answers and correct alternatives for topic `backprop` (see indexing.py)."""

AUTOGRAD_PERCEPTRON = """
def perceptron_grad(x, w, t):
    w = w.clone().requires_grad_(True)
    e = 0.5 * (torch.sigmoid(x @ w) - t) ** 2
    e.backward()
    return w.grad
"""

MISTAKES = {
    "perceptron_grad": {
        "derivative at x·w": "def perceptron_grad(x, w, t):\n    z = x @ w\n    o = torch.sigmoid(z)\n    return (o - t) * z * (1 - z) * x\n",
        "sign flipped": "def perceptron_grad(x, w, t):\n    o = torch.sigmoid(x @ w)\n    return (t - o) * o * (1 - o) * x\n",
        "autograd": AUTOGRAD_PERCEPTRON,
    },
    "multi_perceptron_grad": {
        "transposed": "def multi_perceptron_grad(x, w, t):\n    o = torch.sigmoid(w @ x)\n    d = (o - t) * o * (1 - o)\n    return torch.outer(x, d)\n",
        "summed error": "def multi_perceptron_grad(x, w, t):\n    o = torch.sigmoid(w @ x)\n    d = ((o - t) * o * (1 - o)).sum()\n    return d * x.expand(w.shape[0], -1)\n",
        "autograd": "def multi_perceptron_grad(x, w, t):\n    w = w.clone().requires_grad_(True)\n    (g,) = torch.autograd.grad(0.5 * ((torch.sigmoid(w @ x) - t) ** 2).sum(), w)\n    return g\n",
        "float32 always": "def multi_perceptron_grad(x, w, t):\n    x, w, t = x.float(), w.float(), t.float()\n    o = torch.sigmoid(w @ x)\n    return ((o - t) * o * (1 - o))[:, None] * x[None, :]\n",
    },
    "mlp_loss_and_grads": {
        "mean over N only": """
def mlp_loss_and_grads(x, y, params):
    w1, b1, w2, b2 = params["w1"], params["b1"], params["w2"], params["b2"]
    hid = torch.sigmoid(x @ w1.T + b1)
    out = hid @ w2.T + b2
    d_out = 2 * (out - y) / x.shape[0]
    d_z1 = (d_out @ w2) * hid * (1 - hid)
    return ((out - y) ** 2).mean(), {"w1": d_z1.T @ x, "b1": d_z1.sum(0), "w2": d_out.T @ hid, "b2": d_out.sum(0)}
""",
        "missing factor 2": """
def mlp_loss_and_grads(x, y, params):
    w1, b1, w2, b2 = params["w1"], params["b1"], params["w2"], params["b2"]
    hid = torch.sigmoid(x @ w1.T + b1)
    out = hid @ w2.T + b2
    d_out = (out - y) / out.numel()
    d_z1 = (d_out @ w2) * hid * (1 - hid)
    return ((out - y) ** 2).mean(), {"w1": d_z1.T @ x, "b1": d_z1.sum(0), "w2": d_out.T @ hid, "b2": d_out.sum(0)}
""",
        "transposed w1 gradient": """
def mlp_loss_and_grads(x, y, params):
    w1, b1, w2, b2 = params["w1"], params["b1"], params["w2"], params["b2"]
    hid = torch.sigmoid(x @ w1.T + b1)
    out = hid @ w2.T + b2
    d_out = 2 * (out - y) / out.numel()
    d_z1 = (d_out @ w2) * hid * (1 - hid)
    return ((out - y) ** 2).mean(), {"w1": x.T @ d_z1, "b1": d_z1.sum(0), "w2": d_out.T @ hid, "b2": d_out.sum(0)}
""",
        "sigmoid derivative forgotten": """
def mlp_loss_and_grads(x, y, params):
    w1, b1, w2, b2 = params["w1"], params["b1"], params["w2"], params["b2"]
    hid = torch.sigmoid(x @ w1.T + b1)
    out = hid @ w2.T + b2
    d_out = 2 * (out - y) / out.numel()
    d_z1 = d_out @ w2
    return ((out - y) ** 2).mean(), {"w1": d_z1.T @ x, "b1": d_z1.sum(0), "w2": d_out.T @ hid, "b2": d_out.sum(0)}
""",
        "autograd": """
def mlp_loss_and_grads(x, y, params):
    p = {k: v.clone().requires_grad_(True) for k, v in params.items()}
    out = torch.sigmoid(x @ p["w1"].T + p["b1"]) @ p["w2"].T + p["b2"]
    loss = ((out - y) ** 2).mean()
    loss.backward()
    return loss.detach(), {k: v.grad for k, v in p.items()}
""",
        "gradients accumulated into CPU zeros": """
def mlp_loss_and_grads(x, y, params):
    w1, b1, w2, b2 = params["w1"], params["b1"], params["w2"], params["b2"]
    hid = torch.sigmoid(x @ w1.T + b1)
    out = hid @ w2.T + b2
    d_out = 2 * (out - y) / out.numel()
    d_z1 = (d_out @ w2) * hid * (1 - hid)
    grads = {k: torch.zeros(v.shape, dtype=v.dtype) for k, v in params.items()}
    for i in range(x.shape[0]):  # one sample at a time, summed
        grads["w1"] += torch.outer(d_z1[i], x[i])
        grads["b1"] += d_z1[i]
        grads["w2"] += torch.outer(d_out[i], hid[i])
        grads["b2"] += d_out[i]
    return ((out - y) ** 2).mean(), grads
""",
        "changes params": """
def mlp_loss_and_grads(x, y, params):
    w1, b1, w2, b2 = params["w1"], params["b1"], params["w2"], params["b2"]
    hid = torch.sigmoid(x @ w1.T + b1)
    out = hid @ w2.T + b2
    d_out = 2 * (out - y) / out.numel()
    d_z1 = (d_out @ w2) * hid * (1 - hid)
    grads = {"w1": d_z1.T @ x, "b1": d_z1.sum(0), "w2": d_out.T @ hid, "b2": d_out.sum(0)}
    loss = ((out - y) ** 2).mean()
    for k in params:
        params[k] -= 0.1 * grads[k]
    return loss, grads
""",
    },
    "LinearFunction": {
        "weight gradient transposed": """
class LinearFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, w, b):
        ctx.save_for_backward(x, w)
        return x @ w.T + b

    @staticmethod
    def backward(ctx, g):
        x, w = ctx.saved_tensors
        return g @ w, x.T @ g, g.sum(0)
""",
        "backward detached": """
class LinearFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, w, b):
        ctx.save_for_backward(x, w)
        return x @ w.T + b

    @staticmethod
    def backward(ctx, g):
        x, w = ctx.saved_tensors
        g = g.detach()
        return g @ w.detach(), g.T @ x.detach(), g.sum(0)
""",
        "bias gradient not summed over the batch": """
class LinearFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, w, b):
        ctx.save_for_backward(x, w)
        return x @ w.T + b

    @staticmethod
    def backward(ctx, g):
        x, w = ctx.saved_tensors
        return g @ w, g.T @ x, g.mean(0)
""",
        "forward without the transpose": """
class LinearFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, w, b):
        ctx.save_for_backward(x, w)
        return x @ w + b

    @staticmethod
    def backward(ctx, g):
        x, w = ctx.saved_tensors
        return g @ w, g.T @ x, g.sum(0)
""",
        "autograd inside backward": """
class LinearFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, w, b):
        ctx.save_for_backward(x, w, b)
        return x @ w.T + b

    @staticmethod
    def backward(ctx, g):
        x, w, b = ctx.saved_tensors
        with torch.enable_grad():
            xs = [t.detach().requires_grad_(True) for t in (x, w, b)]
            out = xs[0] @ xs[1].T + xs[2]
            return torch.autograd.grad(out, xs, g, create_graph=True)
""",
    },
    "SigmoidFunction": {
        "derivative at x": """
class SigmoidFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.sigmoid(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * x * (1 - x)
""",
        "ignores grad_out": """
class SigmoidFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        s = torch.sigmoid(x)
        ctx.save_for_backward(s)
        return s

    @staticmethod
    def backward(ctx, g):
        (s,) = ctx.saved_tensors
        return s * (1 - s)
""",
        "overflowing exp formula": """
class SigmoidFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return torch.sigmoid(x)

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        e = torch.exp(-x)
        return g * e / (1 + e) ** 2
""",
    },
}

ALTERNATIVES = {
    "perceptron_grad": {
        "exp and dot": "def perceptron_grad(x, w, t):\n    o = 1 / (1 + torch.exp(-torch.dot(x, w)))\n    return (o - t) * o * (1 - o) * x\n",
    },
    "multi_perceptron_grad": {
        "outer": "def multi_perceptron_grad(x, w, t):\n    o = torch.sigmoid(w @ x)\n    return torch.outer((o - t) * o * (1 - o), x)\n",
        "loop over outputs": "def multi_perceptron_grad(x, w, t):\n    rows = []\n    for k in range(w.shape[0]):\n        o = torch.sigmoid(w[k] @ x)\n        rows.append((o - t[k]) * o * (1 - o) * x)\n    return torch.stack(rows)\n",
    },
    "mlp_loss_and_grads": {
        "einsum and F.mse_loss": """
import torch.nn.functional as F
def mlp_loss_and_grads(x, y, params):
    hid = torch.sigmoid(torch.einsum("nd,hd->nh", x, params["w1"]) + params["b1"])
    out = torch.einsum("nh,kh->nk", hid, params["w2"]) + params["b2"]
    d_out = 2 * (out - y) / out.numel()
    d_z1 = d_out @ params["w2"] * hid * (1 - hid)
    grads = {"w2": torch.einsum("nk,nh->kh", d_out, hid), "b2": d_out.sum(0), "w1": torch.einsum("nh,nd->hd", d_z1, x), "b1": d_z1.sum(0)}
    return F.mse_loss(out, y).item(), grads
""",
    },
    "LinearFunction": {
        "all gradients, mm": """
class LinearFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, w, b):
        ctx.save_for_backward(x, w, b)
        return torch.addmm(b, x, w.t())

    @staticmethod
    def backward(ctx, g):
        x, w, b = ctx.saved_tensors
        return torch.mm(g, w), torch.mm(g.t(), x), g.sum(dim=0)
""",
    },
    "SigmoidFunction": {
        "recompute in backward": """
class SigmoidFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return 1 / (1 + torch.exp(-x))

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        s = torch.sigmoid(x)
        return g * s * (1 - s)
""",
    },
}
