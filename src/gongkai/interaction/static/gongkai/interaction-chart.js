// 政民互动 statistics (ECharts): received and closed per source, 按期办结率 and 满意率.
// The page shows the same figures in a table; without JavaScript nothing is lost.
(function () {
  var el = document.getElementById("interaction-chart");
  var src = document.getElementById("interaction-data");
  if (!el || !src || typeof echarts === "undefined") { return; }
  var data = JSON.parse(src.textContent);
  var chart = echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { data: ["收到", "办结", "按期办结率（%）", "满意率（%）"] },
    xAxis: { type: "category", data: data.sources },
    yAxis: [{ type: "value", name: "件" }, { type: "value", name: "%", max: 100 }],
    series: [
      { name: "收到", type: "bar", data: data.received },
      { name: "办结", type: "bar", data: data.closed },
      { name: "按期办结率（%）", type: "line", yAxisIndex: 1, data: data.on_time },
      { name: "满意率（%）", type: "line", yAxisIndex: 1, data: data.satisfaction }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
