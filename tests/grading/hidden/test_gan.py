"""Hidden checks for topic `gan` (GAN原理 / WGAN-GP实战).

`Generator` and `Discriminator` are the course's networks: their `state_dict()` must have the
course's names and shapes (also for another h_dim), the judge loads its own weights into them and
compares the output with F.linear/F.relu/sigmoid (named mistakes, a batch of one, gradients in
float64). `eight_gaussians` is compared value for value with the contract's draws from a seeded
generator (draw order, centre order, scale, 1.414). The losses and the step are handed the kit's
small networks (grader.functions: `Critic`, `SmallGenerator`, Tanh between their layers, float64
weights), so that each is graded on its own: `gradient_penalty` with alpha given and drawn, its
gradient with respect to the critic's parameters (the submission's loss is differentiated in the
sandbox, through `Critic.through`), no gradient reaching xr and xf, lower precision; the
Wasserstein losses' values and which way their gradients go; `wgan_gp_step` against the judge's
own step (same weights, same optimizer, the alpha the sandbox's seeded global generator gives),
the weights of both networks after one and two steps, the returned floats, and D left alone by
the generator update. The meta device where a tensor of the function's own could land off it;
with CUDA, CPU/CUDA agreement."""

import math
from types import SimpleNamespace

import pytest
import torch
import torch.nn.functional as F

from grader.checks import (
    assert_agree_across_devices,
    assert_close_number,
    assert_equal,
    assert_inputs_unchanged,
    assert_keeps_meta,
    assert_tensor,
    fail,
    generator,
    non_contiguous,
    randn,
    requires_cuda,
)
from grader.checks.compare import looks_like, shape_str, tensors_match
from grader.checks.devices import LeftOut
from grader.checks.feedback import shown
from grader.checks.gradients import assert_gradients_match, numerical_gradient
from grader.checks.oracle import oracle
from grader.functions import Critic, SmallGenerator
from grader.i18n import Msg, before_chinese, label, quote, tr
from grader.lessons import cite
from grader.sandbox.client import NotImplementedByStudent, StudentError
from grader.training import make_optimizer

exercise = pytest.mark.exercise
points = pytest.mark.points

# The device checks an exercise leaves out, and why (tests/kit/test_completeness.py).
DEVICE_CHECKS_LEFT_OUT = {
    "Generator": LeftOut(
        meta="nn layers only: the module creates no tensor of its own that could land off its device (the CUDA check covers its devices)",
    ),
    "Discriminator": LeftOut(
        meta="nn layers and a view only: the module creates no tensor of its own that could land off its device (the CUDA check covers its devices)",
    ),
    "eight_gaussians": LeftOut(
        meta="takes no tensor and no device: the contract draws on the CPU with the CPU generator given",
        cuda="takes no tensor and no device: the contract draws on the CPU with the CPU generator given",
    ),
    "discriminator_loss": LeftOut(
        meta="means of the critic's scores: the loss creates no tensor of its own that could land off the device (the CUDA check covers its devices)",
    ),
    "generator_loss": LeftOut(
        meta="the mean of the critic's scores: the loss creates no tensor of its own that could land off the device (the CUDA check covers its devices)",
    ),
}

GAN = cite("gan")
WGAN = cite("wgan_gp")

S = 1.0 / math.sqrt(2.0)
CENTRES = [(1, 0), (-1, 0), (0, 1), (0, -1), (S, S), (S, -S), (-S, S), (-S, -S)]
AROUND_THE_CIRCLE = [(1, 0), (S, S), (0, 1), (-S, S), (-1, 0), (-S, -S), (0, -1), (S, -S)]


def _case(*values, function, n, id):
    return pytest.param(*values, marks=[exercise(f"gan.{function}"), points(n)], id=id)


def _check_number(got, expected, *, what, mistakes=None, rel=1e-6, abs_=1e-9):
    """A Python float close to `expected`; a value that equals what a known mistake gives (and
    not `expected`) is told so."""
    what = label(what)
    if isinstance(got, (int, float)) and not isinstance(got, bool):
        if not math.isclose(got, expected, rel_tol=rel, abs_tol=abs_):
            for name, value in (mistakes or {}).items():
                if value is not None and math.isclose(got, value, rel_tol=rel, abs_tol=abs_):
                    fail(
                        f"{what} is {shown(got)}, expected {shown(expected)}. {looks_like(name)}",
                        f"{before_chinese(what)}是 {shown(got)}，应为 {shown(expected)}。{looks_like(name)}",
                        mistake=name,
                    )
    assert_close_number(got, expected, what=what, rel=rel, abs_=abs_)


# -- Generator, Discriminator --------------------------------------------------------------------
def course_state(seed, h_dim=400, out=2, dtype=torch.float32):
    """Weights for the course's net (Linear(2, h), Linear(h, h), Linear(h, h), Linear(h, out)
    at net.0, net.2, net.4, net.6), drawn as nn.Linear draws them (uniform in ±1/sqrt(fan_in))."""
    gen = generator(seed)
    state = {}
    for i, (fan_out, fan_in) in enumerate(
        [(h_dim, 2), (h_dim, h_dim), (h_dim, h_dim), (out, h_dim)]
    ):
        bound = 1.0 / math.sqrt(fan_in)
        for kind, shape in (("weight", (fan_out, fan_in)), ("bias", (fan_out,))):
            values = (torch.rand(shape, generator=gen, dtype=torch.float64) * 2 - 1) * bound
            state[f"net.{2 * i}.{kind}"] = values.to(dtype)
    return state


def _course_forward(x, state, *, hidden=F.relu, last=None, last_relu=False):
    h = x
    for i in range(3):
        h = hidden(F.linear(h, state[f"net.{2 * i}.weight"], state[f"net.{2 * i}.bias"]))
    out = F.linear(h, state["net.6.weight"], state["net.6.bias"])
    if last_relu:
        out = F.relu(out)
    return last(out) if last is not None else out


def _load(net, state, name):
    """The module's state_dict must have exactly the keys and shapes of `state` (each problem
    named); then `state` is loaded into it."""
    got = {k: tuple(v.shape) for k, v in net.state_dict().items()}
    want = {k: tuple(v.shape) for k, v in state.items()}
    problems = []
    for key, shape in want.items():
        if key not in got:
            problems.append(
                Msg(
                    f"{name} has no parameter {key!r} (shape {shape_str(shape)})",
                    f"{name} 没有参数 {key!r}（形状 {shape_str(shape)}）",
                )
            )
        elif got[key] != shape:
            problems.append(
                Msg(
                    f"{name}'s {key!r} has shape {shape_str(got[key])}, expected {shape_str(shape)}",
                    f"{name} 的 {key!r} 形状是 {shape_str(got[key])}，应为 {shape_str(shape)}",
                )
            )
    problems += [
        Msg(
            f"{name} has {key!r} {shape_str(got[key])}, which the exercise does not ask for",
            f"{name} 多了题目没有要求的 {key!r} {shape_str(got[key])}",
        )
        for key in got
        if key not in want
    ]
    if problems:
        shown_ = problems[:4]
        more = (
            tr(f" (and {len(problems) - 4} more)", f"（另有 {len(problems) - 4} 处）")
            if len(problems) > 4
            else ""
        )
        fail(
            "; ".join(m.en for m in shown_)
            + more
            + f". The grader loads weights by name: the attribute is `net`, an nn.Sequential of "
            f"Linear(2, h_dim), ReLU, Linear(h_dim, h_dim), ReLU, Linear(h_dim, h_dim), ReLU, "
            f"Linear(h_dim, ...) in that order, with h_dim the argument. {WGAN}",
            "；".join(m.zh for m in shown_)
            + more
            + "。评分程序按名字加载权重：属性名是 `net`，依次为 Linear(2, h_dim)、ReLU、Linear(h_dim, h_dim)、"
            f"ReLU、Linear(h_dim, h_dim)、ReLU、Linear(h_dim, ...) 的 nn.Sequential，h_dim 是传入的参数。{WGAN}",
        )
    net.load_state_dict({k: v.clone() for k, v in state.items()})


