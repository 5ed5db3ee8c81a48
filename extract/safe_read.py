"""Sandboxed reading: each report file is parsed in a separate worker process with a time and
a memory limit, and zip-based files are checked for decompression bombs before parsing.

A hostile or broken file costs at most the time limit and never the calling process: a parse
that hangs is killed, one that eats memory hits ``RLIMIT_AS`` in the worker, and a crash of
the parser (even a segfault) comes back as a :class:`~extract.readers.ReadError` naming the
file and the problem, so a batch goes on with the next file::

    with SafeReader() as reader:
        for result in reader.read_all(find_report_files(["incoming/"])):
            if result.error: print(result.error)        # "bomb.docx: looks like a zip bomb ..."
            else: handle(result.document)

One worker serves many files (starting Python per file is slow); it is replaced after any
file that timed out, ran out of memory or crashed. Results come back as JSON, never pickle.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from extract.readers import (  # noqa: F401 (check_zip_bomb and the zip constants: part of this module's API)
    NESTED_ARCHIVE_SUFFIXES,
    ZIP_MAGIC,
    ZIP_SUFFIXES,
    Document,
    Limits,
    ReadError,
    _megabytes,
    check_zip_bomb,
)

DEFAULT_READER = "extract.readers:read_document"
#: How long a new worker may take to load Python and the parsers before its first file.
STARTUP_SECONDS = 120.0
_REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass
class SafeReadResult:
    """What reading one file gave: a Document, or the ReadError saying what went wrong."""

    path: Path
    document: Document | None = None
    error: ReadError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


# --- decompression bombs ------------------------------------------------------------------------


def is_zip_based(path: str | os.PathLike[str]) -> bool:
    """Whether a file is a zip container (by its first bytes, or a zip-based suffix)."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            if handle.read(4) == ZIP_MAGIC:
                return True
    except OSError:
        return False
    return path.suffix.lower() in ZIP_SUFFIXES


# --- the worker process ----------------------------------------------------------------------------


