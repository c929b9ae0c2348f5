/* Charts of the mailbox statistics (来信统计). ECharts comes from the vendored copy, the figures
   from the page's json_script block; every chart has a table with the same figures beside it, so
   the page reads the same without JavaScript. No inline script: the CSP is 'self' only. */
(function () {
  "use strict";
  var source = document.getElementById("letter-stats-data");
  if (!source || !window.echarts) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var PALETTE = ["#1d4f91", "#5b84bf", "#9db7dc", "#143a6b", "#c08400", "#6b7c93", "#3f7f8c", "#d0d7de"];
  var base = {
    aria: { enabled: true },
    color: PALETTE,
    textStyle: { fontFamily: "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, sans-serif" },
    tooltip: { trigger: "axis", confine: true },
    grid: { left: 48, right: 24, top: 36, bottom: 40, containLabel: true },
    animation: false
  };

  function merge(extra) {
    var option = {};
    Object.keys(base).forEach(function (k) { option[k] = base[k]; });
    Object.keys(extra).forEach(function (k) { option[k] = extra[k]; });
    return option;
  }

  function columns(d) {
    return merge({
      xAxis: { type: "category", data: d.labels, axisLabel: { interval: 0, hideOverlap: true } },
      yAxis: { type: "value", minInterval: 1, name: "件" },
      series: [{ name: "收到", type: "bar", data: d.values, barMaxWidth: 36,
                 label: { show: true, position: "top" } }]
    });
  }

  function months(d) {
    return merge({
      xAxis: { type: "category", data: d.labels, boundaryGap: false },
      yAxis: { type: "value", minInterval: 1, name: "件" },
      series: [{ name: "收到", type: "line", data: d.values, symbolSize: 7, areaStyle: { opacity: 0.12 },
                 label: { show: d.values.length <= 12, position: "top" } }]
    });
  }

  function topics(d) {
    var items = d.labels.map(function (label, i) { return { name: label, value: d.values[i] }; })
      .filter(function (item) { return item.value > 0; });
    return merge({
      tooltip: { trigger: "item", formatter: "{b}：{c} 件（{d}%）", confine: true },
      legend: { type: "scroll", orient: "vertical", right: 8, top: "middle" },
      series: [{ name: "来信分类", type: "pie", radius: ["38%", "68%"], center: ["40%", "52%"], data: items,
                 percentPrecision: 1, label: { formatter: "{b}\n{d}%" } }]
    });
  }

  function units(d, el) {
    // One bar per unit, longest at the top; the chart grows with the number of units.
    var labels = d.labels.slice().reverse();
    el.style.height = Math.max(260, 34 * labels.length + 90) + "px";
    return merge({
      legend: { top: 4 },
      grid: { left: 16, right: 40, top: 36, bottom: 16, containLabel: true },
      xAxis: { type: "value", minInterval: 1, name: "件" },
      yAxis: { type: "category", data: labels },
      series: [
        { name: "收到", type: "bar", data: d.values.slice().reverse(), barMaxWidth: 14,
          label: { show: true, position: "right" } },
        { name: "已答复", type: "bar", data: d.answered.slice().reverse(), barMaxWidth: 14 }
      ]
    });
  }

  var builders = { month: months, channel: columns, topic: topics, kind: columns, unit: units };
  var charts = [];
  Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), function (el) {
    var key = el.getAttribute("data-chart");
    if (!data[key] || !builders[key]) {
      return;
    }
    var option = builders[key](data[key], el);
    var chart = window.echarts.init(el, null, { renderer: "canvas", locale: "ZH" });
    chart.setOption(option);
    charts.push(chart);
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
}());
