"""The built-in intro and outro lines, said in the review's language.

Only the shipped English templates are translated: a template the user wrote
is theirs and is spoken as written.
"""

from __future__ import annotations

INTRO = "{show}. {title}, by {author}."
OUTRO = "That was {title}, by {author}, for {show}. The full review is on the site."
SHORT_INTRO = "{show}. The short version of {title}, by {author}."
SHORT_OUTRO = "That was the short version. The full review of {title} is on the site."

TRANSLATIONS: dict[str, dict[str, str]] = {
    INTRO: {
        "de": "{show}. {title}, von {author}.",
        "fr": "{show}. {title}, par {author}.",
        "es": "{show}. {title}, por {author}.",
        "it": "{show}. {title}, di {author}.",
        "pt": "{show}. {title}, por {author}.",
        "nl": "{show}. {title}, door {author}.",
    },
    OUTRO: {
        "de": "Das war {title}, von {author}, für {show}. Die ganze Kritik steht auf der Website.",
        "fr": "C'était {title}, par {author}, pour {show}. La critique complète est sur le site.",
        "es": "Fue {title}, por {author}, para {show}. La reseña completa está en la web.",
        "it": "Era {title}, di {author}, per {show}. La recensione completa è sul sito.",
        "pt": "Foi {title}, por {author}, para {show}. A crítica completa está no site.",
        "nl": "Dat was {title}, door {author}, voor {show}. De volledige recensie staat op de site.",
    },
    SHORT_INTRO: {
        "de": "{show}. Die Kurzfassung von {title}, von {author}.",
        "fr": "{show}. La version courte de {title}, par {author}.",
        "es": "{show}. La versión corta de {title}, por {author}.",
        "it": "{show}. La versione breve di {title}, di {author}.",
        "pt": "{show}. A versão curta de {title}, por {author}.",
        "nl": "{show}. De korte versie van {title}, door {author}.",
    },
    SHORT_OUTRO: {
        "de": "Das war die Kurzfassung. Die ganze Kritik zu {title} steht auf der Website.",
        "fr": "C'était la version courte. La critique complète de {title} est sur le site.",
        "es": "Esa fue la versión corta. La reseña completa de {title} está en la web.",
        "it": "Era la versione breve. La recensione completa di {title} è sul sito.",
        "pt": "Esta foi a versão curta. A crítica completa de {title} está no site.",
        "nl": "Dat was de korte versie. De volledige recensie van {title} staat op de site.",
    },
}
"""Each shipped English template -> its translation by primary language subtag."""


def localized(template: str, language: str) -> str:
    """``template`` in ``language`` when it is a shipped one with a translation, else unchanged."""
    primary = language.replace("_", "-").split("-")[0].lower()
    return TRANSLATIONS.get(template, {}).get(primary, template)
