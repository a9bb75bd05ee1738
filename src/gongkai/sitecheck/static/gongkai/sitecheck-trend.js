// Enhancement only: the table below the chart lists every run.
(function () {
  var el = document.getElementById("trend");
  if (!el || !window.echarts) { if (el) el.style.display = "none"; return; }
  var data = JSON.parse(document.getElementById("trend-data").textContent);
  var series = Object.keys(data.series).map(function (k) {
    return {name: data.labels[k] || k, type: "line", data: data.series[k]};
  });
  window.echarts.init(el).setOption({
    tooltip: {trigger: "axis"}, legend: {top: 0}, grid: {top: 60, left: 50, right: 20, bottom: 40},
    xAxis: {type: "category", data: data.dates}, yAxis: {type: "value", minInterval: 1}, series: series
  });
})();
