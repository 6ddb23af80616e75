// The finished kit: the chosen logo large, candidates to pick from, palette, font specimens,
// applications, and (folded away) the contrast report, PDF preview and every file.

import { assetUrl, download } from "./api.js";
import { inline, markdownBlocks } from "./markdown.js";
import { plainMessage } from "./messages.js";
import { downloadNames } from "./names.js";

const TREATMENT_WORDS = { full_color: "full colour", monochrome: "monochrome", inverse: "inverse" };
const LOCKUP_WORDS = { icon: "icon", wordmark: "wordmark", combination: "combination" };
const SVG_NS = "http://www.w3.org/2000/svg";
const GENERIC_FAMILIES = { serif: "serif", monospace: "monospace", display: "sans-serif", handwriting: "cursive" };

export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "class") node.className = value;
    else node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

function humanSize(bytes) {
  if (bytes === null || bytes === undefined) return "";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function contrastSample(check) {
  // An SVG sample: it shows the pair as it will look without being page text of this site, whose
  // own contrast is what the accessibility check is about.
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 56 28");
  svg.setAttribute("width", "56");
  svg.setAttribute("height", "28");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `${check.foreground_hex} on ${check.background_hex}`);
  const rect = document.createElementNS(SVG_NS, "rect");
  rect.setAttribute("width", "56");
  rect.setAttribute("height", "28");
  rect.setAttribute("rx", "4");
  rect.setAttribute("fill", check.background_hex);
  const text = document.createElementNS(SVG_NS, "text");
  text.setAttribute("x", "28");
  text.setAttribute("y", "19");
  text.setAttribute("text-anchor", "middle");
  text.setAttribute("font-weight", "700");
  text.setAttribute("font-size", "14");
  text.setAttribute("fill", check.foreground_hex);
  text.textContent = "Aa";
  svg.append(rect, text);
  return svg;
}

// [text, language]: the text in the first requested language when it was written in it, else English.
function inLanguage(english, byLanguage, languages) {
  const wanted = (languages && languages[0]) || "en";
  return byLanguage && byLanguage[wanted] ? [byLanguage[wanted], wanted] : [english, "en"];
}

function mark(passed, level) {
  return element("span", { class: passed ? "pass" : "fail" }, passed ? `\u2713 passes ${level}` : `\u2717 fails ${level}`);
}

// The kit's mockups (manifest kind "mockup"): the logo shown in use, composed by the PDF stage.
const MOCKUP_PREFIX = "deliverables/mockups/";

// "deliverables/business-card/business-card-front.png" -> "business card front"
function applicationWords(name) {
  return name.split("/").pop().replace(/\.[a-z]+$/, "").replaceAll("-", " ");
}

function cssFamily(family, category) {
  const generic = GENERIC_FAMILIES[category] || "sans-serif";
  return `"${family.replaceAll('"', "")}", ${generic}`;
}

export class ResultView {
  constructor(section, onPick) {
    this.section = section;
    this.blobUrls = [];
    this.names = new Map();
    this.onPick = onPick;
  }

  async url(asset) {
    const url = await assetUrl(asset);
    if (url.startsWith("blob:")) this.blobUrls.push(url);
    return url;
  }

  clear() {
    this.blobUrls.forEach((url) => URL.revokeObjectURL(url));
    this.blobUrls = [];
    this.section.hidden = true;
  }

  async show(view) {
    this.clear();
    const result = view.result || { assets: [], rationale: {} };
    const assets = new Map(result.assets.map((asset) => [asset.name, asset]));
    const company = view.request.company_name;
    this.names = downloadNames(
      company,
      result.assets.map((asset) => asset.name),
    );
    this.section.querySelector("#result-heading").textContent = `${company}: your brand kit`;
    this.section.hidden = false;
    this.section.querySelectorAll("details.fold").forEach((fold) => (fold.open = false));
    this.status("");
    this.renderDownloads(result.assets, assets);
    this.renderPalette(result.palette);
    this.renderFonts(result.palette, company);
    this.renderRationale(result.rationale);
    this.renderFiles(result.assets);
    await Promise.all([
      this.renderHero(view, assets),
      this.renderCandidates(view, result.logo, assets),
      this.renderVariants(view, assets),
      this.renderApplications(result.assets),
      this.renderPdf(result.assets),
    ]);
  }

  downloadName(asset) {
    return this.names.get(asset.name) || asset.name.split("/").pop();
  }

