/* A staff member's dashboard: my mystery-shop score and my satisfaction by month, from the page's json_script
   "my-scores-data"; the same numbers are in the table behind "Numbers behind the chart". */
(function () {
  "use strict";
  var source = document.getElementById("my-scores-data");
  var canvas = document.getElementById("my-scores-chart");
  if (!source || !canvas || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "line",
    data: {
      labels: data.labels,
      datasets: [
        {
          label: data.text.mystery_shop,
          data: data.mystery_shop,
          borderColor: "#0b5cad",
          backgroundColor: "#0b5cad",
          borderWidth: 2,
          pointRadius: 4,
          spanGaps: true
        },
        {
          label: data.text.satisfaction,
          data: data.satisfaction,
          borderColor: "#c65d00",
          backgroundColor: "#c65d00",
          borderDash: [6, 4],
          borderWidth: 2,
          pointRadius: 4,
          pointStyle: "triangle",
          spanGaps: true
        }
      ]
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: "index", intersect: false },
      plugins: { legend: { position: "bottom", labels: { usePointStyle: true, padding: 14 } } },
      scales: { y: { suggestedMin: 50, max: 100 } }
    }
  });
})();
