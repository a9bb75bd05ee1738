// Charts of the supervisor's review (ECharts, no map): reports on time, late, missing and faulty,
// and the mean quality score, per agency type and per level. The tables beside them hold the same
// figures; without JavaScript nothing is lost.
(function () {
  var src = document.getElementById("review-data");
  if (!src || typeof echarts === "undefined") { return; }
  var data = JSON.parse(src.textContent);
  ["kind", "level"].forEach(function (by) {
    var el = document.getElementById("chart-" + by);
    var d = data[by];
    if (!el || !d) { return; }
    var chart = echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: ["按时公布", "逾期公布", "未公布", "有问题", "平均得分"] },
      xAxis: { type: "category", data: d.categories },
      yAxis: [{ type: "value", name: "个", minInterval: 1 }, { type: "value", name: "分", max: 100 }],
      series: [
        { name: "按时公布", type: "bar", stack: "s", data: d.on_time, itemStyle: { color: "#2e7d32" } },
        { name: "逾期公布", type: "bar", stack: "s", data: d.late, itemStyle: { color: "#ef6c00" } },
        { name: "未公布", type: "bar", stack: "s", data: d.missing, itemStyle: { color: "#c62828" } },
        { name: "有问题", type: "bar", data: d.faulty, itemStyle: { color: "#6a1b9a" } },
        { name: "平均得分", type: "line", yAxisIndex: 1, data: d.score }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
