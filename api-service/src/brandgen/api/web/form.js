// The request form: catalogue suggestions, colour picker and hex field in step, the request body,
// and API errors shown next to the field they concern.

import { plainMessage } from "./messages.js";

const HEX = /^#[0-9a-fA-F]{6}$/;
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
    if (HEX.test(text.value.trim())) picker.value = text.value.trim().toLowerCase();
  });
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
    primary_color: optional(form, "primary_color"),
    tagline: optional(form, "tagline"),
    description: optional(form, "description"),
    languages: requestedLanguages(form),
    candidates: candidates === "" ? undefined : Number(candidates),
  };
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
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

// Shows the error by its field (or above the form) and moves focus there, so keyboard and
// screen-reader users land on what needs fixing.
export function showError(form, error) {
  const name = fieldFor(error.field);
  const text = plainMessage(error);
  if (name) {
    const message = form.querySelector(`#${name}-error`);
    message.textContent = text;
    message.hidden = false;
    const controls = controlsFor(form, name);
    controls.forEach((control) => control.setAttribute("aria-invalid", "true"));
    controls[0].focus();
    return name;
  }
  const general = form.querySelector("#form-error");
  general.textContent = text;
  general.hidden = false;
  general.setAttribute("tabindex", "-1");
  general.focus();
  return null;
}
