// Colours Python source for the editor's overlay: a few token classes, no dependencies.
const TOKEN = new RegExp(
  [
    String.raw`(?<comment>#[^\n]*)`,
    String.raw`(?<string>[rbfuRBFU]{0,2}(?:"""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$)|"(?:\\.|[^"\\\n])*"?|'(?:\\.|[^'\\\n])*'?))`,
    String.raw`(?<decorator>^[ \t]*@[\w.]+)`,
    String.raw`(?<keyword>\b(?:False|None|True|and|as|assert|async|await|break|class|continue|def|del|elif|else|except|finally|for|from|global|if|import|in|is|lambda|nonlocal|not|or|pass|raise|return|try|while|with|yield|match|case)\b)`,
    String.raw`(?<number>\b\d[\d_]*(?:\.\d+)?\b)`,
  ].join("|"),
  "gm",
);

// Returns a fragment of text nodes and <span class="fvd-tok-…"> elements for `source`.
export function highlight(source) {
  const fragment = document.createDocumentFragment();
  let last = 0;
  for (const match of source.matchAll(TOKEN)) {
    if (match.index > last) fragment.append(source.slice(last, match.index));
    const kind = Object.keys(match.groups).find((name) => match.groups[name] !== undefined);
    const span = document.createElement("span");
    span.className = `fvd-tok-${kind}`;
    span.textContent = match[0];
    fragment.append(span);
    last = match.index + match[0].length;
  }
  fragment.append(source.slice(last) + "\n"); // a trailing newline keeps the last line's height
  return fragment;
}
