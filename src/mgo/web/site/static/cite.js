// Copy a reference to the clipboard, without a network: the text is in the page. The buttons are hidden in
// the HTML and shown here, so a reader without JavaScript sees no button that does nothing.
(function () {
  "use strict";
  var status = document.getElementById("copy-status");
  function say(text) { if (status) status.textContent = text; }
  function fallback(text) {
    // navigator.clipboard needs a secure context; a page opened from disk or over plain http may lack it
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (error) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }
  Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var target = document.getElementById(button.getAttribute("data-copy"));
      if (!target) return;
      var text = target.textContent.replace(/\s+/g, " ").trim();
      var done = function () { say(button.getAttribute("data-done")); };
      var failed = function () { say(fallback(text) ? button.getAttribute("data-done") : button.getAttribute("data-failed")); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, failed);
      } else {
        failed();
      }
    });
  });
})();
