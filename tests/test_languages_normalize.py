"""Normalization in German, French, Spanish, Italian, Portuguese, Dutch, and numbers in the rest."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audioreview.errors import SpeechError
from audioreview.speech.languages import TABLES, normalizer_for
from audioreview.speech.normalize import normalize, supported_languages, unspeakable

CASES: dict[str, list[tuple[str, str]]] = {
    "de": [
        ("Am 3. März 2024 startet die 2. Staffel.", "Am dritten März zweitausendvierundzwanzig startet die zweite Staffel."),
        ("Erschienen am 12.03.2024.", "Erschienen am zwölften März zweitausendvierundzwanzig."),
        ("Dienstag, 1. Mai", "Dienstag, erster Mai"),
        ("Im 3. Teil und in der 2. Staffel", "Im dritten Teil und in der zweiten Staffel"),
        ("Der 3. Teil ist der beste.", "Der dritte Teil ist der beste."),
        ("Er kostet 12,50 €.", "Er kostet zwölf Euro und fünfzig Cent."),
        ("Nur 1 € mehr", "Nur ein Euro mehr"),
        ("Das Budget lag bei 4,5 Mio. €.", "Das Budget lag bei vier Komma fünf Millionen Euro."),
        ("Ab 1.299 Euro", "Ab eintausendzweihundertneunundneunzig Euro"),
        ("Die Folgen kosten 5,- € bzw. CHF 20.", "Die Folgen kosten fünf Euro beziehungsweise zwanzig Franken."),
        ("Wertung: 8/10", "Wertung: acht von zehn"),
        ("Wertung: 7,5/10", "Wertung: sieben Komma fünf von zehn"),
        ("★★★½☆", "dreieinhalb von fünf Sternen"),
        ("★★★★☆", "vier von fünf Sternen"),
        ("Um 20:15 Uhr", "Um zwanzig Uhr fünfzehn"),
        ("Um 20.15 Uhr", "Um zwanzig Uhr fünfzehn"),
        ("50 % weniger", "fünfzig Prozent weniger"),
        ("Seit 1999", "Seit neunzehnhundertneunundneunzig"),
        ("Im Jahr 2024", "Im Jahr zweitausendvierundzwanzig"),
        ("In den 90er-Jahren", "In den neunziger-Jahren"),
        ("3,14 und 1.000.000", "drei Komma eins vier und eine Million"),
        ("Folgen 1–3", "Folgen eins bis drei"),
        ("z. B. 128 GB und 5 km", "zum Beispiel einhundertachtundzwanzig Gigabyte und fünf Kilometer"),
        ("Laufzeit: 148 Min.", "Laufzeit: einhundertachtundvierzig Minuten."),
        ("Bücher, Filme usw.", "Bücher, Filme und so weiter."),
        ("Sie dauert 148 Min. und ist gut.", "Sie dauert einhundertachtundvierzig Minuten und ist gut."),
        ("Bei 20 °C", "Bei zwanzig Grad Celsius"),
        ("Tom & Jerry", "Tom und Jerry"),
    ],
    "fr": [
        ("Le 1er mars 2024", "Le premier mars deux mille vingt-quatre"),
        ("La 1re saison et la 2e saison", "La première saison et la deuxième saison"),
        ("Sorti le 12/03/2024.", "Sorti le douze mars deux mille vingt-quatre."),
        ("Il coûte 12,50 €.", "Il coûte douze euros et cinquante centimes."),
        ("Il coûte 1 299 euros.", "Il coûte mille deux cent quatre-vingt-dix-neuf euros."),
        ("Prix : 5 $", "Prix: cinq dollars"),
        ("Note : 16/20", "Note: seize sur vingt"),
        ("★★★★☆", "quatre étoiles sur cinq"),
        ("Séance à 20h15", "Séance à vingt heures quinze"),
        ("À 20 h", "À vingt heures"),
        ("50 % des places", "cinquante pour cent des places"),
        ("En 1999", "En mille neuf cent quatre-vingt-dix-neuf"),
        ("7,5 heures", "sept virgule cinq heures"),
        ("M. Dupont, p. ex.", "Monsieur Dupont, par exemple."),
        ("Les épisodes 1-3", "Les épisodes un à trois"),
    ],
    "es": [
        ("El 3 de marzo de 2024", "El tres de marzo de dos mil veinticuatro"),
        ("Estreno: 12/03/2024", "Estreno: doce de marzo de dos mil veinticuatro"),
        ("La 2.ª temporada", "La segunda temporada"),
        ("El 1.º episodio y el 1.er capítulo", "El primer episodio y el primer capítulo"),
        ("Quedó 3.º.", "Quedó tercero."),
        ("Cuesta 12,50 €.", "Cuesta doce euros con cincuenta céntimos."),
        ("Cuesta 1.099 euros.", "Cuesta mil noventa y nueve euros."),
        ("Nota: 8/10", "Nota: ocho sobre diez"),
        ("★★★☆☆", "tres de cinco estrellas"),
        ("A las 20:15", "A las veinte y quince"),
        ("El 50 %", "El cincuenta por ciento"),
        ("7,5 horas", "siete coma cinco horas"),
        ("Sr. García, p. ej.", "señor García, por ejemplo."),
    ],
    "it": [
        ("Il 1° marzo 2024", "Il primo marzo duemilaventiquattro"),
        ("Il 12 marzo 2024", "Il dodici marzo duemilaventiquattro"),
        ("La 2ª stagione e il 3° episodio", "La seconda stagione e il terzo episodio"),
        ("Costa 12,50 €.", "Costa dodici euro e cinquanta centesimi."),
        ("Costa 1.499 euro.", "Costa millequattrocentonovantanove euro."),
        ("Voto: 7,5/10", "Voto: sette virgola cinque su dieci"),
        ("★★★★★", "cinque stelle su cinque"),
        ("Alle 20:15", "Alle venti e quindici"),
        ("Il 50 %", "Il cinquanta per cento"),
        ("6,8 pollici", "sei virgola otto pollici"),
        ("A 20 °C", "A venti gradi"),
        ("ecc.", "eccetera."),
    ],
    "pt": [
        ("Em 3 de março de 2024", "Em três de março de dois mil e vinte e quatro"),
        ("A 1 de maio", "A primeiro de maio"),
        ("A 2.ª temporada e o 1.º episódio", "A segunda temporada e o primeiro episódio"),
        ("Custa 12,50 €.", "Custa doze euros e cinquenta cêntimos."),
        ("Custa R$ 30.", "Custa trinta reais."),
        ("Nota: 8/10", "Nota: oito em dez"),
        ("★★★★☆", "quatro de cinco estrelas"),
        ("Às 20h15", "Às vinte e quinze"),
        ("O nº 5, no cinema", "O número cinco, no cinema"),
        ("11 polegadas, 50 %", "onze polegadas, cinquenta por cento"),
    ],
    "nl": [
        ("Op 3 maart 2024", "Op drie maart tweeduizendvierentwintig"),
        ("Verschenen op 12-03-2024.", "Verschenen op twaalf maart tweeduizendvierentwintig."),
        ("Het 2e seizoen en de 8ste aflevering", "Het tweede seizoen en de achtste aflevering"),
        ("Voor € 12,50", "Voor twaalf euro en vijftig cent"),
        ("Oordeel: 8/10", "Oordeel: acht uit tien"),
        ("★★★½☆", "drie en een half van de vijf sterren"),
        ("Om 20.15 uur", "Om twintig uur vijftien"),
        ("Om 20:15", "Om twintig uur vijftien"),
        ("50 % korting", "vijftig procent korting"),
        ("In 1985", "In negentien honderd vijfentachtig"),
        ("bijv. 169 euro", "bijvoorbeeld honderdnegenenzestig euro"),
    ],
}


@pytest.mark.parametrize(
    ("language", "written", "spoken"),
    [(lang, written, spoken) for lang, cases in CASES.items() for written, spoken in cases],
    ids=[f"{lang}-{i}" for lang, cases in CASES.items() for i in range(len(cases))],
)
def test_language_normalization(language: str, written: str, spoken: str) -> None:
    assert normalize(written, language) == spoken


def test_every_table_language_is_covered_and_supported() -> None:
    assert set(CASES) == set(TABLES)
    assert {"en", "de", "fr", "es", "it", "pt", "nl"} <= set(supported_languages())


@pytest.mark.parametrize(
    ("language", "written", "spoken"),
    [
        ("sv", "Filmen kom 2023 och kostar 129 kronor.", "Filmen kom tvåtusentjugotre och kostar etthundratjugonio kronor."),
        ("pl", "Mamy 3 koty.", "Mamy trzy koty."),
        ("da", "Den varer 7,5 timer.", "Den varer syv komma fem timer."),
    ],
)
def test_other_num2words_languages_get_their_numbers_said(language: str, written: str, spoken: str) -> None:
    assert normalize(written, language) == spoken


def test_a_language_without_number_words_keeps_its_digits_and_loses_symbols() -> None:
    assert normalize("Η ταινία του 2023 ★ κοστίζει 10 ευρώ.", "el") == "Η ταινία του 2023 κοστίζει 10 ευρώ."


def test_region_subtags_use_the_language_table() -> None:
    assert normalize("8/10", "de-AT") == normalize("8/10", "de") == "acht von zehn"
    assert normalize("8/10", "pt_BR") == "oito em dez"


def test_a_bad_tag_is_still_refused() -> None:
    with pytest.raises(SpeechError):
        normalize("Hallo.", "12")


@settings(max_examples=150, deadline=None)
@given(
    language=st.sampled_from(sorted(TABLES) + ["sv", "el"]),
    text=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60),
)
def test_any_text_in_any_language_comes_out_speakable(language: str, text: str) -> None:
    spoken = normalizer_for(language)(text)
    assert unspeakable(spoken) == ""
