/* Charts of 工作督查: the units' scores of the month and the bureau's three on-time rates over
   twelve months. ECharts is the vendored copy, the figures come from the page's json_script
   block; the tables on the page hold the same figures, so it reads the same without JavaScript.
   No inline script: the CSP allows only 'self'. */
(function () {
  "use strict";
  var source = document.getElementById("oversight-data");
  if (!source || !window.echarts) {
    return;
  }
  var data = JSON.parse(source.textContent);
  // Told apart without colour too: each rate has its own line style and symbol.
  var STYLES = {
    publication: { color: "#1d4f91", type: "solid", symbol: "circle" },
    application: { color: "#a86f00", type: "dashed", symbol: "rect" },
    letter: { color: "#3f7f8c", type: "dotted", symbol: "triangle" }
  };
  var base = {
    aria: { enabled: true },
    textStyle: { fontFamily: "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, sans-serif" },
    animation: false
  };

  function merge(extra) {
    var option = {};
    Object.keys(base).forEach(function (k) { option[k] = base[k]; });
    Object.keys(extra).forEach(function (k) { option[k] = extra[k]; });
    return option;
  }

  function ranking(d, el) {
    // Rank 1 at the top; the chart grows with the number of units.
    var labels = d.labels.map(function (label, i) { return d.ranks[i] + ". " + label; }).reverse();
    el.style.height = Math.max(220, 28 * labels.length + 80) + "px";
    return merge({
      color: ["#1d4f91"],
      tooltip: { trigger: "axis", confine: true, axisPointer: { type: "shadow" }, valueFormatter: function (v) { return v + " 分"; } },
      grid: { left: 16, right: 48, top: 16, bottom: 36, containLabel: true },
      xAxis: { type: "value", min: 0, max: 100, name: "综合得分", nameLocation: "middle", nameGap: 28 },
      yAxis: { type: "category", data: labels },
      series: [{ name: "综合得分", type: "bar", data: d.scores.slice().reverse(), barMaxWidth: 16,
                 label: { show: true, position: "right", formatter: "{c}" } }]
    });
  }

  function trend(d) {
    return merge({
      tooltip: { trigger: "axis", confine: true,
                 formatter: function (params) {
                   var lines = [params.length ? params[0].axisValue : ""];
                   params.forEach(function (p) {
                     var s = d.series[p.seriesIndex];
                     lines.push(p.marker + s.name + "：" + (p.value == null ? "—" : p.value + "%") +
                                "（" + s.counts[p.dataIndex] + "）");
                   });
                   return lines.join("<br>");
                 } },
      legend: { top: 0 },
      grid: { left: 16, right: 24, top: 40, bottom: 16, containLabel: true },
      xAxis: { type: "category", data: d.labels, boundaryGap: false },
      yAxis: { type: "value", min: 0, max: 100, name: "%" },
      series: d.series.map(function (s) {
        var style = STYLES[s.key] || {};
        return { name: s.name, type: "line", data: s.values, connectNulls: false, symbol: style.symbol,
                 symbolSize: 7, itemStyle: { color: style.color },
                 lineStyle: { color: style.color, type: style.type, width: 2 } };
      })
    });
  }

  var builders = { ranking: ranking, trend: trend };
  var charts = [];
  Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), function (el) {
    var key = el.getAttribute("data-chart");
    if (!data[key] || !builders[key]) {
      return;
    }
    el.hidden = false;  // hidden until drawn: without JavaScript the tables stand alone
    var option = builders[key](data[key], el);
    var chart = window.echarts.init(el, null, { renderer: "canvas", locale: "ZH" });
    chart.setOption(option);
    charts.push(chart);
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
}());
