"""The coding loop: a seeded validation sample, coding sheets, imported codes and agreement.

1. :func:`draw_sample` -- a stratified (by outlet or any clean column / meta key), seeded sample of
   the pipeline's clean articles (near-duplicates left out), proportional allocation with at least
   one article per stratum.
2. :func:`write_coding_sheets` -- ``sample.jsonl`` (the frozen items), ``coding_sheet.csv`` (one
   row per article, one 0/1 column per frame plus ``primary_frame``) and ``coding_form.html``, a
   self-contained offline form that shows each article (escaped, right-to-left where needed) with
   its frame evidence hidden -- no cue highlights, no machine codes -- and downloads the filled-in
   sheet as CSV.
3. :func:`read_codes` -- sheets from one or more coders -> a long table ``coder, article_id, frame,
   present, primary``, with clear errors for unknown articles, frames or values.
4. :func:`agreement_summary` -- human-human alpha per frame (all coders, nominal, missing codes
   allowed) with bootstrap intervals; the coders' consensus (majority; a tie counts as absent) as
   gold; machine-human agreement of the lexicon and (with enough items) of the learned frames by
   nested cross-validation on the consensus. The summary is what the framing report shows.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..display import html_text
from ..errors import InputError
from .agreement import multilabel_scores
from .codebooks import FrameCodebook
from .frames import PresenceRule

SHEET_FIXED = ["article_id", "coder", "language", "title", "primary_frame", "notes"]
CODE_COLUMNS = ["coder", "article_id", "frame", "present", "primary"]
TRUE_VALUES = {"1", "x", "yes", "y", "true"}
FALSE_VALUES = {"0", "", "no", "n", "false"}
MIN_ITEMS_FOR_LEARNED_CV = 20


def draw_sample(
    articles: pd.DataFrame, n: int, *, by: str, seed: int, exclude_duplicates: bool = True
) -> pd.DataFrame:
    """``n`` articles stratified by ``by`` (a column of ``articles`` or a ``meta`` key): each stratum
    gets ``n`` x its share (largest remainders), at least one article while ``n`` allows; within a
    stratum a seeded random draw. Columns: ``article_id, stratum, language, title, text``."""
    from .inputs import meta_column

    if n < 1:
        raise InputError(None, f"sample size must be >= 1, got {n}")
    pool = articles
    if exclude_duplicates and "is_duplicate" in pool:
        pool = pool[~pool["is_duplicate"].fillna(False).astype(bool)]
    pool = pool[pool["text"].fillna("").str.strip() != ""]
    if by in pool.columns:
        strata = pool[by]
    elif "meta" in pool.columns:
        strata = meta_column(pool["meta"], by)
    else:
        raise InputError(None, f"cannot stratify by {by!r}: no such column or meta key")
    pool = pool.assign(stratum=strata.fillna("(missing)").astype(str).to_numpy())
    sizes = pool.groupby("stratum").size().sort_index()
    n = min(n, int(sizes.sum()))
    quota = _allocate(sizes, n)
    rng = np.random.default_rng(seed)
    picks = []
    for stratum, k in quota.items():
        members = pool[pool["stratum"] == stratum].sort_values("article_id")
        chosen = rng.choice(len(members), size=int(k), replace=False)
        picks.append(members.iloc[np.sort(chosen)])
    sample = pd.concat(picks, ignore_index=True) if picks else pool.head(0)
    title = sample["title"] if "title" in sample else pd.Series([None] * len(sample))
    return pd.DataFrame(
        {
            "article_id": sample["article_id"].astype(str).to_numpy(),
            "stratum": sample["stratum"].to_numpy(),
            "language": sample["language"].astype(str).to_numpy(),
            "title": title.fillna("").astype(str).to_numpy(),
            "text": sample["text"].astype(str).to_numpy(),
        }
    )


def _allocate(sizes: pd.Series, n: int) -> pd.Series:
    """Proportional allocation by largest remainders, at least one per stratum if ``n`` allows,
    never more than a stratum holds."""
    quota = pd.Series(0, index=sizes.index)
    if n >= len(sizes):
        quota[:] = 1
    exact = sizes / sizes.sum() * (n - quota.sum())
    quota += np.floor(exact).astype(int)
    quota = quota.clip(upper=sizes)
    while quota.sum() < n:
        room = sizes - quota
        remainder = (exact - np.floor(exact)).where(room > 0, -1.0)
        if remainder.max() < 0:
            break
        quota[remainder.idxmax()] += 1
        exact[remainder.idxmax()] = np.floor(exact[remainder.idxmax()])
    return quota[quota > 0]


# ---------------------------------------------------------------------------------- sheets


def write_coding_sheets(
    sample: pd.DataFrame, codebook: FrameCodebook, out_dir: str | Path, *, title: str = ""
) -> dict[str, Path]:
    """``sample.jsonl``, ``coding_sheet.csv`` and ``coding_form.html`` in ``out_dir``."""
    from ..io import write_jsonl

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    frames = codebook.frames["frame"].tolist()
    records = [
        {
            "id": row.article_id,
            "language": row.language,
            "title": row.title or None,
            "text": row.text,
            "stratum": row.stratum,
            "codebook": codebook.name,
        }
        for row in sample.itertuples(index=False)
    ]
    written = {"sample": write_jsonl(records, out_dir / "sample.jsonl")}
    sheet = out_dir / "coding_sheet.csv"
    tmp = sheet.with_name(sheet.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*SHEET_FIXED, *frames])
        for row in sample.itertuples(index=False):
            writer.writerow(
                [row.article_id, "", row.language, row.title, "", "", *[""] * len(frames)]
            )
    tmp.replace(sheet)
    written["sheet"] = sheet
    form = out_dir / "coding_form.html"
    tmp = form.with_name(form.name + ".tmp")
    tmp.write_text(coding_form_html(sample, codebook, title=title), encoding="utf-8")
    tmp.replace(form)
    written["form"] = form
    return written


FORM_SCRIPT = """
function csvCell(v){v=String(v==null?'':v);return /[",\\n\\r]/.test(v)?'"'+v.replace(/"/g,'""')+'"':v;}
function download(){
  var coder=document.getElementById('coder').value.trim();
  if(!coder){alert('Enter your coder name first.');return;}
  var frames=JSON.parse(document.getElementById('frames').textContent);
  var rows=[['article_id','coder','language','title','primary_frame','notes'].concat(frames)];
  document.querySelectorAll('article').forEach(function(a){
    var id=a.dataset.id, row=[id,coder,a.dataset.lang,a.dataset.title];
    var p=a.querySelector('input[type=radio]:checked'); row.push(p?p.value:'');
    row.push(a.querySelector('textarea').value);
    frames.forEach(function(f){row.push(a.querySelector('input[data-frame="'+f+'"]').checked?'1':'0');});
    rows.push(row);
  });
  var blob=new Blob([rows.map(function(r){return r.map(csvCell).join(',');}).join('\\n')+'\\n'],
                    {type:'text/csv'});
  var link=document.createElement('a'); link.href=URL.createObjectURL(blob);
  link.download='codes-'+coder.replace(/[^A-Za-z0-9_-]/g,'_')+'.csv'; link.click();
}
"""


def coding_form_html(sample: pd.DataFrame, codebook: FrameCodebook, *, title: str = "") -> str:
    """A self-contained HTML coding form (no network, no frame evidence shown)."""
    frames = codebook.frames
    definitions = "".join(
        f"<dt>{html_text(r.label)}</dt><dd>{html_text(r.description)}</dd>"
        for r in frames.itertuples(index=False)
    )
    articles = []
    for number, row in enumerate(sample.itertuples(index=False), start=1):
        boxes = "".join(
            f'<label><input type="checkbox" data-frame="{html_text(f.frame)}"> '
            f"{html_text(f.label)}</label> "
            f'<label class="primary"><input type="radio" name="p{number}" '
            f'value="{html_text(f.frame)}"> primary</label><br>'
            for f in frames.itertuples(index=False)
        )
        paragraphs = "".join(
            f'<p dir="auto">{html_text(p)}</p>' for p in str(row.text).split("\n") if p.strip()
        )
        articles.append(
            f'<article data-id="{html_text(row.article_id)}" data-lang="{html_text(row.language)}" '
            f'data-title="{html_text(row.title)}"><h2 dir="auto">{number}. '
            f'{html_text(row.title or "")}</h2><div class="text">{paragraphs}</div>'
            f"<fieldset><legend>Frames (tick all that apply; mark the primary one)</legend>{boxes}"
            f'<textarea placeholder="notes"></textarea></fieldset></article>'
        )
    frame_keys = json.dumps(frames["frame"].tolist()).replace("</", "<\\/")
    heading = html_text(title or f"Frame coding: {codebook.name}")
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f"<title>{heading}</title><style>body{{font-family:sans-serif;max-width:60em;margin:auto}}"
        "article{border-top:1px solid #999;padding:1em 0}.text{background:#f6f6f6;padding:.5em}"
        "label.primary{color:#666;font-size:small}textarea{width:100%}</style></head><body>"
        f"<h1>{heading}</h1><p>Read each article and code the frames it uses, following the "
        "codebook definitions below. Code what is said explicitly. Then enter your name and "
        "download your codes as CSV (nothing leaves this computer).</p>"
        f'<dl>{definitions}</dl><p>Coder: <input id="coder"> '
        '<button onclick="download()">Download codes (CSV)</button></p>'
        f"{''.join(articles)}"
        f'<script type="application/json" id="frames">{frame_keys}</script>'
        f"<script>{FORM_SCRIPT}</script></body></html>"
    )


# ---------------------------------------------------------------------------------- import


def read_sample(path: str | Path) -> list[dict[str, Any]]:
    from ..io import read_jsonl

    records = read_jsonl(path)
    if not records:
        raise InputError(str(path), "the sample file has no items")
    return records


def read_codes(
    paths: Sequence[str | Path], sample_ids: Sequence[str], frames: Sequence[str]
) -> pd.DataFrame:
    """Coding sheets (CSV, layout of ``coding_sheet.csv``) -> ``CODE_COLUMNS`` long table.

    The coder is the sheet's ``coder`` column, or the file name when that is empty. A blank frame
    cell counts as "not present" when the row has any code, and the row is skipped (missing) when
    every frame cell is blank."""
    known = set(sample_ids)
    rows = []
    for path in paths:
        path = Path(path)
        try:
            table = pd.read_csv(path, dtype=str, keep_default_na=False)
        except (OSError, UnicodeDecodeError, pd.errors.ParserError) as err:
            raise InputError(str(path), f"unreadable coding sheet ({err})") from None
        missing = [c for c in ("article_id", *frames) if c not in table.columns]
        if missing:
            raise InputError(str(path), f"coding sheet lacks column(s) {', '.join(missing)}")
        for number, record in enumerate(table.to_dict("records"), start=2):
            article = record["article_id"].strip()
            if article not in known:
                raise InputError(
                    str(path), f"line {number}: article {article!r} is not in the sample"
                )
            cells = [record[f].strip().casefold() for f in frames]
            if all(c == "" for c in cells):
                continue
            bad = [c for c in cells if c not in TRUE_VALUES | FALSE_VALUES]
            if bad:
                raise InputError(
                    str(path),
                    f"line {number}: frame codes must be 1/0 (or x/blank), got {bad[0]!r}",
                )
            primary = (record.get("primary_frame") or "").strip() or None
            if primary is not None and primary not in frames:
                raise InputError(str(path), f"line {number}: unknown primary frame {primary!r}")
            coder = (record.get("coder") or "").strip() or path.stem
            for frame, cell in zip(frames, cells, strict=True):
                rows.append((coder, article, frame, cell in TRUE_VALUES, primary == frame))
    codes = pd.DataFrame(rows, columns=CODE_COLUMNS)
    duplicated = codes.duplicated(["coder", "article_id", "frame"])
    if duplicated.any():
        first = codes[duplicated].iloc[0]
        raise InputError(
            None, f"coder {first['coder']!r} coded article {first['article_id']!r} twice"
        )
    if codes.empty:
        raise InputError(None, "the coding sheets contain no codes")
    return codes


def consensus(codes: pd.DataFrame, ids: Sequence[str], frames: Sequence[str]) -> np.ndarray:
    """Majority of the coders who coded an item (a tie counts as absent): ``items x frames``."""
    votes = codes.pivot_table(
        index="article_id", columns="frame", values="present", aggfunc="mean"
    ).reindex(index=list(ids), columns=list(frames))
    return (votes.to_numpy(dtype=float) > 0.5) & ~np.isnan(votes.to_numpy(dtype=float))


def consensus_primary(codes: pd.DataFrame, ids: Sequence[str]) -> list[str | None]:
    """The primary frame most coders named (ties: alphabetical first; None when nobody named one)."""
    named = codes[codes["primary"]].groupby(["article_id", "frame"]).size().reset_index(name="n")
    named = named.sort_values(["article_id", "n", "frame"], ascending=[True, False, True])
    first = named.drop_duplicates("article_id").set_index("article_id")["frame"]
    return [first.get(i) for i in ids]


def human_agreement(
    codes: pd.DataFrame, ids: Sequence[str], frames: Sequence[str], *, resamples: int, seed: int
) -> dict[str, dict[str, Any]]:
    """Per frame: alpha of all coders (coders x items, missing where a coder skipped an item)."""
    out = {}
    for j, frame in enumerate(frames):
        matrix = (
            codes[codes["frame"] == frame]
            .pivot(index="coder", columns="article_id", values="present")
            .reindex(columns=list(ids))
            .astype(float)
            .to_numpy()
        )
        if matrix.shape[0] < 2:
            out[frame] = {
                "alpha": None,
                "alpha_low": None,
                "alpha_high": None,
                "alpha_note": "undefined: fewer than two coders",
            }
            continue
        out[frame] = _alpha_of(matrix, resamples=resamples, seed=seed + j)
    return out


def _alpha_of(matrix: np.ndarray, *, resamples: int, seed: int) -> dict[str, Any]:
    from .agreement import alpha_interval, alpha_note, krippendorff_alpha

    low, high = alpha_interval(matrix, resamples=resamples, seed=seed)
    value = krippendorff_alpha(matrix)

    def num(v: float) -> float | None:
        return None if np.isnan(v) else round(float(v), 4)

    return {
        "alpha": num(value),
        "alpha_low": num(low),
        "alpha_high": num(high),
        "alpha_note": alpha_note(matrix),
    }


def agreement_summary(
    sample: list[dict[str, Any]],
    codes: pd.DataFrame,
    codebook: FrameCodebook,
    rule: PresenceRule,
    *,
    resamples: int = 1000,
    seed: int = 0,
    learned_folds: int = 5,
    smoke_test: bool = False,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The validation summary (JSON-ready) and the consensus-coded items (for ``code train``)."""
    from .frame_labels import coded_items, lexicon_labels
    from .learned import cross_validate, primary_frames

    frames = codebook.frames["frame"].tolist()
    coded_ids = sorted(set(codes["article_id"]))
    by_id = {str(r["id"]): r for r in sample}
    ids = [str(r["id"]) for r in sample if str(r["id"]) in set(coded_ids)]
    gold = consensus(codes, ids, frames)
    primary = consensus_primary(codes, ids)
    human = human_agreement(codes, ids, frames, resamples=resamples, seed=seed)
    records = [
        {
            "id": i,
            "language": by_id[i]["language"],
            "title": by_id[i].get("title"),
            "text": by_id[i]["text"],
            "frames": _ordered_frames(gold[k], primary[k], frames),
            "stratum": by_id[i].get("stratum"),
        }
        for k, i in enumerate(ids)
    ]
    items = coded_items(records, frames, "consensus")
    texts = [f"{h}\n\n{b}".strip() for h, b in zip(items.headline, items.body, strict=True)]
    lexicon = lexicon_labels(texts, items.language, codebook, rule, frames)
    machine = {
        "lexicon": multilabel_scores(
            items.labels,
            lexicon.present,
            frames,
            gold_primary=items.primary,
            pred_primary=lexicon.primary,
            resamples=resamples,
            seed=seed,
        )
    }
    learned_note = None
    if len(items) >= MIN_ITEMS_FOR_LEARNED_CV and items.labels.any():
        cv = cross_validate(items, codebook, folds=learned_folds, seed=seed)
        machine["learned"] = multilabel_scores(
            items.labels,
            cv.present,
            frames,
            gold_primary=items.primary,
            pred_primary=primary_frames(cv.probabilities, frames),
            resamples=resamples,
            seed=seed,
        )
    else:
        learned_note = (
            f"learned frames not cross-validated: {len(items)} coded items "
            f"(needs >= {MIN_ITEMS_FOR_LEARNED_CV} with some frame)"
        )
    coders = sorted(set(codes["coder"]))
    per_frame = {
        frame: {
            "human_alpha": human[frame]["alpha"],
            "human_alpha_low": human[frame]["alpha_low"],
            "human_alpha_high": human[frame]["alpha_high"],
            "human_alpha_note": human[frame]["alpha_note"],
            "n_consensus": int(gold[:, j].sum()),
            **{
                measure: {
                    k: scores["per_frame"][frame][k]
                    for k in ("precision", "recall", "f1", "alpha", "alpha_low", "alpha_high")
                }
                for measure, scores in machine.items()
            },
        }
        for j, frame in enumerate(frames)
    }
    defined = [h["alpha"] for h in human.values() if h["alpha"] is not None]
    summary = {
        "codebook": codebook.name,
        "codebook_file": codebook.source,
        "smoke_test": smoke_test,
        "n_items": len(ids),
        "n_sample": len(sample),
        "coders": coders,
        "presence_rule": rule.describe(),
        "consensus": "majority of coders, a tie counts as absent",
        "human": {"alpha": round(float(np.mean(defined)), 4) if defined else None},
        "machine": {m: s["overall"] for m, s in machine.items()},
        "learned_note": learned_note,
        "per_frame": per_frame,
        "seed": seed,
        "bootstrap_resamples": resamples,
    }
    return summary, records


def _ordered_frames(row: np.ndarray, primary: str | None, frames: Sequence[str]) -> list[str]:
    present = [f for f, on in zip(frames, row, strict=True) if on]
    if primary in present:
        present.remove(primary)
        present.insert(0, primary)
    return present
