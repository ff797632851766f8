"""Word segmentation with jieba and the domain dictionary.

One :class:`Segmenter` holds its own ``jieba.Tokenizer`` (no global state),
loads ``data/dict/user_dict.txt`` into it, and knows the stopword and
boilerplate lists. jieba's log lines are silenced here, once.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import cached_property
from pathlib import Path
from typing import Literal

from . import config

_NUMBER = re.compile(r"^(?:[+-]?\d+(?:[.,]\d+)*%?|[零〇一二两三四五六七八九十百千万亿]+)$")


def read_wordlist(path: Path) -> frozenset[str]:
    """Words of a one-per-line list (first field of each line; ``#`` lines skipped)."""
    if not path.exists():
        return frozenset()
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.add(line.split()[0])
    return frozenset(words)


def is_punct(token: str) -> bool:
    """True if every character is punctuation or a symbol (Unicode P* or S*)."""
    return bool(token) and all(unicodedata.category(ch)[0] in "PS" for ch in token)


def is_number(token: str) -> bool:
    """True for 12, 3.5, 1,234, 53.38%, and all-numeral tokens such as 十二."""
    return bool(_NUMBER.match(token))


class Segmenter:
    """jieba accurate mode (HMM on) with the project's user dictionary.

    Parameters
    ----------
    user_dict : Path or None or "default", default "default"
        jieba user dictionary; ``"default"`` is ``data/dict/user_dict.txt``
        (``workbench.config.USER_DICT``). ``None`` segments with jieba's own
        dictionary only.

    Examples
    --------
    >>> seg = Segmenter()
    >>> seg.cut("推进合法性审查全覆盖")
    ['推进', '合法性审查', '全覆盖']
    """

    def __init__(self, user_dict: Path | None | Literal["default"] = "default") -> None:
        self.user_dict = config.USER_DICT if user_dict == "default" else user_dict

    @cached_property
    def _tokenizer(self):
        import jieba

        jieba.setLogLevel(logging.WARNING)
        tk = jieba.Tokenizer()
        tk.initialize()
        if self.user_dict is not None and Path(self.user_dict).exists():
            tk.load_userdict(str(self.user_dict))
        return tk

    def cut(self, text: str) -> list[str]:
        """Tokens of ``text``; they concatenate back to ``text`` exactly."""
        return self._tokenizer.lcut(text, HMM=True)

    @cached_property
    def stopwords(self) -> frozenset[str]:
        """Function words (``data/dict/stopwords.txt``)."""
        return read_wordlist(config.STOPWORDS)

    @cached_property
    def boilerplate(self) -> frozenset[str]:
        """The genre's formulaic words (``data/dict/boilerplate.txt``)."""
        return read_wordlist(config.BOILERPLATE)


def stopwords() -> frozenset[str]:
    """Function-word stopwords from ``data/dict/stopwords.txt`` (read on each call; small)."""
    return read_wordlist(config.STOPWORDS)


def boilerplate() -> frozenset[str]:
    """The genre's boilerplate words from ``data/dict/boilerplate.txt`` (推进, 加强, 深化 …)."""
    return read_wordlist(config.BOILERPLATE)
