"""Realistic wrong answers (each must lose points) and correct alternatives (each must keep every
point) for topic `augmentation`. Each variant is the body of a function decorated with `@mistake`
or `@alternative` (see variants.py); the body, dedented, is appended to the reference solution
module, so it replaces that one function."""

import torch

from solutions.augmentation import hflip, random_crop
from tests.kit.mutants.variants import alternative, mistake

# -- hflip ----------------------------------------------------------------------------------------


@mistake("hflip", "mirrors the rows")
def _():
    def hflip(img):
        rows = torch.arange(img.shape[-2] - 1, -1, -1, device=img.device)
        return img[..., rows, :]


@mistake("hflip", "reversed range stops before 0")
def _():
    def hflip(img):
        columns = torch.arange(img.shape[-1] - 1, 0, -1, device=img.device)
        return img[..., columns]


@mistake("hflip", "uses flip")
def _():
    def hflip(img):
        return img.flip(-1)


@mistake("hflip", "through NumPy")
def _():
    def hflip(img):
        return torch.from_numpy(img.numpy()[..., ::-1].copy())


@alternative("hflip", "index_select")
def _():
    def hflip(img):
        w = img.shape[-1]
        return img.index_select(-1, torch.arange(w - 1, -1, -1, device=img.device))


@alternative("hflip", "columns unbound and stacked in reverse")
def _():
    def hflip(img):
        return torch.stack(img.unbind(-1)[::-1], dim=-1)


# -- vflip ----------------------------------------------------------------------------------------


@mistake("vflip", "mirrors the columns")
def _():
    def vflip(img):
        columns = torch.arange(img.shape[-1] - 1, -1, -1, device=img.device)
        return img[..., columns]


@mistake("vflip", "flipud flips dim 0")
def _():
    def vflip(img):
        return torch.flipud(img)


@mistake("vflip", "reversed range stops before 0")
def _():
    def vflip(img):
        rows = torch.arange(img.shape[-2] - 1, 0, -1, device=img.device)
        return img[..., rows, :]


@mistake("vflip", "through NumPy")
def _():
    def vflip(img):
        return torch.from_numpy(img.numpy()[..., ::-1, :].copy())


@alternative("vflip", "rows unbound and stacked in reverse")
def _():
    def vflip(img):
        return torch.stack(list(reversed(img.unbind(-2))), dim=-2)


# -- rotate90 -------------------------------------------------------------------------------------


@mistake("rotate90", "clockwise")
def _():
    def rotate90(img, k=1):
        for _ in range(k % 4):
            rows = torch.arange(img.shape[-2] - 1, -1, -1, device=img.device)
            img = img[..., rows, :].transpose(-2, -1)
        return img


@mistake("rotate90", "transpose only")
def _():
    def rotate90(img, k=1):
        for _ in range(k % 4):
            img = img.transpose(-2, -1)
        return img


@mistake("rotate90", "negative k does nothing")
def _():
    def rotate90(img, k=1):
        for _ in range(k):
            columns = torch.arange(img.shape[-1] - 1, -1, -1, device=img.device)
            img = img[..., columns].transpose(-2, -1)
        return img


@mistake("rotate90", "k not reduced mod 4")
def _():
    def rotate90(img, k=1):
        rows = torch.arange(img.shape[-2] - 1, -1, -1, device=img.device)
        columns = torch.arange(img.shape[-1] - 1, -1, -1, device=img.device)
        if k == 1:
            return img[..., columns].transpose(-2, -1)
        if k == 2:
            return img[..., rows, :][..., columns]
        if k == 3:
            return img[..., rows, :].transpose(-2, -1)
        return img.clone()


@mistake("rotate90", "no case for k % 4 == 0")
def _():
    def rotate90(img, k=1):
        k = k % 4
        rows = torch.arange(img.shape[-2] - 1, -1, -1, device=img.device)
        columns = torch.arange(img.shape[-1] - 1, -1, -1, device=img.device)
        if k == 1:
            return img[..., columns].transpose(-2, -1)
        elif k == 2:
            return img[..., rows, :][..., columns]
        else:
            return img[..., rows, :].transpose(-2, -1)


@mistake("rotate90", "uses rot90")
def _():
    def rotate90(img, k=1):
        return torch.rot90(img, k, dims=(-2, -1))


@mistake("rotate90", "through NumPy")
def _():
    def rotate90(img, k=1):
        a = img.numpy()
        for _ in range(k % 4):
            a = a[..., ::-1].swapaxes(-2, -1)
        return torch.from_numpy(a.copy())


@alternative("rotate90", "a loop of transpose then reversed rows")
def _():
    def rotate90(img, k=1):
        for _ in range(k % 4):
            img = img.transpose(-2, -1)
            rows = torch.arange(img.shape[-2] - 1, -1, -1, device=img.device)
            img = img[..., rows, :]
        return img


