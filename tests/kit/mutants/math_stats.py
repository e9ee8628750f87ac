"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `math_stats`. Each entry is source appended to the reference solution module,
so it replaces that one function."""

MISTAKES = {
    "linear": {
        "no transpose": "def linear(x, w, b):\n    return x @ w + b\n",
        "missing bias": "def linear(x, w, b):\n    return x @ w.T\n",
        "view as transpose": "def linear(x, w, b):\n    return x @ w.view(w.shape[1], w.shape[0]) + b\n",
        "unsqueeze_ on the bias": "def linear(x, w, b):\n    b.unsqueeze_(0)\n    return x @ w.T + b\n",
    },
    "batched_matmul": {
        "bmm": "def batched_matmul(a, b):\n    return torch.bmm(a, b)\n",
        "elementwise": "def batched_matmul(a, b):\n    return a * b\n",
        "einsum 3-d only": "def batched_matmul(a, b):\n    return torch.einsum('bnk,bkm->bnm', a, b)\n",
        "sum over wrong dim": "def batched_matmul(a, b):\n    return (a.unsqueeze(-1) * b.unsqueeze(-3)).sum(-1)\n",
    },
    "clamp_gradients": {
        "clamp(0, max)": "def clamp_gradients(grad, max_value):\n    return grad.clamp(0, max_value)\n",
        "upper bound only": "def clamp_gradients(grad, max_value):\n    return grad.clamp(max=max_value)\n",
        "lower bound only": "def clamp_gradients(grad, max_value):\n    return grad.clamp(-max_value)\n",
        "in place": "def clamp_gradients(grad, max_value):\n    return grad.clamp_(-max_value, max_value)\n",
    },
    "clip_grad_norm": {
        "new tensors, inputs unchanged": (
            "def clip_grad_norm(grads, max_norm):\n"
            "    total = torch.sqrt(sum((g ** 2).sum() for g in grads))\n"
            "    coef = min(max_norm / (total.item() + 1e-6), 1.0)\n"
            "    clipped = [g * coef for g in grads]\n"
            "    return total.item()\n"
        ),
        "list items replaced": (
            "def clip_grad_norm(grads, max_norm):\n"
            "    total = torch.sqrt(sum((g ** 2).sum() for g in grads))\n"
            "    coef = min(max_norm / (total.item() + 1e-6), 1.0)\n"
            "    for i in range(len(grads)):\n"
            "        grads[i] = grads[i] * coef\n"
            "    return total.item()\n"
        ),
        "each tensor clipped separately": (
            "def clip_grad_norm(grads, max_norm):\n"
            "    total = torch.sqrt(sum((g ** 2).sum() for g in grads))\n"
            "    for g in grads:\n"
            "        g.mul_(min(max_norm / (g.norm().item() + 1e-6), 1.0))\n"
            "    return total.item()\n"
        ),
        "norm after clipping": (
            "def clip_grad_norm(grads, max_norm):\n"
            "    total = torch.sqrt(sum((g ** 2).sum() for g in grads))\n"
            "    coef = min(max_norm / (total.item() + 1e-6), 1.0)\n"
            "    for g in grads:\n"
            "        g.mul_(coef)\n"
            "    return torch.sqrt(sum((g ** 2).sum() for g in grads)).item()\n"
        ),
        "returns a tensor": (
            "def clip_grad_norm(grads, max_norm):\n"
            "    total = torch.sqrt(sum((g ** 2).sum() for g in grads))\n"
            "    coef = torch.clamp(max_norm / (total + 1e-6), max=1.0)\n"
            "    for g in grads:\n"
            "        g.mul_(coef)\n"
            "    return total\n"
        ),
        "always rescales": (
            "def clip_grad_norm(grads, max_norm):\n"
            "    total = torch.sqrt(sum((g ** 2).sum() for g in grads))\n"
            "    for g in grads:\n"
            "        g.mul_(max_norm / (total + 1e-6))\n"
            "    return total.item()\n"
        ),
        "no 1e-6": (
            "def clip_grad_norm(grads, max_norm):\n"
            "    total = torch.sqrt(sum((g ** 2).sum() for g in grads))\n"
            "    if total > max_norm:\n"
            "        for g in grads:\n"
            "            g.mul_(max_norm / total)\n"
            "    return total.item()\n"
        ),
        "sum of norms": (
            "def clip_grad_norm(grads, max_norm):\n"
            "    norms = torch.stack([g.norm() for g in grads])\n"
            "    total = torch.sqrt((norms ** 2).sum())\n"
            "    coef = torch.clamp(max_norm / (total + 1e-6), max=1.0)\n"
            "    for g in grads:\n"
            "        g.mul_(coef)\n"
            "    return norms.sum().item()\n"
        ),
    },
    "row_norms": {
        "dim 0": "def row_norms(x, p):\n    return x.norm(p=p, dim=0)\n",
        "p=1 without abs": (
            "def row_norms(x, p):\n"
            "    if p == 1:\n"
            "        return x.sum(dim=1)\n"
            "    return (x ** 2).sum(dim=1).sqrt()\n"
        ),
        "p=2 without sqrt": (
            "def row_norms(x, p):\n"
            "    if p == 1:\n"
            "        return x.abs().sum(dim=1)\n"
            "    return (x ** 2).sum(dim=1)\n"
        ),
        "keepdim": "def row_norms(x, p):\n    return x.norm(p=p, dim=1, keepdim=True)\n",
        "p ignored": "def row_norms(x, p):\n    return x.norm(dim=1)\n",
        "abs in place": (
            "def row_norms(x, p):\n    x.abs_()\n    return (x ** p).sum(dim=1) ** (1 / p)\n"
        ),
    },
    "accuracy": {
        "returns a tensor": "def accuracy(logits, labels):\n    return (logits.argmax(dim=1) == labels).float().mean()\n",
        "count": "def accuracy(logits, labels):\n    return (logits.argmax(dim=1) == labels).sum().item()\n",
        "dim 0": "def accuracy(logits, labels):\n    return (logits.argmax(dim=0) == labels).float().mean().item()\n",
        "argmin": "def accuracy(logits, labels):\n    return (logits.argmin(dim=1) == labels).float().mean().item()\n",
        "normalises the input in place": (
            "def accuracy(logits, labels):\n"
            "    logits -= logits.max(dim=1, keepdim=True).values\n"
            "    return (logits.argmax(dim=1) == labels).float().mean().item()\n"
        ),
    },
    "topk_accuracy": {
        "returns a tensor": (
            "def topk_accuracy(logits, labels, k):\n"
            "    top = logits.topk(k, dim=1).indices\n"
            "    return (top == labels[:, None]).any(dim=1).float().mean()\n"
        ),
        "count": (
            "def topk_accuracy(logits, labels, k):\n"
            "    top = logits.topk(k, dim=1).indices\n"
            "    return (top == labels[:, None]).any(dim=1).sum().item()\n"
        ),
        "wrong dim": (
            "def topk_accuracy(logits, labels, k):\n"
            "    top = logits.topk(k, dim=0).indices\n"
            "    return (top == labels).any(dim=0).float().mean().item()\n"
        ),
        "smallest": (
            "def topk_accuracy(logits, labels, k):\n"
            "    top = logits.topk(k, dim=1, largest=False).indices\n"
            "    return (top == labels[:, None]).any(dim=1).float().mean().item()\n"
        ),
        "k - 1": (
            "def topk_accuracy(logits, labels, k):\n"
            "    top = logits.argsort(dim=1, descending=True)[:, : k - 1]\n"
            "    return (top == labels[:, None]).any(dim=1).float().mean().item()\n"
        ),
        "top-1 only": (
            "def topk_accuracy(logits, labels, k):\n"
            "    return (logits.argmax(dim=1) == labels).float().mean().item()\n"
        ),
        "sorts the input in place": (
            "def topk_accuracy(logits, labels, k):\n"
            "    top = logits.topk(k, dim=1).indices\n"
            "    logits.copy_(logits.sort(dim=1).values)\n"
            "    return (top == labels[:, None]).any(dim=1).float().mean().item()\n"
        ),
    },
    "kth_smallest": {
        "k off by one": (
            "def kth_smallest(x, k, dim):\n"
            "    s = x.sort(dim=dim)\n"
            "    return s.values.select(dim, k), s.indices.select(dim, k)\n"
        ),
        "k-th largest": (
            "def kth_smallest(x, k, dim):\n"
            "    t = x.topk(k, dim=dim)\n"
            "    return t.values.select(dim, k - 1), t.indices.select(dim, k - 1)\n"
        ),
        "always the last dim": (
            "def kth_smallest(x, k, dim):\n"
            "    values, indices = x.kthvalue(k)\n"
            "    return values, indices\n"
        ),
        "keepdim": (
            "def kth_smallest(x, k, dim):\n"
            "    values, indices = x.kthvalue(k, dim, keepdim=True)\n"
            "    return values, indices\n"
        ),
        "values only": "def kth_smallest(x, k, dim):\n    return x.kthvalue(k, dim).values\n",
        "indices as float": (
            "def kth_smallest(x, k, dim):\n"
            "    values, indices = x.kthvalue(k, dim)\n"
            "    return values, indices.to(x.dtype)\n"
        ),
    },
}

ALTERNATIVES = {
    "linear": {
        "F.linear": "def linear(x, w, b):\n    return torch.nn.functional.linear(x, w, b)\n",
        "einsum": "def linear(x, w, b):\n    return torch.einsum('ni,oi->no', x, w) + b\n",
        "addmm": "def linear(x, w, b):\n    return torch.addmm(b, x, w.t())\n",
        "matmul transpose": "def linear(x, w, b):\n    return torch.matmul(x, w.transpose(0, 1)) + b.unsqueeze(0)\n",
    },
    "batched_matmul": {
        "matmul": "def batched_matmul(a, b):\n    return torch.matmul(a, b)\n",
        "einsum ellipsis": "def batched_matmul(a, b):\n    return torch.einsum('...nk,...km->...nm', a, b)\n",
        "broadcast and sum": "def batched_matmul(a, b):\n    return (a.unsqueeze(-1) * b.unsqueeze(-3)).sum(-2)\n",
        "broadcast then bmm": (
            "def batched_matmul(a, b):\n"
            "    batch = torch.broadcast_shapes(a.shape[:-2], b.shape[:-2])\n"
            "    a3 = a.expand(*batch, *a.shape[-2:]).reshape(-1, *a.shape[-2:])\n"
            "    b3 = b.expand(*batch, *b.shape[-2:]).reshape(-1, *b.shape[-2:])\n"
            "    return torch.bmm(a3, b3).reshape(*batch, a.shape[-2], b.shape[-1])\n"
        ),
    },
    "clamp_gradients": {
        "clip": "def clamp_gradients(grad, max_value):\n    return torch.clip(grad, min=-max_value, max=max_value)\n",
        "where": (
            "def clamp_gradients(grad, max_value):\n"
            "    m = torch.full_like(grad, max_value)\n"
            "    return torch.where(grad > m, m, torch.where(grad < -m, -m, grad))\n"
        ),
        "minimum maximum": (
            "def clamp_gradients(grad, max_value):\n"
            "    m = torch.tensor(max_value, dtype=grad.dtype, device=grad.device)\n"
            "    return torch.minimum(torch.maximum(grad, -m), m)\n"
        ),
        "sign times clipped magnitude": "def clamp_gradients(grad, max_value):\n    return torch.where(grad.abs() > max_value, grad.sign() * max_value, grad)\n",
        "clone then clamp_": "def clamp_gradients(grad, max_value):\n    return grad.clone().clamp_(-max_value, max_value)\n",
    },
    "clip_grad_norm": {
        "torch's clip_grad_norm_ on wrapper parameters": (
            "def clip_grad_norm(grads, max_norm):\n"
            "    params = [torch.nn.Parameter(torch.empty_like(g)) for g in grads]\n"
            "    for p, g in zip(params, grads):\n"
            "        p.grad = g\n"
            "    return torch.nn.utils.clip_grad_norm_(params, max_norm).item()\n"
        ),
        "python float coefficient": (
            "def clip_grad_norm(grads, max_norm):\n"
            "    total = torch.cat([g.reshape(-1) for g in grads]).norm().item()\n"
            "    coef = min(max_norm / (total + 1e-6), 1.0)\n"
            "    for g in grads:\n"
            "        g.mul_(coef)\n"
            "    return total\n"
        ),
        "sum of squares and a branch": (
            "def clip_grad_norm(grads, max_norm):\n"
            "    total = sum((g * g).sum() for g in grads).sqrt()\n"
            "    coef = max_norm / (total + 1e-6)\n"
            "    if coef < 1:\n"
            "        for g in grads:\n"
            "            g.mul_(coef)\n"
            "    return float(total)\n"
        ),
        "foreach": (
            "def clip_grad_norm(grads, max_norm):\n"
            "    total = torch.linalg.vector_norm(torch.stack(torch._foreach_norm(grads)))\n"
            "    torch._foreach_mul_(grads, torch.clamp(max_norm / (total + 1e-6), max=1.0))\n"
            "    return total.item()\n"
        ),
        "copy_ in place": (
            "def clip_grad_norm(grads, max_norm):\n"
            "    total = torch.sqrt(sum(g.pow(2).sum() for g in grads))\n"
            "    coef = torch.clamp(max_norm / (total + 1e-6), max=1.0)\n"
            "    for g in grads:\n"
            "        g.copy_(g * coef)\n"
            "    return total.item()\n"
        ),
    },
    "row_norms": {
        "Tensor.norm": "def row_norms(x, p):\n    return x.norm(p=p, dim=1)\n",
        "by formula": "def row_norms(x, p):\n    return (x.abs() ** p).sum(dim=1) ** (1.0 / p)\n",
        "linalg.norm": "def row_norms(x, p):\n    return torch.linalg.norm(x, ord=p, dim=1)\n",
        "branches": (
            "def row_norms(x, p):\n"
            "    if p == 1:\n"
            "        return x.abs().sum(dim=-1)\n"
            "    return x.pow(2).sum(dim=-1).sqrt()\n"
        ),
    },
    "accuracy": {
        "mean of floats": "def accuracy(logits, labels):\n    return (logits.argmax(dim=1) == labels).float().mean().item()\n",
        "max indices": "def accuracy(logits, labels):\n    pred = logits.max(dim=1).indices\n    return float(pred.eq(labels).sum()) / len(labels)\n",
        "python loop": (
            "def accuracy(logits, labels):\n"
            "    right = 0\n"
            "    for row, label in zip(logits, labels):\n"
            "        right += int(row.argmax() == label)\n"
            "    return right / len(labels)\n"
        ),
    },
    "topk_accuracy": {
        "rank by counting": (
            "def topk_accuracy(logits, labels, k):\n"
            "    target = logits.gather(1, labels[:, None])\n"
            "    rank = (logits > target).sum(dim=1)\n"
            "    return (rank < k).float().mean().item()\n"
        ),
        "argsort": (
            "def topk_accuracy(logits, labels, k):\n"
            "    top = logits.argsort(dim=1, descending=True)[:, :k]\n"
            "    return top.eq(labels.view(-1, 1).expand_as(top)).sum().item() / logits.shape[0]\n"
        ),
        "isin loop": (
            "def topk_accuracy(logits, labels, k):\n"
            "    top = torch.topk(logits, k).indices\n"
            "    hits = [bool(torch.isin(label, row)) for row, label in zip(top, labels)]\n"
            "    return sum(hits) / len(hits)\n"
        ),
    },
    "kth_smallest": {
        "torch.kthvalue as tuple": "def kth_smallest(x, k, dim):\n    return tuple(torch.kthvalue(x, k, dim))\n",
        "torch.kthvalue as is": "def kth_smallest(x, k, dim):\n    return torch.kthvalue(x, k, dim)\n",
        "sort and select": (
            "def kth_smallest(x, k, dim):\n"
            "    values, indices = torch.sort(x, dim=dim)\n"
            "    return values.select(dim, k - 1), indices.select(dim, k - 1)\n"
        ),
        "topk smallest": (
            "def kth_smallest(x, k, dim):\n"
            "    t = x.topk(k, dim=dim, largest=False)\n"
            "    return t.values.select(dim, -1), t.indices.select(dim, -1)\n"
        ),
        "negative sort descending": (
            "def kth_smallest(x, k, dim):\n"
            "    order = (-x).argsort(dim=dim, descending=True)\n"
            "    idx = order.narrow(dim, k - 1, 1)\n"
            "    return x.gather(dim, idx).squeeze(dim), idx.squeeze(dim)\n"
        ),
    },
}
