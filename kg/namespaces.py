"""The project's namespaces as plain strings, importable without rdflib.

Example:
    >>> ANAT_IRI + "soleus"
    'https://w3id.org/anatomy-kg/id/soleus'
"""

from __future__ import annotations

__all__ = ["AKG_IRI", "ANAT_IRI", "PREFIXES"]

#: The schema: classes, properties and annotations of anatomy-kg.
AKG_IRI = "https://w3id.org/anatomy-kg/schema#"
#: The anatomy itself: one IRI per entity, ending in its ID.
ANAT_IRI = "https://w3id.org/anatomy-kg/id/"

#: Prefixes shown to people (CURIEs in tables) and bound in every query.
PREFIXES = {
    "anat": ANAT_IRI,
    "akg": AKG_IRI,
    "obo": "http://purl.obolibrary.org/obo/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}
