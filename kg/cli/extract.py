"""The per-document commands: ``kg extract``, ``kg eval`` and ``kg annotate``, thin wrappers over
:func:`kg.extract`, :func:`kg.extraction.evaluate.evaluate` and :func:`kg.export.html.annotate`."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

import kg.errors
from kg.cli.options import default_store, format_option, ocr_option, output_option, store_option
from kg.models import Extraction
from kg.readers import ReadResult
from kg.text.decode import InputError


def _table(r: Extraction) -> str:
    d = r.document
    lines = [f"== {r.source}" + ("  [OCR]" if r.ocr else "")]
    for label, value in (
        ("symbol", d.symbol),
        ("type", d.type),
        ("issuer", d.issuer),
        ("parent", d.issuer_parent),
        ("place", d.place),
        ("date", d.date),
        ("subject", d.subject),
        ("to", "; ".join(d.recipients) or None),
        ("signer", d.signer),
    ):
        if value:
            lines.append(f"  {label:8} {value}")
    lines.append(f"  {len(r.mentions)} mentions")
    for m in r.mentions:
        what = m.symbol or (f"-> {m.refers_to}" if m.refers_to else m.text.replace("\n", " "))
        extra = " ".join(x for x in (m.type_name, m.date, m.issuer_name) if x)
        lines.append(f"    {m.start:>6}-{m.end:<6} {m.kind:5} {what:28} {extra}")
    lines.append(f"  {len(r.relations)} relations")
    for x in r.relations:
        lines.append(f"    {x.subject:24} {x.predicate:12} {x.object}")
    return "\n".join(lines)


def _emit(r: Extraction, fmt: str, read: ReadResult | None = None) -> None:
    if fmt == "jsonl":
        obj = r.to_json()
        if read is not None:  # --with-text: the text the spans index, and its pages
            obj["text"] = read.text
            obj["pages"] = [list(p) for p in read.pages] if read.pages else None
            obj["reader"] = read.reader
        click.echo(json.dumps(obj, ensure_ascii=False))
    else:
        click.echo(_table(r))
    for w in r.warnings:
        click.echo(f"warning: {r.source}: {w}", err=True)


class _EchoHandler(logging.Handler):
    """Log lines through click, so they reach whatever stderr the command runs with."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(self.format(record), err=True)


def show_reader_progress() -> None:
    """Page progress of long PDFs and scans, and readers' warnings (the ``kg.readers`` logger), on stderr."""
    logger = logging.getLogger("kg.readers")
    if not any(isinstance(h, _EchoHandler) for h in logger.handlers):
        logger.addHandler(_EchoHandler())
        logger.setLevel(logging.INFO)
        logger.propagate = False


def text_field_option(f):  # noqa: ANN001, ANN201 - a click decorator
    """``--text-field NAME``: the field of JSONL objects that holds the text."""
    return click.option(
        "--text-field",
        default="text",
        show_default=True,
        metavar="NAME",
        help="JSONL corpora: the field of each object that holds its text.",
    )(f)


