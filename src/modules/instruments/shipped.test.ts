import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getInstrument, listInstruments, readInstrumentFolder, shippedInstrumentsDir } from './catalogue.ts';
import { parseInstrumentText, type Instrument } from './definition.ts';

const instrument = (id: string): Instrument => {
  const found = getInstrument(id);
  if (!found) throw new Error(`${id} is not shipped`);
  return found;
};
const scale = (i: Instrument, id: string) => i.scales.find((s) => s.id === id)!;
const members = (i: Instrument, id: string) => (scale(i, id).items ?? []).map((m) => m.item);
const reversed = (i: Instrument) => i.items.filter((item) => item.reverse).map((item) => item.id);

describe('shipped instruments', () => {
  it('all validate, each in a file named after its id', () => {
    const read = readInstrumentFolder(shippedInstrumentsDir);
    expect(read.map((i) => i.id)).toEqual(['change-climate', 'job-content-questionnaire', 'nomad', 'oric', 'work-environment-scale']);
    expect(listInstruments()).toHaveLength(5);
  });

  it('ship no wording of any published instrument', () => {
    for (const i of listInstruments().filter((x) => x.id !== 'change-climate')) {
      expect(i.licence.wording, i.id).toBe('user-supplied');
      expect(i.items.filter((item) => item.text !== undefined), i.id).toEqual([]);
      expect(i.citation.length, i.id).toBeGreaterThan(40);
      expect(i.licence.terms.length, i.id).toBeGreaterThan(40);
    }
  });

  it('NoMAD: 20 construct items in four groups of 4, 4, 7 and 5, plus 3 general 0-10 items', () => {
    const nomad = instrument('nomad');
    expect(nomad.items).toHaveLength(23);
    expect(nomad.scales.map((s) => [s.id, s.items?.length])).toEqual([
      ['coherence', 4], ['cognitive_participation', 4], ['collective_action', 7], ['reflexive_monitoring', 5],
    ]);
    const general = nomad.items.filter((i) => nomad.responseFormats[i.format]!.type === 'zero-to-ten');
    expect(general.map((i) => i.id)).toEqual(['gen1', 'gen2', 'gen3']);
    const agree = nomad.responseFormats.agree5_not_relevant!;
    expect(agree).toMatchObject({ type: 'agreement', points: 5 });
    expect(agree.missing.map((m) => m.kind)).toEqual(['not-relevant', 'not-relevant', 'not-relevant']);
    expect(reversed(nomad)).toEqual(['ca2']);
  });

  it('ORIC: 12 five-point items, change commitment 5 and change efficacy 7, none reversed', () => {
    const oric = instrument('oric');
    expect(oric.items).toHaveLength(12);
    expect(members(oric, 'change_commitment')).toHaveLength(5);
    expect(members(oric, 'change_efficacy')).toHaveLength(7);
    expect(oric.responseFormats.agree5).toMatchObject({ type: 'likert', points: 5 });
    expect(reversed(oric)).toEqual([]);
  });

  it('JCQ: the published weights, reverse keys and composite scales, and the job-strain quadrant', () => {
    const jcq = instrument('job-content-questionnaire');
    expect(jcq.items).toHaveLength(22);
    const weights = (id: string) => (scale(jcq, id).items ?? []).map((m) => m.weight);
    expect(weights('skill_discretion')).toEqual([2, 2, 2, 2, 2, 2]);
    expect(weights('decision_authority')).toEqual([4, 4, 4]);
    expect(weights('psychological_demands')).toEqual([3, 3, 2, 2, 2]);
    expect(scale(jcq, 'decision_latitude').subscales).toEqual(['skill_discretion', 'decision_authority']);
    expect(scale(jcq, 'social_support').subscales).toEqual(['supervisor_support', 'coworker_support']);
    expect(reversed(jcq)).toEqual(['sd2', 'da2', 'pd3', 'pd4', 'pd5']);
    for (const s of jcq.scales) expect(s.scoring.method, s.id).toBe('sum');
    const strain = jcq.derived.find((d) => d.id === 'job_strain');
    expect(strain).toMatchObject({ kind: 'quadrant', first: { scale: 'psychological_demands' }, second: { scale: 'decision_latitude' } });
    // Skill discretion spans 12-48 on a 1-4 scale: 2 × (6 × 1) to 2 × (6 × 4).
    expect(jcq.responseFormats.agree4).toMatchObject({ type: 'agreement', points: 4 });
  });

  it('WES: 90 true/false items in ten subscales of nine, keyed by the licensed scoring key', () => {
    const wes = instrument('work-environment-scale');
    expect(wes.items).toHaveLength(90);
    expect(wes.scales.map((s) => s.id)).toEqual([
      'involvement', 'peer_cohesion', 'supervisor_support', 'autonomy', 'task_orientation',
      'work_pressure', 'clarity', 'managerial_control', 'innovation', 'physical_comfort',
    ]);
    for (const s of wes.scales) expect(s.items, s.id).toHaveLength(9);
    expect(members(wes, 'involvement')).toEqual(['q1', 'q11', 'q21', 'q31', 'q41', 'q51', 'q61', 'q71', 'q81']);
    expect(new Set(wes.scales.flatMap((s) => members(wes, s.id))).size).toBe(90);
    expect(wes.licence.scoringKey).toBe('user-supplied');
    expect(reversed(wes)).toEqual([]);
  });

  it('Change climate: a scale for every inner-context construct, some items reversed, two open questions', () => {
    const climate = instrument('change-climate');
    expect(climate.licence.wording).toBe('included');
    expect(climate.scales.map((s) => s.name)).toEqual(expect.arrayContaining([
      'Tension for change', 'Innovation-system fit', 'Assessment of implications', 'Support and advocacy',
      'Dedicated time and resources', 'Capacity to evaluate', 'Staff involvement',
    ]));
    for (const s of climate.scales) {
      expect(s.items!.length, s.id).toBeGreaterThanOrEqual(3);
      expect(s.items!.length, s.id).toBeLessThanOrEqual(4);
      expect(climate.responseFormats[climate.items.find((i) => i.id === s.items![0]!.item)!.format]).toMatchObject({ type: 'agreement', points: 5 });
    }
    expect(reversed(climate).length).toBeGreaterThanOrEqual(7);
    expect(climate.responseFormats.agree5!.missing[0]).toMatchObject({ kind: 'not-relevant' });
    const open = climate.items.filter((i) => climate.responseFormats[i.format]!.type === 'free-text');
    expect(open.map((i) => i.id)).toEqual(['helps', 'hinders']);
    for (const item of climate.items) expect(item.text, item.id).toMatch(/^[A-Z].*[.?]$/);
  });

  it('the example in docs/instruments.md is itself a valid definition', () => {
    const docs = readFileSync(new URL('../../../docs/instruments.md', import.meta.url), 'utf8');
    const example = /```yaml\n([\s\S]*?)```/.exec(docs)?.[1];
    expect(example).toBeDefined();
    const parsed = parseInstrumentText(example!, 'docs/instruments.md');
    expect(parsed.derived.map((d) => d.kind).sort()).toEqual(['difference', 'quadrant', 'ratio']);
  });
});
