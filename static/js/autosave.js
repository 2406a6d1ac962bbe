// Autosave of texts (the group notes in templates/meetings/group.html, the report in
// templates/meetings/report_edit.html; the form is templates/meetings/_autosave_form.html):
// nothing typed is lost.
//
// Each <form data-autosave> holds a textarea `text` and a hidden `version`. The text is
// saved 800 ms after the last keystroke, on blur, when the page is hidden and before it is
// unloaded; a copy of unsaved text stays in localStorage until the server has it. A save
// based on an old version is refused by the server (409) and both texts are shown side by
// side. Only one request per note is in flight; typing during a save sends again after it.
// The status texts come translated from the page: one json_script block with the id
// "autosave-messages" (meetings/autosave.py); none are written here.
(function () {
  "use strict";

  var SAVE_DELAY_MS = 800;
  var RETRY_EVERY_MS = 10000;
  var KEEPALIVE_LIMIT = 60000; // browsers refuse keepalive bodies above 64 kB
  var TONE = ["text-body-secondary", "text-success", "text-danger", "text-warning-emphasis"];

  // The status texts, translated, from the one block the page renders for them
  // (meetings/autosave.py MESSAGES, via {% autosave_messages %} and json_script).
  var messages = null;

  function message(name) {
    if (messages === null) {
      var block = document.getElementById("autosave-messages");
      try {
        messages = JSON.parse((block && block.textContent) || "{}");
      } catch (error) {
        messages = {};
      }
    }
    return messages[name] || "";
  }

  function csrfToken() {
    // The cookie first: logging in again in another tab rotates the token, and the page's
    // copy (hx-headers on <body>) would then be refused.
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function normalise(text) {
    return text.replace(/\r\n/g, "\n");
  }

  // localStorage can be missing or full (private browsing): the page still works without it.
  var storage = {
    read: function (key) {
      try {
        var value = JSON.parse(window.localStorage.getItem(key) || "null");
        return value && typeof value.text === "string" ? value : null;
      } catch (error) {
        return null;
      }
    },
    write: function (key, text, version) {
      try {
        window.localStorage.setItem(key, JSON.stringify({ text: text, version: version }));
      } catch (error) { /* nothing to do: the text is still in the textarea */ }
    },
    remove: function (key) {
      try {
        window.localStorage.removeItem(key);
      } catch (error) { /* see write */ }
    }
  };

  function Note(form) {
    this.form = form;
    this.key = form.getAttribute("data-storage-key");
    this.textarea = form.querySelector("textarea[name=text]");
    this.versionInput = form.querySelector("input[name=version]");
    this.status = form.querySelector("[data-note-status]");
    this.retryButton = form.querySelector("[data-note-retry]");
    this.loginLink = form.querySelector("[data-note-login]");
    this.restored = form.querySelector("[data-note-restored]");
    this.conflictBox = form.querySelector("[data-note-conflict]");
    this.theirsText = form.querySelector("[data-note-theirs]");
    this.theirsBy = form.querySelector("[data-note-theirs-by]");
    this.version = parseInt(this.versionInput.value, 10) || 0;
    // The text the server holds at `version`.
    this.savedText = normalise(this.textarea.defaultValue);
    this.inFlight = false;
    this.again = false;
    this.timer = null;
    this.failure = null; // "session", "offline", "server", "forbidden", "invalid"
    this.conflict = null; // the other text while the user has not chosen
    this.bind();
    this.restore();
  }

  Note.prototype.bind = function () {
    var note = this;
    this.textarea.addEventListener("input", function () {
      note.remember();
      if (!note.failure && !note.conflict) note.show("dirty", "text-body-secondary");
      note.schedule();
    });
    this.textarea.addEventListener("blur", function () {
      note.saveNow();
    });
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (note.conflict) note.keepMine();
      else note.saveNow();
    });
    this.retryButton.addEventListener("click", function () {
      note.setStatus(message("saving"), "text-body-secondary");
      note.saveNow();
    });
    this.form.querySelector("[data-note-take]").addEventListener("click", function (event) {
      event.preventDefault();
      note.takeTheirs();
    });
    if (this.conflictBox && !this.conflictBox.hidden) {
      // The server already answered a plain form post with a conflict (no JavaScript then).
      this.conflict = {
        version: this.version,
        text: normalise(this.theirsText.value),
        saved_at: this.conflictBox.getAttribute("data-note-theirs-at") || ""
      };
    }
  };

  Note.prototype.isDirty = function () {
    return normalise(this.textarea.value) !== this.savedText;
  };

  Note.prototype.remember = function () {
    if (this.isDirty()) storage.write(this.key, normalise(this.textarea.value), this.version);
    else storage.remove(this.key);
  };

  // Text typed on this device that never reached the server comes back, and is saved
  // on the version it was based on: if someone saved since, that is a conflict to resolve.
  Note.prototype.restore = function () {
    var stored = storage.read(this.key);
    if (!stored) return;
    if (stored.text === this.savedText || stored.text === normalise(this.textarea.value)) {
      if (!this.isDirty()) storage.remove(this.key);
      return;
    }
    this.textarea.value = stored.text;
    if (typeof stored.version === "number") this.version = stored.version;
    if (this.restored) this.restored.hidden = false;
    this.show("dirty", "text-warning-emphasis");
    this.saveNow();
  };

  Note.prototype.schedule = function () {
    var note = this;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(function () {
      note.save(false);
    }, SAVE_DELAY_MS);
  };

  Note.prototype.saveNow = function (keepalive) {
    window.clearTimeout(this.timer);
    this.save(Boolean(keepalive));
  };

  // Unchanged text is not written again, so screen readers do not repeat it on every retry.
  Note.prototype.setStatus = function (text, tone) {
    if (this.status.textContent !== text) this.status.textContent = text;
    this.status.classList.remove.apply(this.status.classList, TONE);
    if (tone) this.status.classList.add(tone);
  };

  Note.prototype.show = function (name, tone, suffix) {
    this.setStatus(message(name) + (suffix ? " " + suffix : ""), tone);
  };

  Note.prototype.fail = function (failure, text) {
    this.failure = failure;
    this.setStatus(text || message(failure), "text-danger");
    this.retryButton.hidden = failure === "invalid" || failure === "forbidden";
    this.loginLink.hidden = failure !== "session";
  };

  Note.prototype.clearFailure = function () {
    this.failure = null;
    this.retryButton.hidden = true;
    this.loginLink.hidden = true;
  };

  Note.prototype.save = function (keepalive) {
    if (this.conflict) return; // wait for "keep mine" or "take theirs"
    if (this.inFlight) {
      this.again = true;
      return;
    }
    var text = normalise(this.textarea.value);
    if (text === this.savedText) {
      storage.remove(this.key);
      if (this.failure || this.status.textContent === message("dirty")) {
        this.clearFailure();
        this.setStatus("", "text-body-secondary");
      }
      return;
    }
    var note = this;
    var body = new URLSearchParams();
    body.set("text", text);
    body.set("version", String(this.version));
    var encoded = body.toString();
    this.inFlight = true;
    this.again = false;
    if (!this.failure) this.show("saving", "text-body-secondary");
    fetch(this.form.action, {
      method: "POST",
      credentials: "same-origin",
      keepalive: Boolean(keepalive) && encoded.length < KEEPALIVE_LIMIT,
      headers: {
        "Accept": "application/json",
        "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8",
        "X-CSRFToken": csrfToken()
      },
      body: encoded
    })
      .then(function (response) {
        return response.json().then(
          function (data) { return { status: response.status, data: data }; },
          function () { return { status: response.status, data: null }; }
        );
      })
      .then(
        function (answer) { note.answered(text, answer.status, answer.data); },
        function () { note.fail("offline"); }
      )
      .then(function () {
        note.inFlight = false;
        if (note.again && !note.conflict && !note.failure) note.save(false);
      });
  };

  Note.prototype.answered = function (text, status, data) {
    if (status === 200 && data && typeof data.version === "number") {
      this.clearFailure();
      this.version = data.version;
      this.versionInput.value = String(data.version);
      this.savedText = text;
      if (this.isDirty()) {
        this.remember();
        this.show("dirty", "text-body-secondary");
        this.again = true;
      } else {
        storage.remove(this.key);
        this.show("saved", "text-success", data.saved_at);
      }
    } else if (status === 409 && data && data.conflict) {
      this.clearFailure();
      this.showConflict(data);
    } else if (status === 401) {
      this.fail("session");
    } else if (status === 400) {
      this.fail("invalid", data && data.error ? data.error : message("invalid"));
    } else if (status === 403 || status === 404) {
      this.fail("forbidden");
    } else {
      this.fail("server");
    }
  };

  Note.prototype.showConflict = function (data) {
    this.conflict = data;
    this.theirsText.value = data.text;
    this.theirsBy.textContent = data.updated_by || "";
    this.conflictBox.hidden = false;
    this.show("conflict", "text-danger");
  };

  Note.prototype.endConflict = function () {
    this.conflict = null;
    this.conflictBox.hidden = true;
  };

  Note.prototype.keepMine = function () {
    if (!this.conflict) return;
    this.version = this.conflict.version;
    this.versionInput.value = String(this.version);
    this.savedText = normalise(this.conflict.text);
    this.endConflict();
    this.remember();
    this.saveNow();
    this.textarea.focus();
  };

  Note.prototype.takeTheirs = function () {
    if (!this.conflict) return;
    var theirs = this.conflict;
    this.version = theirs.version;
    this.versionInput.value = String(theirs.version);
    this.textarea.value = theirs.text;
    this.savedText = normalise(theirs.text);
    this.endConflict();
    storage.remove(this.key);
    if (this.restored) this.restored.hidden = true;
    this.show("saved", "text-success", theirs.saved_at);
    this.textarea.focus();
  };

  Note.prototype.hasUnsaved = function () {
    return this.inFlight || Boolean(this.conflict) || this.isDirty();
  };

  function form_each(list, callback) {
    Array.prototype.forEach.call(list, callback);
  }

  // Buttons only needed without JavaScript (the score saves on change), also after htmx swaps.
  function hideNoScriptButtons(root) {
    form_each(root.querySelectorAll("[data-nojs]"), function (element) {
      element.hidden = true;
    });
  }

  function start() {
    hideNoScriptButtons(document);
    document.addEventListener("htmx:load", function (event) {
      if (event.target && event.target.querySelectorAll) hideNoScriptButtons(event.target);
    });
    var notes = [];
    form_each(document.querySelectorAll("form[data-autosave]"), function (form) {
      notes.push(new Note(form));
    });
    if (!notes.length) return;

    function flush() {
      notes.forEach(function (note) {
        if (note.isDirty()) {
          note.remember();
          note.saveNow(true);
        }
      });
    }
    function retry(failures) {
      notes.forEach(function (note) {
        if (note.failure && failures.indexOf(note.failure) !== -1) note.saveNow();
      });
    }

    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") flush();
    });
    window.addEventListener("pagehide", flush);
    window.addEventListener("beforeunload", function (event) {
      flush();
      if (notes.some(function (note) { return note.hasUnsaved(); })) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
    window.addEventListener("online", function () {
      retry(["offline", "server"]);
    });
    // Back at this tab, perhaps after logging in again in another one.
    window.addEventListener("focus", function () {
      retry(["session", "offline"]);
    });
    window.setInterval(function () {
      retry(["offline"]);
    }, RETRY_EVERY_MS);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
