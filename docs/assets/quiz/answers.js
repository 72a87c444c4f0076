// Answers as data: read from and written to the form, the URL fragment and localStorage.
const STORAGE_KEY = "flask-vs-django:quiz";
const STORAGE_VERSION = 1;
const MAX_STORED_CHARS = 4096;
const MAX_FRAGMENT_CHARS = 2048;
const FRAGMENT_PREFIX = "#answers=";

export class InvalidAnswers extends Error {}

// What the form accepts: question id -> {multiple, options: Set}.
export function schemaOf(form) {
  const schema = new Map();
  for (const input of form.querySelectorAll("input[type=radio], input[type=checkbox]")) {
    if (!schema.has(input.name)) schema.set(input.name, { multiple: input.type === "checkbox", options: new Set() });
    schema.get(input.name).options.add(input.value);
  }
  return schema;
}

export function readForm(form) {
  const answers = {};
  for (const [question, { multiple }] of schemaOf(form)) {
    const checked = [...form.querySelectorAll(`input[name="${question}"]:checked`)].map((input) => input.value);
    if (multiple && checked.length) answers[question] = checked;
    else if (!multiple && checked.length) answers[question] = checked[0];
  }
  return answers;
}

export function writeForm(form, answers) {
  for (const input of form.querySelectorAll("input[type=radio], input[type=checkbox]")) {
    const value = answers[input.name];
    input.checked = Array.isArray(value) ? value.includes(input.value) : value === input.value;
  }
}

// Throws InvalidAnswers unless every id is one the form offers, with the right shape.
export function validate(schema, answers) {
  if (typeof answers !== "object" || answers === null || Array.isArray(answers)) {
    throw new InvalidAnswers("not a set of answers");
  }
  for (const [question, value] of Object.entries(answers)) {
    const spec = schema.get(question);
    if (!spec) throw new InvalidAnswers("an unknown question");
    const values = spec.multiple ? value : [value];
    if (!Array.isArray(values) || values.length === 0) throw new InvalidAnswers("a malformed answer");
    for (const option of values) {
      if (typeof option !== "string" || !spec.options.has(option)) throw new InvalidAnswers("an unknown answer");
    }
  }
  return answers;
}

// "#answers=project.api,deployment.serverless+static-files": short, readable, ids only.
export function encodeFragment(answers) {
  const parts = Object.entries(answers).map(([question, value]) =>
    `${question}.${(Array.isArray(value) ? value : [value]).join("+")}`,
  );
  return parts.length ? `${FRAGMENT_PREFIX}${parts.join(",")}` : "";
}

// null when the fragment is not ours; throws InvalidAnswers when it is ours but broken.
export function decodeFragment(hash, schema) {
  if (!hash.startsWith(FRAGMENT_PREFIX)) return null;
  if (hash.length > MAX_FRAGMENT_CHARS) throw new InvalidAnswers("too long");
  let body;
  try {
    body = decodeURIComponent(hash.slice(FRAGMENT_PREFIX.length));
  } catch {
    throw new InvalidAnswers("badly encoded");
  }
  const answers = {};
  for (const part of body.split(",").filter(Boolean)) {
    const match = /^([a-z][a-z0-9-]*)\.([a-z0-9+-]+)$/.exec(part);
    if (!match) throw new InvalidAnswers("malformed");
    const [, question, options] = match;
    if (Object.hasOwn(answers, question)) throw new InvalidAnswers("a repeated question");
    const spec = schema.get(question);
    if (!spec) throw new InvalidAnswers("an unknown question");
    answers[question] = spec.multiple ? options.split("+") : options;
  }
  return validate(schema, answers);
}

export function loadStored(schema) {
  let raw;
  try {
    raw = localStorage.getItem(STORAGE_KEY);
  } catch {
    return { answers: null, corrupt: false }; // storage disabled: nothing to restore
  }
  if (raw === null) return { answers: null, corrupt: false };
  try {
    if (raw.length > MAX_STORED_CHARS) throw new InvalidAnswers("too large");
    const stored = JSON.parse(raw);
    if (!stored || stored.version !== STORAGE_VERSION) throw new InvalidAnswers("unknown version");
    return { answers: validate(schema, stored.answers), corrupt: false };
  } catch {
    clearStored();
    return { answers: null, corrupt: true };
  }
}

export function store(answers) {
  const raw = JSON.stringify({ version: STORAGE_VERSION, answers });
  if (raw.length > MAX_STORED_CHARS) return;
  try {
    localStorage.setItem(STORAGE_KEY, raw);
  } catch {
    // Storage full or disabled: the answers still live in the form and the link.
  }
}

export function clearStored() {
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing stored, nothing to clear.
  }
}
