"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `regularization`. Each variant is the body of a function decorated with `@mistake`
or `@alternative` (see variants.py); the body, dedented, is appended to the reference solution
module, so it replaces that one function or class (`torch` and `math` are already imported)."""

import math

import torch

from tests.kit.mutants.variants import alternative, mistake


@mistake("train_val_split", "randint repeats indices")
def _():
    def train_val_split(n, val_fraction, generator=None):
        n_val = round(n * val_fraction)
        perm = torch.randint(0, n, (n,), generator=generator)
        return perm[n_val:], perm[:n_val]


@mistake("train_val_split", "no shuffle: the last indices")
def _():
    def train_val_split(n, val_fraction, generator=None):
        n_val = round(n * val_fraction)
        perm = torch.arange(n)
        return perm[: n - n_val], perm[n - n_val :]


@mistake("train_val_split", "generator ignored")
def _():
    def train_val_split(n, val_fraction, generator=None):
        n_val = round(n * val_fraction)
        perm = torch.randperm(n)
        return perm[n_val:], perm[:n_val]


@mistake("train_val_split", "int() truncates")
def _():
    def train_val_split(n, val_fraction, generator=None):
        n_val = int(n * val_fraction)
        perm = torch.randperm(n, generator=generator)
        return perm[n_val:], perm[:n_val]


@mistake("train_val_split", "halves rounded up")
def _():
    def train_val_split(n, val_fraction, generator=None):
        n_val = int(n * val_fraction + 0.5)
        perm = torch.randperm(n, generator=generator)
        return perm[n_val:], perm[:n_val]


@mistake("train_val_split", "train and val swapped")
def _():
    def train_val_split(n, val_fraction, generator=None):
        n_val = round(n * val_fraction)
        perm = torch.randperm(n, generator=generator)
        return perm[:n_val], perm[n_val:]


@mistake("train_val_split", "returns lists")
def _():
    def train_val_split(n, val_fraction, generator=None):
        n_val = round(n * val_fraction)
        perm = torch.randperm(n, generator=generator)
        return perm[n_val:].tolist(), perm[:n_val].tolist()


@mistake("train_val_split", "int32 indices")
def _():
    def train_val_split(n, val_fraction, generator=None):
        n_val = round(n * val_fraction)
        perm = torch.randperm(n, generator=generator, dtype=torch.int32)
        return perm[n_val:], perm[:n_val]


@mistake("kfold_indices", "torch.chunk sizes")
def _():
    def kfold_indices(n, k):
        if k < 2 or k > n:
            raise ValueError("bad k")
        indices = torch.arange(n)
        folds = []
        for val in indices.chunk(k):
            train = indices[(indices < val[0]) | (indices > val[-1])]
            folds.append((train, val))
        return folds


@mistake("kfold_indices", "remainder in the last fold")
def _():
    def kfold_indices(n, k):
        if k < 2 or k > n:
            raise ValueError(f"bad k={k} for n={n}")
        indices = torch.arange(n)
        folds, start = [], 0
        for i in range(k):
            stop = start + n // k + (n % k if i == k - 1 else 0)
            train = torch.cat([indices[:start], indices[stop:]])
            folds.append((train, indices[start:stop]))
            start = stop
        return folds


@mistake("kfold_indices", "remainder dropped")
def _():
    def kfold_indices(n, k):
        if k < 2 or k > n:
            raise ValueError(f"bad k={k} for n={n}")
        indices = torch.arange(n)
        folds, start = [], 0
        for i in range(k):  # noqa: B007
            stop = start + n // k
            train = torch.cat([indices[:start], indices[stop:]])
            folds.append((train, indices[start:stop]))
            start = stop
        return folds


@mistake("kfold_indices", "train includes the fold")
def _():
    def kfold_indices(n, k):
        if k < 2 or k > n:
            raise ValueError(f"bad k={k} for n={n}")
        indices = torch.arange(n)
        folds, start = [], 0
        for i in range(k):
            stop = start + n // k + (1 if i < n % k else 0)
            train = indices
            folds.append((train, indices[start:stop]))
            start = stop
        return folds


@mistake("kfold_indices", "no ValueError")
def _():
    def kfold_indices(n, k):
        pass
        indices = torch.arange(n)
        folds, start = [], 0
        for i in range(k):
            stop = start + n // k + (1 if i < n % k else 0)
            train = torch.cat([indices[:start], indices[stop:]])
            folds.append((train, indices[start:stop]))
            start = stop
        return folds


@mistake("kfold_indices", "k == n rejected")
def _():
    def kfold_indices(n, k):
        if k < 2 or k >= n:
            raise ValueError("bad k")
        indices = torch.arange(n)
        folds, start = [], 0
        for i in range(k):
            stop = start + n // k + (1 if i < n % k else 0)
            train = torch.cat([indices[:start], indices[stop:]])
            folds.append((train, indices[start:stop]))
            start = stop
        return folds


@mistake("kfold_indices", "train rotated")
def _():
    def kfold_indices(n, k):
        if k < 2 or k > n:
            raise ValueError(f"bad k={k} for n={n}")
        indices = torch.arange(n)
        folds, start = [], 0
        for i in range(k):
            stop = start + n // k + (1 if i < n % k else 0)
            train = torch.cat([indices[stop:], indices[:start]])
            folds.append((train, indices[start:stop]))
            start = stop
        return folds


@mistake("kfold_indices", "int32 indices")
def _():
    def kfold_indices(n, k):
        if k < 2 or k > n:
            raise ValueError(f"bad k={k} for n={n}")
        indices = torch.arange(n, dtype=torch.int32)
        folds, start = [], 0
        for i in range(k):
            stop = start + n // k + (1 if i < n % k else 0)
            train = torch.cat([indices[:start], indices[stop:]])
            folds.append((train, indices[start:stop]))
            start = stop
        return folds


@mistake("l1_penalty", "abs missing")
def _():
    def l1_penalty(params):
        terms = [p.sum() for p in params]
        return sum(terms) if terms else torch.tensor(0.0)


@mistake("l1_penalty", "mean")
def _():
    def l1_penalty(params):
        terms = [p.abs().mean() for p in params]
        return sum(terms) if terms else torch.tensor(0.0)


@mistake("l1_penalty", ".item() gives a float")
def _():
    def l1_penalty(params):
        return sum(p.abs().sum().item() for p in params)


@mistake("l1_penalty", "torch.tensor of the number")
def _():
    def l1_penalty(params):
        return torch.tensor(sum(p.abs().sum().item() for p in params))


@mistake("l1_penalty", "stack of nothing")
def _():
    def l1_penalty(params):
        return torch.stack([p.abs().sum() for p in params]).sum()


@mistake("l1_penalty", "view on non-contiguous")
def _():
    def l1_penalty(params):
        params = list(params)
        if not params:
            return torch.tensor(0.0)
        return torch.cat([p.view(-1) for p in params]).abs().sum()


@mistake("l1_penalty", "L2 norms")
def _():
    def l1_penalty(params):
        terms = [p.norm() for p in params]
        return sum(terms) if terms else torch.tensor(0.0)


@mistake("l1_penalty", "zeros(1) to start")
def _():
    def l1_penalty(params):
        total = torch.zeros(1)
        for p in params:
            total = total + p.abs().sum()
        return total


@mistake("l1_penalty", "abs_ in place")
def _():
    def l1_penalty(params):
        terms = [p.abs_().sum() for p in params]
        return sum(terms) if terms else torch.tensor(0.0)


@mistake("l2_penalty", "norm, not squared")
def _():
    def l2_penalty(params):
        terms = [p.norm() for p in params]
        return sum(terms) if terms else torch.tensor(0.0)


@mistake("l2_penalty", "sqrt of the total")
def _():
    def l2_penalty(params):
        terms = [(p**2).sum() for p in params]
        return torch.sqrt(sum(terms)) if terms else torch.tensor(0.0)


@mistake("l2_penalty", "half")
def _():
    def l2_penalty(params):
        terms = [0.5 * (p**2).sum() for p in params]
        return sum(terms) if terms else torch.tensor(0.0)


@mistake("l2_penalty", "mean")
def _():
    def l2_penalty(params):
        terms = [(p**2).mean() for p in params]
        return sum(terms) if terms else torch.tensor(0.0)


@mistake("l2_penalty", ".item() gives a float")
def _():
    def l2_penalty(params):
        return sum((p**2).sum().item() for p in params)


@mistake("l2_penalty", "detached sum")
def _():
    def l2_penalty(params):
        terms = [(p**2).sum() for p in params]
        return sum(terms).detach() if terms else torch.tensor(0.0)


@mistake("l2_penalty", "cat without flattening")
def _():
    def l2_penalty(params):
        params = list(params)
        if not params:
            return torch.tensor(0.0)
        return torch.cat(params).pow(2).sum()


@mistake("l2_penalty", "stack of nothing")
def _():
    def l2_penalty(params):
        return torch.stack([(p**2).sum() for p in params]).sum()


@mistake("dropout_by_hand", "F.dropout")
def _():
    import torch.nn.functional as F

    def dropout_by_hand(x, p, training, generator=None):
        return F.dropout(x, p, training)


@mistake("dropout_by_hand", "nn.Dropout")
def _():
    def dropout_by_hand(x, p, training, generator=None):
        layer = torch.nn.Dropout(p)
        layer.train(training)
        return layer(x)


@mistake("dropout_by_hand", "native_dropout")
def _():
    def dropout_by_hand(x, p, training, generator=None):
        if not 0 <= p <= 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        pass
        pass
        keep = None  # noqa: F841
        return torch.native_dropout(x, p, training)[0]


@mistake("dropout_by_hand", "survivors not scaled")
def _():
    def dropout_by_hand(x, p, training, generator=None):
        if not 0 <= p <= 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        if not training:
            return x
        if p == 1:
            return torch.zeros_like(x)
        keep = torch.rand(x.shape, generator=generator, device=x.device) >= p
        return x * keep


@mistake("dropout_by_hand", "scaled by 1/p")
def _():
    def dropout_by_hand(x, p, training, generator=None):
        if not 0 <= p <= 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        if not training:
            return x
        if p == 1:
            return torch.zeros_like(x)
        keep = torch.rand(x.shape, generator=generator, device=x.device) >= p
        return x * keep / p


@mistake("dropout_by_hand", "p kept, not dropped")
def _():
    def dropout_by_hand(x, p, training, generator=None):
        if not 0 <= p <= 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        if not training:
            return x
        if p == 1:
            return torch.zeros_like(x)
        keep = torch.rand(x.shape, generator=generator, device=x.device) < p
        return x * keep / (1 - p)


@mistake("dropout_by_hand", "nan at p = 1")
def _():
    def dropout_by_hand(x, p, training, generator=None):
        if not 0 <= p <= 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        if not training:
            return x
        pass
        keep = torch.rand(x.shape, generator=generator, device=x.device) >= p
        return x * keep / (1 - p)


@mistake("dropout_by_hand", "training ignored")
def _():
    def dropout_by_hand(x, p, training, generator=None):
        if not 0 <= p <= 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        pass
        if p == 1:
            return torch.zeros_like(x)
        keep = torch.rand(x.shape, generator=generator, device=x.device) >= p
        return x * keep / (1 - p)


@mistake("dropout_by_hand", "eval scaled by 1 - p")
def _():
    def dropout_by_hand(x, p, training, generator=None):
        if not 0 <= p <= 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        if not training:
            return x * (1 - p)
        if p == 1:
            return torch.zeros_like(x)
        keep = torch.rand(x.shape, generator=generator, device=x.device) >= p
        return x * keep / (1 - p)


@mistake("dropout_by_hand", "in place")
def _():
    def dropout_by_hand(x, p, training, generator=None):
        if not 0 <= p <= 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        if not training:
            return x
        if p == 1:
            return torch.zeros_like(x)
        keep = torch.rand(x.shape, generator=generator, device=x.device) >= p
        x.mul_(keep).div_(1 - p)
        return x


@mistake("dropout_by_hand", "mask on the CPU")
def _():
    def dropout_by_hand(x, p, training, generator=None):
        if not 0 <= p <= 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        if not training:
            return x
        if p == 1:
            return torch.zeros_like(x)
        keep = torch.rand(x.shape, generator=generator) >= p
        return x * keep / (1 - p)


@mistake("dropout_by_hand", "global generator")
def _():
    def dropout_by_hand(x, p, training, generator=None):
        if not 0 <= p <= 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        if not training:
            return x
        if p == 1:
            return torch.zeros_like(x)
        keep = torch.rand(x.shape, device=x.device) >= p
        return x * keep / (1 - p)


@mistake("dropout_by_hand", "no ValueError")
def _():
    def dropout_by_hand(x, p, training, generator=None):
        pass
        if not training:
            return x
        if p == 1:
            return torch.zeros_like(x)
        keep = torch.rand(x.shape, generator=generator, device=x.device) >= p
        return x * keep / (1 - p)


@mistake("dropout_by_hand", "ValueError only while training")
def _():
    def dropout_by_hand(x, p, training, generator=None):
        pass
        if not training:
            return x
        if not 0 <= p <= 1:
            raise ValueError("p must be in [0, 1]")
        if p == 1:
            return torch.zeros_like(x)
        keep = torch.rand(x.shape, generator=generator, device=x.device) >= p
        return x * keep / (1 - p)


@mistake("dropout_by_hand", "one mask for every row")
def _():
    def dropout_by_hand(x, p, training, generator=None):
        if not 0 <= p <= 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        if not training:
            return x
        if p == 1:
            return torch.zeros_like(x)
        keep = torch.rand(x.shape[-1], generator=generator, device=x.device) >= p
        return x * keep / (1 - p)


@mistake("dropout_by_hand", "zeros without dtype")
def _():
    def dropout_by_hand(x, p, training, generator=None):
        if not 0 <= p <= 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        if not training:
            return x
        if p == 1:
            return torch.zeros_like(x)
        keep = torch.rand(x.shape, generator=generator, device=x.device) >= p
        out = torch.zeros(x.shape, device=x.device)
        out[keep] = x[keep] / (1 - p)
        return out


@mistake("dropout_by_hand", "zeros on the CPU at p = 1")
def _():
    def dropout_by_hand(x, p, training, generator=None):
        if not 0 <= p <= 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        if not training:
            return x
        if p == 1:
            return torch.zeros(x.shape, dtype=x.dtype)
        keep = torch.rand(x.shape, generator=generator, device=x.device) >= p
        return x * keep / (1 - p)


@mistake("EarlyStopping", "<= counts a tie")
def _():
    class EarlyStopping:
        def __init__(self, patience, min_delta=0.0):
            self.patience = patience
            self.min_delta = min_delta
            self.best = math.inf
            self.best_epoch = None
            self.calls = 0
            self.wait = 0
            self.last = math.inf

        def step(self, val_loss):
            loss = float(val_loss)
            if loss <= self.best - self.min_delta:
                self.best, self.best_epoch = loss, self.calls
                self.wait = 0
            else:
                self.wait += 1
                pass
            self.last = loss
            self.calls += 1
            return self.wait >= self.patience


@mistake("EarlyStopping", "min_delta ignored")
def _():
    class EarlyStopping:
        def __init__(self, patience, min_delta=0.0):
            self.patience = patience
            self.min_delta = min_delta
            self.best = math.inf
            self.best_epoch = None
            self.calls = 0
            self.wait = 0
            self.last = math.inf

        def step(self, val_loss):
            loss = float(val_loss)
            if loss < self.best:
                self.best, self.best_epoch = loss, self.calls
                self.wait = 0
            else:
                self.wait += 1
                pass
            self.last = loss
            self.calls += 1
            return self.wait >= self.patience


@mistake("EarlyStopping", "count not reset")
def _():
    class EarlyStopping:
        def __init__(self, patience, min_delta=0.0):
            self.patience = patience
            self.min_delta = min_delta
            self.best = math.inf
            self.best_epoch = None
            self.calls = 0
            self.wait = 0
            self.last = math.inf

        def step(self, val_loss):
            loss = float(val_loss)
            if loss < self.best - self.min_delta:
                self.best, self.best_epoch = loss, self.calls
                pass
            else:
                self.wait += 1
                pass
            self.last = loss
            self.calls += 1
            return self.wait >= self.patience


@mistake("EarlyStopping", "compared with the last loss")
def _():
    class EarlyStopping:
        def __init__(self, patience, min_delta=0.0):
            self.patience = patience
            self.min_delta = min_delta
            self.best = math.inf
            self.best_epoch = None
            self.calls = 0
            self.wait = 0
            self.last = math.inf

        def step(self, val_loss):
            loss = float(val_loss)
            if loss < self.last - self.min_delta:
                self.best, self.best_epoch = loss, self.calls
                self.wait = 0
            else:
                self.wait += 1
                pass
            self.last = loss
            self.calls += 1
            return self.wait >= self.patience


@mistake("EarlyStopping", "> patience")
def _():
    class EarlyStopping:
        def __init__(self, patience, min_delta=0.0):
            self.patience = patience
            self.min_delta = min_delta
            self.best = math.inf
            self.best_epoch = None
            self.calls = 0
            self.wait = 0
            self.last = math.inf

        def step(self, val_loss):
            loss = float(val_loss)
            if loss < self.best - self.min_delta:
                self.best, self.best_epoch = loss, self.calls
                self.wait = 0
            else:
                self.wait += 1
                pass
            self.last = loss
            self.calls += 1
            return self.wait > self.patience


@mistake("EarlyStopping", "== patience")
def _():
    class EarlyStopping:
        def __init__(self, patience, min_delta=0.0):
            self.patience = patience
            self.min_delta = min_delta
            self.best = math.inf
            self.best_epoch = None
            self.calls = 0
            self.wait = 0
            self.last = math.inf

        def step(self, val_loss):
            loss = float(val_loss)
            if loss < self.best - self.min_delta:
                self.best, self.best_epoch = loss, self.calls
                self.wait = 0
            else:
                self.wait += 1
                pass
            self.last = loss
            self.calls += 1
            return self.wait == self.patience


@mistake("EarlyStopping", "latched: True for good once stopped")
def _():
    class EarlyStopping:
        def __init__(self, patience, min_delta=0.0):
            self.patience, self.min_delta = patience, min_delta
            self.best, self.best_epoch = math.inf, None
            self.calls, self.wait, self.stopped = 0, 0, False

        def step(self, val_loss):
            if val_loss < self.best - self.min_delta:
                self.best, self.best_epoch, self.wait = float(val_loss), self.calls, 0
            else:
                self.wait += 1
            self.calls += 1
            self.stopped = self.stopped or self.wait >= self.patience
            return self.stopped


@mistake("EarlyStopping", "1-based best_epoch")
def _():
    class EarlyStopping:
        def __init__(self, patience, min_delta=0.0):
            self.patience = patience
            self.min_delta = min_delta
            self.best = math.inf
            self.best_epoch = None
            self.calls = 0
            self.wait = 0
            self.last = math.inf

        def step(self, val_loss):
            loss = float(val_loss)
            if loss < self.best - self.min_delta:
                self.best, self.best_epoch = loss, self.calls + 1
                self.wait = 0
            else:
                self.wait += 1
                pass
            self.last = loss
            self.calls += 1
            return self.wait >= self.patience


@mistake("EarlyStopping", "best lowered by small decreases")
def _():
    class EarlyStopping:
        def __init__(self, patience, min_delta=0.0):
            self.patience = patience
            self.min_delta = min_delta
            self.best = math.inf
            self.best_epoch = None
            self.calls = 0
            self.wait = 0
            self.last = math.inf

        def step(self, val_loss):
            loss = float(val_loss)
            if loss < self.best - self.min_delta:
                self.best, self.best_epoch = loss, self.calls
                self.wait = 0
            else:
                self.wait += 1
                if loss < self.best:
                    self.best, self.best_epoch = loss, self.calls
            self.last = loss
            self.calls += 1
            return self.wait >= self.patience


@mistake("EarlyStopping", "nan improves")
def _():
    class EarlyStopping:
        def __init__(self, patience, min_delta=0.0):
            self.patience = patience
            self.min_delta = min_delta
            self.best = math.inf
            self.best_epoch = None
            self.calls = 0
            self.wait = 0
            self.last = math.inf

        def step(self, val_loss):
            loss = float(val_loss)
            if not loss >= self.best - self.min_delta:
                self.best, self.best_epoch = loss, self.calls
                self.wait = 0
            else:
                self.wait += 1
                pass
            self.last = loss
            self.calls += 1
            return self.wait >= self.patience


@mistake("EarlyStopping", "tensor loss kept")
def _():
    class EarlyStopping:
        def __init__(self, patience, min_delta=0.0):
            self.patience = patience
            self.min_delta = min_delta
            self.best = math.inf
            self.best_epoch = None
            self.calls = 0
            self.wait = 0
            self.last = math.inf

        def step(self, val_loss):
            loss = val_loss
            if loss < self.best - self.min_delta:
                self.best, self.best_epoch = loss, self.calls
                self.wait = 0
            else:
                self.wait += 1
                pass
            self.last = loss
            self.calls += 1
            return self.wait >= self.patience


@alternative("train_val_split", "sorted halves")
def _():
    def train_val_split(n, val_fraction, generator=None):
        n_val = round(n * val_fraction)
        perm = torch.randperm(n, generator=generator)
        return perm[n_val:].sort().values, perm[:n_val].sort().values


@alternative("train_val_split", "argsort of uniforms")
def _():
    def train_val_split(n, val_fraction, generator=None):
        n_val = round(n * val_fraction)
        perm = torch.rand(n, generator=generator).argsort()
        return perm[n_val:], perm[:n_val]


@alternative("train_val_split", "val at the end")
def _():
    def train_val_split(n, val_fraction, generator=None):
        n_val = round(n * val_fraction)
        perm = torch.randperm(n, generator=generator)
        return perm[: n - n_val], perm[n - n_val :]


@alternative("train_val_split", "boolean mask")
def _():
    def train_val_split(n, val_fraction, generator=None):
        n_val = round(n * val_fraction)
        is_val = torch.zeros(n, dtype=torch.bool)
        is_val[torch.randperm(n, generator=generator)[:n_val]] = True
        idx = torch.arange(n)
        return idx[~is_val], idx[is_val]


@alternative("kfold_indices", "tensor_split and a mask")
def _():
    def kfold_indices(n, k):
        if not 2 <= k <= n:
            raise ValueError(f"k must be in [2, n], got {k}")
        idx = torch.arange(n)
        folds = []
        for val in torch.tensor_split(idx, k):
            mask = torch.ones(n, dtype=torch.bool)
            mask[val] = False
            folds.append((idx[mask], val))
        return folds


@alternative("kfold_indices", "python lists")
def _():
    def kfold_indices(n, k):
        if k < 2 or k > n:
            raise ValueError("k out of range")
        sizes = [n // k + 1] * (n % k) + [n // k] * (k - n % k)
        folds, start = [], 0
        for size in sizes:
            val = list(range(start, start + size))
            train = [i for i in range(n) if i not in val]
            folds.append(
                (torch.tensor(train, dtype=torch.long), torch.tensor(val, dtype=torch.long))
            )
            start += size
        return folds


@alternative("l1_penalty", "loop from tensor(0.)")
def _():
    def l1_penalty(params):
        total = torch.tensor(0.0)
        for p in params:
            total = total + p.abs().sum()
        return total


@alternative("l1_penalty", "cat of reshapes")
def _():
    def l1_penalty(params):
        params = list(params)
        if not params:
            return torch.tensor(0.0)
        return torch.cat([p.reshape(-1) for p in params]).abs().sum()


@alternative("l1_penalty", "vector_norm ord 1")
def _():
    def l1_penalty(params):
        norms = [torch.linalg.vector_norm(p, ord=1) for p in params]
        return torch.stack(norms).sum() if norms else torch.tensor(0.0)


@alternative("l2_penalty", "p * p")
def _():
    def l2_penalty(params):
        total = torch.zeros(())
        for p in params:
            total = total + (p * p).sum()
        return total


@alternative("l2_penalty", "squared norm")
def _():
    def l2_penalty(params):
        terms = [p.norm() ** 2 for p in params]
        return sum(terms) if terms else torch.tensor(0.0)


@alternative("l2_penalty", "dot of flat")
def _():
    def l2_penalty(params):
        terms = [torch.dot(p.flatten(), p.flatten()) for p in params]
        return sum(terms) if terms else torch.tensor(0.0)


@alternative("dropout_by_hand", "bernoulli")
def _():
    def dropout_by_hand(x, p, training, generator=None):
        if p < 0 or p > 1:
            raise ValueError("p must lie in [0, 1]")
        if not training:
            return x.clone()
        if p == 1:
            return x * 0.0
        mask = torch.bernoulli(torch.full_like(x, 1 - p), generator=generator)
        return x * mask / (1 - p)


@alternative("dropout_by_hand", "where, no special case")
def _():
    def dropout_by_hand(x, p, training, generator=None):
        if not (0 <= p <= 1):
            raise ValueError(p)
        if not training:
            return x
        u = torch.rand(x.shape, generator=generator, dtype=x.dtype, device=x.device)
        return torch.where(u < p, torch.zeros_like(x), x / (1 - p))


@alternative("dropout_by_hand", "bernoulli_ on a new tensor, variable named dropout")
def _():
    def dropout_by_hand(x, p, training, generator=None):
        if not 0 <= p <= 1:
            raise ValueError("bad p")
        if not training or p == 0:
            return x.clone()
        if p == 1:
            return torch.zeros_like(x)
        mask = torch.empty_like(x).bernoulli_(1 - p, generator=generator)
        dropout = x * mask * (1.0 / (1 - p))
        return dropout


@alternative("EarlyStopping", "difference and wait_count")
def _():
    class EarlyStopping:
        def __init__(self, patience, min_delta=0.0):
            self.patience, self.min_delta = patience, min_delta
            self.best, self.best_epoch = float("inf"), None
            self.wait_count, self.epoch = 0, -1

        def step(self, val_loss):
            self.epoch += 1
            current = val_loss.item() if torch.is_tensor(val_loss) else float(val_loss)
            if self.best - current > self.min_delta:
                self.best, self.best_epoch, self.wait_count = current, self.epoch, 0
                return False
            self.wait_count += 1
            return bool(self.wait_count >= self.patience)


@alternative("EarlyStopping", "history and calls since best")
def _():
    class EarlyStopping:
        def __init__(self, patience, min_delta=0.0):
            self.patience, self.min_delta = patience, min_delta
            self.history = []
            self.best, self.best_epoch = math.inf, None

        def step(self, val_loss):
            self.history.append(float(val_loss))
            i = len(self.history) - 1
            if self.history[i] < self.best - self.min_delta:
                self.best, self.best_epoch = self.history[i], i
            since = i - self.best_epoch if self.best_epoch is not None else i + 1
            return since >= self.patience
