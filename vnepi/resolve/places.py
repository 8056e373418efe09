"""Places: the 63 pre-2025 provinces, their districts, aliases, and mentions in running text.

Names and codes come from ``vietnamadminunits`` (built into ``vnepi/data/admin_units.json``
by ``tools/build_admin_units.py``); the spellings bulletins use are added here.

Names are compared by their folded key (:mod:`vnepi.resolve.place_names`); mentions in
running text are found by :mod:`vnepi.resolve.place_mentions`.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .place_mentions import MentionFinder, PlaceMention
from .place_names import fold, joined_letters, name_key, tone_key

__all__ = ["NATIONAL", "NATIONAL_CODE", "District", "Gazetteer", "PlaceMention", "Province",
           "PROVINCE_ALIASES", "fold", "get_gazetteer", "name_key"]

NATIONAL = "Việt Nam"
_CITIES_BEFORE_2025 = frozenset({"Hà Nội", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"})
NATIONAL_CODE = "VN"
# "Kỳ Anh (Thị xã)": the gazetteer tells same-named units apart in parentheses; bulletins do not.
_PAREN = re.compile(r"\s*\([^)]*\)\s*$")


@dataclass(frozen=True)
class District:
    name: str
    type: str
    code: str | None
    province: str
    merged_into: str | None = None
    wards: tuple[str, ...] = field(repr=False, default=())


@dataclass(frozen=True)
class Province:
    name: str
    code: str
    full_name: str
    province_2025: str
    code_2025: str
    districts: tuple[District, ...] = field(repr=False, default=())

    @property
    def is_city(self) -> bool:
        """Centrally-run city ("thành phố trực thuộc trung ương") in the bulletins' era:
        Huế became one only in 2025, so "TP Huế" in a 2021 bulletin is the district."""
        return self.name in _CITIES_BEFORE_2025


# Spellings used by bulletins on top of the official names (keys are folded by name_key).
PROVINCE_ALIASES = {
    "Hồ Chí Minh": ["TP HCM", "TPHCM", "HCM", "TP.HCM", "Sài Gòn", "TP Hồ Chí Minh", "HCMC"],
    "Hà Nội": ["Thủ đô", "Thủ đô Hà Nội"],
    "Bà Rịa - Vũng Tàu": ["BR-VT", "BRVT", "Bà Rịa Vũng Tàu", "Vũng Tàu"],
    "Thừa Thiên Huế": ["Thừa Thiên-Huế", "TT-Huế", "TT Huế", "TTH", "Huế"],
    "Đắk Lắk": ["Daklak", "Đắc Lắc", "Dak Lak", "ĐắkLắk", "Đăk Lăk", "Đắk Lăk"],
    "Đắk Nông": ["Daknong", "Đắc Nông", "Đăk Nông"],
    "Bắc Kạn": ["Bắc Cạn"],
    "Kon Tum": ["Kontum"],
    "Hải Phòng": ["TP Hải Phòng"],
}
class Gazetteer:
    """Provinces, districts and their aliases, with lookup and mention finding.

    ``province_keys``, ``district_keys`` and ``ward_keys`` map a name's key
    (:func:`~vnepi.resolve.place_names.name_key`) to what it names."""

    def __init__(self, data: dict) -> None:
        provs = []
        for p in data["provinces"]:
            ds = tuple(District(d["name"], d["type"], d.get("code"), p["name"],
                                d.get("merged_into"), tuple(d.get("wards", ())))
                       for d in p["districts"])
            provs.append(Province(p["name"], p["code"], p["full_name"], p["province_2025"],
                                  p["code_2025"], ds))
        self.provinces: tuple[Province, ...] = tuple(provs)
        self.by_name = {p.name: p for p in provs}
        self.by_code = {p.code: p for p in provs}
        self.province_keys: dict[str, str] = {}
        for p in provs:
            self.province_keys[name_key(p.name)] = p.name
            self.province_keys[name_key(p.full_name)] = p.name
            for a in PROVINCE_ALIASES.get(p.name, ()):
                self.province_keys[name_key(a)] = p.name
        self._spellings = {p.name: tuple({tone_key(x) for x in (p.name, p.full_name, *PROVINCE_ALIASES.get(
            p.name, ()))}) for p in provs}
        self.district_keys: dict[str, list[District]] = {}
        for p in provs:
            for d in p.districts:
                keys = {name_key(d.name), name_key(_PAREN.sub("", d.name))}
                # "Cư M'gar" is also written "Cư Mgar", "Krông A Na" "Krông Ana".
                keys |= {k.replace("'", "") for k in keys}
                keys |= {j for k in keys for j in joined_letters(k)}
                for k in keys:
                    self.district_keys.setdefault(k, []).append(d)
        # Ward and commune names, to place "xã Sơn Lôi" in its district.
        self.ward_keys: dict[str, list[District]] = {}
        for p in provs:
            for d in p.districts:
                for w in d.wards:
                    for k in {name_key(w), name_key(w).replace("'", "")}:
                        self.ward_keys.setdefault(k, []).append(d)
        self._finder = MentionFinder(self)

    # -- lookup ---------------------------------------------------------------------
    def spelled_as(self, province: str, surface: str) -> bool:
        """``surface`` ends with one of the province's spellings, diacritics and all (where
        a tone mark sits aside)."""
        key = tone_key(surface)
        return any(key == s or key.endswith(" " + s) for s in self._spellings[province])

    def province(self, name: str | None) -> Province | None:
        """The province a name, alias or code refers to, or None."""
        if not name:
            return None
        if name in self.by_name:
            return self.by_name[name]
        if name in self.by_code:
            return self.by_code[name]
        canon = self.province_keys.get(name_key(name))
        return self.by_name.get(canon) if canon else None

    def districts(self, name: str, province: str | None = None) -> list[District]:
        """Districts called ``name`` (any prefix or spelling), within ``province`` if given."""
        ds = self.district_keys.get(name_key(name), [])
        if province is not None:
            ds = [d for d in ds if d.province == province]
        return list(ds)

    def ward_districts(self, name: str, province: str | None = None) -> list[District]:
        """Districts that have a ward or commune called ``name``, within ``province`` if
        given."""
        ds = self.ward_keys.get(name_key(name), [])
        if province is not None:
            ds = [d for d in ds if d.province == province]
        return list(ds)

    def canonical(self, province: str | None) -> tuple[str, str]:
        """(canonical name, code) of a province, ("Việt Nam", "VN") for national/unknown."""
        p = self.province(province) if province and name_key(province) not in (
            "viet nam", "ca nuoc", "toan quoc") else None
        return (p.name, p.code) if p else (NATIONAL, NATIONAL_CODE)

    def to_2025(self, province: str) -> tuple[str, str] | None:
        """The post-2025 province (name, code) an old province became part of."""
        p = self.province(province)
        return (p.province_2025, p.code_2025) if p else None

    # -- mentions in text -----------------------------------------------------------
    def find(self, text: str) -> list[PlaceMention]:
        """Every province or district named in ``text``, left to right, non-overlapping."""
        return self._finder.find(text)


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The shared gazetteer, built once from the packaged admin-unit data."""
    raw = resources.files("vnepi").joinpath("data/admin_units.json").read_text(encoding="utf-8")
    return Gazetteer(json.loads(raw))