  downloadButton(asset, label) {
    const button = element("button", { type: "button", class: "secondary" }, label);
    button.addEventListener("click", () => this.downloadWithFeedback(asset, button));
    return button;
  }

  async downloadWithFeedback(asset, button) {
    const name = this.downloadName(asset);
    button.disabled = true;
    try {
      await download(asset, name);
      this.status(`Downloading ${name}.`);
    } catch (error) {
      this.status(`Could not download ${name}: ${plainMessage(error)}`);
    } finally {
      button.disabled = false;
    }
  }

  status(text) {
    this.section.querySelector("#copy-status").textContent = text;
  }

  renderDownloads(assetList, assets) {
    const pdf = assetList.find((asset) => asset.name === "pdf/brand-guidelines.pdf")
      || assetList.find((asset) => asset.content_type === "application/pdf");
    // The kit zip, not the logo stage's archive of its own files (logo/files.zip).
    const zip = assetList.find((asset) => asset.name === "pdf/brand-kit.zip")
      || assetList.find((asset) => asset.content_type === "application/zip" && !asset.name.startsWith("logo/"));
    const logo = assets.get("logo/lockups/combination/full_color.svg") || assets.get("logo/lockups/icon/full_color.svg");
    const buttons = [];
    if (pdf) buttons.push(this.downloadButton(pdf, "Download the guidelines (PDF)"));
    if (zip) buttons.push(this.downloadButton(zip, "Download the whole kit (zip)"));
    if (logo) buttons.push(this.downloadButton(logo, "Download the logo (SVG)"));
    this.section.querySelector("#main-downloads").replaceChildren(...buttons);
  }

  // The chosen logo, large, as it will be used: full colour on light, inverse on dark.
  async renderHero(view, assets) {
    const hero = this.section.querySelector("#hero");
    const company = view.request.company_name;
    const pick = (treatment) =>
      ["combination", "icon"]
        .flatMap((lockup) => [`${lockup}/${treatment}_512.png`, `${lockup}/${treatment}_256.png`, `${lockup}/${treatment}.svg`])
        .map((name) => assets.get(`logo/lockups/${name}`))
        .find(Boolean);
    const shown = [
      [pick("full_color"), "light", "on light"],
      [pick("inverse") || pick("full_color"), "dark", "on dark"],
    ].filter(([asset]) => asset);
    const figures = await Promise.all(
      shown.map(async ([asset, background, words]) =>
        element(
          "figure",
          { class: `art ${background}` },
          element("img", { src: await this.url(asset), alt: `${company} logo ${words}` }),
        ),
      ),
    );
    hero.replaceChildren(...figures);
  }

  async renderCandidates(view, logo, assets) {
    const list = this.section.querySelector("#candidates-list");
    const concept = this.section.querySelector("#logo-concept");
    if (!logo) {
      concept.textContent = "No logo was made for this job.";
      concept.removeAttribute("lang");
      return list.replaceChildren();
    }
    // The logo's words in the kit's first language, the one its guidelines are written in.
    const [written, language] = inLanguage(logo.concept, logo.concepts, view.request.languages);
    concept.textContent = written;
    concept.setAttribute("lang", language);
    const company = view.request.company_name;
    const items = await Promise.all(
      logo.candidates.map(async (candidate) => {
        const asset = assets.get(`logo/candidates/${candidate.id}.png`) || assets.get(`logo/candidates/${candidate.id}.svg`);
        const chosen = candidate.id === logo.chosen;
        const art = element("div", { class: "art light" });
        if (asset) art.append(element("img", { src: await this.url(asset), alt: "" }));
        const [description, language] = inLanguage(candidate.description, candidate.descriptions, view.request.languages);
        const radio = element("input", { type: "radio", name: "candidate", value: candidate.id });
        radio.checked = chosen;
        radio.addEventListener("change", () => this.onPick && this.onPick(candidate.id));
        const label = element(
          "label",
          { class: "pick" },
          radio,
          element("span", {}, `Candidate ${candidate.id}${chosen ? " (current)" : ""}`),
        );
        const caption = element(
          "figcaption",
          {},
          element("strong", {}, `${candidate.concept}. `),
          element("span", { lang: language, class: "description" }, description),
        );
        return element(
          "li",
          { class: chosen ? "tile chosen" : "tile", "data-candidate": candidate.id },
          element("figure", {}, art, label, caption),
        );
      }),
    );
    list.replaceChildren(...items);
  }

