"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `conv`. Each entry is source appended to the reference solution module, so it
replaces that one function (`torch` and the helper `_pair` are already there)."""

# A by-hand conv2d over the kernel positions, with the places where mistakes go marked {...}.
_CONV = """def conv2d_by_hand(x, weight, bias=None, stride=1, padding=0):
    sh, sw = _pair(stride)
    ph, pw = _pair(padding)
    {pad}
    {weight}
    b, cin, h, w = xp.shape
    cout, _, kh, kw = weight.shape
    oh = {oh}
    ow = (w - kw) // sw + 1
    {bias_in}
    out = {out}
    for p in range(kh):
        for q in range(kw):
            patch = xp[:, :, p : p + sh * (oh - 1) + 1 : sh, q : q + sw * (ow - 1) + 1 : sw]
            {acc}torch.einsum("bchw,oc->bohw", patch, weight[:, :, p, q])
    if bias is not None:
        out = out + {bias_out}
    return out
"""
_CONV_OK = {
    "pad": "xp = torch.nn.functional.pad(x, (pw, pw, ph, ph))",
    "weight": "pass",
    "oh": "(h - kh) // sh + 1",
    "bias_in": "pass",
    "out": "x.new_zeros(b, cout, oh, ow)",
    "bias_out": "bias.reshape(1, -1, 1, 1)",
    "acc": "out = out + ",
}


def _conv(**change):
    return _CONV.format(**{**_CONV_OK, **change})


# Max pooling over the kernel positions: a running maximum of strided slices.
_MAX = """def max_pool2d_by_hand(x, kernel_size, stride=None):
    kh, kw = _pair(kernel_size)
    sh, sw = _pair({stride})
    {swap}
    oh = (x.shape[-2] - kh) // sh + 1
    ow = (x.shape[-1] - kw) // sw + 1
    out = {init}
    for p in range(kh):
        for q in range(kw):
            out = torch.maximum(out, x[..., p : p + sh * (oh - 1) + 1 : sh, q : q + sw * (ow - 1) + 1 : sw])
    return out
"""
_MAX_OK = {
    "stride": "kernel_size if stride is None else stride",
    "init": "torch.full((*x.shape[:-2], oh, ow), float('-inf'), dtype=x.dtype, device=x.device)",
    "swap": "pass",
}


def _max(**change):
    return _MAX.format(**{**_MAX_OK, **change})


_AVG = """def avg_pool2d_by_hand(x, kernel_size, stride=None):
    kh, kw = _pair(kernel_size)
    sh, sw = _pair({stride})
    windows = x.unfold(-2, {kh}, sh).unfold(-2, {kw}, sw)
    return {reduce}
"""
_AVG_OK = {
    "stride": "kernel_size if stride is None else stride",
    "kh": "kh",
    "kw": "kw",
    "reduce": "windows.mean(dim=(-2, -1))",
}


def _avg(**change):
    return _AVG.format(**{**_AVG_OK, **change})


_BN = """def batch_norm_by_hand(x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5):
    dims = {dims}
    shape = [1, x.shape[1]] + [1] * (x.dim() - 2)
    {defaults}
    if {use_batch}:
        mean = x.mean(dim=dims)
        var = x.var(dim=dims, unbiased={unbiased_norm})
        n = x.numel() // x.shape[1]
        batch_var = x.var(dim=dims, unbiased={unbiased_run})
        if {update}:
            with torch.no_grad():
                {update_mean}
                {update_var}
    else:
        mean, var = running_mean, running_var
    {normalise}
    if weight is not None:
        y = y * weight.reshape(shape)
    if bias is not None:
        y = y + bias.reshape(shape)
    return y
