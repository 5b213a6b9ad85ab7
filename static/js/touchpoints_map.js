// A hall's touchpoint map: the reason field is shown only where a touchpoint is switched off.
(function () {
  "use strict";
  var form = document.getElementById("map-form");
  if (!form) {
    return;
  }
  form.querySelectorAll("tr[data-code]").forEach(function (row) {
    var toggle = row.querySelector("input[type=checkbox]");
    var reason = row.querySelector("input[name$='-reason']");
    if (!toggle || !reason) {
      return;
    }
    function update(focus) {
      var off = !toggle.checked;
      row.classList.toggle("not-applicable", off);
      reason.classList.toggle("invisible", !off);
      if (off && !reason.placeholder) {
        reason.placeholder = reason.dataset.placeholder || "";
      }
      if (off && focus) {
        reason.focus();
      }
    }
    toggle.addEventListener("change", function () {
      update(true);
    });
    update(false);
  });
})();
