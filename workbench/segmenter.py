"""Word segmentation with jieba and the domain dictionary.

Two engines give the same tokens:

* ``"jieba"`` – the reference: jieba's accurate mode (HMM on), pure Python,
  about 1.4 MB/s.
* ``"rjieba"`` – rjieba (a binding of the Rust port jieba-rs), loaded with
  jieba's own ``dict.txt`` and the same user dictionary, so word
  frequencies and the dictionary total are identical to the reference;
  about 25 times faster. Inside an HMM buffer jieba-rs keeps a run of
  letters, digits and symbols such as ``2021-2025``, ``K1493206-6`` or
  ``1.2.3`` whole, where jieba splits it with ``finalseg.re_skip``
  (``[a-zA-Z0-9]+(?:\\.\\d+)?%?``): such a fast-engine token (letters or
  digits next to ``+ # & . _ % -``, not a run ``re_skip`` matches whole such
  as ``5.18`` or ``34.85%``, not a dictionary word such as ``C++``) is split
  as jieba splits it (:func:`jieba_pieces`), so the tokens agree exactly
  (``tests/test_segmenter_agreement.py``: seeds, generated reports, and
  thousands of random strings of those characters).

``engine="auto"`` (the default) uses rjieba when it is installed. With
``verify=True`` every batch is also cut with the reference and, if they
disagree, the reference's tokens are returned (and counted in
:attr:`Segmenter.fallbacks`).

One :class:`Segmenter` holds its own tokenizers (no global state), so each
worker process builds its own. jieba's log lines are silenced here, once.
"""

from __future__ import annotations

import logging
import re
from itertools import chain
import unicodedata
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import numpy as np
    import polars as pl

from . import config

_NUMBER = re.compile(r"^(?:[+-]?\d+(?:[.,]\d+)*%?|[零〇一二两三四五六七八九十百千万亿]+)$")

Engine = Literal["auto", "jieba", "rjieba"]

#: Where jieba-rs's HMM may split a non-Han run differently from jieba's
#: ``finalseg.re_skip`` (``[a-zA-Z0-9]+(?:\.\d+)?%?``): a letter or digit next to
#: one of ``+ # & . _ % -``. In a block without one, every non-Han run is all
#: letters/digits or all symbols, which both engines keep whole.
_RISKY = re.compile(r"[a-zA-Z0-9][+#&._%\-]|[+#&._%\-][a-zA-Z0-9]")
#: A run of letters, digits and ``+ # & . _ % -`` (jieba's non-Han block characters).
_ASCII_WORD = re.compile(r"[a-zA-Z0-9+#&._%\-]+")
#: ``jieba.finalseg.re_skip``: how jieba splits a non-Han run inside an HMM buffer.
_RE_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")
#: For polars (Rust regex; ``\d`` is Unicode digits in both): a whole token that is such a run,
#: and one that ``re_skip`` matches whole (jieba keeps it: 5.18, 34.85%).
_ASCII_RUN_PL = rf"^(?:{_ASCII_WORD.pattern})$"
_KEPT_WHOLE_PL = rf"^{_RE_SKIP.pattern[1:-1]}$"


def jieba_pieces(run: str) -> list[str]:
    """How jieba's HMM step cuts a run of letters, digits and symbols.

    Examples
    --------
    >>> jieba_pieces("2021-2025"), jieba_pieces("K1493206-6"), jieba_pieces("1.2.3")
    (['2021', '-', '2025'], ['K1493206', '-', '6'], ['1.2', '.', '3'])
    """
    return [x for x in _RE_SKIP.split(run) if x]


#: jieba's user-dictionary line (``jieba.re_userdict``).
_USERDICT_LINE = re.compile(r"^(.+?)( [0-9]+)?( [a-z]+)?$")
#: A private-use character: never in a jieba block, so a dictionary entry made of it is never looked up.
_PADDING_WORD = "\ue000"


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


def jieba_dictionary() -> Path:
    """jieba's main dictionary, ``dict.txt`` in its package folder, found without importing jieba.

    The fast engine reads it; importing jieba (which imports ``pkg_resources``)
    would cost each building process about half a second.
    """
    from importlib.util import find_spec

    spec = find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        msg = "Segmenter: the jieba package is not installed; pip install jieba"
        raise ImportError(msg)
    return Path(next(iter(spec.submodule_search_locations))) / "dict.txt"


