"""grader.training: the loaders, optimizers and probe model that the mlp_mnist checks build in
the sandbox and hand to a submission."""

import math

import pytest
import torch
import torch.nn.functional as F

from grader.sandbox.client import RemoteObject, Student, TopicSandboxes
from grader.training import (
    MLP_KEYS,
    MLP_LAYERS,
    ProbeMLP,
    make_optimizer,
    mlp_state,
    tensor_loader,
)

SUBMISSION = """
import torch
import torch.nn.functional as F

def one_epoch(model, loader, optimizer):
    model.train()
    for x, y in loader:
        loss = F.cross_entropy(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return len(loader)

def test_pass(model, loader):
    model.eval()
    with torch.no_grad():
        return [model(x).argmax(1).tolist() for x, _ in loader]
"""


def test_tensor_loader_keeps_the_order_and_a_short_last_batch():
    x, y = torch.arange(10.0).reshape(10, 1), torch.arange(10)
    batches = list(tensor_loader(x, y, 4))
    assert [len(b) for _, b in batches] == [4, 4, 2]
    assert torch.equal(torch.cat([b for _, b in batches]), y)
    assert torch.equal(torch.cat([a for a, _ in batches]), x)


def test_make_optimizer():
    model = torch.nn.Linear(3, 2)
    sgd = make_optimizer(model, "sgd", 0.5, momentum=0.9)
    assert isinstance(sgd, torch.optim.SGD)
    assert sgd.param_groups[0]["lr"] == 0.5 and sgd.param_groups[0]["momentum"] == 0.9
    adam = make_optimizer(model, "adam", 1e-3)
    assert isinstance(adam, torch.optim.Adam) and adam.param_groups[0]["lr"] == 1e-3
    assert len(adam.param_groups[0]["params"]) == 2
    with pytest.raises(ValueError, match="unknown optimizer"):
        make_optimizer(model, "rmsprop")


def test_mlp_state_is_seeded_and_shaped_like_nn_linear():
    state = mlp_state(3)
    assert list(state) == list(MLP_KEYS)
    shapes = [tuple(s) for out, inp in MLP_LAYERS for s in ((out, inp), (out,))]
    assert [tuple(v.shape) for v in state.values()] == shapes
    assert all(v.dtype == torch.float32 for v in state.values())
    again, other = mlp_state(3), mlp_state(4)
    assert all(torch.equal(state[k], again[k]) for k in MLP_KEYS)
    assert not any(torch.equal(state[k], other[k]) for k in MLP_KEYS)
    for i, (_, fan_in) in enumerate(MLP_LAYERS):
        w = state[f"model.{2 * i}.weight"]
        assert w.abs().max() <= 1 / math.sqrt(fan_in)
        assert math.isclose(w.std().item(), 1 / math.sqrt(3 * fan_in), rel_tol=0.1)
    assert mlp_state(3, dtype=torch.float64)["model.4.bias"].dtype == torch.float64


@pytest.fixture
def fact_pipe():
    """The fact pipe of a sandbox, in this process: what ProbeMLP reports as it runs."""
    import os

    from grader.sandbox import facts

    reader, writer = os.pipe()
    facts.open_writer(writer)
    facts.EMITTER.start_call()
    yield facts.FactReader(reader)
    facts.EMITTER.fd = None
    os.close(reader)
    os.close(writer)


def test_probe_mlp_is_the_course_mlp_and_records_each_forward(fact_pipe):
    state = mlp_state(5)
    probe = ProbeMLP(state, training=False)
    assert not probe.training
    assert list(probe.state_dict()) == list(MLP_KEYS)
    x = torch.randn(3, 1, 28, 28)
    flat = x.reshape(3, 784)
    h = F.relu(F.linear(flat, state["model.0.weight"], state["model.0.bias"]))
    h = F.relu(F.linear(h, state["model.2.weight"], state["model.2.bias"]))
    expected = F.linear(h, state["model.4.weight"], state["model.4.bias"])
    assert torch.allclose(probe(x), expected)
    probe.train()
    with torch.no_grad():
        assert torch.allclose(probe(flat), expected)
    with torch.inference_mode():
        probe.eval()(flat)
    assert fact_pipe.take().probe == [
        {"grad_enabled": True, "training": False},
        {"grad_enabled": False, "training": True},
        {"grad_enabled": False, "training": False},
    ]
    assert ProbeMLP().training


def test_probe_mlp_in_float64_keeps_the_values():
    state = mlp_state(6, dtype=torch.float64)
    probe = ProbeMLP(state)
    assert all(torch.equal(probe.state_dict()[k], state[k]) for k in MLP_KEYS)


def test_probe_mlp_in_float64_computes_float32_batches_in_float64():
    state = mlp_state(8, dtype=torch.float64)
    x = torch.rand(3, 1, 28, 28)  # float32, as the loaders give
    logits = ProbeMLP(state)(x)
    assert logits.dtype == torch.float64
    assert torch.equal(logits, ProbeMLP(state)(x.double()))


@pytest.fixture
def student(tmp_path):
    (tmp_path / "topic.py").write_text(SUBMISSION)
    boxes = TopicSandboxes(tmp_path, timeout=10, memory_mb=2048)
    yield Student(boxes)
    boxes.close()


def test_built_in_the_sandbox_and_handed_to_a_submission(student):
    kit = student.topic.kit_function
    state = mlp_state(7)
    x, y = torch.randn(10, 1, 28, 28), torch.randint(0, 10, (10,))
    probe = kit(ProbeMLP).keep(state, False)
    loader = kit(tensor_loader).keep(x, y, 4)
    optimizer = kit(make_optimizer).keep(probe, "sgd", 0.0)
    assert isinstance(probe, RemoteObject) and probe.type_name == "ProbeMLP"
    assert isinstance(loader, RemoteObject) and isinstance(optimizer, RemoteObject)
    epoch = student.topic.one_epoch.call(probe, loader, optimizer)
    assert epoch.value == 3
    assert epoch.probe_modes == [{"grad_enabled": True, "training": True}]
    testing = student.topic.test_pass.call(probe, loader)
    with torch.no_grad():
        expected = ProbeMLP(state)(x).argmax(1).tolist()
    assert sum(testing.value, []) == expected
    assert testing.probe_modes == [{"grad_enabled": False, "training": False}]
    after = probe.state_dict()  # lr = 0: the weights did not move
    assert all(torch.equal(after[k], state[k]) for k in MLP_KEYS)
