"""Interactive relationship maps: one self-contained HTML page per view, offline.

A view picks structures from the networkx graph (:func:`kg.to_networkx`): the
neighbourhood of a structure, the result of a catalogue query, a lesion, a
branch tree or everything. pyvis draws it; node and edge lists are handed over
in bulk, vis-network is inlined and the links pyvis adds to CDNs are removed,
so the written file opens with no network. Nodes are coloured and shaped by
class, edges coloured and labelled by relation, every relation between a pair
is kept, and a legend in the page explains the colours.

Example:
    >>> import kg
    >>> from kg.output.pictures import network, to_html
    >>> page = to_html(network(graph, focus="soleus", depth=1))
    >>> "https://" in page.split("<script", 1)[0]
    False
"""

from __future__ import annotations

import html
import json
import math
import re
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.anatomy.networks import descendants, neighbourhood, node_of, to_networkx
from kg.errors import QueryError
from kg.namespaces import ANAT_IRI

if TYPE_CHECKING:
    import networkx as nx
    from pyvis.network import Network

    from kg.store.local import GraphStore

__all__ = [
    "CLASS_STYLES",
    "STATUS_COLOURS",
    "View",
    "data_of",
    "external_references",
    "network",
    "notebook",
    "select",
    "to_html",
    "write",
]

_DEFINITION = "http://purl.obolibrary.org/obo/IAO_0000115"

#: Colour and vis-network shape per class data key.
CLASS_STYLES: Mapping[str, tuple[str, str]] = {
    "muscle": ("#b03a2e", "dot"),
    "muscle_part": ("#e6a0a0", "dot"),
    "muscle_group": ("#f5b7b1", "hexagon"),
    "bone": ("#7f8c8d", "square"),
    "landmark": ("#c7ccd1", "diamond"),
    "tendon": ("#c8a165", "triangle"),
    "fibrous_structure": ("#dcc39a", "triangle"),
    "joint": ("#8e5b3c", "hexagon"),
    "movement": ("#229954", "star"),
    "nerve": ("#f1c40f", "dot"),
    "spinal_nerve": ("#d4ac0d", "dot"),
    "cranial_nerve": ("#d4ac0d", "dot"),
    "nerve_branch": ("#f7dc6f", "dot"),
    "nerve_plexus": ("#b7950b", "star"),
    "spinal_segment": ("#9a7d0a", "square"),
    "artery": ("#ff5a4e", "triangle"),
    "vein": ("#2e86de", "triangleDown"),
    "venous_plexus": ("#85c1e9", "triangleDown"),
    "compartment": ("#d7bde2", "square"),
    "body_region": ("#af7ac5", "square"),
    "functional_role": ("#82e0aa", "star"),
    "clinical_condition": ("#8e44ad", "diamond"),
}
_FALLBACK_STYLE = ("#95a5a6", "dot")

#: Fill colours for lesion status.
STATUS_COLOURS: Mapping[str, str] = {
    "cut": "#4a235a",
    "lesioned root": "#4a235a",
    "denervated": "#e31a1c",
    "lost": "#e31a1c",
    "weakened": "#ff8c00",
    "intact": "#33a02c",
}

_RELATION_PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
    "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39",
    "#7b4173", "#3182bd", "#e6550d", "#31a354", "#756bb1", "#636363", "#9c9ede",
    "#cedb9c", "#e7ba52", "#ad494a", "#a55194",
)  # fmt: skip


@dataclass(frozen=True)
class View:
    """What a page shows: which nodes, which to highlight, statuses and layout."""

    title: str
    nodes: set[str]
    highlight: set[str] = field(default_factory=set)
    status: dict[str, str] = field(default_factory=dict)
    relations: set[str] | None = None
    hierarchical: bool = False


def _focus_view(graph: GraphStore, net: nx.MultiDiGraph, name: str, depth: int) -> View:
    node = node_of(graph, net, name)
    nodes = set(neighbourhood(net, node, depth=depth))
    label = net.nodes[node]["label"]
    return View(f"{label}: relations within {depth} step{'s' if depth != 1 else ''}", nodes, {node})


def _query_view(
    graph: GraphStore, net: nx.MultiDiGraph, name: str, params: Mapping[str, str] | None
) -> View:
    from kg.sparql.formats import curie
    from kg.sparql.queries import prepare, run_prepared

    prepared = prepare(graph, name, params)
    table = run_prepared(graph, prepared, labels=False).table
    if table is None:
        raise QueryError(f"{name}: only SELECT queries can be drawn")
    nodes = {curie(v) for row in table.rows for v in row if _is_iri(v)}
    nodes &= set(net)
    highlight = {curie(v) for v in prepared.bindings.values() if _is_iri(v)}
    shown = ", ".join(f"{k}={v}" for k, v in (params or {}).items())
    return View(f"{name} {shown}".strip(), nodes | (highlight & set(net)), highlight & set(net))


