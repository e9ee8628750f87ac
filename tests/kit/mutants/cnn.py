"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `cnn`. Each variant is the body of a function decorated with `@mistake` or
`@alternative` (see variants.py); the body, dedented, is appended to the reference solution module,
so it replaces that one class or function (`torch`, `F` and `nn` are already imported there)."""

import torch
import torch.nn.functional as F
from torch import nn

from tests.kit.mutants.variants import alternative, mistake


@mistake("Flatten", "the course's view (non-contiguous input)")
def _():
    class Flatten(nn.Module):
        def forward(self, x):
            return x.view(x.size(0), -1)


@mistake("Flatten", "flattens the batch dim too")
def _():
    class Flatten(nn.Module):
        def forward(self, x):
            return torch.flatten(x)


@mistake("Flatten", "assumes [b, c, h, w]")
def _():
    class Flatten(nn.Module):
        def forward(self, x):
            return x.reshape(-1, x.shape[1] * x.shape[2] * x.shape[3])


@mistake("Flatten", "squeezes a batch of one")
def _():
    class Flatten(nn.Module):
        def forward(self, x):
            return x.reshape(x.shape[0], -1).squeeze()


@mistake("MyLinear", "plain tensor attributes")
def _():
    class MyLinear(nn.Module):
        def __init__(self, inp, outp):
            super(MyLinear, self).__init__()  # noqa: UP008
            self.w = torch.randn(outp, inp, requires_grad=True)
            self.b = torch.randn(outp, requires_grad=True)

        def forward(self, x):
            return x @ self.w.t() + self.b


@mistake("MyLinear", "w stored as [inp, outp]")
def _():
    class MyLinear(nn.Module):
        def __init__(self, inp, outp):
            super(MyLinear, self).__init__()  # noqa: UP008
            self.w = nn.Parameter(torch.randn(inp, outp))
            self.b = nn.Parameter(torch.randn(outp))

        def forward(self, x):
            return x @ self.w + self.b


@mistake("MyLinear", "no transpose")
def _():
    class MyLinear(nn.Module):
        def __init__(self, inp, outp):
            super(MyLinear, self).__init__()  # noqa: UP008
            self.w = nn.Parameter(torch.randn(outp, inp))
            self.b = nn.Parameter(torch.randn(outp))

        def forward(self, x):
            return x @ self.w + self.b


@mistake("MyLinear", "no bias in forward")
def _():
    class MyLinear(nn.Module):
        def __init__(self, inp, outp):
            super(MyLinear, self).__init__()  # noqa: UP008
            self.w = nn.Parameter(torch.randn(outp, inp))
            self.b = nn.Parameter(torch.randn(outp))

        def forward(self, x):
            return x @ self.w.t()


@mistake("MyLinear", "frozen parameters")
def _():
    class MyLinear(nn.Module):
        def __init__(self, inp, outp):
            super(MyLinear, self).__init__()  # noqa: UP008
            self.w = nn.Parameter(torch.randn(outp, inp), requires_grad=False)
            self.b = nn.Parameter(torch.randn(outp), requires_grad=False)

        def forward(self, x):
            return x @ self.w.t() + self.b


@mistake("MyLinear", "bias registered as a buffer")
def _():
    class MyLinear(nn.Module):
        def __init__(self, inp, outp):
            super(MyLinear, self).__init__()  # noqa: UP008
            self.w = nn.Parameter(torch.randn(outp, inp))
            self.register_buffer("b", torch.randn(outp))

        def forward(self, x):
            return x @ self.w.t() + self.b


@mistake("MyLinear", "torch.mm (2-D only)")
def _():
    class MyLinear(nn.Module):
        def __init__(self, inp, outp):
            super(MyLinear, self).__init__()  # noqa: UP008
            self.w = nn.Parameter(torch.randn(outp, inp))
            self.b = nn.Parameter(torch.randn(outp))

        def forward(self, x):
            return torch.mm(x, self.w.t()) + self.b


@mistake("MyLinear", "accumulator created on the CPU")
def _():
    class MyLinear(nn.Module):
        def __init__(self, inp, outp):
            super(MyLinear, self).__init__()  # noqa: UP008
            self.w = nn.Parameter(torch.randn(outp, inp))
            self.b = nn.Parameter(torch.randn(outp))

        def forward(self, x):
            out = torch.zeros(*x.shape[:-1], self.w.shape[0], dtype=x.dtype)
            return out + x @ self.w.t() + self.b


@mistake("Lenet5", "softmax at the end")
def _():
    class Lenet5(nn.Module):
        def __init__(self):
            super(Lenet5, self).__init__()  # noqa: UP008
            self.conv_unit = nn.Sequential(
                nn.Conv2d(3, 16, kernel_size=5, stride=1, padding=0),
                nn.MaxPool2d(kernel_size=2, stride=2, padding=0),
                nn.Conv2d(16, 32, kernel_size=5, stride=1, padding=0),
                nn.MaxPool2d(kernel_size=2, stride=2, padding=0),
            )
            self.fc_unit = nn.Sequential(nn.Linear(32 * 5 * 5, 32), nn.ReLU(), nn.Linear(32, 10))

        def forward(self, x):
            batchsz = x.size(0)
            x = self.conv_unit(x)
            x = x.view(batchsz, 32 * 5 * 5)
            logits = self.fc_unit(x)
            return F.softmax(logits, dim=1)


@mistake("Lenet5", "flattened channels last")
def _():
    class Lenet5(nn.Module):
        def __init__(self):
            super(Lenet5, self).__init__()  # noqa: UP008
            self.conv_unit = nn.Sequential(
                nn.Conv2d(3, 16, kernel_size=5, stride=1, padding=0),
                nn.MaxPool2d(kernel_size=2, stride=2, padding=0),
                nn.Conv2d(16, 32, kernel_size=5, stride=1, padding=0),
                nn.MaxPool2d(kernel_size=2, stride=2, padding=0),
            )
            self.fc_unit = nn.Sequential(nn.Linear(32 * 5 * 5, 32), nn.ReLU(), nn.Linear(32, 10))

        def forward(self, x):
            batchsz = x.size(0)
            x = self.conv_unit(x)
            x = x.permute(0, 2, 3, 1).reshape(batchsz, 32 * 5 * 5)
            logits = self.fc_unit(x)
            return logits


@mistake("Lenet5", "no ReLU in fc_unit")
def _():
    class Lenet5(nn.Module):
        def __init__(self):
            super(Lenet5, self).__init__()  # noqa: UP008
            self.conv_unit = nn.Sequential(
                nn.Conv2d(3, 16, kernel_size=5, stride=1, padding=0),
                nn.MaxPool2d(kernel_size=2, stride=2, padding=0),
                nn.Conv2d(16, 32, kernel_size=5, stride=1, padding=0),
                nn.MaxPool2d(kernel_size=2, stride=2, padding=0),
            )
            self.fc_unit = nn.Sequential(nn.Linear(32 * 5 * 5, 32), nn.Linear(32, 10))

        def forward(self, x):
            batchsz = x.size(0)
            x = self.conv_unit(x)
            x = x.view(batchsz, 32 * 5 * 5)
            logits = self.fc_unit(x)
            return logits


@mistake("Lenet5", "padding 2 (the original LeNet)")
def _():
    class Lenet5(nn.Module):
        def __init__(self):
            super(Lenet5, self).__init__()  # noqa: UP008
            self.conv_unit = nn.Sequential(
                nn.Conv2d(3, 16, kernel_size=5, stride=1, padding=2),
                nn.MaxPool2d(kernel_size=2, stride=2, padding=0),
                nn.Conv2d(16, 32, kernel_size=5, stride=1, padding=2),
                nn.MaxPool2d(kernel_size=2, stride=2, padding=0),
            )
            self.fc_unit = nn.Sequential(nn.Linear(32 * 8 * 8, 32), nn.ReLU(), nn.Linear(32, 10))

        def forward(self, x):
            batchsz = x.size(0)
            x = self.conv_unit(x)
            x = x.view(batchsz, 32 * 8 * 8)
            logits = self.fc_unit(x)
            return logits


@mistake("Lenet5", "16*5*5 from the course's comment")
def _():
    class Lenet5(nn.Module):
        def __init__(self):
            super(Lenet5, self).__init__()  # noqa: UP008
            self.conv_unit = nn.Sequential(
                nn.Conv2d(3, 16, kernel_size=5, stride=1, padding=0),
                nn.MaxPool2d(kernel_size=2, stride=2, padding=0),
                nn.Conv2d(16, 32, kernel_size=5, stride=1, padding=0),
                nn.MaxPool2d(kernel_size=2, stride=2, padding=0),
            )
            self.fc_unit = nn.Sequential(nn.Linear(16 * 5 * 5, 32), nn.ReLU(), nn.Linear(32, 10))

        def forward(self, x):
            batchsz = x.size(0)  # noqa: F841
            x = self.conv_unit(x)
            x = x.view(-1, 16 * 5 * 5)
            logits = self.fc_unit(x)
            return logits


@mistake("Lenet5", "ReLU after conv_unit")
def _():
    class Lenet5(nn.Module):
        def __init__(self):
            super(Lenet5, self).__init__()  # noqa: UP008
            self.conv_unit = nn.Sequential(
                nn.Conv2d(3, 16, kernel_size=5, stride=1, padding=0),
                nn.MaxPool2d(kernel_size=2, stride=2, padding=0),
                nn.Conv2d(16, 32, kernel_size=5, stride=1, padding=0),
                nn.MaxPool2d(kernel_size=2, stride=2, padding=0),
            )
            self.fc_unit = nn.Sequential(nn.Linear(32 * 5 * 5, 32), nn.ReLU(), nn.Linear(32, 10))

        def forward(self, x):
            batchsz = x.size(0)
            x = self.conv_unit(x)
            x = F.relu(x).view(batchsz, 32 * 5 * 5)
            logits = self.fc_unit(x)
            return logits


# The course's own ResBlk: `extra` is built only when the channels differ, whatever the stride.
# With equal channels and stride 2 the shapes of the two paths differ; it must lose exactly the
# points of the "equal-stride2" cases.
@mistake("ResBlk", "the course's ResBlk (extra ignores the stride)")
def _():
    class ResBlk(nn.Module):
        def __init__(self, ch_in, ch_out, stride=1):
            super(ResBlk, self).__init__()  # noqa: UP008
            self.conv1 = nn.Conv2d(ch_in, ch_out, kernel_size=3, stride=stride, padding=1)
            self.bn1 = nn.BatchNorm2d(ch_out)
            self.conv2 = nn.Conv2d(ch_out, ch_out, kernel_size=3, stride=1, padding=1)
            self.bn2 = nn.BatchNorm2d(ch_out)
            self.extra = nn.Sequential()
            if ch_out != ch_in:
                self.extra = nn.Sequential(
                    nn.Conv2d(ch_in, ch_out, kernel_size=1, stride=stride),
                    nn.BatchNorm2d(ch_out),
                )

        def forward(self, x):
            out = F.relu(self.bn1(self.conv1(x)))
            out = self.bn2(self.conv2(out))
            out = self.extra(x) + out
            return F.relu(out)


@mistake("ResBlk", "no final ReLU")
def _():
    class ResBlk(nn.Module):
        def __init__(self, ch_in, ch_out, stride=1):
            super().__init__()
            self.conv1 = nn.Conv2d(ch_in, ch_out, 3, stride=stride, padding=1, bias=True)
            self.bn1 = nn.BatchNorm2d(ch_out)
            self.conv2 = nn.Conv2d(ch_out, ch_out, 3, stride=1, padding=1, bias=True)
            self.bn2 = nn.BatchNorm2d(ch_out)
            self.extra = nn.Sequential()
            if ch_in != ch_out or stride != 1:
                self.extra = nn.Sequential(
                    nn.Conv2d(ch_in, ch_out, 1, stride=stride), nn.BatchNorm2d(ch_out)
                )

        def forward(self, x):
            out = F.relu(self.bn1(self.conv1(x)))
            return self.extra(x) + self.bn2(self.conv2(out))


@mistake("ResBlk", "ReLU before the addition")
def _():
    class ResBlk(nn.Module):
        def __init__(self, ch_in, ch_out, stride=1):
            super().__init__()
            self.conv1 = nn.Conv2d(ch_in, ch_out, 3, stride=stride, padding=1, bias=True)
            self.bn1 = nn.BatchNorm2d(ch_out)
            self.conv2 = nn.Conv2d(ch_out, ch_out, 3, stride=1, padding=1, bias=True)
            self.bn2 = nn.BatchNorm2d(ch_out)
            self.extra = nn.Sequential()
            if ch_in != ch_out or stride != 1:
                self.extra = nn.Sequential(
                    nn.Conv2d(ch_in, ch_out, 1, stride=stride), nn.BatchNorm2d(ch_out)
                )

        def forward(self, x):
            out = F.relu(self.bn1(self.conv1(x)))
            return self.extra(x) + F.relu(self.bn2(self.conv2(out)))


@mistake("ResBlk", "no shortcut")
def _():
    class ResBlk(nn.Module):
        def __init__(self, ch_in, ch_out, stride=1):
            super().__init__()
            self.conv1 = nn.Conv2d(ch_in, ch_out, 3, stride=stride, padding=1, bias=True)
            self.bn1 = nn.BatchNorm2d(ch_out)
            self.conv2 = nn.Conv2d(ch_out, ch_out, 3, stride=1, padding=1, bias=True)
            self.bn2 = nn.BatchNorm2d(ch_out)
            self.extra = nn.Sequential()
            if ch_in != ch_out or stride != 1:
                self.extra = nn.Sequential(
                    nn.Conv2d(ch_in, ch_out, 1, stride=stride), nn.BatchNorm2d(ch_out)
                )

        def forward(self, x):
            out = F.relu(self.bn1(self.conv1(x)))
            return F.relu(self.bn2(self.conv2(out)))


@mistake("ResBlk", "bn1 used twice")
def _():
    class ResBlk(nn.Module):
        def __init__(self, ch_in, ch_out, stride=1):
            super().__init__()
            self.conv1 = nn.Conv2d(ch_in, ch_out, 3, stride=stride, padding=1, bias=True)
            self.bn1 = nn.BatchNorm2d(ch_out)
            self.conv2 = nn.Conv2d(ch_out, ch_out, 3, stride=1, padding=1, bias=True)
            self.bn2 = nn.BatchNorm2d(ch_out)
            self.extra = nn.Sequential()
            if ch_in != ch_out or stride != 1:
                self.extra = nn.Sequential(
                    nn.Conv2d(ch_in, ch_out, 1, stride=stride), nn.BatchNorm2d(ch_out)
                )

        def forward(self, x):
            out = F.relu(self.bn1(self.conv1(x)))
            return F.relu(self.extra(x) + self.bn1(self.conv2(out)))


@mistake("ResBlk", "stride on conv2")
def _():
    class ResBlk(nn.Module):
        def __init__(self, ch_in, ch_out, stride=1):
            super().__init__()
            self.conv1 = nn.Conv2d(ch_in, ch_out, 3, stride=1, padding=1, bias=True)
            self.bn1 = nn.BatchNorm2d(ch_out)
            self.conv2 = nn.Conv2d(ch_out, ch_out, 3, stride=stride, padding=1, bias=True)
            self.bn2 = nn.BatchNorm2d(ch_out)
            self.extra = nn.Sequential()
            if ch_in != ch_out or stride != 1:
                self.extra = nn.Sequential(
                    nn.Conv2d(ch_in, ch_out, 1, stride=stride), nn.BatchNorm2d(ch_out)
                )

        def forward(self, x):
            out = F.relu(self.bn1(self.conv1(x)))
            return F.relu(self.extra(x) + self.bn2(self.conv2(out)))


@mistake("ResBlk", "shortcut conv without stride")
def _():
    class ResBlk(nn.Module):
        def __init__(self, ch_in, ch_out, stride=1):
            super().__init__()
            self.conv1 = nn.Conv2d(ch_in, ch_out, 3, stride=stride, padding=1, bias=True)
            self.bn1 = nn.BatchNorm2d(ch_out)
            self.conv2 = nn.Conv2d(ch_out, ch_out, 3, stride=1, padding=1, bias=True)
            self.bn2 = nn.BatchNorm2d(ch_out)
            self.extra = nn.Sequential()
            if ch_in != ch_out or stride != 1:
                self.extra = nn.Sequential(
                    nn.Conv2d(ch_in, ch_out, 1, stride=1), nn.BatchNorm2d(ch_out)
                )

        def forward(self, x):
            out = F.relu(self.bn1(self.conv1(x)))
            return F.relu(self.extra(x) + self.bn2(self.conv2(out)))


@mistake("ResBlk", "convs without bias")
def _():
    class ResBlk(nn.Module):
        def __init__(self, ch_in, ch_out, stride=1):
            super().__init__()
            self.conv1 = nn.Conv2d(ch_in, ch_out, 3, stride=stride, padding=1, bias=False)
            self.bn1 = nn.BatchNorm2d(ch_out)
            self.conv2 = nn.Conv2d(ch_out, ch_out, 3, stride=1, padding=1, bias=False)
            self.bn2 = nn.BatchNorm2d(ch_out)
            self.extra = nn.Sequential()
            if ch_in != ch_out or stride != 1:
                self.extra = nn.Sequential(
                    nn.Conv2d(ch_in, ch_out, 1, stride=stride), nn.BatchNorm2d(ch_out)
                )

        def forward(self, x):
            out = F.relu(self.bn1(self.conv1(x)))
            return F.relu(self.extra(x) + self.bn2(self.conv2(out)))


@mistake("ResBlk", "shortcut input detached")
def _():
    class ResBlk(nn.Module):
        def __init__(self, ch_in, ch_out, stride=1):
            super().__init__()
            self.conv1 = nn.Conv2d(ch_in, ch_out, 3, stride=stride, padding=1, bias=True)
            self.bn1 = nn.BatchNorm2d(ch_out)
            self.conv2 = nn.Conv2d(ch_out, ch_out, 3, stride=1, padding=1, bias=True)
            self.bn2 = nn.BatchNorm2d(ch_out)
            self.extra = nn.Sequential()
            if ch_in != ch_out or stride != 1:
                self.extra = nn.Sequential(
                    nn.Conv2d(ch_in, ch_out, 1, stride=stride), nn.BatchNorm2d(ch_out)
                )

        def forward(self, x):
            out = F.relu(self.bn1(self.conv1(x)))
            return F.relu(self.extra(x.detach()) + self.bn2(self.conv2(out)))


@mistake("DenseBlock", "a Python list of layers")
def _():
    class DenseBlock(nn.Module):
        def __init__(self, ch_in, growth, n_layers):
            super().__init__()
            self.layers = list(
                [
                    nn.Sequential(
                        nn.BatchNorm2d(ch_in + i * growth),
                        nn.ReLU(),
                        nn.Conv2d(ch_in + i * growth, growth, 3, padding=1),
                    )
                    for i in range(n_layers)
                ]
            )

        def forward(self, x):
            features = x
            for layer in self.layers:
                features = torch.cat([features, layer(features)], dim=1)
            return features


@mistake("DenseBlock", "new features first")
def _():
    class DenseBlock(nn.Module):
        def __init__(self, ch_in, growth, n_layers):
            super().__init__()
            self.layers = nn.ModuleList(
                [
                    nn.Sequential(
                        nn.BatchNorm2d(ch_in + i * growth),
                        nn.ReLU(),
                        nn.Conv2d(ch_in + i * growth, growth, 3, padding=1),
                    )
                    for i in range(n_layers)
                ]
            )

        def forward(self, x):
            features = x
            for layer in self.layers:
                features = torch.cat([layer(features), features], dim=1)
            return features


@mistake("DenseBlock", "each layer sees only the previous output")
def _():
    class DenseBlock(nn.Module):
        def __init__(self, ch_in, growth, n_layers):
            super().__init__()
            self.layers = nn.ModuleList(
                [
                    nn.Sequential(
                        nn.BatchNorm2d(ch_in if i == 0 else growth),
                        nn.ReLU(),
                        nn.Conv2d(ch_in if i == 0 else growth, growth, 3, padding=1),
                    )
                    for i in range(n_layers)
                ]
            )

        def forward(self, x):
            outs = [x]
            for layer in self.layers:
                outs.append(layer(outs[-1]))
            return torch.cat(outs, dim=1)


@mistake("DenseBlock", "conv before batch norm")
def _():
    class DenseBlock(nn.Module):
        def __init__(self, ch_in, growth, n_layers):
            super().__init__()
            self.layers = nn.ModuleList(
                [
                    nn.Sequential(
                        nn.Conv2d(ch_in + i * growth, growth, 3, padding=1),
                        nn.BatchNorm2d(growth),
                        nn.ReLU(),
                    )
                    for i in range(n_layers)
                ]
            )

        def forward(self, x):
            features = x
            for layer in self.layers:
                features = torch.cat([features, layer(features)], dim=1)
            return features


@mistake("DenseBlock", "an nn.Sequential of layers")
def _():
    class DenseBlock(nn.Module):
        def __init__(self, ch_in, growth, n_layers):
            super().__init__()
            self.layers = nn.Sequential(
                *[
                    nn.Sequential(
                        nn.BatchNorm2d(ch_in + i * growth),
                        nn.ReLU(),
                        nn.Conv2d(ch_in + i * growth, growth, 3, padding=1),
                    )
                    for i in range(n_layers)
                ]
            )

        def forward(self, x):
            features = x
            for layer in self.layers:
                features = torch.cat([features, layer(features)], dim=1)
            return features


@mistake("DenseBlock", "output preallocated on the CPU")
def _():
    class DenseBlock(nn.Module):
        def __init__(self, ch_in, growth, n_layers):
            super().__init__()
            self.layers = nn.ModuleList(
                [
                    nn.Sequential(
                        nn.BatchNorm2d(ch_in + i * growth),
                        nn.ReLU(),
                        nn.Conv2d(ch_in + i * growth, growth, 3, padding=1),
                    )
                    for i in range(n_layers)
                ]
            )

        def forward(self, x):
            b, c, h, w = x.shape
            total = c + sum(layer[2].out_channels for layer in self.layers)
            out = torch.zeros(b, total, h, w, dtype=x.dtype)
            out[:, :c] = x
            for layer in self.layers:
                new = layer(out[:, :c].clone())
                out[:, c : c + new.shape[1]] = new
                c += new.shape[1]
            return out


@mistake("DenseBlock", "returns only the new features")
def _():
    class DenseBlock(nn.Module):
        def __init__(self, ch_in, growth, n_layers):
            super().__init__()
            self.layers = nn.ModuleList(
                [
                    nn.Sequential(
                        nn.BatchNorm2d(ch_in + i * growth),
                        nn.ReLU(),
                        nn.Conv2d(ch_in + i * growth, growth, 3, padding=1),
                    )
                    for i in range(n_layers)
                ]
            )

        def forward(self, x):
            features, news = x, []
            for layer in self.layers:
                news.append(layer(features))
                features = torch.cat([features, news[-1]], dim=1)
            return torch.cat(news, dim=1)


@mistake("count_parameters", "sums the state_dict")
def _():
    def count_parameters(model, trainable_only=True):
        return sum(v.numel() for v in model.state_dict().values())


@mistake("count_parameters", "ignores trainable_only")
def _():
    def count_parameters(model, trainable_only=True):
        return sum(p.numel() for p in model.parameters())


@mistake("count_parameters", "counts tensors")
def _():
    def count_parameters(model, trainable_only=True):
        return len([p for p in model.parameters() if p.requires_grad or not trainable_only])


@mistake("count_parameters", "returns a tensor")
def _():
    def count_parameters(model, trainable_only=True):
        return torch.tensor(
            [p.numel() for p in model.parameters() if p.requires_grad or not trainable_only]
        ).sum()


@mistake("save_checkpoint", "saves the whole model")
def _():
    def save_checkpoint(model, path):
        torch.save(model, path)


@mistake("save_checkpoint", "parameters only")
def _():
    def save_checkpoint(model, path):
        torch.save(dict(model.named_parameters()), path)


@mistake("save_checkpoint", "the method, not its result")
def _():
    def save_checkpoint(model, path):
        torch.save(model.state_dict, path)


@mistake("load_checkpoint", "returns nothing")
def _():
    def load_checkpoint(model, path):
        model.load_state_dict(torch.load(path))


@mistake("load_checkpoint", "returns the state_dict")
def _():
    def load_checkpoint(model, path):
        return torch.load(path)


@mistake("load_checkpoint", "never loads it")
def _():
    def load_checkpoint(model, path):
        state = torch.load(path)  # noqa: F841
        return model


@alternative("Flatten", "torch.flatten")
def _():
    class Flatten(nn.Module):
        def forward(self, x):
            return torch.flatten(x, 1)


@alternative("Flatten", "contiguous then view")
def _():
    class Flatten(nn.Module):
        def forward(self, x):
            return x.contiguous().view(x.size(0), -1)


@alternative("Flatten", "nn.Flatten")
def _():
    class Flatten(nn.Flatten):
        pass


@alternative("MyLinear", "F.linear")
def _():
    class MyLinear(nn.Module):
        def __init__(self, inp, outp):
            super(MyLinear, self).__init__()  # noqa: UP008
            self.w = nn.Parameter(torch.randn(outp, inp))
            self.b = nn.Parameter(torch.randn(outp))

        def forward(self, x):
            return F.linear(x, self.w, self.b)


@alternative("MyLinear", "einsum")
def _():
    class MyLinear(nn.Module):
        def __init__(self, inp, outp):
            super(MyLinear, self).__init__()  # noqa: UP008
            self.w = nn.Parameter(torch.randn(outp, inp))
            self.b = nn.Parameter(torch.randn(outp))

        def forward(self, x):
            return torch.einsum("...i,oi->...o", x, self.w) + self.b


@alternative("MyLinear", "matmul, zero init")
def _():
    class MyLinear(nn.Module):
        def __init__(self, inp, outp):
            super(MyLinear, self).__init__()  # noqa: UP008
            self.w = nn.Parameter(torch.zeros(outp, inp))
            self.b = nn.Parameter(torch.zeros(outp))

        def forward(self, x):
            return torch.matmul(x, self.w.transpose(0, 1)) + self.b


@alternative("Lenet5", "the course's Lenet5")
def _():
    class Lenet5(nn.Module):
        def __init__(self):
            super(Lenet5, self).__init__()  # noqa: UP008
            self.conv_unit = nn.Sequential(
                nn.Conv2d(3, 16, kernel_size=5, stride=1, padding=0),
                nn.MaxPool2d(kernel_size=2, stride=2, padding=0),
                nn.Conv2d(16, 32, kernel_size=5, stride=1, padding=0),
                nn.MaxPool2d(kernel_size=2, stride=2, padding=0),
            )
            self.fc_unit = nn.Sequential(nn.Linear(32 * 5 * 5, 32), nn.ReLU(), nn.Linear(32, 10))

        def forward(self, x):
            batchsz = x.size(0)
            x = self.conv_unit(x)
            x = x.view(batchsz, 32 * 5 * 5)
            logits = self.fc_unit(x)
            return logits


@alternative("Lenet5", "torch.flatten")
def _():
    class Lenet5(nn.Module):
        def __init__(self):
            super(Lenet5, self).__init__()  # noqa: UP008
            self.conv_unit = nn.Sequential(
                nn.Conv2d(3, 16, kernel_size=5, stride=1, padding=0),
                nn.MaxPool2d(kernel_size=2, stride=2, padding=0),
                nn.Conv2d(16, 32, kernel_size=5, stride=1, padding=0),
                nn.MaxPool2d(kernel_size=2, stride=2, padding=0),
            )
            self.fc_unit = nn.Sequential(nn.Linear(32 * 5 * 5, 32), nn.ReLU(), nn.Linear(32, 10))

        def forward(self, x):
            batchsz = x.size(0)  # noqa: F841
            x = self.conv_unit(x)
            x = torch.flatten(x, 1)
            logits = self.fc_unit(x)
            return logits


@alternative("ResBlk", "identity shortcut, in-place add")
def _():
    class ResBlk(nn.Module):
        def __init__(self, ch_in, ch_out, stride=1):
            super().__init__()
            self.conv1 = nn.Conv2d(ch_in, ch_out, 3, stride, 1)
            self.bn1 = nn.BatchNorm2d(ch_out)
            self.conv2 = nn.Conv2d(ch_out, ch_out, 3, 1, 1)
            self.bn2 = nn.BatchNorm2d(ch_out)
            if ch_in == ch_out and stride == 1:
                self.extra = nn.Identity()
            else:
                self.extra = nn.Sequential(
                    nn.Conv2d(ch_in, ch_out, 1, stride), nn.BatchNorm2d(ch_out)
                )
            self.relu = nn.ReLU()

        def forward(self, x):
            out = self.relu(self.bn1(self.conv1(x)))
            out = self.bn2(self.conv2(out))
            out += self.extra(x)
            return torch.relu(out)


@alternative("DenseBlock", "list of features, one cat at the end")
def _():
    class DenseBlock(nn.Module):
        def __init__(self, ch_in, growth, n_layers):
            super().__init__()
            self.layers = nn.ModuleList(
                [
                    nn.Sequential(
                        nn.BatchNorm2d(ch_in + i * growth),
                        nn.ReLU(),
                        nn.Conv2d(ch_in + i * growth, growth, 3, padding=1),
                    )
                    for i in range(n_layers)
                ]
            )

        def forward(self, x):
            features = [x]
            for layer in self.layers:
                features.append(layer(torch.cat(features, 1)))
            return torch.cat(features, 1)


@alternative("DenseBlock", "ModuleList built by append")
def _():
    class DenseBlock(nn.Module):
        def __init__(self, ch_in, growth, n_layers):
            super().__init__()
            self.layers = nn.ModuleList()
            channels = ch_in
            for _ in range(n_layers):
                self.layers.append(
                    nn.Sequential(
                        nn.BatchNorm2d(channels),
                        nn.ReLU(inplace=True),
                        nn.Conv2d(channels, growth, kernel_size=3, stride=1, padding=1),
                    )
                )
                channels += growth

        def forward(self, x):
            for layer in self.layers:
                x = torch.cat((x, layer(x)), dim=1)
            return x


@alternative("count_parameters", "loop over named_parameters")
def _():
    def count_parameters(model, trainable_only=True):
        total = 0
        for _, p in model.named_parameters():
            if p.requires_grad or not trainable_only:
                total += p.numel()
        return total


@alternative("count_parameters", "filter then sum")
def _():
    def count_parameters(model, trainable_only=True):
        params = model.parameters()
        if trainable_only:
            params = filter(lambda p: p.requires_grad, params)
        return int(sum(p.numel() for p in params))


@alternative("save_checkpoint", "through a file object")
def _():
    def save_checkpoint(model, path):
        with open(path, "wb") as f:
            torch.save(model.state_dict(), f)


@alternative("load_checkpoint", "the course's one-liner")
def _():
    def load_checkpoint(model, path):
        model.load_state_dict(torch.load(path))
        return model
