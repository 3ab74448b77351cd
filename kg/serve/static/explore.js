// The explorer's document view: draws the cascade embedded in the page (#kg-graph) with Cytoscape.js,
// opens a document on click, shows an edge's evidence on click (on the graph or in the edge list).
// Text from the graph is only ever set with textContent. State for tests and curious users: window.kgExplorer.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("kg-graph").textContent);
  const panel = document.getElementById("evidence");
  const edgesById = new Map(data.edges.map((e) => [e.id, e]));
  const colour = { target: "#c0392b", implementer: "#1f77b4", implemented: "#7f7f7f" };

  // documents by level (roots on top, the document in the middle, its implementers below), by date in a level
  const levels = new Map();
  for (const n of data.nodes) {
    if (!levels.has(n.level)) levels.set(n.level, []);
    levels.get(n.level).push(n);
  }
  // a level of many documents wraps into rows of PER_ROW, so a decree with hundreds of plans stays readable
  const PER_ROW = 5;
  const positions = {};
  let y = 0;
  for (const level of [...levels.keys()].sort((a, b) => a - b)) {
    const nodes = levels.get(level);
    nodes.sort((a, b) => (a.date || "9999").localeCompare(b.date || "9999") || a.name.localeCompare(b.name));
    const width = Math.min(nodes.length, PER_ROW);
    nodes.forEach((n, k) => {
      const col = k % PER_ROW, row = Math.floor(k / PER_ROW);
      positions[n.id] = { x: (col - (width - 1) / 2) * 160 + (row % 2) * 50, y: y + row * 70 };
    });
    y += Math.ceil(nodes.length / PER_ROW) * 70 + 60;
  }

  const el = (tag, text, attrs) => {
    const e = document.createElement(tag);
    if (text) e.textContent = text;
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    return e;
  };

  function showEdge(id) {
    const e = edgesById.get(id);
    if (!e) return;
    panel.replaceChildren(el("b", e.from + " → implements → " + e.to));
    panel.setAttribute("data-edge", id);
    for (const x of e.evidence) {
      const q = el("blockquote", (x.editorial ? "[portal note] " : "") + (x.article ? x.article + ": " : "") + "“" + x.snippet + "”");
      q.className = "ev";
      const p = el("div", "read in " + x.source + " ");
      if (x.source_url) p.append(el("a", "open the source, evidence highlighted", { href: x.source_url, class: "src" }));
      panel.append(q, p);
    }
    if (!e.evidence.length) panel.append(el("p", "No evidence recorded for this edge."));
    for (const li of document.querySelectorAll("#edges li")) li.classList.toggle("on", li.dataset.edge === id);
    if (cy) { cy.elements().unselect(); cy.getElementById(id).select(); }
  }

  let cy = null;
  if (typeof cytoscape === "function") {
    cy = cytoscape({
      container: document.getElementById("cy"),
      elements: [
        ...data.nodes.map((n) => ({ data: { id: n.id, name: n.name, role: n.role, url: n.url, date: n.date || "" }, position: positions[n.id] })),
        ...data.edges.map((e) => ({ data: { id: e.id, source: e.source, target: e.target, n: e.evidence.length } })),
      ],
      layout: { name: "preset", fit: true, padding: 40 },
      maxZoom: 1.6,
      minZoom: 0.2,
      style: [
        { selector: "node", style: { label: "data(name)", "font-size": 15, "text-outline-color": "#fcfcfc", "text-outline-width": 2, "text-valign": "bottom", "text-margin-y": 4,
          width: 22, height: 22, "background-color": (n) => colour[n.data("role")] || "#999" } },
        { selector: "node[role = 'target']", style: { width: 30, height: 30, "font-weight": "bold" } },
        { selector: "edge", style: { width: 3, "curve-style": "bezier", "target-arrow-shape": "triangle",
          "line-color": "#9ab", "target-arrow-color": "#9ab", label: "implements", "font-size": 9, color: "#678",
          "text-rotation": "autorotate", "text-background-color": "#fcfcfc", "text-background-opacity": 1 } },
        { selector: "edge:selected", style: { "line-color": "#e06000", "target-arrow-color": "#e06000", width: 5 } },
      ],
    });
    cy.on("tap", "edge", (ev) => showEdge(ev.target.id()));
    cy.on("tap", "node", (ev) => { window.location.href = ev.target.data("url"); });
  } else {
    document.getElementById("cy").textContent = "The graph library did not load; the edges are listed beside.";
  }
  for (const b of document.querySelectorAll("#edges button[data-edge]")) {
    b.addEventListener("click", () => showEdge(b.dataset.edge));
  }
  window.kgExplorer = { cy, data, showEdge, ready: true };
  document.documentElement.setAttribute("data-explorer", cy ? "drawn" : "listed");
})();
