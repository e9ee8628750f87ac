"""Hidden checks for topic `autoencoder` (AutoEncoder自编码器 / VAE实战).

The student's modules live in the sandbox. The judge builds reference modules here from torch.nn
(same attribute names, seeded), checks that the student's `state_dict()` has the same names and
shapes, loads the reference weights into it and compares outputs, gradients with respect to the
input and every parameter (float64), the meta device and, with CUDA, CUDA against the judge's own
reference run there. VAE's noise is checked through torch's global generator: the kit's
`seeded_forward` seeds it in the sandbox right before the forward, the judge seeds its own alike,
so `torch.randn_like(sigma)` must give the reference's draw. `gaussian_kl` is checked against
torch.distributions.kl_divergence, `reparameterize` and `vae_loss` against their formulas, with
their gradients against the judge's autograd; the named mistakes are the ones of issue 16."""

import pytest
import torch
import torch.nn.functional as F
from torch import nn
from torch.distributions import Normal, kl_divergence

from grader.checks import (
    args,
    assert_agree_across_devices,
    assert_inputs_unchanged,
    assert_keeps_meta,
    assert_same_on_cuda,
    assert_tensor,
    cuda_cases,
    fail,
    meta_cases,
    randn,
    requires_cuda,
    tensors_match,
)
from grader.checks.compare import shape_str
from grader.checks.gradients import assert_gradients_match, autograd_gradients
from grader.checks.oracle import oracle
from grader.functions import seeded_forward
from grader.i18n import Msg, quote, tr
from grader.lessons import cite
from grader.sandbox.client import NotImplementedByStudent, StudentError

exercise = pytest.mark.exercise
points = pytest.mark.points

AE_LESSON = cite("autoencoder")
VAE_LESSON = cite("vae")
KLD = Msg("the kld (the second value forward returns)", "kld（forward 返回的第二个值）")
X_HAT = Msg("the x_hat (the first value forward returns)", "x_hat（forward 返回的第一个值）")


def _images(b, seed, dtype=torch.float32):
    """A batch [b, 1, 28, 28] of values in [0, 1), as MNIST's."""
    return torch.rand(b, 1, 28, 28, generator=torch.Generator().manual_seed(seed), dtype=dtype)


def _positive(*shape, seed, low=0.3, dtype=torch.float32):
    """Standard deviations in [low, low + 1.5)."""
    g = torch.Generator().manual_seed(seed)
    return torch.rand(shape, generator=g, dtype=dtype) * 1.5 + low


# -- reference modules, built from torch.nn ---------------------------------------------------------
def _encoder():
    return nn.Sequential(
        nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 64), nn.ReLU(), nn.Linear(64, 20), nn.ReLU()
    )


def _decoder(n_in):
    return nn.Sequential(
        nn.Linear(n_in, 64),
        nn.ReLU(),
        nn.Linear(64, 256),
        nn.ReLU(),
        nn.Linear(256, 784),
        nn.Sigmoid(),
    )


class RefAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = _encoder()
        self.decoder = _decoder(20)

    def forward(self, x):
        return self.decoder(self.encoder(x.flatten(1))).unflatten(1, (1, 28, 28)), None


def course_kld(mu, sigma, b):
    return 0.5 * (mu**2 + sigma**2 - torch.log(1e-8 + sigma**2) - 1).sum() / (b * 28 * 28)


class RefVAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = _encoder()
        self.decoder = _decoder(10)

    def forward(self, x):
        b = x.shape[0]
        mu, sigma = self.encoder(x.flatten(1)).split(10, dim=1)
        h = mu + sigma * torch.randn_like(sigma)
        return self.decoder(h).unflatten(1, (1, 28, 28)), course_kld(mu, sigma, b)


@oracle
def reference(cls, seed):
    """A reference module with seeded weights. The encoder's last layer gets a positive bias, so
    that most of its outputs pass the final ReLU (a VAE's sigma of exactly 0 is the exception)."""
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        ref = cls()
        with torch.no_grad():
            ref.encoder[4].bias.uniform_(-0.05, 0.3)
    return ref


def ref_forward(ref, x, seed):
    """The reference's forward with torch's generators seeded as `seeded_forward` seeds the
    sandbox's, leaving the judge's own random state as it was."""
    devices = [x.device.index or 0] if x.device.type == "cuda" else []
    with torch.random.fork_rng(devices=devices):
        torch.manual_seed(seed)
        return ref(x)


def load_reference(model, ref, hints=None):
    """The student's module must have the reference's state_dict names and shapes (each problem
    named; `hints` {name: Msg} adds a hint when that entry has the wrong shape or is missing);
    then the reference's weights are loaded into it."""
    name = model.type_name
    got = {k: tuple(v.shape) for k, v in model.state_dict().items()}
    want = {k: tuple(v.shape) for k, v in ref.state_dict().items()}
    if got == want:
        model.load_state_dict({k: v.clone() for k, v in ref.state_dict().items()})
        return
    missing = [f"{k!r} {shape_str(s)}" for k, s in want.items() if k not in got]
    extra = [f"{k!r} {shape_str(s)}" for k, s in got.items() if k not in want]
    wrong = [
        tr(
            f"{k!r} {shape_str(got[k])} (expected {shape_str(s)})",
            f"{k!r} {shape_str(got[k])}（应为 {shape_str(s)}）",
        )
        for k, s in want.items()
        if k in got and got[k] != s
    ]
    problems = []
    if missing:
        problems.append(
            Msg(f"{name} has no {', '.join(missing)}", f"{name} 缺少 {'、'.join(missing)}")
        )
    if wrong:
        problems.append(
            Msg(
                f"{name} has the wrong shape in {', '.join(wrong)}",
                f"{name} 的形状不对：{'、'.join(wrong)}",
            )
        )
    if extra:
        problems.append(
            Msg(
                f"{name} has {', '.join(extra)}, which the exercise does not ask for",
                f"{name} 多了题目没有要求的 {'、'.join(extra)}",
            )
        )
    hint = next(
        (h for k, h in (hints or {}).items() if k not in got or got[k] != want[k]),
        None,
    )
    lesson = VAE_LESSON if name == "VAE" else AE_LESSON
    fail(
        "; ".join(p.en for p in problems)
        + ". "
        + (hint.en + " " if hint else "")
        + "The grader loads its weights by name with load_state_dict: build exactly the "
        "nn.Sequential `encoder` and `decoder` of the docstring, in its order and sizes. "
        + lesson.en,
        "；".join(p.zh for p in problems)
        + "。"
        + (hint.zh if hint else "")
        + "评分程序用 load_state_dict 按名字加载权重：请严格按文档字符串的顺序和大小构建 "
        "nn.Sequential 的 `encoder` 和 `decoder`。" + lesson.zh,
    )


