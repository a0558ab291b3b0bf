// Progressive enhancement for the visit form: once the first day on site is typed, fill the
// last day with the next working day (Monday to Friday), unless someone has typed one.
// Without this script an empty last day means the same, worked out on the server.
const parts = (name) => [0, 1, 2].map((i) => document.getElementById(`id_${name}_${i}`));
const first = parts("first_day");
const last = parts("last_day");

if (first.every(Boolean) && last.every(Boolean)) {
  let ours = last.every((input) => input.value === "");
  const fill = () => {
    if (!ours) return;
    const [day, month, year] = first.map((input) => Number.parseInt(input.value, 10));
    if (!day || !month || !year || year < 1000) return;
    const next = new Date(Date.UTC(year, month - 1, day));
    if (next.getUTCDate() !== day) return;
    do {
      next.setUTCDate(next.getUTCDate() + 1);
    } while (next.getUTCDay() === 0 || next.getUTCDay() === 6);
    last[0].value = next.getUTCDate();
    last[1].value = next.getUTCMonth() + 1;
    last[2].value = next.getUTCFullYear();
  };
  for (const input of first) input.addEventListener("input", fill);
  for (const input of last) input.addEventListener("input", () => { ours = false; });
}
