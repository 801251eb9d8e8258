"""The second half of the pipeline: intermediate model → package files on disk."""
