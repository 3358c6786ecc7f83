"""The ontology as the code reads it: shared by every stage, from extraction to publishing.

    namespace  KG, the closed rdflib namespace of the ontology's terms (generated — do not edit)
    vocab      PREFIXES, ONTOLOGY_IRI, bind_prefixes, sparql_prologue: every prefix kgbuild uses
    terms      ontology_graph, concepts, concept_labels: the ontology's graph and its SKOS concepts
    context    context, CONTEXT_IRI: the JSON-LD context generated from the ontology
    codegen    ``python -m kgbuild.ontology.codegen [--check]`` writes namespace.py, docs/context.jsonld
    diagram    ``python -m kgbuild.ontology.diagram [--check]`` writes the Mermaid class diagram

The one editable source is ``ontology/kgbuild.ttl`` at the top of the repository. Nothing is
imported here: import the module you need.
"""
