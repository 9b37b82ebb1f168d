/* Warn before an idle session is signed out, and let the person stay signed in (WCAG 2.2.1).
   Without JavaScript the page still works; the server signs out idle sessions either way. */
(function () {
  "use strict";
  var dialog = document.getElementById("timeout-warning");
  if (!dialog || typeof dialog.showModal !== "function" || !window.fetch) return;
  var timeout = parseInt(dialog.getAttribute("data-timeout"), 10);
  if (!timeout) return;
  var warnBefore = Math.min(120, Math.floor(timeout / 2));
  var countdown = dialog.querySelector(".timeout-dialog__countdown");
  var form = dialog.querySelector(".timeout-dialog__form");
  var deadline, warnTimer, endTimer, tickTimer, returnFocus;

  function describe(seconds) {
    if (seconds >= 90) return dialog.getAttribute("data-minutes").replace("{n}", Math.round(seconds / 60));
    if (seconds >= 60) return dialog.getAttribute("data-one-minute");
    // Whole tens of seconds: a screen reader is not flooded with a new number every second.
    return dialog.getAttribute("data-seconds").replace("{n}", Math.max(10, Math.ceil(seconds / 10) * 10));
  }

  function tick() {
    var text = describe(Math.max(0, (deadline - Date.now()) / 1000));
    if (countdown.textContent !== text) countdown.textContent = text;
  }

  function warn() {
    returnFocus = document.activeElement;
    tick();
    dialog.showModal();
    tickTimer = window.setInterval(tick, 1000);
  }

  function expire() {
    // The server has signed the session out: reloading shows the sign-in page and says why.
    window.location.reload();
  }

  // The server may have noted this visit up to a minute early (it writes the time at most once a
  // minute), so the first countdown runs from the seconds it says are left; after "Stay signed in"
  // the whole timeout starts again.
  var secondsLeft = parseInt(dialog.getAttribute("data-seconds-left"), 10);
  if (!(secondsLeft >= 0)) secondsLeft = timeout;

  function schedule(seconds) {
    window.clearTimeout(warnTimer);
    window.clearTimeout(endTimer);
    window.clearInterval(tickTimer);
    deadline = Date.now() + seconds * 1000;
    warnTimer = window.setTimeout(warn, Math.max(0, seconds - warnBefore) * 1000);
    endTimer = window.setTimeout(expire, seconds * 1000);
  }

  function staySignedIn() {
    window
      .fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
      })
      .then(function (response) {
        if (response.status !== 204) throw new Error("not extended");
        dialog.close();
        if (returnFocus && returnFocus.focus) returnFocus.focus();
        schedule(timeout);
      })
      .catch(function () {
        form.submit();
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    staySignedIn();
  });
  // Escape means "stay signed in", never "ignore the warning".
  dialog.addEventListener("cancel", function (event) {
    event.preventDefault();
    staySignedIn();
  });
  schedule(secondsLeft);
})();
