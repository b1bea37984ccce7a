import { describe, expect, it } from 'vitest';
import { parseOutline, renderOutline } from './schedule-outline.ts';

const rq = new Map([[1, 'rq-1'], [2, 'rq-2'], [3, 'rq-3']]);
const numbers = new Map([...rq].map(([n, id]) => [id, n]));

const outline = `# Your role
Start with the consent form.
Check the recorder.
1. What is your role in the programme? [Q1]
- How long have you held it?
- Who do you report to?

## The merger
2) How did the merger change your work? [Q1, Q3]
> Let them talk; do not lead.
- What helped?
3. Anything else?`;

describe('schedule outlines', () => {
  it('reads sections, guidance, questions, prompts and research question links', () => {
    const { sections, problems } = parseOutline(outline, rq);
    expect(problems).toEqual([]);
    expect(sections).toEqual([
      {
        title: 'Your role',
        guidance: 'Start with the consent form.\nCheck the recorder.',
        questions: [{ text: 'What is your role in the programme?', guidance: '', prompts: ['How long have you held it?', 'Who do you report to?'], researchQuestionIds: ['rq-1'] }],
      },
      {
        title: 'The merger',
        guidance: '',
        questions: [
          { text: 'How did the merger change your work?', guidance: 'Let them talk; do not lead.', prompts: ['What helped?'], researchQuestionIds: ['rq-1', 'rq-3'] },
          { text: 'Anything else?', guidance: '', prompts: [], researchQuestionIds: [] },
        ],
      },
    ]);
  });

  it('writes an outline that reads back to the same structure', () => {
    const { sections } = parseOutline(outline, rq);
    const written = renderOutline(sections, numbers);
    expect(parseOutline(written, rq).sections).toEqual(sections);
    expect(written).toContain('2. How did the merger change your work? [Q1, Q3]');
  });

  it.each([
    ['a question before any section', '1. Early?', 'Line 1: put a section heading'],
    ['a prompt before any question', '# S\n- orphan', 'Line 2: a prompt (a line starting with -) must follow a question'],
    ['an unknown research question', '# S\n1. Q? [Q9]', 'Line 2: the protocol has no research question Q9'],
    ['a reference that is not a number', '# S\n1. Q? [about money]', 'Line 2: "about" is not a research question number'],
    ['a stray line after a question', '# S\n1. Q?\nstray words', 'Line 3: start a question with its number'],
    ['an empty outline', '', 'Line 1: write at least one section heading'],
  ])('reports %s with its line', (_case, text, message) => {
    expect(parseOutline(text, rq).problems[0]?.message).toContain(message);
  });
});
