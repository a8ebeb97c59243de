// Polls the import job's JSON status and updates the progress bar; reloads when it ends so
// the per-row report appears. Static file: the CSP forbids inline scripts.
(function () {
  var box = document.getElementById("import-job");
  if (!box || box.dataset.finished === "1") return;
  var url = box.dataset.statusUrl;
  function set(name, value) {
    var el = box.querySelector('[data-field="' + name + '"]');
    if (el) el.textContent = value;
  }
  function poll() {
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        ["status_display", "processed", "total", "saved", "percent", "message"].forEach(function (k) { set(k, s[k]); });
        var bar = box.querySelector("progress");
        if (bar) bar.value = s.percent;
        box.querySelector('[role="progressbar"]').setAttribute("aria-valuenow", s.percent);
        if (s.finished) { window.location.reload(); } else { setTimeout(poll, 1500); }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 1000);
})();