  // Each lockup as people will use it: full colour on light and on dark, monochrome on light,
  // inverse on dark (an inverse mark on white would be invisible, and so would monochrome on black).
  async renderVariants(view, assets) {
    const list = this.section.querySelector("#variants-list");
    const company = view.request.company_name;
    const lockups = new Map();
    for (const name of assets.keys()) {
      const found = /^logo\/lockups\/([a-z_]+)\/([a-z_]+)_256\.png$/.exec(name);
      if (!found) continue;
      if (!lockups.has(found[1])) lockups.set(found[1], new Map());
      lockups.get(found[1]).set(found[2], assets.get(name));
    }
    const showings = [
      ["full_color", "light"],
      ["full_color", "dark"],
      ["monochrome", "light"],
      ["inverse", "dark"],
    ];
    const items = await Promise.all(
      [...lockups].map(async ([lockup, treatments]) => {
        const lockupWords = LOCKUP_WORDS[lockup] || lockup;
        const cells = await Promise.all(
          showings
            .filter(([treatment]) => treatments.has(treatment))
            .map(async ([treatment, background]) => {
              const words = `${TREATMENT_WORDS[treatment] || treatment} on ${background}`;
              const src = await this.url(treatments.get(treatment));
              const img = element("img", { src, alt: `${company} ${lockupWords}, ${words}` });
              return element("figure", { class: `art ${background}`, "data-treatment": treatment }, img);
            }),
        );
        const caption = element("p", { class: "caption" }, `${lockupWords}: full colour, monochrome, inverse`);
        return element("li", { class: "tile", "data-lockup": lockup }, element("div", { class: "quad" }, ...cells), caption);
      }),
    );
    list.replaceChildren(...items);
  }

  renderPalette(palette) {
    const roles = this.section.querySelector("#palette-roles");
    const rows = this.section.querySelector("#contrast-table tbody");
    const notes = this.section.querySelector("#palette-notes");
    if (!palette) {
      roles.replaceChildren(element("li", {}, "No palette was made for this job."));
      rows.replaceChildren();
      notes.replaceChildren();
      return;
    }
    roles.replaceChildren(
      ...Object.entries(palette.roles).map(([role, hex]) => {
        const chip = element("div", { class: "chip" });
        chip.style.background = hex;
        const copy = element("button", { type: "button", class: "small secondary", "aria-label": `Copy ${role} colour ${hex}` }, "Copy");
        copy.addEventListener("click", () => this.copy(role, hex));
        const meta = element("div", { class: "meta" }, element("span", { class: "role" }, role.replaceAll("_", " ")), element("code", {}, hex), copy);
        return element("li", { class: "swatch", "data-role": role }, chip, meta);
      }),
    );
    rows.replaceChildren(
      ...palette.contrast.map((check) =>
        element(
          "tr",
          {},
          element("td", {}, check.theme),
          element("td", {}, `${check.foreground} on ${check.background}${check.repaired ? " (adjusted to pass)" : ""}`),
          element("td", {}, contrastSample(check)),
          element("td", {}, `${check.ratio.toFixed(2)}:1 (needs ${check.required}:1)`),
          element("td", {}, mark(check.aa, "AA")),
          element("td", {}, mark(check.aaa, "AAA")),
        ),
      ),
    );
    const passing = palette.contrast.filter((check) => check.aa).length;
    this.section.querySelector("#contrast-fold summary").textContent =
      `Contrast report (WCAG 2.2): ${passing} of ${palette.contrast.length} pairs pass AA`;
    notes.replaceChildren(...palette.notes.map((note) => element("li", {}, note)));
  }

  // Specimens set in the kit's own fonts. The API serves no font files, so the page names each
  // family and asks for it with a fallback of the same kind: on a device without the font the
  // specimen shows the fallback, and the name says what it stands for.
  renderFonts(palette, company) {
    const holder = this.section.querySelector("#font-specimens");
    if (!palette || !palette.fonts) return holder.replaceChildren(element("p", {}, "No fonts were chosen for this job."));
    const specimen = (role, choice, sample) => {
      const shown = element("p", { class: `specimen ${role}` }, sample);
      shown.style.fontFamily = cssFamily(choice.family, choice.category);
      return element(
        "figure",
        { class: "font", "data-role": role, "data-family": choice.family },
        shown,
        element(
          "figcaption",
          {},
          element("strong", {}, `${role === "heading" ? "Headings" : "Body text"}: ${choice.family}`),
          ` (${choice.category}, ${choice.licence}). ${choice.character.charAt(0).toUpperCase()}${choice.character.slice(1)}.`,
        ),
      );
    };
    holder.replaceChildren(
      specimen("heading", palette.fonts.heading, company),
      specimen("body", palette.fonts.body, "The quick brown fox jumps over the lazy dog. 0123456789"),
      element("p", { class: "hint" }, palette.fonts.reason),
    );
  }

