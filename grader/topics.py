"""Where topics, suites and submissions are, and the order the course teaches the topics in."""

from __future__ import annotations

from pathlib import Path

# The course's order (docs/curriculum.md); topics not listed sort after these, by name.
COURSE_ORDER = [
    "gradient_descent",
    "tensor_basics",
    "indexing",
    "dims",
    "broadcast",
    "merge_split",
    "math_stats",
    "where_gather",
    "gradients",
    "backprop",
    "optimization",
    "logistic",
    "mlp_mnist",
    "regularization",
    "conv",
    "cnn",
    "augmentation",
    "rnn",
    "lstm",
    "autoencoder",
    "gan",
    "transfer",
]

# The topics whose grading trains with torch.optim (in the judge's oracles or the submission's
# code): the only ones that need torch._dynamo, which torch.optim imports at its first step (see
# grader.dynamo_deferred). A kit test grades each topic's reference to check this set.
TRAINING_TOPICS = frozenset({"gradient_descent", "optimization", "mlp_mnist", "rnn", "gan"})


def trains(topics) -> bool:
    """Whether grading `topics` (None: all of them) trains with torch.optim somewhere."""
    return topics is None or not TRAINING_TOPICS.isdisjoint(topics)


def course_order(topic: str):
    return (COURSE_ORDER.index(topic), "") if topic in COURSE_ORDER else (len(COURSE_ORDER), topic)


def kit_root() -> Path:
    """The folder that holds the grader package (a kit checkout or a student bundle)."""
    return Path(__file__).resolve().parent.parent


def find_suites(start: Path | None = None) -> Path | None:
    """`tests/grading` beside the grader package (an editable install of a kit or a bundle), else
    in the current folder or one above it."""
    for base in [kit_root(), *([start] if start else []), Path.cwd(), *Path.cwd().parents]:
        candidate = base / "tests" / "grading"
        if candidate.is_dir():
            return candidate
    return None


def suite_files(suites: Path) -> dict[str, list[Path]]:
    """topic -> its suite files (public first, then hidden)."""
    files: dict[str, list[Path]] = {}
    for visibility in ("public", "hidden"):
        folder = suites / visibility
        if folder.is_dir():
            for f in sorted(folder.glob("test_*.py")):
                files.setdefault(f.stem.removeprefix("test_"), []).append(f)
    return dict(sorted(files.items(), key=lambda kv: course_order(kv[0])))


def submission_modules(folder: Path, known_topics) -> list[str]:
    """The known topics that have a module in `folder`."""
    return [t for t in known_topics if (folder / f"{t}.py").is_file()]
