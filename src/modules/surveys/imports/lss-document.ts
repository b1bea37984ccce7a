import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { decodeXML } from 'entities';
import { ImportError, importText } from './report.ts';

/**
 * Reads a LimeSurvey survey structure (.lss) into plain records: the survey, its groups, and its
 * questions with their subquestions, answer options and attributes, in the base language.
 * Both layouts are read: before LimeSurvey 4 (DBVersion below 400) texts sit in each row with a
 * language column; from 4 on they sit in separate *_l10ns tables.
 *
 * The file comes from a user, so the XML is read defensively: a size limit, no DOCTYPE (so no
 * entity declarations, internal or external), no entity expansion by the parser, and a nesting
 * limit. LimeSurvey writes every value as CDATA; the few plain text values are decoded here.
 */

export type LssRow = Record<string, string>;

export interface LssGroup {
  gid: string;
  order: number;
  name: string;
  description: string;
  relevance: string;
}

export interface LssAnswer {
  code: string;
  text: string;
  order: number;
  assessment: number;
  scale: number;
}

export interface LssSubquestion {
  code: string;
  text: string;
  order: number;
  scale: number;
  relevance: string;
}

export interface LssQuestion {
  qid: string;
  gid: string;
  type: string;
  title: string;
  text: string;
  help: string;
  mandatory: boolean;
  /** LimeSurvey 5's "soft" mandatory: the respondent is reminded once but may go on. */
  softMandatory: boolean;
  other: boolean;
  order: number;
  relevance: string;
  /** A regular expression the answer must match. */
  validation: string;
  subquestions: LssSubquestion[];
  answers: LssAnswer[];
  attributes: Map<string, string>;
}

export interface LssDocument {
  dbVersion: number;
  baseLanguage: string;
  otherLanguages: string[];
  survey: LssRow;
  texts: LssRow;
  groups: LssGroup[];
  questions: LssQuestion[];
  /** Rows of the sections the importer reports rather than converts (quotas, assessments …). */
  sections: Map<string, LssRow[]>;
}

/**
 * The oldest structure read. Earlier files (before LimeSurvey 1.92) keep their logic in the old
 * conditions format rather than relevance equations; a current LimeSurvey converts them on import,
 * so the user is told to re-export rather than given a survey without its logic.
 */
export const oldestDbVersion = 145;

const handledSections = new Set([
  'LimeSurveyDocType', 'DBVersion', 'languages', 'answers', 'answer_l10ns', 'groups', 'group_l10ns', 'questions',
  'subquestions', 'question_l10ns', 'question_attributes', 'surveys', 'surveys_languagesettings',
]);

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/** Refusals that need no parsing: not XML at all, a DOCTYPE, an entity declaration, a cut-off file. */
function checkShape(text: string): void {
  const start = text.trimStart();
  if (!start.startsWith('<')) throw new ImportError(`The file is not XML: it starts with "${start.slice(0, 30).replace(/\s+/g, ' ')}" where a LimeSurvey .lss starts with <?xml`);
  const declaration = /<!(DOCTYPE|ENTITY)/i.exec(text);
  if (declaration) {
    throw new ImportError(`The file declares a ${declaration[1]!.toUpperCase()} on line ${lineOf(text, declaration.index)}: LimeSurvey never writes one, and Formative does not read entity declarations`);
  }
  if (/<document[\s>]/.test(text) && !/<\/document>\s*$/.test(text)) {
    throw new ImportError(`The file ends on line ${lineOf(text, text.length)} before the LimeSurvey document is closed: it is incomplete (perhaps cut off while copying)`);
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new ImportError(`The file is not well-formed XML: ${valid.err.msg.replace(/\s+/g, ' ')} (line ${valid.err.line}, column ${valid.err.col})`);
  }
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  processEntities: false,
  htmlEntities: false,
  cdataPropName: '#cdata',
  maxNestedTags: 20,
  isArray: (_name, jpath) => /(^|\.)rows\.row$|^document\.languages\.language$/.test(String(jpath)),
});

