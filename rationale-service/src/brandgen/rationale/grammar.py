"""English articles that agree with the word that follows, whatever a template slot puts there.

A template cannot know whether "a" or "an" goes before a style or icon name it is given ("a “modern”
style", "an “organic” style"), so the English text gets one pass after rendering. Translations
carry their own articles (they agree with the noun, not with the quoted word).
"""

from __future__ import annotations

import re

# "a" or "an" before a quoted or emphasised word: what a slot puts there. Articles before plain words
# are the template's own (already right) or the customer's text (left as they wrote it).
_ARTICLE = re.compile(r"\b(?P<article>[Aa]n?) (?P<lead>[“\"‘'*_]+)(?P<word>[A-Za-z][\w-]*)")
# Written with a vowel but said with a consonant (a unique, a one-off, a European), and the reverse (an hour).
_CONSONANT_SOUND = re.compile(r"^(uni|use|usu|eu|one|once|ur[aeiou])", re.IGNORECASE)
_VOWEL_SOUND = re.compile(r"^(hour|honest|honou?r|heir)", re.IGNORECASE)


def _article_for(word: str) -> str:
    if _VOWEL_SOUND.match(word):
        return "an"
    if _CONSONANT_SOUND.match(word):
        return "a"
    return "an" if word[0].lower() in "aeiou" else "a"


def _agree(match: re.Match[str]) -> str:
    wanted = _article_for(match["word"])
    if match["article"][0] == "A":
        wanted = wanted.capitalize()
    return f"{wanted} {match['lead']}{match['word']}"


def english_articles(text: str) -> str:
    """`text` with every indefinite article agreeing with the sound of the word after it."""
    return _ARTICLE.sub(_agree, text)
