"""Public checks for topic `autoencoder` (AutoEncoder自编码器 / VAE实战).

Oracles: torch built-ins (torch.distributions.kl_divergence, F.mse_loss), the parameter names and
shapes the docstrings ask for, and the course's formulas written out here. Modules live in the
sandbox: the checks construct them there, read their state_dict and call them."""

import pytest
import torch
import torch.nn.functional as F
from torch.distributions import Normal, kl_divergence

from grader.checks import assert_close_number, assert_tensor, fail, randn
from grader.functions import seeded_forward
from grader.i18n import Msg

exercise = pytest.mark.exercise
points = pytest.mark.points


def _layers(decoder_in):
    """{name: shape} of the course's encoder and decoder (the decoder takes `decoder_in`)."""
    sizes = {
        "encoder": [(784, 256), (256, 64), (64, 20)],
        "decoder": [(decoder_in, 64), (64, 256), (256, 784)],
    }
    shapes = {}
    for part, pairs in sizes.items():
        for i, (n_in, n_out) in zip((0, 2, 4), pairs):
            shapes[f"{part}.{i}.weight"] = (n_out, n_in)
            shapes[f"{part}.{i}.bias"] = (n_out,)
    return shapes


def _check_names(model, expected):
    got = {k: tuple(v.shape) for k, v in model.state_dict().items()}
    if got != expected:
        missing = [k for k in expected if k not in got]
        wrong = [k for k in expected if k in got and got[k] != expected[k]]
        extra = [k for k in got if k not in expected]
        fail(
            f"{model.type_name}'s state_dict differs from the docstring's layers: missing "
            f"{missing}, wrong shape {wrong}, not asked for {extra}. Build exactly the "
            f"nn.Sequential `encoder` and `decoder` of the docstring.",
            f"{model.type_name} 的 state_dict 与文档字符串中的层不一致：缺少 {missing}，形状不对 "
            f"{wrong}，多出 {extra}。请严格按文档字符串构建 nn.Sequential 的 `encoder` 和 `decoder`。",
        )


def _pair(out, name):
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        fail(
            f"{name}'s forward should return a pair (x_hat, ...), got {type(out).__name__}.",
            f"{name} 的 forward 应返回一对 (x_hat, ...)，得到的是 {type(out).__name__}。",
        )
    return out


@exercise("autoencoder.AE")
@points(1)
def test_ae_shapes(student):
    model = student.autoencoder.AE()
    _check_names(model, _layers(20))
    x = torch.rand(2, 1, 28, 28, generator=torch.Generator().manual_seed(1))
    x_hat, second = _pair(model(x), "AE")
    assert_tensor(x_hat.to("meta"), torch.empty(2, 1, 28, 28, device="meta"))
    if second is not None:
        fail(
            "AE's forward should return (x_hat, None): the second value is None.",
            "AE 的 forward 应返回 (x_hat, None)：第二个值是 None。",
        )
    if bool(((x_hat < 0) | (x_hat > 1)).any()):
        fail(
            "x_hat has values outside [0, 1]: the decoder ends with nn.Sigmoid().",
            "x_hat 有 [0, 1] 之外的值：decoder 最后是 nn.Sigmoid()。",
        )


@exercise("autoencoder.reparameterize")
@points(1)
def test_reparameterize(student):
    mu, sigma, eps = randn(3, 4, seed=2), randn(3, 4, seed=3).abs() + 0.1, randn(3, 4, seed=4)
    assert_tensor(student.autoencoder.reparameterize(mu, sigma, eps), mu + sigma * eps)


@exercise("autoencoder.gaussian_kl")
@points(1)
def test_gaussian_kl_matches_torch_distributions(student):
    mu, sigma = randn(4, 6, seed=5), randn(4, 6, seed=6).abs() + 0.5
    expected = kl_divergence(Normal(mu, sigma), Normal(0.0, 1.0)).sum(-1)
    assert_tensor(student.autoencoder.gaussian_kl(mu, sigma), expected)


@exercise("autoencoder.VAE")
@points(1)
def test_vae_shapes(student):
    model = student.autoencoder.VAE()
    _check_names(model, _layers(10))
    x = torch.rand(3, 1, 28, 28, generator=torch.Generator().manual_seed(7))
    run = student.autoencoder.kit_function(seeded_forward)
    x_hat, kld = _pair(run(model, x, 0), "VAE")
    assert_tensor(x_hat.to("meta"), torch.empty(3, 1, 28, 28, device="meta"))
    assert_tensor(
        kld.to("meta") if isinstance(kld, torch.Tensor) else kld,
        torch.empty((), device="meta"),
        what=Msg("kld (the second value)", "kld（第二个返回值）"),
    )


@exercise("autoencoder.vae_loss")
@points(1)
def test_vae_loss(student):
    x_hat = torch.rand(2, 1, 28, 28, generator=torch.Generator().manual_seed(8))
    x = torch.rand(2, 1, 28, 28, generator=torch.Generator().manual_seed(9))
    kld = torch.tensor(0.25)
    got = student.autoencoder.vae_loss(x_hat, x, kld, beta=2.0)
    assert_tensor(got, F.mse_loss(x_hat, x) + 2.0 * kld)
    assert_close_number(
        float(student.autoencoder.vae_loss(x_hat, x, kld)),
        float(F.mse_loss(x_hat, x) + kld),
        what=Msg("vae_loss with the default beta", "默认 beta 时的 vae_loss"),
        rel=1e-5,
    )
