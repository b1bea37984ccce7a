import { describe, expect, it } from 'vitest';
import { DefinitionError, parseDefinition, type SurveyDefinitionInput } from '../definition.ts';
import { linkingCodePage, linkingHash, linkingHashOfText, splitLinkingAnswers } from './code.ts';

const page = linkingCodePage(['mother', 'day', 'siblings']);
const definitionInput: SurveyDefinitionInput = {
  pages: [
    { id: 'about', title: 'About you', questions: [{ id: 'programme', text: 'Programme?', format: { type: 'single', options: [{ code: 'A', label: 'A' }, { code: 'B', label: 'B' }], missing: [] } }] },
    page,
  ],
  linkingCode: { questions: ['link_mother', 'link_day', 'link_siblings'] },
};

describe('linking codes', () => {
  it('takes the parts out of the answers and normalises them, so the same person gives the same code', () => {
    const definition = parseDefinition(definitionInput);
    const ids = page.questions.map((q) => q.id);
    const first = splitLinkingAnswers(definition, ids, { link_mother: ' é ', link_day: 7, link_siblings: 0 });
    expect(first.answers).toEqual({});
    expect(first.parts).toEqual(['E', '7', '0']);
    const again = splitLinkingAnswers(definition, ids, { link_mother: 'e', link_day: 7, link_siblings: 0 });
    expect(linkingHash('key', again.parts!)).toBe(linkingHash('key', first.parts!));
    expect(linkingHash('other key', first.parts!)).not.toBe(linkingHash('key', first.parts!));
  });

  it('stores no code when a part is blank, and leaves pages without linking questions alone', () => {
    const definition = parseDefinition(definitionInput);
    expect(splitLinkingAnswers(definition, page.questions.map((q) => q.id), { link_mother: 'M', link_day: 3 }).parts).toBeNull();
    const other = splitLinkingAnswers(definition, ['programme'], { programme: 'A' });
    expect(other).toEqual({ answers: { programme: 'A' }, parts: undefined });
  });

  it('hashes a code given whole (an imported column) the same way, and a blank one not at all', () => {
    expect(linkingHashOfText('k', ' ab-12 ')).toBe(linkingHash('k', ['AB12']));
    expect(linkingHashOfText('k', '  ')).toBeNull();
  });

  it('refuses linking questions that are required, conditional, spread over pages or used by a condition', () => {
    const required = structuredClone(definitionInput);
    required.pages[1]!.questions[0]!.required = true;
    expect(() => parseDefinition(required)).toThrow(/link_mother is part of the linking code, so it cannot be required/);
    const spread = structuredClone(definitionInput);
    spread.pages[0]!.questions.push(spread.pages[1]!.questions.pop()!);
    expect(() => parseDefinition(spread)).toThrow(/must all be on one page/);
    const used = structuredClone(definitionInput);
    used.pages.push({ id: 'later', title: 'Later', questions: [], condition: { all: [{ question: 'link_day', op: 'answered' }] } });
    expect(() => parseDefinition(used)).toThrow(DefinitionError);
    const unknown = { ...structuredClone(definitionInput), linkingCode: { questions: ['link_mother', 'nowhere'] } };
    expect(() => parseDefinition(unknown)).toThrow(/nowhere, which is not a question/);
  });
});
