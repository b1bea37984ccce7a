import { z } from 'zod';
import { parse as parseYaml, YAMLParseError } from 'yaml';

/**
 * The framework codebook file format (docs/frameworks.md): a framework's components (or domains),
 * their constructs and, where the framework has them, sub-constructs. Every id is stable: codes
 * loaded from a framework remember `framework-id/element-id`, so renaming an id would orphan them.
 */

const elementId = z
  .string({ error: 'must be an id' })
  .regex(/^[a-z][a-z0-9-]{0,59}$/, 'must be 1 to 60 lowercase letters, digits or hyphens, starting with a letter');
const frameworkId = z
  .string({ error: 'must be an id' })
  .regex(/^[a-z][a-z0-9-]{1,39}$/, 'must be 2 to 40 lowercase letters, digits or hyphens, starting with a letter');
const text = (max: number) =>
  z.string({ error: 'must be text' }).trim().min(1, 'must not be empty').max(max, `must be ${max} characters or fewer`);
/** Definitions are short summaries in our own words: one or two sentences. */
const definition = text(400).refine((d) => (d.match(/[.!?](\s|$)/g) ?? []).length <= 2, 'must be one or two sentences');
const colour = z.string().regex(/^#[0-9a-f]{6}$/, 'must be a colour like #1d70b8 (lowercase)');

const subconstructSchema = z.strictObject({ id: elementId, name: text(120), definition });

const constructSchema = z.strictObject({
  id: elementId,
  name: text(120),
  definition,
  /** A heading the construct sits under inside its component, like CFIR's "Roles". */
  group: text(60).optional(),
  subconstructs: z.array(subconstructSchema).default([]),
});

const componentSchema = z.strictObject({
  id: elementId,
  name: text(120),
  definition,
  colour: colour.default('#1d70b8'),
  constructs: z.array(constructSchema).min(1, 'must list at least one construct'),
});

export const frameworkFileSchema = z.strictObject({
  id: frameworkId,
  name: text(200),
  shortName: text(60),
  version: text(40),
  citation: text(1000),
  /** What the framework calls its top level: Greenhalgh's "components", CFIR's "domains". */
  componentTerm: z.enum(['component', 'domain']).default('component'),
  notes: text(2000).optional(),
  components: z.array(componentSchema).min(1, 'must list at least one component'),
});

export type Framework = z.output<typeof frameworkFileSchema>;
export type FrameworkComponent = Framework['components'][number];
export type FrameworkConstruct = FrameworkComponent['constructs'][number];

/** Every problem found in one framework file, each naming where it is. */
export class FrameworkDefinitionError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source}: ${problems.join('; ')}`);
  }
}

/** "components[3] (system-readiness).constructs[0] (tension-for-change).name" from a zod path. */
function describePath(data: unknown, path: readonly PropertyKey[]): string {
  let out = '';
  let node: unknown = data;
  for (const key of path) {
    if (typeof key === 'number') {
      out += `[${key}]`;
      node = Array.isArray(node) ? node[key] : undefined;
      const nodeId = node && typeof node === 'object' ? (node as { id?: unknown }).id : undefined;
      if (typeof nodeId === 'string') out += ` (${nodeId})`;
    } else {
      out += (out ? '.' : '') + String(key);
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[String(key)] : undefined;
    }
  }
  return out || 'the file';
}

/** One entry per element, top-down: what a codebook gets when the framework is loaded. */
export interface FrameworkElement {
  /** The element's id, unique in the framework. */
  id: string;
  /** `framework-id/element-id`, stored on the code as its framework reference. */
  ref: string;
  /** The ref of the element it sits under; null for a component. */
  parentRef: string | null;
  level: 'component' | 'construct' | 'subconstruct';
  name: string;
  definition: string;
  colour: string;
  group: string | null;
}

/** The framework's elements in reading order: each component, then its constructs and their sub-constructs. */
export function frameworkElements(framework: Framework): FrameworkElement[] {
  const ref = (id: string) => `${framework.id}/${id}`;
  const out: FrameworkElement[] = [];
  for (const component of framework.components) {
    out.push({ id: component.id, ref: ref(component.id), parentRef: null, level: 'component', name: component.name, definition: component.definition, colour: component.colour, group: null });
    for (const construct of component.constructs) {
      out.push({ id: construct.id, ref: ref(construct.id), parentRef: ref(component.id), level: 'construct', name: construct.name, definition: construct.definition, colour: component.colour, group: construct.group ?? null });
      for (const sub of construct.subconstructs) {
        out.push({ id: sub.id, ref: ref(sub.id), parentRef: ref(construct.id), level: 'subconstruct', name: sub.name, definition: sub.definition, colour: component.colour, group: null });
      }
    }
  }
  return out;
}

/** Validates parsed file content: its shape, then that no id is used twice. */
export function parseFramework(data: unknown, source: string): Framework {
  const shape = frameworkFileSchema.safeParse(data);
  if (!shape.success) {
    throw new FrameworkDefinitionError(source, shape.error.issues.map((issue) => `${describePath(data, issue.path)}: ${issue.message}`));
  }
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const element of frameworkElements(shape.data)) {
    const earlier = seen.get(element.id);
    if (earlier) problems.push(`id "${element.id}" is used by both ${earlier} and ${element.level} "${element.name}"`);
    else seen.set(element.id, `${element.level} "${element.name}"`);
  }
  if (problems.length) throw new FrameworkDefinitionError(source, problems);
  return shape.data;
}

/** Reads a framework file written in YAML. */
export function parseFrameworkText(content: string, source: string): Framework {
  let data: unknown;
  try {
    data = parseYaml(content, { uniqueKeys: true, prettyErrors: true });
  } catch (error) {
    if (error instanceof YAMLParseError) throw new FrameworkDefinitionError(source, [`not valid YAML: ${error.message.split('\n')[0]}`]);
    throw error;
  }
  return parseFramework(data, source);
}
