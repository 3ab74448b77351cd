"""OCR benchmark: do references survive a scan?

Twenty real corpus documents (``SET.md``), their first pages rendered to images with Pillow (a Unicode TTF),
degraded as a scanner and a fax degrade them (blur, slight skew, dust, JPEG), OCR'd with Tesseract's ``eng`` and
``vie`` models. The full mentions ``kg.extract(ocr_text, ocr="on")`` finds are scored against those of the clean
rendered text (``ocr="off"``): precision, recall, F1 per model, over multisets of symbols.

The rendered texts and the OCR outputs are cached under ``bench/ocr/cache/`` and committed, so the scoring runs
without Tesseract and without the corpus; ``--refresh`` renders and OCRs again (needs both).

    python bench/ocr/run.py                 # score the cached set
    python bench/ocr/run.py --misses        # and list every miss and false alarm
    python bench/ocr/run.py --set all       # the three sets
    python bench/ocr/run.py --refresh       # select, render, OCR again (Tesseract, ~10 min)
    python bench/ocr/run.py --set heldout   # the next 20 documents of each folder: scored before its misses were
                                            # read (SET-heldout.md)
    python bench/ocr/run.py --set harsh     # 20 more, tilted and blurred more, dustier, at 160 dpi (SET-harsh.md)
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import random
import re
import shutil
import subprocess
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

import kg  # noqa: E402

CACHES = {"dev": HERE / "cache", "heldout": HERE / "cache" / "heldout", "harsh": HERE / "cache" / "harsh"}
#: Which documents of each folder a set takes (after skipping this many quotas) and how hard its pages are
#: degraded: (tilt in degrees, blur radius range, JPEG quality range, dust count range, scale of the page).
SKIP = {"dev": 0, "heldout": 1, "harsh": 2}
DEGRADE = {
    "dev": (0.8, (0.5, 1.0), (30, 65), (300, 1500), 1.0),
    "heldout": (0.8, (0.5, 1.0), (30, 65), (300, 1500), 1.0),
    "harsh": (1.5, (0.8, 1.3), (15, 40), (1500, 4000), 0.8),
}
CACHE = CACHES["dev"]
CORPUS = ROOT.parent / "shared" / "corpus"
MODELS = ("eng", "vie", "vie+eng")  # vie+eng: what kg.readers.ocr runs
#: (corpus folder, documents taken): national decrees and laws (vbpl, TVPL), provincial decisions and letters
#: (tai_lieu_noi_bo, CongBot), Assembly resolutions on administrative units (dvhcvn).
QUOTA = (
    ("vbpl_vn__phanbasongtoan112-art_vbpl-layout-detection", 4),
    ("local_admin__tnt305_tai_lieu_noi_bo", 5),
    ("tvpl__johnPa02_thuvienphapluat-crawler", 4),
    ("tvpl__TuanHuu168_CongBot/tvpl_fulltext_md.jsonl", 4),
    ("dvhcvn__dvhcvn_20250701", 3),
)
LINES_PER_PAGE = 46
PAGES = 2
MIN_REFS = 6  # a document is taken when its first pages hold at least this many full references
FONTS = (
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)


@dataclass(frozen=True, slots=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0


def symbols(text: str, ocr: str) -> Counter:
    """The multiset of full-mention symbols ``kg.extract`` finds."""
    ext = kg.extract(text, ocr=ocr, with_relations=False)
    return Counter(m.symbol for m in ext.mentions if m.kind == "full" and m.symbol)


def score(want: Counter, got: Counter) -> Score:
    tp = sum((want & got).values())
    return Score(tp, sum(got.values()) - tp, sum(want.values()) - tp)


def cached_set(which: str = "dev") -> list[str]:
    """Document keys of the cached set, in SET.md order."""
    return json.loads((CACHES[which] / "index.json").read_text(encoding="utf-8"))["documents"]


def evaluate(model: str, which: str = "dev") -> tuple[Score, list[tuple[str, Counter, Counter]]]:
    """The score of one model over a cached set, and per document (key, missed, extra)."""
    tp = fp = fn = 0
    details = []
    cache = CACHES[which]
    for key in cached_set(which):
        clean = (cache / f"{key}.clean.txt").read_text(encoding="utf-8")
        ocr = (cache / f"{key}.{model}.txt").read_text(encoding="utf-8")
        want, got = symbols(clean, "off"), symbols(ocr, "on")
        s = score(want, got)
        tp, fp, fn = tp + s.tp, fp + s.fp, fn + s.fn
        details.append((key, want - got, got - want))
    return Score(tp, fp, fn), details


# --- selection and rendering (only with --refresh) -------------------------------------------------------------


def _plain(text: str) -> str:
    """Markdown marks and table rules removed (a printed page carries none), NFC."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\\-", "-").replace("\\.", ".").replace("\\*", "*")
    text = re.sub(r"\*+|^#+\s*", "", text, flags=re.M)
    lines = []
    for ln in text.splitlines():
        ln = ln.strip()
        if re.fullmatch(r"[|:\- ]*", ln):
            continue
        lines.append(re.sub(r"\s*\|\s*", "   ", ln).strip())
    return "\n".join(lines)


