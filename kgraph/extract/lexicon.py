"""Word lists the extractors share: general English for posts, bodies, permits and calls.

Everything here is lower case; multi-word entries are matched token by token.
"""

from __future__ import annotations

#: Nouns that head a post a person holds ("Deputy *Minister* of ...").
TITLE_HEADS = frozenset(
    """
    minister ministers president vice-president premier chancellor governor mayor king queen
    prince emir sultan chairperson chairman chairwoman chair chairperson-in-office co-chair
    director director-general directors ceo cfo coo cto chief executive head secretary
    secretary-general undersecretary under-secretary commissioner envoy ambassador
    administrator adviser advisor representative coordinator co-ordinator manager officer
    president-elect founder co-founder partner chief-executive leader deputy-minister
    senator spokesperson spokesman spokeswoman spokespeople spokespersons spokesmen
    negotiator rapporteur superintendent executive principal dean rector
    """.split()
)

#: Posts that make a person speak for a body: ``spokesperson_for`` rather than ``holds_position``.
SPOKES_HEADS = frozenset(
    "spokesperson spokesman spokeswoman spokespeople spokespersons spokesmen".split()
)
#: Two-word spokes titles: (modifier, head).
SPOKES_PAIRS = frozenset(
    {
        ("press", "secretary"),
        ("official", "representative"),
        ("press", "officer"),
        ("press", "attache"),
        ("press", "spokesperson"),
    }
)

#: Words that modify a post without naming the body ("*Acting* Chairperson", "*First Vice* ...").
TITLE_MODIFIERS = frozenset(
    """
    acting deputy first second vice senior junior chief principal special presidential
    executive managing general interim associate assistant lead co permanent prime state
    top-level high regional national international founding honorary
    """.split()
)

#: Words that make a post an epithet, not a title ("*top* diplomat", "*leading* negotiator").
EPITHETS = frozenset("top leading veteran prominent noted celebrated".split())
#: A post held no longer is not a fact of holds_position.
PAST_MARKERS = frozenset("former ex then late previous erstwhile onetime one-time".split())

#: Courtesy words before a name; never part of the name or the post.
HONORIFICS = frozenset(
    """
    mr mr. mrs mrs. ms ms. dr dr. sir dame lord lady baroness baron prof prof. professor
    sheikh h.e. excellency his her madam monsieur
    """.split()
)

#: Heads of state and government: "President X" ties to the one country in the sentence.
STATE_TITLES = frozenset("president premier chancellor king queen emir sultan".split())
#: Posts inside a company: "CEO X" ties to the one company of the article.
COMPANY_TITLES = frozenset(
    """
    ceo cfo coo cto chairman chairwoman chairperson founder co-founder executive director
    managing manager
    """.split()
)
#: Legal forms as companies write them, case and all ("AS" is a company, "as" is not).
LEGAL_FORMS = frozenset(
    """
    AS ASA AB AG SA S.A. S.A NV N.V. BV B.V. Ltd Ltd. LLC LLP Inc Inc. Corp Corp. GmbH plc PLC
    JSC PJSC OJSC SpA S.p.A. Oyj Pte JV Limited
    """.split()
)

#: Words that make a name a government body.
GOVERNMENT_WORDS = frozenset(
    """
    ministry ministries department agency authority commission government council parliament
    kremlin senate congress secretariat administration inspectorate directorate bureau
    cabinet presidency embassy office court regulator committee assembly duma majlis
    """.split()
)
#: Words that make a name an organization (not a company, not a government body).
ORGANIZATION_WORDS = frozenset(
    """
    union centre center association institute institution foundation fund forum organization
    organisation alliance federation network coalition programme program bank society
    partnership initiative chamber consortium university academy league movement party
    """.split()
)
#: Last tokens that make a name a company ("... LLP", "... GmbH").
COMPANY_SUFFIXES = frozenset(
    """
    llp llc jsc pjsc ojsc ltd ltd. limited plc inc inc. corp corp. corporation co co. company
    gmbh ag sa s.a. asa nv n.v. bv b.v. ab oyj spa s.p.a. jv group holdings holding pte
    """.split()
)
#: Weaker last tokens of company names ("MC *Mining*"), checked after the body words.
SECTOR_SUFFIXES = frozenset(
    """
    storage transport grid networks holdings energy mining resources petroleum oil gas power
    services hydrogen steel carbon solar wind renewables chemicals metals minerals lithium
    uranium cement capital partners technologies
    industries motors airlines shipping logistics utilities biofuels geothermal nuclear
    """.split()
)
#: Acronyms of things, not names: an "LNG plant" is no named facility.
COMMODITY_ACRONYMS = frozenset("LNG LPG CNG CO2 CCS CCUS EV PV GW MW TWh HVDC CCGT".split())
#: Heads of facility names ("Kazakh aluminum *smelter*").
FACILITY_WORDS = frozenset(
    """
    smelter plant refinery mine colliery station factory terminal mill facility works
    field well wells pipeline farm dam reactor hub site deposit project complex
    """.split()
)

