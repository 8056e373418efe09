"""Number rules of the rule linker: which numbers can be counts at all, and their units.

A number is no count when it is a percentage or a range, part of a cue ("mũi 2", "đợt dịch
thứ 4"), followed by a non-counting noun ("75 tuổi", "49 tỉnh thành", "3.470 giường"), an
identifier or address part ("BN 1234", "phòng 305", "phường 12"), an age ("ở tuổi 59"), a
year, a per-day capacity without "trung bình", or a spelled word outside a list slot. A
countable number is still no record when its own cues block it: a threshold, a rate, a plan
or capacity, vaccine received, a subset by test result.
"""
from __future__ import annotations

import re

from ..resolve.numbers import Quantity
from .cues import Cue
from .event_rules import CASE_NOUNS
from .structure import ECHO, Analysis, Sentence

# A comparison before a signed figure makes it a change: "So với hôm qua: +412 ca".
_COMPARED = re.compile(r"(?<![^\W_])(?:so với|tăng|giảm)(?![^\W_])")
# Words after which a bare number is an identifier or part of an address, not a count.
ID_WORDS = ("số", "bn", "bệnh nhân", "ca bệnh", "mã", "phòng", "tầng", "tổ", "khu phố", "phường",
            "ấp", "thôn", "ngõ", "ngách", "hẻm", "kiệt", "đường", "lô", "nhà", "căn hộ", "block",
            "khu", "xóm", "bản", "chuyến bay", "xe", "giường", "buồng", "khoa", "cổng", "km",
            "lần")  # "âm tính lần 1": an ordinal
# A whole word only: "Gò Vấp 902" is a district's figure, "ấp 3" a hamlet's number.
# "tổng số 3.402.516 liều", "con số 5.961": "số" there is "the number of", not "No.".
_ID_BEFORE = re.compile(r"(?<![^\W\d_])(?<!tổng )(?<!con )(?:%s)$"
                        % "|".join(map(re.escape, ID_WORDS)))
# A numbered name: a kind of place, a capitalised name, then its number.
_NAMED_BEFORE = re.compile(r"(?<![^\W_])(?:[Kk]hu phố|KCN|[Kk]hu công nghiệp|CCN|[Cc]ụm công nghiệp|"
                           r"[Cc]hung cư|[Tt]òa nhà|[Tt]hôn|[Ấấ]p|[Xx]óm|[Tt]ổ dân phố|[Kk]hu|"
                           r"[Tt]rường (?:THPT|THCS|TH|[Tt]iểu học|[Mm]ầm non|[Tt]rung học))"
                           r"(?:\s+[A-ZÀ-ỸĐ][^\W\d_]*){1,3}\s+$")
_AT_HOME = re.compile(r"(?:tại|ở) nhà$")  # "cách ly tại nhà 3.612": no house number
# A rate per day right after a figure: "8.000 mẫu/ngày", "8.000 mẫu đơn mỗi ngày".
_PER_DAY_AFTER = re.compile(r"\s*(?:[^\W\d_]+[ \t]*){0,3}?(?:/\s*ngày|mỗi ngày|một ngày)(?![^\W_])")
_AGE_AFTER = re.compile(r"\s*\d+\s*tuổi")
# A figure per head of population is a rate: "bình quân cứ 1 triệu người có 4.420 ca",
# "328 ca/100.000 dân", "số ca trên 1 triệu dân".
_PER_POPULATION = re.compile(r"(?:cứ|trên|/|mỗi)\s*(?:1\s*|một\s*)?(?:triệu|100\.000|100 nghìn|10\.000|"
                             r"nghìn|vạn)\s*(?:người|dân)(?![^\W_])")
