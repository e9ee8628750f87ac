"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `where_gather`. Each variant is the body of a function decorated with `@mistake` or
`@alternative` (see variants.py); the body, dedented, is appended to the reference solution module,
so it replaces that one function."""

import torch

from tests.kit.mutants.variants import alternative, mistake


@mistake("relu_where", "branches swapped")
def _():
    def relu_where(x):
        return torch.where(x > 0, 0, x)


@mistake("relu_where", "condition reversed")
def _():
    def relu_where(x):
        return torch.where(x < 0, x, 0)


@mistake("relu_where", "multiplied by the mask")
def _():
    def relu_where(x):
        return x * (x > 0)


@mistake("relu_where", "(x + |x|) / 2")
def _():
    def relu_where(x):
        return (x + x.abs()) / 2


@mistake("relu_where", "float zero turns ints into floats")
def _():
    def relu_where(x):
        return torch.where(x > 0, x, 0.0)


@mistake("relu_where", "zeros without dtype")
def _():
    def relu_where(x):
        return torch.where(x > 0, x, torch.zeros(x.shape))


@mistake("relu_where", "in place")
def _():
    def relu_where(x):
        x[x < 0] = 0
        return x


@mistake("gather_by_hand", "torch.gather")
def _():
    def gather_by_hand(input, dim, index):
        return torch.gather(input, dim, index)


@mistake("gather_by_hand", "Tensor.gather under another name")
def _():
    def gather_by_hand(input, dim, index):
        pick = input.gather
        return pick(dim, index)


@mistake("gather_by_hand", "take_along_dim via getattr")
def _():
    def gather_by_hand(input, dim, index):
        return getattr(torch, "take_along" + "_dim")(input, index, dim)


@mistake("gather_by_hand", "grids from input's shape")
def _():
    def gather_by_hand(input, dim, index):
        ranges = [torch.arange(s, device=input.device) for s in input.shape]
        grids = list(torch.meshgrid(*ranges, indexing="ij"))
        grids[dim] = index
        return input[tuple(grids)]


@mistake("gather_by_hand", "negative dim never matches")
def _():
    def gather_by_hand(input, dim, index):
        grids = []
        for d in range(index.dim()):
            if d == dim:
                grids.append(index)
            else:
                shape = [1] * index.dim()
                shape[d] = -1
                grids.append(torch.arange(index.shape[d], device=index.device).view(shape))
        return input[tuple(grids)]


@mistake("gather_by_hand", "only 2-D, dim 1")
def _():
    def gather_by_hand(input, dim, index):
        rows = torch.arange(index.shape[0], device=index.device)[:, None]
        return input[rows, index]


@mistake("gather_by_hand", "index_select")
def _():
    def gather_by_hand(input, dim, index):
        return input.index_select(dim, index.reshape(-1))


@mistake("gather_by_hand", "flat index with input's strides")
def _():
    def gather_by_hand(input, dim, index):
        dim = dim % input.dim()
        flat = torch.zeros_like(index)
        for d in range(index.dim()):
            shape = [1] * index.dim()
            shape[d] = -1
            i = index if d == dim else torch.arange(index.shape[d], device=index.device).view(shape)
            flat = flat + i * input.stride(d)
        return input.reshape(-1)[flat]


@mistake("map_indices_to_labels", "gathered along dim 0")
def _():
    def map_indices_to_labels(indices, labels):
        b, n = indices.shape[0], labels.shape[0]
        return torch.gather(labels.expand(b, n), 0, indices)


@mistake("map_indices_to_labels", "returns the indices")
def _():
    def map_indices_to_labels(indices, labels):
        return indices


@mistake("map_indices_to_labels", "top-1 only")
def _():
    def map_indices_to_labels(indices, labels):
        return labels[indices[:, 0]]


@mistake("map_indices_to_labels", "flattened")
def _():
    def map_indices_to_labels(indices, labels):
        return labels[indices.flatten()]


@mistake("map_indices_to_labels", "gather on the 1-D labels")
def _():
    def map_indices_to_labels(indices, labels):
        return labels.gather(0, indices)


@mistake("map_indices_to_labels", "labels made float")
def _():
    def map_indices_to_labels(indices, labels):
        return labels[indices].float()


@mistake("pick_target_scores", "scores[:, targets]")
def _():
    def pick_target_scores(scores, targets):
        return scores[:, targets]


@mistake("pick_target_scores", "scores[targets]")
def _():
    def pick_target_scores(scores, targets):
        return scores[targets]


@mistake("pick_target_scores", "gather without squeeze")
def _():
    def pick_target_scores(scores, targets):
        return scores.gather(1, targets.view(-1, 1))


@mistake("pick_target_scores", "squeeze() drops a batch of one")
def _():
    def pick_target_scores(scores, targets):
        return scores.gather(1, targets.view(-1, 1)).squeeze()


@mistake("pick_target_scores", "row and column swapped")
def _():
    def pick_target_scores(scores, targets):
        return scores[targets, torch.arange(scores.shape[0], device=scores.device)]


@mistake("pick_target_scores", "gather along dim 0")
def _():
    def pick_target_scores(scores, targets):
        return scores.gather(0, targets.unsqueeze(0)).squeeze(0)


@mistake("pick_target_scores", "max instead of target")
def _():
    def pick_target_scores(scores, targets):
        return scores.max(dim=1).values


@mistake("pick_target_scores", "in place mask")
def _():
    def pick_target_scores(scores, targets):
        mask = torch.ones_like(scores, dtype=torch.bool)
        mask[torch.arange(scores.shape[0], device=scores.device), targets] = False
        scores[mask] = 0
        return scores.sum(dim=1)


@alternative("relu_where", "zeros_like")
def _():
    def relu_where(x):
        return torch.where(x > 0, x, torch.zeros_like(x))


@alternative("relu_where", "clamp")
def _():
    def relu_where(x):
        return x.clamp(min=0)


@alternative("relu_where", "torch.relu")
def _():
    def relu_where(x):
        return torch.relu(x)


@alternative("relu_where", "masked_fill")
def _():
    def relu_where(x):
        return x.masked_fill(x <= 0, 0)


@alternative("gather_by_hand", "arange per dim, shaped to broadcast")
def _():
    def gather_by_hand(input, dim, index):
        if dim < 0:
            dim += input.dim()
        grids = []
        for d, size in enumerate(index.shape):
            if d == dim:
                grids.append(index)
            else:
                shape = [1] * index.dim()
                shape[d] = size
                grids.append(torch.arange(size, device=index.device).reshape(shape))
        return input[tuple(grids)]


@alternative("gather_by_hand", "flat index into a contiguous copy")
def _():
    def gather_by_hand(input, dim, index):
        dim = dim % input.dim()
        x = input.contiguous()
        flat = torch.zeros_like(index)
        for d in range(index.dim()):
            shape = [1] * index.dim()
            shape[d] = -1
            i = index if d == dim else torch.arange(index.shape[d], device=index.device).view(shape)
            flat = flat + i * x.stride(d)
        return x.reshape(-1)[flat]


@alternative("gather_by_hand", "move dim last, then index")
def _():
    def gather_by_hand(input, dim, index):
        x = input.movedim(dim, -1)
        idx = index.movedim(dim, -1)
        lead = idx.shape[:-1]
        x = x[tuple(slice(0, s) for s in lead)]
        n = 1
        for s in lead:
            n *= s
        rows = x.reshape(n, x.shape[-1])
        flat_idx = idx.reshape(n, idx.shape[-1])
        r = torch.arange(rows.shape[0], device=index.device)[:, None]
        return rows[r, flat_idx].reshape(idx.shape).movedim(-1, dim)


@alternative("map_indices_to_labels", "gather as in the course")
def _():
    def map_indices_to_labels(indices, labels):
        return torch.gather(labels.expand(indices.shape[0], -1), 1, indices)


@alternative("map_indices_to_labels", "torch.take")
def _():
    def map_indices_to_labels(indices, labels):
        return torch.take(labels, indices)


@alternative("map_indices_to_labels", "index_select and view")
def _():
    def map_indices_to_labels(indices, labels):
        return labels.index_select(0, indices.reshape(-1)).view(indices.shape)


@alternative("pick_target_scores", "diagonal of the [b, b] block")
def _():
    def pick_target_scores(scores, targets):
        return scores[:, targets].diagonal()


@alternative("pick_target_scores", "arange and targets")
def _():
    def pick_target_scores(scores, targets):
        return scores[torch.arange(scores.shape[0], device=scores.device), targets]


@alternative("pick_target_scores", "take_along_dim")
def _():
    def pick_target_scores(scores, targets):
        return torch.take_along_dim(scores, targets[:, None], dim=1)[:, 0]


@alternative("pick_target_scores", "one-hot mask")
def _():
    def pick_target_scores(scores, targets):
        hot = torch.nn.functional.one_hot(targets, scores.shape[1]).bool()
        return torch.where(hot, scores, 0).sum(dim=1)
