// Follows a background job: polls its status, updates the progress bar and goes on when it is done.
(function () {
  var root = document.getElementById("job");
  if (!root) { return; }
  var url = root.getAttribute("data-status-url");
  var bar = document.getElementById("job-progress");
  var step = document.getElementById("job-step");
  var again = document.getElementById("job-again");
  if (again) { again.hidden = true; }
  function show(s) {
    bar.max = Math.max(s.total, 1);
    if (s.done > 0 || s.state !== "running") { bar.value = s.done; } else { bar.removeAttribute("value"); }
    bar.textContent = s.done + " of " + s.total;
    step.textContent = s.state === "failed" ? "Failed: " + s.error : s.step + " (" + s.done + " of " + s.total + " steps, " + s.elapsed_seconds + " s)";
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        show(s);
        if (s.state === "done" && s.done_url) { window.location.assign(s.done_url); }
        else if (s.state === "running") { window.setTimeout(poll, 700); }
        else if (again) { again.hidden = false; }
      })
      .catch(function () { if (again) { again.hidden = false; } });
  }
  window.setTimeout(poll, 300);
})();
