"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `cnn`. Each entry is source appended to the reference solution module, so it
replaces that one class or function (`torch`, `F` and `nn` are already imported there)."""

# The course's own ResBlk: `extra` is built only when the channels differ, whatever the stride.
# With equal channels and stride 2 the shapes of the two paths differ; it must lose exactly the
# points of the "equal-stride2" cases.
_COURSE_RESBLK = """class ResBlk(nn.Module):
    def __init__(self, ch_in, ch_out, stride=1):
        super(ResBlk, self).__init__()
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
"""

# A ResBlk with the places where mistakes go marked {...}.
_RESBLK = """class ResBlk(nn.Module):
    def __init__(self, ch_in, ch_out, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(ch_in, ch_out, 3, stride={s1}, padding=1, bias={bias})
        self.bn1 = nn.BatchNorm2d(ch_out)
        self.conv2 = nn.Conv2d(ch_out, ch_out, 3, stride={s2}, padding=1, bias={bias})
        self.bn2 = nn.BatchNorm2d(ch_out)
        self.extra = nn.Sequential()
        if ch_in != ch_out or stride != 1:
            self.extra = nn.Sequential(nn.Conv2d(ch_in, ch_out, 1, stride={s_extra}), nn.BatchNorm2d(ch_out))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        {forward}
"""
_RESBLK_OK = {
    "s1": "stride",
    "s2": "1",
    "s_extra": "stride",
    "bias": "True",
    "forward": "return F.relu(self.extra(x) + self.bn2(self.conv2(out)))",
}


def _resblk(**change):
    return _RESBLK.format(**{**_RESBLK_OK, **change})


# A DenseBlock with the places where mistakes go marked {...}.
_DENSE = """class DenseBlock(nn.Module):
    def __init__(self, ch_in, growth, n_layers):
        super().__init__()
        self.layers = {container}(
            {layers}
        )

    def forward(self, x):
        {forward}
"""
_DENSE_OK = {
    "container": "nn.ModuleList",
    "layers": "[nn.Sequential(nn.BatchNorm2d(ch_in + i * growth), nn.ReLU(), "
    "nn.Conv2d(ch_in + i * growth, growth, 3, padding=1)) for i in range(n_layers)]",
    "forward": "features = x\n"
    "        for layer in self.layers:\n"
    "            features = torch.cat([features, layer(features)], dim=1)\n"
    "        return features",
}


def _dense(**change):
    return _DENSE.format(**{**_DENSE_OK, **change})


_LENET5 = """class Lenet5(nn.Module):
    def __init__(self):
        super(Lenet5, self).__init__()
        self.conv_unit = nn.Sequential(
            nn.Conv2d(3, 16, kernel_size=5, stride=1, padding={padding}),
            nn.MaxPool2d(kernel_size=2, stride=2, padding=0),
            nn.Conv2d(16, 32, kernel_size=5, stride=1, padding={padding}),
            nn.MaxPool2d(kernel_size=2, stride=2, padding=0),
        )
        self.fc_unit = nn.Sequential({fc})

    def forward(self, x):
        batchsz = x.size(0)
        x = self.conv_unit(x)
        {flatten}
        logits = self.fc_unit(x)
        {end}
"""
_LENET5_OK = {
    "padding": "0",
    "fc": "nn.Linear(32 * 5 * 5, 32), nn.ReLU(), nn.Linear(32, 10)",
    "flatten": "x = x.view(batchsz, 32 * 5 * 5)",
    "end": "return logits",
}


def _lenet5(**change):
    return _LENET5.format(**{**_LENET5_OK, **change})


_MY_LINEAR = """class MyLinear(nn.Module):
    def __init__(self, inp, outp):
        super(MyLinear, self).__init__()
        {init}

    def forward(self, x):
        {forward}
"""
_MY_LINEAR_OK = {
    "init": "self.w = nn.Parameter(torch.randn(outp, inp))\n"
    "        self.b = nn.Parameter(torch.randn(outp))",
    "forward": "return x @ self.w.t() + self.b",
}


def _my_linear(**change):
    return _MY_LINEAR.format(**{**_MY_LINEAR_OK, **change})


def _flatten(body):
    return f"class Flatten(nn.Module):\n    def forward(self, x):\n        {body}\n"


MISTAKES = {
    "Flatten": {
        "the course's view (non-contiguous input)": _flatten("return x.view(x.size(0), -1)"),
        "flattens the batch dim too": _flatten("return torch.flatten(x)"),
        "assumes [b, c, h, w]": _flatten(
            "return x.reshape(-1, x.shape[1] * x.shape[2] * x.shape[3])"
        ),
        "squeezes a batch of one": _flatten("return x.reshape(x.shape[0], -1).squeeze()"),
    },
    "MyLinear": {
        "plain tensor attributes": _my_linear(
            init="self.w = torch.randn(outp, inp, requires_grad=True)\n"
            "        self.b = torch.randn(outp, requires_grad=True)"
        ),
        "w stored as [inp, outp]": _my_linear(
            init="self.w = nn.Parameter(torch.randn(inp, outp))\n"
            "        self.b = nn.Parameter(torch.randn(outp))",
            forward="return x @ self.w + self.b",
        ),
        "no transpose": _my_linear(forward="return x @ self.w + self.b"),
        "no bias in forward": _my_linear(forward="return x @ self.w.t()"),
        "frozen parameters": _my_linear(
            init="self.w = nn.Parameter(torch.randn(outp, inp), requires_grad=False)\n"
            "        self.b = nn.Parameter(torch.randn(outp), requires_grad=False)"
        ),
        "bias registered as a buffer": _my_linear(
            init="self.w = nn.Parameter(torch.randn(outp, inp))\n"
            "        self.register_buffer('b', torch.randn(outp))"
        ),
        "torch.mm (2-D only)": _my_linear(forward="return torch.mm(x, self.w.t()) + self.b"),
        "accumulator created on the CPU": _my_linear(
            forward="out = torch.zeros(*x.shape[:-1], self.w.shape[0], dtype=x.dtype)\n"
            "        return out + x @ self.w.t() + self.b"
        ),
    },
    "Lenet5": {
        "softmax at the end": _lenet5(end="return F.softmax(logits, dim=1)"),
        "flattened channels last": _lenet5(
            flatten="x = x.permute(0, 2, 3, 1).reshape(batchsz, 32 * 5 * 5)"
        ),
        "no ReLU in fc_unit": _lenet5(fc="nn.Linear(32 * 5 * 5, 32), nn.Linear(32, 10)"),
        "padding 2 (the original LeNet)": _lenet5(
            padding="2",
            fc="nn.Linear(32 * 8 * 8, 32), nn.ReLU(), nn.Linear(32, 10)",
            flatten="x = x.view(batchsz, 32 * 8 * 8)",
        ),
        "16*5*5 from the course's comment": _lenet5(
            fc="nn.Linear(16 * 5 * 5, 32), nn.ReLU(), nn.Linear(32, 10)",
            flatten="x = x.view(-1, 16 * 5 * 5)",
        ),
        "ReLU after conv_unit": _lenet5(flatten="x = F.relu(x).view(batchsz, 32 * 5 * 5)"),
    },
    "ResBlk": {
        "the course's ResBlk (extra ignores the stride)": _COURSE_RESBLK,
        "no final ReLU": _resblk(forward="return self.extra(x) + self.bn2(self.conv2(out))"),
        "ReLU before the addition": _resblk(
            forward="return self.extra(x) + F.relu(self.bn2(self.conv2(out)))"
        ),
        "no shortcut": _resblk(forward="return F.relu(self.bn2(self.conv2(out)))"),
        "bn1 used twice": _resblk(
            forward="return F.relu(self.extra(x) + self.bn1(self.conv2(out)))"
        ),
        "stride on conv2": _resblk(s1="1", s2="stride"),
        "shortcut conv without stride": _resblk(s_extra="1"),
        "convs without bias": _resblk(bias="False"),
        "shortcut input detached": _resblk(
            forward="return F.relu(self.extra(x.detach()) + self.bn2(self.conv2(out)))"
        ),
    },
    "DenseBlock": {
        "a Python list of layers": _dense(container="list"),
        "new features first": _dense(
            forward="features = x\n"
            "        for layer in self.layers:\n"
            "            features = torch.cat([layer(features), features], dim=1)\n"
            "        return features"
        ),
        "each layer sees only the previous output": _dense(
            layers="[nn.Sequential(nn.BatchNorm2d(ch_in if i == 0 else growth), nn.ReLU(), "
            "nn.Conv2d(ch_in if i == 0 else growth, growth, 3, padding=1)) for i in range(n_layers)]",
            forward="outs = [x]\n"
            "        for layer in self.layers:\n"
            "            outs.append(layer(outs[-1]))\n"
            "        return torch.cat(outs, dim=1)",
        ),
        "conv before batch norm": _dense(
            layers="[nn.Sequential(nn.Conv2d(ch_in + i * growth, growth, 3, padding=1), "
            "nn.BatchNorm2d(growth), nn.ReLU()) for i in range(n_layers)]"
        ),
        "an nn.Sequential of layers": _dense(
            container="nn.Sequential",
            layers="*[nn.Sequential(nn.BatchNorm2d(ch_in + i * growth), nn.ReLU(), "
            "nn.Conv2d(ch_in + i * growth, growth, 3, padding=1)) for i in range(n_layers)]",
        ),
        "output preallocated on the CPU": _dense(
            forward="b, c, h, w = x.shape\n"
            "        total = c + sum(layer[2].out_channels for layer in self.layers)\n"
            "        out = torch.zeros(b, total, h, w, dtype=x.dtype)\n"
            "        out[:, :c] = x\n"
            "        for layer in self.layers:\n"
            "            new = layer(out[:, :c].clone())\n"
            "            out[:, c:c + new.shape[1]] = new\n"
            "            c += new.shape[1]\n"
            "        return out"
        ),
        "returns only the new features": _dense(
            forward="features, news = x, []\n"
            "        for layer in self.layers:\n"
            "            news.append(layer(features))\n"
            "            features = torch.cat([features, news[-1]], dim=1)\n"
            "        return torch.cat(news, dim=1)"
        ),
    },
    "count_parameters": {
        "sums the state_dict": "def count_parameters(model, trainable_only=True):\n"
        "    return sum(v.numel() for v in model.state_dict().values())\n",
        "ignores trainable_only": "def count_parameters(model, trainable_only=True):\n"
        "    return sum(p.numel() for p in model.parameters())\n",
        "counts tensors": "def count_parameters(model, trainable_only=True):\n"
        "    return len([p for p in model.parameters() if p.requires_grad or not trainable_only])\n",
        "returns a tensor": "def count_parameters(model, trainable_only=True):\n"
        "    return torch.tensor([p.numel() for p in model.parameters() if p.requires_grad or not trainable_only]).sum()\n",
    },
    "save_checkpoint": {
        "saves the whole model": "def save_checkpoint(model, path):\n    torch.save(model, path)\n",
        "parameters only": "def save_checkpoint(model, path):\n"
        "    torch.save(dict(model.named_parameters()), path)\n",
        "the method, not its result": "def save_checkpoint(model, path):\n"
        "    torch.save(model.state_dict, path)\n",
    },
    "load_checkpoint": {
        "returns nothing": "def load_checkpoint(model, path):\n"
        "    model.load_state_dict(torch.load(path))\n",
        "returns the state_dict": "def load_checkpoint(model, path):\n"
        "    return torch.load(path)\n",
        "never loads it": "def load_checkpoint(model, path):\n"
        "    state = torch.load(path)\n    return model\n",
    },
}

ALTERNATIVES = {
    "Flatten": {
        "torch.flatten": _flatten("return torch.flatten(x, 1)"),
        "contiguous then view": _flatten("return x.contiguous().view(x.size(0), -1)"),
        "nn.Flatten": "class Flatten(nn.Flatten):\n    pass\n",
    },
    "MyLinear": {
        "F.linear": _my_linear(forward="return F.linear(x, self.w, self.b)"),
        "einsum": _my_linear(forward="return torch.einsum('...i,oi->...o', x, self.w) + self.b"),
        "matmul, zero init": _my_linear(
            init="self.w = nn.Parameter(torch.zeros(outp, inp))\n"
            "        self.b = nn.Parameter(torch.zeros(outp))",
            forward="return torch.matmul(x, self.w.transpose(0, 1)) + self.b",
        ),
    },
    "Lenet5": {
        "the course's Lenet5": _lenet5(),
        "torch.flatten": _lenet5(flatten="x = torch.flatten(x, 1)"),
    },
    "ResBlk": {
        "identity shortcut, in-place add": """class ResBlk(nn.Module):
    def __init__(self, ch_in, ch_out, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(ch_in, ch_out, 3, stride, 1)
        self.bn1 = nn.BatchNorm2d(ch_out)
        self.conv2 = nn.Conv2d(ch_out, ch_out, 3, 1, 1)
        self.bn2 = nn.BatchNorm2d(ch_out)
        if ch_in == ch_out and stride == 1:
            self.extra = nn.Identity()
        else:
            self.extra = nn.Sequential(nn.Conv2d(ch_in, ch_out, 1, stride), nn.BatchNorm2d(ch_out))
        self.relu = nn.ReLU()

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        out += self.extra(x)
        return torch.relu(out)
""",
    },
    "DenseBlock": {
        "list of features, one cat at the end": _dense(
            forward="features = [x]\n"
            "        for layer in self.layers:\n"
            "            features.append(layer(torch.cat(features, 1)))\n"
            "        return torch.cat(features, 1)"
        ),
        "ModuleList built by append": """class DenseBlock(nn.Module):
    def __init__(self, ch_in, growth, n_layers):
        super().__init__()
        self.layers = nn.ModuleList()
        channels = ch_in
        for _ in range(n_layers):
            self.layers.append(
                nn.Sequential(nn.BatchNorm2d(channels), nn.ReLU(inplace=True),
                              nn.Conv2d(channels, growth, kernel_size=3, stride=1, padding=1))
            )
            channels += growth

    def forward(self, x):
        for layer in self.layers:
            x = torch.cat((x, layer(x)), dim=1)
        return x
""",
    },
    "count_parameters": {
        "loop over named_parameters": "def count_parameters(model, trainable_only=True):\n"
        "    total = 0\n"
        "    for _, p in model.named_parameters():\n"
        "        if p.requires_grad or not trainable_only:\n"
        "            total += p.numel()\n"
        "    return total\n",
        "filter then sum": "def count_parameters(model, trainable_only=True):\n"
        "    params = model.parameters()\n"
        "    if trainable_only:\n"
        "        params = filter(lambda p: p.requires_grad, params)\n"
        "    return int(sum(p.numel() for p in params))\n",
    },
    "save_checkpoint": {
        "through a file object": "def save_checkpoint(model, path):\n"
        "    with open(path, 'wb') as f:\n"
        "        torch.save(model.state_dict(), f)\n",
    },
    "load_checkpoint": {
        "the course's one-liner": "def load_checkpoint(model, path):\n"
        "    model.load_state_dict(torch.load(path))\n    return model\n",
    },
}
