// The review app's pages: each decision (accept, reject, correct, this is / is not that person)
// is sent to /api/decisions with this run's token in the X-Kgbuild-Token header; Rebuild runs the
// build again and reloads. A click on a marked passage brings its facts' cards forward. Every
// value is written with textContent.
(function () {
  "use strict";
  var token = document.querySelector("meta[name='kgbuild-token']").getAttribute("content");
  var words = JSON.parse(document.getElementById("kg-review-strings").textContent);
  var banner = document.getElementById("kg-banner");
  var dataBlock = document.getElementById("kg-review-data");
  var data = dataBlock ? JSON.parse(dataBlock.textContent) : null;
  var pending = 0;

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Kgbuild-Token": token },
      body: JSON.stringify(body || {}),
      credentials: "same-origin"
    }).then(function (response) {
      return response.text().then(function (text) {
        if (!response.ok) { throw new Error(text); }
        return JSON.parse(text);
      });
    });
  }

  function say(message) {
    banner.hidden = false;
    banner.textContent = message;
  }

  var rebuild = document.getElementById("kg-rebuild");
  rebuild.addEventListener("click", function () {
    rebuild.disabled = true;
    say(words.rebuilding);
    post("/api/rebuild").then(function (answer) {
      say(answer.summary);
      window.location.reload();
    }).catch(function (error) {
      rebuild.disabled = false;
      say(words.failed + " " + String(error.message || error));
    });
  });

  function decide(card, action, extra) {
    var body = { doc: data.doc, type: card.getAttribute("data-type"), id: card.getAttribute("data-id"), action: action };
    Object.keys(extra || {}).forEach(function (k) { body[k] = extra[k]; });
    var message = card.querySelector(".message");
    message.className = "message";
    return post("/api/decisions", body).then(function () {
      card.setAttribute("data-decided", action);
      message.textContent = words.saved;
      pending += 1;
      var waiting = document.querySelectorAll("li.card[data-decided]").length;
      say(words.pending.replace("{n}", String(Math.max(waiting, pending))));
    }).catch(function (error) {
      message.className = "message error";
      message.textContent = String(error.message || error);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("li.card"), function (card) {
    card.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-action]");
      if (!button) { return; }
      var action = button.getAttribute("data-action");
      if (action === "edit") {
        var form = card.querySelector("form.correct");
        form.hidden = !form.hidden;
        button.setAttribute("aria-expanded", String(!form.hidden));
        if (!form.hidden) { var first = form.querySelector("input, select"); if (first) { first.focus(); } }
        return;
      }
      decide(card, action, button.getAttribute("data-iri") ? { iri: button.getAttribute("data-iri") } : {});
    });
    var correct = card.querySelector("form.correct");
    if (correct) {
      correct.addEventListener("submit", function (event) {
        event.preventDefault();
        var fields = {};
        Array.prototype.forEach.call(correct.elements, function (el) { if (el.name) { fields[el.name] = el.value; } });
        decide(card, "correct", { fields: fields });
      });
    }
    var same = card.querySelector("form.same-as");
    if (same) {
      same.addEventListener("submit", function (event) {
        event.preventDefault();
        if (same.elements.iri.value) { decide(card, "same-as", { iri: same.elements.iri.value }); }
      });
    }
  });

  // a marked passage brings the cards of its facts forward
  var text = document.getElementById("kg-text");
  function cardsOf(indexes) {
    var keys = [];
    indexes.forEach(function (i) { (data.spans[i] ? data.spans[i].facts : []).forEach(function (k) { keys.push(k); }); });
    return keys.map(function (k) { return document.getElementById("fact-" + k); }).filter(Boolean);
  }
  function bringForward(mark) {
    Array.prototype.forEach.call(document.querySelectorAll("li.card.selected"), function (c) { c.classList.remove("selected"); });
    var cards = cardsOf(mark.getAttribute("data-s").split(" ").map(Number));
    cards.forEach(function (c) { c.classList.add("selected"); });
    if (cards[0]) { cards[0].scrollIntoView({ block: "nearest" }); }
  }
  if (text && data) {
    text.addEventListener("click", function (event) {
      var mark = event.target.closest("mark[data-s]");
      if (mark) { bringForward(mark); }
    });
    text.addEventListener("keydown", function (event) {  // a mark has the focus: Enter or Space
      var mark = event.target.closest("mark[data-s]");
      if (mark && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); bringForward(mark); }
    });
  }
  window.kgReview = { decide: decide, cardsOf: cardsOf };
})();
