// Dragging across the timeline sets a date range: from 1 January of the first year touched to
// 31 December of the last. Progressive enhancement: without this file each bar is still a link
// to its year, and the From/To fields set any range by keyboard.
(function () {
  "use strict";
  // A press that moves less than this is a click on a bar, not a drag.
  var MIN_DRAG_PX = 6;

  function setUp(figure) {
    var svg = figure.querySelector("svg");
    var band = svg.querySelector(".selection");
    var first = parseInt(figure.getAttribute("data-first-year"), 10);
    var last = parseInt(figure.getAttribute("data-last-year"), 10);
    var step = parseFloat(figure.getAttribute("data-step"));
    var base = figure.getAttribute("data-range-url");
    if (!band || !(step > 0) || isNaN(first) || isNaN(last)) {
      return;
    }
    var start = null;
    var startX = 0;
    var dragging = false;
    var justDragged = false;

    // The year under the pointer, from the SVG's own coordinates so any scaling is undone.
    function yearAt(event) {
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
      start = yearAt(event);
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
      show(start, yearAt(event));
    });
    svg.addEventListener("pointerup", function (event) {
      if (start === null) {
        return;
      }
      if (!dragging) {
        reset();
        return;
      }
      var lo = Math.min(start, yearAt(event));
      var hi = Math.max(start, yearAt(event));
      justDragged = true;
      var separator = base.indexOf("?") < 0 ? "?" : "&";
      window.location.assign(base + separator + "from=" + lo + "-01-01&to=" + hi + "-12-31");
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
