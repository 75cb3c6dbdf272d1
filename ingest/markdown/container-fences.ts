/**
 * Container fences that CommonMark does not know: Docusaurus admonitions (`:::tip Title`),
 * Quarto callouts and Pandoc divs (`::: {.callout-note}`), MyST colon fences (`:::{note}`).
 * Their marker lines would otherwise join the prose around them (`:::caution Focal loss was
 * tried` + `In Q1 we ran focal loss` read as one sentence). Each marker is blanked; a title
 * after it stays, as a sentence of its own. MDX's `import` and `export` lines are code, not
 * prose, and are blanked too. Lines are kept, so every line number stays the file's.
 */

const FENCE = /^(\s*)(:{3,})[ \t]*(\{[^}\n]*\}|[A-Za-z][\w-]*)?[ \t]*(.*)$/;
const CODE_FENCE = /^\s*(`{3,}|~{3,})/;
const MDX_STATEMENT =
  /^(?:import\s[^\n]*\sfrom\s+["'][^"']+["'];?|import\s+["'][^"']+["'];?|export\s+(?:const|let|default|function)\b[^\n]*)\s*$/;

export function blankContainerFences(text: string, mdx: boolean): string {
  if (!text.includes(":::") && !(mdx && /^(?:import|export)\s/m.test(text))) return text;
  let codeFence: string | null = null;
  return text
    .split("\n")
    .map((line) => {
      const code = CODE_FENCE.exec(line)?.[1];
      if (code) {
        if (codeFence === null) codeFence = code;
        else if (code.startsWith(codeFence)) codeFence = null;
        return line;
      }
      if (codeFence !== null) return line;
      if (mdx && MDX_STATEMENT.test(line)) return "";
      const fence = FENCE.exec(line);
      if (!fence) return line;
      const title = (fence[4] ?? "").trim();
      if (!title) return "";
      const marker = line.length - (fence[4] ?? "").length;
      return `${" ".repeat(marker)}${title}${/[.!?。！？:：]$/.test(title) ? "" : "."}`;
    })
    .join("\n");
}