def _generator_mistakes(z, state):
    with torch.no_grad():
        return {
            Msg(
                f"a Tanh after the last Linear: the generator's points are the last Linear's output as it is {WGAN.en}",
                f"最后一个 Linear 之后接了 Tanh：生成器的点就是最后一个 Linear 的原样输出{WGAN.zh}",
            ): _course_forward(z, state, last=torch.tanh),
            Msg(
                f"a Sigmoid after the last Linear: only the discriminator ends with one {WGAN.en}",
                f"最后一个 Linear 之后接了 Sigmoid：只有判别器才以 Sigmoid 结尾{WGAN.zh}",
            ): _course_forward(z, state, last=torch.sigmoid),
            Msg(
                f"a ReLU after the last Linear: points may have negative coordinates {WGAN.en}",
                f"最后一个 Linear 之后接了 ReLU：点的坐标可以是负数{WGAN.zh}",
            ): _course_forward(z, state, last_relu=True),
            Msg(
                f"LeakyReLU between the layers: the course's networks use ReLU {WGAN.en}",
                f"层与层之间用了 LeakyReLU：课程中的网络用的是 ReLU{WGAN.zh}",
            ): _course_forward(z, state, hidden=F.leaky_relu),
        }


def _discriminator_mistakes(x, state):
    with torch.no_grad():
        scores = _course_forward(x, state, last=torch.sigmoid)
        return {
            Msg(
                f"the Sigmoid after the last Linear is missing {WGAN.en}",
                f"最后一个 Linear 之后缺少 Sigmoid{WGAN.zh}",
            ): _course_forward(x, state).reshape(-1),
            Msg(
                f"the scores were left [b, 1]: flatten them with .view(-1) to [b] {WGAN.en}",
                f"分数保留了 [b, 1] 的形状：要用 .view(-1) 展平成 [b]{WGAN.zh}",
            ): scores,
            Msg(
                f"squeeze() also took the batch dim of a single point away: .view(-1) keeps [1] {WGAN.en}",
                f"squeeze() 把只有一个点时的批维度也去掉了：.view(-1) 会保持 [1]{WGAN.zh}",
            ): scores.squeeze() if len(x) == 1 else None,
            Msg(
                f"LeakyReLU between the layers: the course's networks use ReLU {WGAN.en}",
                f"层与层之间用了 LeakyReLU：课程中的网络用的是 ReLU{WGAN.zh}",
            ): _course_forward(x, state, hidden=F.leaky_relu, last=torch.sigmoid).reshape(-1),
        }


NETS = {
    # name: (output size, its last step, its mistakes)
    "Generator": (2, None, _generator_mistakes),
    "Discriminator": (1, torch.sigmoid, _discriminator_mistakes),
}


def _expected(name, x, state):
    out, last, _ = NETS[name]
    with torch.no_grad():
        y = _course_forward(x, state, last=last)
    return y.reshape(-1) if name == "Discriminator" else y


@pytest.mark.parametrize(
    "name",
    [_case(n, function=n, n=2, id=n) for n in NETS],
)
def test_state_dict_layout_default_h_dim(student, name):
    net = getattr(student.gan, name)()
    _load(net, course_state(seed=10, out=NETS[name][0]), name)


@pytest.mark.parametrize(
    "name",
    [_case(n, function=n, n=1, id=n) for n in NETS],
)
def test_h_dim_is_the_argument(student, name):
    net = getattr(student.gan, name)(h_dim=24)
    state = course_state(seed=11, h_dim=24, out=NETS[name][0])
    _load(net, state, name)
    x = randn(5, 2, seed=12)
    assert_tensor(net(x), _expected(name, x, state), mistakes=NETS[name][2](x, state))


@pytest.mark.parametrize(
    "name",
    [_case(n, function=n, n=1, id=n) for n in NETS],
)
def test_layer_types(student, name):
    net = getattr(student.gan, name)()
    _load(net, course_state(seed=13, out=NETS[name][0]), name)
    names = ["net"] + [f"net.{i}" for i in range(7)]
    kinds = ["Sequential", "Linear", "ReLU", "Linear", "ReLU", "Linear", "ReLU", "Linear"]
    if name == "Discriminator":
        names, kinds = names + ["net.7"], kinds + ["Sigmoid"]
    assert_equal(
        [net.get_submodule.keep(n).type_name for n in names],
        kinds,
        what=Msg(f"the types of {', '.join(names)}", f"{'、'.join(names)} 的类型"),
    )


@pytest.mark.parametrize(
    "name, b",
    [
        _case("Generator", 6, function="Generator", n=2, id="Generator-batch"),
        _case("Generator", 1, function="Generator", n=1, id="Generator-one-point"),
        _case("Discriminator", 6, function="Discriminator", n=2, id="Discriminator-batch"),
        _case("Discriminator", 1, function="Discriminator", n=1, id="Discriminator-one-point"),
    ],
)
def test_forward_with_loaded_weights(student, name, b):
    state = course_state(seed=20 + b, out=NETS[name][0])
    net = getattr(student.gan, name)()
    _load(net, state, name)
    x = randn(b, 2, seed=30 + b) * 2
    assert_tensor(net(x), _expected(name, x, state), mistakes=NETS[name][2](x, state))


@pytest.mark.parametrize(
    "name",
    [_case(n, function=n, n=1, id=n) for n in NETS],
)
def test_gradients(student, name):
    state = course_state(seed=40, out=NETS[name][0], dtype=torch.float64)
    net = getattr(student.gan, name)()
    _load(net, {k: v.float() for k, v in state.items()}, name)
    net.double()
    net.load_state_dict(state)
    x = randn(4, 2, seed=41, dtype=torch.float64)
    x_ref = x.clone().requires_grad_()
    params = {k: v.clone().requires_grad_() for k, v in state.items()}
    out = _course_forward(x_ref, params, last=NETS[name][1])
    out = out.reshape(-1) if name == "Discriminator" else out
    upstream = randn(*out.shape, seed=42, dtype=torch.float64)
    grads = torch.autograd.grad(out, [x_ref, *params.values()], upstream)
    call = net.backward_call(x.clone().requires_grad_(), grad_outputs=[upstream])
    assert_tensor(call.value, out.detach(), what=Msg(f"{name}'s output", f"{name} 的输出"))
    if not call.input_grads or call.input_grads[0] is None:
        fail(
            f"{name}'s output does not depend on its input through autograd: was it detached? {WGAN}",
            f"{name} 的输出在 autograd 中不依赖输入：是否被分离了？{WGAN}",
        )
    assert_tensor(
        call.input_grads[0],
        grads[0],
        what=Msg("the gradient with respect to the input", "对输入的梯度"),
    )
    for key, expected in zip(params, grads[1:]):
        got = call.param_grads.get(key)
        if got is None:
            fail(
                f"{name}'s {key!r} gets no gradient: is it a parameter that forward uses? {WGAN}",
                f"{name} 的 {key!r} 没有梯度：它是否是 forward 用到的参数？{WGAN}",
            )
        assert_tensor(got, expected, what=Msg(f"the gradient of {key!r}", f"{key!r} 的梯度"))


