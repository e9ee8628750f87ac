"""Comparisons whose failure message teaches.

Every check raises `GradingFailure` (an AssertionError) with a message meant for the student:
what was expected, what came back, and, where the wrong answer matches a known mistake, the name
of that mistake and the lesson that covers it.
"""

from __future__ import annotations

import math

import torch

from grader.checks.feedback import HIDDEN, in_hidden_check, shown
from grader.i18n import HAS_CJK, MonolingualMessage, Msg, before_chinese, label, tr

# torch.testing.assert_close's default tolerances: (rtol, atol)
TOLERANCES = {
    torch.float16: (1e-3, 1e-5),
    torch.bfloat16: (1.6e-2, 1e-5),
    torch.float32: (1.3e-6, 1e-5),
    torch.float64: (1e-7, 1e-7),
    torch.complex64: (1.3e-6, 1e-5),
    torch.complex128: (1e-7, 1e-7),
}


THE_RESULT = Msg("the result", "结果")


class GradingFailure(AssertionError):
    """A check failed; the message is shown to the student. `mistake` is the named mistake the
    answer matched, if any, in the run's language: a field of the test's record, never read back
    out of the message."""

    def __init__(self, message: str, mistake: str | None = None):
        super().__init__(message)
        self.mistake = mistake


def fail(en: str | Msg, zh: str | None = None, *, mistake: Msg | None = None):
    """Fail the check with a message in both languages: `fail(en, zh)` or `fail(Msg(en, zh))`."""
    if not isinstance(en, Msg):
        if not isinstance(zh, str) or not HAS_CJK.search(zh):
            raise MonolingualMessage(f"the Chinese of {en!r} holds no Chinese: {zh!r}")  # en only
        en = Msg(en, zh)
    message = str(en)
    if mistake is not None and not isinstance(mistake, Msg):
        raise MonolingualMessage(f"mistake={mistake!r} must be a grader.i18n.Msg(en, zh)")
    first_word = message.split(" ", 1)[0]
    if (
        len(first_word) > 1
        and first_word.isascii()
        and first_word.isalpha()
        and first_word.islower()
    ):
        message = message[:1].upper() + message[1:]  # "the result has ..." (not "x" or "W1.grad")
    raise GradingFailure(message, str(mistake) if mistake is not None else None)


def after_chinese(text: str) -> str:
    """`text` to follow Chinese: with a blank before it where it starts with Latin text or code."""
    return f" {text}" if text[:1].isascii() else text


def shape_str(shape) -> str:
    return "[" + ", ".join(str(int(n)) for n in shape) + "]"


def describe_value(x, limit=80) -> str:
    if isinstance(x, torch.Tensor):
        shape, dtype = shape_str(x.shape), str(x.dtype).removeprefix("torch.")
        return tr(
            f"a tensor of shape {shape}, dtype {dtype}, on {x.device}",
            f"形状为 {shape}、dtype 为 {dtype}、位于 {x.device} 的张量",
        )
    if in_hidden_check():  # its type, not its value (grader.checks.feedback)
        return tr(f"a {type(x).__name__} ({HIDDEN})", f"一个 {type(x).__name__}（{HIDDEN}）")
    text = repr(x)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _close_mask(got, expected, rtol, atol):
    if expected.dtype.is_floating_point or expected.dtype.is_complex:
        r, a = TOLERANCES.get(expected.dtype, (1e-7, 1e-7))
        rtol = r if rtol is None else rtol
        atol = a if atol is None else atol
        return torch.isclose(got.to(expected.dtype), expected, rtol=rtol, atol=atol, equal_nan=True)
    return got.to(expected.dtype) == expected


def tensors_match(got, expected, rtol=None, atol=None) -> bool:
    """Same shape and values within tolerance (dtype and device not compared)."""
    if not isinstance(got, torch.Tensor) or tuple(got.shape) != tuple(expected.shape):
        return False
    if got.device.type == "meta" or expected.device.type == "meta":
        return got.device.type == expected.device.type
    return _all_close(got.detach().cpu(), expected.detach().cpu(), rtol, atol)


def _all_close(got, expected, rtol, atol) -> bool:
    # equal values in the same dtype are close whatever the tolerance: torch.equal is a fraction
    # of isclose's cost, and most answers a check sees are exactly right
    if got.dtype == expected.dtype and torch.equal(got, expected):
        return True
    return bool(_close_mask(got, expected, rtol, atol).all())


def _mistake_labels(mistakes) -> dict:
    """`mistakes` with each key checked: a named mistake is a sentence, so it must be a Msg."""
    for name in mistakes or {}:
        if not isinstance(name, Msg):
            # en only: a fault in the kit, for its developers
            raise MonolingualMessage(
                f"the named mistake {name!r} must be a grader.i18n.Msg(en, zh)"
            )
    return mistakes or {}


