"""Realistic wrong answers and correct alternatives for topic `backprop` (see indexing.py)."""

import torch

from tests.kit.mutants.variants import alternative, mistake


@mistake("perceptron_grad", "derivative at x·w")
def _():
    def perceptron_grad(x, w, t):
        z = x @ w
        o = torch.sigmoid(z)
        return (o - t) * z * (1 - z) * x


@mistake("perceptron_grad", "sign flipped")
def _():
    def perceptron_grad(x, w, t):
        o = torch.sigmoid(x @ w)
        return (t - o) * o * (1 - o) * x


@mistake("perceptron_grad", "autograd")
def _():
    def perceptron_grad(x, w, t):
        w = w.clone().requires_grad_(True)
        e = 0.5 * (torch.sigmoid(x @ w) - t) ** 2
        e.backward()
        return w.grad


@mistake("perceptron_grad", "ones made on the CPU")
def _():
    def perceptron_grad(x, w, t):
        o = torch.sigmoid(x @ w)
        return (o - t) * o * (torch.ones(1, dtype=x.dtype) - o) * x


@mistake("multi_perceptron_grad", "transposed")
def _():
    def multi_perceptron_grad(x, w, t):
        o = torch.sigmoid(w @ x)
        d = (o - t) * o * (1 - o)
        return torch.outer(x, d)


@mistake("multi_perceptron_grad", "summed error")
def _():
    def multi_perceptron_grad(x, w, t):
        o = torch.sigmoid(w @ x)
        d = ((o - t) * o * (1 - o)).sum()
        return d * x.expand(w.shape[0], -1)


@mistake("multi_perceptron_grad", "autograd")
def _():
    def multi_perceptron_grad(x, w, t):
        w = w.clone().requires_grad_(True)
        (g,) = torch.autograd.grad(0.5 * ((torch.sigmoid(w @ x) - t) ** 2).sum(), w)
        return g


@mistake("multi_perceptron_grad", "float32 always")
def _():
    def multi_perceptron_grad(x, w, t):
        x, w, t = x.float(), w.float(), t.float()
        o = torch.sigmoid(w @ x)
        return ((o - t) * o * (1 - o))[:, None] * x[None, :]


@mistake("multi_perceptron_grad", "ones made on the CPU")
def _():
    def multi_perceptron_grad(x, w, t):
        o = torch.sigmoid(w @ x)
        delta = (o - t) * o * (torch.ones(w.shape[0], dtype=w.dtype) - o)
        return delta[:, None] * x[None, :]


@mistake("mlp_loss_and_grads", "mean over N only")
def _():
    def mlp_loss_and_grads(x, y, params):
        w1, b1, w2, b2 = params["w1"], params["b1"], params["w2"], params["b2"]
        hid = torch.sigmoid(x @ w1.T + b1)
        out = hid @ w2.T + b2
        d_out = 2 * (out - y) / x.shape[0]
        d_z1 = (d_out @ w2) * hid * (1 - hid)
        return ((out - y) ** 2).mean(), {
            "w1": d_z1.T @ x,
            "b1": d_z1.sum(0),
            "w2": d_out.T @ hid,
            "b2": d_out.sum(0),
        }


@mistake("mlp_loss_and_grads", "missing factor 2")
def _():
    def mlp_loss_and_grads(x, y, params):
        w1, b1, w2, b2 = params["w1"], params["b1"], params["w2"], params["b2"]
        hid = torch.sigmoid(x @ w1.T + b1)
        out = hid @ w2.T + b2
        d_out = (out - y) / out.numel()
        d_z1 = (d_out @ w2) * hid * (1 - hid)
        return ((out - y) ** 2).mean(), {
            "w1": d_z1.T @ x,
            "b1": d_z1.sum(0),
            "w2": d_out.T @ hid,
            "b2": d_out.sum(0),
        }


@mistake("mlp_loss_and_grads", "transposed w1 gradient")
def _():
    def mlp_loss_and_grads(x, y, params):
        w1, b1, w2, b2 = params["w1"], params["b1"], params["w2"], params["b2"]
        hid = torch.sigmoid(x @ w1.T + b1)
        out = hid @ w2.T + b2
        d_out = 2 * (out - y) / out.numel()
        d_z1 = (d_out @ w2) * hid * (1 - hid)
        return ((out - y) ** 2).mean(), {
            "w1": x.T @ d_z1,
            "b1": d_z1.sum(0),
            "w2": d_out.T @ hid,
            "b2": d_out.sum(0),
        }


@mistake("mlp_loss_and_grads", "sigmoid derivative forgotten")
def _():
    def mlp_loss_and_grads(x, y, params):
        w1, b1, w2, b2 = params["w1"], params["b1"], params["w2"], params["b2"]
        hid = torch.sigmoid(x @ w1.T + b1)
        out = hid @ w2.T + b2
        d_out = 2 * (out - y) / out.numel()
        d_z1 = d_out @ w2
        return ((out - y) ** 2).mean(), {
            "w1": d_z1.T @ x,
            "b1": d_z1.sum(0),
            "w2": d_out.T @ hid,
            "b2": d_out.sum(0),
        }


