"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `mlp_mnist`. Each entry is source appended to the reference solution module, so
it replaces that one function or class (`math`, `torch`, `F` and `nn` are already imported
there). The reference `fit` has its own training loop, so a wrong `train_epoch` or `evaluate`
costs points there only; `MLP`'s mistakes are ones that `fit` (which flattens the batches
itself) does not feel. An activation after the last Linear (the course's lessons 27-32 end with
a ReLU or LeakyReLU) is named by MLP's checks, but `fit` feels it too, so it is not listed."""

# init_mlp_params with the places where mistakes go marked {...}.
_INIT = """def init_mlp_params(generator=None):
    params = {{}}
    for i, (fan_out, fan_in) in enumerate([(200, 784), (200, 200), (10, 200)], start=1):
        w = {draw} * {std}
        params[f"w{{i}}"] = {weight}
        params[f"b{{i}}"] = {bias}
    return params
"""
_INIT_OK = {
    "draw": "torch.randn(fan_out, fan_in, generator=generator)",
    "std": "math.sqrt(2.0 / fan_in)",
    "weight": "w.requires_grad_()",
    "bias": "torch.zeros(fan_out, requires_grad=True)",
}


def _init(**change):
    return _INIT.format(**{**_INIT_OK, **change})


# mlp_forward with the places where mistakes go marked {...}.
_FORWARD = """def mlp_forward(x, params):
    h = {act1}(x @ params["w1"]{t1} + params["b1"])
    h = {act2}(h @ params["w2"]{t2} + params["b2"])
    return {out}(h @ params["w3"].t() + params["b3"])
"""
_FORWARD_OK = {"act1": "F.relu", "act2": "F.relu", "t1": ".t()", "t2": ".t()", "out": ""}


def _forward(**change):
    return _FORWARD.format(**{**_FORWARD_OK, **change})


_MLP = """class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.{name} = nn.Sequential(
            nn.Linear(784, 200), nn.ReLU(), nn.Linear(200, 200), nn.ReLU(), nn.Linear(200, 10)
        )

    def forward(self, x):
        return {out}
"""
_MLP_OK = {"name": "model", "out": "self.{name}({flat})", "flat": "x.reshape(x.shape[0], -1)"}


def _mlp(**change):
    v = {**_MLP_OK, **change}
    return _MLP.format(name=v["name"], out=v["out"].format(name=v["name"], flat=v["flat"]))


# train_epoch with the places where mistakes go marked {...}.
_EPOCH = """def train_epoch(model, loader, optimizer, device):
    {train}
    total, count, means = 0.0, 0, []
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        logits = model(x.view(-1, 28 * 28))
        loss = F.cross_entropy({logits}, y)
        {zero}
        loss.backward()
        optimizer.step()
        total += {item} * x.shape[0]
        count += x.shape[0]
        means.append(loss.item())
    return {result}
"""
_EPOCH_OK = {
    "train": "model.train()",
    "logits": "logits",
    "zero": "optimizer.zero_grad()",
    "item": "loss.item()",
    "result": "total / count",
}


def _epoch(**change):
    return _EPOCH.format(**{**_EPOCH_OK, **change})


# evaluate with the places where mistakes go marked {...}.
_EVALUATE = """def evaluate(model, loader, device):
    {eval}
    correct, total, accuracies = 0, 0, []
    with {context}:
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            right = (model(x.view(x.size(0), -1)).argmax(dim=1) == y).sum()
            correct += {count}
            total += len(y)
            accuracies.append(right.item() / len(y))
    return {result}
"""
_EVALUATE_OK = {
    "eval": "model.eval()",
    "context": "torch.no_grad()",
    "count": "right.item()",
    "result": "correct / total",
}


def _evaluate(**change):
    return _EVALUATE.format(**{**_EVALUATE_OK, **change})


# fit with the places where mistakes go marked {...}.
_FIT = """def fit(train_loader, test_loader, epochs, lr, device, seed=0):
    {seed_first}
    model = MLP().to(device)
    {seed_after}
    optimizer = {optimizer}
    history = []
    for epoch in {epochs}:
        model.train()
        total, count, means = 0.0, 0, []
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            loss = F.cross_entropy(model(x.view(-1, 784)), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(y)
            count += len(y)
            means.append(loss.item())
        model.eval()
        correct, seen = 0, 0
        with torch.no_grad():
            for x, y in {accuracy_on}:
                x, y = x.to(device), y.to(device)
                correct += (model(x.view(-1, 784)).argmax(dim=1) == y).sum().item()
                seen += len(y)
        history.append({{"loss": {loss}, "accuracy": correct / seen}})
    return model, history
"""
_FIT_OK = {
    "seed_first": "torch.manual_seed(seed)",
    "seed_after": "pass",
    "optimizer": "torch.optim.Adam(model.parameters(), lr=lr)",
    "epochs": "range(epochs)",
    "accuracy_on": "test_loader",
    "loss": "total / count",
}


