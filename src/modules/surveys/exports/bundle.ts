import type { Readable } from 'node:stream';
import { ZipFile } from 'yazl';

/**
 * A script and its data file in one ZIP, for a single download. yazl rather than jszip: yazl
 * writes the archive as a stream and takes a file's content as a stream, so the data CSV goes
 * from the database into the ZIP without ever being held whole in memory; jszip builds the
 * archive in memory first.
 */
export interface BundleFile {
  name: string;
  content: string | Readable;
}

export function zipBundle(files: BundleFile[], modified: Date): Readable {
  const zip = new ZipFile();
  const output = zip.outputStream as Readable;
  for (const file of files) {
    if (typeof file.content === 'string') {
      zip.addBuffer(Buffer.from(file.content, 'utf8'), file.name, { mtime: modified });
    } else {
      const input = file.content;
      // yazl does not pass on a failing input, so an error reading responses must end the archive itself;
      // and a reader who goes away (a cancelled download) must stop the reading of responses.
      input.once('error', (error) => output.destroy(error));
      output.once('close', () => input.destroy());
      zip.addReadStream(input, file.name, { mtime: modified });
    }
  }
  zip.end();
  return output;
}