@pytest.mark.parametrize(
    "name",
    [pytest.param(n, id=n, marks=[exercise(f"gan.{n}"), points(1), requires_cuda]) for n in NETS],
)
def test_net_agrees_on_cuda(student, name):
    state = course_state(seed=50, out=NETS[name][0])
    net = getattr(student.gan, name)()
    _load(net, state, name)
    x = randn(7, 2, seed=51)
    on_cpu = net(x)
    assert_tensor(on_cpu, _expected(name, x, state), mistakes=NETS[name][2](x, state))
    net.to("cuda")
    assert_agree_across_devices(
        net(x.to("cuda")), on_cpu, what=Msg(f"{name}'s output", f"{name} 的输出")
    )


# -- eight_gaussians -----------------------------------------------------------------------------
def _eight(b, seed, *, randn_first=False, order=CENTRES, scale=2.0, noise=0.02, divide=1.414):
    """What eight_gaussians should return for generator(seed), or what a known mistake gives."""
    g = generator(seed)
    if randn_first:
        eps = torch.randn(b, 2, generator=g)
        index = torch.randint(8, (b,), generator=g)
    else:
        index = torch.randint(8, (b,), generator=g)
        eps = torch.randn(b, 2, generator=g)
    centres = scale * torch.tensor(order, dtype=torch.float32)
    return (centres[index] + noise * eps) / divide


def _eight_mistakes(b, seed):
    return {
        Msg(
            f"the noise was drawn before the centres: draw torch.randint(8, (b,)) first, then "
            f"torch.randn(b, 2) {WGAN.en}",
            f"先抽了噪声、后抽中心：应先抽 torch.randint(8, (b,))，再抽 torch.randn(b, 2){WGAN.zh}",
        ): _eight(b, seed, randn_first=True),
        Msg(
            f"the batch was not divided by 1.414 (the course's dataset /= 1.414) {WGAN.en}",
            f"整批没有除以 1.414（课程中的 dataset /= 1.414）{WGAN.zh}",
        ): _eight(b, seed, divide=1.0),
        Msg(
            f"divided by math.sqrt(2) = 1.41421…: the course divides by 1.414 exactly {WGAN.en}",
            f"除以的是 math.sqrt(2) = 1.41421…：课程中除以的正是 1.414{WGAN.zh}",
        ): _eight(b, seed, divide=math.sqrt(2.0)),
        Msg(
            f"the centres in order around the circle: index i picks the i-th centre of the "
            f"course's list (the four axis points, then the four diagonals) {WGAN.en}",
            f"中心按圆周的顺序排列了：索引 i 选的是课程列表中的第 i 个中心（先四个坐标轴上的点，再四个对角线上的点）{WGAN.zh}",
        ): _eight(b, seed, order=AROUND_THE_CIRCLE),
        Msg(
            f"the centres were not scaled by 2: they lie on a circle of radius 2 {WGAN.en}",
            f"中心没有乘以 2：它们在半径为 2 的圆上{WGAN.zh}",
        ): _eight(b, seed, scale=1.0),
        Msg(
            f"the noise was not multiplied by 0.02 {WGAN.en}",
            f"噪声没有乘以 0.02{WGAN.zh}",
        ): _eight(b, seed, noise=1.0),
    }


@exercise("gan.eight_gaussians")
@pytest.mark.parametrize(
    "b, seed",
    [
        pytest.param(64, 60, marks=points(2), id="batch-64"),
        pytest.param(5, 61, marks=points(1), id="batch-5"),
        pytest.param(1, 62, marks=points(1), id="one-point"),
    ],
)
def test_eight_gaussians_follows_the_draws(student, b, seed):
    assert_tensor(
        student.gan.eight_gaussians(b, generator(seed)),
        _eight(b, seed),
        mistakes=_eight_mistakes(b, seed),
    )


@exercise("gan.eight_gaussians")
@points(1)
def test_eight_gaussians_uses_the_generator(student):
    fn = student.gan.eight_gaussians
    first, again = fn(50, generator=generator(63)), fn(50, generator=generator(63))
    if not torch.equal(first, again):
        fail(
            "Two calls with generators in the same state gave different points: draw both the "
            "centres and the noise from the generator.",
            "两次调用的生成器状态相同，得到的点却不同：中心和噪声都要从 generator 抽取。",
        )
    if torch.equal(first, fn(50, generator=generator(64))):
        fail(
            "Generators with different seeds gave the same points: the generator is not used. "
            "Pass it on: torch.randint(..., generator=generator), torch.randn(..., generator=generator).",
            "不同种子的生成器给出了相同的点：generator 没有被使用。请传下去："
            "torch.randint(..., generator=generator)、torch.randn(..., generator=generator)。",
        )


@exercise("gan.eight_gaussians")
@points(1)
def test_eight_gaussians_without_generator(student):
    x = student.gan.eight_gaussians(200)
    assert_tensor(
        x.to("meta") if isinstance(x, torch.Tensor) else x, torch.empty(200, 2, device="meta")
    )
    centres = 2.0 * torch.tensor(CENTRES) / 1.414
    nearest = torch.cdist(x, centres).min(dim=1).values
    if not bool((nearest < 0.2).all()):
        fail(
            f"Without a generator, some points are not near any of the eight centres (the "
            f"farthest is {nearest.max().item():.3g} away; the noise is 0.02 / 1.414). {WGAN}",
            f"不给 generator 时，有些点不在八个中心附近（最远的距离为 {nearest.max().item():.3g}；噪声只有 0.02 / 1.414）。{WGAN}",
        )


# -- gradient_penalty ------------------------------------------------------------------------------
def critic_state(seed, h=8, dtype=torch.float64, scale=1.0):
    """Weights for the kit's Critic (Linear(2, h), Tanh, Linear(h, h), Tanh, Linear(h, 1)) whose
    gradient norms spread around 1, so that (norm - 1)² differs from norm² and from |norm - 1|."""
    gen = generator(seed)
    state = {}
    for i, (fan_out, fan_in) in enumerate([(h, 2), (h, h), (1, h)]):
        std = (1.5 if i == 0 else 1.6 / math.sqrt(fan_in)) * scale
        w = torch.randn(fan_out, fan_in, generator=gen, dtype=torch.float64) * std
        b = torch.randn(fan_out, generator=gen, dtype=torch.float64) * 0.3
        state[f"net.{2 * i}.weight"], state[f"net.{2 * i}.bias"] = w.to(dtype), b.to(dtype)
    return state


def generator_state(seed, h=8, dtype=torch.float64):
    """Weights for the kit's SmallGenerator (Linear(2, h), Tanh, Linear(h, h), Tanh, Linear(h, 2))."""
    gen = generator(seed)
    state = {}
    for i, (fan_out, fan_in) in enumerate([(h, 2), (h, h), (2, h)]):
        w = torch.randn(fan_out, fan_in, generator=gen, dtype=torch.float64) / math.sqrt(fan_in)
        b = torch.randn(fan_out, generator=gen, dtype=torch.float64) * 0.1
        state[f"net.{2 * i}.weight"], state[f"net.{2 * i}.bias"] = w.to(dtype), b.to(dtype)
    return state


