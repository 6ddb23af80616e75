// The request form: catalogue suggestions, colour picker and hex field in step, the request body,
// and API errors shown next to the field they concern.

import { plainMessage } from "./messages.js";

const HEX = /^#[0-9a-fA-F]{6}$/;
const SHORT_OR_BARE_HEX = /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

// "#abc" -> "#aabbcc", "1A73E8" -> "#1a73e8"; anything else is returned as typed (the API explains).
export function normaliseHex(value) {
  const text = value.trim();
  const found = SHORT_OR_BARE_HEX.exec(text);
  if (!found) return text;
  const digits = found[1].length === 3 ? [...found[1]].map((digit) => digit + digit).join("") : found[1];
  return `#${digits.toLowerCase()}`;
}
const FIELDS = ["company_name", "industry", "style", "primary_color", "tagline", "candidates", "description", "languages"];

export function fillCatalog(form, catalog) {
  const industries = form.querySelector("#industry-options");
  industries.replaceChildren(
    ...catalog.industries.map((industry) => {
      const option = document.createElement("option");
      option.value = industry.name;
      option.label = industry.description;
      return option;
    }),
  );
  const styles = form.querySelector("#style-options");
  styles.replaceChildren(
    ...catalog.styles.map((style) => {
      const option = document.createElement("option");
      option.value = style.name;
      return option;
    }),
  );
  const names = "DisplayNames" in Intl ? new Intl.DisplayNames([navigator.language || "en"], { type: "language" }) : null;
  const box = form.querySelector("#language-options");
  box.replaceChildren(
    ...catalog.languages.map((code) => {
      const label = document.createElement("label");
      const input = document.createElement("input");
      input.type = "checkbox";
      input.name = "languages";
      input.value = code;
      input.checked = code === "en";
      label.append(input, `${names ? names.of(code) : code} (${code})`);
      return label;
    }),
  );
  // The PDF is written in the first language of the request; the browser's own language by default.
  const guidelines = form.querySelector("#guidelines_language");
  const browser = (navigator.language || "en").slice(0, 2).toLowerCase();
  const preferred = catalog.languages.includes(browser) ? browser : "en";
  guidelines.replaceChildren(
    ...catalog.languages.map((code) => {
      const option = document.createElement("option");
      option.value = code;
      option.textContent = `${names ? names.of(code) : code} (${code})`;
      option.selected = code === preferred;
      return option;
    }),
  );
}

export function linkColorInputs(form) {
  const text = form.querySelector("#primary_color");
  const picker = form.querySelector("#primary_color_picker");
  picker.addEventListener("input", () => {
    text.value = picker.value;
    clearFieldError(form, "primary_color");
  });
  text.addEventListener("input", () => {
    const hex = normaliseHex(text.value);
    if (HEX.test(hex)) picker.value = hex;
  });
  // Shown as it will be sent once the person leaves the field.
  text.addEventListener("change", () => (text.value = normaliseHex(text.value)));
}

function optional(form, name) {
  const value = form.elements[name].value.trim();
  return value === "" ? undefined : value;
}

// The ticked languages, the guidelines' language first (it also gets a rationale). Nothing ticked
// stays empty, so the API's "choose at least one" shows by the boxes.
function requestedLanguages(form) {
  const ticked = [...form.querySelectorAll('input[name="languages"]:checked')].map((input) => input.value);
  const guidelines = form.elements.guidelines_language?.value;
  if (ticked.length === 0 || !guidelines) return ticked;
  return [guidelines, ...ticked.filter((code) => code !== guidelines)];
}

// The body as typed: validation is the API's job, so its messages are the ones people see.
export function requestBody(form) {
  const candidates = form.elements.candidates.value.trim();
  const body = {
    company_name: form.elements.company_name.value,
    industry: form.elements.industry.value,
    style: form.elements.style.value,
    primary_color: optional(form, "primary_color") && normaliseHex(form.elements.primary_color.value),
    tagline: optional(form, "tagline"),
    description: optional(form, "description"),
    languages: requestedLanguages(form),
    candidates: candidates === "" ? undefined : Number(candidates),
  };
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}

// The slips the page can see for itself, all at once (the API reports one field per answer): empty
// required fields, a colour that is not hex, no language ticked. Everything else is left to the API.
export function localProblems(form) {
  const problems = [];
  for (const name of ["company_name", "industry", "style"]) {
    if (!form.elements[name].value.trim()) problems.push({ field: name, code: "validation_error", message: "String should have at least 1 character" });
  }
  const color = optional(form, "primary_color");
  if (color && !HEX.test(normaliseHex(color))) {
    problems.push({ field: "primary_color", code: "local", message: "Use a hex colour such as #1a73e8 or #abc." });
  }
  if (!form.querySelector('input[name="languages"]:checked')) {
    problems.push({ field: "languages", code: "validation_error", message: "List should have at least 1 item" });
  }
  return problems;
}

function fieldFor(path) {
  // "languages.0" -> "languages"; "body" or unknown -> null (shown above the form)
  const name = String(path || "").split(".")[0];
  return FIELDS.includes(name) ? name : null;
}

function controlsFor(form, name) {
  return name === "languages" ? [...form.querySelectorAll('input[name="languages"]')] : [form.elements[name]];
}

export function clearFieldError(form, name) {
  const message = form.querySelector(`#${name}-error`);
  if (message) {
    message.hidden = true;
    message.textContent = "";
  }
  controlsFor(form, name).forEach((control) => control.removeAttribute("aria-invalid"));
}

export function clearErrors(form) {
  FIELDS.forEach((name) => clearFieldError(form, name));
  const general = form.querySelector("#form-error");
  general.hidden = true;
  general.textContent = "";
}

// Shows every error by its field; the focus goes to the first, so keyboard and screen-reader
// users land on what needs fixing.
export function showErrors(form, errors) {
  let first = null;
  for (const error of errors) {
    const name = fieldFor(error.field);
    if (!name) continue;
    const message = form.querySelector(`#${name}-error`);
    message.textContent = error.code === "local" ? error.message : plainMessage(error);
    message.hidden = false;
    const controls = controlsFor(form, name);
    controls.forEach((control) => control.setAttribute("aria-invalid", "true"));
    first = first || controls[0];
  }
  if (first) first.focus();
}

// Shows the error by its field (or above the form) and moves focus there.
export function showError(form, error) {
  const name = fieldFor(error.field);
  const text = plainMessage(error);
  if (name) {
    showErrors(form, [error]);
    return name;
  }
  const general = form.querySelector("#form-error");
  general.textContent = text;
  general.hidden = false;
  general.setAttribute("tabindex", "-1");
  general.focus();
  return null;
}