def _is_iri(term: Any) -> bool:
    return type(term).__name__ == "NamedNode"


def _lesion_view(graph: GraphStore, net: nx.MultiDiGraph, name: str) -> View:
    from kg.anatomy.lesions import lesion

    report = lesion(graph, name, net=net)
    head = report["lesion"]
    status: dict[str, str] = {}
    if head["kind"] != "root":
        for nerve in head["nerves_cut"]:
            status[nerve["id"]] = "cut"
    else:
        status[head["id"]] = "lesioned root"
    for muscle in report["muscles"]:
        status[muscle["id"]] = muscle["status"]
    for movement in report["movements"]:
        status[movement["id"]] = movement["status"]
        for muscle in movement["remaining_muscles"]:
            status.setdefault(muscle["id"], muscle["status"])
    return View(f"lesion of {head['label']}", set(status), {head["id"]}, status)


def _tree_view(graph: GraphStore, net: nx.MultiDiGraph, name: str) -> View:
    node = node_of(graph, net, name)
    fibres = [r.key for r in graph.vocabulary.relations.values() if r.fibre_course]
    below = descendants(net, node, fibres)
    relations = set(fibres)
    if not below and "nerve_plexus" in net.nodes[node]["classes"]:
        # a plexus: draw from the spinal nerves and parts that make it up
        parts = descendants(net, node, ["part_of"])
        below = parts.union(*(descendants(net, part, fibres) for part in parts))
        relations.add("part_of")
    if not below:
        raise QueryError(f"{net.nodes[node]['label']!r} has no branches to draw")
    label = net.nodes[node]["label"]
    return View(f"branches of {label}", below | {node}, {node}, {}, relations, True)


def select(
    graph: GraphStore,
    net: nx.MultiDiGraph,
    *,
    focus: str | None = None,
    depth: int = 1,
    query: str | None = None,
    params: Mapping[str, str] | None = None,
    lesion: str | None = None,
    tree: str | None = None,
    whole: bool = False,
    entities: Iterable[str] | None = None,
) -> View:
    """Choose the structures of one view; exactly one mode must be given.

    ``entities`` (IRIs or CURIEs, such as the IRIs of a query's answer) draws
    those structures and the relations among them.

    Example:
        >>> import kg
        >>> view = select(graph, kg.to_networkx(graph), lesion="deep fibular nerve")
        >>> view.status["anat:tibialis_anterior"]
        'denervated'

    Raises:
        QueryError: no mode or several, or a mode's own error.
    """
    modes = [m for m, on in (("focus", focus), ("query", query), ("lesion", lesion),
                             ("tree", tree), ("all", whole), ("entities", entities is not None))
             if on]  # fmt: skip
    if len(modes) != 1:
        raise QueryError("choose one view: --focus, --query, --lesion, --tree or --all")
    if focus is not None:
        return _focus_view(graph, net, focus, depth)
    if query is not None:
        return _query_view(graph, net, query, params)
    if lesion is not None:
        return _lesion_view(graph, net, lesion)
    if tree is not None:
        return _tree_view(graph, net, tree)
    if entities is not None:
        from kg.sparql.formats import curie

        shown = {curie(graph.node(e)) if "://" in e else e for e in entities} & set(net)
        return View(f"{len(shown)} structures of an answer", shown)
    return View("the whole graph", set(net))


def _relation_colours(graph: GraphStore) -> dict[str, str]:
    specs = sorted(
        (s for s in graph.vocabulary.relations.values() if s.reference),
        key=lambda s: (s.order, s.key),
    )
    return {s.key: _RELATION_PALETTE[i % len(_RELATION_PALETTE)] for i, s in enumerate(specs)}


def _node_title(graph: GraphStore, net: nx.MultiDiGraph, node: str) -> str:
    data = net.nodes[node]
    lines = [data["label"], data["kind"].replace("_", " ")]
    definition = graph.value(data["iri"], _DEFINITION)
    if definition is not None:
        lines += [""] + textwrap.wrap(definition.value, 60)
    facts: dict[str, list[str]] = {}
    for _, target, edge in net.out_edges(node, data=True):
        facts.setdefault(edge["label"], []).append(net.nodes[target]["label"])
    if facts:
        lines.append("")
    for relation, values in sorted(facts.items()):
        shown = ", ".join(sorted(values)[:6]) + (" …" if len(values) > 6 else "")
        lines.append(f"{relation}: {shown}")
    return "\n".join(lines)


