import type { ReportModel } from './model.ts';

/** A small report model written by hand, for the renderer tests (no database needed). */
export function sampleModel(): ReportModel {
  return {
    modelVersion: 1,
    title: 'Second interim report',
    template: 'interim',
    templateLabel: 'Interim report',
    evaluation: { title: 'Evaluation of the merged body', organisation: 'The Agency', commissioner: 'The funder' },
    dataDate: '2007-02-01',
    dueOn: '2007-03-31',
    threshold: 5,
    sections: [
      { key: 'executive-summary', title: 'Executive summary', narrative: 'First paragraph <b>not bold</b>.\n\nSecond paragraph.', blocks: [] },
      {
        key: 'findings',
        title: 'Findings',
        narrative: '',
        blocks: [
          { kind: 'heading', text: 'Tension for change' },
          { kind: 'paragraph', text: 'Finding 1: staff feel the need for change.' },
          { kind: 'quote', text: 'We had to change, everyone knew it', attribution: 'Senior Manager' },
          { kind: 'list', items: ['Staff survey 2006: change climate'] },
        ],
      },
      {
        key: 'survey-results',
        title: 'Survey results',
        narrative: '',
        blocks: [
          { kind: 'table', caption: 'Change climate by programme', columns: ['Group', 'n', 'Mean'], rows: [['Everyone', '40', '3.10'], ['Mental health', '14', '3.40'], ['Line one\nline two', '12', '2.90']], groupSizes: [40, 14, 12] },
          {
            kind: 'chart',
            caption: 'Change climate: mean score by programme',
            summary: 'Mental health highest (3.40).',
            svg: '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="20"><rect width="50" height="20" fill="#1d70b8"/></svg>',
            table: { kind: 'table', caption: 'Data of the chart', columns: ['Group', 'n', 'Mean'], rows: [['Mental health', '14', '3.4']], groupSizes: [14] },
          },
        ],
      },
    ],
  };
}
