import type { MatrixWithSegments } from './matrix.ts';
import { rowHeading } from './matrix-xlsx.ts';

/**
 * The framework matrix as a Word document, built in memory with the `docx` package (exports are
 * capped at maxExportSegments segments): a landscape table of the analyst's summaries (with the
 * number of segments in each cell), then the segments under a heading per construct and row.
 */
export async function matrixDocument(matrix: MatrixWithSegments, title: string): Promise<Buffer> {
  // Loaded on first use, like exceljs.
  const { AlignmentType, Document, HeadingLevel, Packer, PageOrientation, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } = await import('docx');
  const cell = (text: string, bold = false) =>
    new TableCell({ children: text.split('\n').map((line) => new Paragraph({ children: [new TextRun({ text: line, bold })] })) });
  const header = new TableRow({ tableHeader: true, children: [cell(rowHeading(matrix), true), ...matrix.columns.map((c) => cell(c.name, true))] });
  const body = matrix.rows.map(
    (row, r) =>
      new TableRow({
        children: [
          cell(row.label, true),
          ...matrix.columns.map((_, c) => {
            const { summary, segments } = matrix.cells[r]![c]!;
            return cell(`${summary}${summary ? '\n' : ''}(${segments} ${segments === 1 ? 'segment' : 'segments'})`);
          }),
        ],
      }),
  );

  const bySegment = matrix.columns.flatMap((column, c) => {
    const blocks = [new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(column.name)] })];
    matrix.rows.forEach((row, r) => {
      const segments = matrix.segments[r]![c]!;
      if (!segments.length) return;
      blocks.push(new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun(row.label)] }));
      for (const s of segments) {
        blocks.push(
          new Paragraph({ children: [new TextRun({ text: `${s.sourceName}, ${s.start}–${s.end}${s.codeName === column.name ? '' : `, ${s.codeName}`} (${s.valence})`, italics: true })] }),
          new Paragraph({ indent: { left: 720 }, children: [new TextRun(s.text)] }),
        );
      }
    });
    if (blocks.length === 1) blocks.push(new Paragraph('No segments.'));
    return blocks;
  });

  const document = new Document({
    creator: 'Formative',
    title,
    sections: [
      {
        properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } },
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(title)] }),
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Summaries')] }),
          new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [header, ...body] }),
          new Paragraph({ heading: HeadingLevel.HEADING_1, alignment: AlignmentType.LEFT, pageBreakBefore: true, children: [new TextRun('Segments by construct')] }),
          ...bySegment,
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