def _points(b, seed, dtype=torch.float64):
    return randn(b, 2, seed=seed, dtype=dtype) * 1.5


def _penalty(
    critic,
    xr,
    xf,
    lam,
    alpha,
    *,
    whole_batch=False,
    squared=True,
    swapped=False,
    norm_squared=False,
):
    """The judge's penalty (graph kept, so that it can be differentiated), or a known mistake."""
    a = alpha.to(xr.dtype)
    x_hat = (a * xf + (1 - a) * xr) if swapped else (a * xr + (1 - a) * xf)
    x_hat = x_hat.detach().requires_grad_()
    scores = critic(x_hat)
    (grads,) = torch.autograd.grad(scores, x_hat, torch.ones_like(scores), create_graph=True)
    norm = grads.norm() if whole_batch else grads.norm(dim=1)
    norm = norm**2 if norm_squared else norm
    gap = (norm - 1) ** 2 if squared else norm - 1
    return lam * gap.mean()


def _penalty_mistakes(critic, xr, xf, lam, alpha):
    def p(**change):
        return _penalty(critic, xr, xf, lam, alpha, **change).detach()

    found = {
        Msg(
            f"the norm was taken over the whole batch: each row's gradient has its own norm, "
            f"grads.norm(2, dim=1), then the mean over rows {WGAN.en}",
            f"对整批求了一个范数：每一行的梯度各有自己的范数 grads.norm(2, dim=1)，再对各行求均值{WGAN.zh}",
        ): p(whole_batch=True),
        Msg(
            f"(norm − 1) was not squared: the penalty is mean((‖grad‖ − 1)²) {WGAN.en}",
            f"(norm − 1) 没有平方：惩罚项是 mean((‖grad‖ − 1)²){WGAN.zh}",
        ): p(squared=False),
        Msg(
            f"lam was ignored: multiply by the lam given (the course's 0.3 is only its default) {WGAN.en}",
            f"忽略了 lam：要乘以传入的 lam（课程中的 0.3 只是默认值）{WGAN.zh}",
        ): _penalty(critic, xr, xf, 0.3, alpha).detach() if lam != 0.3 else None,
        Msg(
            f"alpha weights xf instead of xr: x_hat = alpha * xr + (1 − alpha) * xf {WGAN.en}",
            f"alpha 乘在了 xf 上而不是 xr 上：x_hat = alpha * xr + (1 − alpha) * xf{WGAN.zh}",
        ): p(swapped=True),
        Msg(
            f"the squared norm was used (the sum of squares without its square root): the "
            f"penalty is on ‖grad‖₂ − 1, the norm itself {WGAN.en}",
            f"用了范数的平方（平方和没有开方）：惩罚的是 ‖grad‖₂ − 1，即范数本身{WGAN.zh}",
        ): p(norm_squared=True),
    }
    return found


def _drawn_alpha_mistakes(critic, xr, xf, lam, seed):
    b = len(xr)
    return {
        Msg(
            f"alpha was drawn [b, 2], one weight per coordinate: draw torch.rand(b, 1), one per row {WGAN.en}",
            f"alpha 抽成了 [b, 2]，每个坐标一个权重：应抽 torch.rand(b, 1)，每行一个{WGAN.zh}",
        ): _penalty(critic, xr, xf, lam, torch.rand(b, 2, generator=generator(seed))).detach(),
        Msg(
            f"one alpha for the whole batch: draw torch.rand(b, 1), one per row {WGAN.en}",
            f"整批只用了一个 alpha：应抽 torch.rand(b, 1)，每行一个{WGAN.zh}",
        ): _penalty(critic, xr, xf, lam, torch.rand(1, generator=generator(seed))).detach(),
        Msg(
            f"the generator was not passed on: torch.rand(b, 1, generator=generator) {WGAN.en}",
            f"没有把 generator 传下去：torch.rand(b, 1, generator=generator){WGAN.zh}",
        ): _penalty(critic, xr, xf, lam, torch.rand(b, 1, generator=generator(0))).detach(),
    }


def _critic(student, state):
    return student.gan.kit_function(Critic).keep(state)


@pytest.mark.parametrize(
    "b, lam, seed",
    [
        _case(6, 0.3, 100, function="gradient_penalty", n=2, id="course-lam"),
        _case(9, 10.0, 101, function="gradient_penalty", n=2, id="lam-10"),
        _case(1, 1.0, 102, function="gradient_penalty", n=1, id="one-row"),
    ],
)
def test_gradient_penalty_given_alpha(student, b, lam, seed):
    state = critic_state(seed)
    critic, ref = _critic(student, state), Critic(state)
    xr, xf = _points(b, seed + 1), _points(b, seed + 2)
    alpha = torch.rand(b, 1, generator=generator(seed + 3), dtype=torch.float64)
    got = student.gan.gradient_penalty(critic, xr, xf, lam, alpha)
    assert_tensor(
        got,
        _penalty(ref, xr, xf, lam, alpha).detach(),
        what=Msg("the penalty", "惩罚项"),
        mistakes=_penalty_mistakes(ref, xr, xf, lam, alpha),
    )


@exercise("gan.gradient_penalty")
@points(2)
def test_gradient_penalty_draws_alpha_from_the_generator(student):
    state = critic_state(110)
    critic, ref = _critic(student, state), Critic(state)
    xr, xf = _points(12, 111), _points(12, 112)
    expected_alpha = torch.rand(12, 1, generator=generator(113))
    mistakes = _drawn_alpha_mistakes(ref, xr, xf, 2.0, 113)
    mistakes.update(_penalty_mistakes(ref, xr, xf, 2.0, expected_alpha))
    assert_tensor(
        student.gan.gradient_penalty(critic, xr, xf, lam=2.0, generator=generator(113)),
        _penalty(ref, xr, xf, 2.0, expected_alpha).detach(),
        what=Msg(
            "the penalty with alpha drawn from the generator", "从 generator 抽取 alpha 时的惩罚项"
        ),
        mistakes=mistakes,
    )


@exercise("gan.gradient_penalty")
@points(1)
def test_gradient_penalty_default_lam_and_global_generator(student):
    # The sandbox seeds torch's global generator with 0 before every call: without a generator,
    # alpha is then torch.rand(b, 1) of a generator seeded 0 (the course's own draw).
    state = critic_state(120)
    critic, ref = _critic(student, state), Critic(state)
    xr, xf = _points(10, 121), _points(10, 122)
    alpha = torch.rand(10, 1, generator=generator(0))
    assert_tensor(
        student.gan.gradient_penalty(critic, xr, xf),
        _penalty(ref, xr, xf, 0.3, alpha).detach(),
        what=Msg(
            "the penalty with lam and alpha left to their defaults",
            "lam 和 alpha 都用默认值时的惩罚项",
        ),
        mistakes=_penalty_mistakes(ref, xr, xf, 0.3, alpha),
    )


NO_CREATE_GRAPH = Msg(
    f"torch.autograd.grad was called without create_graph=True: the gradient is then a constant, "
    f"the penalty is not differentiable with respect to D's parameters, and loss_D.backward() "
    f"would not train D with it {WGAN.en}",
    f"调用 torch.autograd.grad 时没有写 create_graph=True：梯度于是成了常量，惩罚项对 D 的参数不可导，"
    f"loss_D.backward() 就不会用它训练 D{WGAN.zh}",
)


