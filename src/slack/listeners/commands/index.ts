/** Slash commands: the one command, `/renubu`, and its handler. */
import type { App } from '@slack/bolt';
import type { SlackServices } from '../../services.ts';
import { renubuCommand } from './renubu.ts';

export const COMMAND = '/renubu';

export function registerCommands(app: App, services: SlackServices): void {
  app.command(COMMAND, renubuCommand(services));
}
