import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { frameworkElements, parseFrameworkText, FrameworkDefinitionError, type Framework } from './framework.ts';
import { getFramework, listFrameworks, readFrameworkFolder } from './frameworks.ts';

const count = (f: Framework, level: string) => frameworkElements(f).filter((e) => e.level === level).length;
const names = (f: Framework, component: string) => f.components.find((c) => c.id === component)?.constructs.map((c) => c.name);

describe('the shipped framework codebooks', () => {
  it('are both valid, named after their files, and cite their source', () => {
    expect(listFrameworks().map((f) => f.id)).toEqual(['cfir-2', 'greenhalgh-2004']);
    expect(getFramework('greenhalgh-2004')?.citation).toMatch(/^Greenhalgh T, Robert G, Macfarlane F, Bate P, Kyriakidou O\..*Milbank Quarterly 2004;82\(4\)/);
    expect(getFramework('cfir-2')?.citation).toMatch(/^Damschroder LJ, Reardon CM, Widerquist MAO, Lowery J\..*Implementation Science 2022;17:75/);
    expect(getFramework('no-such-framework')).toBeUndefined();
  });

  it('hold all nine components of Greenhalgh et al. 2004, with their constructs', () => {
    const g = getFramework('greenhalgh-2004')!;
    expect(g.components.map((c) => c.id)).toEqual([
      'innovation', 'adopter', 'communication-and-influence', 'system-antecedents', 'system-readiness',
      'outer-context', 'implementation-process', 'linkage', 'consequences',
    ]);
    expect([count(g, 'component'), count(g, 'construct'), count(g, 'subconstruct')]).toEqual([9, 57, 10]);
    expect(names(g, 'system-readiness')).toEqual([
      'Tension for change', 'Innovation-system fit', 'Assessment of implications', 'Support and advocacy',
      'Dedicated time and resources', 'Capacity to evaluate the innovation',
    ]);
    expect(names(g, 'system-antecedents')).toEqual(['Structure', 'Absorptive capacity for new knowledge', 'Receptive context for change']);
    expect(names(g, 'innovation')).toEqual(expect.arrayContaining(['Relative advantage', 'Compatibility', 'Complexity', 'Trialability', 'Observability', 'Reinvention']));
  });

  it('hold the five domains of CFIR 2.0 with their 48 constructs and 19 sub-constructs', () => {
    const c = getFramework('cfir-2')!;
    expect(c.components.map((d) => d.name)).toEqual(['Innovation', 'Outer setting', 'Inner setting', 'Individuals', 'Implementation process']);
    expect(c.components.map((d) => d.constructs.length)).toEqual([8, 7, 11, 13, 9]);
    expect([count(c, 'component'), count(c, 'construct'), count(c, 'subconstruct')]).toEqual([5, 48, 19]);
    const culture = c.components[2]!.constructs.find((k) => k.id === 'culture')!;
    expect(culture.subconstructs.map((s) => s.name)).toEqual(['Human equality-centeredness', 'Recipient-centeredness', 'Deliverer-centeredness', 'Learning-centeredness']);
    const individuals = c.components[3]!.constructs;
    expect(individuals.filter((k) => k.group === 'Roles')).toHaveLength(9);
    expect(individuals.filter((k) => k.group === 'Characteristics').map((k) => k.name)).toEqual(['Need', 'Capability', 'Opportunity', 'Motivation']);
  });

  it('give every element a short definition and a reference unique within its framework', () => {
    for (const f of listFrameworks()) {
      const elements = frameworkElements(f);
      expect(new Set(elements.map((e) => e.ref)).size).toBe(elements.length);
      for (const e of elements) {
        expect(e.ref).toMatch(new RegExp(`^${f.id}/[a-z][a-z0-9-]*$`));
        expect(e.definition.length, e.ref).toBeLessThanOrEqual(400);
        expect(e.colour).toMatch(/^#[0-9a-f]{6}$/);
      }
    }
  });
});

describe('framework file checks', () => {
  const minimal = (extra = '') => `id: tiny
name: Tiny framework
shortName: Tiny
version: "1"
citation: Someone (2020).
components:
  - id: part
    name: Part
    definition: A part.
    constructs:
      - id: piece
        name: Piece
        definition: A piece of the part.${extra}
`;

  it('reads a minimal file and fills in defaults', () => {
    const f = parseFrameworkText(minimal(), 'tiny.yaml');
    expect(f.componentTerm).toBe('component');
    expect(f.components[0]!.colour).toBe('#1d70b8');
    expect(frameworkElements(f).map((e) => e.ref)).toEqual(['tiny/part', 'tiny/piece']);
  });

  it('names the place of every problem', () => {
    const long = minimal(' It has a second sentence. And a third one.');
    expect(() => parseFrameworkText(long, 'tiny.yaml')).toThrow('tiny.yaml: components[0] (part).constructs[0] (piece).definition: must be one or two sentences');
    const twice = minimal().replace('id: piece', 'id: part');
    expect(() => parseFrameworkText(twice, 'tiny.yaml')).toThrow('id "part" is used by both component "Part" and construct "Piece"');
    expect(() => parseFrameworkText(minimal().replace('name: Piece', 'nmae: Piece'), 'tiny.yaml')).toThrow(FrameworkDefinitionError);
    expect(() => parseFrameworkText('id: [unclosed', 'broken.yaml')).toThrow('broken.yaml: not valid YAML');
  });

  it('refuses a file whose id is not its name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'frameworks-'));
    writeFileSync(join(dir, 'other.yaml'), minimal());
    expect(() => readFrameworkFolder(dir)).toThrow('other.yaml: id "tiny" must match the file name ("other")');
  });
});
