"""Hidden checks for topic `backprop` (感知器的梯度推导 / 链式法则 / 反向传播): float32 and float64,
single samples and batches, no autograd where the gradient is to be derived by hand, gradcheck
and gradgradcheck of the autograd.Functions, inputs left unchanged, known mistakes named."""

import pytest
import torch
import torch.nn.functional as F

from grader.checks import (
    args,
    assert_agree_across_devices,
    assert_close_number,
    assert_inputs_unchanged,
    assert_keeps_meta,
    assert_not_using,
    assert_same_on_cuda,
    assert_sequence,
    assert_tensor,
    cuda_cases,
    fail,
    meta_cases,
    randn,
    to_device,
)
from grader.checks.gradients import (
    AUTOGRAD_CALLS,
    assert_backward_consistent,
    assert_gradients_match,
    autograd_gradients,
)
from grader.i18n import Msg, tr
from grader.lessons import cite

exercise = pytest.mark.exercise
points = pytest.mark.points

LESSON = cite("backprop")
PERCEPTRON = cite("perceptron")
MULTI_PERCEPTRON = cite("multi_perceptron")
CHAIN_RULE = cite("chain_rule")
ACTIVATION = cite("activation_gradient")
BY_HAND = Msg(
    f"Derive the gradient with the chain rule instead of asking autograd. {LESSON.en}",
    f"请用链式法则推导梯度，不要借助 autograd。{LESSON.zh}",
)


def perceptron_reference(x, w, t):
    (grad,), _ = autograd_gradients(lambda w_: 0.5 * (torch.sigmoid(x @ w_) - t) ** 2, [w])
    return grad


def perceptron_mistakes(x, w, t):
    z = x @ w
    o = torch.sigmoid(z)
    return {
        Msg(
            f"sigmoid's derivative taken at x·w instead of at O = sigmoid(x·w): use O·(1−O) {PERCEPTRON.en}",
            f"sigmoid 的导数是在 x·w 处求的，而不是在 O = sigmoid(x·w) 处：应当用 O·(1−O){PERCEPTRON.zh}",
        ): (o - t) * z * (1 - z) * x,
        Msg(
            f"the sigmoid's derivative O·(1−O) is missing {PERCEPTRON.en}",
            f"漏了 sigmoid 的导数 O·(1−O){PERCEPTRON.zh}",
        ): (o - t) * x,
        Msg(
            f"the sign is flipped: dE/dO = O − t, not t − O {PERCEPTRON.en}",
            f"符号反了：dE/dO = O − t，而不是 t − O{PERCEPTRON.zh}",
        ): (t - o) * o * (1 - o) * x,
    }


@exercise("backprop.perceptron_grad")
@points(2)
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("target", [0.0, 1.0, "tensor"])
def test_perceptron_grad_targets_and_dtypes(student, dtype, target):
    x, w = randn(7, seed=21, dtype=dtype), randn(7, seed=22, dtype=dtype)
    t = torch.tensor(0.3, dtype=dtype) if target == "tensor" else target
    call = student.backprop.perceptron_grad.call(x, w, t)
    assert_tensor(call.value, perceptron_reference(x, w, t), mistakes=perceptron_mistakes(x, w, t))
    assert_inputs_unchanged(call, x, w, names=["x", "w"])


@exercise("backprop.perceptron_grad")
@points(2)
def test_perceptron_grad_by_hand(student):
    fn = student.backprop.perceptron_grad
    x, w = randn(3, seed=23), randn(3, seed=24)
    call = fn.call(x, w, 1.0)
    assert_tensor(call.value, perceptron_reference(x, w, 1.0))
    assert_not_using(fn, call, AUTOGRAD_CALLS, lesson=BY_HAND)


def multi_reference(x, w, t):
    (grad,), _ = autograd_gradients(lambda w_: 0.5 * ((torch.sigmoid(w_ @ x) - t) ** 2).sum(), [w])
    return grad


