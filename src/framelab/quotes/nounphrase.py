"""Speaker noun phrases in scripts without capitals (Arabic): where a phrase ends, appositions,
and names already seen in the article.

Without capital letters, a name is a run of words the actor lexicon does not know. The phrase
grammar is definiteness (data: ``definite``, ``adjective_suffixes``): after an indefinite role
noun an ال-word continues the construct (``وزير الخارجية``); after a definite word, a name or a
prepositional phrase only a relational adjective (``الأمريكية``), a role complement or another
role noun continues it, so the verb's object does not join the subject (``ووصف مسؤول بطالبان
المحادثات``). Time words, stop words, cue words and complementisers end a phrase; a hashtag mark
is skipped (``#الحكومة_البريطانية``). A name known from elsewhere in the article ends where the
known name ends (``ووصفت ماي محاولة ...`` once ``تيريزا ماي`` was seen).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .lexicon import Lexicon, normalise
from .speakers import _in, bare, has_article, is_cue_word, strip_prefix, word_class
from .text import TextView, Token

MAX_NP_TOKENS = 24
MAX_NAME_TOKENS = 5
COMMAS = frozenset({"،", ","})


@dataclass
class KnownNames:
    """Multi-word names seen in the article (normalised tokens)."""

    members: set[str] = field(default_factory=set)
    last_tokens: set[str] = field(default_factory=set)

    def add(self, name: str | None) -> None:
        words = [normalise(w) for w in (name or "").split() if w]
        if len(words) < 2:
            return
        self.members.update(words)
        self.last_tokens.add(words[-1])

    def extend(self, names: Iterable[str | None]) -> None:
        for name in names:
            self.add(name)


def np_forward(
    view: TextView,
    lex: Lexicon,
    i: int,
    limit: int,
    names: KnownNames | None = None,
    *,
    stop_prefixes: tuple[str, ...] = (),
    family_names: bool = True,
) -> list[Token]:
    """The noun phrase starting at token ``i`` (before ``limit``); hashtag marks skipped.

    ``stop_prefixes``: a word the lexicon does not know that starts with one of these (the
    preposition ب of ``وعد بنشر``) ends the phrase, unless it is part of a known name or a
    complementiser follows it (``وتعهد بوتن بأن``). ``family_names``: a definite word may follow
    a given name after a role (``المتحدث ... محمد الكايد``); off after verbs that take an object,
    whose object would otherwise join the subject."""
    tokens = view.tokens
    end = min(limit, len(tokens))
    out: list[Token] = []
    classes: list[str] = []
    name_run = 0
    j = i
    while j < end and len(out) < MAX_NP_TOKENS:
        tok = tokens[j]
        if tok.text in lex.hashtag_marks and j + 1 < end and tokens[j + 1].start == tok.end:
            j += 1
            continue
        if tok.text == "." and out and out[-1].norm in lex.abbreviations and j + 1 < end:
            j += 1  # "م. عصام": the period of a one-letter title
            continue
        cls = word_class(tok, lex)
        if cls == "stop" and out and out[-1].norm in lex.name_particles and tok.is_word:
            cls = "name"  # "عبد الله": whatever follows a name particle is part of the name
        if (
            cls == "name"
            and out
            and classes[-1] == "preposition"
            and tok.norm.endswith(tuple(lex.pronoun_suffixes))
        ):
            break  # "في خطبته": a noun with a possessive after a preposition, an adjunct
        if cls == "stop" and out and classes[-1] != "name" and _conjoined_role(tok, lex):
            cls = "role"  # "رئيس اللجنة ... ومدير الصندوق الدكتور ...": one person, two roles
        if (
            cls == "definite"
            and out
            and "name" not in classes
            and classes[-1] in ("role", "complement", "adjective")
            and strip_prefix(tok.norm, lex) != tok.norm
        ):
            cls = "complement"  # "وزير الشؤون الخارجية والتعاون الدولي": a coordinated domain
        if cls == "stop" and partitive_of(out, tok, lex):
            cls = "preposition"  # "اثنان من المصادر": a quantity and its partitive من
        if cls == "stop" or (not out and cls in ("preposition", "preposition_object")):
            break
        if (
            cls == "name"
            and stop_prefixes
            and _prefixed_content(tokens, j, stop_prefixes, names, lex)
        ):
            break
        if out and classes[-1] == "preposition" and cls == "role" and _document(tok, lex):
            break  # "في بيان": an adjunct, not part of the speaker
        if out and foreign_addressee(tok) and not _document(out[-1], lex):
            break  # "قال الوزير لـCNN": the addressee, not part of the speaker
        if out and media_addressee(tok, lex) and _tells(out[-1], classes[-1], lex):
            break  # "مصدر أمني لرويترز": whom the speaker told (not "مراسل لوكالة")
        if out and not _continues(classes, cls, name_run, out, tok, names, lex, family_names):
            break
        out.append(tok)
        classes.append(cls)
        name_run = name_run + 1 if cls == "name" else 0
        j += 1
    while out and (
        word_class(out[-1], lex) == "preposition" or out[-1].norm == PARTITIVE_PREPOSITION
    ):
        out.pop()
    while (
        len(out) > 1
        and classes[len(out) - 1] == "preposition_object"
        and (classes[len(out) - 2] in ("name", "definite"))
    ):
        out.pop()  # "سامي الحداد للصحفيين": an addressee after the name
    return out


def _continues(
    classes: list[str],
    cls: str,
    name_run: int,
    out: list[Token],
    tok: Token,
    names: KnownNames | None,
    lex: Lexicon,
    family_names: bool = True,
) -> bool:
    prev = classes[-1]
    if (
        cls == "role"
        and not has_article(tok)
        and strip_prefix(tok.norm, lex) == tok.norm
        and has_article(out[-1])
        and prev in ("role", "definite", "adjective")
        and tok.norm not in lex.titles
        and tok.norm not in lex.honorifics
        and tok.norm not in lex.role_complements
        and not _in(tok.norm, lex.person_roles, lex)
    ):
        return False  # "كتب الوزير رسالة": an indefinite noun after a definite one, the object
    if (
        cls == "role"
        and has_article(tok)
        and has_article(out[-1])
        and prev in ("role", "definite", "adjective")
        and tok.norm not in lex.titles
        and tok.norm not in lex.role_complements
    ):
        return False  # "ووصف المتحدث القرار": two definite nouns, the second is the object
    if cls in ("role", "complement", "adjective", "preposition", "preposition_object"):
        return True
    if cls == "definite":
        # idafa after an indefinite role noun; a connector's object; a family name after a
        # given name that opens the phrase or follows a title (الدكتور عبدالعزيز المطيري); not
        # after a definite word or a prepositional phrase (that is the verb's object)
        if prev in ("preposition", "preposition_object") or (
            prev in ("role", "complement") and not has_article(out[-1])
        ):
            return True  # وزير الخارجية، لدى الاتحاد، بيان لوزارة الصحة
        if names is not None and name_run and out[-1].norm in names.last_tokens:
            return tok.norm in names.members  # "وفتح راموس النار": a known name ends here
        patronymic = name_run >= 3 and out[-2].norm in lex.name_particles
        opener = out[-name_run - 1] if prev == "name" and len(out) > name_run else None
        titled = opener is not None and name_run <= 3 and _title(opener, lex)
        if prev == "name" and (name_run == 1 or patronymic or titled):
            # a family name after a given name or a patronymic (حمد بن محمد الضويلع)
            before = out[-name_run - 1] if len(out) > name_run else None
            if before is None or before.norm in lex.titles or bare(before.norm, lex) in lex.titles:
                return True
            if patronymic:
                return family_names
            return family_names and classes[-name_run - 1] in ("role", "complement", "adjective")
        return False
    # a name word
    if name_run >= MAX_NAME_TOKENS:
        return False
    if prev == "role" and out[-1].norm in lex.countries and len(out) == 1:
        return names is not None and tok.norm in names.members  # "وتواصل إيران تطوير"
    if (
        prev == "role"
        and has_article(out[-1])
        and not any(_in(t.norm, lex.person_roles, lex) for t in out)
        and not (names is not None and tok.norm in names.members)
    ):
        return False  # "ونشرت اللجنة تقريرها": after a definite institution, the object
    if names is not None and name_run and out[-1].norm in names.last_tokens:
        return tok.norm in names.members
    return True


PARTITIVE_PREPOSITION = normalise("من")


def partitive_of(out: list[Token], tok: Token, lex: Lexicon) -> bool:
    """``tok`` is the من after a phrase made only of quantity words (اثنان، عدد، أحد)."""
    return (
        tok.norm == PARTITIVE_PREPOSITION
        and bool(out)
        and all(t.norm in lex.partitives or t.norm in lex.role_modifiers for t in out)
    )


def foreign_addressee(tok: Token) -> bool:
    """لـ + a word (لـCNN، لـ"الحياة"): the preposition held apart by a tatweel or glued to Latin
    letters introduces an addressee or a channel."""
    text = tok.text
    return text.startswith("ل") and len(text) > 1 and (text[1] == "ـ" or text[1].isascii())


def media_addressee(tok: Token, lex: Lexicon) -> bool:
    """ل + a medium (لرويترز، لوكالة): after a speaker phrase, whom the speaker told."""
    return tok.norm.startswith("ل") and _in(tok.norm[1:], lex.media_words, lex)


def _title(tok: Token, lex: Lexicon) -> bool:
    return tok.norm in lex.titles or bare(tok.norm, lex) in lex.titles


def _tells(last: Token, last_class: str, lex: Lexicon) -> bool:
    """A phrase ending in ``last`` is complete before ل + a medium: a name, an adjective or an
    anonymous source (مصدر، مسؤول), not a role that the medium completes (مراسل لوكالة)."""
    if last_class in ("name", "definite", "adjective"):
        return True
    return _in(last.norm, lex.anonymous_words, lex)


def _conjoined_role(tok: Token, lex: Lexicon) -> bool:
    stripped = strip_prefix(tok.norm, lex)
    return stripped != tok.norm and _in(stripped, lex.person_roles, lex)


def _document(tok: Token, lex: Lexicon) -> bool:
    return _in(tok.norm, lex.document_words, lex) and not has_article(tok)


def _prefixed_content(
    tokens: list[Token], j: int, prefixes: tuple[str, ...], names: KnownNames | None, lex: Lexicon
) -> bool:
    tok = tokens[j]
    if not tok.text.startswith(prefixes) or len(tok.text) <= 3:
        return False
    if names is not None and tok.norm in names.members:
        return False
    nxt = tokens[j + 1] if j + 1 < len(tokens) else None
    return nxt is None or nxt.norm not in lex.complementisers


def apposition_name(
    view: TextView,
    lex: Lexicon,
    after: int,
    limit: int,
    names: KnownNames | None = None,
    closers: frozenset[str] = frozenset(),
) -> list[Token] | None:
    """'ROLE، NAME،': the name phrase after the comma at token ``after`` when it is a name (no
    role noun, no definite word but a family name) closed by a comma, a complementiser, a cue,
    a time word, one of ``closers`` (the verb's prepositions) or the limit; None otherwise."""
    tokens = view.tokens
    if after >= min(limit, len(tokens)) or tokens[after].text not in COMMAS:
        return None
    phrase = np_forward(view, lex, after + 1, limit, names)
    if not phrase or len(phrase) > MAX_NAME_TOKENS:
        return None
    if strip_prefix(phrase[0].norm, lex) != phrase[0].norm:
        return None  # "، وسمو نائبه": a coordinated phrase, not an apposition
    if any(word_class(t, lex) in ("role", "complement", "preposition") for t in phrase):
        return None
    classes = [word_class(t, lex) for t in phrase]
    if classes[0] == "definite" or classes.count("definite") > 1:
        return None
    nxt = phrase[-1].index + 1
    if nxt < len(tokens) and nxt < limit:
        follow = tokens[nxt]
        if not (
            follow.text in COMMAS
            or follow.norm in lex.complementisers
            or is_cue_word(follow, lex)
            or follow.norm in lex.time_stop_words
            or follow.norm in closers
        ):
            return None
    return phrase
