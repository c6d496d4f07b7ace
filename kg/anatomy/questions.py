"""Plain-English questions, mapped by patterns to catalogue queries or traversals.

No language model and no network: each question form is a regular expression
whose slots are entity names. A slot is resolved like any parameter, and the
class of what it names picks the query (a nerve, a root or an artery each
"supply" muscles differently). A question no pattern fits gets a plain
"I don't understand" with the closest forms known.

Example:
    >>> answer = ask("Which muscles are innervated by the deep fibular nerve?", store)
    >>> answer.query, answer.params
    ('muscles-innervated-by', {'nerve': 'deep fibular nerve'})
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from kg.anatomy.networks import PathStep
from kg.errors import QueryError, UnknownEntityError
from kg.sparql.formats import render
from kg.sparql.runner import Answer, Table

if TYPE_CHECKING:
    from kg.store.local import GraphStore

__all__ = ["EXAMPLES", "Answered", "Interpretation", "ask", "interpret"]


@dataclass(frozen=True)
class Interpretation:
    """What a question was taken to mean: a catalogue query, a lesion or a path."""

    question: str
    kind: str
    query: str | None = None
    params: dict[str, str] = field(default_factory=dict)
    names: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "kind": self.kind,
            "query": self.query,
            "params": dict(self.params),
            "names": list(self.names),
        }


#: One example per question form; shown when a question is not understood.
EXAMPLES = (
    "which muscles share the tibial nerve?",
    "which muscles are innervated by the femoral nerve?",
    "which muscles are supplied by S1?",
    "which muscles does the popliteal artery supply?",
    "what innervates the soleus?",
    "which roots supply tibialis anterior?",
    "what are the roots of the sciatic nerve?",
    "what are the branches of the common fibular nerve?",
    "what happens if the common fibular nerve is injured?",
    "what is weakened by an L5 lesion?",
    "where does the soleus originate?",
    "where does tibialis anterior insert?",
    "what supplies the soleus with blood?",
    "which muscles plantar flex the foot?",
    "which muscles act on the knee joint?",
    "what are the antagonists of tibialis anterior?",
    "what attaches to the fibula?",
    "which muscles share a nerve with the soleus?",
    "which nerves supply the most muscles?",
    "how is the soleus connected to S1?",
)

_LEAD = r"(?:the |a |an )?"
_INJURY = r"(?:injured|cut|damaged|lesioned|severed|transected|compressed|crushed|lost)"


def _is(graph: GraphStore, name: str, *kinds: str) -> bool:
    return graph.is_a(graph.resolve(name), kinds)


_NERVE = ("nerve", "nerve_plexus")
_VESSEL = ("artery", "vein", "venous_plexus")
_MUSCLE = ("muscle", "muscle_part")


def _supplied(graph: GraphStore, q: str, x: str) -> Interpretation:
    branches = re.search(r"\s+and (?:all )?its branches$", x)
    name = x[: branches.start()] if branches else x
    if _is(graph, name, "spinal_segment"):
        return Interpretation(q, "query", "muscles-by-root", {"root": name})
    if _is(graph, name, *_VESSEL):
        params = {"structure": name}
        if branches:
            params["branches"] = "true"
        return Interpretation(q, "query", "blood-supply", params)
    if _is(graph, name, *_MUSCLE):
        return Interpretation(q, "query", "shared-innervation", {"muscle": name})
    params = {"nerve": name}
    if branches:
        params["branches"] = "true"
    return Interpretation(q, "query", "muscles-innervated-by", params)


def _roots(graph: GraphStore, q: str, x: str) -> Interpretation:
    if _is(graph, x, *_MUSCLE):
        return Interpretation(
            q, "query", "muscle-facts", {"muscle": x, "relation": "segmental_innervation"}
        )
    return Interpretation(q, "query", "nerve-roots", {"nerve": x})


def _lesion_name(x: str) -> str:
    return re.sub(r"(?:\s+(?:nerve root|root|radiculopathy|lesion|injury|palsy))+$", "", x).strip()


def _action(graph: GraphStore, q: str, x: str) -> Interpretation:
    text = re.sub(r"^(?:act on|acts on|move|work on|cross|crosses) (?:the )?", "", x)
    if text != x:
        return Interpretation(q, "query", "muscles-by-action", {"joint": text})
    graph.resolve(x)
    return Interpretation(q, "query", "muscles-by-action", {"movement": x})


_Handler = Callable[["GraphStore", str, "re.Match[str]"], Interpretation]


def _about(graph: GraphStore, q: str, m: re.Match[str]) -> Interpretation:
    name = m.group("x")
    if not _is(graph, name, *_MUSCLE):  # an unknown name raises, and is "not understood"
        raise QueryError(
            f"{name!r} is not a muscle; for its card try: anatomy-kg describe {name!r}"
        )
    return Interpretation(q, "query", "muscle-facts", {"muscle": name})


def _query(name: str, param: str, **fixed: str) -> _Handler:
    def handler(graph: GraphStore, q: str, m: re.Match[str]) -> Interpretation:
        return Interpretation(q, "query", name, {param: m.group("x"), **fixed})

    return handler


_PATTERNS: list[tuple[str, _Handler]] = [
    (
        r"which nerves? (?:supply|supplies|innervates?) the most muscles",
        lambda g, q, m: Interpretation(q, "query", "nerve-hubs"),
    ),
    (
        rf"how (?:is|are) {_LEAD}(?P<a>.+?) (?:connected|related|linked) (?:to|with) {_LEAD}(?P<b>.+)",
        lambda g, q, m: Interpretation(q, "path", names=(m.group("a"), m.group("b"))),
    ),
    (
        rf"(?:what is the )?(?:shortest )?path (?:from|between) {_LEAD}(?P<a>.+?) (?:to|and) {_LEAD}(?P<b>.+)",
        lambda g, q, m: Interpretation(q, "path", names=(m.group("a"), m.group("b"))),
    ),
    (
        rf"what (?:happens|is lost|is weakened|is paralysed|is paralyzed)(?: to [a-z ]+?)? (?:if|when|after) "
        rf"{_LEAD}(?P<x>.+?) (?:is |are |gets )?{_INJURY}",
        lambda g, q, m: Interpretation(q, "lesion", names=(_lesion_name(m.group("x")),)),
    ),
    (
        rf"what (?:is|are) (?:lost|weakened|paralysed|paralyzed) (?:by|after|with|in) {_LEAD}(?P<x>.+)",
        lambda g, q, m: Interpretation(q, "lesion", names=(_lesion_name(m.group("x")),)),
    ),
    (
        rf"(?:lesion|injury|damage) (?:of|to) {_LEAD}(?P<x>.+)",
        lambda g, q, m: Interpretation(q, "lesion", names=(_lesion_name(m.group("x")),)),
    ),
    (
        rf"(?:which|what) muscles? share (?:a |the )?(?:nerve|root|nerve or root|innervation)s? with {_LEAD}(?P<x>.+)",
        _query("shared-innervation", "muscle"),
    ),
    (
        rf"(?:which|what) muscles? (?:share|shares) {_LEAD}(?P<x>.+)",
        lambda g, q, m: _supplied(g, q, m.group("x")),
    ),
    (
        rf"(?:which|what) muscles? (?:are|is) (?:supplied|innervated|served|drained) by {_LEAD}(?P<x>.+)",
        lambda g, q, m: _supplied(g, q, m.group("x")),
    ),
    (
        rf"(?:which|what) muscles? (?:does|do) {_LEAD}(?P<x>.+?) (?:supply|innervate|serve|drain)",
        lambda g, q, m: _supplied(g, q, m.group("x")),
    ),
    (
        rf"what (?:does|do) {_LEAD}(?P<x>.+?) (?:supply|innervate)",
        lambda g, q, m: _supplied(g, q, m.group("x")),
    ),
    (
        rf"what (?:supplies|supply) {_LEAD}(?P<x>.+?) with blood",
        _query("blood-supply", "structure"),
    ),
    (
        rf"what is the (?:blood|arterial|venous|vascular) (?:supply|drainage) (?:of|to) {_LEAD}(?P<x>.+)",
        _query("blood-supply", "structure"),
    ),
    (
        rf"(?:which|what) (?:arteries|artery|veins?|vessels?) (?:supply|supplies|drains?) {_LEAD}(?P<x>.+)",
        _query("blood-supply", "structure"),
    ),
    (
        rf"(?:which|what) (?:spinal )?(?:roots?|segments?|levels?) (?:supply|supplies|innervates?|form|forms) "
        rf"{_LEAD}(?P<x>.+)",
        lambda g, q, m: _roots(g, q, m.group("x")),
    ),
    (
        rf"what (?:are|is) the (?:spinal )?(?:roots?|segments?|root values?|levels?) of {_LEAD}(?P<x>.+)",
        lambda g, q, m: _roots(g, q, m.group("x")),
    ),
    (
        rf"(?:what|which nerves?) (?:innervates?|supplies|supply) {_LEAD}(?P<x>.+)",
        _query("muscle-facts", "muscle", relation="innervated_by"),
    ),
    (
        rf"what is the nerve(?: supply)? (?:of|to) {_LEAD}(?P<x>.+)",
        _query("muscle-facts", "muscle", relation="innervated_by"),
    ),
    (rf"what (?:are|is) the branch(?:es)? of {_LEAD}(?P<x>.+)", _query("nerve-branches", "nerve")),
    (
        rf"where does {_LEAD}(?P<x>.+?) (?:originate|arise|come from|start)(?: from)?",
        _query("muscle-facts", "muscle", relation="origin"),
    ),
    (
        rf"what is the origin of {_LEAD}(?P<x>.+)",
        _query("muscle-facts", "muscle", relation="origin"),
    ),
    (
        rf"where does {_LEAD}(?P<x>.+?) (?:insert|attach distally|end)(?: into| on| onto)?",
        _query("muscle-facts", "muscle", relation="insertion"),
    ),
    (
        rf"what is the insertion of {_LEAD}(?P<x>.+)",
        _query("muscle-facts", "muscle", relation="insertion"),
    ),
    (
        rf"what (?:are|is) the antagonists? (?:of|to) {_LEAD}(?P<x>.+)",
        _query("antagonists", "muscle"),
    ),
    (
        rf"(?:what|which muscles?) (?:opposes?|antagoni[sz]es?) {_LEAD}(?P<x>.+)",
        _query("antagonists", "muscle"),
    ),
    (
        rf"(?:what|which muscles?) (?:attach|attaches|are attached|is attached|inserts?|arises?) (?:to|on|from|into) "
        rf"{_LEAD}(?P<x>.+)",
        _query("attachments", "bone"),
    ),
    (rf"(?:tell me about|describe|what is|what are) {_LEAD}(?P<x>.+)", _about),
    (r"(?:which|what) muscles? (?:can )?(?P<x>.+)", lambda g, q, m: _action(g, q, m.group("x"))),
]
_COMPILED = [(re.compile(p, re.IGNORECASE), h) for p, h in _PATTERNS]
# The last two forms are broad: when their slot names nothing known, the
# question was probably not of that form at all.
_BROAD = {handler for _, handler in _COMPILED[-2:]}


def _normalise_question(question: str) -> str:
    text = re.sub(r"\s+", " ", question.strip())
    return re.sub(r"[?.!\s]+$", "", text)


def interpret(question: str, graph: GraphStore) -> Interpretation:
    """Map a question to a query, lesion or path, resolving the names in it.

    Example:
        >>> meaning = interpret("What happens if the femoral nerve is cut?", store)
        >>> meaning.kind, meaning.names
        ('lesion', ('femoral nerve',))

    Raises:
        QueryError: no question form fits; the message lists the closest forms.
        UnknownEntityError: a name in the question is unknown or ambiguous.
    """
    text = _normalise_question(question)
    for pattern, handler in _COMPILED:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        try:
            return handler(graph, question, match)
        except UnknownEntityError:
            if handler in _BROAD:
                break
            raise
    close = difflib.get_close_matches(text.lower(), EXAMPLES, n=3, cutoff=0.0)
    forms = "\n  ".join(close)
    raise QueryError(f"I don't understand {question!r}. Questions I know look like:\n  {forms}")


@dataclass(frozen=True)
class Answered:
    """A question's interpretation and its result (one of table, lesion or path)."""

    interpretation: Interpretation
    sparql: str | None = None
    table: Table | None = None
    lesion: dict[str, Any] | None = None
    path: list[PathStep] | None = None

    @property
    def query(self) -> str | None:
        return self.interpretation.query

    @property
    def params(self) -> dict[str, str]:
        return dict(self.interpretation.params)

    def to_dict(self) -> dict[str, Any]:
        """Plain data: the interpretation and the result in JSON-ready form."""
        out: dict[str, Any] = {"interpretation": self.interpretation.to_dict()}
        if self.table is not None:
            out["result"] = json.loads(render(Answer("SELECT", table=self.table), "json"))
        if self.lesion is not None:
            out["result"] = self.lesion
        if self.path is not None:
            out["result"] = [asdict(step) for step in self.path]
        return out