AE_HINTS = {
    "decoder.5": Msg(
        "The decoder must end with nn.Sigmoid() (it has no parameters, so it does not show in "
        "state_dict; but its place 5 does keep the names).",
        "decoder 最后要有 nn.Sigmoid()（它没有参数，不出现在 state_dict 中；但它占的位置 5 会影响名字）。",
    ),
}
VAE_HINTS = {
    "decoder.0.weight": Msg(
        "The VAE's decoder takes the code h = mu + sigma * eps of 10 values (the 20 outputs of "
        "the encoder are cut into 10 means and 10 standard deviations): nn.Linear(10, 64).",
        "VAE 的 decoder 的输入是 10 个值的编码 h = mu + sigma * eps（encoder 的 20 个输出被切成 10 个"
        "均值和 10 个标准差）：nn.Linear(10, 64)。",
    ),
}


def _pair(out, name, lesson):
    """forward's result must be a pair (x_hat, second)."""
    if isinstance(out, torch.Tensor):
        fail(
            f"{name}'s forward returned one tensor {shape_str(out.shape)}; it should return a pair "
            f"(x_hat, {'None' if name == 'AE' else 'kld'}), so that one training loop serves AE "
            f"and VAE. {lesson.en}",
            f"{name} 的 forward 只返回了一个张量 {shape_str(out.shape)}；应返回一对 "
            f"(x_hat, {'None' if name == 'AE' else 'kld'})，这样同一个训练循环可以训练 AE 和 VAE。{lesson.zh}",
        )
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        what = f"{len(out)} values" if isinstance(out, (tuple, list)) else type(out).__name__
        what_zh = f"{len(out)} 个值" if isinstance(out, (tuple, list)) else type(out).__name__
        fail(
            f"{name}'s forward should return a pair (x_hat, ...), got {what}. {lesson.en}",
            f"{name} 的 forward 应返回一对 (x_hat, ...)，得到的是 {what_zh}。{lesson.zh}",
        )
    return out


def _check_none(second):
    if second is not None:
        what = (
            f"a tensor {shape_str(second.shape)}"
            if isinstance(second, torch.Tensor)
            else type(second).__name__
        )
        fail(
            f"AE's forward should return (x_hat, None); its second value is {what}. The None "
            f"stands where VAE returns kld: the training loop adds the KL term only when it is not "
            f"None. {AE_LESSON.en}",
            f"AE 的 forward 应返回 (x_hat, None)；它的第二个值是 {what}。None 所在的位置是 VAE 返回 kld 的"
            f"地方：训练循环只在它不是 None 时才加上 KL 项。{AE_LESSON.zh}",
        )


SHAPE_ERRORS = (  # en only: torch's own texts
    "shapes cannot be multiplied",  # en only
    "size of tensor",  # en only
)


def _forward_failed(err, name):
    """A shape error inside forward, explained."""
    if any(sign in err.message for sign in SHAPE_ERRORS):
        fail(
            f"{name}'s forward failed ({err.exc_type}: {quote(err.message)}). Flatten x to "
            f"[b, 784] keeping the batch dim"
            + (
                ", cut the encoder's [b, 20] into mu and sigma along dim 1 (chunk(2, dim=1): "
                "[b, 10] each), and give the decoder the 10 values of h"
                if name == "VAE"
                else ""
            )
            + f". {(VAE_LESSON if name == 'VAE' else AE_LESSON).en}",
            f"{name} 的 forward 失败了（{err.exc_type}：{quote(err.message)}）。请把 x 展平成 [b, 784]、保留批维度"
            + (
                "，把 encoder 的 [b, 20] 沿第 1 维切成 mu 和 sigma（chunk(2, dim=1)：各为 [b, 10]），"
                "再把 h 的 10 个值交给 decoder"
                if name == "VAE"
                else ""
            )
            + f"。{(VAE_LESSON if name == 'VAE' else AE_LESSON).zh}",
        )
    raise err


def run_ae(model, x):
    try:
        return _pair(model(x), "AE", AE_LESSON)
    except NotImplementedByStudent:
        raise
    except StudentError as err:
        _forward_failed(err, "AE")


def run_vae(student, model, x, seed):
    try:
        out = student.autoencoder.kit_function(seeded_forward)(model, x, seed)
    except NotImplementedByStudent:
        raise
    except StudentError as err:
        _forward_failed(err, "VAE")
    return _pair(out, "VAE", VAE_LESSON)


# -- AE --------------------------------------------------------------------------------------------
def _ae_mistakes(ref, x):
    b = x.shape[0]
    with torch.no_grad():
        flat = x.flatten(1)
        code = ref.encoder(flat)
        out = ref.decoder(code)
        return {
            Msg(
                f"the decoder has no Sigmoid at the end: x_hat must lie in (0, 1) as the images "
                f"do {AE_LESSON.en}",
                f"decoder 最后没有 Sigmoid：x_hat 应和图片一样落在 (0, 1) 内{AE_LESSON.zh}",
            ): ref.decoder[:5](code).reshape(b, 1, 28, 28),
            Msg(
                f"x_hat was returned flat, [b, 784]: give it the input's shape [b, 1, 28, 28] "
                f"{AE_LESSON.en}",
                f"x_hat 以展平的 [b, 784] 返回了：要变回输入的形状 [b, 1, 28, 28]{AE_LESSON.zh}",
            ): out,
            Msg(
                f"the encoder has no ReLU at the end: the course's encoder ends with nn.ReLU() "
                f"{AE_LESSON.en}",
                f"encoder 最后没有 ReLU：课程中的 encoder 以 nn.ReLU() 结尾{AE_LESSON.zh}",
            ): ref.decoder(ref.encoder[:5](flat)).reshape(b, 1, 28, 28),
            Msg(
                f"x_hat is [b, 28, 28]: the channel dim is missing, give it the input's shape "
                f"[b, 1, 28, 28] {AE_LESSON.en}",
                f"x_hat 是 [b, 28, 28]：少了通道维度，要变回输入的形状 [b, 1, 28, 28]{AE_LESSON.zh}",
            ): out.reshape(b, 28, 28),
        }


@exercise("autoencoder.AE")
@points(1)
def test_ae_parameters(student):
    load_reference(student.autoencoder.AE(), reference(RefAE, seed=10), AE_HINTS)


@pytest.mark.parametrize(
    "batch, seed",
    [
        pytest.param(4, 11, marks=[exercise("autoencoder.AE"), points(2)], id="batch-4"),
        pytest.param(1, 12, marks=[exercise("autoencoder.AE"), points(1)], id="batch-1"),
    ],
)
def test_ae_values(student, batch, seed):
    ref = reference(RefAE, seed=seed)
    model = student.autoencoder.AE()
    load_reference(model, ref, AE_HINTS)
    x = _images(batch, seed + 100)
    x_hat, second = run_ae(model, x)
    assert_tensor(x_hat, ref(x)[0].detach(), what=X_HAT, mistakes=_ae_mistakes(ref, x))
    _check_none(second)


