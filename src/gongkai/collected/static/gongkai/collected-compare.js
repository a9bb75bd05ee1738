// Enhancement only: the table above already shows every figure.
(function () {
  var el = document.getElementById("chart");
  if (!el || !window.echarts) { if (el) el.style.display = "none"; return; }
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  window.echarts.init(el).setOption({
    tooltip: {trigger: "axis"}, legend: {top: 0},
    grid: {top: 60, left: 50, right: 20, bottom: 40},
    xAxis: {type: "category", data: data.categories},
    yAxis: {type: "value"},
    series: data.series.map(function (s) { return {name: s.name, type: "bar", data: s.data}; })
  });
})();
