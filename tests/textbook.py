"""Textbook answers several test files check against, written once.

Sources as for the data: Gray's Anatomy (42nd ed.), Moore's Clinically
Oriented Anatomy (8th ed.). IDs are the labels with spaces as underscores.
"""

from __future__ import annotations

#: The muscles the tibial nerve supplies directly (posterior leg).
TIBIAL_NERVE_MUSCLES = frozenset({
    "gastrocnemius", "soleus", "plantaris", "popliteus",
    "flexor hallucis longus", "flexor digitorum longus", "tibialis posterior",
})  # fmt: skip

#: The muscles the deep fibular nerve supplies (anterior leg and dorsum of the foot).
DEEP_FIBULAR_NERVE_MUSCLES = frozenset({
    "tibialis anterior", "extensor hallucis longus", "extensor digitorum longus",
    "fibularis tertius", "extensor digitorum brevis", "extensor hallucis brevis",
})  # fmt: skip


def ids(labels: frozenset[str]) -> set[str]:
    """Entity IDs of labelled structures (spaces become underscores)."""
    return {label.replace(" ", "_") for label in labels}
