"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `dims`. Each entry is source appended to the reference solution module, so it
replaces that one function."""

MISTAKES = {
    "flatten_images": {
        "view on non-contiguous": "def flatten_images(x):\n    return x.view(x.size(0), -1)\n",
        "flattens the batch too": "def flatten_images(x):\n    return x.view(-1)\n",
        "squeeze drops b == 1": "def flatten_images(x):\n    return x.reshape(x.shape[0], -1).squeeze()\n",
        "view arguments swapped": "def flatten_images(x):\n    return x.reshape(-1, x.shape[0])\n",
    },
    "rows_of_pixels": {
        "rows of length h": "def rows_of_pixels(x):\n    return x.reshape(-1, x.shape[2])\n",
        "view on non-contiguous": "def rows_of_pixels(x):\n    return x.view(-1, x.shape[-1])\n",
        "one row per channel": "def rows_of_pixels(x):\n    b, c, h, w = x.shape\n    return x.reshape(b * c, h * w)\n",
    },
    "add_group_dim": {
        "unsqueeze(1)": "def add_group_dim(x):\n    return x.unsqueeze(1)\n",
        "unsqueeze(-1)": "def add_group_dim(x):\n    return x.unsqueeze(-1)\n",
        "in place unsqueeze_": "def add_group_dim(x):\n    return x.unsqueeze_(0)\n",
    },
    "as_channel_bias": {
        "lined up with w": "def as_channel_bias(bias):\n    return bias.view(1, 1, 1, -1)\n",
        "no batch dim": "def as_channel_bias(bias):\n    return bias.unsqueeze(1).unsqueeze(2)\n",
        "[1, c]": "def as_channel_bias(bias):\n    return bias.unsqueeze(0)\n",
    },
    "squeeze_singletons": {
        "squeeze(0) only": "def squeeze_singletons(x):\n    return x.squeeze(0)\n",
        "squeeze(1) only": "def squeeze_singletons(x):\n    return x.squeeze(1)\n",
        "loop from the left": (
            "def squeeze_singletons(x):\n"
            "    for d in range(x.dim()):\n"
            "        if d < x.dim() and x.shape[d] == 1:\n"
            "            x = x.squeeze(d)\n"
            "    return x\n"
        ),
        "flattens everything": "def squeeze_singletons(x):\n    return x.reshape(-1)\n",
        "in place squeeze_": "def squeeze_singletons(x):\n    return x.squeeze_()\n",
    },
    "expand_bias": {
        "repeat copies": (
            "def expand_bias(bias, shape):\n"
            "    shape = [s if s != -1 else n for s, n in zip(shape, (1,) * (len(shape) - 4) + tuple(bias.shape))]\n"
            "    c = bias.shape[1]\n"
            "    reps = list(shape)\n"
            "    reps[-3] = shape[-3] // c\n"
            "    return bias.repeat(*reps)\n"
        ),
        "expand then contiguous": "def expand_bias(bias, shape):\n    return bias.expand(*shape).contiguous()\n",
        "unpacked as b, c, w, h": "def expand_bias(bias, shape):\n    b, c, w, h = shape\n    return bias.expand(b, c, h, w)\n",
        "clone first": "def expand_bias(bias, shape):\n    return bias.clone().expand(*shape)\n",
        "ones times bias": "def expand_bias(bias, shape):\n    return torch.ones(shape, dtype=bias.dtype) * bias\n",
    },
    "tile": {
        "expand where repeat is asked": (
            "def tile(x, reps):\n"
            "    shape = (1,) * (len(reps) - x.dim()) + tuple(x.shape)\n"
            "    return x.expand(*[r * s for r, s in zip(reps, shape)])\n"
        ),
        "repeat_interleave": (
            "def tile(x, reps):\n"
            "    x = x.reshape((1,) * (len(reps) - x.dim()) + tuple(x.shape))\n"
            "    for d, r in enumerate(reps):\n"
            "        x = x.repeat_interleave(r, dim=d)\n"
            "    return x\n"
        ),
        "cat loop over x's dims only": (
            "def tile(x, reps):\n"
            "    for d, r in zip(range(x.dim()), reps):\n"
            "        x = torch.cat([x] * r, dim=d)\n"
            "    return x\n"
        ),
        "returns x when nothing to repeat": (
            "def tile(x, reps):\n"
            "    if all(r == 1 for r in reps) and len(reps) == x.dim():\n"
            "        return x\n"
            "    return x.repeat(*reps)\n"
        ),
    },
    "to_channels_last": {
        "view scrambles": "def to_channels_last(x):\n    b, c, h, w = x.shape\n    return x.view(b, h, w, c)\n",
        "transpose(1, 3)": "def to_channels_last(x):\n    return x.transpose(1, 3)\n",
        "inverse permutation": "def to_channels_last(x):\n    return x.permute(0, 3, 1, 2)\n",
        "memory format only": "def to_channels_last(x):\n    return x.contiguous(memory_format=torch.channels_last)\n",
        "computed on the CPU": "def to_channels_last(x):\n    return x.cpu().permute(0, 2, 3, 1)\n",
        "a copy through Python lists": (
            "def to_channels_last(x):\n"
            "    return torch.tensor(x.tolist(), dtype=x.dtype).permute(0, 2, 3, 1)\n"
        ),
    },
    "to_channels_first": {
        "view scrambles": "def to_channels_first(x):\n    b, h, w, c = x.shape\n    return x.reshape(b, c, h, w)\n",
        "transpose(1, 3)": "def to_channels_first(x):\n    return x.transpose(1, 3)\n",
        "same permutation again": "def to_channels_first(x):\n    return x.permute(0, 2, 3, 1)\n",
    },
    "flatten_channels_last": {
        "channels-first order": "def flatten_channels_last(x):\n    return x.reshape(x.shape[0], -1)\n",
        "transpose(1, 3)": "def flatten_channels_last(x):\n    return x.transpose(1, 3).reshape(x.shape[0], -1)\n",
        "view after permute": "def flatten_channels_last(x):\n    return x.permute(0, 2, 3, 1).view(x.shape[0], -1)\n",
        "view to channels-last": (
            "def flatten_channels_last(x):\n"
            "    b, c, h, w = x.shape\n"
            "    return x.reshape(b, h, w, c).reshape(b, -1)\n"
        ),
    },
    "unflatten_channels_last": {
        "plain view scrambles": "def unflatten_channels_last(y, c, h, w):\n    return y.reshape(y.shape[0], c, h, w)\n",
        "transpose(1, 3)": "def unflatten_channels_last(y, c, h, w):\n    return y.reshape(-1, h, w, c).transpose(1, 3)\n",
        "cut as [b, w, h, c]": "def unflatten_channels_last(y, c, h, w):\n    return y.reshape(-1, w, h, c).permute(0, 3, 2, 1)\n",
    },
    "swap_height_width": {
        "view scrambles": "def swap_height_width(x):\n    b, c, h, w = x.shape\n    return x.reshape(b, c, w, h)\n",
        "transpose(1, 2)": "def swap_height_width(x):\n    return x.transpose(1, 2)\n",
        "in place transpose_": "def swap_height_width(x):\n    return x.transpose_(2, 3)\n",
    },
}

ALTERNATIVES = {
    "flatten_images": {
        "reshape": "def flatten_images(x):\n    return x.reshape(x.shape[0], -1)\n",
        "contiguous then view": "def flatten_images(x):\n    return x.contiguous().view(x.size(0), -1)\n",
        "torch.flatten": "def flatten_images(x):\n    return torch.flatten(x, 1)\n",
    },
    "rows_of_pixels": {
        "explicit sizes": "def rows_of_pixels(x):\n    b, c, h, w = x.shape\n    return x.reshape(b * c * h, w)\n",
        "flatten(0, 2)": "def rows_of_pixels(x):\n    return x.flatten(0, 2)\n",
    },
    "add_group_dim": {
        "None index": "def add_group_dim(x):\n    return x[None]\n",
        "view": "def add_group_dim(x):\n    return x.view(1, *x.shape)\n",
        "unsqueeze(-5)": "def add_group_dim(x):\n    return torch.unsqueeze(x, -5)\n",
    },
    "as_channel_bias": {
        "view": "def as_channel_bias(bias):\n    return bias.view(1, -1, 1, 1)\n",
        "None index": "def as_channel_bias(bias):\n    return bias[None, :, None, None]\n",
        "reshape sizes": "def as_channel_bias(bias):\n    return bias.reshape(1, bias.shape[0], 1, 1)\n",
    },
    "squeeze_singletons": {
        "reshape to kept sizes": "def squeeze_singletons(x):\n    return x.reshape([n for n in x.shape if n != 1])\n",
        "loop from the right": (
            "def squeeze_singletons(x):\n"
            "    for d in reversed(range(x.dim())):\n"
            "        if x.shape[d] == 1:\n"
            "            x = x.squeeze(d)\n"
            "    return x\n"
        ),
        "torch.squeeze": "def squeeze_singletons(x):\n    return torch.squeeze(x)\n",
    },
    "expand_bias": {
        "broadcast_to": "def expand_bias(bias, shape):\n    return torch.broadcast_to(bias, tuple(shape))\n",
        "expand with a sequence": "def expand_bias(bias, shape):\n    return bias.expand(list(shape))\n",
    },
    "tile": {
        "torch.tile": "def tile(x, reps):\n    return torch.tile(x, tuple(reps))\n",
        "cat loop": (
            "def tile(x, reps):\n"
            "    x = x.reshape((1,) * (len(reps) - x.dim()) + tuple(x.shape))\n"
            "    for d, r in enumerate(reps):\n"
            "        x = torch.cat([x] * r, dim=d)\n"
            "    return x.clone()\n"
        ),
        "expand then reshape": (
            "def tile(x, reps):\n"
            "    shape = (1,) * (len(reps) - x.dim()) + tuple(x.shape)\n"
            "    x = x.reshape(shape)\n"
            "    inter = [v for r, s in zip(reps, shape) for v in (1, s)]\n"
            "    big = [v for r, s in zip(reps, shape) for v in (r, s)]\n"
            "    out = x.reshape(inter).expand(big)\n"
            "    return out.reshape([r * s for r, s in zip(reps, shape)]).clone()\n"
        ),
    },
    "to_channels_last": {
        "movedim": "def to_channels_last(x):\n    return x.movedim(1, -1)\n",
        "two transposes": "def to_channels_last(x):\n    return x.transpose(1, 2).transpose(2, 3)\n",
        "contiguous copy": "def to_channels_last(x):\n    return x.permute(0, 2, 3, 1).contiguous()\n",
    },
    "to_channels_first": {
        "movedim": "def to_channels_first(x):\n    return torch.movedim(x, -1, 1)\n",
        "einsum": "def to_channels_first(x):\n    return torch.einsum('bhwc->bchw', x)\n",
    },
    "flatten_channels_last": {
        "permute then reshape": "def flatten_channels_last(x):\n    return x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)\n",
        "contiguous then view": "def flatten_channels_last(x):\n    return x.permute(0, 2, 3, 1).contiguous().view(x.size(0), -1)\n",
    },
    "unflatten_channels_last": {
        "unflatten and movedim": "def unflatten_channels_last(y, c, h, w):\n    return y.unflatten(1, (h, w, c)).movedim(-1, 1)\n",
        "view splits the last dim": "def unflatten_channels_last(y, c, h, w):\n    return y.view(-1, h, w, c).permute(0, 3, 1, 2)\n",
        "contiguous result": "def unflatten_channels_last(y, c, h, w):\n    return y.reshape(y.shape[0], h, w, c).permute(0, 3, 1, 2).contiguous()\n",
    },
    "swap_height_width": {
        "permute": "def swap_height_width(x):\n    return x.permute(0, 1, 3, 2)\n",
        "mT": "def swap_height_width(x):\n    return x.mT\n",
        "negative dims": "def swap_height_width(x):\n    return x.transpose(-1, -2)\n",
    },
}
