"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `logistic`. Each entry is source appended to the reference solution module, so
it replaces that one function."""

MISTAKES = {
    "entropy": {
        "naive p * log p": (
            "def entropy(p, base=math.e):\n"
            "    return -(p * torch.log(p)).sum(dim=-1) / math.log(base)\n"
        ),
        "missing minus": (
            "def entropy(p, base=math.e):\n"
            "    return torch.special.xlogy(p, p).sum(dim=-1) / math.log(base)\n"
        ),
        "base ignored": "def entropy(p, base=math.e):\n    return torch.special.entr(p).sum(dim=-1)\n",
        "times ln(base)": (
            "def entropy(p, base=math.e):\n"
            "    return torch.special.entr(p).sum(dim=-1) * math.log(base)\n"
        ),
        "keepdim": (
            "def entropy(p, base=math.e):\n"
            "    return torch.special.entr(p).sum(dim=-1, keepdim=True) / math.log(base)\n"
        ),
        "mean": (
            "def entropy(p, base=math.e):\n"
            "    return torch.special.entr(p).mean(dim=-1) / math.log(base)\n"
        ),
        "clamps p in place": (
            "def entropy(p, base=math.e):\n"
            "    p.clamp_(min=1e-30)\n"
            "    return -(p * p.log()).sum(dim=-1) / math.log(base)\n"
        ),
    },
    "kl_divergence": {
        "naive": "def kl_divergence(p, q):\n    return (p * torch.log(p / q)).sum(dim=-1)\n",
        "swapped": (
            "def kl_divergence(p, q):\n"
            "    return (torch.special.xlogy(q, q) - torch.special.xlogy(q, p)).sum(dim=-1)\n"
        ),
        "log(q / p)": (
            "def kl_divergence(p, q):\n"
            "    return (torch.special.xlogy(p, q) - torch.special.xlogy(p, p)).sum(dim=-1)\n"
        ),
        "cross entropy": "def kl_divergence(p, q):\n    return -torch.special.xlogy(p, q).sum(dim=-1)\n",
        "not summed": (
            "def kl_divergence(p, q):\n"
            "    return torch.special.xlogy(p, p) - torch.special.xlogy(p, q)\n"
        ),
        "zeros without device=": (
            "def kl_divergence(p, q):\n"
            "    terms = torch.where(p > 0, p * (p / q).log(), torch.zeros(p.shape))\n"
            "    return terms.sum(dim=-1)\n"
        ),
    },
    "cross_entropy_by_hand": {
        "F.cross_entropy": (
            "import torch.nn.functional as F\n"
            "def cross_entropy_by_hand(logits, targets):\n"
            "    return F.cross_entropy(logits, targets)\n"
        ),
        "log_softmax method + nll": (
            "def cross_entropy_by_hand(logits, targets):\n"
            "    return torch.nn.functional.nll_loss(logits.log_softmax(dim=1), targets)\n"
        ),
        "log of softmax": (
            "def cross_entropy_by_hand(logits, targets):\n"
            "    p = torch.softmax(logits, dim=1)\n"
            "    return -p[torch.arange(len(targets)), targets].log().mean()\n"
        ),
        "aten overload": (
            "def cross_entropy_by_hand(logits, targets):\n"
            "    logp = torch.ops.aten.log_softmax.int(logits, 1)\n"
            "    return -logp.gather(1, targets[:, None]).mean()\n"
        ),
        "naive softmax overflows": (
            "def cross_entropy_by_hand(logits, targets):\n"
            "    e = logits.exp()\n"
            "    p = e / e.sum(dim=1, keepdim=True)\n"
            "    return -p[torch.arange(len(targets)), targets].log().mean()\n"
        ),
        "global max": (
            "def cross_entropy_by_hand(logits, targets):\n"
            "    a = logits - logits.max()\n"
            "    log_p = a - a.exp().sum(dim=1, keepdim=True).log()\n"
            "    return -log_p[torch.arange(len(targets)), targets].mean()\n"
        ),
        "sum": (
            "def cross_entropy_by_hand(logits, targets):\n"
            "    picked = logits.gather(1, targets[:, None]).squeeze(1)\n"
            "    return (logits.logsumexp(dim=1) - picked).sum()\n"
        ),
        "per-sample losses": (
            "def cross_entropy_by_hand(logits, targets):\n"
            "    picked = logits.gather(1, targets[:, None]).squeeze(1)\n"
            "    return logits.logsumexp(dim=1) - picked\n"
        ),
        "missing minus": (
            "def cross_entropy_by_hand(logits, targets):\n"
            "    picked = logits.gather(1, targets[:, None]).squeeze(1)\n"
            "    return (picked - logits.logsumexp(dim=1)).mean()\n"
        ),
        "max subtracted in place": (
            "def cross_entropy_by_hand(logits, targets):\n"
            "    logits -= logits.max(dim=1, keepdim=True).values\n"
            "    log_p = logits - logits.exp().sum(dim=1, keepdim=True).log()\n"
            "    return -log_p.gather(1, targets[:, None]).mean()\n"
        ),
    },
    "binary_cross_entropy_by_hand": {
        "F.binary_cross_entropy": (
            "import torch.nn.functional as F\n"
            "def binary_cross_entropy_by_hand(probs, targets):\n"
            "    return F.binary_cross_entropy(probs, targets)\n"
        ),
        "BCELoss": (
            "def binary_cross_entropy_by_hand(probs, targets):\n"
            "    return torch.nn.BCELoss()(probs, targets)\n"
        ),
        "no clamp": (
            "def binary_cross_entropy_by_hand(probs, targets):\n"
            "    return -(targets * probs.log() + (1 - targets) * (1 - probs).log()).mean()\n"
        ),
        "epsilon clamp": (
            "def binary_cross_entropy_by_hand(probs, targets):\n"
            "    p = probs.clamp(1e-7, 1 - 1e-7)\n"
            "    return -(targets * p.log() + (1 - targets) * (1 - p).log()).mean()\n"
        ),
        "clamp after multiplying": (
            "def binary_cross_entropy_by_hand(probs, targets):\n"
            "    a = (targets * probs.log()).clamp(min=-100)\n"
            "    b = ((1 - targets) * (1 - probs).log()).clamp(min=-100)\n"
            "    return -(a + b).mean()\n"
        ),
        "sum": (
            "def binary_cross_entropy_by_hand(probs, targets):\n"
            "    log_p = probs.log().clamp(min=-100)\n"
            "    log_q = (1 - probs).log().clamp(min=-100)\n"
            "    return -(targets * log_p + (1 - targets) * log_q).sum()\n"
        ),
        "terms swapped": (
            "def binary_cross_entropy_by_hand(probs, targets):\n"
            "    log_p = probs.log().clamp(min=-100)\n"
            "    log_q = (1 - probs).log().clamp(min=-100)\n"
            "    return -(targets * log_q + (1 - targets) * log_p).mean()\n"
        ),
        "clamps probs in place": (
            "def binary_cross_entropy_by_hand(probs, targets):\n"
            "    probs.clamp_(1e-7, 1 - 1e-7)\n"
            "    return -(targets * probs.log() + (1 - targets) * (1 - probs).log()).mean()\n"
        ),
    },
    "logistic_predict": {
        ">= at the boundary": (
            "def logistic_predict(x, w, b):\n    return (torch.sigmoid(x @ w + b) >= 0.5).long()\n"
        ),
        "bool": "def logistic_predict(x, w, b):\n    return torch.sigmoid(x @ w + b) > 0.5\n",
        "round gives float": (
            "def logistic_predict(x, w, b):\n    return torch.sigmoid(x @ w + b).round()\n"
        ),
        "no bias": "def logistic_predict(x, w, b):\n    return (x @ w > 0).long()\n",
        "flipped": "def logistic_predict(x, w, b):\n    return (torch.sigmoid(x @ w + b) < 0.5).long()\n",
        "zeros on the CPU": (
            "def logistic_predict(x, w, b):\n"
            "    out = torch.zeros(x.shape[0], dtype=torch.long)\n"
            "    out[torch.sigmoid(x @ w + b) > 0.5] = 1\n"
            "    return out\n"
        ),
    },
}

ALTERNATIVES = {
    "entropy": {
        "entr and log2": (
            "def entropy(p, base=math.e):\n"
            "    h = torch.special.entr(p).sum(-1)\n"
            "    return h / torch.log(torch.tensor(float(base), dtype=p.dtype))\n"
        ),
        "where mask": (
            "def entropy(p, base=math.e):\n"
            "    safe = torch.where(p > 0, p, torch.ones_like(p))\n"
            "    return -(p * safe.log()).sum(dim=-1) / math.log(base)\n"
        ),
        "nan_to_num": (
            "def entropy(p, base=math.e):\n"
            "    terms = torch.nan_to_num(p * p.log(), nan=0.0)\n"
            "    return -terms.sum(-1) / math.log(base)\n"
        ),
    },
    "kl_divergence": {
        "where mask": (
            "def kl_divergence(p, q):\n"
            "    safe_p = torch.where(p > 0, p, torch.ones_like(p))\n"
            "    return torch.where(p > 0, p * (safe_p.log() - q.log()), 0.0).sum(dim=-1)\n"
        ),
        "entropy and cross entropy": (
            "def kl_divergence(p, q):\n"
            "    cross = -torch.special.xlogy(p, q).sum(-1)\n"
            "    return cross - torch.special.entr(p).sum(-1)\n"
        ),
    },
    "cross_entropy_by_hand": {
        "row max, variable named log_softmax": (
            "def cross_entropy_by_hand(logits, targets):\n"
            "    m = logits.max(dim=1, keepdim=True).values\n"
            "    log_softmax = logits - m - (logits - m).exp().sum(dim=1, keepdim=True).log()\n"
            "    cross_entropy = -log_softmax[torch.arange(len(targets)), targets].mean()\n"
            "    return cross_entropy\n"
        ),
        "one-hot": (
            "def cross_entropy_by_hand(logits, targets):\n"
            "    one_hot = torch.zeros_like(logits).scatter_(1, targets[:, None], 1.0)\n"
            "    lse = torch.logsumexp(logits, dim=1, keepdim=True)\n"
            "    return -(one_hot * (logits - lse)).sum(dim=1).mean()\n"
        ),
        "loop over samples": (
            "def cross_entropy_by_hand(logits, targets):\n"
            "    losses = []\n"
            "    for a, t in zip(logits, targets):\n"
            "        m = a.max()\n"
            "        losses.append(m + (a - m).exp().sum().log() - a[t])\n"
            "    return torch.stack(losses).mean()\n"
        ),
    },
    "binary_cross_entropy_by_hand": {
        "clamp_min and where": (
            "def binary_cross_entropy_by_hand(probs, targets):\n"
            "    log_p = torch.clamp_min(torch.log(probs), -100.0)\n"
            "    log_q = torch.clamp_min(torch.log1p(-probs), -100.0)\n"
            "    loss = -(targets * log_p + (1 - targets) * log_q)\n"
            "    return loss.sum() / loss.numel()\n"
        ),
        "variable named binary_cross_entropy": (
            "def binary_cross_entropy_by_hand(probs, targets):\n"
            "    binary_cross_entropy = -(\n"
            "        targets * probs.log().clamp(min=-100)\n"
            "        + (1 - targets) * (1 - probs).log().clamp(min=-100)\n"
            "    )\n"
            "    return binary_cross_entropy.mean()\n"
        ),
    },
    "logistic_predict": {
        "z > 0": "def logistic_predict(x, w, b):\n    return (x @ w + b > 0).to(torch.int64)\n",
        "round half to even": (
            "def logistic_predict(x, w, b):\n    return torch.sigmoid(x @ w + b).round().long()\n"
        ),
        "where": (
            "def logistic_predict(x, w, b):\n"
            "    prob = torch.sigmoid(torch.matmul(x, w) + b)\n"
            "    return torch.where(prob > 0.5, 1, 0).to(dtype=torch.long, device=x.device)\n"
        ),
    },
}
