"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `gradients`. Each variant is the body of a function decorated with `@mistake` or
`@alternative` (see variants.py); the body, dedented, is appended to the reference solution module,
so it replaces that one function."""

import torch

from tests.kit.mutants.variants import alternative, mistake


@mistake("sigmoid_grad", "formula applied to x")
def _():
    def sigmoid_grad(x):
        return x * (1 - x)


@mistake("sigmoid_grad", "naive exp overflows")
def _():
    def sigmoid_grad(x):
        e = torch.exp(-x)
        return e / (1 + e) ** 2


@mistake("sigmoid_grad", "autograd")
def _():
    def sigmoid_grad(x):
        leaf = x.detach().requires_grad_()
        torch.sigmoid(leaf).sum().backward()
        return leaf.grad


@mistake("sigmoid_grad", "sigmoid_ changes the input")
def _():
    def sigmoid_grad(x):
        s = x.sigmoid_()
        return s * (1 - s)


@mistake("sigmoid_grad", "float32 always")
def _():
    def sigmoid_grad(x):
        s = torch.sigmoid(x.float())
        return s * (1 - s)


@mistake("sigmoid_grad", "ones on the CPU")
def _():
    def sigmoid_grad(x):
        s = torch.sigmoid(x)
        return s * (torch.ones(x.shape, dtype=x.dtype) - s)


@mistake("tanh_grad", "formula applied to x")
def _():
    def tanh_grad(x):
        return 1 - x**2


@mistake("tanh_grad", "square missing")
def _():
    def tanh_grad(x):
        return 1 - torch.tanh(x)


@mistake("tanh_grad", "sigmoid's pattern")
def _():
    def tanh_grad(x):
        t = torch.tanh(x)
        return t * (1 - t)


@mistake("tanh_grad", "autograd.grad")
def _():
    def tanh_grad(x):
        leaf = x.detach().requires_grad_()
        (g,) = torch.autograd.grad(torch.tanh(leaf).sum(), leaf)
        return g


@mistake("tanh_grad", "tanh_ changes the input")
def _():
    def tanh_grad(x):
        t = x.tanh_()
        return 1 - t * t


@mistake("relu_grad", "1 at zero")
def _():
    def relu_grad(x):
        return (x >= 0).to(x.dtype)


@mistake("relu_grad", "returns bool")
def _():
    def relu_grad(x):
        return x > 0


@mistake("relu_grad", "float() loses float64")
def _():
    def relu_grad(x):
        return (x > 0).float()


@mistake("relu_grad", "sign")
def _():
    def relu_grad(x):
        return torch.sign(x)


@mistake("relu_grad", "zeros on the CPU")
def _():
    def relu_grad(x):
        g = torch.zeros(x.shape, dtype=x.dtype)
        g[x > 0] = 1.0
        return g


@mistake("relu_grad", "torch.func.grad")
def _():
    def relu_grad(x):
        return torch.func.vmap(torch.func.grad(torch.relu))(x.reshape(-1)).reshape(x.shape)


@mistake("mse_loss_and_grad", "missing 1/N")
def _():
    def mse_loss_and_grad(pred, target):
        diff = pred - target
        return (diff**2).mean(), 2 * diff


@mistake("mse_loss_and_grad", "missing factor 2")
def _():
    def mse_loss_and_grad(pred, target):
        diff = pred - target
        return (diff**2).mean(), diff / diff.numel()


@mistake("mse_loss_and_grad", "wrong sign")
def _():
    def mse_loss_and_grad(pred, target):
        diff = target - pred
        return (diff**2).mean(), 2 * diff / diff.numel()


@mistake("mse_loss_and_grad", "N is the batch size")
def _():
    def mse_loss_and_grad(pred, target):
        diff = pred - target
        n = pred.shape[0]
        return (diff**2).sum() / n, 2 * diff / n


@mistake("mse_loss_and_grad", "loss as a Python float")
def _():
    def mse_loss_and_grad(pred, target):
        diff = pred - target
        return (diff**2).mean().item(), 2 * diff / diff.numel()


@mistake("mse_loss_and_grad", "sub_ changes pred")
def _():
    def mse_loss_and_grad(pred, target):
        diff = pred.sub_(target)
        return (diff**2).mean(), 2 * diff / diff.numel()


@mistake("mse_loss_and_grad", "autograd")
def _():
    import torch.nn.functional as F

    def mse_loss_and_grad(pred, target):
        leaf = pred.detach().requires_grad_()
        loss = F.mse_loss(leaf, target)
        loss.backward()
        return loss.detach(), leaf.grad


@mistake("softmax_by_hand", "naive exp overflows")
def _():
    def softmax_by_hand(a, dim=-1):
        e = a.exp()
        return e / e.sum(dim=dim, keepdim=True)


@mistake("softmax_by_hand", "global max")
def _():
    def softmax_by_hand(a, dim=-1):
        e = (a - a.max()).exp()
        return e / e.sum(dim=dim, keepdim=True)


@mistake("softmax_by_hand", "subtracts the mean")
def _():
    def softmax_by_hand(a, dim=-1):
        e = (a - a.mean(dim=dim, keepdim=True)).exp()
        return e / e.sum(dim=dim, keepdim=True)


@mistake("softmax_by_hand", "dim ignored (last dim)")
def _():
    def softmax_by_hand(a, dim=-1):
        e = (a - a.amax(dim=-1, keepdim=True)).exp()
        return e / e.sum(dim=-1, keepdim=True)


@mistake("softmax_by_hand", "normalised over everything")
def _():
    def softmax_by_hand(a, dim=-1):
        e = (a - a.amax(dim=dim, keepdim=True)).exp()
        return e / e.sum()


@mistake("softmax_by_hand", "torch.softmax")
def _():
    def softmax_by_hand(a, dim=-1):
        return torch.softmax(a, dim)


@mistake("softmax_by_hand", "log_softmax through an alias")
def _():
    from torch.nn.functional import log_softmax as _ls

    def softmax_by_hand(a, dim=-1):
        return _ls(a, dim).exp()


@mistake("softmax_by_hand", "sub_ changes the input")
def _():
    def softmax_by_hand(a, dim=-1):
        e = a.sub_(a.amax(dim=dim, keepdim=True)).exp()
        return e / e.sum(dim=dim, keepdim=True)


@mistake("softmax_by_hand", "output buffer on the CPU")
def _():
    def softmax_by_hand(a, dim=-1):
        out = torch.zeros(a.shape, dtype=a.dtype)
        e = (a - a.amax(dim=dim, keepdim=True)).exp()
        out += e / e.sum(dim=dim, keepdim=True)
        return out


@mistake("softmax_jacobian", "missing diagonal")
def _():
    def softmax_jacobian(a):
        p = torch.softmax(a, 0)
        return -torch.outer(p, p)


@mistake("softmax_jacobian", "a_i instead of p_i")
def _():
    def softmax_jacobian(a):
        p = torch.softmax(a, 0)
        eye = torch.eye(a.numel(), dtype=a.dtype, device=a.device)
        return a[:, None] * (eye - p[None, :])


@mistake("softmax_jacobian", "diagonal only")
def _():
    def softmax_jacobian(a):
        p = torch.softmax(a, 0)
        return torch.diag(p * (1 - p))


@mistake("softmax_jacobian", "naive softmax")
def _():
    def softmax_jacobian(a):
        e = a.exp()
        p = e / e.sum()
        return torch.diag(p) - torch.outer(p, p)


@mistake("softmax_jacobian", "eye on the CPU")
def _():
    def softmax_jacobian(a):
        p = torch.softmax(a, 0)
        return torch.eye(a.numel()) * p - torch.outer(p, p)


@mistake("softmax_jacobian", "autograd jacobian")
def _():
    def softmax_jacobian(a):
        return torch.autograd.functional.jacobian(lambda t: torch.softmax(t, 0), a)


@mistake("grad_of", "requires_grad_ on x")
def _():
    def grad_of(f, x):
        x.requires_grad_(True)
        (g,) = torch.autograd.grad(f(x), x)
        return g


@mistake("grad_of", "flag switched off afterwards")
def _():
    def grad_of(f, x):
        x.requires_grad_(True)
        (g,) = torch.autograd.grad(f(x), x)
        x.requires_grad_(False)
        return g


@mistake("grad_of", "zeroes and refills x.grad")
def _():
    def grad_of(f, x):
        if x.requires_grad:
            x.grad = None
            f(x).backward()
            return x.grad.clone()
        leaf = x.detach().requires_grad_(True)
        (g,) = torch.autograd.grad(f(leaf), leaf)
        return g


@mistake("grad_of", "clone is not a leaf")
def _():
    def grad_of(f, x):
        leaf = x.clone().requires_grad_(True)
        f(leaf).backward()
        return leaf.grad


@mistake("grad_of", "returns f(x)")
def _():
    def grad_of(f, x):
        leaf = x.detach().requires_grad_(True)
        y = f(leaf)
        y.backward()
        return y.detach()


@mistake("grad_of", "float32 central differences")
def _():
    def grad_of(f, x):
        flat = x.detach().float().reshape(-1)
        g = torch.zeros_like(flat)
        h = 1e-3
        for i in range(flat.numel()):
            e = torch.zeros_like(flat)
            e[i] = h
            g[i] = (f((flat + e).reshape(x.shape)) - f((flat - e).reshape(x.shape))) / (2 * h)
        return g.reshape(x.shape).to(x.dtype)


@alternative("sigmoid_grad", "exp(-|x|) form")
def _():
    def sigmoid_grad(x):
        e = torch.exp(-x.abs())
        return e / (1 + e) ** 2


@alternative("sigmoid_grad", "local named grad")
def _():
    def sigmoid_grad(x):
        s = 1 / (1 + torch.exp(-x))
        grad = s * (1 - s)
        return grad


@alternative("tanh_grad", "cosh")
def _():
    def tanh_grad(x):
        return 1 / torch.cosh(x) ** 2


@alternative("tanh_grad", "via sigmoid")
def _():
    def tanh_grad(x):
        s = torch.sigmoid(2 * x)
        return 4 * s * (1 - s)


@alternative("relu_grad", "where")
def _():
    def relu_grad(x):
        return torch.where(x > 0, torch.ones_like(x), torch.zeros_like(x))


@alternative("relu_grad", "heaviside")
def _():
    def relu_grad(x):
        return torch.heaviside(x, torch.zeros((), dtype=x.dtype, device=x.device))


@alternative("mse_loss_and_grad", "F.mse_loss for the loss")
def _():
    import torch.nn.functional as F

    def mse_loss_and_grad(pred, target):
        grad = 2 * (pred - target) / pred.numel()
        return F.mse_loss(pred, target), grad


@alternative("mse_loss_and_grad", "pow and sum")
def _():
    def mse_loss_and_grad(pred, target):
        n = pred.numel()
        diff = pred - target
        return diff.pow(2).sum() / n, diff.mul(2.0 / n)


@alternative("softmax_by_hand", "logsumexp")
def _():
    def softmax_by_hand(a, dim=-1):
        return torch.exp(a - torch.logsumexp(a, dim=dim, keepdim=True))


@alternative("softmax_by_hand", "max().values")
def _():
    def softmax_by_hand(a, dim=-1):
        m = a.max(dim=dim, keepdim=True).values
        e = torch.exp(a - m)
        return e / torch.sum(e, dim=dim, keepdim=True)


@alternative("softmax_jacobian", "einsum and diag_embed")
def _():
    def softmax_jacobian(a):
        e = torch.exp(a - a.max())
        p = e / e.sum()
        return torch.diag_embed(p) - torch.einsum("i,j->ij", p, p)


@alternative("softmax_jacobian", "loops, a local named jacobian")
def _():
    def softmax_jacobian(a):
        p = torch.softmax(a, 0)
        n = a.shape[0]
        jacobian = torch.zeros(n, n, dtype=a.dtype, device=a.device)
        for i in range(n):
            for j in range(n):
                jacobian[i, j] = p[i] * ((1.0 if i == j else 0.0) - p[j])
        return jacobian


@alternative("grad_of", "backward and .grad")
def _():
    def grad_of(f, x):
        leaf = x.detach().clone().requires_grad_()
        f(leaf).backward()
        return leaf.grad


@alternative("grad_of", "torch.func.grad")
def _():
    def grad_of(f, x):
        return torch.func.grad(f)(x.detach())
