// A draw worked out in the background. Without JavaScript the page has a "Check again" link;
// with it, the progress updates in place and the result replaces it when ready (no page refresh,
// which would interrupt screen readers and keyboard users).
(function () {
  "use strict";
  var EVERY_MS = 3000;
  if (!document.querySelector("[data-draw-waiting]") || !window.fetch || !window.DOMParser) {
    return;
  }

  function showResult(main) {
    var here = document.querySelector("main");
    here.innerHTML = main.innerHTML;
    var heading = here.querySelector("h1");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  }

  function showProgress(main) {
    var status = main.querySelector("[data-draw-status]");
    var shown = document.querySelector("[data-draw-status]");
    if (status && shown && status.textContent !== shown.textContent) {
      shown.textContent = status.textContent;
    }
    var bar = main.querySelector("[data-draw-waiting] progress");
    var shownBar = document.querySelector("[data-draw-waiting] progress");
    if (bar && shownBar) {
      shownBar.value = bar.value;
      shownBar.textContent = bar.textContent;
    }
  }

  function check() {
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.text() : Promise.reject(response.status);
      })
      .then(function (html) {
        var main = new DOMParser().parseFromString(html, "text/html").querySelector("main");
        if (!main) {
          return;
        }
        if (main.querySelector("[data-draw-waiting]")) {
          showProgress(main);
          window.setTimeout(check, EVERY_MS);
        } else {
          showResult(main);
        }
      })
      .catch(function () {
        window.setTimeout(check, EVERY_MS * 2);
      });
  }

  window.setTimeout(check, EVERY_MS);
})();