@alternative("rotate90", "stacked columns")
def _():
    def rotate90(img, k=1):
        for _ in range(k % 4):
            # the last column becomes the first row, ...
            img = torch.stack(img.unbind(-1)[::-1], dim=-2)
        return img


# -- center_crop ----------------------------------------------------------------------------------


@mistake("center_crop", "floor")
def _():
    def center_crop(img, size):
        th, tw = (size, size) if isinstance(size, int) else size
        h, w = img.shape[-2:]
        if th > h or tw > w:
            raise ValueError(f"crop size {(th, tw)} is larger than the image size {(h, w)}")
        top, left = (h - th) // 2, (w - tw) // 2
        return img[..., top : top + th, left : left + tw]


@mistake("center_crop", "round half up")
def _():
    import math

    def center_crop(img, size):
        th, tw = (size, size) if isinstance(size, int) else size
        h, w = img.shape[-2:]
        if th > h or tw > w:
            raise ValueError(f"crop size {(th, tw)} is larger than the image size {(h, w)}")
        top, left = math.ceil((h - th) / 2), math.ceil((w - tw) / 2)
        return img[..., top : top + th, left : left + tw]


@mistake("center_crop", "offsets from the wrong dims")
def _():
    def center_crop(img, size):
        th, tw = (size, size) if isinstance(size, int) else size
        h, w = img.shape[-2:]
        if th > h or tw > w:
            raise ValueError(f"crop size {(th, tw)} is larger than the image size {(h, w)}")
        top, left = int(round((w - tw) / 2)), int(round((h - th) / 2))
        return img[..., top : top + th, left : left + tw]


@mistake("center_crop", "raises when the window is the whole image")
def _():
    def center_crop(img, size):
        th, tw = (size, size) if isinstance(size, int) else size
        h, w = img.shape[-2:]
        if th >= h or tw >= w:
            raise ValueError(f"crop size {(th, tw)} is larger than the image size {(h, w)}")
        top, left = int(round((h - th) / 2)), int(round((w - tw) / 2))
        return img[..., top : top + th, left : left + tw]


@mistake("center_crop", "no ValueError")
def _():
    def center_crop(img, size):
        th, tw = (size, size) if isinstance(size, int) else size
        h, w = img.shape[-2:]
        top, left = int(round((h - th) / 2)), int(round((w - tw) / 2))
        return img[..., top : top + th, left : left + tw]


@mistake("center_crop", "ValueError without the sizes")
def _():
    def center_crop(img, size):
        th, tw = (size, size) if isinstance(size, int) else size
        h, w = img.shape[-2:]
        if th > h or tw > w:
            raise ValueError("crop size is larger than the image")
        top, left = int(round((h - th) / 2)), int(round((w - tw) / 2))
        return img[..., top : top + th, left : left + tw]


@mistake("center_crop", "through NumPy")
def _():
    def center_crop(img, size):
        th, tw = (size, size) if isinstance(size, int) else size
        h, w = img.shape[-2:]
        if th > h or tw > w:
            raise ValueError(f"crop size {(th, tw)} is larger than the image size {(h, w)}")
        top, left = int(round((h - th) / 2)), int(round((w - tw) / 2))
        return torch.from_numpy(img.numpy()[..., top : top + th, left : left + tw].copy())


@alternative("center_crop", "narrow")
def _():
    def center_crop(img, size):
        if isinstance(size, int):
            size = (size, size)
        (h, w), (th, tw) = img.shape[-2:], size
        if th > h or tw > w:
            raise ValueError(f"cannot crop {th}x{tw} out of an image of {h}x{w}")
        top, left = round((h - th) / 2), round((w - tw) / 2)
        return img.narrow(-2, top, th).narrow(-1, left, tw)


# -- random_crop ----------------------------------------------------------------------------------


@mistake("random_crop", "left drawn before top")
def _():
    def random_crop(img, size, generator=None):
        th, tw = (size, size) if isinstance(size, int) else size
        h, w = img.shape[-2:]
        left = int(torch.randint(w - tw + 1, (1,), generator=generator))
        top = int(torch.randint(h - th + 1, (1,), generator=generator))
        return img[..., top : top + th, left : left + tw]


@mistake("random_crop", "randint bound off by one")
def _():
    def random_crop(img, size, generator=None):
        th, tw = (size, size) if isinstance(size, int) else size
        h, w = img.shape[-2:]
        top = int(torch.randint(h - th, (1,), generator=generator))
        left = int(torch.randint(w - tw, (1,), generator=generator))
        return img[..., top : top + th, left : left + tw]


