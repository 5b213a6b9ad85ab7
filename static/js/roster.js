// Roster page: the coverage chart for the chosen day, and the solver's progress while it runs.
(function () {
  "use strict";
  var dataEl = document.getElementById("coverage-data");
  if (dataEl && window.Chart) {
    var data = JSON.parse(dataEl.textContent);
    var labels = JSON.parse(document.getElementById("coverage-labels").textContent);
    var total = function (byRole, i) {
      return data.roles.reduce(function (sum, role) { return sum + byRole[role][i]; }, 0);
    };
    var scheduled = data.labels.map(function (_, i) { return total(data.scheduled, i); });
    var demand = data.labels.map(function (_, i) { return total(data.demand, i); });
    var covered = scheduled.map(function (s, i) { return Math.min(s, demand[i]) + Math.max(0, s - demand[i]); });
    var short = scheduled.map(function (s, i) { return Math.max(0, demand[i] - s); });
    new Chart(document.getElementById("coverage-chart"), {
      data: {
        labels: data.labels,
        datasets: [
          { type: "line", label: labels.demand, data: demand, borderColor: "#212529", backgroundColor: "#212529",
            stepped: "middle", pointRadius: 0, borderWidth: 2, order: 0 },
          { type: "bar", label: labels.scheduled, data: covered, stack: "s", order: 1,
            backgroundColor: data.period.map(function (p) { return data.colours[p] + "cc"; }) },
          { type: "bar", label: labels.short, data: short, stack: "s", order: 1, backgroundColor: "#dc3545" }
        ]
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: { x: { stacked: true, ticks: { maxRotation: 0, autoSkip: true } }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { position: "bottom" } }
      }
    });
  }

  var card = document.getElementById("solver-card");
  if (card && card.dataset.solving === "1") {
    var bar = document.getElementById("solver-bar");
    var text = document.getElementById("solver-text");
    var started = Date.now();
    var poll = function () {
      fetch(card.dataset.progressUrl, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (run) {
          if (run.status === "done" || run.status === "failed") { window.location.reload(); return; }
          var seconds = (Date.now() - started) / 1000;
          bar.style.width = Math.min(98, 100 * seconds / (run.time_limit || 30)) + "%";
          var last = run.progress && run.progress[run.progress.length - 1];
          if (last) {
            text.textContent = last.unmet + " / " + (last.bound === null ? "?" : last.bound) + " · " + last.seconds.toFixed(1) + " s";
          }
          window.setTimeout(poll, 1000);
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    };
    poll();
  }
})();
