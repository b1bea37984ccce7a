import JSZip from 'jszip';

/**
 * Word documents built for tests: the smallest .docx Word and mammoth both open, with body XML
 * the test chooses, so tracked changes, comments and images can be placed in known paragraphs.
 */

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>`;

const packageRelationships = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`;

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A paragraph of plain text. */
export const paragraph = (text: string) => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r></w:p>`;

export const trackedInsertion = (text: string) =>
  `<w:p><w:ins w:id="1" w:author="Editor" w:date="2006-01-01T00:00:00Z"><w:r><w:t>${escapeXml(text)}</w:t></w:r></w:ins></w:p>`;

export const trackedDeletion = (text: string) =>
  `<w:p><w:del w:id="2" w:author="Editor" w:date="2006-01-01T00:00:00Z"><w:r><w:delText>${escapeXml(text)}</w:delText></w:r></w:del></w:p>`;

export const commentedParagraph = (text: string) =>
  `<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>${escapeXml(text)}</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>`;

export const imageParagraph = () =>
  '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:extent cx="10" cy="10"/><wp:docPr id="1" name="Picture 1"/></wp:inline></w:drawing></w:r></w:p>';

/** A .docx whose body holds the given paragraphs' XML; `comments` adds a comments part. */
export async function buildDocx(paragraphs: string[], options: { comments?: boolean } = {}): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', contentTypes);
  zip.file('_rels/.rels', packageRelationships);
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraphs.join('')}</w:body></w:document>`,
  );
  if (options.comments) {
    zip.file(
      'word/comments.xml',
      '<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="0" w:author="Reviewer"><w:p><w:r><w:t>Check this</w:t></w:r></w:p></w:comment></w:comments>',
    );
  }
  return zip.generateAsync({ type: 'nodebuffer' });
}