def _edge_title(graph: GraphStore, edge: Mapping[str, Any]) -> str:
    lines = [edge["label"]]
    labels = []
    for source in edge.get("sources", []):
        local = source.split(":", 1)[-1]
        label = graph.label(ANAT_IRI + local)
        labels.append(label if label is not None else source)
    if labels:
        lines.append("source: " + "; ".join(labels))
    if edge.get("note"):
        lines += textwrap.wrap(f"note: {edge['note']}", 60)
    return "\n".join(lines)


def _filter(
    net: nx.MultiDiGraph, view: View, relations: Iterable[str] | None, classes: Iterable[str] | None
) -> tuple[set[str], list[tuple[str, str, str, dict]]]:
    nodes = set(view.nodes)
    if classes:
        wanted = set(classes)
        nodes = {n for n in nodes if wanted & set(net.nodes[n]["classes"])} | view.highlight
    allowed = set(relations) if relations else view.relations
    edges = [
        (u, v, k, d)
        for u, v, k, d in net.subgraph(nodes).edges(keys=True, data=True)
        if allowed is None or d["relation"] in allowed
    ]
    if relations:
        # a relation filter asks about those links: structures left without one go
        linked = {u for u, _, _, _ in edges} | {v for _, v, _, _ in edges}
        nodes = (nodes & linked) | view.highlight
    return nodes, edges


def _options(view: View, size: int) -> dict[str, Any]:
    options: dict[str, Any] = {
        "edges": {
            "smooth": False,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "font": {"size": 10, "align": "middle", "strokeWidth": 3},
        },
        "nodes": {"font": {"size": 14}},
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
        "physics": {
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -8000, "springLength": 140},
            "stabilization": {"enabled": True, "iterations": 300 if size > 400 else 600},
        },
    }
    if size > 400:
        options["edges"]["font"]["size"] = 0  # labels stay in tooltips and the legend
    if view.hierarchical:
        options["layout"] = {
            "hierarchical": {
                "enabled": True,
                "direction": "UD",
                "sortMethod": "directed",
                "levelSeparation": 110,
                "nodeSpacing": 160,
            }
        }
        options["physics"] = {"enabled": False}
    return options


def network(
    graph: Any = None,
    *,
    focus: str | None = None,
    depth: int = 1,
    query: str | None = None,
    params: Mapping[str, str] | None = None,
    lesion: str | None = None,
    tree: str | None = None,
    whole: bool = False,
    entities: Iterable[str] | None = None,
    relations: Iterable[str] | None = None,
    classes: Iterable[str] | None = None,
    net: nx.MultiDiGraph | None = None,
) -> Network:
    """Build the pyvis ``Network`` of one view (see :func:`select` for the modes).

    ``relations`` and ``classes`` (data keys) keep only those edges and nodes;
    the focus or query entities always stay. ``graph`` is a
    :class:`~kg.store.local.GraphStore` or an ``rdflib.Graph`` (the bundled
    graph when omitted). The view is kept on the returned
    network as ``akg_view`` and the legend entries as ``akg_legend``.

    Raises:
        QueryError: no mode or several, an unknown relation or class key.
    """
    from pyvis.network import Network

    from kg.store.access import store_of

    graph = store_of(graph)
    net = net if net is not None else to_networkx(graph)
    _check_keys(graph, relations, classes)
    view = select(
        graph, net, focus=focus, depth=depth, query=query, params=params,
        lesion=lesion, tree=tree, whole=whole, entities=entities,
    )  # fmt: skip
    nodes, edges = _filter(net, view, relations, classes)
    degree = {n: 0 for n in nodes}
    for u, v, _, _ in edges:
        degree[u] += 1
        degree[v] += 1
    colours = _relation_colours(graph)
    node_dicts = []
    for node in sorted(nodes):
        data = net.nodes[node]
        colour, shape = CLASS_STYLES.get(data["kind"], _FALLBACK_STYLE)
        fill = STATUS_COLOURS.get(view.status.get(node, ""), colour)
        entry = {
            "id": node,
            "label": data["label"],
            "title": _node_title(graph, net, node),
            "shape": shape,
            "color": {"background": fill, "border": "#222222" if node in view.highlight else fill},
            "borderWidth": 4 if node in view.highlight else 1,
            "size": 10 + 4 * math.sqrt(degree[node]) + (8 if node in view.highlight else 0),
            "group": data["kind"],
            "status": view.status.get(node, ""),
        }
        node_dicts.append(entry)
    edge_dicts = []
    for u, v, key, data in edges:
        source, target = (v, u) if view.hierarchical else (u, v)
        edge_dicts.append(
            {
                "id": f"{u}|{key}|{v}",
                "from": source,
                "to": target,
                "label": data["label"],
                "title": _edge_title(graph, data),
                "color": colours.get(data["relation"], "#888888"),
                "relation": data["relation"],
                "arrows": {"from": {"enabled": True}, "to": {"enabled": False}}
                if view.hierarchical
                else "to",
            }
        )
    page = Network(height="92vh", width="100%", directed=True, cdn_resources="in_line", heading="")
    page.nodes = node_dicts  # bulk: add_node/add_edge are quadratic at size
    page.edges = edge_dicts
    page.node_ids = [n["id"] for n in node_dicts]
    page.node_map = {n["id"]: n for n in node_dicts}
    page.options = _options(view, len(node_dicts))
    page.akg_view = view
    page.akg_legend = _legend_entries(net, nodes, edge_dicts, view, colours)
    return page


