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
    default:
      return tidy(error.message);
  }
}