"""
_BN_OK = {
    "dims": "[d for d in range(x.dim()) if d != 1]",
    "defaults": "pass",
    "use_batch": "training",
    "unbiased_norm": "False",
    "unbiased_run": "True",
    "update": "True",
    "update_mean": "running_mean.mul_(1 - momentum).add_(momentum * mean)",
    "update_var": "running_var.mul_(1 - momentum).add_(momentum * batch_var)",
    "normalise": "y = (x - mean.reshape(shape)) / torch.sqrt(var.reshape(shape) + eps)",
}


def _bn(**change):
    return _BN.format(**{**_BN_OK, **change})


MISTAKES = {
    "conv_output_size": {
        "true division": (
            "def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1):\n"
            "    return (size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride + 1\n"
        ),
        "padding once": (
            "def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1):\n"
            "    return (size + padding - dilation * (kernel_size - 1) - 1) // stride + 1\n"
        ),
        "no + 1": (
            "def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1):\n"
            "    return (size + 2 * padding - dilation * (kernel_size - 1) - 1) // stride\n"
        ),
        "dilation ignored": (
            "def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1):\n"
            "    return (size + 2 * padding - kernel_size) // stride + 1\n"
        ),
        "returns a tensor": (
            "def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1):\n"
            "    return torch.tensor(size + 2 * padding - dilation * (kernel_size - 1) - 1) // stride + 1\n"
        ),
    },
    "conv2d_by_hand": {
        "kernel flipped": _conv(weight="weight = weight.flip(-2, -1)"),
        "padding on one side": _conv(pad="xp = torch.nn.functional.pad(x, (pw, 0, ph, 0))"),
        "stride ignored in the output size": _conv(
            oh="(h - kh) + 1\n    sh = sw = 1", out="x.new_zeros(b, cout, oh, (w - kw) + 1)"
        ),
        "output size off by one": _conv(oh="(h - kh) // sh"),
        "bias per input channel": _conv(
            bias_in="xp = xp + bias.reshape(1, -1, 1, 1) if bias is not None else xp",
            bias_out="0",
        ),
        "uses F.conv2d": (
            "def conv2d_by_hand(x, weight, bias=None, stride=1, padding=0):\n"
            "    return torch.nn.functional.conv2d(x, weight, bias, stride, padding)\n"
        ),
        "uses torch.ops.aten.convolution": (
            "def conv2d_by_hand(x, weight, bias=None, stride=1, padding=0):\n"
            "    s, p = list(_pair(stride)), list(_pair(padding))\n"
            "    return torch.ops.aten.convolution(x, weight, bias, s, p, [1, 1], False, [0, 0], 1)\n"
        ),
        "padding zeros on the CPU": _conv(
            pad="zh = torch.zeros(x.shape[0], x.shape[1], ph, x.shape[3], dtype=x.dtype)\n"
            "    xp = torch.cat([zh, x, zh], dim=2)\n"
            "    zw = torch.zeros(x.shape[0], x.shape[1], xp.shape[2], pw, dtype=x.dtype)\n"
            "    xp = torch.cat([zw, xp, zw], dim=3)"
        ),
        "casts to float32": _conv(
            pad="x, weight = x.float(), weight.float()\n"
            "    bias = bias.float() if bias is not None else None\n"
            "    xp = torch.nn.functional.pad(x, (pw, pw, ph, ph))"
        ),
        "loop over every output pixel (too slow)": (
            "def conv2d_by_hand(x, weight, bias=None, stride=1, padding=0):\n"
            "    sh, sw = _pair(stride)\n"
            "    ph, pw = _pair(padding)\n"
            "    xp = torch.nn.functional.pad(x, (pw, pw, ph, ph))\n"
            "    b, cin, h, w = xp.shape\n"
            "    cout, _, kh, kw = weight.shape\n"
            "    oh, ow = (h - kh) // sh + 1, (w - kw) // sw + 1\n"
            "    out = x.new_zeros(b, cout, oh, ow)\n"
            "    for n in range(b):\n"
            "        for o in range(cout):\n"
            "            for i in range(oh):\n"
            "                for j in range(ow):\n"
            "                    window = xp[n, :, i * sh : i * sh + kh, j * sw : j * sw + kw]\n"
            "                    out[n, o, i, j] = (window * weight[o]).sum()\n"
            "    if bias is not None:\n"
            "        out = out + bias.reshape(1, -1, 1, 1)\n"
            "    return out\n"
        ),
    },
    "max_pool2d_by_hand": {
        "maximum started at 0": _max(init="x.new_zeros(*x.shape[:-2], oh, ow)"),
        "stride None means 1": _max(stride="1 if stride is None else stride"),
        "stride argument ignored": _max(stride="kernel_size"),
        "kernel pair read as (w, h)": _max(swap="kh, kw, sh, sw = kw, kh, sw, sh"),
        "uses F.max_pool2d": (
            "def max_pool2d_by_hand(x, kernel_size, stride=None):\n"
            "    return torch.nn.functional.max_pool2d(x, kernel_size, stride)\n"
        ),
        "-inf created on the CPU": _max(
            init="torch.full((*x.shape[:-2], oh, ow), float('-inf'), dtype=x.dtype)"
        ),
    },
    "avg_pool2d_by_hand": {
        "sum, not mean": _avg(reduce="windows.sum(dim=(-2, -1))"),
        "divided by kh only": _avg(reduce="windows.sum(dim=(-2, -1)) / kh"),
        "stride None means 1": _avg(stride="1 if stride is None else stride"),
        "stride argument ignored": _avg(stride="kernel_size"),
        "kernel pair read as (w, h)": _avg(kh="kw", kw="kh"),
        "uses F.avg_pool2d": (
            "def avg_pool2d_by_hand(x, kernel_size, stride=None):\n"
            "    return torch.nn.functional.avg_pool2d(x, kernel_size, stride)\n"
        ),
        "ones kernel on the CPU": (
            "def avg_pool2d_by_hand(x, kernel_size, stride=None):\n"
            "    kh, kw = _pair(kernel_size)\n"
            "    sh, sw = _pair(kernel_size if stride is None else stride)\n"
            "    windows = x.unfold(-2, kh, sh).unfold(-2, kw, sw)\n"
            "    ones = torch.ones(kh, kw, dtype=x.dtype)\n"
            "    return (windows * ones).sum(dim=(-2, -1)) / (kh * kw)\n"
        ),
        "result always float32": _avg(reduce="windows.mean(dim=(-2, -1)).float()"),
    },
    "upsample_nearest": {
        "tiled with repeat": (
            "def upsample_nearest(x, scale_factor):\n    return x.repeat(1, 1, scale_factor, scale_factor)\n"
        ),
        "rows only": (
            "def upsample_nearest(x, scale_factor):\n"
            "    return x.repeat_interleave(scale_factor, dim=2)\n"
        ),
        "rows tiled, columns repeated": (
            "def upsample_nearest(x, scale_factor):\n"
            "    return x.repeat(1, 1, scale_factor, 1).repeat_interleave(scale_factor, dim=3)\n"
        ),
        "uses F.interpolate": (
            "def upsample_nearest(x, scale_factor):\n"
            "    return torch.nn.functional.interpolate(x, scale_factor=scale_factor, mode='nearest')\n"
        ),
        "kron with a ones block on the CPU": (
            "def upsample_nearest(x, scale_factor):\n"
            "    return torch.kron(x, torch.ones(scale_factor, scale_factor, dtype=x.dtype))\n"
        ),
    },
    "batch_norm_by_hand": {
        "biased variance in the running update": _bn(unbiased_run="False"),
        "unbiased variance for normalising": _bn(unbiased_norm="True"),
        "momentum the other way round": _bn(
            update_mean="running_mean.mul_(momentum).add_((1 - momentum) * mean)",
            update_var="running_var.mul_(momentum).add_((1 - momentum) * batch_var)",
        ),
        "statistics over dim 0 only": _bn(dims="0"),
        "running stats rebound, not updated": _bn(
            update_mean="running_mean = (1 - momentum) * running_mean + momentum * mean",
            update_var="running_var = (1 - momentum) * running_var + momentum * batch_var",
        ),
        "running stats updated in eval": _bn(
            use_batch="True",
            normalise="if not training:\n        mean, var = running_mean, running_var\n"
            "    y = (x - mean.reshape(shape)) / torch.sqrt(var.reshape(shape) + eps)",
        ),
        "batch statistics in eval": _bn(use_batch="True", update="training"),
        "eps added to the standard deviation": _bn(
            normalise="y = (x - mean.reshape(shape)) / (torch.sqrt(var.reshape(shape)) + eps)"
        ),
        "weight None not handled": _bn(
            normalise="y = (x - mean.reshape(shape)) / torch.sqrt(var.reshape(shape) + eps)\n"
            "    y = y * weight.reshape(shape) + bias.reshape(shape)\n"
            "    return y"
        ),
        "default weight on the CPU": _bn(
            defaults="weight = torch.ones(x.shape[1], dtype=x.dtype) if weight is None else weight"
        ),
        "normalises x in place": _bn(
            normalise="x.sub_(mean.reshape(shape)).div_(torch.sqrt(var.reshape(shape) + eps))\n    y = x"
        ),
        "uses F.batch_norm": (
            "def batch_norm_by_hand(x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5):\n"
            "    return torch.nn.functional.batch_norm(x, running_mean, running_var, weight, bias, training, momentum, eps)\n"
        ),
    },
}

ALTERNATIVES = {
    "conv_output_size": {
        "math.floor": (
            "def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1):\n"
            "    import math\n"
            "    return math.floor((size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride) + 1\n"
        ),
    },
    "conv2d_by_hand": {
        "F.pad and a loop over kernel positions": _conv(),
        "unfold and matmul": (
            "def conv2d_by_hand(x, weight, bias=None, stride=1, padding=0):\n"
            "    import torch.nn.functional as F\n"
            "    b, cin, h, w = x.shape\n"
            "    cout, _, kh, kw = weight.shape\n"
            "    (sh, sw), (ph, pw) = _pair(stride), _pair(padding)\n"
            "    oh, ow = (h + 2 * ph - kh) // sh + 1, (w + 2 * pw - kw) // sw + 1\n"
            "    cols = F.unfold(x, (kh, kw), padding=(ph, pw), stride=(sh, sw))\n"
            "    out = (weight.reshape(cout, -1) @ cols).reshape(b, cout, oh, ow)\n"
            "    return out if bias is None else out + bias[:, None, None]\n"
        ),
        "Tensor.unfold and einsum": (
            "def conv2d_by_hand(x, weight, bias=None, stride=1, padding=0):\n"
            "    (sh, sw), (ph, pw) = _pair(stride), _pair(padding)\n"
            "    xp = torch.nn.functional.pad(x, (pw, pw, ph, ph))\n"
            "    kh, kw = weight.shape[-2:]\n"
            "    win = xp.unfold(2, kh, sh).unfold(3, kw, sw)\n"
            "    out = torch.einsum('bchwpq,ocpq->bohw', win, weight)\n"
            "    return out if bias is None else out + bias.view(1, -1, 1, 1)\n"
        ),
    },
    "max_pool2d_by_hand": {"loop over kernel positions": _max()},
    "avg_pool2d_by_hand": {
        "sum divided by kh*kw": _avg(reduce="windows.sum(dim=(-2, -1)) / (kh * kw)"),
        "depthwise conv2d with a ones kernel": (
            "def avg_pool2d_by_hand(x, kernel_size, stride=None):\n"
            "    import torch.nn.functional as F\n"
            "    kh, kw = _pair(kernel_size)\n"
            "    s = _pair(kernel_size if stride is None else stride)\n"
            "    b, c, h, w = x.shape\n"
            "    ones = torch.full((1, 1, kh, kw), 1.0 / (kh * kw), dtype=x.dtype, device=x.device)\n"
            "    out = F.conv2d(x.reshape(b * c, 1, h, w), ones, stride=s)\n"
            "    return out.reshape(b, c, out.shape[-2], out.shape[-1])\n"
        ),
    },
    "upsample_nearest": {
        "repeat_interleave twice": (
            "def upsample_nearest(x, scale_factor):\n"
            "    return x.repeat_interleave(scale_factor, dim=2).repeat_interleave(scale_factor, dim=3)\n"
        ),
        "index i // s": (
            "def upsample_nearest(x, scale_factor):\n"
            "    h, w = x.shape[-2:]\n"
            "    rows = torch.arange(h * scale_factor, device=x.device) // scale_factor\n"
            "    cols = torch.arange(w * scale_factor, device=x.device) // scale_factor\n"
            "    return x[..., rows[:, None], cols]\n"
        ),
    },
    "batch_norm_by_hand": {
        "variance by hand, copy_ for the update": (
            "def batch_norm_by_hand(x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5):\n"
            "    dims = (0,) if x.dim() == 2 else (0, 2, 3)\n"
            "    shape = (1, -1) if x.dim() == 2 else (1, -1, 1, 1)\n"
            "    if training:\n"
            "        n = x.numel() // x.shape[1]\n"
            "        mean = x.mean(dims)\n"
            "        sq = ((x - mean.view(shape)) ** 2).sum(dims)\n"
            "        var = sq / n\n"
            "        running_mean.copy_((1 - momentum) * running_mean + momentum * mean)\n"
            "        running_var.copy_((1 - momentum) * running_var + momentum * sq / (n - 1))\n"
            "    else:\n"
            "        mean, var = running_mean, running_var\n"
            "    y = (x - mean.view(shape)) * torch.rsqrt(var.view(shape) + eps)\n"
            "    if weight is not None:\n"
            "        y = y * weight.view(shape)\n"
            "    if bias is not None:\n"
            "        y = y + bias.view(shape)\n"
            "    return y\n"
        ),
        "update through slicing": _bn(
            update_mean="running_mean[:] = (1 - momentum) * running_mean + momentum * mean",
            update_var="running_var[:] = (1 - momentum) * running_var + momentum * batch_var",
        ),
    },
}
