// Progressive enhancement only: every page works without this file.
"use strict";

function csrfToken(form) {
  const input = form.querySelector("input[name=csrf_token]");
  return input ? input.value : "";
}

// Drafts: what is typed into a compose form is kept in the browser until the
// server confirms it was saved, so a failed submit or a closed tab loses nothing.
function setupDrafts() {
  const posted = document.querySelector(".flash-posted");
  for (const form of document.querySelectorAll("form[data-draft]")) {
    const key = "veche-draft:" + form.dataset.draft;
    const area = form.querySelector("textarea[name=body]");
    if (!area) continue;
    if (posted) {
      localStorage.removeItem(key);
    } else if (!area.value && localStorage.getItem(key)) {
      area.value = localStorage.getItem(key);
    }
    area.addEventListener("input", () => {
      if (area.value) localStorage.setItem(key, area.value);
      else localStorage.removeItem(key);
    });
  }
  if (posted) {
    for (const k of Object.keys(localStorage)) {
      if (k.startsWith("veche-draft:") && !document.querySelector("form[data-draft='" + k.slice(12) + "'] textarea")) {
        localStorage.removeItem(k);
      }
    }
  }
}

// Times: the server writes UTC; the browser shows them in the member's time
// zone (their setting) or its own, in the page's language.
function localTimes() {
  const zone = document.body.dataset.timeZone || undefined;
  const lang = document.body.dataset.lang || undefined;
  let format;
  try {
    format = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short", timeZone: zone });
  } catch (_) {
    format = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" });
  }
  for (const el of document.querySelectorAll("time[datetime]")) {
    const when = new Date(el.getAttribute("datetime"));
    if (isNaN(when)) continue;
    const text = format.format(when);
    if (el.classList.contains("abs")) el.textContent = text;
    else el.title = text;
  }
}

// Preview: render on the server with the same pipeline, without leaving the page.
function setupPreview() {
  for (const form of document.querySelectorAll("form.compose")) {
    const button = form.querySelector("button[name=preview]");
    const area = form.querySelector("textarea[name=body]");
    const out = form.querySelector(".preview-area");
    if (!button || !area || !out) continue;
    button.addEventListener("click", async (event) => {
      event.preventDefault();
      const body = new URLSearchParams({ body: area.value });
      try {
        const res = await fetch("/preview", {
          method: "POST",
          headers: { "X-CSRF-Token": csrfToken(form), "Content-Type": "application/x-www-form-urlencoded" },
          body,
          credentials: "same-origin",
        });
        out.innerHTML = res.ok ? await res.text() : "";
        out.hidden = !res.ok;
      } catch (_) {
        form.requestSubmit(button);
      }
    });
  }
}

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
  setupDrafts();
  setupPreview();
  localTimes();
});

// Suggestions while asking: guides and solved topics matching the title.
document.addEventListener("DOMContentLoaded", () => {
  const title = document.querySelector("form[action='/t/new'] input[name=title]");
  const box = document.getElementById("suggestions");
  if (!title || !box) return;
  let timer = null;
  const render = (data) => {
    box.replaceChildren();
    const section = (label, items) => {
      if (!items.length) return;
      const h = document.createElement("p");
      h.className = "hint";
      h.textContent = label;
      const ul = document.createElement("ul");
      for (const it of items) {
        const li = document.createElement("li");
        const a = document.createElement("a");
        a.href = it.href;
        a.textContent = it.title;
        a.target = "_blank";
        li.append(a);
        ul.append(li);
      }
      box.append(h, ul);
    };
    section(box.dataset.guides, data.guides || []);
    section(box.dataset.topics, data.topics || []);
    box.hidden = !box.childElementCount;
  };
  title.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      if (title.value.trim().length < 3) { box.hidden = true; return; }
      try {
        const res = await fetch("/t/suggest?q=" + encodeURIComponent(title.value), { credentials: "same-origin" });
        if (res.ok) render(await res.json());
      } catch (_) { /* suggestions are optional */ }
    }, 300);
  });
});

// Support form: of the service hints listed under the select, show only
// the chosen service's (all stay listed without this script).
document.addEventListener("DOMContentLoaded", () => {
  const select = document.querySelector("#desk-new select[name=service]");
  const hints = document.querySelectorAll("#service-hints [data-service]");
  if (!select || !hints.length) return;
  const show = () => {
    for (const h of hints) h.hidden = h.dataset.service !== select.value;
  };
  select.addEventListener("change", show);
  show();
});
