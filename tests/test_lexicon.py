"""Pronunciation lexicon: format, application order, merging, errors, built-in file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from audioreview.errors import ConfigError
from audioreview.speech.lexicon import Lexicon, Rule, default_lexicon, load_lexicon, parse_lexicon
from audioreview.speech.normalize import normalize, unspeakable
from audioreview.speech.prepare import make_speaker

SAMPLE = r"""
[words]
"Nanyoung" = "Nan-young"
"sequel" = "see-kwel"

[words_case]
"US" = "U S"

[[rules]]
pattern = "\\bKubrick's\\b"
replace = "Koo-brick's"
"""


@pytest.fixture
def sample() -> Lexicon:
    return parse_lexicon(SAMPLE, "sample.toml")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Nanyoung wrote it.", "Nan-young wrote it.", id="word"),
        pytest.param("NANYOUNG wrote it.", "Nan-young wrote it.", id="word-any-case"),
        pytest.param("nanyoung's book.", "Nan-young's book.", id="word-possessive"),
        pytest.param("Nanyoungs are rare.", "Nanyoungs are rare.", id="word-not-inside-longer-word"),
        pytest.param("The US cut differs.", "The U S cut differs.", id="case-word"),
        pytest.param("Tell us more.", "Tell us more.", id="case-word-other-case-untouched"),
        pytest.param("Kubrick's film.", "Koo-brick's film.", id="rule"),
        pytest.param("Kubrick made it.", "Kubrick made it.", id="rule-no-match"),
        pytest.param("A sequel, a SEQUEL.", "A see-kwel, a see-kwel.", id="word-twice"),
        pytest.param("", "", id="empty"),
    ],
)
def test_apply(sample: Lexicon, text: str, expected: str) -> None:
    assert sample.apply(text) == expected


def test_entries_do_not_feed_each_other() -> None:
    lexicon = Lexicon(words=(("alpha", "beta"), ("beta", "gamma")))
    assert lexicon.apply("alpha beta") == "beta gamma"


def test_longer_key_wins_over_its_prefix() -> None:
    lexicon = Lexicon(words=(("Bong", "Bawng"), ("Bong Joon-ho", "Bong Joon-hoe")))
    assert lexicon.apply("Bong Joon-ho, and Bong.") == "Bong Joon-hoe, and Bawng."


def test_rules_run_in_order_before_words() -> None:
    lexicon = Lexicon(
        words=(("two", "TWO"),),
        rules=(Rule(r"\bone\b", "two"), Rule(r"\btwo\b", "three")),
    )
    # Both rules run first (one -> two -> three), then the word table sees no "two".
    assert lexicon.apply("one") == "three"


def test_rule_replacement_can_use_groups() -> None:
    lexicon = Lexicon(rules=(Rule(r"\b(\w+)-san\b", r"\1 san"),))
    assert lexicon.apply("Totoro-san waits.") == "Totoro san waits."


def test_merge_later_wins_and_keeps_the_rest(sample: Lexicon) -> None:
    site = parse_lexicon(
        '[words]\n"NANYOUNG" = "Nahn-yung"\n"Tarkovsky" = "Tar-koff-ski"\n'
        '[[rules]]\npattern = "\\\\bKubrick\'s\\\\b"\nreplace = "Kew-brick\'s"\n'
        '[[rules]]\npattern = "\\\\bfin\\\\b"\nreplace = "fan"\n',
        "site.toml",
    )
    merged = sample.merge(site)
    assert merged.apply("Nanyoung, Tarkovsky, sequel, US.") == "Nahn-yung, Tar-koff-ski, see-kwel, U S."
    assert merged.apply("Kubrick's fin.") == "Kew-brick's fan."
    assert [rule.pattern for rule in merged.rules] == [r"\bKubrick's\b", r"\bfin\b"]
    assert merged.source == "sample.toml + site.toml"
    # merging returns a new value; the inputs are unchanged
    assert sample.apply("Nanyoung") == "Nan-young"


def test_merge_with_empty_is_identity(sample: Lexicon) -> None:
    assert sample.merge(Lexicon()).apply("Nanyoung US Kubrick's") == sample.apply("Nanyoung US Kubrick's")
    assert Lexicon().merge(sample).apply("Nanyoung US") == "Nan-young U S"


def test_lexicon_is_frozen(sample: Lexicon) -> None:
    with pytest.raises(AttributeError):
        sample.words = ()  # type: ignore[misc]


def test_load_lexicon_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "site.toml"
    path.write_text(SAMPLE, encoding="utf-8")
    lexicon = load_lexicon(path)
    assert lexicon.apply("Nanyoung") == "Nan-young"
    assert lexicon.source == str(path)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        pytest.param("[words\n", "not valid TOML", id="bad-toml"),
        pytest.param('[[rules]]\npattern = "(unclosed"\nreplace = "x"\n', "rule 1", id="bad-regex"),
        pytest.param('[[rules]]\npattern = "a"\nreplace = "\\\\2"\n', "rule 1", id="bad-group-reference"),
        pytest.param('[[rules]]\npattern = "a"\n', "pattern and replace", id="rule-missing-replace"),
        pytest.param(
            '[[rules]]\npattern = "a"\nreplace = "b"\nflags = "i"\n',
            "pattern and replace",
            id="rule-extra-key",
        ),
        pytest.param('rules = "a"\n', "[[rules]]", id="rules-not-array"),
        pytest.param('[words]\n"x" = 3\n', "'x'", id="word-not-string"),
        pytest.param('words = "x"\n', "[words]", id="words-not-table"),
        pytest.param('[word]\n"x" = "y"\n', "unknown key", id="unknown-table"),
        pytest.param('[words]\n" " = "y"\n', "empty word", id="empty-word"),
        pytest.param('[words]\n"x" = "a/b"\n', "cannot say", id="word-unspeakable"),
    ],
)
def test_load_lexicon_errors_name_the_file(tmp_path: Path, content: str, fragment: str) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_lexicon(path)
    message = str(caught.value)
    assert str(path) in message
    assert fragment in message
    assert "\n" not in message


def test_load_lexicon_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.toml"
    with pytest.raises(ConfigError, match="absent.toml"):
        load_lexicon(path)


def test_load_lexicon_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes('[words]\n"café" = "ka-fay"\n'.encode("latin-1"))
    with pytest.raises(ConfigError, match="latin1.toml"):
        load_lexicon(path)


def test_rule_constructed_directly_rejects_bad_regex() -> None:
    with pytest.raises(ConfigError, match="invalid"):
        Rule("[", "x")


def test_default_lexicon_loads_and_is_small() -> None:
    lexicon = default_lexicon()
    entries = len(lexicon.words) + len(lexicon.words_case) + len(lexicon.rules)
    assert 10 <= entries <= 40
    assert default_lexicon() is lexicon  # loaded once


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        pytest.param("Studio Ghibli made it.", "Studio Jibly made it.", id="ghibli"),
        pytest.param("Hayao Miyazaki directed.", "Hah-yah-oh Mee-ya-zah-kee directed.", id="miyazaki"),
        pytest.param("Denis Villeneuve's Dune.", "Deh-nee Vil-nuhv's Dune.", id="villeneuve-rule"),
        pytest.param("Ralph Fiennes and Ralph Macchio.", "Rafe Fines and Ralph Macchio.", id="ralph-rule"),
        pytest.param("Se7en still shocks.", "Seven still shocks.", id="se7en-after-normalize"),
        pytest.param("M3GAN is camp.", "Megan is camp.", id="m3gan-after-normalize"),
        pytest.param("Agent 007 returns.", "Agent double-oh seven returns.", id="007-after-normalize"),
        pytest.param("The sequel at Cannes.", "The sequel at Kan.", id="sequel-untouched"),
        pytest.param("Its mise-en-scène dazzles.", "Its meez-on-sen dazzles.", id="mise-en-scene"),
    ],
)
def test_default_lexicon_after_normalization(written: str, spoken: str) -> None:
    result = default_lexicon().apply(normalize(written))
    assert result == spoken
    assert unspeakable(result) == ""


def test_default_lexicon_output_is_speakable() -> None:
    lexicon = default_lexicon()
    for _, spoken in lexicon.words + lexicon.words_case:
        assert unspeakable(spoken) == ""
    for rule in lexicon.rules:
        assert unspeakable(rule.replace) == ""


SOUNDS = """
[words]
"Saoirse" = "Seer-sha"

