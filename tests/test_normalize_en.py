"""Table tests for English speech normalization, one sentence per case.

Cases are grouped by category; each test id is ``<category>-<nn>`` so pass
counts per category can be read from ``pytest -v`` (or ``-k money``).
"""

from __future__ import annotations

import pytest

from audioreview.errors import SpeechError
from audioreview.speech import english
from audioreview.speech.normalize import (
    normalize,
    primary_language,
    register,
    supported_languages,
    unspeakable,
)

CASES: dict[str, list[tuple[str, str]]] = {
    "cardinal": [
        ("The film has 3 acts.", "The film has three acts."),
        ("It sold 1,987 copies.", "It sold one thousand nine hundred eighty-seven copies."),
        ("The cast numbers 12 actors.", "The cast numbers twelve actors."),
        ("Over 1,000,000 people watched it.", "Over one million people watched it."),
        ("Agent 007 returns.", "Agent zero zero seven returns."),
        ("It was -5 outside.", "It was minus five outside."),
        ("There are 0 jokes.", "There are zero jokes."),
        ("She wrote 101 stories.", "She wrote one hundred one stories."),
        ("Over 1500 screens showed it.", "Over one thousand five hundred screens showed it."),
    ],
    "decimal": [
        ("The score is 7.5 overall.", "The score is seven point five overall."),
        ("Pi is roughly 3.14.", "Pi is roughly three point one four."),
        ("It used a .45 revolver.", "It used a point four five revolver."),
        ("Only 0.5 of a second passed.", "Only zero point five of a second passed."),
        ("The update is v2.0.1 now.", "The update is version two point zero point one now."),
        (
            "It was 1,234.5 meters away.",
            "It was one thousand two hundred thirty-four point five meters away.",
        ),
    ],
    "ordinal": [
        ("It finished 1st in its class.", "It finished first in its class."),
        ("This is her 22nd film.", "This is her twenty-second film."),
        ("The 3rd act drags.", "The third act drags."),
        ("Its 101st minute is the best.", "Its one hundred first minute is the best."),
        ("The 4th wall breaks often.", "The fourth wall breaks often."),
        ("A 2nd viewing helps.", "A second viewing helps."),
    ],
    "year": [
        ("It came out in 1987.", "It came out in nineteen eighty-seven."),
        ("2005 was a good year.", "two thousand five was a good year."),
        ("Blade Runner 2049 is long.", "Blade Runner twenty forty-nine is long."),
        ("Alien (1979) still scares.", "Alien (nineteen seventy-nine) still scares."),
        ("Since 2010 the studio has thrived.", "Since twenty ten the studio has thrived."),
        ("The story starts in 1905.", "The story starts in nineteen oh-five."),
        ("1987's Predator holds up.", "nineteen eighty-seven's Predator holds up."),
        ("The battle of 1066 is shown.", "The battle of ten sixty-six is shown."),
        ("It opened in March 2024.", "It opened in March twenty twenty-four."),
        ("About 1500 extras were hired.", "About one thousand five hundred extras were hired."),
    ],
    "decade": [
        ("It feels like the 1980s.", "It feels like the nineteen eighties."),
        ("A throwback to the '90s.", "A throwback to the nineties."),
        ("Pop from the 80's returns.", "Pop from the eighties returns."),
        ("She was in her 20s then.", "She was in her twenties then."),
        ("The 2000s were kind to him.", "The two thousands were kind to him."),
        ("Set in the 1900s, it is slow.", "Set in the nineteen hundreds, it is slow."),
        ("It evokes ’70s cinema.", "It evokes seventies cinema."),
    ],
    "date": [
        ("It opens March 3, 2024.", "It opens March third, twenty twenty-four."),
        ("It opens 3 March 2024.", "It opens the third of March, twenty twenty-four."),
        ("Released on 2024-03-03.", "Released on March third, twenty twenty-four."),
        ("See it on Jan. 5, 2024.", "See it on January fifth, twenty twenty-four."),
        ("The premiere was on May 21.", "The premiere was on May twenty-first."),
        ("The 3rd of March was chosen.", "The third of March was chosen."),
        ("It streams from 1st September.", "It streams from the first of September."),
        ("We saw it Dec 31, 1999.", "We saw it December thirty-first, nineteen ninety-nine."),
        ("It hits theaters Sept. 12.", "It hits theaters September twelfth."),
    ],
    "time": [
        ("The show starts at 7:30 pm.", "The show starts at seven thirty PM."),
        ("The train left at 19:45 sharp.", "The train left at nineteen forty-five sharp."),
        ("Doors open at 7 p.m.", "Doors open at seven PM."),
        ("It airs at 10am daily.", "It airs at ten AM daily."),
        ("We met at 7:05 in the morning.", "We met at seven oh five in the morning."),
        ("The screening is at 9:00.", "The screening is at nine o'clock."),
        ("Check 3:10 to Yuma out.", "Check three ten to Yuma out."),
        (
            "The runtime is 2:15:30 exactly.",
            "The runtime is two hours, fifteen minutes and thirty seconds exactly.",
        ),
    ],
    "duration": [
        ("It runs 2h 15m.", "It runs two hours fifteen minutes."),
        ("It runs 90 min.", "It runs ninety minutes."),
        ("It lasts 2 hrs.", "It lasts two hours."),
        ("The cut adds 1 hr of footage.", "The cut adds one hour of footage."),
        ("Each episode is 45 mins long.", "Each episode is forty-five minutes long."),
        ("It is a 90-minute film.", "It is a ninety-minute film."),
        ("Allow 2-3 hrs for it.", "Allow two to three hours for it."),
        ("Shot on 35mm film.", "Shot on thirty-five millimeter film."),
        ("It plays at 60fps.", "It plays at sixty frames per second."),
    ],
    "money": [
        ("It cost $1.2 billion to make.", "It cost one point two billion dollars to make."),
        ("Tickets are £3.50 each.", "Tickets are three pounds and fifty pence each."),
        ("The budget was €20m.", "The budget was twenty million euros."),
        ("Rent it for $5.", "Rent it for five dollars."),
        ("It costs $1 to rent.", "It costs one dollar to rent."),
        ("The disc is $19.99 now.", "The disc is nineteen dollars and ninety-nine cents now."),
        ("A $200k indie made money.", "A two hundred thousand dollars indie made money."),
        ("Prices run $10-15 a seat.", "Prices run ten to fifteen dollars a seat."),
        ("It grossed $1,000,000 fast.", "It grossed one million dollars fast."),
        ("An app at $0.99 is cheap.", "An app at ninety-nine cents is cheap."),
        ("It made $2-3 million abroad.", "It made two to three million dollars abroad."),
        ("The ticket was 12 € at the door.", "The ticket was twelve euros at the door."),
    ],
    "percent": [
        ("It scores 95% on the site.", "It scores ninety-five percent on the site."),
        ("Only 3.5% liked it.", "Only three point five percent liked it."),
        ("Attendance fell -2% this week.", "Attendance fell minus two percent this week."),
        ("About 10-15% of it is filler.", "About ten to fifteen percent of it is filler."),
        ("I am 100% sure.", "I am one hundred percent sure."),
    ],
    "range": [
        ("He ruled from 1990–1995.", "He ruled from nineteen ninety to nineteen ninety-five."),
        ("I watched it 2–3 times.", "I watched it two to three times."),
        ("Read pages 10-12 first.", "Read pages ten to twelve first."),
        ("The series ran 1990-95.", "The series ran nineteen ninety to ninety-five."),
        ("It takes 5 – 10 minutes.", "It takes five to ten minutes."),
        ("See pp. 10-12 for more.", "See pages ten to twelve for more."),
        ("The 2005-06 season was odd.", "The two thousand five to oh six season was odd."),
    ],
    "fraction": [
        ("Apollo 10½ is a funny title.", "Apollo ten and a half is a funny title."),
        ("About ¾ of the film works.", "About three quarters of the film works."),
        ("It is 2 1/2 hours long.", "It is two and a half hours long."),
        ("Only 1/3 of it is good.", "Only one third of it is good."),
        ("Cut ½ the scenes.", "Cut half the scenes."),
        ("It adds 1/4 mile of track.", "It adds one quarter mile of track."),
        ("It ran 3¼ hours.", "It ran three and a quarter hours."),
        ("Roughly 2/5 of viewers left.", "Roughly two fifths of viewers left."),
    ],
    "rating": [
        ("I give it 7.5 on 10.", "I give it seven point five out of ten."),
        ("My score is 7.5/10.", "My score is seven point five out of ten."),
        ("Verdict: 8/10.", "Verdict: eight out of ten."),
        ("It earns 4/5 from me.", "It earns four out of five from me."),
        ("Solid 3.5 stars.", "Solid three and a half stars."),
        ("It gets 5 out of 5.", "It gets five out of five."),
        ("Ebert gave it 3.5/4 stars.", "Ebert gave it three and a half out of four stars."),
        ("A 4-star review.", "A four-star review."),
        ("Just 1 star.", "Just one star."),
        ("It deserves 0.5 stars.", "It deserves half a star."),
        ("Rating: 9 / 10.", "Rating: nine out of ten."),
        ("I would say 7-8/10.", "I would say seven to eight out of ten."),
        ("It got 3/4.", "It got three out of four."),
        ("Critics gave it 85/100.", "Critics gave it eighty-five out of one hundred."),
        ("A 3.5 out of 5 stars affair.", "A three and a half out of five stars affair."),
    ],
    "stars": [
        ("Rating: ★★★½", "Rating: three and a half stars"),
        ("Rating: ★★★☆☆", "Rating: three out of five stars"),
        ("Our verdict is ★★★★★.", "Our verdict is five stars."),
        ("Only ★ for this one.", "Only one star for this one."),
        ("It earns ★★★★½ easily.", "It earns four and a half stars easily."),
        ("Score ★★½☆☆ overall.", "Score two and a half out of five stars overall."),
        ("Stars: ⭐⭐⭐⭐", "Stars: four stars"),
        ("A rare ☆☆☆☆☆ from me.", "A rare zero out of five stars from me."),
        ('rating: "★★★½"', 'rating: "three and a half stars"'),
    ],
    "grade": [
        ("Grade: B+", "Grade: B-plus"),
        ("Grade: A-", "Grade: A-minus"),
        ("Final grade: C+.", "Final grade: C-plus."),
        ("I give it a B-.", "I give it a B-minus."),
        ("It earned an A+ from us.", "It earned an A-plus from us."),
        ("Rating: B plus.", "Rating: B-plus."),
        ("It is an A-list cast.", "It is an A-list cast."),
        ("The B-movie charm works.", "The B-movie charm works."),
    ],
    "episode": [
        ("Watch S02E05 first.", "Watch season two, episode five first."),
        ("S1 E3 is the best.", "season one, episode three is the best."),
        ("In s03e10 it all ends.", "In season three, episode ten it all ends."),
        ("The finale of S4 shocks.", "The finale of season four shocks."),
        ("Episode 1x05 is filler.", "Episode season one, episode five is filler."),
        ("See Ep. 5 for the twist.", "See Episode five for the twist."),
    ],
    "roman": [
        ("World War II is the setting.", "World War Two is the setting."),
        ("Rocky IV is pure cheese.", "Rocky Four is pure cheese."),
        ("Part III is the weakest.", "Part Three is the weakest."),
        ("Henry VIII is a great part.", "Henry the Eighth is a great part."),
        ("I loved it.", "I loved it."),
        ("I think it works, and I think it sings.", "I think it works, and I think it sings."),
        ("The MIX was loud.", "The MIX was loud."),
        ("Star Wars: Episode IV still rules.", "Star Wars: Episode Four still rules."),
        ("World War I was hell.", "World War One was hell."),
        ("Louis XIV built it.", "Louis the Fourteenth built it."),
        ("Malcolm X is a great film.", "Malcolm X is a great film."),
        ("Part I is slow.", "Part One is slow."),
        ("Final Fantasy VII sold well.", "Final Fantasy Seven sold well."),
        ("He got an IV drip.", "He got an IV drip."),
        ("Pope John Paul II appears.", "Pope John Paul the Second appears."),
    ],
    "abbreviation": [
        ("Dr. Strange returns.", "Doctor Strange returns."),
        ("Mr. Smith and Mrs. Smith fight.", "Mister Smith and Misses Smith fight."),
        ("Ms. Marvel is fun.", "Miz Marvel is fun."),
        ("It is set on St. Patrick's Day.", "It is set on Saint Patrick's Day."),
        ("Kramer vs. Kramer still hurts.", "Kramer versus Kramer still hurts."),
        ("Old stars, e.g. Bogart, shine.", "Old stars, for example Bogart, shine."),
        ("The lead, i.e. Mara, is great.", "The lead, that is Mara, is great."),
        ("Guns, cars, etc.", "Guns, cars, et cetera."),
        ("It runs approx. 3 hours.", "It runs approximately three hours."),
        ("Vol. 4 is the best.", "Volume four is the best."),
        ("No. 5 is my favorite.", "number five is my favorite."),
        ("Skip to ch. 3 now.", "Skip to chapter three now."),
        ("Ch. 3 is dense.", "Chapter three is dense."),
        ("The track ft. Drake is weak.", "The track featuring Drake is weak."),
        ("It stands 10 ft. tall.", "It stands ten feet tall."),
        ("The film is set in the U.S.", "The film is set in the U S."),
        ("Warner Bros. made it.", "Warner Brothers made it."),
        ("Mulholland Dr. is a puzzle.", "Mulholland Drive is a puzzle."),
        ("See p. 5 again.", "See page five again."),
        ("Dr Who is back.", "Doctor Who is back."),
    ],
    "symbol": [
        ("Rock & roll lives.", "Rock and roll lives."),
        ("It hit #1 in May.", "It hit number one in May."),
        ("It has ~20 songs.", "It has about twenty songs."),
        ("I watched it 3x already.", "I watched it three times already."),
        ("It is 18+ only.", "It is eighteen plus only."),
        ("Love = pain here.", "Love equals pain here."),
        ("It was 30° in the shade.", "It was thirty degrees in the shade."),
        ("It was 20°C outside.", "It was twenty degrees Celsius outside."),
        ("The set is 4 × 8 feet.", "The set is four by eight feet."),
        ("It streams on Disney+ now.", "It streams on Disney plus now."),
        ("I rewatched it w/ friends.", "I rewatched it with friends."),
        ("Shot at 1920x1080 only.", "Shot at nineteen twenty by ten eighty only."),
        ("Open 24/7 for fans.", "Open twenty-four seven for fans."),
        ("The #Oscars buzz is loud.", "The Oscars buzz is loud."),
    ],
    "acronym": [
        ("It is rated PG-13.", "It is rated P G thirteen."),
        ("Watch it in 4K.", "Watch it in four K."),
        ("Skip the 3D version.", "Skip the three D version."),
        ("It aired on TV last year.", "It aired on T V last year."),
        ("The BBC made it.", "The B B C made it."),
        ("HBO paid for it.", "H B O paid for it."),
        ("NASA consulted on it.", "NASA consulted on it."),
        ("The DVDs include extras.", "The D V D's include extras."),
        ("A24 released it.", "A-twenty-four released it."),
        ("Play it on the PS5.", "Play it on the P S five."),
        ("It was shot for IMAX.", "It was shot for IMAX."),
        ("The CGI is cheap.", "The C G I is cheap."),
        ("Its MCU debut was big.", "Its M C U debut was big."),
        ("The USA loved it.", "The USA loved it."),
        ("Check IMDb for the cast.", "Check I M D B for the cast."),
        ("It is a DC film.", "It is a D C film."),
        ("Her CV is long.", "Her C V is long."),
        ("R2-D2 steals it.", "R two D two steals it."),
        ("It streams in 1080p.", "It streams in ten eighty p."),
        ("It was OK.", "It was OK."),
    ],
    "punctuation": [
        ("He said “hello” to me.", 'He said "hello" to me.'),
        ("It’s great.", "It's great."),
        ("It was great—truly great.", "It was great, truly great."),
        ("Wait… what?", "Wait... what?"),
        ("Well... maybe.", "Well... maybe."),
        ("It is good -- not great.", "It is good, not great."),
        ("It is good - not great.", "It is good, not great."),
        ("The cast — all of them — shine.", "The cast, all of them, shine."),
        ("A well-made film.", "A well-made film."),
        ("Paris\u00a0is lovely.", "Paris is lovely."),
        ("Home » Reviews » Dune", "Home, Reviews, Dune"),
        ("Its budget was ~$30M.", "Its budget was about thirty million dollars."),
        ("The lead is 6'2\" tall.", "The lead is six foot two tall."),
        ("It is set c. 1850 in Maine.", "It is set circa eighteen fifty in Maine."),
    ],
    "markup": [
        ("It is **really** good.", "It is really good."),
        ("It is _so_ good.", "It is so good."),
        ("See [this scene] twice.", "See this scene twice."),
        ("The {best} part.", "The best part."),
        ("Title | Review", "Title, Review"),
        ("A back\\slash here.", "A back slash here."),
        ("Cited twice.[1]", "Cited twice."),
        ("An <em>odd</em> tag.", "An em odd em tag."),
        ("Footnote here¹ and more.", "Footnote here and more."),
        ("Emoji 🎬 removed.", "Emoji removed."),
    ],
    "mixed": [
        (
            "Released in 1999, The Matrix cost $63 million and earned 4 Oscars.",
            "Released in nineteen ninety-nine, The Matrix cost sixty-three million dollars and earned four Oscars.",
        ),
        (
            "Dune: Part Two (2024) runs 2h 46m and I'd give it 9/10.",
            "Dune: Part Two (twenty twenty-four) runs two hours forty-six minutes and I'd give it nine out of ten.",
        ),
        (
            "At 7:30 pm on Jan. 5, 2024, BBC Two aired S01E01.",
            "At seven thirty PM on January fifth, twenty twenty-four, B B C Two aired season one, episode one.",
        ),
        (
            "Season 2 of Severance is ~10% longer; still ★★★★½.",
            "Season two of Severance is about ten percent longer; still four and a half stars.",
        ),
        (
            "Dr. No (1962) vs. Skyfall (2012): 007 at 50.",
            "Doctor No (nineteen sixty-two) versus Skyfall (twenty twelve): zero zero seven at fifty.",
        ),
        (
            "The 1970s-set drama, shot on 16mm, feels like World War II-era newsreel.",
            "The nineteen seventies-set drama, shot on sixteen millimeter, feels like World War Two-era newsreel.",
        ),
        (
            "It's rated PG-13 and streams in 4K HDR on Disney+.",
            "It's rated P G thirteen and streams in four K H D R on Disney plus.",
        ),
        (
            "Grade: A- — the best Pixar film since the '90s, e.g. Toy Story.",
            "Grade: A-minus, the best Pixar film since the nineties, for example Toy Story.",
        ),
    ],
}

