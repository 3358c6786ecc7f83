// The graph view: draws the nodes and edges of the JSON block #kg-graph-data in #kg-graph with
// cytoscape.js. Labels are set as data and drawn on the canvas (never parsed as HTML); a click on a
// node opens its page.
(function () {
  "use strict";
  var container = document.getElementById("kg-graph");
  var source = document.getElementById("kg-graph-data");
  if (!container || !source || typeof cytoscape !== "function") { return; }
  var data = JSON.parse(source.textContent);
  var colours = {
    event: "#0b5fb3", part: "#5d8fd1", person: "#d9822b", organization: "#2e8b57",
    resolution: "#8e44ad", "class": "#34495e", agent: "#7f8c8d"
  };
  var ontology = container.getAttribute("data-kind") === "ontology";
  var cy = cytoscape({
    container: container,
    elements: data,
    style: [
      { selector: "node", style: {
          "label": "data(label)", "background-color": function (n) { return colours[n.data("kind")] || "#7f8c8d"; },
          "color": "#1d2330", "font-size": 9, "text-wrap": "wrap", "text-max-width": 120,
          "text-valign": "bottom", "text-margin-y": 4, "width": 18, "height": 18,
          "shape": ontology ? "round-rectangle" : "ellipse" } },
      { selector: "node[kind = 'class']", style: { "width": 14, "height": 14, "font-size": 11 } },
      { selector: "node[kind = 'event']", style: { "width": 30, "height": 30, "font-weight": "bold" } },
      { selector: "edge", style: {
          "label": "", "font-size": 8, "color": "#1d2330", "width": 1.2,
          "line-color": "#b8c0cc", "target-arrow-color": "#b8c0cc", "target-arrow-shape": "triangle",
          "curve-style": "bezier", "text-rotation": "autorotate", "text-wrap": "wrap", "text-max-width": 160 } },
      { selector: "edge.shown", style: { "label": "data(label)", "line-color": "#0b5fb3", "target-arrow-color": "#0b5fb3",
          "text-background-color": "#ffffff", "text-background-opacity": 0.85, "z-index": 10 } },
      { selector: "edge[kind = 'subclass']", style: { "line-style": "dashed", "target-arrow-shape": "triangle-backcurve" } }
    ],
    layout: ontology
      ? { name: "cose", animate: false, randomize: true, numIter: 2500, nodeRepulsion: function () { return 400000; },
          idealEdgeLength: function () { return 120; }, nodeOverlap: 40, padding: 30 }
      : { name: "concentric", animate: false, padding: 20, minNodeSpacing: 40, spacingFactor: 1.15, levelWidth: function () { return 1; },
          concentric: function (n) { return { event: 3, part: 2 }[n.data("kind")] || 1; } }
  });
  // an edge says what it means (a role and capacity, "part of" …) when a node at its end is pointed at
  cy.on("mouseover", "node", function (event) { event.target.connectedEdges().addClass("shown"); });
  cy.on("mouseout", "node", function (event) { event.target.connectedEdges().removeClass("shown"); });
  if (ontology) { cy.edges().addClass("shown"); }
  cy.on("tap", "node", function (event) {
    var href = event.target.data("href");
    if (href) { window.location.href = href; }
  });
  window.kgGraph = cy;
})();
