import { describe, expect, it } from 'vitest';
import { documentBlocks } from './document-blocks.ts';

describe('study document text', () => {
  it('reads headings, paragraphs, lists and tick boxes', () => {
    const blocks = documentBlocks(
      ['# About the study', 'We are evaluating', 'the partnership.', '', '- It takes an hour', '- It is recorded', '', '[ ] I agree to take part', '[] I agree to be recorded', 'Signed:'].join('\r\n'),
    );
    expect(blocks).toEqual([
      { kind: 'heading', text: 'About the study' },
      { kind: 'paragraph', lines: ['We are evaluating', 'the partnership.'] },
      { kind: 'list', items: ['It takes an hour', 'It is recorded'] },
      { kind: 'tickboxes', items: ['I agree to take part', 'I agree to be recorded'] },
      { kind: 'paragraph', lines: ['Signed:'] },
    ]);
  });
});
