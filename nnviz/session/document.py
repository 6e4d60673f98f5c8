"""A document: one network the user works on, and everything that belongs to it.

A :class:`Document` is a value a window *shows* (a window can show two side by side): its
network, input, target, learning rate and description with their traces
(:class:`~nnviz.session.observable.ObservableState`), its data set (where training
examples come from), its file, its step cursor (:attr:`Document.stepper`), its training
(:attr:`Document.training`: recipe, state, history) and its edit API
(:attr:`Document.edits`, whose recorder the window points at an undo stack). Nothing in it
knows about windows, Qt or training processes.
"""

from __future__ import annotations

import os
from pathlib import Path

from psygnal import Signal

from nnviz.core.data import DataSource, MnistSource
from nnviz.core.network import Network
from nnviz.core.presets import Preset, load_network_source, load_preset
from nnviz.core.training.recipes import MNIST_RECIPE
from nnviz.session.edits import Edits
from nnviz.session.observable import ObservableState
from nnviz.session.state import DocumentState
from nnviz.session.stepper import Stepper
from nnviz.session.training import TrainingModel
from nnviz.session.view import ViewSettings

#: MNIST's shape, (inputs, outputs): a network of this shape trains on MNIST by default.
MNIST_SHAPE = (784, 10)


class _Default:
    """The data set a document gets when none is given (see :func:`default_data`)."""


DEFAULT = _Default()


def default_data(network: Network, current: DataSource | None = None) -> DataSource | None:
    """The data set a network is trained on when what it is opened from names none.

    The document's current data set if the network fits it; else the bundled MNIST for a
    network of MNIST's shape; else the current one still (which then says why the network
    does not fit it), or none.
    """
    if current is not None:
        shape = current.shape()
        if shape is None or not shape.refusal(network.input_size, network.output_size, ""):
            return current
    if (network.input_size, network.output_size) == MNIST_SHAPE:
        return MnistSource()
    return current


class Document(ObservableState):
    """One document (see the module docstring).

    Parameters
    ----------
    preset : Preset, optional
        What it opens on (the lecture's feedforward example by default).
    data : DataSource or None, optional
        Its data set (by default :func:`default_data` of its network). Opening another
        network keeps it unless told otherwise (see :func:`default_data`).

    Signals
    -------
    Those of :class:`ObservableState`, and:

    data_changed(DataSource or None)
        The data set changed.
    path_changed()
        The document's file (or its name) changed.
    """

    data_changed = Signal(object)
    path_changed = Signal()

    def __init__(
        self, preset: Preset | None = None, data: DataSource | _Default | None = DEFAULT
    ) -> None:
        super().__init__(preset)
        self._data = default_data(self.network) if isinstance(data, _Default) else data
        self._path: Path | None = None
        self.edits = Edits(self)
        self.stepper = Stepper(self)
        self.training = TrainingModel()
        self._fit_recipe(None, self._data)
        self.training.follow_learning_rate(self.learning_rate)
        self.learning_rate_changed.connect(self.training.follow_learning_rate)

    # -- what else it holds -------------------------------------------------------------------

    @property
    def data(self) -> DataSource | None:
        """Where its training examples come from (None: it has none)."""
        return self._data

    def set_data(self, source: DataSource | None, edited: bool = False) -> None:
        """Train on ``source`` from now on (None: nothing to train on); ``edited``: the
        user changed it (the session is marked modified: a data set is saved with it)."""
        if source != self._data:
            self._fit_recipe(self._data, source)
            self._data = source
            self.data_changed.emit(source)
            if edited:
                self._set_modified(True)

    def _fit_recipe(self, old: DataSource | None, new: DataSource | None) -> None:
        """Only MNIST's recipe moves the training images (other data have no pixels to
        move): give the recipe that shift when the data turns to MNIST, take it away when
        they turn from it."""
        to_mnist = isinstance(new, MnistSource)
        if to_mnist != isinstance(old, MnistSource) and not self.training.active:
            self.training.set_config(augment_shift=MNIST_RECIPE.augment_shift * to_mnist)

    @property
    def path(self) -> Path | None:
        """The session file the document was opened from or saved to (None: none yet)."""
        return self._path

    def set_path(self, path: str | os.PathLike[str] | None) -> None:
        """Say which session file the document is (after saving, or opening one)."""
        new = None if path is None else Path(path)
        if new != self._path:
            self._path = new
            self.path_changed.emit()

    @property
    def display_name(self) -> str:
        """What a window title calls the document: its file's name, else its title."""
        return self._path.name if self._path is not None else self.description.title

    # -- opening ------------------------------------------------------------------------------

    def open_state(
        self,
        state: DocumentState,
        view: ViewSettings | None = None,
        data: DataSource | _Default | None = DEFAULT,
        path: str | os.PathLike[str] | None = None,
    ) -> None:
        """Open ``state`` as the document (unmodified), with its view, data set and file.

        Raises
        ------
        ValueError
            If the input, target or selection do not fit the network; nothing changes.
        """
        self._open(state, view)
        if isinstance(data, _Default):
            data = default_data(state.network, self._data)
        self.set_data(data)
        self.set_path(path)
        self.opened.emit()

    def open_preset(self, name: str) -> None:
        """Open a bundled preset by name (KeyError if there is none)."""
        self.open_state(DocumentState.from_preset(load_preset(name)))

    def open_source(self, name_or_file: str | os.PathLike[str]) -> None:
        """Open a preset name or a weights file; a refused file raises and changes nothing."""
        self.open_state(DocumentState.from_preset(load_network_source(name_or_file)))
