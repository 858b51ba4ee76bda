"""Cue lexicons and actor vocabularies per language, loaded from YAML data files.

Packaged files live in ``framelab/resources/quotes/`` (``cues_<lang>.yaml``, ``actors_<lang>.yaml``,
``marks.yaml``). A user folder (the ``cue_lexicon`` parameter) may hold files of the same names;
they are merged over the packaged ones: lists are extended, cue entries with the same lemma are
replaced, scalars are overridden. Unknown languages get an empty lexicon (only quote marks work).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError
from ..resources import resource_path
from ..text.arabic import QUOTES_GROUPS, folding
from .paradigms import NO_FEATURES, Features, expand_entry, parse_paradigm

PACKAGED = "quotes"

_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ALEF = str.maketrans(folding(*QUOTES_GROUPS))


@lru_cache(maxsize=200_000)
def normalise(word: str) -> str:
    """Matching key of a word: case-folded, diacritics/tatweel removed, alef variants unified."""
    word = _ARABIC_MARKS.sub("", word).translate(_ALEF).casefold()
    word = word.replace("’", "'")
    return word if word.isascii() else unicodedata.normalize("NFC", word)


@dataclass(frozen=True)
class CueEntry:
    """One reporting verb or phrase."""

    lemma: str
    cue_class: str
    forms: tuple[tuple[str, ...], ...]
    takes_object: bool = False
    requires_marks: bool = False
    tail_only: bool = False
    according_to: bool = False
    postposition: bool = False
    bare_clause: bool = True  # may take a clause without complementiser ("said he would")
    nominal: bool = False  # a noun complement is reported content (extended scope: نفى وجود)
    homograph: bool = False  # undiacritised form is also a common non-verb (بين "between")
    relay: bool = False  # "X relayed from Y": the speaker follows the preposition (نقل ... عن)
    complement_prepositions: tuple[str, ...] = ()  # a word with this prefix opens the content
    features: tuple[Features, ...] = ()  # per form, parallel to ``forms``

    def features_of(self, form: tuple[str, ...]) -> Features:
        try:
            return self.features[self.forms.index(form)]
        except (ValueError, IndexError):
            return NO_FEATURES


@dataclass(frozen=True)
class CueForm:
    """One surface form of a cue (normalised tokens) with its entry and features."""

    tokens: tuple[str, ...]
    entry: CueEntry
    features: Features = NO_FEATURES


@dataclass
class Lexicon:
    """Everything the rules know about one language."""

    language: str
    word_order: str = "subject_first"
    prefixes: tuple[str, ...] = ()
    include_complementiser: bool = False
    comma_complement: bool = False
    capitalised_nouns: bool = False  # German: capitals do not mark names
    complementisers: frozenset[str] = frozenset()
    cues: list[CueEntry] = field(default_factory=list)
    pronoun_suffixes: frozenset[str] = frozenset()
    auxiliaries: frozenset[str] = frozenset()
    adverbial_words: frozenset[str] = frozenset()
    non_clause_starts: frozenset[str] = frozenset()
    clause_starts: frozenset[str] = frozenset()
    object_pronouns: frozenset[str] = frozenset()
    subject_pronouns: frozenset[str] = frozenset()
    prepositions: frozenset[str] = frozenset()
    time_words: frozenset[str] = frozenset()
    time_modifiers: frozenset[str] = frozenset()
    finite_markers: frozenset[str] = frozenset()
    relative_pronouns: frozenset[str] = frozenset()
    particles: frozenset[str] = frozenset()
    coordinators: frozenset[str] = frozenset()
    reportive_markers: frozenset[str] = frozenset()
    skip_after_cue: frozenset[str] = frozenset()
    abbreviations: frozenset[str] = frozenset()
    pronouns: frozenset[str] = frozenset()
    determiners: frozenset[str] = frozenset()
    connectors: frozenset[str] = frozenset()
    stop_words: frozenset[str] = frozenset()
    definite: tuple[str, ...] = ()
    role_complements: frozenset[str] = frozenset()
    person_roles: frozenset[str] = frozenset()
    generic_roles: frozenset[str] = frozenset()
    organisation_words: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()  # روسيا، الكويت: organisations, feminine by default
    capitals: dict[str, str] = field(default_factory=dict)  # طهران -> إيران (canonical name)
    media_words: frozenset[str] = frozenset()
    document_words: frozenset[str] = frozenset()
    anonymous_words: frozenset[str] = frozenset()
    role_modifiers: frozenset[str] = frozenset()
    partitives: frozenset[str] = frozenset()  # اثنان، عدد: take a partitive من (عدد من النواب)
    negators: frozenset[str] = frozenset()  # لم، لن: a negated cue reports nothing
    background_cues: frozenset[str] = frozenset()  # يذكر أن: journalistic formulas, no source
    non_sources: frozenset[str] = frozenset()  # وفقا للنتائج: data, laws, plans are not sources
    channel_verbs: frozenset[str] = frozenset()  # بحسب ما نقلته: verbs after an according-to
    time_stop_words: frozenset[str] = frozenset()  # weekdays, months: end a speaker phrase
    adjective_suffixes: tuple[str, ...] = ()  # Arabic nisba endings: الأمريكية continues a phrase
    feminine_suffixes: tuple[str, ...] = ()  # gender of a head noun (رئيسة)
    plural_suffixes: tuple[str, ...] = ()
    plural_words: frozenset[str] = frozenset()  # broken plurals (مصادر، خبراء)
    masculine_organisations: frozenset[str] = frozenset()  # الجيش، البيت: agree with قال
    honorifics: frozenset[str] = frozenset()  # سمو، سموه: a title that stands for the person
    titles: frozenset[str] = frozenset()  # الدكتور، الشيخ: right before a name
    name_particles: frozenset[str] = frozenset()  # بن، آل، أبو: words inside a personal name
    attached_particles: frozenset[str] = frozenset()  # أبو زيد = أبوزيد, عبد الله = عبدالله
    maqsura_stop_words: frozenset[str] = frozenset()  # stop words listed with ى only (على)
    hashtag_marks: frozenset[str] = frozenset()  # "#" before a word in a speaker phrase
    subject_markers: frozenset[str] = frozenset()  # كان، أما: the subject precedes the cue
    headline_markers: frozenset[str] = frozenset()  # اقرأ، قد يهمك: a related-link line
    clause_links: frozenset[str] = frozenset()  # إذ، ثم: a cue after them starts a new clause
    # derived: first normalised token of every form -> the forms starting with it
    index: dict[str, list[CueForm]] = field(default_factory=dict)
    word_classes: dict[str, str] = field(default_factory=dict, repr=False)  # memo of word_class
    stripped: dict[str, str] = field(default_factory=dict, repr=False)  # memo of strip_prefix
    bared: dict[str, str] = field(default_factory=dict, repr=False)  # memo of bare
    wildcard_index: list[CueForm] = field(default_factory=list)

    @cached_property
    def head_nouns(self) -> frozenset[str]:
        """Nouns that can head a speaker phrase."""
        return (
            self.person_roles
            | self.organisation_words
            | self.media_words
            | self.document_words
            | self.anonymous_words
        )

    def build_index(self) -> None:
        self.index = {}
        self.wildcard_index = []
        for entry in self.cues:
            for form, feats in zip(entry.forms, entry.features, strict=True):
                if not form:
                    continue
                item = CueForm(form, entry, feats)
                if form[0].endswith("*"):
                    self.wildcard_index.append(item)
                else:
                    self.index.setdefault(form[0], []).append(item)
        for bucket in self.index.values():
            bucket.sort(key=lambda item: -len(item.tokens))


def _words(values: Any) -> frozenset[str]:
    return frozenset(normalise(str(v)) for v in (values or []))


def _countries(actors: dict[str, Any]) -> frozenset[str]:
    """Countries and the capitals that stand for them (both are actors)."""
    return _words(actors.get("countries")) | _words(list(actors.get("capitals") or {}))


def _hosted_pronouns(cues: dict[str, Any]) -> frozenset[str]:
    """Every ``pronoun_hosts`` word with every pronoun suffix (خلال + ها -> خلالها)."""
    hosts = [str(h) for h in cues.get("pronoun_hosts") or []]
    suffixes = [str(s) for s in cues.get("pronoun_suffixes") or []]
    return frozenset(normalise(h + s) for h in hosts for s in suffixes)


def _maqsura_only(values: Any) -> frozenset[str]:
    """Normalised words listed with a final alef maqsura (على) and not also with a final ya."""
    raw = [str(v) for v in values or []]
    with_ya = {normalise(v) for v in raw if v.endswith("ي")}
    return frozenset(normalise(v) for v in raw if v.endswith("ى")) - with_ya


def _suffixes(values: Any) -> tuple[str, ...]:
    """Normalised suffixes, longest first."""
    return tuple(sorted({normalise(str(v)) for v in values or []}, key=len, reverse=True))


def _entries(
    raw: list[dict[str, Any]], *, according: bool, morphology: dict[str, Any] | None = None
) -> list[CueEntry]:
    """Cue entries with their surface forms: listed forms plus the paradigm of their stems; a
    governed preposition (``prepositions``) gives a second, longer form (``أشار إلى``), the only
    one when ``bare`` is false (``عبر عن``: bare ``عبر`` is the preposition "via")."""
    morphology = morphology or {}
    paradigm = parse_paradigm(morphology.get("paradigm"))
    out = []
    for item in raw or []:
        expanded = expand_entry(
            item,
            paradigm,
            object_clitics=morphology.get("object_clitics") or (),
            noun_clitics=morphology.get("noun_clitics") or (),
            drop_before_clitic=morphology.get("drop_before_clitic") or (),
        )
        preps = [str(p) for p in item.get("prepositions") or []]
        keep_bare = bool(item.get("bare", True)) or not preps
        forms: dict[tuple[str, ...], Features] = {}
        for surface, feats in expanded:
            tokens = tuple(normalise(t) for t in surface.split())
            if keep_bare or feats.tense is None:
                forms.setdefault(tokens, feats)
            if feats.tense in ("past", "present", "participle"):
                for prep in preps:
                    forms.setdefault((*tokens, normalise(prep)), feats)
        out.append(
            CueEntry(
                lemma=str(item["lemma"]),
                cue_class="source" if according else str(item.get("class", "neutral")),
                forms=tuple(forms),
                takes_object=bool(item.get("object", False)),
                requires_marks=bool(item.get("requires_marks", False)),
                tail_only=bool(item.get("tail_only", False)),
                according_to=according,
                postposition=bool(item.get("postposition", False)),
                bare_clause=bool(item.get("bare_clause", True)),
                nominal=bool(item.get("nominal", False)),
                homograph=bool(item.get("homograph", False)),
                relay=bool(item.get("relay", False)),
                complement_prepositions=tuple(
                    normalise(str(p)) for p in item.get("complement_prepositions") or []
                ),
                features=tuple(forms.values()),
            )
        )
    return out


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Merge a user's YAML over a packaged one (lists extended, cues replaced by lemma)."""
    merged = dict(base)
    for key, value in extra.items():
        old = merged.get(key)
        if key in {"cues", "according_to"} and isinstance(value, list):
            lemmas = {str(v.get("lemma")) for v in value if isinstance(v, dict)}
            merged[key] = [v for v in (old or []) if str(v.get("lemma")) not in lemmas] + value
        elif isinstance(old, dict) and isinstance(value, dict):
            merged[key] = _merge(old, value)
        elif isinstance(old, list) and isinstance(value, list):
            merged[key] = old + [v for v in value if v not in old]
        else:
            merged[key] = value
    return merged


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as err:
        raise InputError(str(path), f"not valid YAML ({err})") from None
    if not isinstance(data, dict):
        raise InputError(str(path), "expected a YAML mapping")
    return data


