"""One registry of a window's actions: it builds the menus, owns the shortcuts, writes Help.

Every feature registers what it can do here (:meth:`ActionRegistry.add`) instead of
adding to menus itself: a name (``"file.save"``), the menu and section it goes in, its
shortcut and the line Help ▸ Keyboard and mouse shortcuts shows for it. The registry
refuses a second action claiming a key that another already has (:class:`ShortcutClash`),
so no two features can fight over one; :meth:`ActionRegistry.build_menus` then lays out
the menu bar (menus in :data:`MENUS` order, sections separated), and
:meth:`ActionRegistry.help_rows` gives the Help page, which therefore always lists the
keys that really work. Related actions share one Help line (``help_with=``: "Ctrl+Z /
Ctrl+Shift+Z — undo / redo").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

#: The menus of the menu bar, in order, with their mnemonic titles.
MENUS: tuple[tuple[str, str], ...] = (
    ("File", "&File"),
    ("Edit", "&Edit"),
    ("View", "&View"),
    ("Train", "&Train"),
    ("Playground", "&Playground"),
    ("Step", "&Step"),
    ("Help", "&Help"),
)
#: The Help page's sections, in order.
HELP_SECTIONS = ("file", "edit", "view", "mouse", "step", "keys", "train", "help")
#: How Help writes keys whose names say less than a symbol.
_KEY_SYMBOLS = {"Right": "→", "Left": "←", "Up": "↑", "Down": "↓"}

Shortcut = str | QKeySequence.StandardKey | Sequence[str] | None


class ShortcutClash(ValueError):
    """Two actions claimed one key."""


@dataclass
class _Entry:
    """One item of a menu: an action or a submenu, in a section."""

    section: str
    action: QAction | None = None
    submenu: QMenu | None = None


@dataclass
class _Menu:
    entries: list[_Entry] = field(default_factory=list)


def key_sequences(shortcut: Shortcut) -> list[QKeySequence]:
    """The key sequences ``shortcut`` stands for (a standard key: the platform's first
    binding, as ``QAction.setShortcut`` takes it: Ctrl+O, not also the Open media key)."""
    if shortcut is None:
        return []
    if isinstance(shortcut, QKeySequence.StandardKey):
        sequence = QKeySequence(shortcut)
        return [] if sequence.isEmpty() else [sequence]  # none on this platform
    if isinstance(shortcut, str):
        return [QKeySequence(shortcut)]
    return [QKeySequence(text) for text in shortcut]


class ActionRegistry:
    """The actions of one window (see the module docstring).

    Parameters
    ----------
    window : QWidget
        Owns the actions; window-wide shortcuts work anywhere in it.
    """

    def __init__(self, window: QWidget) -> None:
        self.window = window
        self._actions: dict[str, QAction] = {}
        self._keys: dict[str, str] = {}
        self._menus: dict[str, _Menu] = {name: _Menu() for name, _ in MENUS}
        #: Help lines, in the order added: (section, keys, what) or (section, action name, what).
        self._help: list[tuple[str, str, str, bool]] = []
        #: The keys each action shows in Help.
        self._shown_keys: dict[str, list[QKeySequence]] = {}
        #: Actions whose keys join another action's Help line: that action's name.
        self._help_with: dict[str, str] = {}
        self.menus: dict[str, QMenu] = {}

    # -- registering --------------------------------------------------------------------------

    def add(
        self,
        name: str,
        text: str,
        slot: Callable[[], object] | None = None,
        *,
        menu: str | None = None,
        section: str = "",
        shortcut: Shortcut = None,
        help: str = "",
        help_section: str = "",
        help_with: str = "",
        tip: str = "",
        status_tip: str = "",
        checkable: bool = False,
        context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut,
        widget: QWidget | None = None,
        action: QAction | None = None,
        after: str | None = None,
    ) -> QAction:
        """Register an action (and return it).

        Parameters
        ----------
        name : str
            Unique, dotted: ``"file.save"``, ``"step.forward"``.
        text : str
            Its menu text (with a mnemonic ``&``).
        slot : callable, optional
            What triggering it does.
        menu : str, optional
            One of :data:`MENUS` (None: in no menu, e.g. a panel's button only).
        section : str
            Actions of one section are grouped between separators, in the order added.
        shortcut : str, StandardKey or list of str, optional
            Its keys; a key another action has raises :class:`ShortcutClash`.
        help, help_section : str
            The line Help shows beside its keys (none: not listed), in which section.
        help_with : str, optional
            Another action whose Help line this one's key joins (its first key is written
            after that action's: "Ctrl+Z / Ctrl+Shift+Z"); that line's text says what both
            do. The other action may be registered later.
        tip : str
            Tooltip and status tip.
        status_tip : str
            A status tip only (what the status bar says while the menu item is hovered).
        checkable : bool
        context : Qt.ShortcutContext
            Where the shortcut works (the window, by default).
        widget : QWidget, optional
            For a widget-wide shortcut: the widget it belongs to (the diagram).
        action : QAction, optional
            An action made elsewhere (the undo group's) to register instead of a new one.
        after : str, optional
            Put it just after this action (in that action's section), not at the end.
        """
        if name in self._actions:
            raise ValueError(f"an action is already called {name!r}")
        sequences = key_sequences(shortcut)
        for sequence in sequences:
            key = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            if key in self._keys:
                raise ShortcutClash(f"{name} claims {key}, which is {self._keys[key]}'s")
        made = action if action is not None else QAction(text, self.window)
        if action is None and slot is not None:
            made.triggered.connect(lambda _=False: slot())
        made.setCheckable(checkable or made.isCheckable())
        if sequences:
            made.setShortcuts(sequences)
            made.setShortcutContext(context)
            for sequence in sequences:
                self._keys[sequence.toString(QKeySequence.SequenceFormat.PortableText)] = name
        if tip:
            made.setToolTip(tip)
            made.setStatusTip(tip)
        if status_tip:
            made.setStatusTip(status_tip)
        (widget if widget is not None else self.window).addAction(made)
        if menu is not None:
            entries = self._menus[menu].entries
            entry = _Entry(section, action=made)
            anchor = self._actions.get(after) if after is not None else None
            places = [i for i, e in enumerate(entries) if anchor is not None and e.action is anchor]
            if places:
                entry.section = entries[places[0]].section
                entries.insert(places[0] + 1, entry)
            else:
                entries.append(entry)
        self._actions[name] = made
        self._shown_keys[name] = sequences
        if help_with:
            self._help_with[name] = help_with
        elif help and sequences:
            section = help_section or (menu or "").lower()
            self._help.append((self._section(section), name, help, True))
        return made

    def add_submenu(
        self, menu: str, title: str, section: str = "", submenu: QMenu | None = None
    ) -> QMenu:
        """A submenu of ``menu`` that a feature fills (presets, recent files, themes), or
        ``submenu`` made elsewhere (View ▸ Panels)."""
        made = submenu if submenu is not None else QMenu(title, self.window)
        self._menus[menu].entries.append(_Entry(section, submenu=made))
        return made

    def add_help(self, keys: str, what: str, section: str = "help") -> None:
        """A line of the Help page with no action of its own (mouse gestures, Esc)."""
        self._help.append((self._section(section), keys, what, False))

    @staticmethod
    def _section(section: str) -> str:
        return section if section in HELP_SECTIONS else "help"

    # -- reading ------------------------------------------------------------------------------

    def action(self, name: str) -> QAction:
        """The action registered as ``name`` (KeyError if none)."""
        return self._actions[name]

    def __contains__(self, name: str) -> bool:
        return name in self._actions

    def owner_of(self, key: str) -> str | None:
        """The action that has ``key`` (portable text, ``"Ctrl+S"``), or None."""
        return self._keys.get(QKeySequence(key).toString(QKeySequence.SequenceFormat.PortableText))

    def keys_text(self, name: str) -> str:
        """An action's keys as Help writes them: ``"Ctrl+Shift+Z / Ctrl+Y"``, ``"→"``; with
        the actions that share its line, the first key of each: ``"Ctrl+Z / Ctrl+Shift+Z"``."""
        joined = [other for other, host in self._help_with.items() if host == name]
        if joined:
            sequences = [keys[0] for n in (name, *joined) if (keys := self._shown_keys[n])]
        else:
            sequences = self._shown_keys.get(name, [])
        return " / ".join(_key_text(s) for s in sequences)

    def help_rows(self) -> list[tuple[str, str]]:
        """The Help page: ``(keys, what they do)``, section by section."""
        order = {section: i for i, section in enumerate(HELP_SECTIONS)}
        rows = sorted(enumerate(self._help), key=lambda item: (order[item[1][0]], item[0]))
        return [
            (self.keys_text(keys) if is_action else keys, what)
            for _, (_, keys, what, is_action) in rows
        ]

    # -- the menu bar -------------------------------------------------------------------------

    def build_menus(self, bar: QMenuBar) -> None:
        """Lay out every registered action and submenu in ``bar``."""
        for name, title in MENUS:
            entries = self._menus[name].entries
            if not entries:
                continue
            menu = bar.addMenu(title)
            self.menus[name] = menu
            sections: list[str] = []
            for entry in entries:
                if entry.section not in sections:
                    sections.append(entry.section)
            for i, section in enumerate(sections):
                if i:
                    menu.addSeparator()
                for entry in entries:
                    if entry.section != section:
                        continue
                    if entry.action is not None:
                        menu.addAction(entry.action)
                    elif entry.submenu is not None:
                        menu.addMenu(entry.submenu)


def _key_text(sequence: QKeySequence) -> str:
    """``sequence`` as Help writes it: ``"Ctrl+Shift+Z"``, ``"→"``, ``"Ctrl+−"``."""
    text = sequence.toString(QKeySequence.SequenceFormat.NativeText)
    text = _KEY_SYMBOLS.get(text, text)
    return text[:-1] + "−" if text.endswith("+-") else text