  async renderApplications(assets) {
    const list = this.section.querySelector("#applications");
    const isMockup = (asset) => asset.name.startsWith(MOCKUP_PREFIX);
    const pictures = assets.filter(
      (asset) => asset.name.startsWith("deliverables/") && /\.(png|jpe?g)$/.test(asset.name) && !/signature-logo/.test(asset.name),
    );
    // The mockups first: the brand in use is what the section is for; the files themselves follow.
    const shown = [...pictures.filter(isMockup), ...pictures.filter((asset) => !isMockup(asset))];
    const items = await Promise.all(
      shown.map(async (asset) => {
        const words = isMockup(asset) ? `Mockup: ${applicationWords(asset.name)}` : applicationWords(asset.name);
        let art;
        try {
          art = element("img", { src: await this.url(asset), alt: words });
        } catch (error) {
          art = element("p", { class: "form-error" }, `Not shown: ${plainMessage(error)}`);
        }
        return element(
          "li",
          { class: "tile", "data-application": asset.name },
          element("figure", {}, element("div", { class: "art light wide-art" }, art), element("figcaption", {}, words)),
        );
      }),
    );
    list.replaceChildren(...items);
    list.previousElementSibling.hidden = items.length === 0;
    list.hidden = items.length === 0;
  }

  async copy(role, hex) {
    try {
      await navigator.clipboard.writeText(hex);
      this.status(`Copied ${hex} (${role}) to the clipboard.`);
    } catch {
      this.status(`Could not reach the clipboard; the ${role} colour is ${hex}.`);
    }
  }

  renderRationale(rationale) {
    const holder = this.section.querySelector("#rationale");
    const names = "DisplayNames" in Intl ? new Intl.DisplayNames([navigator.language || "en"], { type: "language" }) : null;
    const documents = Object.entries(rationale || {});
    if (!documents.length) return holder.replaceChildren(element("p", {}, "No rationale was written for this job."));
    holder.replaceChildren(
      ...documents.map(([language, doc], index) => {
        // Titles are Markdown too (a name like "Mom_&_Pop" arrives escaped).
        const summary = element("summary", {}, `${names ? names.of(language) : language}${doc.title ? ": " : ""}`, ...inline(doc.title || ""));
        const body = element("div", { lang: language });
        for (const section of doc.sections) body.append(element("h4", {}, ...inline(section.title)), ...markdownBlocks(section.body));
        const details = element("details", { class: "rationale-doc", "data-language": language }, summary, body);
        details.open = index === 0;
        return details;
      }),
    );
  }

  async renderPdf(assets) {
    const holder = this.section.querySelector("#pdf-preview");
    const pdf = assets.find((asset) => asset.name === "pdf/brand-guidelines.pdf")
      || assets.find((asset) => asset.content_type === "application/pdf");
    if (!pdf) return holder.replaceChildren(element("p", {}, "No guidelines PDF in this kit."));
    try {
      const src = await this.url(pdf);
      holder.replaceChildren(element("iframe", { src, title: "Brand guidelines PDF preview", loading: "lazy" }));
    } catch (error) {
      holder.replaceChildren(element("p", { class: "form-error" }, `The PDF preview could not load: ${plainMessage(error)}`));
    }
  }

  renderFiles(assets) {
    this.section.querySelector("#files-fold summary").textContent = `Every file of the kit (${assets.length})`;
    this.section.querySelector("#files-list").replaceChildren(
      ...assets.map((asset) => {
        const button = element("button", { type: "button", class: "link-button", "data-asset": asset.name }, this.downloadName(asset));
        button.addEventListener("click", () => this.downloadWithFeedback(asset, button));
        return element("li", {}, button, " ", element("span", { class: "size" }, `${asset.name}, ${humanSize(asset.size)}`));
      }),
    );
  }
}