@exercise("autoencoder.AE")
@points(1)
def test_ae_leaves_its_input_alone(student):
    ref = reference(RefAE, seed=13)
    model = student.autoencoder.AE()
    load_reference(model, ref, AE_HINTS)
    x = _images(2, 113)
    call = model.forward.call(x)
    x_hat, second = _pair(call.value, "AE", AE_LESSON)
    assert_tensor(x_hat, ref(x)[0].detach(), what=X_HAT, mistakes=_ae_mistakes(ref, x))
    assert_inputs_unchanged(call, x, names=["x"])


def _module_gradients(model, ref, x, upstream, outputs, mistakes, name):
    """In float64: forward's outputs (`mistakes`, a pair: the named mistakes of x_hat and of
    the second value), then the gradients with respect to x and to every parameter for the
    `upstream` weights of the outputs, equal the reference's autograd."""
    lesson = VAE_LESSON if name == "VAE" else AE_LESSON
    x_ref = x.clone().requires_grad_()
    ref_out = outputs(ref, x_ref)
    tensors = [t for t in ref_out if t is not None]
    params = dict(ref.named_parameters())
    grads = torch.autograd.grad(tensors, [x_ref, *params.values()], upstream)
    call = model.backward_call(x.clone().requires_grad_(), grad_outputs=upstream)
    got = _pair(call.value, name, lesson)
    for value, expected, what, named in zip(got, ref_out, (X_HAT, KLD), mistakes):
        if expected is None:
            _check_none(value)
        else:
            assert_tensor(value, expected.detach(), what=what, mistakes=named)
    if not call.input_grads or call.input_grads[0] is None:
        fail(
            f"{name}'s output does not depend on x through autograd: was x detached (x.detach(), "
            f"x.data, torch.tensor(x)) in forward? {lesson.en}",
            f"{name} 的输出在 autograd 中不依赖 x：forward 里是否把 x 分离了（x.detach()、x.data、"
            f"torch.tensor(x)）？{lesson.zh}",
        )
    assert_gradients_match(
        [call.input_grads[0]],
        [grads[0]],
        [tr("x (the input)", "x（输入）")],
        rtol=1e-6,
        atol=1e-9,
        against=tr("the reference's autograd", "参考实现的 autograd"),
    )
    got_params = call.param_grads or {}
    for pname in params:
        if got_params.get(pname) is None:
            fail(
                f"{name}'s {pname!r} got no gradient: is it used in forward, and left in the "
                f"graph (no detach, .data or torch.no_grad)? {lesson.en}",
                f"{name} 的 {pname!r} 没有梯度：forward 里用到它了吗？它是否留在计算图里（没有用 "
                f"detach、.data 或 torch.no_grad）？{lesson.zh}",
            )
    assert_gradients_match(
        {k: got_params[k] for k in params},
        dict(zip(params, grads[1:])),
        list(params),
        rtol=1e-6,
        atol=1e-9,
        against=tr("the reference's autograd", "参考实现的 autograd"),
    )


@exercise("autoencoder.AE")
@points(2)
def test_ae_gradients(student):
    ref = reference(RefAE, seed=14).double()
    model = student.autoencoder.AE()
    load_reference(model, ref, AE_HINTS)
    model.double()
    x = _images(3, 114, dtype=torch.float64)
    upstream = [randn(3, 1, 28, 28, seed=115, dtype=torch.float64)]
    _module_gradients(
        model, ref, x, upstream, lambda r, xs: r(xs), (_ae_mistakes(ref, x), None), "AE"
    )


@exercise("autoencoder.AE")
@points(1)
def test_ae_meta_device(student):
    ref = reference(RefAE, seed=15)
    model = student.autoencoder.AE()
    load_reference(model, ref, AE_HINTS)
    model.to("meta")
    x = _images(2, 115).to("meta")
    x_hat, second = run_ae(model, x)
    assert_tensor(x_hat, torch.empty(2, 1, 28, 28, device="meta"), what=X_HAT)
    _check_none(second)


@exercise("autoencoder.AE")
@points(1)
@requires_cuda
def test_ae_agrees_on_cuda(student):
    ref = reference(RefAE, seed=16)
    model = student.autoencoder.AE()
    load_reference(model, ref, AE_HINTS)
    x = _images(3, 116)
    on_cpu, _ = run_ae(model, x)
    assert_tensor(on_cpu, ref(x)[0].detach(), what=X_HAT)
    model.to("cuda")
    on_cuda, second = run_ae(model, x.to("cuda"))
    assert_agree_across_devices(on_cuda, on_cpu, what=X_HAT)
    _check_none(second)


# -- reparameterize ----------------------------------------------------------------------------------
def _reparameterize_mistakes(mu, sigma, eps):
    return {
        Msg(
            f"sigma was dropped: mu + eps draws from N(mu, 1); scale the noise, mu + sigma * eps "
            f"{VAE_LESSON.en}",
            f"漏了 sigma：mu + eps 是从 N(mu, 1) 中采样；要把噪声乘上标准差，mu + sigma * eps{VAE_LESSON.zh}",
        ): mu + eps,
        Msg(
            f"mu * sigma + eps: sigma multiplies the noise eps, and mu is added {VAE_LESSON.en}",
            f"写成了 mu * sigma + eps：与 sigma 相乘的是噪声 eps，mu 是加上去的{VAE_LESSON.zh}",
        ): mu * sigma + eps,
        Msg(
            f"mu and sigma swapped: sigma + mu * eps {VAE_LESSON.en}",
            f"mu 和 sigma 用反了：sigma + mu * eps{VAE_LESSON.zh}",
        ): sigma + mu * eps,
        Msg(
            f"sigma read as a log-variance (mu + exp(0.5 * sigma) * eps): here sigma is the "
            f"standard deviation itself {VAE_LESSON.en}",
            f"把 sigma 当成了对数方差（mu + exp(0.5 * sigma) * eps）：这里的 sigma 就是标准差本身{VAE_LESSON.zh}",
        ): mu + torch.exp(0.5 * sigma) * eps,
        Msg(
            f"sigma read as a log standard deviation (mu + exp(sigma) * eps) {VAE_LESSON.en}",
            f"把 sigma 当成了标准差的对数（mu + exp(sigma) * eps）{VAE_LESSON.zh}",
        ): mu + torch.exp(sigma) * eps,
        Msg(
            f"the variance sigma² scales the noise: the standard deviation sigma does "
            f"{VAE_LESSON.en}",
            f"用方差 sigma² 去乘噪声了：应乘标准差 sigma{VAE_LESSON.zh}",
        ): mu + sigma**2 * eps,
        Msg(
            f"sigma read as a variance (mu + sqrt(sigma) * eps) {VAE_LESSON.en}",
            f"把 sigma 当成了方差（mu + sqrt(sigma) * eps）{VAE_LESSON.zh}",
        ): mu + sigma.abs().sqrt() * eps,
        Msg(
            f"the noise was subtracted: mu + sigma * eps {VAE_LESSON.en}",
            f"减去了噪声：应为 mu + sigma * eps{VAE_LESSON.zh}",
        ): mu - sigma * eps,
    }


