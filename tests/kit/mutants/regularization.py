"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `regularization`. Each entry is source appended to the reference solution
module, so it replaces that one function or class (`torch` and `math` are already imported)."""

# train_val_split: a permutation cut in two, with the places where mistakes go marked {...}.
_SPLIT = """def train_val_split(n, val_fraction, generator=None):
    n_val = {n_val}
    perm = {perm}
    return {result}
"""
_SPLIT_OK = {
    "n_val": "round(n * val_fraction)",
    "perm": "torch.randperm(n, generator=generator)",
    "result": "perm[n_val:], perm[:n_val]",
}


def _split(**change):
    return _SPLIT.format(**{**_SPLIT_OK, **change})


# kfold_indices: contiguous folds, the first n % k one larger.
_KFOLD = """def kfold_indices(n, k):
    {check}
    indices = {indices}
    folds, start = [], 0
    for i in range(k):
        stop = {stop}
        train = {train}
        folds.append((train, indices[start:stop]))
        start = stop
    return folds
"""
_KFOLD_OK = {
    "check": "if k < 2 or k > n:\n        raise ValueError(f'bad k={k} for n={n}')",
    "indices": "torch.arange(n)",
    "stop": "start + n // k + (1 if i < n % k else 0)",
    "train": "torch.cat([indices[:start], indices[stop:]])",
}


def _kfold(**change):
    return _KFOLD.format(**{**_KFOLD_OK, **change})


# dropout_by_hand: a uniform mask compared with p.
_DROPOUT = """def dropout_by_hand(x, p, training, generator=None):
    {check}
    {eval}
    {p_one}
    keep = {keep}
    {result}
"""
_DROPOUT_OK = {
    "check": (
        "if not 0 <= p <= 1:\n"
        "        raise ValueError(f'dropout probability has to be between 0 and 1, but got {p}')"
    ),
    "eval": "if not training:\n        return x",
    "p_one": "if p == 1:\n        return torch.zeros_like(x)",
    "keep": "torch.rand(x.shape, generator=generator, device=x.device) >= p",
    "result": "return x * keep / (1 - p)",
}


def _dropout(**change):
    return _DROPOUT.format(**{**_DROPOUT_OK, **change})


# EarlyStopping: a best loss and a count of calls without improvement.
_STOPPING = """class EarlyStopping:
    def __init__(self, patience, min_delta=0.0):
        self.patience = patience
        self.min_delta = min_delta
        self.best = math.inf
        self.best_epoch = None
        self.calls = 0
        self.wait = 0
        self.last = math.inf

    def step(self, val_loss):
        loss = {loss}
        if {improved}:
            self.best, self.best_epoch = loss, {epoch}
            {reset}
        else:
            self.wait += 1
            {otherwise}
        self.last = loss
        self.calls += 1
        return {stop}
