"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `gradients`. Each entry is source appended to the reference solution module, so
it replaces that one function."""

MISTAKES = {
    "sigmoid_grad": {
        "formula applied to x": "def sigmoid_grad(x):\n    return x * (1 - x)\n",
        "naive exp overflows": (
            "def sigmoid_grad(x):\n    e = torch.exp(-x)\n    return e / (1 + e) ** 2\n"
        ),
        "autograd": (
            "def sigmoid_grad(x):\n"
            "    leaf = x.detach().requires_grad_()\n"
            "    torch.sigmoid(leaf).sum().backward()\n"
            "    return leaf.grad\n"
        ),
        "sigmoid_ changes the input": (
            "def sigmoid_grad(x):\n    s = x.sigmoid_()\n    return s * (1 - s)\n"
        ),
        "float32 always": (
            "def sigmoid_grad(x):\n    s = torch.sigmoid(x.float())\n    return s * (1 - s)\n"
        ),
        "ones on the CPU": (
            "def sigmoid_grad(x):\n"
            "    s = torch.sigmoid(x)\n"
            "    return s * (torch.ones(x.shape, dtype=x.dtype) - s)\n"
        ),
    },
    "tanh_grad": {
        "formula applied to x": "def tanh_grad(x):\n    return 1 - x ** 2\n",
        "square missing": "def tanh_grad(x):\n    return 1 - torch.tanh(x)\n",
        "sigmoid's pattern": ("def tanh_grad(x):\n    t = torch.tanh(x)\n    return t * (1 - t)\n"),
        "autograd.grad": (
            "def tanh_grad(x):\n"
            "    leaf = x.detach().requires_grad_()\n"
            "    (g,) = torch.autograd.grad(torch.tanh(leaf).sum(), leaf)\n"
            "    return g\n"
        ),
        "tanh_ changes the input": ("def tanh_grad(x):\n    t = x.tanh_()\n    return 1 - t * t\n"),
    },
    "relu_grad": {
        "1 at zero": "def relu_grad(x):\n    return (x >= 0).to(x.dtype)\n",
        "returns bool": "def relu_grad(x):\n    return x > 0\n",
        "float() loses float64": "def relu_grad(x):\n    return (x > 0).float()\n",
        "sign": "def relu_grad(x):\n    return torch.sign(x)\n",
        "zeros on the CPU": (
            "def relu_grad(x):\n"
            "    g = torch.zeros(x.shape, dtype=x.dtype)\n"
            "    g[x > 0] = 1.0\n"
            "    return g\n"
        ),
        "torch.func.grad": (
            "def relu_grad(x):\n"
            "    return torch.func.vmap(torch.func.grad(torch.relu))(x.reshape(-1)).reshape(x.shape)\n"
        ),
    },
    "mse_loss_and_grad": {
        "missing 1/N": (
            "def mse_loss_and_grad(pred, target):\n"
            "    diff = pred - target\n"
            "    return (diff ** 2).mean(), 2 * diff\n"
        ),
        "missing factor 2": (
            "def mse_loss_and_grad(pred, target):\n"
            "    diff = pred - target\n"
            "    return (diff ** 2).mean(), diff / diff.numel()\n"
        ),
        "wrong sign": (
            "def mse_loss_and_grad(pred, target):\n"
            "    diff = target - pred\n"
            "    return (diff ** 2).mean(), 2 * diff / diff.numel()\n"
        ),
        "N is the batch size": (
            "def mse_loss_and_grad(pred, target):\n"
            "    diff = pred - target\n"
            "    n = pred.shape[0]\n"
            "    return (diff ** 2).sum() / n, 2 * diff / n\n"
        ),
        "loss as a Python float": (
            "def mse_loss_and_grad(pred, target):\n"
            "    diff = pred - target\n"
            "    return (diff ** 2).mean().item(), 2 * diff / diff.numel()\n"
        ),
        "sub_ changes pred": (
            "def mse_loss_and_grad(pred, target):\n"
            "    diff = pred.sub_(target)\n"
            "    return (diff ** 2).mean(), 2 * diff / diff.numel()\n"
        ),
        "autograd": (
            "import torch.nn.functional as F\n\n\n"
            "def mse_loss_and_grad(pred, target):\n"
            "    leaf = pred.detach().requires_grad_()\n"
            "    loss = F.mse_loss(leaf, target)\n"
            "    loss.backward()\n"
            "    return loss.detach(), leaf.grad\n"
        ),
    },
    "softmax_by_hand": {
        "naive exp overflows": (
            "def softmax_by_hand(a, dim=-1):\n"
            "    e = a.exp()\n"
            "    return e / e.sum(dim=dim, keepdim=True)\n"
        ),
        "global max": (
            "def softmax_by_hand(a, dim=-1):\n"
            "    e = (a - a.max()).exp()\n"
            "    return e / e.sum(dim=dim, keepdim=True)\n"
        ),
        "subtracts the mean": (
            "def softmax_by_hand(a, dim=-1):\n"
            "    e = (a - a.mean(dim=dim, keepdim=True)).exp()\n"
            "    return e / e.sum(dim=dim, keepdim=True)\n"
        ),
        "dim ignored (last dim)": (
            "def softmax_by_hand(a, dim=-1):\n"
            "    e = (a - a.amax(dim=-1, keepdim=True)).exp()\n"
            "    return e / e.sum(dim=-1, keepdim=True)\n"
        ),
        "normalised over everything": (
            "def softmax_by_hand(a, dim=-1):\n"
            "    e = (a - a.amax(dim=dim, keepdim=True)).exp()\n"
            "    return e / e.sum()\n"
        ),
        "torch.softmax": "def softmax_by_hand(a, dim=-1):\n    return torch.softmax(a, dim)\n",
        "log_softmax through an alias": (
            "from torch.nn.functional import log_softmax as _ls\n\n\n"
            "def softmax_by_hand(a, dim=-1):\n    return _ls(a, dim).exp()\n"
        ),
        "sub_ changes the input": (
            "def softmax_by_hand(a, dim=-1):\n"
            "    e = a.sub_(a.amax(dim=dim, keepdim=True)).exp()\n"
            "    return e / e.sum(dim=dim, keepdim=True)\n"
        ),
        "output buffer on the CPU": (
            "def softmax_by_hand(a, dim=-1):\n"
            "    out = torch.zeros(a.shape, dtype=a.dtype)\n"
            "    e = (a - a.amax(dim=dim, keepdim=True)).exp()\n"
            "    out += e / e.sum(dim=dim, keepdim=True)\n"
            "    return out\n"
        ),
    },
    "softmax_jacobian": {
        "missing diagonal": (
            "def softmax_jacobian(a):\n    p = torch.softmax(a, 0)\n    return -torch.outer(p, p)\n"
        ),
        "a_i instead of p_i": (
            "def softmax_jacobian(a):\n"
            "    p = torch.softmax(a, 0)\n"
            "    eye = torch.eye(a.numel(), dtype=a.dtype, device=a.device)\n"
            "    return a[:, None] * (eye - p[None, :])\n"
        ),
        "diagonal only": (
            "def softmax_jacobian(a):\n"
            "    p = torch.softmax(a, 0)\n"
            "    return torch.diag(p * (1 - p))\n"
        ),
        "naive softmax": (
            "def softmax_jacobian(a):\n"
            "    e = a.exp()\n"
            "    p = e / e.sum()\n"
            "    return torch.diag(p) - torch.outer(p, p)\n"
        ),
        "eye on the CPU": (
            "def softmax_jacobian(a):\n"
            "    p = torch.softmax(a, 0)\n"
            "    return torch.eye(a.numel()) * p - torch.outer(p, p)\n"
        ),
        "autograd jacobian": (
            "def softmax_jacobian(a):\n"
            "    return torch.autograd.functional.jacobian(lambda t: torch.softmax(t, 0), a)\n"
        ),
    },
    "grad_of": {
        "requires_grad_ on x": (
            "def grad_of(f, x):\n"
            "    x.requires_grad_(True)\n"
            "    (g,) = torch.autograd.grad(f(x), x)\n"
            "    return g\n"
        ),
        "flag switched off afterwards": (
            "def grad_of(f, x):\n"
            "    x.requires_grad_(True)\n"
            "    (g,) = torch.autograd.grad(f(x), x)\n"
            "    x.requires_grad_(False)\n"
            "    return g\n"
        ),
        "zeroes and refills x.grad": (
            "def grad_of(f, x):\n"
            "    if x.requires_grad:\n"
            "        x.grad = None\n"
            "        f(x).backward()\n"
            "        return x.grad.clone()\n"
            "    leaf = x.detach().requires_grad_(True)\n"
            "    (g,) = torch.autograd.grad(f(leaf), leaf)\n"
            "    return g\n"
        ),
        "clone is not a leaf": (
            "def grad_of(f, x):\n"
            "    leaf = x.clone().requires_grad_(True)\n"
            "    f(leaf).backward()\n"
            "    return leaf.grad\n"
        ),
        "returns f(x)": (
            "def grad_of(f, x):\n"
            "    leaf = x.detach().requires_grad_(True)\n"
            "    y = f(leaf)\n"
            "    y.backward()\n"
            "    return y.detach()\n"
        ),
        "float32 central differences": (
            "def grad_of(f, x):\n"
            "    flat = x.detach().float().reshape(-1)\n"
            "    g = torch.zeros_like(flat)\n"
            "    h = 1e-3\n"
            "    for i in range(flat.numel()):\n"
            "        e = torch.zeros_like(flat)\n"
            "        e[i] = h\n"
            "        g[i] = (f((flat + e).reshape(x.shape)) - f((flat - e).reshape(x.shape))) / (2 * h)\n"
            "    return g.reshape(x.shape).to(x.dtype)\n"
        ),
    },
}

ALTERNATIVES = {
    "sigmoid_grad": {
        "exp(-|x|) form": (
            "def sigmoid_grad(x):\n    e = torch.exp(-x.abs())\n    return e / (1 + e) ** 2\n"
        ),
        "local named grad": (
            "def sigmoid_grad(x):\n"
            "    s = 1 / (1 + torch.exp(-x))\n"
            "    grad = s * (1 - s)\n"
            "    return grad\n"
        ),
    },
    "tanh_grad": {
        "cosh": "def tanh_grad(x):\n    return 1 / torch.cosh(x) ** 2\n",
        "via sigmoid": (
            "def tanh_grad(x):\n    s = torch.sigmoid(2 * x)\n    return 4 * s * (1 - s)\n"
        ),
    },
    "relu_grad": {
        "where": (
            "def relu_grad(x):\n"
            "    return torch.where(x > 0, torch.ones_like(x), torch.zeros_like(x))\n"
        ),
        "heaviside": (
            "def relu_grad(x):\n"
            "    return torch.heaviside(x, torch.zeros((), dtype=x.dtype, device=x.device))\n"
        ),
    },
    "mse_loss_and_grad": {
        "F.mse_loss for the loss": (
            "import torch.nn.functional as F\n\n\n"
            "def mse_loss_and_grad(pred, target):\n"
            "    grad = 2 * (pred - target) / pred.numel()\n"
            "    return F.mse_loss(pred, target), grad\n"
        ),
        "pow and sum": (
            "def mse_loss_and_grad(pred, target):\n"
            "    n = pred.numel()\n"
            "    diff = pred - target\n"
            "    return diff.pow(2).sum() / n, diff.mul(2.0 / n)\n"
        ),
    },
    "softmax_by_hand": {
        "logsumexp": (
            "def softmax_by_hand(a, dim=-1):\n"
            "    return torch.exp(a - torch.logsumexp(a, dim=dim, keepdim=True))\n"
        ),
        "max().values": (
            "def softmax_by_hand(a, dim=-1):\n"
            "    m = a.max(dim=dim, keepdim=True).values\n"
            "    e = torch.exp(a - m)\n"
            "    return e / torch.sum(e, dim=dim, keepdim=True)\n"
        ),
    },
    "softmax_jacobian": {
        "einsum and diag_embed": (
            "def softmax_jacobian(a):\n"
            "    e = torch.exp(a - a.max())\n"
            "    p = e / e.sum()\n"
            "    return torch.diag_embed(p) - torch.einsum('i,j->ij', p, p)\n"
        ),
        "loops, a local named jacobian": (
            "def softmax_jacobian(a):\n"
            "    p = torch.softmax(a, 0)\n"
            "    n = a.shape[0]\n"
            "    jacobian = torch.zeros(n, n, dtype=a.dtype, device=a.device)\n"
            "    for i in range(n):\n"
            "        for j in range(n):\n"
            "            jacobian[i, j] = p[i] * ((1.0 if i == j else 0.0) - p[j])\n"
            "    return jacobian\n"
        ),
    },
    "grad_of": {
        "backward and .grad": (
            "def grad_of(f, x):\n"
            "    leaf = x.detach().clone().requires_grad_()\n"
            "    f(leaf).backward()\n"
            "    return leaf.grad\n"
        ),
        "torch.func.grad": "def grad_of(f, x):\n    return torch.func.grad(f)(x.detach())\n",
    },
}
