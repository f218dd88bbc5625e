/* Progressive enhancement for long checkbox lists (the participants of an activity).
   <div data-filter-box hidden> holds <input data-filter-target="LIST-ID">; the list's items
   carry data-filter-text. Without JavaScript the box stays hidden and the whole list shows.
   <span data-count-checked="NAME"> shows how many boxes named NAME are ticked.
   No inline script anywhere: the page runs under a strict Content-Security-Policy. */
(function () {
  "use strict";

  function normalise(text) {
    // "Ayşe" is found by typing "ayse".
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  document.querySelectorAll("[data-filter-target]").forEach(function (input) {
    var list = document.getElementById(input.dataset.filterTarget);
    if (!list) {
      return;
    }
    var box = input.closest("[data-filter-box]");
    if (box) {
      box.hidden = false;
    }
    var items = list.querySelectorAll("[data-filter-text]");
    var empty = document.querySelector('[data-filter-empty="' + list.id + '"]');
    input.addEventListener("input", function () {
      var query = normalise(input.value.trim());
      var shown = 0;
      items.forEach(function (item) {
        var match = !query || normalise(item.dataset.filterText).indexOf(query) !== -1;
        item.hidden = !match;
        if (match) {
          shown += 1;
        }
      });
      if (empty) {
        empty.hidden = shown > 0;
      }
    });
    // Enter in the search box filters; it must not submit the half-filled form.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
      }
    });
  });

  document.querySelectorAll("[data-count-checked]").forEach(function (output) {
    var form = output.closest("form");
    var name = output.dataset.countChecked;
    if (!form) {
      return;
    }
    function update() {
      output.textContent = form.querySelectorAll('input[name="' + name + '"]:checked').length;
    }
    form.addEventListener("change", update);
    update();
  });
})();
