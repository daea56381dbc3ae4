"""bitext: segment, align and quality-check English-Chinese translations."""

__version__ = "0.1.0"
