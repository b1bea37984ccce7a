import { randomBytes } from 'node:crypto';
import type { Command } from './command.ts';
import { CliError } from './output.ts';
import { openMigratedDatabase } from '../db/open.ts';
import { createUser, listUsers } from '../modules/accounts/service.ts';
import { resetSecondFactor } from '../modules/accounts/second-factor.ts';

export const userAddCommand: Command = {
  words: ['user', 'add'],
  usage: 'formative user add --email E --name N [--password P]',
  summary: 'Create a team account; prints a generated password when none is given',
  options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } },
  async run({ options, config, output }) {
    const email = options.email;
    const name = options.name;
    if (typeof email !== 'string' || typeof name !== 'string') throw new CliError('Give --email and --name, like: formative user add --email ann@example.org --name "Ann Lee"');
    const password = typeof options.password === 'string' ? options.password : randomBytes(12).toString('base64url');
    const database = await openMigratedDatabase(config);
    try {
      const user = await createUser(database.db, { email, name, password });
      const generated = typeof options.password !== 'string';
      output.result(
        { id: user.id, email: user.email, name: user.name, ...(generated ? { password } : {}) },
        `Created ${user.name} <${user.email}>.${generated ? ` Password: ${password}` : ''}`,
      );
    } finally {
      await database.close();
    }
  },
};

export const userListCommand: Command = {
  words: ['user', 'list'],
  usage: 'formative user list',
  summary: 'List team accounts',
  async run({ config, output }) {
    const database = await openMigratedDatabase(config);
    try {
      const users = await listUsers(database.db);
      const width = Math.max(0, ...users.map((u) => u.email.length));
      const text = users.length
        ? users.map((u) => `${u.email.padEnd(width)}  ${u.name}${u.disabled ? ' (disabled)' : ''}  ${u.id}`).join('\n')
        : 'No users yet. Add one with: formative user add --email E --name N';
      output.result(users, text);
    } finally {
      await database.close();
    }
  },
};

export const userSecondFactorResetCommand: Command = {
  words: ['user', 'second-factor', 'reset'],
  usage: 'formative user second-factor reset EMAIL',
  summary: "Remove an account's two-step sign-in (a lost phone): the password alone signs in until it is set up again",
  async run({ args, config, output }) {
    const email = args[0];
    if (!email || args.length > 1) throw new CliError('Give the e-mail address of one account, like: formative user second-factor reset ann@example.org');
    const database = await openMigratedDatabase(config);
    try {
      const { user, hadFactor } = await resetSecondFactor(database.db, email);
      output.result(
        { id: user.id, email: user.email, reset: hadFactor },
        hadFactor
          ? `Two-step sign-in removed for ${user.name} <${user.email}>. Their password alone signs them in until they set it up again from their account page.`
          : `${user.name} <${user.email}> has no two-step sign-in: nothing was changed.`,
      );
    } finally {
      await database.close();
    }
  },
};
