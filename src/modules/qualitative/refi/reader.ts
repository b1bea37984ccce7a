import { normaliseGuid } from './guids.ts';
import { QdpxError } from './report.ts';
import { attr, child, children, elementNames, parseXml, text, type XmlNode } from './xml.ts';

/**
 * Reads project.qde (REFI-QDA Project 1.0) into plain records, without judging what Formative can
 * hold: that is the mapping's work. GUIDs are normalised to lower case without braces, so
 * references match whichever form the writing program chose.
 */

export interface RefiUser { guid: string; name: string; id: string }
export interface RefiCode { guid: string; parentGuid: string | null; name: string; codable: boolean; colour: string | undefined; description: string; noteRefs: string[] }
export interface RefiVariable { guid: string; name: string; type: string }
export interface RefiValue { variableGuid: string; element: string; value: string }
export interface RefiCase { guid: string; name: string; description: string; codeRefs: string[]; values: RefiValue[]; sourceRefs: string[]; selectionRefs: string[] }
export interface RefiCoding { guid: string; codeGuid: string; creatingUser: string | undefined; noteRefs: string[] }
export interface RefiSelection { guid: string; name: string; start: string; end: string; creatingUser: string | undefined; description: string; codings: RefiCoding[]; noteRefs: string[] }
export interface RefiText { plainTextPath: string | undefined; richTextPath: string | undefined; plainTextContent: string | undefined }
export interface RefiTextSource extends RefiText {
  guid: string;
  name: string;
  description: string;
  selections: RefiSelection[];
  /** Codings of the whole source. */
  codings: RefiCoding[];
  noteRefs: string[];
  values: RefiValue[];
}
export interface RefiOtherSource { kind: string; guid: string; name: string; path: string | undefined; codings: number; transcripts: number }
export interface RefiNote extends RefiText { guid: string; name: string; creatingUser: string | undefined; selections: number }
export interface RefiNamed { guid: string; name: string }

export interface RefiProject {
  name: string;
  origin: string;
  description: string;
  users: RefiUser[];
  /** Codes parents first, in the codebook's order. */
  codes: RefiCode[];
  variables: RefiVariable[];
  cases: RefiCase[];
  textSources: RefiTextSource[];
  otherSources: RefiOtherSource[];
  notes: RefiNote[];
  links: RefiNamed[];
  sets: RefiNamed[];
  graphs: RefiNamed[];
  projectNoteRefs: string[];
  /** Top-level elements the 1.0 standard does not define (vendor extensions). */
  unknownElements: string[];
}

const knownTopLevel = new Set(['Users', 'CodeBook', 'Variables', 'Cases', 'Sources', 'Notes', 'Links', 'Sets', 'Graphs', 'Description', 'NoteRef']);
const valueElements = ['TextValue', 'BooleanValue', 'IntegerValue', 'FloatValue', 'DateValue', 'DateTimeValue'];

/** A GUID attribute; a missing or malformed one is an error naming the element. */
function guidOf(node: XmlNode, element: string, what: string): string {
  const raw = attr(node, 'guid');
  const guid = normaliseGuid(raw);
  if (!guid) throw new QdpxError(`${what}: a <${element}>${attr(node, 'name') ? ` named "${attr(node, 'name')}"` : ''} has ${raw ? `the GUID "${raw}", which is not a GUID` : 'no guid attribute'}`);
  return guid;
}

const refs = (node: XmlNode | undefined, element: string) =>
  children(node, element).map((r) => normaliseGuid(attr(r, 'targetGUID'))).filter((g): g is string => g !== undefined);

const userRef = (node: XmlNode, name = 'creatingUser') => normaliseGuid(attr(node, name));

function readCodes(nodes: XmlNode[], parentGuid: string | null, what: string, out: RefiCode[]): void {
  for (const node of nodes) {
    const guid = guidOf(node, 'Code', what);
    out.push({
      guid,
      parentGuid,
      name: attr(node, 'name') ?? '',
      codable: !['false', '0'].includes((attr(node, 'isCodable') ?? 'true').trim()),
      colour: attr(node, 'color'),
      description: text(child(node, 'Description')),
      noteRefs: refs(node, 'NoteRef'),
    });
    readCodes(children(node, 'Code'), guid, what, out);
  }
}

function readValues(node: XmlNode): RefiValue[] {
  return children(node, 'VariableValue').map((v) => {
    const element = valueElements.find((e) => child(v, e)) ?? '';
    return { variableGuid: refs(v, 'VariableRef')[0] ?? '', element, value: element ? text(child(v, element)) : '' };
  });
}

function readCoding(node: XmlNode, what: string): RefiCoding {
  return { guid: guidOf(node, 'Coding', what), codeGuid: refs(node, 'CodeRef')[0] ?? '', creatingUser: userRef(node), noteRefs: refs(node, 'NoteRef') };
}

