import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Large generated files for the import kill test: big enough that killing the command mid-way
 * lands inside the import, not before or after it.
 */

/** A staff directory of `count` people, each with a unique staff number and address. */
export function directoryCsv(count: number): Buffer {
  const lines = ['Staff number,Name,E-mail,Job title,Start date'];
  for (let i = 0; i < count; i++) lines.push(`E${i},Person ${i} Testperson,person.${i}@example.org,Analyst ${i % 17},01/0${1 + (i % 9)}/2004`);
  return Buffer.from(`${lines.join('\n')}\n`);
}

/** Plans of `count` deliverables over 50 plans and 7 workstreams each, naming the units made by the test. */
export function plansCsv(count: number): Buffer {
  const lines = ['plan,plan year,workstream,directorate,deliverable,programmes,themes,status'];
  for (let i = 0; i < count; i++) lines.push(`Plan ${i % 50},${['2005/06', '2006/07'][i % 2]},Workstream ${i % 7},Programmes Directorate,Deliverable ${i},${i % 3 ? 'MHI' : 'MHI;CfC'},workforce,planned`);
  return Buffer.from(`${lines.join('\n')}\n`);
}

const likert50 = fileURLToPath(new URL('../../../shared/fixtures/limesurvey/likert50.lss', import.meta.url));

/**
 * A LimeSurvey file of `copies` copies of likert50.lss's groups and questions, each copy's ids
 * moved on by a million and its question codes given the copy's number, so all are distinct.
 */
export function bigLss(copies: number): Buffer {
  const xml = readFileSync(likert50, 'utf8');
  const idTags = ['gid', 'qid', 'id', 'aid'];
  const moved = (row: string, copy: number, section: string) => {
    let out = row;
    for (const tag of idTags) out = out.replace(new RegExp(`<${tag}><!\\[CDATA\\[(\\d+)\\]\\]></${tag}>`, 'g'), (_, n: string) => `<${tag}><![CDATA[${Number(n) + copy * 1_000_000}]]></${tag}>`);
    out = out.replace(/<parent_qid><!\[CDATA\[(\d+)\]\]><\/parent_qid>/g, (_, n: string) => `<parent_qid><![CDATA[${n === '0' ? 0 : Number(n) + copy * 1_000_000}]]></parent_qid>`);
    out = out.replace(/<group_order><!\[CDATA\[(\d+)\]\]><\/group_order>/g, (_, n: string) => `<group_order><![CDATA[${Number(n) + copy * 100}]]></group_order>`);
    if (section === 'questions') out = out.replace(/<title><!\[CDATA\[([^\]]+)\]\]><\/title>/g, (_, t: string) => `<title><![CDATA[${t}C${copy}]]></title>`);
    return out;
  };
  const sections = ['answers', 'answer_l10ns', 'groups', 'group_l10ns', 'questions', 'subquestions', 'question_l10ns'];
  let out = xml;
  for (const section of sections) {
    out = out.replace(new RegExp(`(<${section}>[\\s\\S]*?<rows>)([\\s\\S]*?)(</rows>)`), (_, open: string, rows: string, close: string) => {
      const copiesOfRows = Array.from({ length: copies }, (_, copy) => (copy === 0 ? rows : moved(rows, copy, section)));
      return `${open}${copiesOfRows.join('')}${close}`;
    });
  }
  return Buffer.from(out);
}
