/**
 * One name, two models: DINO the self-supervised ViT method (arXiv 2104.14294) and DINO the
 * DETR-style detector (2203.03605). When a note says its model with a known name was
 * introduced in another paper than the vocabulary's, that model is another node in this
 * note, `model:dino@2203.03605`, named DINO; the note's other mentions of the name mean it
 * too. Notes that give no paper cannot be told apart and keep the vocabulary's sense.
 */
import type { ModelRef, NoteRecord } from "../note-record.js";
import type { Vocabulary } from "../vocabulary.js";

type Parts = Omit<NoteRecord, "path" | "meta">;

/** Model id -> the arXiv id this note says introduced it. */
function introductions(parts: Parts): Map<string, string> {
  const found = new Map<string, string>();
  for (const section of parts.sections) {
    if (!section.opensModel || !section.model) continue;
    // Only a reference line under the heading says which paper introduced the model; a link in
    // a table under `## CLIP 相关工作` is another paper.
    const lead = parts.citations.find(
      (c) => c.section === section.index && c.arxivId && c.kind === "reference",
    );
    if (lead?.arxivId) found.set(section.model.id, lead.arxivId);
  }
  for (const titled of parts.titledModels) {
    const arxivId = parts.citations[titled.citation]?.arxivId;
    if (arxivId && !found.has(titled.model.id)) found.set(titled.model.id, arxivId);
  }
  // A note-wide subject and the paper the note describes are not tied closely enough: a note
  // about DINO's paper that defines ViT would make ViT another model.
  return found;
}

/** The record with every model the note gives another paper than the vocabulary's renamed to its own node. */
export function splitHomonyms<P extends Parts>(parts: P, vocabulary: Vocabulary): P {
  const renamed = new Map<string, string>();
  for (const [id, arxivId] of introductions(parts)) {
    const known = vocabulary.byId.get(id)?.arxiv;
    if (known && known !== arxivId) renamed.set(id, `${id}@${arxivId}`);
  }
  if (renamed.size === 0) return parts;
  const ref = <M extends ModelRef | null>(model: M): M =>
    model && renamed.has(model.id) ? { ...model, id: renamed.get(model.id) as string, known: false } : model;
  return {
    ...parts,
    sections: parts.sections.map((section) => ({
      ...section,
      model: ref(section.model),
      ...(section.alsoModels ? { alsoModels: section.alsoModels.map(ref) } : {}),
    })),
    subjects: parts.subjects.map(ref),
    titledModels: parts.titledModels.map((titled) => ({ ...titled, model: ref(titled.model) })),
    modelMentions: parts.modelMentions.map((mention) => ({ ...mention, model: ref(mention.model) })),
    modelLinks: parts.modelLinks.map((link) => ({ ...link, from: ref(link.from), to: ref(link.to) })),
    lineage: parts.lineage.map((lineage) => ({ ...lineage, target: ref(lineage.target) })),
    terms: parts.terms.map((term) => {
      const outlineModel = term.outlineModel
        ? (renamed.get(term.outlineModel) ?? term.outlineModel)
        : undefined;
      const placed = outlineModel ? { ...term, outlineModel } : term;
      const id = term.kind === "model" ? renamed.get(term.id) : undefined;
      const name = vocabulary.byId.get(term.id)?.name ?? term.id;
      return id ? { ...placed, id, adhoc: { name, fullName: null, rule: term.rule } } : placed;
    }),
  };
}
