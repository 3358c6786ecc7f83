"""Queries: the saved SPARQL queries, run on a store, and their results written for people and programs.

    saved    saved_queries, get_query, bind, SavedQuery: one query per queries/*.rq file, with a
             grlc-style header (summary, description, params, columns)
    results  render, FORMATS: results as an aligned table, CSV, TSV or SPARQL JSON
    stats    stats, Stats: the size of a built graph (quads, graphs, nodes by class, roles)

They run on the stores (:mod:`kgbuild.stores`); the web and the CLI use them. Nothing is imported
here: import the module you need.
"""
