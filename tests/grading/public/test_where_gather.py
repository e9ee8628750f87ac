"""Public checks for topic `where_gather` (高阶操作 where / gather). Oracles: torch.relu,
torch.gather and plain indexing."""

import pytest
import torch

from grader.checks import assert_not_using, assert_tensor, randint, randn

exercise = pytest.mark.exercise
points = pytest.mark.points


@exercise("where_gather.relu_where")
@points(1)
def test_relu_where(student):
    x = randn(3, 4, seed=1)
    assert_tensor(student.where_gather.relu_where(x), torch.relu(x))


@exercise("where_gather.gather_by_hand")
@points(1)
def test_gather_by_hand(student):
    fn = student.where_gather.gather_by_hand
    x = randn(3, 4, seed=2)
    index = randint(0, 4, (3, 2), seed=3)
    call = fn.call(x, 1, index)
    assert_tensor(call.value, torch.gather(x, 1, index))
    assert_not_using(fn, call, {"gather", "take_along_dim"})


@exercise("where_gather.map_indices_to_labels")
@points(1)
def test_map_indices_to_labels(student):
    indices = randint(0, 6, (3, 2), seed=4)
    labels = torch.arange(6) + 10
    expected = torch.gather(labels.expand(3, 6), 1, indices)
    assert_tensor(student.where_gather.map_indices_to_labels(indices, labels), expected)


@exercise("where_gather.pick_target_scores")
@points(1)
def test_pick_target_scores(student):
    scores = randn(4, 5, seed=5)
    targets = torch.tensor([4, 0, 2, 2])
    expected = torch.stack([scores[0, 4], scores[1, 0], scores[2, 2], scores[3, 2]])
    assert_tensor(student.where_gather.pick_target_scores(scores, targets), expected)
