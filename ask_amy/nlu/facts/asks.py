"""Asks the advice doesn't answer as a topic: ``request`` and ``what_if``.

``request``: what the bot can't do yet, said plainly instead of opening the email form:
``reminder`` ("remind me on Monday"), ``call`` ("can you call them for me?"), ``access`` ("check
my inbox"), ``human`` ("can I talk to a real person?"). ``what_if``: a question about the answer just given: ``no_reply``
("what if they don't reply to that either?") or ``rejection`` ("and if they say no?"), ``timing``, ``recipient``, ``salary`` (all silent in the column), ``accept`` (the person's decision),
and ``silence`` ("still nothing": a statement that the wait goes on).
"""

from __future__ import annotations

import re
from typing import Any, Dict, List

from ask_amy.nlu.facts.clauses import found

_FLAGS = re.IGNORECASE | re.VERBOSE
_AN_OFFER = re.compile(r"\boffer", re.IGNORECASE)
REQUESTS = {
    "notify": re.compile(r"""\b(?:text|message|email|ping|notify|alert)\ me\ (?:when|if|once)\b
                           |\blet\ me\ know\ (?:when|if|once)\ (?:they|she|he)\ (?:reply|respond|answer|write|get\ back)""", _FLAGS),
    "access": re.compile(r"""(?:^\W*|\b(?:can|could|will|would)\ you\ (?:please\ |just\ )?|\bplease\ |\bpls\ |[.!?,]\ *)
                           (?:log\ ?in(?:to)?\ (?!my\b|their\b)[\w-]+|check|look\ at|look\ in|log\ ?in(?:to)?|access|read|go\ through|search|open)\ (?:my|their)
                           \ (?:e-?mail|inbox|mail|gmail|outlook|(?:applicant\ |candidate\ |job\ )?portal|application
                           |account|messages|texts|voicemail|linkedin|website|site|careers\ page|posting|listing)\b
                         | \blog\ ?(?:in)?to\ (?:my|the)\ (?:\w+\ )?(?:portal|account|site|email)\b
                         | \btell\ me\ (?:if|whether)\ (?:they|she|he|anyone)\ (?:(?:have|has)\ )?(?:replied|responded|wrote
                           |written|answered|emailed|got\ back)""", _FLAGS),
    "reminder": re.compile(r"\bremind\ me\b|\b(?:text|ping|notify|nudge|alert)\ me\ (?:on|in|next|tomorrow|at|every"
                           r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday|this\ (?:morning|afternoon|evening))\b|\b(?:set|make|create|add)\ (?:me\ )?(?:a|up\ a|an)\ (?:reminder|alarm)\b"
                           r"|\breminder\ (?:for|to|on)\b|\bcan\ you\ remind\b"
                           r"|\b(?:set|make|create|add|put|schedule)\ (?:me\ )?(?:an?\ )?(?:\w+[- ]?\w*\ )?(?:alert|alarm|reminder"
                           r"|calendar\ (?:event|entry|invite))\b|\bin\ my\ (?:\w+\ )?calendar\b", _FLAGS),
    "call": re.compile(r"""\b(?:can|could|will|would)\ you\ (?:please\ )?(?:call|phone|ring|email|e-mail|contact
                           |message|reach\ out\ to|talk\ to)\ (?:them|her|him|the\ (?:recruiter|company|hiring\ manager
                           |manager|employer)|hr)\b(?!.*\b(?:draft|write|help\ me)\b)
                         | \b(?:call|email|contact)\ (?:them|her|him)\ for\ me\b
                         | \bsend\ (?:it|the\ email|that)\ for\ me\b
                         | \b(?:can|could|will|would)\ (?:you|u)\ (?:just\ |please\ )*send\ (?:them|her|him)\ (?:the|an|my|a)\ (?:email|e-mail|message|note)
                         | \b(?:can|could|will)\ you\ (?:just\ )?send\ (?:the\ (?:email|message|draft)|it|this|that|my\ email)
                           \ (?:to\ (?:them|her|him|the\ \w+)|yourself|for\ me|out)\b
                         | \bschedule\ (?:my|the|this|that|it)\ ?(?:follow[- ]?up\ )?(?:e-?mail|message|note)?\ (?:to\ (?:go\ out|send|be\ sent)|for)\b
                         | \b(?:email|call|contact|message|text|phone)\ (?:them|her|him|the\ \w+|hr)\ for\ me\b
                         | \b(?:can|could|will)\ you\ (?:find\ me\ a\ job|apply\ for\ me|apply\ to|schedule|book)\b
                         | \bon\ my\ behalf\b
                         | \b(?:can|could|will)\ you\ (?:find\ out|check\ (?:if|whether))\b
                         | \b(?:look\ up|find|get)\ (?:me\ )?(?:the|their|her|his)\ (?:[\w'-]+\ ){0,2}?(?:email|e-mail|number|phone
                           |contact|address)
                         | \b(?:can|could|will|would)\ (?:you|u)\ (?:please\ |just\ |maybe\ )*(?:call|phone|ring|email|e-mail|contact
                           |message|text)\ (?:them|her|him|hr|the\ [\w-]+(?:\ [\w-]+)?)\b(?!.*\b(?:draft|write|help\ me)\b)
                         | \bplease\ (?:you\ )?(?:call|phone|email|contact)\ (?:them|her|him|the\ [\w-]+)
                         | \b(?:can|could|will|would)\ (?:you|u)\ (?:please\ |just\ )*(?:send\ (?:them|her|him)\ (?:a|an|my)
                           |contact\ [\w-]+)\b
                         | \bhave\ (?:my|the)\ (?:follow[- ]?up|email|message|note)\ sent\b
                         | \bsend\ (?:it|my\ follow[- ]?up|the\ email|the\ follow[- ]?up)\ (?:at|on)\ \d
                         | \b(?:can|could|will)\ (?:you|u)\ check\ (?:my|their|the)\ (?:email|inbox|application|portal|status)\b""",
                         _FLAGS),
    "human": re.compile(r"""\bhuman\ (?:agent|support)\b | \b(?:answer|reply\ to|respond\ to)\ me\ personally\b
                          | \b(?:talk|speak|chat)\ (?:to|with)\ amy\b|\bamy\ herself\b
                          | \bconnect\ me\ (?:with|to)\ (?:someone|somebody|a\ person|a\ human)\b
                          | \b(?:connect|put)\ me\ (?:in\ touch\ )?(?:with|to)\ (?:a|an|some)\ (?:career\ )?(?:coach|counsel\w*|advis\w*|recruiter|mentor)\b
                          | \b(?:talk|speak|chat)\ (?:to|with)\ (?:a|an|some)\ ?(?:real\ |actual\ |live\ )?(?:human|person|agent
                            |someone\ real|career\ (?:coach|counsel(?:l)?or|advisor))\b
                          | \b(?:connect|transfer|put)\ me\ (?:to|through\ to|with)\ (?:a|an|some)\ ?(?:real\ )?(?:human|person|agent)\b""", _FLAGS),
}
WHAT_IF = {
    # "what if they reply that they're still deciding?": a status in answer, not silence
    "reply_status": re.compile(r"""\b(?:what|and)\ if\ (?:they|she|he)\ (?:reply|say|tell\ me|respond|answer|write\ back)
                                 \ (?:that\ )?(?:they're|they\ are|it's|its|she's|he's)\ (?:still|not\ ready|not\ done)""",
                               _FLAGS),
    "found_out": re.compile(r"""\b(?:what|and)\ if\ (?:they|she|he)\ (?:never\ |don't\ |do\ not\ )?(?:find\ out|found\ out
                              |check|know|notice|call\ my\ bluff)\b|\bhow\ would\ they\ (?:know|find\ out)\b""", _FLAGS),
    "no_reply": re.compile(r"""\btry\ again\b | \b(?:what\ if|and\ if|if)\ (?:they|she|he|it|nobody|no\ one)\ (?:still\ |just\ )?
                               (?:don't|dont|do\ not|doesn't|doesnt|does\ not|never|won't|wont|will\ not|ignore|ignores)
                               (?:\ \w+)?\ ?(?:reply|respond|answer|get\ back|write\ back|reply|it|me|email|call|hear)
                             | \b(?:what|and)\ if\ (?:there's|there\ is)\ (?:still\ )?no\ (?:reply|response|answer)\b
                             | \b(?:still|again)\ (?:no\ reply|nothing|no\ answer|no\ response)\ after\ that\b
                             | \bwhat\ (?:do\ i\ do|then|next)\ if\ (?:that|it|this)\ (?:gets|doesn't|does\ not)\b
                             | \b(?:what|and)\ if\ (?:they|she|he)\ (?:ghost|ignore)
                             | \b(?:follow\ up|email\ them|write|reach\ out|check\ in|nudge\ them)\ again\b
                             | \b(?:email|e-mail|write|writing|message|ping|nudge|send|follow\ up|reach\ out)(?:ing)?\ (?:\w+\ )?again\b
                             | \bsecond\ (?:email|note|message|follow[- ]?up|one)\b | \bfollow[- ]?up\ \#?2\b | \bresend\b
                             | \bsend\ (?:a\ )?(?:\w+er|second|new|another)\ one\b
                             | \b(?:a\ second|another)\ (?:email|follow[- ]?up|message|nudge)\b
                             | \bsend\ (?:them\ |her\ |him\ )?(?:another|one\ more)\b | \bsecond\ (?:mail|e-mail|time)\b
                             | \b(?:one\ more|a\ third|third)\ (?:one|email|e-mail|mail|message|follow[- ]?up|nudge)\b""",
                           _FLAGS),
    "rejection": re.compile(r"""\b(?:what|and)\ if\ (?:they|she|he|it)\ (?:just\ |still\ )?(?:say|says|is)\ (?:no|a\ no)\b
                              | \b(?:what|and)\ if\ (?:they|she|he)\ (?:reject|turn|pass|go\ with|pick|choose)\b
                              | \bwhat\ if\ i\ (?:don't|do\ not)\ get\ (?:it|the\ job|the\ role)\b""", _FLAGS),
    "mistake": re.compile(r"""\b(?:is\ (?:it\ |that\ |this\ )?(?:a\ )?problem|(?:have|did)\ i\ (?:blown|blow|torch(?:ed)?|ruin(?:ed)?|kill(?:ed)?)\ it
                            |i've\ blown\ it|did\ i\ (?:torch|kill|ruin)|calling\ (?:was\ )?a\ mistake|damage\ done|hurt\ my\ chances
                            |was\ (?:that|it|this|calling)\ (?:improper|inappropriate))\b
                          | \b(?:have|did)\ i\ (?:harmed|hurt|damaged|ruined|blown|jeopardi[sz]ed)\b | \bharm(?:ed)?\ my\ chances\b
                          | \bshould\ i\ (?:not\ )?have\ (?:done|called|said|sent)\ (?:that|it|this)\b
                          | \bwas\ (?:that|it|this)\ (?:too\ |very\ |a\ bit\ )?(?:a\ mistake|bad|wrong|too\ much|pushy|annoying|ok|okay|alright|all\ right
                            |fine|rude|unprofessional|weird|a\ bad\ (?:idea|move))\b
                            |\bdid\ i\ (?:mess|screw|blow|ruin)\b|\b(?:mess|screw)ed\ (?:it\ )?up\b""", _FLAGS),
    "call_again": re.compile(r"\b(?:call|ring|phone)\ (?:them\ |her\ |him\ |back\ )?(?:again|back)\b", _FLAGS),
    # mentioning something said before ("it", "that"): an interview elsewhere, kept as state
    "mention": re.compile(r"""\b(?:should|can|do|would|must)\ i\ (?:mention|bring\ up|say|tell\ (?:them|her|him|the\ \w+)\ about
                              |disclose|drop)\ (?:it|that|this)\b|\bis\ it\ (?:bad|ok|okay|wise)\ to\ (?:say|mention)\ (?:it|that|this)\b
                            | \b(?:should|do|can|must)\ i\ (?:tell|inform|let)\ (?:them|her|him|the\ (?:first|other)\ (?:company|place|one))
                              (?:\ know)?\s*[?.]
                            | ^\W*tell\ (?:the\ )?(?:first|other)\ (?:company|place|one)\b | \bmention\ it\ to\b
                            | \b(?:should|do|can|must)\ i\ let\ [\w-]+(?:\ [\w-]+)?\ know\s*[?.!]?\s*$
                            | \bask\ (?:them|her|him)\ again\b | \banything\ else\ (?:i\ (?:can|could|should)\ )?(?:say|tell|write)\b
                            | \bleverage\ (?:it|that|this)\b | \blet\ them\ sweat\b""",
                          _FLAGS),
    # what to do now, after whatever came before: answered in the light of the conversation
    "next": re.compile(r"""^\W*(?:so\W+|ok\W+|okay\W+|well\W+|and\W+|hmm\W+)*(?:what\ (?:now|next|do\ i\ do(?:\ now)?
                         |should\ i\ do(?:\ now)?|can\ i\ do|are\ my\ options|do\ you\ (?:suggest|recommend))
                         |now\ what|any\ (?:tips|advice|suggestions|ideas)|what\ would\ you\ (?:do|advise|suggest|recommend)
                         |what\ do\ you\ advise|next\ (?:step|move|action)s?|(?:options|recommendation|advice|thoughts|suggestions)\W*$
                         |so\ now\ what|appropriate\ next)\b|^\W*next\W*$""", _FLAGS),
    # a statement, not a question: the silence goes on
    "silence": re.compile(r"""^\W*(?:ok\W+|so\W+|well\W+|and\W+)?(?:still\ nothing|nothing\ yet|still\ no\ (?:reply|word|answer|response|news)
                            |no\ (?:reply|response|answer|word)\ yet|still\ haven't\ heard|heard\ nothing|crickets|radio\ silence)\b""",
                          _FLAGS),
    "timing": re.compile(r"""\bhow\ (?:soon|many\ days|many\ weeks|quickly)\b | \bbest\ (?:day|time|hour)\b
                           |\bhow\ long\ (?:should\ i\ (?:wait|give|leave|hold)|do\ i\ (?:wait|give)|after|before|until|till|to\ wait
                           |is\ too\ long|has\ it\ been)\b | \bwhen\ (?:should|do|can)\ i\ (?:send|email
                             |follow|reach|write|check|call) | \b(?:what|which)\ (?:day|time)\b | \btoo\ (?:soon|early)\b
                           | \b(?:send|email|e-mail)\w*\b[^.?!]{0,25}\b(?:weekend|saturday|sunday|at\ night|in\ the\ evening
                             |time\ of\ day)\b
                           | \bis\ (?:a|one|two|three|four|five|ten|\d+)\ (?:\w+\ )?(?:days?|weeks?|months?)\ (?:long\ enough|too\ (?:long|soon
                             |early)|enough|normal|reasonable|ok|okay)\b""", _FLAGS),
    # "should I bring up something from the interview?": the shared moment the column recommends
    "moment": re.compile(r"""\bworth\ (?:bringing\ up|mentioning|including)\b|(?:^|[.!?)]\s*)use\ that\?
                         | \b(?:bring\ up|mention|include|reference|remind\ them\ of)\ (?:something|a\ moment|the\ moment
                           |what\ we\ (?:talked|laughed|joked)|our\ (?:conversation|chat|joke)|a\ (?:joke|story|thing))\b""", _FLAGS),
    # "average hiring time?", "how many follow-ups am I allowed?", "what are the odds?": numbers the column doesn't give
    "numbers": re.compile(r"""\b(?:average|normal|typical|usual)\ (?:amount\ of\ time|time|hiring\ time|response\ time|wait)
                            | \bhow\ many\ (?:follow[- ]?ups|emails|calls|times|messages|nudges)\b | \bpercent(?:age)?\b
                            | \b(?:what's|whats|what\ is|what\ are)\ the\ (?:chances?|odds)\b | \b(?:statistics|empirical|data\ on)\b""",
                          _FLAGS),
    "attach": re.compile(r"\battach\w*\b|\bresend\ (?:my|the)\ (?:portfolio|resume|cv)\b", _FLAGS),
    "criticism": re.compile(r"""\bwhat\ if\ (?:he|she|they)\ (?:says?|tells?\ me|said)\ (?:that\ )?(?:i|i'm|i\ was|i\ wasn't|my)\b""",
                            _FLAGS),
    "irons": re.compile(r"\birons\ in\ the\ fire\b.*\b(?:mean|means)\b|\bwhat\ (?:does|do)\b.*\birons\b", _FLAGS),
    "channel": re.compile(r"\b(?:message|connect|reach\ out|dm|contact|write)\b[^.?!]{0,30}\b(?:on|via|through)\ linkedin\b"
                          r"|\blinkedin\ (?:message|dm|connection|request)\b|\btext\ (?:them|her|him|the\ \w+)\b", _FLAGS),
    "bad_news": re.compile(r"\b(?:avoiding|avoid|scared\ of|afraid\ of)\ (?:giving\ |telling\ |delivering\ )?(?:me\ )?"
                           r"(?:the\ )?bad\ news\b|\bbad\ news\b.*\?", _FLAGS),
    "emoji": re.compile(r"\bemojis?\b|\bsmiley|\bexclamation\ (?:marks?|points?)\b", _FLAGS),
    "length": re.compile(r"""\bhow\ (?:long|short)\ should\ (?:my|the|it|this|an?)\ ?(?:[\w-]+\ )?(?:email|e-mail|message|note|follow[- ]?up)\ be\b
                           | \bhow\ many\ (?:words|sentences|paragraphs|lines)\b | \bword\ count\b""", _FLAGS),
    "subject": re.compile(r"\bsubject\ (?:line|heading)\b|\bwhat\ (?:should|do)\ i\ put\ (?:in|as)\ the\ subject\b", _FLAGS),
    "accept": re.compile(r"""\b(?:should|do|can|would)\ i\ (?:just\ |still\ )?(?:accept|take|go\ with|sign|say\ yes\ to)
                           \ (?:it|that|this|the|their|them|one)\b
                           |\b(?:accept|take)\ (?:the|their|the\ other|that)\ (?:offer|job|one)\ (?:or|then)\b
                           |\bwalk\ away\ from\b|\bturn\ down\ (?:the|their|this|that)\b|\btake\ the\ (?:other|sure)\b
                           |\bback\ out\b|\brenege?\b|\bwithdraw\ (?:my\ )?accept""", _FLAGS),
    "sign": re.compile(r"\b(?:a\ )?(?:bad|good)\ sign\b|\bred\ flag\b", _FLAGS),
    "salary": re.compile(r"""\b(?:salary|negotiat\w*|compensation|counter[- ]?offer|counter|pay\ (?:range|rate|band)|signing\ bonus
                           |ask\ for\ more\ (?:money|pay|vacation|holiday|holidays|pto|time\ off|leave|days\ off)
                           |(?:more|extra)\ (?:vacation|pto|paid\ time\ off)|relocation\ (?:package|bonus|money))\b""", _FLAGS),
    "recipient": re.compile(r"""\bwho\ (?:do|should)\ i\ (?:send|address|email|write|contact)\b | \b(?:cc|bcc)\b
                              | \bcopy\ (?:in\ )?(?:the\ |my\ )?(?:hr|recruiter|hiring\ manager|manager|her|him|them)\b
                              | \bcopy\ (?:in\ )?(?:the|my|her|his)\ [\w-]+ | \bto\ whom\b | \bbe\ addressed\b
                              | \b(?:send|address)\ it\ to\ (?:whom|who)\b
                              | \b(?:hr|the\ recruiter)\ or\ (?:the\ )?(?:hiring\ )?manager\b""", _FLAGS),
}


def asks(text: str) -> List[Dict[str, Any]]:
    """Return ``request`` and ``what_if`` entities for what the message asks."""
    out: List[Dict[str, Any]] = []
    for kind, pattern in REQUESTS.items():
        match = pattern.search(text)
        if match is not None:
            out.append(found("request", kind, match))
            break
    for kind, pattern in WHAT_IF.items():
        match = pattern.search(text)
        if kind == "next" and len(text.strip()) > 40:  # "what now?" alone, not a question with its story
            continue
        if kind == "mention" and _AN_OFFER.search(text):  # "I have another offer, should I tell them?"
            continue
        if match is not None:
            out.append(found("what_if", kind, match))
            break
    return out
