import { buildXml, xmlAttribute, xmlText } from './xml.ts';

/**
 * The codebook in REFI-QDA form: codes nested as in Formative, with colours and descriptions.
 * Used inside project.qde and alone as a .qdc file. Every Formative code can be applied to text,
 * so every code is written with isCodable="true".
 */

export interface ExportCode {
  id: string;
  parentId: string | null;
  name: string;
  description: string;
  colour: string;
}

type Element = Record<string, unknown>;

/** Codes as a forest: each code's children in the order given (the codebook's own order). */
function childrenByParent(codes: ExportCode[]): Map<string | null, ExportCode[]> {
  const ids = new Set(codes.map((c) => c.id));
  const byParent = new Map<string | null, ExportCode[]>();
  for (const code of codes) {
    // A code whose parent is not in the list is written at the top level rather than lost.
    const parent = code.parentId && ids.has(code.parentId) ? code.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), code]);
  }
  return byParent;
}

/**
 * <Code> elements for the top-level codes, their children nested inside; `noteRefs` adds NoteRef
 * elements to codes that have memos (project.qde only: the .qdc schema has no notes).
 */
export function codeElements(codes: ExportCode[], noteRefs: Map<string, string[]> = new Map()): Element[] {
  const byParent = childrenByParent(codes);
  const visited = new Set<string>();
  const element = (code: ExportCode): Element => {
    visited.add(code.id);
    const nested = (byParent.get(code.id) ?? []).filter((c) => !visited.has(c.id));
    const notes = noteRefs.get(code.id) ?? [];
    return {
      '@guid': code.id,
      '@name': xmlAttribute(code.name),
      '@isCodable': 'true',
      '@color': code.colour.toUpperCase(),
      ...(code.description.trim() ? { Description: xmlText(code.description) } : {}),
      ...(notes.length ? { NoteRef: notes.map((id) => ({ '@targetGUID': id })) } : {}),
      ...(nested.length ? { Code: nested.map(element) } : {}),
    };
  };
  return (byParent.get(null) ?? []).map(element);
}

/** A .qdc document: the codebook alone. REFI-QDA needs at least one code, so an empty codebook is refused by the caller. */
export function buildCodebook(codes: ExportCode[], origin: string): string {
  return buildXml({
    CodeBook: {
      '@xmlns': 'urn:QDA-XML:codebook:1.0',
      '@origin': origin,
      Codes: { Code: codeElements(codes) },
    },
  });
}
