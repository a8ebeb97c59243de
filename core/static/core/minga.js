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
    var heading = title || box.previousElementSibling;
    return heading ? heading.textContent.trim().slice(0, 120) : "";
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
})();
