"""The graph for other tools: networkx, GEXF/GraphML/CSV, RDF dumps, and an annotated HTML page."""
