"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `dims`. Each variant is the body of a function decorated with `@mistake` or
`@alternative` (see variants.py); the body, dedented, is appended to the reference solution module,
so it replaces that one function."""

import torch

from tests.kit.mutants.variants import alternative, mistake


@mistake("flatten_images", "view on non-contiguous")
def _():
    def flatten_images(x):
        return x.view(x.size(0), -1)


@mistake("flatten_images", "flattens the batch too")
def _():
    def flatten_images(x):
        return x.view(-1)


@mistake("flatten_images", "squeeze drops b == 1")
def _():
    def flatten_images(x):
        return x.reshape(x.shape[0], -1).squeeze()


@mistake("flatten_images", "view arguments swapped")
def _():
    def flatten_images(x):
        return x.reshape(-1, x.shape[0])


@mistake("rows_of_pixels", "rows of length h")
def _():
    def rows_of_pixels(x):
        return x.reshape(-1, x.shape[2])


@mistake("rows_of_pixels", "view on non-contiguous")
def _():
    def rows_of_pixels(x):
        return x.view(-1, x.shape[-1])


@mistake("rows_of_pixels", "one row per channel")
def _():
    def rows_of_pixels(x):
        b, c, h, w = x.shape
        return x.reshape(b * c, h * w)


@mistake("add_group_dim", "unsqueeze(1)")
def _():
    def add_group_dim(x):
        return x.unsqueeze(1)


@mistake("add_group_dim", "unsqueeze(-1)")
def _():
    def add_group_dim(x):
        return x.unsqueeze(-1)


@mistake("add_group_dim", "in place unsqueeze_")
def _():
    def add_group_dim(x):
        return x.unsqueeze_(0)


@mistake("as_channel_bias", "lined up with w")
def _():
    def as_channel_bias(bias):
        return bias.view(1, 1, 1, -1)


@mistake("as_channel_bias", "no batch dim")
def _():
    def as_channel_bias(bias):
        return bias.unsqueeze(1).unsqueeze(2)


@mistake("as_channel_bias", "[1, c]")
def _():
    def as_channel_bias(bias):
        return bias.unsqueeze(0)


@mistake("squeeze_singletons", "squeeze(0) only")
def _():
    def squeeze_singletons(x):
        return x.squeeze(0)


@mistake("squeeze_singletons", "squeeze(1) only")
def _():
    def squeeze_singletons(x):
        return x.squeeze(1)


@mistake("squeeze_singletons", "loop from the left")
def _():
    def squeeze_singletons(x):
        for d in range(x.dim()):
            if d < x.dim() and x.shape[d] == 1:
                x = x.squeeze(d)
        return x


@mistake("squeeze_singletons", "flattens everything")
def _():
    def squeeze_singletons(x):
        return x.reshape(-1)


@mistake("squeeze_singletons", "in place squeeze_")
def _():
    def squeeze_singletons(x):
        return x.squeeze_()


@mistake("expand_bias", "repeat copies")
def _():
    def expand_bias(bias, shape):
        shape = [
            s if s != -1 else n for s, n in zip(shape, (1,) * (len(shape) - 4) + tuple(bias.shape))
        ]
        c = bias.shape[1]
        reps = list(shape)
        reps[-3] = shape[-3] // c
        return bias.repeat(*reps)


@mistake("expand_bias", "expand then contiguous")
def _():
    def expand_bias(bias, shape):
        return bias.expand(*shape).contiguous()


@mistake("expand_bias", "unpacked as b, c, w, h")
def _():
    def expand_bias(bias, shape):
        b, c, w, h = shape
        return bias.expand(b, c, h, w)


@mistake("expand_bias", "clone first")
def _():
    def expand_bias(bias, shape):
        return bias.clone().expand(*shape)


@mistake("expand_bias", "ones times bias")
def _():
    def expand_bias(bias, shape):
        return torch.ones(shape, dtype=bias.dtype) * bias


@mistake("tile", "expand where repeat is asked")
def _():
    def tile(x, reps):
        shape = (1,) * (len(reps) - x.dim()) + tuple(x.shape)
        return x.expand(*[r * s for r, s in zip(reps, shape)])


@mistake("tile", "repeat_interleave")
def _():
    def tile(x, reps):
        x = x.reshape((1,) * (len(reps) - x.dim()) + tuple(x.shape))
        for d, r in enumerate(reps):
            x = x.repeat_interleave(r, dim=d)
        return x


@mistake("tile", "cat loop over x's dims only")
def _():
    def tile(x, reps):
        for d, r in zip(range(x.dim()), reps):
            x = torch.cat([x] * r, dim=d)
        return x


@mistake("tile", "returns x when nothing to repeat")
def _():
    def tile(x, reps):
        if all(r == 1 for r in reps) and len(reps) == x.dim():
            return x
        return x.repeat(*reps)


@mistake("to_channels_last", "view scrambles")
def _():
    def to_channels_last(x):
        b, c, h, w = x.shape
        return x.view(b, h, w, c)


@mistake("to_channels_last", "transpose(1, 3)")
def _():
    def to_channels_last(x):
        return x.transpose(1, 3)


@mistake("to_channels_last", "inverse permutation")
def _():
    def to_channels_last(x):
        return x.permute(0, 3, 1, 2)


@mistake("to_channels_last", "memory format only")
def _():
    def to_channels_last(x):
        return x.contiguous(memory_format=torch.channels_last)


@mistake("to_channels_last", "computed on the CPU")
def _():
    def to_channels_last(x):
        return x.cpu().permute(0, 2, 3, 1)


@mistake("to_channels_last", "a copy through Python lists")
def _():
    def to_channels_last(x):
        return torch.tensor(x.tolist(), dtype=x.dtype).permute(0, 2, 3, 1)


@mistake("to_channels_first", "view scrambles")
def _():
    def to_channels_first(x):
        b, h, w, c = x.shape
        return x.reshape(b, c, h, w)


@mistake("to_channels_first", "transpose(1, 3)")
def _():
    def to_channels_first(x):
        return x.transpose(1, 3)


@mistake("to_channels_first", "same permutation again")
def _():
    def to_channels_first(x):
        return x.permute(0, 2, 3, 1)


@mistake("flatten_channels_last", "channels-first order")
def _():
    def flatten_channels_last(x):
        return x.reshape(x.shape[0], -1)


@mistake("flatten_channels_last", "transpose(1, 3)")
def _():
    def flatten_channels_last(x):
        return x.transpose(1, 3).reshape(x.shape[0], -1)


@mistake("flatten_channels_last", "view after permute")
def _():
    def flatten_channels_last(x):
        return x.permute(0, 2, 3, 1).view(x.shape[0], -1)


@mistake("flatten_channels_last", "view to channels-last")
def _():
    def flatten_channels_last(x):
        b, c, h, w = x.shape
        return x.reshape(b, h, w, c).reshape(b, -1)


@mistake("unflatten_channels_last", "plain view scrambles")
def _():
    def unflatten_channels_last(y, c, h, w):
        return y.reshape(y.shape[0], c, h, w)


@mistake("unflatten_channels_last", "transpose(1, 3)")
def _():
    def unflatten_channels_last(y, c, h, w):
        return y.reshape(-1, h, w, c).transpose(1, 3)


@mistake("unflatten_channels_last", "cut as [b, w, h, c]")
def _():
    def unflatten_channels_last(y, c, h, w):
        return y.reshape(-1, w, h, c).permute(0, 3, 2, 1)


@mistake("swap_height_width", "view scrambles")
def _():
    def swap_height_width(x):
        b, c, h, w = x.shape
        return x.reshape(b, c, w, h)


@mistake("swap_height_width", "transpose(1, 2)")
def _():
    def swap_height_width(x):
        return x.transpose(1, 2)


@mistake("swap_height_width", "in place transpose_")
def _():
    def swap_height_width(x):
        return x.transpose_(2, 3)


@alternative("flatten_images", "reshape")
def _():
    def flatten_images(x):
        return x.reshape(x.shape[0], -1)


@alternative("flatten_images", "contiguous then view")
def _():
    def flatten_images(x):
        return x.contiguous().view(x.size(0), -1)


@alternative("flatten_images", "torch.flatten")
def _():
    def flatten_images(x):
        return torch.flatten(x, 1)


@alternative("rows_of_pixels", "explicit sizes")
def _():
    def rows_of_pixels(x):
        b, c, h, w = x.shape
        return x.reshape(b * c * h, w)


@alternative("rows_of_pixels", "flatten(0, 2)")
def _():
    def rows_of_pixels(x):
        return x.flatten(0, 2)


@alternative("add_group_dim", "None index")
def _():
    def add_group_dim(x):
        return x[None]


@alternative("add_group_dim", "view")
def _():
    def add_group_dim(x):
        return x.view(1, *x.shape)


@alternative("add_group_dim", "unsqueeze(-5)")
def _():
    def add_group_dim(x):
        return torch.unsqueeze(x, -5)


@alternative("as_channel_bias", "view")
def _():
    def as_channel_bias(bias):
        return bias.view(1, -1, 1, 1)


@alternative("as_channel_bias", "None index")
def _():
    def as_channel_bias(bias):
        return bias[None, :, None, None]


@alternative("as_channel_bias", "reshape sizes")
def _():
    def as_channel_bias(bias):
        return bias.reshape(1, bias.shape[0], 1, 1)


@alternative("squeeze_singletons", "reshape to kept sizes")
def _():
    def squeeze_singletons(x):
        return x.reshape([n for n in x.shape if n != 1])


@alternative("squeeze_singletons", "loop from the right")
def _():
    def squeeze_singletons(x):
        for d in reversed(range(x.dim())):
            if x.shape[d] == 1:
                x = x.squeeze(d)
        return x


@alternative("squeeze_singletons", "torch.squeeze")
def _():
    def squeeze_singletons(x):
        return torch.squeeze(x)


@alternative("expand_bias", "broadcast_to")
def _():
    def expand_bias(bias, shape):
        return torch.broadcast_to(bias, tuple(shape))


@alternative("expand_bias", "expand with a sequence")
def _():
    def expand_bias(bias, shape):
        return bias.expand(list(shape))


@alternative("tile", "torch.tile")
def _():
    def tile(x, reps):
        return torch.tile(x, tuple(reps))


@alternative("tile", "cat loop")
def _():
    def tile(x, reps):
        x = x.reshape((1,) * (len(reps) - x.dim()) + tuple(x.shape))
        for d, r in enumerate(reps):
            x = torch.cat([x] * r, dim=d)
        return x.clone()


@alternative("tile", "expand then reshape")
def _():
    def tile(x, reps):
        shape = (1,) * (len(reps) - x.dim()) + tuple(x.shape)
        x = x.reshape(shape)
        inter = [v for r, s in zip(reps, shape) for v in (1, s)]
        big = [v for r, s in zip(reps, shape) for v in (r, s)]
        out = x.reshape(inter).expand(big)
        return out.reshape([r * s for r, s in zip(reps, shape)]).clone()


@alternative("to_channels_last", "movedim")
def _():
    def to_channels_last(x):
        return x.movedim(1, -1)


@alternative("to_channels_last", "two transposes")
def _():
    def to_channels_last(x):
        return x.transpose(1, 2).transpose(2, 3)


@alternative("to_channels_last", "contiguous copy")
def _():
    def to_channels_last(x):
        return x.permute(0, 2, 3, 1).contiguous()


@alternative("to_channels_first", "movedim")
def _():
    def to_channels_first(x):
        return torch.movedim(x, -1, 1)


@alternative("to_channels_first", "einsum")
def _():
    def to_channels_first(x):
        return torch.einsum("bhwc->bchw", x)


@alternative("flatten_channels_last", "permute then reshape")
def _():
    def flatten_channels_last(x):
        return x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)


@alternative("flatten_channels_last", "contiguous then view")
def _():
    def flatten_channels_last(x):
        return x.permute(0, 2, 3, 1).contiguous().view(x.size(0), -1)


@alternative("unflatten_channels_last", "unflatten and movedim")
def _():
    def unflatten_channels_last(y, c, h, w):
        return y.unflatten(1, (h, w, c)).movedim(-1, 1)


@alternative("unflatten_channels_last", "view splits the last dim")
def _():
    def unflatten_channels_last(y, c, h, w):
        return y.view(-1, h, w, c).permute(0, 3, 1, 2)


@alternative("unflatten_channels_last", "contiguous result")
def _():
    def unflatten_channels_last(y, c, h, w):
        return y.reshape(y.shape[0], h, w, c).permute(0, 3, 1, 2).contiguous()


@alternative("swap_height_width", "permute")
def _():
    def swap_height_width(x):
        return x.permute(0, 1, 3, 2)


@alternative("swap_height_width", "mT")
def _():
    def swap_height_width(x):
        return x.mT


@alternative("swap_height_width", "negative dims")
def _():
    def swap_height_width(x):
        return x.transpose(-1, -2)