# The figure itself is given per head ("328 ca/100.000 dân", "45 ca trên 1 triệu dân").
_PER_HEAD_AFTER = re.compile(r"\s*(?:ca(?: mắc| nhiễm)?|F0|người|trường hợp)?\s*" + _PER_POPULATION.pattern)
# Why a figure is blocked when no reading of it is a count: the trained linker keeps these out.
PER_HEAD_BLOCK = "per_head"
# The size of a pool of samples: "mẫu gộp 10", "(gộp 5 người/mẫu)", "5 người/mẫu".
_POOL_BEFORE = re.compile(r"(?<![^\W_])gộp(?:\s+mẫu)?\s*$")
_POOL_AFTER = re.compile(r"\s*người\s*(?:/|một|mỗi|trên)\s*mẫu(?![^\W_])")
_AGE_RANGE_AFTER = re.compile(r"\s*(?:đến|tới|-|–)\s*(?:dưới\s*)?\d+\s*tuổi")
_RESPECTIVELY = re.compile(r"(?<![^\W_])lần lượt(?![^\W_])")
_RUN_SEPARATOR = re.compile(r"\s*(?:,\s*|(?<![^\W_])và\s+|,\s*và\s+)\Z|\A\s*\Z")
_LEAD_IN = re.compile(r"\s*(?:là|:)?\s*(?:[^\W\d_]+\s+){0,3}")  # "lần lượt ghi nhận 7.662"
_COUNT_NOUN = re.compile(r"\s+(?:ca|trường hợp|người|bệnh nhân|mũi|liều|mẫu|lượt|f[0-3])(?![^\W_])")
_SHARE_WORDS = re.compile(r"(?<![^\W_])(?:mỗi|đều|cùng|là|có|tỉnh|nơi|địa phương|quận|huyện|phường|xã|"
                          r"thành phố|thị xã|ca)(?![^\W_])")
_COPULA_BEFORE = re.compile(r"(?:(?<![^\W_])là|:)\s*$")
_CLAUSE_END = re.compile(r"\s*(?:[,.;)\n]|\(|$)")
_ENUMERATOR = re.compile(r"(?:[.)/][ \t]+|[ \t]*\|)(?=\D)")
_PER_DAY = re.compile(r"\s*(?:[^\W\d_]+ ?){0,2}/ ?(?:ngày|tuần)")


# A case noun opening a cue: "18 ca dương tính", "55 ca trong nước" (see _counted_in_ca).
_CASE_NOUN_AT = re.compile(r"(?:ca|f0)(?![^\W_])")
_CASES_WHO_WERE = re.compile(r"\s*(?:ca|trường hợp|bệnh nhân)\s+(?:đều\s+)?là\s+f[123](?![^\W_])")
# People found positive, right after their count and noun: "phát hiện 73 học sinh dương
# tính", "mười một người dương tính", "23 nhân viên có kết quả dương tính".
_POSITIVE_AFTER = re.compile(r"[^\S\n]+(?!mẫu)(?:[^\W\d_]+[^\S\n]+){0,2}?(?:có kết quả[^\S\n]+"
                             r"(?:xét nghiệm[^\S\n]+)?)?dương tính(?![^\W_])")  # (a sample is no case)