type XmlValue = string | { '#cdata'?: string | string[]; '#text'?: string } | undefined;
type XmlSection = { rows?: { row?: Record<string, XmlValue>[] } | '' } | string | undefined;

/** One value as text: CDATA as written (LimeSurvey splits a "]]>" over two sections), plain text decoded. */
function valueOf(value: XmlValue): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return decodeXML(value);
  const cdata = value['#cdata'];
  return (Array.isArray(cdata) ? cdata.join('') : (cdata ?? '')) + decodeXML(value['#text'] ?? '');
}

function rowsOf(section: XmlSection): LssRow[] {
  if (!section || typeof section === 'string' || !section.rows || typeof section.rows === 'string') return [];
  return (section.rows.row ?? []).map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, valueOf(value)])));
}

const number = (value: string | undefined) => (Number.isFinite(Number(value)) ? Number(value) : 0);

/** Rows in the base language: texts in the row (before 4.0) or in a *_l10ns table keyed by `key`. */
function localised(rows: LssRow[], l10ns: LssRow[], key: string, language: string): LssRow[] {
  if (!l10ns.length) return rows.filter((r) => r.language === undefined || r.language === '' || r.language === language);
  const texts = new Map(l10ns.filter((t) => t.language === language).map((t) => [t[key], t]));
  return rows.map((row) => ({ ...texts.get(row[key]), ...row }));
}

function readGroups(root: Record<string, XmlSection>, language: string): LssGroup[] {
  return localised(rowsOf(root.groups), rowsOf(root.group_l10ns), 'gid', language)
    .map((g) => ({ gid: g.gid ?? '', order: number(g.group_order), name: g.group_name ?? '', description: g.description ?? '', relevance: g.grelevance ?? '' }))
    .sort((a, b) => a.order - b.order);
}

function readAnswers(root: Record<string, XmlSection>, language: string): Map<string, LssAnswer[]> {
  const byQuestion = new Map<string, LssAnswer[]>();
  for (const a of localised(rowsOf(root.answers), rowsOf(root.answer_l10ns), 'aid', language)) {
    const list = byQuestion.get(a.qid ?? '') ?? [];
    list.push({ code: a.code ?? '', text: a.answer ?? '', order: number(a.sortorder), assessment: number(a.assessment_value), scale: number(a.scale_id) });
    byQuestion.set(a.qid ?? '', list);
  }
  for (const list of byQuestion.values()) list.sort((a, b) => a.order - b.order);
  return byQuestion;
}

function readAttributes(root: Record<string, XmlSection>, language: string): Map<string, Map<string, string>> {
  const byQuestion = new Map<string, Map<string, string>>();
  for (const a of rowsOf(root.question_attributes)) {
    if (a.language && a.language !== language) continue;
    const map = byQuestion.get(a.qid ?? '') ?? new Map<string, string>();
    map.set(a.attribute ?? '', a.value ?? '');
    byQuestion.set(a.qid ?? '', map);
  }
  return byQuestion;
}

function readQuestions(root: Record<string, XmlSection>, language: string, groupOrder: Map<string, number>): LssQuestion[] {
  const rows = localised([...rowsOf(root.questions), ...rowsOf(root.subquestions)], rowsOf(root.question_l10ns), 'qid', language);
  const answers = readAnswers(root, language);
  const attributes = readAttributes(root, language);
  const subquestions = new Map<string, LssSubquestion[]>();
  for (const s of rows.filter((r) => number(r.parent_qid) !== 0)) {
    const list = subquestions.get(s.parent_qid ?? '') ?? [];
    list.push({ code: s.title ?? '', text: s.question ?? '', order: number(s.question_order), scale: number(s.scale_id), relevance: s.relevance ?? '' });
    subquestions.set(s.parent_qid ?? '', list);
  }
  return rows
    .filter((r) => number(r.parent_qid) === 0)
    .map((q) => ({
      qid: q.qid ?? '',
      gid: q.gid ?? '',
      type: q.type ?? '',
      title: q.title ?? '',
      text: q.question ?? '',
      help: q.help ?? '',
      mandatory: q.mandatory === 'Y',
      softMandatory: q.mandatory === 'S',
      other: q.other === 'Y',
      order: number(q.question_order),
      relevance: q.relevance ?? '',
      validation: q.preg ?? '',
      subquestions: (subquestions.get(q.qid ?? '') ?? []).sort((a, b) => a.scale - b.scale || a.order - b.order),
      answers: answers.get(q.qid ?? '') ?? [],
      attributes: attributes.get(q.qid ?? '') ?? new Map(),
    }))
    .sort((a, b) => (groupOrder.get(a.gid) ?? 0) - (groupOrder.get(b.gid) ?? 0) || a.order - b.order);
}

