import type { Valence } from '../service.ts';
import { codeElements, type ExportCode } from './codebook.ts';
import { roleCategoryVariable, selectionDescription, sourceKindVariable } from './conventions.ts';
import { derivedGuid } from './guids.ts';
import { buildXml, xmlAttribute, xmlText } from './xml.ts';

/**
 * Builds project.qde and the text files of a .qdpx from an evaluation's qualitative data, without
 * I/O. Every row keeps its uuid as its GUID; each coding becomes a PlainTextSelection of its own
 * (positions in code points, end exclusive, as Formative stores them) holding one Coding.
 */

export interface ExportUser { id: string; name: string; email: string }
export interface ExportParticipant { id: string; label: string; roleCategory: string; attributes: { name: string; value: string }[] }
export interface ExportSource { id: string; name: string; kind: string; participantId: string | null; content: string; createdAt: Date; updatedAt: Date }
export interface ExportCoding { id: string; sourceId: string; codeId: string; start: number; end: number; valence: Valence; memo: string; coderId: string | null; createdAt: Date }
export interface ExportMemo { id: string; subject: string; subjectId: string | null; title: string; body: string; authorId: string | null; createdAt: Date; updatedAt: Date }

export interface ExportProject {
  evaluationId: string;
  title: string;
  origin: string;
  exportedAt: Date;
  /** Everyone who coded or wrote a memo. */
  users: ExportUser[];
  codes: ExportCode[];
  participants: ExportParticipant[];
  sources: ExportSource[];
  codings: ExportCoding[];
  memos: ExportMemo[];
}

type Element = Record<string, unknown>;
type VariableType = 'Text' | 'Boolean' | 'Integer' | 'Float' | 'Date';
const valueElements: Record<VariableType, string> = { Text: 'TextValue', Boolean: 'BooleanValue', Integer: 'IntegerValue', Float: 'FloatValue', Date: 'DateValue' };

const isRealDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

/** The narrowest REFI-QDA type every value of an attribute fits; Text when they differ. */
function variableType(values: string[]): VariableType {
  if (!values.length) return 'Text';
  if (values.every((v) => v === 'true' || v === 'false')) return 'Boolean';
  if (values.every((v) => /^-?\d{1,15}$/.test(v))) return 'Integer';
  if (values.every((v) => /^-?\d{1,15}(\.\d+)?$/.test(v))) return 'Float';
  if (values.every(isRealDate)) return 'Date';
  return 'Text';
}

/** The selection's name: the coded text on one line, shortened; `points` is the source's text split into code points. */
function excerpt(points: string[], start: number, end: number): string {
  const text = [...points.slice(start, Math.min(end, start + 200)).join('').replace(/\s+/g, ' ').trim()];
  return text.length > 60 || end - start > 200 ? `${text.slice(0, 60).join('')}…` : text.join('');
}

function group<T>(items: T[], key: (item: T) => string | null): Map<string | null, T[]> {
  const map = new Map<string | null, T[]>();
  for (const item of items) {
    const list = map.get(key(item));
    if (list) list.push(item);
    else map.set(key(item), [item]);
  }
  return map;
}

const noteRefs = (ids: string[] | undefined) => (ids?.length ? { NoteRef: ids.map((id) => ({ '@targetGUID': id })) } : {});

