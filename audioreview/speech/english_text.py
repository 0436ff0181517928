"""English passes for characters, abbreviations, symbols, acronyms and pauses.

Each pass is a pure ``str -> str`` function. The first ones fold typography
into plain forms the later passes can match; the last one removes whatever a
voice cannot speak and tidies the punctuation left behind.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .english_words import (
    capitalized,
    cardinal,
    has_digit,
    integer,
    ordinal,
    plural,
    roman_value,
    spell,
    word_set,
    year,
)
from .speakable import strip_unspeakable
from .tracked import follow, map_chars, rstrip, strip, sub, translate

FOLD = str.maketrans({
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "‹": ", ", "›": ", ", "`": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": ", ", "»": ", ",
    "‐": "-", "‑": "-", "‒": "-", "−": "-", "⁃": "-",
    "…": "...", "º": "°", "⁄": "/", "∕": "/", "≈": "~", "→": " to ", "℃": "°C", "℉": "°F",
    "™": "", "®": "", "©": "", "№": " number ", "•": ", ", "·": " ",
    "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "", "\u00ad": "",
})
"""Typography folded to plain forms before any other pass."""

KEEP = frozenset("★✭✮⭐🌟☆✩⯪⯨" "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞⅐⅑⅒" "$£€¥°×–—―~&#%+=@/")
"""Symbols later passes turn into words; left alone by the fold pass."""

TITLES = {
    "Dr": "Doctor", "Mr": "Mister", "Mrs": "Misses", "Ms": "Miz", "St": "Saint", "Mt": "Mount",
    "Prof": "Professor", "Capt": "Captain", "Lt": "Lieutenant", "Sgt": "Sergeant", "Gen": "General",
    "Gov": "Governor", "Sen": "Senator", "Rev": "Reverend",
}
"""Abbreviated titles before a name ("Dr. Strange" -> "Doctor Strange")."""

STREETS = {"Dr": "Drive", "St": "Street", "Ave": "Avenue", "Blvd": "Boulevard", "Rd": "Road"}
"""Abbreviated street types after a name ("Mulholland Dr." -> "Mulholland Drive")."""

ABBREVIATIONS = {
    "vs": "versus", "e.g": "for example", "i.e": "that is",
    "etc": "et cetera", "approx": "approximately", "a.k.a": "also known as", "aka": "also known as",
    "cf": "compare", "incl": "including", "esp": "especially", "vol": "volume", "ch": "chapter",
    "chap": "chapter", "pt": "part", "ep": "episode", "eps": "episodes", "fig": "figure", "pp": "pages",
    "feat": "featuring", "ft": "featuring", "dir": "directed by", "bros": "brothers", "inc": "incorporated",
    "ltd": "limited", "jr": "junior", "sr": "senior", "jan": "January", "feb": "February",
    "mar": "March", "apr": "April", "jun": "June", "jul": "July", "aug": "August", "sep": "September",
    "sept": "September", "oct": "October", "nov": "November", "dec": "December",
}
"""Abbreviations written with a full stop (or, for "vs" and "aka", without one)."""

NO_STOP_NEEDED = frozenset({"vs", "aka", "e.g", "i.e"})
MONTH_KEYS = word_set("jan feb mar apr jun jul aug sep sept oct nov dec")

SPELLED = word_set(
    "AI CGI CEO EU EP FBI HBO ITV IOU MCU DCEU OST OTT UFO UI UK UN US UX VOD ESPN LED IMO IRL "
    "NY NYC NYT YA ET IPO ROI EULA ISBN ISSN"
)
"""Acronyms read letter by letter although they hold a vowel."""

WORDS = word_set(
    "NASA NATO IMAX BAFTA OK SWAT UNESCO UNICEF LEGO OPEC FIFA COVID AIDS RAM ROM SIM PIN GIF JPEG "
    "HMM HM SHH BRR GRR PSST PFFT TSK ZZZ MMM NTH"
)
"""Capitalized tokens read as words, with or without vowels."""

LETTER_GROUPS = word_set("AM PM")
"""Capital groups every engine already reads as letters; left as written ("PM", not "P M")."""

MIXED_CASE = {"IMDb": "I M D B", "PhD": "P H D", "PhDs": "P H D's"}
"""Acronyms with lower-case letters, spelled as written."""

REGNAL = word_set(
    "Henry Elizabeth George Louis Edward Richard Charles James William Mary Victoria Napoleon Peter "
    "Catherine Alexander Ramesses Philip Frederick Pius Paul Benedict Leo Gregory John Innocent Clement "
    "Urban Boniface Alfonso Ferdinand Isabella Nicholas Ivan Constantine Gustav Olaf Harald Ptolemy "
    "Amenhotep Thutmose Darius Xerxes Cleopatra David Robert Anne Stephen Matilda Juan Carlos"
)
"""Given names that take regnal numbers: "Henry VIII" -> "Henry the Eighth"."""

NUMBERED = word_set(
    "part chapter volume vol book act episode season phase level round scene section type class stage "
    "war apollo gemini mark generation gen"
)
"""Words after which a Roman numeral, even a single letter, is a number ("Part I")."""

EVENTS = word_set("Bowl WrestleMania Olympiad Vatican Fantasy Rocky Halo Civilization Zelda")
"""Names after which a long Roman numeral is a number: "Super Bowl LVIII" -> "Super Bowl Fifty-eight"."""

PRONOUN_FOLLOWERS = word_set(
    "am was think thought have had love loved like liked hate hated feel felt guess mean meant believe "
    "can could would will won't don't didn't do did know knew found find saw see watched watch read hope "
    "must should wish really just also never still enjoyed admit want wanted need needed may might got "
    "get went said say suppose agree doubt expect recommend came left remember laughed cried tried "
    "couldn't wouldn't can't actually honestly"
)
"""Words that follow the pronoun "I", so "Part I think" keeps its pronoun."""

PRONOUN_FOLLOWERS_STRICT = PRONOUN_FOLLOWERS | word_set("is and to")
"""After a regnal name a lone "I" is the pronoun before these too ("Henry and I")."""

_FOOTNOTE = re.compile(r"(?<=[^\W\d_]|[.,;:!?\"')\]])(?:\[[0-9]{1,3}\]|[¹²³⁰⁴⁵⁶⁷⁸⁹]+)")
_SQUARED = re.compile(r"(?<![A-Za-z])(m|km|cm|mm|ft)([²³])")
_MARKUP = re.compile(r"[*_^<>\[\]{}\\]+")
_PIPE = re.compile(r"\|+")
_TITLE = re.compile(
    r"\b(Dr|Mr|Mrs|Ms|St|Mt)\b\.?(?=\s+[A-Z])|\b(Prof|Capt|Lt|Sgt|Gen|Gov|Sen|Rev)\.(?=\s+[A-Z])"
)
_STREET = re.compile(
    r"\b([A-Z][a-z]+) (Dr|St|Ave|Blvd|Rd)\b(\.)?(?!\s+(?!(?:It|The|This|That|There|We|I|He|She|They|A|An|But|And)\b)[A-Z])"
)
_NUMBER_ABBR = re.compile(r"\b([Nn]os?)\.\s?(?=[0-9#])|\b(p)\.\s?(?=[0-9])")
_ABBR_KEYS = sorted(ABBREVIATIONS, key=len, reverse=True)
_ABBR = re.compile(
    r"(?<![\w.])(" + "|".join(re.escape(key) for key in _ABBR_KEYS) + r")(\.)?(?![\w])(?!\.\w)",
    re.IGNORECASE,
)
_AFTER_NUMBER = re.compile(r"[0-9]\s?$")
_DOTTED = re.compile(r"(?<![\w.])((?:[A-Za-z]\.){2,})(?!\w)")
_SYMBOLS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    # (characters one of which must be present, pattern, replacement)
    ("&", re.compile(r"\bAT&T\b"), "A-T and T"),
    ("&", re.compile(r"&"), " and "),
    ("#", re.compile(r"#\s?(?=[0-9])"), " number "),
    ("#", re.compile(r"#(?=\w)"), ""),
    ("/", re.compile(r"\b([Ww])/o\b"), r"\1ithout"),
    ("/", re.compile(r"\b([Ww])/(?=\s|\w)"), r"\1ith "),
    ("/", re.compile(r"\band/or\b"), "and or"),
    ("x×", re.compile(r"(?<=[0-9])\s?[x×]\s?(?=[0-9])"), " by "),
    ("x×", re.compile(r"(?<=[0-9])\s?[x×](?!\w)"), " times"),
    ("×", re.compile(r"\s?×\s?"), " times "),
    ("+", re.compile(r"\+\+"), " plus plus "),
    ("+", re.compile(r"\s?\+\s?"), " plus "),
    ("=", re.compile(r"\s?=\s?"), " equals "),
    ("@", re.compile(r"\s?@\s?"), " at "),
    ("°", re.compile(r"\s?°\s?([CF])\b"), r" degrees \1"),
    ("°", re.compile(r"\s?°"), " degrees"),
    ("%", re.compile(r"\s?%"), " percent "),
)
_ABOUT = re.compile(r"~\s?(?=[0-9$£€¥])")
_CIRCA = re.compile(r"\b(?:c|ca)\.\s?(?=[0-9]{3,4}\b)")
_ANY_ROMAN = re.compile(r"[IVXLC]")
_ANY_CAPITALS = re.compile(r"[A-Z]{2}")
_ROMAN_TOKEN = re.compile(r"(?<![\w'-])([IVXLC]{1,8})('s)?(?![\w']|-[A-Z0-9])")
_PREVIOUS_WORDS = re.compile(r"(?:(\w+)\s+)?(\w+)[\s:,]*\s$")
_NEXT_WORD = re.compile(r"\s+([A-Za-z']+)")
_ALNUM = re.compile(
    r"(?<![\w'-])(?<![0-9][.,])(?=[A-Za-z0-9-]*[0-9])(?=[A-Za-z0-9-]*[A-Za-z])"
    r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*(?![\w-]|\.[0-9])"
)
_VERSION = re.compile(r"(?<![\w.])[vV]([0-9]+(?:\.[0-9]+)+)\b")
_RUNS = re.compile(r"[A-Za-z]+|[0-9]+")
RESOLUTIONS = frozenset({"480", "576", "720", "1080", "1440", "2160", "4320"})
"""Video resolutions read in pairs before "p" or "i": "1080p" -> "ten eighty p"."""
_ACRONYM = re.compile(r"(?<!\w)([A-Z]{2,6})(s)?(?!\w)|(?<!\w)(IMDb|PhDs?)(?!\w)")
_VOWELS = frozenset("AEIOUY")
_DASH = re.compile(r"[—―]|--+|(?<=\s)[-–](?=\s)")
_EN_DASH = re.compile(r"–")
_ELLIPSIS = re.compile(r"(?:\.\s?){3,}")
_SPACE = re.compile(r"\s+")
_SPACE_BEFORE = re.compile(r"(?<! ) +(?=[,.;:!?)])")
_SPACE_AFTER_PAREN = re.compile(r"\( +")
_EMPTY_PARENS = re.compile(r"\(\s*\)|\"\s*\"")
_COMMA_RUN = re.compile(r"([,;:])(?:\s*[,;:])+")
_COMMA_STOP = re.compile(r"[,;:]\s*(?=[.!?])")
_LONE_HYPHEN = re.compile(r"(?<!\w)-+(?!\w)")
_LEADING = re.compile(r"^[\s,;:]+")
_VARIATION = re.compile(r"[\ufe00-\ufe0f]")


@lru_cache(maxsize=2048)
def _fold_char(char: str) -> str:
    if char in KEEP:
        return char
    folded = unicodedata.normalize("NFKC", char)
    if folded != char and folded.isascii():
        return folded
    return char


def fold_typography(text: str) -> str:
    """Plain forms: smart quotes, hyphen variants, odd spaces, "…", ligatures, footnote marks."""
    if not unicodedata.is_normalized("NFC", text):
        text = follow(text, unicodedata.normalize("NFC", text))
    text = translate(text, FOLD)
    if "²" in text or "³" in text:  # "km²" is a unit, not a footnote mark
        text = sub(_SQUARED, lambda m: m.group(1) + ("2" if m.group(2) == "²" else "3"), text)
    text = sub(_FOOTNOTE, "", text)
    if text.isascii():
        return text
    text = map_chars(text, _fold_char)
    return sub(_VARIATION, "", text)


def strip_markup(text: str) -> str:
    """Stray markup characters (* _ ^ < > [ ] { } \\ |) removed; a pipe becomes a pause."""
    text = sub(_PIPE, ", ", text)
    return sub(_MARKUP, " ", text)


def _at_end(match: re.Match[str]) -> bool:
    return not match.string[match.end() :].strip()


def _abbreviation(match: re.Match[str]) -> str:
    written, stop = match.group(1), match.group(2) or ""
    key = written.lower()
    if not stop and key not in NO_STOP_NEEDED:
        return match.group(0)
    if key in MONTH_KEYS and not written[0].isupper():
        return match.group(0)
    if key == "ft" and _AFTER_NUMBER.search(match.string, 0, match.start()):
        return match.group(0)
    spoken = ABBREVIATIONS[key]
    if written[0].isupper():
        spoken = capitalized(spoken)
    return spoken + ("." if stop and _at_end(match) else "")


def _street(match: re.Match[str]) -> str:
    sentence_follows = re.match(r" +[A-Z]", match.string[match.end() :]) is not None
    stop = "." if match.group(3) and (_at_end(match) or sentence_follows) else ""
    return f"{match.group(1)} {STREETS[match.group(2)]}{stop}"


def _number_abbreviation(match: re.Match[str]) -> str:
    if match.group(2):
        return "page "
    return "numbers " if match.group(1).lower() == "nos" else "number "


def expand_abbreviations(text: str) -> str:
    """Abbreviations: "Dr." -> "Doctor", "e.g." -> "for example", "No. 5" -> "number 5", "U.S."."""
    text = sub(_STREET, _street, text)
    text = sub(_TITLE, lambda m: TITLES[m.group(1) or m.group(2)], text)
    text = sub(_NUMBER_ABBR, _number_abbreviation, text)
    text = sub(_ABBR, _abbreviation, text)
    return sub(_DOTTED, lambda m: spell(m.group(1).replace(".", "")) + ("." if _at_end(m) else ""), text)


def expand_approximations(text: str) -> str:
    """Approximate amounts: "~20" -> "about 20", "~$30M" -> "about $30M", "c. 1850" -> "circa 1850"."""
    if "~" in text:
        text = sub(_ABOUT, " about ", text)
    if "c" in text:
        text = sub(_CIRCA, "circa ", text)
    return text


def expand_symbols(text: str) -> str:
    """Symbols: "&" -> "and", "#1" -> "number 1", "3x" -> "3 times", "+", "=", "°", "%", "@"."""
    for triggers, pattern, replacement in _SYMBOLS:
        if any(char in text for char in triggers):
            text = sub(pattern, replacement, text)
    return text


def _roman(match: re.Match[str]) -> str:
    token, possessive = match.group(1), match.group(2) or ""
    value = roman_value(token)
    if value is None:
        return match.group(0)
    text = match.string
    before = _PREVIOUS_WORDS.search(text[max(0, match.start() - 40) : match.start()])
    if not before:
        return match.group(0)
    first, previous = before.group(1) or "", before.group(2)
    following = _NEXT_WORD.match(text, match.end())
    next_word = following.group(1).lower() if following else ""
    numbered = previous.lower() in NUMBERED
    if ("L" in token or "C" in token) and not (numbered or previous in REGNAL or previous in EVENTS):
        return match.group(0)  # "XL", "CLI" and "LCD" are sizes and acronyms unless a title names them
    if (first.lower(), previous.lower()) == ("world", "war"):
        return capitalized(cardinal(value)) + possessive
    if previous in REGNAL and (token != "I" or next_word not in PRONOUN_FOLLOWERS_STRICT):
        return "the " + capitalized(ordinal(value)) + possessive
    if token == "I" and next_word in PRONOUN_FOLLOWERS and not (numbered and previous[:1].isupper()):
        return token  # "in part I think"; but "Volume I left off" is a number
    if numbered or previous in EVENTS or (len(token) > 1 and previous[:1].isupper() and not previous.isupper()):
        return capitalized(cardinal(value)) + possessive
    return match.group(0)


def expand_roman_numerals(text: str) -> str:
    """Roman numerals in titles: "World War II" -> "World War Two", "Henry VIII" -> "Henry the Eighth"."""
    if not _ANY_ROMAN.search(text):
        return text
    return sub(_ROMAN_TOKEN, _roman, text)


def _resolution(digits_text: str) -> str:
    if len(digits_text) == 4:
        return year(int(digits_text))
    return f"{cardinal(int(digits_text[0]))} {cardinal(int(digits_text[1:]))}"


def _alnum_run(run: str, following: str) -> str:
    if run.isdigit():
        if following in ("p", "i") and run in RESOLUTIONS:
            return _resolution(run)
        return integer(run)
    if run.isupper() and len(run) <= 4 and run not in WORDS:
        return spell(run)
    if run.islower() and 1 < len(run) <= 3 and not _VOWELS & set(run.upper()):
        return spell(run.upper())
    if len(run) == 1 and run not in ("p", "i"):
        return run.upper()
    return run


def _alnum_piece(piece: str) -> str:
    runs = _RUNS.findall(piece)
    words: list[str] = []
    for index, run in enumerate(runs):
        previous = runs[index - 1] if index else ""
        following = runs[index + 1] if index + 1 < len(runs) else ""
        if run == "s" and previous.isdigit():
            words[-1] = plural(words[-1])  # "MP3s" -> "M P threes"
        elif previous == "A" and run.isdigit():
            words[-1] = "A-" + integer(run)  # a lone "A" would be read as the article
        else:
            words.append(_alnum_run(run, following))
    return " ".join(words)


def _alnum(match: re.Match[str]) -> str:
    pieces = match.group(0).split("-")
    spoken = _alnum_piece(pieces[0])
    for previous, piece in zip(pieces, pieces[1:], strict=False):
        worded = (len(piece) > 1 and piece.islower()) or (len(previous) > 1 and previous.islower())
        joiner = "-" if worded else " "  # "90-minute" keeps its hyphen, "PG-13" is spelled
        spoken += joiner + _alnum_piece(piece)
    return spoken


def _version(match: re.Match[str]) -> str:
    return "version " + " point ".join(integer(part) for part in match.group(1).split("."))


def expand_alphanumerics(text: str) -> str:
    """Codes mixing letters and digits: "PG-13" -> "P G thirteen", "4K" -> "four K", "1080p"."""
    if not has_digit(text):
        return text
    text = sub(_VERSION, _version, text)
    return sub(_ALNUM, _alnum, text)


def _shouting(text: str) -> bool:
    words = [word for word in text.split() if any(char.isalpha() for char in word)]
    caps = sum(1 for word in words if word.isupper() and len(word) > 1)
    return caps >= 3 and caps * 5 > len(words) * 3


def expand_acronyms(text: str) -> str:
    """Capital-letter acronyms: "BBC" -> "B B C", "NASA" stays a word, "DVDs" -> "D V D's"."""
    if not _ANY_CAPITALS.search(text):
        return text
    shouting = _shouting(text)

    def acronym(match: re.Match[str]) -> str:
        if match.group(3):
            return MIXED_CASE[match.group(3)]
        letters, plural_s = match.group(1), match.group(2) or ""
        if letters in LETTER_GROUPS and not plural_s:
            return letters
        if letters in SPELLED or (
            not shouting and letters not in WORDS and len(letters) <= 4 and not _VOWELS & set(letters)
        ):
            return spell(letters + plural_s)
        return match.group(0)

    return sub(_ACRONYM, acronym, text)


def tidy_punctuation(text: str) -> str:
    """Pauses and leftovers: em dash -> comma, "…" kept as "...", unspeakable characters removed."""
    text = sub(_DASH, ", ", text)
    text = sub(_EN_DASH, "-", text)
    text = sub(_ELLIPSIS, "... ", text)
    text = strip_unspeakable(text)
    text = sub(_LONE_HYPHEN, " ", text)
    text = sub(_SPACE, " ", text)
    text = sub(_EMPTY_PARENS, "", text)
    text = sub(_SPACE_BEFORE, "", text)
    text = sub(_SPACE_AFTER_PAREN, "(", text)
    text = sub(_COMMA_RUN, r"\1", text)
    text = sub(_COMMA_STOP, "", text)
    text = sub(_LEADING, "", text)
    return rstrip(strip(sub(_SPACE, " ", text)), ",;: ")