def _through(critic, name, *args, **kwargs):
    """The submission's gan.<name>(critic, ...), differentiated in the sandbox with respect to
    the critic's parameters (and every argument that requires grad)."""
    method = critic.through  # a RemoteFunction on the critic's handle: named here as the exercise,
    method._what = f"gan.{name}"  # so that an error reads "gan.gradient_penalty raised ..."
    try:
        return method.backward_call(name, *args, **kwargs)
    except NotImplementedByStudent:
        raise
    except StudentError as err:
        if "graph to differentiate)" not in err.message:  # grader/sandbox/worker.py
            raise
        if name == "gradient_penalty":
            fail(
                f"The penalty is not connected to D's parameters in autograd. {looks_like(NO_CREATE_GRAPH)}",
                f"惩罚项在 autograd 中与 D 的参数不相连。{looks_like(NO_CREATE_GRAPH)}",
                mistake=NO_CREATE_GRAPH,
            )
        fail(
            f"{name}'s result is not connected to D's parameters in autograd: was something "
            f"detached (.detach(), .item(), torch.no_grad())? {WGAN}",
            f"{name} 的结果在 autograd 中与 D 的参数不相连：是否有东西被分离了（.detach()、.item()、torch.no_grad()）？{WGAN}",
        )


def _check_param_grads(call, ref, loss, what):
    names = [n for n, _ in ref.named_parameters()]
    grads = torch.autograd.grad(loss, list(ref.parameters()), allow_unused=True)
    for key, param, value in zip(names, ref.parameters(), grads):
        value = torch.zeros_like(param) if value is None else value  # the last bias: no effect
        got = call.param_grads.get(key)
        if got is None:
            if not bool(value.abs().sum() > 0):
                continue
            fail(
                f"{what.en}: D's {key!r} gets no gradient. {WGAN.en}",
                f"{what.zh}：D 的 {key!r} 没有梯度。{WGAN.zh}",
            )
        assert_tensor(
            got,
            value.detach(),
            what=Msg(
                f"the gradient of {what.en} with respect to D's {key!r}",
                f"{what.zh}对 D 的 {key!r} 的梯度",
            ),
        )


@exercise("gan.gradient_penalty")
@points(3)
def test_gradient_penalty_trains_D(student):
    state = critic_state(130)
    critic, ref = _critic(student, state), Critic(state)
    xr, xf = _points(8, 131), _points(8, 132)
    alpha = torch.rand(8, 1, generator=generator(133), dtype=torch.float64)
    call = _through(critic, "gradient_penalty", xr, xf, 1.5, alpha)
    loss = _penalty(ref, xr, xf, 1.5, alpha)
    assert_tensor(call.value, loss.detach(), what=Msg("the penalty", "惩罚项"))
    _check_param_grads(call, ref, loss, Msg("the penalty", "惩罚项"))


@exercise("gan.gradient_penalty")
@points(1)
def test_gradient_penalty_numerical_gradient(student):
    """The penalty's gradient with respect to D's parameters (second order: it flows through
    the gradient of D) against central differences of the submission's own penalty, D's weights
    moved one entry at a time."""
    state = critic_state(140, h=3)
    xr, xf = _points(5, 141), _points(5, 142)
    alpha = torch.rand(5, 1, generator=generator(143), dtype=torch.float64)
    call = _through(_critic(student, state), "gradient_penalty", xr, xf, 1.0, alpha)
    checked = ["net.0.weight", "net.0.bias", "net.4.weight"]

    def penalty_with(*values):
        critic = _critic(student, {**state, **dict(zip(checked, values))})
        return student.gan.gradient_penalty(critic, xr, xf, 1.0, alpha)

    numeric = numerical_gradient(penalty_with, [state[key] for key in checked])
    got = {key: call.param_grads.get(key) for key in checked}
    assert_gradients_match(
        got,
        dict(zip(checked, numeric)),
        checked,
        rtol=1e-5,
        atol=1e-8,
        against=tr("by central differences of your penalty", "按你的惩罚项做中心差分"),
    )


NOT_DETACHED = Msg(
    f"xr and xf were not detached: the penalty constrains D only, and its gradient must not reach "
    f"the generator through xf {WGAN.en}",
    f"没有把 xr 和 xf 分离：惩罚项只约束 D，它的梯度不能经由 xf 传到生成器{WGAN.zh}",
)


@exercise("gan.gradient_penalty")
@points(1)
def test_gradient_penalty_detaches_xr_and_xf(student):
    state = critic_state(140)
    critic = _critic(student, state)
    xr = _points(6, 141).requires_grad_()
    xf = _points(6, 142).requires_grad_()
    alpha = torch.rand(6, 1, generator=generator(143), dtype=torch.float64)
    call = _through(critic, "gradient_penalty", xr, xf, 0.3, alpha)
    for name, grad in zip(("xr", "xf"), call.input_grads):
        if grad is not None and bool(grad.abs().sum() > 0):
            fail(
                f"The penalty sends a gradient to {name}. {looks_like(NOT_DETACHED)}",
                f"惩罚项把梯度传给了 {name}。{looks_like(NOT_DETACHED)}",
                mistake=NOT_DETACHED,
            )


@exercise("gan.gradient_penalty")
@points(1)
def test_gradient_penalty_non_contiguous_inputs_left_unchanged(student):
    state = critic_state(145)
    critic, ref = _critic(student, state), Critic(state)
    xr, xf = non_contiguous(_points(7, 146)), non_contiguous(_points(7, 147))
    alpha = torch.rand(7, 1, generator=generator(148), dtype=torch.float64)
    call = student.gan.gradient_penalty.call(critic, xr, xf, 0.7, alpha)
    assert_tensor(
        call.value,
        _penalty(ref, xr, xf, 0.7, alpha).detach(),
        what=Msg("the penalty", "惩罚项"),
        mistakes=_penalty_mistakes(ref, xr, xf, 0.7, alpha),
    )
    # detach() shares memory with its input: an in-place op on it changes the caller's points
    assert_inputs_unchanged(
        call, None, xr, xf, None, alpha, names=["D", "xr", "xf", "lam", "alpha"]
    )


ALPHA_DTYPE = Msg(
    f"alpha was not moved to xr's dtype: alpha.to(device=xr.device, dtype=xr.dtype) {WGAN.en}",
    f"没有把 alpha 转成 xr 的 dtype：alpha.to(device=xr.device, dtype=xr.dtype){WGAN.zh}",
)


