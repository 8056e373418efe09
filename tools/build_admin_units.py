"""Build ``vnepi/data/admin_units.json`` from the ``vietnamadminunits`` package.

The package is the source of truth for names and codes (the 63 provinces of the pre-2025
map, their districts, and the 2025 merger to 34 provinces). This script keeps only what
vnepi needs, renames provinces to the canonical names of ``record-schema.md`` and adds the
districts that existed in 2020-2022 but were merged before the package's snapshot.

Run: ``python tools/build_admin_units.py`` (a test checks the committed file is current).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import vietnamadminunits

PKG = Path(vietnamadminunits.__file__).parent / "data"
OUT = Path(__file__).resolve().parents[1] / "vnepi" / "data" / "admin_units.json"

# The package names the 2025 city "Huế"; bulletins of 2020-2022 and the schema use the old name.
CANONICAL = {"Huế": "Thừa Thiên Huế"}

# Districts of 2020-2022 that were merged into others before the package's snapshot
# (province code, short name, type, the district they became part of).
HISTORICAL_DISTRICTS = [
    ("79", "Quận 2", "Quận", "Thủ Đức"),
    ("79", "Quận 9", "Quận", "Thủ Đức"),
    ("46", "Huế", "Thành phố", None),
    ("24", "Lục Ngạn", "Huyện", None),
    ("24", "Lục Nam", "Huyện", None),
    ("24", "Yên Dũng", "Huyện", None),
    ("24", "Việt Yên", "Huyện", None),
    ("77", "Long Điền", "Huyện", "Long Đất"),
    ("77", "Đất Đỏ", "Huyện", "Long Đất"),
    ("36", "Mỹ Lộc", "Huyện", "Nam Định"),
    ("38", "Tĩnh Gia", "Huyện", "Nghi Sơn"),
    ("38", "Đông Sơn", "Huyện", "Thanh Hóa"),
    ("37", "Ninh Bình", "Thành phố", "Hoa Lư"),
    ("46", "Nam Đông", "Huyện", "Phú Lộc"),
    ("49", "Nông Sơn", "Huyện", "Quế Sơn"),
    ("42", "Lộc Hà", "Huyện", None),
]


def build() -> dict:
    legacy = json.loads((PKG / "parser_legacy.json").read_text(encoding="utf-8"))
    new = json.loads((PKG / "parser_from_2025.json").read_text(encoding="utf-8"))
    conv = json.loads((PKG / "converter_2025.json").read_text(encoding="utf-8"))["DICT_PROVINCE"]

    old_to_new = {old: new_key for new_key, olds in conv.items() for old in olds}
    provinces = []
    for key, p in legacy["DICT_PROVINCE"].items():
        name = CANONICAL.get(p["provinceShort"], p["provinceShort"])
        wards = legacy["DICT_PROVINCE_DISTRICT_WARD_ACCENTED"].get(key, {})
        wards_plain = legacy["DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED"].get(key, {})
        districts = [
            {"name": d["districtShort"], "type": d["districtType"], "code": d["districtCode"],
             # Wards and communes, so that "xã Sơn Lôi" can be placed in its district.
             "wards": sorted({w["wardShort"] for src in (wards, wards_plain)
                              for w in src.get(dkey, {}).values()
                              if isinstance(w.get("wardShort"), str)
                              and not w["wardShort"].isdigit()})}
            for dkey, d in legacy["DICT_PROVINCE_DISTRICT"][key].items()
        ]
        known = {d["name"] for d in districts}
        for code, dname, dtype, became in HISTORICAL_DISTRICTS:
            if code == p["provinceCode"] and dname not in known:
                districts.append({"name": dname, "type": dtype, "code": None, "merged_into": became})
        merged = new["DICT_PROVINCE"][old_to_new[key]]
        provinces.append({
            "name": name,
            "full_name": p["province"],
            "code": p["provinceCode"],
            "lat": p["provinceLat"],
            "lon": p["provinceLon"],
            "province_2025": CANONICAL.get(merged["provinceShort"], merged["provinceShort"]),
            "code_2025": merged["provinceCode"],
            "districts": sorted(districts, key=lambda d: (d["code"] or "999", d["name"])),
        })
    provinces.sort(key=lambda p: p["code"])
    assert len(provinces) == 63, len(provinces)
    return {
        "source": f"vietnamadminunits {getattr(vietnamadminunits, '__version__', '1.0.4')}",
        "provinces": provinces,
    }


def main() -> int:
    data = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(data['provinces'])} provinces, "
          f"{sum(len(p['districts']) for p in data['provinces'])} districts)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
