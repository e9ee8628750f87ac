"""Public checks for topic `gan` (GAN原理 / WGAN-GP实战).

Oracles: F.linear/F.relu/sigmoid on given weights for the course's networks, the contract's
draws for eight_gaussians, and the judge's own WGAN-GP losses and step on the kit's small
networks (grader.functions: Critic, SmallGenerator), which are built in the sandbox and handed
to the functions under test."""

import math

import pytest
import torch
import torch.nn.functional as F

from grader.checks import assert_close_number, assert_tensor, fail, generator, randn
from grader.functions import Critic, SmallGenerator
from grader.i18n import Msg
from grader.training import make_optimizer

exercise = pytest.mark.exercise
points = pytest.mark.points

S = 1.0 / math.sqrt(2.0)
CENTRES = [(1, 0), (-1, 0), (0, 1), (0, -1), (S, S), (S, -S), (-S, S), (-S, -S)]


def _state(seed, sizes, dtype=torch.float64, scale=1.0):
    gen = generator(seed)
    state = {}
    for i, (fan_out, fan_in) in enumerate(sizes):
        w = (
            torch.randn(fan_out, fan_in, generator=gen, dtype=torch.float64)
            * scale
            / math.sqrt(fan_in)
        )
        b = torch.randn(fan_out, generator=gen, dtype=torch.float64) * 0.1
        state[f"net.{2 * i}.weight"], state[f"net.{2 * i}.bias"] = w.to(dtype), b.to(dtype)
    return state


def _course(x, state, sigmoid):
    h = x
    for i in range(3):
        h = F.relu(F.linear(h, state[f"net.{2 * i}.weight"], state[f"net.{2 * i}.bias"]))
    out = F.linear(h, state["net.6.weight"], state["net.6.bias"])
    return torch.sigmoid(out).reshape(-1) if sigmoid else out


@exercise("gan.Generator")
@points(1)
def test_generator(student):
    state = _state(1, [(400, 2), (400, 400), (400, 400), (2, 400)], torch.float32, 2.0)
    net = student.gan.Generator()
    net.load_state_dict(state)
    z = randn(5, 2, seed=2)
    assert_tensor(net(z), _course(z, state, sigmoid=False))


@exercise("gan.Discriminator")
@points(1)
def test_discriminator(student):
    state = _state(3, [(400, 2), (400, 400), (400, 400), (1, 400)], torch.float32, 2.0)
    net = student.gan.Discriminator()
    net.load_state_dict(state)
    x = randn(5, 2, seed=4)
    assert_tensor(net(x), _course(x, state, sigmoid=True))


@exercise("gan.eight_gaussians")
@points(1)
def test_eight_gaussians(student):
    g = generator(5)
    index = torch.randint(8, (20,), generator=g)
    noise = 0.02 * torch.randn(20, 2, generator=g)
    expected = (2.0 * torch.tensor(CENTRES, dtype=torch.float32)[index] + noise) / 1.414
    assert_tensor(student.gan.eight_gaussians(20, generator(5)), expected)


def _critic_state(seed):
    return _state(seed, [(8, 2), (8, 8), (1, 8)], scale=1.5)


@exercise("gan.gradient_penalty")
@points(1)
def test_gradient_penalty(student):
    state = _critic_state(6)
    critic = student.gan.kit_function(Critic).keep(state)
    xr, xf = randn(6, 2, seed=7, dtype=torch.float64), randn(6, 2, seed=8, dtype=torch.float64)
    alpha = torch.rand(6, 1, generator=generator(9), dtype=torch.float64)
    x_hat = (alpha * xr + (1 - alpha) * xf).requires_grad_()
    scores = Critic(state)(x_hat)
    (grads,) = torch.autograd.grad(scores, x_hat, torch.ones_like(scores))
    expected = 0.5 * ((grads.norm(dim=1) - 1) ** 2).mean()
    assert_tensor(student.gan.gradient_penalty(critic, xr, xf, 0.5, alpha), expected)


@exercise("gan.discriminator_loss")
@points(1)
def test_discriminator_loss(student):
    state = _critic_state(10)
    critic = student.gan.kit_function(Critic).keep(state)
    xr, xf = randn(6, 2, seed=11, dtype=torch.float64), randn(6, 2, seed=12, dtype=torch.float64)
    with torch.no_grad():
        expected = -Critic(state)(xr).mean() + Critic(state)(xf).mean()
    assert_tensor(student.gan.discriminator_loss(critic, xr, xf), expected)


@exercise("gan.generator_loss")
@points(1)
def test_generator_loss(student):
    state = _critic_state(13)
    critic = student.gan.kit_function(Critic).keep(state)
    xf = randn(6, 2, seed=14, dtype=torch.float64)
    with torch.no_grad():
        expected = -Critic(state)(xf).mean()
    assert_tensor(student.gan.generator_loss(critic, xf), expected)


@exercise("gan.wgan_gp_step")
@points(1)
def test_wgan_gp_step(student):
    g_state, d_state = _state(15, [(8, 2), (8, 8), (2, 8)]), _critic_state(16)
    xr, z = randn(8, 2, seed=17, dtype=torch.float64), randn(8, 2, seed=18, dtype=torch.float64)
    kit = student.gan.kit_function
    G, D = kit(SmallGenerator).keep(g_state), kit(Critic).keep(d_state)
    opt_G, opt_D = kit(make_optimizer).keep(G, "sgd", 0.1), kit(make_optimizer).keep(D, "sgd", 0.1)
    result = student.gan.wgan_gp_step(G, D, opt_G, opt_D, xr, z, 0.3)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        fail(
            f"wgan_gp_step should return (loss_D, loss_G), not {result!r:.80}.",
            f"wgan_gp_step 应当返回 (loss_D, loss_G)，而不是 {result!r:.80}。",
        )
    # the judge's step: alpha from torch's global generator, which the sandbox seeds with 0
    ref_G, ref_D = SmallGenerator(g_state), Critic(d_state)
    ref_opt_G, ref_opt_D = make_optimizer(ref_G, "sgd", 0.1), make_optimizer(ref_D, "sgd", 0.1)
    alpha = torch.rand(8, 1, generator=generator(0)).double()
    xf = ref_G(z).detach()
    x_hat = (alpha * xr + (1 - alpha) * xf).requires_grad_()
    scores = ref_D(x_hat)
    (grads,) = torch.autograd.grad(scores, x_hat, torch.ones_like(scores), create_graph=True)
    loss_D = -ref_D(xr).mean() + ref_D(xf).mean() + 0.3 * ((grads.norm(dim=1) - 1) ** 2).mean()
    ref_opt_D.zero_grad()
    loss_D.backward()
    ref_opt_D.step()
    loss_G = -ref_D(ref_G(z)).mean()
    ref_opt_G.zero_grad()
    loss_G.backward()
    ref_opt_G.step()
    for name, model, ref in (("D", D, ref_D), ("G", G, ref_G)):
        got = model.state_dict()
        for key, value in ref.state_dict().items():
            assert_tensor(
                got[key],
                value.detach(),
                what=Msg(f"{name}'s {key!r} after the step", f"这一步之后 {name} 的 {key!r}"),
            )
    for name, got, want in (
        ("loss_D", result[0], loss_D.item()),
        ("loss_G", result[1], loss_G.item()),
    ):
        if isinstance(got, bool) or not isinstance(got, float):
            fail(
                f"{name} should be a Python float (.item()), not {type(got).__name__}.",
                f"{name} 应当是 Python float（.item()），而不是 {type(got).__name__}。",
            )
        assert_close_number(got, want, what=Msg(f"the {name} returned", f"返回的 {name}"))
