"""The package version, in the bottom layer: the writers of every layer put it in their output
(TMX header, report, signature), and none of them may import the ``bitext`` facade above them."""

__version__ = "0.1.0"
