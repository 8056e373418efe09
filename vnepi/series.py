"""Province x date time series from extracted records.

The same figure is reported many times: in a bulletin's headline and body, by the ministry
and by the press, again the next day. :func:`series` keeps one value per province and day,
chosen by :func:`choose` (the rule is shared with :mod:`vnepi.reconcile`):

1. the more official source first: the Ministry of Health (``Bộ Y tế``, moh.gov.vn) over
   other public bodies (provincial health departments, CDCs, hospitals, ``.gov.vn``) over
   the press, over a bulletin whose source is unknown;
2. then the later bulletin (a correction published later replaces the earlier figure);
3. then the value reported by more bulletins; then the greatest doc_id (deterministic).

Only province-level figures with no setting count (district figures and breakdowns such as
"imported" would be counted twice); ``setting=`` selects one breakdown instead. A day with
no daily figure gets one *derived* from two running totals of consecutive days (same
window, ``since``), or else from the previous day's figure and a change ("tăng 20 ca so với
hôm qua"); derived values are flagged and carry the evidence of both reports.
"""
from __future__ import annotations

import datetime
import json
import os
import unicodedata
from typing import TYPE_CHECKING, Any

from .records import NATIONAL, Record

if TYPE_CHECKING:
    import pandas as pd

SUM_COLUMN = "sum of provinces"
COLUMNS = ("doc_id", "source", "url", "doc_date", "event", "value", "province", "district",
           "date", "cumulative", "since", "kind", "setting", "start", "end")
LONG_COLUMNS = ["date", "province", "value", "derived", "method", "n_reports", "conflict",
                "doc_ids", "spans"]
_MINISTRY = ("bộ y tế", "byt", "moh.gov.vn", "ministry")
_OFFICIAL = ("sở y tế", "cdc", "ubnd", "ủy ban", "ban chỉ đạo", "bệnh viện", "trung tâm",
             "provincial", "district", "hospital", ".gov.vn")
ONE_DAY = datetime.timedelta(days=1)


def source_rank(source: Any, url: Any = None) -> int:
    """3 for the Ministry of Health, 2 for another public body, 1 for the press, 0 unknown."""
    s = " ".join(unicodedata.normalize("NFC", str(x)).lower()
                 for x in (source, url) if isinstance(x, str) and x)
    if not s:
        return 0
    return 3 if any(k in s for k in _MINISTRY) else 2 if any(k in s for k in _OFFICIAL) else 1


def as_frame(records: Any) -> pd.DataFrame:
    """Records as a flat DataFrame with :data:`COLUMNS`, from a DataFrame (as returned by
    ``vnepi.extract_archive`` or ``vnepi.to_dataframe``), Records or dicts, or a path (an
    archive store, a Parquet file or folder, ``.jsonl`` or ``.csv``)."""
    import pandas as pd

    if isinstance(records, (str, os.PathLike)):
        records = _read_path(str(records))
    if not isinstance(records, pd.DataFrame):
        rows = [(r if isinstance(r, Record) else Record.from_dict(r)).to_flat() for r in records]
        records = pd.DataFrame(rows)
    df = records.reindex(columns=list(COLUMNS)).copy()
    df.attrs = dict(records.attrs)
    df["value"] = pd.to_numeric(df["value"], errors="coerce")
    if df["cumulative"].dtype != bool:
        df["cumulative"] = df["cumulative"].astype(str).str.lower().isin(("true", "1", "1.0"))
    df["kind"] = df["kind"].fillna("count")
    for c in ("start", "end"):
        df[c] = pd.to_numeric(df[c], errors="coerce").fillna(0).astype("int64")
    return df


