/* The hall scorecard's radar of the six experience dimensions, last 30 and 90 days.
   Data comes from the page's json_script "radar-data"; the same numbers are in the table beside it. */
(function () {
  "use strict";
  var source = document.getElementById("radar-data");
  var canvas = document.getElementById("radar-chart");
  if (!source || !canvas || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  // Scores sit high: start the scale 10 points under the lowest value (in tens), so differences show; the
  // ticks say where it starts.
  var values = [];
  data.datasets.forEach(function (set) {
    set.data.forEach(function (value) { if (value !== null) values.push(value); });
  });
  var lowest = values.length ? Math.min.apply(null, values) : 0;
  var floor = Math.max(0, Math.min(80, Math.floor((lowest - 10) / 10) * 10));
  // Blue and orange: told apart with the common colour-vision deficiencies; the 90 days are also dashed.
  var styles = [
    { borderColor: "#0b5cad", backgroundColor: "rgba(11, 92, 173, .18)", borderDash: [] },
    { borderColor: "#c65d00", backgroundColor: "rgba(198, 93, 0, .08)", borderDash: [6, 4] }
  ];
  new Chart(canvas, {
    type: "radar",
    data: {
      labels: data.labels,
      datasets: data.datasets.map(function (set, index) {
        var style = styles[index % styles.length];
        return {
          label: set.label,
          data: set.data,
          borderColor: style.borderColor,
          backgroundColor: style.backgroundColor,
          borderDash: style.borderDash,
          pointBackgroundColor: style.borderColor,
          pointRadius: 3,
          borderWidth: 2,
          spanGaps: true
        };
      })
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { position: "bottom", labels: { padding: 16 } } },
      scales: {
        r: {
          min: floor,
          max: 100,
          ticks: { stepSize: floor >= 60 ? 10 : 20, backdropColor: "rgba(255, 255, 255, .75)" },
          pointLabels: { font: { size: 13 } }
        }
      }
    }
  });
})();