export function buildProject(project: ExportProject): { xml: string; texts: { name: string; content: string }[] } {
  const userIds = new Set(project.users.map((u) => u.id));
  const byUser = (id: string | null) => (id && userIds.has(id) ? id : undefined);
  const codeIds = new Set(project.codes.map((c) => c.id));
  const sourceIds = new Set(project.sources.map((s) => s.id));
  const codingIds = new Set(project.codings.map((c) => c.id));

  // Each memo hangs where it belongs; one whose subject is gone hangs on the project.
  const memoTargets = new Map<string, string[]>();
  const projectNotes: string[] = [];
  for (const memo of project.memos) {
    const exists = memo.subjectId && ((memo.subject === 'code' && codeIds.has(memo.subjectId)) || (memo.subject === 'source' && sourceIds.has(memo.subjectId)) || (memo.subject === 'coding' && codingIds.has(memo.subjectId)));
    if (exists) memoTargets.set(memo.subjectId!, [...(memoTargets.get(memo.subjectId!) ?? []), memo.id]);
    else projectNotes.push(memo.id);
  }

  // Variables: the role category, each participant attribute, and the kind of each source.
  const attributeValues = new Map<string, string[]>();
  for (const p of project.participants) {
    for (const a of p.attributes) attributeValues.set(a.name, [...(attributeValues.get(a.name) ?? []), a.value]);
  }
  const variables = new Map<string, { guid: string; type: VariableType }>();
  for (const [name, values] of attributeValues) {
    variables.set(name, { guid: derivedGuid('variable', project.evaluationId, name), type: variableType(values.map((v) => v.trim())) });
  }
  // The role category under its own variable, renamed in the odd case an attribute has taken the name.
  const hasRoles = project.participants.some((p) => p.roleCategory.trim());
  let roleName = roleCategoryVariable;
  for (let n = 2; variables.has(roleName); n++) roleName = `${roleCategoryVariable} (${n})`;
  const roleVariable = hasRoles ? { name: roleName, guid: derivedGuid('variable', project.evaluationId, `role:${roleName}`) } : undefined;
  const kindVariable = project.sources.length ? derivedGuid('variable', project.evaluationId, `source:${sourceKindVariable}`) : undefined;
  const variableValue = (guid: string, type: VariableType, value: string): Element => ({ VariableRef: { '@targetGUID': guid }, [valueElements[type]]: xmlText(type === 'Text' ? value : value.trim()) });

  const sourcesByParticipant = group(project.sources.filter((s) => s.participantId), (s) => s.participantId);
  const codingsBySource = group(project.codings, (c) => c.sourceId);

  const users = project.users.map((u) => ({ '@guid': u.id, '@name': xmlAttribute(u.name), '@id': xmlAttribute(u.email) }));

  const cases = project.participants.map((p) => {
    const values: Element[] = [];
    if (roleVariable && p.roleCategory.trim()) values.push(variableValue(roleVariable.guid, 'Text', p.roleCategory));
    for (const a of [...p.attributes].sort((x, y) => x.name.localeCompare(y.name))) {
      const variable = variables.get(a.name)!;
      values.push(variableValue(variable.guid, variable.type, a.value));
    }
    const sources = sourcesByParticipant.get(p.id) ?? [];
    return {
      '@guid': p.id,
      '@name': xmlAttribute(p.label),
      ...(values.length ? { VariableValue: values } : {}),
      ...(sources.length ? { SourceRef: sources.map((s) => ({ '@targetGUID': s.id })) } : {}),
    };
  });

  const selection = (points: string[], coding: ExportCoding): Element => {
    const description = selectionDescription(coding.valence, coding.memo);
    const coder = byUser(coding.coderId);
    const created = coding.createdAt.toISOString();
    return {
      '@guid': derivedGuid('selection', coding.id),
      '@name': xmlAttribute(excerpt(points, coding.start, coding.end)),
      '@startPosition': String(coding.start),
      '@endPosition': String(coding.end),
      ...(coder ? { '@creatingUser': coder } : {}),
      '@creationDateTime': created,
      ...(description ? { Description: xmlText(description) } : {}),
      Coding: {
        '@guid': coding.id,
        ...(coder ? { '@creatingUser': coder } : {}),
        '@creationDateTime': created,
        CodeRef: { '@targetGUID': coding.codeId },
        ...noteRefs(memoTargets.get(coding.id)),
      },
    };
  };

  const textSources = project.sources.map((s) => {
    const codings = [...(codingsBySource.get(s.id) ?? [])].sort((a, b) => a.start - b.start || a.end - b.end);
    const points = codings.length ? Array.from(s.content) : [];
    return {
      '@guid': s.id,
      '@name': xmlAttribute(s.name),
      '@plainTextPath': `internal://${s.id}.txt`,
      '@creationDateTime': s.createdAt.toISOString(),
      '@modifiedDateTime': s.updatedAt.toISOString(),
      ...(codings.length ? { PlainTextSelection: codings.map((c) => selection(points, c)) } : {}),
      ...noteRefs(memoTargets.get(s.id)),
      ...(kindVariable ? { VariableValue: [variableValue(kindVariable, 'Text', s.kind)] } : {}),
    };
  });

  const notes = project.memos.map((m) => {
    const author = byUser(m.authorId);
    return {
      '@guid': m.id,
      ...(m.title.trim() ? { '@name': xmlAttribute(m.title) } : {}),
      ...(author ? { '@creatingUser': author } : {}),
      '@creationDateTime': m.createdAt.toISOString(),
      '@modifiedDateTime': m.updatedAt.toISOString(),
      PlainTextContent: xmlText(m.body),
    };
  });

  const variableList = [
    ...(roleVariable ? [{ '@guid': roleVariable.guid, '@name': roleVariable.name, '@typeOfVariable': 'Text', Description: "The participant's role category in Formative" }] : []),
    ...[...variables].map(([name, v]) => ({ '@guid': v.guid, '@name': xmlAttribute(name), '@typeOfVariable': v.type })),
    ...(kindVariable ? [{ '@guid': kindVariable, '@name': sourceKindVariable, '@typeOfVariable': 'Text', Description: 'The kind of source in Formative: transcript, document or note' }] : []),
  ];

  const xml = buildXml({
    Project: {
      '@xmlns': 'urn:QDA-XML:project:1.0',
      '@name': xmlAttribute(project.title),
      '@origin': project.origin,
      '@creationDateTime': project.exportedAt.toISOString(),
      ...(users.length ? { Users: { User: users } } : {}),
      ...(project.codes.length ? { CodeBook: { Codes: { Code: codeElements(project.codes, memoTargets) } } } : {}),
      ...(variableList.length ? { Variables: { Variable: variableList } } : {}),
      ...(cases.length ? { Cases: { Case: cases } } : {}),
      ...(textSources.length ? { Sources: { TextSource: textSources } } : {}),
      ...(notes.length ? { Notes: { Note: notes } } : {}),
      ...noteRefs(projectNotes),
    },
  });
  return { xml, texts: project.sources.map((s) => ({ name: `${s.id}.txt`, content: s.content })) };
}