class NumberRules:
    """Mixin of :class:`vnepi.pipeline.linker.RuleLinker`: which numbers can be counts."""

    @staticmethod
    def _counted_in_ca(a: Analysis, q: Quantity, unit: Cue | None, right: list[Cue]) -> bool:
        """The number's own noun is a case noun ("18 ca", "18 ca dương tính", "55 ca trong
        nước", "5 F0")."""
        if unit is not None and unit.value in CASE_NOUNS:
            return True
        return any(c.start - q.end <= 2 and _CASE_NOUN_AT.match(a.norm, c.start) for c in right)

    @staticmethod
    def _cases_who_were(a: Analysis, q: Quantity) -> bool:
        """The number counts cases described as contacts ("104 ca là F1 đã được cách ly")
        or as people found positive ("phát hiện 73 học sinh dương tính")."""
        return _CASES_WHO_WERE.match(a.norm, q.end) is not None or \
            _POSITIVE_AFTER.match(a.norm, q.end) is not None

    def _unit(self, a: Analysis, q: Quantity) -> Cue | None:
        """The counting (or non-counting) noun right after a number (past a spelled-out
        echo of it: "38 (ba mươi tám) trường hợp")."""
        key = ("unit", q.start)
        if key in a.cache:  # asked for by several rules per number
            return a.cache[key]
        unit = self._read_unit(a, q)
        if unit is None:
            run = self._respective_runs(a, a.sentence_of(q.start)).get(q.start)
            if run is not None and run[1] is not q:
                unit = self._read_unit(a, run[1])  # "lần lượt 7.662, 6.940 và 5.307 ca"
        a.cache[key] = unit
        return unit

    def _respective_runs(self, a: Analysis, s: Sentence) -> dict[int, tuple]:
        """Figures given "respectively" for the places listed before them: "Các tỉnh Tiền
        Giang, Vĩnh Long, Trà Vinh lần lượt ghi nhận 7.662, 6.940 và 5.307 ca". Maps each
        number's start to (its place, the run's last number)."""
        key = ("respectively", s.index)
        if key in a.cache:
            return a.cache[key]
        out: dict[int, tuple] = {}
        for m, run in self._respective_numbers(a, s):
            places = a.places_in(s.start, m.start())
            if len(places) < len(run):
                continue
            named = places[-len(run):]
            if all(a.norm[x.end:y.start].strip(" ,") in ("", "và") for x, y in zip(named, named[1:])):
                out.update({q.start: (p, run[-1]) for q, p in zip(run, named)})
        a.cache[key] = out
        return out

    def _respective_events(self, a: Analysis, s: Sentence) -> dict[int, str]:
        """Figures given "respectively" for the events listed before them: "Số F2 và F3
        cách ly tại nhà lần lượt là 21.406 và 36.918 người", "tiêm mũi 1 và mũi 2 lần lượt
        là ...". Maps each number's start to its event."""
        key = ("respective events", s.index)
        if key in a.cache:
            return a.cache[key]
        out: dict[int, str] = {}
        for m, run in self._respective_numbers(a, s):
            lo = max(s.start, a.norm.rfind(";", s.start, m.start()) + 1)
            cues = [c for c in a.cues_in(lo, m.start()) if c.category == "event"]
            # The longest cue of each overlap ("ca tử vong", not its "tử vong").
            cues = [c for c in cues if not any(o is not c and o.start <= c.start and c.end <= o.end
                                               and o.end - o.start > c.end - c.start for o in cues)]
            n = len(run)
            for i in range(len(cues) - n, -1, -1):  # the coordination nearest "lần lượt"
                named = cues[i:i + n]
                if all(a.norm[x.end:y.start].strip(" ") in (",", "và", ", và") for x, y in
                       zip(named, named[1:])) and len({c.value for c in named}) == n:
                    out.update({q.start: str(c.value) for q, c in zip(run, named)})
                    break
        a.cache[key] = out
        return out

    @staticmethod
    def _respective_numbers(a: Analysis, s: Sentence) -> list[tuple[re.Match, list[Quantity]]]:
        """Each "lần lượt" of the sentence with the run of two or more numbers after it."""
        key = ("respective numbers", s.index)
        if key in a.cache:
            return a.cache[key]
        out = []
        for m in _RESPECTIVELY.finditer(a.norm, s.start, s.end):
            run: list[Quantity] = []
            pos = m.end()
            noun: str | None = None  # "lần lượt 918 ca và 706 ca": each number's noun repeated
            for q in a.quantities_in(m.end(), s.end):
                gap = a.norm[pos:q.start]
                if run:
                    sep = _RUN_SEPARATOR.search(gap)
                    if sep is None or noun not in (None, gap[:sep.start()].strip()) or \
                            len(gap[:sep.start()].split()) > 2:
                        break
                    noun = gap[:sep.start()].strip()
                if not run and not _LEAD_IN.fullmatch(gap):
                    break
                run.append(q)
                pos = q.end
            if len(run) >= 2:
                out.append((m, run))
        a.cache[key] = out
        return out

    @staticmethod
    def _noun_start(a: Analysis, q: Quantity) -> int:
        """Where the noun after a number would start: past a spelled-out echo of it, spaces
        and a closing parenthesis ("38 (ba mươi tám) trường hợp", "(931) mũi 3")."""
        pos = q.end
        echo = ECHO.match(a.text, pos)
        if echo is not None:
            pos = echo.end()
        while pos < len(a.text) and a.text[pos] in " )\u00a0":
            pos += 1
        return pos

    def _read_unit(self, a: Analysis, q: Quantity) -> Cue | None:
        best = None
        for c in a.cues_at(self._noun_start(a, q)):
            if c.category in ("unit", "noncount"):
                if best is None or c.end - c.start > best.end - best.start:
                    best = c
        return best

    @staticmethod
    def _blocked(a: Analysis, q: Quantity, c0: int, left: list[Cue], near_left: list[Cue],
                 right: list[Cue], unit: Cue | None) -> str | None:
        """Why a countable number is still no record, from its own cues (``c0``: the start
        of its clause): a threshold, a rate, a plan or capacity, vaccine received, a subset
        by test result or results received; None when nothing blocks it."""
        # "dưới 70 ca" is a threshold, but "trẻ từ 5 đến dưới 12 tuổi 267.981 liều" an age bound.
        if any(c.category == "threshold" and not _AGE_AFTER.match(a.norm, c.end)
               for c in near_left):
            return "threshold"
        if _PER_HEAD_AFTER.match(a.norm, q.end):
            return PER_HEAD_BLOCK  # "328 ca/100.000 dân": never a count, whatever its verb
        c1 = a.clause_bounds(q.start)[1]
        per_head = _PER_POPULATION.search(a.norm, c0, c1)
        if per_head is not None and per_head.start() <= q.start:
            return PER_HEAD_BLOCK  # "bình quân cứ 1 triệu người có 4.420 ca": both numbers
        if "tỷ lệ" in a.norm[c0:q.start] or per_head is not None:
            return "rate"
        if any(c.category == "plan" and (q.start - c.end <= 40 or _PER_DAY_AFTER.match(a.norm, q.end))
               for c in left):
            return "plan"  # "dự kiến lấy 12.000 mẫu", "năng lực ... đạt khoảng 8.000 mẫu/ngày"
        if unit is not None and unit.value == "liều" and any(
                c.category == "received" and q.start - c.end <= 40 for c in left):
            return "received"
        if any(c.category == "subset" for c in right if c.start - q.end < 45) or any(
                c.category in ("subset", "result") for c in near_left):
            return "subset"  # "129 F1 đã có kết quả âm tính", "đã có kết quả 13.540 mẫu"
        return None

    def _countable(self, a: Analysis, q: Quantity) -> bool:
        if q.percent or q.upper is not None:
            return False
        if q.text[:1] == "0" and q.text[1:2].isdigit() and sum(map(str.isdigit, q.text)) >= 4:
            return False  # "0905 ...", "0203.3862.xxx": a phone number; a padded count is "03 ca"
        # "tiêm 1 mũi", "mũi 2", "đợt dịch thứ 4", "tầng 3": the number is part of a cue.
        # A spelled number is no cue of the same word: "thêm năm ca" is five cases, not a year.
        if any(c.start <= q.start and q.end <= c.end and c.category != "unit"
               and not (q.spelled and c.start == q.start and c.end == q.end)
               for c in a.cues_near(q.start)):
            return False
        if _PER_DAY.match(a.norm, q.end):
            return self._rate_is_average(a, q)
        unit = self._unit(a, q)
        if unit is not None and unit.category == "noncount":
            return False
        before = a.norm[max(0, q.start - 14):q.start].rstrip()
        # Numbers that name something (patients, rooms, wards, alleys) or give an age.
        if unit is None and _ID_BEFORE.search(before) and not _AT_HOME.search(before) and not any(
                q.start - p.end <= 3 for p in a.places_in(q.start - 40, q.start)):
            return False  # "phòng 12", "ấp 3"; but "Hải Phòng 404" is a province's figure
        named = _NAMED_BEFORE.search(a.text, max(0, q.start - 50), q.start) if unit is None else None
        school = named is not None and named.group().lower().startswith("trường")
        if named is not None and (_CLAUSE_END.match(a.norm, q.end) if school else not any(
                q.start - p.end <= 3 for p in a.places_in(q.start - 40, q.start))):
            # "khu phố Bình Đức 1", "KCN Mỹ Phước 3"; a school's name may hold a place's
            # ("tại Trường THPT Hoằng Hóa 4."), and a list of schools their figures
            # ("Trường THCS Liên Nghĩa 918 em")
            return False
        if q.value <= 20 and (_POOL_BEFORE.search(before) or _POOL_AFTER.match(a.norm, q.end)):
            return False  # "gộp 5 người/mẫu": how many people share a sample
        if _AGE_RANGE_AFTER.match(a.norm, q.end):
            return False  # "trẻ từ 5 đến dưới 12 tuổi": the start of an age range
        if before.endswith(("tuổi", "độ tuổi", "lần thứ", "thứ")) and not (
                before.endswith("tuổi") and unit is not None and unit.category == "unit"):
            return False  # "ở tuổi 59"; but "trẻ từ 12 đến 17 tuổi 224.561 liều" counts doses
        if a.text[q.end:q.end + 4].lstrip().startswith("(BN"):
            return False
        # A year is written in digits: "hai nghìn mũi", "2 nghìn liều" are figures.
        if isinstance(q.value, int) and 1900 <= q.value <= 2099 and not q.spelled \
                and q.multiplier == 1 \
                and (before.endswith("năm") or unit is None and not q.text.count(".")):
            return False
        if q.spelled and unit is None and not self._list_slot(a, q) and \
                not _COUNT_NOUN.match(a.norm, q.end) and not self._predicate_slot(a, q):
            return False  # "một số", "hai bên"; but "bốn ca dương tính" counts
        if _ENUMERATOR.match(a.text, q.end) and \
                not a.text[a.text.rfind("\n", 0, q.start) + 1:q.start].strip(" \t|"):
            # "01. TP Tuy Hòa: ...", "2/ Truy vết:", "1 | Hà Nội | ...", "| 4 | Đống Đa | 99 |":
            # a running number
            return False
        return True

    @staticmethod
    def _plus_new(a: Analysis, q: Quantity, lo: int, right: list[Cue]) -> bool:
        """A plus sign that marks the day's new figure, not a change: "+10.934 F0 | +348 TV",
        "+158 ca dương tính mới": a count noun or event right after it, no parenthesis
        around it ("Khánh Hòa (+204 ca)") and no comparison between ``lo`` and it ("So với hôm
        qua: +412 ca")."""
        return q.text[:1] == "+" and bool(right) and right[0].start - q.end <= 1 \
            and right[0].category in ("unit", "event") \
            and a.text[max(0, q.start - 2):q.start].strip() != "(" \
            and _COMPARED.search(a.norm, lo, q.start) is None

    def _rate_is_average(self, a: Analysis, q: Quantity) -> bool:
        """"5.656 ca/ngày" is an average when the sentence says so; else a capacity."""
        s = a.sentence_of(q.start)
        return any(c.category == "average" for c in a.cues_in(s.start, q.start))

    def _slot(self, a: Analysis, q: Quantity) -> bool:
        """A bare number in a list position: after a place ("Hà Nội (430)", "Bình Dương
        13") or after a colon ("Tử vong: 233")."""
        before = a.text[max(0, q.start - 3):q.start].rstrip(" (")
        if before.endswith(":"):
            return True
        return any(p.end <= q.start and q.start - p.end <= 3 for p in a.places_near(q.start))

    @staticmethod
    def _predicate_slot(a: Analysis, q: Quantity) -> bool:
        """A spelled number that closes a clause after "là" or a colon, with an event
        named before it: "Số ca tử vong trong ngày là hai, số ca khỏi bệnh là 15"."""
        if not _COPULA_BEFORE.search(a.norm, max(0, q.start - 6), q.start) or \
                not _CLAUSE_END.match(a.text, q.end):
            return False
        c0, _ = a.clause_bounds(max(0, q.start - 6))
        return any(c.category == "event" for c in a.cues_in(c0, q.start))

    def _list_slot(self, a: Analysis, q: Quantity) -> bool:
        """A bare number closing a list item: "Hà Nội và Ninh Thuận một."."""
        after = a.text[q.end:q.end + 2]
        if after and after[0] not in ",.;)\n":
            return False
        before = a.places_in(q.start - 80, q.start)
        # "Tây Ninh, Đồng Tháp mỗi tỉnh bốn": only a distributive phrase may come between.
        return bool(before) and not _SHARE_WORDS.sub(" ", a.norm[before[-1].end:q.start]).strip(" ,:")

    def _unit_end(self, a: Analysis, q: Quantity) -> int:
        unit = self._unit(a, q)
        return unit.end if unit is not None and unit.category == "unit" else q.end
