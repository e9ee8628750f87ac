"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `mlp_mnist`. Each variant is the body of a function decorated with `@mistake` or
`@alternative` (see variants.py); the body, dedented, is appended to the reference solution module,
so it replaces that one function or class (`math`, `torch`, `F` and `nn` are already imported
there). The reference `fit` has its own training loop, so a wrong `train_epoch` or `evaluate` costs
points there only; `MLP`'s mistakes are ones that `fit` (which flattens the batches itself) does not
feel. An activation after the last Linear (the course's lessons 27-32 end with a ReLU or LeakyReLU)
is named by MLP's checks, but `fit` feels it too, so it is not listed."""

import math

import torch
import torch.nn.functional as F
from torch import nn

from solutions.mlp_mnist import MLP, evaluate, train_epoch
from tests.kit.mutants.variants import alternative, mistake


@mistake("init_mlp_params", "std sqrt(1/fan_in)")
def _():
    def init_mlp_params(generator=None):
        params = {}
        for i, (fan_out, fan_in) in enumerate([(200, 784), (200, 200), (10, 200)], start=1):
            w = torch.randn(fan_out, fan_in, generator=generator) * math.sqrt(1.0 / fan_in)
            params[f"w{i}"] = w.requires_grad_()
            params[f"b{i}"] = torch.zeros(fan_out, requires_grad=True)
        return params


@mistake("init_mlp_params", "biases not zero")
def _():
    def init_mlp_params(generator=None):
        params = {}
        for i, (fan_out, fan_in) in enumerate([(200, 784), (200, 200), (10, 200)], start=1):
            w = torch.randn(fan_out, fan_in, generator=generator) * math.sqrt(2.0 / fan_in)
            params[f"w{i}"] = w.requires_grad_()
            params[f"b{i}"] = torch.randn(fan_out, generator=generator).requires_grad_()
        return params


@mistake("init_mlp_params", "no requires_grad")
def _():
    def init_mlp_params(generator=None):
        params = {}
        for i, (fan_out, fan_in) in enumerate([(200, 784), (200, 200), (10, 200)], start=1):
            w = torch.randn(fan_out, fan_in, generator=generator) * math.sqrt(2.0 / fan_in)
            params[f"w{i}"] = w
            params[f"b{i}"] = torch.zeros(fan_out)
        return params


@mistake("init_mlp_params", "requires_grad before scaling")
def _():
    def init_mlp_params(generator=None):
        params = {}
        for i, (fan_out, fan_in) in enumerate([(200, 784), (200, 200), (10, 200)], start=1):
            w = torch.randn(fan_out, fan_in, generator=generator, requires_grad=True) * math.sqrt(
                2.0 / fan_in
            )
            params[f"w{i}"] = w
            params[f"b{i}"] = torch.zeros(fan_out, requires_grad=True)
        return params


@mistake("init_mlp_params", "weights [in, out]")
def _():
    def init_mlp_params(generator=None):
        params = {}
        for i, (fan_out, fan_in) in enumerate([(200, 784), (200, 200), (10, 200)], start=1):
            w = torch.randn(fan_in, fan_out, generator=generator) * math.sqrt(2.0 / fan_in)
            params[f"w{i}"] = w.requires_grad_()
            params[f"b{i}"] = torch.zeros(fan_out, requires_grad=True)
        return params


@mistake("init_mlp_params", "ignores the generator")
def _():
    def init_mlp_params(generator=None):
        params = {}
        for i, (fan_out, fan_in) in enumerate([(200, 784), (200, 200), (10, 200)], start=1):
            w = torch.randn(fan_out, fan_in) * math.sqrt(2.0 / fan_in)
            params[f"w{i}"] = w.requires_grad_()
            params[f"b{i}"] = torch.zeros(fan_out, requires_grad=True)
        return params


@mistake("init_mlp_params", "kaiming_uniform_")
def _():
    def init_mlp_params(generator=None):
        params = {}
        for i, (fan_out, fan_in) in enumerate([(200, 784), (200, 200), (10, 200)], start=1):
            w = (
                nn.init.kaiming_uniform_(
                    torch.empty(fan_out, fan_in), nonlinearity="relu", generator=generator
                )
                * 1.0
            )
            params[f"w{i}"] = w.requires_grad_()
            params[f"b{i}"] = torch.zeros(fan_out, requires_grad=True)
        return params


@mistake("mlp_forward", "ReLU on the logits")
def _():
    def mlp_forward(x, params):
        h = F.relu(x @ params["w1"].t() + params["b1"])
        h = F.relu(h @ params["w2"].t() + params["b2"])
        return F.relu(h @ params["w3"].t() + params["b3"])


@mistake("mlp_forward", "missing the second ReLU")
def _():
    def mlp_forward(x, params):
        h = F.relu(x @ params["w1"].t() + params["b1"])
        h = h @ params["w2"].t() + params["b2"]
        return h @ params["w3"].t() + params["b3"]


@mistake("mlp_forward", "detached weights")
def _():
    def mlp_forward(x, params):
        h = F.relu(x @ params["w1"].data.t() + params["b1"])
        h = F.relu(h @ params["w2"].data.t() + params["b2"])
        return h @ params["w3"].data.t() + params["b3"]


@mistake("MLP", "attribute not named model")
def _():
    class MLP(nn.Module):
        def __init__(self):
            super().__init__()
            self.net = nn.Sequential(
                nn.Linear(784, 200), nn.ReLU(), nn.Linear(200, 200), nn.ReLU(), nn.Linear(200, 10)
            )

        def forward(self, x):
            return self.net(x.reshape(x.shape[0], -1))


@mistake("MLP", "squeezes a single sample's batch dim")
def _():
    class MLP(nn.Module):
        def __init__(self):
            super().__init__()
            self.model = nn.Sequential(
                nn.Linear(784, 200), nn.ReLU(), nn.Linear(200, 200), nn.ReLU(), nn.Linear(200, 10)
            )

        def forward(self, x):
            return self.model(x.reshape(x.shape[0], -1)).squeeze(0)


@mistake("train_epoch", "mean of batch means")
def _():
    def train_epoch(model, loader, optimizer, device):
        model.train()
        total, count, means = 0.0, 0, []
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            logits = model(x.view(-1, 28 * 28))
            loss = F.cross_entropy(logits, y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * x.shape[0]
            count += x.shape[0]
            means.append(loss.item())
        return sum(means) / len(means)


@mistake("train_epoch", "no zero_grad")
def _():
    def train_epoch(model, loader, optimizer, device):
        model.train()
        total, count, means = 0.0, 0, []
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            logits = model(x.view(-1, 28 * 28))
            loss = F.cross_entropy(logits, y)
            pass
            loss.backward()
            optimizer.step()
            total += loss.item() * x.shape[0]
            count += x.shape[0]
            means.append(loss.item())
        return total / count


@mistake("train_epoch", "no model.train()")
def _():
    def train_epoch(model, loader, optimizer, device):
        pass
        total, count, means = 0.0, 0, []
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            logits = model(x.view(-1, 28 * 28))
            loss = F.cross_entropy(logits, y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * x.shape[0]
            count += x.shape[0]
            means.append(loss.item())
        return total / count


@mistake("train_epoch", "softmax before cross_entropy")
def _():
    def train_epoch(model, loader, optimizer, device):
        model.train()
        total, count, means = 0.0, 0, []
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            logits = model(x.view(-1, 28 * 28))
            loss = F.cross_entropy(logits.softmax(dim=1), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * x.shape[0]
            count += x.shape[0]
            means.append(loss.item())
        return total / count


@mistake("train_epoch", "returns a tensor")
def _():
    def train_epoch(model, loader, optimizer, device):
        model.train()
        total, count, means = 0.0, 0, []
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            logits = model(x.view(-1, 28 * 28))
            loss = F.cross_entropy(logits, y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.detach() * x.shape[0]
            count += x.shape[0]
            means.append(loss.item())
        return total / count


@mistake("evaluate", "no model.eval()")
def _():
    def evaluate(model, loader, device):
        pass
        correct, total, accuracies = 0, 0, []
        with torch.no_grad():
            for x, y in loader:
                x, y = x.to(device), y.to(device)
                right = (model(x.view(x.size(0), -1)).argmax(dim=1) == y).sum()
                correct += right.item()
                total += len(y)
                accuracies.append(right.item() / len(y))
        return correct / total


@mistake("evaluate", "no torch.no_grad()")
def _():
    def evaluate(model, loader, device):
        model.eval()
        correct, total, accuracies = 0, 0, []
        with torch.enable_grad():
            for x, y in loader:
                x, y = x.to(device), y.to(device)
                right = (model(x.view(x.size(0), -1)).argmax(dim=1) == y).sum()
                correct += right.item()
                total += len(y)
                accuracies.append(right.item() / len(y))
        return correct / total


@mistake("evaluate", "mean of batch accuracies")
def _():
    def evaluate(model, loader, device):
        model.eval()
        correct, total, accuracies = 0, 0, []
        with torch.no_grad():
            for x, y in loader:
                x, y = x.to(device), y.to(device)
                right = (model(x.view(x.size(0), -1)).argmax(dim=1) == y).sum()
                correct += right.item()
                total += len(y)
                accuracies.append(right.item() / len(y))
        return sum(accuracies) / len(accuracies)


@mistake("evaluate", "returns the count")
def _():
    def evaluate(model, loader, device):
        model.eval()
        correct, total, accuracies = 0, 0, []
        with torch.no_grad():
            for x, y in loader:
                x, y = x.to(device), y.to(device)
                right = (model(x.view(x.size(0), -1)).argmax(dim=1) == y).sum()
                correct += right.item()
                total += len(y)
                accuracies.append(right.item() / len(y))
        return correct


@mistake("fit", "not seeding")
def _():
    def fit(train_loader, test_loader, epochs, lr, device, seed=0):
        pass
        model = MLP().to(device)
        pass
        optimizer = torch.optim.Adam(model.parameters(), lr=lr)
        history = []
        for epoch in range(epochs):  # noqa: B007
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
                for x, y in test_loader:
                    x, y = x.to(device), y.to(device)
                    correct += (model(x.view(-1, 784)).argmax(dim=1) == y).sum().item()
                    seen += len(y)
            history.append({"loss": total / count, "accuracy": correct / seen})
        return model, history


@mistake("fit", "SGD")
def _():
    def fit(train_loader, test_loader, epochs, lr, device, seed=0):
        torch.manual_seed(seed)
        model = MLP().to(device)
        pass
        optimizer = torch.optim.SGD(model.parameters(), lr=lr)
        history = []
        for epoch in range(epochs):  # noqa: B007
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
                for x, y in test_loader:
                    x, y = x.to(device), y.to(device)
                    correct += (model(x.view(-1, 784)).argmax(dim=1) == y).sum().item()
                    seen += len(y)
            history.append({"loss": total / count, "accuracy": correct / seen})
        return model, history


@mistake("fit", "ignores lr")
def _():
    def fit(train_loader, test_loader, epochs, lr, device, seed=0):
        torch.manual_seed(seed)
        model = MLP().to(device)
        pass
        optimizer = torch.optim.Adam(model.parameters())
        history = []
        for epoch in range(epochs):  # noqa: B007
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
                for x, y in test_loader:
                    x, y = x.to(device), y.to(device)
                    correct += (model(x.view(-1, 784)).argmax(dim=1) == y).sum().item()
                    seen += len(y)
            history.append({"loss": total / count, "accuracy": correct / seen})
        return model, history


@mistake("fit", "one epoch short")
def _():
    def fit(train_loader, test_loader, epochs, lr, device, seed=0):
        torch.manual_seed(seed)
        model = MLP().to(device)
        pass
        optimizer = torch.optim.Adam(model.parameters(), lr=lr)
        history = []
        for epoch in range(1, epochs):  # noqa: B007
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
                for x, y in test_loader:
                    x, y = x.to(device), y.to(device)
                    correct += (model(x.view(-1, 784)).argmax(dim=1) == y).sum().item()
                    seen += len(y)
            history.append({"loss": total / count, "accuracy": correct / seen})
        return model, history


@mistake("fit", "train accuracy in the history")
def _():
    def fit(train_loader, test_loader, epochs, lr, device, seed=0):
        torch.manual_seed(seed)
        model = MLP().to(device)
        pass
        optimizer = torch.optim.Adam(model.parameters(), lr=lr)
        history = []
        for epoch in range(epochs):  # noqa: B007
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
                for x, y in train_loader:
                    x, y = x.to(device), y.to(device)
                    correct += (model(x.view(-1, 784)).argmax(dim=1) == y).sum().item()
                    seen += len(y)
            history.append({"loss": total / count, "accuracy": correct / seen})
        return model, history


@alternative("init_mlp_params", "kaiming_normal_")
def _():
    def init_mlp_params(generator=None):
        sizes = {"1": (200, 784), "2": (200, 200), "3": (10, 200)}
        params = {}
        for i, (n_out, n_in) in sizes.items():
            w = torch.empty(n_out, n_in)
            nn.init.kaiming_normal_(w, mode="fan_in", nonlinearity="relu", generator=generator)
            params["w" + i] = w.requires_grad_()
            params["b" + i] = torch.zeros(n_out).requires_grad_()
        return params


@alternative("mlp_forward", "F.linear")
def _():
    def mlp_forward(x, params):
        h = F.relu(F.linear(x, params["w1"], params["b1"]))
        h = F.relu(F.linear(h, params["w2"], params["b2"]))
        return F.linear(h, params["w3"], params["b3"])


@alternative("MLP", "nn.Flatten attribute")
def _():
    class MLP(nn.Module):
        def __init__(self):
            super(MLP, self).__init__()  # noqa: UP008
            self.flatten = nn.Flatten()
            self.model = nn.Sequential(
                nn.Linear(784, 200),
                nn.ReLU(inplace=True),
                nn.Linear(200, 200),
                nn.ReLU(inplace=True),
                nn.Linear(200, 10),
            )

        def forward(self, x):
            return self.model(self.flatten(x))


# The course's own network (lesson 27) takes [b, 784]: its loop flattens first.
@alternative("MLP", "flattened input, as the course's lesson 27")
def _():
    class MLP(nn.Module):
        def __init__(self):
            super().__init__()
            self.model = nn.Sequential(
                nn.Linear(784, 200), nn.ReLU(), nn.Linear(200, 200), nn.ReLU(), nn.Linear(200, 10)
            )

        def forward(self, x):
            return self.model(x)


@alternative("MLP", "view, flattened input")
def _():
    class MLP(nn.Module):
        def __init__(self):
            super().__init__()
            self.model = nn.Sequential(
                nn.Linear(784, 200), nn.ReLU(), nn.Linear(200, 200), nn.ReLU(), nn.Linear(200, 10)
            )

        def forward(self, x):
            return self.model(x.view(x.size(0), -1))


# Gradient accumulation: the same gradient as the whole batch's, summed in another order (in
# float32 such a run drifts from the reference's where Adam meets a near-zero gradient).
@alternative("train_epoch", "gradients of two half batches added up")
def _():
    def _in_halves(model, x, y):
        n, half, total = len(y), (len(y) + 1) // 2, 0.0
        for xs, ys in ((x[:half], y[:half]), (x[half:], y[half:])):
            if len(ys):
                loss = F.cross_entropy(model(xs.reshape(len(ys), -1)), ys) * (len(ys) / n)
                loss.backward()
                total += loss.item()
        return total

    def train_epoch(model, loader, optimizer, device):
        model.train()
        total, count = 0.0, 0
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            total += _in_halves(model, x, y) * len(y)
            optimizer.step()
            count += len(y)
        return total / count


@alternative("train_epoch", "CrossEntropyLoss and len(dataset)")
def _():
    def train_epoch(model, loader, optimizer, device):
        criteon = nn.CrossEntropyLoss().to(device)
        model.train()
        total = 0.0
        for batch_idx, (data, target) in enumerate(loader):  # noqa: B007
            data, target = data.to(device), target.to(device)
            logits = model(data)
            loss = criteon(logits, target)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(target)
        return total / len(loader.dataset)


@alternative("evaluate", "mean of equality")
def _():
    def evaluate(model, loader, device):
        model.eval()
        predictions, labels = [], []
        with torch.no_grad():
            for x, y in loader:
                predictions.append(model(x.to(device)).argmax(dim=1))
                labels.append(y.to(device))
        return (torch.cat(predictions) == torch.cat(labels)).float().mean().item()


@alternative("evaluate", "inference_mode")
def _():
    def evaluate(model, loader, device):
        model.eval()
        correct, total, accuracies = 0, 0, []
        with torch.inference_mode():
            for x, y in loader:
                x, y = x.to(device), y.to(device)
                right = (model(x.view(x.size(0), -1)).argmax(dim=1) == y).sum()
                correct += right.item()
                total += len(y)
                accuracies.append(right.item() / len(y))
        return correct / total


@alternative("fit", "gradients of two half batches added up")
def _():
    def _in_halves(model, x, y):
        n, half, total = len(y), (len(y) + 1) // 2, 0.0
        for xs, ys in ((x[:half], y[:half]), (x[half:], y[half:])):
            if len(ys):
                loss = F.cross_entropy(model(xs.reshape(len(ys), -1)), ys) * (len(ys) / n)
                loss.backward()
                total += loss.item()
        return total

    def fit(train_loader, test_loader, epochs, lr, device, seed=0):
        torch.manual_seed(seed)
        model = MLP().to(device)
        optimizer = torch.optim.Adam(model.parameters(), lr=lr)
        history = []
        for _ in range(epochs):
            model.train()
            total = 0.0
            for x, y in train_loader:
                optimizer.zero_grad()
                total += _in_halves(model, x.to(device), y.to(device)) * len(y)
                optimizer.step()
            accuracy = evaluate(model, test_loader, device)
            history.append({"loss": total / len(train_loader.dataset), "accuracy": accuracy})
        return model, history


@alternative("fit", "train_epoch and evaluate")
def _():
    def fit(train_loader, test_loader, epochs, lr, device, seed=0):
        torch.manual_seed(seed)
        device = torch.device(device)
        net = MLP().to(device)
        optimizer = torch.optim.Adam(net.parameters(), lr=lr)
        history = []
        for epoch in range(epochs):  # noqa: B007
            loss = train_epoch(net, train_loader, optimizer, device)
            history.append({"loss": loss, "accuracy": evaluate(net, test_loader, device)})
        return net, history