@mistake("mlp_loss_and_grads", "autograd")
def _():
    def mlp_loss_and_grads(x, y, params):
        p = {k: v.clone().requires_grad_(True) for k, v in params.items()}
        out = torch.sigmoid(x @ p["w1"].T + p["b1"]) @ p["w2"].T + p["b2"]
        loss = ((out - y) ** 2).mean()
        loss.backward()
        return loss.detach(), {k: v.grad for k, v in p.items()}


@mistake("mlp_loss_and_grads", "gradients accumulated into CPU zeros")
def _():
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


@mistake("mlp_loss_and_grads", "changes params")
def _():
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


@mistake("LinearFunction", "result accumulated into CPU zeros")
def _():
    class LinearFunction(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, w, b):
            ctx.save_for_backward(x, w, b)
            out = torch.zeros(x.shape[0], w.shape[0], dtype=x.dtype)
            out += x @ w.T
            return out + b

        @staticmethod
        def backward(ctx, grad_out):
            x, w, b = ctx.saved_tensors
            gx = grad_out @ w if ctx.needs_input_grad[0] else None
            gw = grad_out.T @ x if ctx.needs_input_grad[1] else None
            gb = grad_out.sum(0) if ctx.needs_input_grad[2] else None
            return gx, gw, gb


@mistake("LinearFunction", "weight gradient transposed")
def _():
    class LinearFunction(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, w, b):
            ctx.save_for_backward(x, w)
            return x @ w.T + b

        @staticmethod
        def backward(ctx, g):
            x, w = ctx.saved_tensors
            return g @ w, x.T @ g, g.sum(0)


@mistake("LinearFunction", "backward detached")
def _():
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


@mistake("LinearFunction", "bias gradient not summed over the batch")
def _():
    class LinearFunction(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, w, b):
            ctx.save_for_backward(x, w)
            return x @ w.T + b

        @staticmethod
        def backward(ctx, g):
            x, w = ctx.saved_tensors
            return g @ w, g.T @ x, g.mean(0)


@mistake("LinearFunction", "forward without the transpose")
def _():
    class LinearFunction(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, w, b):
            ctx.save_for_backward(x, w)
            return x @ w + b

        @staticmethod
        def backward(ctx, g):
            x, w = ctx.saved_tensors
            return g @ w, g.T @ x, g.sum(0)


@mistake("LinearFunction", "autograd inside backward")
def _():
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


@mistake("SigmoidFunction", "ones made on the CPU")
def _():
    class SigmoidFunction(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            s = torch.ones(x.shape, dtype=x.dtype) / (1 + torch.exp(-x))
            ctx.save_for_backward(s)
            return s

        @staticmethod
        def backward(ctx, grad_out):
            (s,) = ctx.saved_tensors
            return grad_out * s * (1 - s)


@mistake("SigmoidFunction", "derivative at x")
def _():
    class SigmoidFunction(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return torch.sigmoid(x)

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return g * x * (1 - x)


@mistake("SigmoidFunction", "ignores grad_out")
def _():
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


@mistake("SigmoidFunction", "overflowing exp formula")
def _():
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


@alternative("perceptron_grad", "exp and dot")
def _():
    def perceptron_grad(x, w, t):
        o = 1 / (1 + torch.exp(-torch.dot(x, w)))
        return (o - t) * o * (1 - o) * x


@alternative("multi_perceptron_grad", "outer")
def _():
    def multi_perceptron_grad(x, w, t):
        o = torch.sigmoid(w @ x)
        return torch.outer((o - t) * o * (1 - o), x)


@alternative("multi_perceptron_grad", "loop over outputs")
def _():
    def multi_perceptron_grad(x, w, t):
        rows = []
        for k in range(w.shape[0]):
            o = torch.sigmoid(w[k] @ x)
            rows.append((o - t[k]) * o * (1 - o) * x)
        return torch.stack(rows)


@alternative("mlp_loss_and_grads", "einsum and F.mse_loss")
def _():
    import torch.nn.functional as F

    def mlp_loss_and_grads(x, y, params):
        hid = torch.sigmoid(torch.einsum("nd,hd->nh", x, params["w1"]) + params["b1"])
        out = torch.einsum("nh,kh->nk", hid, params["w2"]) + params["b2"]
        d_out = 2 * (out - y) / out.numel()
        d_z1 = d_out @ params["w2"] * hid * (1 - hid)
        grads = {
            "w2": torch.einsum("nk,nh->kh", d_out, hid),
            "b2": d_out.sum(0),
            "w1": torch.einsum("nh,nd->hd", d_z1, x),
            "b1": d_z1.sum(0),
        }
        return F.mse_loss(out, y).item(), grads


@alternative("LinearFunction", "all gradients, mm")
def _():
    class LinearFunction(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x, w, b):
            ctx.save_for_backward(x, w, b)
            return torch.addmm(b, x, w.t())

        @staticmethod
        def backward(ctx, g):
            x, w, b = ctx.saved_tensors
            return torch.mm(g, w), torch.mm(g.t(), x), g.sum(dim=0)


@alternative("SigmoidFunction", "recompute in backward")
def _():
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
