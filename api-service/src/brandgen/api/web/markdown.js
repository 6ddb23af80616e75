// A tiny, safe Markdown renderer for the rationale: paragraphs, "- " and "1. " lists, **strong**,
// *emphasis* / _emphasis_, `code` and backslash escapes. It builds DOM nodes from text (never
// innerHTML), so whatever the text holds, it is shown as text.

const ESCAPABLE = /[\\`*_{}[\]()#+\-.!<>|~]/;
const HEX = /^#[0-9a-fA-F]{6}$/;

function element(tag, ...children) {
  const node = document.createElement(tag);
  node.append(...children);
  return node;
}

// Index of the closing delimiter at or after `from`, skipping escaped characters; -1 if none.
function closing(text, delimiter, from) {
  for (let at = from; at < text.length; at += 1) {
    if (text[at] === "\\") {
      at += 1;
      continue;
    }
    if (text.startsWith(delimiter, at) && at > from) return at;
  }
  return -1;
}

function isWordChar(character) {
  return character !== undefined && /[\p{L}\p{N}]/u.test(character);
}

// A hex code gets a little chip of its colour beside it (decoration only: the code says it).
function codeNode(text) {
  const code = element("code", text);
  if (!HEX.test(text)) return code;
  const chip = document.createElement("span");
  chip.className = "hex-chip";
  chip.setAttribute("aria-hidden", "true");
  chip.style.background = text;
  return element("span", chip, code);
}

export function inline(text) {
  const nodes = [];
  let plain = "";
  const flush = () => {
    if (plain) nodes.push(document.createTextNode(plain));
    plain = "";
  };
  let at = 0;
  while (at < text.length) {
    const character = text[at];
    if (character === "\\" && ESCAPABLE.test(text[at + 1] || "")) {
      plain += text[at + 1];
      at += 2;
      continue;
    }
    if (character === "`") {
      const end = text.indexOf("`", at + 1);
      if (end > at + 1) {
        flush();
        nodes.push(codeNode(text.slice(at + 1, end)));
        at = end + 1;
        continue;
      }
    }
    if (text.startsWith("**", at)) {
      const end = closing(text, "**", at + 2);
      if (end > 0) {
        flush();
        nodes.push(element("strong", ...inline(text.slice(at + 2, end))));
        at = end + 2;
        continue;
      }
    }
    // _emphasis_ only at word edges, so snake_case words stay as they are.
    if (character === "*" || (character === "_" && !isWordChar(text[at - 1]))) {
      const end = closing(text, character, at + 1);
      if (end > 0 && text[at + 1] !== " " && (character === "*" || !isWordChar(text[end + 1]))) {
        flush();
        nodes.push(element("em", ...inline(text.slice(at + 1, end))));
        at = end + 1;
        continue;
      }
    }
    plain += character;
    at += 1;
  }
  flush();
  return nodes;
}

export function markdownBlocks(markdown) {
  return String(markdown || "")
    .replace(/\r\n?/g, "\n")
    .split(/\n{2,}/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => {
      const lines = block.split("\n");
      if (lines.every((line) => /^[-*] /.test(line))) {
        return element("ul", ...lines.map((line) => element("li", ...inline(line.slice(2)))));
      }
      if (lines.every((line) => /^\d+[.)] /.test(line))) {
        return element("ol", ...lines.map((line) => element("li", ...inline(line.replace(/^\d+[.)] /, "")))));
      }
      return element("p", ...inline(lines.map((line) => line.replace(/^#+\s+/, "")).join(" ")));
    });
}
