// Autosave for case audits: progressive enhancement of a form that already saves without it.
//
// Each block marked data-autosave-url (one question, or the overall judgement) saves itself
// about 800 ms after the auditor stops typing, or at once when they choose an answer. Every
// save carries the version the auditor started from; the server refuses a stale one (409) and
// this script shows both versions side by side so the auditor keeps theirs, keeps mine or
// merges. Unsaved edits are kept in localStorage, retried with backoff, sent again when the
// network returns, and a warning stops the page closing while anything is unsaved.

const DEBOUNCE_MS = 800;
const FIRST_RETRY_MS = 2000;
const MAX_RETRY_MS = 30000;
const STORAGE_PREFIX = "auditportal:unsaved:";

const storage = {
  get(key) {
    try {
      return JSON.parse(window.localStorage.getItem(key) || "null");
    } catch {
      return null;
    }
  },
  set(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
    } catch {
      // Private browsing or a full store: the page still saves, just without the safety net.
    }
  },
  remove(key) {
    try {
      window.localStorage.removeItem(key);
    } catch {
      // As above.
    }
  },
};

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// The contents list (beside the questions, or folded after the heading on a phone) shows each
// section's status; a save answers with its section's new one, so both lists follow at once.
function showSectionStatus(section) {
  for (const cell of document.querySelectorAll("[data-section-status]")) {
    if (cell.dataset.sectionStatus !== section.key) continue;
    const shown = section.tag ? element("strong", `govuk-tag ${section.tag}`, section.status) : document.createTextNode(section.status);
    cell.replaceChildren(shown);
  }
}

class AutosaveBlock {
  constructor(block, csrfToken) {
    this.block = block;
    this.url = block.dataset.autosaveUrl;
    this.csrfToken = csrfToken;
    this.status = block.querySelector("[data-save-status]");
    this.versionInput = block.querySelector('input[name$="-version"]');
    this.digestInput = block.querySelector('input[name$="-digest"]');
    this.confirm = block.querySelector("[data-confirm]");
    this.storageKey = STORAGE_PREFIX + this.url;
    this.dirty = false;
    this.inflight = false;
    this.timer = null;
    this.retryTimer = null;
    this.retryDelay = 0;
    this.stopped = false; // waiting for the auditor: a conflict, or text to confirm

    block.addEventListener("input", (event) => {
      if (event.target.matches("textarea, input[type=text]")) this.edited(DEBOUNCE_MS);
    });
    block.addEventListener("change", (event) => {
      const immediate = event.target.matches("input[type=radio], input[type=checkbox]");
      this.edited(immediate ? 0 : DEBOUNCE_MS);
    });
    this.restore();
  }

  fields() {
    return [...this.block.querySelectorAll("textarea[name], input[type=text][name], input[type=radio][name], input[type=checkbox][name]")];
  }

  // Ticked options of a tick-all-that-apply question share a name: their values make a list.
  values() {
    const values = {};
    for (const field of this.fields()) {
      if (field.type === "radio") {
        if (field.checked) values[field.name] = field.value;
      } else if (field.type === "checkbox" && field.hasAttribute("value")) {
        values[field.name] = values[field.name] || [];
        if (field.checked) values[field.name].push(field.value);
      } else if (field.type === "checkbox") {
        if (field.checked) values[field.name] = "on";
      } else {
        values[field.name] = field.value;
      }
    }
    return values;
  }

  apply(values) {
    for (const field of this.fields()) {
      if (field.type === "radio") {
        field.checked = values[field.name] === field.value;
      } else if (field.type === "checkbox" && field.hasAttribute("value")) {
        if (field.name in values) field.checked = [].concat(values[field.name]).includes(field.value);
      } else if (field.type === "checkbox") {
        if (field.name in values && !field.closest("[data-confirm]")) field.checked = values[field.name] === "on";
      } else if (field.name in values) {
        field.value = values[field.name];
      }
    }
  }

  setStatus(text, problem = false) {
    if (!this.status) return;
    this.status.textContent = text;
    this.status.classList.toggle("govuk-error-message", problem);
  }

