import type { Code } from '../service.ts';

/** A code with its sub-codes, for showing a codebook as nested lists. */
export interface CodeNode extends Code {
  depth: number;
  children: CodeNode[];
  /** Codings of this code and of every code under it. */
  codingsWithin: number;
}

/** Builds the tree from a flat list (already in position order); codes whose parent is missing go to the top. */
export function codeTree(codes: readonly Code[]): CodeNode[] {
  const nodes = new Map<string, CodeNode>(codes.map((c) => [c.id, { ...c, depth: 0, children: [], codingsWithin: c.codings }]));
  const roots: CodeNode[] = [];
  for (const code of codes) {
    const node = nodes.get(code.id)!;
    const parent = code.parentId ? nodes.get(code.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const visit = (node: CodeNode, depth: number): number => {
    node.depth = depth;
    node.codingsWithin = node.codings + node.children.reduce((sum, child) => sum + visit(child, depth + 1), 0);
    return node.codingsWithin;
  };
  roots.forEach((root) => visit(root, 0));
  return roots;
}

/** The tree read top-down, each code followed by its sub-codes: for selects and checkbox lists. */
export function flattenTree(roots: readonly CodeNode[]): CodeNode[] {
  const out: CodeNode[] = [];
  const walk = (node: CodeNode) => {
    out.push(node);
    node.children.forEach(walk);
  };
  roots.forEach(walk);
  return out;
}

/** The ids of every code below `codeId` (not including it). */
export function descendantIds(codes: readonly Pick<Code, 'id' | 'parentId'>[], codeId: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const c of codes) if (c.parentId) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c.id]);
  const found = new Set<string>();
  const stack = [...(children.get(codeId) ?? [])];
  while (stack.length) {
    const id = stack.pop()!;
    if (found.has(id)) continue;
    found.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return found;
}

/** The names from the top of the tree down to the code, like ["System readiness", "Tension for change"]. */
export function codePath(codes: readonly Pick<Code, 'id' | 'parentId' | 'name'>[], codeId: string): string[] {
  const byId = new Map(codes.map((c) => [c.id, c]));
  const path: string[] = [];
  const seen = new Set<string>();
  for (let code = byId.get(codeId); code && !seen.has(code.id); code = code.parentId ? byId.get(code.parentId) : undefined) {
    seen.add(code.id);
    path.unshift(code.name);
  }
  return path;
}

/** The colours offered for codes: GOV.UK Frontend's palette, named so a colour is never shown by its swatch alone. */
export const codeColours = [
  { value: '#1d70b8', name: 'Blue' },
  { value: '#003078', name: 'Dark blue' },
  { value: '#28a197', name: 'Turquoise' },
  { value: '#00703c', name: 'Green' },
  { value: '#6f72af', name: 'Light purple' },
  { value: '#4c2c92', name: 'Purple' },
  { value: '#d53880', name: 'Pink' },
  { value: '#d4351c', name: 'Red' },
  { value: '#f47738', name: 'Orange' },
  { value: '#b58840', name: 'Brown' },
  { value: '#ffdd00', name: 'Yellow' },
  { value: '#505a5f', name: 'Grey' },
] as const;

/** "Blue" for a palette colour, the hex value itself for any other (codes imported from other tools). */
export function colourName(hex: string): string {
  return codeColours.find((c) => c.value === hex)?.name ?? hex;
}
