"""Publishing a build as linked data: pages, representations, dataset metadata, ontology docs, a server."""
