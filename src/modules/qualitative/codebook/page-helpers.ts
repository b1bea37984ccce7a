import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { valences, type Code } from '../service.ts';
import { codeColours, codeTree, colourName, flattenTree, type CodeNode } from './tree.ts';

/** Small pieces the codebook, coding and memo pages share. */

export type Params = { evaluation: string };
export type FormValues = Record<string, unknown>;

export function formValues(body: unknown): FormValues {
  return { ...(body as FormValues) };
}

/** '/evaluations/<slug>' followed by `rest`. */
export function evaluationPath(request: FastifyRequest, rest = ''): string {
  return `/evaluations/${request.evaluation!.slug}${rest}`;
}

export const isUuid = (value: unknown): value is string => z.string().uuid().safeParse(value).success;

/** A code tree whose nodes also carry their colour's name, for the swatch macro. */
export type NamedNode = CodeNode & { colourName: string; children: NamedNode[] };

export function namedTree(codes: readonly Code[]): NamedNode[] {
  const name = (node: CodeNode): NamedNode => ({ ...node, colourName: colourName(node.colour), children: node.children.map(name) });
  return codeTree(codes).map(name);
}

/** Options for a GOV.UK select of colours; a colour from outside the palette is kept as its own option. */
export function colourItems(selected: unknown) {
  const current = typeof selected === 'string' && selected ? selected : codeColours[0].value;
  const items: { value: string; text: string; selected: boolean }[] = codeColours.map((c) => ({ value: c.value, text: c.name, selected: c.value === current }));
  if (!codeColours.some((c) => c.value === current)) items.unshift({ value: current, text: `Current colour (${current})`, selected: true });
  return items;
}

/** Options for choosing a code, indented by depth; `leaveOut` codes are not offered. */
export function codeItems(codes: readonly Code[], selected: unknown, noneText: string | null, leaveOut: ReadonlySet<string> = new Set()) {
  const current = typeof selected === 'string' ? selected : '';
  const items = flattenTree(codeTree(codes))
    .filter((node) => !leaveOut.has(node.id))
    .map((node) => ({ value: node.id, text: `${'– '.repeat(node.depth)}${node.name}`, selected: node.id === current }));
  return noneText === null ? [{ value: '', text: 'Choose a code', selected: current === '' }, ...items] : [{ value: '', text: noneText, selected: current === '' }, ...items];
}

/** A whole number, 0 or more, from a query string, a form field or JSON; otherwise undefined. */
export function countParam(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

export const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** GOV.UK radio items for a coding's valence, neutral unless another is chosen. */
export const valenceItems = (selected: unknown) =>
  valences.map((v) => ({ value: v, text: v.charAt(0).toUpperCase() + v.slice(1), checked: (selected || 'neutral') === v }));
