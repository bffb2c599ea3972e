"""The words the competing-offer rules (:mod:`ask_amy.nlu.facts.offer`) look for."""

from __future__ import annotations

from typing import Dict

from ask_amy.nlu.facts.context import _fs

OFFER_DETS_INDEF = _fs("a an another one two three four 2 3 4 other competing second "
                       "multiple several some couple few")
OFFER_DETS_DEF = _fs("the this that their his her its your")
OFFER_MODIFIERS = _fs("job verbal written formal official real actual new great good solid "
                      "full time - full-time part part-time counter better higher bigger "
                      "firm signed nice decent amazing awesome really pretty very strong "
                      "contract permanent remote hybrid tentative conditional final "
                      "generous interesting attractive employment work position role "
                      "outside external alternative alternate backup other competing "
                      "second rival")
OTHER_COMPANY_WORDS = _fs("another other different second competing rival new outside "
                          "elsewhere competitor")
GENERIC_COMPANY_NOUNS = _fs("company firm employer team recruiter place business "
                            "organization organisation org")
OFFER_TYPOS: Dict[str, str] = {
    "ofer": "offer", "offr": "offer", "ofers": "offers", "offerd": "offered",
    "ofered": "offered", "oferred": "offered", "offred": "offered",
}
EMBED_STOPS = _fs("know tell told let say said think thought mention inform explain realize "
                  "handle ask asked that since because cause as given considering believe "
                  "believing bring show prove use leverage negotiate approach")
POSSESSION_VERBS = _fs("have get receive hold land accept secure take sit snag score bag "
                       "win obtain")
OFFER_MAKE_VERBS = _fs("make extend give send present email mail text hand")
JOB_NOUNS = _fs("job jobs role roles position positions offer offers contract place spot "
                "opportunity internship gig post opening seat")
