import type { FileInstrument } from './definition.ts';
import { answerOptions, defaultAgreementLabels, formatTypeName, isOrdinal, isScorable, type ResponseFormat } from './response-formats.ts';

/**
 * Rules that relate one part of an instrument file to another. Each returns sentences naming the
 * part at fault, so an author can fix every problem in one pass.
 */

type Scale = FileInstrument['scales'][number];

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const value of values) (seen.has(value) ? repeated : seen).add(value);
  return [...repeated];
}

function checkIds(file: FileInstrument): string[] {
  const ids = [...file.items.map((i) => i.id), ...file.scales.map((s) => s.id), ...file.derived.map((d) => d.id)];
  return duplicates(ids).map((dup) => `id "${dup}" is used more than once (items, scales and derived scores share one set of ids)`);
}

function checkFormat(name: string, format: ResponseFormat): string[] {
  const problems: string[] = [];
  const where = `response format "${name}"`;
  if (format.type === 'likert' && format.labels.length !== format.points) {
    problems.push(`${where}: has ${format.points} points but ${format.labels.length} labels`);
  }
  if (format.type === 'agreement') {
    if (format.labels && format.labels.length !== format.points) problems.push(`${where}: has ${format.points} points but ${format.labels.length} labels`);
    if (!format.labels && !defaultAgreementLabels(format.points)) problems.push(`${where}: give labels for a ${format.points}-point agreement scale`);
  }
  if (format.type === 'number' && format.min > format.max) problems.push(`${where}: min ${format.min} is more than max ${format.max}`);
  if (format.type === 'date' && format.earliest && format.latest && format.earliest > format.latest) {
    problems.push(`${where}: earliest ${format.earliest} is after latest ${format.latest}`);
  }
  if (format.type === 'single-choice' || format.type === 'multiple-choice') {
    for (const dup of duplicates(format.options.map((o) => String(o.value)))) problems.push(`${where}: option value ${dup} is used more than once`);
    for (const dup of duplicates(format.options.map((o) => o.label.toLowerCase()))) problems.push(`${where}: option label "${dup}" is used more than once`);
    if (format.type === 'multiple-choice' && format.maxChoices && format.maxChoices > format.options.length) {
      problems.push(`${where}: maxChoices ${format.maxChoices} is more than the ${format.options.length} options`);
    }
  }
  for (const dup of duplicates(format.missing.map((m) => String(m.value)))) problems.push(`${where}: missing value ${dup} is used more than once`);
  const answers = new Set(answerOptions(format).map((o) => o.value));
  for (const m of format.missing) {
    const inRange = format.type === 'number' && m.value >= format.min && m.value <= format.max;
    if (answers.has(m.value) || inRange) problems.push(`${where}: missing value ${m.value} ("${m.label}") is also a real answer; give it a code outside the answers`);
  }
  return problems;
}

function checkItems(file: FileInstrument): string[] {
  const problems: string[] = [];
  for (const item of file.items) {
    const format = file.responseFormats[item.format];
    const where = `item "${item.id}"`;
    if (!format) {
      problems.push(`${where}: format "${item.format}" is not defined in responseFormats`);
      continue;
    }
    if (item.reverse && !isOrdinal(format)) {
      problems.push(`${where}: is reverse-keyed but its format "${item.format}" (${formatTypeName(format.type)}) has no order to reverse`);
    }
    if (item.reverse !== undefined && file.licence.scoringKey === 'user-supplied') {
      problems.push(`${where}: sets reverse, but licence.scoringKey is user-supplied: keying comes from the team's licensed scoring key`);
    }
    if (file.licence.wording === 'included' && !item.text) problems.push(`${where}: has no text, but licence.wording is included`);
    if (file.licence.wording === 'user-supplied' && item.text) {
      problems.push(`${where}: has text, but licence.wording is user-supplied: published wording is never shipped, teams load it from their licensed copy`);
    }
  }
  return problems;
}

/** Scale ids in a chain of subscales that leads back to where it started, or undefined. */
function findCycle(start: string, byId: Map<string, Scale>): string[] | undefined {
  const walk = (id: string, trail: string[]): string[] | undefined => {
    if (trail.includes(id)) return [...trail, id];
    for (const next of byId.get(id)?.subscales ?? []) {
      const found = walk(next, [...trail, id]);
      if (found) return found;
    }
    return undefined;
  };
  const cycle = walk(start, []);
  return cycle && cycle[0] === start ? cycle : undefined;
}

