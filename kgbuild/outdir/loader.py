"""The on-disk store of a build, loaded in a thread of its own while the build writes its graphs.

pyoxigraph parses and loads without Python's lock, so the store fills on a core the build would
leave idle while it converts facts to quads: by the time the last graph is written, what is left
is the last batch, the ontology and compacting the store.
"""

from __future__ import annotations

import queue
import threading
from pathlib import Path

import pyoxigraph as ox

from kgbuild.errors import OutputError
from kgbuild.ontology.vocab import ONTOLOGY_IRI
from kgbuild.resources import ontology_file

#: What the loading thread is given: a batch of N-Quads lines, or the word to stop.
_DONE, _STOP = "done", "stop"


def load_batch(store: ox.Store, batch: bytes, *, checked: bool = True) -> None:
    """Load a batch of whole N-Quads lines into ``store``. ``checked=False`` for the lines a build
    writes itself, whose IRIs and language tags are valid by construction (minted under a base
    checked as an IRI, every segment %-encoded; tags checked as documents and facts files are
    read): Oxigraph's lenient parse, which leaves out its own checks of them, a fifth of the
    loading's CPU. The TriG file is written from the same lines with every check
    (:func:`~kgbuild.outdir.output.write_trig`): a line that slipped through stops the build."""
    if b"_:" in batch:  # parsed here: a blank node keeps its label from batch to batch
        store.bulk_extend(ox.parse(input=batch, format=ox.RdfFormat.N_QUADS, lenient=not checked))
    else:  # the bulk loader's own parse names blank nodes afresh
        store.bulk_load(input=batch, format=ox.RdfFormat.N_QUADS, lenient=not checked)


def complete(store: ox.Store) -> None:
    """The ontology, in its own graph; then the store flushed and compacted."""
    store.bulk_load(
        path=str(ontology_file()), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ONTOLOGY_IRI)
    )
    store.flush()
    store.optimize()


class StoreLoader:
    """Loads the store at ``path`` from the lines given to :meth:`add`, in a thread, in batches of
    at least ``batch`` lines (the parts given, whole; ``checked``: see :func:`load_batch`); after
    :meth:`done` it adds the ontology, and :meth:`wait` waits for the store to be whole. At most two
    batches wait for the thread (the writer waits when it is that far ahead): memory stays flat."""

    def __init__(self, path: Path, batch: int, *, checked: bool = True) -> None:
        self._store: ox.Store | None = ox.Store(str(path))
        self._batch = batch
        self._checked = checked  # see load_batch
        self._parts: list[bytes] = []
        self._count = 0  # lines in the parts
        self._queue: queue.Queue[bytes | str] = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._load, name="kgbuild-store", daemon=True)
        self._thread.start()

    def add(self, lines: bytes, count: int) -> None:
        """``count`` N-Quads lines, each whole, ending in a newline, in UTF-8."""
        self._parts.append(lines)
        self._count += count
        if self._count >= self._batch:
            self._send()

    def done(self) -> None:
        """No more lines: the thread loads what is left and the ontology (:meth:`wait` for it)."""
        self._send()
        self._put(_DONE)

    def wait(self) -> None:
        """Wait until the store is written and closed."""
        self._join()
        if self._error is not None:
            raise OutputError(f"the store could not be written: {self._error}") from self._error

    def abort(self) -> None:
        """Stop loading (the build failed): the thread ends and the store is closed."""
        self._parts, self._count = [], 0
        if self._store is not None:
            self._put(_STOP)
        self._join()

    def _send(self) -> None:
        if self._parts:
            batch, self._parts, self._count = b"".join(self._parts), [], 0
            self._put(batch)

    def _put(self, item: bytes | str) -> None:
        while self._thread.is_alive():  # a thread that failed takes nothing more
            try:
                self._queue.put(item, timeout=0.5)
                return
            except queue.Full:
                continue

    def _join(self) -> None:
        self._thread.join()
        self._store = None  # closed: nothing else holds it

    def _load(self) -> None:
        store = self._store
        assert store is not None
        try:
            while isinstance(item := self._queue.get(), bytes):
                load_batch(store, item, checked=self._checked)
            if item == _DONE:
                complete(store)
        except BaseException as err:  # raised in the build by wait()
            self._error = err
        finally:
            del store
