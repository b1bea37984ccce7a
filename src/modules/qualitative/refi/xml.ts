import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { decodeXML } from 'entities';
import { QdpxError } from './report.ts';

/**
 * XML in and out for REFI-QDA. Reading refuses a DOCTYPE or entity declaration before parsing
 * (so no entity expansion, internal or external, can happen), checks the file is well formed with
 * line and column in the message, and decodes only the five predefined entities and character
 * references. Every element becomes an array of nodes, so code never guesses whether one or many
 * were written. Writing uses fast-xml-parser's builder, which the project already depends on.
 */

/** A parsed element: attributes as strings, child elements as arrays, text under '#text'. */
export interface XmlNode {
  [name: string]: XmlNode[] | string | undefined;
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  alwaysCreateTextNode: true,
  cdataPropName: '#cdata',
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 200,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

/** Parses a document from an upload; `what` names it in messages (e.g. "project.qde in study.qdpx"). */
export function parseXml(raw: string, what: string): XmlNode {
  // XML processors see every line break as a single line feed (XML 1.0, section 2.11).
  const text = raw.replace(/\r\n?/g, '\n');
  const declaration = /<!(DOCTYPE|ENTITY)/i.exec(text);
  if (declaration) {
    throw new QdpxError(`${what} declares a ${declaration[1]!.toUpperCase()} on line ${lineOf(text, declaration.index)}; REFI-QDA files have none, and Formative does not read entity declarations, so nothing was imported`);
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new QdpxError(`${what} is not well-formed XML: ${valid.err.msg.replace(/\s+/g, ' ')} (line ${valid.err.line}, column ${valid.err.col})`);
  }
  try {
    return parser.parse(text) as XmlNode;
  } catch (error) {
    throw new QdpxError(`${what} cannot be read: ${(error as Error).message}`);
  }
}

/** The child elements of a node with a name. */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const value = node?.[name];
  return Array.isArray(value) ? value : [];
}

/** The first child element with a name. */
export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return children(node, name)[0];
}

/** NUL, which neither XML nor a PostgreSQL text may hold, as U+FFFD: one character for one, so positions stay. */
export function withoutNul(value: string): string {
  return value.includes('\0') ? value.split('\0').join('\uFFFD') : value;
}

/** An attribute's value, decoded; undefined when absent. */
export function attr(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[`@${name}`];
  return typeof value === 'string' ? withoutNul(decodeXML(value)) : undefined;
}

/** An element's text: character data decoded, CDATA sections as written. */
export function text(node: XmlNode | undefined): string {
  if (!node) return '';
  const plain = typeof node['#text'] === 'string' ? decodeXML(node['#text']) : '';
  const cdata = children(node, '#cdata')
    .map((c) => (typeof c === 'string' ? c : typeof c['#text'] === 'string' ? c['#text'] : ''))
    .join('');
  return withoutNul(plain + cdata);
}

/** The names of the child elements present, in the order the parser met them. */
export function elementNames(node: XmlNode): string[] {
  return Object.keys(node).filter((k) => !k.startsWith('@') && !k.startsWith('#'));
}

// Everything outside XML 1.0's Char production: most control characters, U+FFFE and U+FFFF, and
// (with the u flag, which reads a lone surrogate as a character of its own) unpaired surrogates.
const notXml = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text for an element: characters XML cannot hold (control characters, lone surrogates) become U+FFFD. */
export function xmlText(value: string): string {
  return value.replace(notXml, '\uFFFD');
}

/** Text for an attribute: also on one line, since XML parsers turn line breaks and tabs in attributes into spaces. */
export function xmlAttribute(value: string): string {
  return xmlText(value).replace(/[\t\n\r]/g, ' ');
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
  suppressBooleanAttributes: false,
  processEntities: true,
});

/** Serialises an element tree (attributes under '@name', repeated children as arrays) with an XML declaration. */
export function buildXml(root: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build(root) as string}`;
}
