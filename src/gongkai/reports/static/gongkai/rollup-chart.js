// Roll-up chart (ECharts): applications received per agency and the share disclosed.
// The page shows the same figures in a table; without JavaScript nothing is lost.
(function () {
  var el = document.getElementById("rollup-chart");
  var src = document.getElementById("rollup-data");
  if (!el || !src || typeof echarts === "undefined") { return; }
  var data = JSON.parse(src.textContent);
  var chart = echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { data: ["本年新收申请", "公开比例（%）"] },
    grid: { bottom: 90 },
    xAxis: { type: "category", data: data.agencies, axisLabel: { rotate: 40, interval: 0 } },
    yAxis: [{ type: "value", name: "件" }, { type: "value", name: "%", max: 100 }],
    dataZoom: data.agencies.length > 30 ? [{ type: "slider", end: Math.min(100, 3000 / data.agencies.length) }] : [],
    series: [
      { name: "本年新收申请", type: "bar", data: data.received },
      { name: "公开比例（%）", type: "line", yAxisIndex: 1, data: data.share }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
