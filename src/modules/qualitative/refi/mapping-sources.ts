import { randomUUID } from 'node:crypto';
import { codePointLength } from '../text-positions.ts';
import type { QdpxArchive } from './archive.ts';
import { isSourceKind, readSelectionDescription, sourceKindVariable, type SourceKind } from './conventions.ts';
import { fitted, quoted, type PlannedCode, type PlannedCoding, type PlannedMemo, type PlannedSource } from './plan.ts';
import type { RefiCoding, RefiProject, RefiSelection, RefiText, RefiTextSource } from './reader.ts';
import { QdpxError, plural, type CoderMapping, type NotImportedList } from './report.ts';
import { withoutNul } from './xml.ts';

/**
 * Text sources, their selections and codings, and notes. Positions in the file are code points
 * already, as in Formative; each is checked against its text, and one outside it stops the import
 * with a message naming the file, the source and the selection.
 */

const maxCharacters = 5_000_000;
const sourceNames: Record<string, string> = { PictureSource: 'picture source', PDFSource: 'PDF source', AudioSource: 'audio source', VideoSource: 'video source' };

interface Context { users: Map<string, CoderMapping>; codes: PlannedCode[]; report: NotImportedList }
type NoteTarget = { subject: PlannedMemo['subject']; key: string | null; describe: string };

/** A source's or note's text from its internal file or its PlainTextContent; undefined (and why) when it has none Formative can read. */
async function textOf(item: RefiText, archive: QdpxArchive): Promise<{ content: string; where: string; file?: boolean } | { missing: string }> {
  const path = item.plainTextPath?.trim();
  if (path) {
    if (/^internal:\/\//i.test(path)) {
      const entry = archive.entryFor(path);
      if (entry) return { content: await archive.readText(entry), where: entry, file: true };
      if (item.plainTextContent === undefined) return { missing: `its text file (${path}) is not in the archive` };
    } else if (item.plainTextContent === undefined) {
      return { missing: `its text is in a file outside the archive (${path}), which Formative cannot reach; export the project with its sources inside the .qdpx` };
    }
  }
  if (item.plainTextContent !== undefined) return { content: item.plainTextContent, where: 'its PlainTextContent' };
  if (item.richTextPath) return { missing: `it has only a rich-text version (${item.richTextPath}) and no plain text` };
  return { missing: 'it has no text' };
}

function position(value: string, attribute: string, describe: () => string): number {
  if (!/^\s*-?\d+\s*$/.test(value)) throw new QdpxError(`${describe()} has ${attribute} "${value}", which is not a whole number; nothing was imported`);
  return Number(value);
}

function codingCount(source: RefiTextSource): number {
  return source.codings.length + source.selections.reduce((n, s) => n + s.codings.length, 0);
}

