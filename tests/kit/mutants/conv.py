"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `conv`. Each variant is the body of a function decorated with `@mistake` or
`@alternative` (see variants.py); the body, dedented, is appended to the reference solution module,
so it replaces that one function (`torch` and the helper `_pair` are already there)."""

import torch

from solutions.conv import _pair
from tests.kit.mutants.variants import alternative, mistake


@mistake("conv_output_size", "true division")
def _():
    def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
        return (size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride + 1


@mistake("conv_output_size", "padding once")
def _():
    def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
        return (size + padding - dilation * (kernel_size - 1) - 1) // stride + 1


@mistake("conv_output_size", "no + 1")
def _():
    def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
        return (size + 2 * padding - dilation * (kernel_size - 1) - 1) // stride


@mistake("conv_output_size", "dilation ignored")
def _():
    def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
        return (size + 2 * padding - kernel_size) // stride + 1


@mistake("conv_output_size", "returns a tensor")
def _():
    def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
        return torch.tensor(size + 2 * padding - dilation * (kernel_size - 1) - 1) // stride + 1


@mistake("conv2d_by_hand", "kernel flipped")
def _():
    def conv2d_by_hand(x, weight, bias=None, stride=1, padding=0):
        sh, sw = _pair(stride)
        ph, pw = _pair(padding)
        xp = torch.nn.functional.pad(x, (pw, pw, ph, ph))
        weight = weight.flip(-2, -1)
        b, cin, h, w = xp.shape
        cout, _, kh, kw = weight.shape
        oh = (h - kh) // sh + 1
        ow = (w - kw) // sw + 1
        pass
        out = x.new_zeros(b, cout, oh, ow)
        for p in range(kh):
            for q in range(kw):
                patch = xp[:, :, p : p + sh * (oh - 1) + 1 : sh, q : q + sw * (ow - 1) + 1 : sw]
                out = out + torch.einsum("bchw,oc->bohw", patch, weight[:, :, p, q])
        if bias is not None:
            out = out + bias.reshape(1, -1, 1, 1)
        return out


@mistake("conv2d_by_hand", "padding on one side")
def _():
    def conv2d_by_hand(x, weight, bias=None, stride=1, padding=0):
        sh, sw = _pair(stride)
        ph, pw = _pair(padding)
        xp = torch.nn.functional.pad(x, (pw, 0, ph, 0))
        pass
        b, cin, h, w = xp.shape
        cout, _, kh, kw = weight.shape
        oh = (h - kh) // sh + 1
        ow = (w - kw) // sw + 1
        pass
        out = x.new_zeros(b, cout, oh, ow)
        for p in range(kh):
            for q in range(kw):
                patch = xp[:, :, p : p + sh * (oh - 1) + 1 : sh, q : q + sw * (ow - 1) + 1 : sw]
                out = out + torch.einsum("bchw,oc->bohw", patch, weight[:, :, p, q])
        if bias is not None:
            out = out + bias.reshape(1, -1, 1, 1)
        return out


@mistake("conv2d_by_hand", "stride ignored in the output size")
def _():
    def conv2d_by_hand(x, weight, bias=None, stride=1, padding=0):
        sh, sw = _pair(stride)
        ph, pw = _pair(padding)
        xp = torch.nn.functional.pad(x, (pw, pw, ph, ph))
        pass
        b, cin, h, w = xp.shape
        cout, _, kh, kw = weight.shape
        oh = (h - kh) + 1
        sh = sw = 1
        ow = (w - kw) // sw + 1
        pass
        out = x.new_zeros(b, cout, oh, (w - kw) + 1)
        for p in range(kh):
            for q in range(kw):
                patch = xp[:, :, p : p + sh * (oh - 1) + 1 : sh, q : q + sw * (ow - 1) + 1 : sw]
                out = out + torch.einsum("bchw,oc->bohw", patch, weight[:, :, p, q])
        if bias is not None:
            out = out + bias.reshape(1, -1, 1, 1)
        return out


@mistake("conv2d_by_hand", "output size off by one")
def _():
    def conv2d_by_hand(x, weight, bias=None, stride=1, padding=0):
        sh, sw = _pair(stride)
        ph, pw = _pair(padding)
        xp = torch.nn.functional.pad(x, (pw, pw, ph, ph))
        pass
        b, cin, h, w = xp.shape
        cout, _, kh, kw = weight.shape
        oh = (h - kh) // sh
        ow = (w - kw) // sw + 1
        pass
        out = x.new_zeros(b, cout, oh, ow)
        for p in range(kh):
            for q in range(kw):
                patch = xp[:, :, p : p + sh * (oh - 1) + 1 : sh, q : q + sw * (ow - 1) + 1 : sw]
                out = out + torch.einsum("bchw,oc->bohw", patch, weight[:, :, p, q])
        if bias is not None:
            out = out + bias.reshape(1, -1, 1, 1)
        return out


@mistake("conv2d_by_hand", "bias per input channel")
def _():
    def conv2d_by_hand(x, weight, bias=None, stride=1, padding=0):
        sh, sw = _pair(stride)
        ph, pw = _pair(padding)
        xp = torch.nn.functional.pad(x, (pw, pw, ph, ph))
        pass
        b, cin, h, w = xp.shape
        cout, _, kh, kw = weight.shape
        oh = (h - kh) // sh + 1
        ow = (w - kw) // sw + 1
        xp = xp + bias.reshape(1, -1, 1, 1) if bias is not None else xp
        out = x.new_zeros(b, cout, oh, ow)
        for p in range(kh):
            for q in range(kw):
                patch = xp[:, :, p : p + sh * (oh - 1) + 1 : sh, q : q + sw * (ow - 1) + 1 : sw]
                out = out + torch.einsum("bchw,oc->bohw", patch, weight[:, :, p, q])
        if bias is not None:
            out = out + 0
        return out


@mistake("conv2d_by_hand", "uses F.conv2d")
def _():
    def conv2d_by_hand(x, weight, bias=None, stride=1, padding=0):
        return torch.nn.functional.conv2d(x, weight, bias, stride, padding)


@mistake("conv2d_by_hand", "uses torch.ops.aten.convolution")
def _():
    def conv2d_by_hand(x, weight, bias=None, stride=1, padding=0):
        s, p = list(_pair(stride)), list(_pair(padding))
        return torch.ops.aten.convolution(x, weight, bias, s, p, [1, 1], False, [0, 0], 1)


@mistake("conv2d_by_hand", "padding zeros on the CPU")
def _():
    def conv2d_by_hand(x, weight, bias=None, stride=1, padding=0):
        sh, sw = _pair(stride)
        ph, pw = _pair(padding)
        zh = torch.zeros(x.shape[0], x.shape[1], ph, x.shape[3], dtype=x.dtype)
        xp = torch.cat([zh, x, zh], dim=2)
        zw = torch.zeros(x.shape[0], x.shape[1], xp.shape[2], pw, dtype=x.dtype)
        xp = torch.cat([zw, xp, zw], dim=3)
        pass
        b, cin, h, w = xp.shape
        cout, _, kh, kw = weight.shape
        oh = (h - kh) // sh + 1
        ow = (w - kw) // sw + 1
        pass
        out = x.new_zeros(b, cout, oh, ow)
        for p in range(kh):
            for q in range(kw):
                patch = xp[:, :, p : p + sh * (oh - 1) + 1 : sh, q : q + sw * (ow - 1) + 1 : sw]
                out = out + torch.einsum("bchw,oc->bohw", patch, weight[:, :, p, q])
        if bias is not None:
            out = out + bias.reshape(1, -1, 1, 1)
        return out


@mistake("conv2d_by_hand", "casts to float32")
def _():
    def conv2d_by_hand(x, weight, bias=None, stride=1, padding=0):
        sh, sw = _pair(stride)
        ph, pw = _pair(padding)
        x, weight = x.float(), weight.float()
        bias = bias.float() if bias is not None else None
        xp = torch.nn.functional.pad(x, (pw, pw, ph, ph))
        pass
        b, cin, h, w = xp.shape
        cout, _, kh, kw = weight.shape
        oh = (h - kh) // sh + 1
        ow = (w - kw) // sw + 1
        pass
        out = x.new_zeros(b, cout, oh, ow)
        for p in range(kh):
            for q in range(kw):
                patch = xp[:, :, p : p + sh * (oh - 1) + 1 : sh, q : q + sw * (ow - 1) + 1 : sw]
                out = out + torch.einsum("bchw,oc->bohw", patch, weight[:, :, p, q])
        if bias is not None:
            out = out + bias.reshape(1, -1, 1, 1)
        return out


@mistake("conv2d_by_hand", "loop over every output pixel (too slow)")
def _():
    def conv2d_by_hand(x, weight, bias=None, stride=1, padding=0):
        sh, sw = _pair(stride)
        ph, pw = _pair(padding)
        xp = torch.nn.functional.pad(x, (pw, pw, ph, ph))
        b, cin, h, w = xp.shape
        cout, _, kh, kw = weight.shape
        oh, ow = (h - kh) // sh + 1, (w - kw) // sw + 1
        out = x.new_zeros(b, cout, oh, ow)
        for n in range(b):
            for o in range(cout):
                for i in range(oh):
                    for j in range(ow):
                        window = xp[n, :, i * sh : i * sh + kh, j * sw : j * sw + kw]
                        out[n, o, i, j] = (window * weight[o]).sum()
        if bias is not None:
            out = out + bias.reshape(1, -1, 1, 1)
        return out


@mistake("max_pool2d_by_hand", "maximum started at 0")
def _():
    def max_pool2d_by_hand(x, kernel_size, stride=None):
        kh, kw = _pair(kernel_size)
        sh, sw = _pair(kernel_size if stride is None else stride)
        pass
        oh = (x.shape[-2] - kh) // sh + 1
        ow = (x.shape[-1] - kw) // sw + 1
        out = x.new_zeros(*x.shape[:-2], oh, ow)
        for p in range(kh):
            for q in range(kw):
                out = torch.maximum(
                    out, x[..., p : p + sh * (oh - 1) + 1 : sh, q : q + sw * (ow - 1) + 1 : sw]
                )
        return out


@mistake("max_pool2d_by_hand", "stride None means 1")
def _():
    def max_pool2d_by_hand(x, kernel_size, stride=None):
        kh, kw = _pair(kernel_size)
        sh, sw = _pair(1 if stride is None else stride)
        pass
        oh = (x.shape[-2] - kh) // sh + 1
        ow = (x.shape[-1] - kw) // sw + 1
        out = torch.full((*x.shape[:-2], oh, ow), float("-inf"), dtype=x.dtype, device=x.device)
        for p in range(kh):
            for q in range(kw):
                out = torch.maximum(
                    out, x[..., p : p + sh * (oh - 1) + 1 : sh, q : q + sw * (ow - 1) + 1 : sw]
                )
        return out


@mistake("max_pool2d_by_hand", "stride argument ignored")
def _():
    def max_pool2d_by_hand(x, kernel_size, stride=None):
        kh, kw = _pair(kernel_size)
        sh, sw = _pair(kernel_size)
        pass
        oh = (x.shape[-2] - kh) // sh + 1
        ow = (x.shape[-1] - kw) // sw + 1
        out = torch.full((*x.shape[:-2], oh, ow), float("-inf"), dtype=x.dtype, device=x.device)
        for p in range(kh):
            for q in range(kw):
                out = torch.maximum(
                    out, x[..., p : p + sh * (oh - 1) + 1 : sh, q : q + sw * (ow - 1) + 1 : sw]
                )
        return out


@mistake("max_pool2d_by_hand", "kernel pair read as (w, h)")
def _():
    def max_pool2d_by_hand(x, kernel_size, stride=None):
        kh, kw = _pair(kernel_size)
        sh, sw = _pair(kernel_size if stride is None else stride)
        kh, kw, sh, sw = kw, kh, sw, sh
        oh = (x.shape[-2] - kh) // sh + 1
        ow = (x.shape[-1] - kw) // sw + 1
        out = torch.full((*x.shape[:-2], oh, ow), float("-inf"), dtype=x.dtype, device=x.device)
        for p in range(kh):
            for q in range(kw):
                out = torch.maximum(
                    out, x[..., p : p + sh * (oh - 1) + 1 : sh, q : q + sw * (ow - 1) + 1 : sw]
                )
        return out


@mistake("max_pool2d_by_hand", "uses F.max_pool2d")
def _():
    def max_pool2d_by_hand(x, kernel_size, stride=None):
        return torch.nn.functional.max_pool2d(x, kernel_size, stride)


@mistake("max_pool2d_by_hand", "-inf created on the CPU")
def _():
    def max_pool2d_by_hand(x, kernel_size, stride=None):
        kh, kw = _pair(kernel_size)
        sh, sw = _pair(kernel_size if stride is None else stride)
        pass
        oh = (x.shape[-2] - kh) // sh + 1
        ow = (x.shape[-1] - kw) // sw + 1
        out = torch.full((*x.shape[:-2], oh, ow), float("-inf"), dtype=x.dtype)
        for p in range(kh):
            for q in range(kw):
                out = torch.maximum(
                    out, x[..., p : p + sh * (oh - 1) + 1 : sh, q : q + sw * (ow - 1) + 1 : sw]
                )
        return out


@mistake("avg_pool2d_by_hand", "sum, not mean")
def _():
    def avg_pool2d_by_hand(x, kernel_size, stride=None):
        kh, kw = _pair(kernel_size)
        sh, sw = _pair(kernel_size if stride is None else stride)
        windows = x.unfold(-2, kh, sh).unfold(-2, kw, sw)
        return windows.sum(dim=(-2, -1))


@mistake("avg_pool2d_by_hand", "divided by kh only")
def _():
    def avg_pool2d_by_hand(x, kernel_size, stride=None):
        kh, kw = _pair(kernel_size)
        sh, sw = _pair(kernel_size if stride is None else stride)
        windows = x.unfold(-2, kh, sh).unfold(-2, kw, sw)
        return windows.sum(dim=(-2, -1)) / kh


@mistake("avg_pool2d_by_hand", "stride None means 1")
def _():
    def avg_pool2d_by_hand(x, kernel_size, stride=None):
        kh, kw = _pair(kernel_size)
        sh, sw = _pair(1 if stride is None else stride)
        windows = x.unfold(-2, kh, sh).unfold(-2, kw, sw)
        return windows.mean(dim=(-2, -1))


@mistake("avg_pool2d_by_hand", "stride argument ignored")
def _():
    def avg_pool2d_by_hand(x, kernel_size, stride=None):
        kh, kw = _pair(kernel_size)
        sh, sw = _pair(kernel_size)
        windows = x.unfold(-2, kh, sh).unfold(-2, kw, sw)
        return windows.mean(dim=(-2, -1))


@mistake("avg_pool2d_by_hand", "kernel pair read as (w, h)")
def _():
    def avg_pool2d_by_hand(x, kernel_size, stride=None):
        kh, kw = _pair(kernel_size)
        sh, sw = _pair(kernel_size if stride is None else stride)
        windows = x.unfold(-2, kw, sh).unfold(-2, kh, sw)
        return windows.mean(dim=(-2, -1))


@mistake("avg_pool2d_by_hand", "uses F.avg_pool2d")
def _():
    def avg_pool2d_by_hand(x, kernel_size, stride=None):
        return torch.nn.functional.avg_pool2d(x, kernel_size, stride)


@mistake("avg_pool2d_by_hand", "ones kernel on the CPU")
def _():
    def avg_pool2d_by_hand(x, kernel_size, stride=None):
        kh, kw = _pair(kernel_size)
        sh, sw = _pair(kernel_size if stride is None else stride)
        windows = x.unfold(-2, kh, sh).unfold(-2, kw, sw)
        ones = torch.ones(kh, kw, dtype=x.dtype)
        return (windows * ones).sum(dim=(-2, -1)) / (kh * kw)


@mistake("avg_pool2d_by_hand", "result always float32")
def _():
    def avg_pool2d_by_hand(x, kernel_size, stride=None):
        kh, kw = _pair(kernel_size)
        sh, sw = _pair(kernel_size if stride is None else stride)
        windows = x.unfold(-2, kh, sh).unfold(-2, kw, sw)
        return windows.mean(dim=(-2, -1)).float()


@mistake("upsample_nearest", "tiled with repeat")
def _():
    def upsample_nearest(x, scale_factor):
        return x.repeat(1, 1, scale_factor, scale_factor)


@mistake("upsample_nearest", "rows only")
def _():
    def upsample_nearest(x, scale_factor):
        return x.repeat_interleave(scale_factor, dim=2)


@mistake("upsample_nearest", "rows tiled, columns repeated")
def _():
    def upsample_nearest(x, scale_factor):
        return x.repeat(1, 1, scale_factor, 1).repeat_interleave(scale_factor, dim=3)


@mistake("upsample_nearest", "uses F.interpolate")
def _():
    def upsample_nearest(x, scale_factor):
        return torch.nn.functional.interpolate(x, scale_factor=scale_factor, mode="nearest")


@mistake("upsample_nearest", "kron with a ones block on the CPU")
def _():
    def upsample_nearest(x, scale_factor):
        return torch.kron(x, torch.ones(scale_factor, scale_factor, dtype=x.dtype))


@mistake("batch_norm_by_hand", "biased variance in the running update")
def _():
    def batch_norm_by_hand(
        x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5
    ):
        dims = [d for d in range(x.dim()) if d != 1]
        shape = [1, x.shape[1]] + [1] * (x.dim() - 2)
        pass
        if training:
            mean = x.mean(dim=dims)
            var = x.var(dim=dims, unbiased=False)
            n = x.numel() // x.shape[1]  # noqa: F841
            batch_var = x.var(dim=dims, unbiased=False)
            if True:
                with torch.no_grad():
                    running_mean.mul_(1 - momentum).add_(momentum * mean)
                    running_var.mul_(1 - momentum).add_(momentum * batch_var)
        else:
            mean, var = running_mean, running_var
        y = (x - mean.reshape(shape)) / torch.sqrt(var.reshape(shape) + eps)
        if weight is not None:
            y = y * weight.reshape(shape)
        if bias is not None:
            y = y + bias.reshape(shape)
        return y


@mistake("batch_norm_by_hand", "unbiased variance for normalising")
def _():
    def batch_norm_by_hand(
        x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5
    ):
        dims = [d for d in range(x.dim()) if d != 1]
        shape = [1, x.shape[1]] + [1] * (x.dim() - 2)
        pass
        if training:
            mean = x.mean(dim=dims)
            var = x.var(dim=dims, unbiased=True)
            n = x.numel() // x.shape[1]  # noqa: F841
            batch_var = x.var(dim=dims, unbiased=True)
            if True:
                with torch.no_grad():
                    running_mean.mul_(1 - momentum).add_(momentum * mean)
                    running_var.mul_(1 - momentum).add_(momentum * batch_var)
        else:
            mean, var = running_mean, running_var
        y = (x - mean.reshape(shape)) / torch.sqrt(var.reshape(shape) + eps)
        if weight is not None:
            y = y * weight.reshape(shape)
        if bias is not None:
            y = y + bias.reshape(shape)
        return y


@mistake("batch_norm_by_hand", "momentum the other way round")
def _():
    def batch_norm_by_hand(
        x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5
    ):
        dims = [d for d in range(x.dim()) if d != 1]
        shape = [1, x.shape[1]] + [1] * (x.dim() - 2)
        pass
        if training:
            mean = x.mean(dim=dims)
            var = x.var(dim=dims, unbiased=False)
            n = x.numel() // x.shape[1]  # noqa: F841
            batch_var = x.var(dim=dims, unbiased=True)
            if True:
                with torch.no_grad():
                    running_mean.mul_(momentum).add_((1 - momentum) * mean)
                    running_var.mul_(momentum).add_((1 - momentum) * batch_var)
        else:
            mean, var = running_mean, running_var
        y = (x - mean.reshape(shape)) / torch.sqrt(var.reshape(shape) + eps)
        if weight is not None:
            y = y * weight.reshape(shape)
        if bias is not None:
            y = y + bias.reshape(shape)
        return y


@mistake("batch_norm_by_hand", "statistics over dim 0 only")
def _():
    def batch_norm_by_hand(
        x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5
    ):
        dims = 0
        shape = [1, x.shape[1]] + [1] * (x.dim() - 2)
        pass
        if training:
            mean = x.mean(dim=dims)
            var = x.var(dim=dims, unbiased=False)
            n = x.numel() // x.shape[1]  # noqa: F841
            batch_var = x.var(dim=dims, unbiased=True)
            if True:
                with torch.no_grad():
                    running_mean.mul_(1 - momentum).add_(momentum * mean)
                    running_var.mul_(1 - momentum).add_(momentum * batch_var)
        else:
            mean, var = running_mean, running_var
        y = (x - mean.reshape(shape)) / torch.sqrt(var.reshape(shape) + eps)
        if weight is not None:
            y = y * weight.reshape(shape)
        if bias is not None:
            y = y + bias.reshape(shape)
        return y


@mistake("batch_norm_by_hand", "running stats rebound, not updated")
def _():
    def batch_norm_by_hand(
        x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5
    ):
        dims = [d for d in range(x.dim()) if d != 1]
        shape = [1, x.shape[1]] + [1] * (x.dim() - 2)
        pass
        if training:
            mean = x.mean(dim=dims)
            var = x.var(dim=dims, unbiased=False)
            n = x.numel() // x.shape[1]  # noqa: F841
            batch_var = x.var(dim=dims, unbiased=True)
            if True:
                with torch.no_grad():
                    running_mean = (1 - momentum) * running_mean + momentum * mean
                    running_var = (1 - momentum) * running_var + momentum * batch_var
        else:
            mean, var = running_mean, running_var
        y = (x - mean.reshape(shape)) / torch.sqrt(var.reshape(shape) + eps)
        if weight is not None:
            y = y * weight.reshape(shape)
        if bias is not None:
            y = y + bias.reshape(shape)
        return y


@mistake("batch_norm_by_hand", "running stats updated in eval")
def _():
    def batch_norm_by_hand(
        x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5
    ):
        dims = [d for d in range(x.dim()) if d != 1]
        shape = [1, x.shape[1]] + [1] * (x.dim() - 2)
        pass
        if True:
            mean = x.mean(dim=dims)
            var = x.var(dim=dims, unbiased=False)
            n = x.numel() // x.shape[1]  # noqa: F841
            batch_var = x.var(dim=dims, unbiased=True)
            if True:
                with torch.no_grad():
                    running_mean.mul_(1 - momentum).add_(momentum * mean)
                    running_var.mul_(1 - momentum).add_(momentum * batch_var)
        else:
            mean, var = running_mean, running_var
        if not training:
            mean, var = running_mean, running_var
        y = (x - mean.reshape(shape)) / torch.sqrt(var.reshape(shape) + eps)
        if weight is not None:
            y = y * weight.reshape(shape)
        if bias is not None:
            y = y + bias.reshape(shape)
        return y


@mistake("batch_norm_by_hand", "batch statistics in eval")
def _():
    def batch_norm_by_hand(
        x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5
    ):
        dims = [d for d in range(x.dim()) if d != 1]
        shape = [1, x.shape[1]] + [1] * (x.dim() - 2)
        pass
        if True:
            mean = x.mean(dim=dims)
            var = x.var(dim=dims, unbiased=False)
            n = x.numel() // x.shape[1]  # noqa: F841
            batch_var = x.var(dim=dims, unbiased=True)
            if training:
                with torch.no_grad():
                    running_mean.mul_(1 - momentum).add_(momentum * mean)
                    running_var.mul_(1 - momentum).add_(momentum * batch_var)
        else:
            mean, var = running_mean, running_var
        y = (x - mean.reshape(shape)) / torch.sqrt(var.reshape(shape) + eps)
        if weight is not None:
            y = y * weight.reshape(shape)
        if bias is not None:
            y = y + bias.reshape(shape)
        return y


@mistake("batch_norm_by_hand", "eps added to the standard deviation")
def _():
    def batch_norm_by_hand(
        x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5
    ):
        dims = [d for d in range(x.dim()) if d != 1]
        shape = [1, x.shape[1]] + [1] * (x.dim() - 2)
        pass
        if training:
            mean = x.mean(dim=dims)
            var = x.var(dim=dims, unbiased=False)
            n = x.numel() // x.shape[1]  # noqa: F841
            batch_var = x.var(dim=dims, unbiased=True)
            if True:
                with torch.no_grad():
                    running_mean.mul_(1 - momentum).add_(momentum * mean)
                    running_var.mul_(1 - momentum).add_(momentum * batch_var)
        else:
            mean, var = running_mean, running_var
        y = (x - mean.reshape(shape)) / (torch.sqrt(var.reshape(shape)) + eps)
        if weight is not None:
            y = y * weight.reshape(shape)
        if bias is not None:
            y = y + bias.reshape(shape)
        return y


@mistake("batch_norm_by_hand", "weight None not handled")
def _():
    def batch_norm_by_hand(
        x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5
    ):
        dims = [d for d in range(x.dim()) if d != 1]
        shape = [1, x.shape[1]] + [1] * (x.dim() - 2)
        pass
        if training:
            mean = x.mean(dim=dims)
            var = x.var(dim=dims, unbiased=False)
            n = x.numel() // x.shape[1]  # noqa: F841
            batch_var = x.var(dim=dims, unbiased=True)
            if True:
                with torch.no_grad():
                    running_mean.mul_(1 - momentum).add_(momentum * mean)
                    running_var.mul_(1 - momentum).add_(momentum * batch_var)
        else:
            mean, var = running_mean, running_var
        y = (x - mean.reshape(shape)) / torch.sqrt(var.reshape(shape) + eps)
        y = y * weight.reshape(shape) + bias.reshape(shape)
        return y
        if weight is not None:
            y = y * weight.reshape(shape)
        if bias is not None:
            y = y + bias.reshape(shape)
        return y


@mistake("batch_norm_by_hand", "default weight on the CPU")
def _():
    def batch_norm_by_hand(
        x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5
    ):
        dims = [d for d in range(x.dim()) if d != 1]
        shape = [1, x.shape[1]] + [1] * (x.dim() - 2)
        weight = torch.ones(x.shape[1], dtype=x.dtype) if weight is None else weight
        if training:
            mean = x.mean(dim=dims)
            var = x.var(dim=dims, unbiased=False)
            n = x.numel() // x.shape[1]  # noqa: F841
            batch_var = x.var(dim=dims, unbiased=True)
            if True:
                with torch.no_grad():
                    running_mean.mul_(1 - momentum).add_(momentum * mean)
                    running_var.mul_(1 - momentum).add_(momentum * batch_var)
        else:
            mean, var = running_mean, running_var
        y = (x - mean.reshape(shape)) / torch.sqrt(var.reshape(shape) + eps)
        if weight is not None:
            y = y * weight.reshape(shape)
        if bias is not None:
            y = y + bias.reshape(shape)
        return y


@mistake("batch_norm_by_hand", "normalises x in place")
def _():
    def batch_norm_by_hand(
        x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5
    ):
        dims = [d for d in range(x.dim()) if d != 1]
        shape = [1, x.shape[1]] + [1] * (x.dim() - 2)
        pass
        if training:
            mean = x.mean(dim=dims)
            var = x.var(dim=dims, unbiased=False)
            n = x.numel() // x.shape[1]  # noqa: F841
            batch_var = x.var(dim=dims, unbiased=True)
            if True:
                with torch.no_grad():
                    running_mean.mul_(1 - momentum).add_(momentum * mean)
                    running_var.mul_(1 - momentum).add_(momentum * batch_var)
        else:
            mean, var = running_mean, running_var
        x.sub_(mean.reshape(shape)).div_(torch.sqrt(var.reshape(shape) + eps))
        y = x
        if weight is not None:
            y = y * weight.reshape(shape)
        if bias is not None:
            y = y + bias.reshape(shape)
        return y


@mistake("batch_norm_by_hand", "uses F.batch_norm")
def _():
    def batch_norm_by_hand(
        x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5
    ):
        return torch.nn.functional.batch_norm(
            x, running_mean, running_var, weight, bias, training, momentum, eps
        )


@alternative("conv_output_size", "math.floor")
def _():
    def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
        import math

        return math.floor((size + 2 * padding - dilation * (kernel_size - 1) - 1) / stride) + 1


@alternative("conv2d_by_hand", "F.pad and a loop over kernel positions")
def _():
    def conv2d_by_hand(x, weight, bias=None, stride=1, padding=0):
        sh, sw = _pair(stride)
        ph, pw = _pair(padding)
        xp = torch.nn.functional.pad(x, (pw, pw, ph, ph))
        pass
        b, cin, h, w = xp.shape
        cout, _, kh, kw = weight.shape
        oh = (h - kh) // sh + 1
        ow = (w - kw) // sw + 1
        pass
        out = x.new_zeros(b, cout, oh, ow)
        for p in range(kh):
            for q in range(kw):
                patch = xp[:, :, p : p + sh * (oh - 1) + 1 : sh, q : q + sw * (ow - 1) + 1 : sw]
                out = out + torch.einsum("bchw,oc->bohw", patch, weight[:, :, p, q])
        if bias is not None:
            out = out + bias.reshape(1, -1, 1, 1)
        return out


@alternative("conv2d_by_hand", "unfold and matmul")
def _():
    def conv2d_by_hand(x, weight, bias=None, stride=1, padding=0):
        import torch.nn.functional as F

        b, cin, h, w = x.shape
        cout, _, kh, kw = weight.shape
        (sh, sw), (ph, pw) = _pair(stride), _pair(padding)
        oh, ow = (h + 2 * ph - kh) // sh + 1, (w + 2 * pw - kw) // sw + 1
        cols = F.unfold(x, (kh, kw), padding=(ph, pw), stride=(sh, sw))
        out = (weight.reshape(cout, -1) @ cols).reshape(b, cout, oh, ow)
        return out if bias is None else out + bias[:, None, None]


@alternative("conv2d_by_hand", "Tensor.unfold and einsum")
def _():
    def conv2d_by_hand(x, weight, bias=None, stride=1, padding=0):
        (sh, sw), (ph, pw) = _pair(stride), _pair(padding)
        xp = torch.nn.functional.pad(x, (pw, pw, ph, ph))
        kh, kw = weight.shape[-2:]
        win = xp.unfold(2, kh, sh).unfold(3, kw, sw)
        out = torch.einsum("bchwpq,ocpq->bohw", win, weight)
        return out if bias is None else out + bias.view(1, -1, 1, 1)


@alternative("max_pool2d_by_hand", "loop over kernel positions")
def _():
    def max_pool2d_by_hand(x, kernel_size, stride=None):
        kh, kw = _pair(kernel_size)
        sh, sw = _pair(kernel_size if stride is None else stride)
        pass
        oh = (x.shape[-2] - kh) // sh + 1
        ow = (x.shape[-1] - kw) // sw + 1
        out = torch.full((*x.shape[:-2], oh, ow), float("-inf"), dtype=x.dtype, device=x.device)
        for p in range(kh):
            for q in range(kw):
                out = torch.maximum(
                    out, x[..., p : p + sh * (oh - 1) + 1 : sh, q : q + sw * (ow - 1) + 1 : sw]
                )
        return out


@alternative("avg_pool2d_by_hand", "sum divided by kh*kw")
def _():
    def avg_pool2d_by_hand(x, kernel_size, stride=None):
        kh, kw = _pair(kernel_size)
        sh, sw = _pair(kernel_size if stride is None else stride)
        windows = x.unfold(-2, kh, sh).unfold(-2, kw, sw)
        return windows.sum(dim=(-2, -1)) / (kh * kw)


@alternative("avg_pool2d_by_hand", "depthwise conv2d with a ones kernel")
def _():
    def avg_pool2d_by_hand(x, kernel_size, stride=None):
        import torch.nn.functional as F

        kh, kw = _pair(kernel_size)
        s = _pair(kernel_size if stride is None else stride)
        b, c, h, w = x.shape
        ones = torch.full((1, 1, kh, kw), 1.0 / (kh * kw), dtype=x.dtype, device=x.device)
        out = F.conv2d(x.reshape(b * c, 1, h, w), ones, stride=s)
        return out.reshape(b, c, out.shape[-2], out.shape[-1])


@alternative("upsample_nearest", "repeat_interleave twice")
def _():
    def upsample_nearest(x, scale_factor):
        return x.repeat_interleave(scale_factor, dim=2).repeat_interleave(scale_factor, dim=3)


@alternative("upsample_nearest", "index i // s")
def _():
    def upsample_nearest(x, scale_factor):
        h, w = x.shape[-2:]
        rows = torch.arange(h * scale_factor, device=x.device) // scale_factor
        cols = torch.arange(w * scale_factor, device=x.device) // scale_factor
        return x[..., rows[:, None], cols]


@alternative("batch_norm_by_hand", "variance by hand, copy_ for the update")
def _():
    def batch_norm_by_hand(
        x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5
    ):
        dims = (0,) if x.dim() == 2 else (0, 2, 3)
        shape = (1, -1) if x.dim() == 2 else (1, -1, 1, 1)
        if training:
            n = x.numel() // x.shape[1]
            mean = x.mean(dims)
            sq = ((x - mean.view(shape)) ** 2).sum(dims)
            var = sq / n
            running_mean.copy_((1 - momentum) * running_mean + momentum * mean)
            running_var.copy_((1 - momentum) * running_var + momentum * sq / (n - 1))
        else:
            mean, var = running_mean, running_var
        y = (x - mean.view(shape)) * torch.rsqrt(var.view(shape) + eps)
        if weight is not None:
            y = y * weight.view(shape)
        if bias is not None:
            y = y + bias.view(shape)
        return y


@alternative("batch_norm_by_hand", "update through slicing")
def _():
    def batch_norm_by_hand(
        x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5
    ):
        dims = [d for d in range(x.dim()) if d != 1]
        shape = [1, x.shape[1]] + [1] * (x.dim() - 2)
        pass
        if training:
            mean = x.mean(dim=dims)
            var = x.var(dim=dims, unbiased=False)
            n = x.numel() // x.shape[1]  # noqa: F841
            batch_var = x.var(dim=dims, unbiased=True)
            if True:
                with torch.no_grad():
                    running_mean[:] = (1 - momentum) * running_mean + momentum * mean
                    running_var[:] = (1 - momentum) * running_var + momentum * batch_var
        else:
            mean, var = running_mean, running_var
        y = (x - mean.reshape(shape)) / torch.sqrt(var.reshape(shape) + eps)
        if weight is not None:
            y = y * weight.reshape(shape)
        if bias is not None:
            y = y + bias.reshape(shape)
        return y
