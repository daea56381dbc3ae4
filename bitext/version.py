"""The package version, in the bottom layer: the writers of every layer put it in their output
(TMX header, report, signature), and none of them may import the ``bitext`` facade above them."""

__version__ = "0.1.0"

TOOL = f"bitext {__version__}"


def signature_line(**parts: object) -> str:
    """``bitext:VERSION|name:value|...``: the one line of an output's signature (alignments, QA
    reports) that says which version, model and settings produced it, as sacrebleu's do."""
    return "|".join([f"bitext:{__version__}", *(f"{name}:{value}" for name, value in parts.items())])