  hasUnsavedChanges() {
    return this.dirty || this.inflight;
  }

  edited(delay) {
    this.dirty = true;
    this.stopped = false;
    this.keep();
    this.setStatus("Not saved yet");
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => this.save(), delay);
  }

  // Keep the edit on this computer until the server has it, with the version it started from.
  keep() {
    storage.set(this.storageKey, {
      version: this.versionInput.value,
      values: this.values(),
      at: Date.now(),
    });
  }

  restore() {
    const kept = storage.get(this.storageKey);
    if (!kept) return;
    const now = this.values();
    const differs = Object.keys(kept.values).some((name) => String(kept.values[name] || "") !== String(now[name] || ""));
    if (!differs) {
      storage.remove(this.storageKey);
      return;
    }
    this.apply(kept.values);
    // Save from the version the edit started from: if someone saved since, that is a conflict.
    this.versionInput.value = kept.version;
    this.dirty = true;
    this.setStatus("Restored your unsaved changes from this computer. Saving…");
    this.save();
  }

  retryLater(message) {
    this.setStatus(message, true);
    this.retryDelay = this.retryDelay ? Math.min(this.retryDelay * 2, MAX_RETRY_MS) : FIRST_RETRY_MS;
    window.clearTimeout(this.retryTimer);
    this.retryTimer = window.setTimeout(() => this.save(), this.retryDelay);
  }

  retryNow() {
    if (this.dirty && !this.stopped && !this.inflight) {
      window.clearTimeout(this.retryTimer);
      this.save();
    }
  }

  async save() {
    if (this.inflight) {
      this.again = true;
      return;
    }
    if (!this.dirty || this.stopped) return;
    this.inflight = true;
    this.dirty = false;
    this.setStatus("Saving…");
    const body = new FormData();
    body.append("csrfmiddlewaretoken", this.csrfToken);
    body.append(this.versionInput.name, this.versionInput.value);
    for (const [name, value] of Object.entries(this.values())) {
      for (const one of [].concat(value)) body.append(name, one);
    }
    let response = null;
    let data = null;
    try {
      response = await fetch(this.url, {
        method: "POST",
        body,
        credentials: "same-origin",
        redirect: "manual",
        headers: { Accept: "application/json" },
      });
      data = await response.json().catch(() => null);
    } catch {
      response = null;
    }
    this.inflight = false;
    this.handle(response, data);
    if (this.again) {
      this.again = false;
      if (this.dirty) this.save();
    }
  }

  handle(response, data) {
    if (response === null) {
      this.dirty = true;
      this.retryLater("Not saved — retrying");
      return;
    }
    if (response.type === "opaqueredirect") {
      // Signed out (the session ended): keep the edit here and keep trying.
      this.dirty = true;
      this.retryLater("Not saved — you have been signed out. Sign in again in a new tab; your text is kept on this computer.");
      return;
    }
    if (response.ok && data && data.status === "saved") {
      this.retryDelay = 0;
      this.versionInput.value = data.version;
      this.digestInput.value = data.digest;
      if (data.section) showSectionStatus(data.section);
      this.clearProblem();
      if (this.confirm) {
        const box = this.confirm.querySelector("input");
        if (box) box.checked = false;
        this.confirm.hidden = true;
      }
      if (!this.dirty) {
        storage.remove(this.storageKey);
        this.setStatus("Saved");
      }
      return;
    }
    this.dirty = true;
    if (response.status === 409 && data) {
      this.stopped = true;
      this.setStatus("Not saved — someone else changed this. Choose which version to keep.", true);
      this.showConflict(data);
    } else if (response.status === 422 && data) {
      this.stopped = true;
      this.showProblem(data);
      this.setStatus("Not saved", true);
    } else if (response.status >= 500 || response.status === 429 || !data) {
      this.retryLater("Not saved — retrying");
    } else {
      this.stopped = true;
      this.setStatus("Not saved — you cannot change this case now. Your text is kept on this computer.", true);
    }
  }

  clearProblem() {
    this.block.querySelectorAll("[data-autosave-problem]").forEach((node) => node.remove());
  }

  showProblem(data) {
    this.clearProblem();
    const message = element("p", "govuk-error-message", data.message);
    message.dataset.autosaveProblem = "";
    this.status.before(message);
    if (data.needs_confirmation && this.confirm) this.confirm.hidden = false;
  }

  closeConflict() {
    this.block.querySelectorAll("[data-conflict]").forEach((node) => node.remove());
  }

  showConflict(data) {
    this.closeConflict();
    const panel = element("div", "govuk-notification-banner");
    panel.dataset.conflict = "";
    panel.setAttribute("role", "region");
    panel.setAttribute("aria-label", "Not saved: choose which version to keep");
    const header = element("div", "govuk-notification-banner__header");
    header.append(element("h3", "govuk-notification-banner__title", "Not saved"));
    const content = element("div", "govuk-notification-banner__content");
    content.append(
      element("p", "govuk-notification-banner__heading", `${data.by} saved a different version at ${data.at}. Yours is kept below, not saved yet.`),
    );
    const table = element("table", "govuk-table");
    const head = element("tr", "govuk-table__row");
    head.append(
      element("th", "govuk-table__header", ""),
      element("th", "govuk-table__header", `Theirs, saved by ${data.by}`),
      element("th", "govuk-table__header", "Yours"),
    );
    table.append(head);
    for (const [label, theirs, mine] of data.rows) {
      const row = element("tr", "govuk-table__row");
      const key = element("th", "govuk-table__header", label);
      key.scope = "row";
      row.append(key, element("td", "govuk-table__cell", theirs), element("td", "govuk-table__cell", mine));
      table.append(row);
    }
    content.append(table);
    const buttons = element("div", "govuk-button-group");
    const keepMine = element("button", "govuk-button", "Keep mine");
    const keepTheirs = element("button", "govuk-button govuk-button--secondary", "Keep theirs");
    const merge = element("button", "govuk-button govuk-button--secondary", "Edit a merged text");
    for (const button of [keepMine, keepTheirs, merge]) button.type = "button";
    keepMine.addEventListener("click", () => {
      this.versionInput.value = data.version;
      this.closeConflict();
      this.stopped = false;
      this.dirty = true;
      this.keep();
      this.save();
    });
    keepTheirs.addEventListener("click", () => {
      this.apply(data.theirs);
      this.versionInput.value = data.version;
      this.digestInput.value = data.digest;
      this.closeConflict();
      this.stopped = false;
      this.dirty = false;
      storage.remove(this.storageKey);
      this.setStatus("Kept their version");
    });
    merge.addEventListener("click", () => {
      for (const field of this.block.querySelectorAll("textarea[name]")) {
        const theirs = (data.theirs[field.name] || "").trim();
        const mine = field.value.trim();
        if (theirs && theirs !== mine) field.value = `${mine}\n\n${theirs}`.trim();
      }
      this.versionInput.value = data.version;
      this.closeConflict();
      this.stopped = false;
      this.dirty = true;
      this.keep();
      this.setStatus("Both texts are in the box: edit them into one. It saves when you stop typing.");
      const first = this.block.querySelector("textarea[name]");
      if (first) first.focus();
    });
    buttons.append(keepMine, keepTheirs, merge);
    content.append(buttons);
    panel.append(header, content);
    this.status.before(panel);
  }
}

function start(form) {
  const token = form.querySelector("input[name=csrfmiddlewaretoken]");
  if (!token) return;
  const blocks = [...form.querySelectorAll("[data-autosave-url]")].map((block) => new AutosaveBlock(block, token.value));
  let submitting = false;
  form.addEventListener("submit", () => {
    submitting = true;
  });
  window.addEventListener("online", () => blocks.forEach((block) => block.retryNow()));
  window.addEventListener("beforeunload", (event) => {
    if (!submitting && blocks.some((block) => block.hasUnsavedChanges())) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
}

document.querySelectorAll("form[data-autosave]").forEach(start);