def _read_path(path: str) -> pd.DataFrame:
    import pandas as pd

    from .archive_store import MANIFEST, read_records

    if os.path.isdir(path):
        return read_records(path) if os.path.isfile(os.path.join(path, MANIFEST)) \
            else pd.read_parquet(path)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"{path}: no such file or folder")
    if path.endswith(".jsonl"):  # records as `vnepi extract` writes them
        with open(path, encoding="utf-8") as f:
            return pd.DataFrame([Record.from_dict(json.loads(line)).to_flat()
                                 for line in f if line.strip()])
    return pd.read_csv(path) if path.endswith(".csv") else pd.read_parquet(path)


def prepare(records: Any) -> pd.DataFrame:
    """Dated, province-level records with the columns :func:`choose` needs (``_rank``,
    ``_date``, ``_ddate``); ``attrs["n_undated"]`` counts the records left out for want
    of a date."""
    import pandas as pd

    df = as_frame(records)
    keys = df[["source", "url"]].astype(object).where(df[["source", "url"]].notna(), None)
    pairs = list(zip(keys["source"], keys["url"]))
    ranks = {p: source_rank(*p) for p in set(pairs)}
    df = df.assign(_rank=[ranks[p] for p in pairs],
                   _date=pd.to_datetime(df["date"], errors="coerce"),
                   _ddate=_text(df["doc_date"]), doc_id=_text(df["doc_id"]),
                   since=_text(df["since"]),
                   setting=df["setting"].astype(object).where(df["setting"].notna(), None))
    undated = int(df["_date"].isna().sum())
    df = df[df["district"].isna() & df["_date"].notna() & df["value"].notna()]
    df.attrs["n_undated"] = undated
    return df


def _text(col: pd.Series) -> pd.Series:
    return col.astype(object).where(col.notna(), "").astype(str)


def select(obs: pd.DataFrame, event: str | None, setting: str | None = None) -> pd.DataFrame:
    """The prepared records of one event (all events for None) and one setting (None: the
    totals, with no setting)."""
    if event is not None:
        obs = obs[obs["event"] == event]
    return obs[obs["setting"].isna()] if setting is None else obs[obs["setting"] == setting]


def group_join(df: pd.DataFrame, keys: list[str], cols: list[str], sep: str = "|") -> pd.DataFrame:
    """One row per ``keys`` group with each of ``cols`` joined (distinct values, in order).

    Plain lists rather than ``groupby().agg(lambda ...)``: the latter builds a Series per
    group and is some fifty times slower on a million records."""
    import numpy as np

    codes = df.groupby(keys, sort=False).ngroup().to_numpy()
    order = np.argsort(codes, kind="stable")
    cut = (np.flatnonzero(np.diff(codes[order])) + 1).tolist()
    bounds = list(zip([0] + cut, cut + [len(order)]))
    out = df.loc[~df.duplicated(keys), keys].reset_index(drop=True)  # numbered as ngroup
    for c in cols:
        vals = df[c].to_numpy(dtype=object)[order].tolist()
        out[c] = [sep.join(dict.fromkeys(vals[a:b])) for a, b in bounds]
    return out


