// Keeps the meeting clocks ticking between server updates, and announces phase changes.
// The server holds the truth (seconds used when the page or fragment was rendered); this
// only adds the seconds since then, so a reload or a second laptop shows the same time.
(function () {
  "use strict";

  function format(total) {
    var sign = total < 0 ? "-" : "";
    total = Math.abs(Math.floor(total));
    var h = Math.floor(total / 3600), m = Math.floor((total % 3600) / 60), s = total % 60;
    var mm = (h ? String(m).padStart(2, "0") : String(m)) + ":" + String(s).padStart(2, "0");
    return sign + (h ? h + ":" + mm : mm);
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-timer]").forEach(function (el) {
      if (!el._renderedAt) el._renderedAt = now;
      var base = parseInt(el.dataset.seconds || "0", 10);
      var planned = parseInt(el.dataset.planned || "0", 10);
      var running = el.dataset.running === "1";
      var used = base + (running ? (now - el._renderedAt) / 1000 : 0);
      el.querySelector("[data-timer-used]").textContent = format(used);
      el.querySelector("[data-timer-planned]").textContent = format(planned);
      var over = planned > 0 && used > planned;
      el.classList.toggle("is-over", over);
      el.querySelector("[data-timer-over]").textContent = over
        ? "+" + format(used - planned) + " " + (el.dataset.overLabel || "over tijd") : "";
    });
  }

  var lastAnnounced = null;
  function announce() {
    var source = document.querySelector("[data-announce]");
    var target = document.getElementById("announcer");
    if (!source || !target) return;
    var text = source.getAttribute("data-announce");
    if (lastAnnounced !== null && text && text !== lastAnnounced) target.textContent = text;
    lastAnnounced = text;
  }

  document.addEventListener("DOMContentLoaded", function () { tick(); announce(); });
  document.addEventListener("htmx:afterSwap", function () { tick(); announce(); });
  setInterval(tick, 1000);
})();
