"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `logistic`. Each variant is the body of a function decorated with `@mistake` or
`@alternative` (see variants.py); the body, dedented, is appended to the reference solution module,
so it replaces that one function."""

import math

import torch

from tests.kit.mutants.variants import alternative, mistake


@mistake("entropy", "naive p * log p")
def _():
    def entropy(p, base=math.e):
        return -(p * torch.log(p)).sum(dim=-1) / math.log(base)


@mistake("entropy", "missing minus")
def _():
    def entropy(p, base=math.e):
        return torch.special.xlogy(p, p).sum(dim=-1) / math.log(base)


@mistake("entropy", "base ignored")
def _():
    def entropy(p, base=math.e):
        return torch.special.entr(p).sum(dim=-1)


@mistake("entropy", "times ln(base)")
def _():
    def entropy(p, base=math.e):
        return torch.special.entr(p).sum(dim=-1) * math.log(base)


@mistake("entropy", "keepdim")
def _():
    def entropy(p, base=math.e):
        return torch.special.entr(p).sum(dim=-1, keepdim=True) / math.log(base)


@mistake("entropy", "mean")
def _():
    def entropy(p, base=math.e):
        return torch.special.entr(p).mean(dim=-1) / math.log(base)


@mistake("entropy", "clamps p in place")
def _():
    def entropy(p, base=math.e):
        p.clamp_(min=1e-30)
        return -(p * p.log()).sum(dim=-1) / math.log(base)


@mistake("kl_divergence", "naive")
def _():
    def kl_divergence(p, q):
        return (p * torch.log(p / q)).sum(dim=-1)


@mistake("kl_divergence", "swapped")
def _():
    def kl_divergence(p, q):
        return (torch.special.xlogy(q, q) - torch.special.xlogy(q, p)).sum(dim=-1)


@mistake("kl_divergence", "log(q / p)")
def _():
    def kl_divergence(p, q):
        return (torch.special.xlogy(p, q) - torch.special.xlogy(p, p)).sum(dim=-1)


@mistake("kl_divergence", "cross entropy")
def _():
    def kl_divergence(p, q):
        return -torch.special.xlogy(p, q).sum(dim=-1)


@mistake("kl_divergence", "not summed")
def _():
    def kl_divergence(p, q):
        return torch.special.xlogy(p, p) - torch.special.xlogy(p, q)


@mistake("kl_divergence", "zeros without device=")
def _():
    def kl_divergence(p, q):
        terms = torch.where(p > 0, p * (p / q).log(), torch.zeros(p.shape))
        return terms.sum(dim=-1)


@mistake("cross_entropy_by_hand", "F.cross_entropy")
def _():
    import torch.nn.functional as F

    def cross_entropy_by_hand(logits, targets):
        return F.cross_entropy(logits, targets)


@mistake("cross_entropy_by_hand", "log_softmax method + nll")
def _():
    def cross_entropy_by_hand(logits, targets):
        return torch.nn.functional.nll_loss(logits.log_softmax(dim=1), targets)


@mistake("cross_entropy_by_hand", "log of softmax")
def _():
    def cross_entropy_by_hand(logits, targets):
        p = torch.softmax(logits, dim=1)
        return -p[torch.arange(len(targets)), targets].log().mean()


@mistake("cross_entropy_by_hand", "aten overload")
def _():
    def cross_entropy_by_hand(logits, targets):
        logp = torch.ops.aten.log_softmax.int(logits, 1)
        return -logp.gather(1, targets[:, None]).mean()


@mistake("cross_entropy_by_hand", "naive softmax overflows")
def _():
    def cross_entropy_by_hand(logits, targets):
        e = logits.exp()
        p = e / e.sum(dim=1, keepdim=True)
        return -p[torch.arange(len(targets)), targets].log().mean()


@mistake("cross_entropy_by_hand", "global max")
def _():
    def cross_entropy_by_hand(logits, targets):
        a = logits - logits.max()
        log_p = a - a.exp().sum(dim=1, keepdim=True).log()
        return -log_p[torch.arange(len(targets)), targets].mean()


@mistake("cross_entropy_by_hand", "sum")
def _():
    def cross_entropy_by_hand(logits, targets):
        picked = logits.gather(1, targets[:, None]).squeeze(1)
        return (logits.logsumexp(dim=1) - picked).sum()


@mistake("cross_entropy_by_hand", "per-sample losses")
def _():
    def cross_entropy_by_hand(logits, targets):
        picked = logits.gather(1, targets[:, None]).squeeze(1)
        return logits.logsumexp(dim=1) - picked


@mistake("cross_entropy_by_hand", "missing minus")
def _():
    def cross_entropy_by_hand(logits, targets):
        picked = logits.gather(1, targets[:, None]).squeeze(1)
        return (picked - logits.logsumexp(dim=1)).mean()


@mistake("cross_entropy_by_hand", "max subtracted in place")
def _():
    def cross_entropy_by_hand(logits, targets):
        logits -= logits.max(dim=1, keepdim=True).values
        log_p = logits - logits.exp().sum(dim=1, keepdim=True).log()
        return -log_p.gather(1, targets[:, None]).mean()


@mistake("binary_cross_entropy_by_hand", "F.binary_cross_entropy")
def _():
    import torch.nn.functional as F

    def binary_cross_entropy_by_hand(probs, targets):
        return F.binary_cross_entropy(probs, targets)


@mistake("binary_cross_entropy_by_hand", "BCELoss")
def _():
    def binary_cross_entropy_by_hand(probs, targets):
        return torch.nn.BCELoss()(probs, targets)


@mistake("binary_cross_entropy_by_hand", "no clamp")
def _():
    def binary_cross_entropy_by_hand(probs, targets):
        return -(targets * probs.log() + (1 - targets) * (1 - probs).log()).mean()


@mistake("binary_cross_entropy_by_hand", "epsilon clamp")
def _():
    def binary_cross_entropy_by_hand(probs, targets):
        p = probs.clamp(1e-7, 1 - 1e-7)
        return -(targets * p.log() + (1 - targets) * (1 - p).log()).mean()


@mistake("binary_cross_entropy_by_hand", "clamp after multiplying")
def _():
    def binary_cross_entropy_by_hand(probs, targets):
        a = (targets * probs.log()).clamp(min=-100)
        b = ((1 - targets) * (1 - probs).log()).clamp(min=-100)
        return -(a + b).mean()


@mistake("binary_cross_entropy_by_hand", "sum")
def _():
    def binary_cross_entropy_by_hand(probs, targets):
        log_p = probs.log().clamp(min=-100)
        log_q = (1 - probs).log().clamp(min=-100)
        return -(targets * log_p + (1 - targets) * log_q).sum()


@mistake("binary_cross_entropy_by_hand", "terms swapped")
def _():
    def binary_cross_entropy_by_hand(probs, targets):
        log_p = probs.log().clamp(min=-100)
        log_q = (1 - probs).log().clamp(min=-100)
        return -(targets * log_q + (1 - targets) * log_p).mean()


@mistake("binary_cross_entropy_by_hand", "clamps probs in place")
def _():
    def binary_cross_entropy_by_hand(probs, targets):
        probs.clamp_(1e-7, 1 - 1e-7)
        return -(targets * probs.log() + (1 - targets) * (1 - probs).log()).mean()


@mistake("logistic_predict", ">= at the boundary")
def _():
    def logistic_predict(x, w, b):
        return (torch.sigmoid(x @ w + b) >= 0.5).long()


@mistake("logistic_predict", "bool")
def _():
    def logistic_predict(x, w, b):
        return torch.sigmoid(x @ w + b) > 0.5


@mistake("logistic_predict", "round gives float")
def _():
    def logistic_predict(x, w, b):
        return torch.sigmoid(x @ w + b).round()


@mistake("logistic_predict", "no bias")
def _():
    def logistic_predict(x, w, b):
        return (x @ w > 0).long()


@mistake("logistic_predict", "flipped")
def _():
    def logistic_predict(x, w, b):
        return (torch.sigmoid(x @ w + b) < 0.5).long()


@mistake("logistic_predict", "zeros on the CPU")
def _():
    def logistic_predict(x, w, b):
        out = torch.zeros(x.shape[0], dtype=torch.long)
        out[torch.sigmoid(x @ w + b) > 0.5] = 1
        return out


@alternative("entropy", "entr and log2")
def _():
    def entropy(p, base=math.e):
        h = torch.special.entr(p).sum(-1)
        return h / torch.log(torch.tensor(float(base), dtype=p.dtype))


@alternative("entropy", "where mask")
def _():
    def entropy(p, base=math.e):
        safe = torch.where(p > 0, p, torch.ones_like(p))
        return -(p * safe.log()).sum(dim=-1) / math.log(base)


@alternative("entropy", "nan_to_num")
def _():
    def entropy(p, base=math.e):
        terms = torch.nan_to_num(p * p.log(), nan=0.0)
        return -terms.sum(-1) / math.log(base)


@alternative("kl_divergence", "where mask")
def _():
    def kl_divergence(p, q):
        safe_p = torch.where(p > 0, p, torch.ones_like(p))
        return torch.where(p > 0, p * (safe_p.log() - q.log()), 0.0).sum(dim=-1)


@alternative("kl_divergence", "entropy and cross entropy")
def _():
    def kl_divergence(p, q):
        cross = -torch.special.xlogy(p, q).sum(-1)
        return cross - torch.special.entr(p).sum(-1)


@alternative("cross_entropy_by_hand", "row max, variable named log_softmax")
def _():
    def cross_entropy_by_hand(logits, targets):
        m = logits.max(dim=1, keepdim=True).values
        log_softmax = logits - m - (logits - m).exp().sum(dim=1, keepdim=True).log()
        cross_entropy = -log_softmax[torch.arange(len(targets)), targets].mean()
        return cross_entropy


@alternative("cross_entropy_by_hand", "one-hot")
def _():
    def cross_entropy_by_hand(logits, targets):
        one_hot = torch.zeros_like(logits).scatter_(1, targets[:, None], 1.0)
        lse = torch.logsumexp(logits, dim=1, keepdim=True)
        return -(one_hot * (logits - lse)).sum(dim=1).mean()


@alternative("cross_entropy_by_hand", "loop over samples")
def _():
    def cross_entropy_by_hand(logits, targets):
        losses = []
        for a, t in zip(logits, targets):
            m = a.max()
            losses.append(m + (a - m).exp().sum().log() - a[t])
        return torch.stack(losses).mean()


@alternative("binary_cross_entropy_by_hand", "clamp_min and where")
def _():
    def binary_cross_entropy_by_hand(probs, targets):
        log_p = torch.clamp_min(torch.log(probs), -100.0)
        log_q = torch.clamp_min(torch.log1p(-probs), -100.0)
        loss = -(targets * log_p + (1 - targets) * log_q)
        return loss.sum() / loss.numel()


@alternative("binary_cross_entropy_by_hand", "variable named binary_cross_entropy")
def _():
    def binary_cross_entropy_by_hand(probs, targets):
        binary_cross_entropy = -(
            targets * probs.log().clamp(min=-100)
            + (1 - targets) * (1 - probs).log().clamp(min=-100)
        )
        return binary_cross_entropy.mean()


@alternative("logistic_predict", "z > 0")
def _():
    def logistic_predict(x, w, b):
        return (x @ w + b > 0).to(torch.int64)


@alternative("logistic_predict", "round half to even")
def _():
    def logistic_predict(x, w, b):
        return torch.sigmoid(x @ w + b).round().long()


@alternative("logistic_predict", "where")
def _():
    def logistic_predict(x, w, b):
        prob = torch.sigmoid(torch.matmul(x, w) + b)
        return torch.where(prob > 0.5, 1, 0).to(dtype=torch.long, device=x.device)
