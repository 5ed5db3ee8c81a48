"""Case text on a Streamlit page: the pages' name for :mod:`render.text`, the one place that
makes report-derived text inert for Markdown (see its docstring)."""

from render.text import WORD_JOINER, plain, quoted

__all__ = ["WORD_JOINER", "plain", "quoted"]
