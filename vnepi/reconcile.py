"""Checks across bulletins: what an archive's figures disagree about.

:func:`reconcile` reports, one row per finding:

* ``conflict``: one figure (event, province, day, window, kind, setting) given different
  values by different bulletins, or by one bulletin's headline and body. All values are
  kept with their sources; ``value`` is the one chosen by the rule of
  :mod:`vnepi.series`: the Ministry of Health over other public bodies over the press,
  then the later bulletin (a later correction wins), then the value more bulletins give.
* ``shrinking_total``: a running total lower than the one reported before it.
* ``daily_mismatch``: a daily figure that differs from the change of the running total
  between the previous day and that day (beyond ``tolerance``).
* ``provinces_exceed_national``: provinces' daily figures summing above the national one.
* ``gap``: days with no figure (reported or derived) inside a province's daily series.
* ``undated``: bulletins with no date, whose records are left out of every series.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .records import NATIONAL
from .series import ONE_DAY, _consecutive, choose, daily_long, group_join, prepare, select

if TYPE_CHECKING:
    import pandas as pd

FINDING_COLUMNS = ["check", "event", "province", "date", "since", "value", "expected",
                   "detail", "doc_ids"]
CHECKS = ("conflict", "shrinking_total", "daily_mismatch", "provinces_exceed_national", "gap",
          "undated")


@dataclass
class ReconcileReport:
    """The findings of :func:`reconcile` (a DataFrame with :data:`FINDING_COLUMNS`)."""

    findings: pd.DataFrame

    def __len__(self) -> int:
        return len(self.findings)

    def summary(self) -> pd.Series:
        """Number of findings per check (every check listed, zeros included)."""
        return self.findings["check"].value_counts().reindex(list(CHECKS), fill_value=0)

    def of(self, check: str) -> pd.DataFrame:
        """The findings of one check."""
        return self.findings[self.findings["check"] == check].reset_index(drop=True)

    def to_dict(self) -> dict:
        f = self.findings.assign(date=self.findings["date"].dt.strftime("%Y-%m-%d"))
        rows = f.astype(object).where(f.notna(), None)
        return {"summary": {k: int(v) for k, v in self.summary().items()},
                "findings": rows.to_dict("records")}

    def to_json(self, indent: int | None = 2) -> str:
        """The summary and every finding as JSON (UTF-8 text, Vietnamese names kept)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent, default=str)

    def to_text(self, max_rows: int | None = 50) -> str:
        """A readable report: counts per check, then one line per finding, check by check."""
        lines = ["Reconciliation: " + ", ".join(f"{k} {v}" for k, v in self.summary().items())]
        for check in CHECKS:
            part = self.of(check)
            if part.empty:
                continue
            lines += ["", f"== {check} ({len(part)})"]
            for r in part.head(max_rows or len(part)).to_dict("records"):
                where = (r["doc_ids"] if check == "undated" else
                         f"{r['date']:%Y-%m-%d} {r['province']} {r['event']}"
                         + (f" (since {r['since']})" if isinstance(r["since"], str) else ""))
                lines.append(f"  {where}: {r['detail']}")
            if max_rows and len(part) > max_rows:
                lines.append(f"  ... {len(part) - max_rows} more")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()

    def _repr_html_(self) -> str:
        return self.summary().to_frame("findings").to_html() + self.findings.to_html(index=False)


def _fmt(v: float) -> str:
    return f"{v:,.0f}".replace(",", ".") if float(v).is_integer() else f"{v:g}"


def _label(src: Any, doc: str) -> str:
    return f"{src} [{doc}]" if isinstance(src, str) and src else f"[{doc}]"


def _conflicts(obs: pd.DataFrame) -> list[dict]:
    import numpy as np

    keys = ["event", "province", "_date", "since", "cumulative", "kind", "setting"]
    o = obs.assign(setting=obs["setting"].fillna(""))
    o = o[o.groupby(keys, sort=False)["value"].transform("nunique") > 1]
    if o.empty:
        return []
    src = o["source"].astype(object)
    named = src.map(lambda x: isinstance(x, str) and bool(x)).to_numpy(dtype=bool)
    o = o.assign(_label=np.where(named, src.astype(str) + " [" + o["doc_id"] + "]",
                                 "[" + o["doc_id"] + "]"))
    # Whole-frame operations, not a loop over groups: an archive can hold thousands.
    best = choose(o, keys).drop(columns=["doc_ids", "spans"])
    kv = group_join(o.sort_values(keys + ["value"]), keys + ["value"], ["_label"], sep=", ")
    kv["part"] = kv["value"].map(_fmt) + " from " + kv["_label"]
    t = best.join(group_join(kv, keys, ["part"], sep="; ").set_index(keys), on=keys)
    t = t.join(group_join(o, keys, ["doc_id"]).set_index(keys), on=keys)
    m = o.merge(best[keys + ["value"]].rename(columns={"value": "_kept"}), on=keys)
    others = m[m["value"] != m["_kept"]].groupby(keys).agg(orank=("_rank", "max"),
                                                             odate=("_ddate", "max"))
    t = t.join(others, on=keys)
    why = np.select([t["_rank"] > t["orank"], t["_ddate"] > t["odate"]],
                    ["a more official source", "the later bulletin"], "more bulletins or tie-break")
    what = np.where(t["cumulative"], "running total",
                    np.where(t["kind"] == "count", "daily figure", t["kind"]))
    what = what + np.where(t["setting"] != "", " (" + t["setting"] + ")", "")
    t["detail"] = (what + ": " + t["part"] + " -> kept " + t["value"].map(_fmt) + " (" + why + ")")
    t = t.rename(columns={"_date": "date", "doc_id": "doc_ids"}).assign(check="conflict",
                                                                        expected=None)
    return t[FINDING_COLUMNS].sort_values(["event", "province", "date"]).to_dict("records")


