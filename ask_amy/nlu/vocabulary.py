"""The words :mod:`ask_amy.nlu.input_quality` knows: English, and the function words of other languages.

The English vocabulary is the keys and values of spaCy's English ``lemma_lookup`` table from
``spacy-lookups-data`` (plus the base forms of its ``lemma_index``/``lemma_exc`` tables), spaCy's
English stop words and the small built-in lists below (function words, chat words, domain words).
Everything is loaded lazily, once (``functools.lru_cache``); importing this module imports nothing heavy.
"""

from __future__ import annotations

import functools
import gzip
import importlib
import importlib.util
import json
from pathlib import Path
from typing import Dict, FrozenSet, Optional

#: Function words (many are missing from a lemma table because they never inflect).
FUNCTION_WORDS: FrozenSet[str] = frozenset(
    """
    a an the this that these those i me my mine myself you your yours yourself he him his
    she her hers it its itself we us our ours they them their theirs what which who whom
    whose when where why how all any both each few more most other some such no nor not
    only own same so than too very can will just should now and but or if because as until
    while of at by for with about against between into through during before after above
    below to from up down in out on off over under again further then once here there am
    is are was were be been being have has had having do does did doing would could might
    must shall may ought yes yeah yep yup nope ok okay hi hello hey bye goodbye thanks thank
    please sorry oh ah um uh hmm huh wow lol haha hahaha omg btw idk imo fyi asap etc
    dont doesnt didnt isnt wasnt arent werent havent hasnt hadnt wont wouldnt couldnt
    shouldnt cant im ive id youre theyre thats whats lets its
    """.split()
)

#: Chat abbreviations and informal spellings people really use.
CHAT_WORDS: FrozenSet[str] = frozenset(
    """
    thx thnx thanx ty tysm tnx pls plz pleeease k kk ok okk okie okey u ur r ya yah ye yea
    yess nah nope sup yo heya hiya howdy gonna wanna gotta kinda sorta dunno lemme gimme
    cya bc cuz coz tho thru tbh ngl smh imho irl jk np nvm wtf wth ikr rn hbu wbu gm gn gr8
    bday ppl msg msgs pic pics info convo plz sry srry hrs hr mins min wks wk yrs yr mo mos
    ugh meh grr argh brb ttyl xoxo abc ciao adios n y yep yup ta
    """.split()
)

#: Domain words a job seeker uses that a general lemma table may lack.
DOMAIN_WORDS: FrozenSet[str] = frozenset(
    """
    email emails emailed emailing e-mail linkedin hr recruiter recruiters recruiting
    hiring interview interviews interviewed interviewer interviewers interviewing
    onsite offsite zoom skype teams slack ghosted ghosting followup follow-up resume
    cv cover applicant applicants application applications recruiter's hm hiring-manager
    onboarding offer offers thank-you thankyou shopify acme google amazon microsoft
    startup startups fintech saas remote hybrid internship intern interns bot chatbot amy
    voicemail phone callback callbacks text texted texting dm dms inbox spam
    """.split()
)

#: Common greetings/words in other languages that are not function words.
FOREIGN_EXTRA: FrozenSet[str] = frozenset(
    """
    hola gracias buenos buenas dias noches bonjour bonsoir merci salut oui non
    danke bitte hallo tschuss ja nein grazie buongiorno obrigado obrigada bom dia
    ola tudo bem hoy semana semanas entrevista trabajo empresa correo esperar
    entretien semaine semaines travail attendre emploi vorstellungsgesprach woche wochen
    arbeit warten stelle colloquio settimana settimane lavoro devo debo quiero necesito
    tienes veux voglio preciso aspettare wachten risposta respuesta réponse antwort
    resposta antwoord azienda entreprise oferta offerta angebot aanbod
    """.split()
)

#: Foreign function words that are also (rare) English dictionary entries but are far
#: more likely to signal a foreign sentence in a chat to this bot.
FOREIGN_OVERRIDES: FrozenSet[str] = frozenset(
    "el del con para soy ya sin nos os du pas pour par moi mon sous sans der den dies hat "
    "bin seine wat hoe dus elle est une des les ist nicht und".split()
)

