import type { Config } from '../../../config.ts';

/** One message as the worker hands it over; `id` becomes the Message-ID, so a resent message is recognisable. */
export interface OutgoingMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
}

/** Where messages go: an SMTP server, or nowhere (the outbox) when none is set. */
export interface Sender {
  kind: 'smtp' | 'outbox';
  /** Resolves once the server accepted the message; rejects with the server's error otherwise. */
  send(message: OutgoingMessage): Promise<void>;
  close(): void;
}

/** Sends through SMTP_URL with a small pool of connections; nodemailer does the SMTP. */
export function smtpSender(url: string, from: string, hostname = 'formative.localhost'): Sender {
  // nodemailer is loaded with the first message, so a server without mail to send never holds it.
  const transport = import('nodemailer').then(({ default: nodemailer }) =>
    nodemailer.createTransport({ url, pool: true, maxConnections: 10, maxMessages: 10_000, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }),
  );
  return {
    kind: 'smtp',
    async send(message) {
      await (await transport).sendMail({ from, to: message.to, subject: message.subject, text: message.text, messageId: `<${message.id}@${hostname}>` });
    },
    close: () => void transport.then((t) => t.close()),
  };
}

export const outboxSender: Sender = {
  kind: 'outbox',
  send: () => Promise.resolve(),
  close: () => undefined,
};

export function senderFor(config: Pick<Config, 'smtpUrl' | 'mailFrom'>): Sender {
  return config.smtpUrl ? smtpSender(config.smtpUrl, config.mailFrom) : outboxSender;
}

/**
 * Whether an SMTP error says the address itself is refused for good (a 5xx reply to RCPT TO): a
 * bounce. Anything else (server down, a temporary 4xx, a refusal of the sender) is tried again later.
 */
export function isAddressRejected(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { responseCode, command, code } = error as { responseCode?: unknown; command?: unknown; code?: unknown };
  if (typeof responseCode !== 'number' || responseCode < 500 || responseCode >= 600) return false;
  return code === 'EENVELOPE' || (typeof command === 'string' && command.toUpperCase().startsWith('RCPT'));
}
