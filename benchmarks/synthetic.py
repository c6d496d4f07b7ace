"""Synthetic anatomy-shaped graphs for benchmarks: muscles, nerve trees, roots, vessels.

The graph uses the real schema's properties and classes, so every catalogue
query runs on it; names are made up (``synthetic muscle 17``), so it never
mixes with real anatomy. Written as N-Triples.

    python benchmarks/synthetic.py 100000 > synthetic-100k.nt
"""

from __future__ import annotations

import random
import sys

AKG = "https://w3id.org/anatomy-kg/schema#"
ANAT = "https://w3id.org/anatomy-kg/id/synthetic/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
INDIVIDUAL = "http://www.w3.org/2002/07/owl#NamedIndividual"
KNEE = "https://w3id.org/anatomy-kg/id/knee_joint"
SEGMENTS = [
    f"https://w3id.org/anatomy-kg/id/{s}" for s in ("l2", "l3", "l4", "l5", "s1", "s2", "s3")
]


def triples(target: int, seed: int = 7):
    """Yield about ``target`` triples as N-Triples lines."""
    rng = random.Random(seed)
    made = 0

    def node(kind: str, number: int, cls: str, label: str):
        iri = f"<{ANAT}{kind}{number}>"
        yield f"{iri} <{RDF_TYPE}> <{INDIVIDUAL}> .\n"
        yield f"{iri} <{RDF_TYPE}> <{AKG}{cls}> .\n"
        yield f'{iri} <{LABEL}> "{label}" .\n'

    nerves, number = [], 0
    while made < target:
        # a nerve tree of 15 nerves, 40 muscles, 10 arteries, 10 movements per block
        base = number
        for i in range(15):
            number += 1
            for line in node("nerve", number, "Nerve", f"synthetic nerve {number}"):
                made += 1
                yield line
            if i:
                parent = rng.randrange(base + 1, number)
                yield f"<{ANAT}nerve{number}> <{AKG}branchOf> <{ANAT}nerve{parent}> .\n"
                made += 1
            for root in rng.sample(SEGMENTS, 3):
                yield f"<{ANAT}nerve{number}> <{AKG}hasRoot> <{root}> .\n"
                made += 1
            nerves.append(number)
        for _ in range(40):
            number += 1
            muscle = f"<{ANAT}muscle{number}>"
            for line in node("muscle", number, "Muscle", f"synthetic muscle {number}"):
                made += 1
                yield line
            nerve = rng.randrange(base + 1, base + 16)
            yield f"{muscle} <{AKG}innervatedBy> <{ANAT}nerve{nerve}> .\n"
            yield f"{muscle} <{AKG}segmentalInnervation> <{rng.choice(SEGMENTS)}> .\n"
            yield f"{muscle} <{AKG}arterialSupply> <{ANAT}artery{base + rng.randrange(10)}> .\n"
            yield f"{muscle} <{AKG}hasAction> <{ANAT}movement{base + rng.randrange(10)}> .\n"
            yield f"{muscle} <{AKG}hasPrimeAction> <{ANAT}movement{base + rng.randrange(10)}> .\n"
            made += 5
        for i in range(10):
            for kind, cls in (("artery", "Artery"), ("movement", "Movement")):
                for line in node(kind, base + i, cls, f"synthetic {kind} {base + i}"):
                    made += 1
                    yield line
            yield f"<{ANAT}movement{base + i}> <{AKG}atJoint> <{KNEE}> .\n"
            made += 1


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    sys.stdout.writelines(triples(size))
