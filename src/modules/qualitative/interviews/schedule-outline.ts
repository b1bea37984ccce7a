/**
 * A schedule written as an outline, so a topic guide can be typed (or pasted from Word) in one
 * text box without JavaScript:
 *
 *   # Section heading
 *   Guidance for the section: any plain lines before its first question.
 *   1. A question, ending with the research questions it serves [Q1, Q3]
 *   > Guidance for the interviewer about this question
 *   - A prompt
 *
 * Research questions are numbered as on the protocol page. The outline is read into the same
 * structure the API takes, and written back from it for the next edit.
 */

export interface OutlineQuestion {
  text: string;
  guidance: string;
  prompts: string[];
  researchQuestionIds: string[];
}

export interface OutlineSection {
  title: string;
  guidance: string;
  questions: OutlineQuestion[];
}

export interface OutlineProblem {
  line: number;
  message: string;
}

const heading = /^#{1,3}\s+(.*)$/;
const question = /^\d{1,3}[.)]\s+(.*)$/;
const prompt = /^[-*•]\s+(.*)$/;
const guidance = /^>\s?(.*)$/;
const references = /\s*\[([^\]]*)\]\s*$/;

/** Reads research-question references like "[Q1, Q3]" off the end of a question line. */
function readReferences(text: string, numbers: Map<number, string>, line: number, problems: OutlineProblem[]) {
  const match = references.exec(text);
  if (!match) return { text, ids: [] as string[] };
  const ids: string[] = [];
  for (const part of match[1]!.split(/[,\s]+/).filter(Boolean)) {
    const number = /^(?:RQ|Q)?(\d+)$/i.exec(part)?.[1];
    const id = number ? numbers.get(Number(number)) : undefined;
    if (!number) problems.push({ line, message: `Line ${line}: "${part}" is not a research question number; write them like [Q1, Q3]` });
    else if (!id) problems.push({ line, message: `Line ${line}: the protocol has no research question Q${number}` });
    else if (!ids.includes(id)) ids.push(id);
  }
  return { text: text.slice(0, match.index).trim(), ids };
}

const joinGuidance = (existing: string, more: string) => (existing ? `${existing}\n${more}` : more);

/**
 * Reads an outline. `researchQuestions` maps the protocol's question numbers (1 for Q1) to ids.
 * Every problem is reported with its line number; the structure is usable only when there are none.
 */
export function parseOutline(outline: string, researchQuestions: Map<number, string>): { sections: OutlineSection[]; problems: OutlineProblem[] } {
  const sections: OutlineSection[] = [];
  const problems: OutlineProblem[] = [];
  let section: OutlineSection | undefined;
  let current: OutlineQuestion | undefined;
  for (const [index, raw] of outline.replace(/\r\n?/g, '\n').split('\n').entries()) {
    const line = index + 1;
    const text = raw.trim();
    if (!text) continue;
    let match: RegExpExecArray | null;
    if ((match = heading.exec(text))) {
      section = { title: match[1]!.trim(), guidance: '', questions: [] };
      sections.push(section);
      current = undefined;
      if (!section.title) problems.push({ line, message: `Line ${line}: the section heading has no words after the #` });
    } else if ((match = question.exec(text))) {
      if (!section) {
        problems.push({ line, message: `Line ${line}: put a section heading (a line starting with #) before the first question` });
        continue;
      }
      const read = readReferences(match[1]!.trim(), researchQuestions, line, problems);
      if (!read.text) problems.push({ line, message: `Line ${line}: the question has no words` });
      current = { text: read.text, guidance: '', prompts: [], researchQuestionIds: read.ids };
      section.questions.push(current);
    } else if ((match = prompt.exec(text))) {
      if (!current) {
        problems.push({ line, message: `Line ${line}: a prompt (a line starting with -) must follow a question` });
        continue;
      }
      current.prompts.push(match[1]!.trim());
    } else if ((match = guidance.exec(text))) {
      if (!current) {
        problems.push({ line, message: `Line ${line}: guidance for the interviewer (a line starting with >) must follow a question` });
        continue;
      }
      current.guidance = joinGuidance(current.guidance, match[1]!.trim());
    } else if (section && !current) {
      section.guidance = joinGuidance(section.guidance, text);
    } else {
      problems.push({
        line,
        message: section
          ? `Line ${line}: start a question with its number (like "3. "), a prompt with "- " or guidance for the interviewer with "> "`
          : `Line ${line}: start the schedule with a section heading (a line starting with #)`,
      });
    }
  }
  if (!sections.length && !problems.length) problems.push({ line: 1, message: 'Line 1: write at least one section heading (a line starting with #) and its questions' });
  return { sections, problems };
}

/** Writes a schedule back as an outline; `numberOf` gives a research question's number from its id. */
export function renderOutline(sections: OutlineSection[], numberOf: Map<string, number>): string {
  const lines: string[] = [];
  let n = 0;
  sections.forEach((section, index) => {
    if (index > 0) lines.push('');
    lines.push(`# ${section.title}`);
    if (section.guidance) lines.push(...section.guidance.split('\n'));
    for (const q of section.questions) {
      n += 1;
      const refs = q.researchQuestionIds.map((id) => numberOf.get(id)).filter((x): x is number => x !== undefined).map((x) => `Q${x}`);
      lines.push(`${n}. ${q.text}${refs.length ? ` [${refs.join(', ')}]` : ''}`);
      if (q.guidance) lines.push(...q.guidance.split('\n').map((g) => `> ${g}`));
      lines.push(...q.prompts.map((p) => `- ${p}`));
    }
  });
  return lines.join('\n');
}