def _fit(**change):
    return _FIT.format(**{**_FIT_OK, **change})


# Gradient accumulation: the same gradient as the whole batch's, summed in another order (in
# float32 such a run drifts from the reference's where Adam meets a near-zero gradient).
_HALVES = """def _in_halves(model, x, y):
    n, half, total = len(y), (len(y) + 1) // 2, 0.0
    for xs, ys in ((x[:half], y[:half]), (x[half:], y[half:])):
        if len(ys):
            loss = F.cross_entropy(model(xs.reshape(len(ys), -1)), ys) * (len(ys) / n)
            loss.backward()
            total += loss.item()
    return total


"""

MISTAKES = {
    "init_mlp_params": {
        "std sqrt(1/fan_in)": _init(std="math.sqrt(1.0 / fan_in)"),
        "biases not zero": _init(bias="torch.randn(fan_out, generator=generator).requires_grad_()"),
        "no requires_grad": _init(weight="w", bias="torch.zeros(fan_out)"),
        "requires_grad before scaling": _init(
            draw="torch.randn(fan_out, fan_in, generator=generator, requires_grad=True)",
            weight="w",
        ),
        "weights [in, out]": _init(draw="torch.randn(fan_in, fan_out, generator=generator)"),
        "ignores the generator": _init(draw="torch.randn(fan_out, fan_in)"),
        "kaiming_uniform_": _init(
            draw="nn.init.kaiming_uniform_(torch.empty(fan_out, fan_in), nonlinearity='relu', "
            "generator=generator)",
            std="1.0",
        ),
    },
    "mlp_forward": {
        "ReLU on the logits": _forward(out="F.relu"),
        "missing the second ReLU": _forward(act2=""),
        "detached weights": _forward(t1=".data.t()", t2=".data.t()").replace(
            'params["w3"].t()', 'params["w3"].data.t()'
        ),
    },
    "MLP": {
        "attribute not named model": _mlp(name="net"),
        "squeezes a single sample's batch dim": _mlp(out="self.model({flat}).squeeze(0)"),
    },
    "train_epoch": {
        "mean of batch means": _epoch(result="sum(means) / len(means)"),
        "no zero_grad": _epoch(zero="pass"),
        "no model.train()": _epoch(train="pass"),
        "softmax before cross_entropy": _epoch(logits="logits.softmax(dim=1)"),
        "returns a tensor": _epoch(item="loss.detach()"),
    },
    "evaluate": {
        "no model.eval()": _evaluate(eval="pass"),
        "no torch.no_grad()": _evaluate(context="torch.enable_grad()"),
        "mean of batch accuracies": _evaluate(result="sum(accuracies) / len(accuracies)"),
        "returns the count": _evaluate(result="correct"),
    },
    "fit": {
        "not seeding": _fit(seed_first="pass"),
        "SGD": _fit(optimizer="torch.optim.SGD(model.parameters(), lr=lr)"),
        "ignores lr": _fit(optimizer="torch.optim.Adam(model.parameters())"),
        "one epoch short": _fit(epochs="range(1, epochs)"),
        "train accuracy in the history": _fit(accuracy_on="train_loader"),
    },
}

