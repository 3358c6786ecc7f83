// The query page: sends the query to the SPARQL endpoint (POST, results as SPARQL JSON) and shows
// the results as a table. Every value is written with textContent, never as HTML.
(function () {
  "use strict";
  var form = document.getElementById("kg-query");
  if (!form) { return; }
  var text = document.getElementById("kg-query-text");
  var examples = document.getElementById("kg-query-examples");
  var status = document.getElementById("kg-query-status");
  var results = document.getElementById("kg-query-results");
  var endpoint = form.getAttribute("data-endpoint");

  function show(message, isError) {
    status.textContent = message;
    status.className = isError ? "error" : "";
  }

  function value(term) {
    if (!term) { return ""; }
    if (term.type === "literal" && term["xml:lang"]) { return term.value + " @" + term["xml:lang"]; }
    return term.value;
  }

  function render(json, cut) {
    results.textContent = "";
    if (typeof json.boolean === "boolean") { show("ASK: " + json.boolean, false); return; }
    var vars = json.head.vars, rows = json.results.bindings;
    var table = document.createElement("table");
    var head = table.createTHead().insertRow();
    vars.forEach(function (v) { var th = document.createElement("th"); th.textContent = v; head.appendChild(th); });
    var body = table.createTBody();
    rows.forEach(function (row) {
      var tr = body.insertRow();
      vars.forEach(function (v) {
        var td = tr.insertCell(), term = row[v];
        if (term && term.type === "uri") {
          var a = document.createElement("a"); a.href = term.value; a.textContent = term.value; td.appendChild(a);
        } else { td.textContent = value(term); }
      });
    });
    results.appendChild(table);
    show(rows.length + (rows.length === 1 ? " row" : " rows") + (cut ? " (cut: " + cut + ")" : ""), false);
  }

  examples.addEventListener("change", function () { text.value = examples.value; });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    show("Running…", false);
    var body = new URLSearchParams(); body.set("query", text.value);
    fetch(endpoint, { method: "POST", body: body, headers: { "Accept": "application/sparql-results+json" } })
      .then(function (response) {
        return response.text().then(function (payload) {
          if (!response.ok) { throw new Error(response.status + " " + payload); }
          render(JSON.parse(payload), response.headers.get("X-Kgbuild-Result-Cut"));
        });
      })
      .catch(function (error) { results.textContent = ""; show(String(error.message || error), true); });
  });
})();
