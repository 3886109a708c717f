// Follows a background job: polls its status, updates the progress bar and goes on when it is done.
(function () {
  var root = document.getElementById("job");
  if (!root) { return; }
  var url = root.getAttribute("data-status-url");
  var bar = document.getElementById("job-progress");
  var step = document.getElementById("job-step");
  var again = document.getElementById("job-again");
  var pending = { queued: true, running: true, retrying: true };
  if (again) { again.hidden = true; }
  function describe(s) {
    if (s.state === "failed") { return "Failed: " + s.error + (s.attempts > 1 ? " (after " + s.attempts + " attempts)" : ""); }
    if (s.state === "retrying") { return "Attempt " + s.attempts + " of " + s.max_attempts + " failed: " + s.error + ". Trying again shortly."; }
    if (s.state === "queued") { return "Waiting for a worker: " + s.step; }
    return s.step + " (" + s.done + " of " + s.total + " steps, " + s.elapsed_seconds + " s)";
  }
  function show(s) {
    bar.max = Math.max(s.total, 1);
    if (s.done > 0 || !pending[s.state]) { bar.value = s.done; } else { bar.removeAttribute("value"); }
    bar.textContent = s.done + " of " + s.total;
    step.textContent = describe(s);
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        show(s);
        if (s.state === "done" && s.done_url) { window.location.assign(s.done_url); }
        else if (pending[s.state]) { window.setTimeout(poll, 700); }
        else if (again) { again.hidden = false; }
      })
      .catch(function () { if (again) { again.hidden = false; } });
  }
  window.setTimeout(poll, 300);
})();
