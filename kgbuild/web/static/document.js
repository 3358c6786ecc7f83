// A document's text with its evidence marked: a click on a mark (or Enter on it) lists, in the panel
// #kg-facts, the facts of every span under it, with links; "#char=a,b" in the address scrolls to
// that span and marks it. The spans and their facts come from the JSON block #kg-spans; every value
// is written with textContent. window.kgDocument exposes show(spanIndexes) and target(a, b) (tests).
(function () {
  "use strict";
  var text = document.getElementById("kg-text");
  var source = document.getElementById("kg-spans");
  if (!text || !source) { return; }
  var spans = JSON.parse(source.textContent);
  var byId = {};
  spans.forEach(function (span, i) { byId[span.id] = i; });
  var list = document.getElementById("kg-facts-list");
  var empty = document.getElementById("kg-facts-empty");
  var panel = document.getElementById("kg-facts");
  var selected = [];

  function clear(className) {
    Array.prototype.forEach.call(text.querySelectorAll("." + className), function (m) { m.classList.remove(className); });
  }

  function marksOf(index) {
    return Array.prototype.filter.call(text.querySelectorAll("mark[data-s]"), function (m) {
      return (" " + m.getAttribute("data-s") + " ").indexOf(" " + index + " ") >= 0;
    });
  }

  // The facts of the spans ``indexes``, in the panel: each with its kind, a link to its page, and
  // the passage it cites.
  function show(indexes) {
    list.textContent = "";
    clear("kg-selected");
    selected = indexes;
    var seen = {};
    indexes.forEach(function (index) {
      var span = spans[index];
      marksOf(index).forEach(function (m) { m.classList.add("kg-selected"); });
      span.facts.forEach(function (fact) {
        if (seen[fact.href]) { return; }
        seen[fact.href] = true;
        var li = document.createElement("li");
        li.className = "fact k-" + fact.kind;
        var kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = fact.name;
        var link = document.createElement("a");
        link.href = fact.href;
        link.textContent = fact.label;
        li.appendChild(kind);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(link);
        if (fact.detail) {
          var detail = document.createElement("span");
          detail.className = "detail";
          detail.textContent = " · " + fact.detail;
          li.appendChild(detail);
        }
        var at = document.createElement("a");
        at.className = "at";
        at.href = "#" + span.id;
        at.textContent = "[" + span.start + "–" + span.end + "]";
        li.appendChild(document.createTextNode(" "));
        li.appendChild(at);
        list.appendChild(li);
      });
    });
    if (empty) { empty.hidden = list.children.length > 0; }
  }

  function indexesOf(mark) {
    return mark.getAttribute("data-s").split(" ").map(Number);
  }

  text.addEventListener("click", function (event) {
    var mark = event.target.closest ? event.target.closest("mark[data-s]") : null;
    if (!mark || !text.contains(mark)) { return; }
    show(indexesOf(mark));
    if (window.matchMedia("(max-width: 60rem)").matches && panel) { panel.focus(); }
  });
  text.addEventListener("keydown", function (event) {
    var mark = event.target.closest ? event.target.closest("mark[data-s]") : null;
    if (mark && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); show(indexesOf(mark)); }
  });

  // "#char=a,b": the marks of that span (or, for any other range, the marks that meet it) are
  // marked as the target, the first scrolled into view, and its facts listed.
  function target() {
    var found = /^#char=(\d+),(\d+)$/.exec(window.location.hash);
    clear("kg-target");
    if (!found) { return; }
    var a = Number(found[1]), b = Number(found[2]), index = byId["char=" + a + "," + b];
    var marks;
    if (index !== undefined) {
      marks = marksOf(index);
      show([index]);
    } else {
      marks = Array.prototype.filter.call(text.querySelectorAll("mark[data-o]"), function (m) {
        var start = Number(m.getAttribute("data-o"));
        return start < b && start + Array.from(m.textContent).length > a;
      });
    }
    marks.forEach(function (m) { m.classList.add("kg-target"); });
    var first = marks[0] || document.getElementById("char=" + a + "," + b);
    if (first) { first.scrollIntoView({ block: "center" }); }
  }
  window.addEventListener("hashchange", target);
  target();
  window.kgDocument = { show: show, target: target, spans: spans, selected: function () { return selected; } };
})();
