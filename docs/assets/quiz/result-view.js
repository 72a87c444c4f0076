// Draws the engine's result with DOM APIs only: engine text is always set as textContent.
// Names of topics, their pages and the tutorials come from build-time templates on the page.
const NAMES = { flask: "Flask", django: "Django", either: "Either" };
const OUTCOMES = { flask: "Flask", django: "Django", either: "a close call" };
const NUMBERS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

// "Read more" links say, for screen-reader users listing links, what they are about.
function readMore(siteRoot, link, about) {
  const anchor = el("a", { href: new URL(link, siteRoot).href, class: "fvd-read-more" }, "Read more");
  if (about) anchor.append(el("span", { class: "fvd-visually-hidden" }, `: ${about}`));
  return anchor;
}

function section(title, ...content) {
  return el("section", { class: "fvd-part" }, el("h3", {}, title), ...content);
}

function clone(templates, key) {
  const template = templates.get(key);
  return template ? template.content.cloneNode(true) : null;
}

// The guide's name for a topic, from the page's templates (the navigation's own names).
function topicName(templates, topic) {
  return templates.get(`topic:${topic}`)?.content.textContent ?? topic;
}

function topicLink(templates, topic) {
  return clone(templates, `topic:${topic}`) ?? document.createTextNode(topic);
}

function strengthPart(result, templates) {
  const part = el("div", { class: "fvd-strength" });
  part.append(el("p", {}, el("strong", {}, `${result.strength_label}. `), result.strength_note));
  if (result.also_note) part.append(el("p", { class: "fvd-also-note" }, result.also_note));
  const scale = clone(templates, "scale");
  if (scale) part.append(scale);
  return part;
}

function said(answer) {
  return `You said “${answer}”`;
}

function reasonList(reasons, siteRoot, templates) {
  const list = el("ol", { class: "fvd-reasons" });
  for (const reason of reasons) {
    const topics = reason.topics.map((item) => `${topicName(templates, item.topic)} +${item.points}`).join(", ");
    const why = el("span", { class: "fvd-reason-text" });
    const rationale = clone(templates, `why:${reason.question}:${reason.option}`);
    // Build-time HTML from our own data when available; the engine's plain text otherwise.
    if (rationale) why.append(rationale);
    else why.textContent = reason.text;
    list.append(
      el(
        "li",
        { "data-fvd-reason": `${reason.question}:${reason.option}`, "data-fvd-points": `${reason.favours}:${reason.points}` },
        el("p", { class: "fvd-said" }, `${said(reason.answer)} → `, el("strong", {}, `${NAMES[reason.favours]} +${reason.points}`), ` (${topics})`),
        el("p", { class: "fvd-why" }, why, " ", readMore(siteRoot, reason.link, reason.question_text)),
      ),
    );
  }
  return list;
}

// Diverging bars, Flask to the left of each topic's axis and Django to the right; the numbers
// and names are text, so colour never carries the meaning alone.
function chartPart(result, templates) {
  const rows = result.breakdown.filter((row) => row.flask || row.django);
  if (!rows.length) return null;
  const most = Math.max(...rows.flatMap((row) => [row.flask, row.django]));
  const chart = el("ul", { class: "fvd-chart" });
  for (const row of rows) {
    const bar = (framework) => {
      const fill = el("span", { class: `fvd-bar fvd-bar--${framework}` });
      fill.style.setProperty("--fvd-share", String(row[framework] / most));
      return el("span", { class: `fvd-half fvd-half--${framework}` }, fill);
    };
    const answers = el("ul", { class: "fvd-row-answers" });
    for (const answer of row.answers) {
      answers.append(el("li", {}, `“${answer.answer}” → ${NAMES[answer.favours]} +${answer.points}`));
    }
    chart.append(
      el(
        "li",
        { class: "fvd-row", "data-fvd-topic-row": row.topic, "data-fvd-flask": String(row.flask), "data-fvd-django": String(row.django) },
        el("p", { class: "fvd-row-topic" }, topicLink(templates, row.topic)),
        el(
          "p",
          { class: "fvd-row-bars" },
          el("span", { class: "fvd-value fvd-value--flask" }, `Flask ${row.flask}`),
          el("span", { class: "fvd-axis", "aria-hidden": "true" }, bar("flask"), bar("django")),
          el("span", { class: "fvd-value fvd-value--django" }, `Django ${row.django}`),
        ),
        answers,
      ),
    );
  }
  const total = el(
    "p",
    { class: "fvd-chart-total" },
    `In all: Flask ${result.scores.flask}, Django ${result.scores.django}. Each bar adds up the answers listed under it.`,
  );
  return section("Points by topic", chart, total);
}

