// Copies the minified Cytoscape.js build and its licence into the package, so `pip install .` needs no npm.
const fs = require("fs");
const path = require("path");
const src = path.join(__dirname, "node_modules", "cytoscape");
const dest = path.join(__dirname, "..", "..", "kg", "serve", "static");
fs.mkdirSync(dest, { recursive: true });
fs.copyFileSync(path.join(src, "dist", "cytoscape.min.js"), path.join(dest, "cytoscape.min.js"));
fs.copyFileSync(path.join(src, "LICENSE"), path.join(dest, "cytoscape.LICENSE"));
const version = JSON.parse(fs.readFileSync(path.join(src, "package.json"), "utf8")).version;
fs.writeFileSync(path.join(dest, "VERSIONS"), `cytoscape ${version} MIT https://js.cytoscape.org/\n`);
console.log(`copied cytoscape ${version} to ${dest}`);
