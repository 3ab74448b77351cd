"""The style sheet of the annotated page (kg.export.html): kept apart so the renderer reads as code.

Inline in the page, so the page is one file that opens anywhere (no fonts, images or scripts are loaded).
"""

CSS = """
:root { --full: #1565c0; --short: #2e7d32; --named: #8e24aa; --ink: #1d1d1f; --muted: #6b6b70; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 62rem; padding: 1.5rem 1.25rem 4rem; color: var(--ink); background: #fbfaf7;
  font: 16px/1.6 "Noto Serif", "DejaVu Serif", "Liberation Serif", "Times New Roman", serif; }
h1 { font-size: 1.35rem; line-height: 1.35; margin: 0 0 .75rem; }
h2 { font-size: 1.1rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; font: 13px/1.45 "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
.meta th { text-align: left; color: var(--muted); font-weight: normal; padding: 0 1rem 0 0; vertical-align: top; }
.summary, .legend { font: 13px/1.8 "Noto Sans", "DejaVu Sans", Arial, sans-serif; color: var(--muted); }
.legend > * { margin-right: .6rem; }
.warnings { color: #9a3412; font-size: 13px; }
.doc { white-space: pre-wrap; overflow-wrap: anywhere; background: #fff; border: 1px solid #e6e3dc;
  border-radius: 6px; padding: 1.25rem 1.5rem; margin-top: 1rem; }
.ref { position: relative; color: inherit; text-decoration: none; border-radius: 3px; padding: 0 1px; }
.ref-full { background: #e3f0ff; border-bottom: 2px solid var(--full); }
.ref-short { background: #e8f5e9; border-bottom: 2px dashed var(--short); }
.ref-named { background: #f6e8fa; border-bottom: 2px dotted var(--named); font-style: italic; }
.ref.ocr { box-shadow: inset 0 -6px 0 rgba(255, 152, 0, .25); }
.ref.unsure { opacity: .75; }
.ref:hover, .ref:focus, .ref:target { outline: 2px solid #ffb300; outline-offset: 1px; }
.ev { text-decoration: underline; text-decoration-color: rgba(0, 0, 0, .28); text-decoration-thickness: 1px;
  text-underline-offset: 4px; }
.ev.rel-implements, .ev.rel-based_on { text-decoration-color: rgba(46, 125, 50, .6); }
.ev.ev-cites { text-decoration: none; }
mark.cue { background: #fff3b0; color: inherit; font-weight: 600; border-radius: 2px; }
.badge { position: relative; font: 600 10px/1 "Noto Sans", "DejaVu Sans", Arial, sans-serif; color: #fff;
  background: #546e7a; border-radius: 8px; padding: 2px 5px; margin: 0 2px; white-space: nowrap; cursor: help; }
.rel-implements.badge, .pill.rel-implements { background: #2e7d32; }
.rel-based_on.badge, .pill.rel-based_on { background: #1565c0; }
.rel-responds_to.badge, .pill.rel-responds_to { background: #ad1457; }
.rel-reports_on.badge, .pill.rel-reports_on { background: #6d4c41; }
.rel-attaches.badge, .pill.rel-attaches { background: #757575; }
.rel-amends.badge, .rel-replaces.badge, .rel-repeals.badge, .rel-suspends.badge,
.pill.rel-amends, .pill.rel-replaces, .pill.rel-repeals, .pill.rel-suspends { background: #c62828; }
.pill { color: #fff; background: #546e7a; border-radius: 8px; padding: 1px 6px; white-space: nowrap; }
[data-tip]:hover::after, [data-tip]:focus::after, [data-tip]:target::after {
  content: attr(data-tip); position: absolute; left: 0; top: calc(100% + 6px); z-index: 10; width: max-content;
  max-width: 26rem; white-space: pre-wrap; font: normal 400 12px/1.5 "Noto Sans", "DejaVu Sans", Arial, sans-serif;
  color: #fff; background: #263238; padding: .5rem .65rem; border-radius: 5px; box-shadow: 0 4px 14px rgba(0,0,0,.25);
  text-align: left; font-style: normal; }
.index table { width: 100%; }
.index th, .index td { border-bottom: 1px solid #eee; padding: .3rem .5rem; text-align: left; vertical-align: top; }
.index tr:target { background: #fff8e1; }
.sym { font-weight: 600; white-space: nowrap; }
.iri { font: 11px/1.4 "DejaVu Sans Mono", monospace; color: #455a64; overflow-wrap: anywhere; }
.evq { color: #37474f; }
.muted { color: var(--muted); }
@media print { [data-tip]::after { display: none !important; } .doc { border: 0; } }
"""