@exercise("gan.gradient_penalty")
@points(1)
def test_gradient_penalty_in_bfloat16(student):
    state = critic_state(150, scale=3.0)  # gradient norms well away from 1
    critic = _critic(student, state)
    critic.to(torch.bfloat16)
    xr, xf = _points(8, 151), _points(8, 152)
    alpha = torch.rand(8, 1, generator=generator(153))  # float32, as drawn
    try:
        got = student.gan.gradient_penalty(
            critic, xr.to(torch.bfloat16), xf.to(torch.bfloat16), 0.3, alpha
        )
    except NotImplementedByStudent:
        raise
    except StudentError as err:
        if (
            "dtype" not in err.message
            and "Half" not in err.message
            and "BFloat16" not in err.message
        ):
            raise
        fail(
            f"With bfloat16 points and a bfloat16 D, the penalty failed ({err.exc_type}: "
            f"{quote(err.message)}). {looks_like(ALPHA_DTYPE)}",
            f"点和 D 都是 bfloat16 时，惩罚项出错了（{err.exc_type}：{quote(err.message)}）。{looks_like(ALPHA_DTYPE)}",
            mistake=ALPHA_DTYPE,
        )
    xr16, xf16 = xr.to(torch.bfloat16).double(), xf.to(torch.bfloat16).double()
    ref = Critic({k: v.to(torch.bfloat16).double() for k, v in state.items()})
    expected = _penalty(ref, xr16, xf16, 0.3, alpha).detach()
    assert_tensor(
        got.to("meta") if isinstance(got, torch.Tensor) else got,
        torch.empty((), dtype=torch.bfloat16, device="meta"),
        what=Msg("the penalty of bfloat16 points", "bfloat16 点的惩罚项"),
    )
    assert_tensor(
        got.double(),
        expected,
        what=Msg(
            "the penalty of bfloat16 points (against float64)",
            "bfloat16 点的惩罚项（与 float64 相比）",
        ),
        rtol=0.1,
        atol=1e-3,
    )


@exercise("gan.gradient_penalty")
@points(1)
def test_gradient_penalty_meta_device(student):
    state = critic_state(160)
    critic, ref = _critic(student, state), Critic(state)
    xr, xf = _points(5, 161), _points(5, 162)
    alpha = torch.rand(5, 1, generator=generator(163))
    assert_tensor(
        student.gan.gradient_penalty(critic, xr, xf, 0.3, generator=generator(163)),
        _penalty(ref, xr, xf, 0.3, alpha).detach(),
        mistakes=_drawn_alpha_mistakes(ref, xr, xf, 0.3, 163),
    )
    critic.to("meta")
    assert_keeps_meta(student.gan.gradient_penalty, critic, xr, xf, 0.3, generator=generator(164))


@exercise("gan.gradient_penalty")
@points(1)
@requires_cuda
def test_gradient_penalty_agrees_on_cuda(student):
    state = critic_state(170)
    critic = _critic(student, state)
    xr, xf = _points(9, 171), _points(9, 172)
    on_cpu = student.gan.gradient_penalty(critic, xr, xf, 0.5, generator=generator(173))
    critic.to("cuda")
    on_cuda = student.gan.gradient_penalty(
        critic, xr.cuda(), xf.cuda(), 0.5, generator=generator(173)
    )
    assert_agree_across_devices(on_cuda, on_cpu, what=Msg("the penalty", "惩罚项"))


# -- discriminator_loss, generator_loss ------------------------------------------------------------
def _d_loss(critic, xr, xf):
    return -critic(xr).mean() + critic(xf.detach()).mean()


def _d_loss_mistakes(critic, xr, xf):
    with torch.no_grad():
        real, fake = critic(xr), critic(xf)
        return {
            Msg(
                f"the signs are swapped: D minimises −mean(D(xr)) + mean(D(xf)), scoring real "
                f"points high {WGAN.en}",
                f"符号反了：D 要最小化 −mean(D(xr)) + mean(D(xf))，给真实的点高分{WGAN.zh}",
            ): real.mean() - fake.mean(),
            Msg(
                f"the minus before mean(D(xr)) is missing {WGAN.en}",
                f"mean(D(xr)) 前面少了负号{WGAN.zh}",
            ): real.mean() + fake.mean(),
            Msg(
                f"sums instead of means: take the mean over the batch {WGAN.en}",
                f"用了求和而不是均值：要对整批求均值{WGAN.zh}",
            ): -real.sum() + fake.sum(),
        }


def _g_loss_mistakes(critic, xf):
    with torch.no_grad():
        fake = critic(xf)
        return {
            Msg(
                f"the sign is wrong: G minimises −mean(D(xf)), so that D scores its points high {WGAN.en}",
                f"符号错了：G 要最小化 −mean(D(xf))，让 D 给它的点打高分{WGAN.zh}",
            ): fake.mean(),
            Msg(
                f"a sum instead of a mean: take the mean over the batch {WGAN.en}",
                f"用了求和而不是均值：要对整批求均值{WGAN.zh}",
            ): -fake.sum(),
        }


@pytest.mark.parametrize(
    "b, seed",
    [
        _case(7, 200, function="discriminator_loss", n=2, id="batch"),
        _case(1, 201, function="discriminator_loss", n=1, id="one-point"),
    ],
)
def test_discriminator_loss_values(student, b, seed):
    state = critic_state(seed)
    critic, ref = _critic(student, state), Critic(state)
    xr, xf = _points(b, seed + 1), _points(b, seed + 2)
    with torch.no_grad():
        expected = _d_loss(ref, xr, xf)
    assert_tensor(
        student.gan.discriminator_loss(critic, xr, xf),
        expected,
        what=Msg("the discriminator's loss", "判别器的损失"),
        mistakes=_d_loss_mistakes(ref, xr, xf),
    )


XF_NOT_DETACHED = Msg(
    f"xf was not detached: D's loss sends a gradient to the generator, which would then be "
    f"trained by D's loss too; detach it, as the course's xf = G(z).detach() {WGAN.en}",
    f"没有把 xf 分离：D 的损失会把梯度传给生成器，生成器就也被 D 的损失训练了；要像课程中的 "
    f"xf = G(z).detach() 那样把它分离{WGAN.zh}",
)


@exercise("gan.discriminator_loss")
@points(2)
def test_discriminator_loss_sends_no_gradient_to_the_generator(student):
    state = critic_state(210)
    critic, ref = _critic(student, state), Critic(state)
    xr, xf = _points(6, 211), _points(6, 212).requires_grad_()
    call = _through(critic, "discriminator_loss", xr, xf)
    grads = call.input_grads
    if grads and grads[-1] is not None and bool(grads[-1].abs().sum() > 0):
        fail(
            f"D's loss sends a gradient to xf (the generator's points). {looks_like(XF_NOT_DETACHED)}",
            f"D 的损失把梯度传给了 xf（生成器的点）。{looks_like(XF_NOT_DETACHED)}",
            mistake=XF_NOT_DETACHED,
        )
    _check_param_grads(
        call, ref, _d_loss(ref, xr, xf), Msg("the discriminator's loss", "判别器的损失")
    )


@pytest.mark.parametrize(
    "b, seed",
    [
        _case(7, 220, function="generator_loss", n=1, id="batch"),
        _case(1, 221, function="generator_loss", n=1, id="one-point"),
    ],
)
def test_generator_loss_values(student, b, seed):
    state = critic_state(seed)
    critic, ref = _critic(student, state), Critic(state)
    xf = _points(b, seed + 1)
    with torch.no_grad():
        expected = -ref(xf).mean()
    assert_tensor(
        student.gan.generator_loss(critic, xf),
        expected,
        what=Msg("the generator's loss", "生成器的损失"),
        mistakes=_g_loss_mistakes(ref, xf),
    )


G_LOSS_DETACHED = Msg(
    f"xf was detached in the generator's loss: the generator learns through xf, so its loss must "
    f"stay connected to it {WGAN.en}",
    f"在生成器的损失中把 xf 分离了：生成器正是通过 xf 学习的，它的损失必须与 xf 保持连接{WGAN.zh}",
)