REPARAMETERIZE_CASES = [
    ("batch-of-codes", (5, 10), torch.float32, 2),
    ("one-code-float64", (7,), torch.float64, 1),
    ("more-leading-dims", (2, 3, 4), torch.float32, 1),
]


@pytest.mark.parametrize(
    "shape, dtype",
    [
        pytest.param(s, d, marks=[exercise("autoencoder.reparameterize"), points(n)], id=label)
        for label, s, d, n in REPARAMETERIZE_CASES
    ],
)
def test_reparameterize_values(student, shape, dtype):
    mu = randn(*shape, seed=20, dtype=dtype)
    sigma = _positive(*shape, seed=21, dtype=dtype)
    eps = randn(*shape, seed=22, dtype=dtype)
    call = student.autoencoder.reparameterize.call(mu, sigma, eps)
    assert_tensor(call.value, mu + sigma * eps, mistakes=_reparameterize_mistakes(mu, sigma, eps))
    assert_inputs_unchanged(call, mu, sigma, eps, names=["mu", "sigma", "eps"])


@exercise("autoencoder.reparameterize")
@points(2)
def test_reparameterize_gradients_reach_mu_and_sigma(student):
    """d/dmu and d/dsigma of <v, result> equal the judge's autograd of mu + sigma * eps."""
    mu = randn(4, 6, seed=23, dtype=torch.float64)
    sigma = _positive(4, 6, seed=24, dtype=torch.float64)
    eps = randn(4, 6, seed=25, dtype=torch.float64)
    v = randn(4, 6, seed=26, dtype=torch.float64)
    try:
        call = student.autoencoder.reparameterize.backward_call(
            mu.clone().requires_grad_(), sigma.clone().requires_grad_(), eps, grad_outputs=[v]
        )
    except NotImplementedByStudent:
        raise
    except StudentError as err:
        if "does not depend" not in err.message:
            raise
        fail(
            f"The result does not depend on mu or sigma through autograd: the reparameterisation "
            f"trick exists so that gradients reach mu and sigma; do not detach them (detach(), "
            f".data, torch.no_grad, torch.tensor(...)). {VAE_LESSON.en}",
            f"结果在 autograd 中不依赖 mu 和 sigma：重参数化技巧就是为了让梯度传到 mu 和 sigma；"
            f"不要把它们分离（detach()、.data、torch.no_grad、torch.tensor(...)）。{VAE_LESSON.zh}",
        )
    assert_tensor(call.value, mu + sigma * eps, mistakes=_reparameterize_mistakes(mu, sigma, eps))
    expected, _ = autograd_gradients(lambda m, s: m + s * eps, [mu, sigma], grad_output=v)
    for name, got in zip(("mu", "sigma"), call.input_grads):
        if got is None:
            fail(
                f"No gradient reaches {name}: it was cut off from autograd (detach(), .data, "
                f"torch.no_grad). The reparameterisation trick exists so that gradients reach mu "
                f"and sigma. {VAE_LESSON.en}",
                f"梯度传不到 {name}：它被 autograd 切断了（detach()、.data、torch.no_grad）。"
                f"重参数化技巧就是为了让梯度传到 mu 和 sigma。{VAE_LESSON.zh}",
            )
    assert_gradients_match(
        list(call.input_grads),
        expected,
        ["mu", "sigma"],
        against=tr("autograd of mu + sigma * eps", "mu + sigma * eps 的 autograd"),
    )


# -- gaussian_kl -------------------------------------------------------------------------------------
def _torch_kl(mu, sigma):
    return kl_divergence(
        Normal(mu, sigma), Normal(torch.zeros_like(mu), torch.ones_like(sigma))
    ).sum(-1)


def _kl_mistakes(mu, sigma):
    terms = mu**2 + sigma**2 - torch.log(sigma**2) - 1
    mistakes = {
        Msg(
            f"the ½ is missing: KL = 0.5 * sum(mu² + sigma² - log(sigma²) - 1) {VAE_LESSON.en}",
            f"漏了 ½：KL = 0.5 * sum(mu² + sigma² - log(sigma²) - 1){VAE_LESSON.zh}",
        ): terms.sum(-1),
        Msg(
            f"log(sigma) where log(sigma²) belongs: the log is of the variance, "
            f"log(sigma²) = 2 * log(sigma) {VAE_LESSON.en}",
            f"该用 log(sigma²) 的地方用了 log(sigma)：取对数的是方差，log(sigma²) = 2 * log(sigma)"
            f"{VAE_LESSON.zh}",
        ): 0.5 * (mu**2 + sigma**2 - torch.log(sigma) - 1).sum(-1),
        Msg(
            f"sigma where sigma² belongs: the KL term has the variance sigma² {VAE_LESSON.en}",
            f"该用 sigma² 的地方用了 sigma：KL 中的那一项是方差 sigma²{VAE_LESSON.zh}",
        ): 0.5 * (mu**2 + sigma - torch.log(sigma**2) - 1).sum(-1),
        Msg(
            f"the −1 is missing: without it the KL of N(0, 1) from itself is not 0 {VAE_LESSON.en}",
            f"漏了 −1：没有它，N(0, 1) 与自身的 KL 散度不为 0{VAE_LESSON.zh}",
        ): 0.5 * (mu**2 + sigma**2 - torch.log(sigma**2)).sum(-1),
        Msg(
            f"the mean over the last dim: the code values are independent, so their KL "
            f"divergences add up (sum, not mean) {VAE_LESSON.en}",
            f"对最后一维求了均值：各编码值相互独立，它们的 KL 散度要相加（求和，不是均值）{VAE_LESSON.zh}",
        ): 0.5 * terms.mean(-1),
        Msg(
            f"summed over every dim: sum over the last dim only, sum(dim=-1) {VAE_LESSON.en}",
            f"对所有维度求和了：只对最后一维求和，sum(dim=-1){VAE_LESSON.zh}",
        ): 0.5 * terms.sum(),
        Msg(
            f"not summed: the KL divergence of each code value, [..., d]; sum over the last dim "
            f"{VAE_LESSON.en}",
            f"没有求和：得到的是每个编码值的 KL 散度 [..., d]；要对最后一维求和{VAE_LESSON.zh}",
        ): 0.5 * terms,
        Msg(
            f"the sign of log(sigma²) is wrong: KL = 0.5 * sum(mu² + sigma² - log(sigma²) - 1) "
            f"{VAE_LESSON.en}",
            f"log(sigma²) 的符号错了：KL = 0.5 * sum(mu² + sigma² - log(sigma²) - 1){VAE_LESSON.zh}",
        ): 0.5 * (mu**2 + sigma**2 + torch.log(sigma**2) - 1).sum(-1),
        Msg(
            f"the sign of the whole sum is wrong: 0.5 * sum(1 + log(sigma²) - mu² - sigma²) is "
            f"-KL; the KL divergence is never negative, so put a minus sign in front {VAE_LESSON.en}",
            f"整个和的符号错了：0.5 * sum(1 + log(sigma²) - mu² - sigma²) 是 -KL；KL 散度不会为负，"
            f"前面要加负号{VAE_LESSON.zh}",
        ): -0.5 * terms.sum(-1),
    }
    if mu.dim() >= 2:
        mistakes[
            Msg(
                f"summed over dim 0 instead of the last dim: the code values are along dim -1 "
                f"{VAE_LESSON.en}",
                f"对第 0 维求和了，而不是最后一维：编码值排在第 -1 维{VAE_LESSON.zh}",
            )
        ] = 0.5 * terms.sum(0)
        mistakes[
            Msg(
                f"summed over the last dim, then also averaged over the batch: keep one KL "
                f"divergence per code, [...] {VAE_LESSON.en}",
                f"对最后一维求和之后又对批求了均值：每个编码要保留一个 KL 散度，[...]{VAE_LESSON.zh}",
            )
        ] = 0.5 * terms.sum(-1).mean()
    return mistakes