def ask(question: str, graph: Any = None) -> Answered:
    """Answer a plain-English question about the graph.

    ``graph`` is a :class:`~kg.store.local.GraphStore` or an ``rdflib.Graph``
    (the bundled graph when omitted); catalogue queries run in its store.

    Example:
        >>> answer = ask("what are the roots of the femoral nerve?", store)
        >>> answer.table.texts("rootLabel")
        ['L2', 'L3', 'L4']

    Raises:
        QueryError: the question is not understood, or its query fails.
        UnknownEntityError: a name in it is unknown or ambiguous.
    """
    from kg.store.access import store_of

    store = store_of(graph)
    meaning = interpret(question, store)
    if meaning.kind == "lesion":
        from kg.anatomy.lesions import lesion

        return Answered(meaning, lesion=lesion(store, meaning.names[0]))
    if meaning.kind == "path":
        from kg.anatomy.networks import node_of, shortest_path, to_networkx

        net = to_networkx(store)
        start, end = (node_of(store, net, name) for name in meaning.names)
        return Answered(meaning, path=shortest_path(net, start, end))
    from kg.sparql.queries import prepare, run_prepared

    prepared = prepare(store, meaning.query, meaning.params)
    answer = run_prepared(store, prepared)
    return Answered(meaning, sparql=prepared.text, table=answer.table)