@click.command("extract")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, allow_dash=True))
@format_option(("jsonl", "table"), "jsonl")
@ocr_option("OCR mode: repair OCR confusions (auto-detected by default; on for scans read by OCR).")
@click.option(
    "--with-text", is_flag=True, help="jsonl: add the extracted text (which spans index) and its pages."
)
@text_field_option
def extract_cmd(paths: tuple[Path, ...], fmt: str, ocr: str, with_text: bool, text_field: str) -> None:
    """Find references, the header and relations in documents (files, directories, JSONL, or - for stdin).

    Files are read whatever their format: plain text in any Vietnamese encoding, PDF (scanned pages through
    Tesseract OCR), Word .docx/.doc, HTML pages, RTF, images. One JSON object per input document, in input order.
    A bad file is reported on stderr and the exit code is then 1; files passed over are listed with the reason
    (exit code 1 too when nothing at all was read).
    """
    from kg.extraction.pipeline import extract_read
    from kg.readers import read
    from kg.sources import Failed, Skipped, iter_sources

    if not paths:
        raise click.UsageError("give one or more files or directories, or - to read standard input")
    show_reader_progress()
    failed = skipped = done = 0
    for p in paths:
        if str(p) == "-":
            try:
                got = read(sys.stdin.buffer.read(), name="<stdin>")
            except InputError as exc:
                click.echo(f"kg: {exc}{_hint(exc)}", err=True)
                failed += 1
                continue
            _emit(extract_read(got, "-", ocr), fmt, got if with_text else None)
            done += 1
            continue
        if not p.exists():
            click.echo(f"kg: {p}: no such file or directory", err=True)
            failed += 1
            continue
        for item in iter_sources([p], text_field=text_field):
            if isinstance(item, Skipped):
                click.echo(f"skipped {item.path}: {item.message}", err=True)
                skipped += 1
                continue
            if isinstance(item, Failed):
                click.echo(f"kg: {item.path}: {item.message}", err=True)
                failed += 1
                continue
            source = item.name
            try:
                got = item.load()
            except InputError as exc:
                click.echo(f"kg: {exc}{_hint(exc)}", err=True)
                failed += 1
                continue
            try:
                result = extract_read(got, source, ocr)
            except Exception as exc:  # noqa: BLE001 - one bad document must not stop the batch
                click.echo(f"kg: {source}: extraction failed: {type(exc).__name__}: {exc}", err=True)
                failed += 1
                continue
            _emit(result, fmt, got if with_text else None)
            done += 1
    if failed:
        click.echo(f"kg: {failed} input(s) failed", err=True)
        sys.exit(1)
    if not done:
        click.echo(f"kg: nothing was read ({skipped} file(s) skipped)", err=True)
        sys.exit(1)


def _hint(exc: InputError) -> str:
    hint = getattr(exc, "hint", "")
    return f"; {hint}" if hint else ""


@click.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@format_option(("text", "json"), "text")
@ocr_option("OCR mode of the extraction being measured.")
def eval_cmd(gold: Path, fmt: str, ocr: str) -> None:
    """Precision, recall and F1 of mentions, fields and relations against a gold file (see kg.extraction.evaluate)."""
    from kg.extraction.evaluate import evaluate, format_report

    try:
        rep = evaluate(gold, ocr=ocr)
    except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise kg.errors.InputError(f"{gold}: not a gold file in the expected format ({exc})") from None
    click.echo(
        json.dumps(rep.to_json(), ensure_ascii=False, indent=1) if fmt == "json" else format_report(rep)
    )


@click.command("annotate")
@click.argument("file", type=click.Path(path_type=Path))
@output_option("HTML file to write (default: stdout).")
@ocr_option("Treat the text as OCR output (default auto).")
@store_option
def annotate_cmd(file: Path, output: Path | None, ocr: str, store: Path | None) -> None:
    """Write FILE as a standalone HTML page with every reference highlighted.

    FILE may also name a built source as ``kg implements`` shows it (``samples/letter.txt``,
    ``corpus/all.jsonl#id``): it is found where the store's build roots are."""
    from kg.export.html import annotate  # imports the extractor (spaCy): only when annotating
    from kg.ingest import find_source

    source = None if file.exists() else find_source(store or default_store(), str(file))
    if source is not None and source.text is not None:  # a JSONL record: its text, under its name
        page = annotate(source.text, source=source.name, ocr=ocr)
    else:  # a missing, binary or directory FILE is an AnnotateError
        page = annotate(source.path if source is not None else file, ocr=ocr)
    if output is None:
        click.echo(page, nl=False)
        return
    try:
        output.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise kg.errors.ExportError(f"cannot write {output}: {exc.strerror or exc}") from None
    click.echo(f"wrote {output}", err=True)


COMMANDS = (extract_cmd, eval_cmd, annotate_cmd)
