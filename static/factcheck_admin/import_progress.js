// Polls an import run's progress while it is pending or running, and updates the counts.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("import-progress");
    if (!box) {
      return;
    }
    var bar = box.querySelector("progress");
    function update(data) {
      Object.keys(data).forEach(function (key) {
        var el = box.querySelector('[data-field="' + key + '"]');
        if (el && typeof data[key] !== "object") {
          el.textContent = data[key];
        }
      });
      bar.max = data.expected || Math.max(data.seen, 1);
      bar.value = data.seen;
      box.dataset.status = data.status;
    }
    function poll() {
      if (box.dataset.status === "finished" || box.dataset.status === "failed") {
        return;
      }
      fetch(box.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          update(data);
          if (data.status === "finished" || data.status === "failed") {
            window.location.reload();
          } else {
            window.setTimeout(poll, 1500);
          }
        })
        .catch(function () { window.setTimeout(poll, 5000); });
    }
    window.setTimeout(poll, 1000);
  });
})();
