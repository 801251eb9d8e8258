"""Benchmarks of the generator and its clients against what users would pick instead.

`make bench` runs `bench.run`, which writes `bench/results.md` and `bench/generation.png`.
"""
