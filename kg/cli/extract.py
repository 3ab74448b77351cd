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
from kg.tables import overlay_dir
from kg.text.decode import InputError, scrub_surrogates


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


def _printable(line: str, fmt: str) -> str:
    """A line any UTF-8 stream takes: a lone surrogate left in a mention's text (spans index what was given)
    becomes the JSON escape ``\\ud800`` (valid JSON, the same string read back), or U+FFFD in a table."""
    if fmt != "jsonl":
        return scrub_surrogates(line)[0]
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        return line.encode("utf-8", "backslashreplace").decode("utf-8")
    return line


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


def memory_budget_option(f):  # noqa: ANN001, ANN201 - a click decorator
    """``--budget-memory MB``: the address space of each extraction worker process (``kg build``)."""
    return click.option(
        "--budget-memory",
        type=click.IntRange(min=0),
        default=4096,
        show_default=True,
        metavar="MB",
        help="Memory (address space) of each extraction process; a document that needs more is reported "
        "and skipped. 0: no limit. Applies to worker processes (-j 2 or more, more than one source).",
    )(f)


def budget_option(f):  # noqa: ANN001, ANN201 - a click decorator
    """``--budget SECONDS``: the time one document may take before it is skipped."""
    from kg.extraction.pipeline import DEFAULT_BUDGET

    return click.option(
        "--budget",
        type=click.FloatRange(min=0),
        default=DEFAULT_BUDGET,
        show_default=True,
        metavar="SECONDS",
        help="Time one document may take; a document over it is reported ('over budget: skipped') and the "
        "batch goes on. 0: no limit.",
    )(f)


def report_option(f):  # noqa: ANN001, ANN201 - a click decorator
    """``--report FILE``: every source not read or not built, and every remark, with the reason (JSON)."""
    return click.option(
        "--report",
        "report_file",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        metavar="FILE",
        help="Write what was skipped, failed or over budget, and every warning, with the reasons (JSON).",
    )(f)


def write_report(path: Path, data: dict) -> None:
    """The ``--report`` file; a file that cannot be written is a one-line error."""
    try:
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    except OSError as exc:
        raise kg.errors.ExportError(f"cannot write the report {path}: {exc.strerror or exc}") from None


def _render_table(result: Extraction, read: ReadResult | None = None) -> str:
    """``--format table``: run where the extraction ran (a worker with ``-j N``), so module level."""
    return _table(result)


@click.command("extract")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, allow_dash=True))
@format_option(("jsonl", "table"), "jsonl")
@ocr_option("OCR mode: repair OCR confusions (auto-detected by default; on for scans read by OCR).")
@click.option(
    "--with-text", is_flag=True, help="jsonl: add the extracted text (which spans index) and its pages."
)
@text_field_option
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes that extract; the output is the same, in the same order, for any number.",
)
@budget_option
@memory_budget_option
@report_option
def extract_cmd(
    paths: tuple[Path, ...],
    fmt: str,
    ocr: str,
    with_text: bool,
    text_field: str,
    jobs: int,
    budget: float,
    budget_memory: int,
    report_file: Path | None,
) -> None:
    """Find references, the header and relations in documents (files, directories, JSONL, or - for stdin).

    Files are read whatever their format: plain text in any Vietnamese encoding, PDF (scanned pages through
    Tesseract OCR), Word .docx/.doc, HTML pages, RTF, images. One JSON object per input document, in input order.
    A bad file is reported on stderr and the exit code is then 1; files passed over are listed with the reason
    (exit code 1 too when nothing at all was read). A document over its --budget is reported and skipped (exit
    code 1). --report FILE writes all of these, with the reasons, as JSON. -j N extracts in N processes (the
    output is byte for byte that of -j 1; page progress of long scans is then not shown).
    """
    from kg.ingest.batch import Preread, extract_sources, json_line
    from kg.readers import read
    from kg.sources import shown_path

    if not paths:
        raise click.UsageError("give one or more files or directories, or - to read standard input")
    overlay_dir()  # a $KG_TABLES that is not a folder stops here, not once per document
    show_reader_progress()
    report: dict[str, list[dict[str, str]]] = {
        k: [] for k in ("failed", "over_budget", "skipped", "warnings")
    }
    done = 0

    def note(kind: str, source: str, reason: str, line: str) -> None:
        report[kind].append({"source": shown_path(source), "reason": reason})
        click.echo(line, err=True)

    inputs: list[Path | Preread] = []
    for p in paths:
        if str(p) != "-":
            inputs.append(p)
            continue
        try:
            inputs.append(Preread("-", read(sys.stdin.buffer.read(), name="<stdin>")))
        except InputError as exc:
            note("failed", "-", str(exc), f"kg: {exc}{_hint(exc)}")
    outcomes = extract_sources(
        inputs,
        jobs=jobs,
        ocr=ocr,
        budget=budget or None,
        memory_mb=(budget_memory or None) if jobs > 1 else None,
        text_field=text_field,
        with_text=with_text,
        render=json_line if fmt == "jsonl" else _render_table,
    )
    for o in outcomes:
        if o.kind == "ok":
            click.echo(_printable(o.output, fmt))
            for w in o.warnings:
                report["warnings"].append({"source": shown_path(o.source), "reason": w})
                click.echo(f"warning: {o.source}: {w}", err=True)
            done += 1
        elif o.kind == "note":
            note("warnings", o.source, o.reason, f"warning: {o.source}: {o.reason}")
        elif o.kind == "skipped":
            note("skipped", o.source, o.reason, f"skipped {o.source}: {o.reason}")
        elif o.kind == "unreadable":
            note("failed", o.source, o.reason, f"kg: {o.reason}{f'; {o.hint}' if o.hint else ''}")
        elif o.kind == "over_budget" and o.reason == "out of memory: skipped":
            note("over_budget", o.source, o.reason, f"kg: {o.source}: {o.reason}")
        elif o.kind == "over_budget":
            note("over_budget", o.source, o.reason, f"over budget: {o.reason}")
        else:
            note("failed", o.source, o.reason, f"kg: {o.source}: {o.reason}")
    if report_file is not None:
        write_report(report_file, {"documents": done, **report})
    failed = len(report["failed"]) + len(report["over_budget"])
    if failed:
        click.echo(f"kg: {failed} input(s) failed or over budget", err=True)
        sys.exit(1)
    if not done:
        click.echo(f"kg: nothing was read ({len(report['skipped'])} file(s) skipped)", err=True)
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
