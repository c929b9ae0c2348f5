/* The bulletin trend chart: draws the series of <script type="application/json"
   id="bulletin-chart-data"> with the vendored Apache ECharts. The same numbers are in the table
   beside it, which is what readers without JavaScript (and screen readers) use; the chart's
   figure stays hidden until it has been drawn. No inline script: the CSP allows only 'self'. */
(function () {
  "use strict";

  // Distinguishable without colour too: each series has its own line style and symbol.
  var STYLES = {
    criminal: { color: "#b3261e", type: "solid", symbol: "circle" },
    public_order: { color: "#1d4f91", type: "solid", symbol: "rect" },
    traffic: { color: "#4f7fbf", type: "dashed", symbol: "triangle" },
    fire: { color: "#a86f00", type: "dotted", symbol: "diamond" }
  };

  function draw() {
    var source = document.getElementById("bulletin-chart-data");
    var figure = document.getElementById("bulletin-chart-figure");
    var box = document.getElementById("bulletin-chart");
    if (!source || !figure || !box || !window.echarts) {
      return;
    }
    var data = JSON.parse(source.textContent);
    // 长辈版 (large-text mode) enlarges the chart's own text too.
    var size = document.body.classList.contains("large-text") ? 16 : 12;
    figure.hidden = false;
    var chart = window.echarts.init(box, null, { renderer: "canvas", locale: "ZH" });
    chart.setOption({
      aria: { enabled: true },
      title: { text: data.title, show: false },
      animation: false,
      textStyle: { fontSize: size,
                   fontFamily: "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif" },
      tooltip: {
        trigger: "axis",
        formatter: function (items) {
          var i = items[0].dataIndex;
          var lines = [data.weeks[i] + "（" + data.periods[i] + "）"];
          items.forEach(function (item) {
            lines.push(item.marker + item.seriesName + "：" + (item.value == null ? "未发布" : item.value + " 起"));
          });
          return lines.join("<br>");
        }
      },
      legend: { top: 0, textStyle: { fontSize: size } },
      grid: { left: 16, right: 16, top: 24 + 3 * size, bottom: 8, containLabel: true },
      xAxis: {
        type: "category",
        data: data.labels,
        axisLabel: { rotate: 45, interval: "auto", fontSize: size }
      },
      yAxis: { type: "value", name: "起", minInterval: 1, axisLabel: { fontSize: size },
               nameTextStyle: { fontSize: size } },
      series: data.series.map(function (s) {
        var style = STYLES[s.code] || {};
        return {
          name: s.name,
          type: "line",
          data: s.data,
          connectNulls: false,
          symbol: style.symbol,
          symbolSize: 7,
          itemStyle: { color: style.color },
          lineStyle: { color: style.color, type: style.type, width: 2 }
        };
      })
    });
    box.setAttribute("data-drawn", "true");
    window.addEventListener("resize", function () { chart.resize(); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
