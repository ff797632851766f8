"""Render the notebooks to reports_out/ (placeholder until the publishing layer lands)."""

from __future__ import annotations

import argparse


def main(args: argparse.Namespace) -> int:
    from .corpus import load_corpus

    corpus = load_corpus(args.source, progress=True)
    print(corpus.describe())
    return 0