def _totals_checks(obs: pd.DataFrame, tolerance: float) -> list[dict]:
    out = []
    counts = obs[obs["kind"] == "count"]
    tot = choose(counts[counts["cumulative"]], ["event", "province", "since", "_date"])
    if tot.empty:
        return out
    srt = tot.sort_values(["event", "province", "since", "_date"])
    g = srt.groupby(["event", "province", "since"], sort=False)
    srt = srt.assign(pv=g["value"].shift(), pd_=g["_date"].shift(), pdocs=g["doc_ids"].shift())
    for r in srt[srt["value"] < srt["pv"]].to_dict("records"):
        out.append({"check": "shrinking_total", "event": r["event"], "province": r["province"],
                    "date": r["_date"], "since": r["since"], "value": r["value"],
                    "expected": r["pv"], "doc_ids": f"{r['pdocs']}|{r['doc_ids']}",
                    "detail": f"running total fell from {_fmt(r['pv'])} ({r['pd_']:%Y-%m-%d}) "
                              f"to {_fmt(r['value'])}"})
    rep = choose(counts[~counts["cumulative"]], ["event", "province", "_date"])
    pairs = _consecutive(tot, ["event", "province", "since"])
    m = pairs.merge(rep, on=["event", "province", "_date"], suffixes=("_t", ""))
    m = m[(m["value"] - (m["value_t"] - m["prev_value"])).abs() > tolerance]
    for r in m.to_dict("records"):
        diff = r["value_t"] - r["prev_value"]
        out.append({"check": "daily_mismatch", "event": r["event"], "province": r["province"],
                    "date": r["_date"], "since": r["since"], "value": r["value"],
                    "expected": diff,
                    "doc_ids": f"{r['doc_ids']}|{r['prev_docs']}|{r['doc_ids_t']}",
                    "detail": f"daily figure {_fmt(r['value'])} but the running total went from "
                              f"{_fmt(r['prev_value'])} to {_fmt(r['value_t'])} ({_fmt(diff)})"})
    return out


def _series_checks(obs: pd.DataFrame, events: list[str]) -> list[dict]:
    out = []
    for ev in events:
        long = daily_long(select(obs, ev))
        if long.empty:
            continue
        prov = long[long["province"] != NATIONAL]
        nat = long[long["province"] == NATIONAL].set_index("date")
        sums = prov.groupby("date").agg(total=("value", "sum"), n=("province", "size"),
                                        docs=("doc_ids", "|".join))
        both = sums.join(nat[["value", "doc_ids"]], how="inner")
        for day, r in both[both["total"] > both["value"]].iterrows():
            out.append({"check": "provinces_exceed_national", "event": ev, "province": NATIONAL,
                        "date": day, "value": r["value"], "expected": r["total"],
                        "doc_ids": "|".join(dict.fromkeys(
                            f"{r['doc_ids']}|{r['docs']}".split("|"))),
                        "detail": f"{r['n']} provinces sum to {_fmt(r['total'])}, above the "
                                  f"national {_fmt(r['value'])}"})
        for p, g in long.groupby("province", sort=True):
            days = g["date"].sort_values()
            step = days.diff()
            for end, gap in zip(days[step > ONE_DAY], step[step > ONE_DAY]):
                first, n = end - gap + ONE_DAY, gap.days - 1
                out.append({"check": "gap", "event": ev, "province": p, "date": first,
                            "value": float(n), "detail": f"no {ev} figure for {n} day(s), "
                            f"{first:%Y-%m-%d} to {end - ONE_DAY:%Y-%m-%d}"})
    return out


def _undated(records: Any, df: pd.DataFrame) -> list[dict]:
    docs = list(getattr(records, "attrs", {}).get("undated", []) or [])
    if "doc_id" in df and "date" in df:
        docs += df.loc[df["date"].isna() & df["doc_date"].isna(), "doc_id"].dropna().tolist()
    return [{"check": "undated", "doc_ids": d, "detail": "no date in metadata, file name or "
             "dateline: its records are in no series"} for d in dict.fromkeys(docs)]


def reconcile(records: Any, *, events: list[str] | None = None, tolerance: float = 0,
              gaps: bool = True) -> ReconcileReport:
    """Conflicts between sources, shrinking totals, daily figures that do not add up,
    provinces above the nation, gaps and undated bulletins (see the module docstring).

    ``records`` is anything :func:`vnepi.series` takes. ``events`` limits the checks
    (default: every event present); ``tolerance`` is the absolute difference allowed
    between a daily figure and the change of the running total.
    """
    import pandas as pd

    from .series import as_frame

    df = as_frame(records)
    obs = prepare(df)
    if events is not None:
        obs = obs[obs["event"].isin(events)]
    evs = sorted(obs["event"].dropna().unique())
    rows = _conflicts(obs) + _totals_checks(select(obs, None), tolerance)
    rows += _series_checks(obs, evs) if len(obs) else []
    if not gaps:
        rows = [r for r in rows if r["check"] != "gap"]
    rows += _undated(records, df)
    f = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    f["date"] = pd.to_datetime(f["date"])
    f["since"] = f["since"].replace("", None)
    f["_o"] = f["check"].map({c: i for i, c in enumerate(CHECKS)})
    f = f.sort_values(["_o", "event", "province", "date"], kind="stable").drop(columns="_o")
    return ReconcileReport(f.reset_index(drop=True))