KL_CASES = [
    ("batch-of-codes", (6, 10), torch.float32, 2),
    ("one-code", (7,), torch.float32, 1),
    ("more-leading-dims", (2, 3, 5), torch.float32, 1),
    ("float64", (4, 8), torch.float64, 2),
    ("square", (5, 5), torch.float32, 1),
]


@pytest.mark.parametrize(
    "shape, dtype",
    [
        pytest.param(s, d, marks=[exercise("autoencoder.gaussian_kl"), points(n)], id=label)
        for label, s, d, n in KL_CASES
    ],
)
def test_gaussian_kl_matches_torch_distributions(student, shape, dtype):
    mu = randn(*shape, seed=30, dtype=dtype)
    sigma = _positive(*shape, seed=31, dtype=dtype)
    call = student.autoencoder.gaussian_kl.call(mu, sigma)
    assert_tensor(call.value, _torch_kl(mu, sigma), mistakes=_kl_mistakes(mu, sigma))
    assert_inputs_unchanged(call, mu, sigma, names=["mu", "sigma"])


@exercise("autoencoder.gaussian_kl")
@points(1)
def test_gaussian_kl_is_zero_for_the_standard_normal(student):
    mu, sigma = torch.zeros(3, 4), torch.ones(3, 4)
    assert_tensor(
        student.autoencoder.gaussian_kl(mu, sigma),
        torch.zeros(3),
        what=Msg("KL(N(0, 1) ‖ N(0, 1)), which is 0", "KL(N(0, 1) ‖ N(0, 1))，它应为 0"),
        mistakes=_kl_mistakes(mu, sigma),
    )


@exercise("autoencoder.gaussian_kl")
@points(1)
def test_gaussian_kl_small_and_large_sigma(student):
    """sigma far from 1 on both sides: the log term matters most there (float32: the course's
    log(1e-8 + sigma²) is within its tolerance even for sigma = 0.05)."""
    mu = randn(3, 6, seed=32)
    sigma = torch.tensor([0.05, 0.2, 0.7, 1.0, 3.0, 8.0]).expand(3, 6)
    assert_tensor(
        student.autoencoder.gaussian_kl(mu, sigma),
        _torch_kl(mu, sigma),
        mistakes=_kl_mistakes(mu, sigma),
    )


@exercise("autoencoder.gaussian_kl")
@points(2)
def test_gaussian_kl_gradients(student):
    """d/dmu and d/dsigma of <v, KL> equal the judge's autograd of torch.distributions' KL."""
    mu = randn(3, 5, seed=33, dtype=torch.float64)
    sigma = _positive(3, 5, seed=34, dtype=torch.float64)
    v = randn(3, seed=35, dtype=torch.float64)
    try:
        call = student.autoencoder.gaussian_kl.backward_call(
            mu.clone().requires_grad_(), sigma.clone().requires_grad_(), grad_outputs=[v]
        )
    except NotImplementedByStudent:
        raise
    except StudentError as err:
        if "does not depend" not in err.message:
            raise
        fail(
            f"The KL divergence does not depend on mu or sigma through autograd: it is a term of "
            f"the VAE's loss, so keep it in the graph (no detach(), .data, .item(), "
            f"torch.no_grad). {VAE_LESSON.en}",
            f"KL 散度在 autograd 中不依赖 mu 和 sigma：它是 VAE 损失的一项，要留在计算图里（不要用 "
            f"detach()、.data、.item()、torch.no_grad）。{VAE_LESSON.zh}",
        )
    assert_tensor(call.value, _torch_kl(mu, sigma), mistakes=_kl_mistakes(mu, sigma))
    expected, _ = autograd_gradients(_torch_kl, [mu, sigma], grad_output=v)
    for name, got in zip(("mu", "sigma"), call.input_grads):
        if got is None:
            fail(
                f"No gradient reaches {name}: it was cut off from autograd (detach(), .data, "
                f"torch.no_grad). {VAE_LESSON.en}",
                f"梯度传不到 {name}：它被 autograd 切断了（detach()、.data、torch.no_grad）。{VAE_LESSON.zh}",
            )
    assert_gradients_match(
        list(call.input_grads),
        expected,
        ["mu", "sigma"],
        against=tr("autograd of torch.distributions' KL", "torch.distributions 的 KL 的 autograd"),
    )


# -- VAE -------------------------------------------------------------------------------------------
def _vae_parts(ref, x, seed):
    """mu, sigma, eps and the output of the reference's decoder for them (no grad)."""
    b = x.shape[0]
    with torch.no_grad():
        h_ = ref.encoder(x.flatten(1))
        mu, sigma = h_[:, :10], h_[:, 10:]
        with torch.random.fork_rng():
            torch.manual_seed(seed)
            eps = torch.randn_like(sigma)
            uniform = torch.rand_like(sigma)
        with torch.random.fork_rng():
            torch.manual_seed(seed)
            eps20 = torch.randn_like(h_)

        def decode(h):
            return ref.decoder(h).reshape(b, 1, 28, 28)

    return mu, sigma, eps, uniform, eps20, decode


