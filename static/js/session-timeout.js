// The GOV.UK timeout warning. Two minutes before the idle limit, a dialog says the person
// will be signed out. "Stay signed in" asks the server to keep the session (no reload, so
// whatever is typed on the page stays). Before warning, the script asks the server how long
// is really left: autosave or another tab may have kept the session alive meanwhile.
const dialog = document.getElementById("timeout-warning");

if (dialog && typeof dialog.showModal === "function") {
  const warningSeconds = Number(dialog.dataset.warningSeconds);
  const countdown = dialog.querySelector("[data-countdown]");
  const announce = dialog.querySelector("[data-announce]");
  const form = dialog.querySelector("[data-keep-alive-form]");
  let timer = null;
  let endsAt = 0;
  let returnFocus = null;

  const words = (seconds) => {
    if (seconds >= 60) {
      const minutes = Math.ceil(seconds / 60);
      return `${minutes} minute${minutes === 1 ? "" : "s"}`;
    }
    return `${seconds} second${seconds === 1 ? "" : "s"}`;
  };

  const schedule = (secondsLeft) => {
    clearTimeout(timer);
    endsAt = Date.now() + secondsLeft * 1000;
    const wait = Math.max(0, secondsLeft - warningSeconds) * 1000;
    timer = setTimeout(check, wait);
  };

  const signedOut = () => {
    // The server signs the person out on this request and says why on the sign-in page.
    window.location.assign(window.location.pathname + window.location.search);
  };

  const ask = async (url, options) => {
    const response = await fetch(url, { credentials: "same-origin", ...options });
    if (!response.ok) throw new Error(`status ${response.status}`);
    return response.json();
  };

  async function check() {
    try {
      const status = await ask(dialog.dataset.statusUrl, { headers: { Accept: "application/json" } });
      if (!status.signed_in || status.seconds_left <= 0) return signedOut();
      if (status.seconds_left > warningSeconds + 5) return schedule(status.seconds_left);
      warn(status.seconds_left);
    } catch (error) {
      timer = setTimeout(check, 15000);  // offline: ask again shortly
    }
  }

  function warn(secondsLeft) {
    endsAt = Date.now() + secondsLeft * 1000;
    if (!dialog.open) {
      returnFocus = document.activeElement;
      dialog.showModal();
      announce.textContent = `We will sign you out in ${words(secondsLeft)}.`;
    }
    tick();
  }

  function tick() {
    const left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    countdown.textContent = words(left);
    if (left > 0 && left % 30 === 0) announce.textContent = `We will sign you out in ${words(left)}.`;
    if (left <= 0) return check();
    timer = setTimeout(tick, 1000);
  }

  async function stay(event) {
    if (event) event.preventDefault();
    clearTimeout(timer);
    try {
      const status = await ask(dialog.dataset.keepAliveUrl, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
      });
      if (!status.signed_in) return signedOut();
      dialog.close();
      if (returnFocus && typeof returnFocus.focus === "function") returnFocus.focus();
      schedule(status.seconds_left);
    } catch (error) {
      announce.textContent = "We could not reach the service. Check your connection and try again.";
      tick();
    }
  }

  form.addEventListener("submit", stay);
  // Escape means "stay signed in", as in the GOV.UK pattern, not "ignore the warning".
  dialog.addEventListener("cancel", stay);
  schedule(Number(dialog.dataset.secondsLeft));
}
