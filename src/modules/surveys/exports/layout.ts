import type { Question, ResponseFormat, SurveyDefinition } from '../definition.ts';
import { variablesOf, type Variable } from '../variables.ts';

/**
 * The columns of an export and how responses to each survey version fill them. Every format
 * (CSV, XLSX, SPSS, R, codebook) is written from this one layout, so they always agree.
 *
 * Versions: the export follows the survey's current version. Responses to earlier versions are
 * included and mapped by question id; an answer carries over only when the question is coded
 * the same way in both versions (same type, and its codes still mean the same), otherwise it is
 * left empty rather than shown under a code that now means something else.
 */

export type Anonymity = 'anonymous' | 'confidential' | 'identified';

/** Facts about each response that are not answers. */
export type FixedField = 'id' | 'status' | 'purpose' | 'version' | 'participant' | 'started' | 'completed';

export interface FixedColumn {
  name: string;
  field: FixedField;
  label: string;
  kind: 'string' | 'numeric';
}

export interface VersionInput {
  id: string;
  number: number;
  definition: SurveyDefinition;
}

export interface VersionMapping {
  number: number;
  /** Names of the current variables that responses to this version can fill. */
  carried: ReadonlySet<string>;
}

export interface ExportLayout {
  fixed: FixedColumn[];
  variables: Variable[];
  currentVersion: number;
  versions: ReadonlyMap<string, VersionMapping>;
  /** Whether participant ids and timestamps may be read at all. */
  identifying: boolean;
}

const anonymousColumns: FixedColumn[] = [
  { name: 'response_id', field: 'id', label: 'Response id (random; not linked to any person)', kind: 'string' },
  { name: 'response_status', field: 'status', label: 'Whether the response is complete or partial', kind: 'string' },
  { name: 'response_purpose', field: 'purpose', label: 'Pre-test, pilot or main survey', kind: 'string' },
  { name: 'survey_version', field: 'version', label: 'Version of the questionnaire answered', kind: 'numeric' },
];

// Only surveys that promised no anonymity store who answered and when; anonymous ones never do,
// and their exports never ask for these fields.
const identifyingColumns: FixedColumn[] = [
  { name: 'participant_id', field: 'participant', label: 'Participant id (confidential)', kind: 'string' },
  { name: 'started_at', field: 'started', label: 'When the response was started (UTC)', kind: 'string' },
  { name: 'completed_at', field: 'completed', label: 'When the response was completed (UTC)', kind: 'string' },
];

/** Whether answers stored under `older` mean the same under `current`. */
export function sameCoding(current: ResponseFormat, older: ResponseFormat): boolean {
  switch (current.type) {
    case 'likert':
      return older.type === 'likert' && older.points === current.points;
    case 'single':
    case 'multiple': {
      if (older.type !== current.type) return false;
      const codes = new Set(current.options.map((o) => o.code));
      return older.options.every((o) => codes.has(o.code));
    }
    case 'scale':
      return older.type === 'scale' && older.min === current.min && older.max === current.max;
    default:
      return older.type === current.type;
  }
}

function questionsById(definition: SurveyDefinition): Map<string, Question> {
  return new Map(definition.pages.flatMap((p) => p.questions.map((q) => [q.id, q] as const)));
}

/** The current variables an older version's responses can fill. */
export function carriedVariables(current: Variable[], older: SurveyDefinition): Set<string> {
  const olderQuestions = questionsById(older);
  const carried = new Set<string>();
  for (const variable of current) {
    const before = olderQuestions.get(variable.questionId);
    if (!before || !sameCoding(variable.question.format, before.format)) continue;
    // An option the older version did not offer was never a choice, so "not chosen" would be false.
    if (variable.option !== undefined && before.format.type === 'multiple' && !before.format.options.some((o) => o.code === variable.option)) continue;
    carried.add(variable.name);
  }
  return carried;
}

/** Gives a question variable a new name when it would clash with a fixed column. */
function withUniqueNames(variables: Variable[], taken: Set<string>): Variable[] {
  return variables.map((v) => {
    let name = v.name;
    while (taken.has(name.toLowerCase())) name = `${name}_q`;
    taken.add(name.toLowerCase());
    return name === v.name ? v : { ...v, name };
  });
}

export function buildLayout(anonymity: Anonymity, current: VersionInput, older: VersionInput[]): ExportLayout {
  const identifying = anonymity !== 'anonymous';
  const fixed = identifying ? [...anonymousColumns, ...identifyingColumns] : anonymousColumns;
  const variables = withUniqueNames(variablesOf(current.definition), new Set(fixed.map((c) => c.name)));
  const versions = new Map<string, VersionMapping>([[current.id, { number: current.number, carried: new Set(variables.map((v) => v.name)) }]]);
  for (const version of older) {
    if (version.id === current.id) continue;
    versions.set(version.id, { number: version.number, carried: carriedVariables(variables, version.definition) });
  }
  return { fixed, variables, currentVersion: current.number, versions, identifying };
}

/** For each older version, the current variables its responses leave empty: for the codebook. */
export function versionGaps(layout: ExportLayout): { number: number; empty: string[] }[] {
  return [...layout.versions.values()]
    .filter((v) => v.number !== layout.currentVersion)
    .sort((a, b) => a.number - b.number)
    .map((v) => ({ number: v.number, empty: layout.variables.filter((x) => !v.carried.has(x.name)).map((x) => x.name) }));
}