def _x_hat_mistakes(ref, x, seed):
    mu, sigma, eps, uniform, eps20, decode = _vae_parts(ref, x, seed)
    b = x.shape[0]
    with torch.no_grad():
        return {
            Msg(
                f"no noise: h = mu skips the draw; h = mu + sigma * torch.randn_like(sigma) "
                f"{VAE_LESSON.en}",
                f"没有噪声：h = mu 跳过了采样；应为 h = mu + sigma * torch.randn_like(sigma){VAE_LESSON.zh}",
            ): decode(mu),
            Msg(
                f"eps drawn with torch.rand_like (uniform on [0, 1)); the noise is standard "
                f"normal, torch.randn_like(sigma) {VAE_LESSON.en}",
                f"eps 是用 torch.rand_like 抽取的（[0, 1) 上的均匀分布）；噪声应服从标准正态分布，"
                f"torch.randn_like(sigma){VAE_LESSON.zh}",
            ): decode(mu + sigma * uniform),
            Msg(
                f"mu and sigma swapped: the first 10 values are the means, mu, sigma = "
                f"h_.chunk(2, dim=1) {VAE_LESSON.en}",
                f"mu 和 sigma 用反了：前 10 个值是均值，mu, sigma = h_.chunk(2, dim=1){VAE_LESSON.zh}",
            ): decode(sigma + mu * eps),
            Msg(
                f"sigma was dropped: h = mu + eps; h = mu + sigma * eps {VAE_LESSON.en}",
                f"漏了 sigma：h = mu + eps；应为 h = mu + sigma * eps{VAE_LESSON.zh}",
            ): decode(mu + eps),
            Msg(
                f"mu * sigma + eps: h = mu + sigma * eps {VAE_LESSON.en}",
                f"写成了 mu * sigma + eps：应为 h = mu + sigma * eps{VAE_LESSON.zh}",
            ): decode(mu * sigma + eps),
            Msg(
                f"x_hat was returned flat, [b, 784]: give it the input's shape [b, 1, 28, 28] "
                f"{VAE_LESSON.en}",
                f"x_hat 以展平的 [b, 784] 返回了：要变回输入的形状 [b, 1, 28, 28]{VAE_LESSON.zh}",
            ): decode(mu + sigma * eps).reshape(b, 784),
            Msg(
                f"eps drawn with the shape of h_, [b, 20], then cut: draw it for sigma, "
                f"torch.randn_like(sigma), [b, 10] {VAE_LESSON.en}",
                f"eps 是按 h_ 的形状 [b, 20] 抽取后再切开的：应按 sigma 抽取，torch.randn_like(sigma)，"
                f"[b, 10]{VAE_LESSON.zh}",
            ): decode(mu + sigma * eps20[:, :10]),
            Msg(
                f"x_hat is [b, 28, 28]: the channel dim is missing, give it the input's shape "
                f"[b, 1, 28, 28] {VAE_LESSON.en}",
                f"x_hat 是 [b, 28, 28]：少了通道维度，要变回输入的形状 [b, 1, 28, 28]{VAE_LESSON.zh}",
            ): decode(mu + sigma * eps).reshape(b, 28, 28),
        }


def _kld_mistakes(ref, x):
    b = x.shape[0]
    with torch.no_grad():
        h_ = ref.encoder(x.flatten(1))
        mu, sigma = h_[:, :10], h_[:, 10:]
        terms = mu**2 + sigma**2 - torch.log(1e-8 + sigma**2) - 1
        total = 0.5 * terms.sum()
        return {
            Msg(
                f"kld was not divided by b * 28 * 28: the course divides the batch's KL sum by "
                f"the number of pixels, to match the per-pixel MSE {VAE_LESSON.en}",
                f"kld 没有除以 b * 28 * 28：课程把整批 KL 之和除以像素个数，与逐像素的 MSE 一致{VAE_LESSON.zh}",
            ): total,
            Msg(
                f"kld was divided by b only: divide by b * 28 * 28 {VAE_LESSON.en}",
                f"kld 只除以了 b：要除以 b * 28 * 28{VAE_LESSON.zh}",
            ): total / b,
            Msg(
                f"kld was divided by 28 * 28 only: divide by b * 28 * 28 {VAE_LESSON.en}",
                f"kld 只除以了 28 * 28：要除以 b * 28 * 28{VAE_LESSON.zh}",
            ): total / 784,
            Msg(
                f"kld is a mean over the b * 10 code values: sum them, then divide by "
                f"b * 28 * 28 {VAE_LESSON.en}",
                f"kld 是对 b * 10 个编码值求的均值：要先求和，再除以 b * 28 * 28{VAE_LESSON.zh}",
            ): 0.5 * terms.mean(),
            Msg(
                f"the ½ is missing from kld {VAE_LESSON.en}",
                f"kld 漏了 ½{VAE_LESSON.zh}",
            ): 2 * total / (b * 784),
            Msg(
                f"log(sigma) where log(sigma²) belongs: log(1e-8 + sigma²) {VAE_LESSON.en}",
                f"该用 log(sigma²) 的地方用了 log(sigma)：应为 log(1e-8 + sigma²){VAE_LESSON.zh}",
            ): 0.5 * (mu**2 + sigma**2 - torch.log(1e-8 + sigma) - 1).sum() / (b * 784),
            Msg(
                f"the −1 is missing from kld {VAE_LESSON.en}",
                f"kld 漏了 −1{VAE_LESSON.zh}",
            ): 0.5 * (terms + 1).sum() / (b * 784),
            Msg(
                f"kld is inf: log(sigma²) without the 1e-8; sigma comes out of a ReLU and can be "
                f"exactly 0, so write log(1e-8 + sigma²) {VAE_LESSON.en}",
                f"kld 是 inf：log(sigma²) 里没有加 1e-8；sigma 来自 ReLU，可能恰好为 0，所以要写 "
                f"log(1e-8 + sigma²){VAE_LESSON.zh}",
            ): torch.tensor(float("inf")),
            Msg(
                f"kld has one value per image, [b]: sum over the whole batch too, a 0-dim tensor "
                f"{VAE_LESSON.en}",
                f"kld 每张图片一个值，[b]：还要对整批求和，得到 0 维张量{VAE_LESSON.zh}",
            ): 0.5 * terms.sum(-1) / (b * 784),
            Msg(
                f"kld is computed from mu and sigma swapped {VAE_LESSON.en}",
                f"kld 是用交换了的 mu 和 sigma 算的{VAE_LESSON.zh}",
            ): course_kld(sigma, mu, b),
        }


def _has_zero_sigma(ref, x):
    with torch.no_grad():
        return bool((ref.encoder(x.flatten(1))[:, 10:] == 0).any())


