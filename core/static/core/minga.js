/* Minga: small progressive enhancements shared by every page (no dependencies). */
(function () {
  "use strict";
  // A table or chart wider than the screen scrolls sideways: keyboard users need to reach
  // it (tabindex) and screen readers to know what it is (role=region + a name). Only the
  // ones that really scroll get a tab stop.
  function labelFor(box) {
    var caption = box.querySelector("caption, svg[aria-label]");
    if (caption) return (caption.getAttribute("aria-label") || caption.textContent).trim();
    var figure = box.closest("figure");
    var title = figure && figure.querySelector("figcaption");
    var heading = title || headingBefore(box);
    return heading ? heading.textContent.trim().slice(0, 120) : "";
  }
  // The nearest heading above the box (a sibling's, or an ancestor's sibling's): a paragraph
  // of links or a count just before a table is no name for it.
  function headingBefore(box) {
    for (var node = box; node && node !== document.body; node = node.parentElement) {
      for (var prev = node.previousElementSibling; prev; prev = prev.previousElementSibling) {
        if (/^H[1-6]$/.test(prev.tagName)) return prev;
        var inner = prev.querySelectorAll("h1, h2, h3, h4, h5, h6");
        if (inner.length) return inner[inner.length - 1];
      }
    }
    return null;
  }
  function markScrollers() {
    document.querySelectorAll(".table-wrap, .chart-scroll").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        var name = labelFor(box);
        if (name) box.setAttribute("aria-label", name);
      } else if (!scrolls && box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  markScrollers();
  var pending;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(markScrollers, 150);
  });

  // A POST form is sent once: after the first submit its buttons are disabled (a double
  // click or an impatient second tap would send it again). The server drops repeats anyway
  // (one-time form token); this spares the wait. Disabled on the next tick so the clicked
  // button's own name/value still travels with the form. A page restored from the back/forward
  // cache gets its buttons back.
  function buttonsOf(form) {
    return form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]");
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || (form.method || "").toLowerCase() !== "post") return;
    if (form.dataset.submitted === "1") {
      event.preventDefault();
      return;
    }
    if (event.defaultPrevented) return;
    form.dataset.submitted = "1";
    setTimeout(function () {
      buttonsOf(form).forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-busy", "true");
      });
    }, 0);
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-submitted]").forEach(function (form) {
      delete form.dataset.submitted;
      buttonsOf(form).forEach(function (button) {
        button.disabled = false;
        button.removeAttribute("aria-busy");
      });
    });
  });
})();