@mistake("random_crop", "offsets from the wrong dims")
def _():
    def random_crop(img, size, generator=None):
        th, tw = (size, size) if isinstance(size, int) else size
        h, w = img.shape[-2:]
        top = int(torch.randint(w - tw + 1, (1,), generator=generator))
        left = int(torch.randint(h - th + 1, (1,), generator=generator))
        return img[..., top : top + th, left : left + tw]


@mistake("random_crop", "ignores the generator")
def _():
    def random_crop(img, size, generator=None):
        th, tw = (size, size) if isinstance(size, int) else size
        h, w = img.shape[-2:]
        top = int(torch.randint(h - th + 1, (1,)))
        left = int(torch.randint(w - tw + 1, (1,)))
        return img[..., top : top + th, left : left + tw]


@mistake("random_crop", "through NumPy")
def _():
    def random_crop(img, size, generator=None):
        th, tw = (size, size) if isinstance(size, int) else size
        h, w = img.shape[-2:]
        top = int(torch.randint(h - th + 1, (1,), generator=generator))
        left = int(torch.randint(w - tw + 1, (1,), generator=generator))
        return torch.from_numpy(img.numpy()[..., top : top + th, left : left + tw].copy())


@alternative("random_crop", "randint(0, n) and narrow")
def _():
    def random_crop(img, size, generator=None):
        th, tw = (size, size) if isinstance(size, int) else tuple(size)
        top = torch.randint(0, img.shape[-2] - th + 1, (1,), generator=generator).item()
        left = torch.randint(0, img.shape[-1] - tw + 1, (1,), generator=generator).item()
        return img.narrow(-2, top, th).narrow(-1, left, tw)


# -- normalize ------------------------------------------------------------------------------------


@mistake("normalize", "mean against the last dim")
def _():
    def normalize(img, mean, std):
        mean = torch.as_tensor(mean, dtype=img.dtype, device=img.device)
        std = torch.as_tensor(std, dtype=img.dtype, device=img.device)
        return (img - mean) / std


@mistake("normalize", "in place")
def _():
    def normalize(img, mean, std):
        mean = torch.as_tensor(mean, dtype=img.dtype, device=img.device).reshape(-1, 1, 1)
        std = torch.as_tensor(std, dtype=img.dtype, device=img.device).reshape(-1, 1, 1)
        return img.sub_(mean).div_(std)


@mistake("normalize", "operator precedence")
def _():
    def normalize(img, mean, std):
        mean = torch.as_tensor(mean, dtype=img.dtype, device=img.device).reshape(-1, 1, 1)
        std = torch.as_tensor(std, dtype=img.dtype, device=img.device).reshape(-1, 1, 1)
        return img - mean / std


@mistake("normalize", "reshaped to [1, c, 1, 1]")
def _():
    def normalize(img, mean, std):
        mean = torch.as_tensor(mean, dtype=img.dtype, device=img.device).view(1, -1, 1, 1)
        std = torch.as_tensor(std, dtype=img.dtype, device=img.device).view(1, -1, 1, 1)
        return (img - mean) / std


@mistake("normalize", "statistics not in the image's dtype")
def _():
    def normalize(img, mean, std):
        mean = torch.as_tensor(mean, device=img.device).reshape(-1, 1, 1)
        std = torch.as_tensor(std, device=img.device).reshape(-1, 1, 1)
        return (img - mean) / std


@mistake("normalize", "statistics on the CPU")
def _():
    def normalize(img, mean, std):
        mean = torch.as_tensor(mean, dtype=img.dtype).reshape(-1, 1, 1)
        std = torch.as_tensor(std, dtype=img.dtype).reshape(-1, 1, 1)
        return (img - mean) / std


@alternative("normalize", "channels moved last")
def _():
    def normalize(img, mean, std):
        mean = torch.as_tensor(mean, dtype=img.dtype, device=img.device)
        std = torch.as_tensor(std, dtype=img.dtype, device=img.device)
        return ((img.movedim(-3, -1) - mean) / std).movedim(-1, -3)


@alternative("normalize", "sub and div with [:, None, None]")
def _():
    def normalize(img, mean, std):
        m = torch.tensor([float(v) for v in mean], dtype=img.dtype).to(img.device)
        s = torch.tensor([float(v) for v in std], dtype=img.dtype).to(img.device)
        return img.sub(m[:, None, None]).div(s[:, None, None])


# -- denormalize ----------------------------------------------------------------------------------


@mistake("denormalize", "normalizes again")
def _():
    def denormalize(img, mean, std):
        mean = torch.as_tensor(mean, dtype=img.dtype, device=img.device).reshape(-1, 1, 1)
        std = torch.as_tensor(std, dtype=img.dtype, device=img.device).reshape(-1, 1, 1)
        return (img - mean) / std