#: Nouns naming an authorization.
PERMIT_NOUNS = frozenset(
    """
    permit permits licence licences license licenses authorisation authorisations
    authorization authorizations approval approvals consent consents certificate
    certificates permission clearance concession concessions rights right go-ahead
    """.split()
)
#: Verbs whose subject comes to hold the permit ("X *received* a permit").
ACQUIRE_VERBS = frozenset("receive obtain secure win get gain hold acquire land bag".split())
#: Verbs whose indirect object or "to" object comes to hold it ("issued the permit *to* X").
GRANT_VERBS = frozenset("grant issue award give approve hand".split())
#: Verbs that show the permit is wanted, not held.
NOT_HELD_VERBS = frozenset(
    """
    apply seek request await need require refuse deny revoke suspend cancel challenge appeal
    reject withdraw contest lose expect hope plan aim want intend try wait prepare submit
    """.split()
)
#: Subordinators that make a clause conditional or future ("*once* they receive ...").
CONDITIONAL_MARKS = frozenset("once if when unless until before whether after".split())
#: Modal auxiliaries that make an act intended, not done.
MODALS = frozenset("will would shall should could may might must can 'll wo ca".split())

#: Verbs of calling: (lemma, prepositions that introduce the object or addressee).
CALL_VERBS = frozenset(
    """
    call urge demand appeal press push advocate propose insist ask plead lobby campaign
    """.split()
)
#: Verbs whose bare direct object is the action itself ("*proposed* a carbon tax").
CALL_DOBJ_IS_ACTION = frozenset("demand propose advocate urge request".split())
#: Verbs that need a preposition to be a call ("press *for*", "push *for*").
CALL_NEEDS_PREP = {
    "call": {"on", "upon", "for"},
    "appeal": {"for", "to", "on"},
    "press": {"for"},
    "push": {"for"},
    "plead": {"for"},
    "lobby": {"for"},
    "campaign": {"for"},
    "ask": {"for"},
    "insist": {"on", "upon"},
}

#: Verbs of saying, for quote attribution.
SPEECH_VERBS = frozenset(
    """
    say tell add state note stress explain announce declare emphasize emphasise underline
    underscore warn insist argue write tweet remark comment reiterate conclude observe
    point highlight quote
    """.split()
)

#: Words of a portfolio, not a body ("Minister *for Foreign Affairs* of Finland").
PORTFOLIO_WORDS = frozenset(
    """
    affairs foreign environment environmental ecology climate energy finance economy economic
    trade development natural resources industry health education defence defense interior
    justice agriculture water transport infrastructure labour labor social science technology
    innovation digital culture tourism sport youth home internal external international
    cooperation co-operation activities change forest forests fisheries mines mining power
    geology planning security sustainable sustainability green investment investments
    relations protection action policy and & , - the of for
    """.split()
)

#: Definite descriptions that point back to a named entity of some class ("the ministry").
BACKREF_NOUNS = frozenset(
    """
    company firm group corporation ministry agency department commission government
    organisation organization union centre center authority regulator operator producer
    miner developer owner utility smelter plant refinery mine operator kremlin
    """.split()
)

#: Verbs of intent: a call under one is not made yet ("*plans* to urge ...").
INTENT_HEADS = frozenset(
    "plan want hope hop intend expect aim go seek try wish need prepare promise vow".split()
)

#: Plural nouns that name addressees, never actions ("urged *governments* to ...").
AGENT_NOUNS = frozenset(
    """
    governments countries nations states leaders companies parties members lenders banks
    donors investors citizens people authorities officials ministers producers businesses
    """.split()
)

#: Nouns of approval that lead to the permit they grant ("won *approval* for well permits").
APPROVALS = frozenset("approval approvals consent go-ahead permission".split())

#: Generic holders that name no one ("*companies* need a permit").
GENERIC_HEADS = frozenset("companies firms enterprises corporations operators they".split())

#: Parts of a body that stand for it: "the IEA's oil markets *division*" is the IEA.
UNIT_WORDS = frozenset("division unit team arm branch desk programme program section".split())

#: Pronouns that point back to a person.
PRONOUNS = frozenset("he she him her his hers".split())

#: The subset of BACKREF_NOUNS that points back to a company ("*the company*").
COMPANY_BACKREFS = frozenset(
    "company firm group corporation operator producer miner developer owner utility".split()
)

#: Capitalised words of captions and credits the model may take for a name.
NOT_NAMES = frozenset("photo file credit image video pictured reports said says".split())