class SafeReader:
    """Reads files one at a time in a worker process under ``limits``; use as a context manager."""

    def __init__(
        self, limits: Limits = Limits(), reader: str = DEFAULT_READER, ocr_language: str | None = None
    ) -> None:
        if ":" not in reader:
            raise ValueError("reader must be 'module:function'")
        self.limits = limits
        self.reader = reader
        self.ocr_language = ocr_language
        self._process: subprocess.Popen[bytes] | None = None
        self._buffer = b""
        self._worker_closed = False  # the last read ended because the worker closed its pipe

    # -- lifecycle --------------------------------------------------------------------------------

    def _start(self) -> subprocess.Popen[bytes]:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_REPO_ROOT), env.get("PYTHONPATH", "")]))
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        config = {"reader": self.reader, "memory_bytes": self.limits.memory_bytes, "limits": asdict(self.limits)}
        self._process = subprocess.Popen(
            [sys.executable, "-m", "extract.safe_read", "--worker", json.dumps(config)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=str(_REPO_ROOT),
            start_new_session=True,
        )
        self._buffer = b""
        return self._process

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                process.kill()
        process.wait()
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()

    def close(self) -> None:
        self._stop()

    def __enter__(self) -> SafeReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ----------------------------------------------------------------------------------

    def read(self, path: str | os.PathLike[str]) -> Document:
        """The Document of one file, or ReadError naming the file and the problem."""
        path = Path(path)
        process = self._process
        if process is None or process.poll() is not None:
            process = self._start()
            ready = self._read_line(process, STARTUP_SECONDS)  # Python and the parsers loading is not the file's time
            if ready is None or not ready.startswith(b'{"progress"'):
                self._stop()
                raise ReadError(path, "the reader process could not be started")
        request = {"path": str(path.resolve()), "max_bytes": self.limits.max_file_bytes}
        if self.ocr_language:
            request["ocr_language"] = self.ocr_language
        try:
            assert process.stdin is not None
            process.stdin.write((json.dumps(request) + "\n").encode("utf-8"))
            process.stdin.flush()
        except (BrokenPipeError, OSError):
            self._stop()
            raise ReadError(path, "the reader process could not be started") from None
        started = time.monotonic()
        paged = False
        while True:  # OCR says when it has read a page: each restarts the clock
            line = self._read_line(process, self.limits.seconds)
            if line is None or not line.startswith(b'{"progress"'):
                break
            if time.monotonic() - started > self.limits.max_seconds:  # pages keep coming, past the cap
                line = None
                paged = True
                break
        if line is None:
            timed_out = not self._worker_closed
            if not timed_out:
                try:  # its pipe closed first; the exit status follows (after a core dump, say)
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    pass
            self._stop()
            code = process.returncode
            if paged:
                raise ReadError(path, f"timed out: reading took longer than {self.limits.max_seconds:g} s in all "
                                      "and was stopped")  # fmt: skip
            if timed_out:
                raise ReadError(path, f"timed out: reading took longer than {self.limits.seconds:g} s and was stopped")
            raise ReadError(path, f"the reader crashed on this file ({_describe_exit(code)})")
        reply = json.loads(line)
        if reply.get("ok"):
            return Document.from_dict(reply["document"])
        if reply.get("restart"):
            self._stop()  # a worker that ran out of memory is not trusted with the next file
        raise ReadError(path, reply.get("problem") or "could not be read")

    def read_all(self, paths: Iterable[str | os.PathLike[str]]) -> Iterator[SafeReadResult]:
        """Read each file in turn; a failure is reported in its result and the batch goes on."""
        for raw in paths:
            path = Path(raw)
            try:
                yield SafeReadResult(path, document=self.read(path))
            except ReadError as error:
                yield SafeReadResult(path, error=error)

    def _read_line(self, process: subprocess.Popen[bytes], seconds: float) -> bytes | None:
        """One reply line from the worker, or None on timeout or when the worker died."""
        assert process.stdout is not None
        descriptor = process.stdout.fileno()
        deadline = time.monotonic() + seconds
        self._worker_closed = False
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            ready, _, _ = select.select([descriptor], [], [], remaining)
            if not ready:
                return None
            chunk = os.read(descriptor, 1 << 16)
            if not chunk:
                self._worker_closed = True
                return None
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line


def safe_read_document(
    path: str | os.PathLike[str],
    limits: Limits = Limits(),
    reader: str = DEFAULT_READER,
    ocr_language: str | None = None,
) -> Document:
    """Read one file in its own worker process (see :class:`SafeReader` to read many)."""
    with SafeReader(limits, reader, ocr_language) as safe_reader:
        return safe_reader.read(path)


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "no exit status"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        if -code == signal.SIGKILL:
            return f"killed by {name}: most likely it ran out of memory"
        return f"killed by {name}"
    return f"exit status {code}"


# --- inside the worker -----------------------------------------------------------------------------


def _worker(config_text: str) -> None:
    """Serve read requests (one JSON line each) from stdin until it closes."""
    import importlib
    import resource

    config = json.loads(config_text)
    limits = Limits(**config["limits"])
    module_name, function_name = config["reader"].split(":", 1)
    read = getattr(importlib.import_module(module_name), function_name)
    # load the parsers' code before the memory limit, so the limit is spent on files only
    for name in ("pdfminer.high_level", "docx", "bs4", "charset_normalizer", "PIL.Image", "pypdfium2"):
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    import inspect

    takes_progress = "progress" in inspect.signature(read).parameters
    memory = int(config["memory_bytes"])
    if memory > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    # replies go out on a private copy of stdout; anything a parser prints goes to stderr
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)

    def heartbeat() -> None:  # ready, or a page was read: the parent gives the file more time
        replies.write('{"progress": true}\n')
        replies.flush()

    heartbeat()  # ready: the parent starts the file's clock now

    for line in sys.stdin:
        request = json.loads(line)
        path = Path(request["path"])
        try:
            if is_zip_based(path):
                check_zip_bomb(path, limits)
            extra = {"ocr_language": request["ocr_language"]} if request.get("ocr_language") else {}
            if takes_progress:
                extra["progress"] = heartbeat
            document = read(path, request.get("max_bytes"), **extra)
            reply = {"ok": True, "document": asdict(document)}
        except ReadError as error:
            reply = {"ok": False, "problem": error.problem}
        except MemoryError:
            reply = {
                "ok": False,
                "restart": True,
                "problem": f"ran out of memory: reading needed more than {_megabytes(memory)} and was stopped",
            }
        except RecursionError:
            reply = {"ok": False, "problem": "too deeply nested to read (a hostile or broken file?)"}
        except Exception as error:  # noqa: BLE001 - any parser failure is this file's problem, not the batch's
            reply = {"ok": False, "problem": f"could not be read: {type(error).__name__}: {error}"}
        replies.write(json.dumps(reply) + "\n")
        replies.flush()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        _worker(sys.argv[2])
    else:
        print("extract.safe_read is started by SafeReader; it is not a command.", file=sys.stderr)
        sys.exit(2)