def _check_keys(
    graph: GraphStore, relations: Iterable[str] | None, classes: Iterable[str] | None
) -> None:
    vocabulary = graph.vocabulary
    for key in relations or ():
        if key not in vocabulary.relations or not vocabulary.relations[key].reference:
            raise QueryError(f"--relations: no relation with data key {key!r}")
    for key in classes or ():
        if key not in vocabulary.classes:
            raise QueryError(f"--classes: no class with data key {key!r}")


def _legend_entries(
    net: nx.MultiDiGraph,
    nodes: set[str],
    edges: list[dict[str, Any]],
    view: View,
    colours: Mapping[str, str],
) -> dict[str, list[tuple[str, str, str]]]:
    kinds = sorted({net.nodes[n]["kind"] for n in nodes})
    classes = [(k.replace("_", " "), *CLASS_STYLES.get(k, _FALLBACK_STYLE)) for k in kinds]
    relations = sorted({(e["label"], colours.get(e["relation"], "#888888")) for e in edges})
    statuses = sorted({s for s in view.status.values()})
    return {
        "classes": classes,
        "relations": [(label, colour, "line") for label, colour in relations],
        "status": [(s, STATUS_COLOURS[s], "dot") for s in statuses],
    }


_EXTERNAL_TAG = re.compile(
    r"<link\b[^>]*\bhref=[\"'][^\"']*[\"'][^>]*>|<script\b[^>]*\bsrc=[\"'][^\"']*[\"'][^>]*>\s*</script>",
    re.IGNORECASE | re.DOTALL,
)

_STYLE = """
<style>
  body { margin: 0; font-family: system-ui, sans-serif; overflow: hidden; }
  .card { border: 0; }
  #mynetwork { box-sizing: border-box; border: 0 !important; }
  #akg-title { padding: 6px 12px; font-size: 16px; font-weight: 600; }
  #akg-legend { position: absolute; top: 40px; right: 10px; z-index: 10; max-height: 85vh;
    overflow-y: auto; background: rgba(255,255,255,0.92); border: 1px solid #ccc;
    border-radius: 6px; padding: 8px 10px; font-size: 12px; line-height: 1.5; }
  #akg-legend h4 { margin: 6px 0 2px; font-size: 12px; }
  #akg-legend .swatch { display: inline-block; width: 12px; height: 12px; margin-right: 6px;
    vertical-align: middle; border-radius: 2px; }
  #akg-legend .line { height: 3px; width: 18px; border-radius: 0; }
  div.vis-tooltip { white-space: pre-wrap; max-width: 460px; font-size: 12px; }
</style>
"""

_STATUS_SCRIPT = """
<script type="text/javascript">
  // Report what was drawn, for people and for browser tests.
  (function () {
    var status = document.getElementById("akg-status");
    function report(state) {
      status.setAttribute("data-state", state);
      status.setAttribute("data-nodes", nodes.length);
      status.setAttribute("data-edges", edges.length);
      status.setAttribute("data-painted", painted());
      status.setAttribute("data-ms", Math.round(performance.now()));
    }
    function painted() {
      var canvas = document.querySelector("#mynetwork canvas");
      if (!canvas) { return 0; }
      var pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
      var count = 0;
      for (var i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) { count++; } }
      return count;
    }
    report("drawing");
    network.on("afterDrawing", function () {
      if (status.getAttribute("data-state") === "drawing") { report("drawn"); }
    });
    network.on("stabilizationIterationsDone", function () {
      network.once("afterDrawing", function () { report("stabilised"); });
    });
    network.redraw();
  })();
</script>
"""


