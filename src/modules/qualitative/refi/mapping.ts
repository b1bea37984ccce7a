import type { QdpxArchive } from './archive.ts';
import { roleCategoryVariable } from './conventions.ts';
import { planSources } from './mapping-sources.ts';
import { fitted, mapUsers, quoted, type ExistingParticipant, type ImportContext, type ImportPlan, type PlannedCode, type PlannedParticipant } from './plan.ts';
import type { RefiCase, RefiProject, RefiVariable } from './reader.ts';
import { NotImportedList, QdpxError, plural } from './report.ts';

/**
 * Maps a read REFI-QDA project onto Formative: the codebook onto codes, cases and their variables
 * onto participants and attributes, text sources, selections and codings onto sources and codings,
 * notes onto memos. Whatever has no place in Formative is listed in the report by name.
 */

const defaultColour = '#1d70b8';
const variableTypes = new Set(['Text', 'Boolean', 'Integer', 'Float', 'Date', 'DateTime']);

function colourOf(value: string | undefined, codeName: string, report: NotImportedList): string {
  if (value === undefined || !value.trim()) return defaultColour;
  const match = /^#([0-9a-f]{6}|[0-9a-f]{3})$/i.exec(value.trim());
  if (!match) {
    report.add('code colour', codeName, `"${value}" is not a colour like #RRGGBB, so the code has Formative's default colour`);
    return defaultColour;
  }
  const hex = match[1]!.toLowerCase();
  return `#${hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex}`;
}

function checkUnique(guids: string[], element: string, where: string): void {
  const seen = new Set<string>();
  for (const guid of guids) {
    if (seen.has(guid)) throw new QdpxError(`${where}: two ${element} elements have the GUID ${guid}; each must have its own, so the file cannot be read reliably and nothing was imported`);
    seen.add(guid);
  }
}

function planCodes(project: RefiProject, report: NotImportedList): PlannedCode[] {
  return project.codes.map((code, i) => {
    let name = code.name.trim();
    if (!name) {
      name = `Unnamed code ${i + 1}`;
      report.add('code name', code.guid, `the code has no name in the file, so it was named "${name}"`);
    }
    name = fitted(name, 200, report, 'code name', name);
    return {
      guid: code.guid,
      parentGuid: code.parentGuid,
      name,
      description: fitted(code.description.trim(), 5000, report, 'code description', name),
      colour: colourOf(code.colour, name, report),
      noteRefs: code.noteRefs,
    };
  });
}

/** Participant attribute values as text; booleans written 1/0 become true/false. */
function valueText(element: string, value: string): string {
  if (element === 'TextValue') return value;
  const trimmed = value.trim();
  if (element === 'BooleanValue') return trimmed === '1' ? 'true' : trimmed === '0' ? 'false' : trimmed;
  return trimmed;
}

function planCase(
  item: RefiCase,
  label: string,
  variables: Map<string, RefiVariable>,
  existing: ExistingParticipant | undefined,
  codeNames: Map<string, string>,
  report: NotImportedList,
): PlannedParticipant {
  let roleCategory = '';
  const attributes = new Map<string, string>();
  for (const value of item.values) {
    const variable = variables.get(value.variableGuid);
    if (!variable) {
      report.add('variable value', label, `it refers to variable ${value.variableGuid || '(none)'}, which the file does not define`);
      continue;
    }
    if (!variableTypes.has(variable.type) || !value.element) continue;
    const name = variable.name.trim() || `Variable ${variable.guid.slice(0, 8)}`;
    const text = valueText(value.element, value.value);
    if (name.toLowerCase() === roleCategoryVariable.toLowerCase()) roleCategory = text.trim();
    else if (attributes.has(name)) report.add('variable value', `${label}: ${name}`, `the case has more than one value for "${name}"; the first (${quoted(attributes.get(name)!)}) was kept and ${quoted(text)} left out`);
    else attributes.set(name, text);
  }
  if (item.description.trim()) report.add('case description', label, `Formative participants have no description; it read ${quoted(item.description)}`);
  for (const codeGuid of item.codeRefs) {
    report.add('case code', label, `the case is coded with "${codeNames.get(codeGuid) ?? codeGuid}"; Formative codes texts, not participants`);
  }
  if (item.selectionRefs.length) {
    report.add('case selections', label, `the case includes ${plural(item.selectionRefs.length, 'selection')}; Formative links a participant to whole sources, so only its sources were linked`);
  }
  if (existing) {
    if (roleCategory && roleCategory !== existing.roleCategory) {
      report.add('variable value', `${label}: ${roleCategoryVariable}`, `the participant already exists with role category "${existing.roleCategory}", which was kept rather than "${roleCategory}"`);
    }
    for (const [name, value] of attributes) {
      const current = existing.attributes.get(name);
      if (current !== undefined && current !== value) {
        report.add('variable value', `${label}: ${name}`, `the participant already has ${quoted(current)} for "${name}", which was kept rather than ${quoted(value)}`);
        attributes.delete(name);
      } else if (current !== undefined) attributes.delete(name);
    }
  }
  return {
    guid: item.guid,
    label,
    roleCategory: existing ? existing.roleCategory : fitted(roleCategory, 200, report, 'role category', label),
    attributes: [...attributes].map(([name, value]) => ({ name, value })),
    existingId: existing?.id ?? null,
  };
}

