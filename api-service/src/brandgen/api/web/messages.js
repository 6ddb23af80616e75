// API errors in plain words: the API's own message, cleaned of validation jargon, with advice
// for the errors a person can act on.

function tidy(message) {
  const text = String(message || "")
    .replace(/^Value error,\s*/i, "")
    .replace(/^Assertion failed,\s*/i, "")
    .trim();
  if (!text) return "Something went wrong.";
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?)]$/.test(sentence) ? sentence : `${sentence}.`;
}

// Pydantic's phrasing for the common slips, in everyday words; anything else keeps the API's text.
const EVERYDAY = [
  [/^String should have at least 1 character/, () => "Please fill this in"],
  [/^must contain at least one visible character/i, () => "Please fill this in"],
  [/^String should have at most (\d+) characters?/, (count) => `Please use at most ${count} characters`],
  [/^List should have at least 1 item/, () => "Choose at least one"],
  [/^Input should be greater than or equal to (\d+)/, (least) => `Use a number of at least ${least}`],
  [/^Input should be less than or equal to (\d+)/, (most) => `Use a number no bigger than ${most}`],
  [/^Input should be a valid integer/, () => "Use a whole number"],
];

function everyday(message) {
  const more = /\s*\(and (\d+) more problem\(s\)\)$/.exec(message);
  let text = more ? message.slice(0, more.index) : message;
  for (const [pattern, words] of EVERYDAY) {
    const found = pattern.exec(text);
    if (found) {
      text = words(...found.slice(1));
      break;
    }
  }
  return more ? `${tidy(text)} Then check the other fields too.` : tidy(text);
}

export function plainMessage(error) {
  switch (error.code) {
    case "unauthorized":
      if (/^missing API key/i.test(error.message)) return "This server needs an API key: enter it above and save it.";
      return `The API key was not accepted: ${tidy(error.message)} Enter a valid key above.`;
    case "rate_limited":
      return error.retryAfter
        ? `Too many requests with this key. Try again in ${error.retryAfter} seconds.`
        : "Too many requests with this key. Try again in a minute.";
    case "service_unavailable":
      return `The service is busy or a backend is down. ${tidy(error.message)} Try again shortly.`;
    case "payload_too_large":
      return "The request is too large. Shorten the description or tagline.";
    case "validation_error":
      return everyday(error.message);
    default:
      return tidy(error.message);
  }
}

// Why a job failed, in words: the API's message (already words since issue 22) with a lead-in for
// the codes a person can do something about; the code itself is never shown.
const FAILURE_WORDS = {
  timeout: "It took longer than its time limit.",
  retries_exhausted: "A step kept failing after several tries.",
  broker_unavailable: "The job queue could not be reached.",
};

export function failureMessage(error) {
  if (!error) return "The job failed.";
  const lead = FAILURE_WORDS[error.code];
  const detail = error.message ? tidy(error.message) : "";
  // The stage, unless the message names it already ("... in the logo stage").
  const stage = error.stage && !detail.includes(error.stage) ? ` (in the ${error.stage} step)` : "";
  return [lead, detail].filter(Boolean).join(" ").replace(/\.$/, `${stage}.`) || `The job failed${stage}.`;
}
