// Mark the page as JavaScript-enabled before it paints (GOV.UK Frontend's convention),
// from a file rather than inline so a strict Content Security Policy can forbid inline script.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
