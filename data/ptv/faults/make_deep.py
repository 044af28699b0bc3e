#!/usr/bin/env python3
"""Writes deep.json: 10,000 nested JSON arrays, [[[[...]]]].

The document is syntactically complete (every bracket is closed); its only
fault is the nesting depth, which must be refused by a depth limit (serde_json's
default recursion limit is 128) rather than overflow the parser's stack.
"""
import os

DEPTH = 10_000
HERE = os.path.dirname(os.path.abspath(__file__))

with open(os.path.join(HERE, "deep.json"), "w", encoding="ascii") as f:
    f.write("[" * DEPTH + "]" * DEPTH + "\n")