CASE_PARAMS = [
    pytest.param(source, expected, id=f"{category}-{index:02d}")
    for category, cases in CASES.items()
    for index, (source, expected) in enumerate(cases, start=1)
]


def test_at_least_150_cases() -> None:
    assert len(CASE_PARAMS) >= 150


@pytest.mark.parametrize(("source", "expected"), CASE_PARAMS)
def test_normalize_english(source: str, expected: str) -> None:
    spoken = normalize(source, "en")
    assert spoken == expected
    assert unspeakable(spoken) == ""


@pytest.mark.parametrize("language", ["en", "en-GB", "en_US", "EN", " en-au "])
def test_english_tags_dispatch_to_english(language: str) -> None:
    assert normalize("It cost $5.", language) == "It cost five dollars."


@pytest.mark.parametrize("language", ["", "x", "12"])
def test_unsupported_language_raises_speech_error(language: str) -> None:
    with pytest.raises(SpeechError) as caught:
        normalize("Bonjour.", language)
    assert "\n" not in str(caught.value)
    assert repr(language) in str(caught.value)


def test_register_adds_a_language() -> None:
    register("xx-test", str.upper)
    try:
        assert "xx" in supported_languages()
        assert normalize("abc", "XX-Test") == "ABC"
    finally:
        from audioreview.speech import normalize as module

        module._REGISTRY.pop("xx", None)


def test_register_rejects_a_bad_tag() -> None:
    with pytest.raises(SpeechError):
        register("", str.upper)


def test_primary_language() -> None:
    assert primary_language("en-GB") == "en"
    assert primary_language("pt_BR") == "pt"
    assert primary_language("??") == ""


def test_supported_languages_includes_english() -> None:
    assert "en" in supported_languages()


def test_passes_list_can_be_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(english, "PASSES", [p for p in english.PASSES if p is not english.expand_acronyms])
    assert normalize("The BBC made it.") == "The BBC made it."


def test_extra_pass_runs_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    def shout_film(text: str) -> str:
        return text.replace("film", "picture")

    monkeypatch.setattr(english, "PASSES", [shout_film, *english.PASSES])
    assert normalize("A 2005 film.") == "A two thousand five picture."


def test_unspeakable_lists_each_bad_character_once() -> None:
    assert unspeakable("a ★★ b / c ★") == "★/"
    assert unspeakable("Ça va, ünd 東京 ٣!") == ""


def test_passes_leave_plain_words_alone() -> None:
    sentence = "A quiet, lovely film about grief."
    for step in english.PASSES:
        assert step(sentence) == sentence
