// On a narrow screen a chart of many years scrolls sideways inside its box, and the figure a
// page is about may be at its far end. Scroll each chart box so the outlined period is in
// view; the box still scrolls by hand, and without this script the period is named in text.
(function () {
  "use strict";
  function reveal(box) {
    var focus = box.querySelector("rect.focus");
    if (!focus || box.scrollWidth <= box.clientWidth) {
      return;
    }
    var outer = box.getBoundingClientRect();
    var inner = focus.getBoundingClientRect();
    // Centre the period; one wider than the box shows from its start.
    var offset = inner.width < outer.width
      ? inner.left + inner.width / 2 - (outer.left + outer.width / 2)
      : inner.left - outer.left;
    box.scrollLeft += offset;
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".chart-scroll"), reveal);
  });
})();
