"""Triple stores: a build's graph where SPARQL reaches it, on this machine or at an endpoint.

    embedded  open_store, select, Result, rdflib_dataset: the build's pyoxigraph store (OUT/store),
              or outputs and RDF files loaded in memory
    remote    Endpoint, remote_select: SPARQL 1.1 endpoints (SPARQLWrapper, Graph Store Protocol)
    push      push, PushReport: a build into a triple store, graph by graph, safely
    export    export, FORMATS: a build in the RDF formats people load elsewhere
    sparql    with_values, projected, insert_data, …: the one place values go into SPARQL text

The stores read what a build wrote to its output folder; saved queries, the web and the CLI
run on them. Nothing is imported here: import the module you need.
"""