_FOREIGN_LANGS = ("es", "fr", "de", "it", "pt", "nl")




def _lookups_data_dir() -> Optional[Path]:
    try:
        spec = importlib.util.find_spec("spacy_lookups_data")
    except (ImportError, ValueError):  # pragma: no cover - environment problem
        return None
    if spec is None or spec.origin is None:  # pragma: no cover
        return None
    return Path(spec.origin).parent / "data"


def _load_table(name: str) -> dict:
    directory = _lookups_data_dir()
    if directory is None:  # pragma: no cover - environment problem
        return {}
    path = directory / f"{name}.json.gz"
    if not path.exists():  # pragma: no cover
        return {}
    with gzip.open(path, "rt", encoding="utf8") as handle:
        return json.load(handle)


@functools.lru_cache(maxsize=None)
def _stop_words(lang: str) -> FrozenSet[str]:
    """Return spaCy's stop-word list for ``lang``.

    The ``spacy/lang/<lang>/stop_words.py`` file is loaded on its own (it has no
    imports), so this does not import spaCy itself (which would pull in thinc and,
    when installed, TensorFlow).
    """
    try:
        spec = importlib.util.find_spec("spacy")
    except (ImportError, ValueError):  # pragma: no cover - environment problem
        return frozenset()
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover
        return frozenset()
    path = Path(list(spec.submodule_search_locations)[0]) / "lang" / lang / "stop_words.py"
    if not path.exists():  # pragma: no cover
        return frozenset()
    module_spec = importlib.util.spec_from_file_location(f"_amy_stop_words_{lang}", path)
    if module_spec is None or module_spec.loader is None:  # pragma: no cover
        return frozenset()
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return frozenset(w.lower() for w in getattr(module, "STOP_WORDS", ()))


@functools.lru_cache(maxsize=1)
def lemma_lookup_table() -> Dict[str, str]:
    """Return spaCy's English ``lemma_lookup`` table from ``spacy-lookups-data`` (cached).

    This is the same table the pipeline's lookup lemmatizer uses; it is read straight
    from the installed data package (``{}`` if that package is missing).
    """
    return dict(_load_table("en_lemma_lookup"))


@functools.lru_cache(maxsize=1)
def english_vocabulary() -> FrozenSet[str]:
    """All words treated as English (lower case). Loaded once, lazily."""
    table = lemma_lookup_table()
    words = {k.lower() for k in table}
    words.update(v.lower() for v in table.values())
    # Base forms that never inflect ("helpful", "definitely") are only in the rule
    # lemmatizer's index/exception tables of the same data package.
    for pos_words in _load_table("en_lemma_index").values():
        words.update(w.lower() for w in pos_words if "_" not in w)
    for pos_exc in _load_table("en_lemma_exc").values():
        words.update(k.lower() for k in pos_exc)
    words.update(_stop_words("en"))
    words.update(FUNCTION_WORDS, CHAT_WORDS, DOMAIN_WORDS)
    return frozenset(w for w in words if w)


@functools.lru_cache(maxsize=1)
def core_english() -> FrozenSet[str]:
    """Curated English words that always win over a foreign reading."""
    return frozenset(FUNCTION_WORDS | CHAT_WORDS | DOMAIN_WORDS | _stop_words("en"))


@functools.lru_cache(maxsize=1)
def foreign_function_words() -> FrozenSet[str]:
    """Return the function words of common European languages that are not English words."""
    vocab = english_vocabulary()
    core = core_english()
    words = set()
    for lang in _FOREIGN_LANGS:
        words.update(_stop_words(lang))
    words = {
        w for w in words
        if w not in core and len(w) > 1 and (w not in vocab or w in FOREIGN_OVERRIDES)
    }
    words.update(FOREIGN_EXTRA)
    words.update(FOREIGN_OVERRIDES)
    return frozenset(words)
