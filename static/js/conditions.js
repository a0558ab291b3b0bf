// Conditional questions on the case audit page: progressive enhancement only.
//
// Without this file every question shows, and one asked only when an earlier answer says so
// carries "Answer only if 6.2 is 'Yes'". With it, such a question is hidden until the answer
// it depends on is chosen, and hides again if that answer changes, without reloading the page.
// What was typed in a hidden question is kept (it is dropped only when the case is submitted).
// The rules and the stored answers of questions on other pages come from the server, in the
// JSON block "case-conditions"; answers on this page are read from their inputs as they change.

const data = JSON.parse(document.getElementById("case-conditions").textContent);
const rules = data.rules || {};
const stored = data.chosen || {};

function chosenOnPage(block) {
  const notApplicable = block.querySelector('input[type=checkbox][name$="not_applicable"]');
  if (notApplicable && notApplicable.checked) return [];
  return [...block.querySelectorAll("input[type=radio]:checked, input[type=checkbox][value]:checked")].map((input) => input.value);
}

function chosen(key) {
  const block = document.getElementById(`question-${key}`);
  if (block && block.querySelector("input[type=radio], input[type=checkbox][value]")) return chosenOnPage(block);
  return stored[key] || [];
}

function applies(key, seen = new Set()) {
  const rule = rules[key];
  if (!rule) return true;
  if (seen.has(key)) return false; // a loop never shows (a published tool has none)
  seen.add(key);
  const held = rule.conditions.map(
    (condition) => applies(condition.question, seen) && chosen(condition.question).some((answer) => condition.answers.includes(answer)),
  );
  return rule.match === "any" ? held.some(Boolean) : held.every(Boolean);
}

function update() {
  document.querySelectorAll("[data-show-when]").forEach((block) => {
    block.hidden = !applies(block.dataset.showWhen);
    // Shown only when it applies, so the "Answer only if" line is no longer needed.
    const hint = block.querySelector("[data-condition-hint]");
    if (hint) hint.hidden = true;
  });
}

update();
document.querySelectorAll("form[data-autosave]").forEach((form) => form.addEventListener("change", update));
