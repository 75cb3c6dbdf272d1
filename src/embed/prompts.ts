/**
 * The texts a concept or model is recognised by in a figure. English names (CLIP reads
 * English; a Chinese-only concept speaks through the English name the vocabulary pairs it
 * with), in a few caption templates whose embeddings are averaged, as CLIP's zero-shot
 * classifiers do; the description, when there is one, as one more caption.
 */
export interface PromptSubject {
  name: string;
  kind: "concept" | "model";
  description: string | null;
}

const CONCEPT_TEMPLATES = ["a diagram of {}.", "a figure illustrating {}.", "an illustration of {}."];
const MODEL_TEMPLATES = [
  "the architecture of the {} model.",
  "a diagram of the {} model.",
  "a figure from the {} paper.",
];

export function promptsFor(subject: PromptSubject): string[] {
  const templates = subject.kind === "model" ? MODEL_TEMPLATES : CONCEPT_TEMPLATES;
  const prompts = templates.map((template) => template.replace("{}", subject.name));
  if (subject.description) prompts.push(`a figure about ${truncateWords(subject.description, 40)}`);
  return prompts;
}

/** CLIP reads 77 tokens: long descriptions are cut at a word boundary. */
function truncateWords(text: string, words: number): string {
  const parts = text.trim().split(/\s+/);
  return parts.length <= words ? parts.join(" ") : `${parts.slice(0, words).join(" ")}…`;
}
