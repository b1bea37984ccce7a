/**
 * A study document's text as blocks for a printed page. The team writes plain text: a blank line
 * starts a new paragraph, a line starting "# " is a heading, lines starting "- " are a list and
 * lines starting "[ ] " are boxes for a participant to tick (as on a consent form).
 */

export type DocumentBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; lines: string[] }
  | { kind: 'list'; items: string[] }
  | { kind: 'tickboxes'; items: string[] };

const listPrefix = /^[-*]\s+/;
const tickPrefix = /^\[\s?\]\s+/;

function lineKind(line: string): 'heading' | 'list' | 'tickboxes' | 'paragraph' {
  if (line.startsWith('# ')) return 'heading';
  if (listPrefix.test(line)) return 'list';
  if (tickPrefix.test(line)) return 'tickboxes';
  return 'paragraph';
}

function appendLine(blocks: DocumentBlock[], line: string, startsBlock: boolean): void {
  const kind = lineKind(line);
  const last = blocks.at(-1);
  if (kind === 'heading') {
    blocks.push({ kind, text: line.slice(2).trim() });
  } else if (kind === 'list' || kind === 'tickboxes') {
    const item = line.replace(kind === 'list' ? listPrefix : tickPrefix, '').trim();
    if (!startsBlock && last?.kind === kind) last.items.push(item);
    else blocks.push({ kind, items: [item] });
  } else if (!startsBlock && last?.kind === 'paragraph') {
    last.lines.push(line);
  } else {
    blocks.push({ kind, lines: [line] });
  }
}

export function documentBlocks(body: string): DocumentBlock[] {
  const blocks: DocumentBlock[] = [];
  let startsBlock = true;
  for (const raw of body.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    if (line === '') {
      startsBlock = true;
      continue;
    }
    appendLine(blocks, line, startsBlock);
    startsBlock = lineKind(line) === 'heading';
  }
  return blocks;
}
