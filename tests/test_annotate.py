"""kg.export.html: a standalone page with every reference highlighted, checked in a real browser too."""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import tempfile
from collections import Counter

import pytest
from conftest import SEEDS
from lxml import html as lhtml

from kg.export.html import AnnotateError, annotate, render
from kg.models import SELF, Extraction, Header, Mention, Relation

SEEDS_DIR = SEEDS

TEXT = (
    "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;\n"
    "Kế hoạch số 51/KH-UBND thực hiện Nghị quyết 57 & <Luật Đất đai>.\n"
)


def sample() -> Extraction:
    s1 = TEXT.index("57-NQ/TW")
    s2 = TEXT.index("51/KH-UBND")
    s3 = TEXT.index("Nghị quyết 57 ")
    s4 = TEXT.index("Luật Đất đai")
    mentions = [
        Mention(
            s1,
            s1 + 8,
            "57-NQ/TW",
            "full",
            symbol="57-NQ/TW",
            type="NQ",
            type_name="Nghị quyết",
            issuer="TW",
            date="2024-12-22",
        ),
        Mention(s2, s2 + 10, "51/KH-UBND", "full", symbol="51/KH-UBND", type="KH", ocr_repaired=True),
        Mention(s3, s3 + 13, "Nghị quyết 57", "short", refers_to="57-NQ/TW", confidence=0.9),
        Mention(s4, s4 + 12, "Luật Đất đai", "named"),
    ]
    line2 = TEXT.index("Kế hoạch")
    relations = [
        Relation(SELF, "based_on", "57-NQ/TW", 0, TEXT.index(";"), TEXT[: TEXT.index(";")]),
        Relation("51/KH-UBND", "implements", "57-NQ/TW", line2, len(TEXT) - 2, TEXT[line2:-2]),
    ]
    return Extraction("<test>", TEXT, Header(symbol="12/KH-UBND", type="Kế hoạch"), mentions, relations)


def refs(page: str) -> list:
    return lhtml.fromstring(page).xpath("//a[contains(concat(' ', @class, ' '), ' ref ')]")


def test_render_styles_fields_links():
    page = annotate("ignored", extraction=sample())
    tree = lhtml.fromstring(page)
    found = refs(page)
    assert [a.get("data-kind") for a in found] == ["full", "full", "short", "named"]
    assert [a.text_content() for a in found] == ["57-NQ/TW", "51/KH-UBND", "Nghị quyết 57", "Luật Đất đai"]
    assert {c for a in found for c in a.get("class").split()} >= {"ref-full", "ref-short", "ref-named", "ocr"}
    tip = found[0].get("data-tip")
    assert "symbol: 57-NQ/TW" in tip and "date: 2024-12-22" in tip and "issuer: TW" in tip
    assert "refers to: 57-NQ/TW" in found[2].get("data-tip")
    # full and short mention of one document link to the same index entry, which exists
    assert found[0].get("href") == found[2].get("href")
    for a in found:
        assert tree.xpath(f"//*[@id='{a.get('href')[1:]}']")
        assert (
            a.get("id")
            == f"m-{sample().mentions[found.index(a)].start}-{sample().mentions[found.index(a)].end}"
        )
    # relation cues and badges
    cues = tree.xpath("//article//mark[contains(@class,'cue')]")
    assert {c.text_content().lower() for c in cues} == {"căn cứ", "thực hiện"}
    badges = tree.xpath("//sup[contains(@class,'badge')][@data-tip]")
    assert {b.text_content() for b in badges} == {"based on", "implements"}
    # escaping: the text's own "<" and "&" survive as text
    assert "<Luật Đất đai>" in tree.xpath("//article")[0].text_content()


def test_standalone():
    page = annotate("ignored", extraction=sample())
    tree = lhtml.fromstring(page)
    assert not tree.xpath("//script|//img|//iframe|//link|//object|//embed|//*[@src]")
    assert "@import" not in page and "url(" not in page
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page


def test_overlaps_and_bad_spans_do_not_break_the_page():
    ex = sample()
    ex.mentions.append(Mention(1, 3, "ăn", "full", symbol="X"))  # overlaps nothing, fine
    ex.mentions.append(
        Mention(ex.mentions[0].start + 2, ex.mentions[0].end + 3, "x", "full", symbol="Y")
    )  # overlap
    ex.mentions.append(Mention(5, 10_000, "out of range", "full", symbol="Z"))
    page = render(ex)
    assert len(refs(page)) == 5  # the overlapping and the out-of-range one are dropped
    with pytest.raises(AnnotateError):
        annotate("x", ocr="maybe")


def gold_documents() -> dict:
    path = SEEDS_DIR / "gold.json"
    if not path.is_file():
        pytest.skip("seeds not found")
    return json.loads(path.read_text(encoding="utf-8"))["documents"]


@pytest.mark.parametrize("name", ["000_901c05cf8ceb719a.txt", "001_8c31e89f3e2dd93f.txt"])
def test_seeds_every_gold_reference_highlighted(name):
    gold = gold_documents()[name]
    page = annotate(SEEDS_DIR / name)
    found = refs(page)
    full = Counter(a.get("data-symbol") for a in found if a.get("data-kind") == "full")
    missing = Counter(gold["mentions"]) - full
    assert not missing, f"not highlighted: {dict(missing)}"
    shorts = {a.get("data-target") for a in found if a.get("data-kind") == "short"}
    assert set(gold["short_mentions"].values()) <= shorts
    assert any(a.get("data-iri", "").startswith("https://w3id.org/vn-legal-kg/id/") for a in found)


# --------------------------------------------------------------------------- a real browser


def find_browser() -> str | None:
    """chromium on PATH; installed with apt-get when missing and running as root (CI); else None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update"], capture_output=True, env=env, check=False)
        subprocess.run(["apt-get", "install", "-y", "chromium"], capture_output=True, env=env, check=False)
        return shutil.which("chromium")
    return None


def run_browser(browser: str, url: str, *extra: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                *extra,
                url,
            ],
            capture_output=True,
            text=True,
            check=False,
        )


@pytest.fixture(scope="module")
def browser() -> str:
    b = find_browser()
    if not b:
        pytest.skip("no headless browser available and it cannot be installed here")
    return b


@pytest.mark.slow
def test_in_browser(browser, tmp_path):
    src = SEEDS_DIR / "001_8c31e89f3e2dd93f.txt"
    page = annotate(src) if src.is_file() else annotate("ignored", extraction=sample())
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    dom = run_browser(browser, path.as_uri(), "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    tree = lhtml.fromstring(dom.stdout)
    # the browser parsed the same highlights (no broken nesting swallowed any)
    assert len(refs(dom.stdout)) == len(refs(page)) > 0
    assert all(a.get("data-tip") for a in refs(dom.stdout))
    assert tree.xpath("//section[@class='index']//tr[@id]")
    shot = tmp_path / "page.png"
    res = run_browser(browser, path.as_uri(), f"--screenshot={shot}", "--window-size=1100,1400")
    assert res.returncode == 0 and shot.is_file() and shot.stat().st_size > 20_000


def test_glob_guard():
    """The seeds directory layout the tests assume (two texts and the gold file)."""
    if not SEEDS_DIR.is_dir():
        pytest.skip("seeds not found")
    assert len(glob.glob(str(SEEDS_DIR / "*.txt"))) >= 2