def _load_layered(name: str, user_dir: str | None) -> dict[str, Any]:
    packaged = resource_path(PACKAGED, name)
    data = _read_yaml(packaged) if packaged.is_file() else {}
    if user_dir:
        folder = Path(user_dir)
        if not folder.is_dir():
            raise InputError(str(folder), "cue_lexicon must be a folder of cues_<lang>.yaml files")
        user = folder / name
        if user.is_file():
            data = _merge(data, _read_yaml(user))
    return data


@lru_cache(maxsize=64)
def load_lexicon(language: str | None, user_dir: str | None = None) -> Lexicon:
    """The merged lexicon of ``language`` (packaged data, then the user's folder over it)."""
    lang = lexicon_language(language)
    cues = _load_layered(f"cues_{lang}.yaml", user_dir)
    actors = _load_layered(f"actors_{lang}.yaml", user_dir)
    roles = actors.get("roles") or {}
    lex = Lexicon(
        language=lang,
        word_order=str(cues.get("word_order", "subject_first")),
        prefixes=tuple(normalise(p) for p in cues.get("prefixes") or []),
        include_complementiser=bool(cues.get("include_complementiser", False)),
        comma_complement=bool(cues.get("comma_complement", False)),
        capitalised_nouns=bool(cues.get("capitalised_nouns", False)),
        complementisers=_words(cues.get("complementisers")),
        cues=_entries(cues.get("cues"), according=False, morphology=cues)
        + _entries(cues.get("according_to"), according=True, morphology=cues),
        pronoun_suffixes=_words(cues.get("pronoun_suffixes")),
        auxiliaries=_words(cues.get("auxiliaries")),
        adverbial_words=_words(cues.get("adverbial_words")),
        non_clause_starts=_words(cues.get("non_clause_starts")),
        clause_starts=_words(cues.get("clause_starts")),
        object_pronouns=_words(cues.get("object_pronouns")),
        subject_pronouns=_words(cues.get("subject_pronouns")),
        prepositions=_words(cues.get("prepositions")),
        time_words=_words(cues.get("time_words")),
        time_modifiers=_words(cues.get("time_modifiers")),
        finite_markers=_words(cues.get("finite_markers")),
        relative_pronouns=_words(cues.get("relative_pronouns")),
        particles=_words(cues.get("particles")),
        coordinators=_words(cues.get("coordinators")),
        reportive_markers=_words(cues.get("reportive_markers")),
        skip_after_cue=_words(cues.get("skip_after_cue")) | _hosted_pronouns(cues),
        abbreviations=_words(cues.get("abbreviations")),
        pronouns=_words(cues.get("pronouns")) | _words(actors.get("pronouns")),
        determiners=_words(actors.get("determiners")),
        connectors=_words(actors.get("connectors")),
        stop_words=_words(actors.get("stop_words")) | _hosted_pronouns(cues),
        definite=tuple(normalise(d) for d in actors.get("definite") or []),
        role_complements=_words(actors.get("role_complements")),
        person_roles=_words(roles.get("person")),
        generic_roles=_words(roles.get("generic_person")),
        organisation_words=_words(roles.get("organisation")) | _countries(actors),
        countries=_countries(actors),
        capitals={normalise(str(k)): str(v) for k, v in (actors.get("capitals") or {}).items()},
        media_words=_words(roles.get("media")),
        document_words=_words(roles.get("document")),
        anonymous_words=_words(actors.get("anonymous")),
        role_modifiers=_words(actors.get("role_modifiers")),
        partitives=_words(actors.get("partitives")),
        negators=_words(cues.get("negators")),
        background_cues=_words(cues.get("background_cues")),
        non_sources=_words(cues.get("non_sources")),
        channel_verbs=_words(cues.get("channel_verbs")),
        time_stop_words=_words(actors.get("time_stop_words")),
        adjective_suffixes=_suffixes(actors.get("adjective_suffixes")),
        feminine_suffixes=_suffixes(actors.get("feminine_suffixes")),
        plural_suffixes=_suffixes(actors.get("plural_suffixes")),
        plural_words=_words(actors.get("plural_words")),
        masculine_organisations=_words(actors.get("masculine_organisations")),
        honorifics=_words(actors.get("honorifics")),
        titles=_words(actors.get("titles")),
        name_particles=_words(actors.get("name_particles")),
        attached_particles=_words(actors.get("attached_particles")),
        maqsura_stop_words=_maqsura_only(actors.get("stop_words")),
        hashtag_marks=frozenset(str(m) for m in actors.get("hashtag_marks") or []),
        subject_markers=_words(cues.get("subject_markers")),
        headline_markers=_words(cues.get("headline_markers")),
        clause_links=_words(cues.get("clause_links")),
    )
    lex.build_index()
    return lex


