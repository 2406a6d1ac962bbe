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

// After logging out (the login page with data-clear-device), remove the texts autosave kept
// on this device (static/js/autosave.js: keys "plg-note:…" and "plg-report:…"), so the
// next person at a shared computer does not find them.
(function () {
  "use strict";
  if (!document.querySelector("[data-clear-device]")) return;
  try {
    var storage = window.localStorage;
    for (var i = storage.length - 1; i >= 0; i--) {
      var key = storage.key(i);
      if (key && key.indexOf("plg-") === 0) storage.removeItem(key);
    }
  } catch (error) { /* no localStorage (private browsing): nothing was kept */ }
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

// Nothing typed is lost by leaving the page: a form someone typed in and did not send makes
// the browser ask before the page is left (another form's button, a link, closing the tab).
// Autosaved forms (data-autosave) save as they go and keep a copy on the device: not these.
(function () {
  "use strict";
  var dirty = [];
  function watched(form) {
    return form && form.tagName === "FORM" && !form.hasAttribute("data-autosave") &&
      (form.getAttribute("method") || "get").toLowerCase() === "post";
  }
  function forget(form) {
    dirty = dirty.filter(function (f) { return f !== form; });
  }
  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (watched(form) && dirty.indexOf(form) === -1) dirty.push(form);
  });
  document.addEventListener("submit", function (event) {
    if (!event.defaultPrevented || event.target.hasAttribute("hx-post")) forget(event.target);
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("form");
    if (form && event.detail.successful) forget(form);
  });
  window.addEventListener("beforeunload", function (event) {
    dirty = dirty.filter(function (f) { return document.contains(f); });
    if (dirty.length) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();

// Copy a link: <button data-copy="id-of-input" data-copied="Gekopieerd">. Without the
// clipboard (an old browser, http) the text is selected for Ctrl+C.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-copy]");
  if (!button) return;
  var input = document.getElementById(button.getAttribute("data-copy"));
  if (!input) return;
  input.select();
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(input.value).then(function () {
      button.textContent = button.getAttribute("data-copied") || "✓";
    });
  }
});
