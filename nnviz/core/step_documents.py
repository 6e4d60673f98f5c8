"""The step list as a document for slides and handouts: Markdown or LaTeX.

Markdown keeps the sentences exactly as the window writes them (Unicode: w13, δ5, ∂C/∂w35,
−4), numbered as ``nnviz trace --steps`` numbers them, under a heading per phase. LaTeX
writes the same sentences in the lecture's notation as mathematics: ``w_{13} \\cdot x_{1}``,
``\\delta_{5}``, ``\\frac{\\partial C}{\\partial w_{35}}``, ``-4``, with the words (``node
3:``, explanations) as text, one ``\\item`` per step.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from nnviz.core.steps import PHASES, Step

PHASE_TITLES = {
    "forward": "Forward pass",
    "loss": "Loss",
    "backward": "Backward pass",
    "update": "Update",
}


def steps_markdown(steps: Sequence[Step], title: str = "") -> str:
    """The step list as Markdown: ``## Forward pass`` then ``1. node 3: …`` per step."""
    lines = [f"# {title}", ""] if title else []
    for phase in PHASES:
        numbered = [(i, s) for i, s in enumerate(steps, start=1) if s.phase == phase]
        if not numbered:
            continue
        lines += [f"## {PHASE_TITLES[phase]}", ""]
        lines += [f"{i}. {_markdown_escape(step.text)}" for i, step in numbered]
        lines.append("")
    return "\n".join(lines)


def _markdown_escape(text: str) -> str:
    # Only what Markdown would take for emphasis or a list marker inside a sentence.
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_")


def steps_latex(steps: Sequence[Step], title: str = "") -> str:
    """The step list as a LaTeX fragment (needs ``amsmath``): a ``\\section*`` per phase
    and an ``enumerate`` whose items keep the step numbers."""
    lines = ["% nnviz: the step list, in the lecture's notation (needs \\usepackage{amsmath})"]
    if title:
        lines.append(f"\\section*{{{_text(title)}}}")
    for phase in PHASES:
        numbered = [(i, s) for i, s in enumerate(steps, start=1) if s.phase == phase]
        if not numbered:
            continue
        lines.append(f"\\subsection*{{{PHASE_TITLES[phase]}}}")
        lines.append("\\begin{enumerate}")
        lines.append(f"\\setcounter{{enumi}}{{{numbered[0][0] - 1}}}")
        lines += [f"  \\item {sentence_latex(step.text)}" for _, step in numbered]
        lines.append("\\end{enumerate}")
    return "\n".join(lines) + "\n"


#: A prefix in words before the mathematics: ``node 3: `` or ``class 5: ``.
_PREFIX = re.compile(r"^((?:node|class|layer) [^:]+: )")
#: Words written as text inside the mathematics (three letters or more, not a function).
_WORD = re.compile(r"(?<![\\A-Za-z_{])([A-Za-z]{2,}(?:[ ,;]+[A-Za-z]+)*)(?![_{A-Za-z])")
_FUNCTION = re.compile(
    r"(?<![A-Za-z_])(leaky_relu|sigmoid|softmax|identity|step|relu|tanh)(?![A-Za-z_])"
)
#: Commands the conversion wrote, left alone by the word pass.
_COMMANDS = {"partial", "cdot", "sum", "eta", "approx", "leftarrow", "infty", "tfrac", "delta",
             "times", "to", "ln"}  # fmt: skip
_SCIENTIFIC = re.compile(r"(\d(?:\.\d+)?)e(-?)0*(\d+)")
_SUBSCRIPT = re.compile(r"(?<![A-Za-z\\])([xyzwvbC]|δ)(\d+(?:,\d+)?)")
_SYMBOLS = [
    ("∂C/∂", "\\partial C/\\partial "),
    ("Σₖ", "\\sum_k "),
    ("zₖ", "z_k"),
    ("vₖ", "v_k"),
    ("·", " \\cdot "),
    ("−", "-"),
    ("½", "\\tfrac{1}{2}"),
    ("²", "^{2}"),
    ("′", "'"),
    ("≈", "\\approx"),
    ("η", "\\eta"),
    ("←", "\\leftarrow"),
    ("∞", "\\infty"),
    ("×", "\\times"),
    ("→", "\\to"),
    ("%", "\\%"),
]


def sentence_latex(text: str) -> str:
    """One step sentence as LaTeX: words as text, the rest as inline mathematics."""
    prefix = ""
    match = _PREFIX.match(text)
    if match:
        prefix = _text(match.group(1))
        text = text[match.end() :]
    maths = text.replace("−", "-").replace("zₖ", "z_k").replace("vₖ", "v_k")
    maths = _SCIENTIFIC.sub(
        lambda m: f"{m.group(1)} \\times 10^{{{m.group(2)}{m.group(3)}}}", maths
    )
    maths = _SUBSCRIPT.sub(lambda m: f"{_greek(m.group(1))}_{{{m.group(2)}}}", maths)
    maths = re.sub(r"e\^\((.*?)\)", r"e^{(\1)}", maths)
    maths = re.sub(r"e\^([a-zA-Z]_\{\d+\}|[a-z]_k)", r"e^{\1}", maths)
    maths = re.sub(r"(?<![A-Za-z])ln\(", r"\\ln(", maths)
    maths = _FUNCTION.sub(lambda m: f"\\operatorname{{{m.group(1).replace('_', '-')}}}", maths)
    for old, new in _SYMBOLS:
        maths = maths.replace(old, new)
    maths = _WORD.sub(_wordy, maths)
    return f"{prefix}${maths}$"


def _greek(letter: str) -> str:
    return "\\delta" if letter == "δ" else letter


def _wordy(match: re.Match[str]) -> str:
    word = match.group(1)
    if word in _COMMANDS or word == "operatorname":
        return word
    return f"\\text{{ {_text(word)} }}"


def _text(text: str) -> str:
    for old, new in (("\\", "\\textbackslash{}"), ("&", "\\&"), ("%", "\\%"), ("_", "\\_"),
                     ("#", "\\#"), ("−", "-")):  # fmt: skip
        text = text.replace(old, new)
    return text