def _legend_html(title: str, legend: Mapping[str, list[tuple[str, str, str]]]) -> str:
    parts = [f'<div id="akg-title">{html.escape(title)}</div>', '<div id="akg-legend">']
    headings = {"classes": "Structures", "relations": "Relations", "status": "Lesion status"}
    for key, heading in headings.items():
        entries = legend.get(key) or []
        if not entries:
            continue
        parts.append(f"<h4>{heading}</h4>")
        for label, colour, shape in entries:
            css = "swatch line" if shape == "line" else "swatch"
            radius = "50%" if shape in ("dot", "star") else "2px"
            style = f"background:{colour};" + (
                "" if shape == "line" else f"border-radius:{radius};"
            )
            parts.append(
                f'<div><span class="{css}" style="{style}"></span>{html.escape(label)}</div>'
            )
    parts.append("</div>")
    parts.append('<div id="akg-status" data-state="loading" hidden></div>')
    return "\n".join(parts)


def to_html(page: Network) -> str:
    """The page as one self-contained HTML document (no external references).

    Raises:
        QueryError: pyvis produced a reference to the network that could not be removed.
    """
    text = page.generate_html(notebook=False)
    text = _EXTERNAL_TAG.sub("", text)
    legend = getattr(page, "akg_legend", {})
    title = getattr(getattr(page, "akg_view", None), "title", "anatomy-kg")
    text = text.replace("</head>", _STYLE + f"<title>{html.escape(title)}</title>\n</head>", 1)
    text = text.replace("<body>", "<body>\n" + _legend_html(title, legend), 1)
    text = text.replace("</body>", _STATUS_SCRIPT + "</body>", 1)
    if external_references(text):
        raise QueryError("the page still refers to the network; refusing to write it")
    return text


def external_references(text: str) -> list[str]:
    """Every ``http(s)://`` script, stylesheet, font or image reference in a page.

    Example:
        >>> external_references('<script src="https://cdn.example/x.js"></script>')
        ['https://cdn.example/x.js']
    """
    found = re.findall(r"""(?:src|href)\s*=\s*["'](https?://[^"']+)""", text, re.IGNORECASE)
    found += re.findall(r"""url\(\s*["']?(https?://[^"')]+)""", text, re.IGNORECASE)
    found += re.findall(r"""@import\s+["'](https?://[^"']+)""", text, re.IGNORECASE)
    return found


def write(page: Network, path: str | Path) -> Path:
    """Write the page as UTF-8, atomically (a temporary file, then a rename).

    Example:
        >>> import kg, tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> write(network(graph, tree="sciatic nerve"), folder / "tree.html").stat().st_size > 0
        True
    """
    from kg.files import write_atomic

    target = Path(path)
    data = to_html(page).encode("utf-8")
    write_atomic(target, lambda handle: handle.write(data))
    return target


def notebook(page: Network) -> Any:
    """Show the page inline in Jupyter (an ``IPython.display.HTML`` iframe).

    Example:
        >>> import kg
        >>> from kg.output.pictures import network
        >>> "srcdoc" in notebook(network(graph, tree="common fibular nerve")).data
        True
    """
    import warnings

    from IPython.display import HTML

    document = html.escape(to_html(page), quote=True)
    with warnings.catch_warnings():
        # IPython suggests IFrame, which needs a URL; srcdoc keeps the page self-contained
        warnings.simplefilter("ignore", UserWarning)
        return HTML(
            f'<iframe srcdoc="{document}" style="width:100%;height:640px;border:0" '
            'sandbox="allow-scripts"></iframe>'
        )


def data_of(text: str) -> dict[str, list[dict[str, Any]]]:
    """The node and edge lists embedded in a written page (for checks and tests).

    Example:
        >>> import kg
        >>> from kg.output.pictures import network
        >>> page = to_html(network(graph, tree="common fibular nerve"))
        >>> len(data_of(page)["nodes"]) > 1
        True
    """
    out = {}
    for name in ("nodes", "edges"):
        match = re.search(rf"{name} = new vis\.DataSet\((\[.*?\])\);\n", text, re.DOTALL)
        if match is None:
            raise QueryError(f"the page holds no {name} data")
        out[name] = json.loads(match.group(1))
    return out
