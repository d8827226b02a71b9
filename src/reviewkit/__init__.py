"""reviewkit: a systematic review as code."""

__version__ = "0.1.0"