def _wrap(text: str, face, width: int) -> list[str]:
    lines: list[str] = []
    for para in text.splitlines():
        cur = ""
        for w in para.split():
            if cur and face.getlength(f"{cur} {w}") > width:
                lines.append(cur)
                cur = w
            else:
                cur = f"{cur} {w}".strip()
        if cur:
            lines.append(cur)
    return lines


def _key(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]


def select(which: str = "dev") -> list[tuple[str, str, str, int]]:
    """(key, source name, rendered text, font index): the first documents of each folder, in the order of the
    hash of their names, whose first pages hold ``MIN_REFS`` references; the other sets: the ones after those."""
    from PIL import ImageFont

    from kg.sources import Source, iter_sources

    out = []
    for folder, quota in QUOTA:
        items = [s for s in iter_sources([CORPUS / folder]) if isinstance(s, Source)]
        items.sort(key=lambda s: _key(s.name))
        taken, skip = 0, quota * SKIP[which]
        for s in items:
            if taken == quota + skip:
                break
            font_ix = int(_key(s.name), 16) % len(FONTS)
            face = ImageFont.truetype(FONTS[font_ix], 34)
            lines = _wrap(_plain(s.read()), face, 1380)[: LINES_PER_PAGE * PAGES]
            text = "\n".join(lines) + "\n"
            if sum(symbols(text, "off").values()) >= MIN_REFS:
                name = str(Path(s.name).relative_to(CORPUS)) if s.name.startswith(str(CORPUS)) else s.name
                if taken >= skip:
                    out.append((_key(s.name), name, text, font_ix))
                taken += 1
    return out