def looks_like(mistake: Msg) -> str:
    return tr(f"This looks like: {mistake}.", f"很可能是这个错误：{mistake}。")


def _named_mistake(got, mistakes, rtol, atol):
    for name, candidate in mistakes.items():
        try:
            if candidate is not None and tensors_match(got, candidate, rtol, atol):
                return name
        except (RuntimeError, TypeError):
            continue
    return None


def _generic_hint(got, expected):
    """A hint for wrong answers that match no named mistake."""
    if tuple(got.shape) != tuple(expected.shape):
        if sorted(got.shape) == sorted(expected.shape):
            return tr(
                "The sizes are right but in the wrong order: check which dims you swapped "
                "(transpose swaps two dims, permute orders all of them).",
                "各维大小对了但顺序不对：检查交换了哪些维度（transpose 交换两个维度，permute 重排所有维度）。",
            )
        if got.numel() == expected.numel():
            return tr(
                "The number of elements is right but the shape is not.",
                "元素个数对了，但形状不对。",
            )
        return None
    g = got.detach().cpu().to(torch.float64).reshape(-1)
    e = expected.detach().cpu().to(torch.float64).reshape(-1)
    if torch.allclose(g, e, rtol=1e-3, atol=1e-5):
        return tr(
            "The values are close but not within tolerance: was part of the work done in lower "
            "precision (float32 instead of float64, or a cast in between)?",
            "数值接近但超出容差：是否有部分计算用了较低精度（用 float32 代替 float64，或中途做了类型转换）？",
        )
    scrambled = g.numel() > 1 and e.unique().numel() > 2  # 0/1 labels are not an "order"
    if scrambled and torch.allclose(g.sort().values, e.sort().values, rtol=1e-5, atol=1e-6):
        return tr(
            "The right values in the wrong order: a view/reshape reinterprets memory in row-major "
            "order; to move dims use permute (then reshape). (Lesson 维度变换)",
            "数值都对但顺序错了：view/reshape 只按行优先顺序重新解释内存；要移动维度请用 permute 后再 reshape。（维度变换）",
        )
    nonzero = e.abs() > 1e-12
    if nonzero.any() and (g[~nonzero].abs() < 1e-9).all():
        ratios = g[nonzero] / e[nonzero]
        r = ratios[0].item()
        if abs(r - 1) > 1e-4 and torch.allclose(
            ratios, torch.full_like(ratios, r), rtol=1e-4, atol=1e-9
        ):
            return tr(
                f"Every value is off by the same factor ({r:.4g}): a missing or extra scale such as 1/N, 2 or -1?",
                f"每个值都差同一个倍数（{r:.4g}）：是否漏了或多了 1/N、2 或 -1 这样的系数？",
            )
    return None


def assert_tensor(
    got,
    expected: torch.Tensor,
    *,
    what: str | Msg = THE_RESULT,
    mistakes: dict | None = None,
    rtol: float | None = None,
    atol: float | None = None,
    check_dtype: bool = True,
):
    """`got` must equal `expected` as torch.testing.assert_close would have it, on the same device.

    `mistakes` maps a description of a known mistake (with its lesson) to the tensor that mistake
    would produce from the same inputs; a wrong answer that matches one is told so. Both are
    shown to the student: `what` is a `Msg` (or a name from code), each mistake a `Msg`.
    """
    what, mistakes = label(what), _mistake_labels(mistakes)
    subject = before_chinese(what)
    if not isinstance(got, torch.Tensor):
        fail(
            f"{what} should be a torch.Tensor, but it is {describe_value(got)}.",
            f"{subject}应当是 torch.Tensor，但得到的是{after_chinese(describe_value(got))}。",
        )
    if got.device.type != expected.device.type:
        fail(
            f"{what} is on device {got.device.type}, but the input was on {expected.device.type}: "
            f"create new tensors with device=x.device (e.g. torch.zeros(n, device=x.device)) or use *_like functions.",
            f"{subject}在 {got.device.type} 上，而输入在 {expected.device.type} 上：新建张量时请写 device=x.device，或用 *_like 函数。",
        )
    if tuple(got.shape) != tuple(expected.shape):
        mistake = _named_mistake(got, mistakes, rtol, atol)
        hint = (mistake and looks_like(mistake)) or _generic_hint(got, expected) or ""
        fail(
            f"{what} has shape {shape_str(got.shape)}, expected {shape_str(expected.shape)}. {hint}".strip(),
            f"{subject}的形状是 {shape_str(got.shape)}，应为 {shape_str(expected.shape)}。{hint}".strip(),
            mistake=mistake,
        )
    if check_dtype and got.dtype != expected.dtype:
        fail(
            f"{what} has dtype {str(got.dtype).removeprefix('torch.')}, expected "
            f"{str(expected.dtype).removeprefix('torch.')}.",
            f"{subject}的 dtype 是 {str(got.dtype).removeprefix('torch.')}，应为 {str(expected.dtype).removeprefix('torch.')}。",
        )
    if expected.device.type == "meta":
        return
    g, e = got.detach().cpu(), expected.detach().cpu()
    if _all_close(g, e, rtol, atol):
        return
    close = _close_mask(g, e, rtol, atol)
    mistake = _named_mistake(got, mistakes, rtol, atol)
    bad = (~close).nonzero()
    first = tuple(int(i) for i in bad[0]) if bad.numel() else ()
    diff = (
        (g.to(torch.float64) - e.to(torch.float64)).abs()
        if not e.dtype.is_complex
        else (g - e).abs()
    )
    diff = torch.nan_to_num(diff, nan=math.inf)
    max_abs = diff.max().item()
    max_rel = (diff / e.to(diff.dtype).abs().clamp_min(1e-12)).max().item()
    where = f"[{', '.join(map(str, first))}]" if first else ""
    differ, want, have = (
        int((~close).sum()),
        shown(e[first].item(), ".6g"),
        shown(g[first].item(), ".6g"),
    )
    detail = tr(
        f"{differ} of {close.numel()} values differ; max abs error {max_abs:.3g}, "
        f"max rel error {max_rel:.3g}; first at {where or 'the scalar'}: expected {want}, got {have}.",
        f"{close.numel()} 个值中有 {differ} 个不对；最大绝对误差 {max_abs:.3g}，最大相对误差 "
        f"{max_rel:.3g}；第一个不对的在 {where or '（标量）'}：应为 {want}，实际为 {have}。",
    )
    hint = (mistake and looks_like(mistake)) or _generic_hint(got, expected) or ""
    fail(
        f"{what} has the right shape but wrong values: {detail} {hint}".strip(),
        f"{subject}形状正确但数值不对：{detail}{hint}".strip(),
        mistake=mistake,
    )


