"""Ask Amy: everything the Rasa server and the action server load, in one package.

The tree and the import rule are described in docs/DESIGN.md. Importing this package loads nothing.
"""
