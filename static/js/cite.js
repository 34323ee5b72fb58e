// "Cite this statement": copy buttons, and citations that follow the paragraph in the address
// (#p3), so the ¶ link of a paragraph is all a reader needs to cite it. Progressive
// enhancement: without this file the citations are plain text that cites the whole statement.
(function () {
  "use strict";
  var section = document.querySelector("section.cite[data-url]");
  if (!section) {
    return;
  }
  var url = section.getAttribute("data-url");
  var scope = section.querySelector(".cite-scope");
  var status = section.querySelector(".copy-status");
  var citations = Array.prototype.slice.call(section.querySelectorAll(".citation"));
  var downloads = Array.prototype.slice.call(section.querySelectorAll("a[data-cite-download]"));
  citations.forEach(function (c) {
    c.setAttribute("data-whole", c.textContent);
  });
  downloads.forEach(function (a) {
    a.setAttribute("data-whole", a.getAttribute("href"));
  });

  // The paragraph number in the address, when that paragraph exists.
  function paragraph() {
    var match = /^#p([0-9]+)$/.exec(window.location.hash);
    return match && document.getElementById("p" + match[1]) ? match[1] : null;
  }

  function update() {
    var n = paragraph();
    citations.forEach(function (c) {
      var whole = c.getAttribute("data-whole");
      c.textContent = n ? whole.split(url).join(url + "#p" + n) : whole;
    });
    downloads.forEach(function (a) {
      var whole = a.getAttribute("data-whole");
      a.setAttribute("href", n ? whole + "?p=" + n : whole);
    });
    scope.textContent = n ? "Citing paragraph " + n + "." : "";
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Plain-http sites other than localhost have no clipboard API: copy a selection instead.
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand("copy");
      document.body.removeChild(area);
      if (ok) {
        resolve();
      } else {
        reject(new Error("copy refused"));
      }
    });
  }

  section.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-copy"));
      copyText(source.textContent).then(
        function () {
          button.textContent = "Copied";
          status.textContent = label.replace("Copy", "Copied") + " to the clipboard.";
        },
        function () {
          button.textContent = label;
          status.textContent = "The browser did not allow copying; select the citation instead.";
        }
      );
      window.setTimeout(function () {
        button.textContent = label;
        status.textContent = "";
      }, 2500);
    });
  });

  window.addEventListener("hashchange", update);
  update();
})();
