/* The IMO meeting page: nothing typed is lost.
   Forms marked data-autosave post themselves with htmx when a field changes (on leaving it) or
   is submitted, so saving one form never reloads the page over text typed in another. While a
   form holds text not yet saved, leaving the page asks first. Without JavaScript every form
   still posts on its own. No inline script: the page runs under a strict CSP. */
(function () {
  "use strict";

  var dirty = new Set();

  function autosaveForm(element) {
    return element && element.closest ? element.closest("form[data-autosave]") : null;
  }

  document.addEventListener("input", function (event) {
    var form = autosaveForm(event.target);
    if (form) {
      dirty.add(form);
      var status = form.querySelector("[role=status]");
      if (status) {
        status.textContent = status.dataset.unsaved || "";
      }
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = autosaveForm(event.detail.elt);
    // Refused input (X-Not-Saved) or a conflict (the form comes back in place) stays unsaved.
    var xhr = event.detail.xhr;
    if (
      form &&
      event.detail.successful &&
      !xhr.getResponseHeader("HX-Reswap") &&
      !xhr.getResponseHeader("X-Not-Saved")
    ) {
      dirty.delete(form);
    }
  });

  // The form that came back in place of a replaced one holds the same unsaved text.
  document.addEventListener("htmx:afterSwap", function () {
    dirty.forEach(function (form) {
      if (!form.isConnected) {
        dirty.delete(form);
        var action = form.getAttribute("action");
        document.querySelectorAll("form[data-autosave]").forEach(function (other) {
          if (other.getAttribute("action") === action) {
            dirty.add(other);
          }
        });
      }
    });
  });

  window.addEventListener("beforeunload", function (event) {
    if (dirty.size > 0) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
