"""Make ``kg/data/laws.tsv`` (national laws, codes, ordinances, the Constitution) from the corpus.

Three kinds of evidence pair a title with a number:
- a law's own text: the heading "LUẬT / TỔ CHỨC CHÍNH QUYỀN ĐỊA PHƯƠNG", "Luật số: 72/2025/QH15", the date line;
- citations that give title AND number ("Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 …");
- vbpl breadcrumb titles ("Luật Viên chức số 129/2025/QH15").
A number gets the title most of its evidence gives (a strict majority, else it is dropped); a title+year that two
numbers claim is dropped too: the table keeps only pairings that are not in doubt. An amending law ("Luật sửa đổi,
bổ sung một số điều của Luật …") is its own row, with the numbers it amends in ``amends``.

Usage: ``python scripts/make_law_table.py [CORPUS] > kg/data/laws.tsv`` (default corpus /work/shared/corpus).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from kg.text.fold import fold_key, nfc

TYPES = {"luat": "Luật", "bo luat": "Bộ luật", "phap lenh": "Pháp lệnh", "hien phap": "Hiến pháp"}
NUMBER = r"(\d{1,3}/(?:19|20)\d\d/(?:QH|UBTVQH)\d{1,2})"
DATE = r"ngày\s+(\d{1,2})\s*(?:tháng|/)\s*(\d{1,2})\s*(?:năm|/)\s*((?:19|20)\d\d)"
#: "Luật <Title> số N/YYYY/QHxx": a title has no digit, no ";" and no sentence end.
CITED = re.compile(
    rf"((?:Bộ luật|Luật|Pháp lệnh)\s+[^\d;:.()\[\]\"“”]{{2,220}}?)\s+số\s+{NUMBER}(?:\s+{DATE})?"
)
OWN_NUMBER = re.compile(rf"(?:Luật|Pháp lệnh|Bộ luật)?\s*[Ss]ố\s*:?\s*{NUMBER}")
OWN_TYPE = {"LUẬT": "Luật", "BỘ LUẬT": "Bộ luật", "PHÁP LỆNH": "Pháp lệnh"}
START = re.compile(r"(?:^|\s)(Bộ [Ll]uật|(?<!Bộ )Luật|Pháp lệnh)\s+(?=\S)")
#: Terms of the National Assembly and the year each began: a number whose year is outside its term is a typo.
TERMS = {10: 1997, 11: 2002, 12: 2007, 13: 2011, 14: 2016, 15: 2021, 16: 2026}
NOT_TITLE = re.compile(
    r"Căn cứ|Nghị quyết|Nghị định|Quyết định|Thông tư|QUỐC HỘI|\s(?:tại|theo|thì|được|đã)\s"
)
AMENDS = re.compile(r"sửa đổi|bổ sung")


def texts(corpus: Path):
    """(source, text) of every document and vbpl title in the corpus."""
    for path in sorted(corpus.rglob("*")):
        if path.suffix == ".jsonl":
            for line in path.open(encoding="utf-8"):
                obj = json.loads(line)
                rel = f"{path.relative_to(corpus)}#{obj.get('id', '')}"
                for key in ("text", "text_from_chunks", "raw_text"):
                    if isinstance(obj.get(key), str):
                        yield rel, "text", obj[key]
                if isinstance(obj.get("title"), str):
                    yield rel, "title", obj["title"]
        elif path.suffix in {".txt", ".md"} and path.name != "SOURCES.md":
            yield str(path.relative_to(corpus)), "text", path.read_text(encoding="utf-8", errors="replace")


def clean(text: str) -> str:
    """NFC, markdown emphasis and escapes removed, line breaks and runs of spaces joined."""
    text = nfc(text).replace("\\-", "-").replace("**", "").replace("\u200b", "")
    return re.sub(r"\s+", " ", text)


def title_of(span: str) -> str | None:
    """The law title in a span that ends before "số N": the last "Luật X" unless it is the amended law of a
    "Luật sửa đổi, bổ sung … của Luật X"."""
    starts = [m for m in START.finditer(span)]
    if not starts:
        return None
    first_amending = next((m for m in starts if AMENDS.match(span[m.end() :])), None)
    m = first_amending or starts[-1]
    kind = "Bộ luật" if m.group(1).startswith("Bộ") else m.group(1)
    words = span[m.end() :].strip(" ,").split()
    if not words or words[0] in {"số", "này", "và"} or len(words) > 30 or NOT_TITLE.search(" ".join(words)):
        return None
    if not first_amending and not words[0][0].isupper():
        return None  # "luật hiện hành", "Luật được …": not a title
    return f"{kind} {' '.join(words)}"


def own_heading(raw: str) -> str | None:
    """The title a law's own text gives itself: "LUẬT" then one to three upper-case lines."""
    lines = [ln.strip(" *#\t") for ln in nfc(raw[:4000]).splitlines()]
    for i, ln in enumerate(lines):
        if ln in OWN_TYPE:
            rest = []
            for nxt in lines[i + 1 : i + 6]:
                if not nxt and not rest:
                    continue
                if not nxt or not nxt.isupper() or re.search(r"\d", nxt):
                    break
                rest.append(nxt)
            if rest and len(rest) <= 3:
                return OWN_TYPE[ln] + " " + " ".join(rest).lower()
    return None


def in_term(number: str) -> bool:
    m = re.match(r"\d+/(\d{4})/(?:QH|UBTVQH)(\d+)$", number)
    if not m or int(m.group(2)) not in TERMS:
        return False
    start = TERMS[int(m.group(2))]
    return start <= int(m.group(1)) <= start + 5


def iso(d: str, m: str, y: str) -> str | None:
    if 1 <= int(d) <= 31 and 1 <= int(m) <= 12:
        return f"{y}-{int(m):02d}-{int(d):02d}"
    return None


