"""Qt-free, observable documents (psygnal signals), main thread only.

- :class:`Document`: one network the user works on, with its input, target, learning
  rate, data set, file, step cursor (:class:`~nnviz.session.stepper.Stepper`), training
  (:class:`~nnviz.session.training.TrainingModel`) and edit API
  (:class:`~nnviz.session.edits.Edits`).
- :class:`Workspace`: the documents one window shows, one of them active.
- :class:`DocumentState`, :class:`Description`, :class:`ViewSettings`: immutable values
  (undo keeps states; session files store them).

Importing this package loads no Qt, no multiprocessing and nothing of the training runner.
"""

from nnviz.session.document import Document
from nnviz.session.edits import Edit, EditRecorder, Edits
from nnviz.session.state import Description, DocumentState
from nnviz.session.view import ViewSettings
from nnviz.session.workspace import Workspace

__all__ = [
    "Description",
    "Document",
    "DocumentState",
    "Edit",
    "EditRecorder",
    "Edits",
    "ViewSettings",
    "Workspace",
]