VAE_CASES = [
    ("batch-4", 4, 40, 3),
    ("batch-1", 1, 41, 7),
    ("batch-5", 5, 42, 123),
]


@exercise("autoencoder.VAE")
@points(1)
def test_vae_parameters(student):
    load_reference(student.autoencoder.VAE(), reference(RefVAE, seed=43), VAE_HINTS)


@pytest.mark.parametrize(
    "batch, weights, seed",
    [
        pytest.param(b, w, s, marks=[exercise("autoencoder.VAE"), points(2)], id=label)
        for label, b, w, s in VAE_CASES
    ],
)
def test_vae_x_hat(student, batch, weights, seed):
    ref = reference(RefVAE, seed=weights)
    model = student.autoencoder.VAE()
    load_reference(model, ref, VAE_HINTS)
    x = _images(batch, weights + 100)
    x_hat, _ = run_vae(student, model, x, seed)
    expected, _ = ref_forward(ref, x, seed)
    assert_tensor(x_hat, expected.detach(), what=X_HAT, mistakes=_x_hat_mistakes(ref, x, seed))


@pytest.mark.parametrize(
    "batch, weights, seed",
    [
        pytest.param(b, w, s, marks=[exercise("autoencoder.VAE"), points(2)], id=label)
        for label, b, w, s in VAE_CASES
    ],
)
def test_vae_kld(student, batch, weights, seed):
    ref = reference(RefVAE, seed=weights)
    model = student.autoencoder.VAE()
    load_reference(model, ref, VAE_HINTS)
    x = _images(batch, weights + 100)
    _, kld = run_vae(student, model, x, seed)
    _, expected = ref_forward(ref, x, seed)
    assert_tensor(kld, expected.detach(), what=KLD, mistakes=_kld_mistakes(ref, x))


SAME_EPS = Msg(
    f"the same eps whatever the seed; draw eps = torch.randn_like(sigma) in forward, from torch's "
    f"global generator (not in __init__, not from a generator of your own) {VAE_LESSON.en}",
    f"无论种子是什么 eps 都一样；要在 forward 里用 torch 的全局生成器抽取 eps = torch.randn_like(sigma)"
    f"（不要在 __init__ 里抽，也不要用自己的生成器）{VAE_LESSON.zh}",
)


@exercise("autoencoder.VAE")
@points(2)
def test_vae_draws_eps_with_randn_like(student):
    """Seeded alike, the sandbox's forward draws the reference's eps; another seed, another eps;
    the same seed again, the same eps (so no generator of its own, nothing drawn in __init__)."""
    ref = reference(RefVAE, seed=44)
    model = student.autoencoder.VAE()
    load_reference(model, ref, VAE_HINTS)
    x = _images(3, 144)
    first = {seed: run_vae(student, model, x, seed)[0] for seed in (5, 6)}
    if all(isinstance(t, torch.Tensor) for t in first.values()) and tensors_match(
        first[5], first[6], rtol=0, atol=0
    ):
        fail(
            f"x_hat is the same after torch.manual_seed(5) and after torch.manual_seed(6): "
            f"{SAME_EPS.en}.",
            f"torch.manual_seed(5) 之后和 torch.manual_seed(6) 之后的 x_hat 完全相同：{SAME_EPS.zh}。",
            mistake=SAME_EPS,
        )
    for seed in (5, 6, 5):
        x_hat = first.pop(seed) if seed in first else run_vae(student, model, x, seed)[0]
        expected, _ = ref_forward(ref, x, seed)
        assert_tensor(
            x_hat,
            expected.detach(),
            what=Msg(
                f"x_hat after torch.manual_seed({seed})", f"torch.manual_seed({seed}) 之后的 x_hat"
            ),
            mistakes=_x_hat_mistakes(ref, x, seed),
        )


@exercise("autoencoder.VAE")
@points(2)
def test_vae_gradients(student):
    """Float64, seed 0 in both (the sandbox seeds its generator with 0 before every call)."""
    ref = reference(RefVAE, seed=45).double()
    model = student.autoencoder.VAE()
    load_reference(model, ref, VAE_HINTS)
    model.double()
    x = _images(3, 145, dtype=torch.float64)
    upstream = [
        randn(3, 1, 28, 28, seed=146, dtype=torch.float64),
        torch.tensor(0.7, dtype=torch.float64),
    ]
    _module_gradients(
        model,
        ref,
        x,
        upstream,
        lambda r, xs: ref_forward(r, xs, 0),
        (_x_hat_mistakes(ref, x, 0), _kld_mistakes(ref, x)),
        "VAE",
    )


@exercise("autoencoder.VAE")
@points(1)
def test_vae_meta_device(student):
    ref = reference(RefVAE, seed=46)
    model = student.autoencoder.VAE()
    load_reference(model, ref, VAE_HINTS)
    model.to("meta")
    assert_keeps_meta(student.autoencoder.kit_function(seeded_forward), model, _images(2, 146), 0)


@exercise("autoencoder.VAE")
@points(1)
@requires_cuda
def test_vae_agrees_on_cuda(student):
    """On CUDA, against the judge's reference on CUDA seeded alike (CUDA draws its own eps)."""
    ref = reference(RefVAE, seed=47)
    model = student.autoencoder.VAE()
    load_reference(model, ref, VAE_HINTS)
    x = _images(3, 147)
    _, kld_cpu = run_vae(student, model, x, 8)
    model.to("cuda")
    ref.to("cuda")
    x_hat, kld = run_vae(student, model, x.to("cuda"), 8)
    expected, expected_kld = ref_forward(ref, x.to("cuda"), 8)
    assert_agree_across_devices(x_hat, expected.detach().cpu(), what=X_HAT)
    assert_agree_across_devices(kld, kld_cpu, what=KLD)
    assert_agree_across_devices(kld, expected_kld.detach().cpu(), what=KLD)