@exercise("backprop.multi_perceptron_grad")
@points(2)
@pytest.mark.parametrize(("k", "d"), [(3, 5), (1, 4), (4, 1)])
def test_multi_perceptron_grad_shapes(student, k, d):
    x, w, t = (
        randn(d, seed=25),
        randn(k, d, seed=26),
        torch.rand(k, generator=torch.Generator().manual_seed(27)),
    )
    o = torch.sigmoid(w @ x)
    delta = (o - t) * o * (1 - o)
    call = student.backprop.multi_perceptron_grad.call(x, w, t)
    assert_tensor(
        call.value,
        multi_reference(x, w, t),
        mistakes={
            Msg(
                f"the result is [d, k]: dE/dw has w's shape [k, d] {MULTI_PERCEPTRON.en}",
                f"结果的形状是 [d, k]：dE/dw 与 w 形状相同，是 [k, d]{MULTI_PERCEPTRON.zh}",
            ): delta[None, :] * x[:, None],
            Msg(
                f"every output row got the summed error: the error of output k only reaches row k {MULTI_PERCEPTRON.en}",
                f"每一行都用了所有输出的误差之和：第 k 个输出的误差只影响第 k 行{MULTI_PERCEPTRON.zh}",
            ): delta.sum() * x.expand(k, d),
        },
    )
    assert_inputs_unchanged(call, x, w, t, names=["x", "w", "t"])


@exercise("backprop.multi_perceptron_grad")
@points(2)
def test_multi_perceptron_grad_float64_by_hand(student):
    fn = student.backprop.multi_perceptron_grad
    x, w, t = (
        randn(6, seed=28, dtype=torch.float64),
        randn(2, 6, seed=29, dtype=torch.float64),
        torch.tensor([0.0, 1.0], dtype=torch.float64),
    )
    call = fn.call(x, w, t)
    assert_tensor(call.value, multi_reference(x, w, t))
    assert_not_using(fn, call, AUTOGRAD_CALLS, lesson=BY_HAND)


def mlp_setup(n, d, h, k, seed, dtype=torch.float32):
    x, y = randn(n, d, seed=seed, dtype=dtype), randn(n, k, seed=seed + 1, dtype=dtype)
    params = {
        "w1": randn(h, d, seed=seed + 2, dtype=dtype),
        "b1": randn(h, seed=seed + 3, dtype=dtype),
        "w2": randn(k, h, seed=seed + 4, dtype=dtype),
        "b2": randn(k, seed=seed + 5, dtype=dtype),
    }
    return x, y, params


def mlp_loss(x, y):
    return lambda w1, b1, w2, b2: F.mse_loss(torch.sigmoid(x @ w1.T + b1) @ w2.T + b2, y)


def check_mlp_result(result, x, y, params):
    assert_sequence(result, 2)
    loss, grads = result
    expected_loss = mlp_loss(x, y)(*params.values()).item()
    if isinstance(loss, torch.Tensor):
        if loss.numel() != 1:
            fail(
                f"The loss should be a single number (a 0-dim tensor), it has shape {list(loss.shape)}.",
                f"损失应当是一个数（0 维张量），但它的形状是 {list(loss.shape)}。",
            )
        loss = loss.item()
    assert_close_number(loss, expected_loss, rel=1e-5, abs_=1e-7)
    expected, _ = autograd_gradients(mlp_loss(x, y), list(params.values()))
    n_k = y.numel()
    got = grads if isinstance(grads, dict) else {}
    wrong_scale = {}
    for name, e in zip(params, expected):
        g = got.get(name)
        if (
            isinstance(g, torch.Tensor)
            and g.shape == e.shape
            and torch.allclose(g * n_k / x.shape[0], e, rtol=1e-4, atol=1e-6)
            and y.shape[1] > 1
        ):
            wrong_scale[name] = Msg(
                "divided by N only: F.mse_loss averages over all N·k entries",
                "只除以了 N：F.mse_loss 是对全部 N·k 个元素取平均",
            )
        elif (
            isinstance(g, torch.Tensor)
            and g.shape == e.shape
            and torch.allclose(g * 2, e, rtol=1e-4, atol=1e-6)
        ):
            wrong_scale[name] = Msg(
                "the factor 2 of d(u²)/du = 2u is missing", "漏了 d(u²)/du = 2u 中的系数 2"
            )
    if wrong_scale:
        name, why = next(iter(wrong_scale.items()))
        fail(
            f"The gradient for {name} is off by a constant factor: {why.en} {LESSON.en}",
            f"{name} 的梯度差了一个常数倍：{why.zh}{LESSON.zh}",
        )
    assert_gradients_match(grads, dict(zip(params, expected)), None, rtol=1e-4, atol=1e-6)


