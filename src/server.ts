import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { buildApp } from './http/app.ts';
import { startPeriodicJobs } from './jobs/periodic.ts';
import { serverJobs } from './jobs/server-jobs.ts';
import { MailWorker } from './modules/fieldwork/mail/worker.ts';
import { senderFor } from './modules/fieldwork/mail/transport.ts';

/** Serves Formative until SIGINT or SIGTERM, then closes connections and the data folder cleanly. */
export async function serve(config: Config, database: Database, onListening?: (url: string) => void): Promise<void> {
  const { app } = await buildApp({ config, database });
  // The mail queue's worker runs with the server (more can run with `formative mail work`).
  const mail = new MailWorker({ db: database.db, config, sender: senderFor(config) });
  mail.start((error) => app.log.error({ err: error }, 'The mail worker failed; it will try again'));
  const jobs = startPeriodicJobs(database.db, serverJobs(config), (job, error) => app.log.error({ err: error, job }, 'A background job failed; it will run again at its next turn'));
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  database.announce(url);
  onListening?.(url);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await mail.stop();
  await jobs.stop();
  await app.close();
  await database.close();
}