@exercise("gan.generator_loss")
@points(2)
def test_generator_loss_reaches_the_generator(student):
    state = critic_state(230)
    critic, ref = _critic(student, state), Critic(state)
    xf = _points(6, 231)
    xf_ref = xf.clone().requires_grad_()
    loss = -ref(xf_ref).mean()
    (expected,) = torch.autograd.grad(loss, xf_ref)
    try:
        call = student.gan.generator_loss.backward_call(critic, xf.clone().requires_grad_())
    except NotImplementedByStudent:
        raise
    except StudentError as err:
        if "graph to differentiate)" not in err.message:
            raise
        fail(
            f"The generator's loss is not connected to xf in autograd. {looks_like(G_LOSS_DETACHED)}",
            f"生成器的损失在 autograd 中与 xf 不相连。{looks_like(G_LOSS_DETACHED)}",
            mistake=G_LOSS_DETACHED,
        )
    assert_tensor(call.value, loss.detach(), what=Msg("the generator's loss", "生成器的损失"))
    grad = call.input_grads[0] if call.input_grads else None
    if grad is None:
        fail(
            f"xf gets no gradient from the generator's loss. {looks_like(G_LOSS_DETACHED)}",
            f"xf 没有从生成器的损失得到梯度。{looks_like(G_LOSS_DETACHED)}",
            mistake=G_LOSS_DETACHED,
        )
    assert_tensor(
        grad,
        expected,
        what=Msg(
            "the gradient of the generator's loss with respect to xf", "生成器的损失对 xf 的梯度"
        ),
    )


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, id=n, marks=[exercise(f"gan.{n}"), points(1), requires_cuda])
        for n in ("discriminator_loss", "generator_loss")
    ],
)
def test_loss_agrees_on_cuda(student, name):
    critic = _critic(student, critic_state(240))
    xr, xf = _points(8, 241), _points(8, 242)
    inputs = (xr, xf) if name == "discriminator_loss" else (xf,)
    fn = getattr(student.gan, name)
    on_cpu = fn(critic, *inputs)
    critic.to("cuda")
    on_cuda = fn(critic, *(x.cuda() for x in inputs))
    assert_agree_across_devices(on_cuda, on_cpu, what=Msg(f"{name}'s loss", f"{name} 的损失"))


# -- wgan_gp_step ------------------------------------------------------------------------------------
STATE_TOLERANCE = {"rtol": 1e-7, "atol": 1e-9}


@oracle
def _reference_step(g_state, d_state, xr, z, lam, optimizer, lr, steps=1, **change):
    """The judge's own steps (alpha as the sandbox's global generator, seeded 0 before every
    call, gives it); `change` makes a known mistake."""
    G, D = SmallGenerator(g_state), Critic(d_state)
    opt_G, opt_D = make_optimizer(G, optimizer, lr), make_optimizer(D, optimizer, lr)
    sign = -1.0 if change.get("swapped") else 1.0
    losses = []
    for _ in range(steps):
        alpha = torch.rand(len(xr), 1, generator=generator(0)).to(xr.dtype)
        xf_graph = G(z)
        xf = xf_graph if change.get("not_detached") else xf_graph.detach()
        x_hat = (alpha * xr + (1 - alpha) * xf.detach()).requires_grad_()
        scores = D(x_hat)
        (grads,) = torch.autograd.grad(scores, x_hat, torch.ones_like(scores), create_graph=True)
        penalty = change.get("lam_used", lam) * ((grads.norm(dim=1) - 1) ** 2).mean()
        loss_D = sign * (-D(xr).mean() + D(xf).mean())
        if not change.get("no_penalty"):
            loss_D = loss_D + penalty
        if change.get("zero_grad_D", True):
            opt_D.zero_grad()
        loss_D.backward()
        opt_D.step()
        loss_G = sign * -D(G(z)).mean()
        if change.get("zero_grad_G", True):
            opt_G.zero_grad()
        loss_G.backward()
        opt_G.step()
        if change.get("steps_D_again"):
            opt_D.step()
        losses.append((loss_D.item(), loss_G.item(), penalty.item()))

    def state(m):
        return {k: v.detach().clone() for k, v in m.state_dict().items()}

    return SimpleNamespace(G=state(G), D=state(D), losses=losses)


def _step_variants(g_state, d_state, xr, z, lam, optimizer, lr, steps):
    def v(**change):
        return _reference_step(g_state, d_state, xr, z, lam, optimizer, lr, steps, **change)

    found = {
        Msg(
            f"the gradient penalty was left out of D's loss {WGAN.en}",
            f"D 的损失中漏掉了梯度惩罚{WGAN.zh}",
        ): v(no_penalty=True),
        Msg(
            f"the signs of the Wasserstein losses are swapped: loss_D = −mean(D(xr)) + "
            f"mean(D(xf)) + penalty, loss_G = −mean(D(G(z))) {WGAN.en}",
            f"Wasserstein 损失的符号反了：loss_D = −mean(D(xr)) + mean(D(xf)) + 惩罚项，loss_G = −mean(D(G(z))){WGAN.zh}",
        ): v(swapped=True),
        Msg(
            f"D was updated during the generator update too (opt_D.step() after loss_G.backward()): "
            f"only opt_G steps there, D's parameters stay as D's own update left them {WGAN.en}",
            f"生成器那一步也更新了 D（loss_G.backward() 之后调用了 opt_D.step()）：那一步只调用 opt_G.step()，"
            f"D 的参数保持它自己那一步更新后的样子{WGAN.zh}",
        ): v(steps_D_again=True),
        Msg(
            f"G(z) was not detached for D's step and G's gradients were not zeroed before "
            f"loss_G.backward(): D's loss then trains G too {WGAN.en}",
            f"D 那一步没有把 G(z) 分离，loss_G.backward() 之前也没有清零 G 的梯度：D 的损失于是也训练了 G{WGAN.zh}",
        ): v(not_detached=True, zero_grad_G=False),
        Msg(
            f"lam was ignored: the penalty is multiplied by the lam given {WGAN.en}",
            f"忽略了 lam：惩罚项要乘以传入的 lam{WGAN.zh}",
        ): v(lam_used=0.3) if lam != 0.3 else None,
    }
    if steps > 1:
        found[
            Msg(
                f"opt_D.zero_grad() is missing: D's gradients from the last step (and from "
                f"loss_G.backward(), which fills them too) add up {WGAN.en}",
                f"缺少 opt_D.zero_grad()：D 上一步的梯度（以及 loss_G.backward() 同样填入的梯度）会累加起来{WGAN.zh}",
            )
        ] = v(zero_grad_D=False)
        found[
            Msg(
                f"opt_G.zero_grad() is missing: G's gradients from the last step add up {WGAN.en}",
                f"缺少 opt_G.zero_grad()：G 上一步的梯度会累加起来{WGAN.zh}",
            )
        ] = v(zero_grad_G=False)
    return {m: r for m, r in found.items() if r is not None}


def _check_state(got, expected, *, what, variants):
    """A state_dict equal to `expected`; `variants` {named mistake: the state it would leave}."""
    what = label(what)
    if not isinstance(got, dict):
        fail(f"{what} should be a dict.", f"{before_chinese(what)}应当是 dict。")
    if all(tensors_match(got.get(k), v, **STATE_TOLERANCE) for k, v in expected.items()):
        return
    for key, value in expected.items():
        assert_tensor(
            got.get(key),
            value,
            what=Msg(f"{what.en}: {key!r}", f"{what.zh}：{key!r}"),
            mistakes={name: state[key] for name, state in variants.items()},
            **STATE_TOLERANCE,
        )