function readTextFields(node: XmlNode): RefiText {
  const content = child(node, 'PlainTextContent');
  return { plainTextPath: attr(node, 'plainTextPath'), richTextPath: attr(node, 'richTextPath'), plainTextContent: content ? text(content) : undefined };
}

function readTextSource(node: XmlNode, what: string): RefiTextSource {
  return {
    guid: guidOf(node, 'TextSource', what),
    name: attr(node, 'name') ?? '',
    ...readTextFields(node),
    description: text(child(node, 'Description')),
    selections: children(node, 'PlainTextSelection').map((s) => ({
      guid: guidOf(s, 'PlainTextSelection', what),
      name: attr(s, 'name') ?? '',
      start: attr(s, 'startPosition') ?? '',
      end: attr(s, 'endPosition') ?? '',
      creatingUser: userRef(s),
      description: text(child(s, 'Description')),
      codings: children(s, 'Coding').map((c) => readCoding(c, what)),
      noteRefs: refs(s, 'NoteRef'),
    })),
    codings: children(node, 'Coding').map((c) => readCoding(c, what)),
    noteRefs: refs(node, 'NoteRef'),
    values: readValues(node),
  };
}

const selectionElements: Record<string, string> = { PictureSource: 'PictureSelection', PDFSource: 'PDFSelection', AudioSource: 'AudioSelection', VideoSource: 'VideoSelection' };

function readOtherSource(kind: string, node: XmlNode, what: string): RefiOtherSource {
  const transcripts = children(node, 'Transcript');
  const codingsIn = (n: XmlNode) => children(n, 'Coding').length;
  const codings = codingsIn(node)
    + children(node, selectionElements[kind]!).reduce((n, s) => n + codingsIn(s), 0)
    + transcripts.reduce((n, t) => n + children(t, 'TranscriptSelection').reduce((m, s) => m + codingsIn(s), 0), 0);
  return { kind, guid: guidOf(node, kind, what), name: attr(node, 'name') ?? '', path: attr(node, 'path'), codings, transcripts: transcripts.length };
}

const named = (nodes: XmlNode[], element: string, what: string): RefiNamed[] => nodes.map((n) => ({ guid: guidOf(n, element, what), name: attr(n, 'name') ?? '' }));

/** Parses project.qde; `what` names it in messages, like "project.qde in study.qdpx". */
export function readProject(xml: string, what: string): RefiProject {
  const document = parseXml(xml, what);
  const root = child(document, 'Project');
  if (!root) {
    const found = elementNames(document)[0];
    throw new QdpxError(`${what} is XML but not a REFI-QDA project: its root element is <${found ?? 'none'}>, not <Project>`);
  }
  const codes: RefiCode[] = [];
  readCodes(children(child(child(root, 'CodeBook'), 'Codes'), 'Code'), null, what, codes);
  const sources = child(root, 'Sources');
  return {
    name: attr(root, 'name') ?? '',
    origin: attr(root, 'origin') ?? '',
    description: text(child(root, 'Description')),
    users: children(child(root, 'Users'), 'User').map((u) => ({ guid: guidOf(u, 'User', what), name: attr(u, 'name') ?? '', id: attr(u, 'id') ?? '' })),
    codes,
    variables: children(child(root, 'Variables'), 'Variable').map((v) => ({ guid: guidOf(v, 'Variable', what), name: attr(v, 'name') ?? '', type: attr(v, 'typeOfVariable') ?? '' })),
    cases: children(child(root, 'Cases'), 'Case').map((c) => ({
      guid: guidOf(c, 'Case', what),
      name: attr(c, 'name') ?? '',
      description: text(child(c, 'Description')),
      codeRefs: refs(c, 'CodeRef'),
      values: readValues(c),
      sourceRefs: refs(c, 'SourceRef'),
      selectionRefs: refs(c, 'SelectionRef'),
    })),
    textSources: children(sources, 'TextSource').map((s) => readTextSource(s, what)),
    otherSources: Object.keys(selectionElements).flatMap((kind) => children(sources, kind).map((s) => readOtherSource(kind, s, what))),
    notes: children(child(root, 'Notes'), 'Note').map((n) => ({
      guid: guidOf(n, 'Note', what),
      name: attr(n, 'name') ?? '',
      creatingUser: userRef(n),
      ...readTextFields(n),
      selections: children(n, 'PlainTextSelection').length,
    })),
    links: named(children(child(root, 'Links'), 'Link'), 'Link', what),
    sets: named(children(child(root, 'Sets'), 'Set'), 'Set', what),
    graphs: named(children(child(root, 'Graphs'), 'Graph'), 'Graph', what),
    projectNoteRefs: refs(root, 'NoteRef'),
    unknownElements: elementNames(root).filter((name) => !knownTopLevel.has(name)),
  };
}
