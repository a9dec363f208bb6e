"""Indonesian numbers, target ranges and codes in: the parsers every loader uses.

Codes
    Kemendagri nomenclature codes (Permendagri 90/2019 as amended) have the patterns
    ``X`` (urusan), ``X.XX`` (bidang), ``X.XX.XX`` (program), ``X.XX.XX.L.XX`` (kegiatan) and
    ``X.XX.XX.L.XX.XXXX`` (sub kegiatan), where ``L`` is the level of government (``1``
    province, ``2`` kabupaten/kota). Codes arrive dirty (spaces, leading apostrophes from
    Excel, trailing dots, 2-digit sub kegiatan suffixes of older systems, numbers that Excel
    stored as floats). :func:`normalize_code` cleans what it can read unambiguously and
    raises :class:`CodeError` otherwise; it never guesses (a float ``1.1`` may have been
    ``1.10``: that is refused, not repaired).

Numbers (:func:`parse_angka`), the rule for separators
    * a number given as ``int``/``float`` is taken as is;
    * in text, when both ``.`` and ``,`` occur, the one that occurs last is the decimal
      separator and the other must group thousands in threes (``1.250.000.000,00`` and the
      English ``1,250,000.50`` both read as expected);
    * a single ``,`` is always the decimal comma (Indonesian): ``75,5`` = 75.5 and
      ``1,250`` = 1.25;
    * a separator occurring more than once is a thousands separator and every group after
      the first must have three digits (``1.250.000`` = 1250000);
    * a single ``.`` followed by exactly three digits, after an integer part of 1–3 digits not
      starting with ``0``, is the Indonesian thousands dot: ``1.250`` = 1250 (not 1.25);
      any other single ``.`` is a decimal point, which is unambiguous there
      (``1250000.5``, ``75.5``, ``0.316``);
    * a trailing ``%`` or unit word is ignored (``80%`` = 80, ``12 Unit`` = 12), a leading
      ``Rp`` too; a leading ``-``/``−`` makes it negative;
    * a scale word (``850 juta``, ``1,2 M``, ``2 miliar``) is refused, not applied: the
      full number must be written.

Targets (:func:`parse_target`)
    ``75,5`` → (75.5, 75.5); ranges with ``–``, ``—``, ``-``, ``s.d.``, ``s/d``, ``sampai``,
    ``hingga`` → (low, high) (a reversed range is put in order); ``≥ 80``, ``>= 80``,
    ``> 80``, ``min. 80``, ``minimal 80`` → (80, inf); ``≤ 5``, ``<= 5``, ``< 5``, ``maks 5``,
    ``maksimal 5`` → (-inf, 5). Strict and non-strict comparisons are read alike.

Vectorised forms (``*_series``) parse each distinct value once and map the result back,
so a million plan lines with a few thousand distinct targets parse in well under a second.
They return the parsed values and a frame of failures (``nilai``, ``alasan``) indexed like
the input. Empty cells (NA, blank text) are not failures: they give NA/NaN.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from workbench.errors import WorkbenchError

__all__ = [
    "AngkaError",
    "CodeError",
    "TINGKAT",
    "Target",
    "code_bidang",
    "code_level",
    "code_program",
    "code_tingkat",
    "normalize_code",
    "normalize_code_series",
    "normalize_wilayah_code",
    "normalize_wilayah_series",
    "parse_angka",
    "parse_angka_series",
    "parse_target",
    "parse_target_series",
]


class CodeError(WorkbenchError, ValueError):
    """A nomenclature or region code that cannot be read unambiguously."""


class AngkaError(WorkbenchError, ValueError):
    """A number or target text that cannot be read."""


class Target(NamedTuple):
    """A target as a closed interval: a point target has ``bawah == atas``.

    ``bawah`` is ``-inf`` for "at most" targets (``≤ 5``), ``atas`` is ``inf`` for
    "at least" targets (``≥ 80``).
    """

    bawah: float
    atas: float


#: Levels of the nomenclature by number of segments.
TINGKAT = {1: "urusan", 2: "bidang", 3: "program", 5: "kegiatan", 6: "sub_kegiatan"}

# Expected digits per segment position: X . XX . XX . L . XX . XXXX
_SEG_DIGITS = (1, 2, 2, 1, 2, 4)
_SEG_NAMES = ("urusan", "bidang", "program", "level", "kegiatan", "sub kegiatan")
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f\u200b\ufeff]+")
_APOSTROPHES = "'’‘`´"


def _is_empty(raw: Any) -> bool:
    if raw is None or raw is pd.NA or raw is pd.NaT:
        return True
    if isinstance(raw, float) and math.isnan(raw):
        return True
    return isinstance(raw, str) and _SPACES.sub("", raw) == ""


def _float_text(raw: float) -> str:
    """Shortest text of a float; integral floats lose their ``.0`` (``1.0`` → ``1``)."""
    if not math.isfinite(raw):
        raise CodeError(f"code {raw!r} is not a code")
    if raw.is_integer():
        return str(int(raw))
    return repr(raw)


def _clean_code_text(raw: Any) -> tuple[str, bool]:
    """Text of a code without spaces, apostrophes and trailing dots; flag for Excel numbers."""
    if isinstance(raw, bool):
        raise CodeError(f"code {raw!r} is not a code")
    if _is_empty(raw):
        raise CodeError("empty code")
    if isinstance(raw, np.generic):
        raw = raw.item()
    if isinstance(raw, int):
        return str(raw), True
    if isinstance(raw, float):
        return _float_text(raw), True
    text = _SPACES.sub("", str(raw)).lstrip(_APOSTROPHES).rstrip(".")
    return text, False


def normalize_code(raw: Any) -> str:
    """Normalise a Kemendagri nomenclature code (urusan … sub kegiatan).

    Strips spaces (also non-breaking), leading apostrophes and trailing dots; accepts ints and
    floats from Excel when they are unambiguous; pads a 2-digit sub kegiatan suffix to
    4 digits (``1.01.02.1.01.53`` → ``1.01.02.1.01.0053``). Idempotent on its output.

    Args:
        raw: The code as found in a cell (str, int or float). An integral float reads as
            an urusan code (``2.0`` → ``2``; no bidang is numbered ``00``).

    Returns:
        The code in canonical form, e.g. ``1.01.02.2.01.0047``.

    Raises:
        CodeError: Empty, malformed, or ambiguous (a float such as ``1.1`` whose trailing
            zero Excel may have dropped: ``1.10`` or a typo?); the message quotes the value.
    """
    text, from_number = _clean_code_text(raw)
    segs = text.split(".")
    if len(segs) not in TINGKAT:
        raise CodeError(
            f"code {raw!r}: {len(segs)} segments; expected X, X.XX, X.XX.XX, X.XX.XX.L.XX "
            f"or X.XX.XX.L.XX.XXXX"
        )
    if len(segs) == 6 and len(segs[5]) == 2 and segs[5].isdigit():
        segs[5] = segs[5].zfill(4)  # older systems write 2-digit sub kegiatan suffixes
    for i, (seg, want) in enumerate(zip(segs, _SEG_DIGITS, strict=False)):
        if not (seg.isascii() and seg.isdigit()):
            raise CodeError(f"code {raw!r}: {_SEG_NAMES[i]} segment {seg!r} is not a number")
        if len(seg) != want:
            if from_number and i == len(segs) - 1 and len(seg) < want:
                raise CodeError(
                    f"code {raw!r} is ambiguous: it arrived as a number and its {_SEG_NAMES[i]} "
                    f"segment has {len(seg)} digit(s) where {want} are needed (Excel drops "
                    f"trailing zeros: {text}0?); store codes as text"
                )
            raise CodeError(
                f"code {raw!r}: {_SEG_NAMES[i]} segment {seg!r} must have {want} digit(s)"
                + (" (a number Excel shortened? store codes as text)" if len(seg) < want else "")
            )
    if len(segs) >= 4 and segs[3] not in ("1", "2"):
        raise CodeError(
            f"code {raw!r}: level digit {segs[3]!r} must be 1 (province) or 2 (kabupaten/kota)"
        )
    return ".".join(segs)


def code_tingkat(code: Any) -> str:
    """Level of a code: ``urusan``, ``bidang``, ``program``, ``kegiatan`` or ``sub_kegiatan``.

    Raises:
        CodeError: The code cannot be normalised.
    """
    return TINGKAT[normalize_code(code).count(".") + 1]


def code_bidang(code: Any) -> str | None:
    """Bidang urusan of a code (``1.02.02.2.02.0001`` → ``1.02``); None for an urusan code.

    Raises:
        CodeError: The code cannot be normalised.
    """
    segs = normalize_code(code).split(".")
    return ".".join(segs[:2]) if len(segs) >= 2 else None


def code_program(code: Any) -> str | None:
    """Program of a code (``1.02.02.2.02.0001`` → ``1.02.02``); None above program level.

    Raises:
        CodeError: The code cannot be normalised.
    """
    segs = normalize_code(code).split(".")
    return ".".join(segs[:3]) if len(segs) >= 3 else None


def code_level(code: Any) -> int | None:
    """Level of government of a kegiatan/sub kegiatan code: 1 province, 2 kab/kota; else None.

    Raises:
        CodeError: The code cannot be normalised.
    """
    segs = normalize_code(code).split(".")
    return int(segs[3]) if len(segs) >= 5 else None


_WILAYAH = re.compile(r"^\d{2}(\.\d{2})?$")


def normalize_wilayah_code(raw: Any) -> str:
    """Normalise a Kemendagri region code: ``62`` (province) or ``62.06`` (kabupaten/kota).

    Args:
        raw: str, int or float from a cell. A float whose second segment lost a digit
            (``62.1``: ``62.10`` Gunung Mas, or a typo?) is refused.

    Returns:
        The code, e.g. ``62.06``.

    Raises:
        CodeError: Empty, malformed, ambiguous, or a 4-digit BPS code (``6209``), which must
            go through the crosswalk, never by inserting a dot.
    """
    text, from_number = _clean_code_text(raw)
    if _WILAYAH.match(text):
        return text
    if from_number and re.fullmatch(r"\d{2}\.\d", text):
        raise CodeError(
            f"region code {raw!r} is ambiguous: it arrived as a number and lost a digit "
            f"({text}0?); store codes as text"
        )
    if re.fullmatch(r"\d{4}", text):
        raise CodeError(
            f"region code {raw!r} looks like a BPS code; Kemendagri codes are written 62.06 "
            f"(BPS codes go in a kode_bps column and are mapped through the crosswalk)"
        )
    raise CodeError(f"region code {raw!r}: expected XX (province) or XX.XX (kabupaten/kota)")


# --- numbers ---------------------------------------------------------------------------------
_MINUS = "-−–"  # hyphen, minus sign; an en dash directly before digits is a minus too
_NUMBER = re.compile(
    r"""^(?P<sign>[-−+])?\s*(?:rp\.?\s*)?(?P<num>\d[\d.,]*)\s*
        (?P<unit>%|[^\W\d_](?:[^\d]*[^\W\d_])?[23²³]?\.?)?$""",
    re.IGNORECASE | re.VERBOSE,
)
# Scale words are refused, not applied: "1,2 M" may be miliar or metres.
_SKALA = frozenset({"ribu", "rb", "juta", "jt", "miliar", "milyar", "triliun", "trilyun"})
_RP_FIRST = re.compile(r"^rp\.?\s*(?P<rest>.*)$", re.IGNORECASE)


def _grouped(groups: list[str]) -> bool:
    """True when ``groups`` is a valid thousands grouping: 1–3 digits, then threes."""
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def _number_text(num: str, raw: Any) -> float:  # noqa: C901 - the separator rule, in one place
    if num[-1] in ".,":
        raise AngkaError(f"number {raw!r} ends with a separator")
    if not re.fullmatch(r"\d+([.,]\d+)*", num):
        raise AngkaError(f"number {raw!r}: separators out of place")
    n_dot, n_comma = num.count("."), num.count(",")
    if n_dot and n_comma:
        dec = "," if num.rfind(",") > num.rfind(".") else "."
        thou = "." if dec == "," else ","
        whole, _, frac = num.rpartition(dec)
        if thou in frac or dec in whole or not _grouped(whole.split(thou)):
            raise AngkaError(
                f"number {raw!r}: mixed separators; write 1.250.000,50 (Indonesian) "
                f"or 1250000.5"
            )
        return float(whole.replace(thou, "") + "." + frac)
    if n_comma == 1:
        return float(num.replace(",", "."))  # the Indonesian decimal comma
    sep = "." if n_dot else ","
    count = n_dot or n_comma
    if count == 0:
        return float(num)
    groups = num.split(sep)
    if count > 1:
        if not _grouped(groups):
            raise AngkaError(f"number {raw!r}: thousands groups must have three digits")
        return float("".join(groups))
    # a single dot: Indonesian thousands dot only when it looks exactly like one
    if len(groups[1]) == 3 and _grouped(groups) and groups[0][0] != "0":
        return float("".join(groups))
    return float(num)


def parse_angka(text: Any) -> float:
    """Read a number written the Indonesian way (see the module docstring for the rule).

    Examples: ``1.250.000.000,00`` → 1250000000.0; ``75,5`` → 75.5; ``80%`` → 80.0;
    ``100 %`` → 100.0; ``12 Unit`` → 12.0; ``-3,2`` → -3.2; ``1.250`` → 1250.0;
    ``1250000.5`` → 1250000.5; ``Rp 850.000.000`` → 850000000.0.

    Args:
        text: str, int or float.

    Returns:
        The number as float (a percentage stays in percent: ``80%`` → 80.0).

    Raises:
        AngkaError: Empty, not a number, or separators that fit no rule; the message quotes
            the value.
    """
    if isinstance(text, bool):
        raise AngkaError(f"not a number: {text!r}")
    if isinstance(text, np.generic):
        text = text.item()
    if isinstance(text, int | float):
        if isinstance(text, float) and math.isnan(text):
            raise AngkaError("empty value")
        return float(text)
    if _is_empty(text):
        raise AngkaError("empty value")
    s = _SPACES.sub(" ", str(text)).strip()
    m = _RP_FIRST.match(s)
    if m:
        s = m.group("rest")
    m = _NUMBER.match(s)
    if not m:
        raise AngkaError(f"not a number: {text!r}")
    unit = (m.group("unit") or "").strip()
    if unit.lower().rstrip(".") in _SKALA or unit in ("M", "T"):
        raise AngkaError(
            f"number {text!r} carries the scale word {unit!r}; write the full number "
            f"(850 juta = 850.000.000)"
        )
    value = _number_text(m.group("num"), text)
    return -value if m.group("sign") in ("-", "−") else value


# --- targets ---------------------------------------------------------------------------------
_AT_LEAST = re.compile(
    r"^(?:≥|>=|=>|>|min(?:imal|imum)?\.?|paling\s+sedikit|sekurang-kurangnya|minimal)\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
_AT_MOST = re.compile(
    r"^(?:≤|<=|=<|<|maks(?:imal|imum)?\.?|max(?:imal|imum)?\.?|paling\s+banyak|"
    r"setinggi-tingginya)\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
_RANGE_SEP = re.compile(
    r"\s*(?:–|—|−|-|s\s*\.\s*d\s*\.?|s\s*/\s*d\.?|sd\.?|sampai(?:\s+dengan)?|hingga)\s*",
    re.IGNORECASE,
)


def parse_target(text: Any) -> Target:
    """Read a target as written in a plan: a point, a range, an "at least" or an "at most".

    ``75,5`` → (75.5, 75.5); ``4,11–4,66`` → (4.11, 4.66); ``4,11 s.d. 4,66 %`` → (4.11, 4.66);
    ``≥ 80`` / ``min. 80`` → (80, inf); ``≤ 5`` / ``maks 5`` → (-inf, 5); ``80%`` → (80, 80).

    Args:
        text: str, int or float.

    Returns:
        :class:`Target` ``(bawah, atas)``; a reversed range (``4,66–4,11``) is put in order.

    Raises:
        AngkaError: Empty or unreadable; the message quotes the value.
    """
    if isinstance(text, bool):
        raise AngkaError(f"not a target: {text!r}")
    if isinstance(text, int | float | np.generic):
        v = parse_angka(text)
        return Target(v, v)
    if _is_empty(text):
        raise AngkaError("empty target")
    s = _SPACES.sub(" ", str(text)).strip()
    for pattern, lower in ((_AT_LEAST, True), (_AT_MOST, False)):
        m = pattern.match(s)
        if m:
            v = _angka_or_target_error(m.group("rest"), text)
            return Target(v, math.inf) if lower else Target(-math.inf, v)
    try:
        v = parse_angka(s)
        return Target(v, v)
    except AngkaError:
        pass
    for m in _RANGE_SEP.finditer(s):
        left, right = s[: m.start()], s[m.end() :]
        if not left.strip() or not right.strip():
            continue
        try:
            a, b = parse_angka(left), parse_angka(right)
        except AngkaError:
            continue
        return Target(min(a, b), max(a, b))
    raise AngkaError(
        f"not a target: {text!r}; expected a number (75,5), a range (4,11–4,66), "
        f"≥ 80 or ≤ 5"
    )


def _angka_or_target_error(rest: str, text: Any) -> float:
    try:
        return parse_angka(rest)
    except AngkaError as err:
        raise AngkaError(f"not a target: {text!r} ({err})") from None


# --- vectorised forms --------------------------------------------------------------------
def _failures(index: pd.Index, nilai: list, alasan: list) -> pd.DataFrame:
    return pd.DataFrame({"nilai": pd.Series(nilai, dtype=object), "alasan": alasan}).set_index(
        index
    )


def _is_str(values: np.ndarray) -> np.ndarray:
    if pd.api.types.infer_dtype(values, skipna=False) == "string":
        return np.ones(len(values), dtype=bool)
    return np.fromiter((type(v) is str for v in values), dtype=bool, count=len(values))


def _empty_mask(values: np.ndarray) -> np.ndarray:
    out = np.zeros(len(values), dtype=bool)
    is_str = _is_str(values)
    if is_str.any():
        arr = values[is_str].astype(str)
        kosong = (np.char.str_len(arr) == 0) | np.char.isspace(arr)
        # zero-width spaces and BOMs are not whitespace to str.isspace: check those cells alone
        aneh = ~kosong & ((np.char.find(arr, "\u200b") >= 0) | (np.char.find(arr, "\ufeff") >= 0))
        kosong[aneh] = [_is_empty(v) for v in arr[aneh]]
        # numpy's fixed-width strings drop trailing NULs ('\x00' reads as ''): the few distinct
        # values found empty are confirmed on the original strings
        asli = values[is_str]
        kosong[kosong] = [_is_empty(v) for v in asli[kosong]]
        out[is_str] = kosong
    if (~is_str).any():
        out[~is_str] = [_is_empty(v) for v in values[~is_str]]
    return out


# Plain forms read by vectorised regexes; the rest goes through parse_angka one by one.
# Each gives the same number as parse_angka (the separator rule of the module docstring).
_CEPAT = (
    (re.compile(r"-?[0-9]+"), None),  # 1250000
    (re.compile(r"-?[0-9]+,[0-9]+"), ","),  # 75,5 (decimal comma)
    # 1.250.000,00 (thousands dots)
    (re.compile(r"-?[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?:,[0-9]+)?"), "."),
    (re.compile(r"-?[0-9]+\.[0-9]+"), None),  # 75.5, 0.316 (a single dot not read as thousands)
)


def _angka_cepat(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised reading of the plain number forms among ``values``.

    Returns:
        (mask of the values read, their numbers; NaN elsewhere).
    """
    done = np.zeros(len(values), dtype=bool)
    out = np.full(len(values), np.nan)
    is_str = _is_str(values)
    if not is_str.any():
        return done, out
    pos = np.flatnonzero(is_str)
    # numpy's fixed-width strings drop trailing NULs: such values go to the scalar parser
    nul = np.fromiter(("\x00" in v for v in values[pos]), dtype=bool, count=len(pos))
    pos = pos[~nul]
    arr = values[pos].astype(str)
    digits = np.char.isdigit(arr)  # the common case (pagu 850000000) in one C loop
    try:
        out[pos[digits]] = arr[digits].astype(float)
        done[pos[digits]] = True
        pos = pos[~digits]
    except ValueError:  # non-ASCII digits: leave them to the regexes
        pass
    s = pd.Series(values[pos], dtype=object).str.strip()
    for pattern, thousands in _CEPAT:
        todo = ~done[pos]
        if not todo.any():
            break
        hit = np.zeros(len(pos), dtype=bool)
        hit[todo] = s[todo].str.fullmatch(pattern).to_numpy(dtype=bool)
        if not hit.any():
            continue
        text = s[hit]
        if thousands == ".":
            text = text.str.replace(".", "", regex=False)
        if thousands is not None:
            text = text.str.replace(",", ".", regex=False)
        out[pos[hit]] = text.astype(float).to_numpy()
        done[pos[hit]] = True
    return done, out