RETURNED_TENSORS = Msg(
    f"tensors were returned: return (loss_D.item(), loss_G.item()), Python floats that hold no "
    f"graph {WGAN.en}",
    f"返回的是张量：应返回 (loss_D.item(), loss_G.item())，即不带计算图的 Python float{WGAN.zh}",
)


WITHOUT_PENALTY = Msg(
    f"the loss_D returned leaves out the penalty: return the loss D was trained on, "
    f"discriminator_loss + gradient_penalty {WGAN.en}",
    f"返回的 loss_D 没有包含惩罚项：应返回 D 训练时用的损失，即 discriminator_loss + gradient_penalty{WGAN.zh}",
)


def _losses(value):
    if isinstance(value, torch.Tensor) or (
        isinstance(value, (list, tuple)) and any(isinstance(v, torch.Tensor) for v in value)
    ):
        fail(
            f"wgan_gp_step returned {type(value).__name__} holding tensors. {looks_like(RETURNED_TENSORS)}",
            f"wgan_gp_step 返回了含张量的 {type(value).__name__}。{looks_like(RETURNED_TENSORS)}",
            mistake=RETURNED_TENSORS,
        )
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        fail(
            f"wgan_gp_step should return (loss_D, loss_G), not {value!r:.80}.",
            f"wgan_gp_step 应当返回 (loss_D, loss_G)，而不是 {value!r:.80}。",
        )
    for name, v in zip(("loss_D", "loss_G"), value):
        if isinstance(v, bool) or not isinstance(v, float):
            fail(
                f"{name} should be a Python float (.item()), not {type(v).__name__}.",
                f"{name} 应当是 Python float（.item()），而不是 {type(v).__name__}。",
            )
    return value


def _step_case(student, *, seed, lam, optimizer, lr, steps=1, b=16, only_D=False):
    g_state, d_state = generator_state(seed), critic_state(seed + 1)
    xr = _points(b, seed + 2)
    z = randn(b, 2, seed=seed + 3, dtype=torch.float64)
    kit = student.gan.kit_function
    G, D = kit(SmallGenerator).keep(g_state), kit(Critic).keep(d_state)
    opt_G, opt_D = (
        kit(make_optimizer).keep(G, optimizer, lr),
        kit(make_optimizer).keep(D, optimizer, lr),
    )
    results = [student.gan.wgan_gp_step(G, D, opt_G, opt_D, xr, z, lam) for _ in range(steps)]
    ref = _reference_step(g_state, d_state, xr, z, lam, optimizer, lr, steps)
    variants = _step_variants(g_state, d_state, xr, z, lam, optimizer, lr, steps)
    _check_state(
        D.state_dict(),
        ref.D,
        what=Msg(f"D's weights after {steps} step(s)", f"{steps} 步之后 D 的权重"),
        variants={m: r.D for m, r in variants.items()},
    )
    if only_D:
        return
    _check_state(
        G.state_dict(),
        ref.G,
        what=Msg(f"G's weights after {steps} step(s)", f"{steps} 步之后 G 的权重"),
        variants={m: r.G for m, r in variants.items()},
    )
    for i, (result, expected) in enumerate(zip(results, ref.losses)):
        loss_D, loss_G = _losses(result)
        for name, got, want, k in (
            ("loss_D", loss_D, expected[0], 0),
            ("loss_G", loss_G, expected[1], 1),
        ):
            mistakes = {m: r.losses[i][k] for m, r in variants.items()}
            if k == 0:
                mistakes[WITHOUT_PENALTY] = expected[0] - expected[2]
            _check_number(
                got,
                want,
                what=Msg(f"{name} returned by step {i + 1}", f"第 {i + 1} 步返回的 {name}"),
                mistakes=mistakes,
            )


@exercise("gan.wgan_gp_step")
@points(3)
def test_wgan_gp_step_one_step_sgd(student):
    _step_case(student, seed=300, lam=1.0, optimizer="sgd", lr=0.05)


@exercise("gan.wgan_gp_step")
@points(2)
def test_wgan_gp_step_two_steps_adam(student):
    _step_case(student, seed=310, lam=0.3, optimizer="adam", lr=0.01, steps=2, b=12)


@exercise("gan.wgan_gp_step")
@points(2)
def test_wgan_gp_step_generator_update_leaves_D_alone(student):
    _step_case(student, seed=320, lam=0.3, optimizer="sgd", lr=0.2, only_D=True)


@exercise("gan.wgan_gp_step")
@points(1)
def test_wgan_gp_step_returns_floats(student):
    kit = student.gan.kit_function
    G, D = kit(SmallGenerator).keep(generator_state(330)), kit(Critic).keep(critic_state(331))
    opt_G, opt_D = (
        kit(make_optimizer).keep(G, "sgd", 0.01),
        kit(make_optimizer).keep(D, "sgd", 0.01),
    )
    _losses(
        student.gan.wgan_gp_step(
            G, D, opt_G, opt_D, _points(4, 332), randn(4, 2, seed=333, dtype=torch.float64)
        )
    )


@exercise("gan.wgan_gp_step")
@points(1)
def test_wgan_gp_step_meta_device(student):
    kit = student.gan.kit_function
    G, D = kit(SmallGenerator).keep(generator_state(340)), kit(Critic).keep(critic_state(341))
    G.to("meta")
    D.to("meta")
    opt_G, opt_D = (
        kit(make_optimizer).keep(G, "sgd", 0.01),
        kit(make_optimizer).keep(D, "sgd", 0.01),
    )
    xr, z = _points(6, 342), randn(6, 2, seed=343, dtype=torch.float64)
    assert_keeps_meta(student.gan.wgan_gp_step, G, D, opt_G, opt_D, xr, z, 0.3)


@exercise("gan.wgan_gp_step")
@points(1)
@requires_cuda
def test_wgan_gp_step_on_cuda(student):
    g_state, d_state = generator_state(350), critic_state(351)
    xr, z = _points(16, 352), randn(16, 2, seed=353, dtype=torch.float64)
    kit = student.gan.kit_function
    G, D = kit(SmallGenerator).keep(g_state), kit(Critic).keep(d_state)
    G.to("cuda")
    D.to("cuda")
    opt_G, opt_D = (
        kit(make_optimizer).keep(G, "sgd", 0.05),
        kit(make_optimizer).keep(D, "sgd", 0.05),
    )
    loss_D, loss_G = _losses(student.gan.wgan_gp_step(G, D, opt_G, opt_D, xr.cuda(), z.cuda(), 1.0))
    ref = _reference_step(g_state, d_state, xr, z, 1.0, "sgd", 0.05)
    assert_agree_across_devices(
        D.state_dict(), ref.D, what=Msg("D's weights after the step", "这一步之后 D 的权重")
    )
    assert_agree_across_devices(
        G.state_dict(), ref.G, what=Msg("G's weights after the step", "这一步之后 G 的权重")
    )
    _check_number(
        loss_D, ref.losses[0][0], what=Msg("loss_D on CUDA", "CUDA 上的 loss_D"), rel=1e-6
    )
    _check_number(
        loss_G, ref.losses[0][1], what=Msg("loss_G on CUDA", "CUDA 上的 loss_G"), rel=1e-6
    )
