"""The judge's end of a sandbox's socket: whole frames, each read and write against a deadline.

The sandbox speaks multiprocessing's framing (``Connection.send_bytes``: a 4-byte big-endian
length, or -1 and an 8-byte length, then the bytes). The judge does not use ``recv_bytes``: once
one byte has arrived it blocks until the frame is complete, so half a frame and then silence
would stop the grading for good, and a sandbox that stops reading would block the judge's
``send_bytes`` just as well. Here the judge's end is non-blocking and every wait is a
``select`` bounded by the call's deadline; a frame's announced size is checked against the limit
before anything is allocated.
"""

from __future__ import annotations

import os
import select
import struct


class ChannelClosed(Exception):
    """The sandbox closed its end (it exited or crashed)."""


class ChannelTimeout(Exception):
    """The deadline passed with the frame incomplete."""


class FrameTooLarge(Exception):
    def __init__(self, size: int, limit: int):
        super().__init__(f"announced a reply of {size:,} bytes, more than the {limit:,} allowed")
        self.size, self.limit = size, limit


def _header(size: int) -> bytes:
    if size > 0x7FFFFFFF:
        return struct.pack("!i", -1) + struct.pack("!Q", size)
    return struct.pack("!i", size)


class Channel:
    """Frames over the socket `fd` (made non-blocking here); `deadline` is a
    grader.sandbox.process.CallDeadline (`next_wait()`, `expired()`)."""

    def __init__(self, fd: int):
        self.fd = fd
        os.set_blocking(fd, False)
        # A pidfd of the process at the other end, where that end is shared with a process that
        # outlives it (a forked sandbox's process 1): its exit closes the channel as well.
        self.peer_exit_fd: int | None = None

    def send(self, payload: bytes, deadline) -> None:
        view = memoryview(_header(len(payload)) + payload)
        while view:
            try:
                sent = os.write(self.fd, view)
            except BlockingIOError:
                sent = 0
            except (BrokenPipeError, ConnectionResetError):
                raise ChannelClosed() from None
            view = view[sent:]
            if view:
                self._wait(deadline, write=True)

    def receive(self, deadline, limit: int) -> bytes:
        (size,) = struct.unpack("!i", self._read_exactly(4, deadline))
        if size == -1:
            (size,) = struct.unpack("!Q", self._read_exactly(8, deadline))
        if size < 0 or size > limit:
            raise FrameTooLarge(size, limit)
        return self._read_exactly(size, deadline)

    def discard(self) -> None:
        """Drop whatever has arrived and not been read (from processes since killed)."""
        while True:
            try:
                if not os.read(self.fd, 1 << 20):
                    return
            except (BlockingIOError, ConnectionResetError):
                return

    def _read_exactly(self, n: int, deadline) -> bytes:
        chunks, missing = [], n
        while missing:
            try:
                chunk = os.read(self.fd, min(missing, 1 << 20))
            except BlockingIOError:
                self._wait(deadline)
                continue
            except ConnectionResetError:
                raise ChannelClosed() from None
            if not chunk:
                raise ChannelClosed()
            chunks.append(chunk)
            missing -= len(chunk)
        return b"".join(chunks)

    def _wait(self, deadline, write=False) -> None:
        exit_fd = [] if self.peer_exit_fd is None else [self.peer_exit_fd]
        while True:
            waiting = (exit_fd, [self.fd]) if write else ([self.fd, *exit_fd], [])
            readable, writable, _ = select.select(*waiting, [], deadline.next_wait())
            if self.fd in readable or writable:
                return
            if readable:  # only the pidfd: the peer has exited
                raise ChannelClosed()
            if deadline.expired():
                raise ChannelTimeout()