"""
_STOPPING_OK = {
    "loss": "float(val_loss)",
    "improved": "loss < self.best - self.min_delta",
    "epoch": "self.calls",
    "reset": "self.wait = 0",
    "otherwise": "pass",
    "stop": "self.wait >= self.patience",
}


def _stopping(**change):
    return _STOPPING.format(**{**_STOPPING_OK, **change})


MISTAKES = {
    "train_val_split": {
        "randint repeats indices": _split(perm="torch.randint(0, n, (n,), generator=generator)"),
        "no shuffle: the last indices": _split(
            perm="torch.arange(n)", result="perm[: n - n_val], perm[n - n_val :]"
        ),
        "generator ignored": _split(perm="torch.randperm(n)"),
        "int() truncates": _split(n_val="int(n * val_fraction)"),
        "halves rounded up": _split(n_val="int(n * val_fraction + 0.5)"),
        "train and val swapped": _split(result="perm[:n_val], perm[n_val:]"),
        "returns lists": _split(result="perm[n_val:].tolist(), perm[:n_val].tolist()"),
        "int32 indices": _split(perm="torch.randperm(n, generator=generator, dtype=torch.int32)"),
    },
    "kfold_indices": {
        "torch.chunk sizes": (
            "def kfold_indices(n, k):\n"
            "    if k < 2 or k > n:\n"
            "        raise ValueError('bad k')\n"
            "    indices = torch.arange(n)\n"
            "    folds = []\n"
            "    for val in indices.chunk(k):\n"
            "        train = indices[(indices < val[0]) | (indices > val[-1])]\n"
            "        folds.append((train, val))\n"
            "    return folds\n"
        ),
        "remainder in the last fold": _kfold(stop="start + n // k + (n % k if i == k - 1 else 0)"),
        "remainder dropped": _kfold(stop="start + n // k"),
        "train includes the fold": _kfold(train="indices"),
        "no ValueError": _kfold(check="pass"),
        "k == n rejected": _kfold(check="if k < 2 or k >= n:\n        raise ValueError('bad k')"),
        "train rotated": _kfold(train="torch.cat([indices[stop:], indices[:start]])"),
        "int32 indices": _kfold(indices="torch.arange(n, dtype=torch.int32)"),
    },
    "l1_penalty": {
        "abs missing": (
            "def l1_penalty(params):\n"
            "    terms = [p.sum() for p in params]\n"
            "    return sum(terms) if terms else torch.tensor(0.0)\n"
        ),
        "mean": (
            "def l1_penalty(params):\n"
            "    terms = [p.abs().mean() for p in params]\n"
            "    return sum(terms) if terms else torch.tensor(0.0)\n"
        ),
        ".item() gives a float": (
            "def l1_penalty(params):\n    return sum(p.abs().sum().item() for p in params)\n"
        ),
        "torch.tensor of the number": (
            "def l1_penalty(params):\n"
            "    return torch.tensor(sum(p.abs().sum().item() for p in params))\n"
        ),
        "stack of nothing": (
            "def l1_penalty(params):\n"
            "    return torch.stack([p.abs().sum() for p in params]).sum()\n"
        ),
        "view on non-contiguous": (
            "def l1_penalty(params):\n"
            "    params = list(params)\n"
            "    if not params:\n"
            "        return torch.tensor(0.0)\n"
            "    return torch.cat([p.view(-1) for p in params]).abs().sum()\n"
        ),
        "L2 norms": (
            "def l1_penalty(params):\n"
            "    terms = [p.norm() for p in params]\n"
            "    return sum(terms) if terms else torch.tensor(0.0)\n"
        ),
        "zeros(1) to start": (
            "def l1_penalty(params):\n"
            "    total = torch.zeros(1)\n"
            "    for p in params:\n"
            "        total = total + p.abs().sum()\n"
            "    return total\n"
        ),
        "abs_ in place": (
            "def l1_penalty(params):\n"
            "    terms = [p.abs_().sum() for p in params]\n"
            "    return sum(terms) if terms else torch.tensor(0.0)\n"
        ),
    },
    "l2_penalty": {
        "norm, not squared": (
            "def l2_penalty(params):\n"
            "    terms = [p.norm() for p in params]\n"
            "    return sum(terms) if terms else torch.tensor(0.0)\n"
        ),
        "sqrt of the total": (
            "def l2_penalty(params):\n"
            "    terms = [(p ** 2).sum() for p in params]\n"
            "    return torch.sqrt(sum(terms)) if terms else torch.tensor(0.0)\n"
        ),
        "half": (
            "def l2_penalty(params):\n"
            "    terms = [0.5 * (p ** 2).sum() for p in params]\n"
            "    return sum(terms) if terms else torch.tensor(0.0)\n"
        ),
        "mean": (
            "def l2_penalty(params):\n"
            "    terms = [(p ** 2).mean() for p in params]\n"
            "    return sum(terms) if terms else torch.tensor(0.0)\n"
        ),
        ".item() gives a float": (
            "def l2_penalty(params):\n    return sum((p ** 2).sum().item() for p in params)\n"
        ),
        "detached sum": (
            "def l2_penalty(params):\n"
            "    terms = [(p ** 2).sum() for p in params]\n"
            "    return sum(terms).detach() if terms else torch.tensor(0.0)\n"
        ),
        "cat without flattening": (
            "def l2_penalty(params):\n"
            "    params = list(params)\n"
            "    if not params:\n"
            "        return torch.tensor(0.0)\n"
            "    return torch.cat(params).pow(2).sum()\n"
        ),
        "stack of nothing": (
            "def l2_penalty(params):\n"
            "    return torch.stack([(p ** 2).sum() for p in params]).sum()\n"
        ),
    },
    "dropout_by_hand": {
        "F.dropout": (
            "import torch.nn.functional as F\n"
            "def dropout_by_hand(x, p, training, generator=None):\n"
            "    return F.dropout(x, p, training)\n"
        ),
        "nn.Dropout": (
            "def dropout_by_hand(x, p, training, generator=None):\n"
            "    layer = torch.nn.Dropout(p)\n"
            "    layer.train(training)\n"
            "    return layer(x)\n"
        ),
        "native_dropout": _dropout(
            eval="pass",
            p_one="pass",
            keep="None",
            result="return torch.native_dropout(x, p, training)[0]",
        ),
        "survivors not scaled": _dropout(result="return x * keep"),
        "scaled by 1/p": _dropout(result="return x * keep / p"),
        "p kept, not dropped": _dropout(
            keep="torch.rand(x.shape, generator=generator, device=x.device) < p"
        ),
        "nan at p = 1": _dropout(p_one="pass"),
        "training ignored": _dropout(eval="pass"),
        "eval scaled by 1 - p": _dropout(eval="if not training:\n        return x * (1 - p)"),
        "in place": _dropout(result="x.mul_(keep).div_(1 - p)\n    return x"),
        "mask on the CPU": _dropout(keep="torch.rand(x.shape, generator=generator) >= p"),
        "global generator": _dropout(keep="torch.rand(x.shape, device=x.device) >= p"),
        "no ValueError": _dropout(check="pass"),
        "ValueError only while training": _dropout(
            check="pass",
            p_one=(
                "if not 0 <= p <= 1:\n"
                "        raise ValueError('p must be in [0, 1]')\n"
                "    if p == 1:\n"
                "        return torch.zeros_like(x)"
            ),
        ),
        "one mask for every row": _dropout(
            keep="torch.rand(x.shape[-1], generator=generator, device=x.device) >= p"
        ),
        "zeros without dtype": _dropout(
            result=(
                "out = torch.zeros(x.shape, device=x.device)\n"
                "    out[keep] = x[keep] / (1 - p)\n"
                "    return out"
            )
        ),
        "zeros on the CPU at p = 1": _dropout(
            p_one="if p == 1:\n        return torch.zeros(x.shape, dtype=x.dtype)"
        ),
    },
    "EarlyStopping": {
        "<= counts a tie": _stopping(improved="loss <= self.best - self.min_delta"),
        "min_delta ignored": _stopping(improved="loss < self.best"),
        "count not reset": _stopping(reset="pass"),
        "compared with the last loss": _stopping(improved="loss < self.last - self.min_delta"),
        "> patience": _stopping(stop="self.wait > self.patience"),
        "== patience": _stopping(stop="self.wait == self.patience"),
        "latched: True for good once stopped": (
            "class EarlyStopping:\n"
            "    def __init__(self, patience, min_delta=0.0):\n"
            "        self.patience, self.min_delta = patience, min_delta\n"
            "        self.best, self.best_epoch = math.inf, None\n"
            "        self.calls, self.wait, self.stopped = 0, 0, False\n"
            "\n"
            "    def step(self, val_loss):\n"
            "        if val_loss < self.best - self.min_delta:\n"
            "            self.best, self.best_epoch, self.wait = float(val_loss), self.calls, 0\n"
            "        else:\n"
            "            self.wait += 1\n"
            "        self.calls += 1\n"
            "        self.stopped = self.stopped or self.wait >= self.patience\n"
            "        return self.stopped\n"
        ),
        "1-based best_epoch": _stopping(epoch="self.calls + 1"),
        "best lowered by small decreases": _stopping(
            otherwise="if loss < self.best:\n                self.best, self.best_epoch = loss, self.calls"
        ),
        "nan improves": _stopping(improved="not loss >= self.best - self.min_delta"),
        "tensor loss kept": _stopping(loss="val_loss"),
    },
}

ALTERNATIVES = {
    "train_val_split": {
        "sorted halves": _split(result="perm[n_val:].sort().values, perm[:n_val].sort().values"),
        "argsort of uniforms": _split(perm="torch.rand(n, generator=generator).argsort()"),
        "val at the end": _split(result="perm[: n - n_val], perm[n - n_val :]"),
        "boolean mask": (
            "def train_val_split(n, val_fraction, generator=None):\n"
            "    n_val = round(n * val_fraction)\n"
            "    is_val = torch.zeros(n, dtype=torch.bool)\n"
            "    is_val[torch.randperm(n, generator=generator)[:n_val]] = True\n"
            "    idx = torch.arange(n)\n"
            "    return idx[~is_val], idx[is_val]\n"
        ),
    },
    "kfold_indices": {
        "tensor_split and a mask": (
            "def kfold_indices(n, k):\n"
            "    if not 2 <= k <= n:\n"
            "        raise ValueError(f'k must be in [2, n], got {k}')\n"
            "    idx = torch.arange(n)\n"
            "    folds = []\n"
            "    for val in torch.tensor_split(idx, k):\n"
            "        mask = torch.ones(n, dtype=torch.bool)\n"
            "        mask[val] = False\n"
            "        folds.append((idx[mask], val))\n"
            "    return folds\n"
        ),
        "python lists": (
            "def kfold_indices(n, k):\n"
            "    if k < 2 or k > n:\n"
            "        raise ValueError('k out of range')\n"
            "    sizes = [n // k + 1] * (n % k) + [n // k] * (k - n % k)\n"
            "    folds, start = [], 0\n"
            "    for size in sizes:\n"
            "        val = list(range(start, start + size))\n"
            "        train = [i for i in range(n) if i not in val]\n"
            "        folds.append((torch.tensor(train, dtype=torch.long), torch.tensor(val, dtype=torch.long)))\n"
            "        start += size\n"
            "    return folds\n"
        ),
    },
    "l1_penalty": {
        "loop from tensor(0.)": (
            "def l1_penalty(params):\n"
            "    total = torch.tensor(0.0)\n"
            "    for p in params:\n"
            "        total = total + p.abs().sum()\n"
            "    return total\n"
        ),
        "cat of reshapes": (
            "def l1_penalty(params):\n"
            "    params = list(params)\n"
            "    if not params:\n"
            "        return torch.tensor(0.0)\n"
            "    return torch.cat([p.reshape(-1) for p in params]).abs().sum()\n"
        ),
        "vector_norm ord 1": (
            "def l1_penalty(params):\n"
            "    norms = [torch.linalg.vector_norm(p, ord=1) for p in params]\n"
            "    return torch.stack(norms).sum() if norms else torch.tensor(0.0)\n"
        ),
    },
    "l2_penalty": {
        "p * p": (
            "def l2_penalty(params):\n"
            "    total = torch.zeros(())\n"
            "    for p in params:\n"
            "        total = total + (p * p).sum()\n"
            "    return total\n"
        ),
        "squared norm": (
            "def l2_penalty(params):\n"
            "    terms = [p.norm() ** 2 for p in params]\n"
            "    return sum(terms) if terms else torch.tensor(0.0)\n"
        ),
        "dot of flat": (
            "def l2_penalty(params):\n"
            "    terms = [torch.dot(p.flatten(), p.flatten()) for p in params]\n"
            "    return sum(terms) if terms else torch.tensor(0.0)\n"
        ),
    },
    "dropout_by_hand": {
        "bernoulli": (
            "def dropout_by_hand(x, p, training, generator=None):\n"
            "    if p < 0 or p > 1:\n"
            "        raise ValueError('p must lie in [0, 1]')\n"
            "    if not training:\n"
            "        return x.clone()\n"
            "    if p == 1:\n"
            "        return x * 0.0\n"
            "    mask = torch.bernoulli(torch.full_like(x, 1 - p), generator=generator)\n"
            "    return x * mask / (1 - p)\n"
        ),
        "where, no special case": (
            "def dropout_by_hand(x, p, training, generator=None):\n"
            "    if not (0 <= p <= 1):\n"
            "        raise ValueError(p)\n"
            "    if not training:\n"
            "        return x\n"
            "    u = torch.rand(x.shape, generator=generator, dtype=x.dtype, device=x.device)\n"
            "    return torch.where(u < p, torch.zeros_like(x), x / (1 - p))\n"
        ),
        "bernoulli_ on a new tensor, variable named dropout": (
            "def dropout_by_hand(x, p, training, generator=None):\n"
            "    if not 0 <= p <= 1:\n"
            "        raise ValueError('bad p')\n"
            "    if not training or p == 0:\n"
            "        return x.clone()\n"
            "    if p == 1:\n"
            "        return torch.zeros_like(x)\n"
            "    mask = torch.empty_like(x).bernoulli_(1 - p, generator=generator)\n"
            "    dropout = x * mask * (1.0 / (1 - p))\n"
            "    return dropout\n"
        ),
    },
    "EarlyStopping": {
        "difference and wait_count": (
            "class EarlyStopping:\n"
            "    def __init__(self, patience, min_delta=0.0):\n"
            "        self.patience, self.min_delta = patience, min_delta\n"
            "        self.best, self.best_epoch = float('inf'), None\n"
            "        self.wait_count, self.epoch = 0, -1\n"
            "\n"
            "    def step(self, val_loss):\n"
            "        self.epoch += 1\n"
            "        current = val_loss.item() if torch.is_tensor(val_loss) else float(val_loss)\n"
            "        if self.best - current > self.min_delta:\n"
            "            self.best, self.best_epoch, self.wait_count = current, self.epoch, 0\n"
            "            return False\n"
            "        self.wait_count += 1\n"
            "        return bool(self.wait_count >= self.patience)\n"
        ),
        "history and calls since best": (
            "class EarlyStopping:\n"
            "    def __init__(self, patience, min_delta=0.0):\n"
            "        self.patience, self.min_delta = patience, min_delta\n"
            "        self.history = []\n"
            "        self.best, self.best_epoch = math.inf, None\n"
            "\n"
            "    def step(self, val_loss):\n"
            "        self.history.append(float(val_loss))\n"
            "        i = len(self.history) - 1\n"
            "        if self.history[i] < self.best - self.min_delta:\n"
            "            self.best, self.best_epoch = self.history[i], i\n"
            "        since = i - self.best_epoch if self.best_epoch is not None else i + 1\n"
            "        return since >= self.patience\n"
        ),
    },
}
