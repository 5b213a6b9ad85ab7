/* The tablet checklist: one touchpoint per screen, conditional items, a timer for durations, failures
   marked (and their photo asked for), a summary, and a draft kept in the browser until the form is sent.
   Without this script the form still works: every screen shows at once and the server does the checks. */
(function () {
  "use strict";
  var form = document.getElementById("inspection-form");
  if (!form) { return; }
  var screens = Array.prototype.slice.call(form.querySelectorAll(".inspection-screen"));
  var nav = form.querySelector(".screen-nav");
  var progress = document.getElementById("screen-progress");
  var items = Array.prototype.slice.call(form.querySelectorAll(".inspection-item"));
  var byId = {};
  items.forEach(function (el) { byId[el.dataset.item] = el; });
  var current = 0;

  function answerOf(el) {
    var na = el.querySelector('input[name^="na-"]');
    if (na && na.checked) { return "na"; }
    var checked = el.querySelector('input[type="radio"]:checked');
    if (checked) { return checked.value; }
    var field = el.querySelector('input[type="number"], textarea[name^="item-"]');
    return field ? field.value.trim() : "";
  }

  function failed(el) {
    var value = answerOf(el);
    if (value === "" || value === "na") { return false; }
    var type = el.dataset.type, number = parseFloat(value);
    if (type === "yes_no") { return value === "no"; }
    if (type === "scale") { return number < parseFloat(el.dataset.threshold || "3"); }
    if (type === "number") {
      return (el.dataset.min !== undefined && number < parseFloat(el.dataset.min)) ||
        (el.dataset.max !== undefined && number > parseFloat(el.dataset.max));
    }
    if (type === "duration") { return number > parseFloat(el.dataset.max); }
    return false;
  }

  function visible(el) {
    var parentId = el.dataset.conditionItem;
    if (!parentId) { return true; }
    var parent = byId[parentId];
    return !!parent && visible(parent) && answerOf(parent) === el.dataset.conditionValue;
  }

  function refresh() {
    items.forEach(function (el) {
      var show = visible(el);
      el.classList.toggle("is-hidden", !show);
      el.querySelectorAll("input, textarea").forEach(function (input) { input.disabled = !show; });
      var isFailed = show && failed(el);
      el.classList.toggle("is-failed", isFailed);
      if (isFailed && el.dataset.photoWhenFailed) {
        el.querySelector("details").open = true;
      }
    });
    summarise();
  }

  function summarise() {
    var counts = document.getElementById("summary-counts");
    var missing = document.getElementById("summary-missing");
    var shown = items.filter(function (el) { return !el.classList.contains("is-hidden"); });
    var scored = shown.filter(function (el) { return el.dataset.type !== "text" && el.dataset.type !== "photo"; });
    var answered = scored.filter(function (el) { return answerOf(el) !== ""; });
    var failures = scored.filter(failed);
    counts.textContent = counts.dataset.template
      .replace("%(answered)s", answered.length).replace("%(total)s", scored.length)
      .replace("%(failed)s", failures.length);
    missing.innerHTML = "";
    scored.filter(function (el) { return answerOf(el) === ""; }).forEach(function (el) {
      var li = document.createElement("li");
      li.textContent = el.querySelector(".fw-semibold").textContent;
      missing.appendChild(li);
    });
  }

  function show(index) {
    current = Math.max(0, Math.min(index, screens.length - 1));
    screens.forEach(function (screen, i) { screen.classList.toggle("current", i === current); });
    progress.textContent = (current + 1) + " / " + screens.length;
    nav.querySelector('[data-step="-1"]').disabled = current === 0;
    nav.querySelector('[data-step="1"]').disabled = current === screens.length - 1;
    window.scrollTo(0, 0);
  }

  // Drafts: what was answered survives a reload or a lost connection (photos must be taken again).
  var draftKey = form.dataset.draftKey;
  function saveDraft() {
    var values = {};
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string" && name !== "csrfmiddlewaretoken") { values[name] = value; }
    });
    try { localStorage.setItem(draftKey, JSON.stringify(values)); } catch (e) { /* private mode: no draft */ }
  }
  function restoreDraft() {
    var saved;
    try { saved = JSON.parse(localStorage.getItem(draftKey) || "null"); } catch (e) { saved = null; }
    if (!saved || form.dataset.hasErrors === "1") { return; }
    Object.keys(saved).forEach(function (name) {
      form.querySelectorAll('[name="' + name + '"]').forEach(function (input) {
        if (input.type === "radio" || input.type === "checkbox") {
          input.checked = input.type === "checkbox" ? saved[name] === "on" : input.value === saved[name];
        } else if (input.type !== "file") {
          input.value = saved[name];
        }
      });
    });
  }

  // Timers for duration items: start, stop, the seconds go into the field.
  form.querySelectorAll(".timer-button").forEach(function (button) {
    var started = null, tick = null;
    var field = document.getElementById(button.dataset.timerFor);
    var label = button.querySelector(".timer-label");
    button.addEventListener("click", function () {
      if (started === null) {
        started = Date.now();
        button.setAttribute("aria-pressed", "true");
        label.textContent = form.dataset.labelStop;
        tick = setInterval(function () { field.value = Math.round((Date.now() - started) / 1000); }, 250);
      } else {
        clearInterval(tick);
        field.value = Math.round((Date.now() - started) / 1000);
        started = null;
        button.setAttribute("aria-pressed", "false");
        label.textContent = form.dataset.labelStart;
        refresh();
        saveDraft();
      }
    });
  });

  nav.hidden = false;
  form.classList.add("js-steps");
  nav.addEventListener("click", function (event) {
    var button = event.target.closest("[data-step]");
    if (button) { show(current + parseInt(button.dataset.step, 10)); }
  });
  form.addEventListener("change", function () { refresh(); saveDraft(); });
  form.addEventListener("input", function () { refresh(); saveDraft(); });
  form.addEventListener("submit", function () {
    try { localStorage.removeItem(draftKey); } catch (e) { /* nothing kept */ }
    document.getElementById("submit-inspection").disabled = true;
  });
  restoreDraft();
  refresh();
  show(0);
})();
