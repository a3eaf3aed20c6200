document.querySelectorAll("table.sortable th[data-sort]").forEach(function (th, col) {
  th.addEventListener("click", function () {
    var body = th.closest("table").tBodies[0], down = th.dataset.dir !== "desc";
    th.dataset.dir = down ? "desc" : "asc";
    var key = function (tr) { var c = tr.cells[col];
      return th.dataset.sort === "num" ? Number(c.dataset.value || 0) : c.textContent; };
    Array.from(body.rows).sort(function (a, b) {
      var x = key(a), y = key(b), r = x < y ? -1 : x > y ? 1 : 0;
      return th.dataset.sort === "num" && col !== 1 ? (down ? -r : r) : (down ? r : -r);
    }).forEach(function (tr) { body.appendChild(tr); });
  });
});
document.querySelectorAll("table.sortable").forEach(function (t) { t.dataset.sortReady = "1"; });