ALTERNATIVES = {
    "init_mlp_params": {
        "kaiming_normal_": (
            "def init_mlp_params(generator=None):\n"
            "    sizes = {'1': (200, 784), '2': (200, 200), '3': (10, 200)}\n"
            "    params = {}\n"
            "    for i, (n_out, n_in) in sizes.items():\n"
            "        w = torch.empty(n_out, n_in)\n"
            "        nn.init.kaiming_normal_(w, mode='fan_in', nonlinearity='relu', generator=generator)\n"
            "        params['w' + i] = w.requires_grad_()\n"
            "        params['b' + i] = torch.zeros(n_out).requires_grad_()\n"
            "    return params\n"
        ),
    },
    "mlp_forward": {
        "F.linear": (
            "def mlp_forward(x, params):\n"
            "    h = F.relu(F.linear(x, params['w1'], params['b1']))\n"
            "    h = F.relu(F.linear(h, params['w2'], params['b2']))\n"
            "    return F.linear(h, params['w3'], params['b3'])\n"
        ),
    },
    "MLP": {
        "nn.Flatten attribute": (
            "class MLP(nn.Module):\n"
            "    def __init__(self):\n"
            "        super(MLP, self).__init__()\n"
            "        self.flatten = nn.Flatten()\n"
            "        self.model = nn.Sequential(\n"
            "            nn.Linear(784, 200),\n"
            "            nn.ReLU(inplace=True),\n"
            "            nn.Linear(200, 200),\n"
            "            nn.ReLU(inplace=True),\n"
            "            nn.Linear(200, 10),\n"
            "        )\n"
            "\n"
            "    def forward(self, x):\n"
            "        return self.model(self.flatten(x))\n"
        ),
        # The course's own network (lesson 27) takes [b, 784]: its loop flattens first.
        "flattened input, as the course's lesson 27": _mlp(flat="x"),
        "view, flattened input": _mlp(flat="x.view(x.size(0), -1)"),
    },
    "train_epoch": {
        "gradients of two half batches added up": _HALVES
        + (
            "def train_epoch(model, loader, optimizer, device):\n"
            "    model.train()\n"
            "    total, count = 0.0, 0\n"
            "    for x, y in loader:\n"
            "        x, y = x.to(device), y.to(device)\n"
            "        optimizer.zero_grad()\n"
            "        total += _in_halves(model, x, y) * len(y)\n"
            "        optimizer.step()\n"
            "        count += len(y)\n"
            "    return total / count\n"
        ),
        "CrossEntropyLoss and len(dataset)": (
            "def train_epoch(model, loader, optimizer, device):\n"
            "    criteon = nn.CrossEntropyLoss().to(device)\n"
            "    model.train()\n"
            "    total = 0.0\n"
            "    for batch_idx, (data, target) in enumerate(loader):\n"
            "        data, target = data.to(device), target.to(device)\n"
            "        logits = model(data)\n"
            "        loss = criteon(logits, target)\n"
            "        optimizer.zero_grad()\n"
            "        loss.backward()\n"
            "        optimizer.step()\n"
            "        total += loss.item() * len(target)\n"
            "    return total / len(loader.dataset)\n"
        ),
    },
    "evaluate": {
        "mean of equality": (
            "def evaluate(model, loader, device):\n"
            "    model.eval()\n"
            "    predictions, labels = [], []\n"
            "    with torch.no_grad():\n"
            "        for x, y in loader:\n"
            "            predictions.append(model(x.to(device)).argmax(dim=1))\n"
            "            labels.append(y.to(device))\n"
            "    return (torch.cat(predictions) == torch.cat(labels)).float().mean().item()\n"
        ),
        "inference_mode": _evaluate(context="torch.inference_mode()"),
    },
    "fit": {
        "gradients of two half batches added up": _HALVES
        + (
            "def fit(train_loader, test_loader, epochs, lr, device, seed=0):\n"
            "    torch.manual_seed(seed)\n"
            "    model = MLP().to(device)\n"
            "    optimizer = torch.optim.Adam(model.parameters(), lr=lr)\n"
            "    history = []\n"
            "    for _ in range(epochs):\n"
            "        model.train()\n"
            "        total = 0.0\n"
            "        for x, y in train_loader:\n"
            "            optimizer.zero_grad()\n"
            "            total += _in_halves(model, x.to(device), y.to(device)) * len(y)\n"
            "            optimizer.step()\n"
            "        accuracy = evaluate(model, test_loader, device)\n"
            "        history.append({'loss': total / len(train_loader.dataset), 'accuracy': accuracy})\n"
            "    return model, history\n"
        ),
        "train_epoch and evaluate": (
            "def fit(train_loader, test_loader, epochs, lr, device, seed=0):\n"
            "    torch.manual_seed(seed)\n"
            "    device = torch.device(device)\n"
            "    net = MLP().to(device)\n"
            "    optimizer = torch.optim.Adam(net.parameters(), lr=lr)\n"
            "    history = []\n"
            "    for epoch in range(epochs):\n"
            "        loss = train_epoch(net, train_loader, optimizer, device)\n"
            "        history.append({'loss': loss, 'accuracy': evaluate(net, test_loader, device)})\n"
            "    return net, history\n"
        ),
    },
}
