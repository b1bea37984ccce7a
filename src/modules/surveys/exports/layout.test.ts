import { describe, expect, it } from 'vitest';
import { parseDefinition, type ResponseFormat, type SurveyDefinitionInput } from '../definition.ts';
import { buildLayout, sameCoding, versionGaps } from './layout.ts';
import { everyFormat } from './test-survey.ts';

const version = (id: string, number: number, input: SurveyDefinitionInput) => ({ id, number, definition: parseDefinition(input) });
const likert = (points: number): ResponseFormat => ({ type: 'likert', points, labels: Array.from({ length: points }, (_, i) => `L${i + 1}`), missing: [] });
const single = (...codes: string[]): ResponseFormat => ({ type: 'single', options: codes.map((code) => ({ code, label: code })), missing: [] });

describe('export layout', () => {
  it('has no participant or time columns for an anonymous survey, and has them otherwise', () => {
    const current = version('v1', 1, everyFormat);
    const anonymous = buildLayout('anonymous', current, []);
    expect(anonymous.identifying).toBe(false);
    expect(anonymous.fixed.map((c) => c.name)).toEqual(['response_id', 'response_status', 'response_purpose', 'survey_version']);
    for (const mode of ['confidential', 'identified'] as const) {
      const layout = buildLayout(mode, current, []);
      expect(layout.identifying).toBe(true);
      expect(layout.fixed.map((c) => c.name)).toEqual(['response_id', 'response_status', 'response_purpose', 'survey_version', 'participant_id', 'started_at', 'completed_at']);
    }
  });

  it('has one column per question and one 0/1 column per multiple-choice option', () => {
    const layout = buildLayout('anonymous', version('v1', 1, everyFormat), []);
    expect(layout.variables.map((v) => v.name)).toEqual(['tc1', 'role', 'heard_email', 'heard_meeting', 'heard_other', 'manager', 'support', 'hours', 'comments', 'started']);
  });

  it('renames a question whose id clashes with a fixed column', () => {
    const clash = { pages: [{ id: 'p', title: 'P', questions: [{ id: 'response_status', text: 'Your status', format: { type: 'text' as const } }, { id: 'Survey_version', text: 'v', format: { type: 'text' as const } }] }] };
    const layout = buildLayout('anonymous', version('v1', 1, clash), []);
    expect(layout.variables.map((v) => v.name)).toEqual(['response_status_q', 'Survey_version_q']);
    expect(layout.versions.get('v1')?.carried).toEqual(new Set(['response_status_q', 'Survey_version_q']));
  });

  const codings: [string, ResponseFormat, ResponseFormat, boolean][] = [
    ['the same Likert', likert(5), likert(5), true],
    ['a Likert with other points', likert(7), likert(5), false],
    ['single choice with an option added', single('A', 'B', 'C'), single('A', 'B'), true],
    ['single choice with an option dropped', single('A'), single('A', 'B'), false],
    ['single choice turned into text', { type: 'text', maxLength: 100, multiline: false }, single('A'), false],
    ['a scale with another range', { type: 'scale', min: 0, max: 10, lowLabel: '', highLabel: '', missing: [] }, { type: 'scale', min: 1, max: 10, lowLabel: '', highLabel: '', missing: [] }, false],
    ['text, longer now', { type: 'text', maxLength: 500, multiline: true }, { type: 'text', maxLength: 100, multiline: false }, true],
  ];
  it.each(codings)('%s carries answers over: %s', (_name, current, older, expected) => {
    expect(sameCoding(current, older)).toBe(expected);
  });

  it('maps older versions by question id and leaves what they did not ask, or coded otherwise, empty', () => {
    const v1: SurveyDefinitionInput = {
      pages: [{
        id: 'p',
        title: 'P',
        questions: [
          { id: 'tc1', text: 'Old wording', format: { type: 'likert', points: 5, labels: ['a', 'b', 'c', 'd', 'e'] } },
          { id: 'role', text: 'Role', format: { type: 'text' } },
          { id: 'heard', text: 'Heard', format: { type: 'multiple', options: [{ code: 'email', label: 'E-mail' }] } },
          { id: 'gone', text: 'Dropped later', format: { type: 'text' } },
        ],
      }],
    };
    const layout = buildLayout('anonymous', version('v2', 2, everyFormat), [version('v1', 1, v1)]);
    expect([...layout.versions.get('v1')!.carried]).toEqual(['tc1', 'heard_email']);
    expect(versionGaps(layout)).toEqual([{ number: 1, empty: ['role', 'heard_meeting', 'heard_other', 'manager', 'support', 'hours', 'comments', 'started'] }]);
    expect(layout.variables.map((v) => v.name)).not.toContain('gone');
  });
});
