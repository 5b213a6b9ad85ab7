/* The demand page's chart: arrivals per hour as bars coloured by period, staff needed as lines.
   Data comes from the page's json_script "demand-data"; the same numbers are in the table under it. */
(function () {
  "use strict";
  var source = document.getElementById("demand-data");
  var canvas = document.getElementById("demand-chart");
  if (!source || !canvas || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var t = data.text;
  new Chart(canvas, {
    data: {
      labels: data.labels,
      datasets: [
        {
          type: "bar",
          label: t.arrivals,
          data: data.arrivals_per_hour,
          backgroundColor: data.colours,
          yAxisID: "arrivals",
          pointStyle: "rect",
          order: 2
        },
        {
          type: "line",
          label: t.erlang,
          data: data.erlang_c_staff,
          borderColor: "#0d6efd",
          backgroundColor: "#0d6efd",
          stepped: "middle",
          pointRadius: 0,
          borderWidth: 2,
          pointStyle: "line",
          yAxisID: "staff",
          order: 1
        },
        {
          type: "line",
          label: t.required,
          data: data.required_total,
          borderColor: "#212529",
          backgroundColor: "#212529",
          borderDash: [6, 4],
          stepped: "middle",
          pointRadius: 0,
          borderWidth: 2,
          pointStyle: "dash",
          yAxisID: "staff",
          order: 0
        }
      ]
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: "index", intersect: false },
      plugins: {
        legend: {
          position: "bottom",
          labels: {
            usePointStyle: true,
            padding: 16,
            // The bars' colours say the period (legend above the chart); here they get one neutral swatch.
            generateLabels: function (chart) {
              var items = Chart.defaults.plugins.legend.labels.generateLabels(chart);
              items.forEach(function (item) {
                if (item.datasetIndex === 0) {
                  item.fillStyle = "#adb5bd";
                  item.strokeStyle = "#adb5bd";
                }
              });
              return items;
            }
          }
        },
        tooltip: {
          callbacks: {
            afterTitle: function (items) {
              return items.length ? t.period + ": " + data.periods[items[0].dataIndex] : "";
            }
          }
        }
      },
      scales: {
        x: { ticks: { autoSkip: true, maxRotation: 0 } },
        arrivals: {
          position: "left",
          beginAtZero: true,
          title: { display: true, text: t.arrivals_axis }
        },
        staff: {
          position: "right",
          beginAtZero: true,
          ticks: { precision: 0 },
          grid: { drawOnChartArea: false },
          title: { display: true, text: t.staff_axis }
        }
      }
    }
  });
})();