@lru_cache(maxsize=4)
def load_marks() -> dict[str, Any]:
    """Quote-mark pairs, dashes and sentence punctuation (``marks.yaml``)."""
    return _read_yaml(resource_path(PACKAGED, "marks.yaml"))


def lexicon_language(language: str | None) -> str:
    """The lexicon key of a language tag: lower case, without region ("en-GB" -> "en");
    "und" when missing."""
    return (language or "und").strip().lower().split("-")[0] or "und"


def available_languages(user_dir: str | None = None) -> list[str]:
    """Languages with a cue lexicon: the packaged ones plus ``cues_<lang>.yaml`` in ``user_dir``."""
    folders = [Path(str(resource_path(PACKAGED)))]
    if user_dir and Path(user_dir).is_dir():
        folders.append(Path(user_dir))
    return sorted({p.stem.split("_", 1)[1] for f in folders for p in f.glob("cues_*.yaml")})


def missing_lexicon_detail(language: str | None, user_dir: str | None = None) -> str | None:
    """None when ``language`` has a cue lexicon; otherwise a one-line reason naming the
    available languages (``no cue lexicon for language 'es' (available: ar, de, ...)``)."""
    available = available_languages(user_dir)
    if isinstance(language, str) and lexicon_language(language) in available:
        return None
    shown = language if isinstance(language, str) and language.strip() else None
    return f"no cue lexicon for language {shown!r} (available: {', '.join(available)})"
