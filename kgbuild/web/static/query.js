// The query page: sends the query to the SPARQL endpoint (POST) and shows the answer — SELECT as a
// table, ASK as its answer, CONSTRUCT and DESCRIBE as a table of triples (asked as N-Triples) —
// in a box that scrolls; an error is shown as the server gave it. The saved query chosen and the
// text box always agree: choosing a query fills the box, editing the box chooses "your own query".
// Every value is written with textContent, never as HTML.
(function () {
  "use strict";
  var form = document.getElementById("kg-query");
  if (!form) { return; }
  var text = document.getElementById("kg-query-text");
  var examples = document.getElementById("kg-query-examples");
  var status = document.getElementById("kg-query-status");
  var results = document.getElementById("kg-query-results");
  var errorBox = document.getElementById("kg-query-error");
  var words = JSON.parse(document.getElementById("kg-query-strings").textContent);
  var endpoint = form.getAttribute("data-endpoint");
  var custom = examples.querySelector("option[data-custom]");

  function show(message, isError) {
    status.textContent = message;
    status.className = isError ? "error" : "";
  }

  // the box and the list agree from the start (a browser may restore either alone)
  if (examples.value && text.value !== examples.value) { text.value = examples.value; }
  examples.addEventListener("change", function () {
    if (examples.value) { text.value = examples.value; }
  });
  text.addEventListener("input", function () {
    if (examples.value !== text.value) { custom.selected = true; }
  });

  function cell(td, term) {
    if (!term) { return; }
    if (term.type === "uri") {
      var a = document.createElement("a"); a.href = term.value; a.textContent = term.value; td.appendChild(a);
    } else {
      td.textContent = term.value;
      if (term["xml:lang"]) {
        td.setAttribute("lang", term["xml:lang"]);
        var small = document.createElement("small"); small.className = "lang"; small.textContent = " " + term["xml:lang"];
        td.appendChild(small);
      } else if (term.type === "bnode") { td.textContent = "_:" + term.value; }
    }
  }

  function table(vars, rows) {
    var t = document.createElement("table");
    var head = t.createTHead().insertRow();
    vars.forEach(function (v) { var th = document.createElement("th"); th.scope = "col"; th.textContent = v; head.appendChild(th); });
    var body = t.createTBody();
    rows.forEach(function (row) {
      var tr = body.insertRow();
      vars.forEach(function (v) { cell(tr.insertCell(), row[v]); });
    });
    results.appendChild(t);
  }

  function counted(n, one, many) { return n + " " + (n === 1 ? one : many); }

  // N-Triples (as the endpoint writes it) → terms: <iri>, _:b, "literal"@lang or ^^<type>
  var TERM = /^\s*(<([^>]*)>|_:(\S+)|"((?:[^"\\]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^<([^>]*)>)?)/;
  function unescape(s) {
    return s.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[tbnrf"'\\])/g, function (_, e) {
      if (e[0] === "u" || e[0] === "U") { return String.fromCodePoint(parseInt(e.slice(1), 16)); }
      return { t: "\t", b: "\b", n: "\n", r: "\r", f: "\f", '"': '"', "'": "'", "\\": "\\" }[e];
    });
  }
  function triples(payload) {
    var rows = [];
    payload.split("\n").forEach(function (line) {
      var terms = [], rest = line;
      while (terms.length < 3) {
        var m = TERM.exec(rest);
        if (!m) { return; }
        if (m[2] !== undefined) { terms.push({ type: "uri", value: unescape(m[2]) }); }
        else if (m[3] !== undefined) { terms.push({ type: "bnode", value: m[3] }); }
        else {
          var term = { type: "literal", value: unescape(m[4]) };
          if (m[5]) { term["xml:lang"] = m[5]; }
          terms.push(term);
        }
        rest = rest.slice(m[0].length);
      }
      rows.push({ subject: terms[0], predicate: terms[1], object: terms[2] });
    });
    return rows;
  }

  function render(response, payload) {
    var cut = response.headers.get("X-Kgbuild-Result-Cut");
    var suffix = cut ? " (" + words.cut + ": " + cut + ")" : "";
    var type = (response.headers.get("Content-Type") || "").split(";")[0].trim();
    if (type === "application/n-triples") {
      var rows = triples(payload);
      table(["subject", "predicate", "object"], rows);
      results.querySelectorAll("th").forEach(function (th, i) { th.textContent = [words.subject, words.predicate, words.object][i]; });
      show(counted(rows.length, words.triple, words.triples) + suffix, false);
      return;
    }
    var json = JSON.parse(payload);
    if (typeof json.boolean === "boolean") { show(words.ask + ": " + json.boolean, false); return; }
    table(json.head.vars, json.results.bindings);
    var n = json.results.bindings.length;
    show(counted(n, words.row, words.rows) + suffix, false);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    show(words.running, false);
    results.textContent = "";
    errorBox.hidden = true;
    var body = new URLSearchParams(); body.set("query", text.value);
    fetch(endpoint, {
      method: "POST", body: body,
      headers: { "Accept": "application/sparql-results+json, application/n-triples;q=0.9" }
    })
      .then(function (response) {
        return response.text().then(function (payload) {
          if (!response.ok) {
            errorBox.textContent = payload;  // as the server gave it
            errorBox.hidden = false;
            show(words.failed + ": " + response.status + " " + response.statusText, true);
            return;
          }
          render(response, payload);
        });
      })
      .catch(function (error) { show(words.failed + ": " + String(error.message || error), true); });
  });
})();
