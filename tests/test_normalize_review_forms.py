"""Review text forms a general normalizer reads badly, one table per kind.

Each case is a sentence as reviewers write it and the words a person reading
it aloud would say. Ids are ``<kind>-<nn>``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from audioreview.errors import ConfigError
from audioreview.model import Block, Metadata, Review
from audioreview.pipeline import plan_text
from audioreview.settings import Settings, load_settings
from audioreview.speech import english
from audioreview.speech.english_dates import date_order_for
from audioreview.speech.normalize import normalize, unspeakable

FORMS: dict[str, list[tuple[str, str]]] = {
    "grouped": [
        ("It is the 1,000th screening.", "It is the one thousandth screening."),
        ("A 1,000-page novel that flies.", "A one thousand-page novel that flies."),
        ("It ran 1,500 km across the desert.", "It ran one thousand five hundred kilometers across the desert."),
        ("The 2,000,000th ticket sold today.", "The two millionth ticket sold today."),
    ],
    "glued-decimal": [
        ("A 3.5-hour epic.", "A three point five-hour epic."),
        ("It sold 2.5M copies in a week.", "It sold two point five million copies in a week."),
        ("A 7.2-millimeter round.", "A seven point two-millimeter round."),
        ("It passed 1.2B streams.", "It passed one point two billion streams."),
    ],
    "clock": [
        ("Doors at 10.30pm sharp.", "Doors at ten thirty PM sharp."),
        ("It ended at 1.59 p.m. on Sunday.", "It ended at one fifty-nine PM on Sunday."),
        ("The stream starts at 9:00 pm EST.", "The stream starts at nine PM EST."),
        ("Trading closes 4 p.m. (GMT) daily.", "Trading closes four PM G M T daily."),
    ],
    "range": [
        ("The set ran 5pm-11pm.", "The set ran five PM to eleven PM."),
        ("Open 9-5pm on weekdays.", "Open nine to five PM on weekdays."),
        ("Music of the 1960s-80s.", "Music of the nineteen sixties to eighties."),
        ("Tickets cost $15-$25.", "Tickets cost fifteen dollars to twenty-five dollars."),
        (
            "Seats were $150.25-$250.67 each.",
            "Seats were one hundred fifty dollars and twenty-five cents to two hundred fifty dollars and "
            "sixty-seven cents each.",
        ),
        ("A 24-70mm lens.", "A twenty-four to seventy millimeter lens."),
        ("Pages 70-144 drag.", "Pages seventy to one hundred forty-four drag."),
    ],
    "rate": [
        ("It costs $9.99/mo.", "It costs nine dollars and ninety-nine cents per month."),
        ("Parking is $4/hr.", "Parking is four dollars per hour."),
        ("Beef at 12/kg.", "Beef at twelve per kilogram."),
        ("The plan is £10/wk.", "The plan is ten pounds per week."),
    ],
    "numeric-date": [
        ("It opened on 10/06/2005 in cinemas.", "It opened on October sixth, two thousand five in cinemas."),
        ("Filed 2016/07/03.", "Filed July third, twenty sixteen."),
        ("It opened 15.01.2020.", "It opened the fifteenth of January, twenty twenty."),
        ("Shot on 12/25/98 in snow.", "Shot on December twenty-fifth, ninety-eight in snow."),
        ("Out 3-4-2021, finally.", "Out March fourth, twenty twenty-one, finally."),
        ("Seen on 25 sept 2019.", "Seen on the twenty-fifth of September, twenty nineteen."),
        ("Due SEPT. 15, 2021.", "Due September fifteenth, twenty twenty-one."),
        ("Sales rose in Q3 2024.", "Sales rose in the third quarter of twenty twenty-four."),
        ("Built in 340 AD.", "Built in three forty AD."),
    ],
    "unit": [
        ("A 300 Mbps line.", "A three hundred megabit per second line."),
        ("A 5000 mAh battery.", "A five thousand milliamp hour battery."),
        ("It weighs 150 lbs.", "It weighs one hundred fifty pounds."),
        ("It has 64 GB of memory.", "It has sixty-four gigabytes of memory."),
        ("A 2 TB drive and 2 TB to spare.", "A two terabyte drive and two terabytes to spare."),
        ("A 120 Hz panel.", "A one hundred twenty hertz panel."),
        ('A 6.1" screen.', "A six point one inch screen."),
        ('The screen is 6.1".', "The screen is six point one inches."),
        ("It was -5°C outside.", "It was minus five degrees Celsius outside."),
        ("It was −12 °C at night.", "It was minus twelve degrees Celsius at night."),
        ("It holds 2½ lbs.", "It holds two and a half pounds."),
        ("A 45 m² flat.", "A forty-five square meter flat."),
    ],
    "money": [
        ("Apps cost $.99 now.", "Apps cost ninety-nine cents now."),
        ("It made US$76 million.", "It made seventy-six million U S dollars."),
        ("It costs €1,299.", "It costs one thousand two hundred ninety-nine euros."),
        ("It made ¥3 billion.", "It made three billion yen."),
        ("It made ₩460 billion.", "It made four hundred sixty billion won."),
        ("Lunch was $12.5 each.", "Lunch was twelve dollars and fifty cents each."),
        ("It cost $20.00 flat.", "It cost twenty dollars flat."),
        ("A $200K indie made money.", "A two hundred thousand dollars indie made money."),
    ],
    "telephone": [
        ("Call 555-123-4567 now.", "Call five five five, one two three, four five six seven now."),
        ("Call (555) 123-4567 now.", "Call five five five, one two three, four five six seven now."),
        ("Call +44 20 7946 0958.", "Call plus four four, two zero, seven nine four six, zero nine five eight."),
        ("Dial (555)-123-4567-89 for tickets.",
         "Dial five five five, one two three, four five six seven, eight nine for tickets."),
        ("Her number, 987-65-4321, is a clue.", "Her number, nine eight seven, six five, four three two one, is a clue."),
    ],
    "numeral": [
        ("Louis XIV's court glitters.", "Louis the Fourteenth's court glitters."),
        ("Super Bowl LVIII was close.", "Super Bowl Fifty-eight was close."),
        ("Part XL is long.", "Part Forty is long."),
        ("An XL shirt fits.", "An X L shirt fits."),
        ("The Rust CLI works.", "The Rust CLI works."),
    ],
    "score": [
        ("They won 70-44.", "They won seventy to forty-four."),
        ("They lost 2-0 at home.", "They lost two to nothing at home."),
        ("A 3-1 win lifts them.", "A three to one win lifts them."),
        ("Chelsea beat Arsenal 3-0.", "Chelsea beat Arsenal three to nothing."),
    ],
    "fraction": [
        ("Add 1/4 cup.", "Add one quarter cup."),
        ("It is 31/32 done.", "It is thirty-one thirty-seconds done."),
        ("Only 1/3rd works.", "Only one third works."),
        ("A 22/3 ratio.", "A twenty-two thirds ratio."),
    ],
    "kept": [
        ("I'd give it 7.5/10.", "I'd give it seven point five out of ten."),
        ("Four stars: 4/5 stars from me.", "Four stars: four out of five stars from me."),
        ("S01E02 opens strong.", "season one, episode two opens strong."),
        ("It runs 2h 15m.", "It runs two hours fifteen minutes."),
        ("I rate it 7.5 on 10.", "I rate it seven point five out of ten."),
        ("It is a 1/4 stars film.", "It is a one out of four stars film."),
    ],
    "book": [
        ("Out now (ISBN 978-1-23456-789-7).", "Out now (I S B N nine seven eight, one, two three four five six, "
         "seven eight nine, seven)."),
        ("ISBN: 0-306-40615-X in print.", "I S B N: zero, three zero six, four zero six one five, X in print."),
        ("ISBN 9781234567897 only.", "I S B N nine seven eight one two three four five six seven eight nine seven only."),
        ("It picks up where Vol. I left off.", "It picks up where Volume One left off."),
        ("In part I think it works.", "In part I think it works."),
    ],
    "price-pair": [
        ("It costs £12.99 / $16.99 in paperback.",
         "It costs twelve pounds and ninety-nine pence or sixteen dollars and ninety-nine cents in paperback."),
        ("Just $9.99/mo.", "Just nine dollars and ninety-nine cents per month."),
    ],
    "ordinal": [
        ("My 21st viewing.", "My twenty-first viewing."),
        ("My 21th viewing.", "My twenty-one th viewing."),
    ],
    "whitelist": [
        ("Mrs. Dalloway is here.", "Misses Dalloway is here."),
        ("The house on Elm St. It burns.", "The house on Elm Street. It burns."),
        ("Her 403(b) plan is a plot point.", "Her four oh three b plan is a plot point."),
    ],
    "word": [
        ("My mother-in-law loved it.", "My mother-in-law loved it."),
        ("Yes you may.", "Yes you may."),
        ("Prices in $ and €, mostly.", "Prices in dollar and euro, mostly."),
        ("It was -3 and falling.", "It was minus three and falling."),
        ("Aaliyah's album is back.", "Aaliyah's album is back."),
    ],
}

FORM_PARAMS = [
    pytest.param(source, expected, id=f"{kind}-{index:02d}")
    for kind, cases in FORMS.items()
    for index, (source, expected) in enumerate(cases, start=1)
]


@pytest.mark.parametrize(("source", "expected"), FORM_PARAMS)
def test_review_forms(source: str, expected: str) -> None:
    spoken = normalize(source, "en")
    assert spoken == expected
    assert unspeakable(spoken) == ""


@pytest.mark.parametrize(
    ("source", "month_first", "day_first"),
    [
        ("On 10/06/2005.", "On October sixth, two thousand five.", "On the tenth of June, two thousand five."),
        ("On 01.07.1998.", "On January seventh, nineteen ninety-eight.", "On the first of July, nineteen ninety-eight."),
        ("On 25/12/2020.", "On the twenty-fifth of December, twenty twenty.",
         "On the twenty-fifth of December, twenty twenty."),
        ("On 12/25/2020.", "On December twenty-fifth, twenty twenty.", "On December twenty-fifth, twenty twenty."),
    ],
)
def test_date_order_reads_ambiguous_dates_only(source: str, month_first: str, day_first: str) -> None:
    assert english.normalize_english(source, date_order="month-first") == month_first
    assert english.normalize_english(source, date_order="day-first") == day_first


@pytest.mark.parametrize(
    ("language", "order"),
    [("en", "month-first"), ("en-US", "month-first"), ("en_us", "month-first"), ("en-GB", "day-first"),
     ("en-AU", "day-first"), ("en-IN", "day-first"), ("fr-FR", "day-first"), ("de", "day-first")],
)
def test_date_order_follows_language_and_region(language: str, order: str) -> None:
    assert date_order_for(language) == order


def test_normalize_takes_the_region_and_an_explicit_order() -> None:
    assert normalize("On 10/06/2005.", "en-GB") == "On the tenth of June, two thousand five."
    assert normalize("On 10/06/2005.", "en-US") == "On October sixth, two thousand five."
    assert normalize("On 10/06/2005.", "en-GB", date_order="month-first") == "On October sixth, two thousand five."


def test_unknown_date_order_is_refused() -> None:
    with pytest.raises(ValueError, match="middle-first"):
        english.normalize_english("On 10/06/2005.", date_order="middle-first")


def test_passes_can_be_given_per_call_without_touching_the_default() -> None:
    no_acronyms = [step for step in english.PASSES if step is not english.expand_acronyms]
    assert english.normalize_english("The BBC made it.", passes=no_acronyms) == "The BBC made it."
    assert english.normalize_english("The BBC made it.") == "The B B C made it."


def test_date_order_applies_to_passes_given_per_call() -> None:
    steps = list(english.PASSES)
    assert english.normalize_english("On 10/06/2005.", passes=steps, date_order="day-first") == (
        "On the tenth of June, two thousand five."
    )


def _dated_review(language: str) -> Review:
    body = (Block("paragraph", "The film opened on 10/06/2005 and nobody came."),)
    return Review(Metadata(title="Dates", author="A. Critic", language=language), body, source="dates.md")


@pytest.mark.parametrize(
    ("language", "date_order", "spoken"),
    [
        ("en-US", None, "October sixth"),
        ("en-GB", None, "the tenth of June"),
        ("en-GB", "month-first", "October sixth"),
        ("en-US", "day-first", "the tenth of June"),
    ],
)
def test_the_date_order_setting_reaches_the_script(
    fake_settings: Settings, language: str, date_order: str | None, spoken: str
) -> None:
    script = plan_text(_dated_review(language), fake_settings.replace(date_order=date_order)).full
    texts = [seg.text for section in script.sections for seg in section.segments]
    assert any(spoken in text for text in texts), texts


def test_a_bad_date_order_setting_is_a_config_error(tmp_path: Path) -> None:
    config = tmp_path / "audioreview.toml"
    config.write_text('date_order = "middle-first"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="date_order"):
        load_settings(config, environ={})
