"""The build output folder (OUT/): what a build writes and what the later stages read.

    layout    MANIFEST, TRIG, NQUADS, MERGES, STORE, is_build, read_manifest, write_manifest: its file
              names, and the manifest that marks it as a build
    owned     Owned, carry_over, read_marker: what kgbuild wrote in a folder it replaces; the rest kept
    output    OutputWriter, staged, replacing, load_dataset, write_store, trig: writing and reading it
    loader    StoreLoader: the on-disk store, loaded in a thread while the graphs are written
    cache     BuildCache, digest, facts_key: OUT/cache, what a rebuild need not do again
    register  DocumentRegister: the documents a build takes, in a scratch SQLite file
    scratch   scratch, number: the scratch SQLite files of a build (also linking's store)

It sits low in the tree: linking keeps its store in a scratch file and validation keeps its
results in the cache, and it imports none of the stages. Nothing is imported here: import the
module you need.
"""
