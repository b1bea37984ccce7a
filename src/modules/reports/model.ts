/**
 * The report model: the whole report as plain JSON, assembled from the evaluation and rendered
 * to HTML, Word and PDF. A saved version stores it, so every format can be rebuilt from the same
 * data however the evaluation has changed since.
 */

export const templates = ['interim', 'final', 'feedback'] as const;
export type Template = (typeof templates)[number];

export const templateLabels: Record<Template, string> = {
  interim: 'Interim report',
  final: 'Final report',
  feedback: 'Feedback to the organisation',
};

export const sectionKeys = [
  'executive-summary',
  'aims-questions',
  'methods',
  'findings',
  'factors',
  'survey-results',
  'recommendations',
  'references',
  'appendix-progress',
  'appendix-glossary',
  'appendix-documents',
  'appendix-interview-schedule',
  'appendix-survey-structure',
] as const;
export type SectionKey = (typeof sectionKeys)[number];

export const sectionTitles: Record<SectionKey, string> = {
  'executive-summary': 'Executive summary',
  'aims-questions': 'Aims and research questions',
  methods: 'Methods and progress',
  findings: 'Findings',
  factors: 'Factors helping and holding back the change',
  'survey-results': 'Survey results',
  recommendations: 'Recommendations',
  references: 'References',
  'appendix-progress': 'Appendix: statement of progress',
  'appendix-glossary': 'Appendix: abbreviations',
  'appendix-documents': 'Appendix: documents analysed',
  'appendix-interview-schedule': 'Appendix: interview schedule',
  'appendix-survey-structure': 'Appendix: survey structure',
};

/** Sections written wholly by the team; every other section may carry the team's words before what is generated. */
export const narrativeOnly: ReadonlySet<SectionKey> = new Set(['executive-summary']);

/** Which sections each template has, in order. */
export const templateSections: Record<Template, SectionKey[]> = {
  interim: sectionKeys.filter((k) => k !== 'references'),
  final: [...sectionKeys],
  // The organisation's own staff read this one: what was found and what to do, not how it was done.
  feedback: ['executive-summary', 'findings', 'factors', 'survey-results', 'recommendations', 'appendix-glossary'],
};

export interface TableBlock {
  kind: 'table';
  caption: string;
  columns: string[];
  rows: string[][];
  /** How many people stand behind each row that describes a group; the release check reads these. */
  groupSizes?: (number | null)[];
}

export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'quote'; text: string; attribution: string }
  | TableBlock
  | { kind: 'chart'; caption: string; summary: string; svg: string; table: TableBlock };

export interface ReportSection {
  key: SectionKey;
  title: string;
  /** The team's own words, paragraphs separated by blank lines. */
  narrative: string;
  blocks: Block[];
}

export interface ReportModel {
  /** Bumped when the shape changes, so an old version is still read the way it was written. */
  modelVersion: 1;
  title: string;
  template: Template;
  templateLabel: string;
  evaluation: { title: string; organisation: string; commissioner: string };
  /** The day the data were read (yyyy-mm-dd). */
  dataDate: string;
  dueOn: string | null;
  /** Groups smaller than this are not shown. */
  threshold: number;
  sections: ReportSection[];
}

/** Paragraphs of narrative text: split on blank lines, line breaks inside kept as spaces. */
export function paragraphs(text: string): string[] {
  return text.split(/\r?\n\s*\r?\n/).map((p) => p.replace(/\s*\r?\n\s*/g, ' ').trim()).filter(Boolean);
}

/** Tables and charts numbered in reading order, as both renderers caption them. */
export function numbered(model: ReportModel): { tables: Map<Block, number>; figures: Map<Block, number> } {
  const tables = new Map<Block, number>();
  const figures = new Map<Block, number>();
  for (const section of model.sections) {
    for (const block of section.blocks) {
      if (block.kind === 'table') tables.set(block, tables.size + 1);
      if (block.kind === 'chart') figures.set(block, figures.size + 1);
    }
  }
  return { tables, figures };
}
