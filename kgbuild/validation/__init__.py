"""Validation: the built graph checked against the SHACL shapes and the ontology.

    shacl     validate_graph, validate_file, shapes_graph, ValidationReport, Violation: the
              shapes in shapes/, judged by pySHACL (https://www.w3.org/TR/shacl/)
    fastpath  flat_shapes, focused, PreparedGraph, read_ntriples, read_store: the shapes and the
              data as pySHACL judges them fastest, with the same verdicts
    units     Validator: a build validated by units, so that a rebuild checks only what changed
    cut       chunks, slices, bounded, iris, subject: N-Quads lines cut into validation units
    index     UnitIndex: what the units need of a build, kept on disk in SQLite
    processes Workers: the processes that validate (and first convert a build's documents);
              windowed: work submitted a few items ahead, its outcomes in order
    reason    reason, ReasonerReport: the OWL consistency check (owlready2 and HermiT)

A build validates as it writes (``units``); ``kgbuild validate`` and ``kgbuild reason`` check a
whole output folder. Nothing is imported here (pySHACL and owlready2 are slow to load): import
the module you need.
"""