def _has_nul(values: np.ndarray) -> bool:
    """Whether any text value holds a NUL character (one C-level join for all-text arrays)."""
    try:
        return "\x00" in "".join(values)
    except TypeError:  # numbers or NA among the values
        return any(isinstance(v, str) and "\x00" in v for v in values)


def _factorize(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    r"""``pd.factorize`` with NA as -1, exact for text holding a NUL character.

    pandas' string hash table stops at a NUL, so ``""`` and ``"\\x00"`` (or ``"1"`` and
    ``"1\\x00x"``) would become one distinct value and share one parse result; such a
    series is factorized with a dict instead.
    """
    values = series.to_numpy(dtype=object)
    if not _has_nul(values):
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        return codes, np.asarray(uniques, dtype=object)
    seen: dict[Any, int] = {}
    codes = np.fromiter(
        (-1 if v is None or (isinstance(v, float) and v != v) or v is pd.NA
         else seen.setdefault(v, len(seen)) for v in values),
        dtype=np.intp, count=len(values),
    )  # fmt: skip
    uniques = np.empty(len(seen), dtype=object)
    uniques[:] = list(seen)
    return codes, uniques


def _map_unique(
    series: pd.Series, func: Callable[[Any], Any], error: type[Exception],
    cepat: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]] | None = None,
) -> tuple[np.ndarray, list, np.ndarray, np.ndarray, np.ndarray]:
    """Apply ``func`` once per distinct value of ``series``.

    Args:
        series: The values.
        func: The scalar parser.
        error: Its documented error.
        cepat: Optional vectorised reader of the common forms (mask done, values).

    Returns:
        (codes into uniques, results per unique, failed per unique, reasons per unique,
        empty per unique). ``codes`` is -1 for NA.
    """
    codes, uniques = _factorize(series)
    empty = _empty_mask(uniques)
    results: list = [None] * len(uniques)
    failed = np.zeros(len(uniques), dtype=bool)
    reasons = np.empty(len(uniques), dtype=object)
    done = np.zeros(len(uniques), dtype=bool)
    if cepat is not None and len(uniques):
        done, values = cepat(uniques)
        for i in np.flatnonzero(done):
            results[i] = values[i]
    for i, u in enumerate(uniques):
        if empty[i] or done[i]:
            continue
        try:
            results[i] = func(u)
        except error as err:
            failed[i] = True
            reasons[i] = str(err)
    return codes, results, failed, reasons, empty


