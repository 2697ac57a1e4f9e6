/** Events API subscriptions (manifest.yml: bot_events) and their handlers. */
import type { App } from '@slack/bolt';
import type { SlackServices } from '../../services.ts';
import { appHomeOpened } from './app-home-opened.ts';

export function registerEvents(app: App, services: SlackServices): void {
  app.event('app_home_opened', appHomeOpened(services));
}