def assert_close_number(
    got, expected: float, *, what: str | Msg = THE_RESULT, rel=1e-6, abs_=1e-9, kind=float
):
    """A Python number (int or float; a bool is not a number here) close to `expected`."""
    what = label(what)
    subject = before_chinese(what)
    if isinstance(got, torch.Tensor):
        fail(
            f"{what} should be a Python {kind.__name__}, but it is a tensor: use .item() to get the number.",
            f"{subject}应当是 Python {kind.__name__}，但得到的是张量：请用 .item() 取出数值。",
        )
    if isinstance(got, bool) or not isinstance(got, (int, float)):
        fail(
            f"{what} should be a Python {kind.__name__}, but it is {describe_value(got)}.",
            f"{subject}应当是 Python {kind.__name__}，但得到的是{after_chinese(describe_value(got))}。",
        )
    if kind is int and not isinstance(got, int):
        fail(
            f"{what} should be an int, but it is {describe_value(got)}.",
            f"{subject}应当是 int，但得到的是{after_chinese(describe_value(got))}。",
        )
    if not math.isclose(got, expected, rel_tol=rel, abs_tol=abs_):
        got_text, expected_text = shown(got), shown(expected)
        fail(
            f"{what} is {got_text}, expected {expected_text}.",
            f"{subject}是 {got_text}，应为 {expected_text}。",
        )


def assert_equal(got, expected, *, what: str | Msg = THE_RESULT):
    """Plain data (not tensors) must be equal; lists and tuples are interchangeable."""
    what = label(what)
    if not _plain_equal(got, expected):
        fail(
            f"{what} is {describe_value(got)}, expected {describe_value(expected)}.",
            f"{before_chinese(what)}是{after_chinese(describe_value(got))}，应为{after_chinese(describe_value(expected))}。",
        )


def _plain_equal(a, b):
    if isinstance(a, torch.Tensor) or isinstance(b, torch.Tensor):
        return False
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_plain_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_plain_equal(a[k], b[k]) for k in a)
    if isinstance(a, bool) != isinstance(b, bool):
        return False
    return type(a) is type(b) and a == b if not isinstance(a, (int, float)) else a == b


def assert_sequence(got, n: int, *, what: str | Msg = THE_RESULT):
    """`got` must be a tuple or list of length n."""
    what = label(what)
    subject = before_chinese(what)
    if not isinstance(got, (tuple, list)):
        fail(
            f"{what} should be a tuple of {n} items, but it is {describe_value(got)}.",
            f"{subject}应当是含 {n} 个元素的 tuple，但得到的是{after_chinese(describe_value(got))}。",
        )
    if len(got) != n:
        fail(
            f"{what} should have {n} items, it has {len(got)}.",
            f"{subject}应有 {n} 个元素，实际有 {len(got)} 个。",
        )