# -- vae_loss --------------------------------------------------------------------------------------
def _loss_mistakes(x_hat, x, kld, beta):
    mse = F.mse_loss(x_hat, x)
    return {
        Msg(
            f"the summed squared error: F.mse_loss's default is the mean over every pixel, on "
            f"the scale of the course's kld {VAE_LESSON.en}",
            f"用了平方误差之和：F.mse_loss 默认对所有像素求均值，与课程中 kld 的量级一致{VAE_LESSON.zh}",
        ): F.mse_loss(x_hat, x, reduction="sum") + beta * kld,
        Msg(
            f"beta was ignored: mse + beta * kld {VAE_LESSON.en}",
            f"忽略了 beta：应为 mse + beta * kld{VAE_LESSON.zh}",
        ): mse + kld,
        Msg(
            f"the ELBO itself (-mse - beta * kld) was returned: the loss to minimise is -elbo "
            f"{VAE_LESSON.en}",
            f"返回的是 ELBO 本身（-mse - beta * kld）：要最小化的损失是 -elbo{VAE_LESSON.zh}",
        ): -mse - beta * kld,
        Msg(
            f"the KL term was subtracted: loss = mse + beta * kld {VAE_LESSON.en}",
            f"减去了 KL 项：loss = mse + beta * kld{VAE_LESSON.zh}",
        ): mse - beta * kld,
        Msg(
            f"beta weighs the whole loss: only the KL term is weighted, mse + beta * kld "
            f"{VAE_LESSON.en}",
            f"beta 乘在了整个损失上：只有 KL 项有权重，mse + beta * kld{VAE_LESSON.zh}",
        ): beta * (mse + kld),
        Msg(
            f"the KL term is missing: loss = mse + beta * kld {VAE_LESSON.en}",
            f"漏了 KL 项：loss = mse + beta * kld{VAE_LESSON.zh}",
        ): mse,
        Msg(
            f"the mean absolute error: the reconstruction error is the MSE, F.mse_loss "
            f"{VAE_LESSON.en}",
            f"用了平均绝对误差：重建误差是 MSE，F.mse_loss{VAE_LESSON.zh}",
        ): (x_hat - x).abs().mean() + beta * kld,
        Msg(
            f"the MSE averaged per image only (summed over the pixels): F.mse_loss averages "
            f"over every pixel {VAE_LESSON.en}",
            f"只按图片求了均值（像素上求和）：F.mse_loss 是对所有像素求均值{VAE_LESSON.zh}",
        ): ((x_hat - x) ** 2).sum() / x.shape[0] + beta * kld,
        Msg(
            f"the binary cross entropy: the course's reconstruction error is the MSE, "
            f"F.mse_loss {VAE_LESSON.en}",
            f"用了二分类交叉熵：课程中的重建误差是 MSE，F.mse_loss{VAE_LESSON.zh}",
        ): (
            F.binary_cross_entropy(x_hat, x) + beta * kld
            if bool(((x_hat >= 0) & (x_hat <= 1)).all())
            else None
        ),
    }


LOSS_CASES = [
    ("default-beta", None, 2),
    ("beta-half", 0.5, 1),
    ("beta-zero", 0.0, 1),
    ("beta-four", 4.0, 2),
]


@pytest.mark.parametrize(
    "beta",
    [
        pytest.param(beta, marks=[exercise("autoencoder.vae_loss"), points(n)], id=label)
        for label, beta, n in LOSS_CASES
    ],
)
def test_vae_loss_values(student, beta):
    x_hat = _images(3, 50).clamp(0.01, 0.99)
    x = _images(3, 51)
    kld = torch.tensor(0.0375)
    kwargs = {} if beta is None else {"beta": beta}
    call = student.autoencoder.vae_loss.call(x_hat, x, kld, **kwargs)
    b = 1.0 if beta is None else beta
    assert_tensor(
        call.value, F.mse_loss(x_hat, x) + b * kld, mistakes=_loss_mistakes(x_hat, x, kld, b)
    )
    assert_inputs_unchanged(call, x_hat, x, kld, names=["x_hat", "x", "kld"])


@exercise("autoencoder.vae_loss")
@points(1)
def test_vae_loss_float64_and_other_shapes(student):
    x_hat = randn(4, 3, 5, seed=52, dtype=torch.float64).sigmoid()
    x = torch.rand(4, 3, 5, generator=torch.Generator().manual_seed(53), dtype=torch.float64)
    kld = torch.tensor(0.125, dtype=torch.float64)
    assert_tensor(
        student.autoencoder.vae_loss(x_hat, x, kld, 2.0),
        F.mse_loss(x_hat, x) + 2.0 * kld,
        mistakes=_loss_mistakes(x_hat, x, kld, 2.0),
    )


@exercise("autoencoder.vae_loss")
@points(2)
def test_vae_loss_gradients(student):
    """The loss trains the VAE: gradients reach x_hat and kld, as autograd gives them."""
    x_hat = _images(2, 54, dtype=torch.float64)
    x = _images(2, 55, dtype=torch.float64)
    kld = torch.tensor(0.05, dtype=torch.float64)
    try:
        call = student.autoencoder.vae_loss.backward_call(
            x_hat.clone().requires_grad_(), x, kld.clone().requires_grad_(), 3.0
        )
    except NotImplementedByStudent:
        raise
    except StudentError as err:
        if "does not depend" not in err.message:
            raise
        fail(
            f"The loss does not depend on x_hat or kld through autograd: keep it a tensor in the "
            f"graph (no .item(), detach() or torch.tensor(...)). {VAE_LESSON.en}",
            f"损失在 autograd 中不依赖 x_hat 和 kld：要让它保持为计算图中的张量（不要用 .item()、"
            f"detach() 或 torch.tensor(...)）。{VAE_LESSON.zh}",
        )
    assert_tensor(
        call.value,
        F.mse_loss(x_hat, x) + 3.0 * kld,
        mistakes=_loss_mistakes(x_hat, x, kld, 3.0),
    )
    expected, _ = autograd_gradients(lambda a, k: F.mse_loss(a, x) + 3.0 * k, [x_hat, kld])
    for name, got in zip(("x_hat", "kld"), call.input_grads):
        if got is None:
            fail(
                f"No gradient reaches {name}: it was cut off from autograd. {VAE_LESSON.en}",
                f"梯度传不到 {name}：它被 autograd 切断了。{VAE_LESSON.zh}",
            )
    assert_gradients_match(
        list(call.input_grads),
        expected,
        ["x_hat", "kld"],
        against=tr(
            "autograd of F.mse_loss(x_hat, x) + beta * kld",
            "F.mse_loss(x_hat, x) + beta * kld 的 autograd",
        ),
    )


# -- the meta device and CUDA for the functions ----------------------------------------------------
DEVICE_CASES = {
    "reparameterize": lambda: args(
        randn(4, 10, seed=60), _positive(4, 10, seed=61), randn(4, 10, seed=62)
    ),
    "gaussian_kl": lambda: args(randn(4, 10, seed=63), _positive(4, 10, seed=64)),
    "vae_loss": lambda: args(_images(2, 65), _images(2, 66), torch.tensor(0.02), beta=2.0),
}


@pytest.mark.parametrize("name, make_args", meta_cases("autoencoder", DEVICE_CASES))
def test_meta_device_kept(student, name, make_args):
    call = make_args()
    assert_keeps_meta(getattr(student.autoencoder, name), *call.args, **call.kwargs)


@pytest.mark.parametrize("name, make_args", cuda_cases("autoencoder", DEVICE_CASES))
def test_same_on_cuda(student, name, make_args):
    """Device agreement: the same answer on CPU and on CUDA, returned on CUDA."""
    assert_same_on_cuda(getattr(student.autoencoder, name), make_args())