def _failure_frame(series: pd.Series, codes: np.ndarray, failed: np.ndarray, reasons: np.ndarray):
    bad = np.zeros(len(codes), dtype=bool)
    ok = codes >= 0
    bad[ok] = failed[codes[ok]]
    pos = np.flatnonzero(bad)
    return _failures(
        series.index[pos], list(series.to_numpy(dtype=object)[pos]), list(reasons[codes[pos]])
    )


def _codes_series(series: pd.Series, func: Callable[[Any], str]) -> tuple[pd.Series, pd.DataFrame]:
    codes, results, failed, reasons, empty = _map_unique(series, func, CodeError)
    per_unique = np.array(
        [None if (empty[i] or failed[i]) else results[i] for i in range(len(results))],
        dtype=object,
    )
    out = np.full(len(codes), None, dtype=object)
    ok = codes >= 0
    out[ok] = per_unique[codes[ok]]
    return (
        pd.Series(out, index=series.index, dtype="string", name=series.name),
        _failure_frame(series, codes, failed, reasons),
    )


def normalize_code_series(series: pd.Series) -> tuple[pd.Series, pd.DataFrame]:
    """:func:`normalize_code` over a Series (each distinct value parsed once).

    Returns:
        (codes as ``string`` dtype, NA where empty or failed; failures frame ``nilai, alasan``
        indexed like ``series``).
    """
    return _codes_series(series, normalize_code)