[phonemes]
"Saoirse" = "sˈɪɹʃə"
"Gerwig" = "ɡˈɜːwɪɡ"

[read_as.ko]
"Ji-won" = "지원"

[language.en.words]
"schedule" = "shed-yool"

[language.fr.phonemes]
"Gerwig" = "ʒɛʁviɡ"
"""


@pytest.fixture
def sounds() -> Lexicon:
    return parse_lexicon(SOUNDS, "sounds.toml")


def test_phonemes_become_piper_blocks_only_for_engines_that_take_them(sounds: Lexicon) -> None:
    text = "Saoirse and Gerwig met Ji-won."
    assert sounds.apply(text, "en", phonemes=True) == "[[ sˈɪɹʃə ]] and [[ ɡˈɜːwɪɡ ]] met [[@ko 지원]]."
    assert sounds.apply(text, "en", phonemes=False) == "Seer-sha and Gerwig met Ji-won."


def test_phoneme_keys_match_whole_words_in_any_case(sounds: Lexicon) -> None:
    assert sounds.apply("GERWIG's film, not Gerwigs.", phonemes=True) == "[[ ɡˈɜːwɪɡ ]]'s film, not Gerwigs."


def test_language_scoped_entries_apply_to_that_language_only(sounds: Lexicon) -> None:
    assert sounds.apply("The schedule slips.", "en-GB") == "The shed-yool slips."
    assert sounds.apply("The schedule slips.", "fr") == "The schedule slips."
    assert sounds.apply("Gerwig", "fr-CA", phonemes=True) == "[[ ʒɛʁviɡ ]]"
    assert sounds.apply("Gerwig", "en", phonemes=True) == "[[ ɡˈɜːwɪɡ ]]"


def test_merge_keeps_phonemes_and_later_read_as_wins(sounds: Lexicon) -> None:
    later = parse_lexicon('[read_as.ko]\n"Saoirse" = "서샤"\n', "later.toml")
    merged = sounds.merge(later)
    assert merged.apply("Saoirse, Gerwig", phonemes=True) == "[[@ko 서샤]], [[ ɡˈɜːwɪɡ ]]"


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ('[phonemes]\n"X" = "a]]b"\n', "without brackets"),
        ('[phonemes]\n"X" = 3\n', "without brackets"),
        ('[read_as]\n"X" = "y"\n', "read_as.X"),
        ('[read_as.k0rean]\n"X" = "y"\n', "read_as.k0rean"),
        ('[language.en.rules]\n"X" = "y"\n', "unknown key(s) rules"),
        ('[language.en.words]\n"X" = "★"\n', "cannot say"),
    ],
)
def test_sound_table_errors_name_the_entry(content: str, fragment: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(fragment)):
        parse_lexicon(content, "bad.toml")


def test_speaker_keeps_phoneme_blocks_and_cleans_the_rest(sounds: Lexicon) -> None:
    speak = make_speaker("en", sounds, phonemes=True)
    assert speak("Saoirse \u00a7 stars.") == "[[ sˈɪɹʃə ]] stars."
    plain = make_speaker("en", sounds)
    assert plain("Saoirse \u00a7 stars.") == "Seer-sha stars."


def test_shipped_voice_lexicon_reads_names_as_phonemes() -> None:
    voices = Path(__file__).resolve().parent.parent / "voices"
    names = load_lexicon(voices / "lexicons" / "joe-names.toml")
    spoken = names.apply(normalize("Kim Tae-ri and Saoirse Ronan star."), "en", phonemes=True)
    assert spoken == "Kim [[@ko 태리]] and [[ sˈɪɹʃə ]] Ronan star."
    assert len(names.phonemes) + len(names.read_as) >= 30
    assert 'lexicon = "lexicons/joe-names.toml"' in (voices / "joe.toml").read_text(encoding="utf-8")
