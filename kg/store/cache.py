"""A build cache: the built graph kept on disk, keyed by its sources.

Building from YAML takes about a second; reading the cached graph back with
pyoxigraph takes a few hundredths. The key is a SHA-256 over the package
version and every file of the ontology folder (path and bytes), so editing any
source, or upgrading anatomy-kg, makes a new entry. An entry is one N-Triples
file whose first line records the digest and triple count of the rest; a
damaged or truncated entry fails that check and is rebuilt, never served.
Entries are written to a temporary file and renamed into place, so two
processes starting at once can both build and neither sees half a file.

The cache lives in ``$ANATOMY_KG_CACHE``, else ``$XDG_CACHE_HOME/anatomy-kg``,
else ``~/.cache/anatomy-kg``.

Beside each entry the cache keeps the read store: the same triples bulk-loaded
into an on-disk Oxigraph store, with a manifest holding the name index and the
schema's vocabulary, so that read commands never need rdflib.

Example:
    >>> entry = cache_entry()
    >>> entry.is_file() and len(ntriples()[0]) > 1000
    True
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.files import bundled_ontology_dir, bundled_queries_dir, write_atomic

if TYPE_CHECKING:  # read commands open the store without loading rdflib
    from rdflib import Graph

    from kg.store.local import GraphStore

__all__ = [
    "cache_dir",
    "cache_entry",
    "discard_store",
    "load_cached",
    "names_in",
    "ntriples",
    "open_cached",
    "open_store",
    "seed_cache",
    "source_key",
    "store_entry",
]

_HEADER = b"# anatomy-kg build cache"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def cache_dir() -> Path:
    """Where cache entries live (see the module docstring)."""
    chosen = os.environ.get("ANATOMY_KG_CACHE")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "anatomy-kg"


def _folder(ontology_dir: str | Path | None) -> Path:
    return Path(ontology_dir) if ontology_dir is not None else bundled_ontology_dir()


def source_key(ontology_dir: str | Path | None = None) -> str:
    """SHA-256 of the package version, every ontology file and the query catalogue.

    Example:
        >>> len(source_key())
        64
    """
    from kg import __version__

    digest = hashlib.sha256(f"anatomy-kg {__version__}\n".encode())
    for name, folder in (("ontology", _folder(ontology_dir)), ("queries", bundled_queries_dir())):
        if folder.is_dir():
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                digest.update(f"{name}/{path.relative_to(folder)}".encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def cache_entry(ontology_dir: str | Path | None = None) -> Path:
    """The cache file for the ontology folder as it is now."""
    return cache_dir() / f"graph-{source_key(ontology_dir)}.nt"


def store_entry(ontology_dir: str | Path | None = None) -> Path:
    """The on-disk Oxigraph store (a folder) for the ontology folder as it is now."""
    return cache_entry(ontology_dir).with_suffix(".oxigraph")


def _read_entry(path: Path) -> bytes | None:
    """The N-Triples body of an entry, or ``None`` if it is missing or damaged."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header, _, body = data.partition(b"\n")
    fields = dict(
        part.split(b"=", 1) for part in header.removeprefix(_HEADER).split() if b"=" in part
    )
    if (
        not header.startswith(_HEADER)
        or fields.get(b"sha256") != hashlib.sha256(body).hexdigest().encode()
    ):
        return None
    if fields.get(b"triples") != str(body.count(b"\n") - body.count(b"#@prefix ")).encode():
        return None
    return body


def _entry_body(graph: Graph) -> bytes:
    """Prefix comment lines, then the triples as sorted N-Triples."""
    triples = graph.serialize(format="nt", encoding="utf-8")
    prefixes = b"".join(
        f"#@prefix {prefix}: <{namespace}>\n".encode() for prefix, namespace in graph.namespaces()
    )
    return prefixes + b"".join(
        sorted(line + b"\n" for line in triples.splitlines() if line.strip())
    )


def _write_entry(path: Path, body: bytes) -> None:
    digest = hashlib.sha256(body).hexdigest()
    count = body.count(b"\n") - body.count(b"#@prefix ")
    header = _HEADER + f" sha256={digest} triples={count}\n".encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, lambda handle: handle.write(header + body))


