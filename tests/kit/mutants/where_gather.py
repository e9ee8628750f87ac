"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `where_gather`. Each entry is source appended to the reference solution module,
so it replaces that one function."""

MISTAKES = {
    "relu_where": {
        "branches swapped": "def relu_where(x):\n    return torch.where(x > 0, 0, x)\n",
        "condition reversed": "def relu_where(x):\n    return torch.where(x < 0, x, 0)\n",
        "multiplied by the mask": "def relu_where(x):\n    return x * (x > 0)\n",
        "(x + |x|) / 2": "def relu_where(x):\n    return (x + x.abs()) / 2\n",
        "float zero turns ints into floats": (
            "def relu_where(x):\n    return torch.where(x > 0, x, 0.0)\n"
        ),
        "zeros without dtype": (
            "def relu_where(x):\n    return torch.where(x > 0, x, torch.zeros(x.shape))\n"
        ),
        "in place": "def relu_where(x):\n    x[x < 0] = 0\n    return x\n",
    },
    "gather_by_hand": {
        "torch.gather": (
            "def gather_by_hand(input, dim, index):\n    return torch.gather(input, dim, index)\n"
        ),
        "Tensor.gather under another name": (
            "def gather_by_hand(input, dim, index):\n"
            "    pick = input.gather\n"
            "    return pick(dim, index)\n"
        ),
        "take_along_dim via getattr": (
            "def gather_by_hand(input, dim, index):\n"
            "    return getattr(torch, 'take_along' + '_dim')(input, index, dim)\n"
        ),
        "grids from input's shape": (
            "def gather_by_hand(input, dim, index):\n"
            "    ranges = [torch.arange(s, device=input.device) for s in input.shape]\n"
            "    grids = list(torch.meshgrid(*ranges, indexing='ij'))\n"
            "    grids[dim] = index\n"
            "    return input[tuple(grids)]\n"
        ),
        "negative dim never matches": (
            "def gather_by_hand(input, dim, index):\n"
            "    grids = []\n"
            "    for d in range(index.dim()):\n"
            "        if d == dim:\n"
            "            grids.append(index)\n"
            "        else:\n"
            "            shape = [1] * index.dim()\n"
            "            shape[d] = -1\n"
            "            grids.append(torch.arange(index.shape[d], device=index.device).view(shape))\n"
            "    return input[tuple(grids)]\n"
        ),
        "only 2-D, dim 1": (
            "def gather_by_hand(input, dim, index):\n"
            "    rows = torch.arange(index.shape[0], device=index.device)[:, None]\n"
            "    return input[rows, index]\n"
        ),
        "index_select": (
            "def gather_by_hand(input, dim, index):\n"
            "    return input.index_select(dim, index.reshape(-1))\n"
        ),
        "flat index with input's strides": (
            "def gather_by_hand(input, dim, index):\n"
            "    dim = dim % input.dim()\n"
            "    flat = torch.zeros_like(index)\n"
            "    for d in range(index.dim()):\n"
            "        shape = [1] * index.dim()\n"
            "        shape[d] = -1\n"
            "        i = index if d == dim else torch.arange(index.shape[d], device=index.device).view(shape)\n"
            "        flat = flat + i * input.stride(d)\n"
            "    return input.reshape(-1)[flat]\n"
        ),
    },
    "map_indices_to_labels": {
        "gathered along dim 0": (
            "def map_indices_to_labels(indices, labels):\n"
            "    b, n = indices.shape[0], labels.shape[0]\n"
            "    return torch.gather(labels.expand(b, n), 0, indices)\n"
        ),
        "returns the indices": "def map_indices_to_labels(indices, labels):\n    return indices\n",
        "top-1 only": (
            "def map_indices_to_labels(indices, labels):\n    return labels[indices[:, 0]]\n"
        ),
        "flattened": (
            "def map_indices_to_labels(indices, labels):\n    return labels[indices.flatten()]\n"
        ),
        "gather on the 1-D labels": (
            "def map_indices_to_labels(indices, labels):\n    return labels.gather(0, indices)\n"
        ),
        "labels made float": (
            "def map_indices_to_labels(indices, labels):\n    return labels[indices].float()\n"
        ),
    },
    "pick_target_scores": {
        "scores[:, targets]": (
            "def pick_target_scores(scores, targets):\n    return scores[:, targets]\n"
        ),
        "scores[targets]": "def pick_target_scores(scores, targets):\n    return scores[targets]\n",
        "gather without squeeze": (
            "def pick_target_scores(scores, targets):\n"
            "    return scores.gather(1, targets.view(-1, 1))\n"
        ),
        "squeeze() drops a batch of one": (
            "def pick_target_scores(scores, targets):\n"
            "    return scores.gather(1, targets.view(-1, 1)).squeeze()\n"
        ),
        "row and column swapped": (
            "def pick_target_scores(scores, targets):\n"
            "    return scores[targets, torch.arange(scores.shape[0], device=scores.device)]\n"
        ),
        "gather along dim 0": (
            "def pick_target_scores(scores, targets):\n"
            "    return scores.gather(0, targets.unsqueeze(0)).squeeze(0)\n"
        ),
        "max instead of target": (
            "def pick_target_scores(scores, targets):\n    return scores.max(dim=1).values\n"
        ),
        "in place mask": (
            "def pick_target_scores(scores, targets):\n"
            "    mask = torch.ones_like(scores, dtype=torch.bool)\n"
            "    mask[torch.arange(scores.shape[0], device=scores.device), targets] = False\n"
            "    scores[mask] = 0\n"
            "    return scores.sum(dim=1)\n"
        ),
    },
}

ALTERNATIVES = {
    "relu_where": {
        "zeros_like": "def relu_where(x):\n    return torch.where(x > 0, x, torch.zeros_like(x))\n",
        "clamp": "def relu_where(x):\n    return x.clamp(min=0)\n",
        "torch.relu": "def relu_where(x):\n    return torch.relu(x)\n",
        "masked_fill": "def relu_where(x):\n    return x.masked_fill(x <= 0, 0)\n",
    },
    "gather_by_hand": {
        "arange per dim, shaped to broadcast": (
            "def gather_by_hand(input, dim, index):\n"
            "    if dim < 0:\n"
            "        dim += input.dim()\n"
            "    grids = []\n"
            "    for d, size in enumerate(index.shape):\n"
            "        if d == dim:\n"
            "            grids.append(index)\n"
            "        else:\n"
            "            shape = [1] * index.dim()\n"
            "            shape[d] = size\n"
            "            grids.append(torch.arange(size, device=index.device).reshape(shape))\n"
            "    return input[tuple(grids)]\n"
        ),
        "flat index into a contiguous copy": (
            "def gather_by_hand(input, dim, index):\n"
            "    dim = dim % input.dim()\n"
            "    x = input.contiguous()\n"
            "    flat = torch.zeros_like(index)\n"
            "    for d in range(index.dim()):\n"
            "        shape = [1] * index.dim()\n"
            "        shape[d] = -1\n"
            "        i = index if d == dim else torch.arange(index.shape[d], device=index.device).view(shape)\n"
            "        flat = flat + i * x.stride(d)\n"
            "    return x.reshape(-1)[flat]\n"
        ),
        "move dim last, then index": (
            "def gather_by_hand(input, dim, index):\n"
            "    x = input.movedim(dim, -1)\n"
            "    idx = index.movedim(dim, -1)\n"
            "    lead = idx.shape[:-1]\n"
            "    x = x[tuple(slice(0, s) for s in lead)]\n"
            "    n = 1\n"
            "    for s in lead:\n"
            "        n *= s\n"
            "    rows = x.reshape(n, x.shape[-1])\n"
            "    flat_idx = idx.reshape(n, idx.shape[-1])\n"
            "    r = torch.arange(rows.shape[0], device=index.device)[:, None]\n"
            "    return rows[r, flat_idx].reshape(idx.shape).movedim(-1, dim)\n"
        ),
    },
    "map_indices_to_labels": {
        "gather as in the course": (
            "def map_indices_to_labels(indices, labels):\n"
            "    return torch.gather(labels.expand(indices.shape[0], -1), 1, indices)\n"
        ),
        "torch.take": (
            "def map_indices_to_labels(indices, labels):\n    return torch.take(labels, indices)\n"
        ),
        "index_select and view": (
            "def map_indices_to_labels(indices, labels):\n"
            "    return labels.index_select(0, indices.reshape(-1)).view(indices.shape)\n"
        ),
    },
    "pick_target_scores": {
        "diagonal of the [b, b] block": (
            "def pick_target_scores(scores, targets):\n    return scores[:, targets].diagonal()\n"
        ),
        "arange and targets": (
            "def pick_target_scores(scores, targets):\n"
            "    return scores[torch.arange(scores.shape[0], device=scores.device), targets]\n"
        ),
        "take_along_dim": (
            "def pick_target_scores(scores, targets):\n"
            "    return torch.take_along_dim(scores, targets[:, None], dim=1)[:, 0]\n"
        ),
        "one-hot mask": (
            "def pick_target_scores(scores, targets):\n"
            "    hot = torch.nn.functional.one_hot(targets, scores.shape[1]).bool()\n"
            "    return torch.where(hot, scores, 0).sum(dim=1)\n"
        ),
    },
}
