import { numbered, paragraphs, type Block, type ReportModel, type TableBlock } from './model.ts';

/**
 * The report as a Word document with the `docx` package: the title, a contents field Word fills
 * from the headings, one Heading 1 per section and Heading 2 inside, tables with a repeating
 * header row and a caption in Word's Caption style, quotes indented, and page numbers in the
 * footer. Charts appear as their caption, text alternative and data table: Word needs a raster
 * copy of an SVG drawing, and nothing here draws one.
 */
export async function renderDocx(model: ReportModel, options: { version?: number } = {}): Promise<Buffer> {
  // Loaded on first use: the docx package is large and most requests never need it.
  const docx = await import('docx');
  const { AlignmentType, Document, Footer, HeadingLevel, Packer, PageNumber, Paragraph, Table, TableCell, TableOfContents, TableRow, TextRun, WidthType } = docx;
  const { tables, figures } = numbered(model);

  const cellParagraphs = (text: string, bold: boolean) => text.split('\n').map((line) => new Paragraph({ children: [new TextRun({ text: line, bold })] }));
  const caption = (text: string) => new Paragraph({ style: 'Caption', keepNext: true, children: [new TextRun(text)] });
  const table = (block: TableBlock, label: string | null) => [
    caption(label ? `${label}: ${block.caption}` : block.caption),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({ tableHeader: true, children: block.columns.map((c) => new TableCell({ children: cellParagraphs(c, true) })) }),
        ...block.rows.map((row) => new TableRow({ cantSplit: true, children: row.map((v, i) => new TableCell({ children: cellParagraphs(v, i === 0) })) })),
      ],
    }),
    new Paragraph(''),
  ];

  const blockParts = (block: Block) => {
    switch (block.kind) {
      case 'paragraph':
        return [new Paragraph(block.text)];
      case 'heading':
        return [new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(block.text)] })];
      case 'list':
        return block.items.map((item) => new Paragraph({ bullet: { level: 0 }, children: [new TextRun(item)] }));
      case 'quote':
        return [
          new Paragraph({ indent: { left: 720 }, children: [new TextRun({ text: `“${block.text}”`, italics: true })] }),
          new Paragraph({ indent: { left: 720 }, spacing: { after: 200 }, children: [new TextRun(`— ${block.attribution}`)] }),
        ];
      case 'table':
        return table(block, `Table ${tables.get(block)}`);
      case 'chart':
        return [
          caption(`Figure ${figures.get(block)}: ${block.caption}`),
          new Paragraph(block.summary),
          new Paragraph({ children: [new TextRun({ text: 'The chart is drawn in the HTML and PDF copies of this report; its figures are in the table below.', italics: true })] }),
          ...table(block.table, null),
        ];
    }
  };

  const meta = [
    model.evaluation.organisation ? `Organisation evaluated: ${model.evaluation.organisation}.` : '',
    model.evaluation.commissioner ? `Commissioned by ${model.evaluation.commissioner}.` : '',
    `Built from the evaluation's data of ${model.dataDate}${options.version ? `, version ${options.version}` : ''}${model.dueOn ? `; due ${model.dueOn}` : ''}.`,
  ].filter(Boolean).join(' ');

  const document = new Document({
    creator: 'Formative',
    title: model.title,
    description: `${model.templateLabel}: ${model.evaluation.title}`,
    features: { updateFields: true },
    sections: [
      {
        footers: {
          default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] })] })] }),
        },
        children: [
          new Paragraph({ children: [new TextRun({ text: model.templateLabel, size: 28 })] }),
          new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(model.title)] }),
          new Paragraph({ children: [new TextRun({ text: model.evaluation.title, size: 28 })] }),
          new Paragraph(meta),
          // Not a heading, so the contents do not list themselves.
          new Paragraph({ pageBreakBefore: true, spacing: { after: 200 }, children: [new TextRun({ text: 'Contents', bold: true, size: 32 })] }),
          new TableOfContents('Contents', { hyperlink: true, headingStyleRange: '1-2' }),
          ...model.sections.flatMap((section) => [
            new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: true, children: [new TextRun(section.title)] }),
            ...paragraphs(section.narrative).map((p) => new Paragraph(p)),
            ...section.blocks.flatMap(blockParts),
          ]),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