#: (rjieba version, SHA-256 of jieba's ``dict.txt``) → (the sum of its lines' frequencies, the sum of
#: each word's last frequency): pairs whose built-in dictionary was checked to be exactly that
#: ``dict.txt`` (every word's frequency and tag, and the total;
#: ``tests/test_segmenter.py::test_rjieba_builtin_dictionary_is_jiebas``). The fast engine then starts
#: from rjieba's own dictionary (a sixth of a second) instead of adding 349,046 words one call at a
#: time (about 0.4 s in every building process); any other pair takes the long way.
BUILTIN_DICTIONARY = {
    ("0.2.2", "7197c3211ddd98962b036cdf40324d1ea2bfaa12bd028e68faa70111a88e12a8"): (60_101_967, 60_101_964),
}


def _builtin_sums() -> tuple[int, int] | None:
    """:data:`BUILTIN_DICTIONARY`'s sums when the installed rjieba and jieba's ``dict.txt`` are a checked pair, else None."""
    import hashlib
    from importlib.metadata import PackageNotFoundError, version

    try:
        pair = (version("rjieba"), hashlib.sha256(jieba_dictionary().read_bytes()).hexdigest())
    except (PackageNotFoundError, OSError, ImportError):
        return None
    return BUILTIN_DICTIONARY.get(pair)


def rjieba_available() -> bool:
    """True if the fast engine (the ``rjieba`` package) can be imported."""
    try:
        _rjieba_class()
    except ImportError:
        return False
    return True


@lru_cache(maxsize=1)
def _rjieba_class() -> type:
    """rjieba's ``Jieba`` class, from its compiled module alone.

    Importing the ``rjieba`` package builds a module-level tokenizer at once
    (``rjieba/__init__.py``: a third of a second and 32 MB in every process),
    which the workbench never uses: it builds its own
    (:attr:`Segmenter._fast`). The compiled module is loaded without the
    package where it is found; otherwise the package is imported.
    """
    import importlib.machinery
    import importlib.util

    spec = importlib.util.find_spec("rjieba")
    if spec is None:
        msg = "the rjieba package is not installed"
        raise ImportError(msg)
    for folder in spec.submodule_search_locations or []:
        for path in sorted(Path(folder).glob("rjieba.*")):
            if path.name.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES)):
                loader = importlib.machinery.ExtensionFileLoader("rjieba.rjieba", str(path))
                module = importlib.util.module_from_spec(importlib.util.spec_from_file_location("rjieba.rjieba", path, loader=loader))
                loader.exec_module(module)
                if hasattr(module, "Jieba"):
                    return module.Jieba
    import rjieba

    return rjieba.Jieba


def _user_entries(path: Path | None) -> list[tuple[str, int | None, str | None]]:
    """(word, freq, tag) of a jieba user dictionary, parsed as ``jieba.Tokenizer.load_userdict`` does."""
    if path is None or not Path(path).exists():
        return []
    out = []
    for raw in Path(path).read_bytes().splitlines():
        line = raw.strip().decode("utf-8").lstrip("\ufeff")
        if not line:
            continue
        word, freq, tag = _USERDICT_LINE.match(line).groups()
        out.append((word, int(freq.strip()) if freq is not None else None, tag.strip() if tag is not None else None))
    return out