@exercise("backprop.mlp_loss_and_grads")
@points(3)
@pytest.mark.parametrize(("n", "d", "h", "k"), [(8, 5, 6, 3), (1, 3, 2, 1), (4, 2, 7, 5)])
def test_mlp_loss_and_grads_shapes(student, n, d, h, k):
    x, y, params = mlp_setup(n, d, h, k, seed=31)
    call = student.backprop.mlp_loss_and_grads.call(x, y, params)
    check_mlp_result(call.value, x, y, params)
    params_after = call.inputs_after[0][2]
    for name, value in params.items():
        if not isinstance(params_after, dict) or not torch.equal(params_after[name], value):
            fail(
                f"The function changed params[{name!r}]; leave the parameters as they are. {LESSON.en}",
                f"函数改动了 params[{name!r}]；请不要修改参数。{LESSON.zh}",
            )


@exercise("backprop.mlp_loss_and_grads")
@points(2)
def test_mlp_loss_and_grads_float64_by_hand(student):
    fn = student.backprop.mlp_loss_and_grads
    x, y, params = mlp_setup(5, 4, 3, 2, seed=41, dtype=torch.float64)
    call = fn.call(x, y, params)
    check_mlp_result(call.value, x, y, params)
    grads = call.value[1] if isinstance(call.value, (tuple, list)) and len(call.value) == 2 else {}
    if isinstance(grads, dict) and any(
        isinstance(g, torch.Tensor) and g.dtype != torch.float64 for g in grads.values()
    ):
        fail(
            "float64 parameters should give float64 gradients.", "float64 参数应得到 float64 梯度。"
        )
    assert_not_using(fn, call, AUTOGRAD_CALLS, lesson=BY_HAND)


@exercise("backprop.mlp_loss_and_grads")
@points(1)
def test_mlp_loss_and_grads_meta_device(student):
    x, y, params = mlp_setup(6, 4, 5, 3, seed=46)
    fn = student.backprop.mlp_loss_and_grads
    check_mlp_result(fn(x, y, params), x, y, params)
    # assert_keeps_meta moves only the tensors among the arguments, not those inside a dict
    assert_keeps_meta(fn, x, y, {name: value.to("meta") for name, value in params.items()})


def linear_reference(x, w, b):
    return x @ w.T + b


def linear_inputs(seed, dtype=torch.float64):
    return [
        randn(4, 3, seed=seed, dtype=dtype),
        randn(5, 3, seed=seed + 1, dtype=dtype),
        randn(5, seed=seed + 2, dtype=dtype),
    ]


@exercise("backprop.LinearFunction")
@points(2)
def test_linear_function_forward_float32_and_float64(student):
    fn = student.backprop.LinearFunction.apply
    for dtype in (torch.float32, torch.float64):
        x, w, b = linear_inputs(51, dtype)
        assert_tensor(fn(x, w, b), linear_reference(x, w, b))


@exercise("backprop.LinearFunction")
@points(3)
def test_linear_function_gradcheck(student):
    """Backward agrees with central differences of the student's own forward (gradcheck)."""
    fn = student.backprop.LinearFunction.apply
    call = assert_backward_consistent(fn, linear_inputs(52), ["x", "w", "b"])
    assert_not_using(fn, call, AUTOGRAD_CALLS, lesson=BY_HAND)


@exercise("backprop.LinearFunction")
@points(2)
def test_linear_function_gradients_match_autograd(student):
    x, w, b = linear_inputs(53)
    v = randn(4, 5, seed=54, dtype=torch.float64)
    call = student.backprop.LinearFunction.apply.backward_call(
        *[t.clone().requires_grad_(True) for t in (x, w, b)], grad_outputs=[v]
    )
    expected, _ = autograd_gradients(linear_reference, [x, w, b], grad_output=v)
    assert_gradients_match(call.input_grads, expected, ["x", "w", "b"])


