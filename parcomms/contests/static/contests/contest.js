// Countdown for an attempt. The server sends the seconds left (its clock decides); the page
// counts down with a monotonic clock, re-asks the server when the phone wakes up, and submits
// the form by itself at zero. A late submission is refused on the server anyway.
(function () {
  var timer = document.querySelector("[data-countdown]");
  if (!timer) return;
  var form = document.getElementById(timer.getAttribute("data-form"));
  var out = timer.querySelector("strong");
  var left = parseInt(timer.getAttribute("data-remaining"), 10);
  var syncUrl = timer.getAttribute("data-sync");
  var base = performance.now();
  var submitted = false;
  function remaining() { return Math.max(0, left - Math.floor((performance.now() - base) / 1000)); }
  function show() {
    var s = remaining(), m = Math.floor(s / 60), r = s % 60;
    out.textContent = (m < 10 ? "0" : "") + m + ":" + (r < 10 ? "0" : "") + r;
    timer.classList.toggle("c-timer--low", s <= 60);
    if (s === 0 && !submitted) { submitted = true; form.submit(); }
  }
  if (form) form.addEventListener("submit", function () { submitted = true; });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState !== "visible" || !syncUrl) return;
    fetch(syncUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (d) { left = d.remaining; base = performance.now(); show(); })
      .catch(function () {});
  });
  show();
  setInterval(show, 250);
})();