function checkScaleScoring(scale: Scale, where: string): string[] {
  const problems: string[] = [];
  const parts = scale.items?.length ?? scale.subscales?.length ?? 0;
  const noun = scale.items ? 'items' : 'subscales';
  const { method, minAnswered, prorate } = scale.scoring;
  if (minAnswered !== undefined && minAnswered > parts) problems.push(`${where}: minAnswered is ${minAnswered} but the scale has only ${parts} ${noun}`);
  if (method === 'mean' && prorate) problems.push(`${where}: prorate applies to sums only (a mean already allows for unanswered items)`);
  if (method === 'sum' && !prorate && minAnswered !== undefined && minAnswered < parts) {
    problems.push(`${where}: a sum over fewer than all ${parts} ${noun} is not comparable between people; set prorate: true or require all ${noun}`);
  }
  return problems;
}

function checkScales(file: FileInstrument): string[] {
  const problems: string[] = [];
  const items = new Map(file.items.map((i) => [i.id, i]));
  const scales = new Map(file.scales.map((s) => [s.id, s]));
  const reported = new Set<string>();
  for (const scale of file.scales) {
    const where = `scale "${scale.id}"`;
    if (!scale.items === !scale.subscales) {
      problems.push(`${where}: give either items or subscales, not ${scale.items ? 'both' : 'neither'}`);
      continue;
    }
    for (const member of scale.items ?? []) {
      const item = items.get(member.item);
      const format = item && file.responseFormats[item.format];
      if (!item) problems.push(`${where}: item "${member.item}" does not exist`);
      else if (format && !isScorable(format)) problems.push(`${where}: item "${member.item}" is ${formatTypeName(format.type)}, which cannot be scored`);
    }
    for (const dup of duplicates((scale.items ?? []).map((m) => m.item))) problems.push(`${where}: item "${dup}" is listed more than once`);
    for (const sub of scale.subscales ?? []) {
      if (!scales.has(sub)) problems.push(`${where}: subscale "${sub}" is not a scale in this file`);
    }
    for (const dup of duplicates(scale.subscales ?? [])) problems.push(`${where}: subscale "${dup}" is listed more than once`);
    const cycle = findCycle(scale.id, scales);
    if (cycle && !reported.has(scale.id)) {
      cycle.forEach((id) => reported.add(id));
      problems.push(`${where}: subscales lead back to itself (${cycle.join(' → ')})`);
    }
    problems.push(...checkScaleScoring(scale, where));
  }
  return problems;
}

function checkDerived(file: FileInstrument): string[] {
  const problems: string[] = [];
  const scales = new Set(file.scales.map((s) => s.id));
  for (const derived of file.derived) {
    const where = `derived score "${derived.id}"`;
    const refs =
      derived.kind === 'ratio' ? [derived.numerator, derived.denominator] : derived.kind === 'difference' ? [derived.from, derived.minus] : [derived.first.scale, derived.second.scale];
    for (const ref of refs) if (!scales.has(ref)) problems.push(`${where}: refers to "${ref}", which is not a scale in this file`);
    if (refs[0] === refs[1]) problems.push(`${where}: uses scale "${refs[0]}" twice; it needs two different scales`);
    if (derived.kind === 'quadrant') {
      const combos = derived.quadrants.map((q) => q.when.join('/'));
      for (const combo of ['high/high', 'high/low', 'low/high', 'low/low']) {
        if (!combos.includes(combo)) problems.push(`${where}: no quadrant for ${combo} (${derived.first.scale} ${combo.split('/')[0]}, ${derived.second.scale} ${combo.split('/')[1]})`);
      }
      for (const dup of duplicates(derived.quadrants.map((q) => q.code))) problems.push(`${where}: quadrant code "${dup}" is used more than once`);
    }
  }
  return problems;
}

function checkNorms(file: FileInstrument): string[] {
  const scored = new Set([...file.scales.map((s) => s.id), ...file.derived.filter((d) => d.kind !== 'quadrant').map((d) => d.id)]);
  return file.norms.filter((n) => !scored.has(n.scale)).map((n) => `norm for "${n.scale}": no scale or numeric derived score has that id`);
}

/** Every cross-reference problem in a file whose shape is already valid; empty when it is sound. */
export function crossCheck(file: FileInstrument): string[] {
  return [
    ...checkIds(file),
    ...Object.entries(file.responseFormats).flatMap(([name, format]) => checkFormat(name, format)),
    ...checkItems(file),
    ...checkScales(file),
    ...checkDerived(file),
    ...checkNorms(file),
  ];
}
