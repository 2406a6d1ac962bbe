// PLG Cyclus: small behaviours that need JavaScript. Pages work without it.
(function () {
  "use strict";

  // Ask before destructive actions: <form data-confirm="…">.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  var status = document.getElementById("connection-status");
  function showStatus(text) {
    if (!status) return;
    status.textContent = text;
    status.classList.remove("d-none");
  }
  function hideStatus() {
    if (status) status.classList.add("d-none");
  }

  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    if (xhr.status === 401) {
      showStatus(document.body.dataset.msgSession || "Je sessie is verlopen. Log opnieuw in; wat je typte staat nog op deze pagina.");
    } else if (xhr.status === 403) {
      showStatus(document.body.dataset.msgForbidden || "Dit mag je niet doen met jouw rol in dit team.");
    } else {
      showStatus(document.body.dataset.msgError || "Er ging iets mis op de server. Er is niets verloren; probeer het opnieuw.");
    }
  });
  document.addEventListener("htmx:sendError", function () {
    showStatus(document.body.dataset.msgOffline || "Geen verbinding met de server. Wat je typte staat nog op deze pagina; probeer het zo opnieuw.");
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful) hideStatus();
  });
  // Move focus into content that htmx swapped in, so keyboard users land in the form.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    var focusable = target && target.querySelector("[autofocus], input:not([type=hidden]), select, textarea");
    if (focusable && event.detail.requestConfig.verb === "get") focusable.focus();
  });
})();

// "Use the suggestion": tick the suggested preparers and untick the others.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-suggest]");
  if (!button) return;
  var ids = button.getAttribute("data-suggest").split(",");
  var form = button.closest("form");
  form.querySelectorAll("input[name=preparers]").forEach(function (box) {
    box.checked = ids.indexOf(box.value) !== -1;
  });
});