@exercise("backprop.LinearFunction")
@points(2)
@pytest.mark.parametrize(
    "needs", [(True, False, False), (False, True, False), (False, False, True), (False, True, True)]
)
def test_linear_function_needs_input_grad(student, needs):
    """Only some inputs require grad: backward must still work and give the right ones."""
    inputs = linear_inputs(55)
    args = [t.clone().requires_grad_(True) if need else t for t, need in zip(inputs, needs)]
    call = student.backprop.LinearFunction.apply.backward_call(*args)
    wanted = [i for i, need in enumerate(needs) if need]
    expected, _ = autograd_gradients(linear_reference, inputs)
    assert_gradients_match(
        call.input_grads, [expected[i] for i in wanted], [["x", "w", "b"][i] for i in wanted]
    )


@exercise("backprop.LinearFunction")
@points(2)
def test_linear_function_gradgradcheck(student):
    """Second derivatives: backward must itself be differentiable (gradgradcheck)."""
    x, w, b = linear_inputs(56)
    vectors = [randn(*t.shape, seed=57 + i, dtype=torch.float64) for i, t in enumerate((x, w, b))]
    v_out = randn(4, 5, seed=60, dtype=torch.float64)
    call = student.backprop.LinearFunction.apply.backward_call(
        *[t.clone().requires_grad_(True) for t in (x, w, b)],
        grad_outputs=[v_out],
        second_order=vectors,
    )
    _, expected = autograd_gradients(
        linear_reference, [x, w, b], grad_output=v_out, second_order=vectors
    )
    got = call.second_order
    if not got or all(g is None for g in got):
        fail(
            "The gradients of your backward cannot be differentiated: write backward with tensor "
            "operations on its inputs (no .detach(), no .data, no NumPy). " + CHAIN_RULE.en,
            "你的 backward 的结果无法再求导：请对它的输入用张量运算实现 backward（不要用 .detach()、.data 或 NumPy）。"
            + CHAIN_RULE.zh,
        )
    assert_gradients_match(
        got,
        expected,
        ["x", "w", "b"],
        rtol=1e-5,
        atol=1e-8,
        against=tr("second derivative", "二阶导数"),
    )


@exercise("backprop.SigmoidFunction")
@points(2)
@pytest.mark.parametrize("shape", [(7,), (2, 3, 4)])
def test_sigmoid_function_gradcheck(student, shape):
    fn = student.backprop.SigmoidFunction.apply
    x = randn(*shape, seed=61, dtype=torch.float64)
    assert_tensor(fn(x), torch.sigmoid(x))
    call = assert_backward_consistent(fn, [x], ["x"])
    assert_not_using(fn, call, AUTOGRAD_CALLS, lesson=BY_HAND)


@exercise("backprop.SigmoidFunction")
@points(2)
def test_sigmoid_function_gradients_float32(student):
    x = randn(3, 5, seed=62)
    v = randn(3, 5, seed=63)
    s = torch.sigmoid(x)
    call = student.backprop.SigmoidFunction.apply.backward_call(
        x.clone().requires_grad_(True), grad_outputs=[v]
    )
    expected, _ = autograd_gradients(torch.sigmoid, [x], grad_output=v)
    if (
        call.input_grads
        and isinstance(call.input_grads[0], torch.Tensor)
        and torch.allclose(call.input_grads[0], v * x * (1 - x), atol=1e-6)
    ):
        fail(
            f"backward used x·(1−x); the derivative is s·(1−s) with s = sigmoid(x) {ACTIVATION.en}",
            f"backward 用了 x·(1−x)；导数应是 s·(1−s)，其中 s = sigmoid(x){ACTIVATION.zh}",
        )
    if (
        call.input_grads
        and isinstance(call.input_grads[0], torch.Tensor)
        and torch.allclose(call.input_grads[0], s * (1 - s), atol=1e-6)
    ):
        fail(
            f"backward ignored grad_out: the chain rule multiplies by the incoming gradient {CHAIN_RULE.en}",
            f"backward 忽略了 grad_out：链式法则要乘上传进来的梯度{CHAIN_RULE.zh}",
        )
    assert_gradients_match(call.input_grads, expected, ["x"], rtol=1e-5, atol=1e-6)


