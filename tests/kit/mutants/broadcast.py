"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `broadcast`. Each entry is source appended to the reference solution module, so
it replaces that one function."""

MISTAKES = {
    "broadcast_shape": {
        "zip stops at the shorter shape": (
            "def broadcast_shape(shape_a, shape_b):\n"
            "    out = []\n"
            "    for x, y in zip(reversed(shape_a), reversed(shape_b)):\n"
            "        if x != y and x != 1 and y != 1:\n"
            "            raise ValueError(f'cannot broadcast {shape_a} with {shape_b}')\n"
            "        out.append(y if x == 1 else x)\n"
            "    return tuple(reversed(out))\n"
        ),
        "max ignores zero": (
            "def broadcast_shape(shape_a, shape_b):\n"
            "    n = max(len(shape_a), len(shape_b))\n"
            "    a = (1,) * (n - len(shape_a)) + tuple(shape_a)\n"
            "    b = (1,) * (n - len(shape_b)) + tuple(shape_b)\n"
            "    for x, y in zip(a, b):\n"
            "        if x != y and x != 1 and y != 1:\n"
            "            raise ValueError(f'cannot broadcast {shape_a} with {shape_b}')\n"
            "    return tuple(max(x, y) for x, y in zip(a, b))\n"
        ),
        "aligned on the left": (
            "def broadcast_shape(shape_a, shape_b):\n"
            "    n = max(len(shape_a), len(shape_b))\n"
            "    a = tuple(shape_a) + (1,) * (n - len(shape_a))\n"
            "    b = tuple(shape_b) + (1,) * (n - len(shape_b))\n"
            "    out = []\n"
            "    for x, y in zip(a, b):\n"
            "        if x != y and x != 1 and y != 1:\n"
            "            raise ValueError(f'cannot broadcast {shape_a} with {shape_b}')\n"
            "        out.append(y if x == 1 else x)\n"
            "    return tuple(out)\n"
        ),
        "no compatibility check": (
            "def broadcast_shape(shape_a, shape_b):\n"
            "    n = max(len(shape_a), len(shape_b))\n"
            "    a = (1,) * (n - len(shape_a)) + tuple(shape_a)\n"
            "    b = (1,) * (n - len(shape_b)) + tuple(shape_b)\n"
            "    return tuple(y if x == 1 else x for x, y in zip(a, b))\n"
        ),
        "returns a list": (
            "def broadcast_shape(shape_a, shape_b):\n"
            "    n = max(len(shape_a), len(shape_b))\n"
            "    a = [1] * (n - len(shape_a)) + list(shape_a)\n"
            "    b = [1] * (n - len(shape_b)) + list(shape_b)\n"
            "    out = []\n"
            "    for x, y in zip(a, b):\n"
            "        if x != y and x != 1 and y != 1:\n"
            "            raise ValueError(f'cannot broadcast {shape_a} with {shape_b}')\n"
            "        out.append(y if x == 1 else x)\n"
            "    return out\n"
        ),
        "raises RuntimeError like torch": (
            "def broadcast_shape(shape_a, shape_b):\n"
            "    n = max(len(shape_a), len(shape_b))\n"
            "    a = (1,) * (n - len(shape_a)) + tuple(shape_a)\n"
            "    b = (1,) * (n - len(shape_b)) + tuple(shape_b)\n"
            "    out = []\n"
            "    for x, y in zip(a, b):\n"
            "        if x != y and x != 1 and y != 1:\n"
            "            raise RuntimeError(f'cannot broadcast {shape_a} with {shape_b}')\n"
            "        out.append(y if x == 1 else x)\n"
            "    return tuple(out)\n"
        ),
        "message names only the sizes": (
            "def broadcast_shape(shape_a, shape_b):\n"
            "    n = max(len(shape_a), len(shape_b))\n"
            "    a = (1,) * (n - len(shape_a)) + tuple(shape_a)\n"
            "    b = (1,) * (n - len(shape_b)) + tuple(shape_b)\n"
            "    out = []\n"
            "    for x, y in zip(a, b):\n"
            "        if x != y and x != 1 and y != 1:\n"
            "            raise ValueError(f'size {x} does not match size {y}')\n"
            "        out.append(y if x == 1 else x)\n"
            "    return tuple(out)\n"
        ),
        "torch.broadcast_shapes": (
            "def broadcast_shape(shape_a, shape_b):\n"
            "    try:\n"
            "        return tuple(torch.broadcast_shapes(shape_a, shape_b))\n"
            "    except RuntimeError as err:\n"
            "        raise ValueError(f'cannot broadcast {shape_a} with {shape_b}') from err\n"
        ),
        "broadcast_shapes imported under an alias": (
            "def broadcast_shape(shape_a, shape_b):\n"
            "    from torch import broadcast_shapes as bs\n"
            "    try:\n"
            "        return tuple(bs(shape_a, shape_b))\n"
            "    except RuntimeError as err:\n"
            "        raise ValueError(f'cannot broadcast {shape_a} with {shape_b}') from err\n"
        ),
        "torch.functional module alias": (
            "def broadcast_shape(shape_a, shape_b):\n"
            "    import torch.functional as tf\n"
            "    f = getattr(tf, 'broadcast_' + 'shapes')\n"
            "    try:\n"
            "        return tuple(f(shape_a, shape_b))\n"
            "    except RuntimeError as err:\n"
            "        raise ValueError(f'cannot broadcast {shape_a} with {shape_b}') from err\n"
        ),
        "torch._refs helper": (
            "def broadcast_shape(shape_a, shape_b):\n"
            "    from torch._refs import _broadcast_shapes as helper\n"
            "    try:\n"
            "        return tuple(helper(shape_a, shape_b) or ())\n"
            "    except RuntimeError as err:\n"
            "        raise ValueError(f'cannot broadcast {shape_a} with {shape_b}') from err\n"
        ),
        "numpy's broadcast_shapes": (
            "def broadcast_shape(shape_a, shape_b):\n"
            "    from numpy import broadcast_shapes as nbs\n"
            "    try:\n"
            "        return tuple(int(n) for n in nbs(tuple(shape_a), tuple(shape_b)))\n"
            "    except ValueError as err:\n"
            "        raise ValueError(f'cannot broadcast {shape_a} with {shape_b}') from err\n"
        ),
    },
    "broadcast_by_hand": {
        "repeat copies": (
            "def broadcast_by_hand(x, shape):\n"
            "    x = x.reshape((1,) * (len(shape) - x.dim()) + tuple(x.shape))\n"
            "    return x.repeat([s if n == 1 else 1 for s, n in zip(shape, x.shape)])\n"
        ),
        "contiguous after expand": (
            "def broadcast_by_hand(x, shape):\n    return x.expand(shape).contiguous()\n"
        ),
        "new dims at the end": (
            "def broadcast_by_hand(x, shape):\n"
            "    k = len(shape) - x.dim()\n"
            "    return x.reshape(tuple(x.shape) + (1,) * k).expand(shape)\n"
        ),
        "torch.broadcast_to": (
            "def broadcast_by_hand(x, shape):\n    return torch.broadcast_to(x, shape)\n"
        ),
        "Tensor.broadcast_to via getattr": (
            "def broadcast_by_hand(x, shape):\n    return getattr(x, 'broadcast_' + 'to')(shape)\n"
        ),
        "expand_as an empty tensor": (
            "def broadcast_by_hand(x, shape):\n"
            "    return x.expand_as(torch.empty(shape, device=x.device))\n"
        ),
        "broadcast_tensors under an alias": (
            "def broadcast_by_hand(x, shape):\n"
            "    from torch import broadcast_tensors as bt\n"
            "    return bt(x, torch.empty(shape, dtype=x.dtype, device=x.device))[0]\n"
        ),
    },
    "add_bonus": {
        "in place +=": "def add_bonus(scores, bonus):\n    scores += bonus\n    return scores\n",
        "add_": "def add_bonus(scores, bonus):\n    return scores.add_(bonus)\n",
        "per class": (
            "def add_bonus(scores, bonus):\n"
            "    if torch.is_tensor(bonus) and bonus.dim() == 1:\n"
            "        bonus = bonus[:, None, None]\n"
            "    return scores + bonus\n"
        ),
        "per student": (
            "def add_bonus(scores, bonus):\n"
            "    if torch.is_tensor(bonus) and bonus.dim() == 1:\n"
            "        bonus = bonus.view(1, -1, 1)\n"
            "    return scores + bonus\n"
        ),
        "assumes a [courses] tensor": (
            "def add_bonus(scores, bonus):\n    return scores + bonus[None, None, :]\n"
        ),
        "bonus as a float32 tensor": (
            "def add_bonus(scores, bonus):\n"
            "    return scores + torch.as_tensor(bonus, dtype=torch.float32, device=scores.device)\n"
        ),
    },
    "normalize_channels": {
        "mean lined up with w": (
            "def normalize_channels(x, mean, std):\n    return (x - mean) / std\n"
        ),
        "mean lined up with h": (
            "def normalize_channels(x, mean, std):\n"
            "    return (x - mean.view(-1, 1)) / std.view(-1, 1)\n"
        ),
        "operator precedence": (
            "def normalize_channels(x, mean, std):\n"
            "    return x - mean.view(-1, 1, 1) / std.view(-1, 1, 1)\n"
        ),
        "multiplies by std": (
            "def normalize_channels(x, mean, std):\n"
            "    return (x - mean.view(-1, 1, 1)) * std.view(-1, 1, 1)\n"
        ),
        "in place": (
            "def normalize_channels(x, mean, std):\n"
            "    return x.sub_(mean.view(-1, 1, 1)).div_(std.view(-1, 1, 1))\n"
        ),
        "statistics of x itself": (
            "def normalize_channels(x, mean, std):\n"
            "    m = x.mean(dim=(0, 2, 3), keepdim=True)\n"
            "    s = x.std(dim=(0, 2, 3), keepdim=True)\n"
            "    return (x - m) / s\n"
        ),
    },
    "pairwise_sq_dist": {
        "square root taken": "def pairwise_sq_dist(a, b):\n    return torch.cdist(a, b)\n",
        "not squared": (
            "def pairwise_sq_dist(a, b):\n    return (a[:, None, :] - b[None, :, :]).sum(-1)\n"
        ),
        "L1 distance": (
            "def pairwise_sq_dist(a, b):\n    return (a[:, None, :] - b[None, :, :]).abs().sum(-1)\n"
        ),
        "transposed": (
            "def pairwise_sq_dist(a, b):\n    return ((b[:, None, :] - a[None, :, :]) ** 2).sum(-1)\n"
        ),
        "summed over the wrong dim": (
            "def pairwise_sq_dist(a, b):\n    return ((a[:, None, :] - b[None, :, :]) ** 2).sum(1)\n"
        ),
        "matmul form without the 2": (
            "def pairwise_sq_dist(a, b):\n"
            "    return (a * a).sum(1)[:, None] + (b * b).sum(1)[None, :] - a @ b.T\n"
        ),
        "loop over the rows of a": (
            "def pairwise_sq_dist(a, b):\n"
            "    return torch.stack([((row - b) ** 2).sum(1) for row in a])\n"
        ),
        "loop over the features": (
            "def pairwise_sq_dist(a, b):\n"
            "    out = torch.zeros(a.shape[0], b.shape[0], dtype=a.dtype, device=a.device)\n"
            "    for k in range(a.shape[1]):\n"
            "        out = out + (a[:, k, None] - b[None, :, k]) ** 2\n"
            "    return out\n"
        ),
    },
}

ALTERNATIVES = {
    "broadcast_shape": {
        "while loop from the right": (
            "def broadcast_shape(shape_a, shape_b):\n"
            "    a, b = list(shape_a), list(shape_b)\n"
            "    out = []\n"
            "    while a or b:\n"
            "        x = a.pop() if a else 1\n"
            "        y = b.pop() if b else 1\n"
            "        if x == 1:\n"
            "            out.insert(0, y)\n"
            "        elif y == 1 or x == y:\n"
            "            out.insert(0, x)\n"
            "        else:\n"
            "            raise ValueError(f'shapes {list(shape_a)} and {list(shape_b)} do not broadcast')\n"
            "    return tuple(out)\n"
        ),
        "zip_longest, returns torch.Size": (
            "def broadcast_shape(shape_a, shape_b):\n"
            "    from itertools import zip_longest\n"
            "    out = []\n"
            "    for x, y in zip_longest(reversed(shape_a), reversed(shape_b), fillvalue=1):\n"
            "        if x != y and 1 not in (x, y):\n"
            "            a = 'x'.join(map(str, shape_a))\n"
            "            b = 'x'.join(map(str, shape_b))\n"
            "            raise ValueError(f'{a} and {b} cannot be broadcast together')\n"
            "        out.append(y if x == 1 else x)\n"
            "    return torch.Size(out[::-1])\n"
        ),
    },
    "broadcast_by_hand": {
        "expand adds the leading dims": (
            "def broadcast_by_hand(x, shape):\n    return x.expand(*shape)\n"
        ),
        "unsqueeze loop": (
            "def broadcast_by_hand(x, shape):\n"
            "    while x.dim() < len(shape):\n"
            "        x = x.unsqueeze(0)\n"
            "    return x.expand(shape)\n"
        ),
        "None indexing": (
            "def broadcast_by_hand(x, shape):\n"
            "    return x[(None,) * (len(shape) - x.dim())].expand(shape)\n"
        ),
        "as_strided with zero strides": (
            "def broadcast_by_hand(x, shape):\n"
            "    k = len(shape) - x.dim()\n"
            "    sizes = (1,) * k + tuple(x.shape)\n"
            "    strides = (0,) * k + tuple(x.stride())\n"
            "    strides = [0 if n == 1 and s != 1 else st for n, s, st in zip(sizes, shape, strides)]\n"
            "    return x.as_strided(tuple(shape), strides, x.storage_offset())\n"
        ),
    },
    "add_bonus": {
        "torch.add": "def add_bonus(scores, bonus):\n    return torch.add(scores, bonus)\n",
        "clone then add_": (
            "def add_bonus(scores, bonus):\n    out = scores.clone()\n    out += bonus\n    return out\n"
        ),
        "explicit expand": (
            "def add_bonus(scores, bonus):\n"
            "    bonus = torch.as_tensor(bonus, device=scores.device)\n"
            "    return scores + bonus.expand(scores.shape)\n"
        ),
    },
    "normalize_channels": {
        "view [1, c, 1, 1]": (
            "def normalize_channels(x, mean, std):\n"
            "    c = x.shape[1]\n"
            "    return (x - mean.reshape(1, c, 1, 1)) / std.reshape(1, c, 1, 1)\n"
        ),
        "channels last and back": (
            "def normalize_channels(x, mean, std):\n"
            "    return ((x.permute(0, 2, 3, 1) - mean) / std).permute(0, 3, 1, 2)\n"
        ),
        "torch.sub and torch.div": (
            "def normalize_channels(x, mean, std):\n"
            "    return torch.div(torch.sub(x, mean.unsqueeze(-1).unsqueeze(-1)), std[..., None, None])\n"
        ),
    },
    "pairwise_sq_dist": {
        "matmul expansion": (
            "def pairwise_sq_dist(a, b):\n"
            "    sq = (a * a).sum(1)[:, None] + (b * b).sum(1)[None, :] - 2 * a @ b.T\n"
            "    return sq.clamp_min(0)\n"
        ),
        "einsum": (
            "def pairwise_sq_dist(a, b):\n"
            "    diff = a.unsqueeze(1) - b.unsqueeze(0)\n"
            "    return torch.einsum('nmd,nmd->nm', diff, diff)\n"
        ),
        "cdist squared": "def pairwise_sq_dist(a, b):\n    return torch.cdist(a, b) ** 2\n",
    },
}
