"""The build: the stages run in order, from a corpus to a validated output folder.

    pipeline  build, convert_facts, write_build, BuildReport, Progress: corpus → facts → links →
              RDF → OUT/, validated
    engines   run, Task, Outcome, ENGINES: where the per-document work runs (here, N processes,
              a Dask cluster)
    curate    merge_curated: curated facts win over extracted ones

It drives corpus, extract, linking, converters, validation and outdir; the stores, queries and
the web read what it writes. Named building, not build: a package kgbuild.build would replace
the function kgbuild.build as an attribute of kgbuild once imported. Nothing is imported here:
import the module you need.
"""
