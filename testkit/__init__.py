"""Helpers that tests and the bench share: live servers, private services, stand-ins.

Product code never imports these (docs/DESIGN.md, the import rule).
"""
