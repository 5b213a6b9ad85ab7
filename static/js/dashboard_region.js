/* The regional HQ dashboard's charts: KPI trends, the scorecard wheel, self-owned against partner-run halls and
   the month's pools against attainment. Data comes from the page's json_script "dashboard-data"; the same
   numbers are in each panel's table ("Show the numbers") and its CSV export. */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var big = document.body.classList.contains("dash-big");
  if (big) {
    Chart.defaults.color = "#dee2e6";
    Chart.defaults.borderColor = "rgba(255, 255, 255, .15)";
    Chart.defaults.font.size = 16;
  }
  // Colour-blind-safe series (Okabe-Ito), plus dashes so lines differ without colour.
  var palette = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00"];
  var dashes = [[], [6, 4], [2, 3], [10, 4, 2, 4], [4, 2], []];
  var status = { green: "#1a9850", amber: "#f0ad00", red: "#d73027" };
  var common = { responsive: true, maintainAspectRatio: false, animation: false };

  function canvas(id) { return document.getElementById(id); }

  if (canvas("trends-chart") && data.trends) {
    new Chart(canvas("trends-chart"), {
      type: "line",
      data: {
        labels: data.trends.labels,
        datasets: data.trends.datasets.map(function (set, index) {
          return {
            label: set.label, data: set.data, spanGaps: true, borderWidth: 2, pointRadius: 3,
            borderColor: palette[index % palette.length], backgroundColor: palette[index % palette.length],
            borderDash: dashes[index % dashes.length]
          };
        })
      },
      options: Object.assign({}, common, { plugins: { legend: { position: "bottom" } } })
    });
  }

  if (canvas("wheel-chart") && data.wheel) {
    // Four equal quadrants; inside each, the share of the hall KPIs on, near and off target.
    var values = [], colours = [], labels = [];
    data.wheel.labels.forEach(function (quadrant, index) {
      var counts = { green: data.wheel.green[index], amber: data.wheel.amber[index], red: data.wheel.red[index] };
      var rated = counts.green + counts.amber + counts.red;
      ["green", "amber", "red"].forEach(function (key) {
        values.push(rated ? Math.round(2500 * counts[key] / rated) / 100 : (key === "green" ? 0 : 0));
        colours.push(status[key]);
        labels.push(quadrant + ": " + data.wheel.names[key] + " " + (rated ? Math.round(1000 * counts[key] / rated) / 10 : 0) + "%");
      });
      if (!rated) { values.push(25); colours.push("#adb5bd"); labels.push(quadrant); }
    });
    new Chart(canvas("wheel-chart"), {
      type: "doughnut",
      data: { labels: labels, datasets: [{ data: values, backgroundColor: colours, borderColor: big ? "#000" : "#fff", borderWidth: 2 }] },
      options: Object.assign({}, common, {
        cutout: "45%",
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: function (item) { return item.label; } } }
        }
      }),
      plugins: [{
        id: "quadrantNames",
        afterDraw: function (chart) {
          var meta = chart.getDatasetMeta(0), ctx = chart.ctx, index = 0;
          ctx.save();
          ctx.fillStyle = big ? "#fff" : "#212529";
          ctx.font = (big ? "bold 18px " : "bold 13px ") + Chart.defaults.font.family;
          ctx.textAlign = "center";
          data.wheel.labels.forEach(function (quadrant, q) {
            var rated = data.wheel.green[q] + data.wheel.amber[q] + data.wheel.red[q];
            var count = rated ? 3 : 4;
            var first = meta.data[index], last = meta.data[index + count - 1];
            index += count;
            if (!first || !last) return;
            var angle = (first.startAngle + last.endAngle) / 2;
            var radius = first.outerRadius + (big ? 0 : 0) - (first.outerRadius - first.innerRadius) / 2;
            ctx.fillText(quadrant, first.x + Math.cos(angle) * radius, first.y + Math.sin(angle) * radius);
          });
          ctx.restore();
        }
      }]
    });
  }

  if (canvas("kinds-chart") && data.kinds) {
    new Chart(canvas("kinds-chart"), {
      type: "bar",
      data: {
        labels: data.kinds.labels,
        datasets: data.kinds.datasets.map(function (set, index) {
          return { label: set.label, data: set.data, backgroundColor: palette[index], borderColor: palette[index] };
        })
      },
      options: Object.assign({}, common, {
        indexAxis: "y",
        plugins: { legend: { position: "bottom" } },
        scales: { x: { min: 0, max: 100, title: { display: true, text: "%" } } }
      })
    });
  }

  if (canvas("pools-chart") && data.pools) {
    var shapes = ["circle", "triangle"];
    new Chart(canvas("pools-chart"), {
      type: "scatter",
      data: {
        datasets: data.pools.datasets.map(function (set, index) {
          return {
            label: set.label, data: set.data, pointStyle: shapes[index % shapes.length], pointRadius: 4,
            backgroundColor: palette[index], borderColor: palette[index]
          };
        })
      },
      options: Object.assign({}, common, {
        plugins: {
          legend: { position: "bottom" },
          tooltip: { callbacks: { label: function (item) { return item.raw.hall + ": " + item.raw.x + "%, " + item.raw.y; } } }
        },
        scales: {
          x: { title: { display: true, text: data.pools.x } },
          y: { title: { display: true, text: data.pools.y }, beginAtZero: true }
        }
      })
    });
  }
})();