def _graph_from_ntriples(body: bytes) -> Graph:
    """Parse with pyoxigraph (about 15x faster than rdflib) into an rdflib graph."""
    import pyoxigraph as ox
    from rdflib import BNode, Graph, Literal, URIRef

    def term(t: Any) -> Any:
        if isinstance(t, ox.NamedNode):
            return URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return BNode(t.value)
        if t.language:
            return Literal(t.value, lang=t.language)
        if t.datatype.value == _XSD_STRING:
            return Literal(t.value)
        return Literal(t.value, datatype=URIRef(t.datatype.value))

    namespaces = {}
    for line in body.splitlines():
        if not line.startswith(b"#@prefix "):
            break
        prefix, _, namespace = line[len(b"#@prefix ") :].decode().partition(": ")
        namespaces[prefix] = namespace.strip("<>")
    graph = Graph()
    for prefix, namespace in namespaces.items():
        graph.bind(prefix, namespace, override=True)
    triples = ox.parse(body, ox.RdfFormat.N_TRIPLES)
    graph.addN((term(t.subject), term(t.predicate), term(t.object), graph) for t in triples)
    return graph


def open_cached(
    ontology_dir: str | Path | None = None, *, rebuild: bool = False
) -> tuple[Graph, bytes]:
    """The built graph and its N-Triples, from the cache when its entry is sound.

    With ``rebuild`` (``anatomy-kg build``) the entry is rebuilt regardless.
    A cache folder that cannot be written is not an error: the graph is built
    and returned as usual.

    Raises:
        SourceError: the sources have problems (nothing is cached then).
    """
    from kg.build.sources import load
    from kg.errors import OutputError

    entry = cache_entry(ontology_dir)
    body = None if rebuild else _read_entry(entry)
    if body is not None:
        return _graph_from_ntriples(body), body
    graph = load(ontology_dir)
    body = _entry_body(graph)
    try:
        _write_entry(entry, body)
    except (OutputError, OSError):
        pass
    return graph, body


def load_cached(ontology_dir: str | Path | None = None, *, rebuild: bool = False) -> Graph:
    """The built graph as an ``rdflib.Graph``, from the cache if possible (:func:`open_cached`)."""
    return open_cached(ontology_dir, rebuild=rebuild)[0]


def ntriples(ontology_dir: str | Path | None = None) -> tuple[bytes, int]:
    """The built graph's N-Triples (prefix comment lines first) and its triple count.

    Read from the cache entry without parsing; built (and cached) if need be.
    """
    body = _read_entry(cache_entry(ontology_dir))
    if body is None:
        body = open_cached(ontology_dir)[1]
    return body, body.count(b"\n") - body.count(b"#@prefix ")


def seed_cache(graph: Graph, ontology_dir: str | Path | None = None) -> None:
    """Write the cache entry of ``ontology_dir`` from ``graph``, already built from it.

    The test suite builds the graph once and seeds the cache with it, so the
    store is loaded from these N-Triples instead of a second build.
    """
    entry = cache_entry(ontology_dir)
    if _read_entry(entry) is None:
        _write_entry(entry, _entry_body(graph))


_MANIFEST = "anatomy-kg-manifest.json"
_NAMES_QUERY = """
SELECT ?entity ?name WHERE {
  ?entity a <http://www.w3.org/2002/07/owl#NamedIndividual> .
  OPTIONAL { VALUES ?property { %s } ?entity ?property ?name }
}"""


def names_in(store: Any) -> dict[str, list[str]]:
    """The name index (:func:`kg.store.names.index_names`) of ``store`` (or an endpoint)."""
    import pyoxigraph as ox

    from kg.store.names import NAME_PROPERTIES, index_names

    text = _NAMES_QUERY % " ".join(f"<{iri}>" for iri in NAME_PROPERTIES)
    pairs = [
        (row["entity"].value, row["name"].value if row["name"] is not None else None)
        for row in store.query(text)
        if isinstance(row["entity"], ox.NamedNode)
    ]
    return {name: sorted(iris) for name, iris in index_names(pairs).items()}


