// Dragging across the timeline sets a date range: from the first day of the first year (or
// month) touched to the last day of the last. Progressive enhancement: without this file each
// bar is still a link to its year or month, and the From/To fields set any range by keyboard.
(function () {
  "use strict";
  // A press that moves less than this is a click on a bar, not a drag.
  var MIN_DRAG_PX = 6;

  function setUp(figure) {
    var svg = figure.querySelector("svg");
    var band = svg.querySelector(".selection");
    var months = figure.getAttribute("data-unit") === "month";
    var year = parseInt(figure.getAttribute("data-year"), 10);
    var first = parseInt(figure.getAttribute("data-first"), 10);
    var last = parseInt(figure.getAttribute("data-last"), 10);
    var step = parseFloat(figure.getAttribute("data-step"));
    var base = figure.getAttribute("data-range-url");
    if (!band || !(step > 0) || isNaN(first) || isNaN(last) || (months && isNaN(year))) {
      return;
    }
    var start = null;
    var startX = 0;
    var dragging = false;
    var justDragged = false;

    function pad(n) {
      return (n < 10 ? "0" : "") + n;
    }

    // The dates from the start of slot `lo` to the end of slot `hi` (years or months).
    function range(lo, hi) {
      if (!months) {
        return "from=" + lo + "-01-01&to=" + hi + "-12-31";
      }
      // Day 0 of the next month is the last day of this one.
      var lastDay = new Date(Date.UTC(year, hi, 0)).getUTCDate();
      return "from=" + year + "-" + pad(lo) + "-01&to=" + year + "-" + pad(hi) + "-" + pad(lastDay);
    }

    // The year or month under the pointer, from the SVG's own coordinates so any scaling is undone.
    function slotAt(event) {
      var point = svg.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      var x = point.matrixTransform(svg.getScreenCTM().inverse()).x;
      return Math.min(last, Math.max(first, first + Math.floor(x / step)));
    }

    function show(a, b) {
      var lo = Math.min(a, b);
      var hi = Math.max(a, b);
      band.setAttribute("x", String((lo - first) * step));
      band.setAttribute("width", String((hi - lo + 1) * step));
      band.setAttribute("visibility", "visible");
      svg.setAttribute("aria-busy", "true");
    }

    function reset() {
      start = null;
      dragging = false;
      band.setAttribute("visibility", "hidden");
      svg.removeAttribute("aria-busy");
    }

    svg.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) {
        return;
      }
      start = slotAt(event);
      startX = event.clientX;
      dragging = false;
    });
    svg.addEventListener("pointermove", function (event) {
      if (start === null) {
        return;
      }
      if (!dragging) {
        if (Math.abs(event.clientX - startX) < MIN_DRAG_PX) {
          return;
        }
        // Captured only once it is a drag, so a plain click still reaches the bar's link.
        dragging = true;
        svg.setPointerCapture(event.pointerId);
      }
      event.preventDefault();
      show(start, slotAt(event));
    });
    svg.addEventListener("pointerup", function (event) {
      if (start === null) {
        return;
      }
      if (!dragging) {
        reset();
        return;
      }
      var lo = Math.min(start, slotAt(event));
      var hi = Math.max(start, slotAt(event));
      justDragged = true;
      var separator = base.indexOf("?") < 0 ? "?" : "&";
      window.location.assign(base + separator + range(lo, hi));
    });
    svg.addEventListener("pointercancel", reset);
    // The click that ends a drag must not also follow the link under the pointer.
    svg.addEventListener(
      "click",
      function (event) {
        if (justDragged) {
          event.preventDefault();
          justDragged = false;
        }
      },
      true
    );
    // Links would otherwise start the browser's own drag of the URL.
    svg.addEventListener("dragstart", function (event) {
      event.preventDefault();
    });
    var hint = figure.querySelector(".drag-hint");
    if (hint) {
      hint.hidden = false;
    }
  }

  document.querySelectorAll("figure.timeline[data-range-url]").forEach(setUp);
})();
