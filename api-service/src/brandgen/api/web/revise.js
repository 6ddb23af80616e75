// Editing a finished kit in place: another candidate, colour, fonts or tagline make a new revision
// (POST /v1/jobs/{id}/revisions), shown at its own address; earlier revisions stay one click away.

import { request } from "./api.js";
import { normaliseHex } from "./form.js";
import { plainMessage } from "./messages.js";
import { element } from "./result.js";

const HEX = /^#[0-9a-f]{6}$/;
// API field -> the message element of the edit form that shows its error.
const ERROR_FOR = {
  candidate: "#candidate-error",
  primary_color: "#primary_color-edit-error",
  fonts: "#fonts-edit-error",
  tagline: "#tagline-edit-error",
};
const CONTROL_FOR = {
  candidate: 'input[name="candidate"]',
  primary_color: "#edit-color",
  fonts: "#edit-heading-font",
  tagline: "#edit-tagline",
};

function revisionId(entry) {
  return typeof entry === "string" ? entry : entry && entry.job_id;
}

export class EditView {
  constructor(form, section, openKit, routeError) {
    this.form = form;
    this.section = section;
    this.openKit = openKit;
    this.routeError = routeError;
    this.view = null;
    this.catalogFonts = [];
    this.color = form.querySelector("#edit-color");
    this.picker = form.querySelector("#edit-color-picker");
    this.heading = form.querySelector("#edit-heading-font");
    this.body = form.querySelector("#edit-body-font");
    this.tagline = form.querySelector("#edit-tagline");
    this.button = form.querySelector("#revise");
    this.picker.addEventListener("input", () => (this.color.value = this.picker.value));
    this.color.addEventListener("input", () => {
      const hex = normaliseHex(this.color.value);
      if (HEX.test(hex)) this.picker.value = hex;
    });
    this.color.addEventListener("change", () => (this.color.value = normaliseHex(this.color.value)));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit();
    });
  }

  // Font families the API offers (GET /v1/catalog `fonts`, names or {family}), suggested in the font fields.
  fillFonts(fonts) {
    this.catalogFonts = fonts.map((font) => (typeof font === "string" ? font : font.family)).filter(Boolean);
    this.renderFontOptions([]);
  }

  renderFontOptions(kitFonts) {
    const families = [...new Set([...kitFonts, ...this.catalogFonts])];
    this.form.querySelector("#font-options").replaceChildren(...families.map((family) => element("option", { value: family })));
  }

  show(view) {
    this.view = view;
    this.clearErrors();
    const result = view.result || {};
    const palette = result.palette;
    this.primary = (palette && palette.roles.primary) || view.request.primary_color || "";
    this.color.value = this.primary;
    if (HEX.test(this.primary)) this.picker.value = this.primary;
    this.fonts = palette && palette.fonts ? { heading: palette.fonts.heading.family, body: palette.fonts.body.family } : null;
    this.heading.value = this.fonts ? this.fonts.heading : "";
    this.body.value = this.fonts ? this.fonts.body : "";
    this.tagline.value = view.request.tagline || "";
    this.chosen = result.logo ? result.logo.chosen : null;
    const kitFonts = [
      ...(this.fonts ? [this.fonts.heading, this.fonts.body] : []),
      ...((result.logo && result.logo.fonts) || []).map((font) => font.family),
    ];
    this.renderFontOptions(kitFonts);
    this.renderRevisions(view);
  }

  // Picking a tile marks it; the revision is made with the button, with any other change.
  picked(candidate) {
    this.section.querySelectorAll("#candidates-list > li").forEach((item) => {
      item.classList.toggle("picked", item.dataset.candidate === candidate && candidate !== this.chosen);
    });
    this.clearErrors();
  }

  changes() {
    const body = {};
    const picked = this.form.querySelector('input[name="candidate"]:checked');
    if (picked && picked.value !== this.chosen) body.candidate = picked.value;
    const color = normaliseHex(this.color.value);
    if (color && color !== this.primary) body.primary_color = color;
    const heading = this.heading.value.trim();
    const bodyFont = this.body.value.trim();
    if (this.fonts && (heading !== this.fonts.heading || bodyFont !== this.fonts.body)) {
      body.fonts = { heading, body: bodyFont };
    }
    if (this.tagline.value.trim() !== (this.view.request.tagline || "")) body.tagline = this.tagline.value.trim();
    return body;
  }

  async submit() {
    if (!this.view) return;
    this.clearErrors();
    const body = this.changes();
    if (!Object.keys(body).length) {
      this.showGeneral("Nothing has changed yet: pick another logo, or change the colour, fonts or tagline.");
      return;
    }
    this.button.disabled = true;
    let accepted;
    try {
      accepted = await request("POST", `/v1/jobs/${encodeURIComponent(this.view.job_id)}/revisions`, body);
    } catch (error) {
      this.routeError(error, (other) => this.showError(other));
      return;
    } finally {
      this.button.disabled = false;
    }
    await this.openKit(accepted.job_id);
  }

  showError(error) {
    const field = String(error.field || "").split(".")[0];
    const holder = ERROR_FOR[field] && this.form.querySelector(ERROR_FOR[field]);
    if (!holder) return this.showGeneral(plainMessage(error));
    holder.textContent = plainMessage(error);
    holder.hidden = false;
    const control = this.form.querySelector(CONTROL_FOR[field]);
    if (control) {
      control.setAttribute("aria-invalid", "true");
      control.focus();
    }
  }

  showGeneral(text) {
    const general = this.form.querySelector("#edit-error");
    general.textContent = text;
    general.hidden = false;
    general.setAttribute("tabindex", "-1");
    general.focus();
  }

  clearErrors() {
    this.form.querySelectorAll(".field-error, .form-error").forEach((message) => {
      message.hidden = true;
      message.textContent = "";
    });
    this.form.querySelectorAll("[aria-invalid]").forEach((control) => control.removeAttribute("aria-invalid"));
  }

  // The kit's family: the kit it revises and the revisions made from it, each a link.
  renderRevisions(view) {
    const nav = this.section.querySelector("#revisions");
    const list = this.section.querySelector("#revisions-list");
    const line = this.section.querySelector("#revision-line");
    const items = [];
    line.replaceChildren();
    if (view.revision_of) {
      line.append(
        "A revision of ",
        element("a", { href: `/kits/${encodeURIComponent(view.revision_of)}`, "data-kit": view.revision_of }, "the earlier kit"),
        ".",
      );
    }
    (view.revisions || []).forEach((entry, index) => {
      const id = revisionId(entry);
      if (!id) return;
      const status = typeof entry === "object" && entry.status ? ` (${entry.status})` : "";
      const link = element("a", { href: `/kits/${encodeURIComponent(id)}`, "data-kit": id }, `Revision ${index + 1}${status}`);
      if (id === view.job_id) link.setAttribute("aria-current", "page");
      items.push(element("li", {}, link));
    });
    list.replaceChildren(...items);
    nav.hidden = items.length === 0;
  }
}