function changeText(change) {
  if (change.action === "tick") return `also ticking “${change.answer}”`;
  if (change.action === "untick") return `unticking “${change.answer}”`;
  if (change.was) return `“${change.answer}” instead of “${change.was}”`;
  return `“${change.answer}” for “${change.question_text}”`;
}

function flipsPart(result) {
  if (!result.flips.length) return null;
  const list = el("ul", { class: "fvd-flips" });
  for (const flip of result.flips) {
    const item = el("li", { "data-fvd-flip": flip.changes.map((change) => `${change.question}:${change.option}`).join(" ") });
    const outcome = el("strong", {}, OUTCOMES[flip.framework]);
    if (flip.changes.length === 1) {
      item.append(`${changeText(flip.changes[0])} → `, outcome);
    } else {
      const changes = el("ul", {}, ...flip.changes.map((change) => el("li", {}, changeText(change))));
      item.append(`These ${NUMBERS[flip.changes.length] ?? flip.changes.length} changes together → `, outcome, changes);
    }
    list.append(item);
  }
  const lead = el("p", {}, "The fewest changes to your answers that would give another verdict:");
  return section("What would change this", lead, list);
}

function alsoPart(result, siteRoot) {
  if (!result.also_consider.length) return null;
  const list = el("ul", { class: "fvd-also" });
  for (const other of result.also_consider) {
    list.append(el("li", { "data-fvd-also": other.id }, el("strong", {}, `${other.name}: `), other.text, " ", readMore(siteRoot, other.link, other.name)));
  }
  return section("Also consider", list);
}

function nextStepsPart(result, templates) {
  const list = el("ul", { class: "fvd-next" });
  for (const tutorial of result.tutorials) {
    const link = clone(templates, `tutorial:${tutorial.framework}`);
    if (link) list.append(el("li", {}, "Start with ", link, "."));
  }
  for (const topic of result.read_next) {
    list.append(el("li", {}, "Read the guide's page ", topicLink(templates, topic), "."));
  }
  return list.childElementCount ? section("Next steps", list) : null;
}

// The answers themselves: what a printed or shared result rests on.
function answersPart(answers, schema) {
  const list = el("dl", { class: "fvd-given" });
  for (const [question, value] of Object.entries(answers)) {
    const legend = document.querySelector(`#fvd-q-${CSS.escape(question)} legend`);
    const labels = (Array.isArray(value) ? value : [value]).map(
      (option) => document.querySelector(`label[for="fvd-${CSS.escape(question)}-${CSS.escape(option)}"]`)?.textContent ?? option,
    );
    list.append(el("dt", {}, legend?.textContent.replace(/^\d+\.\s*/, "") ?? question), el("dd", {}, labels.join("; ")));
  }
  const count = Object.keys(answers).length;
  return section(`Your answers (${count} of ${schema.size})`, list);
}

export function renderResult(region, result, { siteRoot, templates, answers, schema }) {
  const verdict = region.querySelector("[data-recommendation]");
  verdict.textContent = result.headline;
  verdict.dataset.recommendation = result.framework;
  const details = region.querySelector("[data-fvd-details]");
  const empty = result.answered === 0;
  const parts = [];
  if (!empty) {
    parts.push(strengthPart(result, templates));
    if (result.reasons.length) {
      const title = result.framework === "either" ? "How your answers weigh" : `Why ${NAMES[result.framework]}`;
      parts.push(section(title, reasonList(result.reasons, siteRoot, templates)));
    }
    if (result.counterpoints.length) {
      parts.push(section("Pointing the other way", reasonList(result.counterpoints, siteRoot, templates)));
    }
    parts.push(chartPart(result, templates), flipsPart(result), alsoPart(result, siteRoot), nextStepsPart(result, templates), answersPart(answers, schema));
  } else {
    parts.push(el("p", { class: "fvd-empty" }, "Pick the answers that fit your project above, as many as you like, then ask again."));
  }
  details.replaceChildren(...parts.filter(Boolean));
  details.hidden = false;
  region.querySelector("[data-fvd-result-title]").hidden = false;
  // A link to no answers is not worth sharing.
  region.querySelector("[data-fvd-share]").hidden = empty;
  region.querySelector("[data-fvd-copied]").replaceChildren();
}

export function clearResult(region) {
  region.querySelector("[data-recommendation]").textContent = "";
  region.querySelector("[data-recommendation]").dataset.recommendation = "";
  region.querySelector("[data-fvd-details]").replaceChildren();
  region.querySelector("[data-fvd-details]").hidden = true;
  region.querySelector("[data-fvd-result-title]").hidden = true;
  region.querySelector("[data-fvd-share]").hidden = true;
}

// The live verdict names only the framework: it changes, and speaks, when the verdict does.
export const LIVE_TEXT = {
  flask: "So far: Flask fits best",
  django: "So far: Django fits best",
  either: "So far: a close call",
};