def _build_store(folder: Path, body: bytes, vocabulary: dict, *, replace: bool) -> None:
    """Load ``body`` into a new store beside ``folder`` and move it into place whole.

    If another process has put a sound store there meanwhile, that one stays,
    unless ``replace`` (``anatomy-kg build``). A store in use is never deleted
    in place: it is renamed aside first, so readers keep their open files.
    """
    import shutil
    import tempfile

    import pyoxigraph as ox

    folder.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        store = ox.Store(str(building / "store"))
        store.bulk_load(body, format=ox.RdfFormat.N_TRIPLES)
        store.optimize()
        manifest = {
            "pyoxigraph": ox.__version__,
            "triples": len(store),
            "names": names_in(store),
            "vocabulary": vocabulary,
        }
        store.flush()
        del store
        (building / _MANIFEST).write_text(json.dumps(manifest, default=str), encoding="utf-8")
        _move_into_place(building, folder, replace=replace)
    finally:
        shutil.rmtree(building, ignore_errors=True)


def _move_into_place(building: Path, folder: Path, *, replace: bool) -> None:
    """Rename ``building`` to ``folder``; an old or damaged ``folder`` is moved aside first."""
    for _ in range(5):
        try:
            building.rename(folder)
            return
        except OSError:  # the folder is there: a store another process built, or a bad one
            if not replace and _open_store(folder) is not None:
                return
        _remove_aside(folder)


def _remove_aside(folder: Path) -> None:
    """Rename ``folder`` aside, then delete it: processes reading it keep their open files."""
    import shutil
    import tempfile

    try:
        aside = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old.", dir=folder.parent))
    except OSError:
        return
    try:
        folder.rename(aside / "store")
    except OSError:
        pass  # gone already, or moved aside by another process
    shutil.rmtree(aside, ignore_errors=True)


def _open_store(folder: Path) -> GraphStore | None:
    """The store in ``folder`` with its manifest, or ``None`` if it is missing or damaged."""
    import pyoxigraph as ox

    from kg.store.local import GraphStore
    from kg.store.vocabulary import Vocabulary

    try:
        manifest = json.loads((folder / _MANIFEST).read_text(encoding="utf-8"))
        if manifest["pyoxigraph"] != ox.__version__:
            return None
        store = ox.Store.read_only(str(folder / "store"))
        # no len(store) here: RocksDB checks each block it reads, and a store
        # only ever appears under its final name whole (see _build_store)
        vocabulary = Vocabulary.from_dict(manifest["vocabulary"])
        return GraphStore(store, manifest["names"], vocabulary, location=folder)
    except (OSError, RuntimeError, ValueError, KeyError, TypeError, AttributeError):
        return None  # RocksDB reports damaged files as RuntimeError('Corruption: …')


def discard_store(ontology_dir: str | Path | None = None) -> None:
    """Remove the store (after a damaged read) so the next :func:`open_store` rebuilds it."""
    _remove_aside(store_entry(ontology_dir))


def open_store(ontology_dir: str | Path | None = None, *, rebuild: bool = False) -> GraphStore:
    """The built graph as a read-only on-disk Oxigraph store, with its names and vocabulary.

    Opening takes milliseconds and needs no rdflib; the store is built from
    the N-Triples entry (building that first if need be), and its vocabulary
    from the schema. A store whose manifest is missing or disagrees with it
    (pyoxigraph version) is rebuilt, never served.

    Example:
        >>> opened = open_store()
        >>> len(opened.engine) > 10_000, list(opened.names["soleus"])
        (True, ['https://w3id.org/anatomy-kg/id/soleus'])

    Raises:
        SourceError: the sources have problems.
        OutputError: the cache folder cannot hold a store.
    """

    from kg.errors import OutputError

    folder = store_entry(ontology_dir)
    opened = None if rebuild else _open_store(folder)
    if opened is not None:
        return opened
    body = None if rebuild else _read_entry(cache_entry(ontology_dir))
    if body is None:
        body = open_cached(ontology_dir, rebuild=rebuild)[1]
    from kg.build.schema import load_schema
    from kg.files import bundled_ontology_dir

    vocabulary = load_schema(Path(ontology_dir or bundled_ontology_dir())).to_dict()
    try:
        _build_store(folder, body, vocabulary, replace=rebuild)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot build the query store ({exc})") from None
    opened = _open_store(folder)
    if opened is None:
        raise OutputError(f"{folder}: the query store was built but cannot be opened")
    return opened
