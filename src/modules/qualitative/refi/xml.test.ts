import { describe, expect, it } from 'vitest';
import { readSelectionDescription, selectionDescription } from './conventions.ts';
import { derivedGuid, normaliseGuid } from './guids.ts';
import { attr, buildXml, child, children, parseXml, text, xmlAttribute, xmlText } from './xml.ts';

describe('REFI-QDA XML helpers', () => {
  it('decodes predefined entities, character references and CDATA, keeping whitespace', () => {
    const doc = parseXml('<?xml version="1.0"?>\r\n<q:Project xmlns:q="urn:QDA-XML:project:1.0" name="A &amp; B &#x1F600;"><q:Note><q:PlainTextContent>  one &lt;two&gt;\r\nthree <![CDATA[& raw]]></q:PlainTextContent></q:Note></q:Project>', 'test.qde');
    const project = child(doc, 'Project');
    expect(attr(project, 'name')).toBe('A & B 😀');
    expect(text(child(children(project, 'Note')[0], 'PlainTextContent'))).toBe('  one <two>\nthree & raw');
  });

  it('writes only what XML can carry, and escapes markup', () => {
    expect(xmlText('a\u0000b\u0008\tc\n😀\uD800')).toBe('a\uFFFDb\uFFFD\tc\n😀\uFFFD');
    expect(xmlAttribute('two\nlines,  two spaces')).toBe('two lines,  two spaces');
    const xml = buildXml({ Note: { '@name': 'x "&" <y>', PlainTextContent: 'a < b & c', Empty: { '@flag': 'true' } } });
    expect(xml).toContain('<Note name="x &quot;&amp;&quot; &lt;y&gt;">');
    expect(xml).toContain('<PlainTextContent>a &lt; b &amp; c</PlainTextContent>');
    expect(xml).toContain('<Empty flag="true"/>');
    expect(attr(child(parseXml(xml, 'built'), 'Note'), 'name')).toBe('x "&" <y>');
  });

  it('keeps a coding valence and memo in a selection description, and reads other programs\' descriptions as memos', () => {
    expect(selectionDescription('inhibiting', 'Said twice')).toBe('Valence: inhibiting\n\nSaid twice');
    expect(readSelectionDescription('Valence: inhibiting\n\nSaid twice')).toEqual({ valence: 'inhibiting', memo: 'Said twice' });
    expect(selectionDescription('neutral', '')).toBe('');
    expect(readSelectionDescription('Valence: sideways\nA note')).toEqual({ valence: 'neutral', memo: 'Valence: sideways\nA note' });
    expect(readSelectionDescription(' An ATLAS.ti comment ')).toEqual({ valence: 'neutral', memo: 'An ATLAS.ti comment' });
  });

  it('derives stable version 5 GUIDs and reads GUIDs in any case, with or without braces', () => {
    const guid = derivedGuid('selection', 'abc');
    expect(guid).toBe(derivedGuid('selection', 'abc'));
    expect(guid).not.toBe(derivedGuid('selection', 'abd'));
    expect(guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(normaliseGuid('{D0000000-0000-0000-0000-00000000000A}')).toBe('d0000000-0000-0000-0000-00000000000a');
    expect(normaliseGuid('not-a-guid')).toBeUndefined();
  });
});
