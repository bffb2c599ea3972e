"""The benchmark and load rig (`make bench`): its figures and how to read them are in bench/README.md."""