@mistake("denormalize", "adds the mean first")
def _():
    def denormalize(img, mean, std):
        mean = torch.as_tensor(mean, dtype=img.dtype, device=img.device).reshape(-1, 1, 1)
        std = torch.as_tensor(std, dtype=img.dtype, device=img.device).reshape(-1, 1, 1)
        return (img + mean) * std


@mistake("denormalize", "in place")
def _():
    def denormalize(img, mean, std):
        mean = torch.as_tensor(mean, dtype=img.dtype, device=img.device).reshape(-1, 1, 1)
        std = torch.as_tensor(std, dtype=img.dtype, device=img.device).reshape(-1, 1, 1)
        return img.mul_(std).add_(mean)


@mistake("denormalize", "statistics on the CPU")
def _():
    def denormalize(img, mean, std):
        mean = torch.as_tensor(mean, dtype=img.dtype).view(-1, 1, 1)
        std = torch.as_tensor(std, dtype=img.dtype).view(-1, 1, 1)
        return img * std + mean


@alternative("denormalize", "addcmul")
def _():
    def denormalize(img, mean, std):
        mean = torch.as_tensor(mean, dtype=img.dtype, device=img.device)[:, None, None]
        std = torch.as_tensor(std, dtype=img.dtype, device=img.device)[:, None, None]
        return torch.addcmul(mean, img, std)


# -- augment_batch --------------------------------------------------------------------------------


@mistake("augment_batch", "flips when the draw is >= 0.5")
def _():
    def augment_batch(x, generator=None):
        crops = []
        for img in x:
            if torch.rand(1, generator=generator) >= 0.5:
                img = img.flip(-1)
            top = int(torch.randint(img.shape[-2] - 27, (1,), generator=generator))
            left = int(torch.randint(img.shape[-1] - 27, (1,), generator=generator))
            crops.append(img[..., top : top + 28, left : left + 28])
        return torch.stack(crops)


@mistake("augment_batch", "flips up-down")
def _():
    def augment_batch(x, generator=None):
        crops = []
        for img in x:
            if torch.rand(1, generator=generator) < 0.5:
                img = img.flip(-2)
            top = int(torch.randint(img.shape[-2] - 27, (1,), generator=generator))
            left = int(torch.randint(img.shape[-1] - 27, (1,), generator=generator))
            crops.append(img[..., top : top + 28, left : left + 28])
        return torch.stack(crops)


@mistake("augment_batch", "crop drawn before the flip")
def _():
    def augment_batch(x, generator=None):
        crops = []
        for img in x:
            top = int(torch.randint(img.shape[-2] - 27, (1,), generator=generator))
            left = int(torch.randint(img.shape[-1] - 27, (1,), generator=generator))
            crop = img[..., top : top + 28, left : left + 28]
            if torch.rand(1, generator=generator) < 0.5:
                crop = crop.flip(-1)
            crops.append(crop)
        return torch.stack(crops)


@mistake("augment_batch", "all flips drawn first")
def _():
    def augment_batch(x, generator=None):
        flips = torch.rand(len(x), generator=generator) < 0.5
        crops = []
        for img, flip in zip(x, flips):
            if flip:
                img = img.flip(-1)
            top = int(torch.randint(img.shape[-2] - 27, (1,), generator=generator))
            left = int(torch.randint(img.shape[-1] - 27, (1,), generator=generator))
            crops.append(img[..., top : top + 28, left : left + 28])
        return torch.stack(crops)


@mistake("augment_batch", "ignores the generator")
def _():
    def augment_batch(x, generator=None):
        crops = []
        for img in x:
            if torch.rand(1) < 0.5:
                img = img.flip(-1)
            top = int(torch.randint(img.shape[-2] - 27, (1,)))
            left = int(torch.randint(img.shape[-1] - 27, (1,)))
            crops.append(img[..., top : top + 28, left : left + 28])
        return torch.stack(crops)


@mistake("augment_batch", "flip chosen with torch.where on the CPU draw")
def _():
    def augment_batch(x, generator=None):
        crops = []
        for img in x:
            img = torch.where(torch.rand(1, generator=generator) < 0.5, img.flip(-1), img)
            top = int(torch.randint(img.shape[-2] - 27, (1,), generator=generator))
            left = int(torch.randint(img.shape[-1] - 27, (1,), generator=generator))
            crops.append(img[..., top : top + 28, left : left + 28])
        return torch.stack(crops)


@alternative("augment_batch", "calls hflip and random_crop")
def _():
    def augment_batch(x, generator=None):
        out = x.new_empty(x.shape[0], x.shape[1], 28, 28)
        for i in range(x.shape[0]):
            img = x[i]
            if torch.rand(1, generator=generator).item() < 0.5:
                img = hflip(img)
            out[i] = random_crop(img, 28, generator)
        return out
