// Draws the engine's result with DOM APIs only: engine text is always set as textContent.
const NAMES = { flask: "Flask", django: "Django", either: "Either" };

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

// "Read more" links say, for screen-reader users listing links, what they are about.
function guideLink(siteRoot, link, text, about) {
  const anchor = el("a", { href: new URL(link, siteRoot).href }, text);
  if (about) anchor.append(el("span", { class: "fvd-visually-hidden" }, `: ${about}`));
  return anchor;
}

function questionText(id) {
  return document.querySelector(`#fvd-q-${CSS.escape(id)} legend`)?.textContent.replace(/^\d+\.\s*/, "") ?? "";
}

function section(title, ...content) {
  return el("section", { class: "fvd-part" }, el("h3", {}, title), ...content);
}

function confidencePart(result) {
  const percent = Math.round(result.confidence * 100);
  const meter = el("meter", { min: "0", max: "1", value: String(result.confidence), "aria-hidden": "true" });
  return el(
    "p",
    { class: "fvd-confidence" },
    `Confidence: ${result.confidence_label} (${percent}%), from ${result.answered} of ${result.total} questions answered. `,
    meter,
  );
}

function breakdownPart(result) {
  const rows = result.breakdown.filter((row) => row.flask || row.django);
  if (!rows.length) return null;
  const most = Math.max(...rows.flatMap((row) => [row.flask, row.django]));
  const table = el(
    "table",
    { class: "fvd-chart" },
    el("caption", {}, "Points each framework earned, by topic"),
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Topic"), el("th", { scope: "col" }, "Flask"), el("th", { scope: "col" }, "Django"))),
  );
  const body = el("tbody");
  for (const row of rows) {
    const cell = (framework) => {
      const bar = el("span", { class: `fvd-bar fvd-bar--${framework}`, "aria-hidden": "true" });
      bar.style.setProperty("--fvd-share", String(row[framework] / most));
      return el("td", {}, bar, el("span", { class: "fvd-points" }, String(row[framework])));
    };
    body.append(el("tr", {}, el("th", { scope: "row" }, row.label), cell("flask"), cell("django")));
  }
  table.append(body);
  return section("Where the points came from", table);
}

function reasonList(reasons, siteRoot, templates) {
  const list = el("ol", { class: "fvd-reasons" });
  for (const reason of reasons) {
    const item = el("li", { "data-fvd-reason": `${reason.question}:${reason.option}` });
    const template = templates.get(`${reason.question}:${reason.option}`);
    // Build-time HTML from our own data when available; the engine's plain text otherwise.
    const text = el("span", { class: "fvd-reason-text" });
    if (template) text.append(template.content.cloneNode(true));
    else text.textContent = reason.text;
    item.append(
      el("strong", {}, `${NAMES[reason.favours]} +${reason.points}: `),
      text,
      " ",
      guideLink(siteRoot, reason.link, "Read more", questionText(reason.question)),
    );
    list.append(item);
  }
  return list;
}

function pivotPart(result) {
  if (!result.pivotal.length) return null;
  const list = el("ul", { class: "fvd-pivots" });
  for (const pivot of result.pivotal) {
    const answers = pivot.option_labels.map((label) => `“${label}”`).join(" or ");
    const outcome = pivot.framework === "either" ? "no clear winner" : NAMES[pivot.framework];
    list.append(el("li", {}, `${pivot.question_text} Answering ${answers} would give ${outcome}.`));
  }
  return section("What would change this", list);
}

function alsoPart(result, siteRoot) {
  if (!result.also_consider.length) return null;
  const list = el("ul", { class: "fvd-also" });
  for (const other of result.also_consider) {
    list.append(el("li", {}, el("strong", {}, `${other.name}: `), other.text, " ", guideLink(siteRoot, other.link, "Read more", other.name)));
  }
  return section("Also consider", list);
}

export function renderResult(region, result, { siteRoot, templates }) {
  region.querySelector("[data-recommendation]").textContent = result.headline;
  region.querySelector("[data-recommendation]").dataset.recommendation = result.framework;
  const details = region.querySelector("[data-fvd-details]");
  const parts = [confidencePart(result)];
  if (result.reasons.length) {
    const title = result.framework === "either" ? "The answers that weighed most" : `Why ${NAMES[result.framework]}`;
    parts.push(section(title, reasonList(result.reasons, siteRoot, templates)));
  }
  if (result.counterpoints.length) {
    parts.push(section("Pointing the other way", reasonList(result.counterpoints, siteRoot, templates)));
  }
  parts.push(breakdownPart(result), pivotPart(result), alsoPart(result, siteRoot));
  details.replaceChildren(...parts.filter(Boolean));
  details.hidden = false;
  region.querySelector("[data-fvd-result-title]").hidden = false;
  region.querySelector("[data-fvd-share]").hidden = false;
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