def choose(obs: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """One row per ``keys``: the value picked by the module's rule, with ``n_reports``
    (bulletins), ``n_values`` (distinct values: >1 is a conflict), and the ``doc_ids`` and
    ``spans`` ("doc_id@start-end") of the reports that gave the chosen value."""
    import pandas as pd

    cols = keys + ["value", "n_reports", "n_values", "doc_ids", "spans", "_rank", "_ddate"]
    if obs.empty:
        return pd.DataFrame(columns=cols)
    # Only the columns needed: every sort and merge moves each column; and no attrs, which
    # pandas deep-copies into every intermediate result.
    obs = obs[list(dict.fromkeys(keys + ["value", "doc_id", "start", "end", "_rank", "_ddate"]))]
    obs.attrs = {}
    support = obs.groupby(keys + ["value"], sort=False)["doc_id"].transform("nunique")
    best = (obs.assign(_support=support)
            .sort_values(["_rank", "_ddate", "_support", "doc_id"], ascending=False, kind="stable")
            .drop_duplicates(keys))
    stats = obs.groupby(keys, sort=False).agg(n_reports=("doc_id", "nunique"),
                                              n_values=("value", "nunique"))
    agree = obs.merge(best[keys + ["value"]], on=keys + ["value"])
    agree["_span"] = (agree["doc_id"] + "@" + agree["start"].astype(str) + "-"
                      + agree["end"].astype(str))
    ev = group_join(agree.rename(columns={"doc_id": "doc_ids", "_span": "spans"}), keys,
                    ["doc_ids", "spans"]).set_index(keys)
    out = best[keys + ["value", "_rank", "_ddate"]].join(stats, on=keys).join(ev, on=keys)
    return out[cols].reset_index(drop=True)


def _consecutive(tot: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Running totals paired with the previous day's total of the same window."""
    tot = tot.sort_values(by + ["_date"])
    g = tot.groupby(by, sort=False)
    prev = tot.assign(prev_date=g["_date"].shift(), prev_value=g["value"].shift(),
                      prev_docs=g["doc_ids"].shift(), prev_spans=g["spans"].shift())
    return prev[prev["_date"] - prev["prev_date"] == ONE_DAY]


def _long(df: pd.DataFrame, method: str) -> pd.DataFrame:
    out = df.rename(columns={"_date": "date"}).assign(method=method, derived=method != "reported")
    out["conflict"] = out.get("n_values", 1) > 1
    if method != "reported":  # the bulletins behind a derived value: both days' reports
        out["n_reports"] = [len(set(d.split("|"))) for d in out["doc_ids"]]
    return out.reindex(columns=LONG_COLUMNS)


def _fill(base: pd.DataFrame, extra: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    if extra.empty:
        return base
    have = pd.MultiIndex.from_frame(base[["province", "date"]]) if len(base) else None
    new = extra if have is None else extra[~pd.MultiIndex.from_frame(
        extra[["province", "date"]]).isin(have)]
    return pd.concat([base, new], ignore_index=True) if len(new) else base


def daily_long(obs: pd.DataFrame) -> pd.DataFrame:
    """Tidy daily figures (one event's observations): reported, else derived."""
    counts = obs[obs["kind"] == "count"]
    rep = choose(counts[~counts["cumulative"]], ["province", "_date"])
    out = _long(rep, "reported")
    tot = choose(counts[counts["cumulative"]], ["province", "since", "_date"])
    pairs = _consecutive(tot, ["province", "since"])
    pairs = pairs[pairs["value"] >= pairs["prev_value"]]  # a shrinking total derives nothing
    if len(pairs):
        pairs = (pairs.assign(value=pairs["value"] - pairs["prev_value"], _w=pairs["since"] != "",
                              doc_ids=pairs["prev_docs"] + "|" + pairs["doc_ids"],
                              spans=pairs["prev_spans"] + "|" + pairs["spans"], n_values=1)
                 .sort_values("_w").drop_duplicates(["province", "_date"]))  # from-start first
        out = _fill(out, _long(pairs, "from_running_totals"))
    chg = choose(obs[(obs["kind"] == "change") & ~obs["cumulative"]], ["province", "_date"])
    if len(chg) and len(rep):
        prev = rep.assign(_date=rep["_date"] + ONE_DAY)
        m = chg.merge(prev, on=["province", "_date"], suffixes=("", "_p"))
        m = m.assign(value=m["value"] + m["value_p"], n_values=1,
                     doc_ids=m["doc_ids_p"] + "|" + m["doc_ids"],
                     spans=m["spans_p"] + "|" + m["spans"])
        out = _fill(out, _long(m[m["value"] >= 0], "from_change"))
    return out.sort_values(["province", "date"], ignore_index=True)


def cumulative_long(obs: pd.DataFrame) -> pd.DataFrame:
    """Tidy running totals: per province one window (from the start of the epidemic when
    reported, else the most reported ``since``); a missing day is the previous day's total
    plus that day's reported daily figure."""
    import pandas as pd

    counts = obs[obs["kind"] == "count"]
    tot = choose(counts[counts["cumulative"]], ["province", "since", "_date"])
    if tot.empty:
        return pd.DataFrame(columns=LONG_COLUMNS + ["since"])
    n = tot.groupby(["province", "since"]).size().rename("n").reset_index()
    n = n.assign(_w=n["since"] != "").sort_values(["province", "_w", "n"],
                                                  ascending=[True, True, False])
    tot = tot.merge(n.drop_duplicates("province")[["province", "since"]], on=["province", "since"])
    out = _long(tot, "reported").assign(since=tot["since"].to_numpy())
    rep = choose(counts[~counts["cumulative"]], ["province", "_date"])
    nxt = tot.assign(_date=tot["_date"] + ONE_DAY)
    m = nxt.merge(rep, on=["province", "_date"], suffixes=("_p", ""))
    if len(m):
        m = m.assign(value=m["value_p"] + m["value"], n_values=1,
                     doc_ids=m["doc_ids_p"] + "|" + m["doc_ids"],
                     spans=m["spans_p"] + "|" + m["spans"])
        out = _fill(out, _long(m, "from_daily").assign(since=m["since"].to_numpy()))
    out["since"] = out["since"].astype(object).where(out["since"] != "", None)
    return out.sort_values(["province", "date"], ignore_index=True)


def wide(long: pd.DataFrame, national_sum: bool = True) -> pd.DataFrame:
    """Date x province table of a tidy series: a full daily index, provinces sorted, then
    "Việt Nam", then (``national_sum``) the sum of the provinces to compare with it."""
    import pandas as pd

    if long.empty:
        return pd.DataFrame(index=pd.DatetimeIndex([], name="date"))
    t = long.pivot_table(index="date", columns="province", values="value", aggfunc="first")
    t = t.reindex(pd.date_range(t.index.min(), t.index.max(), freq="D", name="date"))
    provinces = sorted((c for c in t.columns if c != NATIONAL), key=_sort_key)
    t = t[provinces + ([NATIONAL] if NATIONAL in t.columns else [])]
    if national_sum:
        t[SUM_COLUMN] = t[provinces].sum(axis=1, min_count=1)
    t.columns.name = "province"
    return t


def _sort_key(name: str) -> str:
    # Vietnamese names sort by their letters first: "Đà Nẵng" next to "Đắk Lắk", not last.
    return unicodedata.normalize("NFD", name).encode("ascii", "ignore").decode().lower() + name


def series(records: Any, event: str = "cases", kind: str = "daily", *, form: str = "wide",
           setting: str | None = None, national_sum: bool = True) -> pd.DataFrame:
    """A province x date table of ``event`` from extracted records.

    ``records``: a DataFrame from :func:`vnepi.extract_archive`, Records, or a path to a
    store/Parquet/JSONL/CSV. ``kind``: "daily" (new counts per day) or "cumulative"
    (running totals). ``form="wide"``: index date (every day of the range), one column
    per province and "Việt Nam", plus ``"sum of provinces"`` for daily series.
    ``form="long"``: one row per (date, province) with ``value``, ``derived``, ``method``
    ("reported", "from_running_totals", "from_change", "from_daily"), ``n_reports``,
    ``conflict`` and the evidence ``doc_ids``/``spans``. Undated records are left out.
    """
    from .records import EVENTS

    if event not in EVENTS:
        raise ValueError(f"unknown event {event!r}; one of {', '.join(EVENTS)}")
    if kind not in ("daily", "cumulative") or form not in ("wide", "long"):
        raise ValueError("kind must be 'daily' or 'cumulative', form 'wide' or 'long'")
    obs = select(prepare(records), event, setting)
    long = daily_long(obs) if kind == "daily" else cumulative_long(obs)
    long = long.reset_index(drop=True)
    if form == "long":
        return long
    return wide(long, national_sum=national_sum and kind == "daily")
