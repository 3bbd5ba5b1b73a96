// Turns a text selection in the article body into character offsets into article.body.
// The body is rendered as text with pre-wrap, so the text of the container is the body
// itself: offsets are counted over its text nodes.
(function () {
  "use strict";

  function offsetWithin(container, node, offset) {
    var walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    var count = 0;
    var current = walker.nextNode();
    while (current) {
      if (current === node) {
        return count + offset;
      }
      count += current.nodeValue.length;
      current = walker.nextNode();
    }
    return null;
  }

  function currentSelection(container) {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) {
      return null;
    }
    var range = selection.getRangeAt(0);
    if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) {
      return null;
    }
    var start = offsetWithin(container, range.startContainer, range.startOffset);
    var end = offsetWithin(container, range.endContainer, range.endOffset);
    if (start === null || end === null) {
      return null;
    }
    var text = container.textContent.slice(start, end);
    // Leave out the spaces a double-click or a sloppy drag picks up.
    var lead = text.length - text.replace(/^\s+/, "").length;
    var trail = text.length - text.replace(/\s+$/, "").length;
    start += lead;
    end -= trail;
    if (end <= start) {
      return null;
    }
    return { start: start, end: end, text: container.textContent.slice(start, end) };
  }

  document.addEventListener("DOMContentLoaded", function () {
    var container = document.getElementById("article-body");
    var button = document.getElementById("add-claim-button");
    var status = document.getElementById("selection-status");
    if (!container || !button) {
      return;
    }
    var chosen = null;
    document.addEventListener("selectionchange", function () {
      chosen = currentSelection(container);
      button.disabled = chosen === null;
      status.textContent = chosen ? "Selected: “" + chosen.text + "” (" + chosen.start + "–" + chosen.end + ")" : "";
    });
    button.addEventListener("click", function () {
      if (!chosen) {
        return;
      }
      var query = new URLSearchParams({
        article: button.dataset.article,
        start: String(chosen.start),
        end: String(chosen.end)
      });
      window.location.href = button.dataset.addUrl + "?" + query.toString();
    });
  });
})();
