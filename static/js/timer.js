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

  // Once, when the phase's clock passes the plan (not on every tick, not on a reload).
  function announceOverTime() {
    var target = document.getElementById("announcer");
    var timer = document.querySelector("[data-announce] [data-timer]");
    if (!target || !timer) return;
    var over = timer.classList.contains("is-over");
    if (over && timer._wasOver === false) {
      target.textContent = target.getAttribute("data-msg-over") || "De geplande tijd voor deze fase is om.";
    }
    timer._wasOver = over;
  }

  // A phase change swaps the step buttons. Keep the keyboard focus on the button that was
  // used (or the one beside it, when it is now disabled) instead of losing it to <body>.
  var focusedAction = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var active = document.activeElement;
    var target = event.detail.target;
    if (event.detail.shouldSwap && active && active.name === "action" && target &&
        target.contains(active)) focusedAction = active.value;
  });
  function restoreFocus() {
    if (focusedAction === null) return;
    var wanted = focusedAction === "start" ? "next" : focusedAction;
    focusedAction = null;
    var buttons = Array.prototype.slice.call(
      document.querySelectorAll("button[name=action]:not([disabled])"));
    var button = buttons.filter(function (b) { return b.value === wanted; })[0] || buttons[0];
    if (button) {
      button.focus();
      return;
    }
    var title = document.getElementById("phase-title");
    if (title) {
      title.setAttribute("tabindex", "-1");
      title.focus();
    }
  }

  function update() { tick(); announce(); announceOverTime(); }
  document.addEventListener("DOMContentLoaded", update);
  document.addEventListener("htmx:afterSwap", update);
  // After settling, when htmx has wired up the new buttons: an Enter pressed on a button
  // focused earlier would post the form without htmx and reload the page.
  document.addEventListener("htmx:afterSettle", restoreFocus);
  setInterval(function () { tick(); announceOverTime(); }, 1000);
})();
