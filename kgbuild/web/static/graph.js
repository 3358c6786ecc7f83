// The graph view: draws the nodes and edges of the JSON block #kg-graph-data in #kg-graph with
// cytoscape.js. Labels are set as data and drawn on the canvas (never parsed as HTML); a click on a
// node opens its page. An event's graph is laid out in bands — the event, its parts, then the people
// and organizations by their most telling role, then the outcomes — each band in rows of cells as
// wide and tall as the largest label in it, so that no two labels overlap; nodes and edges take the
// colour of their role, and the legend (#kg-legend) says what each colour and shape means.
(function () {
  "use strict";
  var container = document.getElementById("kg-graph");
  var source = document.getElementById("kg-graph-data");
  if (!container || !source || typeof cytoscape !== "function") { return; }
  var data = JSON.parse(source.textContent);
  var roles = {
    speaker: "#d9480f", moderator: "#9c36b5", organizer: "#2b8a3e", supporter: "#66a80f",
    participant: "#1971c2", mentioned: "#868e96"
  };
  var kinds = { event: "#0b5fb3", part: "#4dabf7", person: "#adb5bd", organization: "#adb5bd",
                resolution: "#c2255c", "class": "#34495e", agent: "#7f8c8d" };
  var shapes = { event: "hexagon", part: "round-hexagon", person: "ellipse", organization: "round-rectangle",
                 resolution: "diamond", "class": "round-rectangle", agent: "ellipse" };
  var ontology = container.getAttribute("data-kind") === "ontology";
  function colour(n) { return roles[n.data("role")] || kinds[n.data("kind")] || "#7f8c8d"; }
  function edgeColour(e) { return roles[e.data("role")] || "#b8c0cc"; }
  var cy = cytoscape({
    container: container,
    elements: { nodes: data.nodes, edges: data.edges },
    style: [
      { selector: "node", style: {
          "label": "data(label)", "background-color": colour, "shape": function (n) { return shapes[n.data("kind")] || "ellipse"; },
          "color": "#1d2330", "font-size": 10, "text-wrap": "wrap", "text-max-width": 130,
          "text-valign": "bottom", "text-margin-y": 4, "width": 18, "height": 18,
          "text-background-color": "#ffffff", "text-background-opacity": 0.8, "text-background-padding": 1 } },
      { selector: "node[kind = 'class']", style: { "width": 14, "height": 14, "font-size": 11 } },
      { selector: "node[kind = 'event']", style: { "width": 34, "height": 34, "font-weight": "bold", "font-size": 11 } },
      { selector: "node[kind = 'part']", style: { "width": 24, "height": 24 } },
      { selector: "edge", style: {
          "label": "", "font-size": 9, "color": "#1d2330", "width": 1.2, "opacity": 0.55,
          "line-color": edgeColour, "target-arrow-color": edgeColour, "target-arrow-shape": "triangle",
          "curve-style": ontology ? "bezier" : "straight", "text-rotation": "autorotate", "text-wrap": "wrap", "text-max-width": 160 } },
      { selector: "edge.shown", style: { "label": "data(label)", "width": 2.5, "opacity": 1,
          "text-background-color": "#ffffff", "text-background-opacity": 0.9, "z-index": 10 } },
      { selector: "edge[kind = 'subclass']", style: { "line-style": "dashed", "target-arrow-shape": "triangle-backcurve" } }
    ],
    layout: ontology
      ? { name: "cose", animate: false, randomize: true, numIter: 2500, nodeRepulsion: function () { return 400000; },
          idealEdgeLength: function () { return 120; }, nodeOverlap: 40, padding: 30, nodeDimensionsIncludeLabels: true }
      : { name: "preset", positions: function () { return { x: 0, y: 0 }; } },
    wheelSensitivity: 0.2
  });

  var order = ["speaker", "moderator", "organizer", "supporter", "participant", "mentioned"];
  function band(n) {
    var kind = n.data("kind");
    if (kind === "event") { return 0; }
    if (kind === "part") { return 1; }
    if (kind === "resolution") { return 3 + order.length; }
    var role = order.indexOf(n.data("role"));
    return 2 + (role < 0 ? order.length : role);
  }
  // Bands top to bottom, each in rows of equal cells: a cell is as wide as the widest label of the
  // band and a row as tall as its tallest label, so labels never meet.
  function bands() {
    var width = Math.max(container.clientWidth, 480), gap = 18, y = 0, groups = {};
    cy.nodes().forEach(function (n) { (groups[band(n)] = groups[band(n)] || []).push(n); });
    var placed = {};
    // under the nodes already placed that it links to (its part, its event): fewer crossings
    function under(n) {
      var xs = n.neighborhood("node").filter(function (m) { return placed[m.id()]; }).map(function (m) { return m.position("x"); });
      return xs.length ? xs.reduce(function (a, b) { return a + b; }, 0) / xs.length : 0;
    }
    Object.keys(groups).map(Number).sort(function (a, b) { return a - b; }).forEach(function (key) {
      var nodes = groups[key];
      var keys = {};
      nodes.forEach(function (n) { keys[n.id()] = under(n); });
      nodes.sort(function (a, b) { return (keys[a.id()] - keys[b.id()]) || a.data("label").localeCompare(b.data("label")); });
      var boxes = nodes.map(function (n) { return n.boundingBox({ includeLabels: true, includeOverlays: false }); });
      var cell = Math.max.apply(null, boxes.map(function (b) { return b.w; })) + gap;
      var perRow = Math.max(1, Math.floor(width / cell));
      for (var start = 0; start < nodes.length; start += perRow) {
        var row = nodes.slice(start, start + perRow), rowBoxes = boxes.slice(start, start + perRow);
        var tall = Math.max.apply(null, rowBoxes.map(function (b) { return b.h; }));
        var left = (width - row.length * cell) / 2 + cell / 2;
        row.forEach(function (n, i) { n.position({ x: left + i * cell, y: y + n.height() / 2 }); placed[n.id()] = true; });
        y += tall + gap;
      }
      y += gap;
    });
    cy.fit(undefined, 20);
  }
  if (!ontology) { bands(); }

  // an edge says what it means (a role and capacity, "part of" …) when a node at its end is pointed at
  cy.on("mouseover", "node", function (event) { event.target.connectedEdges().addClass("shown"); });
  cy.on("mouseout", "node", function (event) { event.target.connectedEdges().removeClass("shown"); });
  if (ontology) { cy.edges().addClass("shown"); }
  cy.on("tap", "node", function (event) {
    var href = event.target.data("href");
    if (href) { window.location.href = href; }
  });

  var legend = document.getElementById("kg-legend");
  (data.legend || []).forEach(function (item) {
    var li = document.createElement("li"), swatch = document.createElement("span");
    swatch.className = "swatch " + item.group + " shape-" + (item.group === "node" ? (shapes[item.key] || "ellipse") : "line");
    var shapeOnly = item.key === "person" || item.key === "organization";  // their colour is their role's
    swatch.style.backgroundColor = item.group === "role" ? roles[item.key] : shapeOnly ? "#ffffff" : kinds[item.key];
    swatch.setAttribute("aria-hidden", "true");
    li.appendChild(swatch);
    li.appendChild(document.createTextNode(" " + item.label));
    if (legend) { legend.appendChild(li); }
  });
  window.kgGraph = cy;
})();