@exercise("backprop.SigmoidFunction")
@points(1)
def test_sigmoid_function_extreme_inputs(student):
    x = torch.tensor([-1000.0, -50.0, 0.0, 50.0, 1000.0], dtype=torch.float64)
    fn = student.backprop.SigmoidFunction.apply
    assert_tensor(fn(x), torch.sigmoid(x))
    call = fn.backward_call(x.clone().requires_grad_(True))
    expected, _ = autograd_gradients(torch.sigmoid, [x])
    assert_gradients_match(call.input_grads, expected, ["x"], rtol=1e-6, atol=1e-12)


# -- device agreement (run only where CUDA is present; skipped, and out of the maximum, elsewhere)
def _rand(*shape, seed):
    return torch.rand(*shape, generator=torch.Generator().manual_seed(seed))


def _requiring_grad(tensors):
    return [t.requires_grad_(True) for t in tensors]


# Every exercise's arguments for the device checks: CUDA agreement for all, the meta device for
# all but mlp_loss_and_grads (whose parameters come in a dict: test_mlp_loss_and_grads_meta_device).
DEVICE_CASES = {
    "perceptron_grad": lambda: args(randn(7, seed=81), randn(7, seed=82), 0.3),
    "multi_perceptron_grad": lambda: args(
        randn(5, seed=83), randn(3, 5, seed=84), _rand(3, seed=85)
    ),
    "mlp_loss_and_grads": lambda: args(*mlp_setup(8, 5, 6, 3, seed=86)),
    "LinearFunction": lambda: args(*_requiring_grad(linear_inputs(93, torch.float32))),
    "SigmoidFunction": lambda: args(randn(3, 5, seed=96).requires_grad_(True)),
}


def _remote(student, name):
    fn = getattr(student.backprop, name)
    return fn.apply if name.endswith("Function") else fn


@pytest.mark.parametrize(
    "name, make_args",
    meta_cases("backprop", {k: v for k, v in DEVICE_CASES.items() if k != "mlp_loss_and_grads"}),
)
def test_meta_device_kept(student, name, make_args):
    call = make_args()
    assert_keeps_meta(_remote(student, name), *call.args, **call.kwargs)


@pytest.mark.parametrize("name, make_args", cuda_cases("backprop", DEVICE_CASES))
def test_same_on_cuda(student, name, make_args):
    """Device agreement: the same answer on CPU and on CUDA, returned on CUDA."""
    assert_same_on_cuda(_remote(student, name), make_args())


@pytest.mark.parametrize(
    "name, make_args",
    cuda_cases(
        "backprop",
        {
            "LinearFunction": lambda: args(
                *_requiring_grad(linear_inputs(97, torch.float32)),
                grad_outputs=[randn(4, 5, seed=100)],
            ),
            "SigmoidFunction": lambda: args(
                randn(3, 5, seed=101).requires_grad_(True), grad_outputs=[randn(3, 5, seed=102)]
            ),
        },
    ),
)
def test_backward_same_on_cuda(student, name, make_args):
    """Device agreement of the hand-written backward: the same gradients on CPU and on CUDA,
    returned on CUDA."""
    fn = getattr(student.backprop, name).apply
    call = make_args()
    on_cpu = fn.backward_call(*call.args, **call.kwargs)
    on_cuda = fn.backward_call(*to_device(call.args, "cuda"), **to_device(call.kwargs, "cuda"))
    assert_agree_across_devices(
        on_cuda.value, on_cpu.value, Msg("the forward's result", "forward 的结果")
    )
    assert_agree_across_devices(
        on_cuda.input_grads, on_cpu.input_grads, Msg("the input gradients", "输入的梯度")
    )