def normalize_wilayah_series(series: pd.Series) -> tuple[pd.Series, pd.DataFrame]:
    """:func:`normalize_wilayah_code` over a Series (each distinct value parsed once).

    Returns:
        (codes as ``string`` dtype, NA where empty or failed; failures frame ``nilai, alasan``).
    """
    return _codes_series(series, normalize_wilayah_code)


def parse_angka_series(series: pd.Series) -> tuple[pd.Series, pd.DataFrame]:
    """:func:`parse_angka` over a Series (each distinct value parsed once).

    Returns:
        (float Series, NaN where empty or failed; failures frame ``nilai, alasan``).
    """
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        return series.astype(float), _failures(series.index[:0], [], [])
    codes, results, failed, reasons, empty = _map_unique(
        series, parse_angka, AngkaError, _angka_cepat
    )
    per_unique = np.array(
        [np.nan if (empty[i] or failed[i]) else results[i] for i in range(len(results))],
        dtype=float,
    )
    out = np.full(len(codes), np.nan)
    ok = codes >= 0
    out[ok] = per_unique[codes[ok]]
    return pd.Series(out, index=series.index, name=series.name), _failure_frame(
        series, codes, failed, reasons
    )


def parse_target_series(series: pd.Series) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`parse_target` over a Series (each distinct value parsed once).

    Returns:
        (frame ``bawah, atas`` of floats, NaN where empty or failed; failures frame
        ``nilai, alasan``).
    """
    codes, results, failed, reasons, empty = _map_unique(
        series, parse_target, AngkaError, _angka_cepat
    )
    lo = np.full(len(results), np.nan)
    hi = np.full(len(results), np.nan)
    for i, r in enumerate(results):
        if r is None or failed[i]:
            continue
        if isinstance(r, Target):
            lo[i], hi[i] = r
        else:  # a plain number read by the vectorised path: a point target
            lo[i] = hi[i] = r
    bawah = np.full(len(codes), np.nan)
    atas = np.full(len(codes), np.nan)
    ok = codes >= 0
    bawah[ok], atas[ok] = lo[codes[ok]], hi[codes[ok]]
    frame = pd.DataFrame({"bawah": bawah, "atas": atas}, index=series.index)
    return frame, _failure_frame(series, codes, failed, reasons)