export async function planSources(project: RefiProject, archive: QdpxArchive, { users, codes, report }: Context) {
  const sources: PlannedSource[] = [];
  const codings: PlannedCoding[] = [];
  const memos: PlannedMemo[] = [];
  const codeGuids = new Set(codes.map((c) => c.guid));
  const noteNames = new Map(project.notes.map((n) => [n.guid, n.name || n.guid]));
  const noteTargets = new Map<string, NoteTarget>();
  const attach = (noteGuid: string, target: NoteTarget) => {
    const first = noteTargets.get(noteGuid);
    if (!noteNames.has(noteGuid)) report.add('note reference', target.describe, `it refers to note ${noteGuid}, which the file does not include`);
    else if (!first) noteTargets.set(noteGuid, target);
    else report.add('note link', noteNames.get(noteGuid)!, `the note is attached to more than one item; a Formative memo belongs to one, so it was kept on ${first.describe} and not on ${target.describe}`);
  };
  for (const code of codes) for (const note of code.noteRefs) attach(note, { subject: 'code', key: code.guid, describe: `code "${code.name}"` });

  // A source belongs to the first case that names it.
  const caseOfSource = new Map<string, { guid: string; name: string }>();
  for (const item of project.cases) {
    for (const sourceGuid of item.sourceRefs) {
      const first = caseOfSource.get(sourceGuid);
      if (!first) caseOfSource.set(sourceGuid, { guid: item.guid, name: item.name });
      else report.add('case source', item.name || item.guid, `source ${sourceGuid} also belongs to case "${first.name}"; a Formative source has one participant, so it was linked to "${first.name}" only`);
    }
  }
  const kindVariables = new Set(project.variables.filter((v) => v.name.trim().toLowerCase() === sourceKindVariable.toLowerCase()).map((v) => v.guid));
  const variableNames = new Map(project.variables.map((v) => [v.guid, v.name || v.guid]));

  const coderOf = (coding: RefiCoding, selection: RefiSelection | undefined) => {
    const user = users.get(coding.creatingUser ?? selection?.creatingUser ?? '');
    if (user) user.codings += 1;
    return user;
  };

  const addCoding = (source: RefiTextSource, name: string, coding: RefiCoding, range: { start: number; end: number }, selection?: RefiSelection): string | undefined => {
    const label = selection ? `${name}: ${selection.name || selection.guid}` : name;
    if (!codeGuids.has(coding.codeGuid)) {
      report.add('coding', label, `it applies code ${coding.codeGuid || '(none)'}, which is not in the codebook`);
      return undefined;
    }
    const { valence, memo } = readSelectionDescription(selection?.description ?? '');
    const user = coderOf(coding, selection);
    const byline = user && !user.memberId ? `Coded by ${user.name}` : '';
    const id = randomUUID();
    codings.push({
      id,
      sourceGuid: source.guid,
      codeGuid: coding.codeGuid,
      ...range,
      valence,
      memo: fitted([byline, memo].filter(Boolean).join('\n\n'), 5000, report, 'selection description', label),
      coderId: user?.memberId ?? null,
    });
    for (const note of coding.noteRefs) attach(note, { subject: 'coding', key: id, describe: `a coding of "${label}"` });
    return id;
  };

  for (const [i, source] of project.textSources.entries()) {
    const name = fitted(source.name.trim() || `Source ${i + 1}`, 300, report, 'source name', source.name.trim() || source.guid);
    const text = await textOf(source, archive);
    if ('missing' in text) {
      report.add('text source', name, `${text.missing}, so the source and its ${plural(codingCount(source), 'coding')} were not imported`);
      continue;
    }
    const nuls = text.file ? text.content.split('\0').length - 1 : 0;
    if (nuls) report.add('text source', name, `its text holds ${plural(nuls, 'NUL character')}, which a database text cannot; each became U+FFFD (\uFFFD), so positions are unchanged`);
    const content = withoutNul(text.content);
    const length = codePointLength(content);
    if (length > maxCharacters) {
      report.add('text source', name, `its text has ${length} characters; Formative keeps texts of up to ${maxCharacters}, so the source and its ${plural(codingCount(source), 'coding')} were not imported`);
      continue;
    }
    let kind: SourceKind = 'document';
    for (const value of source.values) {
      const variable = variableNames.get(value.variableGuid) ?? value.variableGuid;
      if (kindVariables.has(value.variableGuid) && isSourceKind(value.value.trim())) kind = value.value.trim() as SourceKind;
      else report.add('source variable', `${name}: ${variable}`, `Formative keeps variables on participants only; the value was ${quoted(value.value)}`);
    }
    sources.push({ guid: source.guid, name, kind, content, participantGuid: caseOfSource.get(source.guid)?.guid ?? null });
    if (source.description.trim()) memos.push({ subject: 'source', subjectKey: source.guid, title: 'Description', body: source.description.trim(), authorId: null });
    for (const note of source.noteRefs) attach(note, { subject: 'source', key: source.guid, describe: `source "${name}"` });

    for (const selection of source.selections) {
      const describe = () => `In ${archive.filename}, selection "${selection.name || selection.guid}" (${selection.guid}) of source "${name}" (${text.where})`;
      const start = position(selection.start, 'startPosition', describe);
      const end = position(selection.end, 'endPosition', describe);
      if (start < 0 || end > length || end < start) {
        throw new QdpxError(`${describe()} runs from ${start} to ${end}, ${end < start ? 'ending before it starts' : `outside its text of ${length} characters`} (positions count Unicode code points from 0, end exclusive); nothing was imported`);
      }
      const label = `${name}: ${selection.name || selection.guid}`;
      if (start === end) {
        report.add('selection', label, `it is empty (it starts and ends at ${start}), so its ${plural(selection.codings.length, 'coding')} were not imported`);
        continue;
      }
      if (!selection.codings.length) {
        report.add('selection', label, `no code is applied to it; Formative keeps coded text only${selection.description.trim() ? `, so its description ${quoted(selection.description)} was not imported either` : ''}`);
        for (const note of selection.noteRefs) attach(note, { subject: 'project', key: null, describe: 'the project' });
        continue;
      }
      const ids = selection.codings.map((coding) => addCoding(source, name, coding, { start, end }, selection)).filter((id): id is string => id !== undefined);
      for (const note of selection.noteRefs) attach(note, ids[0] ? { subject: 'coding', key: ids[0], describe: `the coding of "${label}"` } : { subject: 'project', key: null, describe: 'the project' });
    }
    for (const coding of source.codings) {
      if (length) addCoding(source, name, coding, { start: 0, end: length });
      else report.add('coding', name, 'it codes the whole source, whose text is empty');
    }
  }

  for (const source of project.otherSources) {
    const kind = sourceNames[source.kind] ?? source.kind;
    const path = source.path?.trim();
    const internal = path && /^internal:\/\//i.test(path);
    const missingFile = !path ? '' : internal ? (archive.entryFor(path) ? '' : `; its file (${path}) is not in the archive either`) : `; its file is outside the archive (${path})`;
    const transcripts = source.transcripts ? `; its ${plural(source.transcripts, 'transcript was', 'transcripts were')} not imported either` : '';
    report.add(kind, source.name || source.guid, `Formative codes texts only, so the ${kind} and its ${plural(source.codings, 'coding')} were not imported${missingFile}${transcripts}`);
  }

  for (const note of project.projectNoteRefs) attach(note, { subject: 'project', key: null, describe: 'the project' });
  if (project.description.trim()) memos.push({ subject: 'project', subjectKey: null, title: 'Project description', body: project.description.trim(), authorId: null });
  for (const note of project.notes) {
    const title = note.name.trim();
    const text = await textOf(note, archive);
    if ('missing' in text) {
      report.add('note', title || note.guid, `${text.missing}, so the note was not imported`);
      continue;
    }
    if (note.selections) report.add('note selections', title || note.guid, `codings inside a note are not imported (${plural(note.selections, 'selection')}); the note's text was`);
    const target = noteTargets.get(note.guid) ?? { subject: 'project' as const, key: null };
    const author = users.get(note.creatingUser ?? '');
    memos.push({ subject: target.subject, subjectKey: target.key, title, body: withoutNul(text.content), authorId: author?.memberId ?? null });
  }
  return { sources, codings, memos };
}
