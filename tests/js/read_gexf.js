#!/usr/bin/env node
// Read a GEXF file the way Gephi Lite does (graphology-gexf into a multi directed graphology graph) and print
// what it got as JSON: {"order", "size", "type", "nodes": {id: attributes}, "edges": [{key, source, target,
// attributes}]}. Used by tests/test_gexf_readers.py; exits 1 with the parser's message on a parse error.
"use strict";

const fs = require("fs");
const { MultiDirectedGraph } = require("graphology");
const gexf = require("graphology-gexf");

const path = process.argv[2];
if (!path) {
  process.stderr.write("usage: read_gexf.js FILE.gexf\n");
  process.exit(2);
}

let graph;
try {
  graph = gexf.parse(MultiDirectedGraph, fs.readFileSync(path, "utf-8"));
} catch (err) {
  process.stderr.write(`graphology-gexf: ${err.message}\n`);
  process.exit(1);
}

const nodes = {};
graph.forEachNode((id, attributes) => {
  nodes[id] = attributes;
});
const edges = [];
graph.forEachEdge((key, attributes, source, target) => {
  edges.push({ key, source, target, attributes });
});
process.stdout.write(
  JSON.stringify({ order: graph.order, size: graph.size, type: graph.type, nodes, edges }),
);