def main(corpus: Path) -> None:
    titles: dict[str, Counter[str]] = defaultdict(Counter)  # number -> title spellings
    dates: dict[str, Counter[str]] = defaultdict(Counter)
    sources: dict[str, str] = {}
    examples: dict[tuple[str, str], str] = {}  # (folded title, year) -> a citation by title only
    own: dict[str, str] = {}
    for src, kind, raw in texts(corpus):
        text = clean(raw)
        if kind == "text":
            name, mn = own_heading(raw), OWN_NUMBER.search(clean(raw[:4000]))
            if name and mn:
                titles[mn.group(1)][name] += 3
                own[mn.group(1)] = src
                md = re.search(DATE, text[:3000])
                if md and md.group(3) == mn.group(1).split("/")[1]:
                    dates[mn.group(1)][iso(*md.groups()) or ""] += 3
        for m in CITED.finditer(text):
            title = title_of(m.group(1))
            if title is None:
                continue
            number = m.group(2)
            titles[number][title] += 1
            sources.setdefault(number, src)
            if m.group(3) and m.group(5) == number.split("/")[1]:
                dates[number][iso(m.group(3), m.group(4), m.group(5)) or ""] += 1
        for m in re.finditer(rf"((?:Bộ luật|Luật|Pháp lệnh)\s+[^\d;:.()\[\]]{{2,220}}?)\s+{DATE}", text):
            title = title_of(m.group(1))
            if title:
                examples.setdefault((fold_key(title), m.group(4)), m.group(0))
    rows = []
    for number, spellings in titles.items():
        if not in_term(number):
            continue
        by_key: Counter[str] = Counter()
        for t, c in spellings.items():
            by_key[fold_key(t)] += c
        key, kn = by_key.most_common(1)[0]
        if kn * 2 <= sum(by_key.values()):
            continue  # no strict majority: the pairing is in doubt
        spelled = max(
            (t for t in spellings if fold_key(t) == key), key=lambda t: (spellings[t], t[1:] != t[1:].lower())
        )
        date = next((d for d, _ in dates[number].most_common() if d), "")
        rows.append((spelled, number, date))
    claims: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for title, number, _ in rows:
        claims[(fold_key(title), number.split("/")[1])][number] = sum(titles[number].values())
    out = []
    for title, number, date in rows:
        year = number.split("/")[1]
        votes = claims[(fold_key(title), year)]
        if votes[number] <= 3 * (sum(votes.values()) - votes[number]):
            continue  # two numbers for one title and year, neither far ahead: in doubt
        kind = next(v for k, v in TYPES.items() if fold_key(title).startswith(k + " "))
        if re.search(r"(?:của|số điều|sửa đổi|bổ sung)$", title) or (kind == "Pháp lệnh") != (
            "UBTVQH" in number
        ):
            continue  # a title cut at a line break, or a law with an ordinance's number
        amends = ""
        if AMENDS.search(title):
            named = re.findall(
                r"(?:Bộ luật|Luật|Pháp lệnh) [^,;]+?(?=,|;| và (?:Bộ luật|Luật|Pháp lệnh)|$)",
                title.split(" của ", 1)[-1],
                flags=re.I,
            )
            amended = []
            for inner in named:  # the latest law of that title passed before the amending one
                before = [n for t, n, _ in rows if fold_key(t) == fold_key(inner) and n.split("/")[1] < year]
                if before:
                    amended.append(max(before, key=lambda n: (n.split("/")[1], int(n.split("/")[0]))))
            amends = ";".join(sorted(amended))
        example = examples.get((fold_key(title), year), title)
        out.append(
            (title, number, date, kind, amends, own.get(number) or sources.get(number, "manual"), example)
        )
    out.append(
        (
            "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam",
            "",
            "2013-11-28",
            "Hiến pháp",
            "",
            "manual",
            "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2013",
        )
    )
    out = [MANUAL_TITLES.get(r[1], {}).get("row", r) for r in out]
    print(HEADER, end="")
    print("title\tnumber\tdate\ttype\tamends\tsource\texample")
    for row in sorted(out, key=lambda r: (fold_key(r[0]), r[1])):
        print("\t".join(c.replace("\t", " ") for c in row))


#: Rows the corpus pairs wrongly, corrected by hand: 36/2009/QH12 is the 2009 amending law, which the vbpl page
#: titles with the name of the law it amends (50/2005/QH11).
MANUAL_TITLES: dict[str, dict[str, tuple[str, ...]]] = {
    "36/2009/QH12": {
        "row": (
            "Luật sửa đổi, bổ sung một số điều của Luật Sở hữu trí tuệ",
            "36/2009/QH12",
            "2009-06-19",
            "Luật",
            "50/2005/QH11",
            "manual",
            "Luật Sửa đổi, bổ sung một số điều của Luật Sở hữu trí tuệ ngày 19 tháng 06 năm 2009",
        )
    }
}

HEADER = """# National laws, codes (Bộ luật), ordinances (Pháp lệnh) and the Constitution, by title and number. Read by
# kg.graph.laws: a law cited by title WITH a year ("Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025")
# is minted as the numbered document of that title and year; without a year it stays unresolved with the rows of
# that title as candidates. Made from the corpus by scripts/make_law_table.py (a title keeps a number only with a
# strict majority of the evidence); extend it with $KG_TABLES/laws.tsv.
# title: as in the law's heading; number: N/YYYY/QHxx; date: YYYY-MM-DD when known; type: Luật, Bộ luật, Pháp lệnh,
# Hiến pháp; amends: numbers an amending law amends (";"-separated); source: corpus file#id the row was learned from,
# or "manual"; example: a real citation of the law by title (tests/test_laws.py replays it).
"""


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/corpus"))
