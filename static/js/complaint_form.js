// The complaint form: when the counter or the time changes, ask who the published roster had there then and
// show it under the staff field (the "as on the published roster" choice takes that person when saved).
(function () {
  "use strict";
  var form = document.getElementById("complaint-form");
  if (!form) { return; }
  var counter = form.querySelector("[name=counter]");
  var when = form.querySelector("[name=occurred_at]");
  var note = document.getElementById("on-duty");
  var staff = form.querySelector("[name=staff_choice]");
  var asRostered = staff ? staff.querySelector("option[value='']") : null;
  var baseLabel = asRostered ? asRostered.textContent : "";
  var pending = null;

  function lookUp() {
    if (!counter || !when || !counter.value || !when.value) { return; }
    var url = form.dataset.onDutyUrl + "?hall=" + encodeURIComponent(form.dataset.hall) +
      "&counter=" + encodeURIComponent(counter.value) + "&at=" + encodeURIComponent(when.value);
    if (pending) { pending.abort(); }
    pending = new AbortController();
    fetch(url, { credentials: "same-origin", signal: pending.signal, headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        note.textContent = data.message;
        if (asRostered) { asRostered.textContent = data.name ? baseLabel + ": " + data.name : baseLabel; }
      })
      .catch(function () { /* the server looks again when the form is saved */ });
  }

  if (counter) { counter.addEventListener("change", lookUp); }
  if (when) { when.addEventListener("change", lookUp); }
  lookUp();
})();
