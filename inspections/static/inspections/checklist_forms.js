/* Checklist pages: the scenario appears only for mystery-shop checklists; on the item form the answer type
   shows the pass-rule fields that apply, and the condition offers only earlier items and their possible
   answers. Without the script every field stays visible and the server checks the same rules. */
(function () {
  "use strict";

  function toggle(element, visible) {
    if (element) element.classList.toggle("d-none", !visible);
  }

  // The checklist form: scenario only for mystery-shopper visits.
  var kind = document.getElementById("id_kind");
  var scenario = document.querySelector("[data-kind-only]");
  if (kind && scenario) {
    var showScenario = function () { toggle(scenario, kind.value === scenario.dataset.kindOnly); };
    kind.addEventListener("change", showScenario);
    showScenario();
  }

  // The item form.
  var dataNode = document.getElementById("item-form-data");
  if (!dataNode) return;
  var data = JSON.parse(dataNode.textContent);
  var answerType = document.getElementById("id_answer_type");
  var touchpoint = document.getElementById("id_touchpoint");
  var condition = document.getElementById("id_condition_item");
  var conditionValue = document.getElementById("id_condition_value");
  var valueList = document.getElementById("condition-values");

  function showRuleFields() {
    document.querySelectorAll("[data-applies]").forEach(function (wrapper) {
      var types = data.applies[wrapper.dataset.applies] || [];
      toggle(wrapper, types.indexOf(answerType.value) !== -1);
    });
    document.querySelectorAll("[data-type-hint]").forEach(function (hint) {
      toggle(hint, hint.dataset.typeHint === answerType.value);
    });
  }

  function isEarlier(option) {
    var item = data.items[option.value];
    var chosen = data.touchpoints[touchpoint.value];
    if (!item || chosen === undefined) return true;
    if (item.tp !== chosen) return item.tp < chosen;
    // Same touchpoint: an item that stays there keeps its place; a new or moved one goes last.
    var stays = data.self.tp !== null && String(data.self.tp) === touchpoint.value;
    return !stays || item.order < data.self.order;
  }

  function filterConditions() {
    Array.prototype.forEach.call(condition.options, function (option) {
      if (!option.value) return;
      var allowed = isEarlier(option) || option.selected;
      option.hidden = !allowed;
      option.disabled = !allowed;
    });
  }

  function offerValues() {
    var item = data.items[condition.value];
    valueList.innerHTML = "";
    (item ? item.values : []).forEach(function (value) {
      var option = document.createElement("option");
      option.value = value;
      valueList.appendChild(option);
    });
    conditionValue.setAttribute("list", "condition-values");
    toggle(conditionValue.closest(".col-12"), Boolean(condition.value) || Boolean(conditionValue.value));
  }

  answerType.addEventListener("change", showRuleFields);
  touchpoint.addEventListener("change", filterConditions);
  condition.addEventListener("change", offerValues);
  showRuleFields();
  filterConditions();
  offerValues();
})();