function planCases(project: RefiProject, context: ImportContext, report: NotImportedList): PlannedParticipant[] {
  const variables = new Map(project.variables.map((v) => [v.guid, v]));
  for (const variable of project.variables) {
    if (!variableTypes.has(variable.type)) {
      report.add('variable', variable.name || variable.guid, `its type "${variable.type}" is not one of REFI-QDA's (Text, Boolean, Integer, Float, Date, DateTime), so its values were not imported`);
    }
  }
  const existing = new Map(context.participants.map((p) => [p.label.toLowerCase(), p]));
  const codeNames = new Map(project.codes.map((c) => [c.guid, c.name]));
  const labels = new Set<string>();
  return project.cases.map((item, i) => {
    const base = item.name.trim() || `Case ${i + 1}`;
    let label = base;
    for (let n = 2; labels.has(label.toLowerCase()); n++) label = `${base} (${n})`;
    if (label !== base) report.add('case name', base, `another case in the file has the same name, so this one became participant "${label}"`);
    labels.add(label.toLowerCase());
    return planCase(item, label, variables, existing.get(label.toLowerCase()), codeNames, report);
  });
}

function reportUnsupported(project: RefiProject, report: NotImportedList): void {
  for (const link of project.links) report.add('link', link.name || link.guid, 'Formative has no links between codes, sources, selections and notes');
  for (const set of project.sets) report.add('set', set.name || set.guid, 'Formative has no sets of codes or sources; its members were imported on their own');
  for (const graph of project.graphs) report.add('graph', graph.name || graph.guid, 'Formative does not keep diagrams');
  for (const element of project.unknownElements) report.add('element', element, 'it is not part of the REFI-QDA 1.0 project format');
}

/** Plans the whole import, reading each source's text from the archive; throws QdpxError for a file that cannot be imported. */
export async function planImport(project: RefiProject, archive: QdpxArchive, context: ImportContext): Promise<ImportPlan> {
  const report = new NotImportedList();
  const where = `project.qde in ${archive.filename}`;
  checkUnique(project.codes.map((c) => c.guid), 'Code', where);
  checkUnique(project.cases.map((c) => c.guid), 'Case', where);
  checkUnique([...project.textSources, ...project.otherSources].map((s) => s.guid), 'source', where);
  checkUnique(project.notes.map((n) => n.guid), 'Note', where);
  const users = mapUsers(project.users, context.members);
  const codes = planCodes(project, report);
  const participants = planCases(project, context, report);
  const { sources, codings, memos } = await planSources(project, archive, { users, codes, report });
  reportUnsupported(project, report);
  for (const user of users.values()) {
    if (!user.memberId && user.codings) {
      report.add('user', user.name, `no member of this evaluation has this name or e-mail address, so ${plural(user.codings, 'coding was', 'codings were')} imported without a coder, each with "Coded by ${user.name}" in its memo; add them to the team before importing to keep their codings apart`);
    }
  }
  return { codes, participants, sources, codings, memos, coders: [...users.values()].filter((u) => u.codings), notImported: report };
}
