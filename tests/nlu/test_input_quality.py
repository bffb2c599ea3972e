"""Tests for ask_amy.nlu.input_quality.classify_input."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ask_amy.nlu.input_quality import (
    EMPTY,
    GIBBERISH,
    NON_ENGLISH,
    classify_input,
    is_english_word,
)
from ask_amy.nlu.vocabulary import english_vocabulary
from ask_amy.paths import ROOT

REPO_ROOT = ROOT

ENGLISH = [
    "hi",
    "thx",
    "ok",
    "yes",
    "pls help",
    "k",
    "lol",
    "nvm",
    "bye",
    "How long should I wait before I follow up?",
    "It's been three weeks since my interview and I haven't heard anything",
    "shoud i emial them after intervew",
    "shoud i folow up wiht the recrutier",
    "im so nervus",
    "whats the best way to aproach this",
    "sooo anxious",
    "hmmm",
    "Is it ok to reach out on LinkedIn?",
    "can u help me write an email to the recruiter",
    "do I follow up w the HR person or hiring mgr",
    "they said 2 wks, its been 3",
    "omg they ghosted me",
    "I don't know what to do",
    "My résumé was great",
    "Priya",
    "Priya Patel",
    "make the name Priya",
    "I had a zoom interview w/ Shopify on Mon",
    "10",
    "2024",
    "Thx Amy!!",
    "helloooo",
    "soooo gooood",
    "super helpful",
    "definitely",
    "absolutely",
    "n",
    "y",
    "ta",
    "ciao",
    "Fatima Al-Sayed",
    "i intervewed for a warehouse supervisor job",
]

EMPTY_INPUTS = ["", "   ", "\n\t", "???", "...", "!!!", "-_-", "\x00\x01", "😀😀", "🙏", "👍 👍"]

GIBBERISH_INPUTS = [
    "asdfgh qwerty zzxxcc",
    "jjjjjjj",
    "asdf",
    "sdfgsdfg",
    "qwertyuiop",
    "lkjhg",
    "zxcvbnm asdf",
    "hjkl hjkl hjkl",
    "aaaaaaa",
    "xcvb",
    "dfghj",
    "asdkjhasd kjhasd",
]

NON_ENGLISH_INPUTS = [
    "¿Cuánto tiempo debo esperar después de la entrevista?",
    "¿Cuánto tiempo debo esperar?",
    "Hola, tuve una entrevista la semana pasada y no me han respondido",
    "Tengo una oferta de otra empresa",
    "Combien de temps dois-je attendre après l'entretien ?",
    "J'ai passé un entretien il y a deux semaines",
    "Wie lange soll ich nach dem Vorstellungsgespräch warten?",
    "Ich habe seit zwei Wochen nichts gehört",
    "Quanto tempo devo aspettare dopo il colloquio?",
    "Quanto tempo devo esperar depois da entrevista?",
    "Hoe lang moet ik wachten na het sollicitatiegesprek?",
    "hola",
    "bonjour",
    "merci beaucoup",
    "我应该等多久？",
    "面试后我应该什么时候跟进",
    "كم يجب أن أنتظر بعد المقابلة؟",
    "Сколько ждать после собеседования?",
]


@pytest.mark.parametrize("text", ENGLISH)
def test_english_is_ok(text: str) -> None:
    assert classify_input(text) is None


@pytest.mark.parametrize("text", EMPTY_INPUTS)
def test_empty(text: str) -> None:
    assert classify_input(text) == EMPTY


@pytest.mark.parametrize("text", GIBBERISH_INPUTS)
def test_gibberish(text: str) -> None:
    assert classify_input(text) == GIBBERISH


@pytest.mark.parametrize("text", NON_ENGLISH_INPUTS)
def test_non_english(text: str) -> None:
    assert classify_input(text) == NON_ENGLISH


def test_none_text_uses_doc_text_or_is_empty() -> None:
    class FakeDoc:
        text = "asdfgh qwerty"

    assert classify_input(None) == EMPTY
    assert classify_input(None, FakeDoc()) == GIBBERISH


def test_doc_does_not_change_the_result() -> None:
    import spacy

    nlp = spacy.blank("en")
    for text in ENGLISH + GIBBERISH_INPUTS + NON_ENGLISH_INPUTS + EMPTY_INPUTS:
        assert classify_input(text, nlp(text.lower())) == classify_input(text)


def test_typo_tolerance_needs_four_letters() -> None:
    assert is_english_word("intervew")
    assert is_english_word("emial")
    assert not is_english_word("zzxxcc")
    assert not is_english_word("qj")


def test_vocabulary_is_cached_and_sizeable() -> None:
    vocab = english_vocabulary()
    assert vocab is english_vocabulary()
    assert len(vocab) > 40000
    assert {"interview", "email", "linkedin", "the", "thx"} <= vocab


def test_package_import_is_light() -> None:
    code = (
        "import sys; import ask_amy.nlu, ask_amy.nlu.input_quality, ask_amy.nlu.time.durations;"
        "import ask_amy.nlu.facts;"
        "heavy = [m for m in ('rasa', 'spacy', 'tensorflow', 'thinc') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True,
        check=True,
    )
    assert result.stdout.strip() == ""
