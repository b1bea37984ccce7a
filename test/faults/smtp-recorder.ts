import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { parseMessage } from '../../src/modules/fieldwork/mail/test-smtp.ts';

/**
 * An SMTP server for the mail fault test that records a message as delivered at the moment it
 * accepts it (the 250 reply to the message's data), which is the moment a real server takes it
 * on. `onAccepted` runs right after that reply is handed to the connection, so a test can kill
 * the sender in the window between the server's acceptance and the sender's own record of it.
 */

export interface Delivery {
  to: string;
  messageId: string;
}

export interface SmtpRecorder {
  url: string;
  delivered: Delivery[];
  onAccepted: ((delivery: Delivery) => void) | undefined;
  close(): Promise<void>;
}

export async function startSmtpRecorder(): Promise<SmtpRecorder> {
  const recorder: SmtpRecorder = { url: '', delivered: [], onAccepted: undefined, close: () => Promise.resolve() };
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const mail = parseMessage(Buffer.concat(chunks).toString('utf8'), session.envelope.rcptTo.map((r) => r.address));
        const delivery = { to: mail.to.join(','), messageId: mail.messageId };
        recorder.delivered.push(delivery);
        callback();
        recorder.onAccepted?.(delivery);
      });
    },
  });
  // A sender killed mid-conversation resets its connection; that is the point of the test, not a failure.
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => server.off('error', reject));
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  recorder.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  recorder.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return recorder;
}
