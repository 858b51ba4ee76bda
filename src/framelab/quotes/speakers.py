"""Speaker phrases: finding them next to a cue, splitting role from name, classifying their kind.
Canonical names and antecedents are ``resolve.py``'s job."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import Lexicon, normalise
from .text import TextView, Token

MAX_SPEAKER_TOKENS = 9
ARABIC_RE = re.compile("[\u0600-\u06ff]")
KINDS = ("person", "organisation", "media", "document", "anonymous")


@dataclass(frozen=True)
class Mention:
    """A speaker mention: the surface phrase, its role part and name part, and its kind."""

    start: int
    end: int
    text: str
    name: str | None = None
    role: str | None = None
    head: str | None = None  # normalised head noun of the role (no article/clitic)
    kind: str = "person"
    pronoun: bool = False
    definite_role: bool = False
    source: str = "rules"  # rules | parse | entity | role_scan

    @property
    def has_name(self) -> bool:
        return bool(self.name)


def is_arabic(token: Token) -> bool:
    return bool(ARABIC_RE.match(token.text))


def strip_prefix(norm: str, lex: Lexicon) -> str:
    """The word without an attached conjunction clitic (و/ف) when what remains is still a word."""
    if not lex.prefixes:
        return norm
    found = lex.stripped.get(norm)
    if found is None:
        if len(lex.stripped) > 300_000:
            lex.stripped.clear()
        found = lex.stripped[norm] = _strip_prefix(norm, lex.prefixes)
    return found


@lru_cache(maxsize=200_000)
def _strip_prefix(norm: str, prefixes: tuple[str, ...]) -> str:
    for prefix in prefixes:
        if norm.startswith(prefix) and len(norm) > len(prefix) + 2:
            return norm[len(prefix) :]
    return norm


def bare(norm: str, lex: Lexicon) -> str:
    """Word without clitic and definite article (Arabic ال), for role-noun comparison."""
    found = lex.bared.get(norm)
    if found is not None:
        return found
    word = strip_prefix(norm, lex)
    for article in lex.definite:
        if len(article) <= 3 and word.startswith(article) and len(word) > len(article) + 2:
            word = word[len(article) :]
            break
    if len(lex.bared) > 300_000:
        lex.bared.clear()
    lex.bared[norm] = word
    return word


def _in(norm: str, words: frozenset[str], lex: Lexicon) -> bool:
    return norm in words or strip_prefix(norm, lex) in words or bare(norm, lex) in words


def has_article(token: Token) -> bool:
    """Arabic definite article ال on the surface (after an optional و/ف/ب/ل clitic)."""
    text = token.text
    return text.startswith("ال") or (len(text) > 3 and text[0] in "وفبل" and text[1:3] == "ال")


def _stem_in(norm: str, words: frozenset[str]) -> bool:
    """Inflected form of a listed noun (эксперта, officials): a listed word + up to 2 letters."""
    if norm in words:
        return True
    return any(norm[:k] in words for k in range(max(3, len(norm) - 2), len(norm)))


def is_cue_word(token: Token, lex: Lexicon) -> bool:
    return token.norm in lex.index or strip_prefix(token.norm, lex) in lex.index


def _arabic_allowed(token: Token, lex: Lexicon) -> bool:
    norm = token.norm
    if norm in lex.stop_words or norm in lex.complementisers or is_cue_word(token, lex):
        return False
    if strip_prefix(norm, lex) in lex.stop_words:  # "وهنا", "فيما"
        return False
    if norm in lex.pronouns:
        return False
    # a conjunction clitic on a role noun starts a new phrase ("ورئيس")
    stripped = strip_prefix(norm, lex)
    return not (stripped != norm and _in(stripped, lex.person_roles, lex))


def _latin_allowed(token: Token, lex: Lexicon) -> bool:
    norm = token.norm
    if norm in lex.stop_words or norm in lex.complementisers:
        return False
    if is_cue_word(token, lex):
        return False
    if token.capitalised:
        return True
    return (
        _stem_in(norm, lex.head_nouns)
        or norm in lex.determiners
        or norm in lex.role_modifiers
        or (norm in lex.connectors)
    )


def allowed_in_phrase(token: Token, lex: Lexicon) -> bool:
    if not token.is_word:
        return False
    return _arabic_allowed(token, lex) if is_arabic(token) else _latin_allowed(token, lex)


def _trim(tokens: list[Token], lex: Lexicon) -> list[Token]:
    edge = lex.connectors | lex.determiners
    while tokens and (tokens[-1].norm in edge or not tokens[-1].is_word):
        tokens = tokens[:-1]
    while tokens and (tokens[0].norm in lex.connectors or not tokens[0].is_word):
        tokens = tokens[1:]
    return tokens


def _abbreviation_dot(view: TextView, j: int, lex: Lexicon) -> bool:
    tok = view.tokens[j]
    return (
        tok.text == "."
        and j > 0
        and view.tokens[j - 1].end == tok.start
        and view.tokens[j - 1].norm in lex.abbreviations
    )


def _bridge(view: TextView, lex: Lexicon, j: int, limit: int) -> int:
    """Lower-case descriptive words between a capitalised word and a name or role
    ("Cambridge cartoonist Andre Campbell"): how many (0-2) may be taken from token ``j``."""
    if lex.capitalised_nouns:
        return 0
    for n in (1, 2):
        k = j + n
        if k >= min(limit, len(view.tokens)):
            return 0
        words = view.tokens[j:k]
        if any(
            not t.is_word
            or is_arabic(t)
            or t.capitalised
            or t.norm in lex.stop_words
            or is_cue_word(t, lex)
            or t.norm in lex.complementisers
            for t in words
        ):
            return 0
        nxt = view.tokens[k]
        if (
            nxt.is_word
            and (nxt.capitalised or _stem_in(nxt.norm, lex.person_roles))
            and allowed_in_phrase(nxt, lex)
        ):
            return n
    return 0


def phrase_forward(view: TextView, lex: Lexicon, i: int, limit: int) -> list[Token]:
    """Speaker phrase starting at token ``i`` (exclusive of ``limit``)."""
    out: list[Token] = []
    j = i
    while j < min(limit, len(view.tokens)) and len(out) < MAX_SPEAKER_TOKENS:
        tok = view.tokens[j]
        if _abbreviation_dot(view, j, lex):
            out.append(tok)
            j += 1
            continue
        if tok.norm.split("'")[0] in lex.pronouns and not out:
            return [tok]
        if not allowed_in_phrase(tok, lex):
            bridge = _bridge(view, lex, j, limit) if out and not is_arabic(tok) else 0
            if not bridge:
                break
            out.extend(view.tokens[j : j + bridge])
            j += bridge
            continue
        out.append(tok)
        j += 1
    return _trim(out, lex)


def phrase_backward(view: TextView, lex: Lexicon, i: int, lower: int) -> list[Token]:
    """Speaker phrase ending just before token ``i`` (not before ``lower``)."""
    out: list[Token] = []
    j = i - 1
    adjective_budget = 2
    while j >= max(lower, 0) and len(out) < MAX_SPEAKER_TOKENS:
        tok = view.tokens[j]
        if _abbreviation_dot(view, j, lex):
            out.insert(0, tok)
            j -= 1
            continue
        if tok.norm.split("'")[0] in lex.pronouns:
            if not out:
                return [tok]
            break
        if allowed_in_phrase(tok, lex):
            out.insert(0, tok)
        elif (
            tok.is_word
            and not is_arabic(tok)
            and adjective_budget > 0
            and any(_stem_in(t.norm, lex.head_nouns) for t in out)
            and tok.norm not in lex.stop_words
            and not is_cue_word(tok, lex)
            and tok.norm not in lex.complementisers
        ):
            out.insert(0, tok)
            adjective_budget -= 1
        else:
            break
        j -= 1
    return _trim(out, lex)


def has_head(tokens: list[Token], lex: Lexicon) -> bool:
    """Whether a phrase can be a speaker: a name, a role/actor noun or a pronoun."""
    for tok in tokens:
        if is_arabic(tok):
            return True
        if tok.capitalised and tok.norm not in lex.determiners and tok.norm not in lex.stop_words:
            return True
        if _stem_in(tok.norm, lex.head_nouns) or tok.norm in lex.pronouns:
            return True
    return False


def _span_text(view: TextView, tokens: list[Token]) -> tuple[int, int, str]:
    start, end = tokens[0].start, tokens[-1].end
    return start, end, view.text[start:end]


def make_mention(
    view: TextView, lex: Lexicon, tokens: list[Token], source: str = "rules"
) -> Mention:
    """A Mention with role/name split and kind for the phrase ``tokens`` (non-empty)."""
    start, end, text = _span_text(view, tokens)
    if len(tokens) == 1 and tokens[0].norm.split("'")[0] in lex.pronouns:
        return Mention(start, end, text, kind="person", pronoun=True, source=source)
    if is_arabic(tokens[0]):
        role_toks, name_toks = _split_arabic(tokens, lex)
    else:
        role_toks, name_toks = _split_latin(tokens, lex)
    name = _join(view, name_toks)
    role = _join(view, role_toks)
    head = _head_noun(role_toks, lex)
    definite = bool(role_toks) and _is_definite(role_toks, lex)
    kind = classify_kind(tokens, name_toks, lex)
    return Mention(
        start,
        end,
        text,
        name=name,
        role=role,
        head=head,
        kind=kind,
        definite_role=definite and not name,
        source=source,
    )


def _join(view: TextView, tokens: list[Token]) -> str | None:
    if not tokens:
        return None
    return view.text[tokens[0].start : tokens[-1].end]


def _split_arabic(tokens: list[Token], lex: Lexicon) -> tuple[list[Token], list[Token]]:
    """Role phrase and name of an Arabic phrase. The name is a run of words the lexicon does not
    know (with name particles, and a family name with ال after a given name or a title): the run
    that opens the phrase (``ديمتري بيسكوف المتحدث باسم الكرملين``), else the last one
    (``المتحدث باسم الخارجية ماثيو ميللر``), never one after a preposition (``سفير روسيا لدى
    لندن``: a place). An indefinite anonymous head (``مصدر مقرب``) has no name."""
    k = 0
    while k < len(tokens) and (
        tokens[k].norm in lex.role_modifiers or tokens[k].norm in lex.partitives
    ):
        k += 1
    if 0 < k < len(tokens) - 1 and tokens[k].norm == normalise("من"):
        k += 1  # "اثنان من المصادر": the quantity and its partitive من are no name
        prefix, (role, name) = tokens[:k], _split_arabic(tokens[k:], lex)
        return prefix + role, name
    if (
        k < len(tokens)
        and _in(tokens[k].norm, lex.anonymous_words, lex)
        and not has_article(tokens[k])
    ):
        return tokens, []
    classes = [word_class(t, lex) for t in tokens]
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        if classes[i] != "name":
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and (
            classes[j] == "name" or tokens[j - 1].norm in lex.name_particles
        ):
            j += 1  # a word after بن/أبو is part of the name even when it is a noun (مساعد)
        patronymic = j - i >= 3 and tokens[j - 2].norm in lex.name_particles
        family = ("definite", "adjective")  # المطيري، العتيبي: nisba family names
        titled = (
            i > 0
            and j - i <= 3
            and (tokens[i - 1].norm in lex.titles or bare(tokens[i - 1].norm, lex) in lex.titles)
        )  # الأمير فيصل سعد الراشد
        if j < len(tokens) and (j - i == 1 or patronymic or titled) and classes[j] in family:
            before = tokens[i - 1].norm if i > 0 else None
            if (
                before is None
                or patronymic
                or before in lex.titles
                or bare(before, lex) in lex.titles
                or classes[i - 1] in ("role", "complement", "adjective")
            ):
                j += 1  # given name + family name (عبدالعزيز المطيري، سامي الحداد)
        runs.append((i, j))
        i = j
    valid = [
        (a, b)
        for a, b in runs
        if a == 0
        or any(t.norm in lex.name_particles for t in tokens[a + 1 : b - 1])  # خالد بن محمد
        or (
            classes[a - 1] not in ("preposition", "preposition_object")
            and not (
                classes[a - 1] == "role"
                and not has_article(tokens[a - 1])
                and tokens[a - 1].norm not in lex.countries  # وزير خارجية روسيا سيرغي لافروف
                and tokens[a - 1].norm not in lex.titles  # د. سامي الحداد
            )
        )
    ]  # not a place after a preposition (لدى لندن) or a construct (مدرب برشلونة)
    if not valid:
        return tokens, []
    a, b = valid[0] if valid[0][0] == 0 else valid[-1]
    possessive = tokens[a].norm.endswith(tuple(lex.pronoun_suffixes)) and len(tokens[a].norm) > 4
    if (a, b) == valid[0] and len(valid) > 1 and b - a == 1 and possessive:
        a, b = valid[-1]  # "زميله ... ماتس هوميلز": a noun with a possessive is no name
    return tokens[:a] + tokens[b:], tokens[a:b]


def _split_latin(tokens: list[Token], lex: Lexicon) -> tuple[list[Token], list[Token]]:
    """Name = the last run of capitalised words that are not role/actor nouns or determiners."""
    runs: list[list[Token]] = []
    current: list[Token] = []
    for pos, tok in enumerate(tokens):
        possessive_modifier = tok.norm.endswith(("'s", "’s")) and pos < len(tokens) - 1
        name_like = (
            not possessive_modifier
            and (
                tok.capitalised
                and tok.norm not in lex.determiners
                and tok.norm not in lex.person_roles
                and tok.norm not in lex.anonymous_words
                and tok.norm not in lex.stop_words
            )
            or (tok.text == "." and current)
        )
        if name_like:
            current.append(tok)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    if not runs:
        return tokens, []
    # a run after "of"/"for"/"at" is an affiliation ("Sen. Jon Tester of Montana")
    first_of = {id(r[0]): r for r in runs}

    def affiliation(run: list[Token]) -> bool:
        pos = tokens.index(run[0])
        if pos > 0 and tokens[pos - 1].norm in lex.connectors:
            return True
        return (
            pos > 1
            and tokens[pos - 1].norm in lex.determiners
            and tokens[pos - 2].norm in lex.connectors
        )

    independent = [r for r in runs if not affiliation(r)]

    # a capitalised word before a lower-case noun is a modifier ("the Cambridge resident",
    # "U.S. justice official"), not a name
    def modifies(run: list[Token]) -> bool:
        after = tokens.index(run[-1]) + 1
        return (
            after < len(tokens)
            and tokens[after].is_word
            and not tokens[after].capitalised
            and (tokens[after].norm not in lex.connectors)
        )

    independent = [r for r in independent if not modifies(r)]
    if not independent:
        return tokens, []
    name = independent[-1]
    del first_of
    while name and name[-1].text == ".":
        name = name[:-1]
    role = [t for t in tokens if t not in name]
    return role, name


def _head_noun(role_toks: list[Token], lex: Lexicon) -> str | None:
    heads = [t for t in role_toks if _in(t.norm, lex.head_nouns, lex)]
    if not heads:
        return None
    pick = heads[0] if is_arabic(heads[0]) else heads[-1]
    return bare(pick.norm, lex)


def _is_definite(role_toks: list[Token], lex: Lexicon) -> bool:
    first = role_toks[0]
    if is_arabic(first):
        k = next((i for i, t in enumerate(role_toks) if _in(t.norm, lex.head_nouns, lex)), 0)
        if strip_prefix(role_toks[k].norm, lex).startswith("ال"):
            return True
        # a construct (وزير الدولة) is definite through the noun that follows its head
        return k + 1 < len(role_toks) and has_article(role_toks[k + 1])
    return first.norm in lex.definite


def classify_kind(tokens: list[Token], name_toks: list[Token], lex: Lexicon) -> str:
    """person | organisation | media | document | anonymous, from the phrase's words (in Arabic,
    the head noun of the role decides, ``صحيفة وول ستريت جورنال`` is media)."""
    norms = [t.norm for t in tokens]
    if name_toks and tokens and is_arabic(tokens[0]):
        role_norms = [t.norm for t in tokens if t not in name_toks]
        head = next((n for n in role_norms if _in(n, lex.head_nouns, lex)), None)
        if head is not None:
            for kind, words in (
                ("media", lex.media_words),
                ("document", lex.document_words),
                ("organisation", lex.organisation_words),
            ):
                if _in(head, words, lex) and not _in(head, lex.person_roles, lex):
                    return kind
        return "person"

    def has(words: frozenset[str]) -> bool:
        return any(_in(n, words, lex) for n in norms)

    name_norms = [t.norm for t in name_toks]
    if name_toks:
        if any(_in(n, lex.media_words, lex) for n in name_norms):
            return "media"
        if all(len(t.text) >= 2 and t.text.isupper() and t.text.isalpha() for t in name_toks):
            return "organisation"  # an acronym: EU, RCMP, UNICEF
        if any(_in(n, lex.organisation_words, lex) for n in name_norms) and not has(
            lex.person_roles
        ):
            return "organisation"
        return "person"
    if has(lex.anonymous_words):
        return "anonymous"
    if has(lex.person_roles):
        return "person"
    if has(lex.media_words):
        return "media"
    if has(lex.document_words):
        return "document"
    if has(lex.organisation_words):
        return "organisation"
    return "person"


def word_class(tok: Token, lex: Lexicon) -> str:
    """stop | role | complement | adjective | definite | preposition | name (memoised per
    surface word: the class depends on the word alone)."""
    found = lex.word_classes.get(tok.text)
    if found is None:
        if len(lex.word_classes) > 300_000:
            lex.word_classes.clear()
        found = lex.word_classes[tok.text] = _word_class(tok, lex)
    return found


def _word_class(tok: Token, lex: Lexicon) -> str:
    if not tok.is_word:
        return "stop"
    norm = tok.norm
    stripped = strip_prefix(norm, lex)
    if (
        norm in lex.stop_words
        or stripped in lex.stop_words
        or norm in lex.time_stop_words
        or bare(norm, lex) in lex.time_stop_words
        or norm in lex.complementisers
        or norm in lex.pronouns
        or norm in lex.negators
        or norm in lex.relative_pronouns
        or is_cue_word(tok, lex)
    ) and not _maqsura_name(tok, lex):
        return "stop"
    if stripped != norm and _in(stripped, lex.person_roles, lex):
        return "stop"  # "ورئيس": a conjunction clitic on a role noun starts a new phrase
    if (
        len(norm) <= 4
        and norm[:1] in lex.prefixes
        and (norm[1:] in lex.stop_words or norm[1:] in lex.connectors)
    ):
        return "stop"  # "ومن"، "وفي": a short function word with a conjunction clitic
    if norm in lex.name_particles:
        return "name"
    if norm in lex.connectors:
        return "preposition"
    if norm in lex.countries and has_article(tok) and bare(norm, lex).endswith(("ية",)):
        return "adjective"  # السعودية: also the adjective (الحكومة السعودية)
    if _in(norm, lex.head_nouns, lex) or norm in lex.honorifics:
        return "role"
    if norm in lex.role_complements or bare(norm, lex) in lex.role_complements:
        return "complement"
    if _affiliation(tok, lex):
        return "preposition_object"  # "الممثل البريطاني بالمنظمة": ب/ل + an institution noun
    if has_article(tok):
        word = bare(norm, lex)
        if len(word) >= 4 and word.endswith(lex.adjective_suffixes):
            return "adjective"
        return "definite"
    if len(tok.text) > 3 and tok.text[0] in "بل" and has_article_after(tok):
        return "preposition_object"  # للأنباء، بالحكومة
    if (
        len(norm) > 3
        and norm[0] in "بل"
        and (_in(norm[1:], lex.head_nouns, lex) or norm[1:] in lex.role_complements)
    ):
        return "preposition_object"  # لشبكة، بوكالة: a preposition on a known noun
    return "name"


def _affiliation(tok: Token, lex: Lexicon) -> bool:
    """ب/ل + ال + an organisation noun (بالمنظمة، للوزارة): the speaker's institution."""
    text = tok.norm
    if len(text) <= 5 or text[0] not in "بل" or not has_article_after(tok):
        return False
    word = text[3:] if text[1:3] == "ال" else text[2:]
    return word in lex.organisation_words


def has_article_after(tok: Token) -> bool:
    """ب/ل + ال (``بالحكومة``, ``للأنباء``: the lam of the article is merged)."""
    text = tok.text
    return text[1:3] == "ال" or (text[0] == "ل" and text[1:2] == "ل")


def _maqsura_name(tok: Token, lex: Lexicon) -> bool:
    """A word written with ya (the name علي) that matched a stop word listed with alef maqsura
    (the preposition على): matching folds ى into ي, the surface does not."""
    return tok.text.endswith("ي") and tok.norm in lex.maqsura_stop_words
