// What a kit's files are saved as: named after the company, and no two alike
// ("Acme Robotics" + logo/lockups/icon/full_color.svg -> acme-robotics-logo-icon.svg).

export function slug(company) {
  const words = String(company || "")
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "") // accents off: "Café" -> "cafe"
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
  return [...words].slice(0, 48).join("").replace(/-+$/, "") || "brand";
}

// Shorter names for the kit's folders; the full colour lockup is "the logo".
const RENAMES = [
  [/^pdf\//, ""],
  [/^logo\/lockups\/([a-z_]+)\/full_color(_\d+)?\./, "logo-$1$2."],
  [/^logo\/lockups\/([a-z_]+)\//, "logo-$1-"],
  [/^logo\/candidates\//, "logo-candidate-"],
  [/^logo\/favicon\//, ""],
  [/^logo\/social\//, "social-"],
  [/^logo\//, "logo-"],
  [/^deliverables\/logo-files\/([a-z]+)-full_color\./, "logo-$1."],
  [/^deliverables\/logo-files\//, "logo-"],
  [/^deliverables\/social\//, "social-"],
  [/^deliverables\/[^/]+\//, ""],
  [/^palette\//, "palette-"],
  [/^rationale\//, ""],
];

function shortName(path) {
  let name = path;
  for (const [pattern, replacement] of RENAMES) {
    if (pattern.test(name)) {
      name = name.replace(pattern, replacement);
      break;
    }
  }
  return name.replace(/[/_]+/g, "-");
}

// asset name -> file name, for every asset of a kit; a clash falls back to the whole path.
export function downloadNames(company, assetNames) {
  const prefix = slug(company);
  const names = new Map();
  const taken = new Set();
  for (const path of assetNames) {
    let name = `${prefix}-${shortName(path)}`;
    if (taken.has(name)) name = `${prefix}-${path.replace(/[/_]+/g, "-")}`;
    const base = name;
    for (let count = 2; taken.has(name); count += 1) name = base.replace(/(\.[^.]*)?$/, `-${count}$1`);
    taken.add(name);
    names.set(path, name);
  }
  return names;
}
