"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `indexing`. Each entry is source appended to the reference solution module, so
it replaces that one function."""

MISTAKES = {
    "first_image": {
        "keeps the batch dim": "def first_image(x):\n    return x[:1]\n",
        "last image": "def first_image(x):\n    return x[-1]\n",
    },
    "pixel": {
        "returns a Python number": "def pixel(x, b, c, i, j):\n    return x[b, c, i, j].item()\n",
        "row and column swapped": "def pixel(x, b, c, i, j):\n    return x[b, c, j, i]\n",
    },
    "first_n_images": {
        "off by one": "def first_n_images(x, n):\n    return x[:n + 1]\n",
        "narrow past the end": "def first_n_images(x, n):\n    return x.narrow(0, 0, n)\n",
    },
    "last_channels": {
        "from k on": "def last_channels(x, k):\n    return x[:, k:]\n",
        "last images": "def last_channels(x, k):\n    return x[-k:]\n",
    },
    "every_other_pixel": {
        "starts at 1": "def every_other_pixel(x):\n    return x[:, :, 1::2, 1::2]\n",
        "rows only": "def every_other_pixel(x):\n    return x[:, :, ::2]\n",
    },
    "select_images": {
        "sorted": "def select_images(x, indices):\n    return x[sorted(indices)]\n",
        "set drops repeats": "def select_images(x, indices):\n    return x[sorted(set(indices), key=indices.index)]\n",
    },
    "select_channels": {
        "wrong dim": "def select_channels(x, indices):\n    return x.index_select(0, torch.tensor(indices))\n",
    },
    "last_column": {
        "last row": "def last_column(x):\n    return x[:, :, -1]\n",
        "keeps dim": "def last_column(x):\n    return x[..., -1:]\n",
    },
    "values_at_least": {
        "returns the mask": "def values_at_least(x, threshold):\n    return x >= threshold\n",
        "strict": "def values_at_least(x, threshold):\n    return x[x > threshold]\n",
        "in place": "def values_at_least(x, threshold):\n    x[x < threshold] = float('nan')\n    return x[x >= threshold]\n",
    },
    "take_flat": {
        "indexes dim 0": "def take_flat(x, flat_indices):\n    return x[flat_indices]\n",
        "view on non-contiguous": "def take_flat(x, flat_indices):\n    return x.view(-1)[flat_indices]\n",
        "flattens the indices": "def take_flat(x, flat_indices):\n    return x.reshape(-1)[flat_indices.reshape(-1)]\n",
        "memory order": "def take_flat(x, flat_indices):\n    return torch.as_strided(x, (x.numel(),), (1,), x.storage_offset())[flat_indices]\n",
    },
}

ALTERNATIVES = {
    "first_image": {"select": "def first_image(x):\n    return x.select(0, 0)\n"},
    "pixel": {"chained": "def pixel(x, b, c, i, j):\n    return x[b][c][i][j]\n"},
    "first_n_images": {
        "narrow": "def first_n_images(x, n):\n    return x.narrow(0, 0, min(n, x.shape[0]))\n"
    },
    "last_channels": {
        "index range": "def last_channels(x, k):\n    c = x.shape[1]\n    return x[:, c - k:c]\n"
    },
    "every_other_pixel": {
        "index_select": "def every_other_pixel(x):\n    h, w = x.shape[-2:]\n    rows = torch.arange(0, h, 2, device=x.device)\n    cols = torch.arange(0, w, 2, device=x.device)\n    return x.index_select(2, rows).index_select(3, cols)\n"
    },
    "select_images": {
        "stack loop": "def select_images(x, indices):\n    return torch.stack([x[i] for i in indices])\n"
    },
    "select_channels": {
        "fancy index": "def select_channels(x, indices):\n    return x[:, indices]\n"
    },
    "last_column": {"select": "def last_column(x):\n    return x.select(-1, x.shape[-1] - 1)\n"},
    "values_at_least": {
        "boolean index": "def values_at_least(x, threshold):\n    return x[x >= threshold]\n"
    },
    "take_flat": {
        "torch.take": "def take_flat(x, flat_indices):\n    return torch.take(x, flat_indices)\n",
        "flatten": "def take_flat(x, flat_indices):\n    return x.flatten()[flat_indices]\n",
    },
}