function parse(text: string): Record<string, unknown> {
  try {
    return parser.parse(text) as Record<string, unknown>;
  } catch (error) {
    // The parser refuses what the validator lets through, such as nesting deeper than a .lss ever goes.
    throw new ImportError(`The XML cannot be read as a LimeSurvey document: ${(error as Error).message}`);
  }
}

function rootOf(text: string): Record<string, XmlSection> {
  const parsed = parse(text);
  const root = parsed.document;
  if (!root || typeof root !== 'object') {
    const found = Object.keys(parsed).find((k) => !k.startsWith('?'));
    throw new ImportError(`The file is XML but not a LimeSurvey document: its root element is <${found ?? 'none'}>, not <document>`);
  }
  return root as Record<string, XmlSection>;
}

function checkVersion(root: Record<string, XmlSection>): number {
  const docType = valueOf(root.LimeSurveyDocType as XmlValue);
  if (docType !== 'Survey') {
    throw new ImportError(docType
      ? `The file is a LimeSurvey "${docType}" export, not a survey structure: export the whole survey as a .lss file`
      : 'The file is XML but not a LimeSurvey survey structure: it has no <LimeSurveyDocType>Survey</LimeSurveyDocType>');
  }
  const dbVersion = Number(valueOf(root.DBVersion as XmlValue));
  if (!Number.isInteger(dbVersion)) throw new ImportError('The LimeSurvey file has no DBVersion, so its layout cannot be known');
  if (dbVersion < oldestDbVersion) {
    throw new ImportError(`The LimeSurvey file has DBVersion ${dbVersion}, from before LimeSurvey 1.92 (DBVersion ${oldestDbVersion}); open it in a current LimeSurvey and export the structure again`);
  }
  return dbVersion;
}

export function readLssDocument(content: string | Buffer): LssDocument {
  const text = importText(content, 'a LimeSurvey survey structure (.lss)', ' (a LimeSurvey .lsa archive holds the .lss inside: export the survey structure as .lss instead)');
  checkShape(text);
  const root = rootOf(text);
  const dbVersion = checkVersion(root);
  const survey = rowsOf(root.surveys)[0];
  if (!survey) throw new ImportError('The LimeSurvey file has no <surveys> row: it holds no survey');
  const baseLanguage = survey.language ?? '';
  const languages = (root.languages as { language?: XmlValue[] } | undefined)?.language?.map(valueOf) ?? [baseLanguage];
  const otherLanguages = [...new Set([...languages, ...(survey.additional_languages ?? '').split(/\s+/)])].filter((l) => l && l !== baseLanguage);
  const texts = rowsOf(root.surveys_languagesettings).find((r) => r.surveyls_language === baseLanguage) ?? {};
  const groups = readGroups(root, baseLanguage);
  const groupOrder = new Map(groups.map((g, i) => [g.gid, i]));
  const sections = new Map<string, LssRow[]>();
  for (const [name, section] of Object.entries(root)) {
    if (!handledSections.has(name)) sections.set(name, rowsOf(section));
  }
  return { dbVersion, baseLanguage, otherLanguages, survey, texts, groups, questions: readQuestions(root, baseLanguage, groupOrder), sections };
}
