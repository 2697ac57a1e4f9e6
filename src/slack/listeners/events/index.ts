/** Events API subscriptions (manifest.yml: bot_events) and their handlers. */
import type { App } from '@slack/bolt';
import type { SlackServices } from '../../services.ts';
import { appUninstalled, tokensRevoked } from '../../uninstall.ts';
import { appHomeOpened } from './app-home-opened.ts';
import { messageReceived } from './message.ts';

export function registerEvents(app: App, services: SlackServices): void {
  app.event('app_home_opened', appHomeOpened(services));
  // the bot's DM and its workflow threads (PRODUCT.md §11)
  app.event('message', messageReceived(services));
  // the workspace removed Renubu: tokens go, sends stop (PRODUCT.md §13)
  app.event('app_uninstalled', appUninstalled(services));
  app.event('tokens_revoked', tokensRevoked(services));
}
