"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `indexing`. Each variant is the body of a function decorated with `@mistake` or
`@alternative` (see variants.py); the body, dedented, is appended to the reference solution module,
so it replaces that one function."""

import torch

from tests.kit.mutants.variants import alternative, mistake


@mistake("first_image", "keeps the batch dim")
def _():
    def first_image(x):
        return x[:1]


@mistake("first_image", "last image")
def _():
    def first_image(x):
        return x[-1]


@mistake("pixel", "returns a Python number")
def _():
    def pixel(x, b, c, i, j):
        return x[b, c, i, j].item()


@mistake("pixel", "row and column swapped")
def _():
    def pixel(x, b, c, i, j):
        return x[b, c, j, i]


@mistake("first_n_images", "off by one")
def _():
    def first_n_images(x, n):
        return x[: n + 1]


@mistake("first_n_images", "narrow past the end")
def _():
    def first_n_images(x, n):
        return x.narrow(0, 0, n)


@mistake("last_channels", "from k on")
def _():
    def last_channels(x, k):
        return x[:, k:]


@mistake("last_channels", "last images")
def _():
    def last_channels(x, k):
        return x[-k:]


@mistake("every_other_pixel", "starts at 1")
def _():
    def every_other_pixel(x):
        return x[:, :, 1::2, 1::2]


@mistake("every_other_pixel", "rows only")
def _():
    def every_other_pixel(x):
        return x[:, :, ::2]


@mistake("select_images", "sorted")
def _():
    def select_images(x, indices):
        return x[sorted(indices)]


@mistake("select_images", "set drops repeats")
def _():
    def select_images(x, indices):
        return x[sorted(set(indices), key=indices.index)]


@mistake("select_channels", "wrong dim")
def _():
    def select_channels(x, indices):
        return x.index_select(0, torch.tensor(indices))


@mistake("last_column", "last row")
def _():
    def last_column(x):
        return x[:, :, -1]


@mistake("last_column", "keeps dim")
def _():
    def last_column(x):
        return x[..., -1:]


@mistake("values_at_least", "returns the mask")
def _():
    def values_at_least(x, threshold):
        return x >= threshold


@mistake("values_at_least", "strict")
def _():
    def values_at_least(x, threshold):
        return x[x > threshold]


@mistake("values_at_least", "in place")
def _():
    def values_at_least(x, threshold):
        x[x < threshold] = float("nan")
        return x[x >= threshold]


@mistake("take_flat", "indexes dim 0")
def _():
    def take_flat(x, flat_indices):
        return x[flat_indices]


@mistake("take_flat", "view on non-contiguous")
def _():
    def take_flat(x, flat_indices):
        return x.view(-1)[flat_indices]


@mistake("take_flat", "flattens the indices")
def _():
    def take_flat(x, flat_indices):
        return x.reshape(-1)[flat_indices.reshape(-1)]


@mistake("take_flat", "memory order")
def _():
    def take_flat(x, flat_indices):
        return torch.as_strided(x, (x.numel(),), (1,), x.storage_offset())[flat_indices]


@alternative("first_image", "select")
def _():
    def first_image(x):
        return x.select(0, 0)


@alternative("pixel", "chained")
def _():
    def pixel(x, b, c, i, j):
        return x[b][c][i][j]


@alternative("first_n_images", "narrow")
def _():
    def first_n_images(x, n):
        return x.narrow(0, 0, min(n, x.shape[0]))


@alternative("last_channels", "index range")
def _():
    def last_channels(x, k):
        c = x.shape[1]
        return x[:, c - k : c]


@alternative("every_other_pixel", "index_select")
def _():
    def every_other_pixel(x):
        h, w = x.shape[-2:]
        rows = torch.arange(0, h, 2, device=x.device)
        cols = torch.arange(0, w, 2, device=x.device)
        return x.index_select(2, rows).index_select(3, cols)


@alternative("select_images", "stack loop")
def _():
    def select_images(x, indices):
        return torch.stack([x[i] for i in indices])


@alternative("select_channels", "fancy index")
def _():
    def select_channels(x, indices):
        return x[:, indices]


@alternative("last_column", "select")
def _():
    def last_column(x):
        return x.select(-1, x.shape[-1] - 1)


@alternative("values_at_least", "boolean index")
def _():
    def values_at_least(x, threshold):
        return x[x >= threshold]


@alternative("take_flat", "torch.take")
def _():
    def take_flat(x, flat_indices):
        return torch.take(x, flat_indices)


@alternative("take_flat", "flatten")
def _():
    def take_flat(x, flat_indices):
        return x.flatten()[flat_indices]
