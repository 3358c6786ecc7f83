"""The build: the stages run in order, from a corpus to a validated output folder.

    pipeline  build, convert_facts, write_build: corpus → facts → links → RDF → OUT/, validated
    writing   link_and_write, writing: after extraction, the staged OUT/, linking, the graphs
    graphs    document_lines: each document's graph lines (and validation unit), in workers
    report    BuildReport, Progress, no_progress: what a build reports, how it shows progress
    engines   run, Task, Outcome, ENGINES: where the per-document work runs (here, N processes,
              a Dask cluster)
    curate    read_curated, merge_curated: the corpus's curated facts, which win on conflict

It drives corpus, extract, linking, converters, validation and outdir; the stores, queries and
the web read what it writes. Named building, not build: a package kgbuild.build would replace
the function kgbuild.build as an attribute of kgbuild once imported. Nothing is imported here:
import the module you need.
"""
