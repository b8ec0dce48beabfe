// Progressive enhancement only: every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Language switcher: apply on change, hide the now-needless button.
  for (const form of document.querySelectorAll("form.lang-switch")) {
    const select = form.querySelector("select");
    const button = form.querySelector("button");
    if (select && button) {
      button.hidden = true;
      select.addEventListener("change", () => form.submit());
    }
  }
});
