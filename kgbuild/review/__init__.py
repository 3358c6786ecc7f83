"""The review app (``kgbuild review OUT``): read each document with its facts marked, accept,
reject or correct them, and build again.

    workspace  the build under review: documents, facts, texts, problems, the curated file, rebuild
    decisions  a reviewer's decisions as lines of the curated file ``review.facts.jsonl``
    view       what the pages show
    app        the local web app: 127.0.0.1 only, a token per run
"""

from kgbuild.review.app import LOOPBACK, create_review_app, make_review_server

__all__ = ["LOOPBACK", "create_review_app", "make_review_server"]
