import { versionGaps, type ExportLayout } from './layout.ts';

/** What an export holds, in words, for the top of scripts and the codebook page. */
export interface ExportDescription {
  surveyTitle: string;
  exportedAt: Date;
  partial: boolean;
  pretest: boolean;
}

function included(description: ExportDescription): string {
  const statuses = description.partial ? 'complete and partial responses' : 'complete responses only';
  const purposes = description.pretest ? 'pre-test responses included' : 'pre-test responses left out';
  return `Holds ${statuses}; ${purposes}`;
}

/** How responses to earlier versions were mapped onto the current one. */
export function versionNotes(layout: ExportLayout): string[] {
  return versionGaps(layout).map(({ number, empty }) =>
    empty.length
      ? `Responses to version ${number} leave these variables empty, because that version did not ask them or coded them differently: ${empty.join(', ')}`
      : `Responses to version ${number} fill every variable: its questions are coded as in version ${layout.currentVersion}`,
  );
}

export function exportNotes(layout: ExportLayout, description: ExportDescription): string[] {
  return [
    `Survey "${description.surveyTitle.replace(/\s+/g, ' ')}", questionnaire version ${layout.currentVersion}, exported by Formative on ${description.exportedAt.toISOString().slice(0, 10)}`,
    included(description),
    ...versionNotes(layout),
  ];
}
