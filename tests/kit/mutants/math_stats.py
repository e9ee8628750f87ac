"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `math_stats`. Each variant is the body of a function decorated with `@mistake` or
`@alternative` (see variants.py); the body, dedented, is appended to the reference solution module,
so it replaces that one function."""

import torch

from tests.kit.mutants.variants import alternative, mistake


@mistake("linear", "no transpose")
def _():
    def linear(x, w, b):
        return x @ w + b


@mistake("linear", "missing bias")
def _():
    def linear(x, w, b):
        return x @ w.T


@mistake("linear", "view as transpose")
def _():
    def linear(x, w, b):
        return x @ w.view(w.shape[1], w.shape[0]) + b


@mistake("linear", "unsqueeze_ on the bias")
def _():
    def linear(x, w, b):
        b.unsqueeze_(0)
        return x @ w.T + b


@mistake("batched_matmul", "bmm")
def _():
    def batched_matmul(a, b):
        return torch.bmm(a, b)


@mistake("batched_matmul", "elementwise")
def _():
    def batched_matmul(a, b):
        return a * b


@mistake("batched_matmul", "einsum 3-d only")
def _():
    def batched_matmul(a, b):
        return torch.einsum("bnk,bkm->bnm", a, b)


@mistake("batched_matmul", "sum over wrong dim")
def _():
    def batched_matmul(a, b):
        return (a.unsqueeze(-1) * b.unsqueeze(-3)).sum(-1)


@mistake("clamp_gradients", "clamp(0, max)")
def _():
    def clamp_gradients(grad, max_value):
        return grad.clamp(0, max_value)


@mistake("clamp_gradients", "upper bound only")
def _():
    def clamp_gradients(grad, max_value):
        return grad.clamp(max=max_value)


@mistake("clamp_gradients", "lower bound only")
def _():
    def clamp_gradients(grad, max_value):
        return grad.clamp(-max_value)


@mistake("clamp_gradients", "in place")
def _():
    def clamp_gradients(grad, max_value):
        return grad.clamp_(-max_value, max_value)


@mistake("clip_grad_norm", "new tensors, inputs unchanged")
def _():
    def clip_grad_norm(grads, max_norm):
        total = torch.sqrt(sum((g**2).sum() for g in grads))
        coef = min(max_norm / (total.item() + 1e-6), 1.0)
        clipped = [g * coef for g in grads]  # noqa: F841
        return total.item()


@mistake("clip_grad_norm", "list items replaced")
def _():
    def clip_grad_norm(grads, max_norm):
        total = torch.sqrt(sum((g**2).sum() for g in grads))
        coef = min(max_norm / (total.item() + 1e-6), 1.0)
        for i in range(len(grads)):
            grads[i] = grads[i] * coef
        return total.item()


@mistake("clip_grad_norm", "each tensor clipped separately")
def _():
    def clip_grad_norm(grads, max_norm):
        total = torch.sqrt(sum((g**2).sum() for g in grads))
        for g in grads:
            g.mul_(min(max_norm / (g.norm().item() + 1e-6), 1.0))
        return total.item()


@mistake("clip_grad_norm", "norm after clipping")
def _():
    def clip_grad_norm(grads, max_norm):
        total = torch.sqrt(sum((g**2).sum() for g in grads))
        coef = min(max_norm / (total.item() + 1e-6), 1.0)
        for g in grads:
            g.mul_(coef)
        return torch.sqrt(sum((g**2).sum() for g in grads)).item()


@mistake("clip_grad_norm", "returns a tensor")
def _():
    def clip_grad_norm(grads, max_norm):
        total = torch.sqrt(sum((g**2).sum() for g in grads))
        coef = torch.clamp(max_norm / (total + 1e-6), max=1.0)
        for g in grads:
            g.mul_(coef)
        return total


@mistake("clip_grad_norm", "always rescales")
def _():
    def clip_grad_norm(grads, max_norm):
        total = torch.sqrt(sum((g**2).sum() for g in grads))
        for g in grads:
            g.mul_(max_norm / (total + 1e-6))
        return total.item()


@mistake("clip_grad_norm", "no 1e-6")
def _():
    def clip_grad_norm(grads, max_norm):
        total = torch.sqrt(sum((g**2).sum() for g in grads))
        if total > max_norm:
            for g in grads:
                g.mul_(max_norm / total)
        return total.item()


@mistake("clip_grad_norm", "sum of norms")
def _():
    def clip_grad_norm(grads, max_norm):
        norms = torch.stack([g.norm() for g in grads])
        total = torch.sqrt((norms**2).sum())
        coef = torch.clamp(max_norm / (total + 1e-6), max=1.0)
        for g in grads:
            g.mul_(coef)
        return norms.sum().item()


@mistake("row_norms", "dim 0")
def _():
    def row_norms(x, p):
        return x.norm(p=p, dim=0)


@mistake("row_norms", "p=1 without abs")
def _():
    def row_norms(x, p):
        if p == 1:
            return x.sum(dim=1)
        return (x**2).sum(dim=1).sqrt()


@mistake("row_norms", "p=2 without sqrt")
def _():
    def row_norms(x, p):
        if p == 1:
            return x.abs().sum(dim=1)
        return (x**2).sum(dim=1)


@mistake("row_norms", "keepdim")
def _():
    def row_norms(x, p):
        return x.norm(p=p, dim=1, keepdim=True)


@mistake("row_norms", "p ignored")
def _():
    def row_norms(x, p):
        return x.norm(dim=1)


@mistake("row_norms", "abs in place")
def _():
    def row_norms(x, p):
        x.abs_()
        return (x**p).sum(dim=1) ** (1 / p)


@mistake("accuracy", "returns a tensor")
def _():
    def accuracy(logits, labels):
        return (logits.argmax(dim=1) == labels).float().mean()


@mistake("accuracy", "count")
def _():
    def accuracy(logits, labels):
        return (logits.argmax(dim=1) == labels).sum().item()


@mistake("accuracy", "dim 0")
def _():
    def accuracy(logits, labels):
        return (logits.argmax(dim=0) == labels).float().mean().item()


@mistake("accuracy", "argmin")
def _():
    def accuracy(logits, labels):
        return (logits.argmin(dim=1) == labels).float().mean().item()


@mistake("accuracy", "normalises the input in place")
def _():
    def accuracy(logits, labels):
        logits -= logits.max(dim=1, keepdim=True).values
        return (logits.argmax(dim=1) == labels).float().mean().item()


@mistake("topk_accuracy", "returns a tensor")
def _():
    def topk_accuracy(logits, labels, k):
        top = logits.topk(k, dim=1).indices
        return (top == labels[:, None]).any(dim=1).float().mean()


@mistake("topk_accuracy", "count")
def _():
    def topk_accuracy(logits, labels, k):
        top = logits.topk(k, dim=1).indices
        return (top == labels[:, None]).any(dim=1).sum().item()


@mistake("topk_accuracy", "wrong dim")
def _():
    def topk_accuracy(logits, labels, k):
        top = logits.topk(k, dim=0).indices
        return (top == labels).any(dim=0).float().mean().item()


@mistake("topk_accuracy", "smallest")
def _():
    def topk_accuracy(logits, labels, k):
        top = logits.topk(k, dim=1, largest=False).indices
        return (top == labels[:, None]).any(dim=1).float().mean().item()


@mistake("topk_accuracy", "k - 1")
def _():
    def topk_accuracy(logits, labels, k):
        top = logits.argsort(dim=1, descending=True)[:, : k - 1]
        return (top == labels[:, None]).any(dim=1).float().mean().item()


@mistake("topk_accuracy", "top-1 only")
def _():
    def topk_accuracy(logits, labels, k):
        return (logits.argmax(dim=1) == labels).float().mean().item()


@mistake("topk_accuracy", "sorts the input in place")
def _():
    def topk_accuracy(logits, labels, k):
        top = logits.topk(k, dim=1).indices
        logits.copy_(logits.sort(dim=1).values)
        return (top == labels[:, None]).any(dim=1).float().mean().item()


@mistake("kth_smallest", "k off by one")
def _():
    def kth_smallest(x, k, dim):
        s = x.sort(dim=dim)
        return s.values.select(dim, k), s.indices.select(dim, k)


@mistake("kth_smallest", "k-th largest")
def _():
    def kth_smallest(x, k, dim):
        t = x.topk(k, dim=dim)
        return t.values.select(dim, k - 1), t.indices.select(dim, k - 1)


@mistake("kth_smallest", "always the last dim")
def _():
    def kth_smallest(x, k, dim):
        values, indices = x.kthvalue(k)
        return values, indices


@mistake("kth_smallest", "keepdim")
def _():
    def kth_smallest(x, k, dim):
        values, indices = x.kthvalue(k, dim, keepdim=True)
        return values, indices


@mistake("kth_smallest", "values only")
def _():
    def kth_smallest(x, k, dim):
        return x.kthvalue(k, dim).values


@mistake("kth_smallest", "indices as float")
def _():
    def kth_smallest(x, k, dim):
        values, indices = x.kthvalue(k, dim)
        return values, indices.to(x.dtype)


@alternative("linear", "F.linear")
def _():
    def linear(x, w, b):
        return torch.nn.functional.linear(x, w, b)


@alternative("linear", "einsum")
def _():
    def linear(x, w, b):
        return torch.einsum("ni,oi->no", x, w) + b


@alternative("linear", "addmm")
def _():
    def linear(x, w, b):
        return torch.addmm(b, x, w.t())


@alternative("linear", "matmul transpose")
def _():
    def linear(x, w, b):
        return torch.matmul(x, w.transpose(0, 1)) + b.unsqueeze(0)


@alternative("batched_matmul", "matmul")
def _():
    def batched_matmul(a, b):
        return torch.matmul(a, b)


@alternative("batched_matmul", "einsum ellipsis")
def _():
    def batched_matmul(a, b):
        return torch.einsum("...nk,...km->...nm", a, b)


@alternative("batched_matmul", "broadcast and sum")
def _():
    def batched_matmul(a, b):
        return (a.unsqueeze(-1) * b.unsqueeze(-3)).sum(-2)


@alternative("batched_matmul", "broadcast then bmm")
def _():
    def batched_matmul(a, b):
        batch = torch.broadcast_shapes(a.shape[:-2], b.shape[:-2])
        a3 = a.expand(*batch, *a.shape[-2:]).reshape(-1, *a.shape[-2:])
        b3 = b.expand(*batch, *b.shape[-2:]).reshape(-1, *b.shape[-2:])
        return torch.bmm(a3, b3).reshape(*batch, a.shape[-2], b.shape[-1])


@alternative("clamp_gradients", "clip")
def _():
    def clamp_gradients(grad, max_value):
        return torch.clip(grad, min=-max_value, max=max_value)


@alternative("clamp_gradients", "where")
def _():
    def clamp_gradients(grad, max_value):
        m = torch.full_like(grad, max_value)
        return torch.where(grad > m, m, torch.where(grad < -m, -m, grad))


@alternative("clamp_gradients", "minimum maximum")
def _():
    def clamp_gradients(grad, max_value):
        m = torch.tensor(max_value, dtype=grad.dtype, device=grad.device)
        return torch.minimum(torch.maximum(grad, -m), m)


@alternative("clamp_gradients", "sign times clipped magnitude")
def _():
    def clamp_gradients(grad, max_value):
        return torch.where(grad.abs() > max_value, grad.sign() * max_value, grad)


@alternative("clamp_gradients", "clone then clamp_")
def _():
    def clamp_gradients(grad, max_value):
        return grad.clone().clamp_(-max_value, max_value)


@alternative("clip_grad_norm", "torch's clip_grad_norm_ on wrapper parameters")
def _():
    def clip_grad_norm(grads, max_norm):
        params = [torch.nn.Parameter(torch.empty_like(g)) for g in grads]
        for p, g in zip(params, grads):
            p.grad = g
        return torch.nn.utils.clip_grad_norm_(params, max_norm).item()


@alternative("clip_grad_norm", "python float coefficient")
def _():
    def clip_grad_norm(grads, max_norm):
        total = torch.cat([g.reshape(-1) for g in grads]).norm().item()
        coef = min(max_norm / (total + 1e-6), 1.0)
        for g in grads:
            g.mul_(coef)
        return total


@alternative("clip_grad_norm", "sum of squares and a branch")
def _():
    def clip_grad_norm(grads, max_norm):
        total = sum((g * g).sum() for g in grads).sqrt()
        coef = max_norm / (total + 1e-6)
        if coef < 1:
            for g in grads:
                g.mul_(coef)
        return float(total)


@alternative("clip_grad_norm", "foreach")
def _():
    def clip_grad_norm(grads, max_norm):
        total = torch.linalg.vector_norm(torch.stack(torch._foreach_norm(grads)))
        torch._foreach_mul_(grads, torch.clamp(max_norm / (total + 1e-6), max=1.0))
        return total.item()


@alternative("clip_grad_norm", "copy_ in place")
def _():
    def clip_grad_norm(grads, max_norm):
        total = torch.sqrt(sum(g.pow(2).sum() for g in grads))
        coef = torch.clamp(max_norm / (total + 1e-6), max=1.0)
        for g in grads:
            g.copy_(g * coef)
        return total.item()


@alternative("row_norms", "Tensor.norm")
def _():
    def row_norms(x, p):
        return x.norm(p=p, dim=1)


@alternative("row_norms", "by formula")
def _():
    def row_norms(x, p):
        return (x.abs() ** p).sum(dim=1) ** (1.0 / p)


@alternative("row_norms", "linalg.norm")
def _():
    def row_norms(x, p):
        return torch.linalg.norm(x, ord=p, dim=1)


@alternative("row_norms", "branches")
def _():
    def row_norms(x, p):
        if p == 1:
            return x.abs().sum(dim=-1)
        return x.pow(2).sum(dim=-1).sqrt()


@alternative("accuracy", "mean of floats")
def _():
    def accuracy(logits, labels):
        return (logits.argmax(dim=1) == labels).float().mean().item()


@alternative("accuracy", "max indices")
def _():
    def accuracy(logits, labels):
        pred = logits.max(dim=1).indices
        return float(pred.eq(labels).sum()) / len(labels)


@alternative("accuracy", "python loop")
def _():
    def accuracy(logits, labels):
        right = 0
        for row, label in zip(logits, labels):
            right += int(row.argmax() == label)
        return right / len(labels)


@alternative("topk_accuracy", "rank by counting")
def _():
    def topk_accuracy(logits, labels, k):
        target = logits.gather(1, labels[:, None])
        rank = (logits > target).sum(dim=1)
        return (rank < k).float().mean().item()


@alternative("topk_accuracy", "argsort")
def _():
    def topk_accuracy(logits, labels, k):
        top = logits.argsort(dim=1, descending=True)[:, :k]
        return top.eq(labels.view(-1, 1).expand_as(top)).sum().item() / logits.shape[0]


@alternative("topk_accuracy", "isin loop")
def _():
    def topk_accuracy(logits, labels, k):
        top = torch.topk(logits, k).indices
        hits = [bool(torch.isin(label, row)) for row, label in zip(top, labels)]
        return sum(hits) / len(hits)


@alternative("kth_smallest", "torch.kthvalue as tuple")
def _():
    def kth_smallest(x, k, dim):
        return tuple(torch.kthvalue(x, k, dim))


@alternative("kth_smallest", "torch.kthvalue as is")
def _():
    def kth_smallest(x, k, dim):
        return torch.kthvalue(x, k, dim)


@alternative("kth_smallest", "sort and select")
def _():
    def kth_smallest(x, k, dim):
        values, indices = torch.sort(x, dim=dim)
        return values.select(dim, k - 1), indices.select(dim, k - 1)


@alternative("kth_smallest", "topk smallest")
def _():
    def kth_smallest(x, k, dim):
        t = x.topk(k, dim=dim, largest=False)
        return t.values.select(dim, -1), t.indices.select(dim, -1)


@alternative("kth_smallest", "negative sort descending")
def _():
    def kth_smallest(x, k, dim):
        order = (-x).argsort(dim=dim, descending=True)
        idx = order.narrow(dim, k - 1, 1)
        return x.gather(dim, idx).squeeze(dim), idx.squeeze(dim)
