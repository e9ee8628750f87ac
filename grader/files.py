"""Files that an exercise writes or reads, exchanged with the sandbox as bytes.

A sandbox sees none of the judge's folders (grader.sandbox.jail), so a check of, say,
``save_checkpoint(model, path)`` names a path in the sandbox's own working folder and fetches
the file's bytes from there, and a check of ``load_checkpoint`` sends the bytes first::

    files = SandboxFiles(student.cnn)
    path = files.path("ckpt.mdl")
    student.cnn.save_checkpoint(model, path)
    saved = torch.load(io.BytesIO(files.read(path)), weights_only=True)

The functions below run in the sandbox (``kit_function``): they hold no answer, and what they
return is the student's own file.
"""

from __future__ import annotations

import os

MAX_BYTES = 64 << 20


def sandbox_path(name: str) -> str:
    """A path for `name` in a folder of the sandbox's working folder (made here)."""
    folder = os.path.abspath("files")
    os.makedirs(folder, exist_ok=True)
    return os.path.join(folder, os.path.basename(name))


def read_bytes(path: str) -> bytes | None:
    """The file's bytes, or None when there is no such file."""
    if not os.path.isfile(path):
        return None
    with open(path, "rb") as f:
        data = f.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValueError(f"{path} is larger than {MAX_BYTES >> 20} MB")
    return data


def write_bytes(path: str, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)


class SandboxFiles:
    """The judge's side: `student.<topic>` in, paths and bytes out."""

    def __init__(self, topic):
        self._kit = topic.kit_function

    def path(self, name: str) -> str:
        return self._kit(sandbox_path)(name)

    def read(self, path: str) -> bytes | None:
        return self._kit(read_bytes)(path)

    def write(self, path: str, data: bytes) -> None:
        self._kit(write_bytes)(path, data)
