/**
 * Headings a note stands for without writing `#`: the plain first line of an export that has no
 * title, the `◆` lines of a reading app's export, the headers of a mailing list's messages. Each
 * is rewritten in the parsed tree as the heading it stands for, before sections are split.
 */
import type { Heading, Paragraph, Root } from "mdast";
import { toString as mdastToString } from "mdast-util-to-string";

/**
 * `PPO 学习笔记` alone on the first line of a note exported from 有道云笔记, Evernote or Apple
 * Notes, which write no `#`: a short line standing alone before the text, in a note with no
 * title heading, is its title, and becomes the heading it stands for. A field (`Tags: ...`),
 * a link, a tag or a sentence is not one.
 */
export function promoteTitleLine(root: Root): void {
  const [first, second] = root.children;
  if (first?.type !== "paragraph" || !second || !first.position) return;
  if (first.position.start.line !== first.position.end.line) return;
  if (root.children.some((node) => node.type === "heading" && node.depth === 1)) return;
  if (!first.children.every((child) => child.type === "text" || child.type === "strong")) return;
  const line = mdastToString(first).trim();
  if (!line || line.length > 40 || /[。！？!?.:：;；,，]$|[:：]\s|#|https?:|\[\[/.test(line)) return;
  const heading: Heading = { type: "heading", depth: 1, children: first.children, position: first.position };
  root.children[0] = heading;
}

/** A line that marks a part of an exported book's notes: `◆ 第6章 近端策略优化（PPO）`. */
const MARKER_LINE = /^\s*[◆■▌]\s*(\S.*)$/;
/** `◆ 2023/11/02发表想法`: an entry made on a day, under the chapter before it. */
const DATED_ENTRY = /^\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}/;

/**
 * 微信读书 and other reading apps export a book's notes with no `#`: each chapter and each
 * dated thought on its own line after a `◆`. In a note with no headings below its title, two or
 * more such lines are its sections: a chapter at depth 2, a dated entry at depth 3 under it.
 */
export function promoteMarkerLines(root: Root): void {
  if (root.children.some((node) => node.type === "heading" && node.depth > 1)) return;
  const markers = root.children.flatMap((node, index) => {
    if (node.type !== "paragraph" || !node.position || node.position.start.line !== node.position.end.line)
      return [];
    const text = mdastToString(node);
    const match = MARKER_LINE.exec(text);
    return match?.[1] ? [{ index, text: match[1] }] : [];
  });
  if (markers.length < 2) return;
  for (const { index, text } of markers) {
    const node = root.children[index] as Paragraph;
    const heading: Heading = {
      type: "heading",
      depth: DATED_ENTRY.test(text) ? 3 : 2,
      children: [{ type: "text", value: text }],
      position: node.position,
    };
    root.children[index] = heading;
  }
}

/** A mail's header fields, one per line, `Subject:` among them. */
const MAIL_HEADER =
  /^(?:(?:From|To|Cc|Date|Subject|Message|Message-ID|Reply-To|Content-Type|Sent)\s*:.*(?:\n|$))+$/i;

/**
 * A mailing list's digest saved as a note: each message opens with its header fields (`From:`,
 * `Date:`, `Subject:`), and what it discusses is named by its subject. In a note with two or more
 * such headers, each header becomes a heading of depth 2 worded as its subject without the
 * list's tag, reply marks, a day or the remarks after a dash (`Subject: Re: [ML-RG] Thursday:
 * DCN-V2 (recsys slot)` -> `DCN-V2 (recsys slot)`).
 */
export function promoteMailSubjects(root: Root): void {
  const headers = root.children.flatMap((node, index) => {
    if (node.type !== "paragraph") return [];
    const text = mdastToString(node).trim();
    const subject = MAIL_HEADER.test(text) ? /^Subject\s*:\s*(.+)$/im.exec(text)?.[1] : undefined;
    return subject ? [{ index, subject: mailSubject(subject) }] : [];
  });
  if (headers.length < 2) return;
  for (const { index, subject } of headers) {
    const node = root.children[index] as Paragraph;
    root.children[index] = {
      type: "heading",
      depth: 2,
      children: [{ type: "text", value: subject }],
      position: node.position,
    };
  }
}

/** A subject's words that name what the message is about. */
function mailSubject(subject: string): string {
  let text = subject.trim();
  for (let i = 0; i < 3; i++)
    text = text.replace(/^(?:(?:Re|Fwd?|AW|WG|回复|转发)\s*[:：]\s*|\[[^\]]{1,24}\]\s*)/i, "");
  return text
    .replace(/^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\s*[:：,-]\s*/i, "")
    .replace(/\s+(?:--|—|–)\s+.*$/, "")
    .replace(/\s+(?:notes?|slides?|summary|write-?up)\b.*$/i, "")
    .trim();
}
