"""The benchmark of issue 14: pages, PDFs and load against baselines measured in the same run.
Run `python bench/run.py --help`; see README.md ("Benchmark") and bench/RESULTS.md."""