class Segmenter:
    """jieba accurate mode (HMM on) with the project's user dictionary.

    Parameters
    ----------
    user_dict : Path or None or "default", default "default"
        jieba user dictionary; ``"default"`` is ``data/dict/user_dict.txt``
        (``workbench.config.USER_DICT``). ``None`` segments with jieba's own
        dictionary only.
    engine : {"auto", "jieba", "rjieba"}, default "auto"
        ``"jieba"`` is the reference; ``"rjieba"`` the fast engine (same
        tokens); ``"auto"`` takes rjieba when installed. A user dictionary
        entry with frequency 0 (jieba's "always split") has no rjieba
        equivalent: ``"auto"`` then takes jieba.
    verify : bool, default False
        Cut every batch with the reference too and return the reference's
        tokens where the engines disagree (slow; for checking).

    Raises
    ------
    ValueError
        ``engine="rjieba"`` but rjieba is not installed, or ``engine`` is not one of the choices.

    Examples
    --------
    >>> seg = Segmenter()
    >>> seg.cut("推进合法性审查全覆盖")
    ['推进', '合法性审查', '全覆盖']
    >>> Segmenter(engine="jieba").cut("2021-2025年") == Segmenter(engine="auto").cut("2021-2025年")
    True
    """

    def __init__(
        self,
        user_dict: Path | None | Literal["default"] = "default",
        *,
        engine: Engine = "auto",
        verify: bool = False,
    ) -> None:
        if engine not in ("auto", "jieba", "rjieba"):
            msg = f"Segmenter: engine must be 'auto', 'jieba' or 'rjieba'; got {engine!r}"
            raise ValueError(msg)
        if engine == "rjieba" and not rjieba_available():
            msg = "Segmenter: engine='rjieba' but the rjieba package is not installed; pip install rjieba, or use engine='jieba'"
            raise ValueError(msg)
        self.user_dict = config.USER_DICT if user_dict == "default" else user_dict
        self.requested_engine = engine
        self.verify = verify
        #: Batches whose fast-engine tokens differed from the reference (``verify=True`` only).
        self.fallbacks = 0

    @cached_property
    def engine(self) -> Literal["jieba", "rjieba"]:
        """The engine in use: ``"jieba"`` or ``"rjieba"``."""
        if self.requested_engine == "jieba":
            return "jieba"
        if self.requested_engine == "auto":
            if not rjieba_available() or any(f == 0 for _, f, _ in self._entries):
                return "jieba"
        return "rjieba"

    @cached_property
    def _entries(self) -> list[tuple[str, int | None, str | None]]:
        return _user_entries(self.user_dict)

    @cached_property
    def _tokenizer(self):
        """The reference ``jieba.Tokenizer`` with the user dictionary."""
        import jieba

        jieba.setLogLevel(logging.WARNING)
        tk = jieba.Tokenizer()
        tk.initialize()
        if self.user_dict is not None and Path(self.user_dict).exists():
            tk.load_userdict(str(self.user_dict))
        return tk

    @cached_property
    def _dictionary(self) -> pl.DataFrame:
        """jieba's dict.txt ("word freq [tag]" per line), read by polars."""
        import polars as pl

        return pl.read_csv(
            jieba_dictionary(), separator=" ", has_header=False, quote_char=None, new_columns=["word", "freq", "tag"],
            schema={"word": pl.String, "freq": pl.Int64, "tag": pl.String},
        )

    @cached_property
    def _fast(self):
        """An ``rjieba.Jieba`` holding exactly the reference's dictionary and total frequency."""
        import polars as pl

        lines = self._dictionary
        sums = _builtin_sums()
        if sums is not None:  # rjieba's own dictionary is jieba's dict.txt (checked): start from it
            fast = _rjieba_class()()
            ref_total, final_sum = sums
            user = lines.filter(pl.col("word").is_in([w for w, _, _ in self._entries]))
            current = dict(zip(user["word"].to_list(), user["freq"].to_list()))  # the last line of each wins
        else:
            fast = _rjieba_class().empty()
            words, freqs = lines["word"].to_list(), lines["freq"].to_list()
            list(map(fast.add_word, words, freqs, lines["tag"].to_list()))
            ref_total = sum(freqs)  # jieba adds every line's frequency, duplicates included
            current = dict(zip(words, freqs))  # each word's last frequency, as jieba-rs keeps it
            final_sum = sum(current.values())  # the total after replacements
        add = fast.add_word
        for word, freq, tag in self._entries:
            if freq is None:  # jieba's suggest_freq: ask the reference
                freq = self._tokenizer.FREQ[word]
            add(word, freq, tag)
            ref_total += freq
            final_sum += freq - current.get(word, 0)
            current[word] = freq
        # jieba-rs subtracts a replaced word's old frequency from its total, jieba does not:
        # pad the total with a word that never occurs in a block so both totals agree.
        gap = ref_total - final_sum
        if gap > 0:
            add(_PADDING_WORD, gap, None)
        return fast

    def cut_flat(self, texts: list[str]) -> tuple[pl.Series, np.ndarray]:
        """All texts' tokens as one polars Series, and the number of tokens of each text.

        The same tokens as :meth:`cut_many`, built for long corpora: the fast
        engine's pieces that jieba would split are found among the distinct
        tokens and split in polars rather than by visiting every token in Python.
        """
        if self.engine == "jieba" or self.verify:
            import numpy as np
            import polars as pl

            cuts = self.cut_many(texts)
            counts = np.fromiter(map(len, cuts), dtype=np.int64, count=len(cuts))
            return pl.Series("token", list(chain.from_iterable(cuts)), dtype=pl.String), counts
        return self._fast_flat(texts)

    def _fast_flat(self, texts: list[str]) -> tuple[pl.Series, np.ndarray]:
        """The fast engine's tokens of ``texts`` (flat) and counts, with jieba's HMM split applied."""
        import numpy as np
        import polars as pl

        cuts = [self._fast.cut(t, True) for t in texts]
        counts = np.fromiter(map(len, cuts), dtype=np.int64, count=len(cuts))
        flat = pl.Series("token", list(chain.from_iterable(cuts)), dtype=pl.String)
        # the checks run once per distinct token holding one of the symbols (every such token does)
        vocab = flat.filter(flat.str.contains_any(list("+#&._%-"))).unique()
        risky = vocab.filter(
            vocab.str.contains(_ASCII_RUN_PL)
            & vocab.str.contains(_RISKY.pattern)
            & ~vocab.str.contains(_KEPT_WHOLE_PL)
            & ~vocab.is_in(list(self._ascii_words))
        )
        if not risky.len():
            return flat, counts
        split = {t: jieba_pieces(t) for t in risky.to_list()}  # once per distinct token
        rows = np.flatnonzero(flat.is_in(risky.implode()).to_numpy())
        pieces = [split[t] for t in flat.gather(rows).to_list()]
        width = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
        doc_of_row = np.searchsorted(np.cumsum(counts), rows, side="right")
        counts = counts + np.bincount(doc_of_row, weights=width - 1, minlength=len(counts)).astype(np.int64)
        # every row repeated as many times as it has pieces, then each split row's copies overwritten by its pieces
        reps = np.ones(flat.len(), dtype=np.int64)
        reps[rows] = width
        first = np.cumsum(reps) - reps  # where each row's first piece goes
        where = np.repeat(first[rows] - np.cumsum(width) + width, width) + np.arange(int(width.sum()))
        flat = flat.gather(np.repeat(np.arange(flat.len()), reps)).scatter(where, pl.Series(list(chain.from_iterable(pieces)), dtype=pl.String))
        return flat, counts

    @cached_property
    def _ascii_words(self) -> frozenset[str]:
        """Words of the dictionaries made only of letters, digits and ``+ # & . _ % -`` (AT&T, C++ …): never split."""
        import polars as pl

        words = set(self._dictionary.filter(pl.col("word").str.contains(_ASCII_RUN_PL))["word"].to_list())
        words.update(w for w, _, _ in self._entries if _ASCII_WORD.fullmatch(w))
        return frozenset(words)

    def cut(self, text: str) -> list[str]:
        """Tokens of ``text``; they concatenate back to ``text`` exactly."""
        return self.cut_many([text])[0]

    def cut_many(self, texts: list[str]) -> list[list[str]]:
        """Tokens of each text (one list per text), from the engine in use.

        With ``verify=True`` and the fast engine, the batch is cut with the
        reference as well; if any text differs, the reference's tokens are
        returned for the whole batch and :attr:`fallbacks` is incremented.
        """
        if self.engine == "jieba":
            lcut = self._tokenizer.lcut
            return [lcut(t, HMM=True) for t in texts]
        flat, counts = self._fast_flat(list(texts))
        tokens = flat.to_list()
        ends = counts.cumsum().tolist()
        out = [tokens[e - n : e] for e, n in zip(ends, counts.tolist())]
        if self.verify:
            lcut = self._tokenizer.lcut
            ref = [lcut(t, HMM=True) for t in texts]
            if ref != out:
                self.fallbacks += 1
                return ref
        return out


def stopwords() -> frozenset[str]:
    """Function-word stopwords from ``data/dict/stopwords.txt`` (read on each call; small)."""
    return read_wordlist(config.STOPWORDS)


def boilerplate() -> frozenset[str]:
    """The genre's boilerplate words from ``data/dict/boilerplate.txt`` (推进, 加强, 深化 …)."""
    return read_wordlist(config.BOILERPLATE)