def render(text: str, font_ix: int, seed: int, which: str = "dev") -> list[bytes]:
    """Pages of ``text`` as 200-dpi A4 JPEGs: dust, a slight tilt, blur and JPEG loss that vary by document."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    tilt, blur, quality, dust, scale = DEGRADE[which]
    rnd = random.Random(seed)
    face = ImageFont.truetype(FONTS[font_ix], 34)
    lines = text.splitlines()
    out = []
    for start in range(0, len(lines), LINES_PER_PAGE):
        img = Image.new("L", (1654, 2339), 255)
        draw = ImageDraw.Draw(img)
        for k, ln in enumerate(lines[start : start + LINES_PER_PAGE]):
            draw.text((130, 130 + 45 * k), ln, font=face, fill=rnd.randrange(10, 60))
        for _ in range(rnd.randrange(*dust)):  # dust and speckle
            x, y = rnd.randrange(img.width), rnd.randrange(img.height)
            r = rnd.choice((0, 0, 0, 1))
            draw.ellipse((x - r, y - r, x + r, y + r), fill=rnd.randrange(40, 170))
        angle = rnd.uniform(-tilt, tilt)
        img = img.rotate(angle, fillcolor=255, resample=Image.BICUBIC)
        img = img.filter(ImageFilter.GaussianBlur(rnd.uniform(*blur)))
        if scale != 1.0:  # a coarser scan
            img = img.resize((int(img.width * scale), int(img.height * scale)), Image.BILINEAR)
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=rnd.randrange(*quality))
        out.append(buf.getvalue())
    return out


def tesseract(image: bytes, model: str) -> str:
    res = subprocess.run(
        ["tesseract", "stdin", "stdout", "-l", model],
        input=image,
        capture_output=True,
        check=True,
        env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"},
    )
    return res.stdout.decode("utf-8", "replace")


def refresh(which: str) -> None:
    """Select, render, OCR; write the cache and SET.md."""
    if shutil.which("tesseract") is None:
        sys.exit("--refresh needs Tesseract: bash scripts/install-system-deps.sh")
    chosen = select(which)
    cache = CACHES[which]
    cache.mkdir(exist_ok=True)
    rows = []
    for key, name, text, font_ix in chosen:
        (cache / f"{key}.clean.txt").write_text(text, encoding="utf-8")
        pages = render(text, font_ix, int(key, 16), which)
        for model in MODELS:
            path = cache / f"{key}.{model}.txt"
            if not path.is_file():
                path.write_text("\f".join(tesseract(p, model) for p in pages), encoding="utf-8")
                print(f"OCR {key} {model}", file=sys.stderr)
        rows.append((key, name, Path(FONTS[font_ix]).stem, len(pages), sum(symbols(text, "off").values())))
    (cache / "index.json").write_text(json.dumps({"documents": [r[0] for r in rows]}, indent=1) + "\n")
    _write_set(rows, which)


def _write_set(rows: list[tuple[str, str, str, int, int]], which: str) -> None:
    skip = "after those the earlier sets took, " if SKIP[which] else ""
    where = str(CACHES[which].relative_to(HERE))
    head = (
        f"# OCR test set ({which})\n\nMade by `python bench/ocr/run.py --refresh --set {which}` (see its docstring): "
        f"per corpus folder, {skip}the documents in the order of the\nSHA-256 of their source names whose first "
        f"{PAGES} pages ({LINES_PER_PAGE} lines each) hold at least {MIN_REFS} full references.\n"
        f"Cache files: `{where}/<key>.clean.txt` (the rendered text), "
        + ", ".join(f"`{where}/<key>.{m}.txt`" for m in MODELS)
        + " (Tesseract 5).\n\n| key | source | font | pages | references |\n|---|---|---|---|---|\n"
    )
    body = "".join(f"| {k} | `{n}` | {f} | {p} | {r} |\n" for k, n, f, p, r in rows)
    total = sum(r[4] for r in rows)
    name = f"SET-{which}.md" if which != "dev" else "SET.md"
    (HERE / name).write_text(head + body + f"\n{len(rows)} documents, {total} references.\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--refresh", action="store_true", help="select, render and OCR again (needs Tesseract)")
    ap.add_argument("--misses", action="store_true", help="list misses and false alarms per document")
    ap.add_argument("--set", choices=[*CACHES, "all"], default="dev", help="which set (default dev)")
    args = ap.parse_args()
    if args.refresh:
        if args.set == "all":
            sys.exit("--refresh takes one set")
        refresh(args.set)
    print(f"{'set':8} {'model':6} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}")
    for which in CACHES if args.set == "all" else [args.set]:
        for model in MODELS:
            s, details = evaluate(model, which)
            print(f"{which:8} {model:6} {s.p:6.3f} {s.r:6.3f} {s.f1:6.3f} {s.tp:4} {s.fp:4} {s.fn:4}")
            if args.misses:
                for key, missed, extra in details:
                    if missed or extra:
                        print(f"  {key} missed {dict(missed)} extra {dict(extra)}")


if __name__ == "__main__":
    main()
