/* The hall manager's "today": draws the three charts from the page's json_script "today-data", then asks the
   JSON endpoint again every minute and redraws the figures, the tables and the charts in place (no reload).
   Every chart's numbers are in the table behind its "Numbers behind the chart" button. */
(function () {
  "use strict";
  var dataNode = document.getElementById("today-data");
  var configNode = document.getElementById("today-config");
  if (!dataNode || !configNode) return;
  var data = JSON.parse(dataNode.textContent);
  var config = JSON.parse(configNode.textContent);
  var t = config.text;
  var charts = {};

  function get(object, path) {
    return path.split(".").reduce(function (value, key) {
      return value === null || value === undefined ? undefined : value[key];
    }, object);
  }

  function pad(number) { return number < 10 ? "0" + number : String(number); }

  function format(value, kind) {
    if (value === null || value === undefined || value === "") return "—";
    if (kind === "duration") {
      var total = Math.round(Number(value));
      var hours = Math.floor(total / 3600);
      var minutes = Math.floor((total % 3600) / 60);
      var seconds = total % 60;
      return hours ? hours + ":" + pad(minutes) + ":" + pad(seconds) : minutes + ":" + pad(seconds);
    }
    if (kind === "percent") return Number(value).toFixed(1) + " %";
    return String(value);
  }

  function cell(row, th) {
    var td = document.createElement("td");
    var key = th.getAttribute("data-key");
    var kind = th.getAttribute("data-format") || "text";
    var value = row[key];
    if (th.classList.contains("text-end")) td.className = "text-end";
    if (kind === "late") {
      if (value) {
        var badge = document.createElement("span");
        badge.className = "badge text-bg-danger";
        badge.textContent = t.overdue;
        td.appendChild(badge);
      }
      return td;
    }
    if (kind === "short") {
      var span = document.createElement("span");
      span.textContent = value || 0;
      if (value) span.className = "text-danger fw-semibold";
      td.appendChild(span);
      return td;
    }
    var text = kind === "text" && (value === null || value === undefined) ? "" : format(value, kind);
    var link = th.getAttribute("data-link");
    if (link && row.id !== undefined) {
      var anchor = document.createElement("a");
      anchor.href = link.replace(/\/0\/$/, "/" + row.id + "/");
      anchor.textContent = text;
      td.appendChild(anchor);
    } else {
      td.textContent = text;
    }
    return td;
  }

  function drawTables() {
    document.querySelectorAll("table[data-rows]").forEach(function (table) {
      var rows = get(data, table.getAttribute("data-rows")) || [];
      var heads = Array.prototype.slice.call(table.querySelectorAll("thead th"));
      var body = document.createElement("tbody");
      rows.forEach(function (row) {
        var tr = document.createElement("tr");
        if (row.is_now) tr.className = "table-active";
        heads.forEach(function (th) { tr.appendChild(cell(row, th)); });
        body.appendChild(tr);
      });
      if (!rows.length) {
        var tr = document.createElement("tr");
        var td = document.createElement("td");
        td.colSpan = heads.length;
        td.className = "text-body-secondary";
        td.textContent = table.getAttribute("data-empty") || "";
        tr.appendChild(td);
        body.appendChild(tr);
      }
      table.replaceChild(body, table.querySelector("tbody"));
    });
  }

  function drawFigures() {
    document.querySelectorAll("[data-bind]").forEach(function (node) {
      node.textContent = format(get(data, node.getAttribute("data-bind")), node.getAttribute("data-format"));
    });
    var status = document.getElementById("queue-status");
    if (status) {
      var value = data.queue.status;
      var classes = { green: "text-bg-success", amber: "text-bg-warning", red: "text-bg-danger", none: "text-bg-light border" };
      status.innerHTML = "";
      var badge = document.createElement("span");
      badge.className = "badge " + (classes[value] || classes.none);
      badge.textContent = t.status[value] || t.status.none;
      status.appendChild(badge);
    }
    toggle("open-now", data.is_open_now);
    toggle("closed-now", data.is_open_today && !data.is_open_now);
    toggle("closed-today", !data.is_open_today);
    var hours = document.getElementById("hours-line");
    if (hours) {
      hours.textContent = data.is_open_today ? t.open.replace("%(opens)s", data.opens).replace("%(closes)s", data.closes) : "";
    }
  }

  function toggle(id, show) {
    var node = document.getElementById(id);
    if (node) node.classList.toggle("d-none", !show);
  }

  function minutes(seconds) {
    return seconds === null || seconds === undefined ? null : Math.round(seconds / 6) / 10;
  }

  var baseOptions = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    interaction: { mode: "index", intersect: false },
    plugins: {
      legend: {
        position: "bottom",
        labels: {
          usePointStyle: true,
          boxHeight: 8,
          padding: 14,
          sort: function (a, b) { return a.datasetIndex - b.datasetIndex; }
        }
      }
    }
  };

  function options(scales) {
    return Object.assign({}, baseOptions, { scales: scales });
  }

  function queueChart() {
    var hours = data.queue.hours;
    var target = minutes(data.queue.target_wait_seconds);
    return {
      data: {
        labels: hours.map(function (h) { return h.label; }),
        datasets: [
          { type: "bar", label: t.tickets, data: hours.map(function (h) { return h.tickets; }), backgroundColor: "#9ec5fe", yAxisID: "count", order: 3, pointStyle: "rect" },
          { type: "line", label: t.mean_wait, data: hours.map(function (h) { return minutes(h.mean_wait_seconds); }), borderColor: "#0b5cad", backgroundColor: "#0b5cad", yAxisID: "wait", order: 1, borderWidth: 2, pointRadius: 3 },
          { type: "line", label: t.p90_wait, data: hours.map(function (h) { return minutes(h.p90_wait_seconds); }), borderColor: "#c65d00", backgroundColor: "#c65d00", borderDash: [6, 4], yAxisID: "wait", order: 0, borderWidth: 2, pointRadius: 3, pointStyle: "triangle" },
          { type: "line", label: t.target, data: hours.map(function () { return target; }), borderColor: "#198754", backgroundColor: "#198754", borderDash: [2, 3], yAxisID: "wait", order: 2, borderWidth: 2, pointRadius: 0, pointStyle: "line" }
        ]
      },
      options: options({
        count: { position: "left", beginAtZero: true, title: { display: true, text: t.tickets }, ticks: { precision: 0 } },
        wait: { position: "right", beginAtZero: true, title: { display: true, text: t.minutes }, grid: { drawOnChartArea: false } }
      })
    };
  }

  function floorChart() {
    var slots = data.floor.slots;
    return {
      data: {
        labels: slots.map(function (s) { return s.start; }),
        datasets: [
          { type: "bar", label: t.rostered, data: slots.map(function (s) { return s.scheduled; }), backgroundColor: slots.map(function (s) { return s.short ? "#f1aeb5" : "#9ec5fe"; }), order: 2, pointStyle: "rect" },
          { type: "line", label: t.needed, data: slots.map(function (s) { return s.needed; }), borderColor: "#212529", backgroundColor: "#212529", borderDash: [6, 4], stepped: "middle", pointRadius: 0, borderWidth: 2, order: 1, pointStyle: "line" }
        ]
      },
      options: options({ y: { beginAtZero: true, title: { display: true, text: t.people }, ticks: { precision: 0 } } })
    };
  }

  function pressesChart() {
    var hours = data.satisfaction.hours;
    function series(key) { return hours.map(function (h) { return h[key]; }); }
    return {
      type: "bar",
      data: {
        labels: hours.map(function (h) { return h.label; }),
        datasets: [
          { label: t.satisfied, data: series("satisfied"), backgroundColor: "#198754" },
          { label: t.neutral, data: series("neutral"), backgroundColor: "#adb5bd" },
          { label: t.dissatisfied, data: series("dissatisfied"), backgroundColor: "#dc3545" }
        ]
      },
      options: options({
        x: { stacked: true },
        y: { stacked: true, beginAtZero: true, title: { display: true, text: t.presses }, ticks: { precision: 0 } }
      })
    };
  }

  var builders = { "queue-chart": queueChart, "floor-chart": floorChart, "presses-chart": pressesChart };

  function drawCharts() {
    if (typeof Chart === "undefined") return;
    Object.keys(builders).forEach(function (id) {
      var canvas = document.getElementById(id);
      if (!canvas) return;
      var spec = builders[id]();
      if (charts[id]) {
        charts[id].data = spec.data;
        charts[id].update("none");
      } else {
        charts[id] = new Chart(canvas, spec);
      }
    });
  }

  var state = document.getElementById("refresh-state");

  function refresh() {
    fetch(config.url, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (fresh) {
        data = fresh;
        drawFigures();
        drawTables();
        drawCharts();
        if (state) state.textContent = "";
      })
      .catch(function () {
        if (state) state.textContent = "(" + t.failed + ")";
      });
  }

  drawCharts();
  var button = document.getElementById("refresh-now");
  if (button) button.addEventListener("click", refresh);
  window.setInterval(function () {
    if (!document.hidden) refresh();
  }, config.refresh_seconds * 1000);
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) refresh();
  });
})();
