"""The sentence encoder (all-MiniLM-L6-v2 in NumPy), its verified files, and its Rasa featurizer."""
