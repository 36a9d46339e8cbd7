// The page works without this file; it only helps: it moves the focus to what the last action
// produced (the answers, the new charge, the field an error names), offers the chosen statute's
// articles as suggestions, and opens the print dialog from the print view.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var target = document.querySelector("[data-autofocus]");
  if (target) target.focus();
  document.querySelectorAll("select[data-articles-for]").forEach(function (select) {
    select.addEventListener("change", function () {
      var input = document.getElementById(select.getAttribute("data-articles-for"));
      if (input) input.setAttribute("list", "articles-" + select.value);
    });
  });
  // A link to a collapsed section (a decree's sources) opens it.
  document.querySelectorAll("a[href^='#']").forEach(function (link) {
    link.addEventListener("click", function () {
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (target && target.tagName === "DETAILS") target.open = true;
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
});
